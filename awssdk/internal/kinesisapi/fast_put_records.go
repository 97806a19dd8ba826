package kinesisapi

import (
	"bytes"
	"encoding/base64"
	"unicode/utf8"

	"github.com/kinesim/kinesim/stream"
)

// DecodeJSONFast decodes the PutRecords request the SDKs send — one object with the members StreamName,
// StreamARN and Records, each entry an object of Data, PartitionKey and ExplicitHashKey, strings without
// escapes — in one pass over the body, with one allocation for all the data (sized for the most the body
// can hold, 3/4 of its length), one for all the strings and one for the entries. Anything else (escapes, other or differently cased member names,
// nulls, more than 500 entries, invalid UTF-8 or base64) returns false with in unchanged, and encoding/json
// decodes the body instead. FuzzFastPutRecords checks that the two agree.
func (in *putRecordsInput) DecodeJSONFast(body []byte) bool {
	// At most one entry per 3 bytes ("{}," each), and one more for the 501st that refuses the request.
	n := min(len(body)/3+1, stream.MaxPutRecordsEntries)
	p := fastParser{
		b:       body,
		data:    make([]byte, 0, len(body)/4*3),
		strs:    make([]byte, 0, min(len(body), 32*n+256)),
		refs:    make([]strRef, 2+2*n),
		records: make(putRecordsEntries, 0, n),
	}
	if !p.putRecords() {
		return false
	}
	all := string(p.strs)
	at := func(r strRef) string { return all[r.off : r.off+r.n] }
	out := putRecordsInput{ref: ref{StreamName: at(p.refs[0]), StreamARN: at(p.refs[1])}, Records: p.records}
	if !p.hasRecords {
		out.Records = nil
	}
	for i := range out.Records {
		out.Records[i].PartitionKey = at(p.refs[2+2*i])
		out.Records[i].ExplicitHashKey = at(p.refs[3+2*i])
	}
	*in = out
	return true
}

// fastParser reads the JSON form DecodeJSONFast accepts. It appends the data and strings to one buffer each
// (data's capacity holds all of it: each blob decodes to at most 3/4 of its base64) and records where each string
// lies (refs: StreamName, StreamARN, then each entry's PartitionKey and ExplicitHashKey).
type fastParser struct {
	b []byte
	i int

	data, strs []byte
	refs       []strRef
	records    putRecordsEntries
	hasRecords bool
}

type strRef struct{ off, n int }

func (p *fastParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) byte(c byte) bool {
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// raw returns the bytes of a string without escapes or control characters, valid UTF-8.
func (p *fastParser) raw() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	k := bytes.IndexByte(p.b[p.i:], '"')
	if k < 0 {
		return nil, false
	}
	s := p.b[p.i : p.i+k]
	p.i += k + 1
	var high byte
	for _, c := range s {
		if c < 0x20 || c == '\\' {
			return nil, false
		}
		high |= c
	}
	return s, high < utf8.RuneSelf || utf8.Valid(s)
}

// key reads a member name and its colon.
func (p *fastParser) key() ([]byte, bool) {
	key, ok := p.raw()
	return key, ok && p.byte(':')
}

// entryKey reads the member name of a record entry and its colon: entryData, entryPartitionKey or
// entryExplicitHashKey. Any other name, or one with escapes, is refused, as raw and a switch would refuse it.
func (p *fastParser) entryKey() (int, bool) {
	p.ws()
	rest := p.b[p.i:]
	var k, n int
	switch {
	case len(rest) >= 6 && string(rest[:6]) == `"Data"`:
		k, n = entryData, 6
	case len(rest) >= 14 && string(rest[:14]) == `"PartitionKey"`:
		k, n = entryPartitionKey, 14
	case len(rest) >= 17 && string(rest[:17]) == `"ExplicitHashKey"`:
		k, n = entryExplicitHashKey, 17
	default:
		return -1, false
	}
	p.i += n
	return k, p.byte(':')
}

const (
	entryData = iota
	entryPartitionKey
	entryExplicitHashKey
)

// text reads a string into refs[slot].
func (p *fastParser) text(slot int) bool {
	s, ok := p.raw()
	if !ok {
		return false
	}
	p.refs[slot] = strRef{len(p.strs), len(s)}
	p.strs = append(p.strs, s...)
	return true
}

func (p *fastParser) end() bool {
	p.ws()
	return p.i == len(p.b)
}

func (p *fastParser) putRecords() bool {
	if !p.byte('{') {
		return false
	}
	if p.byte('}') {
		return p.end()
	}
	for {
		key, ok := p.key()
		if !ok {
			return false
		}
		switch string(key) {
		case "StreamName":
			ok = p.text(0)
		case "StreamARN":
			ok = p.text(1)
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

func (p *fastParser) recordList() bool {
	if p.hasRecords || !p.byte('[') { // a second Records member is left to encoding/json
		return false
	}
	p.hasRecords = true
	if p.byte(']') {
		return true
	}
	for n := 0; ; n++ {
		if n == stream.MaxPutRecordsEntries || !p.entry(n) {
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

func (p *fastParser) entry(n int) bool {
	if n == cap(p.records) {
		return false // not reached: records holds as many entries as the body can
	}
	p.records = append(p.records, putRecordsEntry{})
	if !p.byte('{') {
		return false
	}
	if p.byte('}') {
		return true
	}
	for {
		key, ok := p.entryKey()
		if !ok {
			return false
		}
		switch key {
		case entryData:
			ok = p.blob(n)
		case entryPartitionKey:
			ok = p.text(2 + 2*n)
		case entryExplicitHashKey:
			ok = p.text(3 + 2*n)
		}
		if !ok {
			return false
		}
		if p.byte('}') {
			return true
		}
		if !p.byte(',') {
			return false
		}
	}
}

// blob reads entry n's Data, decoded as encoding/json decodes a []byte (base64.StdEncoding). The closing quote
// is found with bytes.IndexByte and the JSON checks are left to the base64 decoder: a backslash, a control
// character or a non-ASCII byte is not base64, so the decoder refuses it and the body goes to encoding/json,
// except for '\r' and '\n', which the decoder skips. Those are refused by the length check: the decoder writes
// exactly len(s)/4*3 bytes less the padding only when every byte of s is a base64 symbol or '='.
func (p *fastParser) blob(n int) bool {
	if !p.byte('"') {
		return false
	}
	k := bytes.IndexByte(p.b[p.i:], '"')
	if k < 0 {
		return false
	}
	s := p.b[p.i : p.i+k]
	p.i += k + 1
	if len(s)%4 != 0 {
		return false
	}
	size := len(s) / 4 * 3
	if len(s) > 0 && s[len(s)-1] == '=' {
		size--
		if s[len(s)-2] == '=' {
			size--
		}
	}
	start := len(p.data)
	if start+len(s)/4*3 > cap(p.data) {
		return false // not reached: data holds 3/4 of the body
	}
	m, err := base64.StdEncoding.Decode(p.data[start:start+len(s)/4*3], s)
	if err != nil || m != size {
		return false
	}
	p.data = p.data[:start+m]
	p.records[n].Data = p.data[start : start+m : start+m]
	return true
}
