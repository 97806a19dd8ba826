package stream_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/stream"
)

// DescribeLimits reports the account's shard limit, its open shards over all streams, and its on-demand streams
// against their quota of 50 (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html;
// DevGuide service-sizes-and-limits: 50 on-demand streams per account by default). Closed shards do not count.
func TestDescribeLimitsCountsOpenShardsAndOnDemandStreams(t *testing.T) {
	h := newHarness(t, stream.WithShardLimit(100))
	h.create("a", 3)
	h.create("b", 2)
	if err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "c", StreamMode: stream.StreamModeOnDemand}); err != nil {
		t.Fatal(err)
	}
	if err := h.split("a", "shardId-000000000000", hashKeyOfShard(1, 6)); err != nil {
		t.Fatal(err)
	}
	got, err := h.e.DescribeLimits(h.ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := stream.DescribeLimitsOutput{ShardLimit: 100, OpenShardCount: 4 + 2 + stream.OnDemandInitialShards, OnDemandStreamCount: 1, OnDemandStreamCountLimit: 50}
	if got != want {
		t.Fatalf("DescribeLimits = %+v, want %+v", got, want)
	}
}

// The minimum throughput billing commitment: DISABLED until enabled; ENABLED starts it with StartedAt and an
// EarliestAllowedEndAt 24 hours later; disabling it before then makes it ENABLED_UNTIL_EARLIEST_ALLOWED_END, which
// ends by itself at EarliestAllowedEndAt unless enabled again; disabling it later ends it at once. The update is
// synchronous and returns the settings
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateAccountSettings.html,
// API_MinimumThroughputBillingCommitmentInput.html: "Commitments have a minimum duration of 24 hours…",
// API_MinimumThroughputBillingCommitmentOutput.html).
func TestMinimumThroughputBillingCommitmentLastsAtLeast24Hours(t *testing.T) {
	h := newHarness(t, stream.WithThrottling(false))
	type commitment = stream.MinimumThroughputBillingCommitment
	describe := func() commitment {
		t.Helper()
		s, err := h.e.DescribeAccountSettings(h.ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s.MinimumThroughputBillingCommitment
	}
	update := func(status string) commitment {
		t.Helper()
		s, err := h.e.UpdateAccountSettings(h.ctx, stream.UpdateAccountSettingsInput{MinimumThroughputBillingCommitment: stream.MinimumThroughputBillingCommitmentInput{Status: status}})
		if err != nil {
			t.Fatal(err)
		}
		if d := describe(); d != s.MinimumThroughputBillingCommitment {
			t.Fatalf("UpdateAccountSettings returned %+v, DescribeAccountSettings %+v", s.MinimumThroughputBillingCommitment, d)
		}
		return s.MinimumThroughputBillingCommitment
	}
	check := func(got, want commitment) {
		t.Helper()
		if got != want {
			t.Fatalf("commitment %+v\nwant %+v", got, want)
		}
	}
	day := 24 * time.Hour
	check(describe(), commitment{Status: stream.CommitmentDisabled})
	check(update(stream.CommitmentDisabled), commitment{Status: stream.CommitmentDisabled})
	enabled := commitment{Status: stream.CommitmentEnabled, StartedAt: t0, EarliestAllowedEndAt: t0.Add(day)}
	check(update(stream.CommitmentEnabled), enabled)
	h.clk.Advance(time.Hour)
	check(update(stream.CommitmentEnabled), enabled) // already enabled: unchanged

	pending := enabled
	pending.Status = stream.CommitmentEnabledUntilEarliestAllowedEnd
	check(update(stream.CommitmentDisabled), pending)
	check(update(stream.CommitmentEnabled), enabled) // the pending end is cancelled
	check(update(stream.CommitmentDisabled), pending)
	h.clk.AdvanceTo(t0.Add(day - time.Millisecond))
	check(describe(), pending)
	h.clk.AdvanceTo(t0.Add(day))
	ended := commitment{Status: stream.CommitmentDisabled, StartedAt: t0, EarliestAllowedEndAt: t0.Add(day), EndedAt: t0.Add(day)}
	check(describe(), ended)

	// A new commitment starts afresh, and ends at once when disabled after its 24 hours.
	h.clk.Advance(time.Hour)
	start := t0.Add(day + time.Hour)
	check(update(stream.CommitmentEnabled), commitment{Status: stream.CommitmentEnabled, StartedAt: start, EarliestAllowedEndAt: start.Add(day)})
	h.clk.Advance(2 * day)
	check(update(stream.CommitmentDisabled), commitment{Status: stream.CommitmentDisabled, StartedAt: start, EarliestAllowedEndAt: start.Add(day), EndedAt: start.Add(2 * day)})
}

// Every operation of this file's family — enhanced monitoring, DescribeLimits, the account settings, stream
// encryption, resource policies — starts by consulting the test controls under its IAM action name, so a control
// can fail it (here with KMSDisabledException, which the KMS-backed operations can return: API reference,
// StartStreamEncryption Errors) before anything changes.
func TestAdministrativeOperationsAreSeenByControls(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	a := h.e.StreamARN("s")
	calls := adminCalls(h, h.ctx)
	var seen []control.Op
	remove := h.e.Control("kinesis:*", func(c control.Call) (control.Response, bool) {
		seen = append(seen, c.Op)
		return control.Response{Err: apierr.KMSDisabled}, true
	}, control.Keep())
	for op, call := range calls {
		seen = seen[:0]
		wantErr(t, call(), apierr.KMSDisabled, "")
		if !slices.Equal(seen, []control.Op{op}) {
			t.Fatalf("controls saw %v, want %s", seen, op)
		}
	}
	remove()
	if s := h.Summary("s"); s.EncryptionType != stream.EncryptionNone || len(s.EnhancedMonitoring[0].ShardLevelMetrics) != 0 {
		t.Fatalf("failed calls changed the stream: %+v", s)
	}
	if p := h.getPolicy(a); p != stream.NoResourcePolicy {
		t.Fatalf("a failed put attached %q", p)
	}
	for op, call := range calls {
		h.clk.Advance(time.Second) // past the account-level rate limits
		if err := call(); err != nil {
			t.Fatalf("%s without the control: %v", op, err)
		}
	}
}

// adminCalls makes one valid call of each administrative operation on stream "s" with ctx.
func adminCalls(h *harness, ctx context.Context) map[control.Op]func() error {
	a := h.e.StreamARN("s")
	return map[control.Op]func() error{
		stream.OpEnableEnhancedMonitoring: func() error {
			_, err := h.e.EnableEnhancedMonitoring(ctx, stream.EnhancedMonitoringInput{StreamRef: ref("s"), ShardLevelMetrics: []stream.MetricsName{stream.MetricsNameAll}})
			return err
		},
		stream.OpDisableEnhancedMonitoring: func() error {
			_, err := h.e.DisableEnhancedMonitoring(ctx, stream.EnhancedMonitoringInput{StreamRef: ref("s"), ShardLevelMetrics: []stream.MetricsName{stream.MetricsNameAll}})
			return err
		},
		stream.OpDescribeLimits:          func() error { _, err := h.e.DescribeLimits(ctx); return err },
		stream.OpDescribeAccountSettings: func() error { _, err := h.e.DescribeAccountSettings(ctx); return err },
		stream.OpUpdateAccountSettings: func() error {
			_, err := h.e.UpdateAccountSettings(ctx, stream.UpdateAccountSettingsInput{MinimumThroughputBillingCommitment: stream.MinimumThroughputBillingCommitmentInput{Status: stream.CommitmentEnabled}})
			return err
		},
		stream.OpStartStreamEncryption: func() error {
			return h.e.StartStreamEncryption(ctx, stream.EncryptionInput{StreamRef: ref("s"), EncryptionType: stream.EncryptionKMS, KeyId: testKey})
		},
		stream.OpStopStreamEncryption: func() error {
			return h.e.StopStreamEncryption(ctx, stream.EncryptionInput{StreamRef: ref("s"), EncryptionType: stream.EncryptionKMS, KeyId: testKey})
		},
		stream.OpPutResourcePolicy: func() error {
			return h.e.PutResourcePolicy(ctx, stream.PutResourcePolicyInput{ResourceARN: a, Policy: samplePolicy})
		},
		stream.OpGetResourcePolicy: func() error {
			_, err := h.e.GetResourcePolicy(ctx, stream.ResourcePolicyInput{ResourceARN: a})
			return err
		},
		stream.OpDeleteResourcePolicy: func() error {
			return h.e.DeleteResourcePolicy(ctx, stream.ResourcePolicyInput{ResourceARN: a})
		},
	}
}

// Like every operation of the engine, the administrative ones refuse a nil context with ErrNilContext, without
// panicking and without changing anything.
func TestAdministrativeOperationsRefuseANilContext(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	var nilCtx context.Context
	for op, call := range adminCalls(h, nilCtx) {
		if err := call(); !errors.Is(err, stream.ErrNilContext) {
			t.Errorf("%s(nil ctx) = %v, want ErrNilContext", op, err)
		}
	}
	if s := h.Summary("s"); s.EncryptionType != stream.EncryptionNone || len(s.EnhancedMonitoring[0].ShardLevelMetrics) != 0 || s.StreamStatus != stream.StreamStatusActive {
		t.Fatalf("refused calls changed the stream: %+v", s)
	}
}
