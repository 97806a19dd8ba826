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
