package analytics_test

import (
	"context"
	"testing"

	"github.com/kinesim/kinesim/analytics"
)

// FuzzDiscoverInputSchema: discovery never panics on any sample, and the schema it returns is one CreateApplication
// accepts (every column name and type valid).
func FuzzDiscoverInputSchema(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":"x"}`, `{"n":{"x":1.5}}`, "AMZN,1,2.5", `[1,2]`, "plain text", `{"@@":null}`} {
		f.Add([]byte(s))
	}
	e := analytics.New()
	f.Cleanup(func() { e.Close() })
	f.Fuzz(func(t *testing.T, rec []byte) {
		out, err := e.DiscoverInputSchema(context.Background(), analytics.DiscoverInputSchemaInput{Records: [][]byte{rec}})
		if err != nil {
			return
		}
		in := analytics.CreateApplicationInput{ApplicationName: "fuzz", Inputs: []analytics.Input{{NamePrefix: "S",
			KinesisStreamsInput: &analytics.KinesisStreamsInput{ResourceARN: "arn:aws:kinesis:us-east-1:000000000000:stream/s"}, InputSchema: out.InputSchema}}}
		if _, err := e.CreateApplication(context.Background(), in); err != nil {
			t.Fatalf("discovered %+v, refused: %v", out.InputSchema, err)
		}
		_ = e.DeleteApplication(context.Background(), analytics.ApplicationRef{ApplicationName: "fuzz"})
	})
}
