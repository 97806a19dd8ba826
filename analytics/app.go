package analytics

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/apierr"
)

// ErrorStreamName is the in-application error stream, which outputs may name (developer guide, error-handling).
const ErrorStreamName = "error_stream"

// application is one application's configuration and, while it runs, its run.
type application struct {
	e       *Engine
	in      CreateApplicationInput
	arn     string
	created time.Time
	mappers []*mapper
	refs    []*mapper
	streams map[string]query.Schema // every in-application stream: inputs' and the code's

	mu        sync.Mutex // guards what follows
	status    ApplicationStatus
	version   int64
	updated   time.Time
	inputs    []InputDescription
	outputs   []OutputDescription
	errorRows int64
	run       *run
	ran       bool
	stopped   []stopPoint // per input, where it stopped reading
	ids       ids         // of the outputs (as in outputs), reference data sources and logging options

	startMu sync.Mutex // serialises start and stop
}

// ids are the ids an application gave its outputs, reference data sources (in the order of in.Outputs and
// in.ReferenceDataSources) and CloudWatch logging options: "n.1", n counting from 1 for each kind. AWS documents
// the ids only as unique (API reference, DeleteApplicationOutput: "has a unique ID"); kinesim never gives an id
// twice in one application, so a deleted output's id names nothing afterwards.
type ids struct {
	outputs, refs                []string
	logs                         []CloudWatchLoggingOptionDescription
	nextOutput, nextRef, nextLog int
}

func (d ids) clone() ids {
	d.outputs, d.refs, d.logs = slices.Clone(d.outputs), slices.Clone(d.refs), slices.Clone(d.logs)
	return d
}

// id is the id of the n-th item of a kind.
func id(n int) string { return strconv.Itoa(n) + ".1" }

// addOutput gives the next output id.
func (d *ids) addOutput() {
	d.outputs = append(d.outputs, id(d.nextOutput))
	d.nextOutput++
}

// addRef gives the next reference data source id.
func (d *ids) addRef() {
	d.refs = append(d.refs, id(d.nextRef))
	d.nextRef++
}

// addLog records a logging option with the next id.
func (d *ids) addLog(o CloudWatchLoggingOption) {
	d.logs = append(d.logs, CloudWatchLoggingOptionDescription{CloudWatchLoggingOptionId: id(d.nextLog), CloudWatchLoggingOption: o})
	d.nextLog++
}

// checkLoggingOption refuses a logging option without its two ARNs (both required: API reference,
// CloudWatchLoggingOption).
func checkLoggingOption(o CloudWatchLoggingOption) error {
	if o.LogStreamARN == "" || o.RoleARN == "" {
		return apierr.InvalidArgument.New("A CloudWatch logging option needs a LogStreamARN and a RoleARN.")
	}
	if len(o.LogStreamARN) > 2048 || len(o.RoleARN) > 2048 {
		return apierr.InvalidArgument.New("A CloudWatch logging option's ARNs must be at most 2048 characters.")
	}
	return nil
}

// stopPoint is where an input stopped: the arrival time of the last record read, and the records of that instant
// already read (shard and sequence number), so that LAST_STOPPED_POINT reads each record once.
type stopPoint struct {
	arrival time.Time
	seen    map[string]bool
}

