package firehose_test

import (
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/firehose"
	"github.com/kinesim/kinesim/firehose/process"
)

const endpointURL = "https://collector.example.com/ingest"

// backupS3 is the S3 configuration of a destination other than S3.
func backupS3() *firehose.S3DestinationConfiguration {
	return &firehose.S3DestinationConfiguration{BucketARN: bucketARN, RoleARN: roleARN}
}

// endpoint is an HTTP endpoint that keeps what it received and answers as AWS specifies, unless fail says otherwise.
type endpoint struct {
	mu      sync.Mutex
	headers []http.Header
	records []string
	fail    func(n int) int // the status of the n-th request (from 0); nil: 200
	n       int
}

func (h *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var rd io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		rd = zr
	}
	var body struct {
		RequestID string `json:"requestId"`
		Timestamp int64  `json:"timestamp"`
		Records   []struct {
			Data []byte `json:"data"`
		} `json:"records"`
	}
	if err := json.NewDecoder(rd).Decode(&body); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	h.mu.Lock()
	n := h.n
	h.n++
	status := 200
	if h.fail != nil {
		status = h.fail(n)
	}
	if status == 200 {
		h.headers = append(h.headers, r.Header.Clone())
		for _, rec := range body.Records {
			h.records = append(h.records, string(rec.Data))
		}
	}
	h.mu.Unlock()
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"requestId": body.RequestID, "timestamp": body.Timestamp})
}

func httpConfig() *firehose.HttpEndpointDestinationConfiguration {
	return &firehose.HttpEndpointDestinationConfiguration{
		EndpointConfiguration: &firehose.HttpEndpointConfiguration{Url: endpointURL, Name: "collector", AccessKey: "secret"},
		RequestConfiguration: &firehose.HttpEndpointRequestConfiguration{ContentEncoding: firehose.ContentEncodingGzip,
			CommonAttributes: []firehose.HttpEndpointCommonAttribute{{AttributeName: "env", AttributeValue: "test"}}},
		S3Configuration: backupS3(),
	}
}

func createIn(t *testing.T, e *firehose.Engine, in firehose.CreateDeliveryStreamInput) {
	t.Helper()
	if in.DeliveryStreamName == "" {
		in.DeliveryStreamName = "s"
	}
	if _, err := e.CreateDeliveryStream(context.Background(), in); err != nil {
		t.Fatal(err)
	}
}

func describe(t *testing.T, e *firehose.Engine) firehose.DeliveryStreamDescription {
	t.Helper()
	out, err := e.DescribeDeliveryStream(context.Background(), firehose.DescribeDeliveryStreamInput{DeliveryStreamName: "s"})
	if err != nil {
		t.Fatal(err)
	}
	return out.DeliveryStreamDescription
}

// The HTTP endpoint request carries AWS's headers and JSON body, gzip-encoded when configured (developer guide,
// "Understand HTTP endpoint delivery request and response specifications").
func TestHTTPEndpointRequestHasAWSHeadersAndBody(t *testing.T) {
	h := &endpoint{}
	e, _ := newEngine(t, firehose.WithHTTPEndpoint(endpointURL, h))
	createIn(t, e, firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: httpConfig()})
	put(t, e, "s", "a", "", "c")
	flush(t, e, "s")
	if got := strings.Join(h.records, ","); got != "a,,c" {
		t.Fatalf("records %q", got)
	}
	hd := h.headers[0]
	for k, want := range map[string]string{
		"X-Amz-Firehose-Protocol-Version":  "1.0",
		"X-Amz-Firehose-Source-Arn":        e.DeliveryStreamARN("s"),
		"X-Amz-Firehose-Access-Key":        "secret",
		"X-Amz-Firehose-Common-Attributes": `{"commonAttributes":{"env":"test"}}`,
		"Content-Type":                     "application/json",
		"Content-Encoding":                 "gzip",
	} {
		if hd.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, hd.Get(k), want)
		}
	}
	if len(hd.Get("X-Amz-Firehose-Request-Id")) != 36 {
		t.Errorf("request id %q", hd.Get("X-Amz-Firehose-Request-Id"))
	}
	m, _ := e.Metrics("s")
	if m.DeliveryToHttpEndpoint.Records != 3 || m.DeliveryToHttpEndpoint.Success() != 1 {
		t.Fatalf("metrics %+v", m.DeliveryToHttpEndpoint)
	}
}

