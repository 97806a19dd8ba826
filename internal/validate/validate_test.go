package validate_test

// AWS's validation wording as a second service gets it, with no import of package stream.

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/validate"
)

// message returns the ValidationException message of v, failing the test if v has no violation or the error is
// not a Validation error.
func message(t *testing.T, v *validate.Violations) string {
	t.Helper()
	err := v.Err()
	if err == nil {
		t.Fatal("Err() = nil, want a ValidationException")
	}
	if !errors.Is(err, apierr.Validation) {
		t.Fatalf("Err() = %v, want an apierr.Validation", err)
	}
	e, ok := errors.AsType[*apierr.Error](err)
	if !ok || e.Code != "ValidationException" || e.Fault != "client" || e.Retryable {
		t.Fatalf("Err() = %#v, want a ValidationException of the client's fault, not retryable", err)
	}
	if err.Error() != "ValidationException: "+e.Message {
		t.Fatalf("Error() = %q, want the code then the message", err.Error())
	}
	return e.Message
}

func wantMessage(t *testing.T, v *validate.Violations, want string) {
	t.Helper()
	if got := message(t, v); got != want {
		t.Fatalf("message:\n got %q\nwant %q", got, want)
	}
}

func wantNone(t *testing.T, v *validate.Violations) {
	t.Helper()
	if err := v.Err(); err != nil || v.Len() != 0 {
		t.Fatalf("Err() = %v with %d violations, want none", err, v.Len())
	}
}

