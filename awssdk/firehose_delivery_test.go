package awssdk_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"

	"github.com/kinesim/kinesim"
	fh "github.com/kinesim/kinesim/firehose"
)

// A delivery stream created through the SDK with an ExtendedS3 destination (GZIP, a custom prefix) delivers the
// records of PutRecordBatch calls, concatenated with no delimiter, as one object of the account's memory store
// under the key AWS's naming gives it: <prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>.gz, the time that
// of the oldest record (Developer Guide, "Configure Amazon S3 object name format"; "Custom prefixes for Amazon S3
// objects"). Firehose has no flush operation: the test flushes through the Go API, acct.Firehose().Flush. The
// UUID is drawn from the account's seed, so the key is exact.
func TestSDKPutRecordBatchIsDeliveredUnderItsExactKey(t *testing.T) {
	for _, p := range firehoseProtocols {
		t.Run(p.name, func(t *testing.T) {
			acct, c := newFirehose(t, p.opt)
			ctx := t.Context()
			dest := s3Destination()
			dest.Prefix = aws.String("orders/!{timestamp:yyyy}/")
			dest.ErrorOutputPrefix = aws.String("errors/!{firehose:error-output-type}/")
			dest.CompressionFormat = types.CompressionFormatGzip
			if _, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{DeliveryStreamName: aws.String("orders"),
				ExtendedS3DestinationConfiguration: dest}); err != nil {
				t.Fatalf("CreateDeliveryStream: %v", err)
			}
			var want bytes.Buffer
			for batch := range 3 {
				recs := make([]types.Record, 100)
				for i := range recs {
					recs[i].Data = fmt.Appendf(nil, `{"batch":%d,"i":%d}`+"\n", batch, i)
					want.Write(recs[i].Data)
				}
				out, err := c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("orders"), Records: recs})
				if err != nil || aws.ToInt32(out.FailedPutCount) != 0 || len(out.RequestResponses) != 100 || aws.ToString(out.RequestResponses[0].RecordId) == "" {
					t.Fatalf("PutRecordBatch: %v %+v", err, out)
				}
			}
			if err := acct.Firehose().Flush(ctx, "orders"); err != nil {
				t.Fatalf("Flush: %v", err)
			}
			keys := acct.Firehose().Store().Keys("bucket", "")
			const key = "orders/2026/orders-1-2026-01-02-03-04-05-" + firstUUID + ".gz"
			if len(keys) != 1 || keys[0] != key {
				t.Fatalf("keys %q, want [%q]", keys, key)
			}
			body, _ := acct.Firehose().Store().Get("bucket", key)
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("gzip: %v", err)
			}
			got, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("object holds %d bytes (%v), want the %d bytes put", len(got), err, want.Len())
			}
		})
	}
}

// firstUUID is the UUID of the first object of an account seeded with 1 that first took 300 records (the record
// ids and the object UUIDs are drawn from one seeded generator, in call order).
const firstUUID = "87f4da2c-5101-44bd-a79d-9ce651ddbf8b"