func newApplication(e *Engine, in CreateApplicationInput, now time.Time) (*application, error) {
	if !namePattern.MatchString(in.ApplicationName) {
		return nil, apierr.InvalidArgument.New("ApplicationName %q must be 1 to 128 characters of a-z, A-Z, 0-9, _, . and -.", in.ApplicationName)
	}
	if len(in.ApplicationDescription) > 1024 {
		return nil, apierr.InvalidArgument.New("ApplicationDescription must be at most 1024 characters.")
	}
	switch {
	case len(in.Inputs) > 1:
		return nil, apierr.LimitExceeded.New("An application has at most one streaming source.")
	case len(in.ReferenceDataSources) > 1:
		return nil, apierr.LimitExceeded.New("An application has at most one reference data source.")
	case len(in.Outputs) > 3:
		return nil, apierr.LimitExceeded.New("An application has at most three destinations.")
	}
	in.Inputs = slices.Clone(in.Inputs) // its processing configurations are copied below
	a := &application{e: e, in: in, arn: e.cfg.Account.ApplicationARN(in.ApplicationName), created: now, updated: now,
		status: StatusReady, version: 1, streams: map[string]query.Schema{}, ids: ids{nextOutput: 1, nextRef: 1, nextLog: 1}}
	for _, o := range in.CloudWatchLoggingOptions {
		if err := checkLoggingOption(o); err != nil {
			return nil, err
		}
		a.ids.addLog(o)
	}
	for i, inp := range in.Inputs {
		if (inp.KinesisStreamsInput == nil) == (inp.KinesisFirehoseInput == nil) {
			return nil, apierr.InvalidArgument.New("Input %d must have exactly one of KinesisStreamsInput and KinesisFirehoseInput.", i)
		}
		if !namePattern.MatchString(inp.NamePrefix) || len(inp.NamePrefix) > 32 {
			return nil, apierr.InvalidArgument.New("Input %d's NamePrefix %q must be 1 to 32 characters of a-z, A-Z, 0-9, _, . and -.", i, inp.NamePrefix)
		}
		if err := checkProcessing(inp.InputProcessingConfiguration); err != nil {
			return nil, err
		}
		inp.InputProcessingConfiguration = inp.InputProcessingConfiguration.clone()
		a.in.Inputs[i] = inp
		m, err := newMapper(inp.InputSchema)
		if err != nil {
			return nil, err
		}
		a.mappers = append(a.mappers, m)
		name := inp.NamePrefix + "_001"
		a.streams[name] = inAppSchema(m)
		a.inputs = append(a.inputs, InputDescription{InputId: id(i + 1), NamePrefix: inp.NamePrefix,
			InAppStreamNames: []string{name}, KinesisStreamsInput: inp.KinesisStreamsInput,
			KinesisFirehoseInput: inp.KinesisFirehoseInput, InputProcessingConfiguration: inp.InputProcessingConfiguration, InputSchema: inp.InputSchema})
	}
	tables := map[string]*query.Table{}
	for _, r := range in.ReferenceDataSources {
		if r.TableName == "" || r.S3ReferenceDataSource.BucketARN == "" || r.S3ReferenceDataSource.FileKey == "" {
			return nil, apierr.InvalidArgument.New("A reference data source needs a TableName, a BucketARN and a FileKey.")
		}
		m, err := newMapper(r.ReferenceSchema)
		if err != nil {
			return nil, err
		}
		a.refs = append(a.refs, m)
		a.ids.addRef()
		tables[r.TableName] = &query.Table{Schema: m.schema}
	}
	code, err := a.sqlCode(tables) // ApplicationCode's SQL compiled, or Code (sqlapp.go)
	if err != nil {
		return nil, err
	}
	for _, s := range code.Streams {
		if !namePattern.MatchString(s.Name) || len(s.Columns) == 0 {
			return nil, apierr.CodeValidation.New("Stream %q needs a name and columns.", s.Name)
		}
		if _, dup := a.streams[s.Name]; dup || s.Name == ErrorStreamName {
			return nil, apierr.CodeValidation.New("Stream %q is defined twice.", s.Name)
		}
		a.streams[s.Name] = s.Columns
	}
	if err := checkPumps(code.Pumps, a.streams); err != nil {
		return nil, err
	}
	for _, p := range code.Pumps {
		if _, err := a.compile(p, tables); err != nil {
			return nil, err
		}
	}
	for i, o := range in.Outputs {
		n := 0
		for _, set := range []bool{o.KinesisStreamsOutput != nil, o.KinesisFirehoseOutput != nil, o.LambdaOutput != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			return nil, apierr.InvalidArgument.New("Output %d must have exactly one destination.", i)
		}
		if _, ok := a.streams[o.Name]; !ok && o.Name != ErrorStreamName {
			return nil, apierr.InvalidArgument.New("Output %d names the in-application stream %q, which the code does not create.", i, o.Name)
		}
		if f := o.DestinationSchema.RecordFormatType; f != FormatJSON && f != FormatCSV {
			return nil, apierr.InvalidArgument.New("Output %d's RecordFormatType must be JSON or CSV.", i)
		}
		a.ids.addOutput()
		a.outputs = append(a.outputs, OutputDescription{OutputId: a.ids.outputs[i], Output: o})
	}
	return a, nil
}

