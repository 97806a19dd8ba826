package redshiftpg

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/redshiftpg/copyfmt"
)

var (
	// ErrNilContext is returned by a call given a nil context.Context; the call changes nothing.
	ErrNilContext = errors.New("redshiftpg: nil context.Context")
	// ErrClosed is returned by Copy and Load after Close.
	ErrClosed = errors.New("redshiftpg: cluster closed")
	// ErrLoadFailed is matched (errors.Is) by the error of a COPY that loaded nothing because of its data: more
	// bad records than MAXERROR allows, an object that does not decompress, or a row the database refused. The
	// error is a *[LoadFailedError].
	ErrLoadFailed = errors.New("redshiftpg: load failed")
	// ErrNoRelation is matched by the error of a COPY into a table that does not exist.
	ErrNoRelation = errors.New("redshiftpg: relation does not exist")
	// ErrNoColumn is matched by the error of a COPY whose column list names a column the table lacks, or names
	// one twice.
	ErrNoColumn = errors.New("redshiftpg: column does not exist")
	// ErrUnsupportedType is matched by the error of a COPY into a column of a type this package does not load.
	ErrUnsupportedType = errors.New("redshiftpg: column type not supported")
)

// LoadFailedError is the error of a failed COPY, not changed once returned. Its message is Redshift's: "Load
// into table 'orders' failed.  Check 'stl_load_errors' system table for details."; the load-errors table holds
// Errors.
type LoadFailedError struct {
	Table      string              // the table's name as the COPY gave it, without its schema
	ErrorTable string              // the load-errors table's name
	Errors     []copyfmt.LoadError // the rows recorded in the load-errors table, in order
	Err        error               // the underlying error (decompression, the database's), if any
}

func (e *LoadFailedError) Error() string {
	return fmt.Sprintf("Load into table '%s' failed.  Check '%s' system table for details.", e.Table, e.ErrorTable)
}

// Is makes errors.Is(err, ErrLoadFailed) hold.
func (e *LoadFailedError) Is(target error) bool { return target == ErrLoadFailed }

// Unwrap returns the underlying error.
func (e *LoadFailedError) Unwrap() error { return e.Err }

// DefaultLoadErrorsTable is the load-errors table's name when Options.LoadErrorsTable is empty.
const DefaultLoadErrorsTable = "stl_load_errors"

// DefaultMaxObjectBytes is the most bytes one object may decompress to when Options.MaxObjectBytes is 0.
const DefaultMaxObjectBytes = 1 << 30

// Options configure a Cluster; New copies them. The zero value is usable.
type Options struct {
	// LoadErrorsTable names the table load errors are recorded in, possibly schema-qualified; it is created
	// when missing. Default "stl_load_errors" (in the connection's first search_path schema).
	LoadErrorsTable string
	// Clock stamps starttime in the load-errors table; default clock.Real.
	Clock clock.Clock
	// MaxObjectBytes bounds what one object may decompress to; a larger object fails its COPY. Default
	// DefaultMaxObjectBytes.
	MaxObjectBytes int64
}

// Result is what a COPY did.
type Result struct {
	Rows    int64 // rows loaded (0 with NOLOAD)
	Skipped int   // bad records skipped under MAXERROR, recorded in the load-errors table
	Query   int64 // the COPY's query id, the query column of its load-errors rows
}

