package analyticsapi

import (
	"context"

	"github.com/kinesim/kinesim/analytics"
)

type deleteOutputInput struct {
	ApplicationName             string `json:"ApplicationName"`
	CurrentApplicationVersionId int64  `json:"CurrentApplicationVersionId"`
	OutputId                    string `json:"OutputId"`
}

func (a api) deleteApplicationOutput(ctx context.Context, in *deleteOutputInput) (*struct{}, error) {
	return nil, a.e.DeleteApplicationOutput(ctx, analytics.DeleteApplicationOutputInput{ApplicationName: in.ApplicationName,
		CurrentApplicationVersionId: in.CurrentApplicationVersionId, OutputId: in.OutputId})
}

type deleteReferenceInput struct {
	ApplicationName             string `json:"ApplicationName"`
	CurrentApplicationVersionId int64  `json:"CurrentApplicationVersionId"`
	ReferenceId                 string `json:"ReferenceId"`
}

func (a api) deleteApplicationReferenceDataSource(ctx context.Context, in *deleteReferenceInput) (*struct{}, error) {
	return nil, a.e.DeleteApplicationReferenceDataSource(ctx, analytics.DeleteApplicationReferenceDataSourceInput{ApplicationName: in.ApplicationName,
		CurrentApplicationVersionId: in.CurrentApplicationVersionId, ReferenceId: in.ReferenceId})
}

// loggingOption is the CloudWatchLoggingOption shape; cloudWatchLoggingOptionDescription its description's.
type loggingOption struct {
	LogStreamARN string `json:"LogStreamARN"`
	RoleARN      string `json:"RoleARN"`
}

type loggingOptionDescription struct {
	CloudWatchLoggingOptionId string `json:"CloudWatchLoggingOptionId"`
	LogStreamARN              string `json:"LogStreamARN"`
	RoleARN                   string `json:"RoleARN"`
}

type loggingOptionUpdate struct {
	CloudWatchLoggingOptionId string `json:"CloudWatchLoggingOptionId"`
	LogStreamARNUpdate        string `json:"LogStreamARNUpdate"`
	RoleARNUpdate             string `json:"RoleARNUpdate"`
}

type addLoggingInput struct {
	ApplicationName             string        `json:"ApplicationName"`
	CurrentApplicationVersionId int64         `json:"CurrentApplicationVersionId"`
	CloudWatchLoggingOption     loggingOption `json:"CloudWatchLoggingOption"`
}

func (a api) addApplicationCloudWatchLoggingOption(ctx context.Context, in *addLoggingInput) (*struct{}, error) {
	return nil, a.e.AddApplicationCloudWatchLoggingOption(ctx, analytics.AddApplicationCloudWatchLoggingOptionInput{ApplicationName: in.ApplicationName,
		CurrentApplicationVersionId: in.CurrentApplicationVersionId,
		CloudWatchLoggingOption:     analytics.CloudWatchLoggingOption{LogStreamARN: in.CloudWatchLoggingOption.LogStreamARN, RoleARN: in.CloudWatchLoggingOption.RoleARN}})
}

type deleteLoggingInput struct {
	ApplicationName             string `json:"ApplicationName"`
	CurrentApplicationVersionId int64  `json:"CurrentApplicationVersionId"`
	CloudWatchLoggingOptionId   string `json:"CloudWatchLoggingOptionId"`
}

func (a api) deleteApplicationCloudWatchLoggingOption(ctx context.Context, in *deleteLoggingInput) (*struct{}, error) {
	return nil, a.e.DeleteApplicationCloudWatchLoggingOption(ctx, analytics.DeleteApplicationCloudWatchLoggingOptionInput{ApplicationName: in.ApplicationName,
		CurrentApplicationVersionId: in.CurrentApplicationVersionId, CloudWatchLoggingOptionId: in.CloudWatchLoggingOptionId})
}

func toLoggingOptions(in []loggingOption) []analytics.CloudWatchLoggingOption {
	var out []analytics.CloudWatchLoggingOption
	for _, o := range in {
		out = append(out, analytics.CloudWatchLoggingOption{LogStreamARN: o.LogStreamARN, RoleARN: o.RoleARN})
	}
	return out
}

func toLoggingUpdates(in []loggingOptionUpdate) []analytics.CloudWatchLoggingOptionUpdate {
	var out []analytics.CloudWatchLoggingOptionUpdate
	for _, u := range in {
		out = append(out, analytics.CloudWatchLoggingOptionUpdate{CloudWatchLoggingOptionId: u.CloudWatchLoggingOptionId,
			LogStreamARNUpdate: u.LogStreamARNUpdate, RoleARNUpdate: u.RoleARNUpdate})
	}
	return out
}

type referenceDescription struct {
	ReferenceId                      string `json:"ReferenceId"`
	TableName                        string `json:"TableName"`
	S3ReferenceDataSourceDescription struct {
		BucketARN string `json:"BucketARN"`
		FileKey   string `json:"FileKey"`
	} `json:"S3ReferenceDataSourceDescription"`
	ReferenceSchema analytics.SourceSchema `json:"ReferenceSchema"`
}

func toReferenceDescription(r analytics.ReferenceDataSourceDescription) referenceDescription {
	d := referenceDescription{ReferenceId: r.ReferenceId, TableName: r.TableName, ReferenceSchema: r.ReferenceSchema}
	d.S3ReferenceDataSourceDescription.BucketARN = r.S3ReferenceDataSource.BucketARN
	d.S3ReferenceDataSourceDescription.FileKey = r.S3ReferenceDataSource.FileKey
	return d
}
