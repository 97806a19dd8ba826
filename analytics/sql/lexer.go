package sql

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind is the kind of a lexical token.
type tokenKind int

const (
	tokEOF    tokenKind = iota
	tokWord             // unquoted identifier or keyword; text is upper-cased
	tokQuoted           // "quoted identifier"; text is the name, "" undone
	tokString           // 'string'; text is the value, '' undone
	tokNumber           // 12, 8.0, .5, 1E5; text as written
	tokOp               // punctuation and operators: ( ) , . ; * + - / % || = <> != < <= > >=
)

// token is one lexical token with the position of its first character.
type token struct {
	kind tokenKind
	text string
	pos  Pos
}

// describe quotes the token the way errors name what was found.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokQuoted:
		return strconv.Quote(`"` + t.text + `"`)
	case tokString:
		return strconv.Quote("'" + t.text + "'")
	}
	return strconv.Quote(t.text)
}

// lexer splits SQL text into tokens, skipping white space and comments (-- to the end of the line, /* … */).
type lexer struct {
	src  string
	off  int
	line int
	col  int
}

func newLexer(src string) *lexer { return &lexer{src: src, line: 1, col: 1} }

// peekAt returns the rune k bytes after the current offset, or -1 at the end.
func (l *lexer) peekAt(k int) rune {
	if l.off+k >= len(l.src) {
		return -1
	}
	if b := l.src[l.off+k]; b < utf8.RuneSelf {
		return rune(b)
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.off+k:])
	return r
}

// advance consumes one rune, keeping line and column.
func (l *lexer) advance() rune {
	r, n := rune(l.src[l.off]), 1
	if r >= utf8.RuneSelf {
		r, n = utf8.DecodeRuneInString(l.src[l.off:])
	}
	l.off += n
	if r == '\n' {
		l.line++
		l.col = 1
	} else {
		l.col++
	}
	return r
}

func (l *lexer) pos() Pos { return Pos{Line: l.line, Column: l.col} }

// next returns the next token, or an *Error for text that is no token (an unterminated string, quoted
// identifier or comment, a stray character).
func (l *lexer) next() (token, *Error) {
	if err := l.skipSpace(); err != nil {
		return token{}, err
	}
	start := l.pos()
	if l.off >= len(l.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	r := l.peekAt(0)
	switch {
	case r == '_' || unicode.IsLetter(r):
		begin := l.off
		for r := l.peekAt(0); r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r); r = l.peekAt(0) {
			l.advance()
		}
		return token{kind: tokWord, text: strings.ToUpper(l.src[begin:l.off]), pos: start}, nil
	case r >= '0' && r <= '9' || r == '.' && isDigit(l.peekAt(1)):
		return l.number(start)
	case r == '"':
		text, err := l.quoted('"', start, `a closing " of the quoted identifier`)
		if err != nil {
			return token{}, err
		}
		if text == "" {
			return token{}, semanticError(start, `""`, "a quoted identifier cannot be empty")
		}
		return token{kind: tokQuoted, text: text, pos: start}, nil
	case r == '\'':
		text, err := l.quoted('\'', start, "a closing ' of the string")
		if err != nil {
			return token{}, err
		}
		return token{kind: tokString, text: text, pos: start}, nil
	}
	l.advance()
	if l.off < len(l.src) {
		switch two := l.src[l.off-1 : l.off+1]; two {
		case "||", "<>", "!=", "<=", ">=":
			l.advance()
			return token{kind: tokOp, text: two, pos: start}, nil
		}
	}
	if r < utf8.RuneSelf && strings.ContainsRune("(),.;*+-/%=<>", r) {
		return token{kind: tokOp, text: l.src[l.off-1 : l.off], pos: start}, nil
	}
	if r == utf8.RuneError {
		return token{}, syntaxError(start, "a token", "invalid UTF-8")
	}
	return token{}, syntaxError(start, "a token", strconv.QuoteRune(r))
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// number reads digits [. digits] [E [+-] digits].
func (l *lexer) number(start Pos) (token, *Error) {
	begin := l.off
	for isDigit(l.peekAt(0)) {
		l.advance()
	}
	if l.peekAt(0) == '.' {
		l.advance()
		for isDigit(l.peekAt(0)) {
			l.advance()
		}
	}
	if e := l.peekAt(0); e == 'e' || e == 'E' {
		k := 1
		if s := l.peekAt(1); s == '+' || s == '-' {
			k = 2
		}
		if !isDigit(l.peekAt(k)) {
			l.advance()
			return token{}, syntaxError(l.pos(), "the digits of the exponent", strconv.QuoteRune(l.peekAt(k-1)))
		}
		for ; k > 0; k-- {
			l.advance()
		}
		for isDigit(l.peekAt(0)) {
			l.advance()
		}
	}
	if r := l.peekAt(0); r == '_' || unicode.IsLetter(r) {
		return token{}, syntaxError(l.pos(), "white space or an operator after the number", strconv.QuoteRune(r))
	}
	return token{kind: tokNumber, text: strings.ToUpper(l.src[begin:l.off]), pos: start}, nil
}

// quoted reads text between quote characters, a doubled quote standing for one.
func (l *lexer) quoted(q rune, start Pos, expected string) (string, *Error) {
	l.advance()
	var b strings.Builder
	for {
		if l.off >= len(l.src) {
			return "", syntaxError(l.pos(), expected, "end of input")
		}
		r := l.advance()
		if r == q {
			if l.peekAt(0) != q {
				return b.String(), nil
			}
			l.advance()
		}
		b.WriteRune(r)
	}
}

// skipSpace skips white space and comments.
func (l *lexer) skipSpace() *Error {
	for l.off < len(l.src) {
		r := l.peekAt(0)
		switch {
		case unicode.IsSpace(r):
			l.advance()
		case r == '-' && l.peekAt(1) == '-':
			// The comment runs to the end of the line: skip it at once, counting its characters.
			end := strings.IndexByte(l.src[l.off:], '\n')
			if end < 0 {
				end = len(l.src) - l.off
			}
			l.col += utf8.RuneCountInString(l.src[l.off : l.off+end])
			l.off += end
		case r == '/' && l.peekAt(1) == '*':
			l.advance()
			l.advance()
			for {
				if l.off >= len(l.src) {
					return syntaxError(l.pos(), "*/ closing the comment", "end of input")
				}
				if l.peekAt(0) == '*' && l.peekAt(1) == '/' {
					l.advance()
					l.advance()
					break
				}
				l.advance()
			}
		default:
			return nil
		}
	}
	return nil
}
