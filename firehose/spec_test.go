package firehose_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/compress"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

// The object's timestamp, in its prefix and its name, is the approximate arrival of the oldest record in it, in
// UTC (https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html; s3-object-name.html).
func TestObjectKeyUsesOldestRecordArrivalUTC(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "orders", s3(hints(1, 900)))
	put(t, e, "orders", "a")
	clk.Advance(10 * time.Minute) // flushed later, in the next hour
	put(t, e, "orders", "b")
	flush(t, e, "orders")
	keys := e.Store().Keys("bucket", "")
	if len(keys) != 1 {
		t.Fatalf("keys %v", keys)
	}
	if !strings.HasPrefix(keys[0], "2026/07/13/14/orders-1-2026-07-13-14-59-58-") {
		t.Fatalf("key %s: not from the oldest record's arrival", keys[0])
	}
}

// "The first buffer condition that is satisfied triggers data delivery"
// (https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html).
func TestSizeHintFlushesBeforeInterval(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "s", s3(hints(1, 900)))
	events := e.Store().Subscribe(4)
	big := strings.Repeat("x", 600<<10)
	put(t, e, "s", big)
	put(t, e, "s", big) // 1.2 MiB ≥ 1 MiB: delivered without any time passing
	ev := <-events
	if ev.Size != 1200<<10 {
		t.Fatalf("object of %d bytes", ev.Size)
	}
}

func TestIntervalHintFlushesAfterInterval(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "s", s3(hints(5, 60)))
	events := e.Store().Subscribe(4)
	put(t, e, "s", "a")
	clk.Advance(59 * time.Second)
	if n := len(e.Store().Keys("bucket", "")); n != 0 {
		t.Fatalf("%d objects before the interval", n)
	}
	clk.Advance(time.Second)
	ev := <-events
	if ev.Size != 1 {
		t.Fatalf("object of %d bytes", ev.Size)
	}
}

// Records are concatenated with no delimiter (https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html).
func TestRecordsConcatenatedWithoutDelimiter(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "s", s3(nil))
	put(t, e, "s", `{"a":1}`, `{"a":2}`, "")
	flush(t, e, "s")
	objs := e.Store().Objects("bucket")
	if len(objs) != 1 || string(objs[0].Body) != `{"a":1}{"a":2}` {
		t.Fatalf("objects %v", objs)
	}
}

// Nothing buffered is lost on Close: it delivers, then stops.
func TestCloseDeliversEverythingBuffered(t *testing.T) {
	e, _ := newEngine(t)
	store := e.Store()
	for _, name := range []string{"a", "b"} {
		create(t, e, name, s3(hints(128, 900)))
		put(t, e, name, name+"1", name+"2")
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, o := range store.Objects("bucket") {
		all = append(all, string(o.Body))
	}
	if fmt.Sprint(all) != "[a1a2 b1b2]" {
		t.Fatalf("after Close: %v", all)
	}
	if _, err := e.PutRecord(context.Background(), firehose.PutRecordInput{DeliveryStreamName: "a"}); !errors.Is(err, firehose.ErrClosed) {
		t.Fatalf("PutRecord after Close: %v", err)
	}
	if err := e.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
}

// A virtual-time run: size-triggered and interval-triggered objects with their exact keys (golden file).
func TestVirtualTimeObjectKeysGolden(t *testing.T) {
	e, clk := newEngine(t)
	create(t, e, "clicks", s3(hints(1, 60)))
	c := s3(hints(1, 300))
	c.Prefix = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/"
	c.ErrorOutputPrefix = "errors/!{firehose:error-output-type}/"
	c.CompressionFormat = firehose.GZIP
	create(t, e, "orders", c)
	events := e.Store().Subscribe(64)
	var log strings.Builder
	mib := strings.Repeat("y", 512<<10)
	put(t, e, "clicks", mib, mib) // size: 1 MiB at once
	ev := <-events
	fmt.Fprintf(&log, "%s size    %s %d\n", clk.Now().Format(time.TimeOnly), ev.Key, ev.Size)
	flush(t, e, "clicks")
	put(t, e, "clicks", "x")
	put(t, e, "orders", `{"id":1}`)
	clk.Advance(30 * time.Second)
	put(t, e, "clicks", "y")
	clk.Advance(30 * time.Second) // clicks' first record waited 60 s
	ev = <-events
	fmt.Fprintf(&log, "%s interval %s %d\n", clk.Now().Format(time.TimeOnly), ev.Key, ev.Size)
	// The store notifies before its PutObject returns: wait for the delivery to end before moving the clock, or
	// the attempt could time out on the moved clock and wait for a retry that no one advances the clock for.
	flush(t, e, "clicks")
	clk.Advance(4 * time.Minute) // orders' 300 s
	ev = <-events
	fmt.Fprintf(&log, "%s interval %s\n", clk.Now().Format(time.TimeOnly), ev.Key)
	golden(t, "testdata/keys.golden", log.String())
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got != string(want) {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// A delivery stream without exactly one destination is refused (floci's probe; the API reference: "You can
// specify only one destination").
func TestDeliveryStreamNeedsExactlyOneDestination(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	for _, in := range []firehose.CreateDeliveryStreamInput{
		{DeliveryStreamName: "none"},
		{DeliveryStreamName: "two", ExtendedS3DestinationConfiguration: s3(nil),
			S3DestinationConfiguration: &firehose.S3DestinationConfiguration{BucketARN: bucketARN, RoleARN: roleARN}},
	} {
		if _, err := e.CreateDeliveryStream(ctx, in); !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("%s: %v", in.DeliveryStreamName, err)
		}
	}
	if _, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "legacy",
		S3DestinationConfiguration: &firehose.S3DestinationConfiguration{BucketARN: bucketARN, RoleARN: roleARN}}); err != nil {
		t.Fatal(err)
	}
}

