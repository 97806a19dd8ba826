package awssdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"

	"github.com/kinesim/kinesim"
	fh "github.com/kinesim/kinesim/firehose"
)

// sdkS3 is the S3 configuration of the destinations other than S3.
func sdkS3() *types.S3DestinationConfiguration {
	return &types.S3DestinationConfiguration{BucketARN: aws.String("arn:aws:s3:::bucket"),
		RoleARN: aws.String("arn:aws:iam::000000000000:role/firehose")}
}

// recordingEndpoint answers as the developer guide's HTTP endpoint specification asks, keeping the records.
type recordingEndpoint struct {
	mu      sync.Mutex
	records []string
	header  http.Header
}

func (h *recordingEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body struct {
		RequestID string `json:"requestId"`
		Timestamp int64  `json:"timestamp"`
		Records   []struct {
			Data []byte `json:"data"`
		} `json:"records"`
	}
	_ = json.NewDecoder(r.Body).Decode(&body)
	h.mu.Lock()
	h.header = r.Header.Clone()
	for _, rec := range body.Records {
		h.records = append(h.records, string(rec.Data))
	}
	h.mu.Unlock()
	_ = json.NewEncoder(w).Encode(map[string]any{"requestId": body.RequestID, "timestamp": body.Timestamp})
}

type sdkCluster struct {
	mu     sync.Mutex
	tables map[string][]string
}

func (c *sdkCluster) Copy(_ context.Context, cmd fh.CopyCommand) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, o := range cmd.Objects {
		c.tables[cmd.Table] = append(c.tables[cmd.Table], strings.Split(strings.TrimSpace(string(o.Body)), "\n")...)
	}
	return nil
}

const sdkJDBC = "jdbc:redshift://c.abc.us-east-1.redshift.amazonaws.com:5439/dev"

