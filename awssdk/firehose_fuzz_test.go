package awssdk_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/aws/smithy-go/encoding/cbor"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	fh "github.com/kinesim/kinesim/firehose"
)

// firehoseSeeds are request bodies of the Firehose operations, in the JSON the SDK sends.
var firehoseSeeds = []struct{ op, body string }{
	{"CreateDeliveryStream", `{"DeliveryStreamName":"t","ExtendedS3DestinationConfiguration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r","Prefix":"p/!{timestamp:yyyy}/","ErrorOutputPrefix":"e/!{firehose:error-output-type}/","BufferingHints":{"SizeInMBs":1,"IntervalInSeconds":0},"CompressionFormat":"GZIP","ProcessingConfiguration":{"Enabled":false}}}`},
	{"CreateDeliveryStream", `{"DeliveryStreamName":"u","S3DestinationConfiguration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r","EncryptionConfiguration":{"KMSEncryptionConfig":{"AWSKMSKeyARN":"k"}}},"Tags":[{"Key":"a","Value":"b"}]}`},
	{"CreateDeliveryStream", `{"DeliveryStreamName":"v","HttpEndpointDestinationConfiguration":{}}`},
	{"CreateDeliveryStream", `{"DeliveryStreamName":"w","ExtendedS3DestinationConfiguration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r","Prefix":"!{partitionKeyFromQuery:c}/","ErrorOutputPrefix":"e/!{firehose:error-output-type}/","ProcessingConfiguration":{"Enabled":true,"Processors":[{"Type":"MetadataExtraction","Parameters":[{"ParameterName":"MetadataExtractionQuery","ParameterValue":"{c: .c}"},{"ParameterName":"JsonParsingEngine","ParameterValue":"JQ-1.6"}]},{"Type":"Lambda","Parameters":[{"ParameterName":"LambdaArn","ParameterValue":"arn:aws:lambda:us-east-1:000000000000:function:f"}]}]},"DynamicPartitioningConfiguration":{"Enabled":true,"RetryOptions":{"DurationInSeconds":60}},"S3BackupMode":"Enabled","S3BackupConfiguration":{"BucketARN":"arn:aws:s3:::k","RoleARN":"arn:aws:iam::000000000000:role/r"}}}`},
	{"CreateDeliveryStream", `{"DeliveryStreamName":"x","ExtendedS3DestinationConfiguration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r","BufferingHints":{"SizeInMBs":64,"IntervalInSeconds":60},"DataFormatConversionConfiguration":{"InputFormatConfiguration":{"Deserializer":{"OpenXJsonSerDe":{"ColumnToJsonKeyMappings":{"a":"b"}},"HiveJsonSerDe":{"TimestampFormats":["millis"]}}},"OutputFormatConfiguration":{"Serializer":{"ParquetSerDe":{"BlockSizeBytes":67108864,"Compression":"SNAPPY"},"OrcSerDe":{"BloomFilterFalsePositiveProbability":0.05}}},"SchemaConfiguration":{"DatabaseName":"d","TableName":"t","RoleARN":"arn:aws:iam::000000000000:role/r"}}}}`},
	{"CreateDeliveryStream", `{"DeliveryStreamName":"y","DeliveryStreamType":"KinesisStreamAsSource","KinesisStreamSourceConfiguration":{"KinesisStreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s","RoleARN":"arn:aws:iam::000000000000:role/r"},"ExtendedS3DestinationConfiguration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r"}}`},
	{"CreateDeliveryStream", `{"DeliveryStreamName":"h","HttpEndpointDestinationConfiguration":{"EndpointConfiguration":{"Url":"https://e","AccessKey":"k"},"RequestConfiguration":{"ContentEncoding":"GZIP","CommonAttributes":[{"AttributeName":"a","AttributeValue":"b"}]},"BufferingHints":{"SizeInMBs":64,"IntervalInSeconds":0},"RetryOptions":{"DurationInSeconds":7200},"S3BackupMode":"AllData","S3Configuration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r"}}}`},
	{"CreateDeliveryStream", `{"DeliveryStreamName":"r","RedshiftDestinationConfiguration":{"ClusterJDBCURL":"jdbc:redshift://c:5439/d","CopyCommand":{"DataTableName":"t","DataTableColumns":"a,b","CopyOptions":"JSON 'auto'"},"Username":"u","Password":"p","RoleARN":"arn:aws:iam::000000000000:role/r","S3Configuration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r","CompressionFormat":"ZIP"},"RetryOptions":{"DurationInSeconds":0},"S3BackupMode":"Enabled","S3BackupConfiguration":{"BucketARN":"arn:aws:s3:::k","RoleARN":"arn:aws:iam::000000000000:role/r"}}}`},
	{"CreateDeliveryStream", `{"DeliveryStreamName":"o","AmazonopensearchserviceDestinationConfiguration":{"DomainARN":"arn:aws:es:us-east-1:000000000000:domain/d","IndexName":"i","IndexRotationPeriod":"OneWeek","DocumentIdOptions":{"DefaultDocumentIdFormat":"NO_DOCUMENT_ID"},"RoleARN":"arn:aws:iam::000000000000:role/r","S3BackupMode":"AllDocuments","S3Configuration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r"},"VpcConfiguration":{}}}`},
	{"CreateDeliveryStream", `{"DeliveryStreamName":"p","SplunkDestinationConfiguration":{"HECEndpoint":"https://s","HECEndpointType":"Event","HECToken":"t","HECAcknowledgmentTimeoutInSeconds":600,"BufferingHints":{"SizeInMBs":5,"IntervalInSeconds":60},"S3BackupMode":"AllEvents","S3Configuration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r"}}}`},
	{"CreateDeliveryStream", `{"DeliveryStreamName":"q","ElasticsearchDestinationConfiguration":{"ClusterEndpoint":"https://es","IndexName":"i","RoleARN":"arn:aws:iam::000000000000:role/r","S3Configuration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r"}}}`},
	{"UpdateDestination", `{"DeliveryStreamName":"s","CurrentDeliveryStreamVersionId":"1","DestinationId":"destinationId-000000000001","HttpEndpointDestinationUpdate":{"EndpointConfiguration":{"Url":"https://e"},"S3Update":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r"}}}`},
	{"UpdateDestination", `{"DeliveryStreamName":"s","CurrentDeliveryStreamVersionId":"1","DestinationId":"destinationId-000000000001","AmazonopensearchserviceDestinationUpdate":{"IndexName":"x"}}`},
	{"PutRecord", `{"DeliveryStreamName":"s","Record":{"Data":"AAE="}}`},
	{"PutRecordBatch", `{"DeliveryStreamName":"s","Records":[{"Data":"AAE="},{"Data":""}]}`},
	{"UpdateDestination", `{"DeliveryStreamName":"s","CurrentDeliveryStreamVersionId":"1","DestinationId":"destinationId-000000000001","ExtendedS3DestinationUpdate":{"Prefix":"","CustomTimeZone":"Asia/Tokyo","BufferingHints":{"SizeInMBs":2}}}`},
	{"UpdateDestination", `{"DeliveryStreamName":"s","CurrentDeliveryStreamVersionId":"1","DestinationId":"destinationId-000000000001","ExtendedS3DestinationUpdate":{"ProcessingConfiguration":{"Enabled":true,"Processors":[{"Type":"AppendDelimiterToRecord"}]},"S3BackupMode":"Enabled","S3BackupUpdate":{"BucketARN":"arn:aws:s3:::k"},"DynamicPartitioningConfiguration":{"Enabled":false}}}`},
	{"TagDeliveryStream", `{"DeliveryStreamName":"s","Tags":[{"Key":"k","Value":"v"}]}`},
	{"UntagDeliveryStream", `{"DeliveryStreamName":"s","TagKeys":["k"]}`},
	{"ListTagsForDeliveryStream", `{"DeliveryStreamName":"s","Limit":0}`},
	{"ListDeliveryStreams", `{"Limit":10000,"DeliveryStreamType":"DirectPut"}`},
	{"DescribeDeliveryStream", `{"DeliveryStreamName":"s","ExclusiveStartDestinationId":"a","Limit":1}`},
	{"StartDeliveryStreamEncryption", `{"DeliveryStreamName":"s","DeliveryStreamEncryptionConfigurationInput":{"KeyType":"CUSTOMER_MANAGED_CMK"}}`},
	{"StopDeliveryStreamEncryption", `{"DeliveryStreamName":"s"}`},
	{"DeleteDeliveryStream", `{"DeliveryStreamName":"s","AllowForceDelete":true}`},
	{"Nope", `{`},
}

