package kinesim_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/internal/cputime"
	"github.com/kinesim/kinesim/kinesimtest"
	"github.com/kinesim/kinesim/stream"
)

// startRCFApplication creates and starts, on the account, an application that scores the temperatures of the data
// stream in with RANDOM_CUT_FOREST and writes every row with its ANOMALY_SCORE to the data stream out as JSON.
func startRCFApplication(tb testing.TB, k *kinesimtest.Account, in, out stream.StreamRef, trees int) {
	tb.Helper()
	e := k.Analytics()
	ctx := context.Background()
	_, err := e.CreateApplication(ctx, analytics.CreateApplicationInput{ApplicationName: "sensors",
		Inputs: []analytics.Input{{NamePrefix: "SOURCE_SQL_STREAM", KinesisStreamsInput: &analytics.KinesisStreamsInput{ResourceARN: in.StreamARN},
			InputSchema: analytics.SourceSchema{RecordFormat: analytics.RecordFormat{RecordFormatType: analytics.FormatJSON},
				RecordColumns: []analytics.RecordColumn{{Name: "sensor", Mapping: "$.sensor", SqlType: "VARCHAR(8)"},
					{Name: "temp", Mapping: "$.temp", SqlType: "DOUBLE"}}}}},
		Code: &analytics.Code{
			Streams: []analytics.Stream{{Name: "DESTINATION_SQL_STREAM", Columns: query.Schema{{Name: "sensor", Type: query.VarcharType(8)},
				{Name: "temp", Type: query.DoubleType}, {Name: "ANOMALY_SCORE", Type: query.DoubleType}}}},
			Pumps: []analytics.Pump{{Name: "STREAM_PUMP", From: "SOURCE_SQL_STREAM_001", Into: "DESTINATION_SQL_STREAM",
				Steps: []query.Step{query.RandomCutForest{NumberOfTrees: trees},
					query.Project{Items: []query.Item{{Expr: query.C("sensor")}, {Expr: query.C("temp")}, {Expr: query.C("ANOMALY_SCORE")}}}}}},
		},
		Outputs: []analytics.Output{{Name: "DESTINATION_SQL_STREAM", KinesisStreamsOutput: &analytics.KinesisStreamsOutput{ResourceARN: out.StreamARN},
			DestinationSchema: analytics.DestinationSchema{RecordFormatType: analytics.FormatJSON}}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	if err := e.StartApplication(ctx, analytics.StartApplicationInput{ApplicationName: "sensors", InputConfigurations: []analytics.InputConfiguration{
		{Id: "1.1", InputStartingPositionConfiguration: analytics.InputStartingPositionConfiguration{InputStartingPosition: analytics.StartTrimHorizon}}}}); err != nil {
		tb.Fatal(err)
	}
}

// putTemperatures puts n readings around 21 °C, 500 at a time, the one at anomaly (if in range) at 60 °C.
func putTemperatures(tb testing.TB, k *kinesimtest.Account, ref stream.StreamRef, n, anomaly int, rng *rand.Rand) {
	tb.Helper()
	for lo := 0; lo < n; lo += 500 {
		in := stream.PutRecordsInput{StreamRef: ref}
		for i := lo; i < min(lo+500, n); i++ {
			temp := 21 + rng.NormFloat64()*0.5
			if i == anomaly {
				temp = 60
			}
			in.Records = append(in.Records, stream.PutRecordsEntry{Data: fmt.Appendf(nil, `{"sensor":"s%d","temp":%.2f}`, i%4, temp),
				PartitionKey: fmt.Sprint(i % 4)})
		}
		if _, err := k.Streams().PutRecords(context.Background(), in); err != nil {
			tb.Fatal(err)
		}
	}
}

// readScores follows the stream until n records came, and returns their scores in order.
func readScores(tb testing.TB, k *kinesimtest.Account, ref stream.StreamRef, n int) []float64 {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var scores []float64
	for r, err := range k.Streams().Follow(ctx, stream.FollowInput{StreamRef: ref}) {
		if err != nil {
			tb.Fatal(err)
		}
		var row struct {
			Temp  float64 `json:"temp"`
			Score float64 `json:"ANOMALY_SCORE"`
		}
		if err := json.Unmarshal(r.Data, &row); err != nil {
			tb.Fatalf("%s: %v", r.Data, err)
		}
		scores = append(scores, row.Score)
		if len(scores) == n {
			break
		}
	}
	return scores
}

// TestAnalyticsReadsAndWritesTheAccountsDataStreams runs an RCF application between two data streams of one
// account: every reading comes out with a score, the first 256 score 0 (the forest's samples fill), and the one
// hot reading scores highest.
func TestAnalyticsReadsAndWritesTheAccountsDataStreams(t *testing.T) {
	k := kinesimtest.New(t)
	in, out := k.CreateStream("readings", 1), k.CreateStream("scores", 1)
	in.StreamARN, out.StreamARN = k.Identity().StreamARN("readings"), k.Identity().StreamARN("scores")
	startRCFApplication(t, k, in, out, 50)
	putTemperatures(t, k, in, 1000, 800, rand.New(rand.NewPCG(1, 2)))
	scores := readScores(t, k, out, 1000)
	best := 0
	for i, s := range scores {
		if s > scores[best] {
			best = i
		}
	}
	if best != 800 || scores[255] != 0 || scores[256] == 0 {
		t.Errorf("highest score at %d (%.2f), scores[255] %.2f, scores[256] %.2f", best, scores[best], scores[255], scores[256])
	}
}

// BenchmarkAnalyticsEndToEnd is the end-to-end figure: records put into a data stream, scored by a
// RANDOM_CUT_FOREST application (KDA's default 100 trees × 256 samples), written to a second data stream and read
// back. records/s counts the records through the whole chain.
func BenchmarkAnalyticsEndToEnd(b *testing.B) {
	const n = 20000
	rng := rand.New(rand.NewPCG(3, 4))
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		k := kinesimtest.New(b)
		in, out := k.CreateStream("readings", 1), k.CreateStream("scores", 1)
		in.StreamARN, out.StreamARN = k.Identity().StreamARN("readings"), k.Identity().StreamARN("scores")
		startRCFApplication(b, k, in, out, 100)
		b.StartTimer()
		c0 := cputime.Process()
		putTemperatures(b, k, in, n, -1, rng)
		readScores(b, k, out, n)
		cpu += cputime.Process() - c0
		b.StopTimer()
		k.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "records/cpu-s")
}
