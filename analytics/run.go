package analytics

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/internal/lifecycle"
	"github.com/kinesim/kinesim/record"
)

// batch is what flows between the stages of a running application: rows in ROWTIME order, and the time they
// carry to the windows downstream (a batch without rows is time passing).
type batch struct {
	rows []query.Row
	now  int64
}

// subDepth is how many batches a stage may have queued for the next before it waits: back-pressure, with memory
// bounded by subDepth × the batch size per link.
const subDepth = 4

// hub is one in-application stream while the application runs: it hands each batch to every reader, waiting for
// a slow one (back-pressure). A stream is not stored: with no reader its rows are gone.
//
// A hub is safe for concurrent use by its writers.
type hub struct {
	name    string
	schema  query.Schema
	subs    []chan batch
	writers atomic.Int64 // the writers yet to finish; the last closes the readers' channels

	mu   sync.Mutex // serialises publish, so that ROWTIME stays monotonic across writers
	last int64
	errs *hub // where rows out of ROWTIME order go; nil for the error stream
	pump string
}

func (h *hub) subscribe() <-chan batch {
	c := make(chan batch, subDepth)
	h.subs = append(h.subs, c)
	return c
}

// publish hands b to every reader; rows with a ROWTIME before the stream's last go to the error stream
// ("The rows are out of order", developer guide, error-handling). It returns false when ctx ends first.
func (h *hub) publish(ctx context.Context, b batch) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.errs != nil {
		var late []query.Row
		kept := b.rows[:0:0]
		for i, r := range b.rows {
			if r.Rowtime < h.last {
				if late == nil {
					kept = append(kept, b.rows[:i]...)
				}
				var out query.Output
				out.Pump = h.pump
				out.Fail(b.now, h.schema, r, &query.RuntimeError{Name: "RowtimeOutOfOrder", Message: "the row's ROWTIME is before the stream's last"})
				late = append(late, out.Errors[0].Row())
				continue
			}
			h.last = r.Rowtime
			if late != nil {
				kept = append(kept, r)
			}
		}
		if late != nil {
			b.rows = kept
			if !h.errs.publish(ctx, batch{rows: late, now: b.now}) {
				return false
			}
		}
	}
	for _, c := range h.subs {
		select {
		case c <- b:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// writerDone records that one writer finished; the last closes the readers' channels.
func (h *hub) writerDone() {
	if h.writers.Add(-1) == 0 {
		for _, c := range h.subs {
			close(c)
		}
	}
}

// run is one execution of an application, from StartApplication to StopApplication.
type run struct {
	a        *application
	readCtx  context.Context // ends the inputs' reads: Stop
	stopRead context.CancelFunc
	ctx      context.Context // ends everything: the engine closing
	cancel   context.CancelFunc
	hubs     map[string]*hub
	errHub   *hub
	inputs   []*inputRun
	starters []func()
	wg       sync.WaitGroup
	ticker   *lifecycle.Timer
	tickMu   sync.Mutex
	stopped  bool
}

func newRun(a *application, specs []Pump, pumps []*query.Pipeline, positions []InputStartingPosition) (*run, error) {
	r := &run{a: a, hubs: map[string]*hub{}}
	startedAt := a.e.clk.Now()
	r.ctx, r.cancel = context.WithCancel(context.Background())
	r.readCtx, r.stopRead = context.WithCancel(r.ctx)
	r.errHub = &hub{name: ErrorStreamName, schema: query.ErrorSchema}
	for name, s := range a.streams {
		r.hubs[name] = &hub{name: name, schema: s, errs: r.errHub}
	}
	// Writers first, then readers: every channel exists before a goroutine starts.
	for i := range a.in.Inputs {
		h := r.hubs[a.inputs[i].InAppStreamNames[0]]
		h.writers.Add(1)
		r.errHub.writers.Add(1)
		in := &inputRun{r: r, idx: i, m: a.mappers[i], hub: h, pos: positions[i], from: startedAt, wake: make(chan struct{}, 1), space: make(chan struct{}, 1)}
		if positions[i] == StartLastStoppedPoint && i < len(a.stopped) {
			in.resume, in.skip = a.stopped[i], a.stopped[i]
		}
		r.inputs = append(r.inputs, in)
	}
	for i, pl := range pumps {
		h := r.hubs[specs[i].Into]
		h.writers.Add(1)
		r.errHub.writers.Add(1)
		h.pump = specs[i].Name
		p := &pumpRun{r: r, name: specs[i].Name, pl: pl, into: h, left: r.hubs[specs[i].From].subscribe()}
		if j := pl.JoinsStream(); j != "" {
			p.right = r.hubs[j].subscribe()
		}
		r.starters = append(r.starters, p.run)
	}
	for i, o := range a.in.Outputs {
		var src *hub
		if o.Name == ErrorStreamName {
			src = r.errHub
		} else {
			src = r.hubs[o.Name]
		}
		out := &outputRun{r: r, idx: i, spec: o, src: src, rows: src.subscribe(),
			rng: rand.New(rand.NewPCG(a.e.cfg.Seed, fnvString(a.in.ApplicationName)+uint64(i)))}
		r.starters = append(r.starters, out.run)
	}
	// The error stream's rows are counted even when no output reads them.
	counted := r.errHub.subscribe()
	r.starters = append(r.starters, func() {
		for b := range counted {
			a.mu.Lock()
			a.errorRows += int64(len(b.rows))
			a.mu.Unlock()
		}
	})
	for _, in := range r.inputs {
		r.starters = append(r.starters, in.read, in.parse)
	}
	return r, nil
}

// go runs f on a goroutine of the engine's group that stop waits for.
func (r *run) go_(f func()) {
	r.wg.Add(1)
	if !r.a.e.life.Go(func() { defer r.wg.Done(); f() }) {
		r.wg.Done()
	}
}

func (r *run) start() {
	// Streams nothing writes end at once, so that their readers end.
	for _, h := range r.hubs {
		if h.writers.Load() == 0 {
			h.writers.Add(1)
			h.writerDone()
		}
	}
	for _, f := range r.starters {
		r.go_(f)
	}
	r.tickMu.Lock()
	r.ticker = lifecycle.AfterFunc(r.a.e.life, r.a.e.cfg.tick, r, (*run).tick)
	r.tickMu.Unlock()
}

// tick lets time reach the windows: every input sends the time on, with or without rows.
func (r *run) tick() {
	r.tickMu.Lock()
	defer r.tickMu.Unlock()
	if r.stopped {
		return
	}
	for _, in := range r.inputs {
		in.mu.Lock()
		in.tickDue = true
		in.mu.Unlock()
		in.signal()
	}
	r.ticker = lifecycle.AfterFunc(r.a.e.life, r.a.e.cfg.tick, r, (*run).tick)
}

// stop ends the reads, lets everything read so far flow to the outputs, and waits for the goroutines.
func (r *run) stop() {
	r.tickMu.Lock()
	r.stopped = true
	r.ticker.Stop()
	r.tickMu.Unlock()
	r.stopRead()
	r.wg.Wait()
	r.cancel()
}

func (r *run) stopPoints() []stopPoint {
	out := make([]stopPoint, len(r.inputs))
	for i, in := range r.inputs {
		in.mu.Lock()
		out[i] = in.resume
		in.mu.Unlock()
	}
	return out
}

// queueCap bounds the records an input holds between its reader and its parser.
const queueCap = 2000

// inputRun is one input while the application runs: a reader goroutine follows the source into a bounded queue
// (each record no earlier than its arrival + the read latency, WithReadLatency), a parser goroutine takes what is
// queued as one batch, stamps its ROWTIME from the clock (read once per batch, never going back) and maps it into
// rows.
type inputRun struct {
	r     *run
	idx   int
	m     *mapper
	hub   *hub
	pos   InputStartingPosition
	from  time.Time     // the start, for NOW
	wake  chan struct{} // the parser's signal: records or a tick
	space chan struct{} // the reader's signal: the queue has room

	mu      sync.Mutex // guards what follows
	queue   []record.Record
	done    bool
	tickDue bool
	resume  stopPoint // where the input is, for the next LAST_STOPPED_POINT
	last    int64     // the last ROWTIME stamped
	skip    stopPoint // the records LAST_STOPPED_POINT read before the start; set before the reader starts

	invocations int64 // of the preprocessing function; the parser's own
}

func (in *inputRun) signal() {
	select {
	case in.wake <- struct{}{}:
	default:
	}
}

// source follows the input's source from the position: NOW is the instant of StartApplication (in.from), not of
// the reader's first read.
func (in *inputRun) source() iter.Seq2[record.Record, error] {
	cfg, spec := &in.r.a.e.cfg, in.r.a.in.Inputs[in.idx]
	var from time.Time
	switch in.pos {
	case StartNow:
		from = in.from
	case StartLastStoppedPoint:
		from = in.resume.arrival
	}
	if spec.KinesisStreamsInput != nil {
		return cfg.streams.Follow(in.r.readCtx, spec.KinesisStreamsInput.ResourceARN, from)
	}
	return cfg.delivery.FollowDeliveryStream(in.r.readCtx, spec.KinesisFirehoseInput.ResourceARN, from)
}

func (in *inputRun) read() {
	defer func() {
		in.mu.Lock()
		in.done = true
		in.mu.Unlock()
		in.signal()
	}()
	seq := in.source()
	for rec, err := range seq {
		if err != nil {
			if in.r.readCtx.Err() == nil { // not the stop: the source failed (deleted, not found, its engine closed)
				now := in.r.a.e.clk.Now().UnixNano()
				e := query.ErrorRow{ErrorTime: now, ErrorLevel: "ERROR", ErrorName: "SourceReadError", Message: err.Error(), DataRowtime: now}
				in.r.errHub.publish(in.r.ctx, batch{rows: []query.Row{e.Row()}, now: now})
			}
			return
		}
		if in.skip.seen[rec.ShardId+"/"+rec.SequenceNumber.String()] && rec.ApproximateArrivalTimestamp.Equal(in.skip.arrival) {
			continue // read before the application stopped
		}
		if d := in.r.a.e.cfg.latency; d > 0 && !in.waitUntil(rec.ApproximateArrivalTimestamp.Add(d)) {
			return // stopped: the record is not read, and LAST_STOPPED_POINT reads it again
		}
		in.mu.Lock()
		for len(in.queue) >= queueCap {
			in.mu.Unlock()
			select {
			case <-in.space:
			case <-in.r.readCtx.Done():
				return
			}
			in.mu.Lock()
		}
		in.queue = append(in.queue, rec)
		in.mu.Unlock()
		in.signal()
	}
}

// waitUntil waits on the engine's clock until it reads due or later (WithReadLatency); it returns false when the
// read context (Stop, Close) ends the wait first.
func (in *inputRun) waitUntil(due time.Time) bool {
	clk, ctx := in.r.a.e.clk, in.r.readCtx
	for tries := 0; ; tries++ {
		now := clk.Now()
		if !now.Before(due) {
			return true
		}
		t := clk.NewTimer(due.Sub(now))
		// A timer is due its duration after the time the clock reads when it is armed: if the clock moved since now,
		// the timer may fall due after due, and a manual clock may then stand still in between. Arm it again from
		// the new time; a real clock always moves, by nanoseconds, so the third timer is kept whatever it reads.
		if !clk.Now().Equal(now) && tries < 2 {
			t.Stop()
			continue
		}
		select {
		case <-t.C():
		case <-ctx.Done():
			t.Stop()
			return false
		}
	}
}

func (in *inputRun) parse() {
	defer in.hub.writerDone()
	defer in.r.errHub.writerDone()
	a := in.r.a
	var spare []record.Record
	for {
		<-in.wake
		in.mu.Lock()
		recs, done, tick := in.queue, in.done, in.tickDue
		in.queue, in.tickDue = spare[:0], false
		in.mu.Unlock()
		select {
		case in.space <- struct{}{}:
		default:
		}
		if len(recs) > 0 || tick {
			if !in.publish(recs) {
				return
			}
		}
		spare = recs
		if done {
			in.mu.Lock()
			left := len(in.queue)
			in.mu.Unlock()
			if left == 0 {
				return
			}
			in.signal()
		}
		_ = a
	}
}

// publish maps the records into rows stamped with one ROWTIME and sends them, in batches, to the input stream; the
// records that do not map go to the error stream with their data (developer guide, error-handling). An input with
// a processing configuration sends the records to its function first and maps what it returns (preprocess.go).
func (in *inputRun) publish(recs []record.Record) bool {
	a := in.r.a
	now := a.e.clk.Now().UnixNano()
	rowtime := now
	if d := a.e.cfg.latency; d > 0 {
		for _, rec := range recs { // the reader waited for each, on this clock: a source of another clock may be ahead
			rowtime = max(rowtime, rec.ApproximateArrivalTimestamp.Add(d).UnixNano())
		}
	}
	in.mu.Lock()
	rowtime = max(rowtime, in.last)
	in.last = rowtime
	in.mu.Unlock()
	var errs []query.Row
	failed := int64(0)
	mapped := recs
	if in.r.a.in.Inputs[in.idx].InputProcessingConfiguration != nil { // the function's Ok records are mapped
		mapped, errs = in.preprocess(recs, now, rowtime)
		failed = int64(len(errs))
	}
	rows := make([]query.Row, 0, len(mapped))
	var vals [][]query.Value
	for _, rec := range mapped {
		var err error
		vals, err = in.m.rows(rec.Data, vals[:0])
		if err != nil {
			failed++
			e := query.ErrorRow{ErrorTime: now, ErrorLevel: "ERROR", ErrorName: "CoercionError", Message: err.Error(),
				DataRowtime: rowtime, DataRow: hexString(rec.Data)}
			errs = append(errs, e.Row())
			continue
		}
		arrival := query.TimestampValue(rec.ApproximateArrivalTimestamp)
		for _, v := range vals {
			rows = append(rows, query.Row{Rowtime: rowtime, Values: append(v, arrival)})
		}
	}
	if len(recs) > 0 {
		lastRec := recs[len(recs)-1]
		in.mu.Lock()
		if !lastRec.ApproximateArrivalTimestamp.Equal(in.resume.arrival) {
			in.resume = stopPoint{arrival: lastRec.ApproximateArrivalTimestamp, seen: map[string]bool{}}
		}
		for _, rec := range recs {
			if rec.ApproximateArrivalTimestamp.Equal(in.resume.arrival) {
				in.resume.seen[rec.ShardId+"/"+rec.SequenceNumber.String()] = true
			}
		}
		in.mu.Unlock()
		a.mu.Lock()
		a.inputs[in.idx].RecordsRead += int64(len(recs))
		a.inputs[in.idx].RowsFailed += failed
		a.inputs[in.idx].LastStoppedArrivalTimestamp = in.resume.arrival
		a.mu.Unlock()
	}
	if len(errs) > 0 && !in.r.errHub.publish(in.r.ctx, batch{rows: errs, now: now}) {
		return false
	}
	size := a.e.cfg.batch
	for len(rows) > size {
		if !in.hub.publish(in.r.ctx, batch{rows: rows[:size:size], now: now}) {
			return false
		}
		rows = rows[size:]
	}
	return in.hub.publish(in.r.ctx, batch{rows: rows, now: now})
}

// pumpRun is one pump while the application runs: it pushes each batch of its stream (and of the stream it joins)
// through its pipeline and publishes what comes out, rows and error rows.
type pumpRun struct {
	r     *run
	name  string
	pl    *query.Pipeline
	into  *hub
	left  <-chan batch
	right <-chan batch
}

func (p *pumpRun) run() {
	defer p.into.writerDone()
	defer p.r.errHub.writerDone()
	out := query.Output{Pump: p.name}
	if p.right == nil {
		for b := range p.left {
			if !p.step(b, false, &out) {
				return
			}
		}
		return
	}
	// A join reads its two streams in time order: a batch of one waits until the other has reached its time (or
	// ended), the joined stream's first on a tie, so that a left row meets every right row of its window whatever
	// the pumps that fill the two streams run ahead. Both channels are always read (the batches wait here), so
	// that neither writer blocks the other: what waits is bounded by how far one stream can run ahead of the other,
	// the channels' depth along the pumps between them and their common input.
	var lq, rq []batch
	left, right := p.left, p.right
	for {
		for {
			// The next batch is the earlier of the two queues' first; with one queue empty, the other's first waits
			// for the empty one's stream to end.
			takeRight := len(rq) > 0 && (len(lq) > 0 && rq[0].now <= lq[0].now || len(lq) == 0 && left == nil)
			takeLeft := len(lq) > 0 && (len(rq) > 0 && lq[0].now < rq[0].now || len(rq) == 0 && right == nil)
			if !takeRight && !takeLeft {
				break
			}
			var b batch
			if takeRight {
				b, rq = rq[0], rq[1:]
			} else {
				b, lq = lq[0], lq[1:]
			}
			if !p.step(b, takeRight, &out) {
				return
			}
		}
		if left == nil && right == nil {
			return
		}
		select {
		case b, ok := <-left:
			if !ok {
				left = nil
				continue
			}
			lq = append(lq, b)
		case b, ok := <-right:
			if !ok {
				right = nil
				continue
			}
			rq = append(rq, b)
		}
	}
}

// step pushes one batch of the pump's stream (or, right, of the stream it joins) through the pipeline and
// publishes what comes out, error rows first. It returns false when the run ends first.
func (p *pumpRun) step(b batch, right bool, out *query.Output) bool {
	out.Reset()
	if right {
		p.pl.PushRight(b.now, b.rows, out)
	} else if len(b.rows) > 0 {
		p.pl.Push(b.now, b.rows, out)
	}
	p.pl.Advance(b.now, out)
	if len(out.Errors) > 0 {
		errs := make([]query.Row, len(out.Errors))
		for i, e := range out.Errors {
			errs[i] = e.Row()
		}
		if !p.r.errHub.publish(p.r.ctx, batch{rows: errs, now: b.now}) {
			return false
		}
	}
	return p.into.publish(p.r.ctx, batch{rows: slices.Clone(out.Rows), now: b.now})
}

// hexString is the error stream's DATA_ROW of a record that did not map: its data, hex-encoded.
func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}

// splitJSON splits an object of concatenated (or newline-separated) JSON documents.
func splitJSON(body []byte) [][]byte {
	d := json.NewDecoder(bytes.NewReader(body))
	var docs [][]byte
	for {
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return docs
		}
		docs = append(docs, raw)
	}
}
