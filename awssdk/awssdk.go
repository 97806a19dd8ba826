package awssdk

import (
	"net/http"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesisanalytics"
	"github.com/aws/aws-sdk-go-v2/service/kinesisvideo"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk/internal/analyticsapi"
	"github.com/kinesim/kinesim/awssdk/internal/firehoseapi"
	"github.com/kinesim/kinesim/awssdk/internal/kinesisapi"
	"github.com/kinesim/kinesim/awssdk/internal/videoapi"
	"github.com/kinesim/kinesim/awssdk/internal/wire"
)

// Endpoint is the base endpoint of the clients [NewKinesisClient] and [NewFirehoseClient] make. No name is resolved and no socket
// opened: the client's HTTPClient runs the handler in process, whatever the URL.
const Endpoint = "http://kinesim.local"

// Dummy credentials of the clients [NewKinesisClient] and [NewFirehoseClient] make; requests are signed with them and the signature is
// not checked.
const (
	AccessKeyID     = "AKIDKINESIM"
	SecretAccessKey = "kinesim-secret"
)

// KinesisTarget is the X-Amz-Target prefix (and RPCv2 service name) of Kinesis Data Streams requests.
const KinesisTarget = kinesisapi.Target

// FirehoseTarget is the X-Amz-Target prefix (and RPCv2 service name) of Amazon Data Firehose requests.
const FirehoseTarget = firehoseapi.Target

// Handler returns an http.Handler serving acct over the AWS wire protocols: every Kinesis Data Streams
// operation the account's engine implements (channels included) and every Amazon Data Firehose operation of its
// Firehose engine, in AWS JSON 1.1 (and 1.0) and Smithy RPCv2 CBOR, the Kinesis Analytics (v1, SQL) operations of
// its Analytics engine in AWS JSON 1.1 — the X-Amz-Target prefix (or RPCv2 service) picks the service — and Kinesis
// Video Streams' REST-JSON control plane and media endpoints, picked by path. Mount it at the root of a server (see cmd/kinesim-server) or use [HTTPClient] to call it in process. A nil acct serves no
// service: every request gets an UnknownOperationException.
//
// The handler is safe for concurrent use; it holds no state of its own beyond the account.
func Handler(acct *kinesim.Account) http.Handler {
	if acct == nil {
		return wire.NewMux()
	}
	mux := wire.NewMux(kinesisapi.WithChannels(kinesisapi.Service(acct.Streams()), acct.Channels()), firehoseapi.Service(acct.Firehose()), analyticsapi.Service(acct.Analytics()))
	vh := videoapi.New(acct.Video())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") == "" && vh.Handles(r.URL.Path) { // Kinesis Video Streams: REST-JSON by path
			vh.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// Doer is what aws-sdk-go-v2 clients take as their HTTPClient option (kinesis.HTTPClient and its peers in
// every service package have this one method).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// HTTPClient returns a value for kinesis.Options.HTTPClient (and any SDK client's) that serves each request
// with [Handler](acct) in process: no socket, no goroutine beyond the one running the handler. See [InProcess].
func HTTPClient(acct *kinesim.Account) Doer { return InProcess(Handler(acct)) }

// NewKinesisClient returns a *kinesis.Client that calls acct in process: the account's region, static dummy
// credentials ([AccessKeyID]), base endpoint [Endpoint], the SDK's default retryer and [HTTPClient](acct).
// optFns change the options after that, as with kinesis.New (e.g. o.Retryer = aws.NopRetryer{}, or o.Protocol =
// rpcv2.NewCBOR(schemas.Kinesis_20131202) to speak Smithy RPCv2 CBOR). It reads no file or environment variable,
// so it costs microseconds. Nil optFns are skipped.
func NewKinesisClient(acct *kinesim.Account, optFns ...func(*kinesis.Options)) *kinesis.Client {
	c := common(acct)
	return kinesis.New(kinesis.Options{Region: c.region, Credentials: c.credentials, BaseEndpoint: c.endpoint, HTTPClient: c.http},
		nonNil(optFns)...)
}

// NewFirehoseClient returns a *firehose.Client that calls acct's Firehose in process, configured as
// [NewKinesisClient] configures its client: the account's region, static dummy credentials, base endpoint
// [Endpoint], the SDK's default retryer and [HTTPClient](acct). optFns change the options after that, as with
// firehose.New (e.g. o.Retryer = aws.NopRetryer{}, or o.Protocol = rpcv2.NewCBOR(schemas.Firehose_20150804)).
// Nil optFns are skipped.
func NewFirehoseClient(acct *kinesim.Account, optFns ...func(*firehose.Options)) *firehose.Client {
	c := common(acct)
	return firehose.New(firehose.Options{Region: c.region, Credentials: c.credentials, BaseEndpoint: c.endpoint, HTTPClient: c.http},
		nonNil(optFns)...)
}

// NewKinesisVideoClient returns a *kinesisvideo.Client (the Video Streams control plane) that calls acct in
// process, configured as [NewKinesisClient] configures its client. Its GetDataEndpoint answers with the server
// the request reached, where the media endpoints (PutMedia, GetMedia, ListFragments, GetMediaForFragmentList) are
// served too. Nil optFns are skipped.
func NewKinesisVideoClient(acct *kinesim.Account, optFns ...func(*kinesisvideo.Options)) *kinesisvideo.Client {
	c := common(acct)
	return kinesisvideo.New(kinesisvideo.Options{Region: c.region, Credentials: c.credentials, BaseEndpoint: c.endpoint, HTTPClient: c.http},
		nonNil(optFns)...)
}

// MaxRequestBody is the largest request body the handler reads, for PutRecord and PutRecords (16 MiB: a 10 MiB
// PutRecords request in base64 and JSON; other operations read up to 1 MiB); a larger one is answered with
// HTTP 413 before more of it is read.
const MaxRequestBody = wire.MaxRequestBody

// KinesisAnalyticsTarget is the X-Amz-Target prefix of Kinesis Analytics (v1, SQL) requests.
const KinesisAnalyticsTarget = analyticsapi.Target

// NewKinesisAnalyticsClient returns a *kinesisanalytics.Client (the v1, SQL API) that calls acct's Analytics in
// process, configured as [NewKinesisClient] configures its client. Nil optFns are skipped.
func NewKinesisAnalyticsClient(acct *kinesim.Account, optFns ...func(*kinesisanalytics.Options)) *kinesisanalytics.Client {
	c := common(acct)
	return kinesisanalytics.New(kinesisanalytics.Options{Region: c.region, Credentials: c.credentials, BaseEndpoint: c.endpoint, HTTPClient: c.http},
		nonNil(optFns)...)
}

// clientOptions are the options every client constructor of this package sets: the account's region (us-east-1
// without an account), static dummy credentials, base endpoint [Endpoint] and [HTTPClient](acct).
type clientOptions struct {
	region      string
	credentials aws.CredentialsProvider
	endpoint    *string
	http        Doer
}

func common(acct *kinesim.Account) clientOptions {
	o := clientOptions{region: "us-east-1", credentials: credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, ""),
		endpoint: aws.String(Endpoint), http: HTTPClient(acct)}
	if acct != nil {
		o.region = acct.Identity().Region
	}
	return o
}

// nonNil returns fns without its nil functions (a copy: the caller's slice is not changed).
func nonNil[F any](fns []func(F)) []func(F) {
	return slices.DeleteFunc(slices.Clone(fns), func(fn func(F)) bool { return fn == nil })
}
