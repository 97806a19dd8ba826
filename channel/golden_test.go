package channel_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/kinesim/kinesim/channel"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatalf("%s differs (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// A seeded account describes a channel the same way every run, every default filled in as DescribeChannel
// reports it (API Reference, ChannelDescription and S3DestinationDescription), and writes the same objects under
// the same keys.
func TestDescriptionAndKeysAreDeterministic(t *testing.T) {
	e := newEnv(t)
	in := input("orders-archive", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeGzip))
	in.Tags = map[string]string{"team": "data"}
	d := e.create(t, in)
	e.put(t, d.ChannelARN, 2, `{"id":1}`, `{"id":`)
	e.flush(t, d.ChannelARN)
	desc, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out := append(desc, '\n')
	for _, k := range e.store().Keys(bucket, "") {
		out = append(append(out, k...), '\n')
	}
	golden(t, "describe.golden", out)
}
