// Package kinesisapi maps the Kinesis Data Streams API (service Kinesis_20131202 of the AWS model, as the pinned
// aws-sdk-go-v2 service/kinesis serializes it) onto a *stream.Engine: one file per operation, each a wire input
// struct decoded from the request, one engine call and a wire output struct. [WithChannels] adds the channel
// operations, served by a [Channels] engine (*channel.Engine). The json tags are the member names
// of the model; pointers mark members whose absence differs from their zero value.
//
// The service is immutable and safe for concurrent use, as the engine is.
package kinesisapi
