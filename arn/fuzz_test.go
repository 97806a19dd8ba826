package arn_test

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/arn"
)

var seeds = []string{
	"", "arn", "arn:", "arn:::::", "arn:a:b:::c", "arn:aws:s3:::bucket", "not-an-arn", "arn:aws:kinesis:us-east-1:123456789012",
	"arn:aws:kinesis:us-west-2:123456789012:stream/samplestream",
	"arn:aws:kinesis:us-west-2:123456789012:stream/samplestream/consumer/KinesisConsumerApplication:1572383852",
	"arn:aws:kinesis:us-west-2:123456789012:stream/s/consumer/c:0001572383852",
	"arn:aws:kinesis::000000000000:stream/s",
	"arn:aws-cn:kinesis:us-east-1:000000000000:stream/s",
	"arn:aws:kinesis:us\neast:000000000000:stream/s",
	"arn:aws:firehose:us-east-1:123456789012:deliverystream/my-delivery-stream",
	"arn:x:firehose:US-1:123456789012:deliverystream/d",
	"arn:aws:kinesisvideo:us-west-2:123456789012:stream/macwebcam/1530559711205",
	"arn:aws:kinesisvideo:us-west-2:1:stream/v/9223372036854775807",
	"arn:aws:kinesisvideo:us-west-2:1:stream/v/9223372036854775808",
	"arn:aws:kinesisvideo:us-west-2:123456789012:channel/c/1",
	"arn:aws:kinesisanalytics:us-west-2:012345678901:application/MyApplication",
	"arn:aws:kinesis:us-west-2:123456789012:stream/s/consumer/c:9223372036854775807",
}

// FuzzParse checks, for any text: Parse never panics; it accepts exactly the text that splits into "arn" and five
// more colon-separated fields (the last taking the rest) with a non-empty partition, service and resource, and
// otherwise reports ErrMalformed; and an accepted ARN prints back as the same text.
func FuzzParse(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := arn.Parse(s)
		p := strings.SplitN(s, ":", 6)
		want := len(p) == 6 && p[0] == "arn" && p[1] != "" && p[2] != "" && p[5] != ""
		if !want {
			if !errors.Is(err, arn.ErrMalformed) {
				t.Fatalf("Parse(%q) = %+v, %v; want ErrMalformed", s, a, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Parse(%q) error = %v", s, err)
		}
		if a != (arn.ARN{Partition: p[1], Service: p[2], Region: p[3], AccountID: p[4], Resource: p[5]}) {
			t.Fatalf("Parse(%q) = %+v", s, a)
		}
		if a.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, a.String())
		}
	})
}

// The patterns the API references document for each ARN, as Go regular expressions (anchored; "." does not match
// a newline). A typed parser must accept nothing these reject.
var awsPatterns = map[string]*regexp.Regexp{
	"stream":      regexp.MustCompile(`^arn:aws.*:kinesis:.*:\d{12}:stream/\S+$`),
	"consumer":    regexp.MustCompile(`^(arn):aws.*:kinesis:.*:\d{12}:.*stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:[0-9]+$`),
	"firehose":    regexp.MustCompile(`^arn:.*:firehose:[a-zA-Z0-9\-]+:\d{12}:deliverystream/[a-zA-Z0-9._-]+$`),
	"video":       regexp.MustCompile(`^arn:[a-z\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+$`),
	"application": regexp.MustCompile(`^arn:.*$`),
}

// What each typed parser accepts, written out independently of the package (the API pattern narrowed to the
// resource's layout and name rule; \p{Zl}\p{Zp} are U+2028 and U+2029), with the most characters the API
// allows. A creation time must also fit in an int64.
var kinesimPatterns = map[string]struct {
	re     *regexp.Regexp
	maxLen int
}{
	"stream":      {regexp.MustCompile(`^arn:aws[^:\n\r\p{Zl}\p{Zp}]*:kinesis:[^:\n\r\p{Zl}\p{Zp}]*:[0-9]{12}:stream/[a-zA-Z0-9_.-]{1,128}$`), 2048},
	"consumer":    {regexp.MustCompile(`^arn:aws[^:\n\r\p{Zl}\p{Zp}]*:kinesis:[^:\n\r\p{Zl}\p{Zp}]*:[0-9]{12}:stream/[a-zA-Z0-9_.-]{1,128}/consumer/[a-zA-Z0-9_.-]{1,128}:([0-9]+)$`), 2048},
	"firehose":    {regexp.MustCompile(`^arn:[^:\n\r\p{Zl}\p{Zp}]+:firehose:[a-zA-Z0-9-]+:[0-9]{12}:deliverystream/[a-zA-Z0-9_.-]{1,64}$`), 512},
	"video":       {regexp.MustCompile(`^arn:[a-z0-9-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:stream/[a-zA-Z0-9_.-]{1,256}/([0-9]+)$`), 1024},
	"application": {regexp.MustCompile(`^arn:aws[^:\n\r\p{Zl}\p{Zp}]*:kinesisanalytics:[a-z0-9-]+:[0-9]{12}:application/[a-zA-Z0-9_.-]{1,128}$`), 2048},
}

