package analytics

import (
	"context"
	"slices"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
)

// The operations of update.go, for test controls.
const (
	OpAddApplicationInput               control.Op = "kinesisanalytics:AddApplicationInput"
	OpAddApplicationOutput              control.Op = "kinesisanalytics:AddApplicationOutput"
	OpAddApplicationReferenceDataSource control.Op = "kinesisanalytics:AddApplicationReferenceDataSource"
	OpUpdateApplication                 control.Op = "kinesisanalytics:UpdateApplication"
)

// AddApplicationInputInput adds a streaming source to an application (API reference, AddApplicationInput).
type AddApplicationInputInput struct {
	ApplicationName             string
	CurrentApplicationVersionId int64
	Input                       Input
}

// AddApplicationOutputInput adds a destination (API reference, AddApplicationOutput).
type AddApplicationOutputInput struct {
	ApplicationName             string
	CurrentApplicationVersionId int64
	Output                      Output
}

// AddApplicationReferenceDataSourceInput adds a reference table (API reference, AddApplicationReferenceDataSource).
type AddApplicationReferenceDataSourceInput struct {
	ApplicationName             string
	CurrentApplicationVersionId int64
	ReferenceDataSource         ReferenceDataSource
}

// UpdateApplicationInput replaces an application's SQL code, changes its inputs' processing configurations and its
// CloudWatch logging options (API reference, UpdateApplication, ApplicationCodeUpdate, InputUpdates'
// InputProcessingConfigurationUpdate and CloudWatchLoggingOptionUpdates); the other members of ApplicationUpdate
// are not implemented. An empty ApplicationCodeUpdate with InputUpdates or CloudWatchLoggingOptionUpdates leaves
// the code as it is; alone, it replaces the code with none.
type UpdateApplicationInput struct {
	ApplicationName                string
	CurrentApplicationVersionId    int64
	ApplicationCodeUpdate          string
	InputUpdates                   []InputUpdate
	CloudWatchLoggingOptionUpdates []CloudWatchLoggingOptionUpdate
}

// AddApplicationInput adds a streaming source (at most one per application). The application may be READY or
// RUNNING (the API reference restricts neither these calls nor UpdateApplication to a stopped application): a
// RUNNING one is restarted with the new configuration, each input it had resuming where it stopped reading (as
// LAST_STOPPED_POINT does) and a new input starting at NOW; the rows in its open windows are dropped, as a stop
// drops them. Errors: ResourceNotFound, ConcurrentModification (CurrentApplicationVersionId is not the
// application's), ResourceInUse (the application is STARTING, STOPPING or DELETING), and CreateApplication's
// validation errors, the code compiled again against the new input; StartApplication's errors when the
// restarted application cannot start (its reference table cannot be loaded), and then it runs on with its old
// configuration from where it stopped.
func (e *Engine) AddApplicationInput(ctx context.Context, in AddApplicationInputInput) error {
	if err := begin(e, ctx, OpAddApplicationInput, &in); err != nil {
		return err
	}
	return e.reconfigure(in.ApplicationName, in.CurrentApplicationVersionId, func(c *CreateApplicationInput, d *ids) error {
		c.Inputs = append(slices.Clone(c.Inputs), in.Input)
		return nil
	})
}

// AddApplicationOutput adds a destination (at most three). Errors as AddApplicationInput's.
func (e *Engine) AddApplicationOutput(ctx context.Context, in AddApplicationOutputInput) error {
	if err := begin(e, ctx, OpAddApplicationOutput, &in); err != nil {
		return err
	}
	return e.reconfigure(in.ApplicationName, in.CurrentApplicationVersionId, func(c *CreateApplicationInput, d *ids) error {
		c.Outputs = append(slices.Clone(c.Outputs), in.Output)
		d.addOutput()
		return nil
	})
}

// AddApplicationReferenceDataSource adds a reference table (at most one), loaded when the application starts.
// Errors as AddApplicationInput's.
func (e *Engine) AddApplicationReferenceDataSource(ctx context.Context, in AddApplicationReferenceDataSourceInput) error {
	if err := begin(e, ctx, OpAddApplicationReferenceDataSource, &in); err != nil {
		return err
	}
	return e.reconfigure(in.ApplicationName, in.CurrentApplicationVersionId, func(c *CreateApplicationInput, d *ids) error {
		c.ReferenceDataSources = append(slices.Clone(c.ReferenceDataSources), in.ReferenceDataSource)
		d.addRef()
		return nil
	})
}

