package heatmap

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/kinesim/kinesim/heat"
)

// shardLabel is a row's label: the shard's number, then its hottest key and that key's share of the shard's
// records, the key cut to fit in keyWidth ("shard 3 · tenant-hot 41%"). A shard without records is its number
// alone.
func shardLabel(sh heat.ShardReport, sty text.Style, keyWidth vg.Length) string {
	label := shortID(sh.ShardId)
	if len(sh.HotKeys) == 0 || sh.Records == 0 {
		return label
	}
	k := sh.HotKeys[0]
	return label + " · " + truncate(k.Key, sty, keyWidth) + " " + share(k, sh.Records)
}

// share formats k's part of total records as a percentage with two significant digits ("41%", "7.1%", "0.35%",
// and "<0.01%" below that); it is marked "≤" when k's count is an upper bound (heat.KeyCount.MaxOvercount).
func share(k heat.KeyCount, total int64) string {
	pct := 100 * float64(k.Records) / float64(total)
	var s string
	switch {
	case pct >= 9.95:
		s = fmt.Sprintf("%.0f%%", pct)
	case pct >= 0.995:
		s = fmt.Sprintf("%.1f%%", pct)
	case pct >= 0.005:
		s = fmt.Sprintf("%.2f%%", pct)
	default:
		s = "<0.01%"
	}
	if k.MaxOvercount > 0 {
		s = "≤" + s
	}
	return s
}

// truncate returns s, or its longest beginning that fits in width with an ellipsis after it, in sty's type. It
// never returns less than the first rune and the ellipsis.
func truncate(s string, sty text.Style, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	cut := s
	for utf8.RuneCountInString(cut) > 1 {
		_, n := utf8.DecodeLastRuneInString(cut)
		cut = cut[:len(cut)-n]
		if sty.Width(cut+"…") <= width {
			break
		}
	}
	return strings.TrimRight(cut, " ") + "…"
}
