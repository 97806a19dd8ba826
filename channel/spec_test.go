package channel_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/channel"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/firehose/compress"
	"github.com/kinesim/kinesim/stream"
)

// A channel buffers the records it reads until the data freshness interval is reached (300 s by default), then
// writes them as one object under the default key template, from the oldest record's arrival, with a unique
// suffix (Developer Guide, "How Amazon S3 delivery works" and "S3 output key template for Amazon S3 delivery";
// API Reference, S3DestinationConfiguration: "The default value is 300 seconds"). JSON records are written as JSON
// Lines (kinesim's format decision, see the package documentation).
func TestRecordsAreDeliveredWhenDataFreshnessElapsesUnderTheDefaultKey(t *testing.T) {
	e := newEnv(t)
	sub := e.store().Subscribe(4)
	d := e.create(t, input("orders-archive", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone)))
	if d.ChannelStatus != channel.ChannelStatusActive || d.S3DestinationConfiguration.DataFreshnessInSeconds != 300 {
		t.Fatalf("%+v", d)
	}
	e.put(t, d.ChannelARN, 3, `{"id":1}`, `{"id":2}`, `{"id":3}`)
	e.clk.Advance(299 * time.Second)
	if keys := e.store().Keys(bucket, ""); len(keys) != 0 {
		t.Fatalf("delivered before the data freshness: %q", keys)
	}
	e.clk.Advance(time.Second)
	o := next(t, sub)
	want := regexp.MustCompile(`^kinesis-channel/orders-archive/` + d.ChannelId + `/2026/07/13/14/orders-archive-` + d.ChannelId +
		`-2026-07-13-14-00-[0-9a-f-]{36}$`)
	if o.Bucket != bucket || !want.MatchString(o.Key) {
		t.Fatalf("object %s/%s, want a key matching %s", o.Bucket, o.Key, want)
	}
	body, _ := e.store().Get(bucket, o.Key)
	if string(body) != "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n" {
		t.Fatalf("body %q", body)
	}
	e.flush(t, d.ChannelARN) // the delivery that notified the object has finished
	m, _ := e.Channels().Metrics(d.ChannelARN)
	if m.IncomingRecords != 3 || m.DeliveredRecords != 3 || m.DeliveredObjects != 1 {
		t.Fatalf("%+v", m)
	}
}

// A channel delivers early when its buffer reaches the target object size ("batched into optimally sized objects";
// the size is kinesim's option, see WithTargetObjectSize), and the freshness timer then counts from the next record.
func TestRecordsAreDeliveredWhenTheTargetObjectSizeIsReached(t *testing.T) {
	e := newEnv(t, channel.WithTargetObjectSize(20))
	sub := e.store().Subscribe(4)
	d := e.create(t, input("c", e.stream, channel.RecordFormatTypeString, s3(channel.S3CompressionTypeNone)))
	e.put(t, d.ChannelARN, 2, "0123456789", "abcdefghij") // 22 bytes with their newlines
	o := next(t, sub)
	if body, _ := e.store().Get(bucket, o.Key); string(body) != "0123456789\nabcdefghij\n" {
		t.Fatalf("body %q", body)
	}
	// The store announces the object before its PutObject returns, while the attempt's timeout (a minute on the
	// clock) is still armed: advancing the clock now could time the delivered attempt out and leave its retry
	// waiting on the clock for ever. Flush (the buffers are empty) waits until that delivery is done.
	e.flush(t, d.ChannelARN)
	e.put(t, d.ChannelARN, 3, "late")
	e.clk.Advance(300 * time.Second)
	o = next(t, sub)
	if body, _ := e.store().Get(bucket, o.Key); string(body) != "late\n" {
		t.Fatalf("body %q", body)
	}
}

// GZIP and ZSTD objects read back with a standard decoder (the standard library's gzip reader; firehose/compress's
// Zstandard decoder), and their keys end with the compression's extension (!{extension}, the last variable of the
// default template; API Reference, S3StorageConfiguration CompressionType: NONE | GZIP | ZSTD).
func TestCompressedObjectsReadBackWithAStandardReader(t *testing.T) {
	gunzip := func(b []byte) ([]byte, error) {
		r, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(r)
	}
	unzstd := func(b []byte) ([]byte, error) { return compress.Decode(b, compress.ZSTD, 0) }
	for _, c := range []struct {
		compression channel.S3CompressionType
		ext         string
		read        func([]byte) ([]byte, error)
	}{{channel.S3CompressionTypeGzip, ".gz", gunzip}, {channel.S3CompressionTypeZstd, ".zst", unzstd}} {
		e := newEnv(t)
		d := e.create(t, input("c", e.stream, channel.RecordFormatTypeJSON, s3(c.compression)))
		e.put(t, d.ChannelARN, 2, `{"a":1}`, `[2]`)
		e.flush(t, d.ChannelARN)
		objs := e.store().Objects(bucket)
		if len(objs) != 1 || !strings.HasSuffix(objs[0].Key, c.ext) {
			t.Fatalf("%s: %+v", c.compression, objs)
		}
		got, err := c.read(objs[0].Body)
		if err != nil || string(got) != "{\"a\":1}\n[2]\n" {
			t.Fatalf("%s: %q %v", c.compression, got, err)
		}
		desc, err := e.Channels().DescribeChannel(context.Background(), channel.DescribeChannelInput{ChannelARN: d.ChannelARN})
		if err != nil || desc.ChannelDescription.S3DestinationConfiguration.StorageConfiguration.CompressionType != c.compression {
			t.Fatalf("%+v %v", desc, err)
		}
	}
}

