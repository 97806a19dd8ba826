package channel_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/channel"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/internal/deliverytest"
)

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
				mem := firehose.NewMemoryStore()
				store := deliverytest.NewFlakyStore(mem, deliverytest.NewFaults(rand.New(rand.NewPCG(seed, 7)), tc.fail, tc.hang))
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
				for _, o := range mem.Objects(bucket) {
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
				deliverytest.NoneLost(t, seed, want)
			}
			if failed == 0 {
				t.Fatal("no attempt failed: the faults did not happen")
			}
		})
	}
}
