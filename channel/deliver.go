package channel

import (
	"context"
	"encoding/json"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/kinesim/kinesim/firehose/buffer"
	"github.com/kinesim/kinesim/firehose/compress"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/retry"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/record"
)

// The error codes of dead-letter documents (kinesim's names; AWS documents that records failing validation go to
// the dead-letter queue "with error context", not the document's fields).
const (
	ErrorCodeInvalidJSON    = "InvalidJSON"
	ErrorCodeInvalidUTF8    = "InvalidUTF8"
	ErrorCodeDeliveryFailed = "S3DeliveryFailed"
)

// DeadLetter is one document of a dead-letter object: one JSON document per line, for one record that failed
// validation or whose delivery failed for the whole retry duration. The fields follow Firehose's error output
// records (attemptsMade, arrivalTimestamp, errorCode, errorMessage, attemptEndingTimestamp, rawData) plus where
// the record came from in the source stream.
type DeadLetter struct {
	AttemptsMade           int    `json:"attemptsMade"`
	ArrivalTimestamp       int64  `json:"arrivalTimestamp"` // Unix milliseconds
	ErrorCode              string `json:"errorCode"`
	ErrorMessage           string `json:"errorMessage"`
	AttemptEndingTimestamp int64  `json:"attemptEndingTimestamp"` // Unix milliseconds
	StreamARN              string `json:"streamARN"`
	ShardID                string `json:"shardId"`
	SequenceNumber         string `json:"sequenceNumber"`
	PartitionKey           string `json:"partitionKey"`
	RawData                []byte `json:"rawData"` // base64 in JSON
}

// startReading starts the reading goroutine (the source stream's records from from on) and the delivery
// goroutine. It reports false when the engine is closed. Engine.mu must be held (stopReading reads what it sets
// after taking Engine.mu).
func (c *ch) startReading(from time.Time) bool {
	ctx, cancel := context.WithCancel(context.Background())
	c.stopRead, c.readDone = cancel, make(chan struct{})
	if !c.e.life.Go(c.run) {
		cancel()
		close(c.readDone)
		return false
	}
	ok := c.e.life.Go(func() {
		defer close(c.readDone)
		for rec, err := range c.e.cfg.source.Follow(ctx, c.streamARN, from) {
			if err != nil {
				if ctx.Err() == nil {
					c.e.sourceFailed(c, err)
				}
				return
			}
			now := c.e.clk.Now()
			c.mu.Lock()
			if c.closed {
				c.mu.Unlock()
				return
			}
			c.addLocked(now, &rec)
			c.mu.Unlock()
		}
	})
	if !ok {
		cancel()
		close(c.readDone)
	}
	return ok
}

// stopReading ends the reading goroutine and waits for it. It must be called without c.mu.
func (c *ch) stopReading() {
	if c.stopRead != nil {
		c.stopRead()
		<-c.readDone
	}
}

// sourceFailed makes a channel whose source stream ended (deleted) FAILED, with the reason.
func (e *Engine) sourceFailed(c *ch, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if c.status() == ChannelStatusDeleting || e.closing {
		return
	}
	c.state.Cancel()
	c.state.Finish(status.Status(ChannelStatusFailed))
	c.reason = "The source stream can no longer be read: " + err.Error()
}

// addLocked takes one record read from the source: validated for the record format, then buffered with its
// delimiter, or, when invalid, buffered as a dead-letter document. c.mu must be held.
func (c *ch) addLocked(now time.Time, r *record.Record) {
	c.m.IncomingRecords++
	c.m.IncomingBytes += int64(len(r.Data))
	if c.arrived != nil && c.m.IncomingRecords >= c.arrivedAt {
		close(c.arrived)
		c.arrived = nil
	}
	code, msg := "", ""
	switch c.rec.RecordFormatType {
	case RecordFormatTypeJSON:
		if !json.Valid(r.Data) {
			code, msg = ErrorCodeInvalidJSON, "The record is not a valid JSON payload."
		}
	case RecordFormatTypeString:
		if !utf8.Valid(r.Data) {
			code, msg = ErrorCodeInvalidUTF8, "The record is not a valid UTF-8 string."
		}
	}
	meta := recMeta{shardID: r.ShardId, sequenceNumber: r.SequenceNumber.String(), partitionKey: r.PartitionKey}
	var due bool
	if code != "" {
		doc := c.deadLetter(r.Data, r.ApproximateArrivalTimestamp, now, meta, code, msg, 0)
		due = c.dead.Add(now, r.ApproximateArrivalTimestamp, doc)
	} else {
		data := r.Data
		if c.delimited() {
			c.scratch = append(append(c.scratch[:0], data...), '\n')
			data = c.scratch
		}
		c.meta = append(c.meta, meta)
		due = c.buf.Add(now, r.ApproximateArrivalTimestamp, data)
	}
	if due {
		c.queueDueLocked(now)
	}
	c.armLocked(now)
}

