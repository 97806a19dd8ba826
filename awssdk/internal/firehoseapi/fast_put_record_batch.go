package firehoseapi

import (
	"encoding/base64"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/firehose"
)

// DecodeJSONFast decodes the PutRecordBatch request the SDKs send — one object with the members
// DeliveryStreamName and Records, each record an object whose only member is Data, strings without escapes — in
// two passes over the body (measure, then decode), with one allocation for all the data and one for the
// records. Anything else (escapes, other or differently cased member names, a member twice, nulls, a record
// without Data, more than 500 records, invalid UTF-8 or base64) returns false with in unchanged, and
// encoding/json decodes the body instead. FuzzFastPutRecordBatch checks that the two agree.
func (in *putRecordBatchInput) DecodeJSONFast(body []byte) bool {
	m := batchParser{Scanner: wire.Scanner{B: body}}
	if !m.input() {
		return false
	}
	p := batchParser{Scanner: wire.Scanner{B: body}, decode: true, data: make([]byte, 0, m.dataLen), out: make(batchRecords, 0, m.n)}
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
	wire.Scanner

	decode              bool
	n, dataLen          int
	data                []byte
	out                 batchRecords
	name                []byte
	hasName, hasRecords bool
}

func (p *batchParser) input() bool {
	if !p.Byte('{') {
		return false
	}
	if p.Byte('}') {
		return p.End()
	}
	for {
		key, ok := p.String()
		if !ok || !p.Byte(':') {
			return false
		}
		switch string(key) {
		case "DeliveryStreamName":
			if p.hasName {
				return false
			}
			p.hasName = true
			p.name, ok = p.String()
		case "Records":
			ok = p.recordList()
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

func (p *batchParser) recordList() bool {
	if p.hasRecords {
		return false
	}
	p.hasRecords = true
	return p.List(firehose.MaxBatchRecords, func(int) bool { return p.record() })
}

// record reads {"Data":"BASE64"}, decoded as encoding/json decodes a []byte (see [wire.Scanner.Base64]).
func (p *batchParser) record() bool {
	if !p.Byte('{') {
		return false
	}
	key, ok := p.String()
	if !ok || string(key) != "Data" || !p.Byte(':') {
		return false
	}
	if !p.decode {
		q, ok := p.Quoted()
		if !ok || !p.Byte('}') {
			return false
		}
		p.n++
		p.dataLen += base64.StdEncoding.DecodedLen(len(q))
		return true
	}
	if len(p.out) == cap(p.out) {
		return false // not what the measuring pass saw
	}
	start := len(p.data)
	data, ok := p.Base64(p.data)
	if !ok || !p.Byte('}') {
		return false
	}
	p.data = data
	p.out = append(p.out, firehose.Record{Data: data[start:len(data):len(data)]})
	return true
}
