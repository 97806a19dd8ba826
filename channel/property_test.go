package channel_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinesim/kinesim/channel"
	"github.com/kinesim/kinesim/firehose"
)

// flakyStore fails a share of writes at random; hang makes a share of attempts block until their context is done
// (the attempt timeout) and then write anyway: a duplicate.
type flakyStore struct {
	mem        *firehose.MemoryStore
	mu         sync.Mutex
	rng        *rand.Rand
	fail, hang float64
}

func (f *flakyStore) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	f.mu.Lock()
	r := f.rng.Float64()
	f.mu.Unlock()
	switch {
	case r < f.fail:
		return errors.New("injected failure")
	case r < f.fail+f.hang:
		<-ctx.Done()
		_ = f.mem.PutObject(context.Background(), bucket, key, body)
		return ctx.Err()
	}
	return f.mem.PutObject(ctx, bucket, key, body)
}

// Nothing is lost: with a store failing 30% of writes at random, or hanging past the attempt timeout, every record
// read ends up in an object (duplicates allowed) or in the dead-letter queue, with retries on the clock and with or
// without a retry duration (at-least-once delivery; API Reference, DeadLetterQueueS3Configuration: "records that
// cannot be delivered").
func TestEveryRecordIsDeliveredOrDeadLettered(t *testing.T) {
	for _, tc := range []struct {
		name       string
		fail, hang float64
		retry      time.Duration
	}{
		{"fails-30pct", 0.3, 0, time.Hour},
		{"hangs-30pct", 0, 0.3, time.Hour},
		{"fails-30pct-no-retry", 0.3, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var failed int64
			for seed := range uint64(3) {
				store := &flakyStore{mem: firehose.NewMemoryStore(), rng: rand.New(rand.NewPCG(seed, 7)), fail: tc.fail, hang: tc.hang}
				e := newEnv(t, channel.WithObjectStore(store), channel.WithRetryDuration(tc.retry),
					channel.WithAttemptTimeout(10*time.Second), channel.WithTargetObjectSize(4000))
				d := e.create(t, input("c", e.stream, channel.RecordFormatTypeJSON, s3(channel.S3CompressionTypeGzip)))
				rng := rand.New(rand.NewPCG(seed, 3))
				want := map[string]int{}
				for i := range 300 {
					rec := fmt.Sprintf(`{"i":%d,"pad":"%s"}`, i, strings.Repeat("z", rng.IntN(400)))
					if i%17 == 0 {
						rec = rec[:len(rec)-1] // invalid JSON: dead-lettered at validation
					}
					want[rec] = 0
					e.Put(e.ref, fmt.Sprint(i%9), []byte(rec))
				}
				if err := e.Channels().WaitIncoming(context.Background(), d.ChannelARN, int64(len(want))); err != nil {
					t.Fatal(err)
				}
				e.flushDriven(t, d.ChannelARN)
				m, _ := e.Channels().Metrics(d.ChannelARN)
				failed += m.FailedAttempts
				if err := e.Channels().Close(); err != nil {
					t.Fatal(err)
				}
				for _, o := range store.mem.Objects(bucket) {
					for _, line := range strings.Split(strings.TrimSuffix(gunzip(t, o.Body), "\n"), "\n") {
						if strings.HasPrefix(o.Key, "kinesis-channel/errors/") {
							for _, dl := range deadLetters(t, []byte(line)) {
								want[string(dl.RawData)]++
							}
							continue
						}
						want[line]++
					}
				}
				for rec, n := range want {
					if n == 0 {
						t.Fatalf("seed %d: record %.20s… lost", seed, rec)
					}
				}
			}
			if failed == 0 {
				t.Fatal("no attempt failed: the faults did not happen")
			}
		})
	}
}
