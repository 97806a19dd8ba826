package seed_test

import (
	"testing"

	"github.com/kinesim/kinesim/internal/seed"
)

// Two draws differ (a collision of 64 random bits is a 2^-64 event).
func TestRandomDrawsDifferentSeeds(t *testing.T) {
	if a, b := seed.Random(), seed.Random(); a == b {
		t.Fatalf("two draws gave %d", a)
	}
}
