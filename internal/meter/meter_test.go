package meter_test

// Per-minute meters as a second service uses them, with no import of package stream: counters of its own type,
// instants passed in.

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/meter"
)

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// counts is a service's per-minute value.
type counts struct{ Calls, Bytes int64 }

func (c *counts) add(src *counts) { c.Calls += src.Calls; c.Bytes += src.Bytes }

func addInt(dst, src *int) { *dst += *src }

func minutes(m *meter.Meter[int]) []int64 {
	var got []int64
	for _, b := range m.Buckets() {
		got = append(got, b.Minute)
	}
	return got
}

func TestMinuteOfRoundsDown(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want int64
	}{
		{time.Unix(0, 0), 0},
		{time.Unix(59, 999999999), 0},
		{time.Unix(60, 0), 1},
		{time.Unix(-1, 999999999), -1}, // 1ns before the epoch
		{time.Unix(-1, 0), -1},
		{time.Unix(-60, 0), -1},
		{time.Unix(-61, 0), -2},
		{time.Unix(-120, 0), -2},
		{t0.Add(90 * time.Second), t0.Unix()/60 + 1},
		{t0.In(time.FixedZone("UTC+5", 5*3600)), t0.Unix() / 60}, // the zone does not matter
		{time.Unix(1<<50, 0), (1 << 50) / 60},
		{time.Unix(-1<<50, 0), -(1<<50)/60 - 1},
	} {
		if got := meter.MinuteOf(c.t); got != c.want {
			t.Errorf("MinuteOf(%v) = %d, want %d", c.t, got, c.want)
		}
	}
}

func TestStartOfIsTheFirstInstantOfTheMinuteInUTC(t *testing.T) {
	for _, tm := range []time.Time{t0, t0.Add(59 * time.Second), time.Unix(-1, 5), time.Unix(-61, 0), time.Unix(1<<50, 7)} {
		m := meter.MinuteOf(tm)
		start := meter.StartOf(m)
		if start.After(tm) || !meter.StartOf(m+1).After(tm) {
			t.Errorf("%v is not in minute %d = [%v, %v)", tm, m, start, meter.StartOf(m+1))
		}
		if start.Location() != time.UTC || start.Second() != 0 || start.Nanosecond() != 0 {
			t.Errorf("StartOf(%d) = %v, want a whole minute in UTC", m, start)
		}
		if meter.MinuteOf(start) != m {
			t.Errorf("MinuteOf(StartOf(%d)) = %d", m, meter.MinuteOf(start))
		}
	}
}

func TestAtReturnsOneBucketPerMinute(t *testing.T) {
	m := meter.Meter[counts]{Window: 60}
	m.At(t0).Calls++
	m.At(t0.Add(59*time.Second)).Calls++
	m.At(t0.Add(time.Minute)).Calls += 5
	b := m.Buckets()
	if len(b) != 2 || b[0].Value.Calls != 2 || b[1].Value.Calls != 5 {
		t.Fatalf("buckets = %+v, want 2 calls then 5", b)
	}
	if b[0].Minute != meter.MinuteOf(t0) || b[1].Minute != meter.MinuteOf(t0)+1 {
		t.Fatalf("buckets of minutes %d and %d, want %d and %d", b[0].Minute, b[1].Minute, meter.MinuteOf(t0), meter.MinuteOf(t0)+1)
	}
}

func TestAtEarlierThanTheNewestBucketCountsInTheNewest(t *testing.T) {
	m := meter.Meter[int]{Window: 60}
	*m.At(t0.Add(2 * time.Minute)) += 1
	*m.At(t0) += 10 // a call that read the clock before the minute changed
	b := m.Buckets()
	if len(b) != 1 || b[0].Minute != meter.MinuteOf(t0)+2 || b[0].Value != 11 {
		t.Fatalf("buckets = %+v, want one of minute +2 holding 11", b)
	}
}

