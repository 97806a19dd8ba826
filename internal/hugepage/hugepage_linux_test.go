//go:build linux && (amd64 || arm64 || ppc64le || riscv64 || s390x || loong64)

package hugepage

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// vmFlags returns the VmFlags line of the mapping of this process that holds address p (/proc/self/smaps, see
// proc(5): "hg" is the madvise(MADV_HUGEPAGE) flag).
func vmFlags(t *testing.T, p uintptr) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps:", err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= p && p < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return line
		}
	}
	t.Fatalf("no mapping holds %#x", p)
	return ""
}

// madvise(2): MADV_HUGEPAGE "enables Transparent Huge Pages for pages in the range"; proc(5) shows it as the "hg"
// flag of the mapping. An arena segment's memory is so marked before it is written.
func TestAdviseMarksTheSegmentsMemoryForHugePages(t *testing.T) {
	if pageSize() == 0 {
		t.Skip("transparent huge pages are not available here")
	}
	b := make([]byte, 0, 4<<20)
	Advise(b)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	for _, q := range []uintptr{p, p + 2<<20, p + 4<<20 - 1} {
		if flags := vmFlags(t, q); !strings.Contains(flags, " hg") {
			t.Errorf("address %#x of an advised buffer: %s, want the hg flag", q, flags)
		}
	}
	b = append(b, "still an ordinary buffer"...)
	if string(b) != "still an ordinary buffer" {
		t.Fatalf("advised buffer reads %q", b)
	}
}

// A buffer below MinBytes is left alone, and a region advised once is not advised again.
func TestAdviseSkipsSmallBuffersAndAdvisedRegions(t *testing.T) {
	if pageSize() == 0 {
		t.Skip("transparent huge pages are not available here")
	}
	mu.Lock()
	before := calls
	mu.Unlock()
	Advise(make([]byte, 0, MinBytes-1))
	b := make([]byte, 0, 1<<20)
	Advise(b)
	Advise(b[:0:MinBytes])
	Advise(b)
	mu.Lock()
	after := calls
	mu.Unlock()
	if after-before > 1 {
		t.Fatalf("%d madvise calls for one 1 MiB buffer advised three times and one small buffer, want at most 1", after-before)
	}
}
