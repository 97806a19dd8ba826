package analyticsapi

import (
	"context"

	"github.com/kinesim/kinesim/analytics"
)

type addInputInput struct {
	ApplicationName             string     `json:"ApplicationName"`
	CurrentApplicationVersionId int64      `json:"CurrentApplicationVersionId"`
	Input                       inputShape `json:"Input"`
}

func (a api) addApplicationInput(ctx context.Context, in *addInputInput) (*struct{}, error) {
	ci, err := toInput(in.Input)
	if err != nil {
		return nil, err
	}
	return nil, a.e.AddApplicationInput(ctx, analytics.AddApplicationInputInput{ApplicationName: in.ApplicationName,
		CurrentApplicationVersionId: in.CurrentApplicationVersionId, Input: ci})
}

type addOutputInput struct {
	ApplicationName             string      `json:"ApplicationName"`
	CurrentApplicationVersionId int64       `json:"CurrentApplicationVersionId"`
	Output                      outputShape `json:"Output"`
}

func (a api) addApplicationOutput(ctx context.Context, in *addOutputInput) (*struct{}, error) {
	return nil, a.e.AddApplicationOutput(ctx, analytics.AddApplicationOutputInput{ApplicationName: in.ApplicationName,
		CurrentApplicationVersionId: in.CurrentApplicationVersionId, Output: toOutput(in.Output)})
}

type addReferenceInput struct {
	ApplicationName             string `json:"ApplicationName"`
	CurrentApplicationVersionId int64  `json:"CurrentApplicationVersionId"`
	ReferenceDataSource         struct {
		TableName             string `json:"TableName"`
		S3ReferenceDataSource struct {
			BucketARN        string `json:"BucketARN"`
			FileKey          string `json:"FileKey"`
			ReferenceRoleARN string `json:"ReferenceRoleARN"`
		} `json:"S3ReferenceDataSource"`
		ReferenceSchema analytics.SourceSchema `json:"ReferenceSchema"`
	} `json:"ReferenceDataSource"`
}

func (a api) addApplicationReferenceDataSource(ctx context.Context, in *addReferenceInput) (*struct{}, error) {
	r := in.ReferenceDataSource
	return nil, a.e.AddApplicationReferenceDataSource(ctx, analytics.AddApplicationReferenceDataSourceInput{ApplicationName: in.ApplicationName,
		CurrentApplicationVersionId: in.CurrentApplicationVersionId, ReferenceDataSource: analytics.ReferenceDataSource{TableName: r.TableName,
			S3ReferenceDataSource: analytics.S3ReferenceDataSource{BucketARN: r.S3ReferenceDataSource.BucketARN, FileKey: r.S3ReferenceDataSource.FileKey},
			ReferenceSchema:       r.ReferenceSchema}})
}

type updateApplicationInput struct {
	ApplicationName             string `json:"ApplicationName"`
	CurrentApplicationVersionId int64  `json:"CurrentApplicationVersionId"`
	ApplicationUpdate           struct {
		ApplicationCodeUpdate          *string               `json:"ApplicationCodeUpdate"`
		InputUpdates                   []inputUpdate         `json:"InputUpdates"`
		OutputUpdates                  []struct{}            `json:"OutputUpdates"`
		ReferenceDataSourceUpdates     []struct{}            `json:"ReferenceDataSourceUpdates"`
		CloudWatchLoggingOptionUpdates []loggingOptionUpdate `json:"CloudWatchLoggingOptionUpdates"`
	} `json:"ApplicationUpdate"`
}

func (a api) updateApplication(ctx context.Context, in *updateApplicationInput) (*struct{}, error) {
	u := in.ApplicationUpdate
	switch {
	case len(u.OutputUpdates) > 0:
		return nil, unsupported("OutputUpdates")
	case len(u.ReferenceDataSourceUpdates) > 0:
		return nil, unsupported("ReferenceDataSourceUpdates")
	case u.ApplicationCodeUpdate == nil && len(u.InputUpdates) == 0 && len(u.CloudWatchLoggingOptionUpdates) == 0:
		return nil, unsupported("an ApplicationUpdate without ApplicationCodeUpdate, InputUpdates or CloudWatchLoggingOptionUpdates")
	}
	inputs, err := toInputUpdates(u.InputUpdates)
	if err != nil {
		return nil, err
	}
	cu := analytics.UpdateApplicationInput{ApplicationName: in.ApplicationName, CurrentApplicationVersionId: in.CurrentApplicationVersionId,
		InputUpdates: inputs, CloudWatchLoggingOptionUpdates: toLoggingUpdates(u.CloudWatchLoggingOptionUpdates)}
	if u.ApplicationCodeUpdate != nil {
		cu.ApplicationCodeUpdate = *u.ApplicationCodeUpdate
	}
	return nil, a.e.UpdateApplication(ctx, cu)
}
