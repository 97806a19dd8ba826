package stream

import (
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/token"
	"github.com/kinesim/kinesim/shard"
)

// The engine's tokens (package token): shard iterators, ListShards and ListStreams NextTokens. They are signed
// with a key derived from the engine's seed ([WithSeed]), so a seeded engine issues the same tokens for the same
// calls, and a token of another engine is invalid.
const (
	kindIterator  = 'I'
	kindShardList = 'L'
	kindList      = 'S'
)

// iterator is the decoded content of a shard iterator.
type iterator struct {
	serial  uint64 // the token's serial number (set when decoded)
	stream  string
	epoch   uint32
	shard   uint32
	pos     uint64
	created time.Time
}

func (e *Engine) encodeIterator(it iterator) string {
	w := e.tokens.New(kindIterator)
	w.U32(it.epoch)
	w.U32(it.shard)
	w.U64(it.pos)
	w.Time(it.created)
	w.Str(it.stream)
	return e.tokens.Seal(w)
}

func (e *Engine) decodeIterator(tok string) (iterator, bool) {
	var buf [token.MaxBody]byte
	r, ok := e.tokens.Open(tok, kindIterator, &buf)
	if !ok {
		return iterator{}, false
	}
	it := iterator{serial: r.Serial(), epoch: r.U32(), shard: r.U32(), pos: r.U64(), created: r.Time(), stream: r.Str()}
	return it, r.Done()
}

func (e *Engine) encodeShardToken(q shardQuery, now time.Time) string {
	w := e.tokens.New(kindShardList)
	w.Time(now)
	w.U32(q.epoch)
	w.U32(uint32(int32(q.after)))
	w.Str(string(q.filter))
	w.U64(uint64(shard.UnixMilli(q.ts)))
	w.Str(q.stream)
	return e.tokens.Seal(w)
}

func (e *Engine) decodeShardToken(tok string, now time.Time) (shardQuery, error) {
	var buf [token.MaxBody]byte
	r, ok := e.tokens.Open(tok, kindShardList, &buf)
	if !ok {
		return shardQuery{}, invalidNextToken()
	}
	created := r.Time()
	q := shardQuery{epoch: r.U32(), fromToken: true, after: int(int32(r.U32())), filter: ShardFilterType(r.Str())}
	ms := int64(r.U64())
	q.stream = r.Str()
	if !r.Done() {
		return shardQuery{}, invalidNextToken()
	}
	if q.filter == FilterAtTimestamp || q.filter == FilterFromTimestamp {
		q.ts = time.UnixMilli(ms).UTC()
	}
	if now.Sub(created) > NextTokenLifetime {
		return shardQuery{}, expiredNextToken()
	}
	return q, nil
}

func (e *Engine) encodeListToken(now time.Time, after string) string {
	w := e.tokens.New(kindList)
	w.Time(now)
	w.Str(after)
	return e.tokens.Seal(w)
}

func (e *Engine) decodeListToken(tok string, now time.Time) (string, error) {
	var buf [token.MaxBody]byte
	r, ok := e.tokens.Open(tok, kindList, &buf)
	if !ok {
		return "", invalidNextToken()
	}
	created, after := r.Time(), r.Str()
	if !r.Done() {
		return "", invalidNextToken()
	}
	if now.Sub(created) > NextTokenLifetime {
		return "", expiredNextToken()
	}
	return after, nil
}

func invalidNextToken() error { return apierr.InvalidArgument.New("Invalid NextToken.") }

func expiredNextToken() error {
	return apierr.ExpiredNextToken.New("The pagination token passed to the operation is expired.")
}
