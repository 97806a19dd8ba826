package copyfmt

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Format is the data format a COPY reads its objects in.
type Format int

// The data formats modelled (Database Developer Guide, "Data format parameters"). Without a format parameter
// COPY reads character-delimited UTF-8 text, fields separated by a pipe.
const (
	Text Format = iota // delimited text, the default
	CSV                // CSV [QUOTE [AS] 'c']
	JSON               // JSON 'auto' or JSON 'auto ignorecase'
)

func (f Format) String() string {
	switch f {
	case CSV:
		return "CSV"
	case JSON:
		return "JSON"
	}
	return "TEXT"
}

// Compression is how a COPY's objects are compressed (Database Developer Guide, "File compression parameters").
type Compression int

// The compressions modelled. LZOP is refused: no well-kept Go decoder for it exists.
const (
	Uncompressed Compression = iota
	GZIP
	BZIP2
	ZSTD
)

func (c Compression) String() string {
	switch c {
	case GZIP:
		return "GZIP"
	case BZIP2:
		return "BZIP2"
	case ZSTD:
		return "ZSTD"
	}
	return "UNCOMPRESSED"
}

// MaxErrorLimit is the largest MAXERROR Redshift honours: "The MAXERROR default value is 0 and the limit is
// 100000" (Database Developer Guide, "Data load operations"); a larger value is taken as the limit.
const MaxErrorLimit = 100000

// Options are a COPY command's parsed optional parameters. The zero value is the default COPY: pipe-delimited
// text, '\N' as NULL, no compression, MAXERROR 0. Options returned by Parse are read, never changed, by the
// Decoders given them: many Decoders may share one concurrently.
type Options struct {
	Format Format
	// JSONIgnoreCase is JSON 'auto ignorecase': object keys match column names whatever their case.
	JSONIgnoreCase bool
	// Quote is CSV's quote character (QUOTE [AS] 'c'); '"' by default.
	Quote byte
	// Delimiter separates fields of Text and CSV; "|" for Text and "," for CSV by default. It may be several
	// characters ('|~|').
	Delimiter   string
	Compression Compression
	// IgnoreHeader is how many lines at the start of each object are skipped (IGNOREHEADER [AS] n).
	IgnoreHeader int
	// NullAs is the field text loaded as NULL (NULL [AS] 'x'); "\N" by default.
	NullAs string
	// EmptyAsNull loads empty CHAR and VARCHAR fields as NULL; BlanksAsNull loads CHAR and VARCHAR fields of
	// only white space as NULL; TrimBlanks removes trailing white space from VARCHAR values; TruncateColumns
	// truncates VARCHAR and CHAR values to the column's width.
	EmptyAsNull, BlanksAsNull, TrimBlanks, TruncateColumns bool
	// AcceptInvChars replaces each byte of an invalid UTF-8 sequence (and each NUL, which PostgreSQL cannot
	// store) in a VARCHAR or CHAR value with InvCharReplacement ('?' by default).
	AcceptInvChars     bool
	InvCharReplacement byte
	// DateFormat and TimeFormat are DATEFORMAT and TIMEFORMAT: "" for the default ('YYYY-MM-DD' and
	// 'YYYY-MM-DD HH:MI:SS'), "auto", a format string, or for TimeFormat "epochsecs" or "epochmillisecs".
	DateFormat, TimeFormat string
	// MaxError is how many bad rows a COPY skips before it fails (MAXERROR [AS] n, at most MaxErrorLimit).
	MaxError int
	// RemoveQuotes removes the quotation marks around Text fields, keeping any delimiters within; Escape makes a
	// backslash in Text data take the next character literally; AcceptAnyDate loads a date or timestamp that
	// does not parse as NULL; RoundDec rounds a DECIMAL value with more digits after the point than the column's
	// scale instead of truncating it; FillRecord loads missing trailing fields as NULL; IgnoreBlankLines skips
	// empty lines; NoLoad checks the data without loading it.
	RemoveQuotes, Escape, AcceptAnyDate, RoundDec, FillRecord, IgnoreBlankLines, NoLoad bool
	// ExplicitIDs is EXPLICIT_IDS: identity columns are part of the implicit column list.
	ExplicitIDs bool

	dateLayout, timeLayout *layout
}

