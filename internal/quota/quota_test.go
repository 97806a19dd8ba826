package quota_test

// The rolling-window limit as a second service uses it, with no import of package stream: instants are passed
// in, so virtual time is just time.Time arithmetic.

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kinesim/kinesim/internal/quota"
)

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func TestDayIsARolling24Hours(t *testing.T) {
	if quota.Day != 24*time.Hour {
		t.Fatalf("Day = %v, want 24h", quota.Day)
	}
}

func TestTenCallsPerRollingDay(t *testing.T) {
	r := quota.Rolling{Max: 10, Window: quota.Day}
	for i := range 10 {
		now := t0.Add(time.Duration(i) * time.Hour)
		if r.Full(now) {
			t.Fatalf("call %d at +%dh refused, want allowed", i+1, i)
		}
		r.Take(now)
	}
	if !r.Full(t0.Add(10 * time.Hour)) {
		t.Fatal("the 11th call within the day allowed, want refused")
	}
	if !r.Full(t0.Add(quota.Day - time.Nanosecond)) {
		t.Fatal("a call 1ns before the first call leaves the window allowed")
	}
	if r.Full(t0.Add(quota.Day)) {
		t.Fatal("a call exactly a day after the first refused: the first has left the window")
	}
	r.Take(t0.Add(quota.Day))
	if !r.Full(t0.Add(quota.Day)) {
		t.Fatal("the window holds 10 calls again, yet a call is allowed")
	}
	if got := r.Used(t0.Add(quota.Day + 9*time.Hour)); got != 1 {
		t.Fatalf("Used 33h after the start = %d, want 1 (the call at +24h)", got)
	}
}

func TestFullChangesNothingTheCallerCanSee(t *testing.T) {
	r := quota.Rolling{Max: 2, Window: time.Minute}
	r.Take(t0)
	for range 5 {
		if r.Full(t0) {
			t.Fatal("Full with 1 of 2 calls used")
		}
	}
	if got := r.Used(t0); got != 1 {
		t.Fatalf("Used = %d after calls of Full, want 1", got)
	}
}

func TestUsedCountsTheCallsInTheWindowEndingAtNow(t *testing.T) {
	r := quota.Rolling{Max: 100, Window: time.Hour}
	for i := range 6 {
		r.Take(t0.Add(time.Duration(i) * 10 * time.Minute))
	}
	for _, c := range []struct {
		at   time.Duration
		want int
	}{
		{50 * time.Minute, 6},
		{time.Hour - time.Nanosecond, 6},
		{time.Hour, 5},
		{time.Hour + 25*time.Minute, 3},
		{2 * time.Hour, 0},
	} {
		if got := r.Used(t0.Add(c.at)); got != c.want {
			t.Errorf("Used(+%v) = %d, want %d", c.at, got, c.want)
		}
	}
}

func TestZeroMaxRefusesEveryCall(t *testing.T) {
	for _, max := range []int{0, -1} {
		r := quota.Rolling{Max: max, Window: quota.Day}
		if !r.Full(t0) {
			t.Fatalf("Max %d: a call allowed", max)
		}
	}
}

func TestZeroWindowForgetsEveryCall(t *testing.T) {
	r := quota.Rolling{Max: 1}
	r.Take(t0)
	if r.Full(t0) || r.Used(t0) != 0 {
		t.Fatal("a Rolling with no window keeps a call")
	}
}

func TestAnEarlierNowStillCountsLaterCalls(t *testing.T) {
	// Calls racing across the clock: the one that read the clock first takes last. The later call is not
	// forgotten by the earlier instant.
	r := quota.Rolling{Max: 2, Window: time.Hour}
	r.Take(t0.Add(time.Minute))
	if r.Full(t0) || r.Used(t0) != 1 {
		t.Fatalf("Used at an earlier instant = %d, want 1", r.Used(t0))
	}
	r.Take(t0)
	if !r.Full(t0) {
		t.Fatal("two calls in the hour, yet a third is allowed")
	}
}

func TestInstantsCenturiesApartDoNotOverflow(t *testing.T) {
	// time.Time.Sub saturates at the largest Duration (292 years) instead of wrapping around.
	year1, year9999 := time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	r := quota.Rolling{Max: 1, Window: math.MaxInt64}
	r.Take(year1)
	if !r.Full(year1.Add(200 * 365 * 24 * time.Hour)) {
		t.Fatal("a call 200 years ago is outside a 292-year window")
	}
	if r.Full(year9999) {
		t.Fatal("a call 9998 years ago fills a 292-year window")
	}
	day := quota.Rolling{Max: 1, Window: quota.Day}
	day.Take(year9999)
	if !day.Full(year1) {
		t.Fatal("seen from 9998 years before it, a call left the window (the difference wrapped around)")
	}
}

func TestSteadyUseAllocatesNothing(t *testing.T) {
	// The kept instants are bounded by Max: calls that leave the window free their room for the next.
	r := quota.Rolling{Max: 10, Window: time.Hour}
	now := t0
	step := func() {
		now = now.Add(7 * time.Minute)
		if !r.Full(now) {
			r.Take(now)
		}
		_ = r.Used(now)
	}
	for range 100 {
		step()
	}
	if n := testing.AllocsPerRun(1000, step); n != 0 {
		t.Fatalf("a steady call allocates %v times, want 0", n)
	}
}

// The limit agrees with a model that counts, for every call, the calls taken in the Window before it.
func TestRollingAgreesWithCountingTheWindow(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		r := quota.Rolling{Max: 1 + rng.IntN(5), Window: time.Duration(1+rng.IntN(60)) * time.Minute}
		var taken []time.Time
		now := t0
		for range 300 {
			now = now.Add(time.Duration(rng.IntN(5)) * time.Minute)
			n := 0
			for _, c := range taken {
				if now.Sub(c) < r.Window {
					n++
				}
			}
			if got, want := r.Full(now), n >= r.Max; got != want {
				t.Fatalf("Max %d Window %v at +%v: Full = %v, want %v (%d calls in the window)", r.Max, r.Window, now.Sub(t0), got, want, n)
			}
			if got := r.Used(now); got != n {
				t.Fatalf("Used = %d, want %d", got, n)
			}
			if n < r.Max && rng.IntN(2) == 0 {
				r.Take(now)
				taken = append(taken, now)
			}
		}
	}
}
