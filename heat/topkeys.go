package heat

import (
	"cmp"
	"slices"
)

// KeyCount is one of the hottest partition keys of a shard or a stream.
type KeyCount struct {
	Key string `json:"key"`
	// Records is how many records the producer sent with the key (throttled ones included).
	Records int64 `json:"records"`
	// RecordsPerSecond is Records over the run's duration. One key always lives on one shard, so a key above the
	// shard limit (1,000 records/s) is throttled whatever the layout.
	RecordsPerSecond float64 `json:"recordsPerSecond"`
	// MaxOvercount bounds the error of Records: the true count lies in [Records−MaxOvercount, Records]. It is 0
	// (exact) unless the shard saw more distinct keys than the report tracks (see Config.TrackedKeys).
	MaxOvercount int64 `json:"maxOvercount,omitempty"`
}

// topKeys finds the most frequent keys of a stream in bounded memory with the Space-Saving algorithm (Metwally,
// Agrawal and El Abbadi, 2005): it counts up to capacity keys exactly; a new key then replaces the least counted
// one and inherits its count, which it records as its possible overcount. Every key more frequent than
// total/capacity is kept, and the counts of keys never replaced are exact. items is a min-heap on count.
type topKeys struct {
	capacity int
	index    map[string]int // key → position in items
	items    []tracked
}

type tracked struct {
	key          string
	count, error int64
}

func newTopKeys(capacity int) *topKeys {
	return &topKeys{capacity: capacity, index: make(map[string]int)}
}

func (t *topKeys) add(key string, n int64) {
	if i, ok := t.index[key]; ok {
		t.items[i].count += n
		t.down(i)
		return
	}
	if len(t.items) < t.capacity {
		t.items = append(t.items, tracked{key: key, count: n})
		t.index[key] = len(t.items) - 1
		t.up(len(t.items) - 1)
		return
	}
	least := t.items[0]
	delete(t.index, least.key)
	t.items[0] = tracked{key: key, count: least.count + n, error: least.count}
	t.index[key] = 0
	t.down(0)
}

func (t *topKeys) less(i, j int) bool { return t.items[i].count < t.items[j].count }

func (t *topKeys) swap(i, j int) {
	t.items[i], t.items[j] = t.items[j], t.items[i]
	t.index[t.items[i].key] = i
	t.index[t.items[j].key] = j
}

func (t *topKeys) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.less(i, p) {
			return
		}
		t.swap(i, p)
		i = p
	}
}

func (t *topKeys) down(i int) {
	n := len(t.items)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		c := l
		if r := l + 1; r < n && t.less(r, l) {
			c = r
		}
		if !t.less(c, i) {
			return
		}
		t.swap(i, c)
		i = c
	}
}

// top returns the n most counted keys, most counted first (ties in key order).
func (t *topKeys) top(n int, seconds float64) []KeyCount {
	all := make([]KeyCount, 0, len(t.items))
	for _, it := range t.items {
		all = append(all, KeyCount{Key: it.key, Records: it.count, MaxOvercount: it.error})
	}
	return rank(all, n, seconds)
}

// rank sorts counts by records (then key), keeps the first n and sets their rates.
func rank(all []KeyCount, n int, seconds float64) []KeyCount {
	slices.SortFunc(all, func(a, b KeyCount) int {
		if c := cmp.Compare(b.Records, a.Records); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	all = all[:min(n, len(all))]
	for i := range all {
		if seconds > 0 {
			all[i].RecordsPerSecond = float64(all[i].Records) / seconds
		}
	}
	return slices.Clip(all)
}