// BYTE_ARRAY records are written as they are, concatenated (no validation, no delimiter: "delivered in their source
// format"), and a custom OutputKeyTemplate with every variable is evaluated from the oldest record's arrival
// (Developer Guide, "S3 output key template"; CDK CfnChannel.S3StorageConfigurationProperty lists the variables).
func TestByteArrayRecordsAreConcatenatedUnderACustomKeyTemplate(t *testing.T) {
	e := newEnv(t)
	dest := s3(channel.S3CompressionTypeNone)
	dest.StorageConfiguration.OutputKeyTemplate = "raw/!{stream-name}/!{yy}!{MM}!{dd}T!{HH}!{mm}/!{channel-name}!{extension}"
	d := e.create(t, input("bin", e.stream, channel.RecordFormatTypeByteArray, dest))
	e.clk.Advance(90 * time.Second)
	e.put(t, d.ChannelARN, 2, "\xff\x00", "\x01")
	e.flush(t, d.ChannelARN)
	objs := e.store().Objects(bucket)
	if len(objs) != 1 || !regexp.MustCompile(`^raw/orders/260713T1401/bin-[0-9a-f-]{36}$`).MatchString(objs[0].Key) ||
		string(objs[0].Body) != "\xff\x00\x01" {
		t.Fatalf("%+v", objs)
	}
}

func deadLetters(t *testing.T, body []byte) []channel.DeadLetter {
	t.Helper()
	var out []channel.DeadLetter
	for line := range strings.SplitSeq(strings.TrimSuffix(string(body), "\n"), "\n") {
		var d channel.DeadLetter
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		out = append(out, d)
	}
	return out
}

// Records that fail validation (JSON that is not valid JSON, STRING that is not UTF-8) go to the dead-letter queue
// with error context; without a DeadLetterQueueS3Configuration it is the destination bucket under
// kinesis-channel/errors/NAME/ID/ (Developer Guide, "How Amazon S3 delivery works", Validate; API Reference,
// S3DestinationConfiguration; CDK DeadLetterQueueS3ConfigurationProperty for the default prefix).
func TestRecordsFailingValidationGoToTheDeadLetterQueue(t *testing.T) {
	for _, tc := range []struct {
		format  channel.RecordFormatType
		good    string
		bad     string
		errCode string
	}{
		{channel.RecordFormatTypeJSON, `{"ok":true}`, `{"ok":`, channel.ErrorCodeInvalidJSON},
		{channel.RecordFormatTypeString, "héllo", "h\xffllo", channel.ErrorCodeInvalidUTF8},
	} {
		t.Run(string(tc.format), func(t *testing.T) {
			e := newEnv(t)
			d := e.create(t, input("c", e.stream, tc.format, s3(channel.S3CompressionTypeNone)))
			e.put(t, d.ChannelARN, 2, tc.good, tc.bad)
			e.flush(t, d.ChannelARN)
			errPrefix := "kinesis-channel/errors/c/" + d.ChannelId + "/"
			if d.S3DestinationConfiguration.DeadLetterQueueS3Configuration.ErrorOutputPrefix != errPrefix {
				t.Fatalf("%+v", d.S3DestinationConfiguration.DeadLetterQueueS3Configuration)
			}
			errKeys := e.store().Keys(bucket, errPrefix)
			all := e.store().Keys(bucket, "")
			if len(errKeys) != 1 || len(all) != 2 {
				t.Fatalf("keys %q", all)
			}
			body, _ := e.store().Get(bucket, errKeys[0])
			dl := deadLetters(t, body)
			if len(dl) != 1 || dl[0].ErrorCode != tc.errCode || string(dl[0].RawData) != tc.bad || dl[0].StreamARN != e.stream ||
				dl[0].ShardID == "" || dl[0].SequenceNumber == "" || dl[0].PartitionKey != "pk" {
				t.Fatalf("%+v", dl)
			}
			m, _ := e.Channels().Metrics(d.ChannelARN)
			if m.DeliveredRecords != 1 || m.DeadLetterRecords != 1 {
				t.Fatalf("%+v", m)
			}
		})
	}
}

// failingStore fails every write to one bucket and stores the rest.
type failingStore struct {
	fail string
	ok   interface {
		PutObject(ctx context.Context, bucket, key string, body []byte) error
	}
}

func (f failingStore) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	if bucket == f.fail {
		return errors.New("injected failure")
	}
	return f.ok.PutObject(ctx, bucket, key, body)
}

