package stream_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/stream"
)

// Tags given at creation are listed in key order; AddTagsToStream overwrites existing keys and adds new ones;
// RemoveTagsFromStream ignores keys the stream does not have.
func TestTagsAreStoredOverwrittenAndRemoved(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, func(in *stream.CreateStreamInput) { in.Tags = map[string]string{"team": "data", "env": "test"} })
	tags := func() []stream.Tag {
		t.Helper()
		got, err := h.e.ListTagsForStream(h.ctx, ref("s"))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got, want := tags(), []stream.Tag{{"env", "test"}, {"team", "data"}}; !slices.Equal(got, want) {
		t.Fatalf("tags %v, want %v", got, want)
	}
	if err := h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{"env": "prod", "cost": ""}}); err != nil {
		t.Fatal(err)
	}
	if got, want := tags(), []stream.Tag{{"cost", ""}, {"env", "prod"}, {"team", "data"}}; !slices.Equal(got, want) {
		t.Fatalf("tags %v, want %v", got, want)
	}
	if err := h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("s"), TagKeys: []string{"team", "absent"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := tags(), []stream.Tag{{"cost", ""}, {"env", "prod"}}; !slices.Equal(got, want) {
		t.Fatalf("tags %v, want %v", got, want)
	}
}

// A stream has at most 50 tags; keys are 1–128 characters and may not start with "aws:"; values are at most 256
// characters. A refused call changes no tag.
func TestTagLimits(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	many := map[string]string{}
	for i := range 50 {
		many[strings.Repeat("k", i+1)] = "v"
	}
	if err := h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: many}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tags     map[string]string
		sentinel *apierr.Error
	}{
		{map[string]string{"one-too-many": "v"}, apierr.LimitExceeded},
		{map[string]string{"": "v"}, apierr.Validation},
		{map[string]string{strings.Repeat("x", 129): "v"}, apierr.Validation},
		{map[string]string{"k": strings.Repeat("v", 257)}, apierr.Validation},
		{map[string]string{"aws:owner": "me"}, apierr.InvalidArgument},
		{map[string]string{}, apierr.Validation},
	} {
		err := h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: tc.tags})
		wantErr(t, err, tc.sentinel, "")
	}
	got, _ := h.e.ListTagsForStream(h.ctx, ref("s"))
	if len(got) != 50 || got[0].Value != "v" {
		t.Fatalf("refused calls changed the tags: %d tags", len(got))
	}
	tooMany := map[string]string{}
	for i := range 51 {
		tooMany[strings.Repeat("k", i+1)] = "v"
	}
	err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "t", ShardCount: 1, Tags: tooMany})
	wantErr(t, err, apierr.LimitExceeded, "")
	_, err = h.e.ListTagsForStream(h.ctx, ref("t"))
	wantErr(t, err, apierr.ResourceNotFound, "")
}
