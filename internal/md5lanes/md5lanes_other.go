//go:build !amd64 || purego

package md5lanes

const hasLanes = false

func block16(*[4][16]uint32, *[16][64]byte, *[16][16]uint32) {
	panic("md5lanes: no lanes on this machine")
}