func TestAtDropsBucketsOlderThanTheWindow(t *testing.T) {
	m := meter.Meter[int]{Window: 3}
	base := meter.MinuteOf(t0)
	for i := range 5 {
		*m.At(t0.Add(time.Duration(i) * time.Minute)) = i
	}
	if got, want := minutes(&m), []int64{base + 2, base + 3, base + 4}; !slices.Equal(got, want) {
		t.Fatalf("kept minutes %v, want %v (the window holds the current minute and the 2 before)", got, want)
	}
	*m.At(t0.Add(100 * time.Minute)) = 100 // after an idle gap, nothing older is kept
	if got, want := minutes(&m), []int64{base + 100}; !slices.Equal(got, want) {
		t.Fatalf("kept minutes %v, want %v", got, want)
	}
	if n := len(m.Buckets()); n > int(m.Window) {
		t.Fatalf("%d buckets kept for a window of %d", n, m.Window)
	}
}

func TestTheZeroMeterSumsNothing(t *testing.T) {
	var m meter.Meter[int]
	*m.At(t0) += 3 // At still gives a bucket to add to
	*m.At(t0) += 4
	sp := meter.Span{From: meter.MinuteOf(t0) - 10, To: meter.MinuteOf(t0) + 1, Period: 1}
	out := make([]int, sp.Len())
	m.Sum(sp, t0, out, addInt)
	if slices.ContainsFunc(out, func(v int) bool { return v != 0 }) {
		t.Fatalf("a Meter with no window summed %v", out)
	}
}

func TestNewSpanDefaultsToOneMinutePeriodsEndingNow(t *testing.T) {
	now := t0.Add(10 * time.Hour)
	sp, err := meter.NewSpan(now, now.Add(-5*time.Minute), time.Time{}, 0, 60)
	if err != nil {
		t.Fatal(err)
	}
	want := meter.Span{From: meter.MinuteOf(now) - 5, To: meter.MinuteOf(now) + 1, Period: 1, Asked: 6}
	if sp != want {
		t.Fatalf("NewSpan = %+v, want %+v", sp, want)
	}
	if sp.Len() != 6 {
		t.Fatalf("Len = %d, want 6 (the 5 minutes before now, and now's)", sp.Len())
	}
	for i := range sp.Len() {
		if got, want := sp.Start(i), meter.StartOf(sp.From+int64(i)); !got.Equal(want) {
			t.Fatalf("Start(%d) = %v, want %v", i, got, want)
		}
	}
}

func TestNewSpanRefusesMalformedQueries(t *testing.T) {
	now := t0.Add(10 * time.Hour)
	for _, c := range []struct {
		name       string
		start, end time.Time
		period     time.Duration
	}{
		{"no start", time.Time{}, now, time.Minute},
		{"start a minute after the end", now, now.Add(-time.Minute), time.Minute},
		{"start after now, no end", now.Add(time.Minute), time.Time{}, time.Minute},
		{"period of 30s", now.Add(-time.Hour), now, 30 * time.Second},
		{"period of 90s", now.Add(-time.Hour), now, 90 * time.Second},
		{"negative period", now.Add(-time.Hour), now, -time.Minute},
	} {
		if _, err := meter.NewSpan(now, c.start, c.end, c.period, 60); !errors.Is(err, meter.ErrSpan) {
			t.Errorf("%s: err = %v, want ErrSpan", c.name, err)
		}
	}
	// Within one minute, the end may come before the start: the span is that minute.
	sp, err := meter.NewSpan(now, now.Add(10*time.Second), now.Add(5*time.Second), time.Minute, 60)
	if err != nil || sp.Len() != 1 {
		t.Fatalf("start and end in one minute: %+v, %v; want one period", sp, err)
	}
}

func TestSpanIsClampedToTheKeptWindow(t *testing.T) {
	now := t0.Add(10 * time.Hour)
	const window = 60
	kept := meter.MinuteOf(now) - window + 1
	sp, err := meter.NewSpan(now, now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0), time.Minute, window)
	if err != nil {
		t.Fatal(err)
	}
	asked := meter.MinuteOf(now.AddDate(1, 0, 0)) + 1 - meter.MinuteOf(now.AddDate(-1, 0, 0))
	if want := (meter.Span{From: kept, To: meter.MinuteOf(now) + 1, Period: 1, Asked: asked}); sp != want {
		t.Fatalf("a span from a year ago to a year ahead = %+v, want the kept window %+v", sp, want)
	}
}