// DescribeDeliveryStream's output decodes into the SDK's shapes: the status, type, ARN, version, timestamps
// (epoch seconds in JSON, tag 1 in CBOR), the destination with its defaults filled in (5 MiB, 300 s,
// UNCOMPRESSED, no object encryption) and the stream's encryption; UpdateDestination bumps the version and
// changes only the members it sets.
func TestSDKDescribesADeliveryStreamAsAWSDoes(t *testing.T) {
	for _, p := range firehoseProtocols {
		t.Run(p.name, func(t *testing.T) {
			acct, c := newFirehose(t, p.opt)
			ctx := t.Context()
			if _, err := c.CreateDeliveryStream(ctx, &firehose.CreateDeliveryStreamInput{DeliveryStreamName: aws.String("orders"),
				ExtendedS3DestinationConfiguration: s3Destination(),
				DeliveryStreamEncryptionConfigurationInput: &types.DeliveryStreamEncryptionConfigurationInput{
					KeyType: types.KeyTypeCustomerManagedCmk, KeyARN: aws.String("arn:aws:kms:us-east-1:000000000000:key/k")}}); err != nil {
				t.Fatalf("CreateDeliveryStream: %v", err)
			}
			out, err := c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String("orders")})
			if err != nil {
				t.Fatalf("DescribeDeliveryStream: %v", err)
			}
			d := out.DeliveryStreamDescription
			if aws.ToString(d.DeliveryStreamARN) != "arn:aws:firehose:us-east-1:000000000000:deliverystream/orders" ||
				aws.ToString(d.DeliveryStreamName) != "orders" || d.DeliveryStreamStatus != types.DeliveryStreamStatusActive ||
				d.DeliveryStreamType != types.DeliveryStreamTypeDirectPut || aws.ToString(d.VersionId) != "1" ||
				aws.ToBool(d.HasMoreDestinations) || !aws.ToTime(d.CreateTimestamp).Equal(t0) || !aws.ToTime(d.LastUpdateTimestamp).Equal(t0) {
				t.Errorf("description %+v", d)
			}
			if e := d.DeliveryStreamEncryptionConfiguration; e == nil || e.Status != types.DeliveryStreamEncryptionStatusEnabled ||
				e.KeyType != types.KeyTypeCustomerManagedCmk || aws.ToString(e.KeyARN) != "arn:aws:kms:us-east-1:000000000000:key/k" {
				t.Errorf("encryption %+v", e)
			}
			if len(d.Destinations) != 1 {
				t.Fatalf("destinations %+v", d.Destinations)
			}
			dd := d.Destinations[0]
			x := dd.ExtendedS3DestinationDescription
			if aws.ToString(dd.DestinationId) != fh.DestinationID || x == nil || aws.ToString(x.BucketARN) != "arn:aws:s3:::bucket" ||
				aws.ToString(x.RoleARN) != "arn:aws:iam::000000000000:role/firehose" || x.CompressionFormat != types.CompressionFormatUncompressed ||
				x.BufferingHints == nil || aws.ToInt32(x.BufferingHints.SizeInMBs) != 5 || aws.ToInt32(x.BufferingHints.IntervalInSeconds) != 300 ||
				x.EncryptionConfiguration == nil || x.EncryptionConfiguration.NoEncryptionConfig != types.NoEncryptionConfigNoEncryption ||
				x.S3BackupMode != types.S3BackupModeDisabled || x.Prefix != nil {
				t.Errorf("extended S3 description %+v", x)
			}
			if s := dd.S3DestinationDescription; s == nil || aws.ToString(s.BucketARN) != "arn:aws:s3:::bucket" || aws.ToInt32(s.BufferingHints.SizeInMBs) != 5 {
				t.Errorf("S3 description %+v", s)
			}

			acct.Clock().(interface{ Advance(time.Duration) }).Advance(90 * time.Second)
			if _, err := c.UpdateDestination(ctx, &firehose.UpdateDestinationInput{DeliveryStreamName: aws.String("orders"),
				CurrentDeliveryStreamVersionId: d.VersionId, DestinationId: dd.DestinationId,
				ExtendedS3DestinationUpdate: &types.ExtendedS3DestinationUpdate{
					Prefix: aws.String("logs/"), BufferingHints: &types.BufferingHints{SizeInMBs: aws.Int32(64), IntervalInSeconds: aws.Int32(60)},
					CompressionFormat: types.CompressionFormatSnappy}}); err != nil {
				t.Fatalf("UpdateDestination: %v", err)
			}
			out, err = c.DescribeDeliveryStream(ctx, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String("orders")})
			if err != nil {
				t.Fatalf("DescribeDeliveryStream: %v", err)
			}
			d = out.DeliveryStreamDescription
			x = d.Destinations[0].ExtendedS3DestinationDescription
			if aws.ToString(d.VersionId) != "2" || !aws.ToTime(d.LastUpdateTimestamp).Equal(t0.Add(90*time.Second)) || !aws.ToTime(d.CreateTimestamp).Equal(t0) ||
				aws.ToString(x.Prefix) != "logs/" || aws.ToInt32(x.BufferingHints.SizeInMBs) != 64 || aws.ToInt32(x.BufferingHints.IntervalInSeconds) != 60 ||
				x.CompressionFormat != types.CompressionFormatSnappy || aws.ToString(x.BucketARN) != "arn:aws:s3:::bucket" {
				t.Errorf("after UpdateDestination: %+v %+v", d, x)
			}
		})
	}
}

// One client is safe for concurrent use, and so is the handler: producers putting batches at once through one
// *firehose.Client lose and duplicate nothing (run under -race). Every record put is in the delivered objects
// exactly once.
func TestSDKConcurrentPutRecordBatchLosesNothing(t *testing.T) {
	acct, c := newFirehose(t, nil, kinesim.WithFirehoseOptions(fh.WithThrottling(false)))
	ctx := t.Context()
	createOrders(t, c)
	const producers, batches, per = 4, 10, 50
	var wg sync.WaitGroup
	errs := make(chan error, producers)
	for p := range producers {
		wg.Go(func() {
			for b := range batches {
				recs := make([]types.Record, per)
				for i := range recs {
					recs[i].Data = fmt.Appendf(nil, "%d-%d-%d\n", p, b, i)
				}
				out, err := c.PutRecordBatch(ctx, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("orders"), Records: recs})
				if err == nil && aws.ToInt32(out.FailedPutCount) != 0 {
					err = fmt.Errorf("%d records failed", aws.ToInt32(out.FailedPutCount))
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("PutRecordBatch: %v", err)
	}
	if err := acct.Firehose().Flush(ctx, "orders"); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	seen := map[string]int{}
	for _, obj := range acct.Firehose().Store().Objects("bucket") {
		for _, line := range strings.Split(strings.TrimSuffix(string(obj.Body), "\n"), "\n") {
			seen[line]++
		}
	}
	if len(seen) != producers*batches*per {
		t.Fatalf("%d distinct records delivered, want %d", len(seen), producers*batches*per)
	}
	for line, n := range seen {
		if n != 1 {
			t.Fatalf("record %q delivered %d times", line, n)
		}
	}
}
