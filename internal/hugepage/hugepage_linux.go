//go:build linux && (amd64 || arm64 || ppc64le || riscv64 || s390x || loong64)

package hugepage

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// heapArenaBytes is the alignment of the Go heap's arenas on 64-bit Linux: a region of a huge page's size around
// a heap object lies within the heap only if the huge page size divides it.
const heapArenaBytes = 64 << 20

// pageSize returns the size of a transparent huge page, or 0 when they are not to be used: the kernel does not say
// it has them, they are disabled ("never"), or their size does not divide the heap's arenas.
var pageSize = sync.OnceValue(func() uintptr {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		return 0
	}
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size")
	if err != nil {
		return 0
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	if err != nil || n < 1<<20 || n > heapArenaBytes || heapArenaBytes%n != 0 || n&(n-1) != 0 {
		return 0
	}
	return uintptr(n)
})

const madvHugePage = 14 // MADV_HUGEPAGE

func madvise(from, n uintptr) {
	syscall.Syscall(syscall.SYS_MADVISE, from, n, madvHugePage)
}