// A real URL is reached with the engine's HTTP client (a loopback TLS server here).
func TestHTTPEndpointReachesARealURL(t *testing.T) {
	h := &endpoint{}
	srv := httptest.NewTLSServer(h)
	defer srv.Close()
	e, _ := newEngine(t, firehose.WithHTTPClient(srv.Client()))
	c := httpConfig()
	c.EndpointConfiguration.Url = srv.URL + "/ingest"
	c.RequestConfiguration = nil
	createIn(t, e, firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: c})
	put(t, e, "s", "x", "y")
	flush(t, e, "s")
	if got := strings.Join(h.records, ","); got != "x,y" {
		t.Fatalf("records %q", got)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
}

// Statuses other than 200 are retried for RetryOptions.DurationInSeconds, then the records go to the S3
// configuration as http-endpoint-failed error records (developer guide, "Handle data delivery failures").
func TestHTTPEndpointFailuresGoToTheErrorOutputAfterTheRetryDuration(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := &endpoint{fail: func(int) int { return 503 }}
		e, clk := newEngine(t, firehose.WithHTTPEndpoint(endpointURL, h))
		c := httpConfig()
		c.RetryOptions = &firehose.RetryOptions{DurationInSeconds: ptr(60)}
		createIn(t, e, firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: c})
		put(t, e, "s", "lost?")
		flushStepping(t, e, clk, "s")
		objs := e.Store().Objects("bucket")
		if len(objs) != 1 || !strings.HasPrefix(objs[0].Key, "http-endpoint-failed/2026/07/13/14/") {
			t.Fatalf("objects %v", objs)
		}
		var doc struct {
			AttemptsMade int
			ErrorCode    string
			RawData      string
		}
		if err := json.Unmarshal(objs[0].Body, &doc); err != nil {
			t.Fatal(err)
		}
		raw, _ := base64.StdEncoding.DecodeString(doc.RawData)
		if doc.ErrorCode != firehose.CodeHTTPDestinationException || string(raw) != "lost?" || doc.AttemptsMade < 2 {
			t.Fatalf("error record %+v", doc)
		}
	})
}

// The HTTP endpoint's buffering defaults are 5 MiB and 300 s, 1–64 MiB (API Reference, HttpEndpointBufferingHints);
// its retry default is 300 s.
func TestHTTPEndpointDefaultsAndLimits(t *testing.T) {
	e, _ := newEngine(t)
	createIn(t, e, firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: httpConfig()})
	d := describe(t, e).Destinations[0].HttpEndpointDestinationDescription
	if *d.BufferingHints.SizeInMBs != 5 || *d.BufferingHints.IntervalInSeconds != 300 || *d.RetryOptions.DurationInSeconds != 300 ||
		d.S3BackupMode != firehose.FailedDataOnly || d.EndpointConfiguration.Url != endpointURL {
		t.Fatalf("description %+v", d)
	}
	c := httpConfig()
	c.BufferingHints = hints(65, 60)
	_, err := e.CreateDeliveryStream(context.Background(), firehose.CreateDeliveryStreamInput{DeliveryStreamName: "t", HttpEndpointDestinationConfiguration: c})
	if !errors.Is(err, apierr.Validation) {
		t.Fatalf("65 MiB: %v", err)
	}
	c = httpConfig()
	c.EndpointConfiguration.Url = "http://plain.example.com"
	_, err = e.CreateDeliveryStream(context.Background(), firehose.CreateDeliveryStreamInput{DeliveryStreamName: "t", HttpEndpointDestinationConfiguration: c})
	if !errors.Is(err, apierr.Validation) {
		t.Fatalf("http:// URL: %v", err)
	}
}

// fakeCluster is an in-memory Redshift cluster: COPY … JSON 'auto' parses each line of each object into a row.
type fakeCluster struct {
	mu   sync.Mutex
	rows []map[string]any
	cmds []firehose.CopyCommand
	fail bool
}

func (c *fakeCluster) Copy(ctx context.Context, cmd firehose.CopyCommand) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail {
		return errors.New("cluster under maintenance")
	}
	c.cmds = append(c.cmds, cmd)
	for _, o := range cmd.Objects {
		for _, line := range strings.Split(strings.TrimSpace(string(o.Body)), "\n") {
			row := map[string]any{}
			if err := json.Unmarshal([]byte(line), &row); err != nil {
				return err
			}
			c.rows = append(c.rows, row)
		}
	}
	return nil
}

const jdbcURL = "jdbc:redshift://cluster.abc.us-east-1.redshift.amazonaws.com:5439/dev"

