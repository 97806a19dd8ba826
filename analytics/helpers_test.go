package analytics_test

import (
	"context"
	"iter"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/record"
)

// memStream is a data stream for tests: records put with an arrival time, followed by any number of readers.
type memStream struct {
	mu   sync.Mutex
	recs []record.Record
	wake chan struct{}
}

func newMemStream() *memStream { return &memStream{wake: make(chan struct{})} }

func (s *memStream) put(at time.Time, data ...string) {
	s.mu.Lock()
	for _, d := range data {
		n := len(s.recs)
		s.recs = append(s.recs, record.Record{Data: []byte(d), ApproximateArrivalTimestamp: at, ShardId: "shardId-000000000000",
			SequenceNumber: record.SequenceNumber{}, PartitionKey: string(rune('a' + n%26))})
		_ = n
	}
	close(s.wake)
	s.wake = make(chan struct{})
	s.mu.Unlock()
}

func (s *memStream) Follow(ctx context.Context, _ string, from time.Time) iter.Seq2[record.Record, error] {
	return func(yield func(record.Record, error) bool) {
		i := 0
		for {
			s.mu.Lock()
			for i < len(s.recs) {
				r := s.recs[i]
				i++
				if r.ApproximateArrivalTimestamp.Before(from) {
					continue
				}
				s.mu.Unlock()
				if !yield(r, nil) {
					return
				}
				s.mu.Lock()
			}
			wake := s.wake
			s.mu.Unlock()
			select {
			case <-wake:
			case <-ctx.Done():
				yield(record.Record{}, ctx.Err())
				return
			}
		}
	}
}

func (s *memStream) ReadToTip(_ context.Context, _ string, from time.Time) iter.Seq2[record.Record, error] {
	return func(yield func(record.Record, error) bool) {
		s.mu.Lock()
		recs := append([]record.Record(nil), s.recs...)
		s.mu.Unlock()
		for _, r := range recs {
			if !r.ApproximateArrivalTimestamp.Before(from) && !yield(r, nil) {
				return
			}
		}
	}
}

// sink collects what outputs write, by destination ARN.
type sink struct {
	mu   sync.Mutex
	got  map[string][]string
	wake chan struct{}
}

func newSink() *sink { return &sink{got: map[string][]string{}, wake: make(chan struct{}, 1)} }

func (s *sink) add(arn string, data []byte) {
	s.mu.Lock()
	s.got[arn] = append(s.got[arn], string(data))
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *sink) PutRecords(_ context.Context, arn string, recs []analytics.OutputRecord) ([]error, error) {
	for _, r := range recs {
		s.add(arn, r.Data)
	}
	return make([]error, len(recs)), nil
}

func (s *sink) records(arn string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.got[arn]...)
}

// waitFor waits until arn has n records (the engine's goroutines do the work; a test that never gets them is
// ended by go test's timeout).
func (s *sink) waitFor(t *testing.T, arn string, n int) []string {
	t.Helper()
	for {
		if got := s.records(arn); len(got) >= n {
			return got
		}
		<-s.wake
	}
}

// checkNoGoroutines fails the test if a goroutine labelled label (lifecycle.LabelKey) is still running. A goroutine
// Close waited for may still be returning: it gets a moment to finish, as in package kinesimtest.
func checkNoGoroutines(t *testing.T, label string) {
	t.Helper()
	marker := `"kinesim":"` + label + `"`
	var found string
	for range 1000 {
		var b strings.Builder
		_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
		found = ""
		for _, block := range strings.Split(b.String(), "\n\n") {
			if strings.Contains(block, marker) {
				found += block + "\n\n"
			}
		}
		if found == "" {
			return
		}
		runtime.Gosched()
		_ = clock.Sleep(context.Background(), clock.Real, time.Millisecond)
	}
	t.Errorf("goroutines of %s outlived Close:\n%s", label, found)
}
