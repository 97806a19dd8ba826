package token_test

import (
	"fmt"
	"time"

	"github.com/kinesim/kinesim/internal/token"
)

// A service issues a pagination token holding when it was made and where the next page starts, and takes it back;
// a token edited by the client, or made by another service's signer, does not open.
func Example() {
	const kindPage = 'P'
	tokens := token.NewSigner(1, "example pagination")

	w := tokens.New(kindPage)
	w.Time(time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC))
	w.Str("orders-0042")
	next := tokens.Seal(w)

	var buf [token.MaxBody]byte
	r, ok := tokens.Open(next, kindPage, &buf)
	created, after := r.Time(), r.Str()
	fmt.Println(ok, r.Done(), r.Serial(), created.Format(time.DateTime), after)

	edited := next[:5] + string(next[5]^1) + next[6:]
	_, ok = tokens.Open(edited, kindPage, &buf)
	fmt.Println("edited:", ok)
	_, ok = token.NewSigner(1, "another service").Open(next, kindPage, &buf)
	fmt.Println("another signer:", ok)
	// Output:
	// true true 1 2024-01-01 12:00:00 orders-0042
	// edited: false
	// another signer: false
}
