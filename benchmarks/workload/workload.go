// Package workload runs one end-to-end Kinesis workload against kinesim and its peers and measures them all the
// same way: kinesim, a plain-Go baseline ([Store]), franz-go's kfake with the kgo client (one topic of as many
// partitions as shards), an embedded NATS server with JetStream memory storage (one stream of [Shards] subjects),
// and kinesalite (npm, a Node.js process on 127.0.0.1) through the AWS SDK for Go v2. The peers route a partition
// key by MD5 over the same hash-key ranges as a Kinesis stream, so that partition, subject or shard i holds the
// same records everywhere.
//
// The workload ([Scenario]; [Main] is the main one): records of a fixed size, partition keys "user-<i mod K>" (or a
// UUID per record), put in batches of [BatchSize] by one or more producer goroutines into a stream, while one reader
// per shard reads everything from the start, in order. Each payload carries its global index i (in its first 8
// bytes, big-endian, or as a JSON field that the reader decodes), so a reader checks that every record it reads
// belongs to its shard and that, for each key, the indexes increase: with the counts, this proves that every record
// was read exactly once and in per-key order.
//
// Setup that is the same for every system (the key strings, the shard each key routes to, the producers' buffers,
// the readers' bookkeeping) is done before the clock and the heap baseline are taken.
package workload

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/kinesim/kinesim/stream"
)

// The fixed shape of every scenario, and the shape of the main one ([Main]).
const (
	BatchSize  = 500 // records per PutRecords call
	Shards     = 8   // shards of the main scenario's stream
	RecordSize = 100 // payload bytes per record in the main scenario
	Keys       = 10000
)

// Scenario is one shape of the workload: the stream, the records, their keys, the producers and what the readers
// do with each record. Its zero fields mean the main scenario's values.
type Scenario struct {
	Name       string
	Shards     int  // shards of the stream; one reader each
	RecordSize int  // payload bytes per record
	Keys       int  // distinct partition keys "user-<i mod Keys>"; [UniqueKeys] gives every record a UUID of its own
	Producers  int  // producer goroutines, each putting batches of BatchSize; each owns the keys k with k mod Producers = its number
	JSON       bool // payloads are JSON objects {"i": index, "p": padding}, and readers decode each one with encoding/json
	Records    int  // records per run in the comparison for kinesim and the baseline (peers get fewer)
}

// UniqueKeys as [Scenario.Keys] gives every record a partition key of its own, a random-looking UUID (36 characters).
const UniqueKeys = -1

// Main is the main scenario: 100-byte records, 8 shards, 10,000 keys, one producer, readers that check each record.
var Main = Scenario{Name: "10k keys", Shards: Shards, RecordSize: RecordSize, Keys: Keys, Producers: 1, Records: 1000000}

// Scenarios lists the scenarios the comparison runs, the main one first.
var Scenarios = []Scenario{
	Main,
	{Name: "unique keys", Keys: UniqueKeys, Records: 500000},
	{Name: "100k keys", Keys: 100000},
	{Name: "10 keys", Keys: 10},
	{Name: "2 producers", Producers: 2},
	{Name: "64 shards", Shards: 64},
	{Name: "10 KB records", RecordSize: 10 << 10, Records: 40000},
	{Name: "JSON readers", JSON: true, Records: 300000},
}

// ScenarioNamed returns the scenario of [Scenarios] with that name.
func ScenarioNamed(name string) (Scenario, bool) {
	for _, sc := range Scenarios {
		if sc.Name == name {
			return sc.withDefaults(), true
		}
	}
	return Scenario{}, false
}

func (sc Scenario) withDefaults() Scenario {
	if sc.Name == "" {
		sc.Name = Main.Name
	}
	if sc.Shards == 0 {
		sc.Shards = Main.Shards
	}
	if sc.RecordSize == 0 {
		sc.RecordSize = Main.RecordSize
	}
	if sc.Keys == 0 {
		sc.Keys = Main.Keys
	}
	if sc.Producers == 0 {
		sc.Producers = Main.Producers
	}
	if sc.Records == 0 {
		sc.Records = Main.Records
	}
	return sc
}

