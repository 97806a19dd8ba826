package analyticsapi

import (
	"context"
	"strings"
	"time"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/awssdk/internal/wire"
)

// Target is the service's X-Amz-Target prefix.
const Target = "KinesisAnalytics_20150814"

type api struct{ e *analytics.Engine }

// Service returns the Kinesis Analytics service of e.
func Service(e *analytics.Engine) *wire.Service {
	a := api{e}
	return &wire.Service{Target: Target, Ops: map[string]wire.Op{
		"CreateApplication":                             wire.Unary(a.createApplication),
		"StartApplication":                              wire.Unary(a.startApplication),
		"StopApplication":                               wire.Unary(a.stopApplication),
		"DescribeApplication":                           wire.Unary(a.describeApplication),
		"ListApplications":                              wire.Unary(a.listApplications),
		"DeleteApplication":                             wire.Unary(a.deleteApplication),
		"DiscoverInputSchema":                           wire.Unary(a.discoverInputSchema),
		"AddApplicationInput":                           wire.Unary(a.addApplicationInput),
		"AddApplicationOutput":                          wire.Unary(a.addApplicationOutput),
		"AddApplicationReferenceDataSource":             wire.Unary(a.addApplicationReferenceDataSource),
		"UpdateApplication":                             wire.Unary(a.updateApplication),
		"DeleteApplicationOutput":                       wire.Unary(a.deleteApplicationOutput),
		"DeleteApplicationReferenceDataSource":          wire.Unary(a.deleteApplicationReferenceDataSource),
		"AddApplicationCloudWatchLoggingOption":         wire.Unary(a.addApplicationCloudWatchLoggingOption),
		"DeleteApplicationCloudWatchLoggingOption":      wire.Unary(a.deleteApplicationCloudWatchLoggingOption),
		"AddApplicationInputProcessingConfiguration":    wire.Unary(a.addApplicationInputProcessingConfiguration),
		"DeleteApplicationInputProcessingConfiguration": wire.Unary(a.deleteApplicationInputProcessingConfiguration),
		"TagResource":                                   wire.Unary(a.tagResource),
		"UntagResource":                                 wire.Unary(a.untagResource),
		"ListTagsForResource":                           wire.Unary(a.listTagsForResource),
	}}
}

func unsupported(member string) error {
	return apierr.InvalidArgument.New("kinesim does not implement %s.", member)
}

type arnRole struct {
	ResourceARN string `json:"ResourceARN"`
	RoleARN     string `json:"RoleARN,omitempty"`
}

type inputShape struct {
	NamePrefix                   string                 `json:"NamePrefix"`
	KinesisStreamsInput          *arnRole               `json:"KinesisStreamsInput,omitempty"`
	KinesisFirehoseInput         *arnRole               `json:"KinesisFirehoseInput,omitempty"`
	InputSchema                  analytics.SourceSchema `json:"InputSchema"`
	InputParallelism             *struct{ Count int }   `json:"InputParallelism,omitempty"`
	InputProcessingConfiguration *processingShape       `json:"InputProcessingConfiguration,omitempty"`
}

// processingShape is the InputProcessingConfiguration shape.
type processingShape struct {
	InputLambdaProcessor *arnRole `json:"InputLambdaProcessor"`
}

// processingDescription is the InputProcessingConfigurationDescription shape.
type processingDescription struct {
	InputLambdaProcessorDescription *arnRole `json:"InputLambdaProcessorDescription,omitempty"`
}

func toProcessing(p *processingShape) *analytics.InputProcessingConfiguration {
	if p == nil {
		return nil
	}
	c := &analytics.InputProcessingConfiguration{}
	if p.InputLambdaProcessor != nil {
		c.InputLambdaProcessor = &analytics.InputLambdaProcessor{ResourceARN: p.InputLambdaProcessor.ResourceARN, RoleARN: p.InputLambdaProcessor.RoleARN}
	}
	return c
}

type outputShape struct {
	Name                  string                      `json:"Name"`
	KinesisStreamsOutput  *arnRole                    `json:"KinesisStreamsOutput,omitempty"`
	KinesisFirehoseOutput *arnRole                    `json:"KinesisFirehoseOutput,omitempty"`
	LambdaOutput          *arnRole                    `json:"LambdaOutput,omitempty"`
	DestinationSchema     analytics.DestinationSchema `json:"DestinationSchema"`
}

type createApplicationInput struct {
	ApplicationName          string          `json:"ApplicationName"`
	ApplicationDescription   string          `json:"ApplicationDescription"`
	ApplicationCode          string          `json:"ApplicationCode"`
	Inputs                   []inputShape    `json:"Inputs"`
	Outputs                  []outputShape   `json:"Outputs"`
	CloudWatchLoggingOptions []loggingOption `json:"CloudWatchLoggingOptions"`
	Tags                     []analytics.Tag `json:"Tags"`
}

