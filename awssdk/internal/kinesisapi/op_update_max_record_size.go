package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type updateMaxRecordSizeInput struct {
	StreamARN          string `json:"StreamARN"`
	MaxRecordSizeInKiB int    `json:"MaxRecordSizeInKiB"`
}

func (a api) updateMaxRecordSize(ctx context.Context, in *updateMaxRecordSizeInput) (*struct{}, error) {
	return nil, a.e.UpdateMaxRecordSize(ctx, stream.UpdateMaxRecordSizeInput{StreamRef: stream.StreamRef{StreamARN: in.StreamARN}, MaxRecordSizeInKiB: in.MaxRecordSizeInKiB})
}