// A delivery that keeps failing is retried with backoff on the engine's clock for the retry duration, then its
// records go to the dead-letter queue as S3DeliveryFailed documents ("records that cannot be delivered": API
// Reference, DeadLetterQueueS3Configuration), into the dead-letter bucket and prefix configured.
func TestDeliveryFailingForTheRetryDurationGoesToTheDeadLetterBucket(t *testing.T) {
	var e *env
	// The attempt timeout is far beyond what drive steps through while one PutObject runs: the attempts fail, they
	// do not time out.
	e = newEnv(t, channel.WithRetryDuration(time.Minute), channel.WithAttemptTimeout(1000*time.Hour),
		channel.WithBucket(bucket, failingStore{fail: bucket, ok: nil}),
		channel.WithBucket("dlq", storeFunc(func(ctx context.Context, b, k string, body []byte) error {
			return e.store().PutObject(ctx, b, k, body)
		})))
	dest := s3(channel.S3CompressionTypeNone)
	dest.DeadLetterQueueS3Configuration = &channel.DeadLetterQueueS3Configuration{BucketARN: "arn:aws:s3:::dlq",
		ExpectedBucketOwner: owner, ErrorOutputPrefix: "failed/"}
	d := e.create(t, input("c", e.stream, channel.RecordFormatTypeJSON, dest))
	e.put(t, d.ChannelARN, 2, `1`, `2`)
	e.flushDriven(t, d.ChannelARN)
	keys := e.store().Keys("dlq", "")
	if len(keys) != 1 || !strings.HasPrefix(keys[0], "failed/2026/07/13/14/c-"+d.ChannelId+"-2026-07-13-14-00-") {
		t.Fatalf("%q", keys)
	}
	body, _ := e.store().Get("dlq", keys[0])
	dl := deadLetters(t, body)
	// How many attempts fit in the minute depends on how far drive steps the stream engine's timers between them.
	if len(dl) != 2 || dl[0].ErrorCode != channel.ErrorCodeDeliveryFailed || dl[0].AttemptsMade < 1 ||
		string(dl[0].RawData) != "1" || string(dl[1].RawData) != "2" || dl[0].ErrorMessage != "injected failure" ||
		dl[0].AttemptEndingTimestamp < dl[0].ArrivalTimestamp+time.Minute.Milliseconds() {
		t.Fatalf("%+v", dl)
	}
	m, _ := e.Channels().Metrics(d.ChannelARN)
	if m.DeliveredRecords != 0 || m.DeadLetterRecords != 2 || m.FailedAttempts != int64(dl[0].AttemptsMade) {
		t.Fatalf("%+v", m)
	}
}

type storeFunc func(ctx context.Context, bucket, key string, body []byte) error

func (f storeFunc) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	return f(ctx, bucket, key, body)
}

