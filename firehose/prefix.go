package firehose

import (
	"strconv"
	"strings"
	"time"
)

// The prefix rules of the Developer Guide, "Custom prefixes for Amazon S3 objects"
// (https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html).
const (
	// MaxPrefixLength is the longest Prefix or ErrorOutputPrefix the API takes (API Reference,
	// ExtendedS3DestinationConfiguration: 0–1024).
	MaxPrefixLength = 1024
	// MaxEvaluatedPrefixLength is the longest prefix after evaluation; CreateDeliveryStream and UpdateDestination
	// refuse a prefix whose longest evaluation is longer.
	MaxEvaluatedPrefixLength = 512
	// RandomStringLength is the length of !{firehose:random-string}.
	RandomStringLength = 11
	// defaultTimestamp is the expression appended to a prefix with none, and the whole default prefix.
	defaultTimestamp = "yyyy/MM/dd/HH/"
)

// The values of !{firehose:error-output-type}. S3DeliveryFailed is kinesim's: AWS drops S3 data it could not
// deliver within 24 hours, kinesim writes it under the error output instead (nothing is lost).
const (
	ProcessingFailed       = "processing-failed"
	FormatConversionFailed = "format-conversion-failed"
	S3DeliveryFailed       = "s3-delivery-failed"
)

type segKind uint8

const (
	segLiteral segKind = iota
	segTimestamp
	segRandom
	segErrorType
	segPartKey // !{partitionKeyFromQuery:name} (lit "q") or !{partitionKeyFromLambda:name} (lit "l"), name in key
)

type segment struct {
	kind segKind
	lit  string
	key  string
	ts   []tsItem
}

// template is a parsed prefix.
type template struct {
	segs         []segment
	hasTimestamp bool
	hasExpr      bool
}

// parsePrefix parses a Prefix (errorPrefix false) or an ErrorOutputPrefix and reports what is wrong with it as
// InvalidArgumentException messages do.
func parsePrefix(s string, errorPrefix bool) (template, string) {
	return parsePrefixDP(s, errorPrefix, false)
}

// parsePrefixDP is parsePrefix with dynamic partitioning enabled or not: with it, a Prefix may hold
// partition-key expressions (package partition checks their rules).
func parsePrefixDP(s string, errorPrefix, dynamic bool) (template, string) {
	var t template
	field := "Prefix"
	if errorPrefix {
		field = "ErrorOutputPrefix"
	}
	for len(s) > 0 {
		i := strings.Index(s, "!{")
		if i < 0 {
			t.segs = append(t.segs, segment{kind: segLiteral, lit: s})
			break
		}
		if i > 0 {
			t.segs = append(t.segs, segment{kind: segLiteral, lit: s[:i]})
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return t, "The " + field + " has an unterminated expression: '!{' must start a !{namespace:value} expression."
		}
		expr := s[i+2 : i+end]
		s = s[i+end+1:]
		ns, val, ok := strings.Cut(expr, ":")
		if !ok {
			return t, "The expression !{" + expr + "} in " + field + " is not of the form !{namespace:value}."
		}
		t.hasExpr = true
		switch {
		case ns == "timestamp":
			items, err := compileJavaTime(val)
			if err != "" {
				return t, "The timestamp expression !{" + expr + "} in " + field + " is not a valid DateTimeFormatter pattern: " + err
			}
			t.hasTimestamp = true
			t.segs = append(t.segs, segment{kind: segTimestamp, ts: items})
		case ns == "firehose" && val == "random-string":
			t.segs = append(t.segs, segment{kind: segRandom})
		case ns == "firehose" && val == "error-output-type":
			if !errorPrefix {
				return t, "The Prefix cannot contain !{firehose:error-output-type}; it is allowed in ErrorOutputPrefix only."
			}
			t.segs = append(t.segs, segment{kind: segErrorType})
		case (ns == "partitionKeyFromQuery" || ns == "partitionKeyFromLambda") && dynamic && !errorPrefix && val != "":
			src := "q"
			if ns == "partitionKeyFromLambda" {
				src = "l"
			}
			t.segs = append(t.segs, segment{kind: segPartKey, lit: src, key: val})
		case ns == "partitionKeyFromQuery" || ns == "partitionKeyFromLambda":
			return t, "The expression !{" + expr + "} in " + field + " requires dynamic partitioning, which is not enabled."
		default:
			return t, "The expression !{" + expr + "} in " + field + " has an unknown namespace or value."
		}
	}
	return t, ""
}