func redshiftConfig() *firehose.RedshiftDestinationConfiguration {
	return &firehose.RedshiftDestinationConfiguration{ClusterJDBCURL: jdbcURL, RoleARN: roleARN, Username: "u", Password: "p",
		CopyCommand:     &firehose.RedshiftCopyCommand{DataTableName: "public.orders", DataTableColumns: "id, item", CopyOptions: "JSON 'auto'"},
		S3Configuration: backupS3()}
}

// Redshift delivery writes the object to the intermediate bucket, a manifest naming it, then one COPY
// (developer guide, "Understand data delivery": Amazon Redshift).
func TestRedshiftCopiesEachObjectThroughAManifest(t *testing.T) {
	cl := &fakeCluster{}
	e, _ := newEngine(t, firehose.WithRedshiftCluster(jdbcURL, cl))
	createIn(t, e, firehose.CreateDeliveryStreamInput{RedshiftDestinationConfiguration: redshiftConfig()})
	put(t, e, "s", `{"id":1,"item":"a"}`+"\n", `{"id":2,"item":"b"}`+"\n")
	flush(t, e, "s")
	if len(cl.rows) != 2 || cl.rows[1]["item"] != "b" {
		t.Fatalf("rows %v", cl.rows)
	}
	cmd := cl.cmds[0]
	if cmd.Table != "public.orders" || strings.Join(cmd.Columns, "|") != "id|item" || cmd.Options != "JSON 'auto'" ||
		!strings.HasPrefix(cmd.ManifestURL, "s3://bucket/manifests/2026/07/13/14/") {
		t.Fatalf("command %+v", cmd)
	}
	man, ok := e.Store().Get("bucket", strings.TrimPrefix(cmd.ManifestURL, "s3://bucket/"))
	if !ok || string(man) != `{"entries":[{"url":"`+cmd.Objects[0].URL+`","mandatory":true}]}` {
		t.Fatalf("manifest %q", man)
	}
	if d := describe(t, e).Destinations[0].RedshiftDestinationDescription; *d.RetryOptions.DurationInSeconds != 3600 || d.Username != "u" {
		t.Fatalf("description %+v", d)
	}
}

// A COPY that keeps failing (or an unregistered cluster) is retried for the duration, then its manifest goes
// under errors/ (developer guide, "Handle data delivery failures": Amazon Redshift).
func TestRedshiftFailedCopyWritesTheManifestUnderErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, clk := newEngine(t)
		c := redshiftConfig()
		c.RetryOptions = &firehose.RetryOptions{DurationInSeconds: ptr(30)}
		createIn(t, e, firehose.CreateDeliveryStreamInput{RedshiftDestinationConfiguration: c})
		put(t, e, "s", `{"id":1}`)
		flushStepping(t, e, clk, "s")
		if keys := e.Store().Keys("bucket", "errors/manifests/2026/07/13/14/"); len(keys) != 1 {
			t.Fatalf("error manifests %v", e.Store().Keys("bucket", ""))
		}
		m, _ := e.Metrics("s")
		if m.DeliveryToRedshift.Requests < 2 || m.DeliveryToRedshift.SuccessfulRequests != 0 || m.ErrorOutputRecords != 1 {
			t.Fatalf("metrics %+v", m.DeliveryToRedshift)
		}
	})
}

// Redshift refuses Snappy, ZIP and HADOOP_SNAPPY in its intermediate S3 configuration (API Reference,
// RedshiftDestinationConfiguration.S3Configuration).
func TestRedshiftRefusesSnappyAndZIP(t *testing.T) {
	e, _ := newEngine(t)
	for _, f := range []firehose.CompressionFormat{firehose.Snappy, firehose.ZIP, firehose.HadoopSnappy} {
		c := redshiftConfig()
		c.S3Configuration.CompressionFormat = f
		_, err := e.CreateDeliveryStream(context.Background(), firehose.CreateDeliveryStreamInput{DeliveryStreamName: "s", RedshiftDestinationConfiguration: c})
		if !errors.Is(err, apierr.InvalidArgument) {
			t.Fatalf("%s: %v", f, err)
		}
	}
}

func openSearchConfig() *firehose.AmazonopensearchserviceDestinationConfiguration {
	return &firehose.AmazonopensearchserviceDestinationConfiguration{DomainARN: "arn:aws:es:us-east-1:000000000000:domain/logs",
		IndexName: "logs", IndexRotationPeriod: firehose.OneHour, RoleARN: roleARN, S3Configuration: backupS3()}
}

