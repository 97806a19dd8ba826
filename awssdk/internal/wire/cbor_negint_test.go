package wire

import (
	"bytes"
	"math"
	"testing"
)

// A CBOR negative integer (major type 1) with argument n is -1-n (RFC 8949 §3.1): -1 is 0x20, -100 is 0x38 0x63.
// The error spec through an RPCv2 CBOR client found GetRecords' Limit -1 read as -2.
func TestCBORNegativeIntegersFollowRFC8949(t *testing.T) {
	type body struct {
		N int64 `json:"N"`
	}
	for _, c := range []struct {
		n    int64
		wire []byte
	}{
		{-1, []byte{0x20}},
		{-24, []byte{0x37}},
		{-25, []byte{0x38, 0x18}},
		{-100, []byte{0x38, 0x63}},
		{math.MinInt64, []byte{0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
	} {
		req := append([]byte{0xa1, 0x61, 'N'}, c.wire...) // {"N": n}
		var got body
		if err := (cborCodec{}).decode(req, &got); err != nil || got.N != c.n {
			t.Errorf("decode % x: %d, %v; want %d", req, got.N, err, c.n)
		}
		out, err := cborCodec{}.encode(&body{N: c.n})
		if err != nil || !bytes.HasSuffix(out, c.wire) {
			t.Errorf("encode %d: % x, %v; want it to end in % x", c.n, out, err, c.wire)
		}
	}
	// -2^64 (argument 2^64-1) is out of an int64's range.
	var got body
	if err := (cborCodec{}).decode([]byte{0xa1, 0x61, 'N', 0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, &got); err == nil {
		t.Errorf("-2^64 decoded as %d", got.N)
	}
}