// BufferingHints: SizeInMBs 1–128, IntervalInSeconds 0–900, defaults 5 and 300; both or neither (API Reference,
// BufferingHints).
func TestBufferingHintsRangesAndDefaults(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	bad := []struct {
		h    *firehose.BufferingHints
		want error
		msg  string
	}{
		{hints(0, 60), apierr.Validation, "Value '0' at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{hints(129, 60), apierr.Validation, "Member must have value less than or equal to 128"},
		{hints(5, 901), apierr.Validation, "Member must have value less than or equal to 900"},
		{&firehose.BufferingHints{SizeInMBs: new(5)}, apierr.InvalidArgument, "both"},
	}
	for i, b := range bad {
		_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: fmt.Sprint("s", i), ExtendedS3DestinationConfiguration: s3(b.h)})
		if !errors.Is(err, b.want) || !strings.Contains(err.Error(), b.msg) {
			t.Errorf("%d: %v", i, err)
		}
	}
	create(t, e, "zero", s3(hints(1, 0)))
	create(t, e, "default", s3(nil))
	out, err := e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "default"})
	if err != nil {
		t.Fatal(err)
	}
	d := out.DeliveryStreamDescription
	h := d.Destinations[0].ExtendedS3DestinationDescription.BufferingHints
	if *h.SizeInMBs != 5 || *h.IntervalInSeconds != 300 || d.VersionId != "1" || d.Destinations[0].DestinationId != "destinationId-000000000001" ||
		d.DeliveryStreamStatus != firehose.Active || d.DeliveryStreamARN != "arn:aws:firehose:us-east-1:000000000000:deliverystream/default" {
		t.Fatalf("description %+v", d)
	}
}

// CompressionFormat is UNCOMPRESSED | GZIP | ZIP | Snappy | HADOOP_SNAPPY (API Reference,
// ExtendedS3DestinationConfiguration): ZSTD, which package compress writes for Kinesis Data Streams channels, is
// not one of them and is refused as the enum refuses any other value.
func TestCreateDeliveryStreamRefusesZSTD(t *testing.T) {
	e, _ := newEngine(t)
	c := s3(nil)
	c.CompressionFormat = compress.ZSTD
	_, err := e.CreateDeliveryStream(context.Background(), firehose.CreateDeliveryStreamInput{DeliveryStreamName: "z", ExtendedS3DestinationConfiguration: c})
	if !errors.Is(err, apierr.Validation) || !strings.Contains(err.Error(), "Value 'ZSTD' at 'extendedS3DestinationConfiguration.compressionFormat' failed to satisfy constraint: Member must satisfy enum value set") {
		t.Fatalf("%v", err)
	}
}

