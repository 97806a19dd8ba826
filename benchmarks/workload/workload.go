// Package workload runs one end-to-end Kinesis workload against kinesim and its peers and measures them all the
// same way: kinesim, a plain-Go baseline ([Store]), franz-go's kfake with the kgo client (one topic of [Shards]
// partitions), an embedded NATS server with JetStream memory storage (one stream of [Shards] subjects), and
// kinesalite (npm, a Node.js process on 127.0.0.1) through the AWS SDK for Go v2. The peers route a partition key
// by MD5 over the same hash-key ranges as a Kinesis stream, so that partition, subject or shard i holds the same
// records everywhere.
//
// The workload: records of [RecordSize] bytes, partition keys "user-<i mod 10000>", put in batches of [BatchSize]
// by one producer goroutine into a stream of [Shards] shards, while one reader per shard reads everything from the
// start, in order. Each payload carries its global index i in its first 8 bytes (big-endian), so a reader checks
// that every record it reads belongs to its shard and that, for each key, the indexes increase: with the counts, this
// proves that every record was read exactly once and in per-key order.
//
// Setup that is the same for every system (the key strings, the shard each key routes to, the producer's buffers,
// the readers' bookkeeping) is done before the clock and the heap baseline are taken.
package workload

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kinesim/kinesim/stream"
)

// The shape of the workload.
const (
	Shards     = 8   // shards of the stream
	RecordSize = 100 // payload bytes per record
	BatchSize  = 500 // records per PutRecords call
	Keys       = 10000
)

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

// Run runs the workload with n records against the named system (one of [Systems]).
func Run(system string, n int) (Result, error) {
	open, ok := openers[system]
	if !ok {
		return Result{}, fmt.Errorf("workload: unknown system %q", system)
	}
	return run(n, true, open)
}

// ColdStart measures one cold start of the named system, as [ColdStartKinesim] does for kinesim.
func ColdStart(system string, first int) (time.Duration, error) {
	open, ok := openers[system]
	if !ok {
		return 0, fmt.Errorf("workload: unknown system %q", system)
	}
	return coldStart(open, first)
}

// Result is what one run of the workload measured.
type Result struct {
	System  string
	Records int // records put

	Read            int64         // records read, over all readers
	Bytes           int64         // payload bytes read
	PerShard        [Shards]int64 // records read per shard
	OrderViolations int64         // records read out of per-key order, twice, on the wrong shard or malformed
	Elapsed         time.Duration // from the first put to the last record read by all readers and the return of the last put
	Producer        time.Duration // from the first put to the return of the last put
	HeapBytes       int64         // heap in use after the run, over the heap before the system was made; -1 if not measured (or the system keeps its records in a process of its own)
	OtherPeakRSS    int64         // peak RSS of the system's own processes (kinesalite's Node.js), bytes; 0 if none
	Expected        [Shards]int64 // records each shard should hold
}

// RecordsPerSecond is the end-to-end throughput.
func (r Result) RecordsPerSecond() float64 { return float64(r.Records) / r.Elapsed.Seconds() }

// MBPerSecond is the end-to-end payload throughput in MB (10^6 bytes) per second.
func (r Result) MBPerSecond() float64 {
	return float64(r.Records) * RecordSize / 1e6 / r.Elapsed.Seconds()
}

// ProducerRecordsPerSecond is the producer's throughput: records put per second until the last put returned.
func (r Result) ProducerRecordsPerSecond() float64 { return float64(r.Records) / r.Producer.Seconds() }

// Check reports an error unless every record was read exactly once, on its shard, in per-key order.
func (r Result) Check() error {
	var errs []error
	if r.Read != int64(r.Records) {
		errs = append(errs, fmt.Errorf("%s: read %d records, put %d", r.System, r.Read, r.Records))
	}
	if r.Bytes != int64(r.Records)*RecordSize {
		errs = append(errs, fmt.Errorf("%s: read %d bytes, put %d", r.System, r.Bytes, r.Records*RecordSize))
	}
	for s := range Shards {
		if r.PerShard[s] != r.Expected[s] {
			errs = append(errs, fmt.Errorf("%s: shard %d: read %d records, want %d", r.System, s, r.PerShard[s], r.Expected[s]))
		}
	}
	if r.OrderViolations != 0 {
		errs = append(errs, fmt.Errorf("%s: %d order violations", r.System, r.OrderViolations))
	}
	return errors.Join(errs...)
}

// RunKinesim runs the workload with n records against a kinesim engine (throttling off).
func RunKinesim(n int) (Result, error) { return run(n, true, openKinesim) }

// RunBaseline runs the workload with n records against the plain-Go [Store].
func RunBaseline(n int) (Result, error) { return run(n, true, openBaseline) }