// Close drains: what the channel read and buffered is delivered before Close returns, and nothing is left
// running (kinesimtest checks the account's goroutines).
func TestCloseDeliversEverythingRead(t *testing.T) {
	e := newEnv(t)
	d := e.create(t, input("c", e.stream, channel.RecordFormatTypeString, s3(channel.S3CompressionTypeNone)))
	e.put(t, d.ChannelARN, 2, "a", "b")
	st := e.store()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	objs := st.Objects(bucket)
	if len(objs) != 1 || string(objs[0].Body) != "a\nb\n" {
		t.Fatalf("%+v", objs)
	}
	if _, err := e.Channels().DescribeChannel(context.Background(), channel.DescribeChannelInput{ChannelARN: d.ChannelARN}); !errors.Is(err, channel.ErrClosed) {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
}

// Close with a store that always fails gives up after a few attempts, dead-letters what it can and reports the
// records it could write nowhere (ErrUndelivered).
func TestCloseReportsRecordsItCouldNotWriteAnywhere(t *testing.T) {
	e := newEnv(t, channel.WithBucket(bucket, failingStore{fail: bucket}))
	d := e.create(t, input("c", e.stream, channel.RecordFormatTypeString, s3(channel.S3CompressionTypeNone)))
	e.put(t, d.ChannelARN, 3, "a", "b", "c")
	err := e.Channels().Close()
	if !errors.Is(err, channel.ErrUndelivered) || !strings.Contains(err.Error(), "3 records") {
		t.Fatal(err)
	}
}

// The channel lifecycle: CREATING → ACTIVE after provisioning, UPDATING → ACTIVE after an UpdateChannel, DELETING
// then gone after a DeleteChannel, each on the engine's clock (API Reference, CreateChannel, UpdateChannel,
// ChannelDescription ChannelStatus). UpdateChannel needs ACTIVE.
func TestChannelLifecycleRunsOnTheClock(t *testing.T) {
	e := newEnv(t, channel.WithStatusDelays(10*time.Second, 5*time.Second, 20*time.Second))
	ctx := context.Background()
	d := e.create(t, input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone)))
	describe := func() channel.ChannelDescription {
		t.Helper()
		out, err := e.Channels().DescribeChannel(ctx, channel.DescribeChannelInput{ChannelARN: d.ChannelARN})
		if err != nil {
			t.Fatal(err)
		}
		return out.ChannelDescription
	}
	if d.ChannelStatus != channel.ChannelStatusCreating {
		t.Fatal(d.ChannelStatus)
	}
	upd := channel.UpdateChannelInput{ChannelARN: d.ChannelARN, S3DestinationConfiguration: &channel.S3DestinationUpdateInput{DataFreshnessInSeconds: ptr(600)}}
	if _, err := e.Channels().UpdateChannel(ctx, upd); !errors.Is(err, apierr.ResourceInUse) {
		t.Fatal("update while CREATING:", err)
	}
	e.clk.Advance(10 * time.Second)
	if st := describe().ChannelStatus; st != channel.ChannelStatusActive {
		t.Fatal(st)
	}
	out, err := e.Channels().UpdateChannel(ctx, upd)
	if err != nil || out.ChannelDescription.ChannelStatus != channel.ChannelStatusUpdating ||
		out.ChannelDescription.S3DestinationConfiguration.DataFreshnessInSeconds != 600 {
		t.Fatalf("%+v %v", out, err)
	}
	e.clk.Advance(5 * time.Second)
	if st := describe().ChannelStatus; st != channel.ChannelStatusActive {
		t.Fatal(st)
	}
	if err := e.Channels().DeleteChannel(ctx, channel.DeleteChannelInput{ChannelARN: d.ChannelARN}); err != nil {
		t.Fatal(err)
	}
	if st := describe().ChannelStatus; st != channel.ChannelStatusDeleting {
		t.Fatal(st)
	}
	if err := e.Channels().DeleteChannel(ctx, channel.DeleteChannelInput{ChannelARN: d.ChannelARN}); !errors.Is(err, apierr.ResourceInUse) {
		t.Fatal("delete while DELETING:", err)
	}
	e.clk.Advance(20 * time.Second)
	if _, err := e.Channels().DescribeChannel(ctx, channel.DescribeChannelInput{ChannelARN: d.ChannelARN}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Fatal(err)
	}
}

// No backfill: a channel delivers only the records produced after it is ACTIVE (Developer Guide, "Data delivery
// concepts"); records put while it is CREATING, or before it exists, are not delivered.
func TestOnlyRecordsProducedAfterTheChannelIsActiveAreDelivered(t *testing.T) {
	e := newEnv(t, channel.WithStatusDelays(10*time.Second, 0, 0))
	e.Put(e.ref, "k", []byte(`"before"`))
	d := e.create(t, input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone)))
	e.Put(e.ref, "k", []byte(`"creating"`))
	e.clk.Advance(10 * time.Second)
	e.put(t, d.ChannelARN, 1, `"active"`)
	e.flush(t, d.ChannelARN)
	objs := e.store().Objects(bucket)
	if len(objs) != 1 || string(objs[0].Body) != "\"active\"\n" {
		t.Fatalf("%+v", objs)
	}
}

// Deleting a channel stops delivery; what it had read is delivered, and data already delivered stays (API
// Reference, DeleteChannel: "Data already delivered to the destination is not deleted").
func TestDeleteChannelDeliversWhatItReadAndStops(t *testing.T) {
	e := newEnv(t)
	d := e.create(t, input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone)))
	e.put(t, d.ChannelARN, 1, `1`)
	e.flush(t, d.ChannelARN)
	e.put(t, d.ChannelARN, 2, `2`)
	sub := e.store().Subscribe(1)
	if err := e.Channels().DeleteChannel(context.Background(), channel.DeleteChannelInput{ChannelARN: d.ChannelARN}); err != nil {
		t.Fatal(err)
	}
	next(t, sub)
	e.Put(e.ref, "k", []byte(`3`))
	var bodies []string
	for _, o := range e.store().Objects(bucket) {
		bodies = append(bodies, string(o.Body))
	}
	slices.Sort(bodies)
	if !slices.Equal(bodies, []string{"1\n", "2\n"}) {
		t.Fatalf("%q", bodies)
	}
}