// delimited reports whether each record is followed by a newline in the objects: JSON and STRING records are
// (JSON Lines and lines of text, so that an object splits back into its records); BYTE_ARRAY records are
// concatenated as they are, as Firehose writes them (the Developer Guide says only that records are delivered in
// their source format: a kinesim decision).
func (c *ch) delimited() bool { return c.rec.RecordFormatType != RecordFormatTypeByteArray }

// deadLetter returns the JSON line of one dead-letter document.
func (c *ch) deadLetter(raw []byte, arrival, now time.Time, m recMeta, code, msg string, attempts int) []byte {
	doc, _ := json.Marshal(DeadLetter{AttemptsMade: attempts, ArrivalTimestamp: arrival.UnixMilli(), ErrorCode: code,
		ErrorMessage: msg, AttemptEndingTimestamp: now.UnixMilli(), StreamARN: c.streamARN, ShardID: m.shardID,
		SequenceNumber: m.sequenceNumber, PartitionKey: m.partitionKey, RawData: raw})
	return append(doc, '\n')
}

// queueDueLocked queues the buffers that are due at now. c.mu must be held.
func (c *ch) queueDueLocked(now time.Time) {
	if c.buf.Due(now) {
		c.queueLocked(job{batch: c.buf.Take(now), meta: c.meta})
		c.meta = nil
	}
	if c.dead.Due(now) {
		c.queueLocked(job{batch: c.dead.Take(now), dead: true})
	}
}

// flushLocked queues what both buffers hold. c.mu must be held.
func (c *ch) flushLocked(now time.Time) {
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
	if c.buf.Len() > 0 {
		c.queueLocked(job{batch: c.buf.Take(now), meta: c.meta})
		c.meta = nil
	}
	if c.dead.Len() > 0 {
		c.queueLocked(job{batch: c.dead.Take(now), dead: true})
	}
}

