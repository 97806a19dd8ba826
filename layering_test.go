package kinesim_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The packages depend on each other only downwards: leaves import no kinesim package, the pure core (shard) never
// imports the shell (stream), and services built on streams never import each other.
func TestPackagesDependOnlyDownwards(t *testing.T) {
	const mod = "github.com/kinesim/kinesim/"
	allowed := map[string][]string{
		"clock":  {},
		"apierr": {},
		"record": {},
		"shard":  {"record"},
		"stream": {"apierr", "clock", "record", "shard"},
		"keys":   {"record"},
		"heat":   {"apierr", "clock", "keys", "record", "shard", "stream"},
	}
	for pkg, ok := range allowed {
		out, err := exec.Command("go", "list", "-deps", "./"+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps ./%s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			name, ours := strings.CutPrefix(dep, mod)
			if !ours || name == pkg {
				continue
			}
			found := false
			for _, a := range ok {
				found = found || a == name
			}
			if !found {
				t.Errorf("%s imports %s, which it must not", pkg, name)
			}
		}
	}
	for _, svc := range []string{"firehose", "analytics", "video"} {
		out, err := exec.Command("go", "list", "-deps", "./"+svc).Output()
		if err != nil {
			continue // not built yet
		}
		for _, other := range []string{"firehose", "analytics", "video"} {
			if other != svc && strings.Contains(string(out), mod+other+"\n") {
				t.Errorf("%s imports %s: services never depend on each other", svc, other)
			}
		}
	}
}

// The library's module graph holds only the few libraries its packages need; anything heavier (plotting, the AWS
// SDK, peers to benchmark against) lives in a separate module (charts/, benchmarks/) that users need not download.
func TestModuleGraphHoldsOnlyTheLibraryDependencies(t *testing.T) {
	allowed := map[string]bool{
		"github.com/kinesim/kinesim":   true,
		"github.com/cespare/xxhash/v2": true,
		"github.com/google/btree":      true,
		"golang.org/x/time":            true,
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Path}}", "all").Output()
	if err != nil {
		t.Fatalf("go list -m all: %v", err)
	}
	for _, m := range strings.Fields(string(out)) {
		if !allowed[m] {
			t.Errorf("the module graph holds %s; put what needs it in a separate module (charts/, benchmarks/)", m)
		}
	}
}
