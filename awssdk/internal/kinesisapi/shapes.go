package kinesisapi

import (
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// Shapes shared by several operations, named as the model names them.

type streamModeDetails struct {
	StreamMode stream.StreamMode `json:"StreamMode"`
}

type hashKeyRange struct {
	StartingHashKey string `json:"StartingHashKey"`
	EndingHashKey   string `json:"EndingHashKey"`
}

func toHashKeyRange(r record.HashKeyRange) hashKeyRange {
	return hashKeyRange{StartingHashKey: r.StartingHashKey.String(), EndingHashKey: r.EndingHashKey.String()}
}

type sequenceNumberRange struct {
	StartingSequenceNumber string `json:"StartingSequenceNumber"`
	EndingSequenceNumber   string `json:"EndingSequenceNumber,omitempty"`
}

type shard struct {
	ShardId               string              `json:"ShardId"`
	ParentShardId         string              `json:"ParentShardId,omitempty"`
	AdjacentParentShardId string              `json:"AdjacentParentShardId,omitempty"`
	HashKeyRange          hashKeyRange        `json:"HashKeyRange"`
	SequenceNumberRange   sequenceNumberRange `json:"SequenceNumberRange"`
}

func toShards(in []stream.Shard) []shard {
	out := make([]shard, len(in))
	for i, s := range in {
		out[i] = shard{
			ShardId:               s.ShardId,
			ParentShardId:         s.ParentShardId,
			AdjacentParentShardId: s.AdjacentParentShardId,
			HashKeyRange:          toHashKeyRange(s.HashKeyRange),
			SequenceNumberRange:   sequenceNumberRange{StartingSequenceNumber: s.SequenceNumberRange.StartingSequenceNumber.String()},
		}
		if end := s.SequenceNumberRange.EndingSequenceNumber; !end.IsZero() {
			out[i].SequenceNumberRange.EndingSequenceNumber = end.String()
		}
	}
	return out
}

type enhancedMetrics struct {
	ShardLevelMetrics []stream.MetricsName `json:"ShardLevelMetrics"`
}

func toEnhancedMonitoring(in []stream.EnhancedMetrics) []enhancedMetrics {
	out := make([]enhancedMetrics, len(in))
	for i, m := range in {
		out[i].ShardLevelMetrics = m.ShardLevelMetrics
		if out[i].ShardLevelMetrics == nil {
			out[i].ShardLevelMetrics = []stream.MetricsName{}
		}
	}
	return out
}

type warmThroughput struct {
	TargetMiBps  *int `json:"TargetMiBps,omitempty"`
	CurrentMiBps *int `json:"CurrentMiBps,omitempty"`
}

func toWarmThroughput(w *stream.WarmThroughput) *warmThroughput {
	if w == nil {
		return nil
	}
	return &warmThroughput{TargetMiBps: &w.TargetMiBps, CurrentMiBps: &w.CurrentMiBps}
}

// ref is the StreamName/StreamARN pair most inputs start with.
type ref struct {
	StreamName string `json:"StreamName"`
	StreamARN  string `json:"StreamARN"`
}

func (r ref) stream() stream.StreamRef {
	return stream.StreamRef{StreamName: r.StreamName, StreamARN: r.StreamARN}
}

// intOr returns *p, or 0 (the engine's "not given") when p is nil.
func intOr(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// sentInt is an optional int member whose 0 the engine reads as "not given" (a Limit or MaxResults, ListChannels'
// MaxResults too, CreateStream's ShardCount, the WarmThroughputMiBps of CreateStream and UpdateStreamMode), for the
// engine: 0 when p is nil, stream.ExplicitZero (= channel.ExplicitZero) when the request sent a 0, which the engine
// checks as AWS checks a 0 (a page size or a shard count refused, a warm throughput valid only for on-demand).
func sentInt(p *int) int {
	switch {
	case p == nil:
		return 0
	case *p == 0:
		return stream.ExplicitZero
	}
	return *p
}

// seq formats a sequence number, "" for the zero one.
func seq(n record.SequenceNumber) string {
	if n.IsZero() {
		return ""
	}
	return n.String()
}
