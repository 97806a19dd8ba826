//go:build !amd64 || purego

package md5lanes

const hasLanes = false

func block8(*[4][8]uint32, *[8][64]byte, *[16][8]uint32) { panic("md5lanes: no lanes on this machine") }