// keyCount is how many distinct keys a run of n records uses.
func (sc Scenario) keyCount(n int) int {
	if sc.Keys == UniqueKeys {
		return n
	}
	return min(sc.Keys, n)
}

// KeysText describes the scenario's keys.
func (sc Scenario) KeysText() string {
	sc = sc.withDefaults()
	if sc.Keys == UniqueKeys {
		return "a UUID per record"
	}
	return fmt.Sprintf("`user-<i mod %d>`", sc.Keys)
}

// Systems compared.
const (
	Kinesim    = "kinesim"
	Baseline   = "baseline"
	Kfake      = "kfake"      // franz-go's kfake with the kgo client
	NATS       = "nats"       // embedded NATS server, JetStream memory storage
	Kinesalite = "kinesalite" // kinesalite (npm) in a Node.js process, through the AWS SDK for Go v2
)

// Systems lists every system, in the order the comparison shows them.
var Systems = []string{Kinesim, Baseline, Kfake, NATS, Kinesalite}

var openers = map[string]opener{
	Kinesim:    openKinesim,
	Baseline:   openBaseline,
	Kfake:      openKfake,
	NATS:       openNATS,
	Kinesalite: openKinesalite,
}

// Run runs scenario sc with n records against the named system (one of [Systems]).
func Run(system string, sc Scenario, n int) (Result, error) {
	open, ok := openers[system]
	if !ok {
		return Result{}, fmt.Errorf("workload: unknown system %q", system)
	}
	return run(sc, n, true, open)
}

// ColdStart measures one cold start of the named system in the main scenario, as [ColdStartKinesim] does for kinesim.
func ColdStart(system string, first int) (time.Duration, error) {
	open, ok := openers[system]
	if !ok {
		return 0, fmt.Errorf("workload: unknown system %q", system)
	}
	return coldStart(open, first)
}

// Result is what one run of the workload measured.
type Result struct {
	System   string
	Scenario string
	Records  int // records put
	Size     int // payload bytes per record

	Read            int64         // records read, over all readers
	Bytes           int64         // payload bytes read
	PerShard        []int64       // records read per shard
	OrderViolations int64         // records read out of per-key order, twice, on the wrong shard or malformed
	Elapsed         time.Duration // from the first put to the last record read by all readers and the return of the last put
	Producer        time.Duration // from the first put to the return of the last put (of every producer)
	HeapBytes       int64         // heap in use after the run, over the heap before the system was made; -1 if not measured (or the system keeps its records in a process of its own)
	OtherPeakRSS    int64         // peak RSS of the system's own processes (kinesalite's Node.js), bytes; 0 if none
	Expected        []int64       // records each shard should hold
}

// RecordsPerSecond is the end-to-end throughput.
func (r Result) RecordsPerSecond() float64 { return float64(r.Records) / r.Elapsed.Seconds() }

// MBPerSecond is the end-to-end payload throughput in MB (10^6 bytes) per second.
func (r Result) MBPerSecond() float64 {
	return float64(r.Records) * float64(r.Size) / 1e6 / r.Elapsed.Seconds()
}

// ProducerRecordsPerSecond is the producer's throughput: records put per second until the last put returned.
func (r Result) ProducerRecordsPerSecond() float64 { return float64(r.Records) / r.Producer.Seconds() }

// Check reports an error unless every record was read exactly once, on its shard, in per-key order.
func (r Result) Check() error {
	var errs []error
	if r.Read != int64(r.Records) {
		errs = append(errs, fmt.Errorf("%s: read %d records, put %d", r.System, r.Read, r.Records))
	}
	if r.Bytes != int64(r.Records)*int64(r.Size) {
		errs = append(errs, fmt.Errorf("%s: read %d bytes, put %d", r.System, r.Bytes, r.Records*r.Size))
	}
	if len(r.PerShard) != len(r.Expected) {
		errs = append(errs, fmt.Errorf("%s: %d shards read, want %d", r.System, len(r.PerShard), len(r.Expected)))
	}
	for s := range min(len(r.PerShard), len(r.Expected)) {
		if r.PerShard[s] != r.Expected[s] {
			errs = append(errs, fmt.Errorf("%s: shard %d: read %d records, want %d", r.System, s, r.PerShard[s], r.Expected[s]))
		}
	}
	if r.OrderViolations != 0 {
		errs = append(errs, fmt.Errorf("%s: %d order violations", r.System, r.OrderViolations))
	}
	return errors.Join(errs...)
}

