package firehose

import (
	"context"
	"errors"
	"iter"
	"regexp"
	"slices"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/firehose/convert"
	"github.com/kinesim/kinesim/firehose/process"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
)

// StreamReader reads Kinesis data streams for KinesisStreamAsSource delivery streams. Firehose declares it so
// that it imports no other service; package kinesim satisfies it with the account's Data Streams engine
// (stream.Engine.Follow: every shard, across reshards, parents first).
//
// Follow returns the records of the stream streamARN that arrived at or after from, waiting for new ones until
// ctx is done; it ends with an error when the stream is deleted or its engine closes. Implementations must be
// safe for concurrent use.
type StreamReader interface {
	Follow(ctx context.Context, streamARN string, from time.Time) iter.Seq2[record.Record, error]
}

// errNotDirectPut is AWS's refusal of PutRecord and PutRecordBatch on a delivery stream with a Kinesis source.
func errNotDirectPut() error {
	return apierr.InvalidArgument.New("This operation is not permitted on KinesisStreamAsSource delivery stream type.")
}

// The pattern of KinesisStreamARN (API_KinesisStreamSourceConfiguration).
const kinesisStreamARNText = `arn:.*:kinesis:[a-zA-Z0-9\-]+:\d{12}:stream/[a-zA-Z0-9_.-]+`

var kinesisStreamARNPattern = regexp.MustCompile(`^` + kinesisStreamARNText + `$`)

// RegisterFunction makes t the Lambda function arn: a Lambda processor whose LambdaArn is arn invokes it. A
// delivery stream may name a function that is not registered (AWS checks the ARN's form, not the function, when
// the stream is made); its invocations then fail, and after the retries its records are written under the error
// output as processing-failed. Registering again replaces the function for the invocations that follow. t must
// be safe for concurrent use when several delivery streams name it.
func (e *Engine) RegisterFunction(arn string, t process.Transformer) {
	e.regMu.Lock()
	defer e.regMu.Unlock()
	if e.functions == nil {
		e.functions = make(map[string]process.Transformer)
	}
	e.functions[arn] = t
}

// RegisterTable records the columns of the table database.table, which stands for a Glue Data Catalog table: a
// DataFormatConversionConfiguration's SchemaConfiguration names it by DatabaseName and TableName. The columns are
// read when a delivery stream is created or updated.
func (e *Engine) RegisterTable(database, table string, columns []convert.Column) {
	e.regMu.Lock()
	defer e.regMu.Unlock()
	if e.tables == nil {
		e.tables = make(map[string][]convert.Column)
	}
	e.tables[database+"\x00"+table] = slices.Clone(columns)
}

func (e *Engine) table(database, table string) ([]convert.Column, bool) {
	e.regMu.RLock()
	defer e.regMu.RUnlock()
	cols, ok := e.tables[database+"\x00"+table]
	return cols, ok
}

// function returns the transformer registered as arn, or one whose every invocation fails.
func (e *Engine) function(arn string) process.Transformer {
	e.regMu.RLock()
	t := e.functions[arn]
	e.regMu.RUnlock()
	if t != nil {
		return t
	}
	return process.TransformerFunc(func(context.Context, *process.Request) ([]process.Response, error) {
		return nil, errors.New("Function not found: " + arn)
	})
}

// checkSource validates a Kinesis source.
func (e *Engine) checkSource(c *KinesisStreamSourceConfiguration) error {
	if c == nil {
		return apierr.InvalidArgument.New("KinesisStreamSourceConfiguration is required when DeliveryStreamType is KinesisStreamAsSource.")
	}
	var v validate.Violations
	const path = "kinesisStreamSourceConfiguration."
	if v.Required(path+"kinesisStreamARN", c.KinesisStreamARN) {
		v.Length(path+"kinesisStreamARN", c.KinesisStreamARN, len(c.KinesisStreamARN), 1, 512)
		if !kinesisStreamARNPattern.MatchString(c.KinesisStreamARN) {
			v.Add(validate.Quote(c.KinesisStreamARN), path+"kinesisStreamARN", validate.PatternPrefix+kinesisStreamARNText)
		}
	}
	if v.Required(path+"roleARN", c.RoleARN) {
		v.Length(path+"roleARN", c.RoleARN, len(c.RoleARN), 1, 512)
		if !roleARNPattern.MatchString(c.RoleARN) {
			v.Add(validate.Quote(c.RoleARN), path+"roleARN", validate.PatternPrefix+roleARNText)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if e.cfg.reader == nil {
		return apierr.InvalidArgument.New("This Firehose engine has no Kinesis Data Streams to read (firehose.WithStreamReader; kinesim.New wires the account's).")
	}
	return nil
}

// startReading starts the goroutine that reads the source stream into the delivery stream, from the stream's
// creation on (Firehose reads a Kinesis source from LATEST: developer guide, "Read from Kinesis Data Streams";
// kinesim takes the records that arrived from the delivery stream's creation, so that a record put right after
// CreateDeliveryStream is not missed by a reader that starts a moment later). It reports false when the engine
// is closed.
func (s *deliveryStream) startReading() bool {
	ctx, cancel := context.WithCancel(context.Background())
	s.stopRead, s.readDone = cancel, make(chan struct{})
	ok := s.e.life.Go(func() {
		defer close(s.readDone)
		for rec, err := range s.e.cfg.reader.Follow(ctx, s.sourceARN, s.sourceStart) {
			if err != nil {
				return
			}
			if s.nfollow.Load() > 0 && s.waitRoom(ctx) != nil {
				return
			}
			now := s.e.clk.Now()
			s.mu.Lock()
			if s.closed {
				s.mu.Unlock()
				return
			}
			m := recMeta{kin: &process.KinesisRecordMetadata{ShardId: rec.ShardId, PartitionKey: rec.PartitionKey,
				SequenceNumber: rec.SequenceNumber.String(), ApproximateArrivalTimestamp: rec.ApproximateArrivalTimestamp}}
			s.pipeAddLocked(now, rec.ApproximateArrivalTimestamp, rec.Data, m)
			if len(s.followers) > 0 {
				s.feedLocked(rec.ApproximateArrivalTimestamp, rec.Data, m)
			}
			s.endPutLocked(now)
			s.m.incoming(now, 1, len(rec.Data), 0)
			s.arrivedLocked()
			s.mu.Unlock()
		}
	})
	if !ok {
		cancel()
		close(s.readDone)
	}
	return ok
}

// WaitIncoming waits until the delivery stream has taken n records in all (its IncomingRecords metric), or ctx is
// done: with a Kinesis source, the records a test put into the data stream have then been read (a kinesim
// extension; the reading goroutine is asynchronous).
//
// Errors: ResourceNotFoundException; [ErrClosed]; ctx's error.
func (e *Engine) WaitIncoming(ctx context.Context, name string, n int64) error {
	if ctx == nil {
		return ErrNilContext
	}
	s, err := e.lookup(name)
	if err != nil {
		return err
	}
	return s.waitUntil(ctx, func() bool {
		s.m.mu.Lock()
		defer s.m.mu.Unlock()
		return s.m.total.IncomingRecords >= n
	})
}
