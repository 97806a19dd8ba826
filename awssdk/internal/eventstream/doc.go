// Package eventstream encodes and decodes the AWS event stream framing (application/vnd.amazon.eventstream),
// the binary messages SubscribeToShard's response streams: each message is a prelude (total length, headers
// length, both big-endian uint32, and the CRC32 of those 8 bytes), the headers, the payload and the CRC32
// (IEEE) of everything before it. A header is a name of 1–255 bytes, a type byte and a value: bool (types 0 and
// 1, no value bytes), int8, int16, int32, int64, bytes and string (a uint16 length, at most 32,767), timestamp (int64
// milliseconds since the epoch) or UUID (16 bytes).
//
// Source: "Event stream encoding" in the AWS SDKs' documentation
// (https://docs.aws.amazon.com/transcribe/latest/dg/event-stream.html and the AWS Signature Version 4 event
// stream description), checked against the pinned SDK's decoder (github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream).
//
// Decoding is bounded: a message declares at most [MaxHeadersLength] bytes of headers and [MaxPayloadLength]
// bytes of payload, or it is refused before its body is read. The functions are safe for concurrent use; a
// [Decoder] is not.
package eventstream