// RunKinesim runs scenario sc with n records against a kinesim engine (throttling off).
func RunKinesim(sc Scenario, n int) (Result, error) { return run(sc, n, true, openKinesim) }

// RunBaseline runs scenario sc with n records against the plain-Go [Store].
func RunBaseline(sc Scenario, n int) (Result, error) { return run(sc, n, true, openBaseline) }

// system is what the harness drives: kinesim or a peer, with a stream of the scenario's shards ready.
type system interface {
	name() string
	// put writes one batch; the system copies the data it keeps. Producers call it concurrently.
	put(ctx context.Context, batch []stream.PutRecordsEntry) error
	// read calls see with every record of shard, from the first, in order, waiting for new ones, until see
	// returns false (then it returns nil) or the read ends otherwise (then it returns why).
	read(ctx context.Context, shard int, see func(data []byte) bool) error
	close()
}

// otherProcess is a system that runs in a process of its own.
type otherProcess interface {
	peakRSSOther() int64 // the peak RSS of that process so far, in bytes
}

// opener makes a system with a stream of the given number of shards.
type opener func(ctx context.Context, shards int) (system, error)

// mainRanges are the hash-key ranges of the main scenario's stream.
var mainRanges = sync.OnceValue(func() []hashRange { return hashRanges(Shards) })

// tables is the setup of a run that does not depend on the system: the keys, where they route, and the payloads.
// It holds no pointers per key (the keys are one byte blob), so that the garbage collector's work during a run is
// the system's, not the harness's.
type tables struct {
	sc       Scenario
	n        int
	blob     []byte   // the keys' bytes, one after the other
	keyEnd   []int32  // key k is blob[keyEnd[k-1]:keyEnd[k]] ("user-<k>" or the k-th UUID); record i has key i mod len
	keyShard []uint16 // the shard key k routes to
	keyLocal []int32  // the index of key k among the keys of its shard
	perShard []int    // keys per shard
	ranges   []hashRange
}

func newTables(sc Scenario, n int) *tables {
	kc := sc.keyCount(n)
	t := &tables{sc: sc, n: n, ranges: hashRanges(sc.Shards), keyEnd: make([]int32, kc),
		keyShard: make([]uint16, kc), keyLocal: make([]int32, kc), perShard: make([]int, sc.Shards)}
	var rng *rand.ChaCha8
	if sc.Keys == UniqueKeys {
		rng = rand.NewChaCha8([32]byte{'k', 'i', 'n', 'e', 's', 'i', 'm'})
	}
	for k := range kc {
		start := len(t.blob)
		if rng != nil {
			t.blob = appendUUID(t.blob, rng)
		} else {
			t.blob = strconv.AppendInt(append(t.blob, "user-"...), int64(k), 10)
		}
		t.keyEnd[k] = int32(len(t.blob))
		s := shardOf(t.ranges, md5.Sum(t.blob[start:]))
		t.keyShard[k] = uint16(s)
		t.keyLocal[k] = int32(t.perShard[s])
		t.perShard[s]++
	}
	return t
}

// keyCount is how many distinct keys the tables hold.
func (t *tables) keyCount() int { return len(t.keyEnd) }

// key returns key k, a string over the blob (which never changes once made).
func (t *tables) key(k int) string {
	start := int32(0)
	if k > 0 {
		start = t.keyEnd[k-1]
	}
	return unsafe.String(&t.blob[start], int(t.keyEnd[k]-start))
}

