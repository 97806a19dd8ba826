package analytics

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"

	"time"

	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/clock"
)

// LambdaRequest is the event an output function receives (developer guide, how-it-works-output-lambda): the rows of
// one batch, each record's data the row in the output's format, base64-encoded.
type LambdaRequest struct {
	InvocationId   string         `json:"invocationId"`
	ApplicationArn string         `json:"applicationArn"`
	Records        []LambdaRecord `json:"records"`
}

// LambdaRecord is one row of a LambdaRequest.
type LambdaRecord struct {
	RecordId string `json:"recordId"`
	Data     []byte `json:"data"` // base64 in JSON
}

// LambdaResponse is what the function returns: for each record, Result "Ok" or "DeliveryFailed" (a failed record is
// sent again).
type LambdaResponse struct {
	Records []LambdaResult `json:"records"`
}

// LambdaResult is the outcome of one record of a LambdaRequest.
type LambdaResult struct {
	RecordId string `json:"recordId"`
	Result   string `json:"result"`
}

// maxAttempts is how many times an output sends a record that fails before dropping it (counted in Failures).
const maxAttempts = 3

// putRecordsMax is the most records one PutRecords or PutRecordBatch call carries.
const putRecordsMax = 500

// outputRun is one output while the application runs: it encodes the rows of its stream and writes them.
type outputRun struct {
	r    *run
	idx  int
	spec Output
	src  *hub
	rows <-chan batch
	rng  *rand.Rand
	seq  int64
}

func (o *outputRun) run() {
	for b := range o.rows {
		if len(b.rows) == 0 {
			continue
		}
		data := make([][]byte, len(b.rows))
		for i, r := range b.rows {
			data[i] = encodeRow(o.spec.DestinationSchema.RecordFormatType, o.src.schema, r)
		}
		for lo := 0; lo < len(data); lo += putRecordsMax {
			o.deliver(data[lo:min(lo+putRecordsMax, len(data))])
		}
	}
}

// deliver writes one chunk, sending what fails again up to maxAttempts times with a short pause on the clock.
func (o *outputRun) deliver(data [][]byte) {
	cfg := &o.r.a.e.cfg
	pending := data
	for attempt := 1; len(pending) > 0; attempt++ {
		var failed [][]byte
		switch {
		case o.spec.KinesisStreamsOutput != nil && cfg.sw != nil:
			recs := make([]OutputRecord, len(pending))
			for i, d := range pending {
				recs[i] = OutputRecord{Data: d, PartitionKey: strconv.FormatUint(o.rng.Uint64(), 16)}
			}
			errs, err := cfg.sw.PutRecords(o.r.ctx, o.spec.KinesisStreamsOutput.ResourceARN, recs)
			failed = failures(pending, errs, err)
		case o.spec.KinesisFirehoseOutput != nil && cfg.dw != nil:
			errs, err := cfg.dw.PutRecordBatch(o.r.ctx, o.spec.KinesisFirehoseOutput.ResourceARN, pending)
			failed = failures(pending, errs, err)
		case o.spec.LambdaOutput != nil && cfg.functions != nil:
			failed = o.invoke(pending)
		default:
			failed = pending // no writer for the destination
		}
		o.count(int64(len(pending)-len(failed)), 0)
		if len(failed) == 0 {
			return
		}
		if attempt == maxAttempts || o.r.ctx.Err() != nil {
			o.count(0, int64(len(failed)))
			return
		}
		if clock.Sleep(o.r.ctx, o.r.a.e.clk, time.Duration(attempt)*100*time.Millisecond) != nil {
			o.count(0, int64(len(failed)))
			return
		}
		pending = failed
	}
}

func (o *outputRun) count(delivered, failed int64) {
	a := o.r.a
	a.mu.Lock()
	a.outputs[o.idx].RecordsDelivered += delivered
	a.outputs[o.idx].Failures += failed
	a.mu.Unlock()
}

func failures(data [][]byte, errs []error, err error) [][]byte {
	if err != nil {
		return data
	}
	var failed [][]byte
	for i, e := range errs {
		if e != nil && i < len(data) {
			failed = append(failed, data[i])
		}
	}
	return failed
}

// invoke sends the records to the function and returns those it did not accept.
func (o *outputRun) invoke(data [][]byte) [][]byte {
	req := LambdaRequest{ApplicationArn: o.r.a.arn, Records: make([]LambdaRecord, len(data))}
	o.seq++
	req.InvocationId = o.r.a.in.ApplicationName + "-" + strconv.Itoa(o.idx) + "-" + strconv.FormatInt(o.seq, 10)
	for i, d := range data {
		req.Records[i] = LambdaRecord{RecordId: strconv.Itoa(i), Data: d}
	}
	payload, _ := json.Marshal(req)
	body, err := o.r.a.e.cfg.functions.Invoke(o.r.ctx, o.spec.LambdaOutput.ResourceARN, payload)
	if err != nil {
		return data
	}
	var resp LambdaResponse
	if json.Unmarshal(body, &resp) != nil {
		return data
	}
	ok := make(map[string]bool, len(resp.Records))
	for _, r := range resp.Records {
		if r.Result == "Ok" {
			ok[r.RecordId] = true
		}
	}
	var failed [][]byte
	for i, d := range data {
		if !ok[strconv.Itoa(i)] {
			failed = append(failed, d)
		}
	}
	return failed
}

// encodeRow writes a row in an output's format: a JSON object of the stream's columns (ROWTIME first), or a CSV
// line. Numbers and booleans are JSON numbers and booleans, other values their text, NULL null (an empty CSV field).
func encodeRow(f RecordFormatType, s query.Schema, r query.Row) []byte {
	var b []byte
	if f == FormatCSV {
		for i, v := range r.Values {
			if i > 0 {
				b = append(b, ',')
			}
			if v.IsNull() {
				continue
			}
			t := string(v.AppendText(nil))
			if strings.ContainsAny(t, ",\"\n") {
				t = strconv.Quote(t)
			}
			b = append(b, t...)
		}
		return append(b, '\n')
	}
	return query.AppendJSON(b, s, r, true)
}
