package firehose_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/process"
	"github.com/kinesim/kinesim/internal/deliverytest"
)

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
				mem := firehose.NewMemoryStore()
				store := deliverytest.NewFlakyStore(mem, deliverytest.NewFaults(rand.New(rand.NewPCG(seed, 9)), tc.fail, tc.hang))
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
				count(t, mem, want)
				dropped.Range(func(k, _ any) bool { want[k.(string)]++; return true })
				dups := deliverytest.NoneLost(t, seed, want)
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
			countErrorRecords(t, o.Body, want)
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

// sink collects what a destination took.
type sinkLog struct {
	mu   sync.Mutex
	recs []string
}

func (l *sinkLog) add(data []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	body := string(data)
	for len(body) > 0 { // a Redshift object holds several records
		end := strings.IndexByte(body, '>')
		l.recs = append(l.recs, body[:end+1])
		body = body[end+1:]
	}
}

type flakyHTTP struct {
	f   *deliverytest.Faults
	log *sinkLog
	ep  endpoint
}

func (h *flakyHTTP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch h.f.Next() {
	case deliverytest.Fail:
		w.WriteHeader(500)
		return
	case deliverytest.Hang:
		<-r.Context().Done()
	}
	h.ep.ServeHTTP(w, r)
}

type flakyCluster struct {
	f   *deliverytest.Faults
	log *sinkLog
}

func (c *flakyCluster) Copy(ctx context.Context, cmd firehose.CopyCommand) error {
	switch c.f.Next() {
	case deliverytest.Fail:
		return errors.New("injected COPY failure")
	case deliverytest.Hang:
		<-ctx.Done()
	}
	for _, o := range cmd.Objects {
		c.log.add(o.Body)
	}
	return nil
}

type flakyDomain struct {
	f   *deliverytest.Faults
	log *sinkLog
}

func (d *flakyDomain) Bulk(ctx context.Context, req firehose.BulkRequest) (firehose.BulkResponse, error) {
	out := firehose.BulkResponse{Items: make([]firehose.BulkItem, len(req.Documents))}
	switch d.f.Next() {
	case deliverytest.Fail:
		return out, errors.New("injected bulk failure")
	case deliverytest.Hang:
		<-ctx.Done()
	}
	for i, doc := range req.Documents {
		if d.f.FailOne() { // a document refused alone
			out.Items[i] = firehose.BulkItem{Status: 429, Error: "es_rejected_execution_exception"}
			continue
		}
		d.log.add(doc.Source)
		out.Items[i] = firehose.BulkItem{ID: doc.ID, Status: 201}
	}
	return out, nil
}

type flakyHEC struct {
	f   *deliverytest.Faults
	log *sinkLog
}

func (h *flakyHEC) Send(ctx context.Context, req firehose.HECRequest) (firehose.HECAck, error) {
	switch h.f.Next() {
	case deliverytest.Fail:
		return firehose.HECAck{}, errors.New("injected 503")
	case deliverytest.Hang:
		<-ctx.Done()
	}
	for _, ev := range req.Events {
		h.log.add(ev.Data)
	}
	return firehose.HECAck{Acknowledged: true}, nil
}

