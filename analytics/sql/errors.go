package sql

import "fmt"

// Error is a syntax or semantic error in SQL text, at the line and column where it was found. For a syntax error
// Expected says what the grammar allows there ("an expression", `")"`) and Found quotes the token found instead
// (`"FROM"`, or "end of input"); for a semantic error Expected is empty and Found is the offending text. Message
// is the whole explanation without the position. Match it with errors.As. An Error is a value that is never
// modified once returned.
//
// KDA's own error wording is not documented (analytics.md §1); the text has the shape users of it saw: the line,
// the column, then what was expected and what was found.
type Error struct {
	Line, Column int
	Expected     string
	Found        string
	Message      string
}

// Error reports "line L, column C: message".
func (e *Error) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Message)
}

// syntaxError is an Error for expected-but-found.
func syntaxError(p Pos, expected, found string) *Error {
	return &Error{Line: p.Line, Column: p.Column, Expected: expected, Found: found,
		Message: fmt.Sprintf("expected %s, found %s", expected, found)}
}

// semanticError is an Error for text that parses but is wrong (a duplicate column name, an unknown type).
func semanticError(p Pos, found, format string, args ...any) *Error {
	return &Error{Line: p.Line, Column: p.Column, Found: found, Message: fmt.Sprintf(format, args...)}
}
