package kinesimtest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kinesim/kinesim/kinesimtest"
)

// exampleT stands in for the *testing.T a test would pass (an Example has none).
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()                   {}
func (t *exampleT) Context() context.Context  { return context.Background() }
func (t *exampleT) Cleanup(f func())          { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) Errorf(s string, a ...any) { fmt.Printf("error: "+s+"\n", a...) }
func (t *exampleT) Fatalf(s string, a ...any) { panic(fmt.Sprintf(s, a...)) }

// In a test, New(t) is the whole set-up: the account closes when the test ends.
func ExampleNew() {
	t := &exampleT{}
	k := kinesimtest.New(t)
	ref := k.CreateStream("orders", 2)
	k.Put(ref, "customer-1", []byte("first"))
	k.Put(ref, "customer-1", []byte("second"))
	for _, r := range k.ReadAll(ref) {
		fmt.Println(r.ShardId, r.PartitionKey, string(r.Data))
	}
	fmt.Println(k.StreamNames())
	for _, f := range t.cleanups { // what the testing package does when the test ends
		f()
	}
	// Output:
	// shardId-000000000001 customer-1 first
	// shardId-000000000001 customer-1 second
	// [orders]
}