// CREATING → ACTIVE after the create delay; records are refused until then.
func TestDeliveryStreamIsCreatingUntilDelayPasses(t *testing.T) {
	e, clk := newEngine(t, firehose.WithStatusDelays(5*time.Second, 0))
	create(t, e, "s", s3(nil))
	ctx := context.Background()
	d, _ := e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s"})
	if d.DeliveryStreamDescription.DeliveryStreamStatus != firehose.Creating {
		t.Fatal(d.DeliveryStreamDescription.DeliveryStreamStatus)
	}
	if _, err := e.PutRecord(ctx, firehose.PutRecordInput{DeliveryStreamName: "s"}); !errors.Is(err, apierr.ResourceInUse) {
		t.Fatalf("PutRecord while CREATING: %v", err)
	}
	clk.Advance(5 * time.Second)
	d, _ = e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s"})
	if d.DeliveryStreamDescription.DeliveryStreamStatus != firehose.Active {
		t.Fatal(d.DeliveryStreamDescription.DeliveryStreamStatus)
	}
	if _, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "s", ExtendedS3DestinationConfiguration: s3(nil)}); !errors.Is(err, apierr.ResourceInUse) {
		t.Fatalf("second create: %v", err)
	}
}

// UpdateDestination needs the current VersionId (else ConcurrentModificationException), and the version goes up
// by 1; objects name the version they were buffered under (API Reference, UpdateDestination; s3-object-name.html).
func TestUpdateDestinationChecksVersionAndBumpsIt(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	create(t, e, "s", s3(nil))
	put(t, e, "s", "old")
	gz := firehose.GZIP
	in := firehose.UpdateDestinationInput{DeliveryStreamName: "s", CurrentDeliveryStreamVersionId: "2",
		DestinationId: firehose.DestinationID, ExtendedS3DestinationUpdate: &firehose.ExtendedS3DestinationUpdate{CompressionFormat: gz}}
	if err := e.UpdateDestination(ctx, in); !errors.Is(err, apierr.ConcurrentModification) {
		t.Fatalf("stale version: %v", err)
	}
	in.CurrentDeliveryStreamVersionId = "1"
	if err := e.UpdateDestination(ctx, in); err != nil {
		t.Fatal(err)
	}
	put(t, e, "s", "new")
	flush(t, e, "s")
	keys := e.Store().Keys("bucket", "")
	if len(keys) != 2 || !strings.Contains(keys[0], "/s-1-") || strings.HasSuffix(keys[0], ".gz") ||
		!strings.Contains(keys[1], "/s-2-") || !strings.HasSuffix(keys[1], ".gz") {
		t.Fatalf("keys %v", keys)
	}
	d, _ := e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s"})
	if d.DeliveryStreamDescription.VersionId != "2" {
		t.Fatal(d.DeliveryStreamDescription.VersionId)
	}
}

// PutRecordBatch: 500 records, 4 MiB per call, 1,000 KiB per record
// (https://docs.aws.amazon.com/firehose/latest/dev/limits.html).
func TestPutRecordBatchLimits(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	create(t, e, "s", s3(nil))
	call := func(n, size int) error {
		recs := make([]firehose.Record, n)
		for i := range recs {
			recs[i].Data = make([]byte, size)
		}
		_, err := e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "s", Records: recs})
		return err
	}
	if err := call(501, 1); !errors.Is(err, apierr.Validation) {
		t.Errorf("501 records: %v", err)
	}
	if err := call(0, 1); !errors.Is(err, apierr.Validation) {
		t.Errorf("0 records: %v", err)
	}
	if err := call(1, 1000<<10+1); !errors.Is(err, apierr.Validation) || !strings.Contains(err.Error(), "records.1.member.data") {
		t.Errorf("a record over 1,000 KiB: %v", err)
	}
	if err := call(5, 1000<<10); !errors.Is(err, apierr.InvalidArgument) {
		t.Errorf("over 4 MiB: %v", err)
	}
	if err := call(500, 8000); err != nil {
		t.Errorf("500 records of 8,000 bytes: %v", err)
	}
	if err := call(4, 1000<<10); err != nil {
		t.Errorf("4 records of 1,000 KiB: %v", err)
	}
}

// Over the Direct PUT quotas, records fail one by one with ServiceUnavailableException and FailedPutCount counts
// them; throttling can be switched off.
func TestThrottledRecordsFailWithServiceUnavailable(t *testing.T) {
	e, _ := newEngine(t, firehose.WithLimits(firehose.Limits{RecordsPerSecond: 10}))
	ctx := context.Background()
	create(t, e, "s", s3(nil))
	recs := make([]firehose.Record, 15)
	out, err := e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "s", Records: recs})
	if err != nil {
		t.Fatal(err)
	}
	if out.FailedPutCount != 5 || out.RequestResponses[14].ErrorCode != "ServiceUnavailableException" || out.RequestResponses[0].RecordId == "" {
		t.Fatalf("%+v", out)
	}
	m, _ := e.Metrics("s")
	if m.ThrottledRecords != 5 || m.IncomingRecords != 10 {
		t.Fatalf("metrics %+v", m)
	}
	if err := e.SetThrottling("s", false); err != nil {
		t.Fatal(err)
	}
	out, _ = e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "s", Records: recs})
	if out.FailedPutCount != 0 {
		t.Fatalf("throttling off: %d failed", out.FailedPutCount)
	}
	if got := firehose.RegionLimits("eu-central-1"); got.RecordsPerSecond != 100000 || got.BytesPerSecond != 1<<20 {
		t.Fatalf("%+v", got)
	}
}

