package partition_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kinesim/kinesim/firehose/partition"
)

func Example() {
	q, err := partition.CompileQuery(`{customer_id: .customer_id, year: .event_timestamp | strftime("%Y")}`)
	if err != nil {
		panic(err)
	}
	prefix := "customer_id=!{partitionKeyFromQuery:customer_id}/year=!{partitionKeyFromQuery:year}/"
	fmt.Println(partition.CheckPrefixes(prefix, "errors/!{firehose:error-output-type}/", partition.PrefixRules{DynamicPartitioning: true, MetadataExtraction: true}))
	keys, err := q.Keys(context.Background(), time.Time{}, []byte(`{"customer_id":"1234567890","event_timestamp":1565382027}`))
	fmt.Println(keys, err)
	fmt.Println(partition.Substitute(prefix, keys, nil))
	_, err = q.Keys(context.Background(), time.Time{}, []byte(`{"event_timestamp":"late"}`))
	fmt.Println(err)
	// Output:
	// <nil>
	// map[customer_id:1234567890 year:2019] <nil>
	// customer_id=1234567890/year=2019/ <nil>
	// partition: metadata extraction failed: strftime("%Y") cannot be applied to: string ("late")
}
