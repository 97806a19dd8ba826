package stream

import (
	"context"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/token"
	"github.com/kinesim/kinesim/internal/validate"
)

// Enhanced fan-out consumers: RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers and
// DeregisterStreamConsumer. A consumer belongs to one incarnation of a stream: it is kept by the stream, dies with
// it, and a stream deleted and created again under the same name has none.

// Consumer limits (Kinesis API Reference, RegisterStreamConsumer and ListStreamConsumers; Developer Guide "Quotas
// and limits", https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html, control-plane table).
const (
	// MaxConsumersPerStream is the most consumers a stream has registered (20 for provisioned and On-demand
	// Standard streams; AWS's 50 of On-demand Advantage is not modelled).
	MaxConsumersPerStream = 20
	// MaxCreatingConsumers is the most consumers of a stream in CREATING at once; a sixth registration is a
	// LimitExceededException. The API reference words it next to its per-account rate limit, the developer guide's
	// quota table puts it in RegisterStreamConsumer's per-stream row: kinesim counts it per stream.
	MaxCreatingConsumers = 5
	// MaxConsumerNameLength is the longest consumer name (shapes.ConsumerName: 1–128 of [a-zA-Z0-9_.-]).
	MaxConsumerNameLength = 128
	// MaxListStreamConsumersResults is the most consumers one ListStreamConsumers call returns ("If you specify a
	// value greater than 100, at most 100 results are returned"); it is also the default.
	MaxListStreamConsumersResults = 100

	// The control-plane rate limits of the consumer operations, per stream (the developer guide's quota table;
	// the API reference says "per account" for RegisterStreamConsumer). They apply while the stream throttles.
	RegisterStreamConsumerPerSecond   = 5
	DeregisterStreamConsumerPerSecond = 5
	DescribeStreamConsumerPerSecond   = 20
	ListStreamConsumersPerSecond      = 5
)

// ConsumerStatus is the lifecycle state of a consumer.
type ConsumerStatus string

// Consumer states, as AWS names them. "A consumer can't read data while in the CREATING or DELETING states."
const (
	ConsumerStatusCreating ConsumerStatus = "CREATING"
	ConsumerStatusDeleting ConsumerStatus = "DELETING"
	ConsumerStatusActive   ConsumerStatus = "ACTIVE"
)

// Consumer is a registered consumer, as RegisterStreamConsumer and ListStreamConsumers return it.
type Consumer struct {
	ConsumerName string
	// ConsumerARN is arn:…:stream/STREAM/consumer/NAME:SECONDS, SECONDS the creation time: a consumer registered
	// again under the same name gets another ARN.
	ConsumerARN               string
	ConsumerStatus            ConsumerStatus
	ConsumerCreationTimestamp time.Time
}

// ConsumerDescription is the output of [Engine.DescribeStreamConsumer].
type ConsumerDescription struct {
	ConsumerName, ConsumerARN string
	ConsumerStatus            ConsumerStatus
	ConsumerCreationTimestamp time.Time
	// StreamARN is the ARN of the stream the consumer is registered with.
	StreamARN string
}

// RegisterStreamConsumerInput is the input of [Engine.RegisterStreamConsumer].
type RegisterStreamConsumerInput struct {
	// StreamARN is the stream's ARN (required: the operation takes no stream name).
	StreamARN string
	// ConsumerName is 1–128 characters of [a-zA-Z0-9_.-], unique among the stream's consumers.
	ConsumerName string
	// Tags are stored with the consumer from its CREATING state on: at most 50, checked as TagResource checks them.
	Tags map[string]string
}

// ConsumerRef names a consumer: by ConsumerARN alone, or by StreamARN and ConsumerName. All three may be given
// as long as they name the same consumer.
type ConsumerRef struct {
	StreamARN, ConsumerName, ConsumerARN string
}

