package apierr

// The Kinesis Video Streams exceptions that Data Streams does not declare, for its three APIs: the control plane
// (aws-sdk-go-v2 service/kinesisvideo/types/errors.go), GetMedia (service/kinesisvideomedia) and archived media
// (service/kinesisvideoarchivedmedia); Kinesis Video Streams Developer Guide, API Reference. The Video APIs also
// return ResourceNotFound, InvalidArgument, ResourceInUse and AccessDenied, the sentinels of kinesis.go.
//
// Every one is of the client's fault, as the SDK classifies them. The SDKs' standard retry policy (aws-sdk-go-v2
// aws/retry/standard.go) retries none of them: they are HTTP 4xx and their codes are not among its throttle
// codes. kinesim marks retryable the two the API reference documents as throttling ("Kinesis Video Streams has
// throttled the request … Try making the call later"): ClientLimitExceeded and ConnectionLimitExceeded. The
// account and device stream limits count resources, not calls: repeating the request cannot succeed until a
// resource is deleted, so they are not retryable.
var (
	// ClientLimitExceeded: Kinesis Video Streams throttled the call because the caller exceeded the limit of
	// allowed client calls. Used by all three Video APIs. Retryable (a throttle: try the call later).
	ClientLimitExceeded = throttle("ClientLimitExceededException", "Kinesis Video Streams has throttled the request because you have exceeded the limit of allowed client calls. Try making the call later.")
	// NotAuthorized: the caller is not authorized to perform the operation on the stream, or its token has
	// expired (HTTP 401/403). Used by all three Video APIs.
	NotAuthorized = client("NotAuthorizedException", "The caller is not authorized to perform this operation.")
	// NoDataRetention: the operation needs stored media and the stream's data retention is zero hours (control
	// plane; archived media: GetImages). Used by the control plane and archived media.
	NoDataRetention = client("NoDataRetentionException", "The stream data retention in hours is equal to zero.")

	// Control plane (kinesisvideo).

	// AccountStreamLimitExceeded: the account has too many streams. Not retryable (a count, not a rate).
	AccountStreamLimitExceeded = client("AccountStreamLimitExceededException", "The number of streams created for the account is too high.")
	// AccountChannelLimitExceeded: the account has reached its limit of active signaling channels in the region.
	// Not retryable (a count, not a rate).
	AccountChannelLimitExceeded = client("AccountChannelLimitExceededException", "You have reached the maximum limit of active signaling channels for this AWS account in this region.")
	// DeviceStreamLimitExceeded: declared by the API, which documents it as "Not implemented."
	DeviceStreamLimitExceeded = client("DeviceStreamLimitExceededException", "Device stream limit exceeded.")
	// InvalidDevice: declared by the API, which documents it as "Not implemented."
	InvalidDevice = client("InvalidDeviceException", "Invalid device.")
	// InvalidResourceFormat: the StreamARN (or another resource ARN) is not well formed.
	InvalidResourceFormat = client("InvalidResourceFormatException", "The format of the StreamARN is invalid.")
	// StreamEdgeConfigurationNotFound: the stream has no edge configuration.
	StreamEdgeConfigurationNotFound = client("StreamEdgeConfigurationNotFoundException", "Kinesis Video Streams can't find the stream's edge configuration that you specified.")
	// TagsPerResourceExceededLimit: the resource would have more tags than allowed (50 for a video stream).
	TagsPerResourceExceededLimit = client("TagsPerResourceExceededLimitException", "You have exceeded the limit of tags that you can associate with the resource.")
	// VersionMismatch: the stream version given is not the stream's latest (DescribeStream gives it).
	VersionMismatch = client("VersionMismatchException", "The stream version that you specified is not the latest version.")

	// Media (kinesisvideomedia: GetMedia, and PutMedia, which the SDKs do not model).

	// ConnectionLimitExceeded: Kinesis Video Streams throttled the call because the caller exceeded the limit of
	// allowed client connections. Retryable (a throttle).
	ConnectionLimitExceeded = throttle("ConnectionLimitExceededException", "Kinesis Video Streams has throttled the request because you have exceeded the limit of allowed client connections.")
	// InvalidEndpoint: the caller used the wrong endpoint for the stream; it must call GetDataEndpoint (with
	// the access mode of the operation) and use the endpoint returned.
	InvalidEndpoint = client("InvalidEndpointException", "Caller used wrong endpoint to write data to a stream.")

	// Archived media (kinesisvideoarchivedmedia: HLS and DASH sessions, clips, images, fragments).

	// InvalidCodecPrivateData: the codec private data of a track is not valid for the operation.
	InvalidCodecPrivateData = client("InvalidCodecPrivateDataException", "The codec private data in at least one of the tracks of the video stream is not valid for this operation.")
	// InvalidMediaFrame: a frame of the requested clip could not be parsed with the specified codec.
	InvalidMediaFrame = client("InvalidMediaFrameException", "One or more frames in the requested clip could not be parsed based on the specified codec.")
	// MissingCodecPrivateData: a track of the stream has no codec private data.
	MissingCodecPrivateData = client("MissingCodecPrivateDataException", "No codec private data was found in at least one of tracks of the video stream.")
	// UnsupportedStreamMediaType: the media type could not be determined from the codec IDs of the tracks in the
	// first fragment of a playback session (track 1 should be V_MPEG/ISO/AVC or H.265, track 2 optionally A_AAC).
	UnsupportedStreamMediaType = client("UnsupportedStreamMediaTypeException", "The type of the media could not be determined from the codec IDs of the tracks in the first fragment for a playback session.")
)

// The catalogs of the three Video APIs.
var (
	videoErrors = []*Error{
		AccessDenied, AccountChannelLimitExceeded, AccountStreamLimitExceeded, ClientLimitExceeded,
		DeviceStreamLimitExceeded, InvalidArgument, InvalidDevice, InvalidResourceFormat, NoDataRetention,
		NotAuthorized, ResourceInUse, ResourceNotFound, StreamEdgeConfigurationNotFound,
		TagsPerResourceExceededLimit, VersionMismatch,
	}
	videoMediaErrors = []*Error{
		ClientLimitExceeded, ConnectionLimitExceeded, InvalidArgument, InvalidEndpoint, NotAuthorized, ResourceNotFound,
	}
	videoArchivedMediaErrors = []*Error{
		ClientLimitExceeded, InvalidArgument, InvalidCodecPrivateData, InvalidMediaFrame, MissingCodecPrivateData,
		NoDataRetention, NotAuthorized, ResourceNotFound, UnsupportedStreamMediaType,
	}
)
