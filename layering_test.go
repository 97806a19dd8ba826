package kinesim_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// layers is the dependency table of doc.go, bottom up: a package may import the packages of the layers below its
// own, and those of its own layer only where the layer allows it. Every package of the module must be listed
// (a pattern ending in "/..." lists a subtree).
var layers = []struct {
	name      string
	pkgs      []string
	sameLayer bool // packages of the layer may import each other
}{
	{"leaves", []string{"clock", "apierr", "arn", "record", "agg"}, false},
	{"mechanisms", []string{"control", "internal/..."}, true},
	{"cores", []string{"shard", "firehose/buffer", "firehose/compress", "firehose/process", "firehose/partition", "firehose/convert", "analytics/rcf", "analytics/hotspots", "analytics/sql", "analytics/query", "analytics/plan", "video/fragment", "video/mkv"}, false},
	{"services", []string{"stream", "firehose", "channel", "analytics", "video"}, false},
	{"clients", []string{"kcl", "kpl"}, false},
	{"tools", []string{"keys", "heat"}, true},
	{"composition", []string{".", "kinesimtest", "stream/streamtest", "kcl/kcltest"}, true},
	{"edges", []string{"examples/...", "cmd/..."}, true},
}

// leafExceptions are the imports a package may make of another of its layer: a leaf of another leaf
// (architecture.md: "agg may use record"), and the analytics pipeline core of the two analytics cores whose
// operators it runs (RANDOM_CUT_FOREST and HOTSPOTS are operators of the pipeline; rcf and hotspots stay usable
// on their own and import nothing of the module), and the SQL planner of the parser and the pipeline core it
// compiles between (analytics/sql stays a pure parser, analytics/query knows no SQL text).
var leafExceptions = map[string][]string{"agg": {"record"}, "analytics/query": {"analytics/rcf", "analytics/hotspots"},
	"analytics/plan": {"analytics/sql", "analytics/query"}}

const module = "github.com/kinesim/kinesim"

// layerOf returns the index of the layer listing pkg (a path relative to the module, "." for the root), or -1.
func layerOf(pkg string) int {
	for i, l := range layers {
		for _, p := range l.pkgs {
			if p == pkg || strings.HasSuffix(p, "/...") && (pkg == strings.TrimSuffix(p, "/...") || strings.HasPrefix(pkg, strings.TrimSuffix(p, "..."))) {
				return i
			}
		}
	}
	return -1
}

// TestPackagesDependOnlyDownwards checks every package's imports against the layers: dependencies point down only,
// services never import each other, and a leaf imports nothing of the module.
func TestPackagesDependOnlyDownwards(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list ./...: %v", err)
	}
	rel := func(p string) (string, bool) {
		if p == module {
			return ".", true
		}
		r, ok := strings.CutPrefix(p, module+"/")
		return r, ok
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, _ := rel(fields[0])
		li := layerOf(pkg)
		if li < 0 {
			t.Errorf("package %s is in no layer of layering_test.go: add it to the table (and to doc.go)", pkg)
			continue
		}
		seen++
		for _, imp := range fields[1:] {
			dep, ours := rel(imp)
			if !ours {
				continue
			}
			di := layerOf(dep)
			switch {
			case di < li:
			case di == li && layers[li].sameLayer:
			case di == li && contains(leafExceptions[pkg], dep):
			default:
				t.Errorf("%s (%s) imports %s (%s): dependencies point down only", pkg, layers[li].name, dep, layerName(di))
			}
		}
	}
	if seen < 10 {
		t.Fatalf("only %d packages checked", seen)
	}
}

func layerName(i int) string {
	if i < 0 {
		return "no layer"
	}
	return layers[i].name
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The pure cores never start goroutines and never read a clock: they are given now.
func TestCoresStartNothingAndReadNoClock(t *testing.T) {
	for _, core := range layers[layerOf("shard")].pkgs {
		out, err := exec.Command("go", "list", "-f", `{{.Dir}}{{range .GoFiles}} {{.}}{{end}}`, "./"+core).Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		fields := strings.Fields(string(out))
		dir := fields[0]
		for _, f := range fields[1:] {
			src, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"go func", "time.Now(", "time.AfterFunc(", "time.NewTimer(", "time.Since(", "kinesim/clock\""} {
				if strings.Contains(string(src), bad) {
					t.Errorf("%s/%s contains %q: a core is given now and starts nothing", core, f, bad)
				}
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
		// jq for Firehose's dynamic partitioning (firehose/partition only)
		"github.com/itchyny/gojq":       true,
		"github.com/itchyny/timefmt-go": true,
		// Parquet for Firehose's record format conversion (firehose/convert only) and what it compiles in
		"github.com/parquet-go/parquet-go": true,
		"github.com/parquet-go/bitpack":    true,
		"github.com/parquet-go/jsonlite":   true,
		"github.com/klauspost/compress":    true, // firehose/compress's codecs; parquet-go's too
		"github.com/andybalholm/brotli":    true,
		"github.com/pierrec/lz4/v4":        true,
		"github.com/google/uuid":           true,
		"github.com/twpayne/go-geom":       true,
		"golang.org/x/sys":                 true,
		"google.golang.org/protobuf":       true,
		// Matroska's EBML header, Info, Tracks and Tags for Kinesis Video Streams (video/mkv only)
		"github.com/at-wat/ebml-go": true,
	}
	// The modules whose packages the library's packages compile (go list -deps), not every module of the graph:
	// a well-kept library's go.mod may name modules for its own command or tests (gojq's names go-runewidth for
	// its CLI) that no kinesim user builds or downloads beyond their go.mod.
	cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", "./...")
	cmd.Env = append(os.Environ(), "GOWORK=off") // the root module alone, whatever workspace a developer has
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./...: %v", err)
	}
	for _, m := range strings.Fields(string(out)) {
		if !allowed[m] {
			t.Errorf("the module graph holds %s; put what needs it in a separate module (charts/, benchmarks/)", m)
		}
	}
}

// Each heavy third-party library is imported by exactly one package of the module (architecture.md), so that it
// can be replaced in one place.
func TestHeavyLibrariesHaveOneImporter(t *testing.T) {
	owners := map[string]string{
		"github.com/itchyny/gojq":          module + "/firehose/partition",
		"github.com/parquet-go/parquet-go": module + "/firehose/convert",
		"github.com/klauspost/compress":    module + "/firehose/compress",
		"github.com/at-wat/ebml-go":        module + "/video/mkv",
	}
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list ./...: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		for _, imp := range fields[1:] {
			for lib, owner := range owners {
				if (imp == lib || strings.HasPrefix(imp, lib+"/")) && fields[0] != owner {
					t.Errorf("%s imports %s, which only %s may import", fields[0], imp, owner)
				}
			}
		}
	}
}

// The analytics cores (analytics/rcf, analytics/hotspots) start no goroutines, read no clock and take no locks:
// the pipeline shell that calls them owns all three.
func TestAnalyticsCoresStartNothingReadNoClockTakeNoLocks(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.Dir}}{{range .GoFiles}} {{.}}{{end}}`, "./analytics/rcf", "./analytics/hotspots").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		for _, f := range fields[1:] {
			src, err := os.ReadFile(filepath.Join(fields[0], f))
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"go func", "\"time\"", "\"sync\"", "kinesim/clock\""} {
				if strings.Contains(string(src), bad) {
					t.Errorf("%s/%s contains %s: a core is given what it needs and starts nothing", fields[0], f, bad)
				}
			}
		}
	}
}
