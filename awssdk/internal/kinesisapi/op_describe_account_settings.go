package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/awssdk/internal/wire"
	"github.com/kinesim/kinesim/stream"
)

type accountSettingsOutput struct {
	MinimumThroughputBillingCommitment *commitmentOutput `json:"MinimumThroughputBillingCommitment,omitempty"`
}

type commitmentOutput struct {
	Status               string         `json:"Status"`
	StartedAt            wire.Timestamp `json:"StartedAt,omitzero"`
	EarliestAllowedEndAt wire.Timestamp `json:"EarliestAllowedEndAt,omitzero"`
	EndedAt              wire.Timestamp `json:"EndedAt,omitzero"`
}

func toAccountSettings(s stream.AccountSettings, err error) (*accountSettingsOutput, error) {
	if err != nil {
		return nil, err
	}
	c := s.MinimumThroughputBillingCommitment
	if c.Status == "" {
		return &accountSettingsOutput{}, nil
	}
	return &accountSettingsOutput{MinimumThroughputBillingCommitment: &commitmentOutput{Status: c.Status,
		StartedAt: wire.At(c.StartedAt), EarliestAllowedEndAt: wire.At(c.EarliestAllowedEndAt), EndedAt: wire.At(c.EndedAt)}}, nil
}

func (a api) describeAccountSettings(ctx context.Context, _ *struct{}) (*accountSettingsOutput, error) {
	return toAccountSettings(a.e.DescribeAccountSettings(ctx))
}
