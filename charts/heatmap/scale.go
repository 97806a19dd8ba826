package heatmap

import (
	"image/color"
	"math"
)

// The colour scale of the chart is sequential: the more load, the darker and redder the cell, so that a shard
// close to its limit looks hotter than one with headroom. It runs through the nine colours of ColorBrewer's YlOrRd
// (Cynthia Brewer, colorbrewer2.org), from light yellow at 0 % of the write limit to dark red at 100 %. The
// colours are placed at their CIE lightness (L*), not evenly, so lightness falls in proportion to load along the
// whole scale; between two of them the colour is interpolated in linear RGB, where luminance is linear, so it falls
// strictly from each to the next.
//
// Loads above 100 % all get one colour, overflowColour, a deep purple darker than the end of the scale and far from
// it in hue: what is over the limit must not pass for "nearly at it". Seconds in which a shard was not open get
// notOpenColour, a light blue-grey that is on no part of the scale, drawn hatched.
var (
	scaleStops = []color.NRGBA{
		{0xff, 0xff, 0xcc, 0xff}, {0xff, 0xed, 0xa0, 0xff}, {0xfe, 0xd9, 0x76, 0xff},
		{0xfe, 0xb2, 0x4c, 0xff}, {0xfd, 0x8d, 0x3c, 0xff}, {0xfc, 0x4e, 0x2a, 0xff},
		{0xe3, 0x1a, 0x1c, 0xff}, {0xbd, 0x00, 0x26, 0xff}, {0x80, 0x00, 0x26, 0xff},
	}
	overflowColour = color.NRGBA{0x3f, 0x00, 0x7d, 0xff}
	notOpenColour  = color.NRGBA{0xd5, 0xdb, 0xe3, 0xff}
	hatchColour    = color.NRGBA{0x7d, 0x8a, 0x9c, 0xff}
)

// stopAt[i] is where scaleStops[i] sits on the scale (0 … 1): its drop in lightness from the first stop, over the
// whole scale's drop.
var stopAt = func() []float64 {
	at := make([]float64, len(scaleStops))
	first, last := lightness(scaleStops[0]), lightness(scaleStops[len(scaleStops)-1])
	for i, c := range scaleStops {
		at[i] = (first - lightness(c)) / (first - last)
	}
	return at
}()

// loadColour returns the colour of a cell whose offered load is load, a fraction of the write limit (1 is 100 %):
// on the scale for 0 … 1 (less than 0 counts as 0), overflowColour above 1, notOpenColour for NaN (no load because
// the shard was not open).
func loadColour(load float64) color.NRGBA {
	switch {
	case math.IsNaN(load):
		return notOpenColour
	case load > 1:
		return overflowColour
	case load <= 0:
		return scaleStops[0]
	}
	i := 1
	for stopAt[i] < load {
		i++
	}
	t := (load - stopAt[i-1]) / (stopAt[i] - stopAt[i-1])
	a, b := scaleStops[i-1], scaleStops[i]
	mix := func(x, y uint8) uint8 {
		return encode(decode(x) + t*(decode(y)-decode(x)))
	}
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// decode turns an sRGB channel into linear light (0 … 1); encode rounds linear light back to an sRGB channel.
func decode(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

func encode(v float64) uint8 {
	v = min(max(v, 0), 1)
	if v <= 0.0031308 {
		v *= 12.92
	} else {
		v = 1.055*math.Pow(v, 1/2.4) - 0.055
	}
	return uint8(math.Round(255 * v))
}

// luminance is the relative luminance of c (0 black … 1 white), as WCAG defines it.
func luminance(c color.NRGBA) float64 {
	return 0.2126*decode(c.R) + 0.7152*decode(c.G) + 0.0722*decode(c.B)
}

// lightness is the CIE L* of c (0 black … 100 white): luminance on a perceptually even scale.
func lightness(c color.NRGBA) float64 {
	y := luminance(c)
	if y <= 216.0/24389 {
		return y * 24389 / 27
	}
	return 116*math.Cbrt(y) - 16
}

// lab is c in CIE L*a*b* (D65 white), to measure how far apart two colours look.
func lab(c color.NRGBA) (l, a, b float64) {
	r, g, bl := decode(c.R), decode(c.G), decode(c.B)
	x := (0.4124*r + 0.3576*g + 0.1805*bl) / 0.95047
	y := 0.2126*r + 0.7152*g + 0.0722*bl
	z := (0.0193*r + 0.1192*g + 0.9505*bl) / 1.08883
	f := func(t float64) float64 {
		if t <= 216.0/24389 {
			return (24389.0/27*t + 16) / 116
		}
		return math.Cbrt(t)
	}
	fx, fy, fz := f(x), f(y), f(z)
	return 116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)
}

// distance is the CIE76 colour difference ΔE*ab of two colours: about 2.3 is just noticeable, above 20 the two
// read as different colours.
func distance(c, d color.NRGBA) float64 {
	l1, a1, b1 := lab(c)
	l2, a2, b2 := lab(d)
	return math.Sqrt((l1-l2)*(l1-l2) + (a1-a2)*(a1-a2) + (b1-b2)*(b1-b2))
}

// markColour is the colour of a throttle mark drawn on a cell of colour c: black on light cells, white on dark ones.
func markColour(c color.NRGBA) color.Color {
	if lightness(c) < 55 {
		return color.White
	}
	return color.Black
}
