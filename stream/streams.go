package stream

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/quota"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
)

// CreateStream creates a stream of in.ShardCount shards (provisioned) or of 4 shards (on demand), their hash-key
// ranges floor(2^128/N) wide with the last ending at 2^128−1, ids shardId-000000000000 onwards. The stream is
// CREATING for the engine's create delay (see [WithStatusDelays]), then ACTIVE; with no delay it is ACTIVE when
// CreateStream returns.
//
// Errors: Validation (name, shard count, mode, record size, a negative warm throughput), InvalidArgument (a shard
// count with ON_DEMAND; AUTO or a warm throughput, [ExplicitZero] included, with PROVISIONED), ResourceInUse (the
// name exists), LimitExceeded (more than 5 streams CREATING or DELETING, the account's shard quota, a warm
// throughput above 10 GiBps).
func (e *Engine) CreateStream(ctx context.Context, in CreateStreamInput) error {
	if _, err := begin(e, ctx, OpCreateStream, &in); err != nil {
		return err
	}
	var v validate.Violations
	streamName(&v, "streamName", in.StreamName)
	mode := in.StreamMode
	if mode == "" {
		mode = StreamModeProvisioned
	}
	streamMode(&v, mode)
	n := in.ShardCount
	switch {
	case mode == StreamModeProvisioned && n == 0:
		v.Add("null", "shardCount", validate.MustNotBeNull)
	case n == ExplicitZero: // a 0 given, in either mode: below the model's minimum (API reference, ShardCount: Valid Range: Minimum value of 1)
		v.Add(validate.QuoteInt(0), "shardCount", validate.ValueAtLeast+"1")
	case n < 0:
		v.Add(validate.QuoteInt(n), "shardCount", validate.ValueAtLeast+"1")
	}
	sizeKiB, sizeGiven := validate.Given(in.MaxRecordSizeInKiB)
	if !sizeGiven {
		sizeKiB = DefaultMaxRecordSizeInKiB
	}
	recordSize(&v, sizeKiB)
	if len(in.Tags) > 0 {
		tagShape(&v, "tags", slices.Sorted(maps.Keys(in.Tags)), in.Tags)
	}
	if err := v.Err(); err != nil {
		return err
	}
	tags, err := e.tagged(tagTarget{kind: "stream", name: in.StreamName}, nil, in.Tags)
	if err != nil {
		return err
	}
	warm, warmGiven := validate.Given(in.WarmThroughputMiBps)
	if err := e.checkOnDemandSettings(in.StreamName, mode, in.RecordDistributionStrategy, warm, warmGiven); err != nil {
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
	if e.life.Closed() {
		return ErrClosed
	}
	if _, ok := e.byName[in.StreamName]; ok {
		return apierr.ResourceInUse.New("Stream %s under account %s already exists.", in.StreamName, e.cfg.Account.ID)
	}
	if e.transitions.Used() >= e.transitions.Max {
		return e.tooManyTransitions()
	}
	if n > e.cfg.shardLimit-e.shards { // not e.shards+n: n may be near the largest int
		return e.shardLimitExceeded(n)
	}
	now := e.clk.Now()
	e.epochSeq++
	// Skip 0, which no incarnation has (a zero epoch in a token or sequence number then never names a stream), and,
	// once the sequence has wrapped around, the incarnations still in use.
	for e.epochSeq == 0 || e.byEpoch[e.epochSeq] != nil {
		e.epochSeq++
	}
	s := &dataStream{
		e: e, name: in.StreamName, arn: e.StreamARN(in.StreamName), epoch: e.epochSeq, created: now,
		mode: mode, tags: tags, discardData: in.DiscardData,
		retention: DefaultRetentionHours * time.Hour, throttling: throttling,
		scalings: quota.Rolling{Max: MaxShardCountUpdatesPerDay, Window: quota.Day},
		modes:    quota.Rolling{Max: MaxStreamModeUpdatesPerDay, Window: quota.Day},
	}
	s.maxRecordSize.Store(int64(sizeKiB) << 10)
	s.warmMiBps = warm
	s.setAutoLocked(in.RecordDistributionStrategy == DistributionAuto)
	for i, r := range record.SplitEvenly(n) {
		sh := s.newShard(now, i, r, "", "")
		s.shards = append(s.shards, sh)
		s.open = append(s.open, sh)
		s.ranges = append(s.ranges, r)
	}
	s.nextIndex = n
	e.byName[s.name] = s
	e.byEpoch[s.epoch] = s
	e.names.ReplaceOrInsert(s)
	e.shards += n
	s.armScalerLocked()
	if delay := e.cfg.createDelay; delay > 0 {
		s.state.Begin(status.Creating, &e.transitions, lifecycle.AfterFunc(e.life, delay, s, (*dataStream).finishCreate))
	} else {
		s.state.Set(status.Active)
	}
	return nil
}

// finishCreate ends the CREATING delay (a timer callback).
func (s *dataStream) finishCreate() {
	e := s.e
	e.mu.Lock()
	defer e.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.Is(status.Creating) {
		s.state.Finish(status.Active)
	}
}

// OnDemandInitialShards is the shard count of a new on-demand stream: its 4 MB/s of write capacity at 1 MB/s per
// shard (AWS documents the capacity, not the count).
const OnDemandInitialShards = 4

// DeleteStreamInput is the input of [Engine.DeleteStream].
type DeleteStreamInput struct {
	StreamRef
	EnforceConsumerDeletion bool
}

// DeleteStream deletes a stream: it is DELETING for the engine's delete delay, during which reads and writes still
// work, then gone; afterwards every call on it is a ResourceNotFound error and its blocking reads end with one. A
// change pending while the stream is UPDATING is dropped.
//
// Registered consumers (enhanced fan-out) are deleted with the stream when EnforceConsumerDeletion is set, their
// subscriptions ending with a ResourceNotFound error; without it a stream with consumers is not deleted.
//
// Errors: ResourceNotFound, ResourceInUse (already DELETING; consumers registered without
// EnforceConsumerDeletion), LimitExceeded (more than 5 streams CREATING or DELETING).
func (e *Engine) DeleteStream(ctx context.Context, in DeleteStreamInput) error {
	if _, err := begin(e, ctx, OpDeleteStream, &in); err != nil {
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
	if s.state.Is(status.Deleting) {
		return e.notActive(s.name, s.streamStatus())
	}
	if s.consumerCount() > 0 && !in.EnforceConsumerDeletion {
		// AWS's message (quoted in hashicorp/terraform-provider-aws#8420 and rebuy-de/aws-nuke#497).
		return apierr.ResourceInUse.New("DeleteStream can't delete %s:%s because there are consumers associated with this data stream. To delete %s anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.",
			e.cfg.Account.ID, s.name, s.name)
	}
	d := e.cfg.deleteDelay
	if d == 0 {
		e.remove(s)
		return nil
	}
	if !s.state.CanBegin(&e.transitions) {
		return e.tooManyTransitions()
	}
	s.dropConsumers() // EnforceConsumerDeletion: the consumers go now, their subscriptions end
	s.pending = change{}
	s.releaseReserved()
	s.state.Begin(status.Deleting, &e.transitions, lifecycle.AfterFunc(e.life, d, s, (*dataStream).finishDelete))
	return nil
}

// finishDelete ends the DELETING delay (a timer callback).
func (s *dataStream) finishDelete() {
	e := s.e
	e.mu.Lock()
	defer e.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.byName[s.name] == s {
		e.remove(s)
	}
}

// remove drops s from the registry, stops its timers (status, scaler, retention), releases its records and ends
// its readers. e.mu and s.mu must be held.
func (e *Engine) remove(s *dataStream) {
	delete(e.byName, s.name)
	delete(e.byEpoch, s.epoch)
	e.names.Delete(s)
	s.releaseReserved()
	e.shards -= len(s.open)
	s.state.Set(status.Deleting)
	s.pending = change{}
	s.removed = true
	s.scaler.Stop()
	s.scaler = nil
	s.dropConsumers()
	for _, sh := range s.shards {
		sh.mu.Lock()
		sh.gone = true
		sh.log.TrimTo(sh.log.Next()) // the records go now, even while a reader still holds the stream
		sh.waiters.Signal()
		sh.mu.Unlock()
	}
	s.retMu.Lock()
	s.retTimer.Stop()
	s.retTimer = nil
	s.retMu.Unlock()
}

// DescribeStreamSummary describes a stream without its shards.
//
// Errors: Validation, InvalidArgument (a bad StreamARN), ResourceNotFound.
func (e *Engine) DescribeStreamSummary(ctx context.Context, ref StreamRef) (StreamSummary, error) {
	if _, err := begin(e, ctx, OpDescribeStreamSummary, &ref); err != nil {
		return StreamSummary{}, err
	}
	s, err := e.resolve(ref, false)
	if err != nil {
		return StreamSummary{}, err
	}
	return s.summary(), nil
}

func (s *dataStream) summary() StreamSummary {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return StreamSummary{
		StreamName: s.name, StreamARN: s.arn, StreamStatus: s.streamStatus(), StreamMode: s.mode,
		RetentionPeriodHours: int(s.retention / time.Hour), StreamCreationTimestamp: s.created,
		EncryptionType: s.encryptionType(), KeyId: s.enc.keyID, EnhancedMonitoring: s.monitoring.described(),
		OpenShardCount: len(s.open), ConsumerCount: s.consumerCount(), MaxRecordSizeInKiB: int(s.maxRecordSize.Load() >> 10), Throttling: s.throttling,
		RecordDistributionStrategy: s.distribution(), WarmThroughput: s.warmThroughput(),
	}
}

// MaxListStreamsResults is the most streams one ListStreams call returns.
const MaxListStreamsResults = 100

// ListStreams lists the account's streams in name order, at most in.Limit (at most 100) at a time.
//
// Errors: Validation (Limit outside 1–10000, a malformed ExclusiveStartStreamName), InvalidArgument (NextToken
// with ExclusiveStartStreamName, a malformed token), ExpiredNextToken.
func (e *Engine) ListStreams(ctx context.Context, in ListStreamsInput) (ListStreamsOutput, error) {
	if _, err := begin(e, ctx, OpListStreams, &in); err != nil {
		return ListStreamsOutput{}, err
	}
	var v validate.Violations
	v.PageSize("limit", in.Limit, MaxListPageSize)
	if in.ExclusiveStartStreamName != "" {
		v.Name("exclusiveStartStreamName", in.ExclusiveStartStreamName, MaxStreamNameLength)
	}
	if err := v.Err(); err != nil {
		return ListStreamsOutput{}, err
	}
	limit := in.Limit
	if limit == 0 || limit > MaxListStreamsResults {
		limit = MaxListStreamsResults
	}
	now := e.clk.Now()
	after := in.ExclusiveStartStreamName
	if in.NextToken != "" {
		if after != "" {
			return ListStreamsOutput{}, apierr.InvalidArgument.New("NextToken and ExclusiveStartStreamName cannot be provided together.")
		}
		var err error
		if after, err = e.decodeListToken(in.NextToken, now); err != nil {
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
			StreamName: s.name, StreamARN: s.arn, StreamStatus: s.streamStatus(), StreamMode: s.mode, StreamCreationTimestamp: s.created,
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
		out.NextToken = e.encodeListToken(now, out.StreamNames[len(out.StreamNames)-1])
	}
	return out, nil
}

// IncreaseStreamRetentionPeriod raises the stream's retention period (24–8760 hours; not below the current one).
// Records already expired stay expired.
//
// Errors: Validation, InvalidArgument (outside 24–8760 hours, below the current period), ResourceInUse (not
// ACTIVE), ResourceNotFound.
func (e *Engine) IncreaseStreamRetentionPeriod(ctx context.Context, in RetentionInput) error {
	if _, err := begin(e, ctx, OpIncreaseStreamRetentionPeriod, &in); err != nil {
		return err
	}
	return e.changeRetention(in, true)
}

// DecreaseStreamRetentionPeriod lowers the stream's retention period (24–8760 hours; not above the current one).
// Records older than the new period become unreadable at once.
//
// Errors: as [Engine.IncreaseStreamRetentionPeriod], with "above the current period".
func (e *Engine) DecreaseStreamRetentionPeriod(ctx context.Context, in RetentionInput) error {
	if _, err := begin(e, ctx, OpDecreaseStreamRetentionPeriod, &in); err != nil {
		return err
	}
	return e.changeRetention(in, false)
}

func (e *Engine) changeRetention(in RetentionInput, increase bool) error {
	h := in.RetentionPeriodHours
	if h < 1 {
		var v validate.Violations
		v.Add(validate.QuoteInt(h), "retentionPeriodHours", validate.ValueAtLeast+"1")
		return v.Err()
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
	if err := s.setRetention(e.clk.Now(), h, increase); err != nil {
		return err
	}
	s.rearmRetention()
	return nil
}

// setRetention changes the retention period of an ACTIVE stream to h hours.
func (s *dataStream) setRetention(now time.Time, h int, increase bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := int(s.retention / time.Hour)
	switch {
	case !s.state.Is(status.Active):
		return s.e.notActive(s.name, s.streamStatus())
	case increase && h < cur:
		return apierr.InvalidArgument.New("Requested retention period (%d hours) for stream %s can not be shorter than existing retention period (%d hours). Use DecreaseRetentionPeriod API.", h, s.name, cur)
	case !increase && h > cur:
		return apierr.InvalidArgument.New("Requested retention period (%d hours) for stream %s can not be longer than existing retention period (%d hours). Use IncreaseRetentionPeriod API.", h, s.name, cur)
	}
	// Expire under the old period first, so that a longer period does not bring back expired records.
	s.applyRetentionLocked(now)
	s.retention = time.Duration(h) * time.Hour
	s.applyRetentionLocked(now)
	return nil
}

// SetThrottling turns the stream's enforcement of AWS's throughput limits on or off (a kinesim extension; test
// controls do not see it).
func (e *Engine) SetThrottling(ctx context.Context, ref StreamRef, on bool) error {
	if err := e.enter(ctx); err != nil {
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
//
// Errors: Validation, ResourceInUse (not ACTIVE), ResourceNotFound.
func (e *Engine) UpdateMaxRecordSize(ctx context.Context, in UpdateMaxRecordSizeInput) error {
	if _, err := begin(e, ctx, OpUpdateMaxRecordSize, &in); err != nil {
		return err
	}
	var v validate.Violations
	recordSize(&v, in.MaxRecordSizeInKiB)
	if err := v.Err(); err != nil {
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

// withActiveStream runs change on an ACTIVE stream with its lock held for writing.
func (e *Engine) withActiveStream(ref StreamRef, change func(*dataStream) error) error {
	s, err := e.resolve(ref, false)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.state.Is(status.Active) {
		return e.notActive(s.name, s.streamStatus())
	}
	return change(s)
}

// WaitUntilActive blocks until the stream is ACTIVE, as the SDK's StreamExists waiter does, but woken by the
// status change itself instead of polling DescribeStream. With a clock.Manual, the status delays pass only as the
// clock is advanced (from another goroutine). A kinesim extension; test controls do not see it.
//
// Errors: ResourceNotFound (no such stream, or it is deleted while waiting), ctx.Err(), [ErrClosed],
// [ErrNilContext].
func (e *Engine) WaitUntilActive(ctx context.Context, ref StreamRef) error {
	if err := e.enter(ctx); err != nil {
		return err
	}
	s, err := e.resolve(ref, false)
	if err != nil {
		return err
	}
	for {
		s.mu.Lock()
		st, removed, changed := s.streamStatus(), s.removed, s.state.Changed()
		s.mu.Unlock()
		switch {
		case removed || st == StreamStatusDeleting:
			return e.streamNotFound(s.name)
		case st == StreamStatusActive:
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-e.life.Done():
			return ErrClosed
		}
	}
}
