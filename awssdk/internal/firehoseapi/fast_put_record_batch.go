package firehoseapi

import (
	"bytes"
	"encoding/base64"
	"unicode/utf8"

	"github.com/kinesim/kinesim/firehose"
)

// DecodeJSONFast decodes the PutRecordBatch request the SDKs send — one object with the members
// DeliveryStreamName and Records, each record an object whose only member is Data, strings without escapes — in
// two passes over the body (measure, then decode), with one allocation for all the data and one for the
// records. Anything else (escapes, other or differently cased member names, a member twice, nulls, a record
// without Data, more than 500 records, invalid UTF-8 or base64) returns false with in unchanged, and
// encoding/json decodes the body instead. FuzzFastPutRecordBatch checks that the two agree.
func (in *putRecordBatchInput) DecodeJSONFast(body []byte) bool {
	m := batchParser{b: body}
	if !m.input() {
		return false
	}
	p := batchParser{b: body, decode: true, data: make([]byte, 0, m.dataLen), out: make(batchRecords, 0, m.n)}
	if !p.input() {
		return false
	}
	res := putRecordBatchInput{DeliveryStreamName: string(p.name)}
	if p.hasRecords {
		res.Records = p.out
	}
	*in = res
	return true
}

// batchParser reads the JSON form DecodeJSONFast accepts. Measuring, it counts the records and the bytes of
// their data; decoding, it decodes the data into one buffer and the records into out.
type batchParser struct {
	b []byte
	i int

	decode              bool
	n, dataLen          int
	data                []byte
	out                 batchRecords
	name                []byte
	hasName, hasRecords bool
}

func (p *batchParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *batchParser) byte(c byte) bool {
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// raw returns the bytes of a string without escapes or control characters, valid UTF-8.
func (p *batchParser) raw() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start := p.i
	for ; p.i < len(p.b); p.i++ {
		c := p.b[p.i]
		if c == '"' {
			s := p.b[start:p.i]
			p.i++
			return s, utf8.Valid(s)
		}
		if c == '\\' || c < 0x20 {
			return nil, false
		}
	}
	return nil, false
}

func (p *batchParser) input() bool {
	if !p.byte('{') {
		return false
	}
	if p.byte('}') {
		return p.end()
	}
	for {
		key, ok := p.raw()
		if !ok || !p.byte(':') {
			return false
		}
		switch string(key) {
		case "DeliveryStreamName":
			if p.hasName {
				return false
			}
			p.hasName = true
			p.name, ok = p.raw()
		case "Records":
			ok = p.recordList()
		default:
			ok = false
		}
		if !ok {
			return false
		}
		if p.byte('}') {
			return p.end()
		}
		if !p.byte(',') {
			return false
		}
	}
}

func (p *batchParser) end() bool {
	p.ws()
	return p.i == len(p.b)
}

func (p *batchParser) recordList() bool {
	if p.hasRecords || !p.byte('[') {
		return false
	}
	p.hasRecords = true
	if p.byte(']') {
		return true
	}
	for n := 0; ; n++ {
		if n == firehose.MaxBatchRecords || !p.record() {
			return false
		}
		if p.byte(']') {
			return true
		}
		if !p.byte(',') {
			return false
		}
	}
}

// record reads {"Data":"BASE64"}, decoded as encoding/json decodes a []byte (base64.StdEncoding).
func (p *batchParser) record() bool {
	if !p.byte('{') {
		return false
	}
	key, ok := p.raw()
	if !ok || string(key) != "Data" || !p.byte(':') {
		return false
	}
	s, ok := p.base64()
	if !ok || !p.byte('}') {
		return false
	}
	size := base64.StdEncoding.DecodedLen(len(s))
	if !p.decode {
		p.n++
		p.dataLen += size
		return true
	}
	start := len(p.data)
	if size > cap(p.data)-start || len(p.out) == cap(p.out) {
		return false // not what the measuring pass saw
	}
	// The string holds no escape: base64 decoding refuses '\\' and everything else outside its alphabet but
	// CR and LF, which it skips and which a JSON string may not hold raw.
	if bytes.IndexByte(s, '\n') >= 0 || bytes.IndexByte(s, '\r') >= 0 {
		return false
	}
	m, err := base64.StdEncoding.Decode(p.data[start:start+size], s)
	if err != nil {
		return false
	}
	p.data = p.data[:start+m]
	p.out = append(p.out, firehose.Record{Data: p.data[start : start+m : start+m]})
	return true
}

// base64 returns the bytes between a string's quotes, found with one vectorised search: a base64 string has no
// escape, so its first quote after the opening one ends it. The decoding pass checks the content.
func (p *batchParser) base64() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	n := bytes.IndexByte(p.b[p.i:], '"')
	if n < 0 {
		return nil, false
	}
	s := p.b[p.i : p.i+n]
	p.i += n + 1
	return s, true
}