// ListDeliveryStreams pages with ExclusiveStartDeliveryStreamName and HasMoreDeliveryStreams (default Limit 10).
func TestListDeliveryStreamsPages(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	for i := range 12 {
		create(t, e, fmt.Sprintf("s%02d", i), s3(nil))
	}
	out, err := e.ListDeliveryStreams(ctx, firehose.ListDeliveryStreamsInput{})
	if err != nil || len(out.DeliveryStreamNames) != 10 || !out.HasMoreDeliveryStreams {
		t.Fatalf("%+v %v", out, err)
	}
	out, _ = e.ListDeliveryStreams(ctx, firehose.ListDeliveryStreamsInput{ExclusiveStartDeliveryStreamName: "s09"})
	if fmt.Sprint(out.DeliveryStreamNames) != "[s10 s11]" || out.HasMoreDeliveryStreams {
		t.Fatalf("%+v", out)
	}
	if _, err := e.ListDeliveryStreams(ctx, firehose.ListDeliveryStreamsInput{Limit: 10001}); !errors.Is(err, apierr.Validation) {
		t.Fatal(err)
	}
}

// A Limit of 0 given is below the members' minimum of 1 (API Reference, DescribeDeliveryStream, ListDeliveryStreams,
// ListTagsForDeliveryStream: Limit, "Valid Range: Minimum value of 1"): ValidationException, where an absent Limit
// (0 in Go) is the default page. The Go API says firehose.ExplicitZero for a 0 given.
func TestLimitOfZeroGivenIsValidation(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	create(t, e, "s", s3(nil))
	if err := e.TagDeliveryStream(ctx, firehose.TagDeliveryStreamInput{DeliveryStreamName: "s", Tags: []firehose.Tag{{Key: "a", Value: "1"}}}); err != nil {
		t.Fatal(err)
	}
	const want = "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
	_, errDescribe := e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s", Limit: firehose.ExplicitZero})
	_, errList := e.ListDeliveryStreams(ctx, firehose.ListDeliveryStreamsInput{Limit: firehose.ExplicitZero})
	_, errTags := e.ListTagsForDeliveryStream(ctx, firehose.ListTagsForDeliveryStreamInput{DeliveryStreamName: "s", Limit: firehose.ExplicitZero})
	for name, err := range map[string]error{"DescribeDeliveryStream": errDescribe, "ListDeliveryStreams": errList, "ListTagsForDeliveryStream": errTags} {
		var ae *apierr.Error
		if !errors.Is(err, apierr.Validation) || !errors.As(err, &ae) || ae.Message != want {
			t.Errorf("%s with a Limit of 0 given: %v, want ValidationException %q", name, err, want)
		}
	}
	if out, err := e.ListDeliveryStreams(ctx, firehose.ListDeliveryStreamsInput{}); err != nil || fmt.Sprint(out.DeliveryStreamNames) != "[s]" {
		t.Fatalf("ListDeliveryStreams without a Limit: %+v, %v", out, err)
	}
	if out, err := e.ListTagsForDeliveryStream(ctx, firehose.ListTagsForDeliveryStreamInput{DeliveryStreamName: "s"}); err != nil || len(out.Tags) != 1 {
		t.Fatalf("ListTagsForDeliveryStream without a Limit: %+v, %v", out, err)
	}
}

