package record_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/kinesim/kinesim/record"
)

func TestShardIDIsPrefixAnd12Digits(t *testing.T) {
	for _, c := range []struct {
		i    int
		want string
	}{
		{0, "shardId-000000000000"},
		{1, "shardId-000000000001"},
		{2, "shardId-000000000002"},
		{42, "shardId-000000000042"},
		{record.MaxShardIndex, "shardId-000268435455"},
		{999999999999, "shardId-999999999999"},
	} {
		if got := record.ShardID(c.i); got != c.want {
			t.Errorf("ShardID(%d) = %q, want %q", c.i, got, c.want)
		}
	}
}

func TestShardIDRoundTrips(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	idx := []int{0, 1, 9, 10, 99, 100, record.MaxShardIndex, 999999999999}
	for range 2000 {
		idx = append(idx, r.IntN(1_000_000_000_000))
	}
	for _, i := range idx {
		id := record.ShardID(i)
		if want := fmt.Sprintf("shardId-%012d", i); id != want {
			t.Fatalf("ShardID(%d) = %q, want %q", i, id, want)
		}
		got, ok := record.ParseShardID(id)
		if !ok || got != i {
			t.Fatalf("ParseShardID(%q) = %d, %v; want %d", id, got, ok, i)
		}
	}
}

func TestParseShardIDRejectsOtherIDs(t *testing.T) {
	for _, id := range []string{
		"",
		"shardId-",
		"shardId-00000000001",   // 11 digits
		"shardId-0000000000001", // 13 digits
		"shardid-000000000001",
		"ShardId-000000000001",
		"shard-Id000000000001",
		"shardId-00000000000a",
		"shardId-+00000000001",
		"shardId--00000000001",
		"shardId-0000 0000001",
		" shardId-00000000001",
		"000000000001shardId-",
	} {
		if i, ok := record.ParseShardID(id); ok {
			t.Errorf("ParseShardID(%q) = %d, true; want false", id, i)
		}
	}
}

func TestPartitionKeyLengthCountsUTF16Units(t *testing.T) {
	for _, c := range []struct {
		key  string
		want int
	}{
		{"", 0},
		{"a", 1},
		{"abc", 3},
		{"é", 1},          // 2 UTF-8 bytes, 1 UTF-16 unit
		{"日本", 2},         // 3 UTF-8 bytes each
		{"😀", 2},          // 4 UTF-8 bytes, a surrogate pair
		{"a😀b", 4},        // 1 + 2 + 1
		{"𝄞𠜎", 4},         // supplementary planes
		{"\uffff", 1},     // the last BMP code point
		{"\U00010000", 2}, // the first supplementary one
		{"\xff", 1},       // an invalid byte counts one
		{"\xe6\x97", 2},   // a truncated 3-byte sequence: two invalid bytes
		{"a\x80b", 3},
	} {
		if got := record.PartitionKeyLength(c.key); got != c.want {
			t.Errorf("PartitionKeyLength(%q) = %d, want %d", c.key, got, c.want)
		}
	}
	// Against an independent count for random valid keys: the length of the UTF-16 encoding.
	r := rand.New(rand.NewPCG(19, 20))
	for range 3000 {
		k := randomPartitionKey(r)
		if got, want := record.PartitionKeyLength(k), len(utf16.Encode([]rune(k))); got != want {
			t.Fatalf("PartitionKeyLength(%q) = %d, want %d UTF-16 units", k, got, want)
		}
	}
}

func TestValidPartitionKeyHas1To256Characters(t *testing.T) {
	for _, c := range []struct {
		name string
		key  string
		want bool
	}{
		{"0 chars", "", false},
		{"1 char", "k", true},
		{"255 chars", strings.Repeat("k", 255), true},
		{"256 chars", strings.Repeat("k", 256), true},
		{"257 chars", strings.Repeat("k", 257), false},
		{"1024 chars", strings.Repeat("k", 1024), false},
		{"2000 chars", strings.Repeat("k", 2000), false},
		{"256 2-byte runes", strings.Repeat("é", 256), true},
		{"257 2-byte runes", strings.Repeat("é", 257), false},
		{"256 3-byte runes", strings.Repeat("日", 256), true}, // 768 bytes, 256 characters
		{"257 3-byte runes", strings.Repeat("日", 257), false},
		{"128 4-byte runes", strings.Repeat("😀", 128), true}, // 512 bytes, 256 UTF-16 units
		{"129 4-byte runes", strings.Repeat("😀", 129), false},
		{"256 4-byte runes", strings.Repeat("😀", 256), false}, // 1,024 bytes, 512 UTF-16 units
		{"255 chars + 1 4-byte rune", strings.Repeat("k", 255) + "😀", false},
		{"254 chars + 1 4-byte rune", strings.Repeat("k", 254) + "😀", true},
	} {
		if got := record.ValidPartitionKey(c.key); got != c.want {
			t.Errorf("ValidPartitionKey(%s: %d bytes, length %d) = %v, want %v",
				c.name, len(c.key), record.PartitionKeyLength(c.key), got, c.want)
		}
	}
}

func TestValidPartitionKeyAgreesWithLength(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for range 3000 {
		k := randomPartitionKey(r)
		if r.IntN(3) == 0 {
			k += randomPartitionKey(r) // up to 512 characters
		}
		n := len(utf16.Encode([]rune(k)))
		if got, want := record.ValidPartitionKey(k), n >= 1 && n <= 256; got != want {
			t.Fatalf("ValidPartitionKey(%d UTF-16 units) = %v, want %v", n, got, want)
		}
	}
}

func TestRecordSizeIsDataPlusUTF8KeyBytes(t *testing.T) {
	for _, c := range []struct {
		data []byte
		key  string
		want int
	}{
		{nil, "k", 1},
		{make([]byte, 1000), "key", 1003},
		{[]byte("x"), "😀", 5},
		{make([]byte, 1<<20), strings.Repeat("日", 256), 1<<20 + 768},
	} {
		r := record.Record{Data: c.data, PartitionKey: c.key, ExplicitHashKey: "12345"}
		if got := r.Size(); got != c.want {
			t.Errorf("Size(%d data bytes, key %d bytes) = %d, want %d", len(c.data), len(c.key), got, c.want)
		}
	}
}
