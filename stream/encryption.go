package stream

import (
	"context"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/internal/quota"
	"github.com/kinesim/kinesim/internal/status"
	"github.com/kinesim/kinesim/internal/validate"
	"github.com/kinesim/kinesim/record"
)

// Server-side encryption. StartStreamEncryption and StopStreamEncryption keep AWS's contract — validation, the
// UPDATING → ACTIVE transition, the 25-per-day limits, the encryption type that puts and descriptions report —
// but kinesim does no cryptography and calls no KMS: records are stored as they are given, and every well-formed
// key id is taken as an enabled key the caller may use. A test control can fail a call with the KMS exceptions
// (apierr.KMSDisabled and the others) to exercise a caller's handling of them.

// Encryption limits (StartStreamEncryption and StopStreamEncryption API reference, "API Limits").
const (
	// MaxEncryptionStartsPerDay is how many times a stream's encryption can be started (or its key changed) in a
	// rolling 24 hours.
	MaxEncryptionStartsPerDay = 25
	// MaxEncryptionStopsPerDay is how many times a stream's encryption can be stopped in a rolling 24 hours.
	MaxEncryptionStopsPerDay = 25
	// MaxKeyIDLength is the longest KeyId (API model shapes.KeyId: 1–2048 characters).
	MaxKeyIDLength = 2048
	// KinesisManagedKey is the alias of the KMS key that Kinesis Data Streams owns.
	KinesisManagedKey = "alias/aws/kinesis"
)

// EncryptionInput is the input of [Engine.StartStreamEncryption] and [Engine.StopStreamEncryption].
type EncryptionInput struct {
	StreamRef
	// EncryptionType must be KMS.
	EncryptionType string
	// KeyId names the KMS key: a key id (12345678-1234-1234-1234-123456789012, or mrk-… for a multi-Region key),
	// a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), an alias ARN (arn:aws:kms:REGION:ACCOUNT:alias/NAME), an alias
	// name (alias/NAME), or the Kinesis-owned key alias/aws/kinesis; 1–2048 characters.
	KeyId string
}

// encryption is a stream's server-side encryption state.
type encryption struct {
	kms           atomic.Bool   // records written now are encrypted; read on the put path without locks
	keyID         string        // the key of an encrypted stream; guarded by the stream's lock
	starts, stops quota.Rolling // successful calls of the last 24 hours; guarded by the stream's lock
}

// encryptionType is the encryption type of a record written now: KMS or NONE.
func (s *dataStream) encryptionType() string {
	if s.enc.kms.Load() {
		return EncryptionKMS
	}
	return EncryptionNone
}

// StartStreamEncryption encrypts the records written to a stream from now on with a KMS key, or changes the key
// of an encrypted stream. The stream is UPDATING for the engine's update delay (see [WithStatusDelays]), during
// which reads and writes go on unencrypted; once it is ACTIVE again, DescribeStream(Summary) report
// EncryptionType KMS and the KeyId, and PutRecord and PutRecords report EncryptionType KMS. At most 25 calls
// succeed per stream in a rolling 24 hours. kinesim does no cryptography and calls no KMS (see above).
//
// Errors: Validation (a missing or unknown EncryptionType, a KeyId of 0 or over 2048 characters),
// InvalidArgument (EncryptionType NONE, a bad StreamARN), KMSNotFound (a KeyId that is none of the forms above),
// ResourceInUse (the stream is not ACTIVE), LimitExceeded (a 26th call in 24 hours), ResourceNotFound.
func (e *Engine) StartStreamEncryption(ctx context.Context, in EncryptionInput) error {
	if _, err := begin(e, ctx, OpStartStreamEncryption, &in); err != nil {
		return err
	}
	return e.changeEncryption(in, true)
}

// StopStreamEncryption stops encrypting the records written to a stream: once the UPDATING delay is over, puts
// and descriptions report EncryptionType NONE and no KeyId. Records already written keep being readable. At most
// 25 calls succeed per stream in a rolling 24 hours. The input is checked as for [Engine.StartStreamEncryption];
// the key need not be the stream's, and stopping a stream that is not encrypted succeeds (AWS documents neither
// as an error).
//
// Errors: as [Engine.StartStreamEncryption].
func (e *Engine) StopStreamEncryption(ctx context.Context, in EncryptionInput) error {
	if _, err := begin(e, ctx, OpStopStreamEncryption, &in); err != nil {
		return err
	}
	return e.changeEncryption(in, false)
}

func (e *Engine) changeEncryption(in EncryptionInput, start bool) error {
	if err := checkEncryption(in, start); err != nil {
		return err
	}
	return e.modify(in.StreamRef, func(s *dataStream, now time.Time) error {
		if !s.state.Is(status.Active) {
			return e.notActive(s.name, s.streamStatus())
		}
		q, what := s.enc.quota(start)
		if q.Full(now) {
			return apierr.LimitExceeded.New("Stream %s under account %s has exceeded the limit of %d %s in a rolling 24-hour period.", s.name, e.cfg.Account.ID, q.Max, what)
		}
		key := in.KeyId
		c := change{set: func(s *dataStream, _ time.Time) {
			if start {
				s.enc.keyID = key
			} else {
				s.enc.keyID = ""
			}
			s.enc.kms.Store(start)
			for _, sh := range s.open {
				sh.mu.Lock()
				sh.markEncryption(start)
				sh.mu.Unlock()
			}
		}}
		if err := s.schedule(now, c); err != nil {
			return err
		}
		q.Take(now)
		return nil
	})
}

