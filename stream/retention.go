package stream

import (
	"time"
)

// Retention: a record becomes unreadable once it is as old as the stream's retention period. Every read applies
// the period exactly (it trims the shard before reading), and a timer on the engine's clock, armed for the moment
// the oldest record expires, trims idle shards so that their memory is released even when nobody reads them.

// expireLocked makes the records past retention unreadable in every shard, releasing their memory, and returns the
// arrival time of the oldest record left. s.mu must be held (for reading or writing).
func (s *dataStream) expireLocked(now time.Time) (oldest time.Time, any bool) {
	cutoff := now.Add(-s.retention)
	for _, sh := range s.shards {
		sh.mu.Lock()
		sh.log.Expire(cutoff)
		if a, ok := sh.log.ArrivalAt(sh.log.TrimHorizon()); ok && (!any || a.Before(oldest)) {
			oldest, any = a, true
		}
		sh.mu.Unlock()
	}
	return oldest, any
}

// rearmRetention applies retention now and arms the timer for the next expiry (none if the stream is empty).
func (s *dataStream) rearmRetention() {
	e := s.e
	now := e.clk.Now()
	s.mu.RLock()
	oldest, any := s.expireLocked(now)
	retention, removed := s.retention, s.removed
	s.mu.RUnlock()

	s.retMu.Lock()
	defer s.retMu.Unlock()
	if s.retTimer != nil {
		s.retTimer.Stop()
		s.retTimer = nil
	}
	s.retArmed.Store(false)
	if !any || removed {
		return
	}
	select {
	case <-e.done:
		return
	default:
	}
	s.retTimer = e.afterFunc(oldest.Add(retention).Sub(now), s.rearmRetention)
	s.retArmed.Store(true)
}

// ApplyRetention expires, now, the records of every stream that are past their stream's retention period, and
// releases their memory. Reads already never return expired records; this is for tests and simulations that want
// memory released at a chosen moment (the engine also does it on a timer).
func (e *Engine) ApplyRetention() {
	e.mu.RLock()
	streams := e.streamsLocked()
	e.mu.RUnlock()
	for _, s := range streams {
		s.rearmRetention()
	}
}
