package engine_test

// The defaults every service's options document (stream/options.go and the other services' options.go: "The
// default is "stream-N", N counting the engines of the process"; "By default a random seed is drawn"; "By default
// the engine has a set of its own"; WithClock's default clock.Real), filled once here for all of them.

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/internal/engine"
)

// config is a service's config, as each service declares it: the shared settings embedded, then its own.
type config struct {
	engine.Config
	own int
}

type option func(*config)

func build(prefix string, engines *atomic.Uint64, opts ...option) config {
	cfg := config{Config: engine.Defaults()}
	engine.Apply(&cfg, opts)
	cfg.Fill(prefix, engines)
	return cfg
}

func TestEachEngineWithoutALabelIsNumberedAfterItsService(t *testing.T) {
	var engines atomic.Uint64
	named := engine.Label[config]("mine")
	var got []string
	for _, opts := range [][]option{nil, {named}, nil} {
		got = append(got, build("video", &engines, opts...).Label)
	}
	if want := []string{"video-1", "mine", "video-2"}; got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("labels = %q, want %q (a given label takes no number)", got, want)
	}
	var others atomic.Uint64
	if l := build("stream", &others).Label; l != "stream-1" {
		t.Fatalf("another service's first label = %q, want stream-1: each service counts its own engines", l)
	}
}

func TestASeedIsDrawnUnlessOneIsGiven(t *testing.T) {
	var engines atomic.Uint64
	a, b := build("x", &engines), build("x", &engines)
	if a.Seed == b.Seed {
		t.Fatalf("two unseeded engines both have seed %d, want two drawn seeds", a.Seed)
	}
	zero := build("x", &engines, engine.Seed[config](0))
	if zero.Seed != 0 || !zero.Seeded {
		t.Fatalf("WithSeed(0): seed %d, seeded %v; want 0 kept (zero is a seed like any other)", zero.Seed, zero.Seeded)
	}
	if s := build("x", &engines, engine.Seed[config](42)).Seed; s != 42 {
		t.Fatalf("WithSeed(42): seed %d", s)
	}
}

func TestANilOptionIsIgnored(t *testing.T) {
	var engines atomic.Uint64
	cfg := build("x", &engines, nil, func(c *config) { c.own = 7 }, nil)
	if cfg.own != 7 {
		t.Fatalf("the option between two nil ones was not applied: own = %d", cfg.own)
	}
}

func TestDefaultsAreTheRealClockTheDefaultAccountAndControlsOfTheEnginesOwn(t *testing.T) {
	var engines atomic.Uint64
	a, b := build("x", &engines), build("x", &engines)
	if a.Clock != clock.Real || a.Account != arn.DefaultAccount() {
		t.Fatalf("defaults: clock %v, account %+v", a.Clock, a.Account)
	}
	if a.Controls == nil || a.Controls == b.Controls {
		t.Fatalf("controls %p and %p: want a set of each engine's own", a.Controls, b.Controls)
	}
	shared := new(control.Set)
	if c := build("x", &engines, engine.Controls[config](shared)); c.Controls != shared {
		t.Fatal("a given control set was replaced")
	}
}

func TestANilClockKeepsTheRealOneAndAnEmptyAccountFieldKeepsItsValue(t *testing.T) {
	var engines atomic.Uint64
	var m *clock.Manual
	cfg := build("x", &engines, engine.Clock[config](m), engine.Account[config]("123456789012", ""),
		engine.Account[config]("", "eu-west-1"))
	if cfg.Clock != clock.Real {
		t.Fatalf("Clock(nil *Manual): clock %v, want clock.Real", cfg.Clock)
	}
	if want := (arn.Account{ID: "123456789012", Region: "eu-west-1"}); cfg.Account != want {
		t.Fatalf("account %+v, want %+v", cfg.Account, want)
	}
	manual := clock.NewManual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	if c := build("x", &engines, engine.Clock[config](manual)); c.Clock != manual {
		t.Fatal("a given clock was replaced")
	}
}
