package copyfmt

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxJSONDepth bounds the nesting of a JSON value, so that a hostile object costs bounded work per byte.
const maxJSONDepth = 1000

type jsonScan struct {
	data []byte
	pos  int
	line int64
}

func (s *jsonScan) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case '\n':
			s.line++
		case ' ', '\t', '\r':
		default:
			return
		}
		s.pos++
	}
}

// syntaxErr is a JSON syntax error at the scanner's position.
type syntaxErr string

// nextJSON reads the next record of a stream of JSON objects, separated by white space or by nothing ("AWS
// concatenates record bytes verbatim"). A record that is not a well-formed object is a bad record; decoding
// resumes at the next line.
func (d *Decoder) nextJSON(file string, s *jsonScan) (Row, bool) {
	data := s.data
	s.ws()
	if s.pos >= len(data) {
		return Row{}, false
	}
	start := s.pos
	values, le, serr := d.jsonObject(s, file)
	if serr != "" {
		end := s.pos
		// resume after the line the error is on
		for s.pos < len(data) && data[s.pos] != '\n' {
			s.pos++
		}
		if end < start+1 {
			end = start + 1
		}
		raw := data[start:min(max(end, s.pos), len(data))]
		le = d.recordError(file, s.line, raw, CodeInvalidLine, "Invalid JSON object: "+string(serr))
		values = nil
	} else if s.pos-start > MaxRowBytes {
		le = d.recordError(file, s.line, data[start:start+1024], CodeInvalidLine, "The total size of the json object exceeds the max limit of 4194304 bytes")
		values = nil
	}
	row := Row{Line: s.line, Values: values, Present: d.present, Err: le}
	if le != nil {
		row.Present = nil
	} else if allTrue(d.present) {
		row.Present = d.all
	}
	return row, true
}

func allTrue(b []bool) bool {
	for _, v := range b {
		if !v {
			return false
		}
	}
	return true
}

// jsonObject reads one object at s.pos, converting the values of keys that match columns.
func (d *Decoder) jsonObject(s *jsonScan, file string) ([]any, *LoadError, syntaxErr) {
	start := s.pos
	if s.data[s.pos] != '{' {
		return nil, nil, "expected '{' at the start of a record"
	}
	s.pos++
	values := make([]any, len(d.cols))
	clear(d.present)
	var first *LoadError
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
	} else {
		for {
			s.ws()
			if s.pos >= len(s.data) || s.data[s.pos] != '"' {
				return nil, nil, "expected a key"
			}
			key, ok := s.str(&d.scratch)
			if !ok {
				return nil, nil, "malformed key"
			}
			col := d.lookup(key)
			s.ws()
			if s.pos >= len(s.data) || s.data[s.pos] != ':' {
				return nil, nil, "expected ':' after a key"
			}
			s.pos++
			s.ws()
			if s.pos >= len(s.data) {
				return nil, nil, "expected a value"
			}
			vstart := s.pos
			var text string
			null, nested := false, false
			switch c := s.data[s.pos]; {
			case c == '"':
				b, ok := s.str(&d.scratch)
				if !ok {
					return nil, nil, "malformed string"
				}
				if col >= 0 {
					text = string(b)
				}
			case c == '{' || c == '[':
				if !s.skipNested() {
					return nil, nil, "malformed nested value"
				}
				nested = true
				if col >= 0 {
					text = string(s.data[vstart:s.pos])
				}
			case c == '-' || (c >= '0' && c <= '9'):
				if !s.number() {
					return nil, nil, "malformed number"
				}
				if col >= 0 {
					text = string(s.data[vstart:s.pos])
				}
			default:
				switch {
				case s.lit("true"):
					text = "true"
				case s.lit("false"):
					text = "false"
				case s.lit("null"):
					null = true
				default:
					return nil, nil, syntaxErr("unexpected character " + strconv.QuoteRune(rune(c)))
				}
			}
			if col >= 0 {
				d.present[col] = true
				c := &d.cols[col]
				var v any
				var e *fieldErr
				if nested && !c.Type.character() {
					e = &fieldErr{CodeInvalidLine, "Invalid JSON value for a " + c.Type.String() + " column: an object or array", 0}
				} else {
					v, e = d.value(col, text, null)
				}
				if e != nil {
					if first == nil {
						first = d.fieldError(file, s.line, s.data[start:min(len(s.data), start+1024)], c, text, e)
					}
				} else {
					values[col] = v
				}
			}
			s.ws()
			if s.pos >= len(s.data) {
				return nil, nil, "unterminated object"
			}
			if s.data[s.pos] == ',' {
				s.pos++
				continue
			}
			if s.data[s.pos] == '}' {
				s.pos++
				break
			}
			return nil, nil, "expected ',' or '}'"
		}
	}
	if first == nil {
		for i := range d.cols {
			if !d.present[i] && d.cols[i].NotNull && !d.cols[i].HasDefault {
				c := &d.cols[i]
				first = d.fieldError(file, s.line, s.data[start:min(s.pos, start+1024)], c, "", &fieldErr{CodeNotNull, "Missing data for not-null field", 0})
				break
			}
		}
	}
	if first != nil {
		first.RawLine = rawLine(s.data[start:min(s.pos, start+1024)])
		return nil, first, ""
	}
	return values, nil, ""
}