func (c *ch) queueLocked(j job) {
	c.queue = append(c.queue, j)
	c.queued++
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// armLocked arms the freshness timer for the earlier deadline of the two buffers. c.mu must be held.
func (c *ch) armLocked(now time.Time) {
	at, ok := c.buf.NextDeadline()
	if d, dok := c.dead.NextDeadline(); dok && (!ok || d.Before(at)) {
		at, ok = d, true
	}
	if !ok || c.closed {
		return
	}
	if c.timer != nil {
		if c.armedAt.Equal(at) {
			return
		}
		c.timer.Stop()
	}
	c.armedAt = at
	c.timer = lifecycle.AfterFunc(c.e.life, at.Sub(now), c, (*ch).freshnessElapsed)
}

// freshnessElapsed is the freshness timer's callback.
func (c *ch) freshnessElapsed() {
	now := c.e.clk.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timer = nil
	c.queueDueLocked(now)
	c.armLocked(now)
}

// run is a channel's delivery goroutine: it delivers the queued batches one at a time, in order, until the channel
// is deleted or the engine closes and the queue is empty.
func (c *ch) run() {
	for {
		c.mu.Lock()
		for len(c.queue) == 0 {
			if c.closed {
				c.mu.Unlock()
				return
			}
			c.mu.Unlock()
			select {
			case <-c.wake:
			case <-c.e.drain:
			}
			c.mu.Lock()
			if c.e.draining() && len(c.queue) == 0 {
				c.mu.Unlock()
				return
			}
		}
		j := c.queue[0]
		c.mu.Unlock()

		c.deliver(&j)

		c.mu.Lock()
		if j.dead {
			c.dead.Recycle(j.batch)
		} else {
			c.buf.Recycle(j.batch)
		}
		c.queue[0] = job{}
		c.queue = c.queue[1:]
		c.finished++
		if c.progress != nil {
			close(c.progress)
			c.progress = nil
		}
		c.mu.Unlock()
	}
}

// deliver writes one batch: a data batch to the bucket, retried with backoff on the engine's clock for the retry
// duration, then its records to the dead-letter queue; a dead-letter batch to the dead-letter bucket, retried
// until it is written (a few times once the engine is closing; what is still not written is counted as lost).
func (c *ch) deliver(j *job) {
	if j.dead {
		c.writeDead(j.batch.Data, j.batch.Oldest, j.batch.Len())
		return
	}
	at := j.batch.Oldest.UTC()
	obj, err := c.encode(j.batch.Data, at)
	attempts := 0
	if err == nil {
		kv := c.keyValues(at)
		key := string(c.tpl.appendKey(make([]byte, 0, 160), &kv, c.e.uuid()))
		attempts, err = c.attempt(c.bucket, key, obj, c.e.clk.Now(), false)
		if err == nil {
			c.mu.Lock()
			c.m.DeliveredRecords += int64(j.batch.Len())
			c.m.DeliveredObjects++
			c.mu.Unlock()
			return
		}
	}
	now := c.e.clk.Now()
	var docs []byte
	for i := range j.batch.Len() {
		raw := j.batch.Record(i)
		if c.delimited() {
			raw = raw[:len(raw)-1]
		}
		docs = append(docs, c.deadLetter(raw, j.batch.Records[i].Arrival, now, j.meta[i], ErrorCodeDeliveryFailed, err.Error(), attempts)...)
	}
	c.writeDead(docs, j.batch.Oldest, j.batch.Len())
}

// writeDead writes n dead-letter documents as one object of the dead-letter bucket.
func (c *ch) writeDead(docs []byte, oldest time.Time, n int) {
	at := oldest.UTC()
	obj, err := c.encode(docs, at)
	if err == nil {
		kv := c.keyValues(at)
		key := c.errTpl.appendKey(append(make([]byte, 0, 160), c.dlq.ErrorOutputPrefix...), &kv, c.e.uuid())
		_, err = c.attempt(c.dlqBucket, string(key), obj, c.e.clk.Now(), true)
	}
	if err != nil {
		c.e.lost.Add(int64(n))
		return
	}
	c.mu.Lock()
	c.m.DeadLetterRecords += int64(n)
	c.mu.Unlock()
}

func (c *ch) keyValues(at time.Time) keyValues {
	return keyValues{channelName: c.name, channelID: c.id, streamName: c.streamName, at: at,
		ext: extension(c.storage.CompressionType)}
}

// codec is the firehose/compress format of compression t: GZIP or ZSTD, Uncompressed for NONE.
func codec(t S3CompressionType) compress.Format {
	switch t {
	case S3CompressionTypeGzip:
		return compress.GZIP
	case S3CompressionTypeZstd:
		return compress.ZSTD
	}
	return compress.Uncompressed
}

// extension is the file extension of an object of compression t (kinesim's reading of !{extension}: the
// compression's, as Firehose names it: ".gz", ".zst", "" for NONE).
func extension(t S3CompressionType) string { return codec(t).Extension() }

// encode returns data compressed as configured, in a slice of its own (stores keep what they are given).
func (c *ch) encode(data []byte, at time.Time) ([]byte, error) {
	f := codec(c.storage.CompressionType)
	if f == compress.Uncompressed {
		return append([]byte(nil), data...), nil
	}
	out, err := compress.Encode(c.packed[:0], data, f, compress.Options{Modified: at})
	if err != nil {
		return nil, err
	}
	c.packed = out[:0]
	return append([]byte(nil), out...), nil
}

// closeAttempts is how many times a write is tried once the engine is closing.
const closeAttempts = 3

// attempt puts the object until it succeeds, or (forever false) the retry duration from first has passed, or
// (while the engine closes) a few attempts failed. It returns the attempts made and the last error.
func (c *ch) attempt(bucket, key string, obj []byte, first time.Time, forever bool) (int, error) {
	store := c.e.storeFor(bucket)
	w := retry.Within(first, c.e.cfg.retryDuration)
	if forever {
		w = retry.Forever
	}
	return c.e.retry.Do(w, func() error { return c.putOnce(store, bucket, key, obj) }, func(_ time.Time, err error) bool {
		if err != nil {
			c.mu.Lock()
			c.m.FailedAttempts++
			c.mu.Unlock()
		}
		return false
	})
}

var errAttemptTimeout = errors.New("channel: PutObject attempt timed out")

// putOnce makes one PutObject attempt with the attempt timeout on the engine's clock.
func (c *ch) putOnce(store ObjectStore, bucket, key string, obj []byte) error {
	return c.e.retry.Timed(c.e.cfg.attemptTimeout, errAttemptTimeout, func(ctx context.Context) error {
		return store.PutObject(ctx, bucket, key, obj)
	})
}

// newBuffers gives a channel its two buffers.
func (c *ch) newBuffers() {
	c.buf = buffer.New(c.hints())
	c.dead = buffer.New(c.hints())
}