// offline is an HTTP client that reaches no network: an HTTP endpoint destination a fuzzed input creates fails
// its deliveries instead of dialling out.
var offline = &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
	return nil, errors.New("offline: the fuzz tests reach no network")
})}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// firehoseHandler returns a handler of an account with one delivery stream, "s".
func firehoseHandler(f *testing.F) http.Handler {
	acct := kinesim.New(kinesim.WithClock(clock.NewManual(t0)), kinesim.WithSeed(1),
		kinesim.WithFirehoseOptions(fh.WithHTTPClient(offline)))
	f.Cleanup(func() { _ = acct.Close() })
	h := awssdk.Handler(acct)
	if status, _, msg, _ := post(f, h, "Firehose_20150804.CreateDeliveryStream", jsonType,
		[]byte(`{"DeliveryStreamName":"s","ExtendedS3DestinationConfiguration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r"}}`)); status != 200 {
		f.Fatalf("CreateDeliveryStream: %d %s", status, msg)
	}
	return h
}

// FuzzFirehoseJSONRequest sends an arbitrary body to an arbitrary Firehose operation (or an unknown one) of a
// handler with one delivery stream: the handler never panics and answers 200, or a 4xx/5xx with an AWS error
// body whose __type matches the X-Amzn-ErrorType header (post checks both).
func FuzzFirehoseJSONRequest(f *testing.F) {
	for _, op := range firehoseOperations {
		f.Add(op, []byte(`{"DeliveryStreamName":"s"}`))
	}
	for _, s := range firehoseSeeds {
		f.Add(s.op, []byte(s.body))
	}
	h := firehoseHandler(f)
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		status, _, _, _ := post(t, h, "Firehose_20150804."+op, jsonType, body)
		if status != http.StatusOK && (status < 400 || status > 599) {
			t.Fatalf("status %d", status)
		}
	})
}

