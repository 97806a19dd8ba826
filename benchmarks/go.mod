module github.com/kinesim/kinesim/benchmarks

go 1.26.0

require github.com/kinesim/kinesim v0.0.0

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/google/btree v1.1.3 // indirect
	golang.org/x/time v0.16.0 // indirect
)

replace github.com/kinesim/kinesim => ../
