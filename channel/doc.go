// Package channel is the in-process Kinesis Data Streams channels engine (CreateChannel, DescribeChannel,
// ListChannels, UpdateChannel, DeleteChannel).
package channel
