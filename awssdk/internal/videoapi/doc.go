// Package videoapi serves Kinesis Video Streams (package video) over AWS's REST-JSON protocol: the control plane
// that aws-sdk-go-v2's service/kinesisvideo calls (POST /createStream, /describeStream, /listStreams,
// /updateStream, /deleteStream, /updateDataRetention, /tagStream, /untagStream, /listTagsForStream,
// /TagResource, /UntagResource, /ListTagsForResource, /getDataEndpoint) and the media endpoints the Go SDK does
// not model but boto3 and AWS's producer SDKs call: /putMedia (the MKV body read as it arrives, the
// acknowledgements streamed back as JSON lines), /getMedia (a live body of chunks), /listFragments,
// /getMediaForFragmentList, /getClip (Matroska, where AWS answers MP4) and /getImages (with ffmpeg on the server's
// PATH; without it a 501 NotImplementedException naming the reason). Errors are written as REST-JSON writes them: the X-Amzn-ErrorType header and a JSON
// body with the message.
package videoapi