// appendUUID appends a random (version 4) UUID drawn from rng, in its 36-character text form.
func appendUUID(dst []byte, rng *rand.ChaCha8) []byte {
	var b [16]byte
	rng.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	hex.Encode(s[9:13], b[4:6])
	hex.Encode(s[14:18], b[6:8])
	hex.Encode(s[19:23], b[8:10])
	hex.Encode(s[24:36], b[10:16])
	s[8], s[13], s[18], s[23] = '-', '-', '-', '-'
	return append(dst, s[:]...)
}

// hashRange is a closed range of 128-bit hash keys, as big-endian bytes.
type hashRange struct{ start, end [16]byte }

// hashRanges splits 0 … 2^128−1 into n ranges floor(2^128/n) wide, the last one ending at 2^128−1.
func hashRanges(n int) []hashRange {
	space := new(big.Int).Lsh(big.NewInt(1), 128)
	width := new(big.Int).Div(space, big.NewInt(int64(n)))
	one := big.NewInt(1)
	rs := make([]hashRange, n)
	for i := range n {
		start := new(big.Int).Mul(width, big.NewInt(int64(i)))
		end := new(big.Int).Sub(new(big.Int).Add(start, width), one)
		if i == n-1 {
			end.Sub(space, one)
		}
		start.FillBytes(rs[i].start[:])
		end.FillBytes(rs[i].end[:])
	}
	return rs
}

// shardOf returns the index of the range that holds h.
func shardOf(ranges []hashRange, h [16]byte) int {
	for i := range ranges {
		if bytes.Compare(h[:], ranges[i].start[:]) >= 0 && bytes.Compare(h[:], ranges[i].end[:]) <= 0 {
			return i
		}
	}
	panic("workload: hash ranges do not cover the hash-key space")
}

// expected returns how many of records 0 … n−1 each shard holds.
func (t *tables) expected() []int64 {
	kc := t.keyCount()
	per := make([]int64, t.sc.Shards)
	full, rem := t.n/kc, t.n%kc
	for k := range kc {
		c := full
		if k < rem {
			c++
		}
		per[t.keyShard[k]] += int64(c)
	}
	return per
}

// JSON payloads: {"i":<index, space-padded to 20 characters>,"p":"<padding>"}.
const (
	jsonHead  = `{"i":`
	jsonIndex = 20
	jsonMid   = `,"p":"`
	jsonTail  = `"}`
	jsonMin   = len(jsonHead) + jsonIndex + len(jsonMid) + len(jsonTail)
)

// newBatch returns a producer's reusable batch: BatchSize entries over one buffer, each payload RecordSize bytes
// of a pattern (in a JSON object for JSON scenarios) with room for the record's index.
func (t *tables) newBatch() []stream.PutRecordsEntry {
	size := t.sc.RecordSize
	buf := make([]byte, BatchSize*size)
	for i := range buf {
		buf[i] = byte('a' + i%26)
	}
	entries := make([]stream.PutRecordsEntry, BatchSize)
	for j := range entries {
		d := buf[j*size : (j+1)*size : (j+1)*size]
		if t.sc.JSON {
			copy(d, jsonHead)
			copy(d[len(jsonHead)+jsonIndex:], jsonMid)
			copy(d[size-len(jsonTail):], jsonTail)
		}
		entries[j].Data = d
	}
	return entries
}

// fill sets batch to the records first, first+step, first+2·step, ….
func (t *tables) fill(batch []stream.PutRecordsEntry, first, step int) {
	kc := t.keyCount()
	for j := range batch {
		i := first + j*step
		d := batch[j].Data
		if t.sc.JSON {
			f := d[len(jsonHead) : len(jsonHead)+jsonIndex]
			n := strconv.AppendUint(f[:0], uint64(i), 10)
			for c := len(n); c < jsonIndex; c++ {
				f[c] = ' '
			}
		} else {
			binary.BigEndian.PutUint64(d[:8], uint64(i))
		}
		batch[j].PartitionKey = t.key(i % kc)
	}
}

// reader is the bookkeeping of one shard's reader.
type reader struct {
	shard      uint16
	n          uint64 // records in the run: valid indexes are below n
	want       int64
	count      int64
	bytes      int64
	violations int64
	last       []int64 // per key of the shard (by keyLocal), the greatest index read so far (−1: none)
	end        time.Time
	err        error
	doc        jsonRecord
}