type summary struct {
	ApplicationName   string `json:"ApplicationName"`
	ApplicationARN    string `json:"ApplicationARN"`
	ApplicationStatus string `json:"ApplicationStatus"`
}

func toSummary(s analytics.ApplicationSummary) summary {
	return summary{ApplicationName: s.ApplicationName, ApplicationARN: s.ApplicationARN, ApplicationStatus: string(s.ApplicationStatus)}
}

func streams(r *arnRole) *analytics.KinesisStreamsInput {
	if r == nil {
		return nil
	}
	return &analytics.KinesisStreamsInput{ResourceARN: r.ResourceARN}
}

func toInput(i inputShape) (analytics.Input, error) {
	if i.InputParallelism != nil && i.InputParallelism.Count > 1 {
		return analytics.Input{}, unsupported("InputParallelism above 1")
	}
	ci := analytics.Input{NamePrefix: i.NamePrefix, KinesisStreamsInput: streams(i.KinesisStreamsInput), InputSchema: i.InputSchema,
		InputProcessingConfiguration: toProcessing(i.InputProcessingConfiguration)}
	if i.KinesisFirehoseInput != nil {
		ci.KinesisFirehoseInput = &analytics.KinesisFirehoseInput{ResourceARN: i.KinesisFirehoseInput.ResourceARN}
	}
	return ci, nil
}

func toOutput(o outputShape) analytics.Output {
	co := analytics.Output{Name: o.Name, DestinationSchema: o.DestinationSchema}
	if o.KinesisStreamsOutput != nil {
		co.KinesisStreamsOutput = &analytics.KinesisStreamsOutput{ResourceARN: o.KinesisStreamsOutput.ResourceARN}
	}
	if o.KinesisFirehoseOutput != nil {
		co.KinesisFirehoseOutput = &analytics.KinesisFirehoseOutput{ResourceARN: o.KinesisFirehoseOutput.ResourceARN}
	}
	if o.LambdaOutput != nil {
		co.LambdaOutput = &analytics.LambdaOutput{ResourceARN: o.LambdaOutput.ResourceARN}
	}
	return co
}

func (a api) createApplication(ctx context.Context, in *createApplicationInput) (*struct {
	ApplicationSummary summary `json:"ApplicationSummary"`
}, error) {
	c := analytics.CreateApplicationInput{ApplicationName: in.ApplicationName, ApplicationDescription: in.ApplicationDescription,
		ApplicationCode: in.ApplicationCode, Tags: in.Tags, CloudWatchLoggingOptions: toLoggingOptions(in.CloudWatchLoggingOptions)}
	for _, i := range in.Inputs {
		ci, err := toInput(i)
		if err != nil {
			return nil, err
		}
		c.Inputs = append(c.Inputs, ci)
	}
	for _, o := range in.Outputs {
		c.Outputs = append(c.Outputs, toOutput(o))
	}
	out, err := a.e.CreateApplication(ctx, c)
	if err != nil {
		return nil, err
	}
	return &struct {
		ApplicationSummary summary `json:"ApplicationSummary"`
	}{toSummary(out.ApplicationSummary)}, nil
}

type startApplicationInput struct {
	ApplicationName     string                         `json:"ApplicationName"`
	InputConfigurations []analytics.InputConfiguration `json:"InputConfigurations"`
}

func (a api) startApplication(ctx context.Context, in *startApplicationInput) (*struct{}, error) {
	return nil, a.e.StartApplication(ctx, analytics.StartApplicationInput{ApplicationName: in.ApplicationName, InputConfigurations: in.InputConfigurations})
}

type nameInput struct {
	ApplicationName string          `json:"ApplicationName"`
	CreateTimestamp *wire.Timestamp `json:"CreateTimestamp,omitempty"`
}

func (a api) stopApplication(ctx context.Context, in *nameInput) (*struct{}, error) {
	return nil, a.e.StopApplication(ctx, analytics.ApplicationRef{ApplicationName: in.ApplicationName})
}

// deleteApplication checks CreateTimestamp as AWS does: it must be the application's (API reference,
// DeleteApplication); another one is a ConcurrentModificationException, the error the operation's model lists for
// a caller whose view of the application is stale (AWS does not document which it returns).
func (a api) deleteApplication(ctx context.Context, in *nameInput) (*struct{}, error) {
	d, err := a.e.DescribeApplication(ctx, analytics.ApplicationRef{ApplicationName: in.ApplicationName})
	if err != nil {
		return nil, err
	}
	if in.CreateTimestamp == nil || !in.CreateTimestamp.Time.Truncate(time.Millisecond).Equal(d.CreateTimestamp.Truncate(time.Millisecond)) {
		return nil, apierr.ConcurrentModification.New("CreateTimestamp does not match the application's creation time.")
	}
	return nil, a.e.DeleteApplication(ctx, analytics.ApplicationRef{ApplicationName: in.ApplicationName})
}

