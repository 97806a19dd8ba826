package eventstream_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/kinesim/kinesim/awssdk/internal/eventstream"
)

// sample has a header of every type and a binary payload.
var sample = eventstream.Message{
	Headers: []eventstream.Header{
		{":message-type", "event"},
		{":event-type", "SubscribeToShardEvent"},
		{":content-type", "application/x-amz-json-1.1"},
		{"t", true}, {"f", false},
		{"i8", int8(-8)}, {"i16", int16(-1600)}, {"i32", int32(-320000)}, {"i64", int64(-6400000000)},
		{"bytes", []byte{0, 1, 0xff}},
		{"ts", time.UnixMilli(1767323045123).UTC()},
		{"uuid", eventstream.UUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}},
	},
	Payload: []byte(`{"Records":[],"ContinuationSequenceNumber":"1"}`),
}

// The SDK's own decoder (aws/protocol/eventstream, which the kinesis client reads SubscribeToShard with) reads
// our messages, every header type included, and checks both CRCs.
func TestSDKDecodesOurMessages(t *testing.T) {
	b, err := eventstream.Append(nil, sample)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = eventstream.Append(b, eventstream.Message{Payload: []byte("second")})
	r := bytes.NewReader(b)
	dec := sdk.NewDecoder()
	m, err := dec.Decode(r, nil)
	if err != nil {
		t.Fatalf("SDK decode: %v", err)
	}
	want := map[string]any{
		":message-type": "event", ":event-type": "SubscribeToShardEvent", ":content-type": "application/x-amz-json-1.1",
		"t": true, "f": false, "i8": int8(-8), "i16": int16(-1600), "i32": int32(-320000), "i64": int64(-6400000000),
		"bytes": []byte{0, 1, 0xff}, "ts": time.UnixMilli(1767323045123), "uuid": []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
	}
	if len(m.Headers) != len(want) {
		t.Fatalf("SDK read %d headers, want %d", len(m.Headers), len(want))
	}
	for name, v := range want {
		got := m.Headers.Get(name)
		if got == nil {
			t.Errorf("header %s missing", name)
			continue
		}
		g := got.Get()
		if ts, ok := g.(time.Time); ok {
			if !ts.Equal(v.(time.Time)) {
				t.Errorf("header %s = %v, want %v", name, ts, v)
			}
			continue
		}
		if u, ok := g.([16]byte); ok {
			g = u[:]
		}
		if !reflect.DeepEqual(g, v) {
			t.Errorf("header %s = %#v, want %#v", name, g, v)
		}
	}
	if !bytes.Equal(m.Payload, sample.Payload) {
		t.Errorf("payload %q", m.Payload)
	}
	if m, err := dec.Decode(r, nil); err != nil || string(m.Payload) != "second" {
		t.Fatalf("second message: %v %q", err, m.Payload)
	}
}

// Our decoder reads the SDK encoder's messages back to the same headers and payload, and what it decodes
// re-encodes to the same bytes.
func TestWeDecodeTheSDKsMessages(t *testing.T) {
	var buf bytes.Buffer
	hs := sdk.Headers{}
	hs.Set(":message-type", sdk.StringValue("event"))
	hs.Set("n", sdk.Int64Value(42))
	hs.Set("ts", sdk.TimestampValue(time.UnixMilli(5000)))
	hs.Set("u", sdk.UUIDValue{15: 1})
	hs.Set("b", sdk.BoolValue(true))
	if err := sdk.NewEncoder().Encode(&buf, sdk.Message{Headers: hs, Payload: []byte("payload")}); err != nil {
		t.Fatal(err)
	}
	wire := bytes.Clone(buf.Bytes())
	m, err := eventstream.NewDecoder(&buf).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if m.Header(":message-type") != "event" || m.Header("n") != int64(42) || !m.Header("ts").(time.Time).Equal(time.UnixMilli(5000)) ||
		m.Header("u") != (eventstream.UUID{15: 1}) || m.Header("b") != true || string(m.Payload) != "payload" {
		t.Fatalf("decoded %+v", m)
	}
	again, err := eventstream.Append(nil, m)
	if err != nil || !bytes.Equal(again, wire) {
		t.Fatalf("re-encoded %x, %v\nwant %x", again, err, wire)
	}
	if _, err := eventstream.NewDecoder(&buf).Decode(); err != io.EOF {
		t.Fatalf("at the end: %v", err)
	}
}

// Corrupt messages are refused with the error of what is wrong; a prelude declaring a huge message is refused
// before its body is read.
func TestDecodeRefusesCorruptMessages(t *testing.T) {
	good, _ := eventstream.Append(nil, sample)
	flip := func(i int) []byte { b := bytes.Clone(good); b[i] ^= 1; return b }
	for _, tc := range []struct {
		name string
		b    []byte
		want error
	}{
		{"prelude crc", flip(9), eventstream.ErrPreludeCRC},
		{"length", flip(3), eventstream.ErrPreludeCRC},
		{"payload", flip(len(good) - 6), eventstream.ErrMessageCRC},
		{"message crc", flip(len(good) - 1), eventstream.ErrMessageCRC},
		{"truncated", good[:len(good)-1], io.ErrUnexpectedEOF},
		{"huge", prelude(1<<31, 0), eventstream.ErrTooLong},
		{"headers past the end", prelude(20, 10), eventstream.ErrMalformed},
		{"shorter than a message", prelude(8, 0), eventstream.ErrMalformed},
	} {
		if _, err := eventstream.NewDecoder(bytes.NewReader(tc.b)).Decode(); !errors.Is(err, tc.want) {
			t.Errorf("%s: Decode %v, want %v", tc.name, err, tc.want)
		}
		if _, _, err := eventstream.Parse(tc.b); !errors.Is(err, tc.want) {
			t.Errorf("%s: Parse %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := eventstream.Append(nil, eventstream.Message{Headers: []eventstream.Header{{"x", 3.5}}}); !errors.Is(err, eventstream.ErrMalformed) {
		t.Errorf("float header: %v", err)
	}
}

// prelude returns a valid prelude declaring total and headers lengths.
func prelude(total, headers uint32) []byte {
	b := []byte{byte(total >> 24), byte(total >> 16), byte(total >> 8), byte(total), byte(headers >> 24), byte(headers >> 16), byte(headers >> 8), byte(headers)}
	return appendCRC(b)
}

// FuzzDecode: our decoder never panics, and what it decodes re-encodes to the bytes it read and is read the
// same by the SDK's decoder.
func FuzzDecode(f *testing.F) {
	good, _ := eventstream.Append(nil, sample)
	f.Add(good)
	empty, _ := eventstream.Append(nil, eventstream.Message{})
	f.Add(empty)
	f.Add(prelude(16, 0))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, n, err := eventstream.Parse(b)
		if err != nil {
			return
		}
		again, err := eventstream.Append(nil, m)
		if err != nil || !bytes.Equal(again, b[:n]) {
			t.Fatalf("re-encoded %x, %v; read %x", again, err, b[:n])
		}
		sm, err := sdk.NewDecoder().Decode(bytes.NewReader(b[:n]), nil)
		if err != nil || !bytes.Equal(sm.Payload, m.Payload) || len(sm.Headers) > len(m.Headers) {
			t.Fatalf("SDK read %v, %v", sm, err)
		}
	})
}
