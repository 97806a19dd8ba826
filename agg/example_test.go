package agg_test

import (
	"errors"
	"fmt"

	"github.com/kinesim/kinesim/agg"
	"github.com/kinesim/kinesim/record"
)

// A producer packs user records into one Kinesis record; a consumer unpacks them with their sub-sequence numbers.
func ExampleAggregator() {
	a, _ := agg.NewAggregator(0) // the KPL's default limit, 51200 bytes
	for _, s := range []string{"first", "second", "third"} {
		if ok, err := a.Add(agg.Record{PartitionKey: "user-42", Data: []byte(s)}); !ok || err != nil {
			panic("does not fit")
		}
	}
	put, _ := a.Flush() // the record to put: PartitionKey and ExplicitHashKey of the first user record
	fmt.Println(put.PartitionKey, len(put.Data), "bytes, aggregated:", agg.IsAggregated(put.Data))

	read := put // what GetRecords would return, with its sequence number
	read.SequenceNumber = record.NewSequenceNumber(1, 0, 7)
	users, _ := agg.Deaggregate(read)
	for _, u := range users {
		fmt.Println(u.SubSequenceNumber, u.PartitionKey, string(u.Data))
	}
	// Output:
	// user-42 63 bytes, aggregated: true
	// 0 user-42 first
	// 1 user-42 second
	// 2 user-42 third
}

// A record that is not aggregated passes through deaggregation as the one user record.
func ExampleDeaggregate() {
	users, err := agg.Deaggregate(record.Record{PartitionKey: "k", Data: []byte("plain")})
	fmt.Println(len(users), users[0].Aggregated, string(users[0].Data), err)
	// Output:
	// 1 false plain <nil>
}

// A consumer that knows its shard's hash-key range drops an aggregate holding a record of another shard, as the
// KCL does after a reshard.
func ExampleAppendDeaggregated() {
	shards := record.SplitEvenly(2)
	data, _ := agg.Encode(nil, []agg.Record{
		{PartitionKey: "a", ExplicitHashKey: "1", Data: []byte("mine")},
		{PartitionKey: "b", ExplicitHashKey: shards[1].StartingHashKey.String(), Data: []byte("the other shard's")},
	})
	users, err := agg.AppendDeaggregated(nil, record.Record{Data: data}, shards[0])
	fmt.Println(len(users), errors.Is(err, agg.ErrOutsideHashRange))
	users, err = agg.AppendDeaggregated(nil, record.Record{Data: data}, agg.AllHashKeys)
	fmt.Println(len(users), err)
	// Output:
	// 0 true
	// 2 <nil>
}

func ExampleDecode() {
	data, _ := agg.Encode(nil, []agg.Record{{PartitionKey: "a", Data: []byte("x")}, {PartitionKey: "a", Data: []byte("y")}})
	fmt.Printf("% x\n", data[:4])
	recs, _ := agg.Decode(data)
	for _, r := range recs {
		fmt.Println(r.PartitionKey, string(r.Data))
	}
	data[len(data)-1] ^= 1
	_, err := agg.Decode(data)
	fmt.Println(errors.Is(err, agg.ErrChecksum), errors.Is(err, agg.ErrCorrupt))
	// Output:
	// f3 89 9a c2
	// a x
	// a y
	// true true
}