// ListStreamConsumersInput is the input of [Engine.ListStreamConsumers].
type ListStreamConsumersInput struct {
	// StreamARN is the stream's ARN (required, with or without NextToken).
	StreamARN string
	// MaxResults is the most consumers to return, 1–10000; 0 and values above 100 mean 100.
	MaxResults int
	// NextToken continues an earlier listing of the same stream; it is valid for 300 seconds and excludes
	// StreamCreationTimestamp.
	NextToken string
	// StreamCreationTimestamp, if set, must be the stream's creation time: it tells a stream from an earlier one
	// of the same name (a mismatch is a ResourceNotFoundException).
	StreamCreationTimestamp time.Time
}

// ListStreamConsumersOutput is the output of [Engine.ListStreamConsumers]. Consumers are listed in name order.
type ListStreamConsumersOutput struct {
	Consumers []Consumer
	// NextToken is set when more consumers follow.
	NextToken string
}

// consumer is a registered consumer. Its fields are guarded by its stream's lock (dataStream.mu).
type consumer struct {
	s       *dataStream
	name    string
	arn     string
	created time.Time
	state   status.Machine
	tags    tagSet
	policy  string           // the resource policy, "" for none (policy.go)
	subs    map[int]*subSlot // the last successful SubscribeToShard of each shard, by shard index (fanout.go)
	removed bool
}

// consumerRegistry is a stream's consumers. byName and creating are guarded by the stream's lock; calls by callsMu,
// which only guards making the limiters (a rate.Limiter is safe for concurrent use).
type consumerRegistry struct {
	byName   map[string]*consumer
	creating status.Limit // consumers in CREATING

	callsMu sync.Mutex
	calls   [numConsumerOps]*rate.Limiter // per-stream rate limits, made on first use
}

// consumerOp numbers the consumer operations' rate limits.
type consumerOp int

const (
	opRegister consumerOp = iota
	opDeregister
	opDescribe
	opList
	numConsumerOps
)

var consumerOpLimits = [numConsumerOps]struct {
	name      string
	perSecond int
}{
	opRegister:   {"RegisterStreamConsumer", RegisterStreamConsumerPerSecond},
	opDeregister: {"DeregisterStreamConsumer", DeregisterStreamConsumerPerSecond},
	opDescribe:   {"DescribeStreamConsumer", DescribeStreamConsumerPerSecond},
	opList:       {"ListStreamConsumers", ListStreamConsumersPerSecond},
}

// allowConsumerCall takes a call of op from the stream's rate limit, or returns the LimitExceeded error. It does
// nothing while the stream does not throttle. s.mu must not be held (it takes it to read the throttling switch);
// callsMu is a leaf lock.
func (s *dataStream) allowConsumerCall(op consumerOp, now time.Time) error {
	s.mu.RLock()
	on := s.throttling
	s.mu.RUnlock()
	if !on {
		return nil
	}
	r := &s.efo
	lim := consumerOpLimits[op]
	r.callsMu.Lock()
	l := r.calls[op]
	if l == nil {
		l = rate.NewLimiter(rate.Limit(lim.perSecond), lim.perSecond)
		r.calls[op] = l
	}
	r.callsMu.Unlock()
	if !l.AllowN(now, 1) {
		return apierr.LimitExceeded.New("Rate exceeded for %s on stream %s under account %s.", lim.name, s.name, s.e.cfg.Account.ID)
	}
	return nil
}

// consumerARNPattern is the API model's pattern of shapes.ConsumerARN.
const consumerARNPattern = `^(arn):aws.*:kinesis:.*:\d{12}:.*stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:[0-9]+`

// streamARNPattern is the API model's pattern of shapes.StreamARN.
const streamARNPattern = `arn:aws.*:kinesis:.*:\d{12}:stream/\S+`

var (
	consumerARNShape = regexp.MustCompile(`\A(?:` + consumerARNPattern + `)`)
	streamARNShape   = regexp.MustCompile(`\A(?:` + streamARNPattern + `)\z`)
)

