package record_test

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/record"
)

// two128 is 2^128, one past the end of the hash-key space.
var two128 = new(big.Int).Lsh(big.NewInt(1), 128)

// max128 is 2^128−1.
var max128 = new(big.Int).Sub(two128, big.NewInt(1))

// md5Big is the independent reference for HashKeyOf: the MD5 digest of key read as a big-endian unsigned integer.
func md5Big(key string) *big.Int {
	sum := md5.Sum([]byte(key))
	return new(big.Int).SetBytes(sum[:])
}

// bigOf returns hi·2^64 + lo.
func bigOf(hi, lo uint64) *big.Int {
	v := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
	return v.Or(v, new(big.Int).SetUint64(lo))
}

// hashKeyOfBig converts 0 ≤ v < 2^128 to a HashKey without going through the decimal code under test.
func hashKeyOfBig(t testing.TB, v *big.Int) record.HashKey {
	t.Helper()
	if v.Sign() < 0 || v.Cmp(max128) > 0 {
		t.Fatalf("hashKeyOfBig(%v): out of range", v)
	}
	var b [16]byte
	v.FillBytes(b[:])
	return record.HashKeyFromBytes(b)
}

// randomPartitionKey returns keys of every shape a producer might send: ASCII, 2-, 3- and 4-byte runes, lengths
// from 0 to 256 characters (so UTF-8 lengths from 0 to 1,024 bytes, on both sides of 64 bytes).
func randomPartitionKey(r *rand.Rand) string {
	alphabets := [][]rune{
		[]rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/"),
		[]rune("äöüßéèçñøåÆØÅ"),
		[]rune("日本語中文한국어ひらがなカタカナ"),
		[]rune("😀🚀🎉𝄞𠜎🂡"),
	}
	n := r.IntN(257)
	var sb strings.Builder
	mixed := r.IntN(2) == 0
	a := alphabets[r.IntN(len(alphabets))]
	for range n {
		if mixed {
			a = alphabets[r.IntN(len(alphabets))]
		}
		sb.WriteRune(a[r.IntN(len(a))])
	}
	return sb.String()
}

func TestHashKeyIsMD5OfPartitionKeyBigEndian(t *testing.T) {
	keys := []string{
		"", "a", "0", "partitionKey", "user-42",
		strings.Repeat("x", 63), strings.Repeat("x", 64), strings.Repeat("x", 65), strings.Repeat("y", 256),
		strings.Repeat("é", 256), strings.Repeat("日", 256), strings.Repeat("😀", 128), strings.Repeat("😀", 256),
		"\x00\xff\xfe invalid utf-8",
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		keys = append(keys, randomPartitionKey(r))
	}
	long := 0
	for _, k := range keys {
		if len(k) > 64 {
			long++
		}
		want := md5Big(k)
		got := record.HashKeyOf(k)
		if got.Big().Cmp(want) != 0 {
			t.Fatalf("HashKeyOf(%q) = %v, want %v", k, got, want)
		}
		if got.String() != want.String() {
			t.Fatalf("HashKeyOf(%q).String() = %s, want %s", k, got, want)
		}
		if sum := md5.Sum([]byte(k)); got.Bytes() != sum {
			t.Fatalf("HashKeyOf(%q).Bytes() = %x, want the digest %x", k, got.Bytes(), sum)
		}
	}
	if long < 1000 {
		t.Fatalf("only %d keys longer than 64 bytes; the long-key path is under-tested", long)
	}
}

func TestHashKeyOfKnownVectors(t *testing.T) {
	// MD5("") = d41d8cd98f00b204e9800998ecf8427e, MD5("a") = 0cc175b9c0f1b6a831c399e269772661 (RFC 1321).
	for key, hex := range map[string]string{
		"":  "d41d8cd98f00b204e9800998ecf8427e",
		"a": "0cc175b9c0f1b6a831c399e269772661",
	} {
		want, _ := new(big.Int).SetString(hex, 16)
		if got := record.HashKeyOf(key); got.Big().Cmp(want) != 0 {
			t.Errorf("HashKeyOf(%q) = %v, want 0x%s = %v", key, got, hex, want)
		}
	}
}

