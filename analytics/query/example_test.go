package query_test

import (
	"fmt"
	"time"

	"github.com/kinesim/kinesim/analytics/query"
)

// A tumbling window: the count of each ticker per ROWTIME minute, emitted when the minute ends.
func Example() {
	in := query.Schema{{Name: "TICKER", Type: query.VarcharType(4)}}
	p, err := query.Compile(in, nil, query.GroupBy{
		Keys:       []query.Item{{Expr: query.C("TICKER")}, {Expr: query.StepBy(query.Rowtime{}, time.Minute)}},
		Aggregates: []query.Aggregate{query.CountStar("TICKER_COUNT")},
	})
	if err != nil {
		panic(err)
	}
	t0 := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)
	var out query.Output
	for i, sym := range []string{"AMZN", "TGT", "AMZN"} {
		now := query.RowtimeOf(t0.Add(time.Duration(i) * 10 * time.Second))
		p.Push(now, []query.Row{{Rowtime: now, Values: []query.Value{query.String(sym)}}}, &out)
	}
	p.Advance(query.RowtimeOf(t0.Add(time.Minute)), &out)
	for _, r := range out.Rows {
		fmt.Println(r.Format())
	}
	// Output:
	// 2024-01-01 10:01:00.000	AMZN	2024-01-01 10:00:00.000	2
	// 2024-01-01 10:01:00.000	TGT	2024-01-01 10:00:00.000	1
}

// A division by zero sends the row to the error stream instead of the output.
func ExampleOutput_Fail() {
	in := query.Schema{{Name: "PRICE", Type: query.DoubleType}}
	p, _ := query.Compile(in, nil, query.Project{Items: []query.Item{query.As(query.Div(query.C("PRICE"), query.L(0)), "ProblemColumn")}})
	out := query.Output{Pump: "STREAM_PUMP"}
	p.Push(0, []query.Row{{Values: []query.Value{query.Float(12.5)}}}, &out)
	e := out.Errors[0]
	fmt.Println(len(out.Rows), e.ErrorName, e.Message, e.PumpName)
	// Output:
	// 0 DivisionByZero / by zero STREAM_PUMP
}

// Casts follow the schema-mapping rules: strings parse into numbers and timestamps, VARCHAR(n) truncates.
func ExampleCast() {
	v, _ := query.Cast(query.String("2018-08-01T20:17:20.797945"), query.TimestampType)
	s, _ := query.Cast(query.String("TECHNOLOGY"), query.VarcharType(4))
	_, err := query.Cast(query.String("high"), query.IntegerType)
	fmt.Println(v, s, err)
	// Output:
	// 2018-08-01 20:17:20.797 TECH CastError: cannot cast 'high' to INTEGER
}