// arnMember checks an ARN member's length (1–2048) and pattern; required says whether it must be present.
func arnMember(v *validate.Violations, path, s, pattern string, shape *regexp.Regexp, required bool) {
	if s == "" {
		if required {
			v.Required(path, s)
		}
		return
	}
	if len(s) > MaxResourceARNLength {
		v.Add(validate.Quote(s), path, validate.LengthAtMost+strconv.Itoa(MaxResourceARNLength))
		return
	}
	if !shape.MatchString(s) {
		v.Add(validate.Quote(s), path, validate.PatternPrefix+pattern)
	}
}

// consumerName checks a consumer name, required or not.
func consumerName(v *validate.Violations, name string, required bool) {
	if name == "" && !required {
		return
	}
	if v.Required("consumerName", name) {
		v.Name("consumerName", name, MaxConsumerNameLength)
	}
}

// checkConsumerRef checks the shape of a ConsumerRef.
func checkConsumerRef(in ConsumerRef) error {
	var v validate.Violations
	arnMember(&v, "streamARN", in.StreamARN, streamARNPattern, streamARNShape, false)
	consumerName(&v, in.ConsumerName, false)
	arnMember(&v, "consumerARN", in.ConsumerARN, consumerARNPattern, consumerARNShape, false)
	return v.Err()
}

// The messages of consumer errors. AWS's wording where it was observed (issue threads quoting AWS's answers, each
// cited); kinesim's, in AWS's style, where it was not.

// consumerNotFoundIn is the ResourceNotFound error for a consumer name that a stream does not have.
func (e *Engine) consumerNotFoundIn(stream, name string) error {
	return apierr.ResourceNotFound.New("Consumer %s under stream %s under account %s not found.", name, stream, e.cfg.Account.ID)
}

// consumerNotActive is AWS's ResourceInUse error for a consumer that is CREATING or DELETING (seen from
// PutResourcePolicy, aws-cloudformation/cloudformation-coverage-roadmap#2442, and in another spacing from
// SubscribeToShard, awslabs/kinesis-hot-shard-advisor#37). c's stream's lock must be held.
func (c *consumer) notActive() error {
	return apierr.ResourceInUse.New("Consumer %s with creation timestamp %d under stream %s and account %s is not in ACTIVE status.",
		c.name, c.created.Unix(), c.s.name, c.s.e.cfg.Account.ID)
}

// status returns the consumer's state. Its stream's lock must be held.
func (c *consumer) status() ConsumerStatus { return ConsumerStatus(c.state.Status()) }

// view returns the consumer as the API shows it. Its stream's lock must be held.
func (c *consumer) view() Consumer {
	return Consumer{ConsumerName: c.name, ConsumerARN: c.arn, ConsumerStatus: c.status(), ConsumerCreationTimestamp: c.created}
}

