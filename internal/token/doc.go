// Package token makes the opaque, tamper-evident tokens AWS services hand to callers and take back: shard
// iterators, pagination NextTokens, continuation tokens. A token is a version byte, a kind byte, a serial number,
// the fields the service writes, and a 12-byte tag (the first 12 bytes of SHA-256(key ‖ body)), all in unpadded
// URL-safe base64. A token edited, truncated, extended, or made with another key or as another kind fails
// [Signer.Open].
//
// A [Signer]'s key derives from a seed and a purpose, so a seeded service issues the same tokens for the same
// calls, and two services (or two uses) with the same seed do not accept each other's tokens. Every token carries
// a serial number, so no two tokens a Signer issues are equal (a client that compares the iterator it sent with
// the one it got back sees a fresh one every time), and a service can expire every token issued so far by
// remembering the last serial ([Signer.Serial]).
//
// # Usage
//
// A service makes one Signer, chooses a kind byte per token type, and writes and reads the fields in the same
// order:
//
//	tokens := token.NewSigner(seed, "firehose tokens")
//	const kindPage = 'P'
//
//	w := tokens.New(kindPage)
//	w.Time(now)
//	w.Str(lastName)
//	next := tokens.Seal(w)
//
//	var buf [token.MaxBody]byte
//	r, ok := tokens.Open(next, kindPage, &buf)
//	created, after := r.Time(), r.Str()
//	if !ok || !r.Done() {
//		return apierr.InvalidArgument.New("Invalid NextToken.")
//	}
//
// Fields that do not fit a token of [MaxBody] bytes (tag included) make a token that does not open: a service
// bounds what it writes (a name of at most 128 bytes, say).
package token
