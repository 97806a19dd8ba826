package convert

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Kind is a Hive type's kind.
type Kind int

// The Hive types a schema may use (Hive LanguageManual, Types), as far as kinesim converts them.
const (
	String Kind = iota
	Varchar
	Char
	TinyInt
	SmallInt
	Int
	BigInt
	Float
	Double
	Boolean
	Timestamp
	Date
	Decimal
	Array
	Map
	Struct
)

var kindNames = map[string]Kind{
	"string": String, "varchar": Varchar, "char": Char, "tinyint": TinyInt, "smallint": SmallInt, "int": Int,
	"integer": Int, "bigint": BigInt, "float": Float, "double": Double, "boolean": Boolean, "timestamp": Timestamp,
	"date": Date, "decimal": Decimal, "array": Array, "map": Map, "struct": Struct,
}

// Type is a parsed Hive type.
type Type struct {
	Kind Kind
	// Length is the length of varchar(n) and char(n).
	Length int
	// Precision and Scale are those of decimal(p,s); decimal alone is decimal(10,0), as in Hive.
	Precision, Scale int
	// Elem is the element type of an array, Key and Value those of a map.
	Elem, Key, Value *Type
	// Fields are the fields of a struct, in the order the parquet schema stores them (by name).
	Fields []Field

	col, ncol int // the first leaf column and the number of leaf columns of the type, set by the schema
}

// Field is a field of a struct type, or a column of a schema.
type Field struct {
	Name string
	Type *Type
}

// MaxTypeDepth bounds the nesting of a type, so that a hostile type string cannot exhaust the stack.
const MaxTypeDepth = 32

// ParseType parses a Hive type such as "bigint", "decimal(10,2)", "array<string>",
// "map<string,int>" or "struct<a:int,b:array<string>>" (white space allowed, names case-insensitive). uniontype,
// binary and interval types are refused.
func ParseType(s string) (*Type, error) {
	p := &typeParser{s: s}
	t, err := p.parse(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("convert: unexpected %q after the type in %q", p.s[p.i:], s)
	}
	return t, nil
}

type typeParser struct {
	s string
	i int
}

func (p *typeParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *typeParser) word() string {
	p.space()
	j := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			p.i++
			continue
		}
		break
	}
	return p.s[j:p.i]
}

func (p *typeParser) expect(c byte) error {
	p.space()
	if p.i >= len(p.s) || p.s[p.i] != c {
		return fmt.Errorf("convert: expected %q at offset %d of %q", c, p.i, p.s)
	}
	p.i++
	return nil
}

func (p *typeParser) peek(c byte) bool {
	p.space()
	return p.i < len(p.s) && p.s[p.i] == c
}

func (p *typeParser) number() (int, error) {
	w := p.word()
	n, err := strconv.Atoi(w)
	if err != nil || n < 0 || n > 1<<16 {
		return 0, fmt.Errorf("convert: bad number %q in %q", w, p.s)
	}
	return n, nil
}

func (p *typeParser) parse(depth int) (*Type, error) {
	if depth > MaxTypeDepth {
		return nil, fmt.Errorf("convert: type %q nests deeper than %d", p.s, MaxTypeDepth)
	}
	name := strings.ToLower(p.word())
	k, ok := kindNames[name]
	if !ok {
		return nil, fmt.Errorf("convert: unsupported Hive type %q in %q", name, p.s)
	}
	t := &Type{Kind: k}
	var err error
	switch k {
	case Varchar, Char:
		if err = p.expect('('); err == nil {
			if t.Length, err = p.number(); err == nil {
				err = p.expect(')')
			}
		}
		if err == nil && (t.Length < 1 || k == Varchar && t.Length > 65535 || k == Char && t.Length > 255) {
			err = fmt.Errorf("convert: bad length of %s in %q", name, p.s)
		}
	case Decimal:
		t.Precision, t.Scale = 10, 0
		if p.peek('(') {
			p.i++
			if t.Precision, err = p.number(); err == nil {
				t.Scale = 0
				if p.peek(',') {
					p.i++
					t.Scale, err = p.number()
				}
				if err == nil {
					err = p.expect(')')
				}
			}
		}
		if err == nil && (t.Precision < 1 || t.Precision > 38 || t.Scale > t.Precision) {
			err = fmt.Errorf("convert: decimal(%d,%d) outside decimal(1..38, 0..precision) in %q", t.Precision, t.Scale, p.s)
		}
	case Array:
		if err = p.expect('<'); err == nil {
			if t.Elem, err = p.parse(depth + 1); err == nil {
				err = p.expect('>')
			}
		}
	case Map:
		if err = p.expect('<'); err == nil {
			if t.Key, err = p.parse(depth + 1); err == nil {
				if err = p.expect(','); err == nil {
					if t.Value, err = p.parse(depth + 1); err == nil {
						err = p.expect('>')
					}
				}
			}
		}
		if err == nil && t.Key.Kind >= Array {
			err = fmt.Errorf("convert: a map key must be a primitive type in %q", p.s)
		}
	case Struct:
		if err = p.expect('<'); err != nil {
			break
		}
		seen := map[string]bool{}
		for {
			fname := strings.ToLower(p.word())
			if fname == "" {
				err = fmt.Errorf("convert: expected a field name at offset %d of %q", p.i, p.s)
				break
			}
			if seen[fname] {
				err = fmt.Errorf("convert: field %q repeated in %q", fname, p.s)
				break
			}
			seen[fname] = true
			if err = p.expect(':'); err != nil {
				break
			}
			var ft *Type
			if ft, err = p.parse(depth + 1); err != nil {
				break
			}
			t.Fields = append(t.Fields, Field{Name: fname, Type: ft})
			if p.peek(',') {
				p.i++
				continue
			}
			err = p.expect('>')
			break
		}
		sort.Slice(t.Fields, func(i, j int) bool { return t.Fields[i].Name < t.Fields[j].Name })
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

// String returns the type in Hive's syntax, fields by name.
func (t *Type) String() string {
	var b strings.Builder
	t.write(&b)
	return b.String()
}

func (t *Type) write(b *strings.Builder) {
	for name, k := range kindNames {
		if k == t.Kind && name != "integer" {
			b.WriteString(name)
			break
		}
	}
	switch t.Kind {
	case Varchar, Char:
		fmt.Fprintf(b, "(%d)", t.Length)
	case Decimal:
		fmt.Fprintf(b, "(%d,%d)", t.Precision, t.Scale)
	case Array:
		b.WriteByte('<')
		t.Elem.write(b)
		b.WriteByte('>')
	case Map:
		b.WriteByte('<')
		t.Key.write(b)
		b.WriteByte(',')
		t.Value.write(b)
		b.WriteByte('>')
	case Struct:
		b.WriteByte('<')
		for i, f := range t.Fields {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(f.Name)
			b.WriteByte(':')
			f.Type.write(b)
		}
		b.WriteByte('>')
	}
}