// RegisterStreamConsumer registers a consumer with a stream, for enhanced fan-out reads ([Engine.SubscribeToShard]).
// The consumer is CREATING for the engine's create delay (see [WithStatusDelays]), then ACTIVE; with no delay it is
// ACTIVE when the call returns. Its ARN carries its creation time in seconds, so a consumer registered again under
// the same name gets another ARN. The Tags are the consumer's from the start.
//
// A stream has at most 20 consumers, at most 5 of them CREATING at once; while the stream throttles, the call
// takes 5 calls per second per stream.
//
// Errors: Validation (a missing or malformed StreamARN or ConsumerName, the tags' shape), InvalidArgument (an ARN
// that is not a stream's; the tags' characters or count), ResourceNotFound (no such stream, or CREATING),
// ResourceInUse (the name is registered; the stream is not ACTIVE), LimitExceeded (20 consumers, 5 CREATING, the
// rate).
func (e *Engine) RegisterStreamConsumer(ctx context.Context, in RegisterStreamConsumerInput) (Consumer, error) {
	if _, err := begin(e, ctx, OpRegisterStreamConsumer, &in); err != nil {
		return Consumer{}, err
	}
	var v validate.Violations
	arnMember(&v, "streamARN", in.StreamARN, streamARNPattern, streamARNShape, true)
	consumerName(&v, in.ConsumerName, true)
	if len(in.Tags) > 0 {
		tagShape(&v, "tags", slices.Sorted(maps.Keys(in.Tags)), in.Tags)
	}
	if err := v.Err(); err != nil {
		return Consumer{}, err
	}
	s, err := e.resolve(StreamRef{StreamARN: in.StreamARN}, true)
	if err != nil {
		return Consumer{}, err
	}
	tags, err := e.tagged(tagTarget{kind: "consumer", name: in.ConsumerName}, nil, in.Tags)
	if err != nil {
		return Consumer{}, err
	}
	now := e.clk.Now()
	if err := s.allowConsumerCall(opRegister, now); err != nil {
		return Consumer{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &s.efo
	if r.byName == nil {
		r.byName = make(map[string]*consumer)
		r.creating.Max = MaxCreatingConsumers
	}
	switch {
	case s.removed:
		return Consumer{}, e.streamNotFound(s.name)
	case !s.state.Is(status.Active):
		return Consumer{}, e.notActive(s.name, s.streamStatus())
	case r.byName[in.ConsumerName] != nil:
		return Consumer{}, apierr.ResourceInUse.New("Consumer %s under stream %s already exists for account %s.", in.ConsumerName, s.name, e.cfg.Account.ID)
	case len(r.byName) >= MaxConsumersPerStream:
		return Consumer{}, apierr.LimitExceeded.New("Stream %s under account %s has reached the limit of %d registered consumers.", s.name, e.cfg.Account.ID, MaxConsumersPerStream)
	}
	c := &consumer{s: s, name: in.ConsumerName, created: now, tags: tags}
	c.arn = e.cfg.Account.ConsumerARN(s.name, c.name, now)
	if delay := e.cfg.createDelay; delay > 0 {
		if !c.state.CanBegin(&r.creating) {
			return Consumer{}, apierr.LimitExceeded.New("Stream %s under account %s already has %d consumers in CREATING status. Limit: %d.", s.name, e.cfg.Account.ID, r.creating.Used(), MaxCreatingConsumers)
		}
		c.state.Begin(status.Creating, &r.creating, lifecycle.AfterFunc(e.life, delay, c, (*consumer).finishCreate))
	} else {
		c.state.Set(status.Active)
	}
	r.byName[c.name] = c
	return c.view(), nil
}

// finishCreate ends the CREATING delay (a timer callback).
func (c *consumer) finishCreate() {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if c.state.Is(status.Creating) && !c.removed {
		c.state.Finish(status.Active)
	}
}

// finishDelete ends the DELETING delay (a timer callback).
func (c *consumer) finishDelete() {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.s.dropConsumer(c)
}

// dropConsumer removes c from its stream and ends its subscriptions with ResourceNotFound. s.mu must be held for
// writing.
func (s *dataStream) dropConsumer(c *consumer) {
	if c.removed {
		return
	}
	c.removed = true
	c.state.Set(status.Deleting)
	if s.efo.byName[c.name] == c {
		delete(s.efo.byName, c.name)
	}
	c.endSubscriptions()
}

// dropConsumers removes every consumer of s (the stream is deleted). s.mu must be held for writing.
func (s *dataStream) dropConsumers() {
	for _, c := range s.efo.byName {
		s.dropConsumer(c)
	}
}

// consumerCount returns the number of registered consumers, DELETING ones included. s.mu must be held.
func (s *dataStream) consumerCount() int { return len(s.efo.byName) }

// findConsumer resolves a ConsumerRef (already checked by checkConsumerRef) to its stream and consumer. With a
// ConsumerARN, the ARN must be the consumer's exactly (an older incarnation's ARN names no consumer).
func (e *Engine) findConsumer(in ConsumerRef) (*dataStream, *consumer, error) {
	sref := StreamRef{StreamARN: in.StreamARN}
	name := in.ConsumerName
	if in.ConsumerARN != "" {
		a, err := arn.ParseConsumerARN(in.ConsumerARN)
		if err != nil {
			return nil, nil, apierr.InvalidArgument.New("Invalid ConsumerARN %s.", in.ConsumerARN)
		}
		if !e.cfg.Account.Owns(a.ARN) {
			return nil, nil, e.consumerNotFound(in.ConsumerARN)
		}
		if in.StreamARN != "" && in.StreamARN != a.StreamARN() || name != "" && name != a.Name {
			return nil, nil, apierr.InvalidArgument.New("ConsumerARN %s does not refer to the consumer named by StreamARN and ConsumerName.", in.ConsumerARN)
		}
		sref, name = StreamRef{StreamName: a.StreamName}, a.Name
	} else if in.StreamARN == "" || name == "" {
		return nil, nil, apierr.InvalidArgument.New("Either ConsumerARN or both StreamARN and ConsumerName must be provided.")
	}
	s, err := e.resolve(sref, false)
	if err != nil {
		if in.ConsumerARN != "" && errors.Is(err, apierr.ResourceNotFound) {
			return nil, nil, e.consumerNotFound(in.ConsumerARN)
		}
		return nil, nil, err
	}
	s.mu.RLock()
	c := s.efo.byName[name]
	s.mu.RUnlock()
	switch {
	case c == nil && in.ConsumerARN != "":
		return nil, nil, e.consumerNotFound(in.ConsumerARN)
	case c == nil:
		return nil, nil, e.consumerNotFoundIn(s.name, name)
	case in.ConsumerARN != "" && c.arn != in.ConsumerARN:
		return nil, nil, e.consumerNotFound(in.ConsumerARN)
	}
	return s, c, nil
}

// DescribeStreamConsumer describes a registered consumer, named by its ARN or by its stream's ARN and its name.
// While the stream throttles it takes 20 calls per second per stream.
//
// Errors: Validation (a malformed ARN or name), InvalidArgument (neither the ARN nor both the stream ARN and the
// name; an ARN and a name that disagree), ResourceNotFound (no such stream or consumer), LimitExceeded (the rate).
func (e *Engine) DescribeStreamConsumer(ctx context.Context, in ConsumerRef) (ConsumerDescription, error) {
	if _, err := begin(e, ctx, OpDescribeStreamConsumer, &in); err != nil {
		return ConsumerDescription{}, err
	}
	if err := checkConsumerRef(in); err != nil {
		return ConsumerDescription{}, err
	}
	s, c, err := e.findConsumer(in)
	if err != nil {
		return ConsumerDescription{}, err
	}
	if err := s.allowConsumerCall(opDescribe, e.clk.Now()); err != nil {
		return ConsumerDescription{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if c.removed {
		return ConsumerDescription{}, e.consumerNotFoundIn(s.name, c.name)
	}
	return ConsumerDescription{
		ConsumerName: c.name, ConsumerARN: c.arn, ConsumerStatus: c.status(), ConsumerCreationTimestamp: c.created,
		StreamARN: s.arn,
	}, nil
}

// DeregisterStreamConsumer deregisters a consumer: it is DELETING for the engine's delete delay, then gone; with
// no delay it is gone when the call returns. Its subscriptions end at once with a ResourceNotFound error ("a
// consumer can't read data while in the CREATING or DELETING states"). While the stream throttles it takes 5 calls
// per second per stream.
//
// Errors: as [Engine.DescribeStreamConsumer]; deregistering a DELETING consumer again succeeds and changes
// nothing.
func (e *Engine) DeregisterStreamConsumer(ctx context.Context, in ConsumerRef) error {
	if _, err := begin(e, ctx, OpDeregisterStreamConsumer, &in); err != nil {
		return err
	}
	if err := checkConsumerRef(in); err != nil {
		return err
	}
	s, c, err := e.findConsumer(in)
	if err != nil {
		return err
	}
	if err := s.allowConsumerCall(opDeregister, e.clk.Now()); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case c.removed:
		return e.consumerNotFoundIn(s.name, c.name)
	case c.state.Is(status.Deleting):
		return nil
	}
	d := e.cfg.deleteDelay
	if d == 0 {
		s.dropConsumer(c)
		return nil
	}
	c.state.Begin(status.Deleting, nil, lifecycle.AfterFunc(e.life, d, c, (*consumer).finishDelete))
	c.endSubscriptions()
	return nil
}

// ListStreamConsumers lists a stream's consumers in name order, at most MaxResults (at most 100) at a time, with
// a NextToken when more follow. While the stream throttles it takes 5 calls per second per stream.
//
// Errors: Validation (a missing or malformed StreamARN, MaxResults outside 1–10000), InvalidArgument (NextToken
// with StreamCreationTimestamp, a malformed token or one of another stream), ExpiredNextToken (older than 300
// seconds), ResourceNotFound (no such stream, or one created at another time than StreamCreationTimestamp),
// LimitExceeded (the rate).
func (e *Engine) ListStreamConsumers(ctx context.Context, in ListStreamConsumersInput) (ListStreamConsumersOutput, error) {
	if _, err := begin(e, ctx, OpListStreamConsumers, &in); err != nil {
		return ListStreamConsumersOutput{}, err
	}
	var v validate.Violations
	arnMember(&v, "streamARN", in.StreamARN, streamARNPattern, streamARNShape, true)
	v.PageSize("maxResults", in.MaxResults, MaxListPageSize)
	if err := v.Err(); err != nil {
		return ListStreamConsumersOutput{}, err
	}
	now := e.clk.Now()
	var after string
	var epoch uint32
	if in.NextToken != "" {
		if !in.StreamCreationTimestamp.IsZero() {
			return ListStreamConsumersOutput{}, apierr.InvalidArgument.New("NextToken and StreamCreationTimestamp cannot be provided together.")
		}
		var err error
		if epoch, after, err = e.decodeConsumerToken(in.NextToken, now); err != nil {
			return ListStreamConsumersOutput{}, err
		}
	}
	s, err := e.resolve(StreamRef{StreamARN: in.StreamARN}, false)
	if err != nil {
		return ListStreamConsumersOutput{}, err
	}
	if ts := in.StreamCreationTimestamp; !ts.IsZero() && !ts.Equal(s.created) {
		return ListStreamConsumersOutput{}, e.streamNotFound(s.name)
	}
	if in.NextToken != "" && epoch != s.epoch {
		return ListStreamConsumersOutput{}, invalidNextToken()
	}
	if err := s.allowConsumerCall(opList, now); err != nil {
		return ListStreamConsumersOutput{}, err
	}
	limit := in.MaxResults
	if limit == 0 || limit > MaxListStreamConsumersResults {
		limit = MaxListStreamConsumersResults
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	names := slices.Sorted(maps.Keys(s.efo.byName))
	if after != "" {
		i, found := slices.BinarySearch(names, after)
		if found {
			i++
		}
		names = names[i:]
	}
	out := ListStreamConsumersOutput{Consumers: []Consumer{}}
	for i, name := range names {
		if i == limit {
			out.NextToken = e.encodeConsumerToken(now, s.epoch, out.Consumers[i-1].ConsumerName)
			break
		}
		out.Consumers = append(out.Consumers, s.efo.byName[name].view())
	}
	return out, nil
}

// kindConsumerList is the token kind of ListStreamConsumers' NextToken (package token; see token.go for the others).
const kindConsumerList = 'C'

// encodeConsumerToken makes a ListStreamConsumers NextToken: the stream incarnation and the last name listed.
func (e *Engine) encodeConsumerToken(now time.Time, epoch uint32, after string) string {
	w := e.tokens.New(kindConsumerList)
	w.Time(now)
	w.U32(epoch)
	w.Str(after)
	return e.tokens.Seal(w)
}

func (e *Engine) decodeConsumerToken(tok string, now time.Time) (uint32, string, error) {
	var buf [token.MaxBody]byte
	r, ok := e.tokens.Open(tok, kindConsumerList, &buf)
	if !ok {
		return 0, "", invalidNextToken()
	}
	created, epoch, after := r.Time(), r.U32(), r.Str()
	if !r.Done() {
		return 0, "", invalidNextToken()
	}
	if now.Sub(created) > NextTokenLifetime {
		return 0, "", expiredNextToken()
	}
	return epoch, after, nil
}
