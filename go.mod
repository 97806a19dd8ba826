module github.com/kinesim/kinesim

go 1.26.0

require (
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/google/btree v1.1.3
	github.com/klauspost/compress v1.20.3
	golang.org/x/time v0.16.0
)