// Cluster runs Redshift COPY commands against a PostgreSQL database: a stand-in for an Amazon Redshift cluster
// behind a Firehose Redshift destination. It implements firehose.RedshiftCluster.
//
// A Cluster is safe for concurrent use: each Copy takes one connection from the pool for its duration, so
// Copies run in parallel up to the pool's size and wait for a connection beyond it. Close is idempotent; it
// makes later Copies fail with ErrClosed, waits for the Copies in flight (each bounded by its context), and
// closes the pool if Open made it. A Cluster starts no goroutine of its own.
type Cluster struct {
	pool      *pgxpool.Pool
	ownPool   bool
	clk       clock.Clock
	maxObject int64
	errTable  pgx.Identifier
	errName   string

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

var _ firehose.RedshiftCluster = (*Cluster)(nil)

// New returns a Cluster on pool, which it does not close; it creates the load-errors table if missing.
func New(ctx context.Context, pool *pgxpool.Pool, o *Options) (*Cluster, error) {
	if ctx == nil {
		return nil, ErrNilContext
	}
	if pool == nil {
		return nil, errors.New("redshiftpg: nil pool")
	}
	var opts Options
	if o != nil {
		opts = *o
	}
	if opts.LoadErrorsTable == "" {
		opts.LoadErrorsTable = DefaultLoadErrorsTable
	}
	ident, err := parseName(opts.LoadErrorsTable)
	if err != nil {
		return nil, fmt.Errorf("redshiftpg: LoadErrorsTable: %w", err)
	}
	if opts.MaxObjectBytes <= 0 {
		opts.MaxObjectBytes = DefaultMaxObjectBytes
	}
	c := &Cluster{pool: pool, clk: clock.Or(opts.Clock), maxObject: opts.MaxObjectBytes, errTable: ident, errName: ident[len(ident)-1]}
	if err := c.createErrorTable(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// Open connects to the database at dsn (a PostgreSQL URL or key=value string, as pgxpool.ParseConfig reads it)
// and returns a Cluster owning that pool: Close closes it.
func Open(ctx context.Context, dsn string, o *Options) (*Cluster, error) {
	if ctx == nil {
		return nil, ErrNilContext
	}
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("redshiftpg: %w", err)
	}
	c, err := New(ctx, pool, o)
	if err != nil {
		pool.Close()
		return nil, err
	}
	c.ownPool = true
	return c, nil
}

// Close stops the Cluster: later Copies return ErrClosed; it waits for Copies in flight and closes the pool if
// Open made it. It is idempotent.
func (c *Cluster) Close() {
	c.mu.Lock()
	already := c.closed
	c.closed = true
	c.mu.Unlock()
	if already {
		return
	}
	c.wg.Wait()
	if c.ownPool {
		c.pool.Close()
	}
}

// Pool returns the Cluster's connection pool.
func (c *Cluster) Pool() *pgxpool.Pool { return c.pool }

func (c *Cluster) createErrorTable(ctx context.Context) error {
	t := c.errTable.Sanitize()
	seq := pgx.Identifier(append(append([]string(nil), c.errTable[:len(c.errTable)-1]...), c.errName+"_query_seq")).Sanitize()
	return pgx.BeginFunc(ctx, c.pool, func(tx pgx.Tx) error {
		// Concurrent CREATE ... IF NOT EXISTS can collide in PostgreSQL's catalog; a transaction-scoped advisory
		// lock on the table's name serialises them.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "redshiftpg:"+t); err != nil {
			return fmt.Errorf("redshiftpg: %w", err)
		}
		// STL_LOAD_ERRORS's columns (Database Developer Guide, "STL_LOAD_ERRORS").
		_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+t+` (
	userid integer, slice integer, tbl integer, starttime timestamp, session integer, query bigint,
	filename character(256), line_number bigint, colname character(127), type character(10),
	col_length character(10), position integer, raw_line character(1024), raw_field_value character(1024),
	err_code integer, err_reason character(100));
CREATE SEQUENCE IF NOT EXISTS `+seq)
		if err != nil {
			return fmt.Errorf("redshiftpg: creating the load-errors table: %w", err)
		}
		return nil
	})
}

// Copy runs cmd as Redshift's COPY would: one transaction loading every good record of cmd.Objects, or nothing.
func (c *Cluster) Copy(ctx context.Context, cmd firehose.CopyCommand) error {
	_, err := c.Load(ctx, cmd)
	return err
}

