// Package keys generates partition keys with the distributions real producers have, to see how they spread over
// the shards of a stream (package heat) before a real stream is paid for.
//
// # Usage
//
// Every generator is a [Generator]: Next returns the next key. Generators that draw at random take a uint64 seed
// and use a PCG source of math/rand/v2, so the same seed gives the same keys, on every platform and Go version that
// keeps PCG's definition:
//
//	g := keys.Zipf(42, 10_000, 1.1)         // 10,000 customers, a few of them very busy
//	g = keys.HotKey(42, 0.1, "tenant-0", g) // and one tenant sending a tenth of everything
//	for range 3 {
//		fmt.Println(g.Next())
//	}
//
// # Distributions
//
//   - [Uniform]: n keys, each as likely; the best case, a well-chosen key such as a device id over many devices.
//   - [Zipf]: n keys ranked by popularity, key k (from 0) drawn with probability ∝ 1/(k+1)^s: customers, products or
//     pages, where a few are much busier than the rest.
//   - [HotKey]: one key takes a fixed fraction of the records, the rest come from another generator: a noisy tenant, a
//     default or null key, a celebrity account.
//   - [Sequential]: prefix+0, prefix+1, …: order ids or timestamps used as keys; every key is new, so MD5 spreads them
//     evenly, but no key repeats.
//   - [UUID]: random version-4 UUIDs, the usual "random key"; every key is new.
//   - [FromFile], [FromReader]: keys captured from a real producer, one per line, replayed in file order and cycled;
//     [Pick] samples a list of keys uniformly instead.
//
// Keys of [Uniform] and [Zipf] are "key-0" … "key-(n−1)"; in [Zipf], key-0 is the most frequent.
//
// # Cost and concurrency
//
// Next allocates at most the key it returns (nothing when the key already exists, as with [HotKey]'s hot key or
// keys read from a file). A generator is not safe for concurrent use: give each goroutine its own, with its own seed.
package keys
