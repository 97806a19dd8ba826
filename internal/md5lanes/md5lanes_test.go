package md5lanes

import (
	"crypto/md5"
	"strconv"
	"strings"
	"testing"
)

// Sums gives crypto/md5's digest for every message: all lengths of one block and past it, groups of every size.
func TestSumsMatchCryptoMD5(t *testing.T) {
	var msgs []string
	for n := range 130 {
		msgs = append(msgs, strings.Repeat(string(rune('a'+n%26)), n))
	}
	for i := range 1000 {
		msgs = append(msgs, "user-"+strconv.Itoa(i))
	}
	for _, impl := range implementations() {
		t.Run(impl.name, func(t *testing.T) {
			impl.set()
			defer restore()
			for _, k := range []int{0, 1, 7, 8, 9, 17, len(msgs)} {
				sums := make([][md5.Size]byte, k)
				Sums(msgs[:k], sums)
				for i := range k {
					if want := md5.Sum([]byte(msgs[i])); sums[i] != want {
						t.Fatalf("Sums of %d: message %d (%q): %x, want %x", k, i, msgs[i], sums[i], want)
					}
				}
			}
		})
	}
}

// Sums allocates nothing.
func TestSumsAllocatesNothing(t *testing.T) {
	msgs := make([]string, 500)
	for i := range msgs {
		msgs[i] = "user-" + strconv.Itoa(i)
	}
	sums := make([][md5.Size]byte, len(msgs))
	if a := testing.AllocsPerRun(100, func() { Sums(msgs, sums) }); a != 0 {
		t.Fatalf("Sums allocates %v times", a)
	}
}

// FuzzSums checks Sums against crypto/md5 on arbitrary messages, alone and in a group of nine.
func FuzzSums(f *testing.F) {
	f.Add("user-1", 3)
	f.Add(strings.Repeat("x", 55), 8)
	f.Fuzz(func(t *testing.T, m string, at int) {
		msgs := make([]string, 9)
		for i := range msgs {
			msgs[i] = "k" + strconv.Itoa(i)
		}
		msgs[uint(at)%9] = m
		sums := make([][md5.Size]byte, len(msgs))
		Sums(msgs, sums)
		for i, s := range msgs {
			if want := md5.Sum([]byte(s)); sums[i] != want {
				t.Fatalf("message %d (%q): %x, want %x", i, s, sums[i], want)
			}
		}
	})
}

func benchmarkSums(b *testing.B, keyLen int) {
	msgs := make([]string, 500)
	for i := range msgs {
		k := "user-" + strconv.Itoa(i)
		msgs[i] = k + strings.Repeat("x", max(0, keyLen-len(k)))
	}
	sums := make([][md5.Size]byte, len(msgs))
	b.ReportAllocs()
	for b.Loop() {
		Sums(msgs, sums)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(msgs)), "ns/key")
}

// BenchmarkSums hashes 500 keys of about 8 and of 36 bytes (a UUID) per op.
func BenchmarkSums(b *testing.B) {
	for _, impl := range implementations() {
		impl.set()
		b.Run(impl.name+"/8B", func(b *testing.B) { benchmarkSums(b, 8) })
		b.Run(impl.name+"/36B", func(b *testing.B) { benchmarkSums(b, 36) })
		restore()
	}
}
