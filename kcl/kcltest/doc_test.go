package kcltest_test

import (
	"testing"

	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/kcl/kcltest"
)

// The in-memory lease table passes the conformance suite (KCL DynamoDBLeaseRefresher's conditional writes).
func TestMemLeaseTableConforms(t *testing.T) {
	kcltest.RunLeaseTableSpec(t, func() kcl.LeaseTable { return kcl.NewMemLeaseTable() })
}

// The zero MemLeaseTable is ready to use.
func TestZeroMemLeaseTableConforms(t *testing.T) {
	kcltest.RunLeaseTableSpec(t, func() kcl.LeaseTable { return new(kcl.MemLeaseTable) })
}
