package keys_test

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/keys"
)

func take(g keys.Generator, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

func counts(g keys.Generator, n int) map[string]int {
	c := make(map[string]int)
	for range n {
		c[g.Next()]++
	}
	return c
}

// generators returns one of each seeded generator, made with seed.
func generators(seed uint64) map[string]keys.Generator {
	return map[string]keys.Generator{
		"uniform":    keys.Uniform(seed, 1000),
		"zipf-0.8":   keys.Zipf(seed, 1000, 0.8),
		"zipf-1.2":   keys.Zipf(seed, 1000, 1.2),
		"hotkey":     keys.HotKey(seed, 0.3, "hot", keys.Uniform(seed+1, 100)),
		"uuid":       keys.UUID(seed),
		"pick":       keys.Pick(seed, []string{"a", "b", "c"}),
		"sequential": keys.Sequential("order-", seed),
	}
}

func TestSameSeedSameKeys(t *testing.T) {
	a, b := generators(7), generators(7)
	for name := range a {
		if x, y := take(a[name], 1000), take(b[name], 1000); strings.Join(x, ",") != strings.Join(y, ",") {
			t.Errorf("%s: two generators with seed 7 differ", name)
		}
	}
}

func TestDifferentSeedsDifferentKeys(t *testing.T) {
	a, b := generators(7), generators(8)
	for name := range a {
		if x, y := take(a[name], 100), take(b[name], 100); strings.Join(x, ",") == strings.Join(y, ",") {
			t.Errorf("%s: seeds 7 and 8 give the same keys", name)
		}
	}
}

func TestUniformKeysAreEquallyLikely(t *testing.T) {
	const n, draws = 10, 100_000
	c := counts(keys.Uniform(1, n), draws)
	if len(c) != n {
		t.Fatalf("got %d distinct keys, want %d", len(c), n)
	}
	for i := range n {
		k := "key-" + strconv.Itoa(i)
		if got, want := float64(c[k]), float64(draws)/n; math.Abs(got-want) > 0.05*want {
			t.Errorf("%s drawn %v times, want %v ± 5%%", k, got, want)
		}
	}
}

// zipfPMF returns the exact probabilities of ranks 1…n under Zipf(s).
func zipfPMF(n int, s float64) []float64 {
	p := make([]float64, n)
	var sum float64
	for k := range n {
		p[k] = math.Pow(float64(k+1), -s)
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}

func TestZipfMatchesItsDistribution(t *testing.T) {
	const n, draws = 20, 200_000
	for _, s := range []float64{0.3, 0.99, 1, 1.01, 1.5, 3} {
		c := counts(keys.Zipf(3, n, s), draws)
		pmf := zipfPMF(n, s)
		// Chi-square over 20 cells (19 degrees of freedom): the 99.9th percentile is 43.8.
		var chi2 float64
		for k, p := range pmf {
			want := p * draws
			got := float64(c["key-"+strconv.Itoa(k)])
			chi2 += (got - want) * (got - want) / want
		}
		if len(c) > n {
			t.Errorf("s=%v: %d distinct keys, want at most %d", s, len(c), n)
		}
		if chi2 > 43.8 {
			t.Errorf("s=%v: chi-square %.1f over %d ranks, want ≤ 43.8 (counts %v)", s, chi2, n, c)
		}
	}
}

func TestZipfIsSkewedTowardLowRanks(t *testing.T) {
	const n, draws = 10_000, 100_000
	c := counts(keys.Zipf(5, n, 1.1), draws)
	top := c["key-0"]
	// P(rank 1) = 1/H(10000, 1.1) ≈ 0.15; a uniform draw would give 10 of 100,000.
	if share := float64(top) / draws; share < 0.13 || share > 0.17 {
		t.Errorf("key-0 share %.3f, want about 0.15", share)
	}
	if !(c["key-0"] > c["key-1"] && c["key-1"] > c["key-2"] && c["key-2"] > c["key-100"]) {
		t.Errorf("counts do not fall with rank: key-0 %d, key-1 %d, key-2 %d, key-100 %d", c["key-0"], c["key-1"], c["key-2"], c["key-100"])
	}
}

func TestZipfSingleKey(t *testing.T) {
	for _, k := range take(keys.Zipf(1, 1, 2), 100) {
		if k != "key-0" {
			t.Fatalf("Zipf over 1 key gave %q", k)
		}
	}
}

func TestHotKeyFraction(t *testing.T) {
	const draws = 100_000
	for _, f := range []float64{0, 0.1, 0.5, 1} {
		c := counts(keys.HotKey(9, f, "hot", keys.Uniform(10, 1000)), draws)
		if got := float64(c["hot"]) / draws; math.Abs(got-f) > 0.01 {
			t.Errorf("fraction %v: hot key share %.4f, want within 0.01", f, got)
		}
	}
}

func TestSequentialCountsUpFromStart(t *testing.T) {
	got := take(keys.Sequential("order-", 98), 3)
	if want := []string{"order-98", "order-99", "order-100"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestUUIDFormat(t *testing.T) {
	seen := make(map[string]bool)
	for _, k := range take(keys.UUID(11), 10_000) {
		if !uuidV4.MatchString(k) {
			t.Fatalf("%q is not a canonical version-4 UUID", k)
		}
		if seen[k] {
			t.Fatalf("%q repeated", k)
		}
		seen[k] = true
	}
}

func writeKeys(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keys.txt")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFromFileCyclesKeys(t *testing.T) {
	g, err := keys.FromFile(writeKeys(t, "alpha\r\nbeta\n\ngamma delta\nalpha"))
	if err != nil {
		t.Fatal(err)
	}
	got := take(g, 9)
	want := []string{"alpha", "beta", "gamma delta", "alpha", "alpha", "beta", "gamma delta", "alpha", "alpha"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFromFileRejectsBadFiles(t *testing.T) {
	for name, text := range map[string]string{
		"empty":       "",
		"blank lines": "\n\r\n\n",
		"long key":    "ok\n" + strings.Repeat("x", 257) + "\n",
	} {
		if _, err := keys.FromFile(writeKeys(t, text)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := keys.FromFile(filepath.Join(t.TempDir(), "missing")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v, want a not-exist error", err)
	}
}

func TestPickSamplesUniformly(t *testing.T) {
	list := []string{"a", "b", "b", "c"}
	c := counts(keys.Pick(2, list), 40_000)
	list[0] = "changed" // Pick keeps its own copy
	for k, want := range map[string]float64{"a": 10_000, "b": 20_000, "c": 10_000} {
		if got := float64(c[k]); math.Abs(got-want) > 0.05*want {
			t.Errorf("%s drawn %v times, want %v ± 5%%", k, got, want)
		}
	}
}

func TestConstructorsPanicOnBadArguments(t *testing.T) {
	for name, f := range map[string]func(){
		"uniform n=0":   func() { keys.Uniform(1, 0) },
		"zipf n=0":      func() { keys.Zipf(1, 0, 1) },
		"zipf s=0":      func() { keys.Zipf(1, 10, 0) },
		"zipf s=NaN":    func() { keys.Zipf(1, 10, math.NaN()) },
		"hot f=1.5":     func() { keys.HotKey(1, 1.5, "h", keys.Uniform(1, 1)) },
		"hot empty key": func() { keys.HotKey(1, 0.5, "", keys.Uniform(1, 1)) },
		"hot nil bg":    func() { keys.HotKey(1, 0.5, "h", nil) },
		"pick empty":    func() { keys.Pick(1, nil) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestNextAllocatesOnlyTheKey(t *testing.T) {
	file, err := keys.FromReader(strings.NewReader("a\nb\n"))
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		g    keys.Generator
		max  float64
		note string
	}{
		"uniform":    {keys.Uniform(1, 1000), 1, "the key"},
		"zipf":       {keys.Zipf(1, 1000, 1), 1, "the key"},
		"sequential": {keys.Sequential("k", 0), 1, "the key"},
		"uuid":       {keys.UUID(1), 1, "the key"},
		"hot only":   {keys.HotKey(1, 1, "hot", keys.Uniform(1, 10)), 0, "nothing"},
		"file":       {file, 0, "nothing"},
		"pick":       {keys.Pick(1, []string{"a"}), 0, "nothing"},
	} {
		if got := testing.AllocsPerRun(1000, func() { c.g.Next() }); got > c.max {
			t.Errorf("%s: %v allocations per Next, want %s (%v)", name, got, c.note, c.max)
		}
	}
}

func BenchmarkNext(b *testing.B) {
	for name, g := range generators(1) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g.Next()
			}
		})
	}
}
