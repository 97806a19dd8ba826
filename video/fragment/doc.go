// Package fragment is the pure core of a Kinesis video stream's storage: its fragments in ingestion order, each
// with its fragment number (a decimal string as long as AWS's), producer and server timestamps, duration and
// size, looked up by number ([Index.Get], [Index.Parse]) and by time ([Index.SeekTime], [Index.Range]), and
// expired by retention given now ([Index.Expire]), which frees the expired fragments' slots at once.
//
// The core is given the time and starts nothing; package video owns the lock, the clock and the expiry timer.
// An [Index] is not safe for concurrent use.
package fragment
