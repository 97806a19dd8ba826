package firehose

import (
	"strings"
	"testing"
	"time"
)

// FuzzPrefix feeds arbitrary Prefix and ErrorOutputPrefix values to the prefix rules: no panic; an accepted pair
// evaluates deterministically; a data prefix never holds the error output type; an accepted error prefix holds
// it; and a prefix without expressions evaluates to itself followed by the default timestamp.
func FuzzPrefix(f *testing.F) {
	f.Add("", "")
	f.Add("legacy", "")
	f.Add("year=!{timestamp:yyyy}/!{firehose:random-string}/", "err/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}")
	f.Add("!{timestamp:'q''uoted' EEEE a hh:mm:ss.SSS D w Y}/", "e/!{firehose:error-output-type}")
	f.Add("!{timestamp:yyyy", "!{")
	at := time.Date(2026, 7, 13, 14, 59, 58, 123456789, time.UTC)
	random := func(dst []byte) []byte { return append(dst, "RRRRRRRRRRR"...) }
	f.Fuzz(func(t *testing.T, prefix, errPrefix string) {
		if len(prefix) > MaxPrefixLength || len(errPrefix) > MaxPrefixLength {
			return
		}
		p, msg := compilePrefixes(prefix, errPrefix)
		if msg != "" {
			return
		}
		a := string(p.data.eval(nil, at, "", random))
		b := string(p.data.eval(nil, at, "", random))
		if a != b {
			t.Fatalf("not deterministic: %q, %q", a, b)
		}
		const typ = "processing-failed"
		e := string(p.errors.eval(nil, at, typ, random))
		if !strings.Contains(e, typ) {
			t.Fatalf("error prefix %q evaluates to %q without the error output type", errPrefix, e)
		}
		if long := p.errors.eval(nil, at, FormatConversionFailed, random); len(a) > MaxEvaluatedPrefixLength || len(long) > MaxEvaluatedPrefixLength {
			t.Fatalf("accepted prefixes evaluate to %d and %d characters", len(a), len(long))
		}
		if !strings.Contains(prefix, "!{") && a != prefix+"2026/07/13/14/" {
			t.Fatalf("literal prefix %q evaluates to %q", prefix, a)
		}
	})
}

// The Java DateTimeFormatter subset, letter by letter.
func TestJavaTimePatterns(t *testing.T) {
	at := time.Date(2026, 1, 4, 0, 5, 9, 120000000, time.UTC) // a Sunday, ISO week 1 of 2026
	for pattern, want := range map[string]string{
		"yyyy/MM/dd/HH/":      "2026/01/04/00/",
		"yy-M-d H:m:s":        "26-1-4 0:5:9",
		"MMM MMMM EEE EEEE":   "Jan January Sun Sunday",
		"DDD D":               "004 4",
		"hh a k K":            "12 AM 24 0",
		"ss.SSS":              "09.120",
		"'T'HH''mm'o''clock'": "T00'05o'clock",
		"YYYY-'W'ww":          "2026-W01",
	} {
		items, msg := compileJavaTime(pattern)
		if msg != "" {
			t.Fatalf("%s: %s", pattern, msg)
		}
		if got := string(appendJavaTime(nil, items, at)); got != want {
			t.Errorf("%s = %q, want %q", pattern, got, want)
		}
	}
	for _, bad := range []string{"qq", "'open", "e"} {
		if _, msg := compileJavaTime(bad); msg == "" {
			t.Errorf("%q accepted", bad)
		}
	}
}
