package firehose

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/firehose/buffer"
	"github.com/kinesim/kinesim/firehose/compress"
	"github.com/kinesim/kinesim/firehose/convert"
	"github.com/kinesim/kinesim/firehose/partition"
	"github.com/kinesim/kinesim/firehose/process"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/validate"
)

// Limits of the processing path (developer guide, "Record format conversion", "Dynamic partitioning").
const (
	// ConversionMinSizeInMBs is the least SizeInMBs with format conversion: 64; its default is
	// ConversionDefaultSizeInMBs, 128.
	ConversionMinSizeInMBs     = 64
	ConversionDefaultSizeInMBs = 128
	// DefaultPartitioningRetrySeconds is RetryOptions.DurationInSeconds' default with dynamic partitioning.
	DefaultPartitioningRetrySeconds = 300
	// MaxPartitioningRetrySeconds bounds it (API_RetryOptions).
	MaxPartitioningRetrySeconds = 7200
	// MinBackupIntervalInSeconds: the backup destination has no zero buffering (60–900 s).
	MinBackupIntervalInSeconds = 60
)

// CodeProcessorFailed is the errorCode of a record a built-in processor (Decompression, CloudWatchLogProcessing,
// RecordDeAggregation) could not process; AWS documents none, the code is kinesim's.
const CodeProcessorFailed = "Processor.Failed"

// pipelineOf validates and compiles the processing, conversion, partitioning and backup parts of c into d.
func (e *Engine) pipelineOf(d *destination, c *ExtendedS3DestinationConfiguration, path string, explicitSize bool) error {
	pcfg, err := process.ParseConfiguration(path+".processingConfiguration", c.ProcessingConfiguration)
	if err != nil {
		return err
	}
	if pcfg.Enabled {
		d.proc = pcfg
		if pcfg.MetadataExtraction != nil {
			if d.query, err = partition.CompileQuery(pcfg.MetadataExtraction.MetadataExtractionQuery); err != nil {
				return err
			}
		}
	}
	if c.ProcessingConfiguration != nil {
		pc := *c.ProcessingConfiguration
		pc.Processors = slices.Clone(pc.Processors)
		d.procCfg = &pc
	}
	if dp := c.DynamicPartitioningConfiguration; dp != nil {
		cp := *dp
		d.dpCfg = &cp
		d.dynamic = dp.Enabled != nil && *dp.Enabled
		if r := dp.RetryOptions; r != nil && r.DurationInSeconds != nil {
			var v validate.Violations
			v.Range(path+".dynamicPartitioningConfiguration.retryOptions.durationInSeconds", *r.DurationInSeconds, 0, MaxPartitioningRetrySeconds)
			if err := v.Err(); err != nil {
				return err
			}
		}
	}
	if d.dynamic {
		rules := partition.PrefixRules{DynamicPartitioning: true, MetadataExtraction: d.query != nil, Lambda: d.proc.Lambda != nil}
		if err := partition.CheckPrefixes(c.Prefix, c.ErrorOutputPrefix, rules); err != nil {
			return err
		}
		// "Zero buffering is not available for dynamic partitioning" (developer guide, "Buffering hints").
		if d.intervalS < 60 {
			return apierr.InvalidArgument.New("BufferingHints.IntervalInSeconds must be at least 60 when dynamic partitioning is enabled.")
		}
		tpl, msg := compilePrefixesDP(c.Prefix, c.ErrorOutputPrefix, true)
		if msg != "" {
			return apierr.InvalidArgument.New("%s", msg)
		}
		d.tpl = tpl
	}
	if fc := c.DataFormatConversionConfiguration; fc != nil {
		cp := *fc
		d.convCfg = &cp
		if fc.IsEnabled() {
			// "CompressionFormat must be UNCOMPRESSED … SizeInMBs must be ≥ 64, and the default becomes 128"
			// (developer guide, "Record format conversion").
			if d.compression != Uncompressed {
				return apierr.InvalidArgument.New("CompressionFormat must be UNCOMPRESSED when DataFormatConversion is enabled; the serializer compresses.")
			}
			if !explicitSize {
				d.sizeMB = ConversionDefaultSizeInMBs
			} else if d.sizeMB < ConversionMinSizeInMBs {
				return apierr.InvalidArgument.New("BufferingHints.SizeInMBs must be at least %d when DataFormatConversion is enabled.", ConversionMinSizeInMBs)
			}
			var cols []convert.Column
			if sc := fc.SchemaConfiguration; sc != nil && sc.DatabaseName != nil && sc.TableName != nil {
				var ok bool
				if cols, ok = e.table(*sc.DatabaseName, *sc.TableName); !ok {
					return apierr.InvalidArgument.New("Table %s in database %s is not registered (kinesim has no Glue Data Catalog: use firehose.WithTable or Engine.RegisterTable).", *sc.TableName, *sc.DatabaseName)
				}
			}
			if d.conv, err = convert.New(fc, cols); err != nil {
				return err
			}
		}
	}
	switch c.S3BackupMode {
	case "", S3BackupDisabled:
		d.backupMode = S3BackupDisabled
	case S3BackupEnabled:
		d.backupMode = S3BackupEnabled
	default:
		var v validate.Violations
		v.Enum(path+".s3BackupMode", string(c.S3BackupMode), "Disabled", "Enabled")
		return v.Err()
	}
	if c.S3BackupConfiguration != nil {
		b, err := e.newDestination(legacyConfig(c.S3BackupConfiguration), true)
		if err != nil {
			return err
		}
		if b.intervalS < MinBackupIntervalInSeconds {
			return apierr.InvalidArgument.New("The S3 backup destination's IntervalInSeconds must be at least %d.", MinBackupIntervalInSeconds)
		}
		d.backupDest = b
	}
	if d.backupMode == S3BackupEnabled && d.backupDest == nil {
		return apierr.InvalidArgument.New("S3BackupConfiguration is required when S3BackupMode is Enabled.")
	}
	return nil
}