// CreateChannel's validation: every rejected call returns its documented error and changes nothing (API
// Reference, CreateChannel and its shapes' constraints; the package documentation lists kinesim's own).
func TestCreateChannelRefusesInvalidInputAndChangesNothing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	prov := e.CreateStream("provisioned", 1)
	_ = prov
	good := func() channel.CreateChannelInput {
		return input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone))
	}
	with := func(f func(*channel.CreateChannelInput)) channel.CreateChannelInput { in := good(); f(&in); return in }
	for _, tc := range []struct {
		name string
		in   channel.CreateChannelInput
		want error
		text string
	}{
		{"no name", with(func(in *channel.CreateChannelInput) { in.ChannelName = "" }), apierr.Validation, "channelName"},
		{"bad name", with(func(in *channel.CreateChannelInput) { in.ChannelName = "a b" }), apierr.Validation, "[a-zA-Z0-9_.-]+"},
		{"long name", with(func(in *channel.CreateChannelInput) { in.ChannelName = strings.Repeat("a", 129) }), apierr.Validation, "128"},
		{"bad role", with(func(in *channel.CreateChannelInput) { in.ServiceExecutionRoleARN = "role" }), apierr.Validation, "serviceExecutionRoleARN"},
		{"no streams", with(func(in *channel.CreateChannelInput) { in.StreamConfigurationList = nil }), apierr.Validation, "streamConfigurationList"},
		{"two streams", with(func(in *channel.CreateChannelInput) {
			in.StreamConfigurationList = append(in.StreamConfigurationList, in.StreamConfigurationList[0])
		}), apierr.Validation, "less than or equal to 1"},
		{"bad stream ARN", with(func(in *channel.CreateChannelInput) { in.StreamConfigurationList[0].StreamARN = "orders" }), apierr.Validation, "stream/"},
		{"no record configuration", with(func(in *channel.CreateChannelInput) { in.StreamConfigurationList[0].RecordConfiguration = nil }), apierr.Validation, "recordConfiguration"},
		{"bad format", with(func(in *channel.CreateChannelInput) {
			in.StreamConfigurationList[0].RecordConfiguration.RecordFormatType = "XML"
		}), apierr.Validation, "enum value set"},
		{"GSR_JSON to S3", with(func(in *channel.CreateChannelInput) {
			in.StreamConfigurationList[0].RecordConfiguration.RecordFormatType = channel.RecordFormatTypeGsrJSON
		}), apierr.InvalidArgument, "streaming table"},
		{"no destination", with(func(in *channel.CreateChannelInput) { in.S3DestinationConfiguration = nil }), apierr.InvalidArgument, "but not both"},
		{"both destinations", with(func(in *channel.CreateChannelInput) {
			in.S3TablesDestinationConfiguration = &channel.S3TablesDestinationConfiguration{}
		}), apierr.InvalidArgument, "but not both"},
		{"S3 Tables", with(func(in *channel.CreateChannelInput) {
			in.S3DestinationConfiguration = nil
			in.S3TablesDestinationConfiguration = &channel.S3TablesDestinationConfiguration{}
		}), apierr.InvalidArgument, "Iceberg"},
		{"no storage", with(func(in *channel.CreateChannelInput) { in.S3DestinationConfiguration.StorageConfiguration = nil }), apierr.Validation, "storageConfiguration"},
		{"bad bucket", with(func(in *channel.CreateChannelInput) {
			in.S3DestinationConfiguration.StorageConfiguration.BucketARN = "bucket"
		}), apierr.Validation, "s3:::"},
		{"bad owner", with(func(in *channel.CreateChannelInput) {
			in.S3DestinationConfiguration.StorageConfiguration.ExpectedBucketOwner = "1"
		}), apierr.Validation, "expectedBucketOwner"},
		{"no compression", with(func(in *channel.CreateChannelInput) {
			in.S3DestinationConfiguration.StorageConfiguration.CompressionType = ""
		}), apierr.Validation, "compressionType"},
		{"bad storage class", with(func(in *channel.CreateChannelInput) {
			in.S3DestinationConfiguration.StorageConfiguration.StorageClass = "COLD"
		}), apierr.Validation, "storageClass"},
		{"freshness too low", with(func(in *channel.CreateChannelInput) { in.S3DestinationConfiguration.DataFreshnessInSeconds = ptr(299) }), apierr.Validation, "300"},
		{"freshness too high", with(func(in *channel.CreateChannelInput) { in.S3DestinationConfiguration.DataFreshnessInSeconds = ptr(901) }), apierr.Validation, "900"},
		{"template characters", with(func(in *channel.CreateChannelInput) {
			in.S3DestinationConfiguration.StorageConfiguration.OutputKeyTemplate = "a b"
		}), apierr.Validation, "outputKeyTemplate"},
		{"template variable", with(func(in *channel.CreateChannelInput) {
			in.S3DestinationConfiguration.StorageConfiguration.OutputKeyTemplate = "!{shard-id}"
		}), apierr.InvalidArgument, "unknown variable"},
		{"template slash", with(func(in *channel.CreateChannelInput) {
			in.S3DestinationConfiguration.StorageConfiguration.OutputKeyTemplate = "a/"
		}), apierr.InvalidArgument, "end with"},
		{"bad error prefix", with(func(in *channel.CreateChannelInput) {
			in.S3DestinationConfiguration.DeadLetterQueueS3Configuration = &channel.DeadLetterQueueS3Configuration{BucketARN: bucketARN, ExpectedBucketOwner: owner, ErrorOutputPrefix: "a b"}
		}), apierr.Validation, "errorOutputPrefix"},
		{"service key", with(func(in *channel.CreateChannelInput) {
			in.EncryptionConfiguration = &channel.ChannelEncryptionConfiguration{EncryptionType: channel.ChannelEncryptionTypeKms, KeyId: "alias/aws/kinesis"}
		}), apierr.InvalidArgument, "service key"},
		{"bad encryption type", with(func(in *channel.CreateChannelInput) {
			in.EncryptionConfiguration = &channel.ChannelEncryptionConfiguration{EncryptionType: "AES", KeyId: "k"}
		}), apierr.Validation, "encryptionType"},
		{"logging without enabled", with(func(in *channel.CreateChannelInput) {
			in.LoggingConfiguration = &channel.ChannelLoggingConfiguration{CloudWatchLogs: &channel.CloudWatchLogs{}}
		}), apierr.Validation, "enabled"},
		{"long tag key", with(func(in *channel.CreateChannelInput) { in.Tags = map[string]string{strings.Repeat("k", 129): ""} }), apierr.Validation, "tags.key"},
		{"no such stream", with(func(in *channel.CreateChannelInput) {
			in.StreamConfigurationList[0].StreamARN = e.Streams().StreamARN("nope")
		}), apierr.ResourceNotFound, "nope"},
		{"provisioned stream", with(func(in *channel.CreateChannelInput) {
			in.StreamConfigurationList[0].StreamARN = e.Streams().StreamARN("provisioned")
		}), apierr.Validation, "on-demand capacity mode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Channels().CreateChannel(ctx, tc.in)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("got %v, want %v containing %q", err, tc.want, tc.text)
			}
			l, _ := e.Channels().ListChannels(ctx, channel.ListChannelsInput{})
			if len(l.ChannelSummaries) != 0 {
				t.Fatalf("a refused call made %+v", l.ChannelSummaries)
			}
		})
	}
}

