package record_test

import (
	"errors"
	"fmt"

	"github.com/kinesim/kinesim/record"
)

// A partition key is routed to the shard whose range holds the MD5 of the key.
func ExampleHashKeyOf() {
	k := record.HashKeyOf("user-42")
	fmt.Println(k)
	for i, r := range record.SplitEvenly(4) {
		if r.Contains(k) {
			fmt.Println("owned by", record.ShardID(i))
		}
	}
	// Output:
	// 157107139746365290205026809710278036035
	// owned by shardId-000000000001
}

// The ranges of a new 3-shard stream, as AWS reports them.
func ExampleSplitEvenly() {
	for i, r := range record.SplitEvenly(3) {
		fmt.Printf("%s %v … %v\n", record.ShardID(i), r.StartingHashKey, r.EndingHashKey)
	}
	// Output:
	// shardId-000000000000 0 … 113427455640312821154458202477256070484
	// shardId-000000000001 113427455640312821154458202477256070485 … 226854911280625642308916404954512140969
	// shardId-000000000002 226854911280625642308916404954512140970 … 340282366920938463463374607431768211455
}

func ExampleParseHashKey() {
	for _, s := range []string{"340282366920938463463374607431768211455", "340282366920938463463374607431768211456", "007"} {
		k, err := record.ParseHashKey(s)
		fmt.Println(k, err)
	}
	// Output:
	// 340282366920938463463374607431768211455 <nil>
	// 0 record: hash key is outside the range [0, 2^128-1]
	// 0 record: hash key is not a decimal integer of at most 39 digits
}

func ExampleParseSequenceNumber() {
	n := record.NewSequenceNumber(7, 3, 42) // epoch 7, shard 3, position 42
	s := n.String()
	fmt.Println(s)

	p, err := record.ParseSequenceNumber(s)
	fmt.Println(p.Epoch(), record.ShardID(int(p.ShardIndex())), p.Position(), err)

	// A well-formed number AWS issued, and text that is not a number at all.
	_, err = record.ParseSequenceNumber("49559948046087405716686625491085803253240564075691245570")
	fmt.Println(errors.Is(err, record.ErrForeignSequenceNumber))
	_, err = record.ParseSequenceNumber("0042")
	fmt.Println(errors.Is(err, record.ErrMalformedSequenceNumber))
	// Output:
	// 42535295899779629088252705847275159594
	// 7 shardId-000000000003 42 <nil>
	// true
	// true
}

func ExampleValidPartitionKey() {
	fmt.Println(record.ValidPartitionKey(""), record.ValidPartitionKey("user-42"))
	// 128 emoji are 256 UTF-16 units, the limit; one more is too long.
	emoji := ""
	for range 128 {
		emoji += "😀"
	}
	fmt.Println(record.PartitionKeyLength(emoji), record.ValidPartitionKey(emoji), record.ValidPartitionKey(emoji+"😀"))
	// Output:
	// false true
	// 256 true false
}

func ExampleParseShardID() {
	fmt.Println(record.ShardID(12))
	fmt.Println(record.ParseShardID("shardId-000000000012"))
	fmt.Println(record.ParseShardID("shardId-12"))
	// Output:
	// shardId-000000000012
	// 12 true
	// 0 false
}

func ExampleParseAnySequenceNumber() {
	// A number AWS issued: the engine's parser refuses it, an adapter's keeps its exact text.
	aws := "49590338271490256608559692538361571095921575989136588898"
	n, err := record.ParseAnySequenceNumber(aws)
	fmt.Println(n, n.IsForeign(), err)

	next, _ := record.ParseAnySequenceNumber("49590338271490256608559692538361571095921575989136588899")
	fmt.Println(n.Compare(next))

	// A number kinesim issued reads as the engine reads it.
	k, _ := record.ParseAnySequenceNumber(record.NewSequenceNumber(7, 3, 42).String())
	fmt.Println(k.IsForeign(), k.Position())
	// Output:
	// 49590338271490256608559692538361571095921575989136588898 true <nil>
	// -1
	// false 42
}