// jsonRecord is what a reader of a JSON scenario decodes a payload into.
type jsonRecord struct {
	I uint64 `json:"i"`
	P string `json:"p"`
}

func (t *tables) newReader(shard int, want int64) *reader {
	r := &reader{shard: uint16(shard), n: uint64(t.n), want: want, last: make([]int64, t.perShard[shard])}
	for k := range r.last {
		r.last[k] = -1
	}
	return r
}

// see checks and counts one record and reports whether the reader wants more.
func (r *reader) see(t *tables, data []byte) bool {
	r.count++
	r.bytes += int64(len(data))
	i, ok := r.index(t, data)
	switch {
	case !ok || len(data) != t.sc.RecordSize || i >= r.n:
		r.violations++
	default:
		k := i % uint64(t.keyCount())
		if t.keyShard[k] != r.shard || int64(i) <= r.last[t.keyLocal[k]] {
			r.violations++
		} else {
			r.last[t.keyLocal[k]] = int64(i)
		}
	}
	if r.count < r.want {
		return true
	}
	r.end = time.Now()
	return false
}

// index returns the record index a payload carries.
func (r *reader) index(t *tables, data []byte) (uint64, bool) {
	if !t.sc.JSON {
		if len(data) < 8 {
			return 0, false
		}
		return binary.BigEndian.Uint64(data), true
	}
	r.doc = jsonRecord{}
	if err := json.Unmarshal(data, &r.doc); err != nil || len(r.doc.P) != t.sc.RecordSize-jsonMin {
		return 0, false
	}
	return r.doc.I, true
}

// PeakRSS returns this process's peak resident set size (VmHWM of /proc/self/status), in bytes; 0 if unknown.
func PeakRSS() int64 { return vmHWM("/proc/self/status") }

// vmHWM returns the VmHWM line of a /proc/<pid>/status file, in bytes; 0 if unknown.
func vmHWM(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v) // "1234", "kB"
			if len(f) == 2 && f[1] == "kB" {
				if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
					return kb << 10
				}
			}
		}
	}
	return 0
}

