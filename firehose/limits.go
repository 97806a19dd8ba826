package firehose

import "time"

// The limits of Direct PUT (Amazon Data Firehose Developer Guide, "Amazon Data Firehose quota",
// https://docs.aws.amazon.com/firehose/latest/dev/limits.html; API Reference, PutRecordBatch).
const (
	// MaxRecordSize is the largest record, 1,000 KiB before base64.
	MaxRecordSize = 1000 << 10
	// MaxBatchRecords is the most records of one PutRecordBatch.
	MaxBatchRecords = 500
	// MaxBatchBytes is the most data of one PutRecordBatch, 4 MiB.
	MaxBatchBytes = 4 << 20
	// MaxDeliveryStreamNameLength is the longest delivery stream name.
	MaxDeliveryStreamNameLength = 64
	// MaxTags is the most tags a delivery stream has (50, API Reference, TagDeliveryStream).
	MaxTags = 50
	// DestinationID is the id of a delivery stream's only destination.
	DestinationID = "destinationId-000000000001"
)

// The S3 destination's buffering (API Reference, BufferingHints; Developer Guide, "Configure buffering hints").
const (
	DefaultSizeInMBs                           = 5
	DefaultIntervalInSeconds                   = 300
	MinSizeInMBs, MaxSizeInMBs                 = 1, 128
	MinIntervalInSeconds, MaxIntervalInSeconds = 0, 900
)

// S3RetryDuration is how long Firehose retries an S3 delivery: "up to 24 hours", the most it keeps data
// (Developer Guide, "Understand data delivery": "Data delivery to Amazon S3").
const S3RetryDuration = 24 * time.Hour

// DefaultAttemptTimeout is how long one PutObject may take before kinesim counts it failed. AWS does not document
// it; one minute is kinesim's choice.
const DefaultAttemptTimeout = time.Minute

// Backoff of failed deliveries: AWS documents it only for the HTTP endpoint destination (1 s, doubling, capped at
// 2 minutes; Developer Guide, "Understand data delivery"); kinesim applies it to S3 as well, without jitter so that
// runs repeat.
const (
	RetryBackoffStart = time.Second
	RetryBackoffMax   = 2 * time.Minute
)

// Limits are the Direct PUT throughput quotas of a delivery stream, shared by PutRecord and PutRecordBatch.
type Limits struct {
	RecordsPerSecond  int
	RequestsPerSecond int
	BytesPerSecond    int
}

// RegionLimits returns the quotas of the region: 500,000 records/s, 2,000 requests/s and 5 MiB/s in us-east-1,
// us-west-2 and eu-west-1; 100,000 records/s, 1,000 requests/s and 1 MiB/s elsewhere (Developer Guide, "Amazon
// Data Firehose quota").
func RegionLimits(region string) Limits {
	switch region {
	case "us-east-1", "us-west-2", "eu-west-1":
		return Limits{RecordsPerSecond: 500000, RequestsPerSecond: 2000, BytesPerSecond: 5 << 20}
	}
	return Limits{RecordsPerSecond: 100000, RequestsPerSecond: 1000, BytesPerSecond: 1 << 20}
}
