package wire

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// Timestamps are epoch seconds with millisecond precision in both directions (AWS JSON's default timestamp
// format; smithy-go's ReadTime/WriteTime "epoch-seconds").
func TestTimestampIsEpochSecondsToTheMillisecond(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 123_000_000, time.UTC)
	for _, tc := range []struct {
		t    time.Time
		json string
	}{{at, "1767323045.123"}, {at.Truncate(time.Second), "1767323045"}, {time.UnixMilli(-1500).UTC(), "-1.5"}} {
		b, err := json.Marshal(At(tc.t))
		if err != nil || string(b) != tc.json {
			t.Errorf("%v marshals to %s, %v; want %s", tc.t, b, err, tc.json)
		}
		var back Timestamp
		if err := json.Unmarshal(b, &back); err != nil || !back.Equal(tc.t) {
			t.Errorf("%s unmarshals to %v, %v", b, back, err)
		}
	}
	var ts Timestamp
	for _, bad := range []string{`"2026-01-02"`, `1e300`, `true`, `{}`} {
		if err := json.Unmarshal([]byte(bad), &ts); err == nil {
			t.Errorf("%s accepted as a timestamp: %v", bad, ts)
		}
	}
	if err := json.Unmarshal([]byte(`null`), &ts); err != nil || !ts.IsZero() {
		t.Errorf("null: %v %v", ts, err)
	}
}

type cborSample struct {
	S      string            `json:"S"`
	Empty  string            `json:"Empty,omitempty"`
	N      int               `json:"N"`
	Neg    int64             `json:"Neg"`
	P      *int              `json:"P,omitempty"`
	B      []byte            `json:"B"`
	T      Timestamp         `json:"T,omitzero"`
	Zero   Timestamp         `json:"Zero,omitzero"`
	L      []string          `json:"L"`
	M      map[string]string `json:"M"`
	Nested struct {
		OK bool `json:"OK"`
	} `json:"Nested"`
	embedded
}

type embedded struct {
	E string `json:"E"`
}

// The RPCv2 codec encodes wire structs as the SDK's CBOR deserializer reads them (text, byte strings, tag 1
// timestamps, omitted members absent) and decodes them back to the same struct.
func TestCBORCodecRoundTrips(t *testing.T) {
	seven := 7
	in := cborSample{S: "s", N: 3, Neg: -4, P: &seven, B: []byte{0, 0xff}, T: At(time.UnixMilli(1500).UTC()),
		L: []string{"a"}, M: map[string]string{"k": "v"}, embedded: embedded{E: "e"}}
	in.Nested.OK = true
	b, err := cborCodec{}.encode(&in)
	if err != nil {
		t.Fatal(err)
	}
	v, err := cbor.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(cbor.Map)
	if _, ok := m["Empty"]; ok {
		t.Error("omitempty member encoded")
	}
	if _, ok := m["Zero"]; ok {
		t.Error("omitzero timestamp encoded")
	}
	if tag, ok := m["T"].(*cbor.Tag); !ok || tag.ID != 1 || tag.Value != cbor.Float64(1.5) {
		t.Errorf("timestamp %#v", m["T"])
	}
	if s, ok := m["B"].(cbor.Slice); !ok || string(s) != "\x00\xff" {
		t.Errorf("blob %#v", m["B"])
	}
	if m["Neg"] != cbor.NegInt(3) || m["E"] != cbor.String("e") {
		t.Errorf("Neg %#v, E %#v", m["Neg"], m["E"])
	}
	var out cborSample
	if err := (cborCodec{}).decode(b, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Errorf("round trip\n got %#v\nwant %#v", out, in)
	}
}

// Malformed or oversized CBOR is a SerializationError, never a panic; the item count stops past the bound.
func TestCBORDecodeRefusesWhatItCannotMap(t *testing.T) {
	var dst cborSample
	for name, body := range map[string][]byte{
		"not a map":    cbor.Encode(cbor.List{}),
		"truncated":    {0xa1, 0x61},
		"other tag":    cbor.Encode(cbor.Map{"T": &cbor.Tag{ID: 2, Value: cbor.Uint(1)}}),
		"NaN":          cbor.Encode(cbor.Map{"N": cbor.Float64(math.NaN())}),
		"huge negint":  cbor.Encode(cbor.Map{"N": cbor.NegInt(math.MaxUint64)}),
		"tag of text":  cbor.Encode(cbor.Map{"T": &cbor.Tag{ID: 1, Value: cbor.String("x")}}),
		"wrong type":   cbor.Encode(cbor.Map{"S": cbor.Uint(1)}),
		"many items":   cbor.Encode(cbor.Map{"L": zeros(maxCBORItems + 1)}),
		"deep nesting": deep(maxCBORDepth + 2),
	} {
		if err := (cborCodec{}).decode(body, &dst); err == nil {
			t.Errorf("%s: accepted", name)
		} else if _, ok := err.(*SerializationError); !ok {
			t.Errorf("%s: %T %v", name, err, err)
		}
	}
	if n := countCBORItems(make([]byte, 10*maxCBORItems)); n != maxCBORItems+1 {
		t.Errorf("counted %d items of a long body", n)
	}
}

func deep(n int) []byte {
	var v cbor.Value = cbor.Map{}
	for range n {
		v = cbor.Map{"x": v}
	}
	return cbor.Encode(v)
}

func zeros(n int) cbor.List {
	l := make(cbor.List, n)
	for i := range l {
		l[i] = cbor.Uint(0)
	}
	return l
}
