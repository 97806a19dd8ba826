package process

import "strconv"

// Failure is a record that a built-in processor could not process; it goes to the error output
// (processing-failed) with Err's text as its message.
type Failure struct {
	Record Record
	Err    error
}

// Prepare applies the record-level built-in processors of c that come before the Lambda, in Firehose's order:
// Decompression, CloudWatchLogProcessing, then RecordDeAggregation (KPL de-aggregation of a Kinesis source,
// [DeaggregateKPL], is the caller's, before Prepare). A record that splits into several keeps its arrival
// time and metadata, and its sub-records get the RecordIds "<RecordId>:<n>" (n from 0); a CONTROL_MESSAGE of
// CloudWatch Logs gives no record. A disabled Config returns recs unchanged. The output shares the inputs' Data
// where it can.
func (c *Config) Prepare(recs []Record) (out []Record, failed []Failure) {
	if !c.Enabled || c.Decompression == nil && c.CloudWatchLogProcessing == nil && c.DeAggregation == nil {
		return recs, nil
	}
	out = make([]Record, 0, len(recs))
	for _, r := range recs {
		parts := [][]byte{r.Data}
		var err error
		if c.Decompression != nil {
			var d []byte
			if d, err = c.Decompression.Decompress(r.Data); err == nil {
				parts = [][]byte{d}
			}
		}
		if err == nil && c.CloudWatchLogProcessing != nil {
			parts, err = c.CloudWatchLogProcessing.Extract(parts[0])
		}
		if err == nil && c.DeAggregation != nil {
			var all [][]byte
			for _, p := range parts {
				var sub [][]byte
				if sub, err = c.DeAggregation.Split(p); err != nil {
					break
				}
				all = append(all, sub...)
			}
			parts = all
		}
		if err != nil {
			failed = append(failed, Failure{Record: r, Err: err})
			continue
		}
		if len(parts) == 1 && c.CloudWatchLogProcessing == nil && c.DeAggregation == nil {
			r.Data = parts[0]
			out = append(out, r)
			continue
		}
		for i, p := range parts {
			sub := r
			sub.Data = p
			sub.RecordId = r.RecordId + ":" + strconv.Itoa(i)
			out = append(out, sub)
		}
	}
	return out, failed
}
