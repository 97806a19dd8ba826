package arn

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The errors the checks and parsers of this package wrap; match them with [errors.Is]. The wrapping error says
// what was wrong with which text.
var (
	// ErrMalformed: the text is not of the form arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, or it is longer
	// than the resource's ARNs may be.
	ErrMalformed = errors.New("arn: malformed ARN")
	// ErrPartition: the partition is not one the resource's ARN pattern allows.
	ErrPartition = errors.New("arn: invalid partition")
	// ErrService: the ARN is of another service than the one asked for.
	ErrService = errors.New("arn: wrong service")
	// ErrRegion: the region is empty or not shaped like a region code.
	ErrRegion = errors.New("arn: invalid region")
	// ErrAccountID: the account id is not 12 decimal digits (for a video stream ARN, whose pattern is looser:
	// not one or more digits).
	ErrAccountID = errors.New("arn: invalid account id")
	// ErrResourceType: the resource is of another type, or not laid out as the resource's ARNs are.
	ErrResourceType = errors.New("arn: wrong resource type")
	// ErrName: a resource name is empty, too long, or has a character its rule does not allow ([NameRule]).
	ErrName = errors.New("arn: invalid resource name")
	// ErrCreationTime: the creation time in the ARN is not a decimal number that fits in 63 bits.
	ErrCreationTime = errors.New("arn: invalid creation time")
)

// ARN is an Amazon Resource Name split into its fields: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE.
//
// RESOURCE is everything after the fifth colon and may itself contain colons and slashes
// ("stream/orders/consumer/app:1572383852"). REGION and ACCOUNT may be empty, as they are in the ARNs of global
// resources. An ARN is a comparable value, safe to copy and share.
type ARN struct {
	Partition string // "aws", "aws-cn", …
	Service   string // "kinesis", "firehose", "kinesisvideo", "kinesisanalytics", …
	Region    string // "us-east-1"
	AccountID string // "123456789012"
	Resource  string // "stream/orders"
}

// Parse splits s into the fields of an ARN. It accepts exactly the text that starts with "arn:" and has at least
// five more colons, with a non-empty partition, service and resource; REGION and ACCOUNT may be empty. It checks
// nothing else: the typed parsers (ParseStreamARN and the others) check what each resource allows. For every s
// it accepts, Parse(s).String() == s. The error wraps [ErrMalformed].
func Parse(s string) (ARN, error) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return ARN{}, fmt.Errorf("%w %q: it does not start with \"arn:\"", ErrMalformed, s)
	}
	var f [5]string
	for i := range 4 {
		field, tail, found := strings.Cut(rest, ":")
		if !found {
			return ARN{}, fmt.Errorf("%w %q: an ARN has six colon-separated fields", ErrMalformed, s)
		}
		f[i], rest = field, tail
	}
	f[4] = rest
	a := ARN{Partition: f[0], Service: f[1], Region: f[2], AccountID: f[3], Resource: f[4]}
	switch {
	case a.Partition == "":
		return ARN{}, fmt.Errorf("%w %q: the partition is empty", ErrMalformed, s)
	case a.Service == "":
		return ARN{}, fmt.Errorf("%w %q: the service is empty", ErrMalformed, s)
	case a.Resource == "":
		return ARN{}, fmt.Errorf("%w %q: the resource is empty", ErrMalformed, s)
	}
	return a, nil
}

// String returns the ARN text, "arn:" followed by the fields joined with colons.
func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.AccountID + ":" + a.Resource
}

// Account returns the account and region the ARN names. It is not checked: an ARN may carry an account id or
// region that [Account.Validate] rejects.
func (a ARN) Account() Account { return Account{ID: a.AccountID, Region: a.Region} }

// NameRule is the rule for one kind of resource name: 1 to [NameRule.Max] characters, each a letter, a digit,
// '_', '.' or '-' (the pattern [a-zA-Z0-9_.-]+ that every Kinesis API uses for the names in ARNs).
type NameRule struct {
	kind string
	max  int
}

// The name rules of the resources with ARNs here, each as its API reference states it.
var (
	// StreamName: a Kinesis data stream, 1–128 characters (Kinesis API Reference, CreateStream: StreamName).
	StreamName = NameRule{"stream name", 128}
	// ConsumerName: a Kinesis stream consumer, 1–128 characters (Kinesis API Reference, RegisterStreamConsumer:
	// ConsumerName).
	ConsumerName = NameRule{"consumer name", 128}
	// DeliveryStreamName: a Firehose stream, 1–64 characters (Amazon Data Firehose API Reference,
	// CreateDeliveryStream: DeliveryStreamName).
	DeliveryStreamName = NameRule{"delivery stream name", 64}
	// VideoStreamName: a Kinesis video stream, 1–256 characters (Kinesis Video Streams API Reference,
	// CreateStream: StreamName).
	VideoStreamName = NameRule{"video stream name", 256}
	// ApplicationName: a Kinesis Data Analytics (SQL) application, 1–128 characters (Kinesis Data Analytics API
	// Reference, CreateApplication: ApplicationName).
	ApplicationName = NameRule{"application name", 128}
)

// Max returns the greatest length a name may have, in bytes (all the allowed characters are ASCII).
func (r NameRule) Max() int { return r.max }

