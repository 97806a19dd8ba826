// Package engine holds what every service engine (stream, firehose, channel, video, analytics) is configured
// with, whatever the service: its clock, account, seed, test controls and goroutine label, the options that set
// them, and the rule that fills the ones left unset. Each service embeds a [Config] in its own config; its exported
// options WithClock, WithAccount, WithSeed, WithControls and WithLabel return [Clock], [Account], [Seed], [Controls]
// and [Label] of its config type, and its New calls [Apply] then [Config.Fill].
package engine

import (
	"strconv"
	"sync/atomic"

	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/internal/seed"
)

// Config is the settings every service engine shares. It is a plain value, built by one goroutine in New and read
// only after; it has no lock.
type Config struct {
	// Clock is the clock of every time the engine reads; [Defaults] gives clock.Real.
	Clock clock.Clock
	// Account is the account and region of ARNs and messages; [Defaults] gives arn.DefaultAccount.
	Account arn.Account
	// Seed derives everything the engine makes up (tokens, ids). Seeded reports that an option gave it; when it
	// is false, Fill draws one (and leaves Seeded false).
	Seed   uint64
	Seeded bool
	// Controls are the test controls every call consults; Fill makes a set of the engine's own when nil.
	Controls *control.Set
	// Label is the pprof label value of the engine's goroutines; Fill numbers one when empty.
	Label string
}

// Defaults returns the settings before any option: the real clock and the default account
// ("000000000000", "us-east-1").
func Defaults() Config { return Config{Clock: clock.Real, Account: arn.DefaultAccount()} }

// Embeds is the constraint of a service's config type C that embeds a [Config]: *C has Config's methods, among
// them one only this package can name, so only a type embedding Config satisfies it.
type Embeds[C any] interface {
	*C
	shared() *Config
}

func (c *Config) shared() *Config { return c }

// Clock returns the option that sets the clock; a nil one (or a nil *clock.Manual) keeps the real clock.
func Clock[C any, P Embeds[C]](clk clock.Clock) func(*C) {
	return func(cfg *C) { P(cfg).shared().Clock = clock.Or(clk) }
}

// Account returns the option that sets the account id and region; an empty one keeps its current value.
func Account[C any, P Embeds[C]](id, region string) func(*C) {
	return func(cfg *C) { c := P(cfg).shared(); c.Account = c.Account.With(id, region) }
}

// Seed returns the option that makes the engine deterministic: Fill no longer draws a seed.
func Seed[C any, P Embeds[C]](seed uint64) func(*C) {
	return func(cfg *C) { c := P(cfg).shared(); c.Seed, c.Seeded = seed, true }
}

// Controls returns the option that sets the test controls (nil keeps a set of the engine's own).
func Controls[C any, P Embeds[C]](set *control.Set) func(*C) {
	return func(cfg *C) { P(cfg).shared().Controls = set }
}

// Label returns the option that sets the goroutine label ("" keeps the numbered default).
func Label[C any, P Embeds[C]](label string) func(*C) {
	return func(cfg *C) { P(cfg).shared().Label = label }
}

// Fill sets what the options left unset: a random seed unless one was given, a control set of the engine's own,
// and the label prefix-N, N counting (in engines) the engines of the service that needed one.
func (c *Config) Fill(prefix string, engines *atomic.Uint64) {
	if !c.Seeded {
		c.Seed = seed.Random()
	}
	if c.Controls == nil {
		c.Controls = new(control.Set)
	}
	if c.Label == "" {
		c.Label = prefix + "-" + strconv.FormatUint(engines.Add(1), 10)
	}
}

// Apply applies opts to cfg in order, skipping nil ones.
func Apply[C any, O ~func(*C)](cfg *C, opts []O) {
	for _, o := range opts {
		if o != nil {
			o(cfg)
		}
	}
}
