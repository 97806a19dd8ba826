package stream_test

// Tests of UpdateStreamWarmThroughput and UpdateStreamRecordDistributionStrategy (aws-sdk-go-v2 service/kinesis
// v1.56.11, api_op_UpdateStreamWarmThroughput.go and api_op_UpdateStreamRecordDistributionStrategy.go; API
// reference API_UpdateStreamWarmThroughput.html, API_WarmThroughputObject.html).

import (
	"fmt"
	"testing"
	"time"

	"github.com/kinesim/kinesim/stream"
)

// Warm throughput is reached asynchronously ("Updating the warm throughput is an asynchronous operation … the
// scaling action could take a few minutes"): the on-demand scaler splits towards one open shard per MiB/s, each
// open shard at most once a minute, and DescribeStreamSummary's WarmThroughput shows the target and the
// capacity reached (CurrentMiBps, "the write throughput in MiBps that the stream is currently scaled to
// handle"). The stream is UPDATING for the update delay, reads and writes going on. Capacity is kept afterwards.
func TestWarmThroughputIsReachedThroughTheScalersSplits(t *testing.T) {
	r := newHarness(t, startAt(minuteT0), stream.WithStatusDelays(0, 0, 10*time.Second))
	r.create("od", 0, rsOnDemand)
	out, err := r.e.UpdateStreamWarmThroughput(r.ctx, stream.UpdateStreamWarmThroughputInput{StreamRef: ref("od"), WarmThroughputMiBps: 20})
	if err != nil {
		t.Fatal(err)
	}
	if out.StreamName != "od" || out.StreamARN != r.e.StreamARN("od") || out.WarmThroughput != (stream.WarmThroughput{TargetMiBps: 20, CurrentMiBps: 4}) {
		t.Fatalf("output %+v", out)
	}
	if s := r.Summary("od"); s.StreamStatus != stream.StreamStatusUpdating {
		t.Fatalf("status right after the call: %s, want UPDATING", s.StreamStatus)
	}
	r.Put("od", "k", []byte("still writable while UPDATING"))
	var current []int
	for range 5 {
		r.clk.Advance(time.Minute)
		s := r.Summary("od")
		if s.WarmThroughput == nil || s.WarmThroughput.TargetMiBps != 20 || s.WarmThroughput.CurrentMiBps != s.OpenShardCount {
			t.Fatalf("summary %+v, WarmThroughput %+v", s, s.WarmThroughput)
		}
		current = append(current, s.WarmThroughput.CurrentMiBps)
	}
	// 4 → 8 → 16 → 20 and kept: at most doubling per minute, never below the target once there.
	if fmt.Sprint(current) != "[8 16 20 20 20]" {
		t.Fatalf("capacity per minute %v, want [8 16 20 20 20]", current)
	}
	// A lower value stops growth; the shards stay (kinesim never merges an on-demand stream back).
	if _, err := r.e.UpdateStreamWarmThroughput(r.ctx, stream.UpdateStreamWarmThroughputInput{StreamRef: ref("od"), WarmThroughputMiBps: 0}); err != nil {
		t.Fatal(err)
	}
	r.clk.Advance(10 * time.Minute)
	if s := r.Summary("od"); s.OpenShardCount != 20 || s.WarmThroughput.TargetMiBps != 0 {
		t.Fatalf("after lowering: %d shards, %+v", s.OpenShardCount, s.WarmThroughput)
	}
}

// putSpread puts n records of key to name in one PutRecords call and returns the shard of each.
func (h *harness) putSpread(name, key string, n int) []string {
	h.t.Helper()
	entries := make([]stream.PutRecordsEntry, n)
	for i := range entries {
		entries[i] = stream.PutRecordsEntry{Data: []byte("x"), PartitionKey: key, ExplicitHashKey: "0"}
	}
	out, err := h.e.PutRecords(h.ctx, stream.PutRecordsInput{StreamRef: ref(name), Records: entries})
	if err != nil || out.FailedRecordCount != 0 {
		h.t.Fatalf("PutRecords: %v, %d failed", err, out.FailedRecordCount)
	}
	shards := make([]string, n)
	for i, res := range out.Records {
		shards[i] = res.ShardId
	}
	return shards
}