// Nothing is lost, for every destination: one failing 30% of its attempts at random, or hanging past the attempt
// timeout on 30% of them, ends with every record delivered (duplicates counted) or in the error output of its S3
// configuration (developer guide, "Handle data delivery failures").
func TestEveryRecordIsDeliveredOrInErrorOutputForEveryDestination(t *testing.T) {
	type kind struct {
		name string
		make func(f *deliverytest.Faults, log *sinkLog, retry *int) (firehose.Option, firehose.CreateDeliveryStreamInput)
	}
	kinds := []kind{
		{"http", func(f *deliverytest.Faults, log *sinkLog, retry *int) (firehose.Option, firehose.CreateDeliveryStreamInput) {
			c := httpConfig()
			c.BufferingHints, c.RetryOptions = hints(1, 60), &firehose.RetryOptions{DurationInSeconds: retry}
			h := &flakyHTTP{f: f, log: log}
			return firehose.WithHTTPEndpoint(endpointURL, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h.ServeHTTP(w, r)
				h.ep.mu.Lock()
				for _, rec := range h.ep.records {
					log.add([]byte(rec))
				}
				h.ep.records = nil
				h.ep.mu.Unlock()
			})), firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: c}
		}},
		{"redshift", func(f *deliverytest.Faults, log *sinkLog, retry *int) (firehose.Option, firehose.CreateDeliveryStreamInput) {
			c := redshiftConfig()
			c.S3Configuration.BufferingHints, c.RetryOptions = hints(1, 60), &firehose.RetryOptions{DurationInSeconds: retry}
			return firehose.WithRedshiftCluster(jdbcURL, &flakyCluster{f: f, log: log}), firehose.CreateDeliveryStreamInput{RedshiftDestinationConfiguration: c}
		}},
		{"opensearch", func(f *deliverytest.Faults, log *sinkLog, retry *int) (firehose.Option, firehose.CreateDeliveryStreamInput) {
			c := openSearchConfig()
			c.BufferingHints, c.RetryOptions = hints(1, 60), &firehose.RetryOptions{DurationInSeconds: retry}
			return firehose.WithOpenSearchDomain(c.DomainARN, &flakyDomain{f: f, log: log}), firehose.CreateDeliveryStreamInput{AmazonopensearchserviceDestinationConfiguration: c}
		}},
		{"splunk", func(f *deliverytest.Faults, log *sinkLog, retry *int) (firehose.Option, firehose.CreateDeliveryStreamInput) {
			c := splunkConfig()
			c.HECEndpointType = firehose.HECRaw
			c.BufferingHints, c.RetryOptions = hints(1, 60), &firehose.RetryOptions{DurationInSeconds: retry}
			return firehose.WithSplunkHEC(hecEndpoint, &flakyHEC{f: f, log: log}), firehose.CreateDeliveryStreamInput{SplunkDestinationConfiguration: c}
		}},
	}
	for _, k := range kinds {
		for _, tc := range []struct {
			name       string
			fail, hang float64
			retry      int
		}{
			{"fails-30pct", 0.3, 0, 7200},
			{"hangs-30pct", 0, 0.3, 7200},
			{"fails-30pct-no-retry", 0.3, 0, 0},
		} {
			t.Run(k.name+"/"+tc.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					var errored, requests, okRequests, timedOut int64
					for seed := range uint64(5) {
						f := deliverytest.NewFaults(rand.New(rand.NewPCG(seed, 11)), tc.fail, tc.hang)
						log := &sinkLog{}
						retry := tc.retry
						opt, in := k.make(f, log, &retry)
						e, clk := newEngine(t, opt, firehose.WithAttemptTimeout(10*time.Second), firehose.WithThrottling(false))
						createIn(t, e, in)
						rng := rand.New(rand.NewPCG(seed, 3))
						want := map[string]int{}
						for i := range 600 {
							rec := fmt.Sprintf("<%d:%s>", i, strings.Repeat("z", rng.IntN(8000)))
							want[rec] = 0
							put(t, e, "s", rec)
						}
						flushStepping(t, e, clk, "s")
						m, err := e.Metrics("s")
						if err != nil {
							t.Fatal(err)
						}
						dm := sumDest(m.DeliveryToHttpEndpoint, m.DeliveryToRedshift, m.DeliveryToAmazonOpenSearchService, m.DeliveryToSplunk)
						requests += dm.Requests
						okRequests += dm.SuccessfulRequests
						errored += m.ErrorOutputRecords
						timedOut += m.TimedOutAttempts
						if err := e.Close(); err != nil {
							t.Fatal(err)
						}
						for _, r := range log.recs {
							want[r]++
						}
						countErrorOutput(t, e.Store(), want)
						dups := deliverytest.NoneLost(t, seed, want)
						t.Logf("seed %d: %d records, %d duplicates, %d requests (%d timed out), %d in the error output",
							seed, len(want), dups, dm.Requests, m.TimedOutAttempts, m.ErrorOutputRecords)
					}
					switch {
					case okRequests == requests:
						t.Fatal("no attempt failed")
					case tc.retry == 0 && errored == 0:
						t.Fatal("nothing in the error output without retries")
					case tc.hang == 0 && timedOut > 0:
						t.Fatalf("%d attempts timed out with no destination hanging", timedOut)
					case tc.hang > 0 && timedOut == 0:
						t.Fatal("no attempt timed out")
					}
				})
			})
		}
	}
}

// sumDest adds up destination datapoints.
func sumDest(ds ...firehose.DestinationDatapoint) firehose.DestinationDatapoint {
	var out firehose.DestinationDatapoint
	for _, d := range ds {
		out.Requests += d.Requests
		out.SuccessfulRequests += d.SuccessfulRequests
	}
	return out
}

// countErrorOutput adds to want the records of the error output: error records (their rawData) and the objects
// named by Redshift's error manifests.
func countErrorOutput(t *testing.T, mem *firehose.MemoryStore, want map[string]int) {
	t.Helper()
	for _, o := range mem.Objects("bucket") {
		switch {
		case strings.HasPrefix(o.Key, "errors/manifests/"):
			var man struct{ Entries []struct{ URL string } }
			if err := json.Unmarshal(o.Body, &man); err != nil {
				t.Fatal(err)
			}
			for _, en := range man.Entries {
				body, ok := mem.Get("bucket", strings.TrimPrefix(en.URL, "s3://bucket/"))
				if !ok {
					t.Fatalf("error manifest names %s, which is not stored", en.URL)
				}
				l := &sinkLog{}
				l.add(body)
				for _, r := range l.recs {
					want[r]++
				}
			}
		case strings.Contains(o.Key, "-failed/"):
			countErrorRecords(t, o.Body, want)
		}
	}
}

// countErrorRecords adds to want the rawData of each error record of an error output object.
func countErrorRecords(t *testing.T, body []byte, want map[string]int) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(string(body)), "\n") {
		var doc struct{ RawData string }
		if err := json.Unmarshal([]byte(line), &doc); err != nil {
			t.Fatal(err)
		}
		raw, _ := base64.StdEncoding.DecodeString(doc.RawData)
		want[string(raw)]++
	}
}