// ErrUnsupportedOption is wrapped by the error [Parse] returns for a COPY parameter kinesim does not model
// (LZOP, FIXEDWIDTH, AVRO, a JSONPaths file, …); the message names the parameter.
var ErrUnsupportedOption = errors.New("copyfmt: COPY parameter not supported")

// ErrOptionSyntax is wrapped by the error [Parse] returns for options that are not a valid list of COPY
// parameters: an unknown word, a missing or malformed argument, a parameter given twice, or two that Redshift
// does not allow together.
var ErrOptionSyntax = errors.New("copyfmt: invalid COPY parameters")

// unsupported names parameters that are COPY parameters Redshift knows but kinesim does not model, and why.
var unsupported = map[string]string{
	"LZOP":            "no Go decoder for lzop is well kept; use GZIP, BZIP2 or ZSTD",
	"FIXEDWIDTH":      "fixed-width data is not modelled",
	"SHAPEFILE":       "shapefiles are not modelled",
	"AVRO":            "Avro data is not modelled",
	"PARQUET":         "columnar formats are not modelled",
	"ORC":             "columnar formats are not modelled",
	"ENCRYPTED":       "client-side encrypted objects are not modelled",
	"SSH":             "COPY from SSH is not modelled",
	"READRATIO":       "COPY from DynamoDB is not modelled",
	"IGNOREALLERRORS": "not modelled",
	"SERIALIZETOJSON": "columnar formats are not modelled",
}