// Load is Copy reporting what it did.
//
// It parses cmd.Options ([copyfmt.Parse]), resolves cmd.Table and cmd.Columns in the database, decompresses and
// decodes every object, then, unless more records are bad than MAXERROR allows, loads the good ones in one
// transaction. Bad records (all of them when the COPY fails, the skipped ones when it succeeds) are recorded in
// the load-errors table, outside the load's transaction, as Redshift's system tables are. A done ctx ends the
// COPY, loading nothing, with ctx's error.
func (c *Cluster) Load(ctx context.Context, cmd firehose.CopyCommand) (Result, error) {
	if ctx == nil {
		return Result{}, ErrNilContext
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return Result{}, ErrClosed
	}
	c.wg.Add(1)
	c.mu.Unlock()
	defer c.wg.Done()
	now := c.clk.Now()

	opts, err := copyfmt.Parse(cmd.Options)
	if err != nil {
		return Result{}, err
	}
	table, err := parseName(cmd.Table)
	if err != nil {
		return Result{}, fmt.Errorf("redshiftpg: table %q: %w", cmd.Table, err)
	}
	conn, err := c.pool.Acquire(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("redshiftpg: %w", err)
	}
	defer conn.Release()
	tgt, err := resolve(ctx, conn.Conn(), table, cmd.Columns, opts.ExplicitIDs)
	if err != nil {
		return Result{}, err
	}
	var query int64
	var session int32
	if err := conn.QueryRow(ctx, `SELECT nextval($1::regclass), pg_backend_pid()`, c.seqName()).Scan(&query, &session); err != nil {
		return Result{}, fmt.Errorf("redshiftpg: %w", err)
	}
	rec := loadRecord{query: query, session: session, tbl: tgt.oid, start: now}
	fail := func(errs []copyfmt.LoadError, cause error) (Result, error) {
		if err := c.record(ctx, conn.Conn(), rec, errs); err != nil {
			return Result{}, err
		}
		return Result{Query: query}, &LoadFailedError{Table: table[len(table)-1], ErrorTable: c.errName, Errors: errs, Err: cause}
	}

	// The records stream into one CopyFrom inside the load's transaction as they are decoded; too many bad
	// records, or an object that does not decompress, abort it and the transaction rolls back.
	src := &stream{ctx: ctx, objs: cmd.Objects, dec: copyfmt.NewDecoder(opts, tgt.cols), comp: opts.Compression,
		maxObject: c.maxObject, maxError: opts.MaxError, rest: newBatches(len(tgt.cols))}
	failed := func() (Result, error) {
		if src.decompress != nil {
			return fail(append(src.bad, *src.decompressErr), src.decompress)
		}
		return fail(src.bad, nil)
	}
	if opts.NoLoad {
		for src.Next() {
		}
		if src.failed() {
			return failed()
		}
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		return Result{Skipped: len(src.bad), Query: query}, c.record(ctx, conn.Conn(), rec, src.bad)
	}
	var rows int64
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if src.start() {
			k, err := tx.CopyFrom(ctx, table, tgt.names(src.present), src)
			rows += k
			if err != nil {
				return err
			}
		}
		if src.failed() {
			return errAborted
		}
		// Records that left out other columns (JSON keys absent), each set of columns in one CopyFrom.
		for _, g := range src.rest.groups {
			k, err := tx.CopyFrom(ctx, table, tgt.names(g.present), &rowSource{rows: g.rows, idx: selected(g.present)})
			rows += k
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		if src.failed() {
			return failed()
		}
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			// A row the database refused (a constraint Redshift would not check, or a value PostgreSQL reads
			// differently): the whole COPY fails, recorded as an unknown parse error with the database's message.
			code := copyfmt.CodeUnknown
			if pe.Code == "23502" { // not_null_violation
				code = copyfmt.CodeNotNull
			}
			le := copyfmt.LoadError{Colname: clip(pe.ColumnName, 127), Code: code, Reason: clip(pe.Message, 100)}
			return fail(append(src.bad, le), err)
		}
		return Result{}, fmt.Errorf("redshiftpg: %w", err)
	}
	res := Result{Rows: rows, Skipped: len(src.bad), Query: query}
	return res, c.record(ctx, conn.Conn(), rec, src.bad)
}

// errAborted ends the load's transaction when the stream failed after its CopyFrom had finished.
var errAborted = errors.New("redshiftpg: load aborted")

// names returns the names of the columns present marks.
func (t *target) names(present []bool) []string {
	var names []string
	for i, p := range present {
		if p {
			names = append(names, t.cols[i].Name)
		}
	}
	return names
}

func selected(present []bool) []int {
	var idx []int
	for i, p := range present {
		if p {
			idx = append(idx, i)
		}
	}
	return idx
}

