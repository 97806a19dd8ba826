// Package mkv reads and writes the Matroska that Kinesis Video Streams carries: the stream a producer sends to
// PutMedia (an EBML header, a Segment with Info, Tracks and Tags, then Clusters of SimpleBlocks and BlockGroups)
// and the chunks GetMedia returns (each a segment of its own with Tags before and after its one Cluster).
//
// It is a pure core: no goroutines, no clock, no locks.
//
// # Reading
//
// [Reader] reads a stream element by element ([Reader.Next] reports a header, a cluster or a Tags element) and
// never trusts a size it has not checked against its [Limits]: a cluster larger than Limits.MaxCluster (50 MB,
// PutMedia's fragment limit, by default) fails with [ErrClusterTooLarge] before its bytes are read, and header
// elements are bounded by Limits.MaxHeader. The framing — element IDs and sizes, clusters of known or unknown
// size, block heads — is this package's own code, fuzzed (FuzzReader). The header elements (EBML header, Info,
// Tracks, Tags) are decoded by github.com/at-wat/ebml-go, the one package of the module that imports it, after
// this package has checked that every element inside them fits in its parent.
//
// # Writing
//
// [NewHeader], [Header.AppendStart], [AppendCluster], [AppendSimpleBlock], [AppendTags] and [AppendChunk] append
// elements to a byte slice; ebml-go encodes the EBML header, Tracks and Tags. What they write passes ffprobe with
// nothing on stderr (the video package's tests check it with Debian's ffmpeg).
//
// # Concurrency
//
// A Reader is used by one goroutine. Headers and Clusters it returns are not changed afterwards and may be shared.
// The Append functions are safe for concurrent use.
package mkv
