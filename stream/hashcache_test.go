package stream

import (
	"strconv"
	"testing"

	"github.com/kinesim/kinesim/record"
)

// The cache returns MD5's hash key for every key, whether it hits, misses, or has stepped aside.
func TestHashCacheAgreesWithMD5(t *testing.T) {
	c := newHashCache()
	for round := range 3 {
		for i := range 3 * cacheWindow {
			k := "key-" + strconv.Itoa(i%(cacheWindow/2)+round*cacheWindow)
			if got, want := c.hashKey(k), record.HashKeyOf(k); got != want {
				t.Fatalf("hashKey(%q) = %v, want %v", k, got, want)
			}
		}
	}
	long := "a-key-longer-than-24-bytes-is-never-cached"
	if got, want := c.hashKey(long), record.HashKeyOf(long); got != want {
		t.Fatalf("hashKey(%q) = %v, want %v", long, got, want)
	}
}

// A key space larger than the cache gives it too few hits: it steps aside (hashes without looking up) for
// cacheAsideFor keys, then tries again; a key space it holds — 10,000 keys cycling, whose hits show only once the
// cache has seen them all — keeps it in use.
func TestHashCacheStepsAsideOnALowHitRate(t *testing.T) {
	c := newHashCache()
	for i := range 2 * cacheWindow { // every key new: no hits
		c.hashKey("k" + strconv.Itoa(i))
	}
	if got := c.aside.Load(); got != cacheAsideFor {
		t.Fatalf("after a window without hits: aside = %d, want %d", got, cacheAsideFor)
	}
	for i := range cacheAsideFor {
		c.hashKey("hot" + strconv.Itoa(i%10000))
	}
	if got := c.aside.Load(); got != 0 {
		t.Fatalf("after stepping aside for %d keys: aside = %d, want 0 (a trial window)", cacheAsideFor, got)
	}
	for i := range 6 * cacheWindow { // 10,000 recurring keys: the trial window hits
		c.hashKey("hot" + strconv.Itoa(i%10000))
		if got := c.aside.Load(); got != 0 {
			t.Fatalf("with 10,000 recurring keys, after %d lookups: aside = %d, want 0 (in use)", i+1, got)
		}
	}
}

// The route table finds the same shard as the binary search over the ranges, for ranges of every width.
func TestRouteTableAgreesWithRoute(t *testing.T) {
	for _, n := range []int{1, 2, 3, 8, 64, 255, 256, 257, 1000} {
		ranges := record.SplitEvenly(n)
		rt := newRouteTable(ranges)
		check := func(hk record.HashKey) {
			want, _ := record.Route(ranges, hk)
			if got := rt.route(hk); got != want {
				t.Fatalf("%d shards: route(%v) = %d, want %d", n, hk, got, want)
			}
		}
		for i := range 5000 {
			check(record.HashKeyOf(strconv.Itoa(i)))
		}
		for _, r := range ranges {
			check(r.StartingHashKey)
			check(r.EndingHashKey)
		}
	}
}
