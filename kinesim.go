package kinesim

import (
	"context"
	"errors"
	"iter"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/channel"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/internal/seed"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
	"github.com/kinesim/kinesim/video"
)

// Account is one AWS account in one region, with one clock, one seed and one set of test controls shared by
// every service it gives: Kinesis Data Streams ([Account.Streams]), its channels ([Account.Channels]), Firehose
// ([Account.Firehose]), Analytics ([Account.Analytics]) and Video Streams ([Account.Video]). Services never import each other; an Account is where they meet.
//
// An Account is safe for concurrent use. [Account.Close] closes every service, in order, and is idempotent.
type Account struct {
	id        arn.Account
	clk       clock.Clock
	seed      uint64
	label     string
	controls  *control.Set
	streams   *stream.Engine
	firehose  *firehose.Engine
	channels  *channel.Engine
	video     *video.Engine
	analytics *analytics.Engine

	closeOnce sync.Once
}

// Option configures an [Account].
type Option func(*config)

type config struct {
	clock      clock.Clock
	seed       uint64
	seeded     bool
	account    arn.Account
	streamOpts []stream.Option
	fhOpts     []firehose.Option
	chOpts     []channel.Option
	videoOpts  []video.Option
	anOpts     []analytics.Option
}

// WithClock sets the clock of every service of the account. The default is [clock.Real]; a [clock.Manual] runs the
// whole account in virtual time.
func WithClock(c clock.Clock) Option { return func(cfg *config) { cfg.clock = clock.Or(c) } }

// WithSeed makes the account deterministic: every service draws its tokens and incarnations from seed, so the same
// calls at the same (virtual) times give the same outputs. By default a random seed is drawn once per account.
func WithSeed(seed uint64) Option { return func(cfg *config) { cfg.seed, cfg.seeded = seed, true } }

// WithAccount sets the account id and region of every ARN and message; an empty one keeps its default,
// "000000000000" and "us-east-1".
func WithAccount(id, region string) Option {
	return func(cfg *config) { cfg.account = cfg.account.With(id, region) }
}

// WithStreamOptions passes options to the Data Streams engine (throttling, shard quota, status delays, …). The
// account's clock, seed, identity and controls are the account's: options setting those here are overridden.
func WithStreamOptions(opts ...stream.Option) Option {
	return func(cfg *config) { cfg.streamOpts = append(cfg.streamOpts, opts...) }
}

// WithFirehoseOptions passes options to the Firehose engine (object stores, status delays, throttling, retries,
// …). The account's clock, seed, identity and controls are the account's: options setting those here are
// overridden.
func WithFirehoseOptions(opts ...firehose.Option) Option {
	return func(cfg *config) { cfg.fhOpts = append(cfg.fhOpts, opts...) }
}

// WithChannelOptions passes options to the Data Streams channels engine (status delays, object stores, retries,
// …). By default channels deliver to the Firehose engine's in-memory store ([firehose.Engine.Store]), so that a
// bucket holds what delivery streams and channels write to it; channel.WithObjectStore here replaces it. The
// account's clock, seed, identity, controls and streams are the account's: options setting those are overridden.
func WithChannelOptions(opts ...channel.Option) Option {
	return func(cfg *config) { cfg.chOpts = append(cfg.chOpts, opts...) }
}

// WithVideoOptions passes options to the Kinesis Video Streams engine (limits, …). The account's clock, seed,
// identity and controls are the account's: options setting those here are overridden.
func WithVideoOptions(opts ...video.Option) Option {
	return func(cfg *config) { cfg.videoOpts = append(cfg.videoOpts, opts...) }
}

// WithAnalyticsOptions passes options to the Analytics engine (tick interval, batch size, a function invoker or
// an object store of one's own, …). The account's clock, seed, identity, controls, data streams and delivery
// streams are the account's.
func WithAnalyticsOptions(opts ...analytics.Option) Option {
	return func(cfg *config) { cfg.anOpts = append(cfg.anOpts, opts...) }
}

// accounts counts the accounts made, for their goroutine labels.
var accounts atomic.Uint64

