package compress_test

import (
	"bytes"
	"testing"

	"github.com/kinesim/kinesim/firehose/compress"
)

// FuzzEncodeRoundTrip: for every format, decode(Encode(x)) = x with the standard decoders, and no panic.
func FuzzEncodeRoundTrip(f *testing.F) {
	f.Add([]byte(`{"a":1}{"a":2}`))
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0}, 70000))
	f.Fuzz(func(t *testing.T, p []byte) {
		for _, format := range allFormats {
			obj, err := compress.Encode(nil, p, format, compress.Options{EntryName: "e"})
			if err != nil {
				t.Fatal(err)
			}
			if got := decode(t, format, obj); !bytes.Equal(got, p) {
				t.Fatalf("%s: round trip of %d bytes gave %d", format, len(p), len(got))
			}
		}
	})
}

// FuzzDecode feeds arbitrary bytes to Decode for every format it reads: no panic, never more than the limit, and
// what it accepts as ZSTD or GZIP re-encodes to an object that decodes the same.
func FuzzDecode(f *testing.F) {
	for _, format := range []compress.Format{compress.GZIP, compress.ZSTD} {
		obj, _ := compress.Encode(nil, []byte("hello hello hello"), format, compress.Options{})
		f.Add(obj)
	}
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0xe4, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}) // a huge declared size
	const limit = 1 << 20
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, format := range []compress.Format{compress.Uncompressed, compress.GZIP, compress.ZSTD} {
			out, err := compress.Decode(b, format, limit)
			if err != nil {
				continue
			}
			if len(out) > limit {
				t.Fatalf("%s: %d bytes over the %d limit", format, len(out), limit)
			}
			again, _ := compress.Encode(nil, out, format, compress.Options{})
			if back, err := compress.Decode(again, format, limit); err != nil || !bytes.Equal(back, out) {
				t.Fatalf("%s: re-encoded object reads back %d bytes, %v", format, len(back), err)
			}
		}
	})
}

// FuzzReadHadoop feeds arbitrary bytes to the test's Hadoop-Snappy reader (the decoder the tests trust): it must
// not panic, and what it accepts re-encodes to a stream that reads back the same.
func FuzzReadHadoop(f *testing.F) {
	obj, _ := compress.Encode(nil, []byte("hello hello hello"), compress.HadoopSnappy, compress.Options{})
	f.Add(obj)
	f.Add([]byte{0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := readHadoop(b)
		if err != nil {
			return
		}
		again, _ := compress.Encode(nil, out, compress.HadoopSnappy, compress.Options{})
		if back, err := readHadoop(again); err != nil || !bytes.Equal(back, out) {
			t.Fatalf("re-encoded stream reads back %d bytes, %v", len(back), err)
		}
	})
}
