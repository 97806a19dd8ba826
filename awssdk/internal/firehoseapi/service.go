package firehoseapi

import (
	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/firehose"
)

// Target is the service's X-Amz-Target prefix (and RPCv2 service name).
const Target = "Firehose_20150804"

// api serves the operations of one engine.
type api struct{ e *firehose.Engine }

// Service returns the Amazon Data Firehose service of e.
func Service(e *firehose.Engine) *wire.Service {
	a := api{e}
	return &wire.Service{Target: Target, Ops: map[string]wire.Op{
		"CreateDeliveryStream":          wire.Unary(a.createDeliveryStream),
		"DeleteDeliveryStream":          wire.Unary(a.deleteDeliveryStream),
		"DescribeDeliveryStream":        wire.Unary(a.describeDeliveryStream),
		"ListDeliveryStreams":           wire.Unary(a.listDeliveryStreams),
		"ListTagsForDeliveryStream":     wire.Unary(a.listTagsForDeliveryStream),
		"PutRecord":                     wire.Large(wire.Unary(a.putRecord)),
		"PutRecordBatch":                wire.Large(wire.Unary(a.putRecordBatch)),
		"StartDeliveryStreamEncryption": wire.Unary(a.startDeliveryStreamEncryption),
		"StopDeliveryStreamEncryption":  wire.Unary(a.stopDeliveryStreamEncryption),
		"TagDeliveryStream":             wire.Unary(a.tagDeliveryStream),
		"UntagDeliveryStream":           wire.Unary(a.untagDeliveryStream),
		"UpdateDestination":             wire.Unary(a.updateDestination),
	}}
}
