package partition_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/firehose/partition"
)

var now = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// The developer guide's sample record and queries ("Understand partitioning keys").
const sample = `{"type":{"device":"mobile","event":"user_clicked_submit_button"},"customer_id":"1234567890","event_timestamp":1565382027,"region":"sample_region"}`

func TestInlineParsingWithTheGuidesQueries(t *testing.T) {
	q, err := partition.CompileQuery(`{customer_id: .customer_id, device: .type.device, year: .event_timestamp|strftime("%Y"), month: .event_timestamp|strftime("%m"), day: .event_timestamp|strftime("%d"), hour: .event_timestamp|strftime("%H")}`)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := q.Keys(context.Background(), now, []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"customer_id": "1234567890", "device": "mobile", "year": "2019", "month": "08", "day": "09", "hour": "20"}
	for k, v := range want {
		if keys[k] != v {
			t.Errorf("%s = %q, want %q", k, keys[k], v)
		}
	}
	prefix, err := partition.Substitute("customer_id=!{partitionKeyFromQuery:customer_id}/device=!{partitionKeyFromQuery:device}/year=!{partitionKeyFromQuery:year}/month=!{partitionKeyFromQuery:month}/day=!{partitionKeyFromQuery:day}/hour=!{partitionKeyFromQuery:hour}/", keys, nil)
	if err != nil || prefix != "customer_id=1234567890/device=mobile/year=2019/month=08/day=09/hour=20/" {
		t.Fatalf("%q %v", prefix, err)
	}
}

func TestNumbersAndBooleansBecomeTheirJQText(t *testing.T) {
	q, _ := partition.CompileQuery(`{n: .n, f: .f, b: .b, big: .big}`)
	keys, err := q.Keys(context.Background(), now, []byte(`{"n":42,"f":2.5,"b":true,"big":123456789012345678901234567890}`))
	if err != nil || keys["n"] != "42" || keys["f"] != "2.5" || keys["b"] != "true" || keys["big"] != "123456789012345678901234567890" {
		t.Fatalf("%v %v", keys, err)
	}
}

// Developer guide, "Handle errors": records whose keys cannot be extracted go to the error output.
func TestRecordsWithoutTheirKeysFailExtraction(t *testing.T) {
	q, _ := partition.CompileQuery(`{customer_id: .customer_id}`)
	for _, data := range []string{`{"other":1}`, `not json`, `{"customer_id":{"a":1}}`, `{"customer_id":[1]}`, `{"a":1} {"a":2}`, ``} {
		if _, err := q.Keys(context.Background(), now, []byte(data)); !errors.Is(err, partition.ErrMetadataExtraction) {
			t.Errorf("%q: %v", data, err)
		}
	}
	for _, src := range []string{`.customer_id`, `empty`, `error("x")`} {
		q, _ := partition.CompileQuery(src)
		if _, err := q.Keys(context.Background(), now, []byte(`{"customer_id":"c"}`)); !errors.Is(err, partition.ErrMetadataExtraction) {
			t.Errorf("%s: %v", src, err)
		}
	}
}

func TestAQueryThatDoesNotParseIsAnInvalidArgument(t *testing.T) {
	if _, err := partition.CompileQuery(`{a: .a`); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatal(err)
	}
	if _, err := partition.CompileQuery(`{a: undefined_function}`); !errors.Is(err, apierr.InvalidArgument) {
		t.Fatal(err)
	}
}

func TestJQSeesTheCallersTimeAndNoEnvironment(t *testing.T) {
	t.Setenv("KINESIM_SECRET", "s")
	q, err := partition.CompileQuery(`{y: now|strftime("%Y-%m-%dT%H"), e: ($ENV.KINESIM_SECRET // "none")}`)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := q.Keys(context.Background(), now, []byte(`{}`))
	if err != nil || keys["y"] != "2026-12-01T10" || keys["e"] != "none" {
		t.Fatalf("%v %v", keys, err)
	}
}