// pipelined reports whether records take the processing path (pipeline.go) rather than the plain one.
func (d *destination) pipelined() bool {
	return d.proc.Enabled || d.conv != nil || d.dynamic || d.backupMode == S3BackupEnabled
}

// ingestHints are the hints of a pipelined stream's first buffer: the Lambda's processing buffer, or (without a
// Lambda) one call's records, processed at once.
func (d *destination) ingestHints() buffer.Hints {
	if l := d.proc.Lambda; l != nil {
		return buffer.Hints{SizeBytes: l.EffectiveBufferSize(false), Interval: l.BufferInterval}
	}
	return buffer.Hints{SizeBytes: MaxBatchBytes, Interval: 0}
}

func (d *destination) describePipeline(ext *ExtendedS3DestinationDescription) {
	ext.ProcessingConfiguration = d.procCfg
	ext.DataFormatConversionConfiguration = d.convCfg
	ext.DynamicPartitioningConfiguration = d.dpCfg
	ext.S3BackupMode = d.backupMode
	if d.backupMode == "" {
		ext.S3BackupMode = S3BackupDisabled
	}
	if b := d.backupDest; b != nil {
		ext.S3BackupDescription = b.describeS3()
	}
}

// part is one destination buffer of a pipelined stream: a partition (one per evaluated prefix; the only one,
// with id "", without dynamic partitioning) or the source-record backup. It lives from its first record until its
// buffer is taken.
type part struct {
	id      string
	backup  bool
	dest    *destination
	version int
	q, l    map[string]string
	buf     *buffer.Buffer
	meta    []recMeta
	timer   *lifecycle.Timer
	armedAt time.Time
	s       *deliveryStream
}

// recMeta is what a record carries besides its bytes: its Kinesis metadata (nil for Direct PUT).
type recMeta struct {
	kin *process.KinesisRecordMetadata
}

// Job kinds: a plain batch, a batch to process (pipeline), a part's batch to deliver.
const (
	jobPlain uint8 = iota
	jobProcess
	jobPart
)

