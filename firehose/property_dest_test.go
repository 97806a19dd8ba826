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
	"time"

	"github.com/kinesim/kinesim/firehose"
)

// faults decides, for each attempt, whether a destination fails it, hangs past the attempt timeout (and then
// takes the data anyway: a duplicate), or takes it.
//
// Attempts that neither hang nor have returned are busy: the test's driver advances the clock only when none is,
// so that an attempt times out because it hangs, not because the clock ran while it worked.
type faults struct {
	mu         sync.Mutex
	idleCond   *sync.Cond
	busy       int
	rng        *rand.Rand
	fail, hang float64
}

func newFaults(seed uint64, fail, hang float64) *faults {
	f := &faults{rng: rand.New(rand.NewPCG(seed, 11)), fail: fail, hang: hang}
	f.idleCond = sync.NewCond(&f.mu)
	return f
}

// done ends an attempt that next began with decision d.
func (f *faults) done(d int) {
	if d == hangIt {
		return
	}
	f.mu.Lock()
	f.busy--
	f.mu.Unlock()
	f.idleCond.Broadcast()
}

// driveIdle is drive, stepping the clock only while no attempt is busy.
func driveIdle(ctx context.Context, clk interface {
	WaitPending(context.Context, int) error
	Step() bool
}, f *faults) {
	for clk.WaitPending(ctx, 1) == nil {
		f.mu.Lock()
		for f.busy > 0 {
			f.idleCond.Wait()
		}
		f.mu.Unlock()
		clk.Step()
	}
}

const (
	take = iota
	failIt
	hangIt
)

// next decides an attempt's fate; the attempt must call done with it when it returns.
func (f *faults) next() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.rng.Float64()
	d := take
	switch {
	case r < f.fail:
		d = failIt
	case r < f.fail+f.hang:
		d = hangIt
	}
	if d != hangIt {
		f.busy++
	}
	return d
}

// perDocument decides one document's fate within an attempt (no busy accounting).
func (f *faults) perDocument() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rng.Float64() < f.fail
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
	f   *faults
	log *sinkLog
	ep  endpoint
}

func (h *flakyHTTP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d := h.f.next()
	defer h.f.done(d)
	switch d {
	case failIt:
		w.WriteHeader(500)
		return
	case hangIt:
		<-r.Context().Done()
	}
	h.ep.ServeHTTP(w, r)
}

type flakyCluster struct {
	f   *faults
	log *sinkLog
}

func (c *flakyCluster) Copy(ctx context.Context, cmd firehose.CopyCommand) error {
	fd := c.f.next()
	defer c.f.done(fd)
	switch fd {
	case failIt:
		return errors.New("injected COPY failure")
	case hangIt:
		<-ctx.Done()
	}
	for _, o := range cmd.Objects {
		c.log.add(o.Body)
	}
	return nil
}

type flakyDomain struct {
	f   *faults
	log *sinkLog
}

func (d *flakyDomain) Bulk(ctx context.Context, req firehose.BulkRequest) (firehose.BulkResponse, error) {
	out := firehose.BulkResponse{Items: make([]firehose.BulkItem, len(req.Documents))}
	fd := d.f.next()
	defer d.f.done(fd)
	switch fd {
	case failIt:
		return out, errors.New("injected bulk failure")
	case hangIt:
		<-ctx.Done()
	}
	for i, doc := range req.Documents {
		if d.f.perDocument() { // a document refused alone
			out.Items[i] = firehose.BulkItem{Status: 429, Error: "es_rejected_execution_exception"}
			continue
		}
		d.log.add(doc.Source)
		out.Items[i] = firehose.BulkItem{ID: doc.ID, Status: 201}
	}
	return out, nil
}

type flakyHEC struct {
	f   *faults
	log *sinkLog
}

func (h *flakyHEC) Send(ctx context.Context, req firehose.HECRequest) (firehose.HECAck, error) {
	fd := h.f.next()
	defer h.f.done(fd)
	switch fd {
	case failIt:
		return firehose.HECAck{}, errors.New("injected 503")
	case hangIt:
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
		make func(f *faults, log *sinkLog, retry *int) (firehose.Option, firehose.CreateDeliveryStreamInput)
	}
	kinds := []kind{
		{"http", func(f *faults, log *sinkLog, retry *int) (firehose.Option, firehose.CreateDeliveryStreamInput) {
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
		{"redshift", func(f *faults, log *sinkLog, retry *int) (firehose.Option, firehose.CreateDeliveryStreamInput) {
			c := redshiftConfig()
			c.S3Configuration.BufferingHints, c.RetryOptions = hints(1, 60), &firehose.RetryOptions{DurationInSeconds: retry}
			return firehose.WithRedshiftCluster(jdbcURL, &flakyCluster{f: f, log: log}), firehose.CreateDeliveryStreamInput{RedshiftDestinationConfiguration: c}
		}},
		{"opensearch", func(f *faults, log *sinkLog, retry *int) (firehose.Option, firehose.CreateDeliveryStreamInput) {
			c := openSearchConfig()
			c.BufferingHints, c.RetryOptions = hints(1, 60), &firehose.RetryOptions{DurationInSeconds: retry}
			return firehose.WithOpenSearchDomain(c.DomainARN, &flakyDomain{f: f, log: log}), firehose.CreateDeliveryStreamInput{AmazonopensearchserviceDestinationConfiguration: c}
		}},
		{"splunk", func(f *faults, log *sinkLog, retry *int) (firehose.Option, firehose.CreateDeliveryStreamInput) {
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
				var errored, requests, okRequests int64
				for seed := range uint64(3) {
					f := newFaults(seed, tc.fail, tc.hang)
					log := &sinkLog{}
					retry := tc.retry
					opt, in := k.make(f, log, &retry)
					e, clk := newEngine(t, opt, firehose.WithAttemptTimeout(10*time.Second), firehose.WithThrottling(false))
					createIn(t, e, in)
					ctx, cancel := context.WithCancel(context.Background())
					driven := make(chan struct{})
					go func() { defer close(driven); driveIdle(ctx, clk, f) }()
					rng := rand.New(rand.NewPCG(seed, 3))
					want := map[string]int{}
					for i := range 200 {
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
					dm := sumDest(m.DeliveryToHttpEndpoint, m.DeliveryToRedshift, m.DeliveryToAmazonOpenSearchService, m.DeliveryToSplunk)
					requests += dm.Requests
					okRequests += dm.SuccessfulRequests
					errored += m.ErrorOutputRecords
					if err := e.Close(); err != nil {
						t.Fatal(err)
					}
					for _, r := range log.recs {
						want[r]++
					}
					countErrorOutput(t, e.Store(), want)
					dups := 0
					for rec, n := range want {
						if n == 0 {
							t.Fatalf("seed %d: record %.12s… lost", seed, rec)
						}
						dups += n - 1
					}
					t.Logf("seed %d: %d records, %d duplicates, %d requests (%d timed out), %d in the error output",
						seed, len(want), dups, dm.Requests, m.TimedOutAttempts, m.ErrorOutputRecords)
				}
				switch {
				case okRequests == requests:
					t.Fatal("no attempt failed")
				case tc.retry == 0 && errored == 0:
					t.Fatal("nothing in the error output without retries")
				}
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
			for _, line := range strings.Split(strings.TrimSpace(string(o.Body)), "\n") {
				var doc struct{ RawData string }
				if err := json.Unmarshal([]byte(line), &doc); err != nil {
					t.Fatal(err)
				}
				raw, _ := base64.StdEncoding.DecodeString(doc.RawData)
				want[string(raw)]++
			}
		}
	}
}
