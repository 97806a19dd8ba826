package firehose_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/firehose"
)

// testObjectStore is the conformance body every ObjectStore implementation runs: objects written are read back
// byte for byte under their key, a later write of a key replaces it, and a done context fails the write.
func testObjectStore(t *testing.T, store firehose.ObjectStore, read func(bucket, key string) ([]byte, bool)) {
	t.Helper()
	ctx := context.Background()
	for _, o := range []firehose.Object{
		{Bucket: "b", Key: "2026/07/13/14/s-1-2026-07-13-14-59-58-uuid.gz", Body: []byte{0x1f, 0x8b, 0}},
		{Bucket: "b", Key: "errors/processing-failed/x", Body: []byte("{}\n")},
		{Bucket: "other", Key: "k", Body: nil},
	} {
		if err := store.PutObject(ctx, o.Bucket, o.Key, o.Body); err != nil {
			t.Fatalf("PutObject %s/%s: %v", o.Bucket, o.Key, err)
		}
		got, ok := read(o.Bucket, o.Key)
		if !ok || string(got) != string(o.Body) {
			t.Fatalf("%s/%s read back %q %v", o.Bucket, o.Key, got, ok)
		}
	}
	if err := store.PutObject(ctx, "b", "errors/processing-failed/x", []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if got, _ := read("b", "errors/processing-failed/x"); string(got) != "v2" {
		t.Fatalf("overwrite read back %q", got)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if err := store.PutObject(done, "b", "late", []byte("x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("PutObject with a done context: %v", err)
	}
}

func TestMemoryStoreConforms(t *testing.T) {
	m := firehose.NewMemoryStore()
	testObjectStore(t, m, m.Get)
	if keys := m.Keys("b", "errors/"); len(keys) != 1 {
		t.Fatalf("Keys with a prefix: %v", keys)
	}
}

func TestDirStoreConforms(t *testing.T) {
	root := t.TempDir()
	d := firehose.NewDirStore(root)
	testObjectStore(t, d, func(bucket, key string) ([]byte, bool) {
		p, ok := d.Path(bucket, key)
		if !ok {
			return nil, false
		}
		b, err := os.ReadFile(p)
		return b, err == nil
	})
	for _, key := range []string{"../escape", "/abs", "a//b", ""} {
		if err := d.PutObject(context.Background(), "b", key, nil); err == nil {
			t.Errorf("key %q accepted", key)
		}
	}
	if err := d.PutObject(context.Background(), "../b", "k", nil); err == nil {
		t.Error("bucket ../b accepted")
	}
	left, _ := filepath.Glob(filepath.Join(root, "b", ".tmp-*"))
	if len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

// Object-created notifications arrive in write order, and Close closes the channels.
func TestMemoryStoreNotifiesAndCloses(t *testing.T) {
	m := firehose.NewMemoryStore()
	ch := m.Subscribe(2)
	_ = m.PutObject(context.Background(), "b", "k1", []byte("a"))
	_ = m.PutObject(context.Background(), "b", "k2", []byte("bb"))
	if ev := <-ch; ev.Key != "k1" || ev.Size != 1 {
		t.Fatal(ev)
	}
	if ev := <-ch; ev.Key != "k2" || ev.Size != 2 {
		t.Fatal(ev)
	}
	_ = m.Close()
	if _, ok := <-ch; ok {
		t.Fatal("channel open after Close")
	}
	if err := m.PutObject(context.Background(), "b", "k3", nil); err == nil {
		t.Fatal("write after Close")
	}
	if _, ok := <-m.Subscribe(1); ok {
		t.Fatal("a subscription after Close is open")
	}
}

// A store that keeps failing while the engine closes: the records go to the error output if it can be written,
// and Close reports the records that could be written nowhere.
func TestCloseReportsRecordsItCouldNotDeliver(t *testing.T) {
	failing := firehose.ObjectStoreFunc(func(context.Context, string, string, []byte) error { return errors.New("down") })
	e, _ := newEngine(t, firehose.WithObjectStore(failing))
	create(t, e, "s", s3(hints(128, 900)))
	put(t, e, "s", "a", "b", "c")
	err := e.Close()
	if !errors.Is(err, firehose.ErrUndelivered) || !strings.Contains(err.Error(), "3 records") {
		t.Fatalf("Close: %v", err)
	}
}

// DataFreshness is the age of the oldest record not yet delivered (Developer Guide, "Monitor with CloudWatch
// metrics": DeliveryToS3.DataFreshness).
func TestDataFreshnessIsAgeOfOldestUndelivered(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "s", s3(hints(128, 900)))
	put(t, e, "s", "a")
	clk.Advance(90 * time.Second)
	put(t, e, "s", "b")
	m, _ := e.Metrics("s")
	if m.DeliveryToS3DataFreshness != 90*time.Second || m.IncomingRecords != 2 || m.IncomingBytes != 2 {
		t.Fatalf("%+v", m)
	}
	flush(t, e, "s")
	m, _ = e.Metrics("s")
	if m.DeliveryToS3DataFreshness != 0 || m.DeliveryToS3Records != 2 || m.DeliveryToS3ObjectCount != 1 || m.DeliveryToS3Success != 1 {
		t.Fatalf("%+v", m)
	}
}

// Metrics are kept per minute of the engine's clock, as CloudWatch's AWS/Firehose namespace publishes them
// (IncomingRecords, IncomingBytes, DeliveryToS3.*, ThrottledRecords; Developer Guide, "Monitor with CloudWatch
// metrics").
func TestMetricStatisticsPerMinute(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "s", s3(hints(128, 60)))
	events := e.Store().Subscribe(1)
	put(t, e, "s", "ab", "c")
	clk.Advance(time.Minute) // the interval: delivered in the next minute, 60 s after the oldest record arrived
	<-events
	ctx := context.Background()
	if err := e.Flush(ctx, "s"); err != nil { // the object is stored before its delivery is counted: wait for the job
		t.Fatal(err)
	}
	put(t, e, "s", "d")
	dps, err := e.MetricStatistics(ctx, firehose.MetricStatisticsInput{DeliveryStreamName: "s", Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	if len(dps) != 2 || !dps[0].Timestamp.Equal(t0.Truncate(time.Minute)) {
		t.Fatalf("datapoints %+v", dps)
	}
	first, second := dps[0], dps[1]
	if first.IncomingRecords != 2 || first.IncomingBytes != 3 || first.DeliveryToS3Records != 0 {
		t.Errorf("first minute %+v", first)
	}
	if second.IncomingRecords != 1 || second.DeliveryToS3Records != 2 || second.DeliveryToS3ObjectCount != 1 ||
		second.DeliveryToS3Success() != 1 || second.DeliveryToS3DataFreshness != time.Minute {
		t.Errorf("second minute %+v", second)
	}
	if _, err := e.MetricStatistics(ctx, firehose.MetricStatisticsInput{DeliveryStreamName: "s", Start: t0.Add(-48 * time.Hour), End: t0}); err == nil {
		t.Error("2,881 datapoints accepted")
	}
	if _, err := e.MetricStatistics(ctx, firehose.MetricStatisticsInput{DeliveryStreamName: "s", Start: t0, Period: 30 * time.Second}); err == nil {
		t.Error("a period of 30 s accepted")
	}
}
