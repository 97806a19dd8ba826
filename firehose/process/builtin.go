package process

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/record"
)

// Errors of the built-in processors, matched with errors.Is. A record they fail goes to the error output as
// processing-failed, with the error's text as the message.
var (
	// ErrNotJSON: a record given to JSON de-aggregation is not a sequence of JSON objects.
	ErrNotJSON = errors.New("process: record is not a sequence of JSON objects")
	// ErrTooManySubRecords: de-aggregation found more than MaxSubRecords sub-records in one record.
	ErrTooManySubRecords = errors.New("process: more than 500 sub-records in one record")
	// ErrDecompression: Decompression could not read the record as GZIP, or it inflates beyond the limit.
	ErrDecompression = errors.New("process: record cannot be decompressed")
	// ErrNotCloudWatchLogs: the record is not a CloudWatch Logs subscription message.
	ErrNotCloudWatchLogs = errors.New("process: record is not a CloudWatch Logs subscription message")
)

// DeaggregateKPL returns the user records of KPL-aggregated records, as Firehose de-aggregates the records it
// reads from a Kinesis data stream before the transformation and delivery (developer guide, "Writing to Firehose
// using Kinesis Data Streams"), using package agg (the KCL's rules: a record that is not an aggregate, or whose
// checksum fails, passes through whole). A user record keeps its parent's ApproximateArrivalTimestamp and
// metadata, with the SubsequenceNumber and PartitionKey of the user record, and the RecordId
// "<parent RecordId>:<subsequence number>" (kinesim's: AWS does not document the IDs of de-aggregated records).
// The user records' Data share their parent's.
func DeaggregateKPL(recs []Record) []Record {
	out := make([]Record, 0, len(recs))
	var users []agg.UserRecord
	for _, r := range recs {
		if !agg.IsAggregated(r.Data) {
			out = append(out, r)
			continue
		}
		users, _ = agg.AppendDeaggregated(users[:0], record.Record{Data: r.Data}, agg.AllHashKeys)
		for _, u := range users {
			if !u.Aggregated {
				out = append(out, r)
				continue
			}
			ur := r
			ur.Data = u.Data
			ur.RecordId = r.RecordId + ":" + strconv.FormatUint(u.SubSequenceNumber, 10)
			if r.KinesisRecordMetadata != nil {
				m := *r.KinesisRecordMetadata
				m.SubsequenceNumber = u.SubSequenceNumber
				m.PartitionKey = u.PartitionKey
				ur.KinesisRecordMetadata = &m
			}
			out = append(out, ur)
		}
	}
	return out
}

// Split returns the sub-records of data as the RecordDeAggregation processor splits it: consecutive JSON objects
// ({"a":1}{"a":2}, or one per line; not a JSON array) for SubRecordJSON, or the pieces between delimiters for
// SubRecordDelimited (an empty piece after the last delimiter is not a record). Sub-records share data. More than
// [MaxSubRecords] sub-records fail with [ErrTooManySubRecords], JSON that is not a sequence of objects with
// [ErrNotJSON].
func (d *DeAggregation) Split(data []byte) ([][]byte, error) {
	if d.SubRecordType == SubRecordDelimited {
		return splitDelimited(data, d.Delimiter)
	}
	return splitJSON(data)
}

func splitDelimited(data, delim []byte) ([][]byte, error) {
	var out [][]byte
	for len(data) > 0 {
		i := bytes.Index(data, delim)
		if len(delim) == 0 || i < 0 {
			out = append(out, data)
			break
		}
		out = append(out, data[:i])
		data = data[i+len(delim):]
		if len(out) > MaxSubRecords {
			return nil, ErrTooManySubRecords
		}
	}
	if len(out) > MaxSubRecords {
		return nil, ErrTooManySubRecords
	}
	return out, nil
}

func splitJSON(data []byte) ([][]byte, error) {
	var out [][]byte
	for {
		i := skipSpace(data, 0)
		if i == len(data) {
			return out, nil
		}
		if data[i] != '{' {
			return nil, fmt.Errorf("%w: a sub-record is not a JSON object", ErrNotJSON)
		}
		end, ok := objectEnd(data, i)
		if !ok || !json.Valid(data[i:end]) {
			return nil, fmt.Errorf("%w: invalid JSON at offset %d", ErrNotJSON, i)
		}
		out = append(out, data[i:end])
		if len(out) > MaxSubRecords {
			return nil, ErrTooManySubRecords
		}
		data = data[end:]
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// objectEnd returns the offset just after the JSON object starting at b[i] ('{'), found by counting brackets
// outside strings; the object is validated separately.
func objectEnd(b []byte, i int) (int, bool) {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}
	}
	return 0, false
}

// MaxDecompressedSize bounds what Decompression inflates one record to: 10 MiB, so that a small hostile record
// cannot take unbounded memory (kinesim's limit; a CloudWatch Logs message is at most 1 MiB of log events).
const MaxDecompressedSize = 10 << 20

// Decompress inflates a GZIP record, as the Decompression processor does for CloudWatch Logs data.
func (d *Decompression) Decompress(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDecompression, err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, MaxDecompressedSize+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDecompression, err)
	}
	if len(out) > MaxDecompressedSize {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrDecompression, MaxDecompressedSize)
	}
	return out, nil
}

// cwlMessage is a CloudWatch Logs subscription message (CloudWatch Logs User Guide, "Subscription filters").
type cwlMessage struct {
	MessageType string `json:"messageType"`
	LogEvents   []struct {
		Message *string `json:"message"`
	} `json:"logEvents"`
}

// Extract returns what CloudWatchLogProcessing makes of a decompressed subscription message: nothing for a
// CONTROL_MESSAGE; for a DATA_MESSAGE with DataMessageExtraction, the message of each log event, one record
// each; without it, the message whole.
func (c *CloudWatchLogProcessing) Extract(data []byte) ([][]byte, error) {
	var m cwlMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotCloudWatchLogs, err)
	}
	switch m.MessageType {
	case "CONTROL_MESSAGE":
		return nil, nil
	case "DATA_MESSAGE":
	default:
		return nil, fmt.Errorf("%w: messageType %q", ErrNotCloudWatchLogs, m.MessageType)
	}
	if !c.DataMessageExtraction {
		return [][]byte{data}, nil
	}
	out := make([][]byte, 0, len(m.LogEvents))
	for _, e := range m.LogEvents {
		if e.Message == nil {
			return nil, fmt.Errorf("%w: a log event has no message", ErrNotCloudWatchLogs)
		}
		out = append(out, []byte(*e.Message))
	}
	return out, nil
}

// AppendRecord appends one record to an object being built, followed by the delimiter of
// AppendDelimiterToRecord (c.AppendDelimiter, nil without it: Firehose then concatenates records with no
// delimiter).
func (c *Config) AppendRecord(dst, data []byte) []byte {
	dst = append(dst, data...)
	return append(dst, c.AppendDelimiter...)
}
