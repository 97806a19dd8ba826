//go:build !(linux && (amd64 || arm64 || ppc64le || riscv64 || s390x || loong64))

package hugepage

func pageSize() uintptr { return 0 }

func madvise(from, n uintptr) {}