// checkPumps refuses pumps that read or write unknown streams, and cycles (a pump chain must end).
func checkPumps(pumps []Pump, streams map[string]query.Schema) error {
	next := map[string][]string{}
	names := map[string]bool{}
	for _, p := range pumps {
		if p.Name == "" || names[p.Name] {
			return apierr.CodeValidation.New("Pump %q needs a unique name.", p.Name)
		}
		names[p.Name] = true
		if _, ok := streams[p.From]; !ok {
			return apierr.CodeValidation.New("Pump %s reads %q, which does not exist.", p.Name, p.From)
		}
		if _, ok := streams[p.Into]; !ok {
			return apierr.CodeValidation.New("Pump %s inserts into %q, which does not exist.", p.Name, p.Into)
		}
		next[p.From] = append(next[p.From], p.Into)
		if len(p.Steps) > 0 {
			if j, ok := p.Steps[0].(query.StreamJoin); ok {
				next[j.Stream] = append(next[j.Stream], p.Into)
			}
		}
	}
	state := map[string]int{}
	var visit func(s string) bool
	visit = func(s string) bool {
		switch state[s] {
		case 1:
			return false
		case 2:
			return true
		}
		state[s] = 1
		for _, t := range next[s] {
			if !visit(t) {
				return false
			}
		}
		state[s] = 2
		return true
	}
	for s := range next {
		if !visit(s) {
			return apierr.CodeValidation.New("The pumps form a cycle through stream %q.", s)
		}
	}
	return nil
}

// compile builds a pump's pipeline, ending in the cast to its target stream's columns.
func (a *application) compile(p Pump, tables map[string]*query.Table) (*query.Pipeline, error) {
	env := &query.Env{Tables: tables, Streams: a.streams, Seed: a.e.cfg.Seed ^ fnvString(a.in.ApplicationName+"/"+p.Name)}
	pl, err := query.Compile(a.streams[p.From], env, p.Steps...)
	if err != nil {
		return nil, err
	}
	into, err := query.Into(pl.Schema(), a.streams[p.Into])
	if err != nil {
		return nil, apierr.CodeValidation.New("Pump %s: %v", p.Name, err)
	}
	return query.Compile(a.streams[p.From], env, append(slices.Clone(p.Steps), into)...)
}

func fnvString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func (a *application) summary() ApplicationSummary {
	a.mu.Lock()
	defer a.mu.Unlock()
	return ApplicationSummary{ApplicationName: a.in.ApplicationName, ApplicationARN: a.arn, ApplicationStatus: a.status}
}

func (a *application) setStatus(s ApplicationStatus) {
	a.mu.Lock()
	a.status = s
	a.mu.Unlock()
}

func (a *application) describe() ApplicationDetail {
	a.mu.Lock()
	defer a.mu.Unlock()
	d := ApplicationDetail{ApplicationName: a.in.ApplicationName, ApplicationARN: a.arn,
		ApplicationDescription: a.in.ApplicationDescription, ApplicationStatus: a.status, CreateTimestamp: a.created,
		LastUpdateTimestamp: a.updated, ApplicationVersionId: a.version, ApplicationCode: a.in.ApplicationCode, ReferenceDataSources: slices.Clone(a.in.ReferenceDataSources),
		ErrorRows: a.errorRows}
	d.InputDescriptions = slices.Clone(a.inputs)
	for i := range d.InputDescriptions {
		d.InputDescriptions[i].InputProcessingConfiguration = d.InputDescriptions[i].InputProcessingConfiguration.clone()
	}
	d.OutputDescriptions = slices.Clone(a.outputs)
	for i, r := range a.in.ReferenceDataSources {
		d.ReferenceDataSourceDescriptions = append(d.ReferenceDataSourceDescriptions, ReferenceDataSourceDescription{ReferenceId: a.ids.refs[i], ReferenceDataSource: r})
	}
	d.CloudWatchLoggingOptionDescriptions = slices.Clone(a.ids.logs)
	return d
}

// start loads the reference tables, builds the pumps and starts the run.
func (a *application) start(ctx context.Context, cfgs []InputConfiguration) error {
	a.startMu.Lock()
	defer a.startMu.Unlock()
	return a.startLocked(ctx, cfgs)
}