// Parse parses a CopyCommand's CopyOptions: the optional parameters of a Redshift COPY in any order, keywords
// in any case, string arguments in single quotes (” inside for a quote), an optional trailing semicolon. It
// refuses parameters it does not model with an error wrapping [ErrUnsupportedOption] and anything else that
// is not valid with one wrapping [ErrOptionSyntax]; both name the parameter.
//
// Sources: Database Developer Guide, "COPY", "Data format parameters", "File compression parameters", "Data
// conversion parameters" and "Data load operations".
func Parse(s string) (*Options, error) {
	p := &parser{src: s}
	o := &Options{Quote: '"', NullAs: `\N`, InvCharReplacement: '?'}
	seen := map[string]bool{}
	once := func(name string) error {
		if seen[name] {
			return fmt.Errorf("%w: %s specified more than once", ErrOptionSyntax, name)
		}
		seen[name] = true
		return nil
	}
	formats := 0
	compressions := 0
	for {
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		if t.kind == tokEOF {
			break
		}
		if t.kind == tokSemicolon {
			if t2, err := p.next(); err != nil || t2.kind != tokEOF {
				return nil, fmt.Errorf("%w: text after ';'", ErrOptionSyntax)
			}
			break
		}
		if t.kind != tokWord {
			return nil, fmt.Errorf("%w: expected a parameter, found %s", ErrOptionSyntax, t)
		}
		name := strings.ToUpper(t.text)
		if why, ok := unsupported[name]; ok {
			return nil, fmt.Errorf("%w: %s (%s)", ErrUnsupportedOption, name, why)
		}
		if name == "FORMAT" {
			p.optional("AS")
			t, err = p.next()
			if err != nil {
				return nil, err
			}
			if t.kind != tokWord {
				return nil, fmt.Errorf("%w: FORMAT needs a format, found %s", ErrOptionSyntax, t)
			}
			name = strings.ToUpper(t.text)
			if why, ok := unsupported[name]; ok {
				return nil, fmt.Errorf("%w: FORMAT %s (%s)", ErrUnsupportedOption, name, why)
			}
			if name != "CSV" && name != "JSON" {
				return nil, fmt.Errorf("%w: unknown FORMAT %s", ErrOptionSyntax, t.text)
			}
		}
		if err := once(name); err != nil {
			return nil, err
		}
		switch name {
		case "CSV":
			formats++
			o.Format = CSV
			if p.optional("QUOTE") {
				p.optional("AS")
				c, err := p.char("QUOTE")
				if err != nil {
					return nil, err
				}
				o.Quote = c
			}
		case "QUOTE":
			return nil, fmt.Errorf("%w: QUOTE is only valid right after CSV", ErrOptionSyntax)
		case "JSON":
			formats++
			o.Format = JSON
			p.optional("AS")
			arg, err := p.str("JSON")
			if err != nil {
				return nil, err
			}
			switch arg {
			case "auto":
			case "auto ignorecase":
				o.JSONIgnoreCase = true
			case "noshred":
				return nil, fmt.Errorf("%w: JSON 'noshred' (the SUPER data type is not modelled)", ErrUnsupportedOption)
			default:
				if strings.HasPrefix(arg, "s3://") {
					return nil, fmt.Errorf("%w: JSON %q (JSONPaths files are not modelled; use 'auto' or 'auto ignorecase')", ErrUnsupportedOption, arg)
				}
				return nil, fmt.Errorf("%w: JSON takes 'auto', 'auto ignorecase' or a JSONPaths file, not %q", ErrOptionSyntax, arg)
			}
		case "DELIMITER":
			p.optional("AS")
			arg, err := p.str("DELIMITER")
			if err != nil {
				return nil, err
			}
			d, err := unescapeChars(arg)
			if err != nil || d == "" {
				return nil, fmt.Errorf("%w: DELIMITER %q is not a delimiter", ErrOptionSyntax, arg)
			}
			if strings.ContainsAny(d, "\n\r") {
				return nil, fmt.Errorf("%w: DELIMITER cannot contain a line break", ErrOptionSyntax)
			}
			o.Delimiter = d
		case "GZIP", "BZIP2", "ZSTD":
			compressions++
			o.Compression = map[string]Compression{"GZIP": GZIP, "BZIP2": BZIP2, "ZSTD": ZSTD}[name]
		case "IGNOREHEADER":
			p.optional("AS")
			n, err := p.number("IGNOREHEADER")
			if err != nil {
				return nil, err
			}
			o.IgnoreHeader = n
		case "NULL":
			p.optional("AS")
			arg, err := p.str("NULL AS")
			if err != nil {
				return nil, err
			}
			o.NullAs = arg
		case "EMPTYASNULL":
			o.EmptyAsNull = true
		case "BLANKSASNULL":
			o.BlanksAsNull = true
		case "TRIMBLANKS":
			o.TrimBlanks = true
		case "TRUNCATECOLUMNS":
			o.TruncateColumns = true
		case "ACCEPTINVCHARS":
			o.AcceptInvChars = true
			as := p.optional("AS")
			if p.peek().kind == tokString || as {
				c, err := p.char("ACCEPTINVCHARS")
				if err != nil {
					return nil, err
				}
				if c == 0 || c >= 0x80 {
					return nil, fmt.Errorf("%w: ACCEPTINVCHARS replacement must be an ASCII character other than NUL", ErrOptionSyntax)
				}
				o.InvCharReplacement = c
			}
		case "DATEFORMAT", "TIMEFORMAT":
			p.optional("AS")
			arg, err := p.str(name)
			if err != nil {
				return nil, err
			}
			if name == "DATEFORMAT" {
				o.DateFormat = arg
			} else {
				o.TimeFormat = arg
			}
		case "MAXERROR", "MAXERRORS":
			p.optional("AS")
			n, err := p.number(name)
			if err != nil {
				return nil, err
			}
			o.MaxError = min(n, MaxErrorLimit)
		case "REMOVEQUOTES":
			o.RemoveQuotes = true
		case "ESCAPE":
			o.Escape = true
		case "ACCEPTANYDATE":
			o.AcceptAnyDate = true
		case "ROUNDEC":
			o.RoundDec = true
		case "FILLRECORD":
			o.FillRecord = true
		case "IGNOREBLANKLINES":
			o.IgnoreBlankLines = true
		case "NOLOAD":
			o.NoLoad = true
		case "EXPLICIT_IDS":
			o.ExplicitIDs = true
		case "MANIFEST":
			// The engine resolves the manifest into CopyCommand.Objects.
		case "COMPUPDATE", "STATUPDATE":
			// Compression encodings and statistics are Redshift storage details with no effect on the rows.
			if t := p.peek(); t.kind == tokWord {
				switch strings.ToUpper(t.text) {
				case "ON", "OFF", "TRUE", "FALSE", "PRESET":
					p.next()
				}
			}
		case "COMPROWS":
			if _, err := p.number("COMPROWS"); err != nil {
				return nil, err
			}
		case "REGION":
			p.optional("AS")
			if _, err := p.str("REGION"); err != nil {
				return nil, err
			}
		case "ENCODING":
			p.optional("AS")
			t, err := p.next()
			if err != nil {
				return nil, err
			}
			if t.kind != tokWord && t.kind != tokString {
				return nil, fmt.Errorf("%w: ENCODING needs an encoding", ErrOptionSyntax)
			}
			if e := strings.ToUpper(t.text); e != "UTF8" && e != "UTF-8" {
				return nil, fmt.Errorf("%w: ENCODING %s (only UTF8 is modelled)", ErrUnsupportedOption, t.text)
			}
		default:
			return nil, fmt.Errorf("%w: unknown parameter %s", ErrOptionSyntax, t.text)
		}
	}
	if formats > 1 {
		return nil, fmt.Errorf("%w: more than one data format (CSV, JSON)", ErrOptionSyntax)
	}
	if compressions > 1 {
		return nil, fmt.Errorf("%w: more than one compression (GZIP, BZIP2, ZSTD)", ErrOptionSyntax)
	}
	switch o.Format {
	case CSV:
		// "CSV can't be used with FIXEDWIDTH, REMOVEQUOTES, or ESCAPE." (Data format parameters)
		for _, n := range []string{"REMOVEQUOTES", "ESCAPE"} {
			if seen[n] {
				return nil, fmt.Errorf("%w: CSV cannot be used with %s", ErrOptionSyntax, n)
			}
		}
		if o.Delimiter == "" {
			o.Delimiter = ","
		}
		if strings.IndexByte(o.Delimiter, o.Quote) >= 0 {
			return nil, fmt.Errorf("%w: the DELIMITER contains the QUOTE character", ErrOptionSyntax)
		}
	case JSON:
		// The parameters of delimited text have no meaning for JSON (COPY from JSON format).
		for _, n := range []string{"DELIMITER", "ESCAPE", "FILLRECORD", "IGNOREBLANKLINES", "NULL", "REMOVEQUOTES", "IGNOREHEADER"} {
			if seen[n] {
				if n == "NULL" {
					n = "NULL AS"
				}
				return nil, fmt.Errorf("%w: JSON cannot be used with %s", ErrOptionSyntax, n)
			}
		}
	default:
		if o.Delimiter == "" {
			o.Delimiter = "|"
		}
	}
	var err error
	if o.dateLayout, err = compileFormat("DATEFORMAT", o.DateFormat, false); err != nil {
		return nil, err
	}
	if o.timeLayout, err = compileFormat("TIMEFORMAT", o.TimeFormat, true); err != nil {
		return nil, err
	}
	return o, nil
}

