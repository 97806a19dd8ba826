package firehose_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"encoding/base64"
	"encoding/json"

	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/process"
)

// flakyStore fails a share of writes at random; hang makes a share of attempts block until their context is done
// and then write anyway (a store that answers after the attempt timeout: a duplicate).
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
		_ = f.mem.PutObject(context.Background(), bucket, key, body) // written late: the engine retries anyway
		return ctx.Err()
	}
	return f.mem.PutObject(ctx, bucket, key, body)
}

// Nothing is lost: with a store failing 30% of writes at random, or one that hangs past the attempt timeout, every
// record ends up delivered (duplicates allowed, counted) or in the error output (Developer Guide, "Understand data
// delivery": at-least-once delivery, retries).
func TestEveryRecordIsDeliveredOrInErrorOutput(t *testing.T) {
	for _, tc := range []struct {
		name       string
		fail, hang float64
		retry      time.Duration
		pipeline   bool // a Lambda that drops and fails records and partitions the rest by its keys
	}{
		{"fails-30pct", 0.3, 0, 24 * time.Hour, false},
		{"hangs-30pct", 0, 0.3, 24 * time.Hour, false},
		{"fails-30pct-short-retry", 0.3, 0, 0, false},
		{"pipeline-fails-30pct", 0.3, 0, 24 * time.Hour, true},
		{"pipeline-fails-30pct-short-retry", 0.3, 0, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var timedOut, errored int64
			failedSome := false
			for seed := range uint64(5) {
				store := &flakyStore{mem: firehose.NewMemoryStore(), rng: rand.New(rand.NewPCG(seed, 9)), fail: tc.fail, hang: tc.hang}
				var dropped sync.Map
				fn := process.PerRecord(func(_ context.Context, r *process.Record) process.Response {
					var i int
					fmt.Sscanf(string(r.Data), "<%d:", &i)
					switch {
					case i%7 == 0:
						dropped.Store(string(r.Data), true)
						return process.Response{Result: process.Dropped}
					case i%5 == 0:
						return process.Response{Result: process.ProcessingFailed}
					}
					return process.Response{Result: process.Ok, Data: r.Data,
						Metadata: process.Metadata{PartitionKeys: map[string]string{"p": fmt.Sprint(i % 3)}}}
				})
				e, clk := newEngine(t, firehose.WithObjectStore(store), firehose.WithRetryDuration(tc.retry),
					firehose.WithAttemptTimeout(10*time.Second), firehose.WithThrottling(false), firehose.WithFunction(lambdaARN, fn))
				c := s3(hints(1, 60))
				c.ErrorOutputPrefix = "errors/!{firehose:error-output-type}/"
				if tc.pipeline {
					c.Prefix = "p=!{partitionKeyFromLambda:p}/"
					c.ProcessingConfiguration = processors(processor(process.ProcessorTypeLambda, "LambdaArn", lambdaARN,
						"BufferSizeInMBs", "0.2"))
					c.DynamicPartitioningConfiguration = &firehose.DynamicPartitioningConfiguration{Enabled: ptr(true)}
				}
				create(t, e, "s", c)
				ctx, cancel := context.WithCancel(context.Background())
				driven := make(chan struct{})
				go func() { defer close(driven); drive(ctx, clk) }()
				rng := rand.New(rand.NewPCG(seed, 3))
				want := map[string]int{}
				for i := range 400 {
					rec := fmt.Sprintf("<%d:%s>", i, strings.Repeat("z", rng.IntN(8000)))
					want[rec] = 0
					put(t, e, "s", rec)
				}
				flush(t, e, "s")
				cancel()
				<-driven
				m, err := e.Metrics("s")
				if err != nil {
					t.Fatal(err)
				}
				timedOut += m.TimedOutAttempts
				errored += m.ErrorOutputRecords
				if m.DeliveryToS3Success < 1 {
					failedSome = true
				}
				if err := e.Close(); err != nil {
					t.Fatal(err)
				}
				count(t, store.mem, want)
				dropped.Range(func(k, _ any) bool { want[k.(string)]++; return true })
				dups := 0
				for rec, n := range want {
					if n == 0 {
						t.Fatalf("seed %d: record %.12s… lost", seed, rec)
					}
					dups += n - 1
				}
				// A late write of a timed-out attempt lands under the same key as its retry, so the store holds each
				// object once; TimedOutAttempts counts the duplicate writes.
				t.Logf("seed %d: %d records, %d duplicates in the store, %d duplicate writes (timed-out attempts), %d in the error output",
					seed, len(want), dups, m.TimedOutAttempts, m.ErrorOutputRecords)
			}
			// The faults happened (over the seeds: one seed's few objects may all succeed).
			switch {
			case tc.hang > 0 && timedOut == 0:
				t.Fatal("no attempt timed out")
			case tc.fail > 0 && !failedSome:
				t.Fatal("no attempt failed")
			case tc.retry == 0 && errored == 0:
				t.Fatal("nothing in the error output without retries")
			}
		})
	}
}

// count adds to want how many times each record appears in an object or in an error record.
func count(t *testing.T, mem *firehose.MemoryStore, want map[string]int) {
	t.Helper()
	for _, o := range mem.Objects("bucket") {
		if strings.HasPrefix(o.Key, "errors/") {
			for _, line := range strings.Split(strings.TrimSpace(string(o.Body)), "\n") {
				var doc struct{ RawData string }
				if err := json.Unmarshal([]byte(line), &doc); err != nil {
					t.Fatal(err)
				}
				raw, _ := base64.StdEncoding.DecodeString(doc.RawData)
				want[string(raw)]++
			}
			continue
		}
		body := string(o.Body)
		for len(body) > 0 {
			end := strings.IndexByte(body, '>')
			if body[0] != '<' || end < 0 {
				t.Fatalf("object %s is not whole records: %.20q", o.Key, body)
			}
			want[body[:end+1]]++
			body = body[end+1:]
		}
	}
}