// prefixes are a destination's parsed Prefix and ErrorOutputPrefix, the defaults applied.
type prefixes struct {
	data, errors template
}

// compilePrefixes applies the rules: a Prefix with no timestamp expression gets !{timestamp:yyyy/MM/dd/HH/}
// appended (by plain concatenation, as the rule is worded); ErrorOutputPrefix may be empty only when Prefix has no
// expressions, and then is Prefix, the error output type, "/" and the default timestamp; a non-empty
// ErrorOutputPrefix must contain !{firehose:error-output-type}.
func compilePrefixes(prefix, errorPrefix string) (prefixes, string) {
	return compilePrefixesDP(prefix, errorPrefix, false)
}

// compilePrefixesDP is compilePrefixes with dynamic partitioning enabled or not.
func compilePrefixesDP(prefix, errorPrefix string, dynamic bool) (prefixes, string) {
	var p prefixes
	d, msg := parsePrefixDP(prefix, false, dynamic)
	if msg != "" {
		return p, msg
	}
	hadExpr := d.hasExpr
	if !d.hasTimestamp {
		items, _ := compileJavaTime(defaultTimestamp)
		d.segs = append(d.segs, segment{kind: segTimestamp, ts: items})
	}
	p.data = d
	if errorPrefix == "" {
		if hadExpr {
			return p, "ErrorOutputPrefix cannot be null or empty when Prefix contains expressions."
		}
		ep, _ := parsePrefix(prefix+"!{firehose:error-output-type}/!{timestamp:"+defaultTimestamp+"}", true)
		p.errors = ep
		return p, p.checkLengths()
	}
	ep, msg := parsePrefix(errorPrefix, true)
	if msg != "" {
		return p, msg
	}
	hasType := false
	for _, s := range ep.segs {
		hasType = hasType || s.kind == segErrorType
	}
	if !hasType {
		return p, "ErrorOutputPrefix must contain !{firehose:error-output-type} when it is set."
	}
	p.errors = ep
	return p, p.checkLengths()
}

// longestAt is an instant whose names are the longest (September, Wednesday) and whose numbers are all two
// digits: a prefix evaluated at it is as long as it can be (the random string has a fixed length).
var longestAt = time.Date(2026, 9, 30, 23, 59, 59, 999999999, time.UTC)

// checkLengths applies "each prefix is at most 512 characters after evaluation" when the stream is created, not
// when an object fails to be written: the longest evaluation of each prefix must fit.
func (p *prefixes) checkLengths() string {
	random := func(dst []byte) []byte { return append(dst, "xxxxxxxxxxx"...) }
	if n := len(p.data.eval(nil, longestAt, "", random)); n > MaxEvaluatedPrefixLength {
		return "The Prefix evaluates to " + strconv.Itoa(n) + " characters, more than 512."
	}
	if n := len(p.errors.eval(nil, longestAt, FormatConversionFailed, random)); n > MaxEvaluatedPrefixLength {
		return "The ErrorOutputPrefix evaluates to " + strconv.Itoa(n) + " characters, more than 512."
	}
	return ""
}

// eval evaluates a template at t, in t's location (the destination's time zone), with the error output type
// errType; random gives each !{firehose:random-string} a fresh value.
func (t *template) eval(dst []byte, at time.Time, errType string, random func([]byte) []byte) []byte {
	return t.evalKeys(dst, at, errType, random, nil, nil)
}

// evalKeys is eval with the partition keys of a record: q from the MetadataExtraction query, l from the Lambda.
// A key the maps lack evaluates to nothing (the delivery checked them first, with partition.Substitute).
func (t *template) evalKeys(dst []byte, at time.Time, errType string, random func([]byte) []byte, q, l map[string]string) []byte {
	for _, s := range t.segs {
		switch s.kind {
		case segLiteral:
			dst = append(dst, s.lit...)
		case segTimestamp:
			dst = appendJavaTime(dst, s.ts, at)
		case segRandom:
			dst = random(dst)
		case segErrorType:
			dst = append(dst, errType...)
		case segPartKey:
			if s.lit == "q" {
				dst = append(dst, q[s.key]...)
			} else {
				dst = append(dst, l[s.key]...)
			}
		}
	}
	return dst
}

// tsItem is one element of a compiled DateTimeFormatter pattern: a literal, or a letter repeated count times.
type tsItem struct {
	letter byte
	count  int
	lit    string
}