type inputDescription struct {
	InputId                                 string                 `json:"InputId"`
	NamePrefix                              string                 `json:"NamePrefix"`
	InAppStreamNames                        []string               `json:"InAppStreamNames"`
	KinesisStreamsInputDescription          *arnRole               `json:"KinesisStreamsInputDescription,omitempty"`
	KinesisFirehoseInputDescription         *arnRole               `json:"KinesisFirehoseInputDescription,omitempty"`
	InputProcessingConfigurationDescription *processingDescription `json:"InputProcessingConfigurationDescription,omitempty"`
	InputSchema                             analytics.SourceSchema `json:"InputSchema"`
	InputStartingPositionConfiguration      struct {
		InputStartingPosition string `json:"InputStartingPosition,omitempty"`
	} `json:"InputStartingPositionConfiguration"`
}

type outputDescription struct {
	OutputId                         string                      `json:"OutputId"`
	Name                             string                      `json:"Name"`
	KinesisStreamsOutputDescription  *arnRole                    `json:"KinesisStreamsOutputDescription,omitempty"`
	KinesisFirehoseOutputDescription *arnRole                    `json:"KinesisFirehoseOutputDescription,omitempty"`
	LambdaOutputDescription          *arnRole                    `json:"LambdaOutputDescription,omitempty"`
	DestinationSchema                analytics.DestinationSchema `json:"DestinationSchema"`
}

type applicationDetail struct {
	ApplicationName                     string                     `json:"ApplicationName"`
	ApplicationARN                      string                     `json:"ApplicationARN"`
	ApplicationDescription              string                     `json:"ApplicationDescription,omitempty"`
	ApplicationStatus                   string                     `json:"ApplicationStatus"`
	ApplicationVersionId                int64                      `json:"ApplicationVersionId"`
	ApplicationCode                     string                     `json:"ApplicationCode,omitempty"`
	CreateTimestamp                     wire.Timestamp             `json:"CreateTimestamp,omitzero"`
	LastUpdateTimestamp                 wire.Timestamp             `json:"LastUpdateTimestamp,omitzero"`
	InputDescriptions                   []inputDescription         `json:"InputDescriptions"`
	OutputDescriptions                  []outputDescription        `json:"OutputDescriptions"`
	ReferenceDataSourceDescriptions     []referenceDescription     `json:"ReferenceDataSourceDescriptions,omitempty"`
	CloudWatchLoggingOptionDescriptions []loggingOptionDescription `json:"CloudWatchLoggingOptionDescriptions,omitempty"`
}

func (a api) describeApplication(ctx context.Context, in *nameInput) (*struct {
	ApplicationDetail applicationDetail `json:"ApplicationDetail"`
}, error) {
	d, err := a.e.DescribeApplication(ctx, analytics.ApplicationRef{ApplicationName: in.ApplicationName})
	if err != nil {
		return nil, err
	}
	out := applicationDetail{ApplicationName: d.ApplicationName, ApplicationARN: d.ApplicationARN, ApplicationDescription: d.ApplicationDescription,
		ApplicationStatus: string(d.ApplicationStatus), ApplicationVersionId: d.ApplicationVersionId, ApplicationCode: d.ApplicationCode,
		CreateTimestamp: wire.At(d.CreateTimestamp), LastUpdateTimestamp: wire.At(d.LastUpdateTimestamp),
		InputDescriptions: []inputDescription{}, OutputDescriptions: []outputDescription{}}
	for _, i := range d.InputDescriptions {
		id := inputDescription{InputId: i.InputId, NamePrefix: i.NamePrefix, InAppStreamNames: i.InAppStreamNames, InputSchema: i.InputSchema}
		if i.KinesisStreamsInput != nil {
			id.KinesisStreamsInputDescription = &arnRole{ResourceARN: i.KinesisStreamsInput.ResourceARN}
		}
		if i.KinesisFirehoseInput != nil {
			id.KinesisFirehoseInputDescription = &arnRole{ResourceARN: i.KinesisFirehoseInput.ResourceARN}
		}
		if p := i.InputProcessingConfiguration; p != nil && p.InputLambdaProcessor != nil {
			id.InputProcessingConfigurationDescription = &processingDescription{InputLambdaProcessorDescription: &arnRole{
				ResourceARN: p.InputLambdaProcessor.ResourceARN, RoleARN: p.InputLambdaProcessor.RoleARN}}
		}
		id.InputStartingPositionConfiguration.InputStartingPosition = string(i.InputStartingPosition)
		out.InputDescriptions = append(out.InputDescriptions, id)
	}
	for _, o := range d.OutputDescriptions {
		od := outputDescription{OutputId: o.OutputId, Name: o.Output.Name, DestinationSchema: o.Output.DestinationSchema}
		switch {
		case o.Output.KinesisStreamsOutput != nil:
			od.KinesisStreamsOutputDescription = &arnRole{ResourceARN: o.Output.KinesisStreamsOutput.ResourceARN}
		case o.Output.KinesisFirehoseOutput != nil:
			od.KinesisFirehoseOutputDescription = &arnRole{ResourceARN: o.Output.KinesisFirehoseOutput.ResourceARN}
		case o.Output.LambdaOutput != nil:
			od.LambdaOutputDescription = &arnRole{ResourceARN: o.Output.LambdaOutput.ResourceARN}
		}
		out.OutputDescriptions = append(out.OutputDescriptions, od)
	}
	for _, r := range d.ReferenceDataSourceDescriptions {
		out.ReferenceDataSourceDescriptions = append(out.ReferenceDataSourceDescriptions, toReferenceDescription(r))
	}
	for _, l := range d.CloudWatchLoggingOptionDescriptions {
		out.CloudWatchLoggingOptionDescriptions = append(out.CloudWatchLoggingOptionDescriptions,
			loggingOptionDescription{CloudWatchLoggingOptionId: l.CloudWatchLoggingOptionId, LogStreamARN: l.LogStreamARN, RoleARN: l.RoleARN})
	}
	return &struct {
		ApplicationDetail applicationDetail `json:"ApplicationDetail"`
	}{out}, nil
}

