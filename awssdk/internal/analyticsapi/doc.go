// Package analyticsapi serves the Kinesis Analytics (v1, SQL) operations of an analytics.Engine over AWS JSON 1.1
// (X-Amz-Target KinesisAnalytics_20150814.*), as aws-sdk-go-v2's service/kinesisanalytics v1.31.0 calls them:
// CreateApplication with its SQL ApplicationCode, inputs and outputs, AddApplicationInput, AddApplicationOutput,
// AddApplicationReferenceDataSource, DeleteApplicationOutput, DeleteApplicationReferenceDataSource,
// Add/DeleteApplicationCloudWatchLoggingOption, UpdateApplication (its ApplicationCodeUpdate and
// CloudWatchLoggingOptionUpdates), Start/Stop/Describe/List/DeleteApplication, DiscoverInputSchema, and tags
// (CreateApplication's Tags, TagResource, UntagResource, ListTagsForResource). CloudWatch logging options are
// recorded and described, and no log is written. Its shapes are the API reference's (api_op_*.go and types of the
// SDK); members the engine does not implement (input processing, InputUpdates, OutputUpdates,
// ReferenceDataSourceUpdates) are refused by name.
//
// The service holds no state of its own and is safe for concurrent use.
package analyticsapi
