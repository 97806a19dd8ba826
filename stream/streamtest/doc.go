// Package streamtest is the conformance kit of package stream, as net/http/httptest is of net/http: the
// project's spec tests of Kinesis Data Streams written once against a [Target], an interface with the
// signatures of [*stream.Engine], so that any front of the engine runs the same bodies. The engine is a Target
// itself; the AWS SDK client of module awssdk is another, through an adapter that converts each input to the
// SDK's, calls the client and converts the output and the error back. A case passes on a target only if the
// target answers as the engine does: the same apierr kind, the same message, no state changed.
//
// # Usage
//
//	func TestErrors(t *testing.T) {
//		streamtest.RunErrorSpec(t, func(t *testing.T, clk *clock.Manual, opts ...stream.Option) streamtest.Target {
//			e := stream.New(append(opts, stream.WithClock(clk))...)
//			t.Cleanup(func() { _ = e.Close() })
//			return e
//		})
//	}
//
// # Helpers
//
// The helpers the suites use are exported for tests of one's own: a [Client] wraps a Target and fails the test on
// an unexpected error (put, read a shard or a stream whole, tolerating throttling on a manual clock, list shards,
// describe), and [WantError], [WantErrorAround] and [SameRecords] check an answer. Package stream's own tests use
// them too.
//
// # Client-side validation
//
// Some calls never reach the service through an AWS SDK: the SDK's generated validators refuse an input whose
// required member (in the service model) is missing before sending it. The cases that omit a required member
// name it; a target implementing [ClientValidator] must refuse them itself, with an error that names the member
// and is not an API error, and every other target must answer them as the engine does.
package streamtest