// OpenSearch documents go to the rotated index with Firehose's ids; documents the domain refuses are retried,
// then written as AmazonOpenSearchService-failed records with esDocumentId and esIndexName (developer guide,
// "Index rotation", "Handle data delivery failures").
func TestOpenSearchIndexesRotatedDocumentsAndBacksUpFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		os := firehose.NewMemoryOpenSearch()
		e, clk := newEngine(t, firehose.WithOpenSearchDomain(openSearchConfig().DomainARN, os))
		c := openSearchConfig()
		c.RetryOptions = &firehose.RetryOptions{DurationInSeconds: ptr(10)}
		createIn(t, e, firehose.CreateDeliveryStreamInput{AmazonopensearchserviceDestinationConfiguration: c})
		put(t, e, "s", `{"a":1}`, `not json`)
		flushStepping(t, e, clk, "s")
		docs := os.Documents("logs-2026-07-13-14")
		if len(docs) != 1 || string(docs[0].Source) != `{"a":1}` || len(docs[0].ID) != 36 {
			t.Fatalf("documents %v (indexes %v)", docs, os.Indexes())
		}
		objs := e.Store().Objects("bucket")
		if len(objs) != 1 || !strings.HasPrefix(objs[0].Key, "AmazonOpenSearchService-failed/") {
			t.Fatalf("objects %v", objs)
		}
		var doc struct{ EsIndexName, EsDocumentId, ErrorMessage string }
		_ = json.Unmarshal(objs[0].Body, &doc)
		if doc.EsIndexName != "logs-2026-07-13-14" || doc.EsDocumentId == "" || !strings.HasPrefix(doc.ErrorMessage, "400") {
			t.Fatalf("error record %+v", doc)
		}
	})
}

// Index rotation appends the arrival's hour, day, week (weeks from Sunday, week 1 holding January 1) or month.
func TestIndexRotationSuffixes(t *testing.T) {
	at := time.Date(2016, 2, 22, 7, 0, 0, 0, time.UTC)
	for p, want := range map[firehose.IndexRotationPeriod]string{firehose.NoRotation: "i", firehose.OneHour: "i-2016-02-22-07",
		firehose.OneDay: "i-2016-02-22", firehose.OneWeek: "i-2016-w09", firehose.OneMonth: "i-2016-02"} {
		if got := firehose.IndexFor("i", p, at); got != want {
			t.Errorf("%s: %s, want %s", p, got, want)
		}
	}
}