func TestAQueryThatLoopsStopsWithItsContext(t *testing.T) {
	q, _ := partition.CompileQuery(`{a: (def f: f; f)}`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := q.Keys(ctx, now, []byte(`{}`)); !errors.Is(err, partition.ErrMetadataExtraction) {
		t.Fatal(err)
	}
}

func TestSubstituteTakesKeysFromBothSourcesAndLeavesOtherExpressions(t *testing.T) {
	p, err := partition.Substitute("q=!{partitionKeyFromQuery:a}/l=!{partitionKeyFromLambda:a}/!{timestamp:yyyy}/", map[string]string{"a": "1"}, map[string]string{"a": "2"})
	if err != nil || p != "q=1/l=2/!{timestamp:yyyy}/" {
		t.Fatalf("%q %v", p, err)
	}
	_, err = partition.Substitute("l=!{partitionKeyFromLambda:b}/", nil, map[string]string{"a": "2"})
	var mk *partition.MissingKeyError
	if !errors.Is(err, partition.ErrMissingPartitionKey) || !errors.As(err, &mk) || mk.Key != (partition.Key{Namespace: partition.FromLambda, Name: "b"}) {
		t.Fatalf("%v", err)
	}
	if p, _ := partition.Substitute("static/", nil, nil); p != "static/" {
		t.Fatal(p)
	}
}

func TestPrefixRulesOfDynamicPartitioning(t *testing.T) {
	dp := partition.PrefixRules{DynamicPartitioning: true, MetadataExtraction: true}
	for _, tc := range []struct {
		name, prefix, errPrefix string
		rules                   partition.PrefixRules
		text                    string // "" when accepted
	}{
		{"query keys", "c=!{partitionKeyFromQuery:c}/", "err/!{firehose:error-output-type}/", dp, ""},
		{"lambda keys", "c=!{partitionKeyFromLambda:c}/", "err/", partition.PrefixRules{DynamicPartitioning: true, Lambda: true}, ""},
		{"static prefix without dynamic partitioning", "logs/", "", partition.PrefixRules{}, ""},
		{"no error prefix", "c=!{partitionKeyFromQuery:c}/", "", dp, "ErrorOutputPrefix is required"},
		{"keys in the error prefix", "c=!{partitionKeyFromQuery:c}/", "err/!{partitionKeyFromQuery:c}/", dp, "not allowed in the error output prefix"},
		{"keys without dynamic partitioning", "c=!{partitionKeyFromQuery:c}/", "err/", partition.PrefixRules{MetadataExtraction: true}, "not enabled"},
		{"no keys in the prefix", "static/", "err/", dp, "must contain"},
		{"no key source", "c=!{partitionKeyFromQuery:c}/", "err/", partition.PrefixRules{DynamicPartitioning: true}, "requires a MetadataExtraction or a Lambda"},
		{"query key without extraction", "c=!{partitionKeyFromQuery:c}/", "err/", partition.PrefixRules{DynamicPartitioning: true, Lambda: true}, "needs a MetadataExtraction"},
		{"lambda key without lambda", "c=!{partitionKeyFromLambda:c}/", "err/", dp, "needs a Lambda"},
		{"unclosed", "c=!{partitionKeyFromQuery:c/", "err/", dp, "not closed"},
		{"empty name", "c=!{partitionKeyFromQuery:}/", "err/", dp, "must name a partition key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := partition.CheckPrefixes(tc.prefix, tc.errPrefix, tc.rules)
			if tc.text == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, apierr.InvalidArgument) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("%v, want InvalidArgument with %q", err, tc.text)
			}
		})
	}
}

// Firehose quota: 500 active partitions by default; once a partition's buffer is delivered it is no longer
// active ("Buffer data for dynamic partitioning").
func TestFiveHundredActivePartitionsByDefault(t *testing.T) {
	a := partition.NewActive(0)
	for i := range 500 {
		if !a.Admit(strings.Repeat("p", i+1)) {
			t.Fatalf("partition %d refused", i)
		}
	}
	if a.Admit("new") {
		t.Fatal("the 501st partition was admitted")
	}
	if !a.Admit("p") {
		t.Fatal("an active partition was refused")
	}
	a.Delivered("p")
	if !a.Admit("new") || a.Len() != 500 {
		t.Fatalf("after a delivery: len %d", a.Len())
	}
	if partition.NewActive(10000).Limit() != 5000 {
		t.Fatal("the limit is raisable to 5,000 only")
	}
}