func TestTagsAddListRemove(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	create(t, e, "s", s3(nil))
	if err := e.TagDeliveryStream(ctx, firehose.TagDeliveryStreamInput{DeliveryStreamName: "s",
		Tags: []firehose.Tag{{Key: "b", Value: "2"}, {Key: "a", Value: "1"}, {Key: "c"}}}); err != nil {
		t.Fatal(err)
	}
	out, _ := e.ListTagsForDeliveryStream(ctx, firehose.ListTagsForDeliveryStreamInput{DeliveryStreamName: "s", Limit: 2})
	if fmt.Sprint(out.Tags) != "[{a 1} {b 2}]" || !out.HasMoreTags {
		t.Fatalf("%+v", out)
	}
	if err := e.UntagDeliveryStream(ctx, firehose.UntagDeliveryStreamInput{DeliveryStreamName: "s", TagKeys: []string{"a", "zz"}}); err != nil {
		t.Fatal(err)
	}
	out, _ = e.ListTagsForDeliveryStream(ctx, firehose.ListTagsForDeliveryStreamInput{DeliveryStreamName: "s"})
	if fmt.Sprint(out.Tags) != "[{b 2} {c }]" || out.HasMoreTags {
		t.Fatalf("%+v", out)
	}
	many := make([]firehose.Tag, 49)
	for i := range many {
		many[i].Key = fmt.Sprint("k", i)
	}
	if err := e.TagDeliveryStream(ctx, firehose.TagDeliveryStreamInput{DeliveryStreamName: "s", Tags: many}); !errors.Is(err, apierr.LimitExceeded) {
		t.Fatalf("51 tags: %v", err)
	}
}

// Prefix rules (https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html).
func TestPrefixRules(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	bad := []struct{ prefix, errPrefix string }{
		{"a/!{firehose:error-output-type}/", "e/!{firehose:error-output-type}"}, // not in Prefix
		{"!{timestamp:yyyy}/", ""}, // expressions need an ErrorOutputPrefix
		{"a/", "errors/"},          // ErrorOutputPrefix needs the error output type
		{"!{timestamp:yyyy", "e/!{firehose:error-output-type}"},             // unterminated
		{"!{timestamp:qqq}/", "e/!{firehose:error-output-type}"},            // not a pattern letter kinesim knows
		{"!{partitionKeyFromQuery:id}/", "e/!{firehose:error-output-type}"}, // no dynamic partitioning
		{"!{nope:x}/", "e/!{firehose:error-output-type}"},
	}
	for i, b := range bad {
		c := s3(nil)
		c.Prefix, c.ErrorOutputPrefix = b.prefix, b.errPrefix
		if _, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: fmt.Sprint("bad", i), ExtendedS3DestinationConfiguration: c}); !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("%q %q: %v", b.prefix, b.errPrefix, err)
		}
	}
}

// A prefix without a timestamp gets !{timestamp:yyyy/MM/dd/HH/} appended; every timestamp use is the same
// instant; random-string is 11 characters, fresh per use; single quotes are literal.
func TestCustomPrefixExpressions(t *testing.T) {
	e, _ := newEngine(t)
	c := s3(nil)
	c.Prefix = "legacy"
	create(t, e, "plain", c)
	c = s3(nil)
	c.Prefix = "!{timestamp:yyyy-MM-dd'T'HH}/!{timestamp:DDD}/!{firehose:random-string}/!{firehose:random-string}/"
	c.ErrorOutputPrefix = "err/!{firehose:error-output-type}/"
	create(t, e, "expr", c)
	put(t, e, "plain", "a")
	put(t, e, "expr", "b")
	flush(t, e, "plain")
	flush(t, e, "expr")
	keys := e.Store().Keys("bucket", "")
	if len(keys) != 2 {
		t.Fatal(keys)
	}
	if !strings.HasPrefix(keys[1], "legacy2026/07/13/14/plain-1-") {
		t.Errorf("appended timestamp: %s", keys[1])
	}
	parts := strings.Split(keys[0], "/")
	if parts[0] != "2026-07-13T14" || parts[1] != "194" || len(parts[2]) != 11 || len(parts[3]) != 11 || parts[2] == parts[3] {
		t.Errorf("expressions: %s", keys[0])
	}
}

