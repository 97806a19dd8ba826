package stream_test

// The operations of issue 8 §1's second half — TagResource, UntagResource, ListTagsForResource,
// ListTagsForStream, UpdateStreamWarmThroughput, UpdateStreamRecordDistributionStrategy — keep the engine's
// contract: a test control for their Op sees them and can fail them (the call then changes nothing), a nil
// context is ErrNilContext, a closed engine ErrClosed.

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

// newOps calls each new operation on stream "od" (on demand) of e with ctx.
func newOps(e *stream.Engine) map[control.Op]func(ctx context.Context) error {
	a := e.StreamARN("od")
	return map[control.Op]func(ctx context.Context) error{
		stream.OpTagResource: func(ctx context.Context) error {
			return e.TagResource(ctx, stream.TagResourceInput{ResourceARN: a, Tags: map[string]string{"k": "v"}})
		},
		stream.OpUntagResource: func(ctx context.Context) error {
			return e.UntagResource(ctx, stream.UntagResourceInput{ResourceARN: a, TagKeys: []string{"keep"}})
		},
		stream.OpListTagsForResource: func(ctx context.Context) error {
			_, err := e.ListTagsForResource(ctx, stream.ListTagsForResourceInput{ResourceARN: a})
			return err
		},
		stream.OpListTagsForStream: func(ctx context.Context) error {
			_, err := e.ListTagsForStream(ctx, stream.ListTagsForStreamInput{StreamRef: ref("od")})
			return err
		},
		stream.OpUpdateStreamWarmThroughput: func(ctx context.Context) error {
			_, err := e.UpdateStreamWarmThroughput(ctx, stream.UpdateStreamWarmThroughputInput{StreamRef: ref("od"), WarmThroughputMiBps: 64})
			return err
		},
		stream.OpUpdateStreamRecordDistributionStrategy: func(ctx context.Context) error {
			return e.UpdateStreamRecordDistributionStrategy(ctx, stream.UpdateStreamRecordDistributionStrategyInput{StreamARN: a, RecordDistributionStrategy: stream.DistributionAuto})
		},
	}
}

func TestNewOperationsAreControlledAndRefuseNilContextAndClosedEngine(t *testing.T) {
	r := newHarness(t, startAt(minuteT0))
	r.create("od", 0, rsOnDemand, func(in *stream.CreateStreamInput) { in.Tags = map[string]string{"keep": "me"} })
	before := r.Summary("od")
	for op, call := range newOps(r.e) {
		injected := apierr.InternalFailure.New("injected for %s", op)
		var seen []control.Op
		remove := r.e.Control(op, func(c control.Call) (control.Response, bool) {
			seen = append(seen, c.Op)
			return control.Response{Err: injected}, true
		})
		if err := call(r.ctx); !errors.Is(err, apierr.InternalFailure) || !slices.Equal(seen, []control.Op{op}) {
			t.Errorf("%s under a control: %v, control saw %v", op, err, seen)
		}
		remove()
		var nilCtx context.Context
		if err := call(nilCtx); !errors.Is(err, stream.ErrNilContext) {
			t.Errorf("%s(nil ctx) = %v, want ErrNilContext", op, err)
		}
	}
	r.clk.Advance(5 * time.Minute)
	if after := r.Summary("od"); after.OpenShardCount != before.OpenShardCount || after.RecordDistributionStrategy != before.RecordDistributionStrategy ||
		*after.WarmThroughput != *before.WarmThroughput || !slices.Equal(r.listTags("od"), []stream.Tag{{"keep", "me"}}) {
		t.Fatalf("refused calls changed the stream: %+v %+v, tags %v", after, after.WarmThroughput, r.listTags("od"))
	}
	for op, call := range newOps(r.e) {
		if err := call(r.ctx); err != nil {
			t.Errorf("%s: %v", op, err)
		}
	}
	if err := r.e.Close(); err != nil {
		t.Fatal(err)
	}
	for op, call := range newOps(r.e) {
		if err := call(r.ctx); !errors.Is(err, stream.ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", op, err)
		}
	}
}
