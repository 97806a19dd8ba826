package stream

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
)

// CreateStream creates a stream of in.ShardCount shards (provisioned) or of 4 shards (on demand), their hash-key
// ranges floor(2^128/N) wide with the last ending at 2^128−1, ids shardId-000000000000 onwards. The stream is
// CREATING for the engine's create delay (see [WithStatusDelays]), then ACTIVE; with no delay it is ACTIVE when
// CreateStream returns.
//
// Errors: Validation (name, shard count, mode, record size), ResourceInUse (the name exists), LimitExceeded (more
// than 5 streams CREATING or DELETING, or the account's shard quota).
func (e *Engine) CreateStream(ctx context.Context, in CreateStreamInput) error {
	if err := e.live(ctx); err != nil {
		return err
	}
	var v violations
	v.streamName("streamName", in.StreamName, true)
	mode := in.StreamMode
	if mode == "" {
		mode = StreamModeProvisioned
	}
	v.streamMode(mode)
	n := in.ShardCount
	switch {
	case mode == StreamModeProvisioned && n == 0:
		v.add("null", "shardCount", mustNotBeNull)
	case n < 0:
		v.add(quoteInt(n), "shardCount", valueAtLeast+"1")
	}
	sizeKiB := in.MaxRecordSizeInKiB
	if sizeKiB == 0 {
		sizeKiB = DefaultMaxRecordSizeInKiB
	}
	v.recordSize(sizeKiB)
	if err := v.err(); err != nil {
		return err
	}
	if len(in.Tags) > MaxTagsPerStream {
		return apierr.LimitExceeded.New("Failed to create stream %s under account %s because a given stream cannot have more than %d tags.", in.StreamName, e.cfg.accountID, MaxTagsPerStream)
	}
	if err := checkTags(slices.Sorted(maps.Keys(in.Tags)), in.Tags); err != nil {
		return err
	}
	if mode == StreamModeOnDemand {
		if n != 0 {
			return apierr.InvalidArgument.New("ShardCount must not be specified for a stream in ON_DEMAND mode.")
		}
		n = OnDemandInitialShards
	}
	throttling := e.cfg.throttling
	if in.Throttling != nil {
		throttling = *in.Throttling
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	if _, ok := e.byName[in.StreamName]; ok {
		return apierr.ResourceInUse.New("Stream %s under account %s already exists.", in.StreamName, e.cfg.accountID)
	}
	if e.creating >= e.cfg.maxCreating {
		return apierr.LimitExceeded.New("This request would have exceed the limit on the number of streams that can simultaneously be in CREATING or DELETING. Limit: %d", e.cfg.maxCreating)
	}
	if e.shards+n > e.cfg.shardLimit {
		return e.shardLimitExceeded(n)
	}
	now := e.clk.Now()
	e.epochSeq++
	for e.byEpoch[e.epochSeq] != nil { // wrapped around: skip incarnations still in use
		e.epochSeq++
	}
	s := &dataStream{
		e: e, name: in.StreamName, arn: e.StreamARN(in.StreamName), epoch: e.epochSeq, created: now,
		mode: mode, tags: maps.Clone(in.Tags), discardData: in.DiscardData,
		status: StreamStatusActive, retention: DefaultRetentionHours * time.Hour, throttling: throttling,
	}
	s.maxRecordSize.Store(int64(sizeKiB) << 10)
	for i, r := range record.SplitEvenly(n) {
		sh := s.newShard(now, i, r, "", "")
		s.shards = append(s.shards, sh)
		s.open = append(s.open, sh)
		s.starts = append(s.starts, r.StartingHashKey)
	}
	s.nextIndex = n
	e.byName[s.name] = s
	e.byEpoch[s.epoch] = s
	e.names.ReplaceOrInsert(s)
	e.shards += n
	s.armScalerLocked()
	if d := e.cfg.createDelay; d > 0 {
		s.status = StreamStatusCreating
		e.creating++
		s.statusT = e.afterFunc(d, func() {
			e.mu.Lock()
			defer e.mu.Unlock()
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.status == StreamStatusCreating {
				s.status = StreamStatusActive
				e.creating--
			}
		})
	}
	return nil
}

// streamMode checks a capacity mode.
func (v *violations) streamMode(m StreamMode) {
	if m != StreamModeProvisioned && m != StreamModeOnDemand {
		v.add(quote(string(m)), "streamModeDetails.streamMode", enumPrefix+"[PROVISIONED, ON_DEMAND]")
	}
}

// recordSize checks a maximum record size in KiB (1024–10240).
func (v *violations) recordSize(kib int) {
	if kib < DefaultMaxRecordSizeInKiB || kib > MaxMaxRecordSizeInKiB {
		v.add(quoteInt(kib), "maxRecordSizeInKiB", fmt.Sprintf("Member must have value between %d and %d", DefaultMaxRecordSizeInKiB, MaxMaxRecordSizeInKiB))
	}
}

// OnDemandInitialShards is the shard count of a new on-demand stream: its 4 MB/s of write capacity at 1 MB/s per
// shard (AWS documents the capacity, not the count).
const OnDemandInitialShards = 4

func (e *Engine) shardLimitExceeded(n int) error {
	return apierr.LimitExceeded.New("This request would exceed the shard limit for the account %s in %s. Current shard count for the account: %d. Limit: %d. Number of additional shards that would have resulted from this request: %d. Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.",
		e.cfg.accountID, e.cfg.region, e.shards, e.cfg.shardLimit, n)
}

// DeleteStreamInput is the input of [Engine.DeleteStream].
type DeleteStreamInput struct {
	StreamRef
	EnforceConsumerDeletion bool
}

// DeleteStream deletes a stream: it is DELETING for the engine's delete delay, during which reads and writes still
// work, then gone; afterwards every call on it is a ResourceNotFound error and its blocking reads end with one.
func (e *Engine) DeleteStream(ctx context.Context, in DeleteStreamInput) error {
	if err := e.live(ctx); err != nil {
		return err
	}
	s, err := e.resolve(in.StreamRef, false)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.byName[s.name] != s {
		return e.streamNotFound(s.name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.status {
	case StreamStatusDeleting:
		return e.notActive(s.name, s.status)
	case StreamStatusCreating:
		e.creating-- // counted again below while DELETING
		if s.statusT != nil {
			s.statusT.Stop()
		}
	}
	d := e.cfg.deleteDelay
	if d == 0 {
		e.remove(s)
		return nil
	}
	if e.creating >= e.cfg.maxCreating {
		if s.status == StreamStatusCreating {
			e.creating++
		}
		return apierr.LimitExceeded.New("This request would have exceed the limit on the number of streams that can simultaneously be in CREATING or DELETING. Limit: %d", e.cfg.maxCreating)
	}
	s.status = StreamStatusDeleting
	e.creating++
	s.statusT = e.afterFunc(d, func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		s.mu.Lock()
		defer s.mu.Unlock()
		if e.byName[s.name] == s {
			e.creating--
			e.remove(s)
		}
	})
	return nil
}

// remove drops s from the registry and ends its readers. e.mu and s.mu must be held.
func (e *Engine) remove(s *dataStream) {
	delete(e.byName, s.name)
	delete(e.byEpoch, s.epoch)
	e.names.Delete(s)
	e.shards -= len(s.open) + s.reserved
	s.status = StreamStatusDeleting
	s.removed = true
	for _, sh := range s.shards {
		sh.mu.Lock()
		sh.gone = true
		sh.signal()
		sh.mu.Unlock()
	}
	s.retMu.Lock()
	if s.retTimer != nil {
		s.retTimer.Stop()
		s.retTimer = nil
	}
	s.retMu.Unlock()
}

// DescribeStreamSummary describes a stream without its shards.
func (e *Engine) DescribeStreamSummary(ctx context.Context, ref StreamRef) (StreamSummary, error) {
	if err := e.live(ctx); err != nil {
		return StreamSummary{}, err
	}
	s, err := e.resolve(ref, false)
	if err != nil {
		return StreamSummary{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return StreamSummary{
		StreamName: s.name, StreamARN: s.arn, StreamStatus: s.status, StreamMode: s.mode,
		RetentionPeriodHours: int(s.retention / time.Hour), StreamCreationTimestamp: s.created,
		EncryptionType: EncryptionNone, OpenShardCount: len(s.open), MaxRecordSizeInKiB: int(s.maxRecordSize.Load() >> 10),
		Throttling: s.throttling,
	}, nil
}

// ListStreams lists the account's streams in name order, at most in.Limit (at most 100) at a time.
func (e *Engine) ListStreams(ctx context.Context, in ListStreamsInput) (ListStreamsOutput, error) {
	if err := e.live(ctx); err != nil {
		return ListStreamsOutput{}, err
	}
	var v violations
	v.pageSize("limit", in.Limit)
	if in.ExclusiveStartStreamName != "" {
		v.name("exclusiveStartStreamName", in.ExclusiveStartStreamName, 128)
	}
	if err := v.err(); err != nil {
		return ListStreamsOutput{}, err
	}
	limit := in.Limit
	if limit == 0 || limit > 100 {
		limit = 100
	}
	after := in.ExclusiveStartStreamName
	if in.NextToken != "" {
		if after != "" {
			return ListStreamsOutput{}, apierr.InvalidArgument.New("NextToken and ExclusiveStartStreamName cannot be provided together.")
		}
		var err error
		if after, err = e.decodeListToken(in.NextToken); err != nil {
			return ListStreamsOutput{}, err
		}
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := ListStreamsOutput{StreamNames: []string{}, StreamSummaries: []StreamListEntry{}}
	visit := func(s *dataStream) bool {
		if s.name == after {
			return true
		}
		if len(out.StreamNames) == limit {
			out.HasMoreStreams = true
			return false
		}
		s.mu.RLock()
		out.StreamNames = append(out.StreamNames, s.name)
		out.StreamSummaries = append(out.StreamSummaries, StreamListEntry{
			StreamName: s.name, StreamARN: s.arn, StreamStatus: s.status, StreamMode: s.mode, StreamCreationTimestamp: s.created,
		})
		s.mu.RUnlock()
		return true
	}
	if after == "" {
		e.names.Ascend(visit)
	} else {
		e.names.AscendGreaterOrEqual(&dataStream{name: after}, visit)
	}
	if out.HasMoreStreams {
		out.NextToken = e.encodeListToken(out.StreamNames[len(out.StreamNames)-1])
	}
	return out, nil
}

func (e *Engine) encodeListToken(after string) string {
	w := e.newToken(kindList)
	w.time(e.clk.Now())
	w.str(after)
	return e.seal(w)
}

func (e *Engine) decodeListToken(tok string) (string, error) {
	var buf [768]byte
	r, ok := e.open(tok, kindList, &buf)
	if !ok {
		return "", apierr.InvalidArgument.New("Invalid NextToken.")
	}
	r.u64() // serial
	created, after := r.time(), r.str()
	if !r.ok || len(r.b) != 0 {
		return "", apierr.InvalidArgument.New("Invalid NextToken.")
	}
	if e.clk.Now().Sub(created) > NextTokenLifetime {
		return "", apierr.ExpiredNextToken.New("The pagination token passed to the operation is expired.")
	}
	return after, nil
}

// IncreaseStreamRetentionPeriod raises the stream's retention period (24–8760 hours; not below the current one).
// Records already expired stay expired.
func (e *Engine) IncreaseStreamRetentionPeriod(ctx context.Context, in RetentionInput) error {
	return e.changeRetention(ctx, in, true)
}

// DecreaseStreamRetentionPeriod lowers the stream's retention period (24–8760 hours; not above the current one).
// Records older than the new period become unreadable at once.
func (e *Engine) DecreaseStreamRetentionPeriod(ctx context.Context, in RetentionInput) error {
	return e.changeRetention(ctx, in, false)
}

func (e *Engine) changeRetention(ctx context.Context, in RetentionInput, increase bool) error {
	if err := e.live(ctx); err != nil {
		return err
	}
	h := in.RetentionPeriodHours
	if h < 1 {
		var v violations
		v.add(quoteInt(h), "retentionPeriodHours", valueAtLeast+"1")
		return v.err()
	}
	s, err := e.resolve(in.StreamRef, false)
	if err != nil {
		return err
	}
	switch {
	case h < MinRetentionHours:
		return apierr.InvalidArgument.New("Minimum allowed retention period is %d hours. Requested retention period (%d hours) is too short.", MinRetentionHours, h)
	case h > MaxRetentionHours:
		return apierr.InvalidArgument.New("Maximum allowed retention period is %d hours. Requested retention period (%d hours) is too long.", MaxRetentionHours, h)
	}
	s.mu.Lock()
	cur := int(s.retention / time.Hour)
	switch {
	case s.status != StreamStatusActive:
		s.mu.Unlock()
		return e.notActive(s.name, s.status)
	case increase && h < cur:
		s.mu.Unlock()
		return apierr.InvalidArgument.New("Requested retention period (%d hours) for stream %s can not be shorter than existing retention period (%d hours). Use DecreaseRetentionPeriod API.", h, s.name, cur)
	case !increase && h > cur:
		s.mu.Unlock()
		return apierr.InvalidArgument.New("Requested retention period (%d hours) for stream %s can not be longer than existing retention period (%d hours). Use IncreaseRetentionPeriod API.", h, s.name, cur)
	}
	now := e.clk.Now()
	// Expire under the old period first, so that a longer period does not bring back expired records.
	s.applyRetentionLocked(now)
	s.retention = time.Duration(h) * time.Hour
	s.applyRetentionLocked(now)
	s.mu.Unlock()
	s.rearmRetention()
	return nil
}

// SetThrottling turns the stream's enforcement of AWS's throughput limits on or off (a kinesim extension).
func (e *Engine) SetThrottling(ctx context.Context, ref StreamRef, on bool) error {
	if err := e.live(ctx); err != nil {
		return err
	}
	s, err := e.resolve(ref, false)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.throttling = on
	s.mu.Unlock()
	return nil
}

// UpdateMaxRecordSizeInput is the input of [Engine.UpdateMaxRecordSize].
type UpdateMaxRecordSizeInput struct {
	StreamRef
	// MaxRecordSizeInKiB is the new largest record (data plus partition key), 1024–10240.
	MaxRecordSizeInKiB int
}

// UpdateMaxRecordSize sets the largest record the stream takes, 1 to 10 MiB. Shard throughput limits do not
// change; a large record draws on the shard's burst.
func (e *Engine) UpdateMaxRecordSize(ctx context.Context, in UpdateMaxRecordSizeInput) error {
	if err := e.live(ctx); err != nil {
		return err
	}
	var v violations
	v.recordSize(in.MaxRecordSizeInKiB)
	if err := v.err(); err != nil {
		return err
	}
	return e.withActiveStream(in.StreamRef, func(s *dataStream) error {
		size := in.MaxRecordSizeInKiB << 10
		s.maxRecordSize.Store(int64(size))
		now := e.clk.Now()
		for _, sh := range s.shards {
			sh.mu.Lock()
			sh.writeBytes.SetBurstAt(now, max(WriteBytesPerShard, size))
			sh.mu.Unlock()
		}
		return nil
	})
}
