package convert

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// A JSON reader for the records to convert: it gives what encoding/json's Decoder with UseNumber gives
// (map[string]any, []any, json.Number, string, bool, nil; invalid UTF-8 and lone surrogates as U+FFFD; the last of
// repeated keys), in one pass and without reflection, which halves the cost of a conversion.
// FuzzParseJSONMatchesEncodingJSON holds it to encoding/json.

// maxJSONDepth is encoding/json's nesting limit.
const maxJSONDepth = 10000

var errJSONDepth = errors.New("exceeded max depth")

type jsonParser struct {
	b     []byte
	i     int
	depth int
	buf   []byte // scratch for strings with escapes
}

func (p *jsonParser) fail(what string) error {
	if p.i >= len(p.b) {
		return fmt.Errorf("unexpected end of JSON input (%s)", what)
	}
	return fmt.Errorf("invalid character %q at offset %d (%s)", p.b[p.i], p.i, what)
}

func (p *jsonParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// decodeObjects appends the JSON objects of data to dst.
func decodeObjects(dst []map[string]any, data []byte) ([]map[string]any, error) {
	p := jsonParser{b: data}
	for {
		p.space()
		if p.i == len(p.b) {
			break
		}
		v, err := p.value()
		if err != nil {
			return dst, fmt.Errorf("the record is not JSON: %v", err)
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return dst, fmt.Errorf("the record holds %s, not a JSON object", jsonKind(v))
		}
		dst = append(dst, obj)
	}
	if len(dst) == 0 {
		return dst, fmt.Errorf("the record holds no JSON object")
	}
	return dst, nil
}

func (p *jsonParser) value() (any, error) {
	if p.i >= len(p.b) {
		return nil, p.fail("looking for a value")
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return nil, p.fail("looking for the beginning of a value")
}

func (p *jsonParser) literal(lit string) error {
	if len(p.b)-p.i < len(lit) || string(p.b[p.i:p.i+len(lit)]) != lit {
		for j := 0; j < len(lit) && p.i < len(p.b) && p.b[p.i] == lit[j]; j++ {
			p.i++
		}
		return p.fail("in literal " + lit)
	}
	p.i += len(lit)
	return nil
}

func (p *jsonParser) object() (any, error) {
	if p.depth++; p.depth > maxJSONDepth {
		return nil, errJSONDepth
	}
	p.i++ // {
	obj := make(map[string]any)
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		p.depth--
		return obj, nil
	}
	for {
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, p.fail("looking for the beginning of an object key string")
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, p.fail("after an object key")
		}
		p.i++
		p.space()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		obj[k] = v
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.b) && p.b[p.i] == '}' {
			p.i++
			p.depth--
			return obj, nil
		}
		return nil, p.fail("after an object key:value pair")
	}
}

func (p *jsonParser) array() (any, error) {
	if p.depth++; p.depth > maxJSONDepth {
		return nil, errJSONDepth
	}
	p.i++ // [
	arr := []any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		p.depth--
		return arr, nil
	}
	for {
		p.space()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			p.depth--
			return arr, nil
		}
		return nil, p.fail("after an array element")
	}
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

func (p *jsonParser) number() (any, error) {
	start := p.i
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case p.i < len(p.b) && p.b[p.i] >= '1' && p.b[p.i] <= '9':
		p.i = digits(p.b, p.i)
	default:
		return nil, p.fail("in numeric literal")
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if p.i >= len(p.b) || p.b[p.i] < '0' || p.b[p.i] > '9' {
			return nil, p.fail("after decimal point in numeric literal")
		}
		p.i = digits(p.b, p.i)
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if p.i >= len(p.b) || p.b[p.i] < '0' || p.b[p.i] > '9' {
			return nil, p.fail("in exponent of numeric literal")
		}
		p.i = digits(p.b, p.i)
	}
	return json.Number(p.b[start:p.i]), nil
}

// str reads a string at p.b[p.i] == '"'.
func (p *jsonParser) str() (string, error) {
	p.i++
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		if c == '"' {
			s := string(p.b[start:p.i])
			p.i++
			return s, nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		p.i++
	}
	p.buf = append(p.buf[:0], p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return string(p.buf), nil
		case c < 0x20:
			return "", p.fail("in string literal")
		case c == '\\':
			p.i++
			if p.i >= len(p.b) {
				return "", p.fail("in string escape code")
			}
			switch e := p.b[p.i]; e {
			case '"', '\\', '/':
				p.buf = append(p.buf, e)
			case 'b':
				p.buf = append(p.buf, '\b')
			case 'f':
				p.buf = append(p.buf, '\f')
			case 'n':
				p.buf = append(p.buf, '\n')
			case 'r':
				p.buf = append(p.buf, '\r')
			case 't':
				p.buf = append(p.buf, '\t')
			case 'u':
				r, ok := p.hex4(p.i + 1)
				if !ok {
					return "", p.fail("in \\u hexadecimal character escape")
				}
				p.i += 4
				if utf16.IsSurrogate(r) {
					if r2, ok := p.hex4(p.i + 3); ok && p.i+2 < len(p.b) && p.b[p.i+1] == '\\' && p.b[p.i+2] == 'u' {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							p.i += 6
							p.buf = utf8.AppendRune(p.buf, dec)
							break
						}
					}
					r = utf8.RuneError
				}
				p.buf = utf8.AppendRune(p.buf, r)
			default:
				return "", p.fail("in string escape code")
			}
			p.i++
		case c < utf8.RuneSelf:
			p.buf = append(p.buf, c)
			p.i++
		default:
			r, size := utf8.DecodeRune(p.b[p.i:])
			if r == utf8.RuneError && size == 1 {
				p.buf = utf8.AppendRune(p.buf, utf8.RuneError)
			} else {
				p.buf = append(p.buf, p.b[p.i:p.i+size]...)
			}
			p.i += size
		}
	}
	return "", p.fail("in string literal")
}

// hex4 reads the four hexadecimal digits at b[i:].
func (p *jsonParser) hex4(i int) (rune, bool) {
	if i+4 > len(p.b) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(p.b[i:i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}
