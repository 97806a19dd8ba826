package stream_test

// Tests of tagging: AddTagsToStream / RemoveTagsFromStream / ListTagsForStream and TagResource / UntagResource /
// ListTagsForResource. Sources: the API reference (API_ListTagsForStream.html, API_TagResource.html), the
// Developer Guide's tagging page (https://docs.aws.amazon.com/streams/latest/dev/tagging.html), the API model's
// Tag shapes, and AWS's answers recorded by kinesalite's test suite (mhart/kinesalite test/addTagsToStream.js,
// test/removeTagsFromStream.js, written against AWS).

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
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

// A stream has at most 50 tags (Developer Guide, tagging restrictions); keys are 1–128 characters and may not
// start with "aws:"; values are at most 256 characters (shapes TagKey, TagValue). Going over 50 is AWS's
// InvalidArgumentException "… because a given stream cannot have more than N tags associated with it."
// (kinesalite test/addTagsToStream.js, recorded when N was 10). A refused call changes no tag, at creation too.
func TestTagLimits(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	if err := h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: manyTags(49)}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tags     map[string]string
		sentinel *apierr.Error
		msg      string
	}{
		// Two new keys with one free place: all or nothing.
		{map[string]string{"new1": "v", "new2": "v"}, apierr.InvalidArgument,
			"Failed to add tags to stream s under account 000000000000 because a given stream cannot have more than 50 tags associated with it."},
		{map[string]string{"": "v"}, apierr.Validation, validation1("''", "tags.key", "Member must have length greater than or equal to 1")},
		{map[string]string{strings.Repeat("x", 129): "v"}, apierr.Validation, ""},
		{map[string]string{"k": strings.Repeat("v", 257)}, apierr.Validation, ""},
		{map[string]string{"aws:owner": "me"}, apierr.InvalidArgument, "Tag key aws:owner uses the reserved prefix aws:."},
		{map[string]string{}, apierr.Validation, validation1("'{}'", "tags", "Member must have length greater than or equal to 1")},
		{manyTags(201), apierr.Validation, ""},
	} {
		err := h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: tc.tags})
		wantErr(t, err, tc.sentinel, tc.msg)
	}
	if got := h.listTags("s"); len(got) != 49 {
		t.Fatalf("refused calls changed the tags: %d tags", len(got))
	}
	// Overwriting keys the stream has does not count twice: 49 + 1 new = 50.
	if err := h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{"k1": "w", "new": "v"}}); err != nil {
		t.Fatal(err)
	}
	if err := h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("s"), TagKeys: slices.Collect(func(yield func(string) bool) {
		for i := range 51 {
			yield("k" + strconv.Itoa(i))
		}
	})}); !apierrIs(err, apierr.Validation) {
		t.Fatalf("RemoveTagsFromStream with 51 keys (TagKeyList holds 1–50): %v", err)
	}
	err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "t", ShardCount: 1, Tags: manyTags(51)})
	wantErr(t, err, apierr.InvalidArgument, "Failed to add tags to stream t under account 000000000000 because a given stream cannot have more than 50 tags associated with it.")
	_, err = h.e.ListTagsForStream(h.ctx, stream.ListTagsForStreamInput{StreamRef: ref("t")})
	wantErr(t, err, apierr.ResourceNotFound, "")
}

func apierrIs(err error, sentinel *apierr.Error) bool {
	var ae *apierr.Error
	return err != nil && errors.As(err, &ae) && ae.Code == sentinel.Code
}

