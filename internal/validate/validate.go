package validate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
)

// Constraint texts of AWS's input validation, as they appear after "failed to satisfy constraint: ".
const (
	MustNotBeNull = "Member must not be null"
	LengthAtLeast = "Member must have length greater than or equal to "
	LengthAtMost  = "Member must have length less than or equal to "
	ValueAtLeast  = "Member must have value greater than or equal to "
	ValueAtMost   = "Member must have value less than or equal to "
	PatternPrefix = "Member must satisfy regular expression pattern: "
	EnumPrefix    = "Member must satisfy enum value set: "
	// NamePattern is the pattern of the names of streams, shards, consumers and delivery streams.
	NamePattern = "[a-zA-Z0-9_.-]+"
)

// MaxListed is how many violations AWS lists in one message; a call with more reports the first ten.
const MaxListed = 10

// Violations collects the input-validation failures of one call into one ValidationException worded as AWS
// words it. The zero value is ready and allocates nothing until a violation is added. Not safe for concurrent use
// (it lives on one call's stack).
type Violations struct{ list []string }

// Add records that value (already quoted, see [Quote]; or "null") at the input path failed constraint.
func (v *Violations) Add(value, path, constraint string) {
	if len(v.list) < MaxListed {
		v.list = append(v.list, "Value "+value+" at '"+path+"' failed to satisfy constraint: "+constraint)
	}
}

// Len returns the number of violations recorded (at most [MaxListed]).
func (v *Violations) Len() int { return len(v.list) }

// Err returns the ValidationException for the recorded violations, or nil if there are none. The check for none
// is inlined: a valid input costs a length test.
func (v *Violations) Err() error {
	if len(v.list) == 0 {
		return nil
	}
	return v.err()
}

func (v *Violations) err() error {
	s := "s"
	if len(v.list) == 1 {
		s = ""
	}
	return apierr.Validation.New("%d validation error%s detected: %s", len(v.list), s, strings.Join(v.list, "; "))
}

// Required records a missing member when s is empty, and reports whether it was present.
func (v *Violations) Required(path, s string) bool {
	if s == "" {
		v.Add("null", path, MustNotBeNull)
		return false
	}
	return true
}

// Name checks a [a-zA-Z0-9_.-]+ name of at most maxLen bytes: an empty name breaks the pattern. Use
// [Violations.Required] first for a required member, or skip the check for an absent optional one.
func (v *Violations) Name(path, name string, maxLen int) {
	if !ValidName(name) {
		v.Add(Quote(name), path, PatternPrefix+NamePattern)
	}
	if len(name) > maxLen {
		v.Add(Quote(name), path, LengthAtMost+strconv.Itoa(maxLen))
	}
}

// Length checks that a string member has from minLen to maxLen units, n being its length as AWS counts it.
func (v *Violations) Length(path, s string, n, minLen, maxLen int) {
	switch {
	case n < minLen:
		v.Add(Quote(s), path, LengthAtLeast+strconv.Itoa(minLen))
	case n > maxLen:
		v.Add(Quote(s), path, LengthAtMost+strconv.Itoa(maxLen))
	}
}

// Range checks that an integer member lies in [lo, hi].
func (v *Violations) Range(path string, n, lo, hi int) {
	switch {
	case n < lo:
		v.Add(QuoteInt(n), path, ValueAtLeast+strconv.Itoa(lo))
	case n > hi:
		v.Add(QuoteInt(n), path, ValueAtMost+strconv.Itoa(hi))
	}
}

// ExplicitZero is the value that stands for a 0 given explicitly, where an optional int member (a page size,
// CreateStream's ShardCount, a WarmThroughputMiBps) reads 0 as "not given": a front whose wire tells the two apart
// (an absent member, a member of 0) passes it for the latter, and the operation checks it as the 0 it is —
// refused where 0 is below the member's minimum (PageSize does for pages), a 0 where 0 is a value. [Given] reads
// it.
const ExplicitZero = math.MinInt

// Given reads an optional int member whose 0 means "not given": its value, 0 for [ExplicitZero], and whether it
// was given (any value but 0).
func Given(n int) (value int, given bool) {
	switch n {
	case 0:
		return 0, false
	case ExplicitZero:
		return 0, true
	}
	return n, true
}

// PageSize checks an optional page size of a listing operation, where 0 means the default: 1 to maxPage.
// [ExplicitZero] is checked as a 0 given (and refused).
func (v *Violations) PageSize(path string, n, maxPage int) {
	if n, given := Given(n); given {
		v.Range(path, n, 1, maxPage)
	}
}

// Enum checks that value is one of allowed, listed in the message in the order given.
func (v *Violations) Enum(path, value string, allowed ...string) {
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	v.Add(Quote(value), path, EnumPrefix+"["+strings.Join(allowed, ", ")+"]")
}

// Quote renders a string value as AWS does in validation messages: 'value'.
func Quote(s string) string { return "'" + s + "'" }

// QuoteInt renders an integer value as AWS does in validation messages.
func QuoteInt(n int) string { return "'" + strconv.Itoa(n) + "'" }

// Blob renders a byte payload as AWS's Java services do in validation messages.
func Blob(b []byte) string {
	return fmt.Sprintf("'java.nio.HeapByteBuffer[pos=0 lim=%d cap=%d]'", len(b), len(b))
}

// ValidName reports whether s is a non-empty string of [a-zA-Z0-9_.-] ([NamePattern]; the rule is arn.NameChars).
func ValidName(s string) bool { return arn.NameChars(s) }