// Under AUTO, Kinesis "distributes records evenly across shards … and ignores any partition key and
// ExplicitHashKey that a producer provides"; USER_PARTITION_KEY, the default, sends records that share a key to the
// same shard (api_op_UpdateStreamRecordDistributionStrategy.go). kinesim spreads round-robin over the open shards,
// so one key's records — even with an explicit hash key — land on every shard evenly, from PutRecord and
// PutRecords alike; records put before the change stay where they are. The strategy shows in the summary.
func TestAutoDistributionSpreadsOneKeyEvenly(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("od", 0, rsOnDemand)
	if s := r.Summary("od"); s.RecordDistributionStrategy != stream.DistributionUserPartitionKey {
		t.Fatalf("default strategy %q", s.RecordDistributionStrategy)
	}
	for _, sh := range r.putSpread("od", "tenant-0", 8) {
		if sh != "shardId-000000000000" {
			t.Fatalf("USER_PARTITION_KEY put a hash key of 0 on %s", sh)
		}
	}
	auto := stream.UpdateStreamRecordDistributionStrategyInput{StreamARN: r.e.StreamARN("od"), RecordDistributionStrategy: stream.DistributionAuto}
	if err := r.e.UpdateStreamRecordDistributionStrategy(r.ctx, auto); err != nil {
		t.Fatal(err)
	}
	if s := r.Summary("od"); s.RecordDistributionStrategy != stream.DistributionAuto || s.StreamStatus != stream.StreamStatusActive {
		t.Fatalf("after AUTO: %q, %s", s.RecordDistributionStrategy, s.StreamStatus)
	}
	count := map[string]int{}
	for _, sh := range r.putSpread("od", "tenant-0", 400) {
		count[sh]++
	}
	for range 100 {
		count[r.PutTo("od", "340282366920938463463374607431768211455", "tenant-0", []byte("x")).ShardId]++
	}
	if len(count) != 4 {
		t.Fatalf("AUTO used %d shards: %v", len(count), count)
	}
	for sh, n := range count {
		if n != 125 {
			t.Fatalf("AUTO put %d of 500 records on %s, want 125 on each of 4: %v", n, sh, count)
		}
	}
	// The records put before the change did not move.
	if got := len(r.ReadShard("od", "shardId-000000000000")); got != 8+125 {
		t.Fatalf("shard 0 holds %d records, want 8 from before and 125 from AUTO", got)
	}
	back := stream.UpdateStreamRecordDistributionStrategyInput{StreamARN: r.e.StreamARN("od"), RecordDistributionStrategy: stream.DistributionUserPartitionKey}
	if err := r.e.UpdateStreamRecordDistributionStrategy(r.ctx, back); err != nil {
		t.Fatal(err)
	}
	for _, sh := range r.putSpread("od", "tenant-0", 8) {
		if sh != "shardId-000000000000" {
			t.Fatalf("back on USER_PARTITION_KEY, a hash key of 0 went to %s", sh)
		}
	}
}