// Tag keys and values take Unicode letters, digits, white space and _ . / = + - @ (and ':', which AWS accepts
// though the list omits it: the SDK's TagResource documentation lists it, kinesalite PR #106 saw AWS take it).
// Anything else — ';', ',', a tab, a line break — is AWS's InvalidArgumentException "Some tags contain invalid
// characters…"; '%', listed as valid, is refused with a message of its own naming the call (kinesalite
// test/addTagsToStream.js and test/removeTagsFromStream.js, recorded against AWS). CreateStream, AddTagsToStream,
// RemoveTagsFromStream, TagResource and UntagResource follow the same rule.
func TestTagCharactersAreAWSs(t *testing.T) {
	const invalid = "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @."
	const percentAdd = "Failed to add tags to stream s under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'."
	const percentRemove = "Failed to remove tags from stream s under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'."
	h := newHarness(t)
	h.create("s", 1)
	arnS := h.e.StreamARN("s")
	valid := map[string]string{"a": "a", "ü0 _.": "a", "/=+-@": "a", "b": "ü0 _./=+-@", "c": "", "team:name": "x:y", "日本": "値"}
	if err := h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: valid}); err != nil {
		t.Fatalf("valid characters refused: %v", err)
	}
	if err := h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("s"), TagKeys: []string{"ü0 _.", "/=+-@"}}); err != nil {
		t.Fatalf("valid keys refused: %v", err)
	}
	before := h.listTags("s")
	for _, bad := range []string{"abc;def", "abc,def", "abc\tdef", "abc\ndef", "a<b", "a*b"} {
		wantErr(t, h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{bad: "1"}}), apierr.InvalidArgument, invalid)
		wantErr(t, h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{"a": bad}}), apierr.InvalidArgument, invalid)
		wantErr(t, h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("s"), TagKeys: []string{bad}}), apierr.InvalidArgument, invalid)
		wantErr(t, h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: arnS, Tags: map[string]string{bad: "1"}}), apierr.InvalidArgument, invalid)
		wantErr(t, h.e.UntagResource(h.ctx, stream.UntagResourceInput{ResourceARN: arnS, TagKeys: []string{bad}}), apierr.InvalidArgument, invalid)
		wantErr(t, h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "t", ShardCount: 1, Tags: map[string]string{"a": bad}}), apierr.InvalidArgument, invalid)
	}
	wantErr(t, h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{"abc%def": "1"}}), apierr.InvalidArgument, percentAdd)
	wantErr(t, h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{"a": "abc%def"}}), apierr.InvalidArgument, percentAdd)
	wantErr(t, h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: arnS, Tags: map[string]string{"a": "50%"}}), apierr.InvalidArgument, percentAdd)
	wantErr(t, h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("s"), TagKeys: []string{"abc%def"}}), apierr.InvalidArgument, percentRemove)
	if got := h.listTags("s"); !slices.Equal(got, before) {
		t.Fatalf("refused calls changed the tags:\n got %v\nwant %v", got, before)
	}
	if _, err := h.e.DescribeStreamSummary(h.ctx, ref("t")); !apierrIs(err, apierr.ResourceNotFound) {
		t.Fatalf("CreateStream with a bad tag created the stream: %v", err)
	}
	// The stream is looked up before the characters are checked: an unknown stream is ResourceNotFound even with
	// a bad key (kinesalite: "should return ResourceNotFoundException if stream does not exist", TagKeys [';']).
	wantErr(t, h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("nope"), TagKeys: []string{";"}}), apierr.ResourceNotFound, streamNotFound("nope"))
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

// Limit is 1–50 and ExclusiveStartTagKey 1–128 characters: anything else is a ValidationException (API reference,
// API_ListTagsForStream.html, "Valid Range: Minimum value of 1. Maximum value of 50").
func TestListTagsForStreamLimitIs1To50(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	for _, in := range []stream.ListTagsForStreamInput{
		{StreamRef: ref("s"), Limit: 51},
		{StreamRef: ref("s"), Limit: -1},
		{StreamRef: ref("s"), ExclusiveStartTagKey: strings.Repeat("k", 129)},
	} {
		_, err := h.e.ListTagsForStream(h.ctx, in)
		wantErr(t, err, apierr.Validation, "")
	}
	_, err := h.e.ListTagsForStream(h.ctx, stream.ListTagsForStreamInput{StreamRef: ref("s"), Limit: 51})
	wantErr(t, err, apierr.Validation, validation1("'51'", "limit", "Member must have value less than or equal to 50"))
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
	// The 50-tag limit is the resource's, whichever call adds them.
	err = h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: a, Tags: manyTags(50)})
	wantErr(t, err, apierr.InvalidArgument, "Failed to add tags to stream s under account 000000000000 because a given stream cannot have more than 50 tags associated with it.")
}