// lookup returns the index of the column a key names, or -1.
func (d *Decoder) lookup(key []byte) int {
	if !d.o.JSONIgnoreCase {
		if i, ok := d.byName[string(key)]; ok {
			return i
		}
		return -1
	}
	d.lower = d.lower[:0]
	for _, c := range key {
		if c >= utf8.RuneSelf {
			if i, ok := d.byName[strings.ToLower(string(key))]; ok {
				return i
			}
			return -1
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		d.lower = append(d.lower, c)
	}
	if i, ok := d.byName[string(d.lower)]; ok {
		return i
	}
	return -1
}

func (s *jsonScan) lit(w string) bool {
	if strings.HasPrefix(string(s.data[s.pos:min(len(s.data), s.pos+len(w))]), w) {
		s.pos += len(w)
		return true
	}
	return false
}

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (s *jsonScan) number() bool {
	b := s.data
	i := s.pos
	if i < len(b) && b[i] == '-' {
		i++
	}
	digits := func() bool {
		st := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > st
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if !digits() {
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	s.pos = i
	return true
}

// str scans a string at s.pos (its opening quote) and returns its content, unescaped into *buf when it has
// escapes (the slice is then valid until the next call).
func (s *jsonScan) str(buf *[]byte) ([]byte, bool) {
	b := s.data
	i := s.pos + 1
	start := i
	for i < len(b) && b[i] != '"' && b[i] != '\\' && b[i] >= 0x20 {
		i++
	}
	if i < len(b) && b[i] == '"' {
		s.pos = i + 1
		return b[start:i], true
	}
	out := append((*buf)[:0], b[start:i]...)
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			s.pos = i + 1
			*buf = out
			return out, true
		case c < 0x20:
			return nil, false
		case c != '\\':
			out = append(out, c)
			i++
			continue
		}
		i++
		if i >= len(b) {
			return nil, false
		}
		switch b[i] {
		case '"', '\\', '/':
			out = append(out, b[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(b, i+1)
			if !ok {
				return nil, false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, ok2 := rune(0), false
				if i+2 < len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
					r2, ok2 = hex4(b, i+3)
				}
				if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return nil, false
		}
		i++
	}
	return nil, false
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			r = r<<4 | rune(c|0x20-'a'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// skipNested scans an object or array at s.pos, checking its syntax, counting its lines.
func (s *jsonScan) skipNested() bool {
	var stack []byte
	var scratch []byte
	for {
		s.ws()
		if s.pos >= len(s.data) {
			return false
		}
		c := s.data[s.pos]
		switch {
		case c == '{' || c == '[':
			if len(stack) >= maxJSONDepth {
				return false
			}
			stack = append(stack, c)
			s.pos++
			s.ws()
			if s.pos < len(s.data) && (s.data[s.pos] == '}' && c == '{' || s.data[s.pos] == ']' && c == '[') {
				s.pos++
				stack = stack[:len(stack)-1]
				if !s.afterValue(&stack) {
					return false
				}
				if len(stack) == 0 {
					return true
				}
				continue
			}
			if c == '{' {
				if !s.key(&scratch) {
					return false
				}
			}
			continue
		case c == '"':
			if _, ok := s.str(&scratch); !ok {
				return false
			}
		case c == '-' || (c >= '0' && c <= '9'):
			if !s.number() {
				return false
			}
		case s.lit("true"), s.lit("false"), s.lit("null"):
		default:
			return false
		}
		if len(stack) == 0 {
			return false
		}
		if !s.afterValue(&stack) {
			return false
		}
		if len(stack) == 0 {
			return true
		}
	}
}

// key scans `"key" :` inside an object.
func (s *jsonScan) key(scratch *[]byte) bool {
	s.ws()
	if s.pos >= len(s.data) || s.data[s.pos] != '"' {
		return false
	}
	if _, ok := s.str(scratch); !ok {
		return false
	}
	s.ws()
	if s.pos >= len(s.data) || s.data[s.pos] != ':' {
		return false
	}
	s.pos++
	return true
}

// afterValue consumes what follows a value inside a container: a comma (and in an object the next key), or the
// closing brackets of as many containers as end here.
func (s *jsonScan) afterValue(stack *[]byte) bool {
	var scratch []byte
	for len(*stack) > 0 {
		s.ws()
		if s.pos >= len(s.data) {
			return false
		}
		top := (*stack)[len(*stack)-1]
		switch c := s.data[s.pos]; {
		case c == ',':
			s.pos++
			if top == '{' {
				return s.key(&scratch)
			}
			return true
		case c == '}' && top == '{', c == ']' && top == '[':
			s.pos++
			*stack = (*stack)[:len(*stack)-1]
		default:
			return false
		}
	}
	return true
}