// quota returns the rolling limit of starts or of stops, set up on first use, and how its message names the calls.
// The stream's lock must be held for writing.
func (enc *encryption) quota(start bool) (*quota.Rolling, string) {
	q, limit, what := &enc.stops, MaxEncryptionStopsPerDay, "StopStreamEncryption calls"
	if start {
		q, limit, what = &enc.starts, MaxEncryptionStartsPerDay, "StartStreamEncryption calls"
	}
	if q.Max == 0 {
		*q = quota.Rolling{Max: limit, Window: quota.Day}
	}
	return q, what
}

// checkEncryption validates the input of StartStreamEncryption (start) or StopStreamEncryption.
func checkEncryption(in EncryptionInput, start bool) error {
	var v validate.Violations
	if v.Required("encryptionType", in.EncryptionType) {
		v.Enum("encryptionType", in.EncryptionType, EncryptionKMS, EncryptionNone)
	}
	if v.Required("keyId", in.KeyId) {
		v.Length("keyId", in.KeyId, len(in.KeyId), 1, MaxKeyIDLength)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if in.EncryptionType != EncryptionKMS {
		op := "StopStreamEncryption"
		if start {
			op = "StartStreamEncryption"
		}
		return apierr.InvalidArgument.New("Encryption type %s is not supported by %s. The only valid value is KMS.", in.EncryptionType, op)
	}
	if !validKeyID(in.KeyId) {
		return apierr.KMSNotFound.New("Invalid keyId %s", in.KeyId)
	}
	return nil
}

// validKeyID reports whether id has one of the forms of a KMS key id that StartStreamEncryption documents: a key
// id, a key ARN, an alias ARN or an alias name.
func validKeyID(id string) bool {
	if strings.HasPrefix(id, "arn:") {
		a, err := arn.Parse(id)
		if err != nil || a.Service != "kms" || !strings.HasPrefix(a.Partition, "aws") || a.Region == "" || arn.CheckAccountID(a.AccountID) != nil {
			return false
		}
		if k, ok := strings.CutPrefix(a.Resource, "key/"); ok {
			return isKeyID(k)
		}
		return isAlias(a.Resource)
	}
	return isKeyID(id) || isAlias(id)
}

// isKeyID reports whether s is a KMS key id: a GUID of lower- or upper-case hex digits, or "mrk-" and 32 hex digits
// (a multi-Region key).
func isKeyID(s string) bool {
	if h, ok := strings.CutPrefix(s, "mrk-"); ok {
		return len(h) == 32 && allHex(h)
	}
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return false
			}
		} else if !allHex(s[i : i+1]) {
			return false
		}
	}
	return true
}

// isAlias reports whether s is "alias/" and an alias name of 1–250 characters of [a-zA-Z0-9/_-] (KMS
// CreateAlias's AliasName: 1–256 characters in all).
func isAlias(s string) bool {
	name, ok := strings.CutPrefix(s, "alias/")
	if !ok || name == "" || len(s) > 256 {
		return false
	}
	for i := range len(name) {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '/' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func allHex(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// An encMark says that the records of a shard from position pos on (up to the next mark) were written encrypted
// (kms) or not. A shard's marks are in position order; a shard without marks holds no encrypted record.
type encMark struct {
	pos uint64
	kms bool
}

// initialMarks are the marks of a shard made now: all of its records are encrypted if the stream is.
func (enc *encryption) initialMarks() []encMark {
	if enc.kms.Load() {
		return []encMark{{pos: 0, kms: true}}
	}
	return nil
}

// markEncryption records that the shard's records from the next one on are encrypted (kms) or not, dropping the
// marks that only cover records already expired. sh.mu and the stream's lock must be held (for writing, so that no
// put is under way).
func (sh *shardState) markEncryption(kms bool) {
	pos, trim := sh.log.Next(), sh.log.TrimHorizon()
	m := sh.encMarks
	for len(m) > 0 && m[len(m)-1].pos >= pos { // no record was written since: the last mark is superseded
		m = m[:len(m)-1]
	}
	if encrypted := len(m) > 0 && m[len(m)-1].kms; encrypted != kms {
		drop := 0
		for drop+1 < len(m) && m[drop+1].pos <= trim {
			drop++
		}
		m = append(m[:0], m[drop:]...)
		m = append(m, encMark{pos: pos, kms: kms})
	}
	sh.encMarks = m
}

// setEncryption sets the EncryptionType of records read from the shard, the first at position first: KMS for
// those written encrypted. sh.mu must be held.
func (sh *shardState) setEncryption(recs []record.Record, first uint64) {
	m := sh.encMarks
	if len(m) == 0 {
		return
	}
	j := 0 // the marks before m[j] start at or before the current record
	for i := range recs {
		pos := first + uint64(i)
		for j < len(m) && m[j].pos <= pos {
			j++
		}
		if j > 0 && m[j-1].kms {
			recs[i].EncryptionType = EncryptionKMS
		}
	}
}