// GZIP objects read back with the standard library and end .gz.
func TestGzipObjectsReadBack(t *testing.T) {
	e, _ := newEngine(t)
	c := s3(nil)
	c.CompressionFormat = firehose.GZIP
	create(t, e, "s", c)
	put(t, e, "s", "hello ", "world")
	flush(t, e, "s")
	o := e.Store().Objects("bucket")[0]
	r, err := gzip.NewReader(bytes.NewReader(o.Body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	if string(b) != "hello world" || !strings.HasSuffix(o.Key, ".gz") {
		t.Fatalf("%s: %q", o.Key, b)
	}
}

// S3 delivery is retried (AWS: up to 24 hours), then the records go to the error output prefix.
func TestFailedDeliveryRetriesThenGoesToErrorOutput(t *testing.T) {
	// In a synctest bubble the clock moves only when every goroutine is blocked, so each attempt fails with the
	// store's error and never by the attempt timeout (a clock stepped while PutObject ran made it time out).
	synctest.Test(t, func(t *testing.T) {
		mem := firehose.NewMemoryStore()
		store := firehose.ObjectStoreFunc(func(ctx context.Context, bucket, key string, body []byte) error {
			if !strings.HasPrefix(key, "errors/") {
				return errors.New("503 Slow Down")
			}
			return mem.PutObject(ctx, bucket, key, body)
		})
		e, clk := newEngine(t, firehose.WithObjectStore(store), firehose.WithRetryDuration(10*time.Minute))
		c := s3(nil)
		c.ErrorOutputPrefix = "errors/!{firehose:error-output-type}/"
		create(t, e, "s", c)
		put(t, e, "s", "lost?")
		flushStepping(t, e, clk, "s")
		keys := mem.Keys("bucket", "")
		if len(keys) != 1 || !strings.HasPrefix(keys[0], "errors/s3-delivery-failed/s-1-2026-07-13-14-59-58-") {
			t.Fatalf("keys %v", keys)
		}
		body, _ := mem.Get("bucket", keys[0])
		if !strings.Contains(string(body), `"rawData":"bG9zdD8="`) || !strings.Contains(string(body), `"errorMessage":"503 Slow Down"`) {
			t.Fatalf("error record %s", body)
		}
		m, _ := e.Metrics("s")
		if m.ErrorOutputRecords != 1 || m.DeliveryToS3Success != 0 {
			t.Fatalf("metrics %+v", m)
		}
	})
}

// drive advances the manual clock to each timer as it is armed, until ctx is done.
func drive(ctx context.Context, clk interface {
	WaitPending(context.Context, int) error
	Step() bool
}) {
	for clk.WaitPending(ctx, 1) == nil {
		clk.Step()
	}
}

// Every operation goes through the test controls first.
func TestControlsInterceptOperations(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	create(t, e, "s", s3(nil))
	e.Controls().Add(firehose.OpPutRecordBatch, func(c control.Call) (control.Response, bool) {
		return control.Response{EntryErrors: map[int]*apierr.Error{1: apierr.ServiceUnavailable}}, true
	})
	out, err := e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "s", Records: make([]firehose.Record, 3)})
	if err != nil || out.FailedPutCount != 1 || out.RequestResponses[1].ErrorCode != "ServiceUnavailableException" {
		t.Fatalf("%+v %v", out, err)
	}
	e.Controls().Add("firehose:*", func(c control.Call) (control.Response, bool) {
		return control.Response{Err: apierr.LimitExceeded.New("no")}, true
	})
	if _, err := e.ListDeliveryStreams(ctx, firehose.ListDeliveryStreamsInput{}); !errors.Is(err, apierr.LimitExceeded) {
		t.Fatal(err)
	}
	//lint:ignore SA1012 a nil context is refused, not a panic
	if _, err := e.PutRecord(nil, firehose.PutRecordInput{}); !errors.Is(err, firehose.ErrNilContext) { //nolint:staticcheck
		t.Fatal(err)
	}
}

func TestEncryptionIsRecorded(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	create(t, e, "s", s3(nil))
	if err := e.StartDeliveryStreamEncryption(ctx, firehose.StartDeliveryStreamEncryptionInput{DeliveryStreamName: "s",
		DeliveryStreamEncryptionConfigurationInput: &firehose.DeliveryStreamEncryptionConfigurationInput{KeyType: firehose.CustomerManagedCMK}}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("CMK without ARN: %v", err)
	}
	if err := e.StartDeliveryStreamEncryption(ctx, firehose.StartDeliveryStreamEncryptionInput{DeliveryStreamName: "s"}); err != nil {
		t.Fatal(err)
	}
	out, _ := e.PutRecord(ctx, firehose.PutRecordInput{DeliveryStreamName: "s", Record: firehose.Record{Data: []byte("x")}})
	d, _ := e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s"})
	if !out.Encrypted || d.DeliveryStreamDescription.DeliveryStreamEncryptionConfiguration.Status != firehose.EncryptionEnabled {
		t.Fatal("encryption not recorded")
	}
	if err := e.StopDeliveryStreamEncryption(ctx, firehose.StopDeliveryStreamEncryptionInput{DeliveryStreamName: "s"}); err != nil {
		t.Fatal(err)
	}
}