func TestHashKeyUint64sAndBytesAreBigEndian(t *testing.T) {
	k := record.HashKeyFromUint64s(0x0102030405060708, 0x090a0b0c0d0e0f10)
	want := [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	if k.Bytes() != want {
		t.Fatalf("Bytes() = %x, want %x", k.Bytes(), want)
	}
	if record.HashKeyFromBytes(want) != k {
		t.Fatalf("HashKeyFromBytes(%x) != HashKeyFromUint64s", want)
	}
	if hi, lo := k.Uint64s(); hi != 0x0102030405060708 || lo != 0x090a0b0c0d0e0f10 {
		t.Fatalf("Uint64s() = %#x, %#x", hi, lo)
	}
}

// interestingHashKeys are values around the digit and word boundaries of the decimal conversion.
func interestingHashKeys() []*big.Int {
	var vs []*big.Int
	add := func(v *big.Int) {
		for _, d := range []int64{-1, 0, 1} {
			w := new(big.Int).Add(v, big.NewInt(d))
			if w.Sign() >= 0 && w.Cmp(max128) <= 0 {
				vs = append(vs, w)
			}
		}
	}
	add(big.NewInt(0))
	add(max128)
	for _, e := range []uint{32, 63, 64, 65, 96, 127} {
		add(new(big.Int).Lsh(big.NewInt(1), e))
	}
	for _, e := range []int64{1, 9, 18, 19, 20, 37, 38} {
		add(new(big.Int).Exp(big.NewInt(10), big.NewInt(e), nil))
	}
	return vs
}

func TestHashKeyStringMatchesBigAndRoundTrips(t *testing.T) {
	vs := interestingHashKeys()
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		hi, lo := r.Uint64(), r.Uint64()
		switch r.IntN(4) { // also draw small and mid-sized values, which print with fewer digits
		case 0:
			hi = 0
		case 1:
			hi >>= r.IntN(64)
			lo >>= r.IntN(64)
		}
		vs = append(vs, bigOf(hi, lo))
	}
	for _, v := range vs {
		k := hashKeyOfBig(t, v)
		s := k.String()
		if s != v.String() {
			t.Fatalf("String() = %s, want %s", s, v)
		}
		if k.Big().Cmp(v) != 0 {
			t.Fatalf("Big() = %v, want %v", k.Big(), v)
		}
		p, err := record.ParseHashKey(s)
		if err != nil || p != k {
			t.Fatalf("ParseHashKey(%s) = %v, %v; want %v", s, p, err, k)
		}
		txt, _ := k.MarshalText()
		app, _ := k.AppendText([]byte("x="))
		if string(txt) != s || string(app) != "x="+s {
			t.Fatalf("MarshalText = %q, AppendText = %q; want %q", txt, app, s)
		}
		var u record.HashKey
		if err := u.UnmarshalText(txt); err != nil || u != k {
			t.Fatalf("UnmarshalText(%q) = %v, %v", txt, u, err)
		}
	}
}

func TestMaxHashKeyIs2To128Minus1(t *testing.T) {
	if got := record.MaxHashKey.String(); got != "340282366920938463463374607431768211455" {
		t.Fatalf("MaxHashKey = %s", got)
	}
	if record.MaxHashKey.Big().Cmp(max128) != 0 {
		t.Fatalf("MaxHashKey.Big() = %v", record.MaxHashKey.Big())
	}
	if (record.HashKey{}).String() != "0" {
		t.Fatalf("zero HashKey = %s, want 0", record.HashKey{})
	}
}

func TestParseHashKeyAcceptsBothEnds(t *testing.T) {
	for _, s := range []string{"0", "1", "340282366920938463463374607431768211455", "113427455640312821154458202477256070484"} {
		k, err := record.ParseHashKey(s)
		if err != nil || k.String() != s {
			t.Errorf("ParseHashKey(%q) = %v, %v", s, k, err)
		}
	}
}

func TestParseHashKeyRejects2To128(t *testing.T) {
	for _, s := range []string{
		"340282366920938463463374607431768211456", // 2^128
		"340282366920938463463374607431768211457",
		"999999999999999999999999999999999999999", // the largest 39-digit number
		"400000000000000000000000000000000000000",
	} {
		if _, err := record.ParseHashKey(s); !errors.Is(err, record.ErrHashKeyOutOfRange) {
			t.Errorf("ParseHashKey(%q) error = %v, want ErrHashKeyOutOfRange", s, err)
		}
	}
}

func TestParseHashKeyRejectsNonCanonicalDecimals(t *testing.T) {
	for _, s := range []string{
		"",
		"00",
		"01",
		"0340282366920938463463374607431768211455",
		"+1",
		"-1",
		"-0",
		" 1",
		"1 ",
		"1 2",
		"1_000",
		"1e3",
		"0x10",
		"12a",
		"١٢٣", // Arabic-Indic digits are not decimal digits of the pattern
		"1000000000000000000000000000000000000000", // 40 digits
		"3402823669209384634633746074317682114550", // 40 digits
		strings.Repeat("9", 100),
	} {
		if _, err := record.ParseHashKey(s); !errors.Is(err, record.ErrMalformedHashKey) {
			t.Errorf("ParseHashKey(%q) error = %v, want ErrMalformedHashKey", s, err)
		}
	}
	var k record.HashKey
	if err := k.UnmarshalText([]byte("01")); !errors.Is(err, record.ErrMalformedHashKey) {
		t.Errorf("UnmarshalText(01) error = %v", err)
	}
}

