package stream_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/kinesim/kinesim/stream"
)

// DescribeStream (legacy) describes the stream and pages its shards 100 at a time with HasMoreShards and
// ExclusiveStartShardId; the shards and summary agree with ListShards and DescribeStreamSummary.
func TestDescribeStreamPagesShardsWithHasMoreShards(t *testing.T) {
	h := newHarness(t)
	h.create("s", 5)
	var ids []string
	after := ""
	for page := 0; ; page++ {
		out, err := h.e.DescribeStream(h.ctx, stream.DescribeStreamInput{StreamRef: ref("s"), Limit: 2, ExclusiveStartShardId: after})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(out.StreamSummary, h.Summary("s")) {
			t.Fatalf("summary %+v, want %+v", out.StreamSummary, h.Summary("s"))
		}
		for _, sh := range out.Shards {
			ids = append(ids, sh.ShardId)
		}
		if !out.HasMoreShards {
			if page != 2 || len(out.Shards) != 1 {
				t.Fatalf("last page %d has %d shards, want page 2 with 1", page, len(out.Shards))
			}
			break
		}
		after = out.Shards[len(out.Shards)-1].ShardId
	}
	var want []string
	for _, sh := range h.Shards("s") {
		want = append(want, sh.ShardId)
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("DescribeStream shards %v, ListShards %v", ids, want)
	}
	all, err := h.e.DescribeStream(h.ctx, stream.DescribeStreamInput{StreamRef: ref("s")})
	if err != nil || len(all.Shards) != 5 || all.HasMoreShards {
		t.Fatalf("default limit: %d shards, more %v, %v", len(all.Shards), all.HasMoreShards, err)
	}
}
