package stream

import (
	"errors"
	"time"

	"github.com/kinesim/kinesim/apierr"
)

var (
	// ErrClosed is returned by every call on an [Engine] after [Engine.Close], and ends blocking reads.
	ErrClosed = errors.New("stream: engine closed")
	// ErrNilContext is returned by a call given a nil context.Context (pass context.Background() or a test's
	// t.Context()); the call changes nothing.
	ErrNilContext = errors.New("stream: nil context.Context")
)

// The messages of resource errors, as AWS words them.

func (e *Engine) streamNotFound(name string) error {
	return apierr.ResourceNotFound.New("Stream %s under account %s not found.", name, e.cfg.Account.ID)
}

func (e *Engine) shardNotFound(shardID, stream string) error {
	return apierr.ResourceNotFound.New("Shard %s in stream %s under account %s does not exist", shardID, stream, e.cfg.Account.ID)
}

func (e *Engine) notActive(name string, status StreamStatus) error {
	return apierr.ResourceInUse.New("Stream %s under account %s not ACTIVE, instead in state %s", name, e.cfg.Account.ID, status)
}

func (e *Engine) tooManyTransitions() error {
	return apierr.LimitExceeded.New("This request would have exceed the limit on the number of streams that can simultaneously be in CREATING or DELETING. Limit: %d", e.cfg.maxTransitions)
}

func (e *Engine) shardLimitExceeded(n int) error {
	return apierr.LimitExceeded.New("This request would exceed the shard limit for the account %s in %s. Current shard count for the account: %d. Limit: %d. Number of additional shards that would have resulted from this request: %d. Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.",
		e.cfg.Account.ID, e.cfg.Account.Region, e.shards, e.cfg.shardLimit, n)
}

func throttledMessage(shardID, stream, account string) string {
	return "Rate exceeded for shard " + shardID + " in stream " + stream + " under account " + account + "."
}

// javaDate formats t as Java's Date.toString does in UTC, the form AWS's iterator-expiry message uses.
func javaDate(t time.Time) string { return t.UTC().Format("Mon Jan 02 15:04:05 UTC 2006") }
