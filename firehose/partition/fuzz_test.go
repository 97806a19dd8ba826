package partition_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/firehose/partition"
)

// FuzzKeysAndSubstitute: no panic; every key Keys finds is substituted by Substitute, which then leaves no
// partition-key expression.
func FuzzKeysAndSubstitute(f *testing.F) {
	f.Add("c=!{partitionKeyFromQuery:c}/!{timestamp:yyyy}/l=!{partitionKeyFromLambda:x}")
	f.Add("!{partitionKeyFromQuery:")
	f.Add("!{!{partitionKeyFromLambda:a}}")
	f.Fuzz(func(t *testing.T, prefix string) {
		keys, err := partition.Keys(prefix)
		if err != nil {
			return
		}
		q, l := map[string]string{}, map[string]string{}
		for _, k := range keys {
			if k.Namespace == partition.FromQuery {
				q[k.Name] = "V"
			} else {
				l[k.Name] = "V"
			}
		}
		out, err := partition.Substitute(prefix, q, l)
		if err != nil {
			t.Fatalf("Substitute(%q) with the keys %v: %v", prefix, keys, err)
		}
		if again, err := partition.Keys(out); err == nil && len(again) > len(keys) {
			t.Fatalf("%q gave %q with keys %v", prefix, out, again)
		}
		_ = strings.Count(out, "V")
	})
}

// FuzzQueryKeys: no panic on any record or query; failures match the package's errors.
func FuzzQueryKeys(f *testing.F) {
	f.Add(`{a: .a, y: .t|strftime("%Y")}`, []byte(`{"a":"x","t":1565382027}`))
	f.Add(`{a: .a|tostring}`, []byte(`{"a":[1,{"b":null}]}`))
	f.Fuzz(func(t *testing.T, src string, data []byte) {
		if strings.Contains(src, "range") || strings.Contains(src, "repeat") || strings.Contains(src, "def") || strings.Contains(src, "while") || strings.Contains(src, "until") || strings.Contains(src, "limit") || strings.Contains(src, "recurse") || strings.Contains(src, "*") || strings.Contains(src, "..") {
			return // a query can loop or grow without bound; its context bounds it (TestAQueryThatLoopsStopsWithItsContext)
		}
		q, err := partition.CompileQuery(src)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		keys, err := q.Keys(ctx, now, data)
		if err != nil {
			if !errors.Is(err, partition.ErrMetadataExtraction) {
				t.Fatalf("%v", err)
			}
			return
		}
		if keys == nil {
			t.Fatal("nil keys without an error")
		}
	})
}