// unescapeChars interprets the escapes COPY allows in a DELIMITER or QUOTE: \t, \n, \\, \' and \ddd (octal).
func unescapeChars(s string) (string, error) {
	if strings.IndexByte(s, '\\') < 0 {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return "", errors.New("trailing backslash")
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case '\\', '\'':
			b.WriteByte(s[i])
		default:
			if i+3 > len(s) {
				return "", errors.New("bad escape")
			}
			v, err := strconv.ParseUint(s[i:i+3], 8, 8)
			if err != nil {
				return "", errors.New("bad octal escape")
			}
			b.WriteByte(byte(v))
			i += 2
		}
	}
	return b.String(), nil
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokWord
	tokString
	tokNumber
	tokSemicolon
)

type token struct {
	kind tokKind
	text string
}

func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "the end"
	case tokString:
		return strconv.Quote("'" + t.text + "'")
	case tokSemicolon:
		return "';'"
	}
	return strconv.Quote(t.text)
}

type parser struct {
	src    string
	pos    int
	peeked *token
}

func (p *parser) peek() token {
	if p.peeked == nil {
		t, err := p.scan()
		if err != nil {
			return token{kind: tokEOF}
		}
		p.peeked = &t
	}
	return *p.peeked
}

func (p *parser) next() (token, error) {
	if p.peeked != nil {
		t := *p.peeked
		p.peeked = nil
		return t, nil
	}
	return p.scan()
}

