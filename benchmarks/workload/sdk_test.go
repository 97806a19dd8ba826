package workload

import (
	"testing"
	"time"
)

func benchmarkSDKPutRecords(b *testing.B, system string) {
	if system == Kinesalite {
		skipWithoutKinesalite(b)
	}
	c, stop, err := OpenSDKClient(b.Context(), system)
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	in := SDKPutRecordsInput()
	b.ReportAllocs()
	b.SetBytes(SDKBatchRecords * SDKRecordBytes)
	for b.Loop() {
		if err := SDKPutRecords(b.Context(), c, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*SDKBatchRecords)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkSDKPutRecordsInProcess puts batches of 500 records of 100 bytes through an aws-sdk-go-v2 client over
// kinesim's in-process transport (awssdk.NewKinesisClient); compare with [BenchmarkSDKPutRecordsKinesalite]
// (issue 9: kinesim at least 50× faster).
func BenchmarkSDKPutRecordsInProcess(b *testing.B) { benchmarkSDKPutRecords(b, Kinesim) }

// BenchmarkSDKPutRecordsKinesalite puts the same batches through the same SDK client against kinesalite on
// loopback; it skips, saying why, when kinesalite is not installed (peers/setup.sh).
func BenchmarkSDKPutRecordsKinesalite(b *testing.B) { benchmarkSDKPutRecords(b, Kinesalite) }

// The SDK comparison's setup gives a client whose PutRecords of the batch succeeds, for each system.
func TestSDKPutRecordsRunsOnEachSystem(t *testing.T) {
	for _, system := range []string{Kinesim, Kinesalite} {
		t.Run(system, func(t *testing.T) {
			if system == Kinesalite {
				skipWithoutKinesalite(t)
			}
			c, stop, err := OpenSDKClient(t.Context(), system)
			if err != nil {
				t.Fatal(err)
			}
			defer stop()
			if err := SDKPutRecords(t.Context(), c, SDKPutRecordsInput()); err != nil {
				t.Fatal(err)
			}
		})
	}
	if _, _, err := OpenSDKClient(t.Context(), "nats"); err == nil {
		t.Error("OpenSDKClient(nats) succeeded; the SDK comparison runs kinesim and kinesalite only")
	}
}

// MeasureSDKPutRecords counts the records of every caller sharing the client, and refuses a run of no caller.
func TestMeasureSDKPutRecordsCountsEveryCaller(t *testing.T) {
	rps, err := MeasureSDKPutRecords(t.Context(), Kinesim, 50*time.Millisecond, 2)
	if err != nil {
		t.Fatal(err)
	}
	if rps <= 0 {
		t.Fatalf("MeasureSDKPutRecords(2 callers) = %v records/s, want > 0", rps)
	}
	if _, err := MeasureSDKPutRecords(t.Context(), Kinesim, time.Second, 0); err == nil {
		t.Error("MeasureSDKPutRecords with 0 callers succeeded")
	}
}
