package firehose

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kinesim/kinesim/firehose/compress"
	"github.com/kinesim/kinesim/internal/validate"
)

// The HTTP endpoint destination's limits and defaults (API Reference, HttpEndpointBufferingHints,
// HttpEndpointRetryOptions; developer guide, "Understand HTTP endpoint delivery request and response
// specifications").
const (
	HTTPEndpointDefaultSizeInMBs         = 5
	HTTPEndpointMaxSizeInMBs             = 64
	HTTPEndpointDefaultIntervalInSeconds = 300
	// HTTPEndpointDefaultRetrySeconds is RetryOptions.DurationInSeconds' default, counted from the end of the first
	// failed attempt.
	HTTPEndpointDefaultRetrySeconds = 300
	// MaxHTTPRequestRecords is the most records of one request, MaxHTTPRequestBytes the largest body before
	// content encoding (64 MiB); a batch that exceeds either is sent as several requests.
	MaxHTTPRequestRecords = 10000
	MaxHTTPRequestBytes   = 64 << 20
	// MaxHTTPResponseBytes is how much of a response body is read (kinesim's bound; a longer one is invalid).
	MaxHTTPResponseBytes = 1 << 20
	// HTTPEndpointFailed is the error output type of records not delivered to an HTTP endpoint.
	HTTPEndpointFailed = "http-endpoint-failed"
)

// The errorCode of records not delivered to an HTTP endpoint. HttpEndpoint.DestinationException (a status other
// than 200) is AWS's; the others are kinesim's names for the failures AWS describes.
const (
	CodeHTTPDestinationException = "HttpEndpoint.DestinationException"
	CodeHTTPInvalidResponse      = "HttpEndpoint.InvalidResponseFromDestination"
	CodeHTTPRequestTimeout       = "HttpEndpoint.RequestTimeout"
	CodeHTTPConnectionFailed     = "HttpEndpoint.ConnectionFailed"
	CodeHTTPPayloadTooLarge      = "HttpEndpoint.PayloadTooLarge"
)

// ContentEncoding is how an HTTP endpoint destination encodes request bodies.
type ContentEncoding string

// The content encodings.
const (
	ContentEncodingNone ContentEncoding = "NONE"
	ContentEncodingGzip ContentEncoding = "GZIP"
)

// HttpEndpointS3BackupMode is what an HTTP endpoint destination writes to its S3 configuration.
type HttpEndpointS3BackupMode string

// The backup modes: FailedDataOnly (the default) writes the records not delivered; AllData also every source
// record.
const (
	FailedDataOnly HttpEndpointS3BackupMode = "FailedDataOnly"
	AllData        HttpEndpointS3BackupMode = "AllData"
)

// HttpEndpointConfiguration is the endpoint (SDK types.HttpEndpointConfiguration).
type HttpEndpointConfiguration struct {
	// Url is the endpoint, https://… (required, up to 1,000 characters).
	Url string
	// Name is a display name (up to 256 characters).
	Name string
	// AccessKey is sent verbatim in X-Amz-Firehose-Access-Key (up to 4,096 characters); it is not described.
	AccessKey string
}

// HttpEndpointCommonAttribute is a name and value sent with every request.
type HttpEndpointCommonAttribute struct {
	AttributeName  string
	AttributeValue string
}

// HttpEndpointRequestConfiguration shapes the requests (SDK types.HttpEndpointRequestConfiguration).
type HttpEndpointRequestConfiguration struct {
	// ContentEncoding is NONE ("" means NONE) or GZIP.
	ContentEncoding ContentEncoding
	// CommonAttributes go in the X-Amz-Firehose-Common-Attributes header (at most 50).
	CommonAttributes []HttpEndpointCommonAttribute
}

// HttpEndpointDestinationConfiguration is an HTTP endpoint destination (SDK
// types.HttpEndpointDestinationConfiguration).
type HttpEndpointDestinationConfiguration struct {
	EndpointConfiguration *HttpEndpointConfiguration // required
	RequestConfiguration  *HttpEndpointRequestConfiguration
	// BufferingHints: 1–64 MiB (5) and 0–900 s (300).
	BufferingHints *BufferingHints
	// RetryOptions: 0–7200 s, 300 by default, from the end of the first failed attempt.
	RetryOptions            *RetryOptions
	RoleARN                 string
	ProcessingConfiguration *ProcessingConfiguration
	// S3BackupMode is FailedDataOnly ("") or AllData.
	S3BackupMode HttpEndpointS3BackupMode
	// S3Configuration is where failed (or all) records go (required).
	S3Configuration *S3DestinationConfiguration
}

