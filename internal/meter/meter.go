package meter

import (
	"errors"
	"time"
)

// MinuteOf returns the number of the minute holding t (minutes since the Unix epoch, rounded down).
func MinuteOf(t time.Time) int64 {
	s := t.Unix()
	if s < 0 && s%60 != 0 {
		return s/60 - 1
	}
	return s / 60
}

// StartOf returns the first instant of minute m, in UTC.
func StartOf(m int64) time.Time { return time.Unix(m*60, 0).UTC() }

// Bucket is one minute's value.
type Bucket[T any] struct {
	Minute int64
	Value  T
}

// Meter holds the per-minute values T of one counted thing (a shard, a delivery stream), for the last Window
// minutes. It is guarded by its owner's lock. Set Window first: with the zero value's Window of 0, [Meter.At]
// still returns a bucket to add to, but no minute is kept for [Meter.Sum].
type Meter[T any] struct {
	// Window is how many minutes are kept, the current one included.
	Window  int64
	buckets []Bucket[T] // oldest first
}

// At returns the value of now's minute, to add to. A now earlier than the newest bucket's minute (calls racing
// across a minute boundary) counts in the newest bucket.
func (m *Meter[T]) At(now time.Time) *T {
	min := MinuteOf(now)
	if n := len(m.buckets); n > 0 && m.buckets[n-1].Minute >= min {
		return &m.buckets[n-1].Value
	}
	drop := 0
	for drop < len(m.buckets) && m.buckets[drop].Minute <= min-m.Window {
		drop++
	}
	if drop > 0 {
		m.buckets = append(m.buckets[:0], m.buckets[drop:]...)
	}
	m.buckets = append(m.buckets, Bucket[T]{Minute: min})
	return &m.buckets[len(m.buckets)-1].Value
}

// Buckets returns the kept buckets, oldest first. The slice is the meter's own: read it under the owner's lock
// and do not keep it.
func (m *Meter[T]) Buckets() []Bucket[T] { return m.buckets }

// Span is a query over whole minutes: the periods of Period minutes starting at minute From, up to minute To
// (exclusive).
type Span struct {
	From, To, Period int64
	// Asked is the number of periods of the query as given, before it was clamped to the window and to now: what
	// CloudWatch counts against its limit of datapoints per call. It is exact for any two instants.
	Asked int64
}

// ErrSpan reports a query with no start, whose start is in a later minute than its end, or whose period is not
// a whole number of minutes.
var ErrSpan = errors.New("meter: the span must start before it ends, in periods of whole minutes")

// NewSpan makes the query of [start, end] in periods of period, clamped to the window kept at now: minutes
// before the window and after now hold nothing, so they are not asked for, and the number of periods is bounded
// by the window whatever the span; [Span.Asked] keeps the number of periods asked for. Periods stay aligned to
// start. A zero end means now; a zero period one minute. A span with nothing left after clamping has no periods.
func NewSpan(now, start, end time.Time, period time.Duration, window int64) (Span, error) {
	if period == 0 {
		period = time.Minute
	}
	if period < time.Minute || period%time.Minute != 0 {
		return Span{}, ErrSpan
	}
	if end.IsZero() {
		end = now
	}
	if start.IsZero() || MinuteOf(start) > MinuteOf(end) {
		return Span{}, ErrSpan
	}
	p := int64(period / time.Minute)
	from, to := MinuteOf(start), MinuteOf(end)+1
	// Minutes are within ±2^63/60, so to−from and the rounding up cannot overflow.
	asked := (to - from + p - 1) / p
	kept, cur := MinuteOf(now)-window+1, MinuteOf(now)+1
	if to > cur {
		to = cur
	}
	if from < kept {
		from += (kept - from) / p * p // the period holding kept: alignment stays that of start
	}
	if to < from {
		to = from
	}
	return Span{From: from, To: to, Period: p, Asked: asked}, nil
}

// Len returns the number of periods.
func (sp Span) Len() int { return int((sp.To - sp.From + sp.Period - 1) / sp.Period) }

// Start returns the first instant of period i.
func (sp Span) Start(i int) time.Time { return StartOf(sp.From + int64(i)*sp.Period) }

// Sum adds, with add, the buckets inside the span (and inside the window at now) to out, one element per period;
// out has [Span.Len] elements.
func (m *Meter[T]) Sum(sp Span, now time.Time, out []T, add func(dst, src *T)) {
	kept := MinuteOf(now) - m.Window + 1
	for i := range m.buckets {
		b := &m.buckets[i]
		if b.Minute < sp.From || b.Minute >= sp.To || b.Minute < kept {
			continue
		}
		add(&out[(b.Minute-sp.From)/sp.Period], &b.Value)
	}
}
