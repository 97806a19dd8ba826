package video

import (
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/internal/engine"
)

// Option configures an [Engine].
type Option func(*config)

type config struct {
	engine.Config // clock, account, seed, controls, label: the settings every service shares

	limits Limits
}

func defaultConfig() config {
	return config{Config: engine.Defaults(), limits: DefaultLimits()}
}

// WithClock sets the clock of every time the engine reads: server timestamps, retention, acknowledgement
// timers. The default is [clock.Real]; a [clock.Manual] runs the engine in virtual time.
func WithClock(c clock.Clock) Option { return engine.Clock[config](c) }

// WithAccount sets the account id and region of ARNs; an empty one keeps its default, "000000000000" and
// "us-east-1". The region also picks the account's stream limit ([RegionStreamLimit]).
func WithAccount(accountID, region string) Option { return engine.Account[config](accountID, region) }

// WithSeed makes the engine deterministic: stream versions, fragment numbers and tokens derive from seed. By
// default a random seed is drawn.
func WithSeed(seed uint64) Option { return engine.Seed[config](seed) }

// WithControls makes the engine consult the given test controls (shared with the other services of an account by
// package kinesim). By default the engine has a set of its own ([Engine.Controls]).
func WithControls(set *control.Set) Option { return engine.Controls[config](set) }

// WithLabel names the engine's goroutines for pprof (label "kinesim" = label). The default is "video-N".
func WithLabel(label string) Option { return engine.Label[config](label) }

// WithLimits replaces AWS's limits ([DefaultLimits]); a zero field keeps its default.
func WithLimits(l Limits) Option {
	return func(cfg *config) {
		d := DefaultLimits()
		set := func(dst *int64, v int64, def int64) {
			if v > 0 {
				*dst = v
			} else {
				*dst = def
			}
		}
		set(&cfg.limits.MaxFragmentBytes, l.MaxFragmentBytes, d.MaxFragmentBytes)
		set((*int64)(&cfg.limits.MaxFragmentDuration), int64(l.MaxFragmentDuration), int64(d.MaxFragmentDuration))
		set((*int64)(&cfg.limits.MaxConnectionDuration), int64(l.MaxConnectionDuration), int64(d.MaxConnectionDuration))
		cfg.limits.MaxStreams = l.MaxStreams
	}
}