// HttpEndpointDescription describes the endpoint (the access key is not described).
type HttpEndpointDescription struct {
	Url  string
	Name string
}

// HttpEndpointDestinationDescription describes an HTTP endpoint destination, the defaults filled in.
type HttpEndpointDestinationDescription struct {
	EndpointConfiguration    HttpEndpointDescription
	RequestConfiguration     HttpEndpointRequestConfiguration
	BufferingHints           BufferingHints
	RetryOptions             RetryOptions
	RoleARN                  string
	ProcessingConfiguration  *ProcessingConfiguration
	S3BackupMode             HttpEndpointS3BackupMode
	S3DestinationDescription *S3DestinationDescription
}

// HttpEndpointDestinationUpdate changes an HTTP endpoint destination: members set replace the current ones
// (S3Update merges into the S3 configuration).
type HttpEndpointDestinationUpdate struct {
	EndpointConfiguration   *HttpEndpointConfiguration
	RequestConfiguration    *HttpEndpointRequestConfiguration
	BufferingHints          *BufferingHints
	RetryOptions            *RetryOptions
	RoleARN                 string
	ProcessingConfiguration *ProcessingConfiguration
	S3BackupMode            HttpEndpointS3BackupMode
	S3Update                *ExtendedS3DestinationUpdate
}

// httpSink is an HTTP endpoint destination.
type httpSink struct {
	sinkBase
	cfg       HttpEndpointDestinationConfiguration // as created, for merges
	endpoint  HttpEndpointConfiguration
	req       HttpEndpointRequestConfiguration
	attrs     string // the X-Amz-Firehose-Common-Attributes header, "" without attributes
	backup    HttpEndpointS3BackupMode
	roleARN   string
	processed *ProcessingConfiguration
}