// UpdateApplication replaces the application's SQL code and applies the input and logging option updates, all or
// none, with one version. Errors as AddApplicationInput's, ResourceNotFound for an update naming no input or
// logging option of the application, and InvalidArgument for an InputProcessingConfigurationUpdate of an input
// without a processing configuration. An update of the logging options alone leaves a RUNNING application running, as
// AddApplicationCloudWatchLoggingOption does.
func (e *Engine) UpdateApplication(ctx context.Context, in UpdateApplicationInput) error {
	if err := begin(e, ctx, OpUpdateApplication, &in); err != nil {
		return err
	}
	if in.ApplicationCodeUpdate == "" && len(in.InputUpdates) == 0 && len(in.CloudWatchLoggingOptionUpdates) > 0 {
		return e.changeLogs(in.ApplicationName, in.CurrentApplicationVersionId, func(d *ids) error {
			return updateLogs(in.ApplicationName, d, in.CloudWatchLoggingOptionUpdates)
		})
	}
	return e.reconfigure(in.ApplicationName, in.CurrentApplicationVersionId, func(c *CreateApplicationInput, d *ids) error {
		if in.ApplicationCodeUpdate != "" || len(in.InputUpdates) == 0 && len(in.CloudWatchLoggingOptionUpdates) == 0 {
			c.ApplicationCode = in.ApplicationCodeUpdate
		}
		if err := updateInputs(in.ApplicationName, c, in.InputUpdates); err != nil {
			return err
		}
		return updateLogs(in.ApplicationName, d, in.CloudWatchLoggingOptionUpdates)
	})
}

// reconfigure builds the application again from its configuration and ids changed by change (called once the
// version and the state are checked; its error refuses the call), checking everything as CreateApplication does,
// and puts it in place of the old one with the next version: a refused change changes nothing.
func (e *Engine) reconfigure(name string, version int64, change func(*CreateApplicationInput, *ids) error) error {
	a, err := e.lookup(name)
	if err != nil {
		return err
	}
	a.startMu.Lock() // no start or stop while the application is replaced
	defer a.startMu.Unlock()
	a.mu.Lock()
	status, current := a.status, a.version
	a.mu.Unlock()
	switch {
	case version != current:
		return apierr.ConcurrentModification.New("CurrentApplicationVersionId %d is not the application's version, %d.", version, current)
	case status != StatusReady && status != StatusRunning:
		return apierr.ResourceInUse.New("Application %s is %s; its configuration can change when it is READY or RUNNING.", name, status)
	}
	in := a.in
	if in.ApplicationCode != "" {
		in.Code = nil // compiled again from the SQL
	}
	in.CloudWatchLoggingOptions = nil // carried by the ids
	a.mu.Lock()
	d := a.ids.clone()
	a.mu.Unlock()
	if err := change(&in, &d); err != nil {
		return err
	}
	now := e.clk.Now()
	b, err := newApplication(e, in, a.created)
	if err != nil {
		return err
	}
	if len(d.outputs) != len(b.outputs) || len(d.refs) != len(b.in.ReferenceDataSources) {
		return apierr.InvalidArgument.New("The change does not keep the ids of the application's outputs and reference data sources.")
	}
	b.ids = d
	for i := range b.outputs {
		b.outputs[i].OutputId = d.outputs[i]
	}
	b.version, b.updated = current+1, now
	if status == StatusRunning {
		if err := restart(a, b); err != nil {
			return err
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed || e.apps[name] != a {
		if status == StatusRunning {
			defer b.stop() // after e.mu: stop waits for the run's goroutines
		}
		if e.closed {
			return ErrClosed
		}
		return apierr.ConcurrentModification.New("Application %s changed during the update.", name)
	}
	e.apps[name] = b
	return nil
}

// restart stops a's run (a.startMu held) and starts b, not yet published, in its place: each input of a resumes
// where it stopped reading, a new input starts at NOW. If b cannot start, a starts again from where it stopped.
func restart(a, b *application) error {
	a.stopLocked()
	a.mu.Lock()
	stopped := slices.Clone(a.stopped)
	was := make([]InputStartingPosition, len(a.inputs))
	for i, d := range a.inputs {
		was[i] = d.InputStartingPosition
	}
	a.mu.Unlock()
	positions := func(n int) []InputConfiguration {
		cfgs := make([]InputConfiguration, n)
		for i := range cfgs {
			p := StartNow
			switch {
			case i < len(stopped) && !stopped[i].arrival.IsZero():
				p = StartLastStoppedPoint
			case i < len(was) && was[i] != "":
				p = was[i] // it read nothing: it starts as it started
			}
			cfgs[i] = InputConfiguration{Id: id(i + 1), InputStartingPositionConfiguration: InputStartingPositionConfiguration{InputStartingPosition: p}}
		}
		return cfgs
	}
	b.mu.Lock()
	b.stopped, b.ran = stopped, true
	b.mu.Unlock()
	ctx := context.Background() // the call's context may end before the application does
	err := b.startLocked(ctx, positions(len(b.in.Inputs)))
	if err != nil {
		_ = a.startLocked(ctx, positions(len(a.in.Inputs)))
	}
	return err
}