func TestClampingKeepsTheAlignmentOfTheStart(t *testing.T) {
	now := t0.Add(10 * time.Hour)
	const window = 60
	kept := meter.MinuteOf(now) - window + 1
	start := now.Add(-3*time.Hour - 2*time.Minute)
	sp, err := meter.NewSpan(now, start, now, 7*time.Minute, window)
	if err != nil {
		t.Fatal(err)
	}
	if (sp.From-meter.MinuteOf(start))%7 != 0 {
		t.Fatalf("From = %d is not a whole number of 7-minute periods after the start %d", sp.From, meter.MinuteOf(start))
	}
	if sp.From > kept || sp.From+7 <= kept {
		t.Fatalf("From = %d, want the period holding the window's first minute %d", sp.From, kept)
	}
}

func TestSpansOfAnyLengthHaveAtMostAWindowOfPeriods(t *testing.T) {
	const window = 24 * 60
	far := int64(1) << 50
	nows := []time.Time{t0, time.Unix(far, 0), time.Unix(-far, 0)}
	periods := []time.Duration{time.Minute, 5 * time.Minute, 7 * time.Minute, time.Hour, 24 * time.Hour, 1000 * time.Hour, 1<<63 - 1 - (1<<63-1)%time.Minute}
	checked := 0
	for _, now := range nows {
		starts := []time.Time{time.Unix(-far, 0), now.AddDate(-30, 0, 0), now.Add(-window * time.Minute), now.Add(-time.Minute)}
		ends := []time.Time{{}, now, now.AddDate(30, 0, 0), time.Unix(far, 0)}
		for _, start := range starts {
			for _, end := range ends {
				for _, period := range periods {
					sp, err := meter.NewSpan(now, start, end, period, window)
					if err != nil {
						continue // an end before the start
					}
					checked++
					p := int64(period / time.Minute)
					bound := (window+p-1)/p + 1 // ⌈window/p⌉ + 1: the first period may begin before the window
					if window%p == 0 {
						bound = window/p + 1
					}
					if n := sp.Len(); n < 0 || int64(n) > bound {
						t.Fatalf("now %v, [%v, %v] in periods of %v: %d periods, want at most %d", now, start, end, period, n, bound)
					}
					if sp.Len() > 0 && (sp.From-meter.MinuteOf(start))%p != 0 {
						t.Fatalf("now %v, start %v, period %v: From %d lost the start's alignment", now, start, period, sp.From)
					}
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d spans were valid", checked)
	}
}

func TestSpansOutsideTheWindowHaveNoPeriods(t *testing.T) {
	now := t0.Add(10 * time.Hour)
	for _, c := range []struct {
		name       string
		start, end time.Time
	}{
		{"before the window", now.Add(-5 * time.Hour), now.Add(-2 * time.Hour)},
		{"after now", now.Add(time.Hour), now.Add(2 * time.Hour)},
	} {
		sp, err := meter.NewSpan(now, c.start, c.end, 5*time.Minute, 60)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if sp.Len() != 0 {
			t.Fatalf("%s: %d periods, want none", c.name, sp.Len())
		}
	}
}

func TestSumAddsTheBucketsIntoTheirPeriods(t *testing.T) {
	m := meter.Meter[counts]{Window: 60}
	now := t0.Add(10 * time.Hour)
	for _, ago := range []int{59, 31, 30, 29, 3, 1, 0, 0} {
		b := m.At(now.Add(-time.Duration(ago) * time.Minute))
		b.Calls++
		b.Bytes += int64(ago)
	}
	sp, err := meter.NewSpan(now, now.Add(-30*time.Minute), now, 10*time.Minute, m.Window)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]counts, sp.Len())
	m.Sum(sp, now, out, (*counts).add)
	// Periods from -30m: [-30,-20) holds -30 and -29; [-20,-10) nothing; [-10,0) -3 and -1; [0,10) the two of now.
	want := []counts{{2, 59}, {}, {2, 4}, {2, 0}}
	if !slices.Equal(out, want) {
		t.Fatalf("Sum = %v, want %v", out, want)
	}
}

func TestSumSkipsBucketsThatLeftTheWindow(t *testing.T) {
	m := meter.Meter[int]{Window: 60}
	now := t0.Add(10 * time.Hour)
	for _, ago := range []int{59, 58, 0} {
		*m.At(now.Add(-time.Duration(ago) * time.Minute)) += 1
	}
	later := now.Add(time.Minute) // nothing counted since: the bucket of -59 is still held, but out of the window
	sp := meter.Span{From: meter.MinuteOf(now) - 59, To: meter.MinuteOf(later) + 1, Period: 1}
	out := make([]int, sp.Len())
	m.Sum(sp, later, out, addInt)
	if out[0] != 0 || out[1] != 1 || out[59] != 1 {
		t.Fatalf("Sum at a minute later = %v, want the -59 bucket left out", out)
	}
}

func TestSumOfAnEmptySpanTouchesNothing(t *testing.T) {
	m := meter.Meter[int]{Window: 60}
	*m.At(t0) = 1
	m.Sum(meter.Span{}, t0, nil, addInt) // no periods: no division, no index
	sp, _ := meter.NewSpan(t0, t0.Add(time.Hour), t0.Add(2*time.Hour), time.Minute, 60)
	m.Sum(sp, t0, make([]int, sp.Len()), addInt)
}

// Asked is the number of periods of the query as given, for any two instants: a span of ±2^50 s (or from the
// earliest to the latest instant time.Unix makes) is counted exactly, and clamped to the window.
func TestSpanAskedCountsThePeriodsAsGivenWithoutOverflow(t *testing.T) {
	now := t0.Add(10 * time.Hour)
	const window = 60
	for _, c := range []struct {
		name       string
		start, end time.Time
		period     time.Duration
		asked      int64
	}{
		{"±2^50 s", time.Unix(-1<<50, 0), time.Unix(1<<50, 0), time.Minute, meter.MinuteOf(time.Unix(1<<50, 0)) + 1 - meter.MinuteOf(time.Unix(-1<<50, 0))},
		{"int64 seconds", time.Unix(math.MinInt64, 0), time.Unix(math.MaxInt64, 0), time.Minute, math.MaxInt64/60 + 1 - (math.MinInt64/60 - 1)},
		{"a day in 5-minute periods", now.Add(-24 * time.Hour), now.Add(-time.Nanosecond), 5 * time.Minute, 24 * 12},
		{"a day and its last minute", now.Add(-24 * time.Hour), now, time.Minute, 24*60 + 1},
		{"ten days in daily periods", t0.Add(-10 * 24 * time.Hour), t0.Add(-time.Nanosecond), 24 * time.Hour, 10},
		{"the longest period", time.Unix(math.MinInt64, 0), time.Unix(math.MaxInt64, 0), math.MaxInt64 / time.Minute * time.Minute, 2000000004},
	} {
		sp, err := meter.NewSpan(now, c.start, c.end, c.period, window)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if sp.Asked != c.asked || sp.Len() > window {
			t.Errorf("%s: Asked %d, Len %d; want Asked %d and at most %d periods", c.name, sp.Asked, sp.Len(), c.asked, window)
		}
	}
}

// A metrics call is refused as CloudWatch's GetMetricStatistics refuses it (CloudWatch API Reference,
// GetMetricStatistics: "The maximum number of data points returned from a single call is 1,440"): more than 1,440
// periods asked for is InvalidParameterCombination; a malformed span is InvalidArgument.
func TestQueryRefusesMoreThan1440DatapointsAndMalformedSpans(t *testing.T) {
	now := t0.Add(48 * time.Hour)
	if sp, err := meter.Query(now, now.Add(-1439*time.Minute), now, 0, meter.RetentionMinutes); err != nil || sp.Asked != 1440 {
		t.Fatalf("a day of minutes: %+v, %v; want 1,440 periods", sp, err)
	}
	_, err := meter.Query(now, now.Add(-1440*time.Minute), now, 0, meter.RetentionMinutes)
	if !errors.Is(err, apierr.InvalidParameterCombination) {
		t.Fatalf("1,441 periods: err = %v, want InvalidParameterCombination", err)
	}
	for _, c := range []struct {
		name   string
		start  time.Time
		period time.Duration
	}{{"no start", time.Time{}, 0}, {"start after the end", now.Add(time.Hour), 0}, {"period of 90s", now.Add(-time.Hour), 90 * time.Second}} {
		if _, err := meter.Query(now, c.start, now, c.period, meter.RetentionMinutes); !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("%s: err = %v, want InvalidArgument", c.name, err)
		}
	}
}
