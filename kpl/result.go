package kpl

import (
	"context"

	"github.com/kinesim/kinesim/record"
)

// UserRecord is one record a producer puts: what the KPL's addUserRecord takes. It is a plain value.
type UserRecord struct {
	// PartitionKey routes the record (MD5 of its UTF-8 bytes) unless ExplicitHashKey is set; 1 to 256 characters.
	PartitionKey string
	// ExplicitHashKey, when not empty, is the decimal hash key (0 … 2^128−1) that routes the record instead.
	ExplicitHashKey string
	// Data is the payload. The producer keeps a reference until the record's result is out: do not change it
	// meanwhile.
	Data []byte
}

// Result is the outcome of one user record, the KPL's UserRecordResult. It is a plain value.
type Result struct {
	// SequenceNumber is that of the Kinesis record that carried the user record (zero when Err is set): a kinesim
	// number through the engine, AWS's own exact text (a foreign number, see record.ParseAnySequenceNumber)
	// through awssdk.StreamClient against AWS.
	SequenceNumber record.SequenceNumber
	// SubSequenceNumber is the user record's index in its aggregate, 0, 1, 2, … as the KCL numbers user records;
	// 0 for a record that went out on its own.
	SubSequenceNumber uint64
	// Aggregated reports whether the user record went out inside an aggregate of two or more.
	Aggregated bool
	// ShardId is the shard that stored it.
	ShardId string
	// Attempts is the number of PutRecords calls that carried the record, this last one included.
	Attempts int
	// Err is nil when the record was put; else [ErrExpired] (wrapping the last attempt's error), or the AWS
	// exception that failed it (an apierr value), or [ErrInvalidRecord].
	Err error
}

// Pending is the future of one user record's [Result], returned by [Producer.Put].
//
// A Pending is safe for concurrent use; its result is set once.
type Pending struct {
	done chan struct{}
	res  Result
}

func (p *Pending) complete(r Result) {
	p.res = r
	close(p.done)
}

// Done returns a channel that the producer closes once the result is known.
func (p *Pending) Done() <-chan struct{} { return p.done }

// Result returns the result and true once it is known, or false while the record is still buffered or in
// flight.
func (p *Pending) Result() (Result, bool) {
	select {
	case <-p.done:
		return p.res, true
	default:
		return Result{}, false
	}
}

// Wait blocks until the result is known and returns it, or until ctx is done and returns ctx's error. A nil ctx
// returns [ErrNilContext].
func (p *Pending) Wait(ctx context.Context) (Result, error) {
	if ctx == nil {
		return Result{}, ErrNilContext
	}
	select {
	case <-p.done:
		return p.res, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}