// A ResourceARN is required and must match arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+ of 1–2048 characters (API
// model shapes.ResourceARN): else ValidationException. A Kinesis ARN of another shape is InvalidArgument; one of
// another account, or of a stream that does not exist, ResourceNotFound. A consumer ARN names a consumer, and
// kinesim has none yet (enhanced fan-out comes next): ResourceNotFound in moto's wording, checked against AWS
// (getmoto/moto moto/kinesis/exceptions.py ConsumerNotFound).
func TestTagResourceARNs(t *testing.T) {
	h := newHarness(t)
	h.create("s", 1)
	consumer := "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/app:1572383852"
	for _, tc := range []struct {
		arn      string
		sentinel *apierr.Error
		msg      string
	}{
		{"", apierr.Validation, validation1("null", "resourceARN", "Member must not be null")},
		{"arn:aws:s3:::bucket", apierr.Validation, ""},
		{"not an arn", apierr.Validation, ""},
		{"arn:aws:kinesis:us-east-1:000000000000:stream/" + strings.Repeat("a", 2048), apierr.Validation, ""},
		{"arn:aws:kinesis:us-east-1:000000000000:stream/a/b", apierr.InvalidArgument, "Invalid ResourceARN arn:aws:kinesis:us-east-1:000000000000:stream/a/b. It must be the ARN of a stream or of a consumer."},
		{"arn:aws:kinesis:us-east-1:000000000000:stream/nope", apierr.ResourceNotFound, streamNotFound("nope")},
		{"arn:aws:kinesis:us-east-1:111111111111:stream/s", apierr.ResourceNotFound, "Stream s under account 111111111111 not found."},
		{consumer, apierr.ResourceNotFound, "Consumer " + consumer + ", account 000000000000 not found."},
		{"arn:aws:kinesis:us-east-1:000000000000:stream/nope/consumer/app:1", apierr.ResourceNotFound, streamNotFound("nope")},
	} {
		wantErr(t, h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: tc.arn, Tags: map[string]string{"a": "b"}}), tc.sentinel, tc.msg)
		wantErr(t, h.e.UntagResource(h.ctx, stream.UntagResourceInput{ResourceARN: tc.arn, TagKeys: []string{"a"}}), tc.sentinel, tc.msg)
		_, err := h.e.ListTagsForResource(h.ctx, stream.ListTagsForResourceInput{ResourceARN: tc.arn})
		wantErr(t, err, tc.sentinel, tc.msg)
	}
	if got := h.listTags("s"); len(got) != 0 {
		t.Fatalf("refused calls tagged the stream: %v", got)
	}
}

// Tags can be changed only while the stream is ACTIVE (Developer Guide, tagging: tags cannot be modified until
// the stream is ACTIVE): ResourceInUse otherwise, by name or by ARN; listing them works in any state.
func TestTagsChangeOnlyWhileActive(t *testing.T) {
	h := newHarness(t, stream.WithStatusDelays(time.Hour, 0, 0))
	if err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 1, Tags: map[string]string{"a": "b"}}); err != nil {
		t.Fatal(err)
	}
	a := h.e.StreamARN("s")
	wantErr(t, h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{"c": "d"}}), apierr.ResourceInUse, "")
	wantErr(t, h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: a, Tags: map[string]string{"c": "d"}}), apierr.ResourceInUse, "")
	wantErr(t, h.e.UntagResource(h.ctx, stream.UntagResourceInput{ResourceARN: a, TagKeys: []string{"a"}}), apierr.ResourceInUse, "")
	out, err := h.e.ListTagsForResource(h.ctx, stream.ListTagsForResourceInput{ResourceARN: a})
	if err != nil || !slices.Equal(out.Tags, []stream.Tag{{"a", "b"}}) {
		t.Fatalf("ListTagsForResource while CREATING: %v, %v", out.Tags, err)
	}
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
