// Package kcltest is the conformance suite of kcl.LeaseTable: one body of checks that every lease table must
// pass, the in-memory one and any a user backs with their own store (a DynamoDB table, a SQL row per lease).
//
//	func TestMyLeaseTable(t *testing.T) {
//		kcltest.RunLeaseTableSpec(t, func() kcl.LeaseTable { return newMyTable(t) })
//	}
//
// [RunLeaseTableSpec] runs the [Cases] as subtests; [Verify] runs them outside a test and returns the failures.
// The cases follow the conditional writes of the KCL's DynamoDBLeaseRefresher: every write increments the lease
// counter, and each is conditional on the counter and owner the caller read, so that two workers never both take
// one lease. Each case gets a fresh, empty table; the concurrent case calls the table from 16 goroutines.
package kcltest
