// Package kinesimtest is the test kit of kinesim: a ready account for one test, closed when the test ends, that
// fails the test if a goroutine of it outlives Close, and one-line helpers for what a test does most — create a
// stream and wait until it is ACTIVE, put, read everything back, list every shard or stream.
//
// # Usage
//
//	func TestOrdersAreRead(t *testing.T) {
//		k := kinesimtest.New(t)
//		ref := k.CreateStream("orders", 4)
//		k.Put(ref, "customer-42", []byte(`{"total":12}`))
//		recs := k.ReadAll(ref) // every record, across reshards, parents before children
//		...
//	}
//
// # Defaults
//
// The account's defaults make a test deterministic on the real clock: a fixed seed ([DefaultSeed]), throttling
// off (a burst of puts is not refused with ProvisionedThroughputExceeded unless the test asks for throttling), and
// no status delays (a stream is ACTIVE when CreateStream returns). Options given to [New] come after the defaults
// and override them, e.g. kinesimtest.New(t, kinesim.WithStreamOptions(stream.WithThrottling(true))) or
// kinesim.WithClock(clock.NewManual(t0)) for virtual time.
//
// Helpers fail the test (t.Fatalf) on any error; use the services themselves ([Account.Streams]) to check errors.
package kinesimtest
