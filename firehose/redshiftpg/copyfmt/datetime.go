package copyfmt

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A layout is a compiled DATEFORMAT or TIMEFORMAT (Database Developer Guide, "DATEFORMAT and TIMEFORMAT
// strings"): a sequence of elements, each a datepart or literal text.
type layout struct {
	mode  int // layoutFormat, layoutAuto, layoutEpochSecs, layoutEpochMillis
	elems []elem
}

const (
	layoutFormat = iota
	layoutAuto
	layoutEpochSecs
	layoutEpochMillis
)

type elemKind int

const (
	elLiteral elemKind = iota
	elYear4
	elYear2
	elMonth
	elMonthName
	elDay
	elHour24
	elHour12
	elMinute
	elSecond
	elAMPM
)

type elem struct {
	kind elemKind
	lit  string
}

// The dateparts of a format string, longest first so that HH24 wins over HH and MON over MM.
var dateparts = []struct {
	text string
	kind elemKind
}{
	{"YYYY", elYear4}, {"HH24", elHour24}, {"HH12", elHour12}, {"MON", elMonthName}, {"YY", elYear2},
	{"MM", elMonth}, {"DD", elDay}, {"HH", elHour24}, {"MI", elMinute}, {"SS", elSecond}, {"AM", elAMPM},
	{"PM", elAMPM},
}

// The default formats: "If no DATEFORMAT is specified, the default format is 'YYYY-MM-DD'"; "If no TIMEFORMAT
// is specified, the default format is YYYY-MM-DD HH:MI:SS" (Data conversion parameters).
var (
	defaultDate = mustCompile("YYYY-MM-DD")
	defaultTime = mustCompile("YYYY-MM-DD HH:MI:SS")
)

func mustCompile(f string) *layout {
	l, err := compileFormat("default", f, true)
	if err != nil {
		panic(err)
	}
	return l
}

// compileFormat compiles a DATEFORMAT (timestamp false) or TIMEFORMAT argument; "" is the default.
func compileFormat(param, f string, timestamp bool) (*layout, error) {
	switch {
	case f == "": // the default, applied where the layout is nil
		return nil, nil
	case f == "auto": // "The 'auto' keyword is case-sensitive."
		return &layout{mode: layoutAuto}, nil
	case timestamp && f == "epochsecs":
		return &layout{mode: layoutEpochSecs}, nil
	case timestamp && f == "epochmillisecs":
		return &layout{mode: layoutEpochMillis}, nil
	}
	l := &layout{}
	u := asciiUpper(f) // byte for byte, so that offsets in u are offsets in f
	for i := 0; i < len(u); {
		matched := false
		for _, d := range dateparts {
			if strings.HasPrefix(u[i:], d.text) {
				l.elems = append(l.elems, elem{kind: d.kind})
				i += len(d.text)
				if d.kind == elSecond && strings.HasPrefix(u[i:], ".S") { // SS.SSS: the fraction is always accepted
					for i++; i < len(u) && u[i] == 'S'; i++ {
					}
				}
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		c := u[i]
		if c >= 'A' && c <= 'Z' && c != 'T' && c != 'Z' {
			return nil, fmt.Errorf("%w: %s %q: unknown datepart at %q", ErrOptionSyntax, param, f, f[i:])
		}
		if n := len(l.elems); n > 0 && l.elems[n-1].kind == elLiteral {
			l.elems[n-1].lit += string(f[i])
		} else {
			l.elems = append(l.elems, elem{kind: elLiteral, lit: string(f[i])})
		}
		i++
	}
	if len(l.elems) == 0 {
		return nil, fmt.Errorf("%w: %s is empty", ErrOptionSyntax, param)
	}
	return l, nil
}

// The layouts 'auto' tries, in order (Data conversion parameters, "Using automatic recognition with DATEFORMAT
// and TIMEFORMAT"): ISO 8601 with a space or a T, with or without fractional seconds and a zone, and the
// common date orders.
var autoLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999-07",
	"2006-01-02T15:04:05.999999999-07",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
	"2006/01/02 15:04:05.999999999",
	"2006/01/02",
	"01/02/2006 15:04:05.999999999",
	"01/02/2006",
	"01-02-2006",
	"20060102 15:04:05",
	"20060102150405",
	"20060102",
	"Jan 2 2006 15:04:05",
	"Jan 2 2006",
	"Jan 2, 2006",
	"2 Jan 2006",
	"January 2, 2006",
	"Mon Jan 2 15:04:05 2006",
	"Mon, 02 Jan 2006 15:04:05 MST",
	"Mon, 02 Jan 2006 15:04:05 -0700",
}

var monthNames = [...]string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}

// parse reads s under the layout; the result is in UTC (a zone in the text, which only 'auto' reads, is
// converted to UTC).
func (l *layout) parse(s string) (time.Time, bool) {
	switch l.mode {
	case layoutAuto:
		for _, f := range autoLayouts {
			if t, err := time.Parse(f, s); err == nil {
				return t.UTC(), true
			}
		}
		return time.Time{}, false
	case layoutEpochSecs, layoutEpochMillis:
		if s == "" || strings.ContainsAny(s, "eExXpP_in") {
			return time.Time{}, false
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f > 1e13 || f < -1e13 {
			return time.Time{}, false
		}
		if l.mode == layoutEpochMillis {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return time.Time{}, false
			}
			return time.UnixMilli(n).UTC(), true
		}
		sec := int64(f)
		ns := int64((f - float64(sec)) * 1e9)
		return time.Unix(sec, ns).UTC(), true
	}
	year, month, day, hour, minute, sec, nsec := 1900, 1, 1, 0, 0, 0, 0
	pm, ampm := false, false
	i := 0
	for _, e := range l.elems {
		var ok bool
		switch e.kind {
		case elLiteral:
			if !strings.HasPrefix(s[i:], e.lit) {
				return time.Time{}, false
			}
			i += len(e.lit)
			ok = true
		case elYear4:
			year, ok = digitsAt(s, &i, 4)
		case elYear2:
			var y int
			y, ok = digitsAt(s, &i, 2)
			// two-digit years: 70–99 are 1970–1999, 00–69 are 2000–2069, as PostgreSQL reads them
			if y < 70 {
				year = 2000 + y
			} else {
				year = 1900 + y
			}
		case elMonth:
			month, ok = digitsAt(s, &i, 2)
		case elMonthName:
			if i+3 <= len(s) {
				for m, n := range monthNames {
					if strings.EqualFold(s[i:i+3], n) {
						month, ok = m+1, true
						i += 3
						break
					}
				}
			}
		case elDay:
			day, ok = digitsAt(s, &i, 2)
		case elHour24:
			hour, ok = digitsAt(s, &i, 2)
		case elHour12:
			hour, ok = digitsAt(s, &i, 2)
			ampm = true
		case elMinute:
			minute, ok = digitsAt(s, &i, 2)
		case elSecond:
			sec, ok = digitsAt(s, &i, 2)
			if ok && i < len(s) && s[i] == '.' {
				i++
				start := i
				for i < len(s) && s[i] >= '0' && s[i] <= '9' {
					i++
				}
				frac := s[start:i]
				if frac == "" || len(frac) > 9 {
					return time.Time{}, false
				}
				nsec, _ = strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
			}
		case elAMPM:
			if i+2 <= len(s) {
				switch strings.ToUpper(s[i : i+2]) {
				case "AM":
					ok = true
				case "PM":
					ok, pm = true, true
				}
				i += 2
			}
			ampm = true
		}
		if !ok {
			return time.Time{}, false
		}
	}
	if i != len(s) {
		return time.Time{}, false
	}
	if ampm {
		if hour < 1 || hour > 12 {
			return time.Time{}, false
		}
		hour %= 12
		if pm {
			hour += 12
		}
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if t.Day() != day { // 31 February
		return time.Time{}, false
	}
	return t, true
}

func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// digitsAt reads 1 to max decimal digits of s at *i.
func digitsAt(s string, i *int, max int) (int, bool) {
	n, start := 0, *i
	for *i < len(s) && *i-start < max && s[*i] >= '0' && s[*i] <= '9' {
		n = n*10 + int(s[*i]-'0')
		*i++
	}
	return n, *i > start
}
