package firehose

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/kinesim/kinesim/firehose/buffer"
	"github.com/kinesim/kinesim/firehose/compress"
	"github.com/kinesim/kinesim/firehose/convert"
	"github.com/kinesim/kinesim/firehose/partition"
	"github.com/kinesim/kinesim/firehose/process"
	"github.com/kinesim/kinesim/internal/retry"
)

// destination is an S3 destination's configuration, validated, the defaults applied. It is never changed once
// made: UpdateDestination makes a new one.
type destination struct {
	bucketARN, bucket, roleARN string
	prefix, errorPrefix        string
	sizeMB, intervalS          int
	compression                CompressionFormat
	fileExtension              string
	extExplicit                bool // FileExtension was set
	customTimeZone             string
	zone                       *time.Location // of prefixes and names: CustomTimeZone, UTC by default
	legacy                     bool           // made with the deprecated S3DestinationConfiguration
	tpl                        prefixes

	// The processing path (pipeline.go).
	proc       process.Config // validated ProcessingConfiguration; zero without processing
	procCfg    *ProcessingConfiguration
	query      *partition.Query // MetadataExtraction
	conv       *convert.Converter
	convCfg    *DataFormatConversionConfiguration
	dynamic    bool
	dpCfg      *DynamicPartitioningConfiguration
	backupMode S3BackupMode
	backupDest *destination // source-record backup

	// The destination kind: S3, or one whose S3 configuration the fields above are (the error output, the
	// intermediate or backup bucket).
	kind destKind
	sink sink
}

func (d *destination) hints() buffer.Hints {
	return buffer.Hints{SizeBytes: d.sizeMB << 20, Interval: time.Duration(d.intervalS) * time.Second}
}

// extension is the file extension of the destination's data objects: FileExtension when set, else ".parquet" for
// objects converted to Parquet and the compression's otherwise, as AWS's table of "the default file extension
// appended by Firehose" gives them (Developer Guide, "Configure Amazon S3 object name format": "When you enable
// data format conversion or compression, Firehose will append a file extension based on the configuration").
func (d *destination) extension() string {
	if d.conv != nil && !d.extExplicit {
		return ParquetExtension
	}
	return d.errorExtension()
}

// ParquetExtension is the file extension of objects converted to Parquet (Developer Guide, "Configure Amazon S3
// object name format"; ORC's ".orc" does not arise, as ORC is refused).
const ParquetExtension = ".parquet"

// errorExtension is the file extension of the destination's error output objects, which hold JSON error records
// whatever the data objects' format: FileExtension when set, else the compression's.
func (d *destination) errorExtension() string {
	if d.extExplicit {
		return d.fileExtension
	}
	return d.compression.Extension()
}

// failedRecord is a record that goes to the error output.
type failedRecord struct {
	doc       []byte // the error record's JSON line, when a stage made it (processing, conversion); else built from the rest
	raw       []byte
	arrival   time.Time
	errType   string
	errorCode string
	message   string
	attempts  int
}

// run is a delivery stream's goroutine: it delivers the queued batches one at a time, in order, until the stream
// is deleted or the engine closes and the queue is empty.
func (s *deliveryStream) run() {
	for {
		s.mu.Lock()
		for len(s.queue) == 0 {
			if s.closed {
				s.mu.Unlock()
				return
			}
			s.mu.Unlock()
			select {
			case <-s.wake:
			case <-s.e.drain:
			}
			s.mu.Lock()
			if s.e.draining() && len(s.queue) == 0 {
				s.mu.Unlock()
				return
			}
		}
		j := s.queue[0]
		s.mu.Unlock()

		s.deliver(&j)

		s.mu.Lock()
		s.buf.Recycle(j.batch) // delivered: nothing holds its slices (stores get copies)
		s.queue[0] = job{}
		s.queue = s.queue[1:]
		s.finished++
		if s.progress != nil {
			close(s.progress)
			s.progress = nil
		}
		s.mu.Unlock()
	}
}

func (e *Engine) draining() bool { return e.retry.Draining() }

// deliver writes one batch: the object under the data prefix, retried with backoff on the engine's clock for the
// retry duration, then its records under the error output prefix (retried until it works, or once the engine is
// closing, a few times); nothing is dropped silently.
func (s *deliveryStream) deliver(j *job) {
	switch j.kind {
	case jobProcess:
		s.process(j)
		return
	case jobPart:
		s.deliverPart(j)
		return
	}
	var failed []failedRecord
	j.dest.sink.deliver(s, j, &failed)
	if len(failed) > 0 {
		s.writeErrors(j, failed)
	}
}

// encode returns data compressed as f in a slice of its own, of its exact size (stores keep what they are
// given). It compresses into the delivery goroutine's scratch buffer, which grows to the largest object and is
// reused, so that an object costs one allocation and no regrowing.
func (s *deliveryStream) encode(data []byte, f CompressionFormat, o compress.Options) ([]byte, error) {
	if f == Uncompressed {
		return append([]byte(nil), data...), nil
	}
	out, err := compress.Encode(s.scratch[:0], data, f, o)
	if err != nil {
		return nil, err
	}
	s.scratch = out[:0]
	return append([]byte(nil), out...), nil
}

