package awssdk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// jsSDKDir is where the JavaScript SDK v3's Kinesis client is installed (npm install; node_modules is git-ignored).
var jsSDKDir = filepath.Join("testdata", "js")

// jsKinesisClient returns node with the @aws-sdk/client-kinesis of testdata/js/package.json installed, running
// npm install there when it is missing or another version; the test skips, saying why, without node, npm or the
// network.
func jsKinesisClient(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on the PATH: the JavaScript SDK v3 test needs Node.js and npm")
	}
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
		Version      string            `json:"version"`
	}
	read := func(path string) bool {
		b, err := os.ReadFile(path)
		return err == nil && json.Unmarshal(b, &pkg) == nil
	}
	if !read(filepath.Join(jsSDKDir, "package.json")) {
		t.Fatal("testdata/js/package.json is unreadable")
	}
	want := pkg.Dependencies["@aws-sdk/client-kinesis"]
	if read(filepath.Join(jsSDKDir, "node_modules", "@aws-sdk", "client-kinesis", "package.json")) && pkg.Version == want {
		return node
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not on the PATH: cannot install @aws-sdk/client-kinesis " + want)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "install", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = jsSDKDir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("npm install of @aws-sdk/client-kinesis %s failed (no network?): %v\n%s", want, err, out)
	}
	return node
}

// The AWS SDK for JavaScript v3 (@aws-sdk/client-kinesis, pinned in testdata/js/package.json), unmodified, reads
// enhanced fan-out from kinesim over the loopback server in cleartext HTTP/2, which it uses for every Kinesis
// call (its NodeHttp2Handler; it cannot talk to an HTTP/1.1-only server): testdata/js/subscribe.mjs registers a
// consumer, polls DescribeStreamConsumer until it is ACTIVE, subscribes from LATEST, and reads from the
// EventStream the record the test puts through the Go API after the subscription. When the client is destroyed
// the server's subscription ends. Sources: Kinesis API Reference (SubscribeToShard: "over an HTTP/2
// connection"); the SDK's SubscribeToShardCommand.
func TestJavaScriptSDKSubscribesToShardOverH2C(t *testing.T) {
	node := jsKinesisClient(t)
	f := newFanOutServer(t, "js-orders")
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second) // a guard against a hung script
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(jsSDKDir, "subscribe.mjs"), f.url, "eu-west-1", f.e.StreamARN(f.stream))
	got, seq := f.run(t, cmd, 1, "subscribe_to_shard ", "k-js")
	arrival := t0.Add(2 * fanOutCreateDelay)
	want := []string{
		"register_stream_consumer js-app CREATING true",
		"describe_stream_consumer ACTIVE true",
		"subscribe_to_shard 200",
		fmt.Sprintf("event from go k-js %s %d", seq, arrival.Unix()),
		fmt.Sprintf("continuation %s behind 0", seq),
		"closed",
	}
	sameLines(t, "subscribe.mjs", got, want)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.protos {
		if p != "HTTP/2.0" {
			t.Fatalf("requests over %v, want HTTP/2.0 only", f.protos)
		}
	}
}