// A deleted stream's buffered records are still delivered.
func TestDeleteDeliversBuffered(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	create(t, e, "s", s3(nil))
	events := e.Store().Subscribe(1)
	put(t, e, "s", "kept")
	if err := e.DeleteDeliveryStream(ctx, firehose.DeleteDeliveryStreamInput{DeliveryStreamName: "s"}); err != nil {
		t.Fatal(err)
	}
	if ev := <-events; ev.Size != 4 {
		t.Fatal(ev)
	}
	if _, err := e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s"}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Fatal(err)
	}
}

// Every operation starts with the test controls, under its IAM action name, and a control's error fails the call
// before it changes anything.
func TestEveryOperationIsInterceptable(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	create(t, e, "s", s3(nil))
	calls := map[control.Op]func() error{
		firehose.OpCreateDeliveryStream: func() error {
			_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "new", ExtendedS3DestinationConfiguration: s3(nil)})
			return err
		},
		firehose.OpDeleteDeliveryStream: func() error {
			return e.DeleteDeliveryStream(ctx, firehose.DeleteDeliveryStreamInput{DeliveryStreamName: "s"})
		},
		firehose.OpDescribeDeliveryStream: func() error {
			_, err := e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s"})
			return err
		},
		firehose.OpListDeliveryStreams: func() error {
			_, err := e.ListDeliveryStreams(ctx, firehose.ListDeliveryStreamsInput{})
			return err
		},
		firehose.OpUpdateDestination: func() error {
			return e.UpdateDestination(ctx, firehose.UpdateDestinationInput{DeliveryStreamName: "s", CurrentDeliveryStreamVersionId: "1",
				DestinationId: firehose.DestinationID, ExtendedS3DestinationUpdate: &firehose.ExtendedS3DestinationUpdate{}})
		},
		firehose.OpPutRecord: func() error {
			_, err := e.PutRecord(ctx, firehose.PutRecordInput{DeliveryStreamName: "s"})
			return err
		},
		firehose.OpPutRecordBatch: func() error {
			_, err := e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "s", Records: make([]firehose.Record, 1)})
			return err
		},
		firehose.OpTagDeliveryStream: func() error {
			return e.TagDeliveryStream(ctx, firehose.TagDeliveryStreamInput{DeliveryStreamName: "s", Tags: []firehose.Tag{{Key: "k"}}})
		},
		firehose.OpUntagDeliveryStream: func() error {
			return e.UntagDeliveryStream(ctx, firehose.UntagDeliveryStreamInput{DeliveryStreamName: "s", TagKeys: []string{"k"}})
		},
		firehose.OpListTagsForDeliveryStream: func() error {
			_, err := e.ListTagsForDeliveryStream(ctx, firehose.ListTagsForDeliveryStreamInput{DeliveryStreamName: "s"})
			return err
		},
		firehose.OpStartDeliveryStreamEncryption: func() error {
			return e.StartDeliveryStreamEncryption(ctx, firehose.StartDeliveryStreamEncryptionInput{DeliveryStreamName: "s"})
		},
		firehose.OpStopDeliveryStreamEncryption: func() error {
			return e.StopDeliveryStreamEncryption(ctx, firehose.StopDeliveryStreamEncryptionInput{DeliveryStreamName: "s"})
		},
	}
	for op, call := range calls {
		var seen control.Op
		e.Controls().Add(op, func(c control.Call) (control.Response, bool) {
			seen = c.Op
			return control.Response{Err: apierr.InvalidArgument.New("injected")}, true
		})
		if err := call(); !errors.Is(err, apierr.InvalidArgument) || seen != op {
			t.Errorf("%s: %v (control saw %q)", op, err, seen)
		}
	}
	d, err := e.DescribeDeliveryStream(ctx, firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s"})
	if err != nil || d.DeliveryStreamDescription.VersionId != "1" {
		t.Fatalf("a refused call changed the stream: %+v %v", d, err)
	}
	if m, _ := e.Metrics("s"); m.IncomingRecords != 0 {
		t.Fatalf("a refused put took records: %+v", m)
	}
}

