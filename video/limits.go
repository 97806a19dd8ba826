package video

import "time"

// AWS's limits of Kinesis Video Streams (Developer Guide, "Kinesis Video Streams service quotas", and API
// Reference, PutMedia, GetMedia, GetMediaForFragmentList, ListFragments, CreateStream).
const (
	// MaxFragmentBytes is the largest fragment PutMedia accepts: 50 MB (ack ErrorId 4001 past it).
	MaxFragmentBytes = 50_000_000
	// MaxFragmentDuration is the longest fragment: 10 seconds (ack ErrorId 4002 past it).
	MaxFragmentDuration = 10 * time.Second
	// MaxConnectionDuration is the longest PutMedia connection: 45 minutes (ack ErrorId 4003 past it).
	MaxConnectionDuration = 45 * time.Minute
	// MaxTracks is the most tracks a PutMedia segment may declare: 3 (ack ErrorId 4012 past it).
	MaxTracks = 3
	// MaxFragmentMetadata is the most producer metadata tags (MKV SimpleTags) one fragment may carry: 10, each
	// name at most 128 bytes and value at most 256, no name beginning with "AWS" (ack ErrorId 4009).
	MaxFragmentMetadata      = 10
	MaxFragmentMetadataName  = 128
	MaxFragmentMetadataValue = 256
	// IdleTimeout is how long a PutMedia connection may send nothing before the service closes it: 30 seconds,
	// with IDLE acknowledgements in the meantime.
	IdleTimeout = 30 * time.Second
	// IdleAckInterval is how often an idle PutMedia connection receives an IDLE acknowledgement. AWS does not
	// document the cadence; kinesim's choice.
	IdleAckInterval = 3 * time.Second
	// MaxGetMediaConnections is how many GetMedia connections a stream serves at once: 3 (soft limit);
	// ConnectionLimitExceededException past it.
	MaxGetMediaConnections = 3
	// MaxFragmentList is the most fragment numbers GetMediaForFragmentList takes: 1,000.
	MaxFragmentList = 1000
	// MaxListFragments is the largest ListFragments page (MaxResults 1–1,000).
	MaxListFragments = 1000
	// DefaultListFragments is the page size of a ListFragments without MaxResults (kinesim's choice: the
	// largest page; AWS does not document a default).
	DefaultListFragments = 1000
	// MaxRetentionHours is the longest data retention: 87,600 hours (10 years).
	MaxRetentionHours = 87_600
	// HostBufferDuration and HostBufferBytes bound the service host buffer a stream with 0 hours of retention
	// keeps its fragments in: 5 minutes and 200 MB, whichever is reached first.
	HostBufferDuration = 5 * time.Minute
	HostBufferBytes    = 200_000_000
	// MaxClipDuration, MaxClipFragments and MaxClipBytes bound GetClip: a range of at most 3 hours, 200
	// fragments, 100 MB.
	MaxClipDuration  = 3 * time.Hour
	MaxClipFragments = 200
	MaxClipBytes     = 100_000_000
	// MaxImagesRange is the longest GetImages range: 300 seconds.
	MaxImagesRange = 300 * time.Second
	// MaxTags is the most tags a stream may have: 50.
	MaxTags = 50
)

// Limits are the limits an [Engine] enforces that tests may want to lower ([WithLimits]).
type Limits struct {
	MaxFragmentBytes      int64         // default MaxFragmentBytes
	MaxFragmentDuration   time.Duration // default MaxFragmentDuration
	MaxConnectionDuration time.Duration // default MaxConnectionDuration
	// MaxStreams is the most streams of the account; 0 means the region's ([RegionStreamLimit]).
	MaxStreams int
}

// DefaultLimits returns AWS's limits.
func DefaultLimits() Limits {
	return Limits{MaxFragmentBytes: MaxFragmentBytes, MaxFragmentDuration: MaxFragmentDuration, MaxConnectionDuration: MaxConnectionDuration}
}

// RegionStreamLimit returns how many video streams an account may have in region: 2,500 in us-east-1 and
// us-west-2, 1,000 elsewhere (soft limits; AccountStreamLimitExceededException past them).
func RegionStreamLimit(region string) int {
	switch region {
	case "us-east-1", "us-west-2":
		return 2500
	}
	return 1000
}
