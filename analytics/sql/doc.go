// Package sql parses the SQL dialect of Kinesis Data Analytics for SQL applications as AWS's example
// applications write it, and prints a syntax tree back as canonical SQL. It is the front half of running those
// applications: a planner compiles the tree onto the analytics operators.
package sql
