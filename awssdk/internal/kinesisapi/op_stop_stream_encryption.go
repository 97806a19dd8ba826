package kinesisapi

import "context"

func (a api) stopStreamEncryption(ctx context.Context, in *encryptionInput) (*struct{}, error) {
	return nil, a.e.StopStreamEncryption(ctx, in.engine())
}
