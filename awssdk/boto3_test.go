package awssdk_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// boto3Python returns a python3 that imports boto3: Debian's /usr/bin/python3 (with python3-boto3, which .ci/run
// installs when no python3 has boto3) first, then python3 on the PATH. The test skips, saying why, without one.
func boto3Python(t *testing.T) string {
	t.Helper()
	var tried []string
	candidates := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, py := range candidates {
		if _, err := os.Stat(py); err != nil {
			continue
		}
		if err := exec.Command(py, "-c", "import boto3").Run(); err == nil {
			return py
		}
		tried = append(tried, py)
	}
	if len(tried) == 0 {
		t.Skip("no python3 found (/usr/bin/python3 or on the PATH); install Debian's python3-boto3 to run this test")
	}
	t.Skipf("boto3 cannot be imported by %s; install Debian's python3-boto3 (apt-get install python3-boto3) to run this test", strings.Join(tried, " or "))
	return ""
}

// startKinesimServer builds cmd/kinesim-server, runs it on 127.0.0.1 port 0 and returns the address it prints
// ("listening ADDR"); the server is stopped with SIGTERM (a graceful shutdown) when the test ends.
func startKinesimServer(t *testing.T, args ...string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on the PATH: cannot build cmd/kinesim-server")
	}
	bin := filepath.Join(t.TempDir(), "kinesim-server")
	if out, err := exec.Command(goBin, "build", "-o", bin, "./cmd/kinesim-server").CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/kinesim-server: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting kinesim-server: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Errorf("kinesim-server after SIGTERM: %v", err)
		}
	})
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				addrc <- a
				break
			}
		}
		close(addrc)
	}()
	select {
	case addr, ok := <-addrc:
		if !ok {
			t.Fatal("kinesim-server exited without printing its address")
		}
		return addr
	case <-time.After(30 * time.Second): // a guard against a hung child process, not a wait for an event
		t.Fatal("kinesim-server printed no address in 30 s")
	}
	return ""
}

// sdkEnv is the environment of an SDK's child process: the test's without its AWS_ and BOTO_ variables, so that
// nothing of the machine's AWS configuration reaches the SDK: no profile, credentials file or CA bundle, and no
// instance metadata.
func sdkEnv() []string {
	env := []string{"AWS_CONFIG_FILE=" + os.DevNull, "AWS_SHARED_CREDENTIALS_FILE=" + os.DevNull, "AWS_EC2_METADATA_DISABLED=true"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "BOTO_") {
			env = append(env, kv)
		}
	}
	return env
}

// runSDKScript runs cmd (an SDK's script; its context bounds it) in sdkEnv and returns what it printed on
// stdout and stderr; it fails t, with both, if the script fails.
func runSDKScript(t *testing.T, cmd *exec.Cmd) (stdout []byte, stderr string) {
	t.Helper()
	cmd.Env = sdkEnv()
	var errOut strings.Builder
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("%s failed (%v):\n%s\nstderr:\n%s", filepath.Base(cmd.Args[1]), err, out, errOut.String())
		}
		t.Fatalf("running %s: %v", filepath.Base(cmd.Args[1]), err)
	}
	return out, errOut.String()
}

// Python's boto3 (Debian's python3-boto3), unmodified, talks to kinesim through the loopback server command:
// testdata/boto3_roundtrip.py creates a stream, waits for it with boto3's stream_exists waiter, puts records
// (put_record, put_records), lists the shards, reads every record back (get_shard_iterator, get_records) with its
// data, shard and sequence number, and gets describe_stream of a missing stream as boto3's modeled
// ResourceNotFoundException with AWS's code, message and status 400. Sources: Kinesis API Reference (CreateStream,
// PutRecord, PutRecords, ListShards, GetShardIterator, GetRecords, DescribeStream and its Errors); botocore's
// kinesis service model (waiters-2.json, StreamExists) as installed by python3-boto3.
func TestBoto3CreatesPutsAndReadsThroughTheServerCommand(t *testing.T) {
	py := boto3Python(t)
	addr := startKinesimServer(t, "-account", "123456789012", "-region", "eu-west-1", "-seed", "9")
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, filepath.Join("testdata", "boto3_roundtrip.py"), "http://"+addr, "eu-west-1")
	out, stderr := runSDKScript(t, cmd)
	want := `create_stream boto3-orders
stream_exists ACTIVE 2 shards
put_record True True
put_records 5 failed 0
list_shards ['shardId-000000000000', 'shardId-000000000001']
get_records 6 records, as put: True
  k0 b'first'
  k1 b'\x01\x00\xffbatch'
  k2 b'\x02\x00\xffbatch'
  k3 b'\x03\x00\xffbatch'
  k4 b'\x04\x00\xffbatch'
  k5 b'\x05\x00\xffbatch'
describe_stream missing: ResourceNotFoundException Stream missing under account 123456789012 not found. 400
`
	if got := string(out); got != want {
		t.Errorf("boto3_roundtrip.py printed:\n%s\nwant:\n%s\nstderr:\n%s", got, want, stderr)
	}
}