// stream is the CopyFrom source of a COPY: it decompresses and decodes the objects as CopyFrom pulls rows,
// yields the rows giving the same columns as the first good row, keeps the others in rest, and collects the bad
// records. It stops, failing CopyFrom, at one bad record more than MAXERROR allows or at an object that does
// not decompress.
type stream struct {
	ctx       context.Context
	objs      []firehose.CopyObject
	dec       *copyfmt.Decoder
	comp      copyfmt.Compression
	maxObject int64
	maxError  int

	oi   int
	recs *copyfmt.Records
	n    int

	present []bool // the columns of the streamed rows
	idx     []int
	first   []any // the first good row, pulled by start
	cur     []any
	buf     []any
	rest    *batches

	bad           []copyfmt.LoadError
	tooMany       bool
	decompress    error
	decompressErr *copyfmt.LoadError
	ctxErr        error
}

func (s *stream) failed() bool { return s.tooMany || s.decompress != nil }

// pull returns the next record of the objects.
func (s *stream) pull() (copyfmt.Row, bool) {
	for {
		if s.recs == nil {
			if s.oi >= len(s.objs) {
				return copyfmt.Row{}, false
			}
			obj := s.objs[s.oi]
			s.oi++
			data, err := copyfmt.Decompress(s.comp, obj.Body, s.maxObject)
			if err != nil {
				s.decompress = err
				s.decompressErr = &copyfmt.LoadError{Filename: clip(obj.URL, 256), Code: copyfmt.CodeInvalidLine, Reason: clip(err.Error(), 100)}
				return copyfmt.Row{}, false
			}
			s.recs = s.dec.Records(obj.URL, data)
		}
		if r, ok := s.recs.Next(); ok {
			return r, true
		}
		s.recs = nil
	}
}

// good returns the next good record, collecting bad ones; false at the end or on failure.
func (s *stream) good() (copyfmt.Row, bool) {
	for {
		if s.n++; s.n%4096 == 0 {
			if err := s.ctx.Err(); err != nil {
				s.ctxErr = err
				return copyfmt.Row{}, false
			}
		}
		r, ok := s.pull()
		if !ok {
			return r, false
		}
		if r.Err == nil {
			return r, true
		}
		s.bad = append(s.bad, *r.Err)
		if len(s.bad) > s.maxError {
			s.tooMany = true
			return copyfmt.Row{}, false
		}
	}
}

// start pulls the first good record, which fixes the streamed columns; false if there is none.
func (s *stream) start() bool {
	r, ok := s.good()
	if !ok {
		return false
	}
	s.present = append([]bool(nil), r.Present...)
	s.idx = selected(s.present)
	s.first = r.Values
	return true
}

