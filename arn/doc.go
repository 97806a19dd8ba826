// Package arn is the account identity of kinesim and the Amazon Resource Names (ARNs) of the Kinesis family, in
// one place, so that every service formats and parses them the same way.
//
// The package is a leaf: it imports only the standard library, starts no goroutines and never reads a clock. Its
// values are small, comparable and safe to copy and share between goroutines.
//
// # Accounts
//
// An [Account] is an AWS account id and a region; the partition follows from the region ([PartitionOf]: "aws-cn"
// for cn-*, "aws-us-gov" for us-gov-*, the ISO and European Sovereign Cloud partitions for theirs, "aws"
// otherwise). kinesim's default is [DefaultAccount], "000000000000" in "us-east-1". [NewAccount] checks the shape
// of both ([CheckAccountID], [CheckRegion]):
//
//	acct, err := arn.NewAccount("123456789012", "eu-west-1")
//	acct.StreamARN("orders") // arn:aws:kinesis:eu-west-1:123456789012:stream/orders
//
// # ARNs
//
// [Parse] splits any ARN, arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, into an [ARN] and checks only that the
// fields are there; [ARN.String] puts it back together, byte for byte. Each resource of the family has a
// formatter, a method of [Account], and a parser that checks the service, the resource type, the names and what
// the resource's API accepts in the other fields:
//
//   - Kinesis data streams: [Account.StreamARN] and [ParseStreamARN], giving a [Stream];
//   - Kinesis stream consumers: [Account.ConsumerARN] and [ParseConsumerARN], giving a [Consumer];
//   - Firehose streams: [Account.DeliveryStreamARN] and [ParseDeliveryStreamARN], giving a [DeliveryStream];
//   - Kinesis video streams: [Account.VideoStreamARN] and [ParseVideoStreamARN], giving a [VideoStream];
//   - Kinesis Data Analytics (SQL) applications: [Account.ApplicationARN] and [ParseApplicationARN], giving an
//     [Application].
//
// The formats, from the API references and the IAM Service Authorization Reference:
//
//	arn:aws:kinesis:REGION:ACCOUNT:stream/NAME
//	arn:aws:kinesis:REGION:ACCOUNT:stream/STREAM/consumer/NAME:CREATION_TIMESTAMP   (Unix seconds)
//	arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME
//	arn:aws:kinesisvideo:REGION:ACCOUNT:stream/NAME/CREATION_TIME                   (Unix milliseconds)
//	arn:aws:kinesisanalytics:REGION:ACCOUNT:application/NAME
//
// with the partition of the account in place of "aws". Formatters do not check the names they are given; the
// [NameRule] values ([StreamName], [ConsumerName], [DeliveryStreamName], [VideoStreamName], [ApplicationName])
// do, and the parsers apply them.
//
// # What the parsers accept
//
// A parser accepts an ARN when it matches the pattern its API documents for the ARN and its names satisfy their
// rules, so that a service built on this package rejects as malformed what AWS rejects and treats the rest as a
// lookup:
//
//	Kinesis stream    arn:aws.*:kinesis:.*:\d{12}:stream/\S+
//	Kinesis consumer  ^(arn):aws.*:kinesis:.*:\d{12}:.*stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:[0-9]+
//	Firehose stream   arn:.*:firehose:[a-zA-Z0-9\-]+:\d{12}:deliverystream/[a-zA-Z0-9._-]+
//	Video stream      arn:[a-z\d-]+:kinesisvideo:[a-z0-9-]+:[0-9]+:[a-z]+/[a-zA-Z0-9_.-]+/[0-9]+
//	Analytics app     arn:.*
//
// within the length the API allows (2048 characters for Kinesis and Analytics, 512 for Firehose, 1024 for
// Video). Where a pattern is looser than the resource's layout the parsers ask for the layout: exactly
// stream/NAME for a stream, stream/STREAM/consumer/NAME:SECONDS for a consumer, the "stream" type for a video
// stream; and for an Analytics application, whose pattern says nothing, a partition that starts with "aws", a
// region of lowercase letters, digits and hyphens and a 12-digit account.
//
// In particular a Kinesis ARN may name any region, as the Kinesis pattern allows: the parser returns it, and the
// caller asks [Account.Owns] whether the resource is its own (a "not found" in AWS's terms when it is not). The
// errors wrap [ErrMalformed], [ErrService], [ErrPartition], [ErrRegion], [ErrAccountID], [ErrResourceType],
// [ErrName] or [ErrCreationTime], for [errors.Is].
//
// # Replacing a service's own ARN code
//
// A service that holds its account as an id and a region formats with the Account's methods and parses with the
// parser of its resource, then compares:
//
//	acct := arn.Account{ID: accountID, Region: region}
//	acct.StreamARN(name) // was "arn:aws:kinesis:" + region + ":" + accountID + ":stream/" + name
//
//	s, err := arn.ParseStreamARN(text) // was region, account, name, ok := parseStreamARN(text)
//	if err != nil { … InvalidArgumentException … }
//	if !acct.Owns(s.ARN) { … ResourceNotFoundException for s.Name under s.AccountID … }
//
// # Round trips
//
// For every text Parse accepts, Parse(text).String() == text, and so for the typed parsers, whose results embed
// the [ARN]. When the partition of a parsed ARN is the partition of its region, formatting the result with the
// matching method of its [ARN.Account] parses back to the same result, and gives the same text unless the creation
// time was written with leading zeros.
package arn
