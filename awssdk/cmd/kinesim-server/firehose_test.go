package main

import (
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"
)

// The server serves Amazon Data Firehose beside Kinesis (awssdk.Handler registers both): the SDK's Firehose
// client over loopback creates a delivery stream, puts a record, and gets a typed error, with the account and
// region of the flags in the ARN and messages.
func TestServerServesFirehose(t *testing.T) {
	addr := startServer(t)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	c := firehose.New(firehose.Options{
		Region:       "eu-west-1",
		BaseEndpoint: aws.String("http://" + addr),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
		HTTPClient:   &http.Client{Transport: tr},
		Retryer:      aws.NopRetryer{},
	})
	ctx := t.Context()
	out, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{DeliveryStreamName: aws.String("orders"),
		ExtendedS3DestinationConfiguration: &types.ExtendedS3DestinationConfiguration{
			BucketARN: aws.String("arn:aws:s3:::bucket"), RoleARN: aws.String("arn:aws:iam::123456789012:role/firehose")}})
	if err != nil || aws.ToString(out.DeliveryStreamARN) != "arn:aws:firehose:eu-west-1:123456789012:deliverystream/orders" {
		t.Fatalf("CreateDeliveryStream: %v %+v", err, out)
	}
	put, err := c.PutRecord(ctx, &firehose.PutRecordInput{DeliveryStreamName: aws.String("orders"), Record: &types.Record{Data: []byte("x\n")}})
	if err != nil || aws.ToString(put.RecordId) == "" {
		t.Fatalf("PutRecord: %v %+v", err, put)
	}
	_, err = c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String("nope")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) || aws.ToString(nf.Message) != "Firehose nope under account 123456789012 not found." {
		t.Fatalf("DescribeDeliveryStream of a missing stream: %v", err)
	}
}
