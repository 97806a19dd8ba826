package analytics

import (
	"context"
	"errors"
	"regexp"
	"slices"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
)

// The operations of delete.go, for test controls.
const (
	OpDeleteApplicationOutput              control.Op = "kinesisanalytics:DeleteApplicationOutput"
	OpDeleteApplicationReferenceDataSource control.Op = "kinesisanalytics:DeleteApplicationReferenceDataSource"
)

// DeleteApplicationOutputInput deletes the output OutputId (API reference, DeleteApplicationOutput).
type DeleteApplicationOutputInput struct {
	ApplicationName             string
	CurrentApplicationVersionId int64
	OutputId                    string
}

// DeleteApplicationReferenceDataSourceInput deletes the reference data source ReferenceId (API reference,
// DeleteApplicationReferenceDataSource).
type DeleteApplicationReferenceDataSourceInput struct {
	ApplicationName             string
	CurrentApplicationVersionId int64
	ReferenceId                 string
}

// idPattern is the pattern of the ids the API takes (API reference, DeleteApplicationOutput's OutputId and the
// other Id members: [a-zA-Z0-9_.-]+, 1 to 50 characters).
var idPattern = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,50}$`)

func checkID(member, v string) error {
	if !idPattern.MatchString(v) {
		return apierr.InvalidArgument.New("%s %q must be 1 to 50 characters of a-z, A-Z, 0-9, _, . and -.", member, v)
	}
	return nil
}

// DeleteApplicationOutput deletes an output: the application no longer writes the rows of its in-application stream
// to that destination (API reference, DeleteApplicationOutput), and its version is the next. The other outputs keep
// their ids. A RUNNING application is restarted without the output, as AddApplicationOutput restarts it (its
// inputs resume where they stopped reading; the rows of its open windows are dropped).
//
// Errors: InvalidArgument (an OutputId that is not an id), ResourceNotFound (no such application, or no output
// OutputId), ConcurrentModification (CurrentApplicationVersionId is not the application's), ResourceInUse (the
// application is STARTING, STOPPING or DELETING).
func (e *Engine) DeleteApplicationOutput(ctx context.Context, in DeleteApplicationOutputInput) error {
	if err := begin(e, ctx, OpDeleteApplicationOutput, &in); err != nil {
		return err
	}
	if err := checkID("OutputId", in.OutputId); err != nil {
		return err
	}
	return e.reconfigure(in.ApplicationName, in.CurrentApplicationVersionId, func(c *CreateApplicationInput, d *ids) error {
		i := slices.Index(d.outputs, in.OutputId)
		if i < 0 {
			return apierr.ResourceNotFound.New("Application %s has no output with id %s.", in.ApplicationName, in.OutputId)
		}
		c.Outputs = slices.Delete(slices.Clone(c.Outputs), i, i+1)
		d.outputs = slices.Delete(d.outputs, i, i+1)
		return nil
	})
}

// DeleteApplicationReferenceDataSource deletes a reference data source, and with it the in-application reference
// table (API reference, DeleteApplicationReferenceDataSource: "If the application is running, Amazon Kinesis
// Analytics immediately removes the in-application table"); its version is the next. A RUNNING application is
// restarted without the table, as AddApplicationReferenceDataSource restarts it.
//
// Errors: InvalidArgument (a ReferenceId that is not an id, or application code that reads the table: the code
// would no longer compile, and AWS's reference lists no CodeValidationException for this operation),
// ResourceNotFound (no such application, or no reference data source ReferenceId), ConcurrentModification,
// ResourceInUse, as DeleteApplicationOutput's.
func (e *Engine) DeleteApplicationReferenceDataSource(ctx context.Context, in DeleteApplicationReferenceDataSourceInput) error {
	if err := begin(e, ctx, OpDeleteApplicationReferenceDataSource, &in); err != nil {
		return err
	}
	if err := checkID("ReferenceId", in.ReferenceId); err != nil {
		return err
	}
	table := ""
	err := e.reconfigure(in.ApplicationName, in.CurrentApplicationVersionId, func(c *CreateApplicationInput, d *ids) error {
		i := slices.Index(d.refs, in.ReferenceId)
		if i < 0 {
			return apierr.ResourceNotFound.New("Application %s has no reference data source with id %s.", in.ApplicationName, in.ReferenceId)
		}
		table = c.ReferenceDataSources[i].TableName
		c.ReferenceDataSources = slices.Delete(slices.Clone(c.ReferenceDataSources), i, i+1)
		d.refs = slices.Delete(d.refs, i, i+1)
		return nil
	})
	if errors.Is(err, apierr.CodeValidation) {
		return apierr.InvalidArgument.New("Reference data source %s cannot be deleted: the application code reads its table %s (%v).", in.ReferenceId, table, err)
	}
	return err
}