// parsed is one typed parser's result, reduced to what the round trip compares.
type parsed struct {
	arn     arn.ARN
	names   [2]string
	created time.Time
	format  func(arn.Account) string // formats the same resource in another account
}

var typedParsers = map[string]func(string) (parsed, error){
	"stream": func(s string) (parsed, error) {
		v, err := arn.ParseStreamARN(s)
		return parsed{v.ARN, [2]string{v.Name}, time.Time{}, func(a arn.Account) string { return a.StreamARN(v.Name) }}, err
	},
	"consumer": func(s string) (parsed, error) {
		v, err := arn.ParseConsumerARN(s)
		return parsed{v.ARN, [2]string{v.StreamName, v.Name}, v.Created, func(a arn.Account) string { return a.ConsumerARN(v.StreamName, v.Name, v.Created) }}, err
	},
	"firehose": func(s string) (parsed, error) {
		v, err := arn.ParseDeliveryStreamARN(s)
		return parsed{v.ARN, [2]string{v.Name}, time.Time{}, func(a arn.Account) string { return a.DeliveryStreamARN(v.Name) }}, err
	},
	"video": func(s string) (parsed, error) {
		v, err := arn.ParseVideoStreamARN(s)
		return parsed{v.ARN, [2]string{v.Name}, v.Created, func(a arn.Account) string { return a.VideoStreamARN(v.Name, v.Created) }}, err
	},
	"application": func(s string) (parsed, error) {
		v, err := arn.ParseApplicationARN(s)
		return parsed{v.ARN, [2]string{v.Name}, time.Time{}, func(a arn.Account) string { return a.ApplicationARN(v.Name) }}, err
	},
}

// FuzzTypedParsers checks, for any text and every typed parser: it never panics; it accepts exactly what its
// written-out pattern (kinesimPatterns) accepts, and nothing the API's own pattern rejects; a rejection wraps
// one of the package's errors; an accepted ARN prints back as the same text; and, when its partition is its
// region's, formatting the parsed resource in its account parses back to the same resource, as the same text
// unless the creation time had leading zeros.
func FuzzTypedParsers(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	kinds := []error{arn.ErrMalformed, arn.ErrPartition, arn.ErrService, arn.ErrRegion, arn.ErrAccountID, arn.ErrResourceType, arn.ErrName, arn.ErrCreationTime}
	f.Fuzz(func(t *testing.T, s string) {
		for kind, parse := range typedParsers {
			p, err := parse(s)
			want := kinesimPatterns[kind]
			m := want.re.FindStringSubmatch(s)
			accept := m != nil && len(s) <= want.maxLen
			canonical := s // s with its creation time, if any, written without leading zeros
			if accept && len(m) > 1 {
				n, perr := strconv.ParseInt(m[1], 10, 64)
				accept = perr == nil
				canonical = s[:len(s)-len(m[1])] + strconv.FormatInt(n, 10)
			}
			if !accept {
				if err == nil {
					t.Fatalf("%s parser accepts %q", kind, s)
				}
				known := false
				for _, k := range kinds {
					known = known || errors.Is(err, k)
				}
				if !known {
					t.Fatalf("%s parser: %q: error %v wraps none of the package's errors", kind, s, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s parser rejects %q: %v", kind, s, err)
			}
			if !awsPatterns[kind].MatchString(s) {
				t.Fatalf("%s parser accepts %q, which the API's pattern rejects", kind, s)
			}
			if p.arn.String() != s {
				t.Fatalf("%s parser: %q prints back as %q", kind, s, p.arn.String())
			}
			acct := p.arn.Account()
			if p.arn.Partition != acct.Partition() {
				continue
			}
			text := p.format(acct)
			again, err := parse(text)
			if err != nil {
				t.Fatalf("%s: %q formats as %q, which does not parse: %v", kind, s, text, err)
			}
			if again.arn.Account() != acct || again.names != p.names || !again.created.Equal(p.created) {
				t.Fatalf("%s: %q formats as %q, which parses as %+v", kind, s, text, again)
			}
			if text != canonical {
				t.Fatalf("%s: %q formats as %q, want %q", kind, s, text, canonical)
			}
		}
	})
}