// Under AUTO "the partition key is optional and any value you provide is ignored" (API reference, PutRecord's
// PartitionKey); a stream on USER_PARTITION_KEY still needs one.
func TestAutoDistributionTakesRecordsWithoutAPartitionKey(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("od", 0, rsOnDemand)
	noKey := stream.PutRecordsInput{StreamRef: ref("od"), Records: []stream.PutRecordsEntry{{Data: []byte("a")}, {Data: []byte("b")}}}
	// On USER_PARTITION_KEY the keyless entries are refused: the error spec's UserPartitionKeyStreamNeedsAKey.
	if err := r.e.UpdateStreamRecordDistributionStrategy(r.ctx, stream.UpdateStreamRecordDistributionStrategyInput{
		StreamARN: r.e.StreamARN("od"), RecordDistributionStrategy: stream.DistributionAuto}); err != nil {
		t.Fatal(err)
	}
	out, err := r.e.PutRecords(r.ctx, noKey)
	if err != nil || out.FailedRecordCount != 0 {
		t.Fatalf("PutRecords without keys under AUTO: %v, %d failed", err, out.FailedRecordCount)
	}
	one, err := r.e.PutRecord(r.ctx, stream.PutRecordInput{StreamRef: ref("od"), Data: []byte("c")})
	if err != nil {
		t.Fatalf("PutRecord without a key under AUTO: %v", err)
	}
	if out.Records[0].ShardId == out.Records[1].ShardId || one.ShardId == out.Records[1].ShardId {
		t.Errorf("AUTO did not spread: %s, %s, %s", out.Records[0].ShardId, out.Records[1].ShardId, one.ShardId)
	}
}

// AUTO's spread is deterministic for a seed: the same calls give the same shards ("choose a deterministic even
// spread … so seeded runs reproduce").
func TestAutoDistributionIsReproducibleWithASeed(t *testing.T) {
	run := func() string {
		r := newHarness(t, startAt(minuteT0))
		r.create("od", 0, rsOnDemand)
		if err := r.e.UpdateStreamRecordDistributionStrategy(r.ctx, stream.UpdateStreamRecordDistributionStrategyInput{
			StreamARN: r.e.StreamARN("od"), RecordDistributionStrategy: stream.DistributionAuto}); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(r.putSpread("od", "k", 9))
	}
	if a, b := run(), run(); a != b {
		t.Fatalf("two seeded runs spread differently:\n%s\n%s", a, b)
	}
}

// The strategy is an on-demand setting ("Attempting to set AUTO on a provisioned stream results in an
// InvalidArgumentException"); the operation takes the stream by StreamARN only (a required member) and one of the
// two values. Switching an AUTO stream to provisioned drops the setting (a provisioned stream has none), and its
// warm throughput with it.
func TestRecordDistributionStrategyIsOnDemandOnly(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("p", 2)
	r.create("od", 0, rsOnDemand)
	set := func(name string, s stream.RecordDistributionStrategy) error {
		return r.e.UpdateStreamRecordDistributionStrategy(r.ctx, stream.UpdateStreamRecordDistributionStrategyInput{StreamARN: r.e.StreamARN(name), RecordDistributionStrategy: s})
	}
	// The refusals (a provisioned stream, a bad value, no StreamARN, an unknown stream) are the error spec's
	// RecordDistributionStrategyIsOnDemandOnly (streamtest).
	if err := set("od", stream.DistributionAuto); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.UpdateStreamWarmThroughput(r.ctx, stream.UpdateStreamWarmThroughputInput{StreamRef: ref("od"), WarmThroughputMiBps: 8}); err != nil {
		t.Fatal(err)
	}
	if err := r.e.UpdateStreamMode(r.ctx, stream.UpdateStreamModeInput{StreamRef: ref("od"), StreamMode: stream.StreamModeProvisioned}); err != nil {
		t.Fatal(err)
	}
	if s := r.Summary("od"); s.RecordDistributionStrategy != "" || s.WarmThroughput != nil {
		t.Fatalf("provisioned after AUTO: %q, %+v", s.RecordDistributionStrategy, s.WarmThroughput)
	}
	for _, sh := range r.putSpread("od", "k", 4) {
		if sh != "shardId-000000000000" {
			t.Fatalf("a provisioned stream spread a hash key of 0 to %s", sh)
		}
	}
	if err := r.e.UpdateStreamMode(r.ctx, stream.UpdateStreamModeInput{StreamRef: ref("od"), StreamMode: stream.StreamModeOnDemand}); err != nil {
		t.Fatal(err)
	}
	if s := r.Summary("od"); s.RecordDistributionStrategy != stream.DistributionUserPartitionKey || *s.WarmThroughput != (stream.WarmThroughput{CurrentMiBps: 4}) {
		t.Fatalf("on-demand again: %q, %+v", s.RecordDistributionStrategy, s.WarmThroughput)
	}
}

