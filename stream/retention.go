package stream

import (
	"time"

	"github.com/kinesim/kinesim/internal/lifecycle"
)

// Retention: a record becomes unreadable once it is as old as the stream's retention period. Every read applies
// the period exactly (it trims the shard before reading), and a timer on the engine's clock, armed for the moment
// the oldest record expires, trims idle shards so that their memory is released even when nobody reads them.

// expireLocked makes the records past retention unreadable in every shard, releasing their memory. It returns the
// next moment something expires (the oldest record left, or a closed shard), and whether closed shards have expired
// and should be dropped. s.mu must be held (for reading or writing).
func (s *dataStream) expireLocked(now time.Time) (next time.Time, pending, dropped bool) {
	cutoff := now.Add(-s.retention)
	at := func(t time.Time) {
		if t = t.Add(s.retention); !pending || t.Before(next) {
			next, pending = t, true
		}
	}
	for _, sh := range s.shards {
		sh.mu.Lock()
		sh.log.Expire(cutoff)
		if a, ok := sh.log.ArrivalAt(sh.log.TrimHorizon()); ok {
			at(a)
		}
		if closed, closedAt := sh.log.Closed(); closed {
			if closedAt.After(cutoff) {
				at(closedAt)
			} else {
				dropped = true
			}
		}
		sh.mu.Unlock()
	}
	return next, pending, dropped
}

// dropExpiredLocked forgets the closed shards whose retention period has passed since they closed: they are no
// longer listed or readable. s.mu must be held for writing.
func (s *dataStream) dropExpiredLocked(now time.Time) {
	cutoff := now.Add(-s.retention)
	kept := s.shards[:0]
	for _, sh := range s.shards {
		if closed, closedAt := sh.log.Closed(); closed && !closedAt.After(cutoff) {
			sh.mu.Lock()
			sh.gone = true
			sh.waiters.Signal()
			sh.mu.Unlock()
			continue
		}
		kept = append(kept, sh)
	}
	clear(s.shards[len(kept):])
	s.shards = kept
}

// applyRetentionLocked expires records and drops expired closed shards. s.mu must be held for writing.
func (s *dataStream) applyRetentionLocked(now time.Time) {
	if _, _, dropped := s.expireLocked(now); dropped {
		s.dropExpiredLocked(now)
	}
}

// rearmRetention applies retention now and arms the timer for the next expiry (none if nothing is left to expire).
func (s *dataStream) rearmRetention() {
	e := s.e
	now := e.clk.Now()
	s.mu.RLock()
	next, pending, dropped := s.expireLocked(now)
	removed := s.removed
	s.mu.RUnlock()
	if dropped && !removed {
		s.mu.Lock()
		s.dropExpiredLocked(now)
		s.mu.Unlock()
	}

	s.retMu.Lock()
	defer s.retMu.Unlock()
	s.retTimer.Stop()
	s.retTimer = nil
	s.retArmed.Store(false)
	if !pending || removed {
		e.dropHashCache() // the stream holds no records: neither need the engine's hash cache
		return
	}
	if s.retTimer = lifecycle.AfterFunc(e.life, next.Sub(now), s, (*dataStream).rearmRetention); s.retTimer != nil {
		s.retArmed.Store(true)
	}
}

// ApplyRetention expires, now, the records of every stream that are past their stream's retention period, and
// releases their memory. Reads already never return expired records; this is for tests and simulations that want
// memory released at a chosen moment (the engine also does it on a timer).
func (e *Engine) ApplyRetention() {
	e.mu.RLock()
	streams := make([]*dataStream, 0, len(e.byName))
	for _, s := range e.byName {
		streams = append(streams, s)
	}
	e.mu.RUnlock()
	for _, s := range streams {
		s.rearmRetention()
	}
}