// Valid reports whether name satisfies the rule.
func (r NameRule) Valid(name string) bool { return r.Check(name) == nil }

// Check reports whether name satisfies the rule; the error wraps [ErrName] and says what is wrong.
func (r NameRule) Check(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: the %s is empty", ErrName, r.kind)
	case len(name) > r.max:
		return fmt.Errorf("%w: the %s %q has %d characters, more than %d", ErrName, r.kind, name, len(name), r.max)
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !nameChar(c) {
			return fmt.Errorf("%w: the %s %q has %q at byte %d; only letters, digits, '_', '.' and '-' are allowed", ErrName, r.kind, name, c, i)
		}
	}
	return nil
}

// NameChars reports whether s is a non-empty string of the characters every name of the family is made of,
// [a-zA-Z0-9_.-] (its length aside, which [NameRule] checks): the one place this rule is written.
func NameChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if !nameChar(s[i]) {
			return false
		}
	}
	return s != ""
}

func nameChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-'
}

// shape is what one resource's ARN pattern allows of the fields before the resource, and its length limit.
type shape struct {
	service   string
	maxLen    int
	partition func(string) bool
	region    func(string) bool
	account   func(string) bool
}

// parse parses s as an ARN of the shape's service and checks its partition, region and account id.
func (sh shape) parse(s string) (ARN, error) {
	if len(s) > sh.maxLen {
		return ARN{}, fmt.Errorf("%w: a %s ARN has at most %d characters, this has %d", ErrMalformed, sh.service, sh.maxLen, len(s))
	}
	a, err := Parse(s)
	if err != nil {
		return ARN{}, err
	}
	switch {
	case a.Service != sh.service:
		return ARN{}, fmt.Errorf("%w %q in %q, want %q", ErrService, a.Service, s, sh.service)
	case !sh.partition(a.Partition):
		return ARN{}, fmt.Errorf("%w %q in %q", ErrPartition, a.Partition, s)
	case !sh.region(a.Region):
		return ARN{}, fmt.Errorf("%w %q in %q", ErrRegion, a.Region, s)
	case !sh.account(a.AccountID):
		return ARN{}, fmt.Errorf("%w %q in %q: an account id has exactly 12 decimal digits", ErrAccountID, a.AccountID, s)
	}
	return a, nil
}

// resourceOf returns what follows "typ/" in a's resource, or an error wrapping ErrResourceType.
func resourceOf(a ARN, typ string) (string, error) {
	rest, ok := strings.CutPrefix(a.Resource, typ+"/")
	if !ok {
		return "", fmt.Errorf("%w in %q: the resource should start with %q", ErrResourceType, a.String(), typ+"/")
	}
	return rest, nil
}

// parseNamed parses s as an ARN of the shape whose resource is typ/NAME, NAME satisfying rule.
func (sh shape) parseNamed(s, typ string, rule NameRule) (ARN, string, error) {
	a, err := sh.parse(s)
	if err != nil {
		return ARN{}, "", err
	}
	name, err := resourceOf(a, typ)
	if err != nil {
		return ARN{}, "", err
	}
	if err := checkName(rule, name, s); err != nil {
		return ARN{}, "", err
	}
	return a, name, nil
}

// checkName checks name against rule; the error names the ARN text it came from.
func checkName(rule NameRule, name, in string) error {
	if err := rule.Check(name); err != nil {
		return fmt.Errorf("%w (in %q)", err, in)
	}
	return nil
}

// parseCount parses the decimal creation time of an ARN: one or more ASCII digits whose value fits in an int64.
func parseCount(s, in string) (int64, error) {
	if s == "" || !allDigits(s) {
		return 0, fmt.Errorf("%w %q in %q: it should be decimal digits", ErrCreationTime, s, in)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w %q in %q: it does not fit in 63 bits", ErrCreationTime, s, in)
	}
	return n, nil
}

// nonNegative returns n, or 0 if n is negative: ARN creation times are unsigned decimal numbers.
func nonNegative(n int64) int64 { return max(n, 0) }

// Field rules used by the shapes.
//
// The API patterns are Smithy patterns, ECMAScript regular expressions, in which "." matches any character but a
// line terminator; anyText is ".*" and awsPrefixed "aws.*".
func anyText(s string) bool     { return !strings.ContainsAny(s, "\n\r\u2028\u2029") }
func awsPrefixed(s string) bool { return strings.HasPrefix(s, "aws") && anyText(s) }
func nonEmptyOf(allowed func(byte) bool) func(string) bool {
	return func(s string) bool {
		if s == "" {
			return false
		}
		for i := 0; i < len(s); i++ {
			if !allowed(s[i]) {
				return false
			}
		}
		return true
	}
}
func lowerDigitHyphen(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' }
func alnumHyphen(c byte) bool      { return lowerDigitHyphen(c) || 'A' <= c && c <= 'Z' }
func digit(c byte) bool            { return '0' <= c && c <= '9' }

// unixUTC and unixMilliUTC turn ARN creation times into instants.
func unixUTC(sec int64) time.Time     { return time.Unix(sec, 0).UTC() }
func unixMilliUTC(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
func decimal(n int64) string          { return strconv.FormatInt(n, 10) }
