// Package md5lanes computes the MD5 digests of many short messages at once — the partition keys of a PutRecords
// batch, which Kinesis routes by MD5. A message of up to [MaxLen] bytes is one MD5 block; on amd64 with AVX2
// sixteen such blocks are hashed together, as two interleaved groups of eight (one message in each 32-bit lane of
// the vector registers), which costs about a fifth of hashing them one by one with crypto/md5 (40 against 200 ns
// per key here). Longer messages, and every message on other machines, are hashed with crypto/md5. The digests
// are exactly crypto/md5's.
//
// github.com/minio/md5-simd (v1.1.2) was measured first and not adopted: it is built for long streams, each
// hasher feeding a server goroutine through channels, and hashing 500 short keys with 16 hashers cost 2,067 ns per
// key against crypto/md5's 188.
//
// # Usage
//
//	var sums [500][md5.Size]byte
//	md5lanes.Sums(keys, sums[:len(keys)])
//
// The functions are pure and safe for concurrent use; they allocate nothing.
package md5lanes
