package hugepage_test

import (
	"fmt"

	"github.com/kinesim/kinesim/internal/hugepage"
)

// A log's arena segment is advised once it is made and before it is filled; the buffer behaves as any other.
func ExampleAdvise() {
	segment := make([]byte, 0, hugepage.MinBytes)
	hugepage.Advise(segment)
	segment = append(segment, "record"...)
	fmt.Println(len(segment), cap(segment) == hugepage.MinBytes)
	// Output: 6 true
}
