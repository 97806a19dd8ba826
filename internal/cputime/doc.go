// Package cputime reads the CPU time the process has used, for benchmarks of concurrent work: on a shared machine
// they report CPU per record beside wall-clock time per record, since the wall clock counts other tenants' load.
//
// It is safe for concurrent use.
package cputime
