package wire

import (
	"context"
)

// Service is one AWS service as the dispatcher sees it: the target prefix its clients send (for Kinesis Data
// Streams "Kinesis_20131202", the Smithy service name) and its operations by name.
type Service struct {
	// Target is the X-Amz-Target prefix before the dot, also the service segment of RPCv2 paths.
	Target string
	// Ops maps an operation name ("PutRecords") to its handler.
	Ops map[string]Op
}

// Op is one operation: it decodes a request body with the request's codec, runs, and writes the response.
type Op interface {
	serve(ctx context.Context, x *exchange, body []byte)
	// maxBody is the largest request body the operation reads.
	maxBody() int
}

// DefaultMaxBody is the request body bound of an operation made by [Unary]: 1 MiB, far more than any input
// without records needs (a resource policy is at most 20 KiB, tags 50 pairs).
const DefaultMaxBody = 1 << 20

// Unary returns the Op that decodes the request into an In, calls f and encodes its Out. A nil *Out encodes as
// an empty structure. f's error is encoded as an AWS error (see [Mux]). It reads bodies up to [DefaultMaxBody].
func Unary[In, Out any](f func(ctx context.Context, in *In) (*Out, error)) Op {
	return unary[In, Out](f)
}

// Large returns op reading bodies up to [MaxRequestBody], for operations carrying records.
func Large(op Op) Op { return large{op} }

type large struct{ Op }

func (large) maxBody() int { return MaxRequestBody }

type unary[In, Out any] func(ctx context.Context, in *In) (*Out, error)

func (unary[In, Out]) maxBody() int { return DefaultMaxBody }

func (u unary[In, Out]) serve(ctx context.Context, x *exchange, body []byte) {
	out, err := u.call(ctx, x.c, body)
	if err != nil {
		x.fail(err)
		return
	}
	x.ok(out)
}

func (u unary[In, Out]) call(ctx context.Context, c codec, body []byte) ([]byte, error) {
	var in In
	if err := c.decode(body, &in); err != nil {
		return nil, err
	}
	out, err := u(ctx, &in)
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = new(Out)
	}
	return c.encode(out)
}