// FuzzFirehoseCBORRequest sends an arbitrary body to an arbitrary Firehose operation as a Smithy RPCv2 CBOR
// request: the handler never panics and answers 200, or a 4xx/5xx whose body is a CBOR map with a string
// __type.
func FuzzFirehoseCBORRequest(f *testing.F) {
	for _, op := range firehoseOperations {
		f.Add(op, cbor.Encode(cbor.Map{"DeliveryStreamName": cbor.String("s")}))
	}
	f.Add("PutRecordBatch", cbor.Encode(cbor.Map{"DeliveryStreamName": cbor.String("s"), "Records": cbor.List{
		cbor.Map{"Data": cbor.Slice{1, 2}}, cbor.Map{"Data": cbor.Slice{}}}}))
	f.Add("CreateDeliveryStream", cbor.Encode(cbor.Map{"DeliveryStreamName": cbor.String("t"), "ExtendedS3DestinationConfiguration": cbor.Map{
		"BucketARN": cbor.String("arn:aws:s3:::b"), "RoleARN": cbor.String("arn:aws:iam::000000000000:role/r"),
		"BufferingHints": cbor.Map{"SizeInMBs": cbor.Uint(1), "IntervalInSeconds": cbor.Uint(0)}}}))
	f.Add("ListDeliveryStreams", []byte{0xbf, 0x9f, 0x9f, 0xff})
	h := firehoseHandler(f)
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/service/Firehose_20150804/operation/"+url.PathEscape(op), bytes.NewReader(body))
		r.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
		r.Header.Set("Content-Type", "application/cbor")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code == http.StatusOK {
			return
		}
		if w.Code < 400 || w.Code > 599 {
			t.Fatalf("status %d", w.Code)
		}
		v, err := cbor.Decode(w.Body.Bytes())
		m, ok := v.(cbor.Map)
		if err != nil || !ok {
			t.Fatalf("error body %x: %v", w.Body.Bytes(), err)
		}
		if _, ok := m["__type"].(cbor.String); !ok {
			t.Fatalf("error body without a string __type: %v", m)
		}
	})
}
