// Package md5lanes computes the MD5 digests of many short messages at once — the partition keys of a PutRecords
// batch, which Kinesis routes by MD5. A message of up to [MaxLen] bytes is one MD5 block; on amd64 with AVX2 eight
// such blocks are hashed together, one in each 32-bit lane of the vector registers, which costs about as much as
// hashing two of them one by one. Longer messages, and every message on other machines, are hashed with
// crypto/md5. The digests are exactly crypto/md5's.
//
// # Usage
//
//	var sums [500][md5.Size]byte
//	md5lanes.Sums(keys, sums[:len(keys)])
//
// The functions are pure and safe for concurrent use; they allocate nothing.
package md5lanes
