package keys

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"

	"github.com/kinesim/kinesim/record"
)

// Generator produces partition keys. Next returns the next key of the sequence; it never returns "" and never fails.
// Implementations in this package are deterministic (same seed, same keys) and not safe for concurrent use.
type Generator interface {
	Next() string
}

// Func adapts a function to a [Generator].
type Func func() string

// Next calls f.
func (f Func) Next() string { return f() }

// newRand returns the PCG source of a seed. The second PCG word is a fixed odd constant, so one uint64 is enough.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// numbered formats prefix+i into a reused buffer and returns it as a new string: one allocation per key.
type numbered struct {
	buf []byte
	n   int // length of the prefix in buf
}

func newNumbered(prefix string) numbered {
	b := make([]byte, 0, len(prefix)+20)
	return numbered{buf: append(b, prefix...), n: len(prefix)}
}

func (k *numbered) key(i uint64) string {
	k.buf = strconv.AppendUint(k.buf[:k.n], i, 10)
	return string(k.buf)
}

// Uniform returns a generator of n keys, "key-0" … "key-(n−1)", each drawn with probability 1/n. It models a
// well-spread key: device ids, user ids over many active users. It panics if n < 1.
func Uniform(seed uint64, n int) Generator {
	if n < 1 {
		panic("keys: Uniform needs n >= 1")
	}
	return &uniform{r: newRand(seed), n: uint64(n), k: newNumbered("key-")}
}

type uniform struct {
	r *rand.Rand
	n uint64
	k numbered
}

func (g *uniform) Next() string { return g.k.key(g.r.Uint64N(g.n)) }

// Zipf returns a generator of n keys, "key-0" … "key-(n−1)", where key-k is drawn with probability proportional to
// 1/(k+1)^s: a few keys take most records, as customers, products or pages do. s must be positive; s = 1 is the
// classic Zipf law (the top key of 10,000 takes about 10 % of the records), larger s is more skewed, and s → 0
// tends to [Uniform]. Unlike rand.Zipf, s ≤ 1 is allowed. It panics if n < 1 or s ≤ 0.
//
// Drawing uses rejection-inversion (Hörmann and Derflinger, 1996): constant time and memory whatever n.
func Zipf(seed uint64, n int, s float64) Generator {
	if n < 1 {
		panic("keys: Zipf needs n >= 1")
	}
	if !(s > 0) || math.IsInf(s, 0) {
		panic("keys: Zipf needs a finite s > 0")
	}
	return &zipf{sampler: newZipfSampler(n, s), r: newRand(seed), k: newNumbered("key-")}
}

type zipf struct {
	sampler zipfSampler
	r       *rand.Rand
	k       numbered
}

func (g *zipf) Next() string { return g.k.key(uint64(g.sampler.rank(g.r) - 1)) }

// zipfSampler draws ranks 1 … n with P(k) ∝ k^−s by rejection-inversion: it inverts the integral H of h(x) = x^−s
// (a continuous hat over the probabilities) and accepts a draw of the hat that falls under the step of its rank.
// It works for every s > 0 (Apache Commons Math's ZipfRejectionInversionSampler is the same algorithm).
type zipfSampler struct {
	n             float64
	s             float64 // the exponent
	hX1, hN, skip float64
}

func newZipfSampler(n int, s float64) zipfSampler {
	z := zipfSampler{n: float64(n), s: s}
	z.hX1 = z.hIntegral(1.5) - 1
	z.hN = z.hIntegral(z.n + 0.5)
	z.skip = 2 - z.hIntegralInverse(z.hIntegral(2.5)-z.h(2))
	return z
}

func (z *zipfSampler) rank(r *rand.Rand) int {
	for {
		u := z.hN + r.Float64()*(z.hX1-z.hN) // uniform over (hX1, hN]
		x := z.hIntegralInverse(u)
		k := math.Floor(x + 0.5)
		k = min(max(k, 1), z.n)
		if k-x <= z.skip || u >= z.hIntegral(k+0.5)-z.h(k) {
			return int(k)
		}
	}
}

// h is x^−s.
func (z *zipfSampler) h(x float64) float64 { return math.Exp(-z.s * math.Log(x)) }

// hIntegral is H(x) = (x^(1−s) − 1)/(1−s), or log x for s = 1, computed stably near s = 1.
func (z *zipfSampler) hIntegral(x float64) float64 {
	lx := math.Log(x)
	return helper2((1-z.s)*lx) * lx
}

// hIntegralInverse is the inverse of hIntegral.
func (z *zipfSampler) hIntegralInverse(x float64) float64 {
	t := max(x*(1-z.s), -1) // t < −1 only by rounding
	return math.Exp(helper1(t) * x)
}

// helper1 is log(1+x)/x, accurate near 0.
func helper1(x float64) float64 {
	if math.Abs(x) > 1e-8 {
		return math.Log1p(x) / x
	}
	return 1 - x*(0.5-x*(1.0/3-0.25*x))
}