// Under AUTO a hot key no longer heats one shard: the on-demand scaler sees the same load on every shard and
// splits them all alike (AWS: on-demand "does not isolate hot keys" under USER_PARTITION_KEY, Developer Guide
// how-do-i-size-a-stream; AUTO spreads them).
func TestAutoDistributionEvensTheScalersLoad(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("od", 0, rsOnDemand, func(in *stream.CreateStreamInput) { in.DiscardData = true })
	if err := r.e.UpdateStreamRecordDistributionStrategy(r.ctx, stream.UpdateStreamRecordDistributionStrategyInput{
		StreamARN: r.e.StreamARN("od"), RecordDistributionStrategy: stream.DistributionAuto}); err != nil {
		t.Fatal(err)
	}
	// One key at 2.4 MiB/s for 6 minutes: 600 KiB/s a shard under AUTO, above the 500 KB/s split rule on every one.
	data := make([]byte, 8<<10)
	entries := make([]stream.PutRecordsEntry, 300)
	for i := range entries {
		entries[i] = stream.PutRecordsEntry{Data: data, PartitionKey: "hot"}
	}
	for range 6 * 60 {
		out, err := r.e.PutRecords(r.ctx, stream.PutRecordsInput{StreamRef: ref("od"), Records: entries})
		if err != nil || out.FailedRecordCount != 0 {
			t.Fatalf("PutRecords: %v, %d throttled", err, out.FailedRecordCount)
		}
		r.clk.Advance(time.Second)
	}
	if n := len(r.open("od")); n != 8 {
		t.Fatalf("%d open shards, want all 4 split once (8)", n)
	}
}

// CreateStream takes both settings for an on-demand stream (CreateStreamInput.RecordDistributionStrategy: "only
// supported for streams that use the on-demand capacity mode"; WarmThroughputMiBps), and UpdateStreamMode takes a
// warm throughput with a switch to ON_DEMAND only ("This field is only valid when the stream mode is being updated
// to on-demand"). Refused inputs create and change nothing.
func TestOnDemandSettingsAtCreationAndModeSwitch(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("od", 0, rsOnDemand, func(in *stream.CreateStreamInput) {
		in.RecordDistributionStrategy, in.WarmThroughputMiBps = stream.DistributionAuto, 8
	})
	if s := r.Summary("od"); s.RecordDistributionStrategy != stream.DistributionAuto || *s.WarmThroughput != (stream.WarmThroughput{TargetMiBps: 8, CurrentMiBps: 4}) {
		t.Fatalf("created: %q, %+v", s.RecordDistributionStrategy, s.WarmThroughput)
	}
	r.clk.Advance(time.Minute)
	if n := r.Summary("od").OpenShardCount; n != 8 {
		t.Fatalf("%d open shards a minute after creation with 8 MiBps warm, want 8", n)
	}
	// The refused inputs, at creation and at the switch, are the error spec's OnDemandSettingsAtCreationAndModeSwitch
	// (streamtest).
	r.create("p", 2)
	mode := func(m stream.StreamMode, warm int) error {
		return r.e.UpdateStreamMode(r.ctx, stream.UpdateStreamModeInput{StreamRef: ref("p"), StreamMode: m, WarmThroughputMiBps: warm})
	}
	if err := mode(stream.StreamModeOnDemand, 6); err != nil {
		t.Fatal(err)
	}
	if s := r.Summary("p"); s.StreamMode != stream.StreamModeOnDemand || *s.WarmThroughput != (stream.WarmThroughput{TargetMiBps: 6, CurrentMiBps: 2}) {
		t.Fatalf("switched: %s, %+v", s.StreamMode, s.WarmThroughput)
	}
	r.clk.Advance(2 * time.Minute)
	if n := r.Summary("p").OpenShardCount; n != 6 {
		t.Fatalf("%d open shards two minutes after a switch with 6 MiBps warm, want 6 (2 → 4 → 6)", n)
	}
}
