// Package wire is the HTTP side of the AWS protocols awssdk serves: a registry of services, each a target prefix
// (Kinesis_20131202) and a map from operation name to a typed handler, a dispatcher that picks the service and
// operation from a request (the X-Amz-Target header of AWS JSON 1.0/1.1, or the /service/S/operation/O path of
// Smithy RPCv2 CBOR), request and response codecs, and the encoding of errors the SDKs turn into their own typed
// exceptions.
//
// An operation is a plain function from a wire input struct to a wire output struct (see [Unary]); the structs
// carry json tags with the member names of the AWS model, blobs are []byte, timestamps are [Timestamp]. The same
// structs serve both protocols.
//
// A [Mux] is immutable once built and safe for concurrent use.
package wire