// A channel name is unique in the account and region, and a stream has one S3 channel at launch (an adjustable
// quota: "One S3 channel and one S3 Tables channel per stream"; WithChannelsPerStream).
func TestChannelNamesAreUniqueAndAStreamHasOneChannel(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.create(t, input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone)))
	other := e.CreateStreamWith(stream.CreateStreamInput{StreamName: "other", StreamMode: stream.StreamModeOnDemand})
	if _, err := e.Channels().CreateChannel(ctx, input("c", e.Streams().StreamARN(other.StreamName), channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone))); !errors.Is(err, apierr.ResourceInUse) {
		t.Fatal(err)
	}
	if _, err := e.Channels().CreateChannel(ctx, input("d", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone))); !errors.Is(err, apierr.LimitExceeded) {
		t.Fatal(err)
	}
}

// ListChannels pages at most MaxResults at a time (100 by default and at most), filters by source stream, and
// refuses a NextToken it did not issue or issued for another filter (API Reference, ListChannels).
func TestListChannelsPagesAndFiltersByStream(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var arns []string
	for i := range 5 {
		name := fmt.Sprintf("s%d", i)
		ref := e.CreateStreamWith(stream.CreateStreamInput{StreamName: name, StreamMode: stream.StreamModeOnDemand})
		d := e.create(t, input("c"+name, e.Streams().StreamARN(ref.StreamName), channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone)))
		arns = append(arns, d.ChannelARN)
	}
	var got []string
	in := channel.ListChannelsInput{MaxResults: 2}
	pages := 0
	for {
		out, err := e.Channels().ListChannels(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, s := range out.ChannelSummaries {
			got = append(got, s.ChannelARN)
			if s.ChannelDestinationType != channel.ChannelDestinationTypeS3 || len(s.Streams) != 1 || s.ChannelStatus != channel.ChannelStatusActive {
				t.Fatalf("%+v", s)
			}
		}
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	if pages != 3 || !slices.Equal(got, arns) {
		t.Fatalf("%d pages, %q", pages, got)
	}
	f := []channel.StreamFilter{{StreamARN: e.Streams().StreamARN("s3")}}
	out, err := e.Channels().ListChannels(ctx, channel.ListChannelsInput{StreamFilter: f})
	if err != nil || len(out.ChannelSummaries) != 1 || out.ChannelSummaries[0].ChannelName != "cs3" {
		t.Fatalf("%+v %v", out, err)
	}
	f[0].StreamCreationTimestamp = t0.Add(-time.Hour)
	if out, _ := e.Channels().ListChannels(ctx, channel.ListChannelsInput{StreamFilter: f}); len(out.ChannelSummaries) != 0 {
		t.Fatalf("another incarnation matched: %+v", out)
	}
	first, _ := e.Channels().ListChannels(ctx, channel.ListChannelsInput{MaxResults: 1})
	if _, err := e.Channels().ListChannels(ctx, channel.ListChannelsInput{NextToken: first.NextToken, StreamFilter: f}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatal("token of another filter:", err)
	}
	if _, err := e.Channels().ListChannels(ctx, channel.ListChannelsInput{NextToken: "x"}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatal("forged token:", err)
	}
	if _, err := e.Channels().ListChannels(ctx, channel.ListChannelsInput{MaxResults: -1}); !errors.Is(err, apierr.Validation) {
		t.Fatal(err)
	}
}

// A MaxResults of 0 sent is below the minimum of 1 and is AWS's ValidationException, as a negative one is; only
// an absent member is the default page of 100, and a value above 100 returns at most 100 (API Reference,
// ListChannels: MaxResults "The default value is 100. If you specify a value greater than 100, at most 100 results
// are returned"; the model's page sizes have a minimum of 1). The Go API says channel.ExplicitZero for a 0 sent.
func TestListChannelsMaxResultsOfZeroSentIsValidation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.create(t, input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone)))
	for _, c := range []struct {
		n    int
		want string
	}{{channel.ExplicitZero, "'0'"}, {-1, "'-1'"}} {
		_, err := e.Channels().ListChannels(ctx, channel.ListChannelsInput{MaxResults: c.n})
		var ae *apierr.Error
		want := "1 validation error detected: Value " + c.want + " at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"
		if !errors.Is(err, apierr.Validation) || !errors.As(err, &ae) || ae.Message != want {
			t.Fatalf("MaxResults %s: %v, want ValidationException %q", c.want, err, want)
		}
	}
	for _, n := range []int{0, 1, channel.MaxListChannelsResults + 1} {
		out, err := e.Channels().ListChannels(ctx, channel.ListChannelsInput{MaxResults: n})
		if err != nil || len(out.ChannelSummaries) != 1 || out.ChannelSummaries[0].ChannelName != "c" {
			t.Fatalf("MaxResults %d: %+v, %v", n, out, err)
		}
	}
}

