package channel_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"testing"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/channel"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/kinesimtest"
	"github.com/kinesim/kinesim/stream"
)

var t0 = time.Date(2026, 7, 13, 14, 0, 0, 0, time.UTC)

const (
	bucket    = "archive"
	bucketARN = "arn:aws:s3:::archive"
	owner     = "000000000000"
	roleARN   = "arn:aws:iam::000000000000:role/channel"
)

// env is an account in virtual time with one on-demand stream, "orders".
type env struct {
	*kinesimtest.Account
	clk    *clock.Manual
	ref    stream.StreamRef
	stream string // the stream's ARN
}

func newEnv(t testing.TB, opts ...channel.Option) *env {
	t.Helper()
	clk := clock.NewManual(t0)
	a := kinesimtest.New(t, kinesim.WithClock(clk), kinesim.WithChannelOptions(opts...))
	ref := a.CreateStreamWith(stream.CreateStreamInput{StreamName: "orders", StreamMode: stream.StreamModeOnDemand})
	return &env{Account: a, clk: clk, ref: ref, stream: a.Streams().StreamARN("orders")}
}

func (e *env) store() *firehose.MemoryStore { return e.Firehose().Store() }

// s3 is an S3 destination of the archive bucket.
func s3(compression channel.S3CompressionType) *channel.S3DestinationConfiguration {
	return &channel.S3DestinationConfiguration{StorageConfiguration: &channel.S3StorageConfiguration{
		BucketARN: bucketARN, ExpectedBucketOwner: owner, CompressionType: compression}}
}

// input is a CreateChannelInput reading streamARN in format, delivering to d.
func input(name, streamARN string, format channel.RecordFormatType, d *channel.S3DestinationConfiguration) channel.CreateChannelInput {
	return channel.CreateChannelInput{ChannelName: name, ServiceExecutionRoleARN: roleARN,
		StreamConfigurationList: []channel.ChannelStreamConfiguration{{StreamARN: streamARN,
			RecordConfiguration: &channel.RecordConfiguration{RecordFormatType: format}}},
		S3DestinationConfiguration: d}
}

func (e *env) create(t testing.TB, in channel.CreateChannelInput) channel.ChannelDescription {
	t.Helper()
	out, err := e.Channels().CreateChannel(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return out.ChannelDescription
}

// put puts records into the stream and waits until the channel has read them (total: how many it has read then).
func (e *env) put(t testing.TB, channelARN string, total int64, data ...string) {
	t.Helper()
	for _, d := range data {
		e.Put(e.ref, "pk", []byte(d)) // one key, one shard: the records keep their order
	}
	if err := e.Channels().WaitIncoming(context.Background(), channelARN, total); err != nil {
		t.Fatal(err)
	}
}

func (e *env) flush(t testing.TB, channelARN string) {
	t.Helper()
	if err := e.Channels().Flush(context.Background(), channelARN); err != nil {
		t.Fatal(err)
	}
}

// next waits for the next object of the store, as its subscription reports it.
func next(t testing.TB, sub <-chan firehose.ObjectCreated) firehose.ObjectCreated {
	t.Helper()
	select {
	case o := <-sub:
		return o
	case <-t.Context().Done():
		t.Fatal("no object")
	}
	return firehose.ObjectCreated{}
}

// flushDriven flushes the channel while the clock's timers run as they are armed (a failing store's retries).
func (e *env) flushDriven(t testing.TB, channelARN string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	driven := make(chan struct{})
	go func() { defer close(driven); drive(ctx, e.clk) }()
	e.flush(t, channelARN)
	cancel()
	<-driven
}

// drive runs the clock's timers as they are armed until ctx is done: a failing store's retries proceed.
func drive(ctx context.Context, clk *clock.Manual) {
	for ctx.Err() == nil && clk.WaitPending(ctx, 1) == nil {
		clk.Step()
	}
}

func ptr[T any](v T) *T { return &v }

func gunzip(t testing.TB, b []byte) string {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
