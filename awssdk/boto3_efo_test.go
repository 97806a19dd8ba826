package awssdk_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// fanOutServer is an account on a manual clock with a one-shard stream, served on a loopback server (the
// account's handler in HTTP/1.1 and h2c, as cmd/kinesim-server serves it), for scripts of other languages' SDKs.
type fanOutServer struct {
	clk    *clock.Manual
	e      *stream.Engine
	url    string
	stream string
	// served receives once per SubscribeToShard request whose handler has returned.
	served chan struct{}

	mu     sync.Mutex
	protos []string // the protocol of every request
}

// fanOutCreateDelay is the CREATING delay of the fanOutServer's streams and consumers.
const fanOutCreateDelay = 10 * time.Second

// newFanOutServer starts a fanOutServer with the ACTIVE stream name; it stops with the test.
func newFanOutServer(t *testing.T, name string) *fanOutServer {
	t.Helper()
	clk := clock.NewManual(t0)
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(3), kinesim.WithAccount("123456789012", "eu-west-1"),
		kinesim.WithStreamOptions(stream.WithStatusDelays(fanOutCreateDelay, 0, 0)))
	t.Cleanup(func() { _ = acct.Close() })
	f := &fanOutServer{clk: clk, e: acct.Streams(), stream: name, served: make(chan struct{}, 8)}
	if err := f.e.CreateStream(t.Context(), stream.CreateStreamInput{StreamName: name, ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(fanOutCreateDelay)
	h := awssdk.Handler(acct)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.protos = append(f.protos, r.Proto)
		f.mu.Unlock()
		h.ServeHTTP(w, r)
		if strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".SubscribeToShard") || strings.HasSuffix(r.URL.Path, "/operation/SubscribeToShard") {
			f.served <- struct{}{}
		}
	}))
	srv.Config.Protocols = new(http.Protocols)
	srv.Config.Protocols.SetHTTP1(true)
	srv.Config.Protocols.SetUnencryptedHTTP2(true)
	srv.Start()
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

// put puts a record with the Go API and returns its sequence number.
func (f *fanOutServer) put(t *testing.T, key, data string) string {
	t.Helper()
	out, err := f.e.PutRecord(t.Context(), stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: f.stream}, PartitionKey: key, Data: []byte(data)})
	if err != nil {
		t.Errorf("PutRecord: %v", err)
	}
	return out.SequenceNumber.String()
}

// run runs cmd (its context bounds it), a script reading enhanced fan-out, and returns the lines it printed and
// the sequence number of the record the test put: when the script prints "register_stream_consumer …", the clock
// passes the consumer's create delay (the consumer becomes ACTIVE while the script polls); when it prints a line
// beginning with putAfter (it has subscribed), the test puts "from go" under partition key key through the Go
// API. A record put before the script starts arms the stream's retention timer, so that the timers armed after
// the script are those before it unless a subscription is left running, which run checks once nSubscribe
// SubscribeToShard handlers have returned.
func (f *fanOutServer) run(t *testing.T, cmd *exec.Cmd, nSubscribe int, putAfter, key string) (lines []string, seq string) {
	t.Helper()
	f.put(t, "k-before", "before")
	timers := f.clk.Pending()
	cmd.Env = sdkEnv()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", cmd.Args, err)
	}
	var got []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		got = append(got, line)
		switch {
		case strings.HasPrefix(line, "register_stream_consumer "):
			f.clk.Advance(fanOutCreateDelay)
		case strings.HasPrefix(line, putAfter):
			seq = f.put(t, key, "from go")
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%s failed (%v):\n%s\nstderr:\n%s", cmd.Args, err, strings.Join(got, "\n"), stderr.String())
	}
	for range nSubscribe {
		select {
		case <-f.served:
		case <-time.After(eventGuard):
			t.Fatal("a SubscribeToShard handler did not return after the script exited")
		}
	}
	if n := f.clk.Pending(); n != timers {
		t.Fatalf("%d timers armed after the script exited, %d before: a subscription is still running", n, timers)
	}
	return got, seq
}

// sameLines fails t unless the lines a script printed are want.
func sameLines(t *testing.T, script string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s printed:\n%s\nwant:\n%s", script, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Python's boto3, unmodified, reads enhanced fan-out from kinesim over a loopback server (the account's handler
// in HTTP/1.1 and h2c, as cmd/kinesim-server serves it): testdata/boto3_subscribe.py registers a consumer, polls
// describe_stream_consumer until it is ACTIVE (the test advances the account's manual clock past the create
// delay), subscribes from LATEST (boto3 reads the initial-response event before it returns), gets a second
// subscription within 5 s as boto3's modeled ResourceInUseException, and reads from resp['EventStream'] the
// record the test puts through the Go API after the subscription: data, partition key, sequence number, arrival
// timestamp, continuation and MillisBehindLatest. When the script closes the stream and exits, the server's
// subscription ends (its timers are stopped). Sources: Kinesis API Reference (RegisterStreamConsumer,
// DescribeStreamConsumer, SubscribeToShard, SubscribeToShardEvent); botocore's kinesis service model and its
// EventStream, as installed by python3-boto3.
func TestBoto3SubscribesToShardThroughTheLoopbackServer(t *testing.T) {
	py := boto3Python(t)
	f := newFanOutServer(t, "py-orders")
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second) // a eventGuard against a hung script
	defer cancel()
	cmd := exec.CommandContext(ctx, py, filepath.Join("testdata", "boto3_subscribe.py"), f.url, "eu-west-1", f.e.StreamARN(f.stream))
	got, seq := f.run(t, cmd, 2, "second subscribe_to_shard", "k-py")
	arrival := t0.Add(2 * fanOutCreateDelay)
	want := []string{
		"register_stream_consumer py-app CREATING True",
		"describe_stream_consumer ACTIVE True",
		"subscribe_to_shard 200",
		"second subscribe_to_shard ResourceInUseException 400",
		fmt.Sprintf("event b'from go' k-py %s %d.0", seq, arrival.Unix()),
		fmt.Sprintf("continuation %s behind 0", seq),
		"closed",
	}
	sameLines(t, "boto3_subscribe.py", got, want)
}
