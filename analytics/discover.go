package analytics

import (
	"bytes"
	"encoding/json"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kinesim/kinesim/apierr"
)

// reserved are SQL reserved words that discovery renames with the COL_ prefix (developer guide, sch-dis: "TIMESTAMP,
// USER, VALUES, YEAR" among them).
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ALL AND ANY ARRAY AS ASC AT AVG BETWEEN BIGINT BINARY BOOLEAN BOTH BY CALL CASE CAST
		CEIL CHAR CHARACTER CHECK COLLATE COLUMN COUNT CREATE CROSS CUBE CURRENT CURRENT_DATE CURRENT_TIME
		CURRENT_TIMESTAMP CURRENT_USER CURSOR DATE DAY DEC DECIMAL DEFAULT DELETE DESC DISTINCT DOUBLE DROP ELSE END
		ESCAPE EVERY EXCEPT EXISTS EXTRACT FALSE FETCH FILTER FLOAT FLOOR FOR FOREIGN FROM FULL FUNCTION GROUP HAVING
		HOUR IN INNER INSERT INT INTEGER INTERSECT INTERVAL INTO IS JOIN LANGUAGE LEADING LEFT LIKE LIMIT LOCAL
		LOCALTIME LOCALTIMESTAMP LOWER MAX MIN MINUTE MOD MONTH NATURAL NOT NULL NUMERIC OF ON ONLY OR ORDER OUTER
		OVER PARTITION POSITION PRIMARY RANGE REAL REFERENCES RIGHT ROW ROWS ROWTIME SECOND SELECT SESSION_USER SET
		SIMILAR SMALLINT SOME STREAM SUM SYSTEM_USER TABLE THEN TIME TIMESTAMP TINYINT TO TRAILING TRUE UNION UNIQUE
		UNKNOWN UPDATE UPPER USER USING VALUE VALUES VARBINARY VARCHAR WHEN WHERE WINDOW WITH YEAR`) {
		reserved[w] = true
	}
}

// ColumnName is discovery's renaming of a source field into a column name (developer guide, sch-dis): a name that
// is a reserved word, has characters other than letters, digits and underscores, starts with a digit or is longer
// than 100 characters gets the prefix COL_ (the other characters removed: USER@DOMAIN is COL_USERDOMAIN); if no
// character survives, the name is COL_<position> (@@ at position 0 is COL_0).
func ColumnName(field string, position int) string {
	var b strings.Builder
	clean := true
	for _, r := range field {
		if r == '_' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		} else {
			clean = false
		}
	}
	kept := b.String()
	switch {
	case kept == "":
		return "COL_" + strconv.Itoa(position)
	case clean && !reserved[strings.ToUpper(kept)] && !unicode.IsDigit(rune(kept[0])) && len(kept) <= 100:
		return kept
	}
	name := "COL_" + kept
	if len(name) > 100 {
		name = name[:100]
	}
	return name
}

// fieldStats is what the sample says about one field.
type fieldStats struct {
	name, path  string
	ints, decs  int // integer and fractional numbers seen
	bools, strs int // booleans and strings seen
	other       int // arrays and objects
	lo, hi      int64
	intDigits   int
	scale       int
	maxLen      int
	first       bool
}

func (f *fieldStats) see(v any) {
	switch x := v.(type) {
	case nil:
	case bool:
		f.bools++
		f.maxLen = max(f.maxLen, 5)
	case json.Number:
		s := x.String()
		f.maxLen = max(f.maxLen, len(s))
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			if f.ints == 0 && f.decs == 0 {
				f.lo, f.hi = n, n
			}
			f.lo, f.hi = min(f.lo, n), max(f.hi, n)
			f.ints++
			f.intDigits = max(f.intDigits, len(strings.TrimLeft(s, "-")))
			return
		}
		f.decs++
		m := strings.TrimLeft(s, "-")
		if i := strings.IndexAny(m, "eE"); i >= 0 {
			f.scale = max(f.scale, 6)
			f.intDigits = max(f.intDigits, 12)
			return
		}
		ip, fp, _ := strings.Cut(m, ".")
		f.intDigits, f.scale = max(f.intDigits, len(ip)), max(f.scale, len(fp))
	case string:
		f.strs++
		f.maxLen = max(f.maxLen, utf8.RuneCountInString(x))
	default:
		f.other++
		b, _ := json.Marshal(x)
		f.maxLen = max(f.maxLen, len(b))
	}
}

// sqlType is the type discovery infers for the field: the narrowest integer type that holds every integer seen
// (so heart rates 60–100 are TINYINT, as the developer guide warns, app-anom-score-create-app), DECIMAL(p,s) for
// fractional numbers, BOOLEAN, and VARCHAR(n) with n the longest value rounded up to a power of two otherwise
// (date-times too: the developer guide's examples edit EVENT_TIME to TIMESTAMP after discovery).
func (f *fieldStats) sqlType() string {
	switch {
	case f.strs > 0 || f.other > 0 || f.bools > 0 && f.ints+f.decs > 0:
		return "VARCHAR(" + strconv.Itoa(pow2(max(f.maxLen, 1))) + ")"
	case f.bools > 0:
		return "BOOLEAN"
	case f.decs > 0:
		p := min(f.intDigits+f.scale, 18)
		return "DECIMAL(" + strconv.Itoa(max(p, 1)) + "," + strconv.Itoa(min(f.scale, p)) + ")"
	case f.ints > 0:
		switch {
		case f.lo >= -128 && f.hi <= 127:
			return "TINYINT"
		case f.lo >= -32768 && f.hi <= 32767:
			return "SMALLINT"
		case f.lo >= -1<<31 && f.hi <= 1<<31-1:
			return "INTEGER"
		}
		return "BIGINT"
	}
	return "VARCHAR(1)"
}

func pow2(n int) int {
	if n <= 1 {
		return 1
	}
	return 1 << bits.Len(uint(n-1))
}

// discover infers a source schema from sample records (developer guide, sch-dis): JSON objects by their fields
// (nested objects flattened, names joined with "_"), CSV by position, and, failing both, one VARCHAR column holding
// the whole record. It returns UnableToDetectSchema for no records.
func discover(records [][]byte) (DiscoverInputSchemaOutput, error) {
	if len(records) == 0 {
		return DiscoverInputSchemaOutput{}, apierr.UnableToDetectSchema.New("No records were found to discover a schema from.")
	}
	var out DiscoverInputSchemaOutput
	for _, r := range records {
		out.RawInputRecords = append(out.RawInputRecords, string(r))
	}
	if s, ok := discoverJSON(records); ok {
		out.InputSchema = s
	} else if s, ok := discoverCSV(records); ok {
		out.InputSchema = s
	} else {
		n := 1
		for _, r := range records {
			n = max(n, utf8.RuneCount(r))
		}
		out.InputSchema = SourceSchema{RecordFormat: RecordFormat{RecordFormatType: FormatCSV,
			MappingParameters: &MappingParameters{CSVMappingParameters: &CSVMappingParameters{RecordRowDelimiter: "\n", RecordColumnDelimiter: "\x00"}}},
			RecordEncoding: "UTF-8", RecordColumns: []RecordColumn{{Name: "COL_0", SqlType: "VARCHAR(" + strconv.Itoa(pow2(n)) + ")"}}}
	}
	m, err := newMapper(out.InputSchema)
	if err != nil {
		return DiscoverInputSchemaOutput{}, apierr.UnableToDetectSchema.New("%v", err)
	}
	for _, r := range records {
		rows, err := m.rows(r, nil)
		if err != nil {
			continue
		}
		for _, vals := range rows {
			var fields []string
			for _, v := range vals {
				fields = append(fields, v.String())
			}
			out.ParsedInputRecords = append(out.ParsedInputRecords, fields)
		}
	}
	return out, nil
}

func discoverJSON(records [][]byte) (SourceSchema, bool) {
	stats := map[string]*fieldStats{}
	var order []string
	var flatten func(prefix, path string, obj map[string]any)
	flatten = func(prefix, path string, obj map[string]any) {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys) // maps lose the record's order; the first record's order is restored below
		for _, k := range keys {
			name, p := k, path+"['"+k+"']"
			if isIdent(k) {
				p = path + "." + k
			}
			if prefix != "" {
				name = prefix + "_" + k
			}
			if sub, ok := obj[k].(map[string]any); ok {
				flatten(name, p, sub)
				continue
			}
			f := stats[p]
			if f == nil {
				f = &fieldStats{name: name, path: p}
				stats[p] = f
				order = append(order, p)
			}
			f.see(obj[k])
		}
	}
	for _, r := range records {
		t := bytes.TrimSpace(r)
		if len(t) == 0 || t[0] != '{' {
			return SourceSchema{}, false
		}
		d := json.NewDecoder(bytes.NewReader(t))
		d.UseNumber()
		var obj map[string]any
		if err := d.Decode(&obj); err != nil {
			return SourceSchema{}, false
		}
		flatten("", "$", obj)
	}
	if len(order) == 0 {
		return SourceSchema{}, false
	}
	order = firstRecordOrder(records[0], order)
	s := SourceSchema{RecordFormat: RecordFormat{RecordFormatType: FormatJSON,
		MappingParameters: &MappingParameters{JSONMappingParameters: &JSONMappingParameters{RecordRowPath: "$"}}}, RecordEncoding: "UTF-8"}
	used := map[string]bool{}
	for i, p := range order {
		f := stats[p]
		name := ColumnName(f.name, i)
		for used[name] {
			name += "_" + strconv.Itoa(i)
		}
		used[name] = true
		s.RecordColumns = append(s.RecordColumns, RecordColumn{Name: name, Mapping: p, SqlType: f.sqlType()})
	}
	return s, true
}

// firstRecordOrder orders the paths as the keys appear in the first record's text, the others after.
func firstRecordOrder(first []byte, paths []string) []string {
	pos := func(p string) int {
		leaf := p[strings.LastIndexAny(p, ".[")+1:]
		leaf = strings.Trim(leaf, "'[]")
		if i := bytes.Index(first, []byte(strconv.Quote(leaf))); i >= 0 {
			return i
		}
		return len(first)
	}
	out := append([]string(nil), paths...)
	sort.SliceStable(out, func(i, j int) bool { return pos(out[i]) < pos(out[j]) })
	return out
}

func isIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

func discoverCSV(records [][]byte) (SourceSchema, bool) {
	var stats []*fieldStats
	for _, r := range records {
		for _, line := range strings.Split(strings.TrimRight(string(r), "\n"), "\n") {
			fields := strings.Split(strings.TrimRight(line, "\r"), ",")
			if len(fields) < 2 {
				return SourceSchema{}, false
			}
			for i, f := range fields {
				for len(stats) <= i {
					stats = append(stats, &fieldStats{})
				}
				f = strings.TrimSpace(f)
				switch {
				case f == "":
				case json.Valid([]byte(f)) && (f[0] == '-' || f[0] >= '0' && f[0] <= '9'):
					stats[i].see(json.Number(f))
				case strings.EqualFold(f, "true") || strings.EqualFold(f, "false"):
					stats[i].see(strings.EqualFold(f, "true"))
				default:
					stats[i].see(f)
				}
			}
		}
	}
	s := SourceSchema{RecordFormat: RecordFormat{RecordFormatType: FormatCSV,
		MappingParameters: &MappingParameters{CSVMappingParameters: &CSVMappingParameters{RecordRowDelimiter: "\n", RecordColumnDelimiter: ","}}}, RecordEncoding: "UTF-8"}
	for i, f := range stats {
		s.RecordColumns = append(s.RecordColumns, RecordColumn{Name: "COL_" + strconv.Itoa(i), SqlType: f.sqlType()})
	}
	return s, true
}