// Switching between OpenSearch and other destinations is refused; another kind replaces the destination whole
// (API Reference, UpdateDestination).
func TestUpdateDestinationSwitchesKindsButNotToOpenSearch(t *testing.T) {
	e, _ := newEngine(t)
	create(t, e, "s", s3(nil))
	ctx := context.Background()
	err := e.UpdateDestination(ctx, firehose.UpdateDestinationInput{DeliveryStreamName: "s", CurrentDeliveryStreamVersionId: "1",
		DestinationId: firehose.DestinationID, AmazonopensearchserviceDestinationUpdate: &firehose.AmazonopensearchserviceDestinationUpdate{IndexName: "x"}})
	if !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("S3 → OpenSearch: %v", err)
	}
	hc := httpConfig()
	err = e.UpdateDestination(ctx, firehose.UpdateDestinationInput{DeliveryStreamName: "s", CurrentDeliveryStreamVersionId: "1",
		DestinationId: firehose.DestinationID, HttpEndpointDestinationUpdate: &firehose.HttpEndpointDestinationUpdate{
			EndpointConfiguration: hc.EndpointConfiguration, S3Update: &firehose.ExtendedS3DestinationUpdate{BucketARN: bucketARN, RoleARN: roleARN}}})
	if err != nil {
		t.Fatal(err)
	}
	d := describe(t, e)
	if d.VersionId != "2" || d.Destinations[0].HttpEndpointDestinationDescription == nil || d.Destinations[0].ExtendedS3DestinationDescription != nil {
		t.Fatalf("after update %+v", d.Destinations[0])
	}
	// The same kind merges: only the name changes.
	err = e.UpdateDestination(ctx, firehose.UpdateDestinationInput{DeliveryStreamName: "s", CurrentDeliveryStreamVersionId: "2",
		DestinationId: firehose.DestinationID, HttpEndpointDestinationUpdate: &firehose.HttpEndpointDestinationUpdate{
			EndpointConfiguration: &firehose.HttpEndpointConfiguration{Url: endpointURL, Name: "renamed"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(t, e).Destinations[0].HttpEndpointDestinationDescription; got.EndpointConfiguration.Name != "renamed" || got.S3DestinationDescription.BucketARN != bucketARN {
		t.Fatalf("merged %+v", got)
	}
}

const hecEndpoint = "https://splunk.example.com:8088"

func splunkConfig() *firehose.SplunkDestinationConfiguration {
	return &firehose.SplunkDestinationConfiguration{HECEndpoint: hecEndpoint, HECEndpointType: firehose.HECEvent, HECToken: "tok",
		S3Configuration: backupS3()}
}

// Splunk events are sent to the HEC with their EventIds; the defaults are 5 MiB, 60 s, a 180 s acknowledgement
// timeout and 3600 s of retries (API Reference, SplunkDestinationConfiguration).
func TestSplunkSendsEventsWithAcknowledgement(t *testing.T) {
	hec := firehose.NewMemorySplunk()
	e, _ := newEngine(t, firehose.WithSplunkHEC(hecEndpoint, hec))
	createIn(t, e, firehose.CreateDeliveryStreamInput{SplunkDestinationConfiguration: splunkConfig()})
	put(t, e, "s", `{"event":"a"}`, `{"event":"b"}`)
	flush(t, e, "s")
	evs := hec.Events()
	if len(evs) != 2 || string(evs[1].Data) != `{"event":"b"}` || evs[0].EventId == "" {
		t.Fatalf("events %v", evs)
	}
	d := describe(t, e).Destinations[0].SplunkDestinationDescription
	if *d.BufferingHints.SizeInMBs != 5 || *d.BufferingHints.IntervalInSeconds != 60 || d.HECAcknowledgmentTimeoutInSeconds != 180 ||
		*d.RetryOptions.DurationInSeconds != 3600 || d.S3BackupMode != firehose.FailedEventsOnly {
		t.Fatalf("description %+v", d)
	}
	c := splunkConfig()
	c.HECAcknowledgmentTimeoutInSeconds = ptr(179)
	if _, err := e.CreateDeliveryStream(context.Background(), firehose.CreateDeliveryStreamInput{DeliveryStreamName: "t", SplunkDestinationConfiguration: c}); !errors.Is(err, apierr.Validation) {
		t.Fatalf("179 s: %v", err)
	}
}

// A HEC that never acknowledges fails with Splunk.AckTimeout once retries end; AllEvents also backs up every
// source record (developer guide, "Handle data delivery failures": Splunk).
func TestSplunkAckTimeoutGoesToTheErrorOutputAndAllEventsBacksUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, clk := newEngine(t, firehose.WithSplunkHEC(hecEndpoint, hangingHEC{}))
		c := splunkConfig()
		c.RetryOptions = &firehose.RetryOptions{DurationInSeconds: ptr(0)}
		c.S3BackupMode = firehose.AllEvents
		c.S3Configuration.BufferingHints = hints(1, 60)
		createIn(t, e, firehose.CreateDeliveryStreamInput{SplunkDestinationConfiguration: c})
		put(t, e, "s", `{"event":1}`)
		flushStepping(t, e, clk, "s")
		var failed, backup int
		for _, o := range e.Store().Objects("bucket") {
			if strings.HasPrefix(o.Key, "splunk-failed/") {
				failed++
				if !strings.Contains(string(o.Body), firehose.CodeSplunkAckTimeout) {
					t.Fatalf("error record %s", o.Body)
				}
			} else if string(o.Body) == `{"event":1}` {
				backup++
			}
		}
		if failed != 1 || backup != 1 {
			t.Fatalf("%d failed, %d backed up: %v", failed, backup, e.Store().Keys("bucket", ""))
		}
	})
}

type hangingHEC struct{}

func (hangingHEC) Send(ctx context.Context, req firehose.HECRequest) (firehose.HECAck, error) {
	<-ctx.Done()
	return firehose.HECAck{}, ctx.Err()
}

// The HTTP endpoint's retry duration starts after the first failed attempt and leaves out the time spent waiting
// for a response (API Reference, HttpEndpointRetryOptions): with 10 s of retries and an endpoint that never
// answers, the backoff waits 1+2+4+3 s, so five attempts are made whatever each attempt's timeout.
func TestHTTPEndpointRetryDurationLeavesOutTheWaitForAResponse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hang := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
		e, clk := newEngine(t, firehose.WithHTTPEndpoint(endpointURL, hang), firehose.WithAttemptTimeout(time.Minute))
		c := httpConfig()
		c.RetryOptions = &firehose.RetryOptions{DurationInSeconds: ptr(10)}
		createIn(t, e, firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: c})
		put(t, e, "s", "r")
		flushStepping(t, e, clk, "s")
		docs := errorDocs(t, e, firehose.HTTPEndpointFailed+"/")
		if len(docs) != 1 || docs[0]["attemptsMade"] != 5.0 || docs[0]["errorCode"] != firehose.CodeHTTPRequestTimeout {
			t.Fatalf("error records %v", docs)
		}
		if m, _ := e.Metrics("s"); m.TimedOutAttempts != 5 || m.DeliveryToHttpEndpoint.Requests != 5 {
			t.Fatalf("metrics %+v", m)
		}
	})
}

