package kinesisapi

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The PutRecords response is the JSON 1.1 form of the output shape (the pinned SDK's
// service/kinesis@v1.56.11/deserializers.go reads FailedRecordCount, Records and EncryptionType); AppendJSON must
// give the bytes json.Marshal gives, for successes and for failed entries with any message.
func TestPutRecordsOutputAppendJSONMatchesEncodingJSON(t *testing.T) {
	for _, out := range []putRecordsOutput{
		{},
		{Records: []putRecordsResult{}},
		{Records: []putRecordsResult{{SequenceNumber: "49590338271490256608559692538361571095921575989136588898", ShardId: "shardId-000000000000"}}, EncryptionType: "KMS"},
		{FailedRecordCount: 2, Records: []putRecordsResult{
			{SequenceNumber: "1", ShardId: "shardId-000000000001"},
			{ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded for shard shardId-000000000001 in stream s under account 000000000000."},
			{ErrorCode: "InternalFailure", ErrorMessage: "quote \" backslash \\ <html> & \u2028 \x01 \xff é \t\n"},
		}},
	} {
		want, err := json.Marshal(&out)
		if err != nil {
			t.Fatal(err)
		}
		if got := out.AppendJSON(nil); !bytes.Equal(got, want) {
			t.Errorf("AppendJSON:\n%s\njson.Marshal:\n%s", got, want)
		}
		if got := out.AppendJSON([]byte("x")); !bytes.Equal(got, append([]byte("x"), want...)) {
			t.Errorf("AppendJSON after a prefix: %s", got)
		}
	}
}

// FuzzPutRecordsOutputAppendJSON: AppendJSON equals json.Marshal for any strings and counts (differential).
func FuzzPutRecordsOutputAppendJSON(f *testing.F) {
	f.Add(0, "", "1", "shardId-000000000000", "", "", 1)
	f.Add(1, "KMS", "", "", "ProvisionedThroughputExceededException", "Rate exceeded <&> \"\\\u2028\xff", 3)
	f.Fuzz(func(t *testing.T, failed int, enc, sn, shard, code, msg string, n int) {
		out := putRecordsOutput{FailedRecordCount: failed, EncryptionType: enc}
		if n >= 0 {
			out.Records = make([]putRecordsResult, n%8)
			for i := range out.Records {
				out.Records[i] = putRecordsResult{SequenceNumber: sn, ShardId: shard}
				if i%2 == 1 {
					out.Records[i] = putRecordsResult{ErrorCode: code, ErrorMessage: msg}
				}
			}
		}
		want, err := json.Marshal(&out)
		if err != nil {
			t.Fatal(err)
		}
		if got := out.AppendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("AppendJSON:\n%q\njson.Marshal:\n%q", got, want)
		}
	})
}