func TestHashKeyJSONIsADecimalString(t *testing.T) {
	type doc struct{ K record.HashKey }
	in := doc{record.MaxHashKey}
	b, err := json.Marshal(in)
	if err != nil || string(b) != `{"K":"340282366920938463463374607431768211455"}` {
		t.Fatalf("json.Marshal = %s, %v", b, err)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Fatalf("json.Unmarshal = %v, %v", out, err)
	}
}

func TestHashKeyCompareMatchesBig(t *testing.T) {
	vs := interestingHashKeys()
	r := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		vs = append(vs, bigOf(r.Uint64(), r.Uint64()))
	}
	for _, a := range vs {
		for _, b := range vs[:40] {
			ka, kb := hashKeyOfBig(t, a), hashKeyOfBig(t, b)
			want := a.Cmp(b)
			if got := ka.Compare(kb); got != want {
				t.Fatalf("Compare(%v, %v) = %d, want %d", a, b, got, want)
			}
			if got := ka.Less(kb); got != (want < 0) {
				t.Fatalf("Less(%v, %v) = %v", a, b, got)
			}
		}
	}
}

func TestHashKeyAddAndSubSaturate(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	vs := interestingHashKeys()
	for _, v := range vs {
		for _, n := range []uint64{0, 1, 2, 1<<63 + 5, ^uint64(0), r.Uint64()} {
			k := hashKeyOfBig(t, v)
			nb := new(big.Int).SetUint64(n)
			sum := new(big.Int).Add(v, nb)
			if sum.Cmp(max128) > 0 {
				sum = max128
			}
			diff := new(big.Int).Sub(v, nb)
			if diff.Sign() < 0 {
				diff = new(big.Int)
			}
			if got := k.Add(n).Big(); got.Cmp(sum) != 0 {
				t.Fatalf("%v.Add(%d) = %v, want %v", v, n, got, sum)
			}
			if got := k.Sub(n).Big(); got.Cmp(diff) != 0 {
				t.Fatalf("%v.Sub(%d) = %v, want %v", v, n, got, diff)
			}
		}
	}
}

func TestHashKeyRangeContainsIsClosed(t *testing.T) {
	start := record.HashKeyFromUint64s(0, 100)
	end := record.HashKeyFromUint64s(1, 0)
	r := record.HashKeyRange{StartingHashKey: start, EndingHashKey: end}
	for _, c := range []struct {
		k    record.HashKey
		want bool
	}{
		{start.Sub(1), false},
		{start, true},
		{start.Add(1), true},
		{record.HashKeyFromUint64s(0, ^uint64(0)), true},
		{end, true},
		{end.Add(1), false},
		{record.MaxHashKey, false},
		{record.HashKey{}, false},
	} {
		if got := r.Contains(c.k); got != c.want {
			t.Errorf("[%v, %v].Contains(%v) = %v, want %v", start, end, c.k, got, c.want)
		}
	}
	all := record.HashKeyRange{EndingHashKey: record.MaxHashKey}
	if !all.Contains(record.HashKey{}) || !all.Contains(record.MaxHashKey) {
		t.Error("the whole space does not contain its ends")
	}
}

func TestThreeShardSplitMatchesAWS(t *testing.T) {
	// The ranges AWS returns for a new 3-shard stream (kinesalite test/createStream.js, run against AWS).
	want := [][2]string{
		{"0", "113427455640312821154458202477256070484"},
		{"113427455640312821154458202477256070485", "226854911280625642308916404954512140969"},
		{"226854911280625642308916404954512140970", "340282366920938463463374607431768211455"},
	}
	got := record.SplitEvenly(3)
	if len(got) != len(want) {
		t.Fatalf("SplitEvenly(3) has %d ranges", len(got))
	}
	for i, w := range want {
		if got[i].StartingHashKey.String() != w[0] || got[i].EndingHashKey.String() != w[1] {
			t.Errorf("range %d = [%v, %v], want [%s, %s]", i, got[i].StartingHashKey, got[i].EndingHashKey, w[0], w[1])
		}
	}
}

func TestTwoShardSplitHalvesTheSpace(t *testing.T) {
	got := record.SplitEvenly(2)
	// floor(2^128/2) = 2^127: the first shard ends at 2^127−1.
	if got[0].EndingHashKey.String() != "170141183460469231731687303715884105727" ||
		got[1].StartingHashKey.String() != "170141183460469231731687303715884105728" {
		t.Fatalf("SplitEvenly(2) = %v", got)
	}
}

