package analytics_test

import (
	"context"
	"fmt"

	"github.com/kinesim/kinesim/analytics"
)

// Schema discovery renames fields AWS's way and infers the narrowest types from the sample.
func ExampleEngine_DiscoverInputSchema() {
	e := analytics.New()
	defer e.Close()
	out, err := e.DiscoverInputSchema(context.Background(), analytics.DiscoverInputSchemaInput{Records: [][]byte{
		[]byte(`{"TICKER_SYMBOL":"AMZN","SECTOR":"TECHNOLOGY","CHANGE":-2,"PRICE":84.51,"USER":"ann"}`),
		[]byte(`{"TICKER_SYMBOL":"TGT","SECTOR":"RETAIL","CHANGE":1,"PRICE":102.7,"USER":"bob"}`),
	}})
	if err != nil {
		panic(err)
	}
	for _, c := range out.InputSchema.RecordColumns {
		fmt.Println(c.Name, c.SqlType, c.Mapping)
	}
	// Output:
	// TICKER_SYMBOL VARCHAR(4) $.TICKER_SYMBOL
	// SECTOR VARCHAR(16) $.SECTOR
	// CHANGE TINYINT $.CHANGE
	// PRICE DECIMAL(5,2) $.PRICE
	// COL_USER VARCHAR(4) $.USER
}

// ColumnName is discovery's renaming rule.
func ExampleColumnName() {
	fmt.Println(analytics.ColumnName("USER", 0), analytics.ColumnName("USER@DOMAIN", 1), analytics.ColumnName("@@", 2), analytics.ColumnName("price", 3))
	// Output:
	// COL_USER COL_USERDOMAIN COL_2 price
}