// Each destination of the engine is created, described, updated and delivered to through the unmodified SDK
// client, in both of its protocols: HTTP endpoint, Redshift, OpenSearch Service, Elasticsearch and Splunk.
func TestSDKCreatesDescribesUpdatesAndDeliversToEveryDestination(t *testing.T) {
	for _, p := range firehoseProtocols {
		t.Run(p.name, func(t *testing.T) {
			ep := &recordingEndpoint{}
			cl := &sdkCluster{tables: map[string][]string{}}
			os := fh.NewMemoryOpenSearch()
			hec := fh.NewMemorySplunk()
			acct, c := newFirehose(t, p.opt, kinesim.WithFirehoseOptions(
				fh.WithHTTPEndpoint("https://collector.example.com", ep), fh.WithRedshiftCluster(sdkJDBC, cl),
				fh.WithOpenSearchDomain("arn:aws:es:us-east-1:000000000000:domain/logs", os),
				fh.WithSplunkHEC("https://splunk.example.com:8088", hec)))
			ctx := t.Context()
			role := aws.String("arn:aws:iam::000000000000:role/firehose")
			creates := map[string]*firehose.CreateDeliveryStreamInput{
				"http": {HttpEndpointDestinationConfiguration: &types.HttpEndpointDestinationConfiguration{
					EndpointConfiguration: &types.HttpEndpointConfiguration{Url: aws.String("https://collector.example.com"), Name: aws.String("c"), AccessKey: aws.String("k")},
					RequestConfiguration: &types.HttpEndpointRequestConfiguration{ContentEncoding: types.ContentEncodingNone,
						CommonAttributes: []types.HttpEndpointCommonAttribute{{AttributeName: aws.String("a"), AttributeValue: aws.String("b")}}},
					S3Configuration: sdkS3()}},
				"redshift": {RedshiftDestinationConfiguration: &types.RedshiftDestinationConfiguration{ClusterJDBCURL: aws.String(sdkJDBC),
					CopyCommand: &types.CopyCommand{DataTableName: aws.String("orders"), CopyOptions: aws.String("JSON 'auto'")},
					Username:    aws.String("u"), Password: aws.String("p"), RoleARN: role, S3Configuration: sdkS3()}},
				"opensearch": {AmazonopensearchserviceDestinationConfiguration: &types.AmazonopensearchserviceDestinationConfiguration{
					DomainARN: aws.String("arn:aws:es:us-east-1:000000000000:domain/logs"), IndexName: aws.String("logs"),
					IndexRotationPeriod: types.AmazonopensearchserviceIndexRotationPeriodNoRotation, RoleARN: role, S3Configuration: sdkS3()}},
				"elasticsearch": {ElasticsearchDestinationConfiguration: &types.ElasticsearchDestinationConfiguration{
					DomainARN: aws.String("arn:aws:es:us-east-1:000000000000:domain/logs"), IndexName: aws.String("legacy"),
					IndexRotationPeriod: types.ElasticsearchIndexRotationPeriodNoRotation, RoleARN: role, S3Configuration: sdkS3()}},
				"splunk": {SplunkDestinationConfiguration: &types.SplunkDestinationConfiguration{HECEndpoint: aws.String("https://splunk.example.com:8088"),
					HECEndpointType: types.HECEndpointTypeRaw, HECToken: aws.String("t"), S3Configuration: sdkS3()}},
			}
			for name, in := range creates {
				in.DeliveryStreamName = aws.String(name)
				if _, err := c.CreateDeliveryStream(ctx, in); err != nil {
					t.Fatalf("create %s: %v", name, err)
				}
				if _, err := c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String(name),
					Records: []types.Record{{Data: []byte(`{"n":1}` + "\n")}, {Data: []byte(`{"n":2}` + "\n")}}}); err != nil {
					t.Fatalf("put %s: %v", name, err)
				}
				if err := acct.Firehose().Flush(ctx, name); err != nil {
					t.Fatal(err)
				}
			}
			if len(ep.records) != 2 || ep.header.Get("X-Amz-Firehose-Common-Attributes") != `{"commonAttributes":{"a":"b"}}` {
				t.Errorf("HTTP endpoint got %q, headers %v", ep.records, ep.header)
			}
			if rows := cl.tables["orders"]; len(rows) != 2 {
				t.Errorf("Redshift rows %q", rows)
			}
			if docs := os.Documents("logs"); len(docs) != 2 {
				t.Errorf("OpenSearch documents %v", docs)
			}
			if evs := hec.Events(); len(evs) != 2 {
				t.Errorf("Splunk events %v", evs)
			}
			if docs := os.Documents("legacy"); len(docs) != 2 {
				t.Errorf("Elasticsearch documents %v", docs)
			}

			describe := func(name string) types.DestinationDescription {
				out, err := c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String(name)})
				if err != nil {
					t.Fatalf("describe %s: %v", name, err)
				}
				return out.DeliveryStreamDescription.Destinations[0]
			}
			if d := describe("http").HttpEndpointDestinationDescription; d == nil || aws.ToString(d.EndpointConfiguration.Url) != "https://collector.example.com" ||
				aws.ToInt32(d.BufferingHints.SizeInMBs) != 5 || aws.ToInt32(d.RetryOptions.DurationInSeconds) != 300 || d.S3BackupMode != types.HttpEndpointS3BackupModeFailedDataOnly ||
				aws.ToString(d.S3DestinationDescription.BucketARN) != "arn:aws:s3:::bucket" {
				t.Errorf("http description %+v", d)
			}
			if d := describe("redshift").RedshiftDestinationDescription; d == nil || aws.ToString(d.CopyCommand.DataTableName) != "orders" ||
				aws.ToInt32(d.RetryOptions.DurationInSeconds) != 3600 || d.S3BackupMode != types.RedshiftS3BackupModeDisabled {
				t.Errorf("redshift description %+v", d)
			}
			if d := describe("opensearch").AmazonopensearchserviceDestinationDescription; d == nil || aws.ToString(d.IndexName) != "logs" ||
				d.IndexRotationPeriod != types.AmazonopensearchserviceIndexRotationPeriodNoRotation || d.DocumentIdOptions.DefaultDocumentIdFormat != types.DefaultDocumentIdFormatFirehoseDefault {
				t.Errorf("opensearch description %+v", d)
			}
			if d := describe("splunk").SplunkDestinationDescription; d == nil || aws.ToInt32(d.HECAcknowledgmentTimeoutInSeconds) != 180 ||
				aws.ToInt32(d.BufferingHints.IntervalInSeconds) != 60 || d.S3BackupMode != types.SplunkS3BackupModeFailedEventsOnly {
				t.Errorf("splunk description %+v", d)
			}

			update := func(name string, in firehose.UpdateDestinationInput) {
				in.DeliveryStreamName, in.CurrentDeliveryStreamVersionId, in.DestinationId = aws.String(name), aws.String("1"), aws.String(fh.DestinationID)
				if _, err := c.UpdateDestination(ctx, &in); err != nil {
					t.Fatalf("update %s: %v", name, err)
				}
			}
			update("http", firehose.UpdateDestinationInput{HttpEndpointDestinationUpdate: &types.HttpEndpointDestinationUpdate{
				RetryOptions: &types.HttpEndpointRetryOptions{DurationInSeconds: aws.Int32(60)}}})
			update("redshift", firehose.UpdateDestinationInput{RedshiftDestinationUpdate: &types.RedshiftDestinationUpdate{
				CopyCommand: &types.CopyCommand{DataTableName: aws.String("orders2")}}})
			update("opensearch", firehose.UpdateDestinationInput{AmazonopensearchserviceDestinationUpdate: &types.AmazonopensearchserviceDestinationUpdate{
				IndexRotationPeriod: types.AmazonopensearchserviceIndexRotationPeriodOneDay}})
			update("elasticsearch", firehose.UpdateDestinationInput{ElasticsearchDestinationUpdate: &types.ElasticsearchDestinationUpdate{
				TypeName: aws.String("_doc")}})
			if d := describe("elasticsearch").ElasticsearchDestinationDescription; d == nil || aws.ToString(d.TypeName) != "_doc" || aws.ToString(d.IndexName) != "legacy" {
				t.Errorf("elasticsearch after update %+v", d)
			}
			update("splunk", firehose.UpdateDestinationInput{SplunkDestinationUpdate: &types.SplunkDestinationUpdate{
				HECAcknowledgmentTimeoutInSeconds: aws.Int32(300)}})
			if d := describe("http").HttpEndpointDestinationDescription; aws.ToInt32(d.RetryOptions.DurationInSeconds) != 60 || aws.ToString(d.EndpointConfiguration.Name) != "c" {
				t.Errorf("http after update %+v", d)
			}
			if d := describe("redshift").RedshiftDestinationDescription; aws.ToString(d.CopyCommand.DataTableName) != "orders2" || aws.ToString(d.ClusterJDBCURL) != sdkJDBC {
				t.Errorf("redshift after update %+v", d)
			}
			if d := describe("opensearch").AmazonopensearchserviceDestinationDescription; d.IndexRotationPeriod != types.AmazonopensearchserviceIndexRotationPeriodOneDay {
				t.Errorf("opensearch after update %+v", d)
			}
			if d := describe("splunk").SplunkDestinationDescription; aws.ToInt32(d.HECAcknowledgmentTimeoutInSeconds) != 300 {
				t.Errorf("splunk after update %+v", d)
			}
			// Switching to OpenSearch from another kind is refused (API Reference, UpdateDestination).
			_, err := c.UpdateDestination(ctx, &firehose.UpdateDestinationInput{DeliveryStreamName: aws.String("splunk"),
				CurrentDeliveryStreamVersionId: aws.String("2"), DestinationId: aws.String(fh.DestinationID),
				AmazonopensearchserviceDestinationUpdate: &types.AmazonopensearchserviceDestinationUpdate{IndexName: aws.String("x")}})
			var ia *types.InvalidArgumentException
			if !errors.As(err, &ia) {
				t.Errorf("Splunk → OpenSearch: %v", err)
			}
		})
	}
}
