package fragment

import (
	"errors"
	"iter"
	"sort"
	"strconv"
	"strings"
	"time"
)

// NumberDigits is the length of the fragment numbers an [Index] gives: decimal strings as long as AWS's
// (e.g. "91343852333181432392682062607743920146264307386", 47 digits; Kinesis Video Streams API Reference,
// Fragment: FragmentNumber, pattern ^[0-9]+$, 1–128 characters). All have the same length, so that their string
// order is their numeric order, the order of ingestion.
const NumberDigits = 47

// seqDigits is how many of the digits count fragments; the others are the stream's prefix.
const seqDigits = 20

// Fragment is one fragment of a stream: a cluster of a PutMedia connection with its metadata, and the media it
// carries (of the shell's type M).
type Fragment[M any] struct {
	// Seq is the fragment's ordinal in its stream, from 1; [Index.Number] spells it as AWS's FragmentNumber.
	Seq uint64
	// ProducerTimestamp is the start of the fragment by the producer's clock (the cluster's timecode),
	// ServerTimestamp when the service began receiving it.
	ProducerTimestamp, ServerTimestamp time.Time
	// Duration is the fragment's length (FragmentLengthInMilliseconds).
	Duration time.Duration
	// Size is the fragment's size in bytes (FragmentSizeInBytes), what retention's byte limit counts.
	Size int64
	// Media is the fragment's content.
	Media M
}

// Index is the fragments of one stream in ingestion order, looked up by number and by time, and expired by
// retention. It is a pure core: given now, it starts nothing and reads no clock.
//
// An Index is not safe for concurrent use: its owner (a stream of package video) guards it. Fragments are values;
// the media they share is the caller's to keep immutable.
type Index[M any] struct {
	prefix string // the number's first NumberDigits-seqDigits digits
	frags  []Fragment[M]
	head   int           // frags[:head] are expired, zeroed, waiting for compaction
	next   uint64        // the Seq of the next fragment
	bytes  int64         // sum of Size of the live fragments
	maxDur time.Duration // the longest Duration appended
}

// New returns an empty index whose fragment numbers begin with a prefix drawn from seed (every stream its own).
func New[M any](seed uint64) *Index[M] {
	s := strconv.FormatUint(seed, 10) // at most 20 digits
	p := "9134385" + strings.Repeat("0", 20-len(s)) + s
	return &Index[M]{prefix: p, next: 1}
}

// Number returns the fragment number of seq.
func (x *Index[M]) Number(seq uint64) string {
	var b [NumberDigits]byte
	copy(b[:], x.prefix)
	s := strconv.AppendUint(b[len(x.prefix):len(x.prefix)], seq, 10)
	pad := seqDigits - len(s)
	copy(b[len(x.prefix)+pad:], s)
	for i := len(x.prefix); i < len(x.prefix)+pad; i++ {
		b[i] = '0'
	}
	return string(b[:])
}

// ErrNumber is returned by [Index.Parse] for a string that is not a fragment number of this index.
var ErrNumber = errors.New("fragment: not a fragment number of this stream")

// Parse returns the Seq of a fragment number of this index (expired or not, or not yet given).
func (x *Index[M]) Parse(number string) (uint64, error) {
	if len(number) != NumberDigits || number[:len(x.prefix)] != x.prefix {
		return 0, ErrNumber
	}
	seq, err := strconv.ParseUint(number[len(x.prefix):], 10, 64)
	if err != nil || seq == 0 {
		return 0, ErrNumber
	}
	return seq, nil
}

// Append adds a fragment, giving it the next Seq, and returns it. The caller keeps server timestamps
// non-decreasing (they are the service's clock).
func (x *Index[M]) Append(f Fragment[M]) Fragment[M] {
	f.Seq = x.next
	x.next++
	x.frags = append(x.frags, f)
	x.bytes += f.Size
	x.maxDur = max(x.maxDur, f.Duration)
	return f
}

// Len returns the number of live fragments; Bytes their total size.
func (x *Index[M]) Len() int     { return len(x.frags) - x.head }
func (x *Index[M]) Bytes() int64 { return x.bytes }

// live returns the live fragments, oldest first.
func (x *Index[M]) live() []Fragment[M] { return x.frags[x.head:] }

// NextSeq returns the Seq the next appended fragment will have.
func (x *Index[M]) NextSeq() uint64 { return x.next }

