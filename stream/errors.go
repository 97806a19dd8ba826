package stream

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kinesim/kinesim/apierr"
)

// ErrClosed is returned by every call on an [Engine] after [Engine.Close], and ends blocking reads.
var ErrClosed = errors.New("stream: engine closed")

// Constraint texts of AWS's input validation.
const (
	mustNotBeNull  = "Member must not be null"
	lengthAtLeast  = "Member must have length greater than or equal to "
	lengthAtMost   = "Member must have length less than or equal to "
	valueAtLeast   = "Member must have value greater than or equal to "
	valueAtMost    = "Member must have value less than or equal to "
	patternPrefix  = "Member must satisfy regular expression pattern: "
	enumPrefix     = "Member must satisfy enum value set: "
	namePattern    = "[a-zA-Z0-9_.-]+"
	hashKeyPattern = `0|([1-9]\d{0,38})`
	seqPattern     = `0|([1-9]\d{0,128})`
)

// violations collects input-validation failures into one ValidationException worded as AWS words it. The zero
// value is ready and allocates nothing until a violation is added.
type violations struct{ list []string }

const maxViolations = 10 // AWS lists at most ten

func (v *violations) add(value, path, constraint string) {
	if len(v.list) < maxViolations {
		v.list = append(v.list, "Value "+value+" at '"+path+"' failed to satisfy constraint: "+constraint)
	}
}

func (v *violations) err() error {
	if len(v.list) == 0 {
		return nil
	}
	s := "s"
	if len(v.list) == 1 {
		s = ""
	}
	return apierr.Validation.New("%d validation error%s detected: %s", len(v.list), s, strings.Join(v.list, "; "))
}

// pageSize checks an optional page size (0 means the default): 1–10000, as AWS's listing operations declare it.
func (v *violations) pageSize(path string, n int) {
	switch {
	case n < 0:
		v.add(quoteInt(n), path, valueAtLeast+"1")
	case n > 10000:
		v.add(quoteInt(n), path, valueAtMost+"10000")
	}
}

// quote renders a string value as AWS does in validation messages.
func quote(s string) string { return "'" + s + "'" }

// blob renders a byte payload as AWS's Java service does.
func blob(b []byte) string {
	return fmt.Sprintf("'java.nio.HeapByteBuffer[pos=0 lim=%d cap=%d]'", len(b), len(b))
}

func quoteInt(n int) string { return "'" + strconv.Itoa(n) + "'" }

// streamName checks a stream name's length and pattern.
func (v *violations) streamName(path, name string, required bool) {
	if name == "" {
		if required {
			v.add("null", path, mustNotBeNull)
		}
		return
	}
	v.name(path, name, 128)
}

// name checks a [a-zA-Z0-9_.-]+ name of at most maxLen characters.
func (v *violations) name(path, name string, maxLen int) {
	if !validName(name) {
		v.add(quote(name), path, patternPrefix+namePattern)
	}
	if len(name) > maxLen {
		v.add(quote(name), path, lengthAtMost+strconv.Itoa(maxLen))
	}
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// Messages of resource errors.

func (e *Engine) streamNotFound(name string) error {
	return apierr.ResourceNotFound.New("Stream %s under account %s not found.", name, e.cfg.accountID)
}

func (e *Engine) shardNotFound(shardID, stream string) error {
	return apierr.ResourceNotFound.New("Shard %s in stream %s under account %s does not exist", shardID, stream, e.cfg.accountID)
}

func (e *Engine) notActive(name string, status StreamStatus) error {
	return apierr.ResourceInUse.New("Stream %s under account %s not ACTIVE, instead in state %s", name, e.cfg.accountID, status)
}

func throttledMessage(shardID, stream, account string) string {
	return "Rate exceeded for shard " + shardID + " in stream " + stream + " under account " + account + "."
}

// javaDate formats t as Java's Date.toString does in UTC, the form AWS's iterator-expiry message uses.
func javaDate(t time.Time) string { return t.UTC().Format("Mon Jan 02 15:04:05 UTC 2006") }
