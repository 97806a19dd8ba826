package keys_test

import (
	"fmt"
	"strings"

	"github.com/kinesim/kinesim/keys"
)

func ExampleSequential() {
	g := keys.Sequential("order-", 1000)
	fmt.Println(g.Next(), g.Next(), g.Next())
	// Output: order-1000 order-1001 order-1002
}

func ExampleZipf() {
	// 1,000 customers whose activity follows Zipf's law: customer key-0 is the busiest (13.4 % expected).
	g := keys.Zipf(42, 1000, 1.0)
	n := 0
	for range 10_000 {
		if g.Next() == "key-0" {
			n++
		}
	}
	fmt.Printf("key-0 took %.0f%% of 10,000 records\n", float64(n)/100)
	// Output: key-0 took 14% of 10,000 records
}

func ExampleHotKey() {
	// One tenant sends a quarter of the records; the others are spread uniformly.
	g := keys.HotKey(1, 0.25, "tenant-0", keys.Uniform(2, 500))
	hot := 0
	for range 10_000 {
		if g.Next() == "tenant-0" {
			hot++
		}
	}
	fmt.Printf("tenant-0: %d of 10,000\n", hot)
	// Output: tenant-0: 2502 of 10,000
}

func ExampleUUID() {
	a, b := keys.UUID(7), keys.UUID(7)
	k := a.Next()
	fmt.Println(len(k), k[14:15], k == b.Next()) // 36 characters, version 4, same seed same keys
	// Output: 36 4 true
}

func ExampleFromReader() {
	g, err := keys.FromReader(strings.NewReader("eu-west\nus-east\nus-east\n"))
	if err != nil {
		panic(err)
	}
	for range 4 {
		fmt.Print(g.Next(), " ")
	}
	fmt.Println()
	// Output: eu-west us-east us-east eu-west
}
