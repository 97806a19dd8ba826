package stream_test

// Tests of tagging: AddTagsToStream / RemoveTagsFromStream / ListTagsForStream and TagResource / UntagResource /
// ListTagsForResource. Sources: the API reference (API_ListTagsForStream.html, API_TagResource.html), the
// Developer Guide's tagging page (https://docs.aws.amazon.com/streams/latest/dev/tagging.html), the API model's
// Tag shapes, and AWS's answers recorded by kinesalite's test suite (mhart/kinesalite test/addTagsToStream.js,
// test/removeTagsFromStream.js, written against AWS).

import (
	"slices"
	"strconv"
	"testing"

	"github.com/kinesim/kinesim/stream"
)

// listTags lists every tag of a stream with ListTagsForStream.
func (h *harness) listTags(name string) []stream.Tag {
	h.t.Helper()
	out, err := h.e.ListTagsForStream(h.ctx, stream.ListTagsForStreamInput{StreamRef: ref(name)})
	if err != nil {
		h.t.Fatal(err)
	}
	return out.Tags
}

// manyTags returns n tags k1…kn, all with value v.
func manyTags(n int) map[string]string {
	tags := map[string]string{}
	for i := range n {
		tags["k"+strconv.Itoa(i+1)] = "v"
	}
	return tags
}

// Tags given at creation are listed in key order; AddTagsToStream overwrites existing keys and adds new ones;
// RemoveTagsFromStream ignores keys the stream does not have (API reference, AddTagsToStream: "overwrites any
// existing tags that correspond to the specified tag keys").
func TestTagsAreStoredOverwrittenAndRemoved(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, func(in *stream.CreateStreamInput) { in.Tags = map[string]string{"team": "data", "env": "test"} })
	if got, want := h.listTags("s"), []stream.Tag{{"env", "test"}, {"team", "data"}}; !slices.Equal(got, want) {
		t.Fatalf("tags %v, want %v", got, want)
	}
	if err := h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{"env": "prod", "cost": ""}}); err != nil {
		t.Fatal(err)
	}
	if got, want := h.listTags("s"), []stream.Tag{{"cost", ""}, {"env", "prod"}, {"team", "data"}}; !slices.Equal(got, want) {
		t.Fatalf("tags %v, want %v", got, want)
	}
	if err := h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("s"), TagKeys: []string{"team", "absent"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := h.listTags("s"), []stream.Tag{{"cost", ""}, {"env", "prod"}}; !slices.Equal(got, want) {
		t.Fatalf("tags %v, want %v", got, want)
	}
}

// ListTagsForStream returns at most Limit tags (1–50) after ExclusiveStartTagKey, in key order, with HasMoreTags
// set while tags follow; continue with the last key (API reference, API_ListTagsForStream.html: "To list
// additional tags, set ExclusiveStartTagKey to the last key in the response"). The key need not be a tag's.
func TestListTagsForStreamPagesWithExclusiveStartTagKey(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, func(in *stream.CreateStreamInput) { in.Tags = manyTags(50) })
	var keys []string
	in := stream.ListTagsForStreamInput{StreamRef: ref("s"), Limit: 7}
	for pages := 1; ; pages++ {
		out, err := h.e.ListTagsForStream(h.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Tags) > 7 || out.HasMoreTags != (len(keys)+len(out.Tags) < 50) {
			t.Fatalf("page %d: %d tags, HasMoreTags %v after %d", pages, len(out.Tags), out.HasMoreTags, len(keys))
		}
		for _, tg := range out.Tags {
			keys = append(keys, tg.Key)
		}
		if !out.HasMoreTags {
			break
		}
		in.ExclusiveStartTagKey = out.Tags[len(out.Tags)-1].Key
	}
	if len(keys) != 50 || !slices.IsSorted(keys) {
		t.Fatalf("paged keys: %d, sorted %v", len(keys), slices.IsSorted(keys))
	}
	out, err := h.e.ListTagsForStream(h.ctx, stream.ListTagsForStreamInput{StreamRef: ref("s"), ExclusiveStartTagKey: "k5"})
	if err != nil {
		t.Fatal(err)
	}
	if out.HasMoreTags || len(out.Tags) != 5 || out.Tags[0].Key != "k50" { // k50 k6 k7 k8 k9 sort after k5
		t.Fatalf("after k5: %v (more %v)", out.Tags, out.HasMoreTags)
	}
	out, err = h.e.ListTagsForStream(h.ctx, stream.ListTagsForStreamInput{StreamRef: ref("s"), ExclusiveStartTagKey: "k45a"})
	if err != nil || len(out.Tags) != 10 || out.Tags[0].Key != "k46" { // k46 … k49, k5, k50, k6 … k9
		t.Fatalf("after a key the stream lacks: %v, %v", out.Tags, err)
	}
	// The default page holds every tag a stream can have.
	if out, _ := h.e.ListTagsForStream(h.ctx, stream.ListTagsForStreamInput{StreamRef: ref("s")}); len(out.Tags) != 50 || out.HasMoreTags {
		t.Fatalf("default page: %d tags, more %v", len(out.Tags), out.HasMoreTags)
	}
}

