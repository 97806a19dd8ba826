package cputime_test

import (
	"fmt"

	"github.com/kinesim/kinesim/internal/cputime"
)

// A benchmark reads the CPU time before and after its work; the difference never goes backwards.
func ExampleProcess() {
	before := cputime.Process()
	sum := 0
	for i := range 1_000_000 {
		sum += i
	}
	fmt.Println(sum > 0, cputime.Process() >= before)
	// Output: true true
}
