package stream

import (
	"context"
	"time"

	"github.com/kinesim/kinesim/record"
)

// ShardInfo is a snapshot of a shard's state, for tests and simulations (a kinesim extension).
type ShardInfo struct {
	ShardId string
	// Records and Bytes count the readable records and their data and partition-key bytes.
	Records int
	Bytes   int64
	// MemoryBytes is the memory the shard holds for records, including expired ones not yet released.
	MemoryBytes int64
	// TrimHorizon is the number of the oldest readable record's position; Latest that of the newest record.
	// Both are zero when the shard has held no record.
	TrimHorizon, Latest record.SequenceNumber
	// LastArrival is when the newest record arrived (zero if none).
	LastArrival time.Time
	Open        bool
}

// ShardInfo returns a snapshot of one shard of a stream.
func (e *Engine) ShardInfo(ctx context.Context, ref StreamRef, shardID string) (ShardInfo, error) {
	if err := e.enter(ctx); err != nil {
		return ShardInfo{}, err
	}
	s, err := e.resolve(ref, false)
	if err != nil {
		return ShardInfo{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	sh, err := s.shard(shardID)
	if err != nil {
		return ShardInfo{}, err
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	l := sh.log
	closed, _ := l.Closed()
	info := ShardInfo{
		ShardId: l.ID(), Records: l.Len(), Bytes: l.Bytes(), MemoryBytes: l.ArenaBytes(),
		LastArrival: l.LastArrival(), Open: !closed,
	}
	if l.Next() > 0 {
		info.TrimHorizon, info.Latest = l.SequenceNumber(l.TrimHorizon()), l.SequenceNumber(l.Next()-1)
	}
	return info, nil
}