func TestSplitEvenlyRangesAreContiguousAndFloorWide(t *testing.T) {
	ns := make([]int, 0, 1100)
	for n := 1; n <= 1000; n++ {
		ns = append(ns, n)
	}
	for e := 0; e <= 16; e++ {
		ns = append(ns, 1<<e)
	}
	ns = append(ns, 1<<16-1, 1<<16+1, 100003)
	for _, n := range ns {
		rs := record.SplitEvenly(n)
		if len(rs) != n {
			t.Fatalf("SplitEvenly(%d) has %d ranges", n, len(rs))
		}
		// width = floor(2^128/n) by math/big; the ranges are then walked with plain 128-bit additions.
		w := new(big.Int).Div(two128, big.NewInt(int64(n)))
		if n == 1 {
			w = max128 // 2^128 does not fit; the single range is the last one anyway
		}
		var wb [16]byte
		w.FillBytes(wb[:])
		whi, wlo := binary.BigEndian.Uint64(wb[:8]), binary.BigEndian.Uint64(wb[8:])
		var shi, slo uint64 // start of range i
		for i, r := range rs {
			// end = start + width − 1, or 2^128−1 for the last range
			elo, c := bits.Add64(slo, wlo, 0)
			ehi, _ := bits.Add64(shi, whi, c)
			elo, c = bits.Sub64(elo, 1, 0)
			ehi, _ = bits.Sub64(ehi, 0, c)
			if i == n-1 {
				ehi, elo = ^uint64(0), ^uint64(0)
			}
			if r.StartingHashKey != record.HashKeyFromUint64s(shi, slo) || r.EndingHashKey != record.HashKeyFromUint64s(ehi, elo) {
				t.Fatalf("SplitEvenly(%d)[%d] = [%v, %v], want [%v, %v]", n, i, r.StartingHashKey, r.EndingHashKey, bigOf(shi, slo), bigOf(ehi, elo))
			}
			slo, c = bits.Add64(elo, 1, 0)
			shi, _ = bits.Add64(ehi, 0, c)
		}
		if shi != 0 || slo != 0 { // one past 2^128−1 wraps to 0
			t.Fatalf("SplitEvenly(%d) does not end at 2^128−1", n)
		}
	}
}

func TestSplitEvenlyOfLessThanOneShardIsNil(t *testing.T) {
	for _, n := range []int{0, -1, -1 << 40} {
		if rs := record.SplitEvenly(n); rs != nil {
			t.Errorf("SplitEvenly(%d) = %v, want nil", n, rs)
		}
	}
}

func TestEveryHashKeyHasExactlyOneOwner(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{1, 2, 3, 4, 7, 64, 1000} {
		rs := record.SplitEvenly(n)
		keys := []record.HashKey{{}, record.MaxHashKey}
		for _, rg := range rs {
			keys = append(keys, rg.StartingHashKey, rg.EndingHashKey, rg.StartingHashKey.Sub(1), rg.EndingHashKey.Add(1))
		}
		for range 200 {
			keys = append(keys, record.HashKeyOf(randomPartitionKey(r)))
		}
		for _, k := range keys {
			owners := 0
			for _, rg := range rs {
				if rg.Contains(k) {
					owners++
				}
			}
			if owners != 1 {
				t.Fatalf("SplitEvenly(%d): hash key %v has %d owners", n, k, owners)
			}
		}
	}
}

// Route finds the range holding a key by binary search; checked against a linear scan over even layouts, layouts
// with gaps, and keys at every boundary.
func TestRouteFindsTheRangeHoldingTheKey(t *testing.T) {
	linear := func(ranges []record.HashKeyRange, k record.HashKey) (int, bool) {
		for i, r := range ranges {
			if r.Contains(k) {
				return i, true
			}
		}
		return 0, false
	}
	for _, n := range []int{1, 2, 3, 7, 16, 100} {
		even := record.SplitEvenly(n)
		gapped := make([]record.HashKeyRange, 0, n)
		for i, r := range even {
			if i%3 != 1 { // drop every third range: keys there route nowhere
				gapped = append(gapped, r)
			}
		}
		for _, ranges := range [][]record.HashKeyRange{even, gapped} {
			var keys []record.HashKey
			for _, r := range even {
				keys = append(keys, r.StartingHashKey, r.EndingHashKey, r.StartingHashKey.Add(1), r.EndingHashKey.Sub(1), r.Midpoint())
			}
			for i := range 200 {
				keys = append(keys, record.HashKeyOf(fmt.Sprint("key-", i)))
			}
			for _, k := range keys {
				gi, gok := record.Route(ranges, k)
				wi, wok := linear(ranges, k)
				if gi != wi || gok != wok {
					t.Fatalf("n=%d, %d ranges: Route(%s) = %d, %v; want %d, %v", n, len(ranges), k, gi, gok, wi, wok)
				}
			}
		}
	}
	if _, ok := record.Route(nil, record.MaxHashKey); ok {
		t.Fatal("Route over no ranges found one")
	}
}
