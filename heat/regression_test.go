// Regression tests of the heat package. The red team's finding 1 here (../shared/redteam/redteam_heat_test.go,
// TestRTFindingHeatRunNilContextPanics): a nil context made heat.Run panic (it then stood for
// context.Background(), until the engine dereferenced it); it now fails at once with an error matching the
// stream's ErrNilContext, as every operation of the engine does.
package heat_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/keys"
	"github.com/kinesim/kinesim/stream"
)

func TestRunRefusesANilContextWithErrNilContext(t *testing.T) {
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("heat.Run(nil ctx) panicked: %v", p)
		}
	}()
	var nilCtx context.Context
	rep, err := heat.Run(nilCtx, heat.Config{Keys: keys.Uniform(1, 5), RecordsPerSecond: 10, Duration: time.Second, Layout: heat.Provisioned(1)})
	if !errors.Is(err, stream.ErrNilContext) || rep != nil {
		t.Errorf("heat.Run(nil ctx) = %v, %v; want no report and stream.ErrNilContext", rep, err)
	}
}

// A run of the longest Duration (a day, MetricsWindow) still reads the stream's metrics: with a start off the
// minute it spans 1,441 minutes, more than the 1,440 datapoints one stream.Engine.Metrics call may ask for, so the
// report asks for one period over the whole run.
func TestRunOfADayReadsTheStreamsMetrics(t *testing.T) {
	rep, err := heat.Run(context.Background(), heat.Config{
		Keys: keys.Uniform(1, 5), RecordsPerSecond: 1, Duration: stream.MetricsWindow, Tick: time.Second,
		Layout: heat.Provisioned(2), Start: time.Date(2024, 3, 5, 10, 0, 30, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	var incoming int64
	for _, sh := range rep.Shards {
		incoming += sh.StreamMetrics.IncomingRecords
	}
	// The stream keeps a day of minutes: the records of the run's first (partial) minute have left its window.
	if incoming < rep.Records-60 || incoming > rep.Records {
		t.Errorf("the stream's metrics count %d incoming records of the %d put", incoming, rep.Records)
	}
}
