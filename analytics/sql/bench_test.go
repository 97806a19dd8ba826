package sql

import (
	"os"
	"testing"
)

// largestExample returns the text of the largest example application (testdata/ and NAB's).
func largestExample(b *testing.B) string {
	var src string
	for _, f := range exampleFiles(b, "*.sql") {
		if t, err := os.ReadFile(f); err == nil && len(t) > len(src) {
			src = string(t)
		}
	}
	return src
}

// BenchmarkParseLargestExample parses the largest example application (NAB's KDA application).
func BenchmarkParseLargestExample(b *testing.B) {
	src := largestExample(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrintLargestExample prints the tree of the largest example application.
func BenchmarkPrintLargestExample(b *testing.B) {
	s, err := Parse(largestExample(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = Print(s)
	}
}