// UpdateChannel changes only the data freshness (300–900) and the logging; the new freshness applies to what is
// buffered (API Reference, UpdateChannel and S3DestinationUpdateInput).
func TestUpdateChannelChangesTheDataFreshness(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sub := e.store().Subscribe(1)
	d := e.create(t, input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone)))
	e.put(t, d.ChannelARN, 1, `1`)
	bad := channel.UpdateChannelInput{ChannelARN: d.ChannelARN, S3DestinationConfiguration: &channel.S3DestinationUpdateInput{DataFreshnessInSeconds: ptr(100)}}
	if _, err := e.Channels().UpdateChannel(ctx, bad); !errors.Is(err, apierr.Validation) {
		t.Fatal(err)
	}
	if _, err := e.Channels().UpdateChannel(ctx, channel.UpdateChannelInput{ChannelARN: d.ChannelARN}); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatal(err)
	}
	out, err := e.Channels().UpdateChannel(ctx, channel.UpdateChannelInput{ChannelARN: d.ChannelARN,
		S3DestinationConfiguration: &channel.S3DestinationUpdateInput{DataFreshnessInSeconds: ptr(900)},
		LoggingConfiguration:       &channel.ChannelLoggingUpdateInput{CloudWatchLogs: &channel.CloudWatchLogs{Enabled: ptr(true)}}})
	if err != nil {
		t.Fatal(err)
	}
	cw := out.ChannelDescription.LoggingConfiguration.CloudWatchLogs
	if cw == nil || cw.LogGroupName != "/aws/kinesis/c/"+d.ChannelId || cw.LogStreamName != "DestinationDelivery" {
		t.Fatalf("%+v", out.ChannelDescription.LoggingConfiguration)
	}
	e.clk.Advance(300 * time.Second)
	if keys := e.store().Keys(bucket, ""); len(keys) != 0 {
		t.Fatalf("delivered at the old freshness: %q", keys)
	}
	e.clk.Advance(600 * time.Second)
	next(t, sub)
}

// Every channel operation goes through the test controls first, as "kinesis:…" operations.
func TestControlsInterceptChannelOperations(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var mu sync.Mutex
	var seen []control.Op // the channel operations seen (the stream engine's run on its own goroutines too)
	e.Controls().Add("kinesis:*", func(c control.Call) (control.Response, bool) {
		if strings.HasSuffix(string(c.Op), "Channel") || strings.HasSuffix(string(c.Op), "Channels") {
			mu.Lock()
			seen = append(seen, c.Op)
			mu.Unlock()
		}
		return control.Response{}, false
	}, control.Keep())
	d := e.create(t, input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone)))
	_, _ = e.Channels().DescribeChannel(ctx, channel.DescribeChannelInput{ChannelARN: d.ChannelARN})
	_, _ = e.Channels().ListChannels(ctx, channel.ListChannelsInput{})
	_, _ = e.Channels().UpdateChannel(ctx, channel.UpdateChannelInput{ChannelARN: d.ChannelARN, S3DestinationConfiguration: &channel.S3DestinationUpdateInput{DataFreshnessInSeconds: ptr(600)}})
	e.Controls().Add(channel.OpDeleteChannel, func(c control.Call) (control.Response, bool) {
		return control.Response{Err: apierr.LimitExceeded.New("Rate exceeded")}, true
	})
	if err := e.Channels().DeleteChannel(ctx, channel.DeleteChannelInput{ChannelARN: d.ChannelARN}); !errors.Is(err, apierr.LimitExceeded) {
		t.Fatal(err)
	}
	mu.Lock()
	chOps := slices.Clone(seen)
	mu.Unlock()
	want := []control.Op{channel.OpCreateChannel, channel.OpDescribeChannel, channel.OpListChannels, channel.OpUpdateChannel, channel.OpDeleteChannel}
	if !slices.Equal(chOps, want) {
		t.Fatalf("%q", chOps)
	}
	if _, err := e.Channels().DescribeChannel(ctx, channel.DescribeChannelInput{ChannelARN: d.ChannelARN}); err != nil {
		t.Fatal("the intercepted delete changed state:", err)
	}
}