func (e *Engine) newHTTPEndpoint(c HttpEndpointDestinationConfiguration) (*destination, error) {
	const path = "httpEndpointDestinationConfiguration"
	var v validate.Violations
	if c.EndpointConfiguration == nil {
		v.Add("null", path+".endpointConfiguration", validate.MustNotBeNull)
	} else if ep := c.EndpointConfiguration; v.Required(path+".endpointConfiguration.url", ep.Url) {
		v.Length(path+".endpointConfiguration.url", ep.Url, len(ep.Url), 1, 1000)
		if !strings.HasPrefix(ep.Url, "https://") {
			v.Add(validate.Quote(ep.Url), path+".endpointConfiguration.url", validate.PatternPrefix+"https://.*")
		}
		v.Length(path+".endpointConfiguration.name", ep.Name, len(ep.Name), 0, 256)
		v.Length(path+".endpointConfiguration.accessKey", ep.AccessKey, len(ep.AccessKey), 0, 4096)
	}
	rc := HttpEndpointRequestConfiguration{ContentEncoding: ContentEncodingNone}
	if r := c.RequestConfiguration; r != nil {
		if r.ContentEncoding != "" {
			v.Enum(path+".requestConfiguration.contentEncoding", string(r.ContentEncoding), "NONE", "GZIP")
			rc.ContentEncoding = r.ContentEncoding
		}
		if len(r.CommonAttributes) > 50 {
			v.Add("'"+strconv.Itoa(len(r.CommonAttributes))+" attributes'", path+".requestConfiguration.commonAttributes", validate.LengthAtMost+"50")
		}
		for i, a := range r.CommonAttributes {
			p := path + ".requestConfiguration.commonAttributes." + strconv.Itoa(i+1) + ".member."
			if v.Required(p+"attributeName", a.AttributeName) {
				v.Length(p+"attributeName", a.AttributeName, len(a.AttributeName), 1, 256)
			}
			v.Length(p+"attributeValue", a.AttributeValue, len(a.AttributeValue), 0, 1024)
		}
		rc.CommonAttributes = append([]HttpEndpointCommonAttribute(nil), r.CommonAttributes...)
	}
	if c.S3BackupMode != "" {
		v.Enum(path+".s3BackupMode", string(c.S3BackupMode), "FailedDataOnly", "AllData")
	}
	if c.RoleARN != "" && !roleARNPattern.MatchString(c.RoleARN) {
		v.Add(validate.Quote(c.RoleARN), path+".roleARN", validate.PatternPrefix+roleARNText)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	d, err := e.s3Part(path+".s3Configuration", c.S3Configuration, c.ProcessingConfiguration)
	if err != nil {
		return nil, err
	}
	k := &httpSink{cfg: c, endpoint: *c.EndpointConfiguration, req: rc, backup: c.S3BackupMode, roleARN: c.RoleARN,
		processed: d.procCfg}
	if k.backup == "" {
		k.backup = FailedDataOnly
	}
	if len(rc.CommonAttributes) > 0 {
		m := make(map[string]string, len(rc.CommonAttributes))
		for _, a := range rc.CommonAttributes {
			m[a.AttributeName] = a.AttributeValue
		}
		b, _ := json.Marshal(struct {
			CommonAttributes map[string]string `json:"commonAttributes"`
		}{m})
		k.attrs = string(b)
	}
	l := sinkLimits{HTTPEndpointDefaultSizeInMBs, HTTPEndpointMaxSizeInMBs, HTTPEndpointDefaultIntervalInSeconds, MaxIntervalInSeconds, HTTPEndpointDefaultRetrySeconds}
	if err := e.finishSink(d, &k.sinkBase, path, c.BufferingHints, c.RetryOptions, l, k.backup == AllData,
		c.S3Configuration, kindHTTPEndpoint, k); err != nil {
		return nil, err
	}
	return d, nil
}

func (k *httpSink) describe(d *destination, out *DestinationDescription) {
	out.HttpEndpointDestinationDescription = &HttpEndpointDestinationDescription{
		EndpointConfiguration: HttpEndpointDescription{Url: k.endpoint.Url, Name: k.endpoint.Name},
		RequestConfiguration:  k.req, BufferingHints: k.hints, RetryOptions: RetryOptions{DurationInSeconds: &k.retry},
		RoleARN: k.roleARN, ProcessingConfiguration: k.processed, S3BackupMode: k.backup, S3DestinationDescription: k.s3,
	}
}

// update merges u into the configuration k was made from.
func (k *httpSink) update(u *HttpEndpointDestinationUpdate) HttpEndpointDestinationConfiguration {
	c := k.cfg
	c.EndpointConfiguration = cmp.Or(u.EndpointConfiguration, c.EndpointConfiguration)
	c.RequestConfiguration = cmp.Or(u.RequestConfiguration, c.RequestConfiguration)
	c.BufferingHints = cmp.Or(u.BufferingHints, c.BufferingHints)
	c.RetryOptions = cmp.Or(u.RetryOptions, c.RetryOptions)
	c.RoleARN = cmp.Or(u.RoleARN, c.RoleARN)
	c.ProcessingConfiguration = cmp.Or(u.ProcessingConfiguration, c.ProcessingConfiguration)
	c.S3BackupMode = cmp.Or(u.S3BackupMode, c.S3BackupMode)
	c.S3Configuration = mergeS3(k.s3c, u.S3Update)
	return c
}

// httpUpdateConfig is an update to a destination of another kind: the whole configuration (nothing merges).
func httpUpdateConfig(u *HttpEndpointDestinationUpdate) HttpEndpointDestinationConfiguration {
	c := HttpEndpointDestinationConfiguration{EndpointConfiguration: u.EndpointConfiguration,
		RequestConfiguration: u.RequestConfiguration, BufferingHints: u.BufferingHints, RetryOptions: u.RetryOptions,
		RoleARN: u.RoleARN, ProcessingConfiguration: u.ProcessingConfiguration, S3BackupMode: u.S3BackupMode}
	if u.S3Update != nil {
		s := mergeS3(S3DestinationConfiguration{}, u.S3Update)
		c.S3Configuration = s
	}
	return c
}

// mergeS3 applies an S3 update to an S3 configuration (nil u keeps it).
func mergeS3(c S3DestinationConfiguration, u *ExtendedS3DestinationUpdate) *S3DestinationConfiguration {
	if u == nil {
		return &c
	}
	x := legacyConfig(&c)
	mergeS3Into(&x, u)
	return &S3DestinationConfiguration{BucketARN: x.BucketARN, RoleARN: x.RoleARN, Prefix: x.Prefix,
		ErrorOutputPrefix: x.ErrorOutputPrefix, BufferingHints: x.BufferingHints, CompressionFormat: x.CompressionFormat}
}

// mergeS3Into applies the members an S3 update sets to c.
func mergeS3Into(c *ExtendedS3DestinationConfiguration, u *ExtendedS3DestinationUpdate) {
	c.BucketARN = cmp.Or(u.BucketARN, c.BucketARN)
	c.RoleARN = cmp.Or(u.RoleARN, c.RoleARN)
	c.CompressionFormat = cmp.Or(u.CompressionFormat, c.CompressionFormat)
	c.BufferingHints = cmp.Or(u.BufferingHints, c.BufferingHints)
	for _, f := range []struct{ dst, src *string }{{&c.Prefix, u.Prefix}, {&c.ErrorOutputPrefix, u.ErrorOutputPrefix},
		{&c.FileExtension, u.FileExtension}, {&c.CustomTimeZone, u.CustomTimeZone}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
}

// appendHTTPBody appends the JSON body Firehose POSTs (developer guide, "Request format").
func appendHTTPBody(dst []byte, id string, ts int64, recs [][]byte) []byte {
	dst = append(dst, `{"requestId":"`...)
	dst = append(dst, id...)
	dst = append(dst, `","timestamp":`...)
	dst = strconv.AppendInt(dst, ts, 10)
	dst = append(dst, `,"records":[`...)
	for i, r := range recs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"data":"`...)
		dst = base64.StdEncoding.AppendEncode(dst, r)
		dst = append(dst, `"}`...)
	}
	return append(dst, "]}"...)
}

// recordBodySize is what one record adds to a body.
func recordBodySize(n int) int { return base64.StdEncoding.EncodedLen(n) + len(`{"data":""},`) }

// httpFailure is why an attempt failed: the errorCode and errorMessage of the records, if it is the last.
type httpFailure struct {
	code, msg string
	permanent bool
}

func (f *httpFailure) Error() string { return f.code + ": " + f.msg }

func (f *httpFailure) stopsRetries() bool { return f.permanent }

func (k *httpSink) deliver(s *deliveryStream, j *job, failed *[]failedRecord) {
	n := j.batch.Len()
	for start := 0; start < n; {
		end, size := start, len(`{"requestId":"","timestamp":0000000000000,"records":[]}`)+36
		for end < n && end-start < MaxHTTPRequestRecords {
			add := recordBodySize(len(j.batch.Record(end)))
			if end > start && size+add > MaxHTTPRequestBytes {
				break
			}
			size += add
			end++
		}
		k.send(s, j, start, end, failed)
		start = end
	}
}

// send delivers records [from, to) of j in one request, retried with the same requestId.
func (k *httpSink) send(s *deliveryStream, j *job, from, to int, failed *[]failedRecord) {
	recs := make([][]byte, to-from)
	for i := range recs {
		recs[i] = j.batch.Record(from + i)
	}
	id := s.e.uuid()
	now := s.e.clk.Now()
	body := appendHTTPBody(nil, id, now.UnixMilli(), recs)
	payload := body
	if k.req.ContentEncoding == ContentEncodingGzip {
		payload, _ = compress.Encode(nil, body, compress.GZIP, compress.Options{}) // gzip of a slice cannot fail
	}
	attempts, err := s.retrying(secondsOf(k.retry), s.e.cfg.attemptTimeout, true, func(ctx context.Context) error {
		return k.post(ctx, s, id, payload)
	}, func(now time.Time, ok bool) { s.m.request(now, kindHTTPEndpoint, ok) })
	end := s.e.clk.Now()
	if err == nil {
		s.m.sent(end, kindHTTPEndpoint, len(recs), len(body), j.batch.Records[from].Arrival)
		return
	}
	var f *httpFailure
	switch {
	case errors.As(err, &f):
	case errors.Is(err, errAttemptTimeout):
		f = &httpFailure{code: CodeHTTPRequestTimeout, msg: "The HTTP endpoint did not respond within the attempt timeout."}
	default:
		f = &httpFailure{code: CodeHTTPConnectionFailed, msg: err.Error()}
	}
	for i := from; i < to; i++ {
		doc := destErrorDoc{AttemptsMade: attempts, ErrorCode: f.code, ErrorMessage: f.msg}
		*failed = append(*failed, doc.failed(HTTPEndpointFailed, j.batch.Record(i), j.batch.Records[i].Arrival, end))
	}
}

// post makes one request and checks the response: 200 with a JSON body echoing the requestId.
func (k *httpSink) post(ctx context.Context, s *deliveryStream, id string, payload []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, k.endpoint.Url, bytes.NewReader(payload))
	if err != nil {
		return &httpFailure{code: CodeHTTPConnectionFailed, msg: err.Error(), permanent: true}
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("X-Amz-Firehose-Protocol-Version", "1.0")
	h.Set("X-Amz-Firehose-Request-Id", id)
	h.Set("X-Amz-Firehose-Source-Arn", s.arn)
	if k.endpoint.AccessKey != "" {
		h.Set("X-Amz-Firehose-Access-Key", k.endpoint.AccessKey)
	}
	if k.attrs != "" {
		h.Set("X-Amz-Firehose-Common-Attributes", k.attrs)
	}
	if k.req.ContentEncoding == ContentEncodingGzip {
		h.Set("Content-Encoding", "gzip")
	}
	var status int
	var body []byte
	if handler, _ := s.e.target(kindHTTPEndpoint, k.endpoint.Url).(http.Handler); handler != nil {
		rw := &responseRecorder{header: http.Header{}}
		if err := serve(handler, rw, req); err != nil {
			return err
		}
		status, body = rw.statusCode(), rw.body.Bytes()
	} else {
		resp, err := s.e.http.Do(req)
		if err != nil {
			return err
		}
		body, err = io.ReadAll(io.LimitReader(resp.Body, MaxHTTPResponseBytes+1))
		resp.Body.Close()
		if err != nil {
			return err
		}
		status = resp.StatusCode
	}
	var r struct {
		RequestID    *string `json:"requestId"`
		Timestamp    *int64  `json:"timestamp"`
		ErrorMessage string  `json:"errorMessage"`
	}
	parseErr := json.Unmarshal(body, &r)
	if status != http.StatusOK {
		msg := "The HTTP endpoint returned status " + strconv.Itoa(status) + "."
		if parseErr == nil && r.ErrorMessage != "" {
			msg += " " + r.ErrorMessage
		}
		if status == http.StatusRequestEntityTooLarge {
			return &httpFailure{code: CodeHTTPPayloadTooLarge, msg: msg, permanent: true}
		}
		return &httpFailure{code: CodeHTTPDestinationException, msg: msg}
	}
	switch {
	case len(body) > MaxHTTPResponseBytes:
		return &httpFailure{code: CodeHTTPInvalidResponse, msg: "The response body is longer than 1 MiB."}
	case parseErr != nil || r.RequestID == nil || r.Timestamp == nil:
		return &httpFailure{code: CodeHTTPInvalidResponse, msg: "The response is not a JSON object with requestId and timestamp."}
	case *r.RequestID != id:
		return &httpFailure{code: CodeHTTPInvalidResponse, msg: "The response's requestId " + strconv.Quote(*r.RequestID) + " is not the request's, " + strconv.Quote(id) + "."}
	}
	return nil
}

// serve runs an in-process handler; a panic fails the attempt (net/http's server recovers it too, and the client
// sees a broken connection).
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &httpFailure{code: CodeHTTPConnectionFailed, msg: fmt.Sprint("the handler panicked: ", p)}
		}
	}()
	h.ServeHTTP(w, r)
	return nil
}

// responseRecorder is the http.ResponseWriter of an in-process handler.
type responseRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *responseRecorder) Header() http.Header { return r.header }

func (r *responseRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *responseRecorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	n := len(p)
	if r.body.Len()+len(p) > MaxHTTPResponseBytes+1 { // what is past the limit is not kept: the response is invalid
		p = p[:max(MaxHTTPResponseBytes+1-r.body.Len(), 0)]
	}
	r.body.Write(p)
	return n, nil
}

func (r *responseRecorder) statusCode() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}
