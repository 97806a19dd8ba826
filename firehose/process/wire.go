package process

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
)

// The JSON of the Lambda contract, as a Lambda function written against aws-lambda-go's
// events.KinesisFirehoseEvent and events.KinesisFirehoseResponse reads and writes it. A [Transformer] in Go does
// not need it; it is for a function behind a URL or a process, and for measuring a response as Lambda does.

// AppendEvent appends the JSON event of req to dst: invocationId, deliveryStreamArn, sourceKinesisStreamArn
// (only when set), region and records[] with recordId, approximateArrivalTimestamp (epoch ms), data (base64)
// and kinesisRecordMetadata (only when set).
func AppendEvent(dst []byte, req *Request) []byte {
	dst = append(dst, `{"invocationId":`...)
	dst = appendString(dst, req.InvocationId)
	dst = append(dst, `,"deliveryStreamArn":`...)
	dst = appendString(dst, req.DeliveryStreamArn)
	if req.SourceKinesisStreamArn != "" {
		dst = append(dst, `,"sourceKinesisStreamArn":`...)
		dst = appendString(dst, req.SourceKinesisStreamArn)
	}
	dst = append(dst, `,"region":`...)
	dst = appendString(dst, req.Region)
	dst = append(dst, `,"records":[`...)
	for i := range req.Records {
		r := &req.Records[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"recordId":`...)
		dst = appendString(dst, r.RecordId)
		dst = append(dst, `,"approximateArrivalTimestamp":`...)
		dst = strconv.AppendInt(dst, r.ApproximateArrivalTimestamp.UnixMilli(), 10)
		dst = append(dst, `,"data":"`...)
		dst = base64.StdEncoding.AppendEncode(dst, r.Data)
		dst = append(dst, '"')
		if m := r.KinesisRecordMetadata; m != nil {
			dst = append(dst, `,"kinesisRecordMetadata":{"shardId":`...)
			dst = appendString(dst, m.ShardId)
			dst = append(dst, `,"partitionKey":`...)
			dst = appendString(dst, m.PartitionKey)
			dst = append(dst, `,"approximateArrivalTimestamp":`...)
			dst = strconv.AppendInt(dst, m.ApproximateArrivalTimestamp.UnixMilli(), 10)
			dst = append(dst, `,"sequenceNumber":`...)
			dst = appendString(dst, m.SequenceNumber)
			dst = append(dst, `,"subsequenceNumber":`...)
			dst = strconv.AppendUint(dst, m.SubsequenceNumber, 10)
			dst = append(dst, '}')
		}
		dst = append(dst, '}')
	}
	return append(dst, "]}"...)
}

// AppendResponse appends the JSON response {"records":[…]} of resp to dst: recordId, result, data (base64) and,
// when there are partition keys, metadata.partitionKeys (keys in the order of sortedKeys).
func AppendResponse(dst []byte, resp []Response) []byte {
	dst = append(dst, `{"records":[`...)
	for i := range resp {
		r := &resp[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"recordId":`...)
		dst = appendString(dst, r.RecordId)
		dst = append(dst, `,"result":`...)
		dst = appendString(dst, string(r.Result))
		dst = append(dst, `,"data":"`...)
		dst = base64.StdEncoding.AppendEncode(dst, r.Data)
		dst = append(dst, '"')
		if len(r.Metadata.PartitionKeys) > 0 {
			dst = append(dst, `,"metadata":{"partitionKeys":{`...)
			for j, k := range sortedKeys(r.Metadata.PartitionKeys) {
				if j > 0 {
					dst = append(dst, ',')
				}
				dst = appendString(dst, k)
				dst = append(dst, ':')
				dst = appendString(dst, r.Metadata.PartitionKeys[k])
			}
			dst = append(dst, "}}"...)
		}
		dst = append(dst, '}')
	}
	return append(dst, "]}"...)
}

// ResponseSize returns len(AppendResponse(nil, resp)) without building it: the size Lambda's 6 MB limit
// ([MaxResponseSize]) applies to.
func ResponseSize(resp []Response) int {
	n := len(`{"records":[]}`)
	for i := range resp {
		r := &resp[i]
		if i > 0 {
			n++
		}
		n += len(`{"recordId":,"result":,"data":""}`) + stringSize(r.RecordId) + stringSize(string(r.Result)) +
			base64.StdEncoding.EncodedLen(len(r.Data))
		if len(r.Metadata.PartitionKeys) > 0 {
			n += len(`,"metadata":{"partitionKeys":{}}`)
			j := 0
			for k, v := range r.Metadata.PartitionKeys {
				if j > 0 {
					n++
				}
				n += stringSize(k) + 1 + stringSize(v)
				j++
			}
		}
	}
	return n
}

// ErrMalformedResponse: the response is not the JSON of the status model.
var ErrMalformedResponse = errors.New("process: malformed transformation response")

// wireResponse is the JSON shape of a response (aws-lambda-go events.KinesisFirehoseResponse).
type wireResponse struct {
	Records []struct {
		RecordID string  `json:"recordId"`
		Result   string  `json:"result"`
		Data     *string `json:"data"`
		Metadata struct {
			PartitionKeys map[string]string `json:"partitionKeys"`
		} `json:"metadata"`
	} `json:"records"`
}

// ParseResponse parses the JSON a Lambda function returns. A body that is not a JSON object with a records
// array, or a record whose data is not base64, gives an error matching [ErrMalformedResponse], which Firehose
// reports as Lambda.JsonProcessingException for the whole batch. Unknown fields are ignored, as Firehose ignores
// otfMetadata when no Iceberg destination reads it. Results are not checked here ([Check] does).
func ParseResponse(body []byte) ([]Response, error) {
	var w wireResponse
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedResponse, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the JSON object", ErrMalformedResponse)
	}
	if w.Records == nil {
		return nil, fmt.Errorf("%w: no records array", ErrMalformedResponse)
	}
	out := make([]Response, len(w.Records))
	for i, r := range w.Records {
		out[i] = Response{RecordId: r.RecordID, Result: Result(r.Result), Metadata: Metadata{PartitionKeys: r.Metadata.PartitionKeys}}
		if r.Data != nil {
			d, err := base64.StdEncoding.DecodeString(*r.Data)
			if err != nil {
				return nil, fmt.Errorf("%w: record %d: data is not base64: %v", ErrMalformedResponse, i, err)
			}
			out[i].Data = d
		}
	}
	return out, nil
}

// wireEvent is the JSON shape of an event (aws-lambda-go events.KinesisFirehoseEvent).
type wireEvent struct {
	InvocationID           string `json:"invocationId"`
	DeliveryStreamArn      string `json:"deliveryStreamArn"`
	SourceKinesisStreamArn string `json:"sourceKinesisStreamArn"`
	Region                 string `json:"region"`
	Records                []struct {
		RecordID                    string `json:"recordId"`
		ApproximateArrivalTimestamp int64  `json:"approximateArrivalTimestamp"`
		Data                        string `json:"data"`
		KinesisRecordMetadata       *struct {
			ShardID                     string `json:"shardId"`
			PartitionKey                string `json:"partitionKey"`
			ApproximateArrivalTimestamp int64  `json:"approximateArrivalTimestamp"`
			SequenceNumber              string `json:"sequenceNumber"`
			SubsequenceNumber           uint64 `json:"subsequenceNumber"`
		} `json:"kinesisRecordMetadata"`
	} `json:"records"`
}

// ParseEvent parses the JSON event [AppendEvent] writes, as a function receives it. Errors match
// [ErrMalformedEvent].
func ParseEvent(body []byte) (*Request, error) {
	var w wireEvent
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedEvent, err)
	}
	req := &Request{InvocationId: w.InvocationID, DeliveryStreamArn: w.DeliveryStreamArn, SourceKinesisStreamArn: w.SourceKinesisStreamArn, Region: w.Region}
	req.Records = make([]Record, len(w.Records))
	for i, r := range w.Records {
		d, err := base64.StdEncoding.DecodeString(r.Data)
		if err != nil {
			return nil, fmt.Errorf("%w: record %d: data is not base64: %v", ErrMalformedEvent, i, err)
		}
		req.Records[i] = Record{RecordId: r.RecordID, Data: d, ApproximateArrivalTimestamp: time.UnixMilli(r.ApproximateArrivalTimestamp).UTC()}
		if m := r.KinesisRecordMetadata; m != nil {
			req.Records[i].KinesisRecordMetadata = &KinesisRecordMetadata{ShardId: m.ShardID, PartitionKey: m.PartitionKey,
				SequenceNumber: m.SequenceNumber, SubsequenceNumber: m.SubsequenceNumber,
				ApproximateArrivalTimestamp: time.UnixMilli(m.ApproximateArrivalTimestamp).UTC()}
		}
	}
	return req, nil
}

// ErrMalformedEvent: the body is not the JSON of a transformation event.
var ErrMalformedEvent = errors.New("process: malformed transformation event")

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string: quotes, backslashes and control characters escaped, invalid UTF-8
// replaced by U+FFFD, as encoding/json does, but without its HTML escaping.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, `\ufffd`...)
		} else if r == '\u2028' || r == '\u2029' {
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

// stringSize returns len(appendString(nil, s)).
func stringSize(s string) int {
	n := 2
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t':
				n += 2
			case c < 0x20:
				n += 6
			default:
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			n += 6
		} else {
			n += size
		}
		i += size
	}
	return n
}
