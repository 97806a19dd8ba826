// Regression test for the red team's finding 1 in the heat package (../shared/redteam/redteam_heat_test.go): a nil
// context made heat.Run panic; it now fails with the stream's ErrNilContext.
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

func TestRunWithNilContextFails(t *testing.T) {
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("heat.Run(nil ctx) panicked: %v", p)
		}
	}()
	var nilCtx context.Context
	_, err := heat.Run(nilCtx, heat.Config{Keys: keys.Uniform(1, 5), RecordsPerSecond: 10, Duration: time.Second, Layout: heat.Provisioned(1)})
	if !errors.Is(err, stream.ErrNilContext) {
		t.Errorf("heat.Run(nil ctx) = %v, want stream.ErrNilContext", err)
	}
}
