// Sensors is the seeds' machine learning in the stream: temperature readings of the servers of a data center go
// into a Kinesis data stream; a Kinesis Data Analytics application scores each reading with RANDOM_CUT_FOREST and
// looks for a collection of overheated servers with HOTSPOTS over the positions of the hot readings; its two pumps
// write the scores and the hotspot alerts to two output data streams, which the program reads back to print the
// anomalies it found. Time is virtual (a manual clock advanced by the program, one reading batch a second), so every
// run prints the same.
//
//	go run ./examples/sensors
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"math/rand/v2"
	"time"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/stream"
)

// The data center: a 10×10 grid of racks; each second ten random racks report. From minute 10 the racks of the
// block x 6–7, y 2–3 run hot; at minute 5 one sensor glitches.
const (
	seconds   = 15 * 60
	perSecond = 10
)

type reading struct {
	Rack string  `json:"rack"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	Temp float64 `json:"temp"`
}

func readings(rng *rand.Rand, second int) []reading {
	var out []reading
	for range perSecond {
		x, y := rng.IntN(10), rng.IntN(10)
		temp := 22 + rng.NormFloat64()*0.8
		if second >= 600 && x >= 6 && x <= 7 && y >= 2 && y <= 3 {
			temp = 38 + rng.NormFloat64()
		}
		out = append(out, reading{Rack: fmt.Sprintf("r%d%d", x, y), X: float64(x) + rng.Float64(), Y: float64(y) + rng.Float64(), Temp: temp})
	}
	if second == 300 {
		out[0].Temp = 95 // a glitching sensor
	}
	return out
}

func main() {
	ctx := context.Background()
	t0 := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	clk := clock.NewManual(t0)
	acc := kinesim.New(kinesim.WithClock(clk), kinesim.WithSeed(7),
		kinesim.WithStreamOptions(stream.WithThrottling(false), stream.WithStatusDelays(0, 0, 0)))
	defer acc.Close()
	arn := func(name string) string { return acc.Identity().StreamARN(name) }
	for _, name := range []string{"sensor-readings", "sensor-scores", "hotspot-alerts"} {
		if err := acc.Streams().CreateStream(ctx, stream.CreateStreamInput{StreamName: name, ShardCount: 1}); err != nil {
			log.Fatal(err)
		}
	}

	cols := query.Schema{{Name: "rack", Type: query.VarcharType(8)}, {Name: "temp", Type: query.DoubleType},
		{Name: "APPROXIMATE_ARRIVAL_TIME", Type: query.TimestampType}, {Name: "ANOMALY_SCORE", Type: query.DoubleType}}
	alertCols := query.Schema{{Name: "x", Type: query.DoubleType}, {Name: "y", Type: query.DoubleType},
		{Name: "APPROXIMATE_ARRIVAL_TIME", Type: query.TimestampType}, {Name: "HOTSPOTS_RESULT", Type: query.VarcharType(10000)}}
	output := func(stream, dest string) analytics.Output {
		return analytics.Output{Name: stream, KinesisStreamsOutput: &analytics.KinesisStreamsOutput{ResourceARN: arn(dest)},
			DestinationSchema: analytics.DestinationSchema{RecordFormatType: analytics.FormatJSON}}
	}
	_, err := acc.Analytics().CreateApplication(ctx, analytics.CreateApplicationInput{ApplicationName: "datacenter",
		Inputs: []analytics.Input{{NamePrefix: "SOURCE_SQL_STREAM", KinesisStreamsInput: &analytics.KinesisStreamsInput{ResourceARN: arn("sensor-readings")},
			InputSchema: analytics.SourceSchema{RecordFormat: analytics.RecordFormat{RecordFormatType: analytics.FormatJSON},
				RecordColumns: []analytics.RecordColumn{{Name: "rack", Mapping: "$.rack", SqlType: "VARCHAR(8)"},
					{Name: "x", Mapping: "$.x", SqlType: "DOUBLE"}, {Name: "y", Mapping: "$.y", SqlType: "DOUBLE"},
					{Name: "temp", Mapping: "$.temp", SqlType: "DOUBLE"}}}}},
		Code: &analytics.Code{
			Streams: []analytics.Stream{{Name: "SCORES", Columns: cols}, {Name: "HOTSPOT_ALERTS", Columns: alertCols}},
			Pumps: []analytics.Pump{
				// SELECT STREAM rack, temp, APPROXIMATE_ARRIVAL_TIME, ANOMALY_SCORE
				// FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM rack, temp, APPROXIMATE_ARRIVAL_TIME FROM …), 50))
				{Name: "SCORE_PUMP", From: "SOURCE_SQL_STREAM_001", Into: "SCORES", Steps: []query.Step{
					query.Project{Items: []query.Item{{Expr: query.C("rack")}, {Expr: query.C("temp")}, {Expr: query.C("APPROXIMATE_ARRIVAL_TIME")}}},
					query.RandomCutForest{NumberOfTrees: 50}}},
				// SELECT STREAM … FROM TABLE(HOTSPOTS(CURSOR(SELECT STREAM x, y, … WHERE temp > 30), 100, 1.0, 20))
				{Name: "HOTSPOT_PUMP", From: "SOURCE_SQL_STREAM_001", Into: "HOTSPOT_ALERTS", Steps: []query.Step{
					query.Filter{Where: query.Gt(query.C("temp"), query.L(30.0))},
					query.Project{Items: []query.Item{{Expr: query.C("x")}, {Expr: query.C("y")}, {Expr: query.C("APPROXIMATE_ARRIVAL_TIME")}}},
					query.Hotspots{WindowSize: 100, ScanRadius: 1.0, MinimumNumberOfPointsInAHotspot: 20}}},
			},
		},
		Outputs: []analytics.Output{output("SCORES", "sensor-scores"), output("HOTSPOT_ALERTS", "hotspot-alerts")},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := acc.Analytics().StartApplication(ctx, analytics.StartApplicationInput{ApplicationName: "datacenter"}); err != nil {
		log.Fatal(err)
	}

	// One batch of readings a second, in virtual time.
	rng := rand.New(rand.NewPCG(1, 2))
	total, hot := 0, 0
	for s := range seconds {
		in := stream.PutRecordsInput{StreamRef: stream.StreamRef{StreamName: "sensor-readings"}}
		for _, r := range readings(rng, s) {
			data, _ := json.Marshal(r)
			in.Records = append(in.Records, stream.PutRecordsEntry{Data: data, PartitionKey: r.Rack})
			total++
			if r.Temp > 30 {
				hot++
			}
		}
		if _, err := acc.Streams().PutRecords(ctx, in); err != nil {
			log.Fatal(err)
		}
		clk.Advance(time.Second)
	}

	// Every reading comes out scored; the hot ones come out of HOTSPOTS.
	type scored struct {
		Rack    string  `json:"rack"`
		Temp    float64 `json:"temp"`
		Arrival string  `json:"APPROXIMATE_ARRIVAL_TIME"`
		Score   float64 `json:"ANOMALY_SCORE"`
	}
	fmt.Printf("%d readings, %d of them above 30 °C\n", total, hot)
	fmt.Println("anomalies (ANOMALY_SCORE ≥ 4), first of each rack:")
	seen := map[string]bool{}
	for _, s := range read[scored](ctx, acc, "sensor-scores", total) {
		if s.Score >= 4 && !seen[s.Rack] {
			seen[s.Rack] = true
			fmt.Printf("  %s  rack %s  %5.1f °C  score %.2f\n", s.Arrival[11:19], s.Rack, s.Temp, s.Score)
		}
	}
	type alert struct {
		Arrival string `json:"APPROXIMATE_ARRIVAL_TIME"`
		Result  string `json:"HOTSPOTS_RESULT"`
	}
	for _, a := range read[alert](ctx, acc, "hotspot-alerts", hot) {
		var res struct {
			Hotspots []struct {
				MinValues, MaxValues []float64
			}
		}
		if json.Unmarshal([]byte(a.Result), &res) == nil && len(res.Hotspots) > 0 {
			h := res.Hotspots[0]
			fmt.Printf("hotspot alert at %s: overheated servers in x %.1f–%.1f, y %.1f–%.1f\n", a.Arrival[11:19],
				h.MinValues[0], h.MaxValues[0], h.MinValues[1], h.MaxValues[1])
			break
		}
	}
}

// read follows a data stream from its start until n records came, decoding each.
func read[T any](ctx context.Context, acc *kinesim.Account, name string, n int) []T {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var out []T
	if n == 0 {
		return nil
	}
	for r, err := range acc.Streams().Follow(ctx, stream.FollowInput{StreamRef: stream.StreamRef{StreamName: name}}) {
		if err != nil {
			log.Fatal(err)
		}
		var v T
		if err := json.Unmarshal(r.Data, &v); err != nil {
			log.Fatal(err)
		}
		if out = append(out, v); len(out) == n {
			break
		}
	}
	return out
}
