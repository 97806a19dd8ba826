package awssdk_test

import (
	"net/http"
	"testing"

	"github.com/aws/smithy-go/encoding/cbor"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
)

// FuzzJSONRequest sends an arbitrary body to an arbitrary operation (or an unknown one) of a handler with one
// stream: the handler never panics and answers 200, or a 4xx/5xx with an AWS error body (post checks that the
// body decodes and its __type matches the X-Amzn-ErrorType header).
func FuzzJSONRequest(f *testing.F) {
	for _, op := range jsonOperations {
		f.Add(op, []byte(`{"StreamName":"s"}`))
	}
	f.Add("PutRecords", []byte(`{"StreamName":"s","Records":[{"Data":"AAE=","PartitionKey":"k"}]}`))
	f.Add("GetShardIterator", []byte(`{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":"AT_TIMESTAMP","Timestamp":1.5e9}`))
	f.Add("ListShards", []byte(`{"StreamName":"s","ShardFilter":{"Type":"AT_TIMESTAMP","Timestamp":-1e300}}`))
	f.Add("CreateStream", []byte(`{"StreamName":"t","ShardCount":1e9}`))
	f.Add("Nope", []byte(`{`))
	acct := kinesim.New(kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1))
	defer acct.Close()
	h := awssdk.Handler(acct)
	if status, _, msg, _ := post(f, h, "Kinesis_20131202.CreateStream", jsonType, []byte(`{"StreamName":"s","ShardCount":2}`)); status != 200 {
		f.Fatalf("CreateStream: %d %s", status, msg)
	}
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		status, _, _, _ := post(t, h, "Kinesis_20131202."+op, jsonType, body)
		if status != http.StatusOK && (status < 400 || status > 599) {
			t.Fatalf("status %d", status)
		}
	})
}

// FuzzCBORRequest sends an arbitrary body to an arbitrary operation as a Smithy RPCv2 CBOR request: the handler
// never panics and answers 200 or a 4xx/5xx whose body is a CBOR map with a __type.
func FuzzCBORRequest(f *testing.F) {
	for _, op := range jsonOperations {
		f.Add(op, cbor.Encode(cbor.Map{"StreamName": cbor.String("s")}))
	}
	f.Add("PutRecords", cbor.Encode(cbor.Map{"StreamName": cbor.String("s"), "Records": cbor.List{
		cbor.Map{"Data": cbor.Slice{1, 2}, "PartitionKey": cbor.String("k")}}}))
	f.Add("GetShardIterator", cbor.Encode(cbor.Map{"StreamName": cbor.String("s"), "ShardId": cbor.String("shardId-000000000000"),
		"ShardIteratorType": cbor.String("AT_TIMESTAMP"), "Timestamp": &cbor.Tag{ID: 1, Value: cbor.Float64(1.5e9)}}))
	f.Add("ListStreams", []byte{0xbf, 0x9f, 0x9f, 0xff})
	acct := kinesim.New(kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1))
	defer acct.Close()
	h := awssdk.Handler(acct)
	if status, _, msg, _ := post(f, h, "Kinesis_20131202.CreateStream", jsonType, []byte(`{"StreamName":"s","ShardCount":2}`)); status != 200 {
		f.Fatalf("CreateStream: %d %s", status, msg)
	}
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		status, errType, _ := postCBOR(t, h, op, body)
		if status == http.StatusOK {
			return
		}
		if status < 400 || status > 599 || errType == "" {
			t.Fatalf("status %d, error type %q", status, errType)
		}
	})
}
