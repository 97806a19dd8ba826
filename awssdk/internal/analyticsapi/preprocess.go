package analyticsapi

import (
	"context"

	"github.com/kinesim/kinesim/analytics"
)

type addProcessingInput struct {
	ApplicationName              string          `json:"ApplicationName"`
	CurrentApplicationVersionId  int64           `json:"CurrentApplicationVersionId"`
	InputId                      string          `json:"InputId"`
	InputProcessingConfiguration processingShape `json:"InputProcessingConfiguration"`
}

func (a api) addApplicationInputProcessingConfiguration(ctx context.Context, in *addProcessingInput) (*struct{}, error) {
	return nil, a.e.AddApplicationInputProcessingConfiguration(ctx, analytics.AddApplicationInputProcessingConfigurationInput{ApplicationName: in.ApplicationName,
		CurrentApplicationVersionId: in.CurrentApplicationVersionId, InputId: in.InputId,
		InputProcessingConfiguration: *toProcessing(&in.InputProcessingConfiguration)})
}

type deleteProcessingInput struct {
	ApplicationName             string `json:"ApplicationName"`
	CurrentApplicationVersionId int64  `json:"CurrentApplicationVersionId"`
	InputId                     string `json:"InputId"`
}

func (a api) deleteApplicationInputProcessingConfiguration(ctx context.Context, in *deleteProcessingInput) (*struct{}, error) {
	return nil, a.e.DeleteApplicationInputProcessingConfiguration(ctx, analytics.DeleteApplicationInputProcessingConfigurationInput{ApplicationName: in.ApplicationName,
		CurrentApplicationVersionId: in.CurrentApplicationVersionId, InputId: in.InputId})
}

// inputUpdate is the InputUpdate shape: of its members kinesim implements InputProcessingConfigurationUpdate and
// refuses the others by name.
type inputUpdate struct {
	InputId                            string `json:"InputId"`
	InputProcessingConfigurationUpdate *struct {
		InputLambdaProcessorUpdate *struct {
			ResourceARNUpdate string `json:"ResourceARNUpdate"`
			RoleARNUpdate     string `json:"RoleARNUpdate"`
		} `json:"InputLambdaProcessorUpdate"`
	} `json:"InputProcessingConfigurationUpdate"`
	NamePrefixUpdate           *string   `json:"NamePrefixUpdate"`
	InputSchemaUpdate          *struct{} `json:"InputSchemaUpdate"`
	InputParallelismUpdate     *struct{} `json:"InputParallelismUpdate"`
	KinesisStreamsInputUpdate  *struct{} `json:"KinesisStreamsInputUpdate"`
	KinesisFirehoseInputUpdate *struct{} `json:"KinesisFirehoseInputUpdate"`
}

func toInputUpdates(in []inputUpdate) ([]analytics.InputUpdate, error) {
	var out []analytics.InputUpdate
	for _, u := range in {
		switch {
		case u.NamePrefixUpdate != nil:
			return nil, unsupported("InputUpdate.NamePrefixUpdate")
		case u.InputSchemaUpdate != nil:
			return nil, unsupported("InputUpdate.InputSchemaUpdate")
		case u.InputParallelismUpdate != nil:
			return nil, unsupported("InputUpdate.InputParallelismUpdate")
		case u.KinesisStreamsInputUpdate != nil:
			return nil, unsupported("InputUpdate.KinesisStreamsInputUpdate")
		case u.KinesisFirehoseInputUpdate != nil:
			return nil, unsupported("InputUpdate.KinesisFirehoseInputUpdate")
		}
		cu := analytics.InputUpdate{InputId: u.InputId}
		if p := u.InputProcessingConfigurationUpdate; p != nil {
			cu.InputProcessingConfigurationUpdate = &analytics.InputProcessingConfigurationUpdate{}
			if l := p.InputLambdaProcessorUpdate; l != nil {
				cu.InputProcessingConfigurationUpdate.InputLambdaProcessorUpdate = &analytics.InputLambdaProcessorUpdate{
					ResourceARNUpdate: l.ResourceARNUpdate, RoleARNUpdate: l.RoleARNUpdate}
			}
		}
		out = append(out, cu)
	}
	return out, nil
}
