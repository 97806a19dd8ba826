package firehose

import (
	"errors"

	"github.com/kinesim/kinesim/apierr"
)

var (
	// ErrClosed is returned by every call on an [Engine] after [Engine.Close].
	ErrClosed = errors.New("firehose: engine closed")
	// ErrNilContext is returned by a call given a nil context.Context; the call changes nothing.
	ErrNilContext = errors.New("firehose: nil context.Context")
	// ErrUndelivered is wrapped by the error of [Engine.Close] when records could be written neither to their
	// destination nor to its error output before the engine stopped (a store that kept failing).
	ErrUndelivered = errors.New("firehose: records left undelivered")
)

func (e *Engine) notFound(name string) error {
	return apierr.ResourceNotFound.New("Firehose %s under account %s not found.", name, e.cfg.Account.ID)
}

func (e *Engine) inUse(name string) error {
	return apierr.ResourceInUse.New("Firehose %s under account %s already exists.", name, e.cfg.Account.ID)
}

func (e *Engine) notActive(name string, st DeliveryStreamStatus) error {
	return apierr.ResourceInUse.New("Firehose %s under account %s is not ACTIVE, instead in state %s.", name, e.cfg.Account.ID, st)
}

// throttled is the error of a call or an entry over the Direct PUT quotas: ServiceUnavailableException "Slow
// down.", as Firehose answers (API Reference, PutRecord: "ServiceUnavailableException … throughput limits …
// exceeded").
var throttled = apierr.ServiceUnavailable.With("Slow down.")
