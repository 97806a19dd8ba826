package heatmap

import (
	"image/color"
	"math"
	"testing"
)

func TestScaleGetsDarkerAsLoadGrows(t *testing.T) {
	prev := loadColour(0)
	for pct := 1; pct <= 100; pct++ {
		c := loadColour(float64(pct) / 100)
		if luminance(c) >= luminance(prev) {
			t.Errorf("%d%% (%v, luminance %.4f) is not darker than %d%% (%v, luminance %.4f)",
				pct, c, luminance(c), pct-1, prev, luminance(prev))
		}
		prev = c
	}
}

func TestScaleRunsFromLightYellowToDarkRed(t *testing.T) {
	if c := loadColour(0); c != (color.NRGBA{0xff, 0xff, 0xcc, 0xff}) {
		t.Errorf("0%% is %v, want ColorBrewer YlOrRd's light yellow #ffffcc", c)
	}
	if c := loadColour(1); c != (color.NRGBA{0x80, 0x00, 0x26, 0xff}) {
		t.Errorf("100%% is %v, want ColorBrewer YlOrRd's dark red #800026", c)
	}
	if c := loadColour(-0.5); c != loadColour(0) {
		t.Errorf("a negative load is %v, want the colour of 0%%", c)
	}
}

// The shard that matters most is the one about to throttle: at 98 % it must look clearly hotter than at 75 %, and
// lightness must fall evenly with load, so that equal steps of load look like equal steps of heat.
func TestNearTheLimitLooksClearlyHotterThanWithHeadroom(t *testing.T) {
	l75, l98 := lightness(loadColour(0.75)), lightness(loadColour(0.98))
	if l75-l98 < 12 {
		t.Errorf("L* at 75%% is %.1f and at 98%% %.1f: want 98%% darker by 12 or more", l75, l98)
	}
	if d := distance(loadColour(0.75), loadColour(0.98)); d < 15 {
		t.Errorf("75%% and 98%% are ΔE %.1f apart, want 15 or more", d)
	}
	l0, l100 := lightness(loadColour(0)), lightness(loadColour(1))
	for pct := 0; pct <= 100; pct += 5 {
		want := l0 + (l100-l0)*float64(pct)/100
		if got := lightness(loadColour(float64(pct) / 100)); math.Abs(got-want) > 4 {
			t.Errorf("L* at %d%% is %.1f, want %.1f ± 4 (lightness falling in proportion to load)", pct, got, want)
		}
	}
}

func TestOverLimitHasOneColourOffTheScale(t *testing.T) {
	for _, load := range []float64{1.0001, 1.01, 1.5, 2, 10, math.Inf(1)} {
		if c := loadColour(load); c != overflowColour {
			t.Errorf("%.2f%% is %v, want the overflow colour %v", 100*load, c, overflowColour)
		}
	}
	if lightness(overflowColour) >= lightness(loadColour(1)) {
		t.Errorf("the overflow colour (L* %.1f) is not darker than 100%% (L* %.1f)", lightness(overflowColour), lightness(loadColour(1)))
	}
	if d := nearestOnScale(overflowColour); d < 30 {
		t.Errorf("the overflow colour is ΔE %.1f from the scale, want 30 or more to be unmistakable", d)
	}
}

func TestNotOpenIsOnNoPartOfTheScale(t *testing.T) {
	if c := loadColour(math.NaN()); c != notOpenColour {
		t.Errorf("a second the shard was not open in is %v, want %v", c, notOpenColour)
	}
	if d := nearestOnScale(notOpenColour); d < 25 {
		t.Errorf("the not-open colour is ΔE %.1f from the scale, want 25 or more", d)
	}
	if d := distance(notOpenColour, overflowColour); d < 25 {
		t.Errorf("the not-open colour is ΔE %.1f from the overflow colour, want 25 or more", d)
	}
}

func TestThrottleMarksStandOutOnTheirCell(t *testing.T) {
	for _, load := range []float64{0, 0.3, 0.6, 0.75, 0.9, 1, 1.5, math.NaN()} {
		cell := loadColour(load)
		r, g, b, _ := markColour(cell).RGBA()
		mark := color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xff}
		if d := math.Abs(lightness(mark) - lightness(cell)); d < 45 {
			t.Errorf("on a %.0f%% cell (L* %.1f) the mark's L* is %.1f: want 45 apart or more", 100*load, lightness(cell), lightness(mark))
		}
	}
}

// nearestOnScale is the ΔE from c to the nearest colour of the scale, sampled every 0.1 %.
func nearestOnScale(c color.NRGBA) float64 {
	nearest := math.Inf(1)
	for i := 0; i <= 1000; i++ {
		nearest = min(nearest, distance(c, loadColour(float64(i)/1000)))
	}
	return nearest
}