// optional consumes the keyword w if it comes next.
func (p *parser) optional(w string) bool {
	save, savePeek := p.pos, p.peeked
	t, err := p.next()
	if err == nil && t.kind == tokWord && strings.EqualFold(t.text, w) {
		return true
	}
	p.pos, p.peeked = save, savePeek
	return false
}

func (p *parser) str(param string) (string, error) {
	t, err := p.next()
	if err != nil {
		return "", err
	}
	if t.kind != tokString {
		return "", fmt.Errorf("%w: %s needs a quoted string, found %s", ErrOptionSyntax, param, t)
	}
	return t.text, nil
}

func (p *parser) char(param string) (byte, error) {
	s, err := p.str(param)
	if err != nil {
		return 0, err
	}
	c, err := unescapeChars(s)
	if err != nil || len(c) != 1 {
		return 0, fmt.Errorf("%w: %s needs a single character, found %q", ErrOptionSyntax, param, s)
	}
	return c[0], nil
}

func (p *parser) number(param string) (int, error) {
	t, err := p.next()
	if err != nil {
		return 0, err
	}
	if t.kind == tokString { // IGNOREHEADER '1' is accepted as Redshift accepts it
		t.kind = tokNumber
		for _, c := range []byte(t.text) {
			if c < '0' || c > '9' {
				t.kind = tokString
			}
		}
	}
	if t.kind != tokNumber || t.text == "" {
		return 0, fmt.Errorf("%w: %s needs a number, found %s", ErrOptionSyntax, param, t)
	}
	n, err := strconv.Atoi(t.text)
	if err != nil || n < 0 || n > 1<<31-1 {
		return 0, fmt.Errorf("%w: %s %s is out of range", ErrOptionSyntax, param, t.text)
	}
	return n, nil
}

func (p *parser) scan() (token, error) {
	s := p.src
	for p.pos < len(s) && (s[p.pos] == ' ' || s[p.pos] == '\t' || s[p.pos] == '\n' || s[p.pos] == '\r') {
		p.pos++
	}
	if p.pos >= len(s) {
		return token{kind: tokEOF}, nil
	}
	c := s[p.pos]
	switch {
	case c == ';':
		p.pos++
		return token{kind: tokSemicolon}, nil
	case c == '\'':
		var b strings.Builder
		p.pos++
		for {
			if p.pos >= len(s) {
				return token{}, fmt.Errorf("%w: unterminated quoted string", ErrOptionSyntax)
			}
			c := s[p.pos]
			p.pos++
			if c == '\\' && p.pos < len(s) && s[p.pos] == '\'' {
				b.WriteString(`\'`) // kept for unescapeChars: '\'' is a quote character
				p.pos++
				continue
			}
			if c == '\'' {
				if p.pos < len(s) && s[p.pos] == '\'' {
					b.WriteByte('\'')
					p.pos++
					continue
				}
				return token{kind: tokString, text: b.String()}, nil
			}
			b.WriteByte(c)
		}
	case c >= '0' && c <= '9':
		start := p.pos
		for p.pos < len(s) && s[p.pos] >= '0' && s[p.pos] <= '9' {
			p.pos++
		}
		return token{kind: tokNumber, text: s[start:p.pos]}, nil
	case c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z'):
		start := p.pos
		for p.pos < len(s) {
			c := s[p.pos]
			if c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') || (c >= '0' && c <= '9') {
				p.pos++
				continue
			}
			break
		}
		return token{kind: tokWord, text: s[start:p.pos]}, nil
	}
	return token{}, fmt.Errorf("%w: unexpected character %q at offset %d", ErrOptionSyntax, c, p.pos)
}
