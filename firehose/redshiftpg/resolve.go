package redshiftpg

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/kinesim/kinesim/firehose/redshiftpg/copyfmt"
)

// target is a COPY's table and columns, read from PostgreSQL's catalog.
type target struct {
	oid  uint32
	cols []copyfmt.Column
}

type catalogColumn struct {
	col       copyfmt.Column
	typ       string
	identity  bool
	generated bool
}

// resolve reads the table's columns and picks the COPY's: the column list's, in its order, or "If no column list
// is specified, the command behaves as if a complete, in-order column list was specified, with IDENTITY columns
// omitted if EXPLICIT_IDS was also not specified" (Database Developer Guide, "Column mapping options").
func resolve(ctx context.Context, conn *pgx.Conn, table pgx.Identifier, list []string, explicitIDs bool) (*target, error) {
	var oid *uint32
	if err := conn.QueryRow(ctx, `SELECT to_regclass($1)::oid`, table.Sanitize()).Scan(&oid); err != nil {
		return nil, fmt.Errorf("redshiftpg: %w", err)
	}
	if oid == nil {
		return nil, fmt.Errorf("%w: relation %q does not exist", ErrNoRelation, strings.Join(table, "."))
	}
	rows, err := conn.Query(ctx, `SELECT a.attname, t.typname, a.atttypmod, a.attnotnull, a.atthasdef, a.attidentity <> '', a.attgenerated <> ''
FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, *oid)
	if err != nil {
		return nil, fmt.Errorf("redshiftpg: %w", err)
	}
	var all []catalogColumn
	for rows.Next() {
		var cc catalogColumn
		var mod int32
		if err := rows.Scan(&cc.col.Name, &cc.typ, &mod, &cc.col.NotNull, &cc.col.HasDefault, &cc.identity, &cc.generated); err != nil {
			rows.Close()
			return nil, fmt.Errorf("redshiftpg: %w", err)
		}
		cc.col.HasDefault = cc.col.HasDefault || cc.identity
		cc.col.Type, cc.col.Length, cc.col.Precision, cc.col.Scale = mapType(cc.typ, mod)
		all = append(all, cc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("redshiftpg: %w", err)
	}
	name := table[len(table)-1]
	var picked []catalogColumn
	if len(list) == 0 {
		for _, cc := range all {
			if cc.generated || (cc.identity && !explicitIDs) {
				continue
			}
			picked = append(picked, cc)
		}
	} else {
		seen := map[string]bool{}
		for _, raw := range list {
			id, err := parseName(raw)
			if err != nil || len(id) != 1 {
				return nil, fmt.Errorf("%w: invalid column name %q", ErrNoColumn, raw)
			}
			if seen[id[0]] {
				return nil, fmt.Errorf("%w: column %q specified more than once", ErrNoColumn, id[0])
			}
			seen[id[0]] = true
			found := false
			for _, cc := range all {
				if cc.col.Name == id[0] && !cc.generated {
					picked = append(picked, cc)
					found = true
					break
				}
			}
			if !found {
				return nil, fmt.Errorf("%w: column %q of relation %q does not exist", ErrNoColumn, id[0], name)
			}
		}
	}
	t := &target{oid: *oid}
	for _, cc := range picked {
		if cc.col.Type == 0 {
			return nil, fmt.Errorf("%w: column %q of relation %q has type %s (supported: smallint, integer, bigint, numeric, real, double precision, varchar, char, text, boolean, date, timestamp, timestamptz)",
				ErrUnsupportedType, cc.col.Name, name, cc.typ)
		}
		t.cols = append(t.cols, cc.col)
	}
	if len(t.cols) == 0 {
		return nil, errors.New("redshiftpg: no columns to load")
	}
	return t, nil
}

// fixedTypes are the supported PostgreSQL types without a width.
var fixedTypes = map[string]copyfmt.Type{
	"int2": copyfmt.Smallint, "int4": copyfmt.Integer, "int8": copyfmt.Bigint, "float4": copyfmt.Real,
	"float8": copyfmt.Double, "bool": copyfmt.Boolean, "date": copyfmt.Date, "timestamp": copyfmt.Timestamp,
	"timestamptz": copyfmt.Timestamptz,
}

// mapType maps a PostgreSQL type name and typmod to the COPY type, width, precision and scale; type 0 is
// unsupported. A typmod below 4 means no width (TEXT, unconstrained NUMERIC).
func mapType(typ string, mod int32) (copyfmt.Type, int, int, int) {
	if t, ok := fixedTypes[typ]; ok {
		return t, 0, 0, 0
	}
	m := max(int(mod)-4, 0)
	switch typ {
	case "numeric":
		return copyfmt.Numeric, 0, (m >> 16) & 0xffff, m & 0xffff
	case "varchar", "text":
		return copyfmt.Varchar, m, 0, 0
	case "bpchar":
		return copyfmt.Char, m, 0, 0
	}
	return 0, 0, 0, 0
}