// A 413 is not retried (developer guide, "Handle data delivery failures": HTTP endpoint); kinesim still writes the
// records to the error output, so that nothing is lost.
func TestHTTPEndpoint413IsNotRetried(t *testing.T) {
	h := &endpoint{fail: func(int) int { return http.StatusRequestEntityTooLarge }}
	e, _ := newEngine(t, firehose.WithHTTPEndpoint(endpointURL, h))
	createIn(t, e, firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: httpConfig()})
	put(t, e, "s", "big")
	flush(t, e, "s")
	docs := errorDocs(t, e, firehose.HTTPEndpointFailed+"/")
	if len(docs) != 1 || docs[0]["attemptsMade"] != 1.0 || docs[0]["errorCode"] != firehose.CodeHTTPPayloadTooLarge {
		t.Fatalf("error records %v", docs)
	}
}

// A response that does not echo the request's requestId is a failure (developer guide, "Response format").
func TestHTTPEndpointResponseMustEchoTheRequestID(t *testing.T) {
	wrong := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"requestId":"other","timestamp":1}`)
	})
	e, _ := newEngine(t, firehose.WithHTTPEndpoint(endpointURL, wrong))
	c := httpConfig()
	c.RetryOptions = &firehose.RetryOptions{DurationInSeconds: ptr(0)}
	createIn(t, e, firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: c})
	put(t, e, "s", "r")
	flush(t, e, "s")
	docs := errorDocs(t, e, firehose.HTTPEndpointFailed+"/")
	if len(docs) != 1 || docs[0]["errorCode"] != firehose.CodeHTTPInvalidResponse {
		t.Fatalf("error records %v", docs)
	}
}

// Splunk's backup mode goes from FailedEventsOnly to AllEvents, never back (API Reference,
// SplunkDestinationUpdate.S3BackupMode).
func TestSplunkBackupModeCannotGoBackToFailedEventsOnly(t *testing.T) {
	e, _ := newEngine(t)
	c := splunkConfig()
	createIn(t, e, firehose.CreateDeliveryStreamInput{SplunkDestinationConfiguration: c})
	upd := func(v string, m firehose.SplunkS3BackupMode) error {
		return e.UpdateDestination(context.Background(), firehose.UpdateDestinationInput{DeliveryStreamName: "s",
			CurrentDeliveryStreamVersionId: v, DestinationId: firehose.DestinationID,
			SplunkDestinationUpdate: &firehose.SplunkDestinationUpdate{S3BackupMode: m}})
	}
	if err := upd("1", firehose.AllEvents); err != nil {
		t.Fatal(err)
	}
	if err := upd("2", firehose.FailedEventsOnly); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("AllEvents → FailedEventsOnly: %v", err)
	}
}

// A delivery stream has exactly one destination (API Reference, CreateDeliveryStream).
func TestCreateRefusesTwoDestinationsOfDifferentKinds(t *testing.T) {
	e, _ := newEngine(t)
	_, err := e.CreateDeliveryStream(context.Background(), firehose.CreateDeliveryStreamInput{DeliveryStreamName: "s",
		ExtendedS3DestinationConfiguration: s3(nil), SplunkDestinationConfiguration: splunkConfig()})
	if !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("two destinations: %v", err)
	}
}

// The HTTP endpoint request, headers and body, is exactly AWS's format, byte for byte in a seeded run (golden file;
// developer guide, "Understand HTTP endpoint delivery request and response specifications").
func TestHTTPEndpointRequestGolden(t *testing.T) {
	var got strings.Builder
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(&got, "%s %s\n", r.Method, r.URL)
		for _, k := range slices.Sorted(maps.Keys(r.Header)) {
			fmt.Fprintf(&got, "%s: %s\n", k, r.Header.Get(k))
		}
		fmt.Fprintf(&got, "\n%s\n", body)
		var req struct {
			RequestID string `json:"requestId"`
		}
		_ = json.Unmarshal(body, &req)
		fmt.Fprintf(w, `{"requestId":%q,"timestamp":1}`, req.RequestID)
	})
	e, _ := newEngine(t, firehose.WithHTTPEndpoint(endpointURL, h))
	c := httpConfig()
	c.RequestConfiguration.ContentEncoding = firehose.ContentEncodingNone
	createIn(t, e, firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: c})
	put(t, e, "s", `{"a":1}`, "binary\x00\xff")
	flush(t, e, "s")
	golden(t, "testdata/http_request.golden", got.String())
}

// A handler that panics fails its attempt, as net/http's server turns a panic into a broken response, instead of
// ending the delivery goroutine.
func TestHTTPEndpointHandlerPanicFailsTheAttempt(t *testing.T) {
	h := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })
	e, _ := newEngine(t, firehose.WithHTTPEndpoint(endpointURL, h))
	c := httpConfig()
	c.RetryOptions = &firehose.RetryOptions{DurationInSeconds: ptr(0)}
	createIn(t, e, firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: c})
	put(t, e, "s", "r")
	flush(t, e, "s")
	if docs := errorDocs(t, e, firehose.HTTPEndpointFailed+"/"); len(docs) != 1 || docs[0]["errorCode"] != firehose.CodeHTTPConnectionFailed {
		t.Fatalf("error records %v", docs)
	}
}

// The legacy Elasticsearch destination delivers as OpenSearch does, with its own error output type, metrics and
// description, and switches to no other kind, OpenSearch included (API Reference, ElasticsearchDestinationConfiguration,
// UpdateDestination).
func TestElasticsearchDeliversLikeOpenSearchUnderItsOwnNames(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		domain := firehose.NewMemoryOpenSearch()
		c := openSearchConfig()
		e, clk := newEngine(t, firehose.WithOpenSearchDomain(c.DomainARN, domain))
		c.RetryOptions = &firehose.RetryOptions{DurationInSeconds: ptr(0)}
		createIn(t, e, firehose.CreateDeliveryStreamInput{ElasticsearchDestinationConfiguration: c})
		put(t, e, "s", `{"a":1}`, `not json`)
		flushStepping(t, e, clk, "s")
		if docs := domain.Documents("logs-2026-07-13-14"); len(docs) != 1 {
			t.Fatalf("documents %v", docs)
		}
		if docs := errorDocs(t, e, firehose.ElasticsearchFailed+"/"); len(docs) != 1 {
			t.Fatalf("error records %v", e.Store().Keys("bucket", ""))
		}
		d := describe(t, e).Destinations[0]
		if d.ElasticsearchDestinationDescription == nil || d.AmazonopensearchserviceDestinationDescription != nil {
			t.Fatalf("description %+v", d)
		}
		if m, _ := e.Metrics("s"); m.DeliveryToElasticsearch.Records != 1 || m.DeliveryToAmazonOpenSearchService.Records != 0 {
			t.Fatalf("metrics %+v", m)
		}
		err := e.UpdateDestination(context.Background(), firehose.UpdateDestinationInput{DeliveryStreamName: "s", CurrentDeliveryStreamVersionId: "1",
			DestinationId: firehose.DestinationID, AmazonopensearchserviceDestinationUpdate: &firehose.AmazonopensearchserviceDestinationUpdate{IndexName: "x"}})
		if !errors.Is(err, apierr.InvalidArgument) {
			t.Fatalf("Elasticsearch → OpenSearch: %v", err)
		}
	})
}

// A Redshift destination's source-record backup (S3BackupMode Enabled) writes every record, as it came, to
// S3BackupConfiguration, and cannot be disabled again (API Reference, RedshiftDestinationConfiguration).
func TestRedshiftSourceRecordBackup(t *testing.T) {
	cl := &fakeCluster{}
	e, _ := newEngine(t, firehose.WithRedshiftCluster(jdbcURL, cl))
	c := redshiftConfig()
	c.S3BackupMode = firehose.S3BackupEnabled
	c.S3BackupConfiguration = &firehose.S3DestinationConfiguration{BucketARN: "arn:aws:s3:::backup", RoleARN: roleARN,
		BufferingHints: hints(1, 60)}
	createIn(t, e, firehose.CreateDeliveryStreamInput{RedshiftDestinationConfiguration: c})
	put(t, e, "s", `{"id":1}`+"\n")
	flush(t, e, "s")
	objs := e.Store().Objects("backup")
	if len(cl.rows) != 1 || len(objs) != 1 || string(objs[0].Body) != `{"id":1}`+"\n" {
		t.Fatalf("rows %v, backup %v", cl.rows, objs)
	}
	if d := describe(t, e).Destinations[0].RedshiftDestinationDescription; d.S3BackupMode != firehose.S3BackupEnabled || d.S3BackupDescription.BucketARN != "arn:aws:s3:::backup" {
		t.Fatalf("description %+v", d)
	}
	err := e.UpdateDestination(context.Background(), firehose.UpdateDestinationInput{DeliveryStreamName: "s", CurrentDeliveryStreamVersionId: "1",
		DestinationId: firehose.DestinationID, RedshiftDestinationUpdate: &firehose.RedshiftDestinationUpdate{S3BackupMode: firehose.S3BackupDisabled}})
	if !errors.Is(err, apierr.InvalidArgument) {
		t.Fatalf("Enabled → Disabled: %v", err)
	}
}

// Close delivers and ends every goroutine, whatever the destinations: the synctest bubble ends only when none of
// its goroutines is left (architecture.md, "One lifecycle contract"). A destination that keeps failing while
// Close drains gets a few attempts, then its records go to the error output.
func TestCloseEndsEveryGoroutineOfEveryDestination(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		down := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
		e, _ := newEngine(t, firehose.WithHTTPEndpoint(endpointURL, down), firehose.WithRedshiftCluster(jdbcURL, &fakeCluster{}),
			firehose.WithOpenSearchDomain(openSearchConfig().DomainARN, firehose.NewMemoryOpenSearch()),
			firehose.WithSplunkHEC(hecEndpoint, firehose.NewMemorySplunk()))
		createIn(t, e, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "h", HttpEndpointDestinationConfiguration: httpConfig()})
		createIn(t, e, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "r", RedshiftDestinationConfiguration: redshiftConfig()})
		createIn(t, e, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "o", AmazonopensearchserviceDestinationConfiguration: openSearchConfig()})
		createIn(t, e, firehose.CreateDeliveryStreamInput{DeliveryStreamName: "p", SplunkDestinationConfiguration: splunkConfig()})
		for _, name := range []string{"h", "r", "o", "p"} {
			put(t, e, name, `{"event":1}`)
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		if docs := errorDocs(t, e, firehose.HTTPEndpointFailed+"/"); len(docs) != 1 {
			t.Fatalf("the HTTP endpoint's record: %v", e.Store().Keys("bucket", ""))
		}
	})
}

// An HTTP endpoint destination's ProcessingConfiguration runs on the shared processing path: the endpoint gets the
// transformed records, and records the Lambda fails go to the S3 configuration as processing-failed (developer
// guide, "Transform source data").
func TestHTTPEndpointGetsTransformedRecords(t *testing.T) {
	h := &endpoint{}
	e, _ := newEngine(t, firehose.WithHTTPEndpoint(endpointURL, h), firehose.WithFunction(lambdaARN, upper))
	c := httpConfig()
	c.ProcessingConfiguration = processors(processor(process.ProcessorTypeLambda, "LambdaArn", lambdaARN))
	createIn(t, e, firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: c})
	put(t, e, "s", "a", "drop", "bad", "b")
	flush(t, e, "s")
	if got := strings.Join(h.records, ","); got != "A,B" {
		t.Fatalf("records %q", got)
	}
	if docs := errorDocs(t, e, firehose.ProcessingFailed+"/"); len(docs) != 1 {
		t.Fatalf("processing-failed %v", e.Store().Keys("bucket", ""))
	}
	if d := describe(t, e).Destinations[0].HttpEndpointDestinationDescription; d.ProcessingConfiguration == nil {
		t.Fatalf("description %+v", d)
	}
}

// A request holds at most 10,000 records (developer guide, "Request format"): a buffer of 10,001 records is two
// requests, each with its own requestId.
func TestHTTPEndpointSplitsBuffersAt10000Records(t *testing.T) {
	h := &endpoint{}
	e, _ := newEngine(t, firehose.WithHTTPEndpoint(endpointURL, h), firehose.WithThrottling(false))
	c := httpConfig()
	c.BufferingHints = hints(64, 900)
	createIn(t, e, firehose.CreateDeliveryStreamInput{HttpEndpointDestinationConfiguration: c})
	recs := make([]string, 500)
	for i := range recs {
		recs[i] = "x"
	}
	for range 20 {
		put(t, e, "s", recs...)
	}
	put(t, e, "s", "last")
	flush(t, e, "s")
	if len(h.headers) != 2 || len(h.records) != 10001 || h.records[10000] != "last" ||
		h.headers[0].Get("X-Amz-Firehose-Request-Id") == h.headers[1].Get("X-Amz-Firehose-Request-Id") {
		t.Fatalf("%d requests, %d records", len(h.headers), len(h.records))
	}
}
