package heat_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/json"
	"flag"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/heat"
	"github.com/kinesim/kinesim/keys"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

func run(t *testing.T, cfg heat.Config) *heat.Report {
	t.Helper()
	rep, err := heat.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// md5Router routes keys over n even shards (as AWS lays out a new stream) without kinesim: MD5 read as a
// big-endian integer, divided by floor(2^128/n), the last shard taking the remainder.
type md5Router struct {
	n        int
	width    *big.Int
	h, index *big.Int
}

func newMD5Router(n int) *md5Router {
	width := new(big.Int).Div(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(int64(n)))
	return &md5Router{n: n, width: width, h: new(big.Int), index: new(big.Int)}
}

func (r *md5Router) shard(key string) int {
	sum := md5.Sum([]byte(key))
	r.h.SetBytes(sum[:])
	return min(int(r.index.Div(r.h, r.width).Int64()), r.n-1)
}

func shardOfMD5(key string, n int) int { return newMD5Router(n).shard(key) }

func TestShardAssignmentMatchesMD5(t *testing.T) {
	const records = 100_000
	for _, n := range []int{4, 16} {
		t.Run(strconv.Itoa(n)+"shards", func(t *testing.T) {
			t.Parallel()
			var got []string
			var throttled int
			rep := run(t, heat.Config{
				Keys:             keys.Sequential("order-", 0),
				RecordsPerSecond: 10_000, // above 4 shards' limit: accepted and throttled records are both assigned
				RecordSize:       10,
				Duration:         10 * time.Second,
				Layout:           heat.Provisioned(n),
				OnRecord: func(key, shardID string, th bool) {
					got = append(got, shardID)
					if th {
						throttled++
					}
				},
			})
			if len(got) != records || rep.Records != records {
				t.Fatalf("%d records assigned, report counts %d, want %d", len(got), rep.Records, records)
			}
			if n == 4 && throttled == 0 {
				t.Errorf("no record throttled; the test means to check throttled records' assignment too")
			}
			router := newMD5Router(n)
			perShard := make(map[string]int64)
			for i, id := range got {
				key := "order-" + strconv.Itoa(i)
				if want := record.ShardID(router.shard(key)); id != want {
					t.Fatalf("%s assigned to %s, MD5 routes it to %s", key, id, want)
				}
				perShard[id]++
			}
			for _, sh := range rep.Shards {
				if sh.Records != perShard[sh.ShardId] {
					t.Errorf("%s reports %d records, %d were assigned to it", sh.ShardId, sh.Records, perShard[sh.ShardId])
				}
			}
		})
	}
}

// checkAgainstStream checks every shard's throttled and accepted records against the stream's own metrics.
func checkAgainstStream(t *testing.T, rep *heat.Report) {
	t.Helper()
	var throttled int64
	for _, sh := range rep.Shards {
		m := sh.StreamMetrics
		if sh.ThrottledRecords != m.WriteProvisionedThroughputExceeded {
			t.Errorf("%s: report forecasts %d throttled records, the stream counted %d", sh.ShardId, sh.ThrottledRecords, m.WriteProvisionedThroughputExceeded)
		}
		if accepted := sh.Records - sh.ThrottledRecords; accepted != m.IncomingRecords {
			t.Errorf("%s: report has %d accepted records, the stream counted %d incoming", sh.ShardId, accepted, m.IncomingRecords)
		}
		if sh.ThrottledRecords == 0 && sh.Bytes != m.IncomingBytes {
			t.Errorf("%s: report has %d bytes, the stream counted %d incoming", sh.ShardId, sh.Bytes, m.IncomingBytes)
		}
		throttled += sh.ThrottledRecords
	}
	if throttled != rep.ThrottledRecords {
		t.Errorf("shards throttled %d records in all, the report says %d", throttled, rep.ThrottledRecords)
	}
}

func TestThrottleForecastMatchesStreamCounters(t *testing.T) {
	rep := run(t, heat.Config{
		Keys:             keys.HotKey(1, 0.3, "hot", keys.Uniform(2, 1000)),
		RecordsPerSecond: 4000, // the hot key alone sends 1,200 records/s
		RecordSize:       512,
		Duration:         15 * time.Second,
		Layout:           heat.Provisioned(4),
	})
	if rep.ThrottledRecords == 0 {
		t.Fatal("no record throttled: the run does not test the forecast")
	}
	checkAgainstStream(t, rep)
}

func TestUniformKeysSpreadEvenly(t *testing.T) {
	const n = 8
	rep := run(t, heat.Config{
		Keys:             keys.Uniform(3, 100_000),
		RecordsPerSecond: 4000,
		RecordSize:       100,
		Duration:         10 * time.Second,
		Layout:           heat.Provisioned(n),
	})
	if len(rep.Shards) != n {
		t.Fatalf("%d shards reported, want %d", len(rep.Shards), n)
	}
	if rep.Imbalance < 1 || rep.Imbalance > 1.1 {
		t.Errorf("imbalance %.3f, want 1 … 1.1", rep.Imbalance)
	}
	if rep.ThrottledRecords != 0 || rep.ThrottledSeconds != 0 {
		t.Errorf("throttled %d records in %d s, want none at 500 records/s per shard", rep.ThrottledRecords, rep.ThrottledSeconds)
	}
	for _, sh := range rep.Shards {
		if math.Abs(sh.Share-1.0/n) > 0.01 {
			t.Errorf("%s has %.3f of the records, want %.3f ± 0.01", sh.ShardId, sh.Share, 1.0/n)
		}
		if math.Abs(sh.RecordsPerSecond-500) > 40 {
			t.Errorf("%s: %.0f records/s, want 500 ± 40", sh.ShardId, sh.RecordsPerSecond)
		}
	}
	checkAgainstStream(t, rep)
}

func TestHotKeyThrottlesItsShard(t *testing.T) {
	const hot = "tenant-0"
	rep := run(t, heat.Config{
		Keys:             keys.HotKey(4, 0.5, hot, keys.Uniform(5, 10_000)),
		RecordsPerSecond: 3000, // the hot key: 1,500 records/s, over any one shard's 1,000
		RecordSize:       1024,
		Duration:         10 * time.Second,
		Layout:           heat.Provisioned(4),
	})
	hotShard := record.ShardID(shardOfMD5(hot, 4))
	for _, sh := range rep.Shards {
		if sh.ShardId != hotShard {
			if sh.ThrottledRecords != 0 {
				t.Errorf("%s (not the hot key's) throttled %d records", sh.ShardId, sh.ThrottledRecords)
			}
			continue
		}
		if sh.ThrottledSeconds < 9 || sh.ThrottledRecords < 5000 {
			t.Errorf("%s (the hot key's) throttled %d records in %d s, want ≥ 5,000 in ≥ 9 s", sh.ShardId, sh.ThrottledRecords, sh.ThrottledSeconds)
		}
		if sh.HotKeys[0].Key != hot || math.Abs(sh.HotKeys[0].RecordsPerSecond-1500) > 50 {
			t.Errorf("%s's hottest key is %+v, want %s at about 1,500 records/s", sh.ShardId, sh.HotKeys[0], hot)
		}
		if sh.Utilisation < 1.5 {
			t.Errorf("%s: utilisation %.2f, want above 1.5", sh.ShardId, sh.Utilisation)
		}
	}
	if rep.HotKeys[0].Key != hot || rep.HotKeys[0].MaxOvercount != 0 {
		t.Errorf("the stream's hottest key is %+v, want %s, counted exactly", rep.HotKeys[0], hot)
	}
	if rep.Imbalance < 1.9 {
		t.Errorf("imbalance %.2f, want ≥ 1.9", rep.Imbalance)
	}
	checkAgainstStream(t, rep)
}

func TestOnDemandLayout(t *testing.T) {
	// 2.5 MB/s in big records (few records, a fast test): the stream keeps capacity at twice its peak rate, so it
	// splits its shards within a few virtual minutes.
	rep := run(t, heat.Config{
		Keys:             keys.Uniform(6, 1000),
		RecordsPerSecond: 100,
		RecordSize:       25 << 10,
		Duration:         4 * time.Minute,
		Tick:             time.Second,
		Layout:           heat.OnDemand(),
	})
	if rep.Mode != stream.StreamModeOnDemand || rep.Layout != "on-demand" {
		t.Errorf("mode %s, layout %q", rep.Mode, rep.Layout)
	}
	var closed, children int
	for _, sh := range rep.Shards {
		if sh.OpenUntilSeconds < rep.DurationSeconds {
			closed++
		}
		if sh.ParentShardId != "" {
			children++
			if sh.OpenFromSeconds == 0 {
				t.Errorf("%s is a child of %s but was open from the start", sh.ShardId, sh.ParentShardId)
			}
		}
		if math.Abs(sh.OpenSeconds-(sh.OpenUntilSeconds-sh.OpenFromSeconds)) > 1e-9 {
			t.Errorf("%s: open %v s, from %v to %v", sh.ShardId, sh.OpenSeconds, sh.OpenFromSeconds, sh.OpenUntilSeconds)
		}
	}
	if len(rep.Shards) <= stream.OnDemandInitialShards || closed == 0 || children == 0 {
		t.Fatalf("%d shards, %d closed, %d children: the on-demand stream did not split", len(rep.Shards), closed, children)
	}
	checkAgainstStream(t, rep)
}

func TestExplicitRanges(t *testing.T) {
	// Give the hot key's hash a shard of its own, between two shards for the rest of the space.
	const hot = "tenant-0"
	h := record.HashKeyOf(hot)
	span := record.HashKeyFromUint64s(1<<36, 0) // 2^100
	lo, hi := subHK(h, span), addHK(h, span)
	ranges := []record.HashKeyRange{
		{StartingHashKey: record.HashKey{}, EndingHashKey: lo.Sub(1)},
		{StartingHashKey: lo, EndingHashKey: hi},
		{StartingHashKey: hi.Add(1), EndingHashKey: record.MaxHashKey},
	}
	rep := run(t, heat.Config{
		Keys:             keys.HotKey(7, 0.5, hot, keys.Uniform(8, 10_000)),
		RecordsPerSecond: 1500,
		RecordSize:       100,
		Duration:         5 * time.Second,
		Layout:           heat.Ranges(ranges...),
	})
	if len(rep.Shards) != 3 {
		t.Fatalf("%d shards, want 3", len(rep.Shards))
	}
	for i, sh := range rep.Shards {
		if sh.StartingHashKey != ranges[i].StartingHashKey || sh.EndingHashKey != ranges[i].EndingHashKey {
			t.Errorf("shard %d (%s) owns %v … %v, want %v … %v", i, sh.ShardId, sh.StartingHashKey, sh.EndingHashKey, ranges[i].StartingHashKey, ranges[i].EndingHashKey)
		}
	}
	mid := rep.Shards[1]
	if len(mid.HotKeys) != 1 || mid.HotKeys[0].Key != hot {
		t.Errorf("the hot key's shard holds %+v, want %s alone", mid.HotKeys, hot)
	}
	if mid.ThrottledRecords != 0 || math.Abs(mid.Share-0.5) > 0.02 {
		t.Errorf("the hot key's shard: share %.3f, %d throttled; want 0.5 and none at 750 records/s", mid.Share, mid.ThrottledRecords)
	}
	checkAgainstStream(t, rep)

	for name, bad := range map[string][]record.HashKeyRange{
		"gap":        {{EndingHashKey: lo}, {StartingHashKey: hi, EndingHashKey: record.MaxHashKey}},
		"short":      {{EndingHashKey: lo}, {StartingHashKey: lo.Add(1), EndingHashKey: hi}},
		"not from 0": {{StartingHashKey: lo, EndingHashKey: record.MaxHashKey}},
	} {
		if _, err := heat.Run(context.Background(), heat.Config{Keys: keys.Uniform(1, 1), RecordsPerSecond: 1,
			Duration: time.Second, Layout: heat.Ranges(bad...)}); err == nil {
			t.Errorf("ranges with a %s: no error", name)
		}
	}
}

func addHK(a, b record.HashKey) record.HashKey {
	s := new(big.Int).Add(a.Big(), b.Big())
	var buf [16]byte
	s.FillBytes(buf[:])
	return record.HashKeyFromBytes(buf)
}

func subHK(a, b record.HashKey) record.HashKey {
	s := new(big.Int).Sub(a.Big(), b.Big())
	var buf [16]byte
	s.FillBytes(buf[:])
	return record.HashKeyFromBytes(buf)
}

func smallReport(t *testing.T) *heat.Report {
	return run(t, heat.Config{
		Name:             "hot key",
		Keys:             keys.HotKey(9, 0.4, "hot", keys.Zipf(10, 500, 1.2)),
		RecordsPerSecond: 3000,
		RecordSize:       200,
		Duration:         8 * time.Second,
		Layout:           heat.Provisioned(4),
		Seed:             3,
	})
}

func TestSameSeedSameReport(t *testing.T) {
	a, b := smallReport(t), smallReport(t)
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs of the same config differ")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	rep := smallReport(t)
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"shardId":"shardId-000000000000"`, `"throttledRecords":`, `"imbalance":`,
		`"writeProvisionedThroughputExceeded":`, `"startingHashKey":"0"`, `"series":{"records":[`, `"hotKeys":[{"key":"hot"`} {
		if !bytes.Contains(b, []byte(field)) {
			t.Errorf("JSON lacks %s", field)
		}
	}
	var back heat.Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rep, &back) {
		t.Errorf("the report changed in a JSON round trip:\n%+v\n%+v", rep, &back)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files of testdata/ with the current output")

// The table is deterministic (a seeded run in virtual time): it is checked whole, against testdata/table.golden.
// After an intended change of the table, run go test ./heat -run TestTableListsEveryShard -update and read the diff.
func TestTableListsEveryShard(t *testing.T) {
	rep := smallReport(t)
	var b strings.Builder
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "table.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("the table differs from %s (run with -update if the change is intended):\n--- got\n%s--- want\n%s", golden, got, want)
	}
	for _, id := range []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003"} {
		if !strings.Contains(b.String(), id) {
			t.Errorf("the table does not list %s", id)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	ok := heat.Config{Keys: keys.Uniform(1, 10), RecordsPerSecond: 10, Duration: time.Second, Layout: heat.Provisioned(1)}
	for name, change := range map[string]func(*heat.Config){
		"no keys":       func(c *heat.Config) { c.Keys = nil },
		"no rate":       func(c *heat.Config) { c.RecordsPerSecond = 0 },
		"no duration":   func(c *heat.Config) { c.Duration = 0 },
		"no shards":     func(c *heat.Config) { c.Layout = heat.Provisioned(0) },
		"odd tick":      func(c *heat.Config) { c.Tick = 300 * time.Millisecond },
		"huge record":   func(c *heat.Config) { c.RecordSize = 1 << 20 },
		"over a day":    func(c *heat.Config) { c.Duration = 25 * time.Hour },
		"on-demand + n": func(c *heat.Config) { c.Layout = heat.OnDemand(); c.Layout.ShardCount = 2 },
	} {
		cfg := ok
		change(&cfg)
		if _, err := heat.Run(context.Background(), cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := heat.Run(context.Background(), ok); err != nil {
		t.Errorf("valid config: %v", err)
	}
}
