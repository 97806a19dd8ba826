// Package awssdk serves a kinesim account over the AWS wire protocols, so code written against
// aws-sdk-go-v2 (service/kinesis) runs unmodified against kinesim: in process through [NewKinesisClient] or
// [HTTPClient], or over a socket through [Handler] (cmd/kinesim-server serves one on 127.0.0.1).
//
// # Protocols
//
// The pinned SDK (service/kinesis v1.56.11) speaks AWS JSON 1.1: POST /, X-Amz-Target Kinesis_20131202.OP,
// Content-Type application/x-amz-json-1.1, blobs in base64, timestamps as epoch seconds. Errors are answered as
// AWS answers them (status 400 for a client fault, 500 for a server fault, {"__type", "message"} and the
// X-Amzn-ErrorType header), so the SDK builds its own typed exceptions (*types.ResourceNotFoundException …)
// with kinesim's messages, which follow AWS's, and its retryer retries what it retries for AWS
// (ProvisionedThroughputExceededException, LimitExceededException, 5xx).
//
// Requests are signed by the SDK (SigV4); the handler accepts any Authorization header and verifies none.
// Request bodies are read up to 16 MiB (HTTP 413 beyond).
package awssdk
