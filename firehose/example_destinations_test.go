package firehose_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/firehose"
)

// An HTTP endpoint destination delivers to an http.Handler in process: it gets AWS's request, and answers with
// the requestId to acknowledge it.
func ExampleWithHTTPEndpoint() {
	ctx := context.Background()
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			RequestID string `json:"requestId"`
			Timestamp int64  `json:"timestamp"`
			Records   []struct {
				Data []byte `json:"data"`
			} `json:"records"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		for _, rec := range body.Records {
			fmt.Printf("%s %s\n", r.Header.Get("X-Amz-Firehose-Common-Attributes"), rec.Data)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"requestId": body.RequestID, "timestamp": body.Timestamp})
	})
	e := firehose.New(firehose.WithClock(clock.NewManual(time.Date(2026, 7, 13, 14, 30, 0, 0, time.UTC))),
		firehose.WithHTTPEndpoint("https://collector.example.com/v1", handler))
	defer e.Close()
	_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: "events",
		HttpEndpointDestinationConfiguration: &firehose.HttpEndpointDestinationConfiguration{
			EndpointConfiguration: &firehose.HttpEndpointConfiguration{Url: "https://collector.example.com/v1"},
			RequestConfiguration: &firehose.HttpEndpointRequestConfiguration{
				CommonAttributes: []firehose.HttpEndpointCommonAttribute{{AttributeName: "env", AttributeValue: "prod"}}},
			S3Configuration: &firehose.S3DestinationConfiguration{BucketARN: "arn:aws:s3:::failed",
				RoleARN: "arn:aws:iam::000000000000:role/firehose"},
		},
	})
	if err != nil {
		panic(err)
	}
	_, _ = e.PutRecordBatch(ctx, firehose.PutRecordBatchInput{DeliveryStreamName: "events",
		Records: []firehose.Record{{Data: []byte("click")}, {Data: []byte("view")}}})
	_ = e.Flush(ctx, "events")
	m, _ := e.Metrics("events")
	fmt.Println("delivered:", m.DeliveryToHttpEndpoint.Records, "success:", m.DeliveryToHttpEndpoint.Success())
	// Output:
	// {"commonAttributes":{"env":"prod"}} click
	// {"commonAttributes":{"env":"prod"}} view
	// delivered: 2 success: 1
}

// An OpenSearch destination indexes each record into the index of its arrival hour.
func ExampleMemoryOpenSearch() {
	ctx := context.Background()
	domain := firehose.NewMemoryOpenSearch()
	const arn = "arn:aws:es:us-east-1:000000000000:domain/logs"
	e := firehose.New(firehose.WithClock(clock.NewManual(time.Date(2026, 7, 13, 14, 30, 0, 0, time.UTC))),
		firehose.WithOpenSearchDomain(arn, domain))
	defer e.Close()
	_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: "logs",
		AmazonopensearchserviceDestinationConfiguration: &firehose.AmazonopensearchserviceDestinationConfiguration{
			DomainARN: arn, IndexName: "logs", IndexRotationPeriod: firehose.OneHour,
			DocumentIdOptions: &firehose.DocumentIdOptions{DefaultDocumentIdFormat: firehose.NoDocumentID},
			RoleARN:           "arn:aws:iam::000000000000:role/firehose",
			S3Configuration: &firehose.S3DestinationConfiguration{BucketARN: "arn:aws:s3:::failed",
				RoleARN: "arn:aws:iam::000000000000:role/firehose"},
		},
	})
	if err != nil {
		panic(err)
	}
	_, _ = e.PutRecord(ctx, firehose.PutRecordInput{DeliveryStreamName: "logs", Record: firehose.Record{Data: []byte(`{"level":"warn"}`)}})
	_ = e.Flush(ctx, "logs")
	for _, d := range domain.Documents("logs-2026-07-13-14") {
		fmt.Println(d.ID, string(d.Source))
	}
	// Output:
	// auto-1 {"level":"warn"}
}

// A Splunk destination sends each buffer to the HTTP Event Collector and waits for its acknowledgement.
func ExampleMemorySplunk() {
	ctx := context.Background()
	hec := firehose.NewMemorySplunk()
	e := firehose.New(firehose.WithClock(clock.NewManual(time.Date(2026, 7, 13, 14, 30, 0, 0, time.UTC))),
		firehose.WithSplunkHEC("https://splunk.example.com:8088", hec))
	defer e.Close()
	_, err := e.CreateDeliveryStream(ctx, firehose.CreateDeliveryStreamInput{
		DeliveryStreamName: "audit",
		SplunkDestinationConfiguration: &firehose.SplunkDestinationConfiguration{
			HECEndpoint: "https://splunk.example.com:8088", HECEndpointType: firehose.HECEvent, HECToken: "token",
			S3Configuration: &firehose.S3DestinationConfiguration{BucketARN: "arn:aws:s3:::failed",
				RoleARN: "arn:aws:iam::000000000000:role/firehose"},
		},
	})
	if err != nil {
		panic(err)
	}
	_, _ = e.PutRecord(ctx, firehose.PutRecordInput{DeliveryStreamName: "audit", Record: firehose.Record{Data: []byte(`{"event":"login"}`)}})
	_ = e.Flush(ctx, "audit")
	for _, ev := range hec.Events() {
		fmt.Println(string(ev.Data))
	}
	// Output:
	// {"event":"login"}
}
