package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type updateAccountSettingsInput struct {
	MinimumThroughputBillingCommitment struct {
		Status string `json:"Status"`
	} `json:"MinimumThroughputBillingCommitment"`
}

func (a api) updateAccountSettings(ctx context.Context, in *updateAccountSettingsInput) (*accountSettingsOutput, error) {
	return toAccountSettings(a.e.UpdateAccountSettings(ctx, stream.UpdateAccountSettingsInput{
		MinimumThroughputBillingCommitment: stream.MinimumThroughputBillingCommitmentInput{Status: in.MinimumThroughputBillingCommitment.Status}}))
}
