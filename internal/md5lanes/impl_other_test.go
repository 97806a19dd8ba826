//go:build !amd64 || purego

package md5lanes

type impl struct {
	name string
	set  func()
}

func implementations() []impl { return []impl{{"crypto-md5", func() {}}} }

func restore() {}
