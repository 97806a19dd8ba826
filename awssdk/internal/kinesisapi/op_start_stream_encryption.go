package kinesisapi

import (
	"context"

	"github.com/kinesim/kinesim/stream"
)

type encryptionInput struct {
	ref
	EncryptionType string `json:"EncryptionType"`
	KeyId          string `json:"KeyId"`
}

func (in *encryptionInput) engine() stream.EncryptionInput {
	return stream.EncryptionInput{StreamRef: in.stream(), EncryptionType: in.EncryptionType, KeyId: in.KeyId}
}

func (a api) startStreamEncryption(ctx context.Context, in *encryptionInput) (*struct{}, error) {
	return nil, a.e.StartStreamEncryption(ctx, in.engine())
}
