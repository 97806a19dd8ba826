package workload

import (
	"context"
	"fmt"

	"github.com/kinesim/kinesim/stream"
)

// streamName is the stream the workload uses in its engine.
const streamName = "workload"

type kinesimSystem struct {
	e   *stream.Engine
	ref stream.StreamRef
	ids []string // shard ids, in hash-key order
}

// openKinesim makes an engine with throttling off and a stream of the given shards, and lists the shards.
func openKinesim(ctx context.Context, shards int) (system, error) {
	k := &kinesimSystem{e: stream.New(stream.WithThrottling(false)), ref: stream.StreamRef{StreamName: streamName}}
	if err := k.e.CreateStream(ctx, stream.CreateStreamInput{StreamName: streamName, ShardCount: shards}); err != nil {
		k.close()
		return nil, err
	}
	out, err := k.e.ListShards(ctx, stream.ListShardsInput{StreamRef: k.ref})
	if err != nil {
		k.close()
		return nil, err
	}
	ranges := hashRanges(shards)
	if len(out.Shards) != shards {
		k.close()
		return nil, fmt.Errorf("kinesim: ListShards: %d shards, want %d", len(out.Shards), shards)
	}
	for i, sh := range out.Shards {
		// The readers check records against the baseline's ranges: kinesim must route the same way.
		if sh.HashKeyRange.StartingHashKey.Bytes() != ranges[i].start || sh.HashKeyRange.EndingHashKey.Bytes() != ranges[i].end {
			k.close()
			return nil, fmt.Errorf("kinesim: shard %s has hash-key range %v, want range %d of %d", sh.ShardId, sh.HashKeyRange, i, shards)
		}
		k.ids = append(k.ids, sh.ShardId)
	}
	return k, nil
}

func (*kinesimSystem) name() string { return Kinesim }

func (k *kinesimSystem) put(ctx context.Context, batch []stream.PutRecordsEntry) error {
	out, err := k.e.PutRecords(ctx, stream.PutRecordsInput{StreamRef: k.ref, Records: batch})
	if err != nil {
		return err
	}
	if out.FailedRecordCount != 0 {
		return fmt.Errorf("PutRecords: %d of %d records failed", out.FailedRecordCount, len(batch))
	}
	return nil
}

func (k *kinesimSystem) read(ctx context.Context, shard int, see func([]byte) bool) error {
	in := stream.ReadInput{StreamRef: k.ref, ShardId: k.ids[shard], StartingPosition: stream.StartingPosition{Type: stream.TrimHorizon}}
	for r, err := range k.e.Records(ctx, in) {
		if err != nil {
			return err
		}
		if !see(r.Data) {
			return nil
		}
	}
	return nil
}

func (k *kinesimSystem) close() { _ = k.e.Close() }