// compileJavaTime compiles the subset of java.time.format.DateTimeFormatter's pattern letters that dates and
// times in UTC need: y u Y (years), M L (month), d, D (day of year), H k K h (hours), m, s, S (fraction), E
// (day name), a (AM/PM), w (ISO week); text in single quotes is literal, ” is a quote, and other non-letters are
// literal. Any other letter is refused, as Java refuses unknown letters.
func compileJavaTime(p string) ([]tsItem, string) {
	var items []tsItem
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\'':
			j := i + 1
			var lit strings.Builder
			for {
				if j >= len(p) {
					return nil, "an unterminated quote"
				}
				if p[j] == '\'' {
					if j+1 < len(p) && p[j+1] == '\'' {
						lit.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				lit.WriteByte(p[j])
				j++
			}
			if j == i+1 {
				items = append(items, tsItem{lit: "'"}) // '' is a quote
			} else {
				items = append(items, tsItem{lit: lit.String()})
			}
			i = j + 1
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			n := 1
			for i+n < len(p) && p[i+n] == c {
				n++
			}
			if !strings.ContainsRune("yuYMLdDHkKhmsSEawe", rune(c)) || c == 'e' {
				return nil, "unknown pattern letter '" + string(c) + "'"
			}
			items = append(items, tsItem{letter: c, count: n})
			i += n
		default:
			items = append(items, tsItem{lit: string(c)})
			i++
		}
	}
	return items, ""
}

func appendJavaTime(dst []byte, items []tsItem, t time.Time) []byte {
	for _, it := range items {
		if it.letter == 0 {
			dst = append(dst, it.lit...)
			continue
		}
		n := it.count
		switch it.letter {
		case 'y', 'u':
			if n == 2 {
				dst = appendPadded(dst, t.Year()%100, 2)
			} else {
				dst = appendPadded(dst, t.Year(), n)
			}
		case 'Y':
			y, _ := t.ISOWeek()
			if n == 2 {
				dst = appendPadded(dst, y%100, 2)
			} else {
				dst = appendPadded(dst, y, n)
			}
		case 'M', 'L':
			switch {
			case n == 3:
				dst = append(dst, t.Month().String()[:3]...)
			case n >= 4:
				dst = append(dst, t.Month().String()...)
			default:
				dst = appendPadded(dst, int(t.Month()), n)
			}
		case 'd':
			dst = appendPadded(dst, t.Day(), n)
		case 'D':
			dst = appendPadded(dst, t.YearDay(), n)
		case 'H':
			dst = appendPadded(dst, t.Hour(), n)
		case 'k':
			h := t.Hour()
			if h == 0 {
				h = 24
			}
			dst = appendPadded(dst, h, n)
		case 'K':
			dst = appendPadded(dst, t.Hour()%12, n)
		case 'h':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			dst = appendPadded(dst, h, n)
		case 'm':
			dst = appendPadded(dst, t.Minute(), n)
		case 's':
			dst = appendPadded(dst, t.Second(), n)
		case 'S':
			frac := strconv.Itoa(1e9 + t.Nanosecond())[1:] // nine digits
			for n > 9 {
				frac += "0"
				n--
			}
			dst = append(dst, frac[:n]...)
		case 'E':
			if n >= 4 {
				dst = append(dst, t.Weekday().String()...)
			} else {
				dst = append(dst, t.Weekday().String()[:3]...)
			}
		case 'a':
			if t.Hour() < 12 {
				dst = append(dst, "AM"...)
			} else {
				dst = append(dst, "PM"...)
			}
		case 'w':
			_, w := t.ISOWeek()
			dst = appendPadded(dst, w, n)
		}
	}
	return dst
}

func appendPadded(dst []byte, v, width int) []byte {
	s := strconv.Itoa(v)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

// appendObjectName appends the key suffix of an object: <stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><ext>
// (Developer Guide, "Configure Amazon S3 object name format"), the time in at's location.
func appendObjectName(dst []byte, stream string, version int, at time.Time, uuid, ext string) []byte {
	dst = append(dst, stream...)
	dst = append(dst, '-')
	dst = strconv.AppendInt(dst, int64(version), 10)
	dst = append(dst, '-')
	dst = at.AppendFormat(dst, "2006-01-02-15-04-05")
	dst = append(dst, '-')
	dst = append(dst, uuid...)
	return append(dst, ext...)
}
