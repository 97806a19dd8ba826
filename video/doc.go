// Package video is Amazon Kinesis Video Streams in process: video streams and their control plane, PutMedia
// connections that store real Matroska fragments, and GetMedia readers that follow them live, all on the
// engine's clock.
//
// # Usage
//
// [New] makes an engine (package kinesim's Account.Video gives the account's, with its clock, seed and
// identity). [Engine.CreateStream] makes a stream; [Engine.PutMedia] takes a producer's Matroska stream (an
// io.Reader, as AWS's producer SDKs send it) and acknowledges each cluster, stored as one fragment, on a channel
// of [Ack]s; [Engine.GetMedia] returns a live io.ReadCloser of chunks from a [StartSelector] on (and
// [Engine.GetMediaChunks] the same as a channel); [Engine.ListFragments], [Engine.GetMediaForFragmentList] and
// [Engine.GetClip] and [Engine.GetImages] read what the stream keeps.
//
// # What AWS does, and what kinesim chose
//
//   - A fragment is one Matroska Cluster. Its server timestamp is the engine's clock when its first bytes arrive;
//     its producer timestamp is its cluster timecode, absolute or relative to ProducerStartTimestamp.
//   - Chunks are segments of their own: EBML header, Info, the producer's Tracks, Tags with the fragment's
//     producer metadata and AWS_KINESISVIDEO_FRAGMENT_NUMBER, _SERVER_TIMESTAMP and _PRODUCER_TIMESTAMP (decimal
//     seconds), the Cluster (its timecode made absolute), and Tags with AWS_KINESISVIDEO_MILLIS_BEHIND_NOW and
//     _CONTINUATION_TOKEN. MillisBehindNow is the distance in server time to the stream's newest fragment; the
//     continuation token is the fragment number.
//   - A second PutMedia connection to a stream is accepted and the first ends with
//     ConnectionLimitExceededException ("the last connection is accepted"); AWS's API page also mentions
//     interleaving, which kinesim does not do.
//   - Producer metadata tags apply to the next fragment only (AWS's persistent metadata is not modelled).
//   - IDLE acknowledgements come every [IdleAckInterval] (AWS does not document the cadence).
//   - GetClip returns Matroska, not MP4. GetImages decodes frames with ffmpeg when it is on the PATH (kinesim has
//     no video decoder of its own) and is refused with [ErrImagesUnsupported] when it is not.
//   - Call rates (5 TPS per stream and the like) are not enforced; connection counts and sizes are ([Limits]).
//   - Streams are ACTIVE when CreateStream returns and gone when DeleteStream returns.
//
// # Errors
//
// Every AWS exception is an apierr value (errors.Is(err, apierr.ResourceNotFound)); each operation's doc lists
// its own. PutMedia's errors after the connection opened are ERROR acks with AWS's ErrorIds ([AckErrorID]), and
// [PutMediaOutput.Wait] returns them as an [*AckError].
//
// # Concurrency and lifecycle
//
// An [Engine] is safe for concurrent use. Every channel it hands out is closed by the engine (see [PutMediaOutput]
// and [Engine.GetMediaChunks]); [Engine.Close] ends every connection and reader, stops the retention timers and
// waits for the engine's goroutines. Every operation can be intercepted by package control, under the IAM action
// names (kinesisvideo:PutMedia, …).
package video
