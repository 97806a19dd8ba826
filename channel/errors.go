package channel

import (
	"errors"

	"github.com/kinesim/kinesim/apierr"
)

var (
	// ErrClosed is returned by every call on an [Engine] after [Engine.Close].
	ErrClosed = errors.New("channel: engine closed")
	// ErrNilContext is returned by a call given a nil context.Context; the call changes nothing.
	ErrNilContext = errors.New("channel: nil context.Context")
	// ErrUndelivered is wrapped by the error of [Engine.Close] when records could be written neither to their
	// bucket nor to the dead-letter queue before the engine stopped (a store that kept failing).
	ErrUndelivered = errors.New("channel: records left undelivered")
)

// notFound is the error for a channel ARN that names no channel.
func notFound(channelARN string) error {
	return apierr.ResourceNotFound.New("Channel %s not found.", channelARN)
}

// notActive is the error for an operation that needs the channel ACTIVE.
func notActive(channelARN string, st ChannelStatus) error {
	return apierr.ResourceInUse.New("Channel %s is not ACTIVE, instead in state %s.", channelARN, st)
}

// errS3Tables is the refusal of a streaming-table destination (see the package documentation).
var errS3Tables = apierr.InvalidArgument.With("S3TablesDestinationConfiguration is not supported by kinesim: " +
	"no reliable Apache Iceberg writer is available to it; use S3DestinationConfiguration.")
