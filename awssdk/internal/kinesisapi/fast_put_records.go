package kinesisapi

import (
	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

// DecodeJSONFast decodes the PutRecords request the SDKs send — one object with the members StreamName,
// StreamARN, Records and DryRun (true or false), each entry an object of Data, PartitionKey and ExplicitHashKey, strings without
// escapes — in one pass over the body, with one allocation for all the data (sized for the most the body
// can hold, 3/4 of its length), one for all the strings and one for the entries. Anything else (escapes, other or differently cased member names,
// nulls, more than 500 entries, invalid UTF-8 or base64) returns false with in unchanged, and encoding/json
// decodes the body instead. FuzzFastPutRecords checks that the two agree.
func (in *putRecordsInput) DecodeJSONFast(body []byte) bool {
	// At most one entry per 3 bytes ("{}," each), and one more for the 501st that refuses the request.
	n := min(len(body)/3+1, stream.MaxPutRecordsEntries)
	p := fastParser{
		Scanner: wire.Scanner{B: body},
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
	out := putRecordsInput{ref: ref{StreamName: at(p.refs[0]), StreamARN: at(p.refs[1])}, Records: p.records, DryRun: p.dryRun}
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
	wire.Scanner

	data, strs []byte
	refs       []strRef
	records    putRecordsEntries
	hasRecords bool
	dryRun     bool
}

type strRef struct{ off, n int }

// key reads a member name and its colon.
func (p *fastParser) key() ([]byte, bool) {
	key, ok := p.String()
	return key, ok && p.Byte(':')
}

// entryKey reads the member name of a record entry and its colon: entryData, entryPartitionKey or
// entryExplicitHashKey. Any other name, or one with escapes, is refused, as raw and a switch would refuse it.
func (p *fastParser) entryKey() (int, bool) {
	p.WS()
	rest := p.B[p.I:]
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
	p.I += n
	return k, p.Byte(':')
}

const (
	entryData = iota
	entryPartitionKey
	entryExplicitHashKey
)

// text reads a string into refs[slot].
func (p *fastParser) text(slot int) bool {
	s, ok := p.String()
	if !ok {
		return false
	}
	p.refs[slot] = strRef{len(p.strs), len(s)}
	p.strs = append(p.strs, s...)
	return true
}

func (p *fastParser) putRecords() bool {
	if !p.Byte('{') {
		return false
	}
	if p.Byte('}') {
		return p.End()
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
		case "DryRun":
			ok = p.boolean(&p.dryRun)
		default:
			ok = false
		}
		if !ok {
			return false
		}
		if p.Byte('}') {
			return p.End()
		}
		if !p.Byte(',') {
			return false
		}
	}
}

// boolean reads the literal true or false into *b (the last one wins, as with encoding/json); null, which
// encoding/json ignores, and anything else are refused.
func (p *fastParser) boolean(b *bool) bool {
	p.WS()
	rest := p.B[p.I:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		*b, p.I = true, p.I+4
	case len(rest) >= 5 && string(rest[:5]) == "false":
		*b, p.I = false, p.I+5
	default:
		return false
	}
	return true
}

func (p *fastParser) recordList() bool {
	if p.hasRecords { // a second Records member is left to encoding/json
		return false
	}
	p.hasRecords = true
	return p.List(stream.MaxPutRecordsEntries, p.entry)
}

func (p *fastParser) entry(n int) bool {
	if n == cap(p.records) {
		return false // not reached: records holds as many entries as the body can
	}
	p.records = append(p.records, putRecordsEntry{})
	if !p.Byte('{') {
		return false
	}
	if p.Byte('}') {
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
		if p.Byte('}') {
			return true
		}
		if !p.Byte(',') {
			return false
		}
	}
}

// blob reads entry n's Data, decoded as encoding/json decodes a []byte (see [wire.Scanner.Base64]).
func (p *fastParser) blob(n int) bool {
	start := len(p.data)
	data, ok := p.Base64(p.data)
	if !ok {
		return false // not base64, or (not reached) more than data holds: 3/4 of the body
	}
	p.data = data
	p.records[n].Data = data[start:len(data):len(data)]
	return true
}