type listApplicationsInput struct {
	Limit                         int    `json:"Limit"`
	ExclusiveStartApplicationName string `json:"ExclusiveStartApplicationName"`
}

type listApplicationsOutput struct {
	ApplicationSummaries []summary `json:"ApplicationSummaries"`
	HasMoreApplications  bool      `json:"HasMoreApplications"`
}

// listApplications pages by name: up to Limit (1 to 50, 50 by default) after ExclusiveStartApplicationName.
func (a api) listApplications(ctx context.Context, in *listApplicationsInput) (*listApplicationsOutput, error) {
	limit := in.Limit
	if limit == 0 {
		limit = 50
	}
	if limit < 1 || limit > 50 {
		return nil, apierr.InvalidArgument.New("Limit must be 1 to 50, not %d.", limit)
	}
	all, err := a.e.ListApplications(ctx)
	if err != nil {
		return nil, err
	}
	out := &listApplicationsOutput{ApplicationSummaries: []summary{}}
	for _, s := range all {
		if in.ExclusiveStartApplicationName != "" && strings.Compare(s.ApplicationName, in.ExclusiveStartApplicationName) <= 0 {
			continue
		}
		if len(out.ApplicationSummaries) == limit {
			out.HasMoreApplications = true
			break
		}
		out.ApplicationSummaries = append(out.ApplicationSummaries, toSummary(s))
	}
	return out, nil
}

type discoverInputSchemaInput struct {
	ResourceARN                        string `json:"ResourceARN"`
	RoleARN                            string `json:"RoleARN"`
	InputStartingPositionConfiguration struct {
		InputStartingPosition analytics.InputStartingPosition `json:"InputStartingPosition"`
	} `json:"InputStartingPositionConfiguration"`
	S3Configuration              *struct{} `json:"S3Configuration,omitempty"`
	InputProcessingConfiguration *struct{} `json:"InputProcessingConfiguration,omitempty"`
}

type discoverInputSchemaOutput struct {
	InputSchema        analytics.SourceSchema `json:"InputSchema"`
	ParsedInputRecords [][]string             `json:"ParsedInputRecords"`
	RawInputRecords    []string               `json:"RawInputRecords"`
}

func (a api) discoverInputSchema(ctx context.Context, in *discoverInputSchemaInput) (*discoverInputSchemaOutput, error) {
	switch {
	case in.S3Configuration != nil:
		return nil, unsupported("S3Configuration")
	case in.InputProcessingConfiguration != nil:
		return nil, unsupported("InputProcessingConfiguration")
	}
	out, err := a.e.DiscoverInputSchema(ctx, analytics.DiscoverInputSchemaInput{ResourceARN: in.ResourceARN,
		InputStartingPositionConfiguration: analytics.InputStartingPositionConfiguration{InputStartingPosition: in.InputStartingPositionConfiguration.InputStartingPosition}})
	if err != nil {
		return nil, err
	}
	return &discoverInputSchemaOutput{InputSchema: out.InputSchema, ParsedInputRecords: out.ParsedInputRecords, RawInputRecords: out.RawInputRecords}, nil
}