func TestOneViolationIsWordedAsAWSWordsIt(t *testing.T) {
	var v validate.Violations
	v.Name("streamName", "x y", 128)
	wantMessage(t, &v, "1 validation error detected: Value 'x y' at 'streamName' failed to satisfy constraint: "+
		"Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
}

func TestSeveralViolationsAreCountedAndJoinedInTheOrderFound(t *testing.T) {
	var v validate.Violations
	v.Required("streamName", "")
	v.Range("shardCount", 0, 1, 10000)
	wantMessage(t, &v, "2 validation errors detected: "+
		"Value null at 'streamName' failed to satisfy constraint: Member must not be null; "+
		"Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1")
}

func TestAtMostTenViolationsAreListed(t *testing.T) {
	if validate.MaxListed != 10 {
		t.Fatalf("MaxListed = %d, want 10", validate.MaxListed)
	}
	var v validate.Violations
	for i := range 12 {
		v.Range(fmt.Sprintf("records.%d.member.n", i+1), -1, 0, 5)
	}
	if v.Len() != 10 {
		t.Fatalf("Len() = %d after 12 violations, want 10", v.Len())
	}
	msg := message(t, &v)
	if !strings.HasPrefix(msg, "10 validation errors detected: ") {
		t.Fatalf("message %q does not count 10 violations", msg)
	}
	if n := strings.Count(msg, "; ") + 1; n != 10 {
		t.Fatalf("message lists %d violations, want 10", n)
	}
	if !strings.Contains(msg, "'records.10.member.n'") || strings.Contains(msg, "'records.11.member.n'") {
		t.Fatalf("message %q does not list the first ten", msg)
	}
}

func TestNoViolationIsNoErrorAndAllocatesNothing(t *testing.T) {
	var v validate.Violations
	wantNone(t, &v)
	check := func() {
		var v validate.Violations
		if v.Required("streamName", "s") {
			v.Name("streamName", "s", 128)
		}
		v.Length("partitionKey", "k", 1, 1, 256)
		v.Range("shardCount", 3, 1, 10)
		v.PageSize("limit", 0, 10000)
		v.Enum("streamMode", "ON_DEMAND", "PROVISIONED", "ON_DEMAND")
		if v.Err() != nil {
			t.Fatal("a valid input has violations")
		}
	}
	if n := testing.AllocsPerRun(100, check); n != 0 {
		t.Fatalf("checking a valid input allocates %v times, want 0", n)
	}
}

func TestAddRecordsTheValueAsGiven(t *testing.T) {
	var v validate.Violations
	v.Add("'{}'", "tags", validate.LengthAtLeast+"1")
	wantMessage(t, &v, "1 validation error detected: Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1")
}

func TestValuesAreNotFormatDirectives(t *testing.T) {
	var v validate.Violations
	v.Name("streamName", "100%d%s%%", 128)
	wantMessage(t, &v, "1 validation error detected: Value '100%d%s%%' at 'streamName' failed to satisfy constraint: "+
		"Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
}

func TestRequiredRecordsAMissingMemberAsNull(t *testing.T) {
	var v validate.Violations
	if !v.Required("streamName", "s") {
		t.Fatal("Required of a present member = false")
	}
	wantNone(t, &v)
	if v.Required("streamName", "") {
		t.Fatal("Required of an empty member = true")
	}
	wantMessage(t, &v, "1 validation error detected: Value null at 'streamName' failed to satisfy constraint: Member must not be null")
}

func TestNameChecksThePatternAndTheLength(t *testing.T) {
	const pattern = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
	for _, c := range []struct {
		name string
		want []string // the constraints broken, in order
	}{
		{"s-1_2.0", nil},
		{strings.Repeat("a", 8), nil},
		{strings.Repeat("a", 9), []string{"Member must have length less than or equal to 8"}},
		{"", []string{pattern}},
		{"a b", []string{pattern}},
		{"é", []string{pattern}},
		{"a/b", []string{pattern}},
		{strings.Repeat("a", 8) + "!", []string{pattern, "Member must have length less than or equal to 8"}},
	} {
		var v validate.Violations
		v.Name("n", c.name, 8)
		if len(c.want) == 0 {
			wantNone(t, &v)
			continue
		}
		var parts []string
		for _, w := range c.want {
			parts = append(parts, "Value '"+c.name+"' at 'n' failed to satisfy constraint: "+w)
		}
		s := "s"
		if len(parts) == 1 {
			s = ""
		}
		wantMessage(t, &v, fmt.Sprintf("%d validation error%s detected: %s", len(parts), s, strings.Join(parts, "; ")))
	}
}

func TestLengthCountsTheUnitsItIsGiven(t *testing.T) {
	key := "ééé" // 3 runes, 6 bytes: AWS counts Unicode characters for partition keys
	var v validate.Violations
	v.Length("partitionKey", key, utf8.RuneCountInString(key), 1, 3)
	wantNone(t, &v)
	v.Length("partitionKey", key, len(key), 1, 3)
	wantMessage(t, &v, "1 validation error detected: Value 'ééé' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 3")

	var short validate.Violations
	short.Length("partitionKey", "", 0, 1, 256)
	wantMessage(t, &short, "1 validation error detected: Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1")
}

func TestRangeChecksBothBounds(t *testing.T) {
	for _, c := range []struct {
		n      int
		broken string
	}{
		{1, ""}, {24, ""}, {8760, ""},
		{0, "Value '0' at 'hours' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{-5, "Value '-5' at 'hours' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{8761, "Value '8761' at 'hours' failed to satisfy constraint: Member must have value less than or equal to 8760"},
		{math.MaxInt, fmt.Sprintf("Value '%d' at 'hours' failed to satisfy constraint: Member must have value less than or equal to 8760", math.MaxInt)},
		{math.MinInt, fmt.Sprintf("Value '%d' at 'hours' failed to satisfy constraint: Member must have value greater than or equal to 1", math.MinInt)},
	} {
		var v validate.Violations
		v.Range("hours", c.n, 1, 8760)
		if c.broken == "" {
			wantNone(t, &v)
			continue
		}
		wantMessage(t, &v, "1 validation error detected: "+c.broken)
	}
}

func TestPageSizeZeroIsTheDefault(t *testing.T) {
	for _, n := range []int{0, 1, 10000} {
		var v validate.Violations
		v.PageSize("limit", n, 10000)
		wantNone(t, &v)
	}
	var v validate.Violations
	v.PageSize("limit", -1, 10000)
	v.PageSize("maxResults", 10001, 10000)
	wantMessage(t, &v, "2 validation errors detected: "+
		"Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; "+
		"Value '10001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10000")
}

// An explicit 0 is a value below the minimum of 1, as AWS answers it (API reference, GetRecords: Limit "Valid
// Range: Minimum value of 1"); only an absent member means the default.
func TestPageSizeExplicitZeroIsBelowTheMinimum(t *testing.T) {
	var v validate.Violations
	v.PageSize("limit", validate.ExplicitZero, 10000)
	wantMessage(t, &v, "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
}

// An optional int member tells "not given" (0) from a 0 given (ExplicitZero, which a front passes when the wire
// carried a member of 0), and any other value is given as it is (AWS validates a member the request carries).
func TestGivenTellsAnAbsentMemberFromAZeroGiven(t *testing.T) {
	for _, c := range []struct {
		n, value int
		given    bool
	}{{0, 0, false}, {validate.ExplicitZero, 0, true}, {1, 1, true}, {-1, -1, true}, {100, 100, true}} {
		if value, given := validate.Given(c.n); value != c.value || given != c.given {
			t.Errorf("Given(%d) = %d, %t; want %d, %t", c.n, value, given, c.value, c.given)
		}
	}
}

func TestEnumListsTheAllowedValuesInTheOrderGiven(t *testing.T) {
	var v validate.Violations
	v.Enum("streamMode", "PROVISIONED", "PROVISIONED", "ON_DEMAND")
	wantNone(t, &v)
	v.Enum("streamMode", "provisioned", "PROVISIONED", "ON_DEMAND")
	wantMessage(t, &v, "1 validation error detected: Value 'provisioned' at 'streamMode' failed to satisfy constraint: "+
		"Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]")
	var none validate.Violations
	none.Enum("x", "a")
	wantMessage(t, &none, "1 validation error detected: Value 'a' at 'x' failed to satisfy constraint: Member must satisfy enum value set: []")
}

func TestValueRenderings(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{validate.Quote("x y"), "'x y'"},
		{validate.Quote(""), "''"},
		{validate.QuoteInt(-3), "'-3'"},
		{validate.Blob(nil), "'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]'"},
		{validate.Blob(make([]byte, 1<<20+1)), "'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]'"},
	} {
		if c.got != c.want {
			t.Errorf("rendered %q, want %q", c.got, c.want)
		}
	}
}

func TestConstraintTexts(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{validate.MustNotBeNull, "Member must not be null"},
		{validate.LengthAtLeast + "1", "Member must have length greater than or equal to 1"},
		{validate.LengthAtMost + "2", "Member must have length less than or equal to 2"},
		{validate.ValueAtLeast + "3", "Member must have value greater than or equal to 3"},
		{validate.ValueAtMost + "4", "Member must have value less than or equal to 4"},
		{validate.PatternPrefix + validate.NamePattern, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{validate.EnumPrefix + "[A]", "Member must satisfy enum value set: [A]"},
	} {
		if c.got != c.want {
			t.Errorf("constraint %q, want %q", c.got, c.want)
		}
	}
}

func TestValidNameIsThePattern(t *testing.T) {
	for s, want := range map[string]bool{
		"a": true, "Z": true, "0": true, "_": true, ".": true, "-": true, "aZ09_.-": true,
		"": false, " ": false, "a b": false, "a:b": false, "é": false, "a\x00": false, "\xff": false, "+": false,
	} {
		if got := validate.ValidName(s); got != want {
			t.Errorf("ValidName(%q) = %v, want %v", s, got, want)
		}
	}
	for c := range 256 {
		s := string(rune(c))
		if c >= 128 {
			s = string([]byte{byte(c)})
		}
		want := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-'
		if got := validate.ValidName(s); got != want {
			t.Errorf("ValidName(byte %#x) = %v, want %v", c, got, want)
		}
	}
}
