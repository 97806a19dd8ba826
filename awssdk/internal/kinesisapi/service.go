package kinesisapi

import (
	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

// Target is the service's X-Amz-Target prefix (and RPCv2 service name).
const Target = "Kinesis_20131202"

// api serves the operations of one engine.
type api struct{ e *stream.Engine }

// Service returns the Kinesis Data Streams service of e.
func Service(e *stream.Engine) *wire.Service {
	a := api{e}
	return &wire.Service{Target: Target, Ops: map[string]wire.Op{
		"AddTagsToStream":                        wire.Unary(a.addTagsToStream),
		"CreateStream":                           wire.Unary(a.createStream),
		"DecreaseStreamRetentionPeriod":          wire.Unary(a.decreaseStreamRetentionPeriod),
		"DeleteResourcePolicy":                   wire.Unary(a.deleteResourcePolicy),
		"DeleteStream":                           wire.Unary(a.deleteStream),
		"DescribeAccountSettings":                wire.Unary(a.describeAccountSettings),
		"DescribeLimits":                         wire.Unary(a.describeLimits),
		"DescribeStream":                         wire.Unary(a.describeStream),
		"DescribeStreamSummary":                  wire.Unary(a.describeStreamSummary),
		"DisableEnhancedMonitoring":              wire.Unary(a.disableEnhancedMonitoring),
		"EnableEnhancedMonitoring":               wire.Unary(a.enableEnhancedMonitoring),
		"GetRecords":                             wire.Unary(a.getRecords),
		"GetResourcePolicy":                      wire.Unary(a.getResourcePolicy),
		"GetShardIterator":                       wire.Unary(a.getShardIterator),
		"IncreaseStreamRetentionPeriod":          wire.Unary(a.increaseStreamRetentionPeriod),
		"ListShards":                             wire.Unary(a.listShards),
		"ListStreams":                            wire.Unary(a.listStreams),
		"ListTagsForResource":                    wire.Unary(a.listTagsForResource),
		"ListTagsForStream":                      wire.Unary(a.listTagsForStream),
		"MergeShards":                            wire.Unary(a.mergeShards),
		"PutRecord":                              wire.Large(wire.Unary(a.putRecord)),
		"PutRecords":                             wire.Large(wire.Unary(a.putRecords)),
		"PutResourcePolicy":                      wire.Unary(a.putResourcePolicy),
		"RemoveTagsFromStream":                   wire.Unary(a.removeTagsFromStream),
		"SplitShard":                             wire.Unary(a.splitShard),
		"StartStreamEncryption":                  wire.Unary(a.startStreamEncryption),
		"StopStreamEncryption":                   wire.Unary(a.stopStreamEncryption),
		"TagResource":                            wire.Unary(a.tagResource),
		"UntagResource":                          wire.Unary(a.untagResource),
		"UpdateAccountSettings":                  wire.Unary(a.updateAccountSettings),
		"UpdateMaxRecordSize":                    wire.Unary(a.updateMaxRecordSize),
		"UpdateShardCount":                       wire.Unary(a.updateShardCount),
		"UpdateStreamMode":                       wire.Unary(a.updateStreamMode),
		"UpdateStreamRecordDistributionStrategy": wire.Unary(a.updateStreamRecordDistributionStrategy),
		"UpdateStreamWarmThroughput":             wire.Unary(a.updateStreamWarmThroughput),
	}}
}
