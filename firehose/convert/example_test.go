package convert_test

import (
	"fmt"
	"time"

	"github.com/kinesim/kinesim/firehose/convert"
)

func ExampleConverter_Convert() {
	db, table, role := "analytics", "clicks", "arn:aws:iam::123456789012:role/firehose"
	c, err := convert.New(&convert.DataFormatConversionConfiguration{
		InputFormatConfiguration:  &convert.InputFormatConfiguration{Deserializer: &convert.Deserializer{OpenXJsonSerDe: &convert.OpenXJsonSerDe{}}},
		OutputFormatConfiguration: &convert.OutputFormatConfiguration{Serializer: &convert.Serializer{ParquetSerDe: &convert.ParquetSerDe{Compression: convert.ParquetCompressionGzip}}},
		SchemaConfiguration:       &convert.SchemaConfiguration{DatabaseName: &db, TableName: &table, RoleARN: &role},
	}, []convert.Column{{Name: "user", Type: "string"}, {Name: "at", Type: "timestamp"}, {Name: "pages", Type: "array<string>"}})
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	res, err := c.Convert(now, []convert.Record{
		{Data: []byte(`{"user":"ann","at":"2026-12-01T09:59:00Z","pages":["/","/buy"]}`)},
		{Data: []byte(`{"user":"bob","at":1796119140}{"user":"cy"}`)},
		{Data: []byte(`{"user":"dee","at":"yesterday"}`)},
	})
	fmt.Println(err, res.Rows, string(res.Parquet[:4]), len(res.Failed))
	fmt.Print(string(res.Failed[0].AppendJSON(nil)))
	// Output:
	// <nil> 3 PAR1 1
	// {"attemptsMade":1,"arrivalTimestamp":-62135596800000,"lastErrorCode":"DataFormatConversion.MalformedData","lastErrorMessage":"column at: \"yesterday\" is not a timestamp the OpenX JSON SerDe reads","attemptEndingTimestamp":1796119200000,"rawData":"eyJ1c2VyIjoiZGVlIiwiYXQiOiJ5ZXN0ZXJkYXkifQ==","sequenceNumber":"","subSequenceNumber":0,"dataCatalogTable":{"catalogId":"","databaseName":"analytics","tableName":"clicks","region":"","versionId":"LATEST","catalogArn":""}}
}

func ExampleNew_orc() {
	db, table, role := "d", "t", "arn:aws:iam::123456789012:role/r"
	_, err := convert.New(&convert.DataFormatConversionConfiguration{
		InputFormatConfiguration:  &convert.InputFormatConfiguration{Deserializer: &convert.Deserializer{OpenXJsonSerDe: &convert.OpenXJsonSerDe{}}},
		OutputFormatConfiguration: &convert.OutputFormatConfiguration{Serializer: &convert.Serializer{OrcSerDe: &convert.OrcSerDe{}}},
		SchemaConfiguration:       &convert.SchemaConfiguration{DatabaseName: &db, TableName: &table, RoleARN: &role},
	}, []convert.Column{{Name: "a", Type: "int"}})
	fmt.Println(err)
	// Output:
	// InvalidArgumentException: ORC output (OrcSerDe) is not supported by kinesim: no reliable ORC writer exists in Go. Use ParquetSerDe.
}