// The API's patterns: BucketARN arn:.*:s3:::[\w\.\-]{1,255}, RoleARN arn:.*:iam::\d{12}:role/…, and tag keys
// that do not begin with "aws:" (API Reference, S3DestinationConfiguration, Tag).
func TestARNAndTagPatterns(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	for i, c := range []firehose.ExtendedS3DestinationConfiguration{
		{BucketARN: "arn:aws:s3:::bad/bucket", RoleARN: roleARN},
		{BucketARN: "bucket", RoleARN: roleARN},
		{BucketARN: bucketARN, RoleARN: "arn:aws:iam::1:role/r"},
		{BucketARN: bucketARN},
	} {
		_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: fmt.Sprint("s", i), ExtendedS3DestinationConfiguration: &c})
		if !errors.Is(err, apierr.Validation) {
			t.Errorf("%+v: %v", c, err)
		}
	}
	create(t, e, "s", &firehose.ExtendedS3DestinationConfiguration{BucketARN: "arn:aws-cn:s3:::my.bucket-1", RoleARN: roleARN})
	if err := e.TagDeliveryStream(ctx, firehose.TagDeliveryStreamInput{DeliveryStreamName: "s", Tags: []firehose.Tag{{Key: "aws:x"}}}); !errors.Is(err, apierr.Validation) {
		t.Errorf("aws: key: %v", err)
	}
	if err := e.TagDeliveryStream(ctx, firehose.TagDeliveryStreamInput{DeliveryStreamName: "s", Tags: []firehose.Tag{{Key: "team name", Value: "a/b=c+d-e@f%g"}}}); err != nil {
		t.Errorf("valid tag: %v", err)
	}
}

// A CREATING delivery stream cannot be deleted (API Reference, DeleteDeliveryStream).
func TestDeleteRefusesCreatingStream(t *testing.T) {
	e, _ := newEngine(t, firehose.WithStatusDelays(time.Minute, 0))
	create(t, e, "s", s3(nil))
	if err := e.DeleteDeliveryStream(context.Background(), firehose.DeleteDeliveryStreamInput{DeliveryStreamName: "s"}); !errors.Is(err, apierr.ResourceInUse) {
		t.Fatal(err)
	}
}

// "Each prefix is at most 512 characters after evaluation" (s3-prefixes.html); FileExtension replaces the
// compression's extension (API Reference, ExtendedS3DestinationConfiguration).
func TestPrefixLengthAndFileExtension(t *testing.T) {
	e, _ := newEngine(t)
	ctx := context.Background()
	c := s3(nil)
	c.Prefix = strings.Repeat("p", 497) + "!{timestamp:yyyy/MM/dd/HH/}" // 497 + 14 = 511
	c.ErrorOutputPrefix = "e/!{firehose:error-output-type}/"
	c.CompressionFormat = firehose.GZIP
	c.FileExtension = ".json.gz"
	create(t, e, "ok", c)
	c.Prefix = strings.Repeat("p", 497) + "!{timestamp:MMMM}/" // September: 497 + 10 = 507 …
	c.Prefix += "!{timestamp:EEEE}/"                           // … Wednesday: 517
	if _, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "long", ExtendedS3DestinationConfiguration: c}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("a prefix of up to 517 characters: %v", err)
	}
	c.Prefix, c.FileExtension = "", "json"
	if _, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "ext", ExtendedS3DestinationConfiguration: c}); !errors.Is(err, apierr.Validation) {
		t.Fatalf("FileExtension without a dot: %v", err)
	}
	put(t, e, "ok", "x")
	flush(t, e, "ok")
	if k := e.Store().Keys("bucket", ""); len(k) != 1 || !strings.HasSuffix(k[0], ".json.gz") || len(k[0]) != 511+len("ok-1-2026-07-13-14-59-58-")+36+len(".json.gz") {
		t.Fatalf("keys %v", k)
	}
}

// CustomTimeZone changes the time zone of both the prefix and the name (s3-object-name.html: "the time zone used
// for time prefix and suffix is in UTC, but you can change it").
func TestCustomTimeZoneAppliesToPrefixAndName(t *testing.T) {
	e, _ := newEngine(t)
	c := s3(nil)
	c.CustomTimeZone = "Asia/Tokyo"
	create(t, e, "jst", c)
	put(t, e, "jst", "x")
	flush(t, e, "jst")
	if k := e.Store().Keys("bucket", ""); len(k) != 1 || !strings.HasPrefix(k[0], "2026/07/13/23/jst-1-2026-07-13-23-59-58-") {
		t.Fatalf("keys %v", k)
	}
	c.CustomTimeZone = "Mars/Olympus"
	if _, err := e.CreateDeliveryStream(context.Background(), firehose.CreateDeliveryStreamInput{DeliveryStreamName: "bad", ExtendedS3DestinationConfiguration: c}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatal(err)
	}
}
