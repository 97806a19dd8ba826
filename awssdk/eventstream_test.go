package awssdk_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/schemas"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/awssdk/internal/wire"
)

// The wire shapes of a test SubscribeToShard (the model's SubscribeToShardInput and SubscribeToShardEvent).
type subscribeInput struct {
	ConsumerARN string `json:"ConsumerARN"`
	ShardId     string `json:"ShardId"`
}

type subscribeEvent struct {
	Records                    []subscribeRecord `json:"Records"`
	ContinuationSequenceNumber string            `json:"ContinuationSequenceNumber"`
	MillisBehindLatest         int64             `json:"MillisBehindLatest"`
}

type subscribeRecord struct {
	SequenceNumber              string         `json:"SequenceNumber"`
	ApproximateArrivalTimestamp wire.Timestamp `json:"ApproximateArrivalTimestamp"`
	Data                        []byte         `json:"Data"`
	PartitionKey                string         `json:"PartitionKey"`
}

// fakeSubscribe serves a SubscribeToShard that refuses an unknown consumer before streaming, then streams three
// events and ends with the error of the shard "shardId-fail" (or cleanly).
func fakeSubscribe(ctx context.Context, in *subscribeInput, w *wire.EventWriter) error {
	if in.ConsumerARN != "arn:consumer" {
		return apierr.ResourceNotFound.New("Consumer %s not found.", in.ConsumerARN)
	}
	for i := range 3 {
		ev := &subscribeEvent{
			Records:                    []subscribeRecord{{SequenceNumber: fmt.Sprint(i + 1), ApproximateArrivalTimestamp: wire.At(t0), Data: []byte{byte(i), 0xff}, PartitionKey: "k"}},
			ContinuationSequenceNumber: fmt.Sprint(i + 1),
			MillisBehindLatest:         int64(2 - i),
		}
		if err := w.Send("SubscribeToShardEvent", ev); err != nil {
			return err
		}
	}
	if in.ShardId == "shardId-fail" {
		return apierr.ResourceInUse.New("Another active subscription exists for this consumer.")
	}
	return nil
}

// The SDK's SubscribeToShard reads an event stream served by wire.EventStream, in process and over h2c, in both
// protocols:
// the initial response, the events in order with their records (blobs and timestamps intact), then the end of
// the stream or a typed exception on Err (AWS event stream exceptions, :exception-type); a call refused before
// streaming is an ordinary typed error. (The engine's SubscribeToShard will be served the same way.)
func TestSDKReadsAnEventStream(t *testing.T) {
	h := wire.NewMux(&wire.Service{Target: awssdk.KinesisTarget, Ops: map[string]wire.Op{"SubscribeToShard": wire.EventStream(fakeSubscribe)}})
	// The same handler behind a cleartext HTTP/2 server, as cmd/kinesim-server serves it.
	srv := httptest.NewUnstartedServer(h)
	srv.Config.Protocols = new(http.Protocols)
	srv.Config.Protocols.SetHTTP1(true)
	srv.Config.Protocols.SetUnencryptedHTTP2(true)
	srv.Start()
	defer srv.Close()
	h2c := &http.Transport{Protocols: new(http.Protocols)}
	h2c.Protocols.SetUnencryptedHTTP2(true)
	defer h2c.CloseIdleConnections()
	inProcess := func(o *kinesis.Options) {}
	overH2C := func(o *kinesis.Options) {
		o.BaseEndpoint, o.HTTPClient = aws.String(srv.URL), &http.Client{Transport: h2c}
	}
	cbor := func(o *kinesis.Options) { o.Protocol = rpcv2.NewCBOR(schemas.Kinesis_20131202) }
	for _, tc := range []struct {
		name string
		opts []func(*kinesis.Options)
	}{{"json", nil}, {"rpcv2cbor", []func(*kinesis.Options){cbor}}, {"json-h2c", []func(*kinesis.Options){overH2C}}, {"rpcv2cbor-h2c", []func(*kinesis.Options){overH2C, cbor}}} {
		t.Run(tc.name, func(t *testing.T) {
			c := kinesis.New(kinesis.Options{Region: "us-east-1", BaseEndpoint: aws.String(awssdk.Endpoint), Retryer: aws.NopRetryer{},
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""), HTTPClient: awssdk.InProcess(h)}, append([]func(*kinesis.Options){inProcess}, tc.opts...)...)
			ctx := t.Context()
			_, err := c.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: aws.String("arn:other"), ShardId: aws.String("s"),
				StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
			var nf *types.ResourceNotFoundException
			if !errors.As(err, &nf) || aws.ToString(nf.Message) != "Consumer arn:other not found." {
				t.Fatalf("unknown consumer: %v", err)
			}
			for _, shard := range []string{"shardId-ok", "shardId-fail"} {
				out, err := c.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: aws.String("arn:consumer"), ShardId: aws.String(shard),
					StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
				if err != nil {
					t.Fatalf("%s: %v", shard, err)
				}
				s := out.GetStream()
				n := 0
				for ev := range s.Events() {
					e, ok := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
					if !ok {
						t.Fatalf("%s: event %T", shard, ev)
					}
					v := e.Value
					n++
					if aws.ToString(v.ContinuationSequenceNumber) != fmt.Sprint(n) || aws.ToInt64(v.MillisBehindLatest) != int64(3-n) || len(v.Records) != 1 ||
						aws.ToString(v.Records[0].SequenceNumber) != fmt.Sprint(n) || !v.Records[0].ApproximateArrivalTimestamp.Equal(t0) ||
						string(v.Records[0].Data) != string([]byte{byte(n - 1), 0xff}) {
						t.Fatalf("%s: event %d: %+v", shard, n, v)
					}
				}
				if n != 3 {
					t.Fatalf("%s: %d events", shard, n)
				}
				var inUse *types.ResourceInUseException
				switch err := s.Err(); {
				case shard == "shardId-ok" && err != nil:
					t.Fatalf("%s: stream error %v", shard, err)
				case shard == "shardId-fail" && (!errors.As(err, &inUse) || aws.ToString(inUse.Message) != "Another active subscription exists for this consumer."):
					t.Fatalf("%s: stream error %v", shard, err)
				}
				s.Close()
			}
		})
	}
}
