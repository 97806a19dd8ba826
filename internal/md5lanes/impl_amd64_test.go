//go:build amd64 && !purego

package md5lanes

type impl struct {
	name string
	set  func()
}

var detected = hasLanes

// implementations lists the ways Sums can run on this machine: one key at a time, and in lanes if the CPU has AVX2.
func implementations() []impl {
	l := []impl{{"crypto-md5", func() { hasLanes = false }}}
	if detected {
		l = append(l, impl{"avx2-lanes", func() { hasLanes = true }})
	}
	return l
}

func restore() { hasLanes = detected }
