package stream

import (
	"sync"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/quota"
)

// Dry runs. PutRecord, PutRecords, GetRecords, GetShardIterator and SubscribeToShard take a DryRun member, as
// AWS's do. "When you set DryRun to true, Kinesis Data Streams validates that you have the required IAM
// permissions to access your stream, checks your request parameters, and confirms that the target resource
// exists. It performs these checks without running the operation or reading or writing any data. If all checks
// pass, the API returns HTTP 400 with a DryRunOperationException"; if one fails, "the same error that the actual
// operation would return" (Kinesis Data Streams Developer Guide, "Test your permissions and request inputs with
// dry run"). So each of the five runs every check of its real call, in the same order, and where the real call
// would start to act — write, spend an iterator call or a read, open a subscription — it asks [dataStream.dryRun]
// instead, the one place of the rule.

// DryRunCallsPerStream is the dry-run rate of a stream: "Requests with DryRun enabled are subject to a dedicated
// limit of 1 transaction per second (TPS) per stream, separate from the stream's normal per-shard throughput
// limits. This limit is shared across all supported dry run APIs ... on the same stream" (the dry-run page).
const DryRunCallsPerStream = 1

// dryRunLimit is a stream's dry-run quota: at most DryRunCallsPerStream answered dry runs in any second. Its
// fields are guarded by mu, which comes last in the lock order (it may be taken with dataStream.mu and a shard's
// lock held; nothing is taken while it is held).
type dryRunLimit struct {
	mu    sync.Mutex
	calls quota.Rolling // made on first use
}

// dryRun answers a dry run of s that passed every check of its real call: DryRunOperation, or, while the stream
// throttles ([Engine.SetThrottling]) and a dry run of it was answered less than a second ago, Throttling. A dry
// run counts against the limit only when it is answered so (a dry run refused for its input, or throttled,
// changes nothing; AWS does not say whether those count). It writes, reads and meters nothing: the dry-run page
// says no data is read or written, and the shard-level metrics count data. s.mu must be held, for reading at
// least.
func (s *dataStream) dryRun(now time.Time) error {
	if s.removed {
		return s.e.streamNotFound(s.name)
	}
	if s.throttling {
		l := &s.dryRuns
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.calls.Max == 0 {
			l.calls = quota.Rolling{Max: DryRunCallsPerStream, Window: time.Second}
		}
		if l.calls.Full(now) {
			// kinesim's wording: AWS documents the exception, not its message.
			return apierr.Throttling.New("Rate exceeded for dry-run requests on stream %s under account %s.", s.name, s.e.cfg.Account.ID)
		}
		l.calls.Take(now)
	}
	return apierr.DryRunOperation.With(apierr.DryRunOperation.Message)
}

// answerDryRun is [dataStream.dryRun] for a caller that holds none of s's locks.
func (s *dataStream) answerDryRun(now time.Time) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.dryRun(now)
}