// attempt puts the object until it succeeds, the retry duration from first has passed, or (while the engine
// closes) a few attempts failed. It returns the attempts made and the last error.
func (s *deliveryStream) attempt(bucket, key string, obj []byte, first time.Time) (int, error) {
	store := s.e.storeFor(bucket)
	return s.e.retry.Do(retry.Within(first, s.e.cfg.retryDuration), func() error { return s.putOnce(store, bucket, key, obj) },
		func(now time.Time, err error) bool { s.m.put(now, err == nil); return false })
}

// closeAttempts is how many times a write is tried once the engine is closing.
const closeAttempts = 3

// putOnce makes one PutObject attempt with the attempt timeout on the engine's clock. An attempt that outlives
// the timeout failed, even if the store reports success afterwards (it is retried: a duplicate).
func (s *deliveryStream) putOnce(store ObjectStore, bucket, key string, obj []byte) error {
	return s.timed(s.e.cfg.attemptTimeout, func(ctx context.Context) error { return store.PutObject(ctx, bucket, key, obj) })
}

// timed makes one attempt of call with a timeout of d on the engine's clock: an attempt that outlives it failed
// with errAttemptTimeout (and is counted in TimedOutAttempts), whatever call returns afterwards.
func (s *deliveryStream) timed(d time.Duration, call func(ctx context.Context) error) error {
	err := s.e.retry.Timed(d, errAttemptTimeout, call)
	if err == errAttemptTimeout {
		s.m.timedOut(s.e.clk.Now())
	}
	return err
}

// objectKey returns the key of a batch's object: the evaluated prefix, then the name, both from the arrival of
// the oldest record in the batch.
func (s *deliveryStream) objectKey(j *job) string {
	d := j.dest
	at := j.batch.Oldest.In(d.zone)
	var q, l map[string]string
	if j.part != nil {
		q, l = j.part.q, j.part.l
	}
	key := d.tpl.data.evalKeys(make([]byte, 0, 128), at, "", s.e.appendRandom, q, l)
	return string(appendObjectName(key, s.name, j.version, at, s.e.uuid(), d.extension()))
}

func recordsOf(j *job, errType, code, msg string, attempts int) []failedRecord {
	out := make([]failedRecord, j.batch.Len())
	for i := range out {
		out[i] = failedRecord{raw: j.batch.Record(i), arrival: j.batch.Records[i].Arrival, errType: errType,
			errorCode: code, message: msg, attempts: attempts}
	}
	return out
}

// writeErrors writes failed records under the error output prefix, one object per error output type, in the
// destination's compression. The write is retried with backoff until it works; once the engine is closing, a few
// attempts are made and the records of a write that still fails are counted as lost (Close reports them).
func (s *deliveryStream) writeErrors(j *job, failed []failedRecord) {
	d := j.dest
	byType := map[string][]byte{}
	var order []string
	now := s.e.clk.Now()
	oldest := map[string]time.Time{}
	counts := map[string]int{}
	for _, f := range failed {
		doc := f.doc
		if doc != nil {
			doc = doc[:len(doc)-1] // AppendJSON's newline; written below
		} else {
			doc, _ = json.Marshal(destErrorDoc{AttemptsMade: f.attempts, ArrivalTimestamp: f.arrival.UnixMilli(),
				ErrorCode: f.errorCode, ErrorMessage: f.message, AttemptEndingTimestamp: now.UnixMilli(),
				RawData: base64.StdEncoding.EncodeToString(f.raw)})
		}
		if _, ok := byType[f.errType]; !ok {
			order = append(order, f.errType)
			oldest[f.errType] = f.arrival
		}
		if f.arrival.Before(oldest[f.errType]) {
			oldest[f.errType] = f.arrival
		}
		byType[f.errType] = append(append(byType[f.errType], doc...), '\n')
		counts[f.errType]++
	}
	for _, typ := range order {
		at := oldest[typ].In(d.zone)
		key := d.tpl.errors.eval(make([]byte, 0, 128), at, typ, s.e.appendRandom)
		key = appendObjectName(key, s.name, j.version, at, s.e.uuid(), d.errorExtension())
		obj, err := s.encode(byType[typ], d.compression, compress.Options{EntryName: s.e.uuid(), Modified: at})
		if err != nil {
			s.e.lost.Add(int64(counts[typ]))
			continue
		}
		s.putError(d.bucket, string(key), obj, counts[typ])
	}
}

// putError puts an error output object holding records: retried with backoff until it works; once the engine is
// closing, a few attempts are made and the records of a write that still fails are counted as lost.
func (s *deliveryStream) putError(bucket, key string, obj []byte, records int) {
	store := s.e.storeFor(bucket)
	if _, err := s.e.retry.Do(retry.Forever, func() error { return s.putOnce(store, bucket, key, obj) }, nil); err != nil {
		s.e.lost.Add(int64(records))
		return
	}
	s.m.erroredOut(s.e.clk.Now(), records)
}

// recordIDs returns n PutRecord RecordIds, opaque strings of 32 hexadecimal digits unique in the engine, drawn
// from the seed, cut from one string (one allocation for a whole batch).
func (e *Engine) recordIDs(n int) func(i int) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(32 * n)
	e.rngMu.Lock()
	for range n {
		for _, v := range [2]uint64{e.rng.Uint64(), e.rng.Uint64()} {
			for shift := 60; shift >= 0; shift -= 4 {
				b.WriteByte(hex[v>>shift&15])
			}
		}
	}
	e.rngMu.Unlock()
	all := b.String()
	return func(i int) string { return all[32*i : 32*i+32] }
}