// heapInUse returns the live heap after two garbage collections.
func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// run runs scenario sc with n records against the system open makes.
func run(sc Scenario, n int, measureHeap bool, open opener) (Result, error) {
	sc = sc.withDefaults()
	if n < 1 {
		return Result{}, fmt.Errorf("workload: %d records", n)
	}
	if sc.Keys != UniqueKeys && sc.Keys%sc.Producers != 0 {
		return Result{}, fmt.Errorf("workload: %d keys cannot be shared out among %d producers", sc.Keys, sc.Producers)
	}
	if sc.JSON && sc.RecordSize < jsonMin {
		return Result{}, fmt.Errorf("workload: JSON records of %d bytes, want at least %d", sc.RecordSize, jsonMin)
	}
	t := newTables(sc, n)
	batches := make([][]stream.PutRecordsEntry, sc.Producers)
	for p := range batches {
		batches[p] = t.newBatch()
	}
	res := Result{Scenario: sc.Name, Records: n, Size: sc.RecordSize, Expected: t.expected(), HeapBytes: -1}
	readers := make([]*reader, sc.Shards)
	for s := range readers {
		readers[s] = t.newReader(s, res.Expected[s])
	}

	var before int64
	if measureHeap {
		before = heapInUse()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sys, err := open(ctx, sc.Shards)
	if err != nil {
		return Result{}, err
	}
	defer sys.close()
	res.System = sys.name()

	var wg, started sync.WaitGroup
	for _, r := range readers {
		if r.want == 0 {
			continue
		}
		started.Add(1)
		wg.Go(func() {
			started.Done()
			r.err = sys.read(ctx, int(r.shard), func(data []byte) bool { return r.see(t, data) })
		})
	}
	started.Wait()

	// Producer p puts records p, p+P, p+2P, … (P producers): with keys i mod K and P dividing K, it owns the keys
	// k ≡ p (mod P), so each key's records come from one producer, in order.
	start := time.Now()
	putErrs := make([]error, sc.Producers)
	var producers sync.WaitGroup
	for p := range sc.Producers {
		producers.Go(func() {
			batch, step := batches[p], sc.Producers
			mine := (n - p + step - 1) / step // records p, p+step, … below n
			for done := 0; done < mine; done += BatchSize {
				b := batch[:min(BatchSize, mine-done)]
				t.fill(b, p+done*step, step)
				if putErrs[p] = sys.put(ctx, b); putErrs[p] != nil {
					return
				}
			}
		})
	}
	producers.Wait()
	res.Producer = time.Since(start)

	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	if putErr := errors.Join(putErrs...); putErr != nil {
		cancel()
		<-done
		return Result{}, fmt.Errorf("%s: put: %w", res.System, putErr)
	}
	// A reader that misses records would wait forever: give up long after the producer's time.
	select {
	case <-done:
	case <-time.After(max(time.Minute, 100*res.Producer)):
		cancel()
		<-done
	}

	var errs []error
	var end time.Time
	res.PerShard = make([]int64, sc.Shards)
	for _, r := range readers {
		res.PerShard[r.shard] = r.count
		res.Read += r.count
		res.Bytes += r.bytes
		res.OrderViolations += r.violations
		if r.err != nil {
			errs = append(errs, fmt.Errorf("%s: shard %d: read: %w", res.System, r.shard, r.err))
		}
		if r.end.After(end) {
			end = r.end
		}
	}
	// A reader may see the last records before the put that wrote them returns (NATS acknowledges a publish after
	// storing it, and a consumer may already have it): the run ends when both are done.
	res.Elapsed = max(end.Sub(start), res.Producer)
	o, isOther := sys.(otherProcess)
	if isOther {
		res.OtherPeakRSS = o.peakRSSOther()
	}
	if measureHeap && !isOther {
		// A small run can end with less heap than it began with (garbage made before the system, collected
		// during the run): no growth is 0, not a negative size (nor -1, "not measured").
		res.HeapBytes = max(heapInUse()-before, 0)
	}
	runtime.KeepAlive(sys)
	runtime.KeepAlive(batches)
	runtime.KeepAlive(readers)
	return res, errors.Join(errs...)
}

// ColdStartKinesim measures one cold start of kinesim: the time from calling stream.New, through CreateStream,
// ListShards and starting one reader per shard, and putting a first batch of `first` records (1 to BatchSize), to
// the first record read by a reader.
func ColdStartKinesim(first int) (time.Duration, error) { return coldStart(openKinesim, first) }

// ColdStartBaseline measures one cold start of the baseline, as [ColdStartKinesim] does for kinesim: from
// allocating the [Store] (hash ranges computed with math/big) to the first record read by a reader.
func ColdStartBaseline(first int) (time.Duration, error) { return coldStart(openBaseline, first) }

// mainTables is the setup of the main scenario's cold starts.
var mainTables = sync.OnceValue(func() *tables { return newTables(Main, Keys) })

func coldStart(open opener, first int) (time.Duration, error) {
	if first < 1 || first > BatchSize {
		return 0, fmt.Errorf("workload: cold start with a first batch of %d records", first)
	}
	t := mainTables()
	batch := t.newBatch()[:first]
	t.fill(batch, 0, 1)
	firstRead := make(chan time.Time, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup

	start := time.Now()
	sys, err := open(ctx, Shards)
	if err != nil {
		return 0, err
	}
	defer sys.close()
	for s := range Shards {
		wg.Go(func() {
			_ = sys.read(ctx, s, func([]byte) bool {
				select {
				case firstRead <- time.Now():
				default:
				}
				return false
			})
		})
	}
	if err := sys.put(ctx, batch); err != nil {
		cancel()
		wg.Wait()
		return 0, err
	}
	var at time.Time
	select {
	case at = <-firstRead:
	case <-time.After(time.Minute):
		err = fmt.Errorf("%s: cold start: no record read in a minute", sys.name())
	}
	cancel()
	wg.Wait()
	return at.Sub(start), err
}
