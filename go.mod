module github.com/kinesim/kinesim

go 1.26.0

require (
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/google/btree v1.1.3
	github.com/itchyny/gojq v0.12.20
	golang.org/x/time v0.16.0
)

require github.com/itchyny/timefmt-go v0.1.9 // indirect