// A nil context is refused by every operation, changing nothing; malformed ARNs are ValidationExceptions and
// unknown ones ResourceNotFoundExceptions.
func TestOperationsRefuseANilContextAndUnknownChannels(t *testing.T) {
	e := newEnv(t)
	c := e.Channels()
	//lint:ignore SA1012 the nil context is the point
	var nilCtx context.Context
	if _, err := c.CreateChannel(nilCtx, input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone))); err != channel.ErrNilContext {
		t.Fatal(err)
	}
	if _, err := c.DescribeChannel(nilCtx, channel.DescribeChannelInput{}); err != channel.ErrNilContext {
		t.Fatal(err)
	}
	if _, err := c.ListChannels(nilCtx, channel.ListChannelsInput{}); err != channel.ErrNilContext {
		t.Fatal(err)
	}
	if _, err := c.UpdateChannel(nilCtx, channel.UpdateChannelInput{}); err != channel.ErrNilContext {
		t.Fatal(err)
	}
	if err := c.DeleteChannel(nilCtx, channel.DeleteChannelInput{}); err != channel.ErrNilContext {
		t.Fatal(err)
	}
	if err := c.Flush(nilCtx, ""); err != channel.ErrNilContext {
		t.Fatal(err)
	}
	if err := c.WaitIncoming(nilCtx, "", 1); err != channel.ErrNilContext {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.DescribeChannel(ctx, channel.DescribeChannelInput{ChannelARN: "c"}); !errors.Is(err, apierr.Validation) {
		t.Fatal(err)
	}
	if err := c.DeleteChannel(ctx, channel.DeleteChannelInput{ChannelARN: c.ChannelARN("nope")}); !errors.Is(err, apierr.ResourceNotFound) {
		t.Fatal(err)
	}
}

// A channel records its tags, encryption and logging as given, the defaults filled in (CloudWatchLogs: log group
// /aws/kinesis/NAME/ID, log stream DestinationDelivery; StorageClass STANDARD).
func TestChannelRecordsTagsEncryptionAndLogging(t *testing.T) {
	e := newEnv(t)
	in := input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone))
	in.Tags = map[string]string{"team": "data"}
	in.EncryptionConfiguration = &channel.ChannelEncryptionConfiguration{EncryptionType: channel.ChannelEncryptionTypeKms, KeyId: "arn:aws:kms:us-east-1:000000000000:key/k"}
	in.LoggingConfiguration = &channel.ChannelLoggingConfiguration{CloudWatchLogs: &channel.CloudWatchLogs{Enabled: ptr(true)}}
	d := e.create(t, in)
	tags, _ := e.Channels().Tags(d.ChannelARN)
	cw := d.LoggingConfiguration.CloudWatchLogs
	if tags["team"] != "data" || d.EncryptionConfiguration.KeyId != in.EncryptionConfiguration.KeyId ||
		cw.LogGroupName != "/aws/kinesis/c/"+d.ChannelId || cw.LogStreamName != "DestinationDelivery" ||
		d.S3DestinationConfiguration.StorageConfiguration.StorageClass != channel.S3StorageClassStandard ||
		d.S3DestinationConfiguration.StorageConfiguration.OutputKeyTemplate != channel.DefaultOutputKeyTemplate ||
		d.StreamConfigurationList[0].StreamCreationTimestamp.IsZero() || d.ChannelARN != "arn:aws:kinesis:us-east-1:000000000000:channel/c" {
		t.Fatalf("%+v", d)
	}
}

// A channel whose source stream is deleted can no longer read it: it becomes FAILED with a ChannelStatusReason
// (API Reference, ChannelDescription: "FAILED - See ChannelStatusReason for the failure cause").
func TestAChannelWhoseStreamIsDeletedFails(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	d := e.create(t, input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeNone)))
	if err := e.Streams().DeleteStream(ctx, stream.DeleteStreamInput{StreamRef: e.ref}); err != nil {
		t.Fatal(err)
	}
	if err := e.Channels().WaitStatus(ctx, d.ChannelARN, channel.ChannelStatusFailed); err != nil {
		t.Fatal(err)
	}
	out, err := e.Channels().DescribeChannel(ctx, channel.DescribeChannelInput{ChannelARN: d.ChannelARN})
	if err != nil || out.ChannelDescription.ChannelStatusReason == "" {
		t.Fatalf("%+v %v", out, err)
	}
}
