package video

import "time"

// StreamStatus is a video stream's status, as AWS spells it.
type StreamStatus string

// The statuses of a video stream. kinesim's streams are ACTIVE as soon as CreateStream returns and gone as soon as
// DeleteStream returns.
const (
	StatusCreating StreamStatus = "CREATING"
	StatusActive   StreamStatus = "ACTIVE"
	StatusUpdating StreamStatus = "UPDATING"
	StatusDeleting StreamStatus = "DELETING"
)

// StreamInfo describes a video stream (DescribeStream, ListStreams).
type StreamInfo struct {
	CreationTime         time.Time
	DataRetentionInHours int32
	DeviceName           string
	KmsKeyId             string // the KMS key recorded; "arn:aws:kms:…:alias/aws/kinesisvideo" by default
	MediaType            string
	Status               StreamStatus
	StreamARN            string
	StreamName           string
	Version              string
}

// CreateStreamInput is the input of [Engine.CreateStream].
type CreateStreamInput struct {
	StreamName           string // required, 1–256 of [a-zA-Z0-9_.-]
	DataRetentionInHours int32  // 0 (the default: the host buffer only) or 1–87,600
	DeviceName           string // 1–128 of [a-zA-Z0-9_.-], optional
	KmsKeyId             string // 1–2048 characters, optional
	MediaType            string // e.g. "video/h264", 1–128 of [\w\-\.\+]+/[\w\-\.\+]+ (comma-separated list), optional
	Tags                 map[string]string
}

// CreateStreamOutput is the output of [Engine.CreateStream].
type CreateStreamOutput struct{ StreamARN string }

// StreamRef names a stream by name or ARN, exactly one of them.
type StreamRef struct {
	StreamName string
	StreamARN  string
}

// DescribeStreamInput is the input of [Engine.DescribeStream].
type DescribeStreamInput = StreamRef

// DescribeStreamOutput is the output of [Engine.DescribeStream].
type DescribeStreamOutput struct{ StreamInfo StreamInfo }

// StreamNameCondition filters ListStreams: ComparisonOperator BEGINS_WITH (the only one, and the default) and
// the prefix.
type StreamNameCondition struct {
	ComparisonOperator string
	ComparisonValue    string
}

// ListStreamsInput is the input of [Engine.ListStreams].
type ListStreamsInput struct {
	MaxResults          int32 // 1–10,000; 0 means 10,000
	NextToken           string
	StreamNameCondition *StreamNameCondition
}

// ListStreamsOutput is the output of [Engine.ListStreams].
type ListStreamsOutput struct {
	StreamInfoList []StreamInfo
	NextToken      string
}

// DeleteStreamInput is the input of [Engine.DeleteStream].
type DeleteStreamInput struct {
	StreamARN      string // required
	CurrentVersion string // optional: the delete fails with VersionMismatchException if it is not the stream's
}

// UpdateStreamInput is the input of [Engine.UpdateStream].
type UpdateStreamInput struct {
	StreamName, StreamARN string
	CurrentVersion        string // required
	DeviceName            string // kept when empty
	MediaType             string // kept when empty
}

// UpdateDataRetentionOperation says which way [Engine.UpdateDataRetention] changes the retention.
type UpdateDataRetentionOperation string

// The operations of UpdateDataRetention.
const (
	IncreaseDataRetention UpdateDataRetentionOperation = "INCREASE_DATA_RETENTION"
	DecreaseDataRetention UpdateDataRetentionOperation = "DECREASE_DATA_RETENTION"
)

// UpdateDataRetentionInput is the input of [Engine.UpdateDataRetention].
type UpdateDataRetentionInput struct {
	StreamName, StreamARN      string
	CurrentVersion             string                       // required
	Operation                  UpdateDataRetentionOperation // required
	DataRetentionChangeInHours int32                        // required, ≥ 1: added to or taken from the retention
}

// TagStreamInput is the input of [Engine.TagStream].
type TagStreamInput struct {
	StreamName, StreamARN string
	Tags                  map[string]string
}

// UntagStreamInput is the input of [Engine.UntagStream].
type UntagStreamInput struct {
	StreamName, StreamARN string
	TagKeyList            []string
}

// ListTagsForStreamInput is the input of [Engine.ListTagsForStream].
type ListTagsForStreamInput struct {
	StreamName, StreamARN string
	NextToken             string
}

// ListTagsOutput is the output of [Engine.ListTagsForStream] and [Engine.ListTagsForResource].
type ListTagsOutput struct {
	Tags      map[string]string
	NextToken string
}

// Tag is one key and value (TagResource).
type Tag struct{ Key, Value string }

// TagResourceInput is the input of [Engine.TagResource].
type TagResourceInput struct {
	ResourceARN string
	Tags        []Tag
}

// UntagResourceInput is the input of [Engine.UntagResource].
type UntagResourceInput struct {
	ResourceARN string
	TagKeyList  []string
}

// ListTagsForResourceInput is the input of [Engine.ListTagsForResource].
type ListTagsForResourceInput struct {
	ResourceARN string
	NextToken   string
}

// APIName names a data-plane API whose endpoint [Engine.GetDataEndpoint] returns.
type APIName string

// The APIs of GetDataEndpoint.
const (
	APIPutMedia                   APIName = "PUT_MEDIA"
	APIGetMedia                   APIName = "GET_MEDIA"
	APIListFragments              APIName = "LIST_FRAGMENTS"
	APIGetMediaForFragmentList    APIName = "GET_MEDIA_FOR_FRAGMENT_LIST"
	APIGetHLSStreamingSessionURL  APIName = "GET_HLS_STREAMING_SESSION_URL"
	APIGetDASHStreamingSessionURL APIName = "GET_DASH_STREAMING_SESSION_URL"
	APIGetClip                    APIName = "GET_CLIP"
	APIGetImages                  APIName = "GET_IMAGES"
)

// GetDataEndpointInput is the input of [Engine.GetDataEndpoint].
type GetDataEndpointInput struct {
	StreamName, StreamARN string
	APIName               APIName // required
}

// GetDataEndpointOutput is the output of [Engine.GetDataEndpoint].
type GetDataEndpointOutput struct{ DataEndpoint string }
