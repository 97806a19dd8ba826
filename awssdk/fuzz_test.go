package awssdk_test

import (
	"net/http"
	"testing"

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
