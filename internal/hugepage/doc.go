// Package hugepage asks the operating system to back large, long-lived buffers with transparent huge pages.
//
// A record log's arena segments are written once, into memory the Go heap has just taken from the operating system,
// and kept until retention expires them. On Linux each first touch of a 4 KiB page costs a page fault (about 1.4 µs
// on the virtual machines the benchmarks ran on), which is most of the cost of storing a 10 KB record; a 2 MiB huge
// page costs one fault for 512 pages. With transparent huge pages in "madvise" mode (the default of most
// distributions) the kernel uses huge pages only where a program asked for them with madvise(MADV_HUGEPAGE), and the
// Go runtime does not ask for them on the heap.
//
// [Advise] marks the 2 MiB-aligned regions around a buffer: the Go heap's arenas are 64 MiB-aligned, so these
// regions lie within the heap, and the hint only affects memory the Go heap owns (the first fault in a region maps a
// huge page if none of its small pages is mapped yet; memory already mapped stays as it is). It is a hint: it never
// changes what a program reads or writes, it fails silently, and elsewhere than 64-bit Linux it does nothing.
//
// The package is safe for concurrent use.
package hugepage
