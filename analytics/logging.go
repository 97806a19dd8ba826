package analytics

import (
	"context"
	"slices"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
)

// The operations of logging.go, for test controls.
const (
	OpAddApplicationCloudWatchLoggingOption    control.Op = "kinesisanalytics:AddApplicationCloudWatchLoggingOption"
	OpDeleteApplicationCloudWatchLoggingOption control.Op = "kinesisanalytics:DeleteApplicationCloudWatchLoggingOption"
)

// AddApplicationCloudWatchLoggingOptionInput adds a CloudWatch logging option (API reference,
// AddApplicationCloudWatchLoggingOption).
type AddApplicationCloudWatchLoggingOptionInput struct {
	ApplicationName             string
	CurrentApplicationVersionId int64
	CloudWatchLoggingOption     CloudWatchLoggingOption
}

// DeleteApplicationCloudWatchLoggingOptionInput deletes the logging option CloudWatchLoggingOptionId (API
// reference, DeleteApplicationCloudWatchLoggingOption).
type DeleteApplicationCloudWatchLoggingOptionInput struct {
	ApplicationName             string
	CurrentApplicationVersionId int64
	CloudWatchLoggingOptionId   string
}

// AddApplicationCloudWatchLoggingOption records a log stream for the application's configuration errors
// (developer guide, cloudwatch-logs), with the next id ("1.1" for the first) and the next version. kinesim writes
// no logs: the option is recorded and shown by DescribeApplication, nothing more. A RUNNING application runs on
// untouched (nothing that runs changes).
//
// Errors: InvalidArgument (a missing LogStreamARN or RoleARN, or the log stream already an option of the
// application), ResourceNotFound, ConcurrentModification (CurrentApplicationVersionId is not the application's),
// ResourceInUse (the application is STARTING, STOPPING or DELETING).
func (e *Engine) AddApplicationCloudWatchLoggingOption(ctx context.Context, in AddApplicationCloudWatchLoggingOptionInput) error {
	if err := begin(e, ctx, OpAddApplicationCloudWatchLoggingOption, &in); err != nil {
		return err
	}
	if err := checkLoggingOption(in.CloudWatchLoggingOption); err != nil {
		return err
	}
	return e.changeLogs(in.ApplicationName, in.CurrentApplicationVersionId, func(d *ids) error {
		if slices.ContainsFunc(d.logs, func(l CloudWatchLoggingOptionDescription) bool {
			return l.LogStreamARN == in.CloudWatchLoggingOption.LogStreamARN
		}) {
			return apierr.InvalidArgument.New("Log stream %s is already a logging option of application %s.", in.CloudWatchLoggingOption.LogStreamARN, in.ApplicationName)
		}
		d.addLog(in.CloudWatchLoggingOption)
		return nil
	})
}

// DeleteApplicationCloudWatchLoggingOption deletes a logging option, with the next version; the other options keep
// their ids.
//
// Errors: InvalidArgument (a CloudWatchLoggingOptionId that is not an id), ResourceNotFound (no such application,
// or no option with that id), ConcurrentModification, ResourceInUse, as AddApplicationCloudWatchLoggingOption's.
func (e *Engine) DeleteApplicationCloudWatchLoggingOption(ctx context.Context, in DeleteApplicationCloudWatchLoggingOptionInput) error {
	if err := begin(e, ctx, OpDeleteApplicationCloudWatchLoggingOption, &in); err != nil {
		return err
	}
	if err := checkID("CloudWatchLoggingOptionId", in.CloudWatchLoggingOptionId); err != nil {
		return err
	}
	return e.changeLogs(in.ApplicationName, in.CurrentApplicationVersionId, func(d *ids) error {
		i := slices.IndexFunc(d.logs, func(l CloudWatchLoggingOptionDescription) bool {
			return l.CloudWatchLoggingOptionId == in.CloudWatchLoggingOptionId
		})
		if i < 0 {
			return apierr.ResourceNotFound.New("Application %s has no CloudWatch logging option with id %s.", in.ApplicationName, in.CloudWatchLoggingOptionId)
		}
		d.logs = slices.Delete(d.logs, i, i+1)
		return nil
	})
}

// updateLogs applies UpdateApplication's CloudWatchLoggingOptionUpdates: each names an option by id and replaces
// the members it gives.
func updateLogs(name string, d *ids, updates []CloudWatchLoggingOptionUpdate) error {
	for _, u := range updates {
		if err := checkID("CloudWatchLoggingOptionId", u.CloudWatchLoggingOptionId); err != nil {
			return err
		}
		i := slices.IndexFunc(d.logs, func(l CloudWatchLoggingOptionDescription) bool {
			return l.CloudWatchLoggingOptionId == u.CloudWatchLoggingOptionId
		})
		if i < 0 {
			return apierr.ResourceNotFound.New("Application %s has no CloudWatch logging option with id %s.", name, u.CloudWatchLoggingOptionId)
		}
		o := d.logs[i].CloudWatchLoggingOption
		if u.LogStreamARNUpdate != "" {
			o.LogStreamARN = u.LogStreamARNUpdate
		}
		if u.RoleARNUpdate != "" {
			o.RoleARN = u.RoleARNUpdate
		}
		if err := checkLoggingOption(o); err != nil {
			return err
		}
		d.logs[i].CloudWatchLoggingOption = o
	}
	return nil
}

// changeLogs applies change to the application's ids in place, with the next version: for the logging options,
// which change nothing that runs, so a RUNNING application is neither rebuilt nor restarted. A refused change
// changes nothing.
func (e *Engine) changeLogs(name string, version int64, change func(*ids) error) error {
	a, err := e.lookup(name)
	if err != nil {
		return err
	}
	a.startMu.Lock() // no start, stop or replacement meanwhile
	defer a.startMu.Unlock()
	e.mu.Lock()
	closed, current := e.closed, e.apps[name] == a
	e.mu.Unlock()
	switch {
	case closed:
		return ErrClosed
	case !current:
		return apierr.ConcurrentModification.New("Application %s changed during the update.", name)
	}
	now := e.clk.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case version != a.version:
		return apierr.ConcurrentModification.New("CurrentApplicationVersionId %d is not the application's version, %d.", version, a.version)
	case a.status != StatusReady && a.status != StatusRunning:
		return apierr.ResourceInUse.New("Application %s is %s; its configuration can change when it is READY or RUNNING.", name, a.status)
	}
	d := a.ids.clone()
	if err := change(&d); err != nil {
		return err
	}
	a.ids, a.version, a.updated = d, a.version+1, now
	return nil
}
