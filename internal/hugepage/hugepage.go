package hugepage

import (
	"sync"
	"unsafe"
)

// MinBytes is the smallest buffer [Advise] acts on: a smaller one is too small to be worth a huge page of its own,
// and marking the region around it would put the memory of many small objects under the hint.
const MinBytes = 256 << 10

// maxCalls bounds the madvise calls of a process. Each can split a mapping of the heap in up to three (adjacent
// advised regions merge again), and the kernel limits the mappings of a process (vm.max_map_count, 65,530 by
// default); 8,192 calls cover at least 16 GiB of distinct heap and at most add 16,384 mappings.
const maxCalls = 8192

var (
	mu      sync.Mutex
	regions = map[uintptr]struct{}{} // bases of the huge-page regions advised; the kernel keeps the hint while the heap keeps its mapping
	calls   int
)

// Advise hints that the memory of b, a heap buffer of at least [MinBytes] about to be filled and kept, be backed by
// huge pages. It does nothing for a smaller buffer, where huge pages are not available, or when every region
// around b was advised before (the Go heap never unmaps its arenas, so a region keeps the hint when its memory is
// freed and reused).
func Advise(b []byte) {
	size := pageSize()
	if size == 0 || cap(b) < MinBytes {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	from := p &^ (size - 1)
	to := (p + uintptr(cap(b)) + size - 1) &^ (size - 1)
	mu.Lock()
	defer mu.Unlock()
	fresh := false
	for r := from; r < to; r += size {
		if _, ok := regions[r]; !ok {
			fresh = true
			break
		}
	}
	if !fresh || calls >= maxCalls {
		return
	}
	calls++
	madvise(from, to-from)
	for r := from; r < to; r += size {
		regions[r] = struct{}{}
	}
}
