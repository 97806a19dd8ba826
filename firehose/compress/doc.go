// Package compress encodes Firehose objects in the CompressionFormat of their destination: UNCOMPRESSED, GZIP, ZIP,
// Snappy and HADOOP_SNAPPY ([Encode]), and names their file extension ([Format.Extension]). It also writes ZSTD,
// which Kinesis Data Streams channels take and Firehose does not, and reads back UNCOMPRESSED, GZIP and ZSTD
// objects ([Decode]) for the packages that consume them.
//
// It is the only package of kinesim that imports github.com/klauspost/compress, so that the codec library can be
// replaced in one place (architecture.md: each heavy third-party library is imported by exactly one package).
//
// Which source each encoding follows:
//
//   - GZIP: one gzip member (RFC 1952) holding the concatenated records; Content-Encoding "gzip".
//   - ZIP: a zip archive of a single deflated entry named with a UUID, as the floci emulator reports probing on
//     AWS (AWS's documentation does not say); the entry name is given in [Options].
//   - Snappy: the xerial snappy-java stream format — magic 0x82 "SNAPPY" 0x00, version and compatible version 1,
//     then blocks of a 4-byte big-endian length and a raw snappy block of at most 32 KiB of input —, with
//     Content-Encoding "snappy-java". AWS's documentation does not name the framing; this is what floci reports
//     probing, and it is what snappy-java's SnappyInputStream reads.
//   - HADOOP_SNAPPY: Hadoop's BlockCompressorStream framing, which Hadoop's SnappyCodec reads: frames of a 4-byte
//     big-endian uncompressed length (at most [HadoopBlockSize]) followed by one 4-byte big-endian compressed
//     length and the raw snappy block. No Go library writes it, so it is written here.
//   - ZSTD: one Zstandard frame (RFC 8878) per object, written by klauspost/compress/zstd at its default level;
//     extension ".zst". AWS documents neither the frame layout nor the extension of channel objects.
//   - Extensions: AWS's "Configure Amazon S3 object name format" page (".gz", ".zip", ".snappy", ".hsnappy").
//     floci reports ".snappy" for HADOOP_SNAPPY; kinesim follows AWS's page and says so.
package compress
