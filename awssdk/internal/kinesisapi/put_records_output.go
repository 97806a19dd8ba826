package kinesisapi

import (
	"encoding/json"
	"strconv"
)

// AppendJSON appends out as json.Marshal encodes it, byte for byte, without reflection: the response of every
// PutRecords call, 500 entries of SequenceNumber and ShardId at most. Strings of printable ASCII without '"',
// '\', '<', '>' and '&' (sequence numbers, shard ids, codes) are copied; any other string (an error message
// may hold anything) is encoded by encoding/json. TestPutRecordsOutputAppendJSONMatchesEncodingJSON and
// FuzzPutRecordsOutputAppendJSON hold it to json.Marshal.
func (out *putRecordsOutput) AppendJSON(b []byte) []byte {
	n := 64 + len(out.EncryptionType)
	for i := range out.Records {
		r := &out.Records[i]
		n += 40 + len(r.SequenceNumber) + len(r.ShardId) + len(r.ErrorCode) + len(r.ErrorMessage)
	}
	b = growBytes(b, n)
	b = append(b, `{"FailedRecordCount":`...)
	b = strconv.AppendInt(b, int64(out.FailedRecordCount), 10)
	b = append(b, `,"Records":`...)
	if out.Records == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range out.Records {
			if i > 0 {
				b = append(b, ',')
			}
			b = out.Records[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	if out.EncryptionType != "" {
		b = append(b, `,"EncryptionType":`...)
		b = appendJSONString(b, out.EncryptionType)
	}
	return append(b, '}')
}

// appendJSON appends r's object, members in field order, empty ones omitted (the omitempty tags).
func (r *putRecordsResult) appendJSON(b []byte) []byte {
	b = append(b, '{')
	first := true
	member := func(name, v string) {
		if v == "" {
			return
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, name...)
		b = appendJSONString(b, v)
	}
	member(`"SequenceNumber":`, r.SequenceNumber)
	member(`"ShardId":`, r.ShardId)
	member(`"ErrorCode":`, r.ErrorCode)
	member(`"ErrorMessage":`, r.ErrorMessage)
	return append(b, '}')
}

// appendJSONString appends s as encoding/json encodes a string (with its HTML escaping).
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !jsonPlain[s[i]] {
			q, err := json.Marshal(s)
			if err != nil { // not reached: encoding/json encodes every string
				q = []byte(`""`)
			}
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// jsonPlain holds the bytes encoding/json writes as they are in a string: printable ASCII but '"', '\' and the
// HTML characters '<', '>' and '&'.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// growBytes returns b with room for n more bytes.
func growBytes(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	g := make([]byte, len(b), len(b)+n)
	copy(g, b)
	return g
}
