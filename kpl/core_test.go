package kpl

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// The pure core against a model of a stream whose entries fail at random (throttled, internal failures, whole
// calls refused): every user record gets exactly one result; a record with a successful result is stored exactly
// once, on the shard whose range holds it, with the sequence and sub-sequence numbers its result gives; the stored
// records of each key are in the order they were added; the buffered/in-flight metrics return to zero; a request
// never exceeds the collection limits nor carries two records of one shard. Sources: as the package documentation
// (DevGuide kinesis-producer-adv-retries-rate-limiting; KPL default_config.properties).
func FuzzCoreKeepsEveryRecordOnceAndInOrder(f *testing.F) {
	for seed := range uint64(6) {
		f.Add(seed, uint16(300), uint8(30))
	}
	f.Fuzz(func(t *testing.T, seed uint64, count uint16, failPercent uint8) {
		rng := rand.New(rand.NewPCG(seed, 2))
		cfg := defaultConfig()
		cfg.collMaxCount = 1 + rng.IntN(4)
		cfg.aggMaxSize = 200 + rng.IntN(2000)
		cfg.aggregate = rng.IntN(4) > 0
		cfg.rateLimit = noRateLimit
		if rng.IntN(2) == 0 {
			cfg.rateLimit = 1 + rng.IntN(200)
		}
		c := newCore(&cfg, stream.StreamRef{StreamName: "s"})
		now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		nShards := 1 + rng.IntN(4)
		var shards []stream.Shard
		for i, r := range record.SplitEvenly(nShards) {
			shards = append(shards, stream.Shard{ShardId: record.ShardID(i), HashKeyRange: r})
		}
		c.setMap(now, shards)
		n := int(count % 2000)
		entries := make([]*entry, n)
		stored := map[string][]int{} // per key, the indexes stored, in order
		seq := make([]uint64, nShards)
		added, results := 0, 0
		for step := 0; step < 100000 && results < n; step++ {
			for added < n && rng.IntN(3) > 0 {
				r := UserRecord{PartitionKey: "k" + strconv.Itoa(rng.IntN(20)), Data: []byte(strconv.Itoa(added))}
				hk, size, err := check(&r)
				if err != nil {
					t.Fatal(err)
				}
				e := &entry{rec: r, hk: hk, size: size}
				e.pending.done = make(chan struct{})
				e.p = &e.pending
				entries[added] = e
				c.add(now, e)
				added++
			}
			req, wake := c.next(now)
			for _, d := range c.takeDone() {
				d.p.complete(d.r)
				results++
			}
			if req == nil {
				if wake.IsZero() {
					if added < n {
						continue
					}
					if c.outstanding > 0 {
						t.Fatalf("%d records outstanding and nothing to wait for", c.outstanding)
					}
					break
				}
				now = wake
				continue
			}
			if len(req.parts) > cfg.collMaxCount {
				t.Fatalf("a request of %d entries, limit %d", len(req.parts), cfg.collMaxCount)
			}
			var out stream.PutRecordsOutput
			var callErr error
			if rng.IntN(100) < int(failPercent)/4 {
				callErr = apierr.InternalFailure.With("refused")
			} else {
				inReq := map[string]bool{}
				for _, pt := range req.parts {
					if inReq[pt.q.id] {
						t.Fatalf("two records of %s in one request", pt.q.id)
					}
					inReq[pt.q.id] = true
				}
				for i, in := range req.input.Records {
					pt := req.parts[i]
					var res stream.PutRecordsResultEntry
					switch k := rng.IntN(100); {
					case k < int(failPercent)/2:
						res.ErrorCode = apierr.ProvisionedThroughputExceeded.Code
					case k < int(failPercent):
						res.ErrorCode = apierr.PutRecordsEntryInternalFailure
					default:
						idx, _ := record.ParseShardID(pt.q.id)
						res.ShardId = pt.q.id
						res.SequenceNumber = record.NewSequenceNumber(1, uint32(idx), seq[idx])
						seq[idx]++
						users, err := agg.Deaggregate(record.Record{Data: in.Data, PartitionKey: in.PartitionKey, ExplicitHashKey: in.ExplicitHashKey})
						if err != nil || len(users) != len(pt.users) {
							t.Fatalf("entry of %d user records deaggregates to %d (%v)", len(pt.users), len(users), err)
						}
						for j, u := range users {
							i, _ := strconv.Atoi(string(u.Data))
							if !pt.q.rng.Contains(entries[i].hk) {
								t.Fatalf("record %d put on %s, outside its range", i, pt.q.id)
							}
							if len(users) > 1 && u.SubSequenceNumber != uint64(j) {
								t.Fatalf("sub-sequence %d at %d", u.SubSequenceNumber, j)
							}
							stored[u.PartitionKey] = append(stored[u.PartitionKey], i)
						}
					}
					out.Records = append(out.Records, res)
				}
			}
			c.complete(now, req, out, callErr)
			for _, d := range c.takeDone() {
				d.p.complete(d.r)
				results++
			}
			now = now.Add(time.Duration(rng.IntN(50)) * time.Millisecond)
		}
		if results != n {
			t.Fatalf("%d results for %d records", results, n)
		}
		put := 0
		for key, idx := range stored {
			for j := 1; j < len(idx); j++ {
				if idx[j] <= idx[j-1] {
					t.Fatalf("key %s: record %d stored after %d", key, idx[j], idx[j-1])
				}
			}
			put += len(idx)
		}
		ok := 0
		for _, e := range entries {
			select {
			case <-e.p.done:
			default:
				t.Fatal("a record without a result")
			}
			if e.p.res.Err == nil {
				ok++
			}
		}
		if ok != put {
			t.Fatalf("%d records reported put, %d stored", ok, put)
		}
		if m := c.m; m.Buffered != 0 || m.InFlight != 0 || m.BufferedBytes != 0 || c.outstanding != 0 {
			t.Fatalf("metrics after all results: %+v, outstanding %d", m, c.outstanding)
		}
	})
}
