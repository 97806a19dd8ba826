package workload

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/stream"
)

// The SDK comparison: PutRecords of SDKBatchRecords records of SDKRecordBytes bytes each, through the same
// aws-sdk-go-v2 *kinesis.Client, in process (kinesim through awssdk.NewKinesisClient) or over loopback HTTP
// (kinesalite), into a stream of SDKShards shards.
const (
	SDKBatchRecords = 500
	SDKRecordBytes  = 100
	SDKShards       = 4
	sdkStream       = "sdk-bench"
)

// OpenSDKClient returns an SDK client of system ([Kinesim] or [Kinesalite]) with the comparison's stream ACTIVE,
// and a function that releases the system. kinesim runs with throttling off (kinesalite enforces no throughput
// limit either); kinesalite runs as a child process (see [StartKinesalite]).
func OpenSDKClient(ctx context.Context, system string) (*kinesis.Client, func(), error) {
	var (
		c    *kinesis.Client
		stop func()
	)
	switch system {
	case Kinesim:
		acct := kinesim.New(kinesim.WithStreamOptions(stream.WithThrottling(false)))
		c, stop = awssdk.NewKinesisClient(acct), func() { _ = acct.Close() }
	case Kinesalite:
		endpoint, stopKL, err := StartKinesalite()
		if err != nil {
			return nil, nil, err
		}
		c = kinesis.New(kinesis.Options{
			Region:       "us-east-1",
			BaseEndpoint: aws.String(endpoint),
			Credentials:  credentials.NewStaticCredentialsProvider("AKIDBENCHMARK", "benchmark-secret", ""),
		})
		stop = stopKL
	default:
		return nil, nil, fmt.Errorf("the SDK comparison runs kinesim or kinesalite, not %q", system)
	}
	if _, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(sdkStream), ShardCount: aws.Int32(SDKShards)}); err != nil {
		stop()
		return nil, nil, fmt.Errorf("%s: CreateStream: %w", system, err)
	}
	w := kinesis.NewStreamExistsWaiter(c, func(o *kinesis.StreamExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = time.Millisecond, 10*time.Millisecond
	})
	if err := w.Wait(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(sdkStream)}, 30*time.Second); err != nil {
		stop()
		return nil, nil, fmt.Errorf("%s: waiting for the stream: %w", system, err)
	}
	return c, stop, nil
}

// SDKPutRecordsInput returns the comparison's request: SDKBatchRecords entries of SDKRecordBytes bytes with
// distinct partition keys, so they spread over the shards.
func SDKPutRecordsInput() *kinesis.PutRecordsInput {
	entries := make([]types.PutRecordsRequestEntry, SDKBatchRecords)
	for i := range entries {
		data := make([]byte, SDKRecordBytes)
		data[0] = byte(i)
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprint("key-", i)), Data: data}
	}
	return &kinesis.PutRecordsInput{StreamName: aws.String(sdkStream), Records: entries}
}

// SDKPutRecords calls PutRecords(in) once through c and fails if any record was rejected.
func SDKPutRecords(ctx context.Context, c *kinesis.Client, in *kinesis.PutRecordsInput) error {
	out, err := c.PutRecords(ctx, in)
	if err != nil {
		return err
	}
	if n := aws.ToInt32(out.FailedRecordCount); n != 0 {
		return fmt.Errorf("PutRecords: %d of %d records failed", n, len(in.Records))
	}
	return nil
}

// MeasureSDKPutRecords opens system (see [OpenSDKClient]) and has callers goroutines share its client, each
// calling PutRecords of the comparison's batch in a loop for at least d after one warm-up call; it returns the
// records per second put by all of them. One caller measures a call's latency; callers = GOMAXPROCS measure what
// a producer that keeps a call in flight per core gets.
func MeasureSDKPutRecords(ctx context.Context, system string, d time.Duration, callers int) (float64, error) {
	if d <= 0 || callers < 1 {
		return 0, errors.New("MeasureSDKPutRecords: the duration and the callers must be positive")
	}
	c, stop, err := OpenSDKClient(ctx, system)
	if err != nil {
		return 0, err
	}
	defer stop()
	if err := SDKPutRecords(ctx, c, SDKPutRecordsInput()); err != nil {
		return 0, fmt.Errorf("%s: %w", system, err)
	}
	put := make([]int, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range callers {
		wg.Go(func() {
			in := SDKPutRecordsInput()
			for time.Since(start) < d {
				if errs[i] = SDKPutRecords(ctx, c, in); errs[i] != nil {
					return
				}
				put[i] += len(in.Records)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := errors.Join(errs...); err != nil {
		return 0, fmt.Errorf("%s: %w", system, err)
	}
	n := 0
	for _, k := range put {
		n += k
	}
	return float64(n) / elapsed.Seconds(), nil
}