func samePresence(a, b []bool) bool {
	if len(a) > 0 && len(b) > 0 && &a[0] == &b[0] {
		return true
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Next implements pgx.CopyFromSource.
func (s *stream) Next() bool {
	if s.first != nil {
		s.cur, s.first = s.first, nil
		return true
	}
	for {
		r, ok := s.good()
		if !ok {
			return false
		}
		if s.present == nil || samePresence(r.Present, s.present) {
			s.cur = r.Values
			return true
		}
		s.rest.add(r.Values, r.Present)
	}
}

// Values implements pgx.CopyFromSource.
func (s *stream) Values() ([]any, error) {
	s.buf = appendValues(s.buf[:0], s.cur, s.idx)
	return s.buf, nil
}

// Err implements pgx.CopyFromSource.
func (s *stream) Err() error {
	switch {
	case s.ctxErr != nil:
		return s.ctxErr
	case s.tooMany:
		return errTooManyErrors
	case s.decompress != nil:
		return s.decompress
	}
	return nil
}

var errTooManyErrors = errors.New("redshiftpg: more bad records than MAXERROR allows")

// appendValues appends the selected values of a row as CopyFrom takes them: a Decimal as a pgtype.Numeric.
func appendValues(dst, row []any, idx []int) []any {
	for _, j := range idx {
		v := row[j]
		if d, ok := v.(copyfmt.Decimal); ok {
			v = pgtype.Numeric{Int: d.BigInt(), Exp: d.Exp, Valid: true}
		}
		dst = append(dst, v)
	}
	return dst
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

func (c *Cluster) seqName() string {
	return pgx.Identifier(append(append([]string(nil), c.errTable[:len(c.errTable)-1]...), c.errName+"_query_seq")).Sanitize()
}

type loadRecord struct {
	query   int64
	session int32
	tbl     uint32
	start   time.Time
}

// record inserts load errors into the load-errors table, in their own statement (and so their own
// transaction): they stay when the load rolls back.
func (c *Cluster) record(ctx context.Context, conn *pgx.Conn, r loadRecord, errs []copyfmt.LoadError) error {
	if len(errs) == 0 {
		return nil
	}
	rows := make([][]any, len(errs))
	for i, e := range errs {
		rows[i] = []any{int32(0), int32(0), int32(r.tbl), r.start.UTC(), r.session, r.query, e.Filename, e.LineNumber,
			e.Colname, e.Type, e.ColLength, int32(e.Position), e.RawLine, e.RawField, int32(e.Code), e.Reason}
	}
	_, err := conn.CopyFrom(ctx, c.errTable, []string{"userid", "slice", "tbl", "starttime", "session", "query", "filename",
		"line_number", "colname", "type", "col_length", "position", "raw_line", "raw_field_value", "err_code", "err_reason"},
		pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("redshiftpg: recording load errors: %w", err)
	}
	return nil
}

// batches groups good rows by which columns they give, in the order first seen, so that a column a JSON record
// leaves out takes its DEFAULT: each group is one CopyFrom naming only its columns.
type batches struct {
	groups []*group
	index  map[string]int
	key    []byte
}

type group struct {
	present []bool
	rows    [][]any
}

func newBatches(n int) *batches { return &batches{index: map[string]int{}, key: make([]byte, n)} }

func (b *batches) add(values []any, present []bool) {
	for i, p := range present {
		b.key[i] = '0'
		if p {
			b.key[i] = '1'
		}
	}
	gi, ok := b.index[string(b.key)]
	if !ok {
		gi = len(b.groups)
		b.index[string(b.key)] = gi
		b.groups = append(b.groups, &group{present: append([]bool(nil), present...)})
	}
	g := b.groups[gi]
	g.rows = append(g.rows, values)
}

// rowSource feeds a group's rows to CopyFrom, selecting the group's columns and turning Decimals into
// pgtype.Numeric.
type rowSource struct {
	rows [][]any
	idx  []int
	i    int
	buf  []any
}

func (s *rowSource) Next() bool {
	s.i++
	return s.i <= len(s.rows)
}

func (s *rowSource) Values() ([]any, error) {
	s.buf = appendValues(s.buf[:0], s.rows[s.i-1], s.idx)
	return s.buf, nil
}

func (s *rowSource) Err() error { return nil }

// parseName splits a possibly schema-qualified SQL name: unquoted parts fold to lower case, as Redshift and
// PostgreSQL fold them; "quoted" parts keep their case.
func parseName(s string) (pgx.Identifier, error) {
	var parts pgx.Identifier
	s = strings.TrimSpace(s)
	for {
		if s == "" {
			return nil, errors.New("empty name")
		}
		var part string
		if s[0] == '"' {
			var b strings.Builder
			i := 1
			for {
				if i >= len(s) {
					return nil, errors.New("unterminated quoted identifier")
				}
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			part, s = b.String(), s[i:]
		} else {
			i := strings.IndexByte(s, '.')
			if i < 0 {
				i = len(s)
			}
			part, s = strings.ToLower(strings.TrimSpace(s[:i])), s[i:]
			if strings.ContainsAny(part, "\" \t") {
				return nil, fmt.Errorf("invalid name %q", part)
			}
		}
		if part == "" {
			return nil, errors.New("empty name")
		}
		parts = append(parts, part)
		s = strings.TrimSpace(s)
		if s == "" {
			break
		}
		if s[0] != '.' || len(parts) >= 3 {
			return nil, errors.New("malformed name")
		}
		s = strings.TrimSpace(s[1:])
	}
	return parts, nil
}