// FirstSeq returns the Seq of the oldest live fragment (NextSeq when there is none).
func (x *Index[M]) FirstSeq() uint64 {
	if l := x.live(); len(l) > 0 {
		return l[0].Seq
	}
	return x.next
}

// Get returns the live fragment seq.
func (x *Index[M]) Get(seq uint64) (Fragment[M], bool) {
	l := x.live()
	if len(l) == 0 || seq < l[0].Seq || seq >= x.next {
		return Fragment[M]{}, false
	}
	return l[seq-l[0].Seq], true
}

// Last returns the newest live fragment.
func (x *Index[M]) Last() (Fragment[M], bool) {
	l := x.live()
	if len(l) == 0 {
		return Fragment[M]{}, false
	}
	return l[len(l)-1], true
}

// TimeKind names the timestamp a lookup goes by.
type TimeKind int

const (
	ServerTime   TimeKind = iota // ServerTimestamp
	ProducerTime                 // ProducerTimestamp
)

func at[M any](k TimeKind, f *Fragment[M]) time.Time {
	if k == ProducerTime {
		return f.ProducerTimestamp
	}
	return f.ServerTimestamp
}

// SeekTime returns the Seq of the first live fragment that contains t (starts at or before t and lasts past
// it) or, if none does, that starts after t; NextSeq when every live fragment ends at or before t. Server
// timestamps are in order, so the search is binary; producer timestamps are searched in order of ingestion.
func (x *Index[M]) SeekTime(k TimeKind, t time.Time) uint64 {
	l := x.live()
	if k == ServerTime {
		i := sort.Search(len(l), func(i int) bool { return l[i].ServerTimestamp.After(t) })
		// the first fragment containing t starts after t − the longest duration and before i
		from := t.Add(-x.maxDur)
		for j := sort.Search(i, func(j int) bool { return !l[j].ServerTimestamp.Before(from) }); j < i; j++ {
			if l[j].ServerTimestamp.Add(l[j].Duration).After(t) {
				i = j
				break
			}
		}
		if i < len(l) {
			return l[i].Seq
		}
		return x.next
	}
	for i := range l {
		s := at(k, &l[i])
		if !s.After(t) && s.Add(l[i].Duration).After(t) || s.After(t) {
			return l[i].Seq
		}
	}
	return x.next
}

// Range returns the live fragments whose start (by k) lies in [start, end], both inclusive, in ingestion order
// from the fragment from on (ListFragments' TimestampRange: "fragments that start … within the range").
func (x *Index[M]) Range(k TimeKind, start, end time.Time, from uint64) iter.Seq[Fragment[M]] {
	return func(yield func(Fragment[M]) bool) {
		l := x.live()
		i := 0
		if len(l) > 0 && from > l[0].Seq {
			i = int(min(from-l[0].Seq, uint64(len(l))))
		}
		for ; i < len(l); i++ {
			s := at(k, &l[i])
			if s.Before(start) || s.After(end) {
				continue
			}
			if !yield(l[i]) {
				return
			}
		}
	}
}

// Expire drops the oldest fragments whose server timestamp is at or before now − maxAge (a fragment lives maxAge), and then the oldest while
// the live fragments hold more than maxBytes (0: no byte limit). It returns how many it dropped. Their slots are
// zeroed at once, so their media is garbage once no reader holds it, and the slice is compacted when half of it
// is expired.
func (x *Index[M]) Expire(now time.Time, maxAge time.Duration, maxBytes int64) int {
	cut := now.Add(-maxAge)
	n := 0
	for x.head < len(x.frags) {
		f := &x.frags[x.head]
		if f.ServerTimestamp.After(cut) && (maxBytes <= 0 || x.bytes <= maxBytes) {
			break
		}
		x.bytes -= f.Size
		*f = Fragment[M]{}
		x.head++
		n++
	}
	if x.head > 0 && x.head >= len(x.frags)/2 {
		live := make([]Fragment[M], len(x.frags)-x.head, max(len(x.frags)-x.head, 8))
		copy(live, x.frags[x.head:])
		x.frags, x.head = live, 0
	}
	return n
}

// NextExpiry returns when the oldest live fragment becomes older than maxAge.
func (x *Index[M]) NextExpiry(maxAge time.Duration) (time.Time, bool) {
	l := x.live()
	if len(l) == 0 {
		return time.Time{}, false
	}
	return l[0].ServerTimestamp.Add(maxAge), true
}

// Clear drops every fragment (a stream deleted).
func (x *Index[M]) Clear() {
	x.frags, x.head, x.bytes = nil, 0, 0
}