// system is what the harness drives: one of kinesim or the baseline, with a stream of [Shards] shards ready.
type system interface {
	name() string
	// put writes one batch; the system copies the data it keeps.
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

type opener func(ctx context.Context) (system, error)

// tables is the setup shared by every run: it depends on neither n nor the system.
type tables struct {
	keys     [Keys]string // keys[k] is "user-<k>"
	keyShard [Keys]uint8  // the shard keys[k] routes to
	ranges   []hashRange  // the shards' hash-key ranges
}

var sharedTables = sync.OnceValue(func() *tables {
	t := &tables{ranges: hashRanges(Shards)}
	for k := range Keys {
		t.keys[k] = "user-" + strconv.Itoa(k)
		t.keyShard[k] = uint8(shardOf(t.ranges, md5.Sum([]byte(t.keys[k]))))
	}
	return t
})

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
func (t *tables) expected(n int) (per [Shards]int64) {
	full, rem := n/Keys, n%Keys
	for k := range Keys {
		c := full
		if k < rem {
			c++
		}
		per[t.keyShard[k]] += int64(c)
	}
	return per
}

// batchTemplate is the initial content of a batch's payload buffer.
var batchTemplate = sync.OnceValue(func() []byte {
	buf := make([]byte, BatchSize*RecordSize)
	for i := range buf {
		buf[i] = byte('a' + i%26)
	}
	return buf
})

// newBatch returns the producer's reusable batch: BatchSize entries over one buffer, their payloads filled
// with a pattern after the 8 index bytes.
func newBatch() []stream.PutRecordsEntry {
	buf := bytes.Clone(batchTemplate())
	entries := make([]stream.PutRecordsEntry, BatchSize)
	for j := range entries {
		entries[j].Data = buf[j*RecordSize : (j+1)*RecordSize : (j+1)*RecordSize]
	}
	return entries
}

// fill sets batch to records base … base+len(batch)−1.
func (t *tables) fill(batch []stream.PutRecordsEntry, base int) {
	for j := range batch {
		i := base + j
		binary.BigEndian.PutUint64(batch[j].Data[:8], uint64(i))
		batch[j].PartitionKey = t.keys[i%Keys]
	}
}

// reader is the bookkeeping of one shard's reader.
type reader struct {
	shard      uint8
	n          uint64 // records in the run: valid indexes are below n
	want       int64
	count      int64
	bytes      int64
	violations int64
	last       [Keys]int64 // per key, the greatest index read so far (−1: none)
	end        time.Time
	err        error
}

func newReader(shard int, n int, want int64) *reader {
	r := &reader{shard: uint8(shard), n: uint64(n), want: want}
	for k := range r.last {
		r.last[k] = -1
	}
	return r
}

// see checks and counts one record and reports whether the reader wants more.
func (r *reader) see(t *tables, data []byte) bool {
	r.count++
	r.bytes += int64(len(data))
	if len(data) != RecordSize {
		r.violations++
	} else if i := binary.BigEndian.Uint64(data); i >= r.n {
		r.violations++
	} else {
		k := i % Keys
		if t.keyShard[k] != r.shard || int64(i) <= r.last[k] {
			r.violations++
		} else {
			r.last[k] = int64(i)
		}
	}
	if r.count < r.want {
		return true
	}
	r.end = time.Now()
	return false
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

// run runs the workload with n records against the system open makes.
func run(n int, measureHeap bool, open opener) (Result, error) {
	if n < 1 {
		return Result{}, fmt.Errorf("workload: %d records", n)
	}
	t := sharedTables()
	batch := newBatch()
	res := Result{Records: n, Expected: t.expected(n), HeapBytes: -1}
	readers := make([]*reader, Shards)
	for s := range readers {
		readers[s] = newReader(s, n, res.Expected[s])
	}

	var before int64
	if measureHeap {
		before = heapInUse()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sys, err := open(ctx)
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

	start := time.Now()
	var putErr error
	for base := 0; base < n; base += BatchSize {
		b := batch[:min(BatchSize, n-base)]
		t.fill(b, base)
		if putErr = sys.put(ctx, b); putErr != nil {
			break
		}
	}
	res.Producer = time.Since(start)

	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	if putErr != nil {
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
		res.HeapBytes = heapInUse() - before
	}
	runtime.KeepAlive(sys)
	runtime.KeepAlive(batch)
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

func coldStart(open opener, first int) (time.Duration, error) {
	if first < 1 || first > BatchSize {
		return 0, fmt.Errorf("workload: cold start with a first batch of %d records", first)
	}
	t := sharedTables()
	batch := newBatch()[:first]
	t.fill(batch, 0)
	firstRead := make(chan time.Time, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup

	start := time.Now()
	sys, err := open(ctx)
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
