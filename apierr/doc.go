// Package apierr is the catalog of the exceptions of the AWS Kinesis family — Kinesis Data Streams, Amazon Data
// Firehose, Kinesis Video Streams (its control plane, media and archived media APIs) and Kinesis Data Analytics
// for SQL — one Go error value per exception.
//
// Every error the kinesim packages return for a failed API call is an *[Error] made from one of the sentinels
// here, so callers match them with [errors.Is] whatever the message:
//
//	if errors.Is(err, apierr.ProvisionedThroughputExceeded) { back off and retry }
//
// and read the AWS code and message with [errors.As]:
//
//	var e *apierr.Error
//	if errors.As(err, &e) { log(e.Code, e.Message) }
//
// Messages follow the wording AWS uses (for example "Stream orders under account 000000000000 not found."),
// so code that inspects messages, as some Kinesis consumers do, behaves as against AWS.
//
// # One sentinel per exception name
//
// An exception name that several services declare is one sentinel: ResourceNotFoundException is [ResourceNotFound]
// whether a Kinesis stream, a Firehose stream, a video stream or an Analytics application is missing, so that
// errors.Is(err, apierr.ResourceNotFound) holds for all of them. The sentinels are in one file per service
// (kinesis.go, firehose.go, video.go, analytics.go), each shared one in the file of the first service listed by
// [Services] that declares it, with a comment naming the others. Codes are unique over the whole family, so
// [ByCode] needs no service.
//
// Besides, cloudwatch.go holds the CloudWatch exceptions that kinesim's metrics return ([InvalidParameterCombination]
// for a query of more than 1,440 datapoints, as GetMetricStatistics refuses it): CloudWatch is not one of
// [Services], but its sentinels are in the catalog.
//
// [Catalog] lists every sentinel once; [ServiceCatalog] lists the exceptions the API of one service declares
// (ServiceKinesis, ServiceFirehose, ServiceKinesisVideo, ServiceKinesisVideoMedia,
// ServiceKinesisVideoArchivedMedia, ServiceKinesisAnalytics), shared sentinels included.
//
// # Fault and retryability
//
// [Error.Fault] is "client" or "server" as the AWS SDKs classify the exception (the ErrorFault of aws-sdk-go-v2's
// generated types). [Error.Retryable], which [IsRetryable] reports, says whether the same request may succeed if
// sent again later: throttling and rate-limit exceptions and server faults are retryable, as the SDKs' standard
// retry policy treats them, and so are the Video Streams and Analytics throttles the API references document as
// "try the call later"; quotas that count resources (a stream limit per account) and every error that needs a
// different request are not. Each sentinel's comment says what it is based on.
//
// # Validation versus InvalidArgument
//
// As in AWS Kinesis Data Streams, a value that breaks a declared constraint of the input shape (a length, a
// range, a pattern, the number of list members) is a [Validation] error with a message of the form
// "1 validation error detected: Value '…' at 'partitionKey' failed to satisfy constraint: …", while a value that
// is well formed but not acceptable for the resource (a sequence number of another shard, an explicit hash key
// outside the 128-bit space) is an [InvalidArgument] error.
package apierr
