package control_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
)

// A service of the family intercepts each call with the account's Set before doing its work; a test installs
// controls for the operations it wants to disturb.
func Example() {
	var set control.Set
	m := clock.NewManual(time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC))
	env := control.Env{Clock: m, Done: make(chan struct{}), Closed: fmt.Errorf("closed")}
	call := func(op control.Op) {
		_, err := set.Intercept(context.Background(), env, op, nil)
		fmt.Printf("%s: %v\n", op, err)
	}

	// Watch every call of every service; fail the next PutMedia; throttle every Firehose call.
	set.Add("*", func(c control.Call) (control.Response, bool) {
		fmt.Println("saw", c.Op)
		return control.Response{}, false
	}, control.Keep())
	set.Add("kinesisvideo:PutMedia", func(control.Call) (control.Response, bool) {
		return control.Response{Err: apierr.ResourceInUse.New("injected")}, true
	})
	removeThrottle := set.Add("firehose:*", func(control.Call) (control.Response, bool) {
		return control.Response{Err: apierr.ServiceUnavailable.New("Slow down.")}, true
	}, control.Keep())

	call("kinesisvideo:PutMedia")
	call("kinesisvideo:PutMedia")
	call("firehose:PutRecordBatch")
	removeThrottle()
	call("firehose:PutRecordBatch")
	// Output:
	// saw kinesisvideo:PutMedia
	// kinesisvideo:PutMedia: ResourceInUseException: injected
	// saw kinesisvideo:PutMedia
	// kinesisvideo:PutMedia: <nil>
	// saw firehose:PutRecordBatch
	// firehose:PutRecordBatch: ServiceUnavailableException: Slow down.
	// saw firehose:PutRecordBatch
	// firehose:PutRecordBatch: <nil>
}

// A delayed call waits on the service's clock: on a clock.Manual, until the test advances it.
func ExampleResponse_delay() {
	var set control.Set
	m := clock.NewManual(time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC))
	env := control.Env{Clock: m}
	set.Add("kinesis:PutRecord", func(control.Call) (control.Response, bool) {
		return control.Response{Delay: 3 * time.Second}, true
	})

	done := make(chan struct{})
	go func() {
		defer close(done)
		_, err := set.Intercept(context.Background(), env, "kinesis:PutRecord", nil)
		fmt.Println("PutRecord went on at", m.Now().Format(time.TimeOnly), err)
	}()
	if err := m.WaitPending(context.Background(), 1); err != nil { // the call armed its delay
		fmt.Println(err)
		return
	}
	m.Advance(3 * time.Second)
	<-done
	// Output:
	// PutRecord went on at 12:00:03 <nil>
}
