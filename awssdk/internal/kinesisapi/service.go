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
		"CreateStream":          wire.Unary(a.createStream),
		"DeleteStream":          wire.Unary(a.deleteStream),
		"DescribeStream":        wire.Unary(a.describeStream),
		"DescribeStreamSummary": wire.Unary(a.describeStreamSummary),
		"GetRecords":            wire.Unary(a.getRecords),
		"GetShardIterator":      wire.Unary(a.getShardIterator),
		"ListShards":            wire.Unary(a.listShards),
		"ListStreams":           wire.Unary(a.listStreams),
		"PutRecord":             wire.Unary(a.putRecord),
		"PutRecords":            wire.Unary(a.putRecords),
	}}
}