// startLocked is start with startMu held.
func (a *application) startLocked(ctx context.Context, cfgs []InputConfiguration) error {
	a.mu.Lock()
	if a.status != StatusReady {
		st := a.status
		a.mu.Unlock()
		return apierr.ResourceInUse.New("Application %s is in %s state; it must be READY to start.", a.in.ApplicationName, st)
	}
	positions := make([]InputStartingPosition, len(a.inputs))
	for i := range positions {
		positions[i] = StartNow
	}
	for _, c := range cfgs {
		i := slices.IndexFunc(a.inputs, func(d InputDescription) bool { return d.InputId == c.Id })
		if i < 0 {
			a.mu.Unlock()
			return apierr.InvalidArgument.New("Input %q does not exist.", c.Id)
		}
		switch p := c.InputStartingPositionConfiguration.InputStartingPosition; p {
		case "":
		case StartNow, StartTrimHorizon:
			positions[i] = p
		case StartLastStoppedPoint:
			if !a.ran {
				a.mu.Unlock()
				return apierr.InvalidArgument.New("Application %s has not been stopped before: LAST_STOPPED_POINT has no point.", a.in.ApplicationName)
			}
			positions[i] = p
		default:
			a.mu.Unlock()
			return apierr.InvalidArgument.New("InputStartingPosition %q must be NOW, TRIM_HORIZON or LAST_STOPPED_POINT.", p)
		}
	}
	a.status = StatusStarting
	a.mu.Unlock()
	fail := func(err error) error {
		a.setStatus(StatusReady)
		return err
	}
	for i, inp := range a.in.Inputs {
		if inp.KinesisStreamsInput != nil && a.e.cfg.streams == nil || inp.KinesisFirehoseInput != nil && a.e.cfg.delivery == nil {
			return fail(apierr.InvalidApplicationConfiguration.New("Input %d's source cannot be read: the engine has no reader for it.", i))
		}
		if inp.InputProcessingConfiguration != nil && a.e.cfg.functions == nil {
			return fail(apierr.InvalidApplicationConfiguration.New("Input %d's preprocessing function cannot be invoked: the engine has no function invoker.", i))
		}
	}
	tables := map[string]*query.Table{}
	for i, r := range a.in.ReferenceDataSources {
		t, err := a.loadTable(ctx, r, a.refs[i])
		if err != nil {
			return fail(err)
		}
		tables[r.TableName] = t
	}
	var pumps []*query.Pipeline
	code := a.in.Code
	if code == nil {
		code = &Code{}
	}
	for _, p := range code.Pumps {
		pl, err := a.compile(p, tables)
		if err != nil {
			return fail(err)
		}
		pumps = append(pumps, pl)
	}
	r, err := newRun(a, code.Pumps, pumps, positions)
	if err != nil {
		return fail(err)
	}
	a.mu.Lock()
	a.run, a.ran, a.status = r, true, StatusRunning
	for i := range a.inputs {
		a.inputs[i].InputStartingPosition = positions[i]
	}
	a.mu.Unlock()
	r.start()
	return nil
}

// loadTable reads a reference data source's object and maps its records (the lines of a CSV object, the JSON
// documents of a JSON one) into a table. Rows that do not map are left out.
func (a *application) loadTable(ctx context.Context, r ReferenceDataSource, m *mapper) (*query.Table, error) {
	if a.e.cfg.store == nil {
		return nil, apierr.InvalidApplicationConfiguration.New("Reference data source %s cannot be read: the engine has no object store.", r.TableName)
	}
	body, err := a.e.cfg.store.GetObject(ctx, bucketOf(r.S3ReferenceDataSource.BucketARN), r.S3ReferenceDataSource.FileKey)
	if err != nil {
		return nil, apierr.InvalidApplicationConfiguration.New("Reference data source %s cannot be read: %v", r.TableName, err)
	}
	t := &query.Table{Schema: m.schema}
	if m.format == FormatCSV {
		for _, line := range strings.Split(string(body), m.rowDelim) {
			if strings.TrimSpace(line) == "" {
				continue
			}
			t.Rows, _ = m.rows([]byte(line), t.Rows)
		}
		return t, nil
	}
	for _, doc := range splitJSON(body) {
		t.Rows, _ = m.rows(doc, t.Rows)
	}
	return t, nil
}

// stop ends the run, if any, and leaves the application READY (or DELETING).
func (a *application) stop() {
	a.startMu.Lock()
	defer a.startMu.Unlock()
	a.stopLocked()
}

// stopLocked is stop with startMu held.
func (a *application) stopLocked() {
	a.mu.Lock()
	r := a.run
	if r == nil {
		a.mu.Unlock()
		return
	}
	if a.status == StatusRunning {
		a.status = StatusStopping
	}
	a.mu.Unlock()
	r.stop()
	a.mu.Lock()
	a.run = nil
	a.stopped = r.stopPoints()
	if a.status == StatusStopping {
		a.status = StatusReady
	}
	a.mu.Unlock()
}