// New returns an account with no resources. It does no I/O and starts nothing.
func New(opts ...Option) *Account {
	cfg := config{clock: clock.Real, account: arn.DefaultAccount()}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if !cfg.seeded {
		cfg.seed = seed.Random()
	}
	a := &Account{
		id:       cfg.account,
		clk:      cfg.clock,
		seed:     cfg.seed,
		label:    "account-" + strconv.FormatUint(accounts.Add(1), 10),
		controls: new(control.Set),
	}
	a.streams = stream.New(append(cfg.streamOpts,
		stream.WithClock(a.clk), stream.WithSeed(a.seed), stream.WithAccount(a.id.ID, a.id.Region),
		stream.WithControls(a.controls), stream.WithLabel(a.label+"/kinesis"))...)
	a.firehose = firehose.New(append(cfg.fhOpts,
		firehose.WithClock(a.clk), firehose.WithSeed(a.seed), firehose.WithAccount(a.id.ID, a.id.Region),
		firehose.WithControls(a.controls), firehose.WithLabel(a.label+"/firehose"),
		firehose.WithStreamReader(streamReader{a.streams}))...)
	var chOpts []channel.Option
	if st := a.firehose.Store(); st != nil {
		chOpts = append(chOpts, channel.WithObjectStore(st))
	}
	a.channels = channel.New(append(append(chOpts, cfg.chOpts...),
		channel.WithClock(a.clk), channel.WithSeed(a.seed), channel.WithAccount(a.id.ID, a.id.Region),
		channel.WithControls(a.controls), channel.WithLabel(a.label+"/channels"),
		channel.WithSource(streamReader{a.streams}))...)
	a.video = video.New(append(cfg.videoOpts,
		video.WithClock(a.clk), video.WithSeed(a.seed), video.WithAccount(a.id.ID, a.id.Region),
		video.WithControls(a.controls), video.WithLabel(a.label+"/video"))...)
	a.analytics = analytics.New(append([]analytics.Option{analytics.WithObjectStore(analyticsFirehose{a.firehose})}, append(cfg.anOpts,
		analytics.WithClock(a.clk), analytics.WithSeed(a.seed), analytics.WithAccount(a.id.ID, a.id.Region),
		analytics.WithControls(a.controls), analytics.WithLabel(a.label+"/analytics"),
		analytics.WithStreamReader(analyticsStreams{a.streams}), analytics.WithStreamWriter(analyticsStreams{a.streams}),
		analytics.WithDeliveryStreamReader(analyticsFirehose{a.firehose}), analytics.WithDeliveryStreamWriter(analyticsFirehose{a.firehose}))...)...)
	return a
}

// streamReader lets Firehose (KinesisStreamAsSource) and channels read the account's data streams without importing
// package stream: the whole-stream follower, from the records that arrived at or after from.
type streamReader struct{ e *stream.Engine }

// Stream describes a channel's source stream (channel.Source).
func (r streamReader) Stream(ctx context.Context, streamARN string) (channel.SourceStream, error) {
	s, err := r.e.DescribeStreamSummary(ctx, stream.StreamRef{StreamARN: streamARN})
	if err != nil {
		return channel.SourceStream{}, err
	}
	return channel.SourceStream{Created: s.StreamCreationTimestamp, OnDemand: s.StreamMode == stream.StreamModeOnDemand}, nil
}

func (r streamReader) Follow(ctx context.Context, streamARN string, from time.Time) iter.Seq2[record.Record, error] {
	return r.e.Follow(ctx, stream.FollowInput{StreamRef: stream.StreamRef{StreamARN: streamARN},
		StartingPosition: stream.StartingPosition{Type: stream.AtTimestamp, Timestamp: from}})
}

// Streams returns the account's Kinesis Data Streams.
func (a *Account) Streams() *stream.Engine { return a.streams }

// Firehose returns the account's Amazon Data Firehose.
func (a *Account) Firehose() *firehose.Engine { return a.firehose }

// Channels returns the account's Kinesis Data Streams channels: each reads one of the account's on-demand streams
// and delivers its records to a bucket of the Firehose engine's store (or of channel.WithObjectStore).
func (a *Account) Channels() *channel.Engine { return a.channels }

// Video returns the account's Kinesis Video Streams.
func (a *Account) Video() *video.Engine { return a.video }

// Analytics returns the account's Kinesis Data Analytics: applications read the account's data streams and
// delivery streams, write to them, and load reference data from Firehose's in-memory object store.
func (a *Account) Analytics() *analytics.Engine { return a.analytics }

// Clock returns the clock every service of the account reads.
func (a *Account) Clock() clock.Clock { return a.clk }

// Seed returns the account's seed.
func (a *Account) Seed() uint64 { return a.seed }

// Identity returns the account id and region.
func (a *Account) Identity() arn.Account { return a.id }

// Controls returns the test controls every service of the account consults (see package control): a control
// added here intercepts the calls of any service, "kinesis:PutRecords" or "firehose:PutRecordBatch" alike.
func (a *Account) Controls() *control.Set { return a.controls }

// Label returns the pprof label value prefix of the account's goroutines: every goroutine a service of the
// account starts carries the label "kinesim" with a value that begins with Label()+"/" (package kinesimtest
// checks that none is left after Close).
func (a *Account) Label() string { return a.label }

// Close closes every service of the account, those that read others first (Video, which reads none, Analytics, then the
// channels, which deliver what they read into Firehose's store, then Firehose, which delivers what it buffered and
// closes that store), then Data Streams: each ends its blocking reads, stops its timers and waits for its
// goroutines. Every later call on a service returns its closed error. Close is idempotent; it returns the errors
// of the channels' and Firehose's Close (records they could not deliver, wrapping channel.ErrUndelivered and
// firehose.ErrUndelivered) the first time, nil otherwise.
func (a *Account) Close() error {
	var err error
	a.closeOnce.Do(func() {
		_ = a.video.Close()
		_ = a.analytics.Close()
		chErr := a.channels.Close()
		err = errors.Join(chErr, a.firehose.Close())
		_ = a.streams.Close()
	})
	return err
}