// helper2 is (e^x − 1)/x, accurate near 0.
func helper2(x float64) float64 {
	if math.Abs(x) > 1e-8 {
		return math.Expm1(x) / x
	}
	return 1 + x*0.5*(1+x*(1.0/3)*(1+0.25*x))
}

// HotKey returns a generator that returns hotKey with probability fraction and otherwise the next key of
// background. It models one key that takes a fixed share of the traffic — a noisy tenant, a default key, a
// celebrity account — over an otherwise ordinary distribution. The hot key is returned without allocating.
// It panics if fraction is outside [0, 1], hotKey is not a valid partition key, or background is nil.
func HotKey(seed uint64, fraction float64, hotKey string, background Generator) Generator {
	if !(fraction >= 0 && fraction <= 1) {
		panic("keys: HotKey needs a fraction in [0, 1]")
	}
	if !record.ValidPartitionKey(hotKey) {
		panic("keys: HotKey needs a hot key of 1 to 256 characters")
	}
	if background == nil {
		panic("keys: HotKey needs a background generator")
	}
	return &hotKeyGen{r: newRand(seed), fraction: fraction, hot: hotKey, bg: background}
}

type hotKeyGen struct {
	r        *rand.Rand
	fraction float64
	hot      string
	bg       Generator
}

func (g *hotKeyGen) Next() string {
	if g.r.Float64() < g.fraction {
		return g.hot
	}
	return g.bg.Next()
}

// Sequential returns the keys prefix+start, prefix+(start+1), … (in decimal): order ids, sequence numbers or
// timestamps used as partition keys. Every key is new; MD5 spreads them evenly over the shards. It draws nothing at
// random. After 2^64−1 it wraps to 0.
func Sequential(prefix string, start uint64) Generator {
	return &sequential{k: newNumbered(prefix), next: start}
}

type sequential struct {
	k    numbered
	next uint64
}

func (g *sequential) Next() string {
	i := g.next
	g.next++
	return g.k.key(i)
}

// UUID returns a generator of random version-4 UUIDs in their canonical form
// ("xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx", lowercase, V one of 8, 9, a, b), drawn from the seeded source rather than
// crypto/rand so that the same seed gives the same UUIDs. It models the common "random partition key": every key is
// new and spreads evenly.
func UUID(seed uint64) Generator { return &uuidGen{r: newRand(seed)} }

type uuidGen struct {
	r *rand.Rand
}

const hexDigits = "0123456789abcdef"

func (g *uuidGen) Next() string {
	var b [16]byte
	hi, lo := g.r.Uint64(), g.r.Uint64()
	for i := range 8 {
		b[i] = byte(hi >> (56 - 8*i))
		b[8+i] = byte(lo >> (56 - 8*i))
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // variant 10xx (RFC 9562)
	var s [36]byte
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			s[j] = '-'
			j++
		}
		s[j], s[j+1] = hexDigits[c>>4], hexDigits[c&0x0f]
		j += 2
	}
	return string(s[:])
}

// FromFile returns a generator that replays the keys of a file, one per line, in file order, and starts again at
// the first line after the last: a key log captured from a real producer, replayed with its real frequencies and
// order. See [FromReader] for the format. To sample the keys uniformly instead, use [ReadKeys] and [Pick].
func FromFile(path string) (Generator, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	g, err := FromReader(f)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	return g, nil
}

// FromReader returns a generator that cycles through the keys read from r, one per line, in order. Line endings
// may be "\n" or "\r\n"; empty lines are skipped; every other line is a key as is (spaces included) and must be a
// valid partition key (1 to 256 characters). Next allocates nothing.
func FromReader(r io.Reader) (Generator, error) {
	ks, err := ReadKeys(r)
	if err != nil {
		return nil, err
	}
	return &cycle{keys: ks}, nil
}

type cycle struct {
	keys []string
	i    int
}

func (g *cycle) Next() string {
	k := g.keys[g.i]
	if g.i++; g.i == len(g.keys) {
		g.i = 0
	}
	return k
}

// ReadKeys reads the keys of r as [FromReader] does and returns them in order, repeats included. It fails on a line
// that is not a valid partition key and when r holds no key.
func ReadKeys(r io.Reader) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	var ks []string
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
		if len(b) == 0 {
			continue
		}
		k := string(b)
		if !record.ValidPartitionKey(k) {
			return nil, fmt.Errorf("keys: line %d: a partition key has 1 to 256 characters, this one %d", line, record.PartitionKeyLength(k))
		}
		ks = append(ks, k)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("keys: line %d: %w", line+1, err)
	}
	if len(ks) == 0 {
		return nil, fmt.Errorf("keys: no keys to read")
	}
	return ks, nil
}

// Pick returns a generator that draws uniformly from keys (repeats in the list make a key more likely). Next
// allocates nothing. It panics if keys is empty.
func Pick(seed uint64, keys []string) Generator {
	if len(keys) == 0 {
		panic("keys: Pick needs at least one key")
	}
	return &pick{r: newRand(seed), keys: slices.Clone(keys)}
}

type pick struct {
	r    *rand.Rand
	keys []string
}

func (g *pick) Next() string { return g.keys[g.r.IntN(len(g.keys))] }