// queuePartLocked takes a part's batch into a job and queues it. s.mu must be held.
func (s *deliveryStream) takePartLocked(p *part, now time.Time) job {
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
	j := job{kind: jobPart, batch: p.buf.Take(now), dest: p.dest, version: p.version, part: p, meta: p.meta}
	p.meta = nil
	if s.parts[p.id] == p {
		delete(s.parts, p.id)
	}
	if !p.backup && s.active != nil {
		s.active.Delivered(p.id)
	}
	return j
}

func (p *part) intervalElapsed() {
	s := p.s
	now := s.e.clk.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	p.timer = nil
	if s.parts[p.id] != p || p.buf.Len() == 0 || s.allPending > 0 {
		return // a queued flush job delivers it (so that the flush waits for it)
	}
	if p.buf.Due(now) {
		s.enqueueLocked(s.takePartLocked(p, now))
		return
	}
	s.armPartLocked(p, now)
}

func (s *deliveryStream) armPartLocked(p *part, now time.Time) {
	at, ok := p.buf.NextDeadline()
	if !ok {
		return
	}
	if p.timer != nil {
		if p.armedAt.Equal(at) {
			return
		}
		p.timer.Stop()
	}
	p.armedAt = at
	p.timer = lifecycle.AfterFunc(s.e.life, at.Sub(now), p, (*part).intervalElapsed)
}