// TagResource, UntagResource and ListTagsForResource act on a stream named by its ARN, on the same tags as
// AddTagsToStream and ListTagsForStream (API reference, API_TagResource.html: "Adds or updates tags for the
// specified Kinesis resource … up to 50 tags"; ListTagsForResource lists them all).
func TestTagResourceTagsAStreamByARN(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1, func(in *stream.CreateStreamInput) { in.Tags = map[string]string{"env": "test"} })
	a := h.e.StreamARN("s")
	if err := h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: a, Tags: map[string]string{"team": "data", "env": "prod"}}); err != nil {
		t.Fatal(err)
	}
	out, err := h.e.ListTagsForResource(h.ctx, stream.ListTagsForResourceInput{ResourceARN: a})
	if err != nil {
		t.Fatal(err)
	}
	if want := []stream.Tag{{"env", "prod"}, {"team", "data"}}; !slices.Equal(out.Tags, want) || !slices.Equal(h.listTags("s"), want) {
		t.Fatalf("ListTagsForResource %v, ListTagsForStream %v, want %v", out.Tags, h.listTags("s"), want)
	}
	if err := h.e.UntagResource(h.ctx, stream.UntagResourceInput{ResourceARN: a, TagKeys: []string{"env", "absent"}}); err != nil {
		t.Fatal(err)
	}
	if got := h.listTags("s"); !slices.Equal(got, []stream.Tag{{"team", "data"}}) {
		t.Fatalf("after UntagResource: %v", got)
	}
	// The 50-tag limit is the resource's, whichever call adds them: the error spec's TagLimits (streamtest).
}

// FuzzTagResourceARN feeds arbitrary ARNs, keys and values to the tagging calls: they never panic, and a refused
// call leaves the tags as they were.
func FuzzTagResourceARN(f *testing.F) {
	f.Add("arn:aws:kinesis:us-east-1:000000000000:stream/s", "k", "v")
	f.Add("arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1", "k;", "%")
	f.Add("arn:aws:kinesis::000000000000:stream/", "", "\xff")
	f.Fuzz(func(t *testing.T, a, k, v string) {
		h := newHarness(t)
		h.create("s", 1)
		err := h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: a, Tags: map[string]string{k: v}})
		got := h.listTags("s")
		if err != nil && len(got) != 0 || err == nil && !slices.Equal(got, []stream.Tag{{k, v}}) {
			t.Fatalf("TagResource(%q, %q=%q): %v, tags %v", a, k, v, err, got)
		}
		if err := h.e.UntagResource(h.ctx, stream.UntagResourceInput{ResourceARN: a, TagKeys: []string{k}}); err == nil && len(h.listTags("s")) != 0 {
			t.Fatalf("UntagResource(%q, %q) left %v", a, k, h.listTags("s"))
		}
		_, _ = h.e.ListTagsForResource(h.ctx, stream.ListTagsForResourceInput{ResourceARN: a})
	})
}
