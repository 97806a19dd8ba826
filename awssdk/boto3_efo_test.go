package awssdk_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// fanOutPython returns a python3 that imports boto3: Debian's /usr/bin/python3 (python3-boto3) first, then
// python3 on the PATH; the test skips, saying why, without one.
func fanOutPython(t *testing.T) string {
	t.Helper()
	candidates := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	var tried []string
	for _, py := range candidates {
		if _, err := os.Stat(py); err != nil {
			continue
		}
		if exec.Command(py, "-c", "import boto3").Run() == nil {
			return py
		}
		tried = append(tried, py)
	}
	if len(tried) == 0 {
		t.Skip("no python3 (/usr/bin/python3 or on the PATH); install Debian's python3-boto3 to run this test")
	}
	t.Skipf("%s cannot import boto3; install Debian's python3-boto3 to run this test", strings.Join(tried, " or "))
	return ""
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
	py := fanOutPython(t)
	const createDelay = 10 * time.Second
	clk := clock.NewManual(t0)
	acct := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(3), kinesim.WithAccount("123456789012", "eu-west-1"),
		kinesim.WithStreamOptions(stream.WithStatusDelays(createDelay, 0, 0)))
	defer acct.Close()
	e := acct.Streams()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second) // a guard against a hung script
	defer cancel()
	if err := e.CreateStream(ctx, stream.CreateStreamInput{StreamName: "py-orders", ShardCount: 1}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(createDelay)

	served := make(chan struct{}, 8)
	h := awssdk.Handler(acct)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		if strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".SubscribeToShard") {
			served <- struct{}{}
		}
	}))
	srv.Config.Protocols = new(http.Protocols)
	srv.Config.Protocols.SetHTTP1(true)
	srv.Config.Protocols.SetUnencryptedHTTP2(true)
	srv.Start()
	defer srv.Close()

	cmd := exec.CommandContext(ctx, py, filepath.Join("testdata", "boto3_subscribe.py"), srv.URL, "eu-west-1", e.StreamARN("py-orders"))
	// Nothing of the machine's AWS configuration reaches boto3: no profile, credentials file or CA bundle.
	cmd.Env = []string{"AWS_CONFIG_FILE=" + os.DevNull, "AWS_SHARED_CREDENTIALS_FILE=" + os.DevNull, "AWS_EC2_METADATA_DISABLED=true"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "BOTO_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	// A record put before the subscription (which starts at LATEST, so does not read it) arms the retention
	// timer now: the timers counted before and after are then the same but for the subscription's.
	if _, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: "py-orders"}, PartitionKey: "k-py", Data: []byte("before")}); err != nil {
		t.Fatal(err)
	}
	timersBefore := clk.Pending()
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting boto3_subscribe.py: %v", err)
	}
	var got []string
	var seq string
	arrival := t0.Add(2 * createDelay)
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		got = append(got, line)
		switch {
		case strings.HasPrefix(line, "register_stream_consumer "):
			clk.Advance(createDelay) // the consumer becomes ACTIVE while the script polls
		case strings.HasPrefix(line, "second subscribe_to_shard"):
			out, err := e.PutRecord(ctx, stream.PutRecordInput{StreamRef: stream.StreamRef{StreamName: "py-orders"}, PartitionKey: "k-py", Data: []byte("from go")})
			if err != nil {
				t.Errorf("PutRecord: %v", err)
			}
			seq = out.SequenceNumber.String()
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("boto3_subscribe.py failed (%v):\n%s\nstderr:\n%s", err, strings.Join(got, "\n"), stderr.String())
	}
	want := []string{
		"register_stream_consumer py-app CREATING True",
		"describe_stream_consumer ACTIVE True",
		"subscribe_to_shard 200",
		"second subscribe_to_shard ResourceInUseException 400",
		fmt.Sprintf("event b'from go' k-py %s %d.0", seq, arrival.Unix()),
		fmt.Sprintf("continuation %s behind 0", seq),
		"closed",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("boto3_subscribe.py printed:\n%s\nwant:\n%s\nstderr:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), stderr.String())
	}
	for range 2 { // the subscription and the refused second call
		select {
		case <-served:
		case <-ctx.Done():
			t.Fatal("a SubscribeToShard handler did not return after the script exited")
		}
	}
	if n := clk.Pending(); n != timersBefore {
		t.Fatalf("%d timers armed after the script exited, %d before: the subscription is still running", n, timersBefore)
	}
}
