package stream_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/kinesim/kinesim/stream"
)

var allSeven = []stream.MetricsName{
	stream.MetricsNameIncomingBytes, stream.MetricsNameIncomingRecords, stream.MetricsNameOutgoingBytes,
	stream.MetricsNameOutgoingRecords, stream.MetricsNameWriteProvisionedThroughputExceeded,
	stream.MetricsNameReadProvisionedThroughputExceeded, stream.MetricsNameIteratorAgeMilliseconds,
}

func (h *harness) monitoring(name string) []stream.EnhancedMetrics {
	h.t.Helper()
	d, err := h.e.DescribeStream(h.ctx, stream.DescribeStreamInput{StreamRef: ref(name)})
	if err != nil {
		h.t.Fatal(err)
	}
	if s := h.Summary(name); !reflect.DeepEqual(s.EnhancedMonitoring, d.EnhancedMonitoring) {
		h.t.Fatalf("DescribeStreamSummary reports %v, DescribeStream %v", s.EnhancedMonitoring, d.EnhancedMonitoring)
	}
	return d.EnhancedMonitoring
}

// A stream with no metrics enabled reports EnhancedMonitoring [{ShardLevelMetrics: []}] — one element, an empty
// list — in DescribeStream and DescribeStreamSummary, as AWS does (API model shapes.StreamDescription and
// StreamDescriptionSummary: EnhancedMonitoring is required; https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamDescriptionSummary.html).
func TestEnhancedMonitoringIsOneEmptyElementWhenNoneEnabled(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	got := h.monitoring("s")
	if len(got) != 1 || got[0].ShardLevelMetrics == nil || len(got[0].ShardLevelMetrics) != 0 {
		t.Fatalf("EnhancedMonitoring %#v, want one element with an empty, non-nil list", got)
	}
}

// EnableEnhancedMonitoring adds metrics to those enabled and DisableEnhancedMonitoring removes them; the output
// names the stream and gives the metrics before (Current) and after (Desired); ALL stands for the seven metrics
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html,
// API_DisableEnhancedMonitoring.html, API_EnhancedMonitoringOutput.html).
func TestEnableAndDisableEnhancedMonitoringReportCurrentAndDesired(t *testing.T) {
	h := newHarness(t)
	h.create("s", 2)
	type op = func(context.Context, stream.EnhancedMonitoringInput) (stream.EnhancedMonitoringOutput, error)
	call := func(f op, m []stream.MetricsName) stream.EnhancedMonitoringOutput {
		t.Helper()
		out, err := f(h.ctx, stream.EnhancedMonitoringInput{StreamRef: ref("s"), ShardLevelMetrics: m})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	enable := func(m ...stream.MetricsName) stream.EnhancedMonitoringOutput {
		return call(h.e.EnableEnhancedMonitoring, m)
	}
	disable := func(m ...stream.MetricsName) stream.EnhancedMonitoringOutput {
		return call(h.e.DisableEnhancedMonitoring, m)
	}
	check := func(out stream.EnhancedMonitoringOutput, cur, want []stream.MetricsName) {
		t.Helper()
		if out.StreamName != "s" || out.StreamARN != h.e.StreamARN("s") {
			t.Fatalf("output names %q %q", out.StreamName, out.StreamARN)
		}
		if !slices.Equal(out.CurrentShardLevelMetrics, cur) || !slices.Equal(out.DesiredShardLevelMetrics, want) {
			t.Fatalf("Current %v Desired %v, want %v and %v", out.CurrentShardLevelMetrics, out.DesiredShardLevelMetrics, cur, want)
		}
		if got := h.monitoring("s")[0].ShardLevelMetrics; !slices.Equal(got, want) {
			t.Fatalf("described %v, want %v", got, want)
		}
	}
	none := []stream.MetricsName{}
	// Reported in the API model's order, whatever the order asked, repeats merged.
	out := enable(stream.MetricsNameOutgoingBytes, stream.MetricsNameIncomingBytes, stream.MetricsNameIncomingBytes)
	check(out, none, []stream.MetricsName{stream.MetricsNameIncomingBytes, stream.MetricsNameOutgoingBytes})
	out = enable(stream.MetricsNameIteratorAgeMilliseconds)
	check(out, []stream.MetricsName{stream.MetricsNameIncomingBytes, stream.MetricsNameOutgoingBytes},
		[]stream.MetricsName{stream.MetricsNameIncomingBytes, stream.MetricsNameOutgoingBytes, stream.MetricsNameIteratorAgeMilliseconds})
	out = disable(stream.MetricsNameOutgoingBytes, stream.MetricsNameOutgoingRecords) // one of them was not enabled
	check(out, []stream.MetricsName{stream.MetricsNameIncomingBytes, stream.MetricsNameOutgoingBytes, stream.MetricsNameIteratorAgeMilliseconds},
		[]stream.MetricsName{stream.MetricsNameIncomingBytes, stream.MetricsNameIteratorAgeMilliseconds})
	out = enable(stream.MetricsNameAll)
	check(out, []stream.MetricsName{stream.MetricsNameIncomingBytes, stream.MetricsNameIteratorAgeMilliseconds}, allSeven)
	out = disable(stream.MetricsNameAll)
	check(out, allSeven, none)
	// The output's lists are the caller's: changing them changes nothing in the engine.
	out = enable(stream.MetricsNameIncomingRecords)
	out.DesiredShardLevelMetrics[0] = "changed"
	if got := h.monitoring("s")[0].ShardLevelMetrics; !slices.Equal(got, []stream.MetricsName{stream.MetricsNameIncomingRecords}) {
		t.Fatalf("described %v after the caller changed the output", got)
	}
}

// Like the other updates of a stream, a monitoring change makes the stream UPDATING until it has applied; while
// it is not ACTIVE, another change is a ResourceInUseException ("For successful operation, the resource must be
// in the ACTIVE state", https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html#API_EnableEnhancedMonitoring_Errors;
// hashicorp/terraform-provider-aws internal/service/kinesis/stream.go waits for the stream update after the call).
func TestEnhancedMonitoringUpdatesTheStreamAndNeedsItActive(t *testing.T) {
	const d = 10 * time.Second
	h := newHarness(t, stream.WithStatusDelays(0, 0, d))
	h.create("s", 1)
	in := stream.EnhancedMonitoringInput{StreamRef: ref("s"), ShardLevelMetrics: []stream.MetricsName{stream.MetricsNameIncomingRecords}}
	out, err := h.e.EnableEnhancedMonitoring(h.ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.DesiredShardLevelMetrics, in.ShardLevelMetrics) {
		t.Fatalf("Desired %v", out.DesiredShardLevelMetrics)
	}
	if s := h.Summary("s"); s.StreamStatus != stream.StreamStatusUpdating || len(s.EnhancedMonitoring[0].ShardLevelMetrics) != 0 {
		t.Fatalf("during the delay: %s with %v", s.StreamStatus, s.EnhancedMonitoring)
	}
	// Another change now is a ResourceInUseException: the error spec's EnhancedMonitoringNeedsTheStreamActive.
	h.clk.Advance(d)
	if s := h.Summary("s"); s.StreamStatus != stream.StreamStatusActive || !slices.Equal(s.EnhancedMonitoring[0].ShardLevelMetrics, in.ShardLevelMetrics) {
		t.Fatalf("after the delay: %s with %v", s.StreamStatus, s.EnhancedMonitoring)
	}
}
