package stream

import "time"

// AWS limits that kinesim enforces (Kinesis Data Streams quotas; see the package documentation).
const (
	// MaxPutRecordsEntries is the most entries of one PutRecords call.
	MaxPutRecordsEntries = 500
	// MaxPutRecordsBytes is the most data and partition-key bytes of one PutRecords call (5 MiB).
	MaxPutRecordsBytes = 5 << 20
	// DefaultMaxRecordSizeInKiB is the default largest record (data plus partition key): 1 MiB.
	DefaultMaxRecordSizeInKiB = 1024
	// MaxMaxRecordSizeInKiB is the largest record a stream can be set to take: 10 MiB.
	MaxMaxRecordSizeInKiB = 10240

	// WriteBytesPerShard is the write throughput of a shard: 1 MiB/s, partition keys included.
	WriteBytesPerShard = 1 << 20
	// WriteRecordsPerShard is the write rate of a shard: 1,000 records/s.
	WriteRecordsPerShard = 1000
	// ReadCallsPerShard is the GetRecords rate of a shard: 5 calls/s.
	ReadCallsPerShard = 5
	// ReadBytesPerShard is the read throughput of a shard: 2 MiB/s, shared by all polling readers.
	ReadBytesPerShard = 2 << 20
	// GetShardIteratorCallsPerShard is the GetShardIterator rate of a shard: 5 calls/s.
	GetShardIteratorCallsPerShard = 5

	// MaxGetRecordsLimit is the most records one GetRecords call returns.
	MaxGetRecordsLimit = 10000
	// MaxGetRecordsBytes is the most bytes one GetRecords call returns: 10 MiB.
	MaxGetRecordsBytes = 10 << 20
	// LargeReadPenalty is how long GetRecords is throttled after a call that returned 10 MiB.
	LargeReadPenalty = 5 * time.Second

	// DefaultRetentionHours is a new stream's retention period.
	DefaultRetentionHours = 24
	// MinRetentionHours and MaxRetentionHours bound the retention period.
	MinRetentionHours = 24
	MaxRetentionHours = 8760

	// IteratorLifetime is how long a shard iterator stays valid.
	IteratorLifetime = 5 * time.Minute
	// NextTokenLifetime is how long a ListShards or ListStreams token stays valid.
	NextTokenLifetime = 300 * time.Second
	// MaxListShardsResults is the most shards one ListShards call returns.
	MaxListShardsResults = 1000
)