// enqueueLocked queues a job for the delivery goroutine. s.mu must be held.
func (s *deliveryStream) enqueueLocked(j job) {
	s.queue = append(s.queue, j)
	s.queued++
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// partLocked returns the part of id, made if it does not exist. s.mu must be held.
func (s *deliveryStream) partLocked(id string, d *destination, version int, backup bool) *part {
	if p := s.parts[id]; p != nil {
		return p
	}
	hd := d
	if backup {
		hd = d.backupDest
	}
	p := &part{id: id, backup: backup, dest: hd, version: version, buf: buffer.New(hd.hints()), s: s}
	if s.parts == nil {
		s.parts = make(map[string]*part)
	}
	s.parts[id] = p
	return p
}

const backupPartID = "\x00backup"

// pipeAddLocked buffers one source record of a pipelined stream: into the backup, when enabled, and into the
// ingest buffer. s.mu must be held.
func (s *deliveryStream) pipeAddLocked(now, arrival time.Time, data []byte, m recMeta) {
	d := s.dest
	if d.backupMode == S3BackupEnabled {
		p := s.partLocked(backupPartID, d, s.version, true)
		p.meta = append(p.meta, m)
		if p.buf.Add(now, arrival, data) {
			s.enqueueLocked(s.takePartLocked(p, now))
		} else {
			s.armPartLocked(p, now)
		}
	}
	s.ingestMeta = append(s.ingestMeta, m)
	due := s.buf.Add(now, arrival, data)
	if d.proc.Lambda == nil {
		return // endPutLocked queues the call's records
	}
	if due {
		s.queueIngestLocked(now, false)
		return
	}
	s.armLocked(now)
}

// endPutLocked ends a put of a pipelined stream without a Lambda: the call's records are processed at once.
func (s *deliveryStream) endPutLocked(now time.Time) {
	if s.pipe && s.dest.proc.Lambda == nil && s.buf.Len() > 0 {
		s.queueIngestLocked(now, false)
	}
}

// queueIngestLocked queues the ingest buffer as a process job; all also delivers every part once the job's
// records are in them (a Flush, Close, delete or update). s.mu must be held.
func (s *deliveryStream) queueIngestLocked(now time.Time, all bool) {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if s.buf.Len() == 0 && !all {
		return
	}
	if s.buf.Len() == 0 && len(s.parts) == 0 && len(s.queue) == 0 {
		return // nothing to process, nor any queued job that could fill a part
	}
	j := job{kind: jobProcess, batch: s.buf.Take(now), dest: s.dest, version: s.version, meta: s.ingestMeta, all: all}
	s.ingestMeta = nil
	if all {
		s.allPending++
	}
	s.enqueueLocked(j)
}

// outRecord is a processed record on its way to a part.
type outRecord struct {
	data    []byte
	arrival time.Time
	meta    recMeta
	q, l    map[string]string
}

// process runs a batch through the processing stages in Firehose's order (process.Config: KPL de-aggregation for
// a Kinesis source, Decompression, CloudWatchLogProcessing, RecordDeAggregation, the Lambda, MetadataExtraction),
// routes each record to its partition's buffer, and delivers the parts that became due (all of them when the job
// is a flush).
func (s *deliveryStream) process(j *job) {
	d := j.dest
	now := s.e.clk.Now()
	n := j.batch.Len()
	recs := make([]process.Record, n)
	for i := range n {
		recs[i] = process.Record{RecordId: strconv.Itoa(i), Data: j.batch.Record(i),
			ApproximateArrivalTimestamp: j.batch.Records[i].Arrival}
		if i < len(j.meta) {
			recs[i].KinesisRecordMetadata = j.meta[i].kin
		}
	}
	var failed []failedRecord
	if s.typ == KinesisStreamAsSource {
		recs = process.DeaggregateKPL(recs)
	}
	if d.proc.Enabled {
		var fails []process.Failure
		recs, fails = d.proc.Prepare(recs)
		for _, f := range fails {
			r := process.ProcessingFailedRecord{AttemptsMade: 1, ArrivalTimestamp: f.Record.ApproximateArrivalTimestamp.UnixMilli(),
				ErrorCode: CodeProcessorFailed, ErrorMessage: f.Err.Error(), AttemptEndingTimestamp: now.UnixMilli(), RawData: f.Record.Data}
			failed = append(failed, failedRecord{errType: ProcessingFailed, doc: r.AppendJSON(nil), arrival: time.UnixMilli(r.ArrivalTimestamp)})
		}
	}
	outs := make([]outRecord, 0, len(recs))
	if l := d.proc.Lambda; l != nil && len(recs) > 0 {
		req := &process.Request{InvocationId: s.e.uuid(), DeliveryStreamArn: s.arn, Region: s.e.cfg.Account.Region,
			SourceKinesisStreamArn: s.sourceARN, Records: recs}
		inv := process.Invoke(context.Background(), s.e.function(l.LambdaArn), req, l.NumberOfRetries)
		dropped := 0
		for _, o := range inv.Outcomes {
			switch o.Result {
			case process.Ok:
				outs = append(outs, outRecord{data: o.Data, arrival: o.Record.ApproximateArrivalTimestamp,
					meta: recMeta{kin: o.Record.KinesisRecordMetadata}, l: o.PartitionKeys})
			case process.Dropped:
				dropped++
			}
		}
		for _, r := range inv.Failed(l.LambdaArn, s.e.clk.Now()) {
			failed = append(failed, failedRecord{errType: ProcessingFailed, doc: r.AppendJSON(nil), arrival: time.UnixMilli(r.ArrivalTimestamp)})
		}
		s.m.dropped(now, dropped)
	} else {
		for _, r := range recs {
			outs = append(outs, outRecord{data: r.Data, arrival: r.ApproximateArrivalTimestamp, meta: recMeta{kin: r.KinesisRecordMetadata}})
		}
	}
	if d.query != nil {
		kept := outs[:0]
		for _, o := range outs {
			keys, err := d.query.Keys(context.Background(), now, o.data)
			if err != nil {
				failed = append(failed, partitionFailure(o, err.Error(), now))
				continue
			}
			o.q = keys
			kept = append(kept, o)
		}
		outs = kept
	}
	var deliver []job
	s.mu.Lock()
	for _, o := range outs {
		id := ""
		if d.dynamic {
			var err error
			if id, err = partition.Substitute(d.prefix, o.q, o.l); err != nil {
				failed = append(failed, partitionFailure(o, err.Error(), now))
				continue
			}
			if s.parts[id] == nil && !s.active.Admit(id) {
				r := process.ProcessingFailedRecord{AttemptsMade: 1, ArrivalTimestamp: o.arrival.UnixMilli(),
					ErrorCode: partition.CodeActivePartitionsExceeded, ErrorMessage: partition.MessageActivePartitionsExceed,
					AttemptEndingTimestamp: now.UnixMilli(), RawData: o.data}
				failed = append(failed, failedRecord{errType: partition.ErrorOutputTypeActivePartitionExceeded, doc: r.AppendJSON(nil), arrival: o.arrival})
				continue
			}
		}
		p := s.partLocked(id, d, j.version, false)
		p.q, p.l = o.q, o.l
		p.meta = append(p.meta, o.meta)
		if p.buf.Add(now, o.arrival, o.data) {
			deliver = append(deliver, s.takePartLocked(p, now))
		}
	}
	if j.all {
		s.allPending--
		for _, id := range slices.Sorted(mapsKeys(s.parts)) {
			deliver = append(deliver, s.takePartLocked(s.parts[id], now))
		}
	} else {
		for _, p := range s.parts {
			s.armPartLocked(p, now)
		}
	}
	s.mu.Unlock()
	for i := range deliver {
		s.deliverPart(&deliver[i])
	}
	if len(failed) > 0 {
		s.writeErrors(j, failed)
	}
}

func mapsKeys(m map[string]*part) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// partitionFailure is the error record of a record whose partition keys could not be extracted or substituted:
// processing-failed, in the format of a Lambda's failures without a lambdaArn (package partition's doc).
func partitionFailure(o outRecord, msg string, now time.Time) failedRecord {
	r := process.ProcessingFailedRecord{AttemptsMade: 1, ArrivalTimestamp: o.arrival.UnixMilli(),
		ErrorCode: partition.CodeMetadataExtractionFailed, ErrorMessage: msg, AttemptEndingTimestamp: now.UnixMilli(), RawData: o.data}
	return failedRecord{errType: ProcessingFailed, doc: r.AppendJSON(nil), arrival: time.UnixMilli(r.ArrivalTimestamp)}
}

// deliverPart writes a part's batch: the backup's records as they came to the backup bucket, a partition's
// records to the destination (its sink).
func (s *deliveryStream) deliverPart(j *job) {
	var failed []failedRecord
	if j.part.backup {
		if len(j.batch.Data) > 0 {
			s.put(j, j.batch.Data, &failed)
		}
	} else {
		j.dest.sink.deliver(s, j, &failed)
	}
	if len(failed) > 0 {
		s.writeErrors(j, failed)
	}
}

// s3Body is what an S3 destination writes of a batch: its records converted to Parquet, or concatenated (with
// AppendDelimiterToRecord's delimiter); records that cannot be converted join failed.
func (s *deliveryStream) s3Body(j *job, failed *[]failedRecord) []byte {
	d := j.dest
	switch {
	case d.conv != nil:
		recs := make([]convert.Record, j.batch.Len())
		for i := range recs {
			recs[i] = convert.Record{Data: j.batch.Record(i), ApproximateArrivalTimestamp: j.batch.Records[i].Arrival}
			if i < len(j.meta) && j.meta[i].kin != nil {
				recs[i].SequenceNumber, recs[i].SubsequenceNumber = j.meta[i].kin.SequenceNumber, j.meta[i].kin.SubsequenceNumber
			}
		}
		res, err := d.conv.Convert(s.e.clk.Now(), recs)
		if err != nil {
			*failed = append(*failed, recordsOf(j, FormatConversionFailed, convert.CodeMalformedData, err.Error(), 1)...)
			return nil
		}
		for i := range res.Failed {
			*failed = append(*failed, failedRecord{errType: FormatConversionFailed, doc: res.Failed[i].AppendJSON(nil),
				arrival: time.UnixMilli(res.Failed[i].ArrivalTimestamp)})
		}
		return res.Parquet
	case d.proc.AppendDelimiter != nil:
		data := make([]byte, 0, len(j.batch.Data)+j.batch.Len()*len(d.proc.AppendDelimiter))
		for i := range j.batch.Len() {
			data = d.proc.AppendRecord(data, j.batch.Record(i))
		}
		return data
	}
	return j.batch.Data
}

// put encodes data as j's destination compresses and puts it under j's key with retries, and returns the key and
// the object as stored; on failure the batch's records join failed and ok is false.
func (s *deliveryStream) put(j *job, data []byte, failed *[]failedRecord) (key string, obj []byte, ok bool) {
	d := j.dest
	first := s.e.clk.Now()
	var err error
	obj, err = s.encode(data, d.compression, compress.Options{EntryName: s.e.uuid(), Modified: j.batch.Oldest})
	if err != nil { // cannot happen: the format was validated
		*failed = append(*failed, recordsOf(j, S3DeliveryFailed, "S3.EncodingFailed", err.Error(), 0)...)
		return "", nil, false
	}
	key = s.objectKey(j)
	attempts, err := s.attempt(d.bucket, key, obj, first)
	if err == nil {
		s.m.delivered(s.e.clk.Now(), j, len(obj))
		return key, obj, true
	}
	*failed = append(*failed, recordsOf(j, S3DeliveryFailed, "S3.PutObjectFailed", err.Error(), attempts)...)
	return "", nil, false
}

// setPipe chooses the delivery path of d and sets the ingest buffer's hints. s.mu must be held, or s unshared.
func (s *deliveryStream) setPipe(d *destination) {
	s.pipe = d.pipelined() || s.typ == KinesisStreamAsSource
	if !s.pipe {
		s.buf.SetHints(d.hints())
		return
	}
	s.buf.SetHints(d.ingestHints())
	if d.dynamic && s.active == nil {
		s.active = partition.NewActive(partition.DefaultActivePartitions)
	}
}

func (s *deliveryStream) source() *SourceDescription {
	if s.typ != KinesisStreamAsSource {
		return nil
	}
	return &SourceDescription{KinesisStreamSourceDescription: &KinesisStreamSourceDescription{
		KinesisStreamARN: s.sourceARN, RoleARN: s.sourceRole, DeliveryStartTimestamp: s.sourceStart}}
}

// backupConfig is the backup destination as a configuration again (for UpdateDestination's merge).
func (d *destination) backupConfig() *S3DestinationConfiguration {
	b := d.backupDest
	if b == nil {
		return nil
	}
	size, interval := b.sizeMB, b.intervalS
	return &S3DestinationConfiguration{BucketARN: b.bucketARN, RoleARN: b.roleARN, Prefix: b.prefix,
		ErrorOutputPrefix: b.errorPrefix, BufferingHints: &BufferingHints{SizeInMBs: &size, IntervalInSeconds: &interval},
		CompressionFormat: b.compression}
}

// mergePipeline applies an update's processing, conversion, partitioning and backup fields to c, with the rules
// of UpdateDestination: dynamic partitioning cannot be enabled on a stream made without it, nor disabled
// (developer guide, "Dynamic partitioning"); a source-record backup once enabled cannot be disabled (developer
// guide, "Data transformation").
func mergePipeline(c *ExtendedS3DestinationConfiguration, old *destination, u *ExtendedS3DestinationUpdate) error {
	if u.ProcessingConfiguration != nil {
		c.ProcessingConfiguration = u.ProcessingConfiguration
	}
	if u.DataFormatConversionConfiguration != nil {
		c.DataFormatConversionConfiguration = u.DataFormatConversionConfiguration
	}
	if dp := u.DynamicPartitioningConfiguration; dp != nil {
		on := dp.Enabled != nil && *dp.Enabled
		if dp.Enabled != nil && on != old.dynamic {
			if on {
				return apierr.InvalidArgument.New("Dynamic partitioning can be enabled only when the Firehose stream is created.")
			}
			return apierr.InvalidArgument.New("Dynamic partitioning cannot be disabled once it is enabled.")
		}
		merged := DynamicPartitioningConfiguration{Enabled: &old.dynamic, RetryOptions: dp.RetryOptions}
		if merged.RetryOptions == nil && old.dpCfg != nil {
			merged.RetryOptions = old.dpCfg.RetryOptions
		}
		c.DynamicPartitioningConfiguration = &merged
	}
	if u.S3BackupMode != "" {
		if old.backupMode == S3BackupEnabled && u.S3BackupMode == S3BackupDisabled {
			return apierr.InvalidArgument.New("S3BackupMode cannot be changed from Enabled to Disabled.")
		}
		c.S3BackupMode = u.S3BackupMode
	}
	if u.S3BackupUpdate != nil {
		c.S3BackupConfiguration = u.S3BackupUpdate
	}
	return nil
}
