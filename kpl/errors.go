package kpl

import "errors"

// Errors of the package, matched with errors.Is. AWS exceptions that fail a user record (a non-retryable error of
// PutRecords, ProvisionedThroughputExceededException with [WithFailIfThrottled]) are apierr values.
var (
	// ErrClosed is returned by [Producer.Put] and [Producer.Flush] after [Producer.Close].
	ErrClosed = errors.New("kpl: producer closed")
	// ErrNilContext is returned by a call given a nil context.Context; the call changes nothing.
	ErrNilContext = errors.New("kpl: nil context.Context")
	// ErrNilClient is returned by [New] without a [Client].
	ErrNilClient = errors.New("kpl: nil Client")
	// ErrInvalidOption is returned by [New] for an option outside its range.
	ErrInvalidOption = errors.New("kpl: invalid option")
	// ErrInvalidRecord is returned by [Producer.Put] for a user record the KPL refuses: a partition key that is not
	// 1 to 256 characters, an explicit hash key that is not a decimal in 0 … 2^128−1, or data and partition key
	// above [MaxUserRecordSize].
	ErrInvalidRecord = errors.New("kpl: invalid user record")
	// ErrExpired fails a user record that could not be put within its RecordTtl ([WithRecordTTL]); it wraps the
	// error of the last attempt, if there was one.
	ErrExpired = errors.New("kpl: user record expired (RecordTtl) before it was put")
)
