package streamtest

// The error cases of the administrative operations (tags, resource policies, resharding) and of explicit 0s (page
// sizes, a shard count, a warm throughput), moved here from package stream's spec tests (each group names the test it came from) so that they
// run against every target.

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

const (
	tagLimitText         = "Failed to add tags to stream %s under account 000000000000 because a given stream cannot have more than 50 tags associated with it."
	arnPatternText       = `Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+`
	samplePolicy         = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":["kinesis:PutRecord"],"Resource":"*"}]}`
	notActiveText        = "Stream %s under account 000000000000 not ACTIVE, instead in state %s"
	notAdjacentText      = "Shards %s and %s in stream s under account 000000000000 are not an adjacent pair of shards eligible for merging"
	alreadyReshardedText = "Shard %s in stream s under account 000000000000 has already been merged or split, and thus is not eligible for merging or splitting."
)

// adminGroups are the groups of this file, run by RunErrorSpec after its own.
var adminGroups = []struct {
	name string
	run  func(*testing.T, NewTarget, *tally)
}{
	{"TagLimits", tagLimits},
	{"TagCharactersAreAWSs", tagCharactersAreAWSs},
	{"ListTagsForStreamLimitIs1To50", listTagsForStreamLimitIs1To50},
	{"TagResourceARNs", tagResourceARNs},
	{"TagsChangeOnlyWhileActive", tagsChangeOnlyWhileActive},
	{"ResourcePolicyValidatesTheARNAndThePolicy", resourcePolicyValidatesTheARNAndThePolicy},
	{"ResourcePolicyChangesNeedTheStreamActive", resourcePolicyChangesNeedTheStreamActive},
	{"SplitShardKeyMustBeStrictlyInsideRange", splitShardKeyMustBeStrictlyInsideRange},
	{"SplitShardBadInputChangesNothing", splitShardBadInputChangesNothing},
	{"SplitClosedShardIsInvalidArgument", splitClosedShardIsInvalidArgument},
	{"MergeShardsRequiresAdjacentPair", mergeShardsRequiresAdjacentPair},
	{"MergeShardsRefusesShardToMergeAboveAdjacent", mergeShardsRefusesShardToMergeAboveAdjacent},
	{"ReshardUnknownShardIsCouldNotFindShard", reshardUnknownShardIsCouldNotFindShard},
	{"UpdateShardCountLimits", updateShardCountLimits},
	{"ReshardingOnDemandStreamIsValidation", reshardingOnDemandStreamIsValidation},
	{"ReshardWhileCreatingOrDeletingIsResourceInUse", reshardWhileCreatingOrDeletingIsResourceInUse},
	{"ReshardWhileUpdatingIsResourceInUse", reshardWhileUpdatingIsResourceInUse},
	{"ExplicitZeroPageSizeIsValidation", explicitZeroPageSizeIsValidation},
	{"ExplicitZeroShardCountIsValidation", explicitZeroShardCountIsValidation},
	{"ExplicitZeroWarmThroughputIsOnDemandOnly", explicitZeroWarmThroughputIsOnDemandOnly},
	{"ExplicitZeroMaxRecordSizeIsValidation", explicitZeroMaxRecordSizeIsValidation},
}

// listTags lists every tag of a stream with ListTagsForStream.
func (h *harness) listTags(name string) []stream.Tag {
	h.t.Helper()
	out, err := h.e.ListTagsForStream(h.ctx, stream.ListTagsForStreamInput{StreamRef: ref(name)})
	if err != nil {
		h.t.Fatal(err)
	}
	return out.Tags
}

func (h *harness) arn(name string) string {
	h.t.Helper()
	return h.Summary(name).StreamARN
}

func (h *harness) split(name, shardID, key string) error {
	return h.e.SplitShard(h.ctx, stream.SplitShardInput{StreamRef: ref(name), ShardToSplit: shardID, NewStartingHashKey: key})
}

func (h *harness) merge(name, a, b string) error {
	return h.e.MergeShards(h.ctx, stream.MergeShardsInput{StreamRef: ref(name), ShardToMerge: a, AdjacentShardToMerge: b})
}

// open lists the open shards of a stream in hash-key order.
func (h *harness) open(name string) []stream.Shard {
	h.t.Helper()
	var open []stream.Shard
	for _, s := range h.Shards(name) {
		if s.SequenceNumberRange.EndingSequenceNumber.IsZero() {
			open = append(open, s)
		}
	}
	slices.SortFunc(open, func(a, b stream.Shard) int {
		return a.HashKeyRange.StartingHashKey.Compare(b.HashKeyRange.StartingHashKey)
	})
	return open
}

// sameShards returns a check that the stream's shards are still before.
func (h *harness) sameShards(name string, before []stream.Shard) func(*testing.T) {
	return func(t *testing.T) {
		t.Helper()
		if after := h.Shards(name); !slices.Equal(before, after) {
			t.Fatalf("shards changed:\nbefore %+v\n after %+v", before, after)
		}
	}
}

// wantThen is want with checks run after it in the same subtest.
func (h *harness) wantThen(name string, err error, kind *apierr.Error, msg string, then ...func(*testing.T)) {
	h.check(name, "", err, func(t *testing.T) { WantError(t, err, kind, msg) }, then...)
}

// manyTags returns n tags k1…kn, all with value v.
func manyTags(n int) map[string]string {
	tags := map[string]string{}
	for i := range n {
		tags["k"+strconv.Itoa(i+1)] = "v"
	}
	return tags
}

// From stream's TestTagLimits and TestTagResourceTagsAStreamByARN: a stream has at most 50 tags (Developer
// Guide, tagging restrictions); keys are 1–128 characters and may not start with "aws:"; values are at most 256
// characters (shapes TagKey, TagValue). Going over 50 is AWS's InvalidArgumentException "… because a given
// stream cannot have more than N tags associated with it." (kinesalite test/addTagsToStream.js, recorded when N
// was 10), whichever call adds them. A refused call changes no tag, at creation too.
func tagLimits(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	if err := h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: manyTags(49)}); err != nil {
		t.Fatal(err)
	}
	add := func(tags map[string]string) error {
		return h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: tags})
	}
	// Two new keys with one free place: all or nothing.
	h.want("two new keys with one place free", add(map[string]string{"new1": "v", "new2": "v"}), apierr.InvalidArgument, fmt.Sprintf(tagLimitText, "s"))
	h.want("empty key", add(map[string]string{"": "v"}), apierr.Validation, validation1("''", "tags.key", "Member must have length greater than or equal to 1"))
	h.want("129-char key", add(map[string]string{strings.Repeat("x", 129): "v"}), apierr.Validation, "")
	h.want("257-char value", add(map[string]string{"k": strings.Repeat("v", 257)}), apierr.Validation, "")
	h.want("aws: prefix", add(map[string]string{"aws:owner": "me"}), apierr.InvalidArgument, "Tag key aws:owner uses the reserved prefix aws:.")
	h.want("no tags", add(map[string]string{}), apierr.Validation, validation1("'{}'", "tags", "Member must have length greater than or equal to 1"))
	h.want("201 tags", add(manyTags(201)), apierr.Validation, "")
	h.want("TagResource over 50", h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: h.arn("s"), Tags: map[string]string{"new1": "v", "new2": "v"}}),
		apierr.InvalidArgument, fmt.Sprintf(tagLimitText, "s"))
	if got := h.listTags("s"); len(got) != 49 {
		t.Fatalf("refused calls changed the tags: %d tags", len(got))
	}
	// Overwriting keys the stream has does not count twice: 49 + 1 new = 50.
	if err := add(map[string]string{"k1": "w", "new": "v"}); err != nil {
		t.Fatal(err)
	}
	keys51 := make([]string, 51)
	for i := range keys51 {
		keys51[i] = "k" + strconv.Itoa(i)
	}
	h.want("RemoveTagsFromStream of 51 keys", h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("s"), TagKeys: keys51}), apierr.Validation, "")
	err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "t", ShardCount: 1, Tags: manyTags(51)})
	h.want("CreateStream with 51 tags", err, apierr.InvalidArgument, fmt.Sprintf(tagLimitText, "t"))
	_, err = h.e.ListTagsForStream(h.ctx, stream.ListTagsForStreamInput{StreamRef: ref("t")})
	h.want("the refused stream does not exist", err, apierr.ResourceNotFound, "")
}

// From stream's TestTagCharactersAreAWSs: tag keys and values take Unicode letters, digits, white space and
// _ . / = + - @ (and ':'); anything else is AWS's InvalidArgumentException "Some tags contain invalid
// characters…"; '%', listed as valid, is refused with a message of its own naming the call (kinesalite
// test/addTagsToStream.js and test/removeTagsFromStream.js, recorded against AWS). CreateStream,
// AddTagsToStream, RemoveTagsFromStream, TagResource and UntagResource follow the same rule.
func tagCharactersAreAWSs(t *testing.T, newTarget NewTarget, n *tally) {
	const invalid = "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @."
	const percentAdd = "Failed to add tags to stream s under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'."
	const percentRemove = "Failed to remove tags from stream s under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'."
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	arnS := h.arn("s")
	valid := map[string]string{"a": "a", "ü0 _.": "a", "/=+-@": "a", "b": "ü0 _./=+-@", "c": "", "team:name": "x:y", "日本": "値"}
	if err := h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: valid}); err != nil {
		t.Fatalf("valid characters refused: %v", err)
	}
	if err := h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("s"), TagKeys: []string{"ü0 _.", "/=+-@"}}); err != nil {
		t.Fatalf("valid keys refused: %v", err)
	}
	before := h.listTags("s")
	for _, bad := range []string{"abc;def", "abc,def", "abc\tdef", "abc\ndef", "a<b", "a*b"} {
		q := strconv.Quote(bad)
		h.want("AddTagsToStream key "+q, h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{bad: "1"}}), apierr.InvalidArgument, invalid)
		h.want("AddTagsToStream value "+q, h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{"a": bad}}), apierr.InvalidArgument, invalid)
		h.want("RemoveTagsFromStream key "+q, h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("s"), TagKeys: []string{bad}}), apierr.InvalidArgument, invalid)
		h.want("TagResource key "+q, h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: arnS, Tags: map[string]string{bad: "1"}}), apierr.InvalidArgument, invalid)
		h.want("UntagResource key "+q, h.e.UntagResource(h.ctx, stream.UntagResourceInput{ResourceARN: arnS, TagKeys: []string{bad}}), apierr.InvalidArgument, invalid)
		h.want("CreateStream value "+q, h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "t", ShardCount: 1, Tags: map[string]string{"a": bad}}), apierr.InvalidArgument, invalid)
	}
	h.want("AddTagsToStream key with %", h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{"abc%def": "1"}}), apierr.InvalidArgument, percentAdd)
	h.want("AddTagsToStream value with %", h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{"a": "abc%def"}}), apierr.InvalidArgument, percentAdd)
	h.want("TagResource value with %", h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: arnS, Tags: map[string]string{"a": "50%"}}), apierr.InvalidArgument, percentAdd)
	h.want("RemoveTagsFromStream key with %", h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("s"), TagKeys: []string{"abc%def"}}), apierr.InvalidArgument, percentRemove)
	if got := h.listTags("s"); !slices.Equal(got, before) {
		t.Fatalf("refused calls changed the tags:\n got %v\nwant %v", got, before)
	}
	_, err := h.e.DescribeStreamSummary(h.ctx, ref("t"))
	h.want("CreateStream with a bad tag created nothing", err, apierr.ResourceNotFound, streamNotFound("t"))
	// The stream is looked up before the characters are checked: an unknown stream is ResourceNotFound even with
	// a bad key (kinesalite: "should return ResourceNotFoundException if stream does not exist", TagKeys [';']).
	h.want("unknown stream before bad characters", h.e.RemoveTagsFromStream(h.ctx, stream.TagKeysInput{StreamRef: ref("nope"), TagKeys: []string{";"}}),
		apierr.ResourceNotFound, streamNotFound("nope"))
}

// From stream's TestListTagsForStreamLimitIs1To50: Limit is 1–50 and ExclusiveStartTagKey 1–128 characters
// (API reference, API_ListTagsForStream.html, "Valid Range: Minimum value of 1. Maximum value of 50").
func listTagsForStreamLimitIs1To50(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	ls := func(in stream.ListTagsForStreamInput) error {
		_, err := h.e.ListTagsForStream(h.ctx, in)
		return err
	}
	h.want("Limit 51", ls(stream.ListTagsForStreamInput{StreamRef: ref("s"), Limit: 51}), apierr.Validation,
		validation1("'51'", "limit", "Member must have value less than or equal to 50"))
	h.want("Limit -1", ls(stream.ListTagsForStreamInput{StreamRef: ref("s"), Limit: -1}), apierr.Validation,
		validation1("'-1'", "limit", "Member must have value greater than or equal to 1"))
	h.want("129-char ExclusiveStartTagKey", ls(stream.ListTagsForStreamInput{StreamRef: ref("s"), ExclusiveStartTagKey: strings.Repeat("k", 129)}), apierr.Validation, "")
}

// From stream's TestTagResourceARNs: a ResourceARN is required and must match
// arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+ of 1–2048 characters (API model shapes.ResourceARN): else
// ValidationException. A Kinesis ARN of another shape is InvalidArgument; one of another account, of a stream that
// does not exist or of a consumer the stream lacks, ResourceNotFound (moto's wording for consumers, checked
// against AWS: getmoto/moto moto/kinesis/exceptions.py ConsumerNotFound).
func tagResourceARNs(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	consumer := "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/app:1572383852"
	for _, tc := range []struct {
		name, arn string
		kind      *apierr.Error
		msg       string
	}{
		{"no ARN", "", apierr.Validation, validation1("null", "resourceARN", "Member must not be null")},
		{"S3 ARN", "arn:aws:s3:::bucket", apierr.Validation, ""},
		{"not an ARN", "not an arn", apierr.Validation, ""},
		{"ARN over 2048 characters", "arn:aws:kinesis:us-east-1:000000000000:stream/" + strings.Repeat("a", 2048), apierr.Validation, ""},
		{"stream ARN of another shape", "arn:aws:kinesis:us-east-1:000000000000:stream/a/b", apierr.InvalidArgument,
			"Invalid ResourceARN arn:aws:kinesis:us-east-1:000000000000:stream/a/b. It must be the ARN of a stream or of a consumer."},
		{"unknown stream", "arn:aws:kinesis:us-east-1:000000000000:stream/nope", apierr.ResourceNotFound, streamNotFound("nope")},
		{"another account", "arn:aws:kinesis:us-east-1:111111111111:stream/s", apierr.ResourceNotFound, "Stream s under account 111111111111 not found."},
		{"unknown consumer", consumer, apierr.ResourceNotFound, "Consumer " + consumer + ", account 000000000000 not found."},
		{"consumer of an unknown stream", "arn:aws:kinesis:us-east-1:000000000000:stream/nope/consumer/app:1", apierr.ResourceNotFound, streamNotFound("nope")},
	} {
		required := ""
		if tc.arn == "" {
			required = "ResourceARN"
		}
		err := h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: tc.arn, Tags: map[string]string{"a": "b"}})
		h.check("TagResource "+tc.name, required, err, func(t *testing.T) { WantError(t, err, tc.kind, tc.msg) })
		err2 := h.e.UntagResource(h.ctx, stream.UntagResourceInput{ResourceARN: tc.arn, TagKeys: []string{"a"}})
		h.check("UntagResource "+tc.name, required, err2, func(t *testing.T) { WantError(t, err2, tc.kind, tc.msg) })
		_, err3 := h.e.ListTagsForResource(h.ctx, stream.ListTagsForResourceInput{ResourceARN: tc.arn})
		h.check("ListTagsForResource "+tc.name, required, err3, func(t *testing.T) { WantError(t, err3, tc.kind, tc.msg) })
	}
	if got := h.listTags("s"); len(got) != 0 {
		t.Fatalf("refused calls tagged the stream: %v", got)
	}
}

// From stream's TestTagsChangeOnlyWhileActive: tags can be changed only while the stream is ACTIVE (Developer
// Guide, tagging: tags cannot be modified until the stream is ACTIVE): ResourceInUse otherwise, by name or by
// ARN; listing them works in any state.
func tagsChangeOnlyWhileActive(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithStatusDelays(time.Hour, 0, 0))
	if err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "s", ShardCount: 1, Tags: map[string]string{"a": "b"}}); err != nil {
		t.Fatal(err)
	}
	a := h.arn("s")
	h.want("AddTagsToStream while CREATING", h.e.AddTagsToStream(h.ctx, stream.TagsInput{StreamRef: ref("s"), Tags: map[string]string{"c": "d"}}), apierr.ResourceInUse, "")
	h.want("TagResource while CREATING", h.e.TagResource(h.ctx, stream.TagResourceInput{ResourceARN: a, Tags: map[string]string{"c": "d"}}), apierr.ResourceInUse, "")
	h.want("UntagResource while CREATING", h.e.UntagResource(h.ctx, stream.UntagResourceInput{ResourceARN: a, TagKeys: []string{"a"}}), apierr.ResourceInUse, "")
	out, err := h.e.ListTagsForResource(h.ctx, stream.ListTagsForResourceInput{ResourceARN: a})
	if err != nil || !slices.Equal(out.Tags, []stream.Tag{{Key: "a", Value: "b"}}) {
		t.Fatalf("ListTagsForResource while CREATING: %v, %v", out.Tags, err)
	}
}

// From stream's TestResourcePolicyValidatesTheARNAndThePolicy: ResourceARN is required, 1–2048 characters, of
// the pattern arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+ (API model shapes.ResourceARN): violations are
// ValidationExceptions. A stream ARN of an unknown stream or of another account is a ResourceNotFoundException, a
// consumer ARN of a consumer the stream lacks too. Policy is required and must be a JSON object of at most 20 KiB
// (InvalidArgumentException). Errors accepted: ValidationException, InvalidArgumentException,
// ResourceNotFoundException (API reference, API_PutResourcePolicy.html).
func resourcePolicyValidatesTheARNAndThePolicy(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	a := h.arn("s")
	nope := strings.TrimSuffix(a, "/s") + "/nope"
	consumer := a + "/consumer/app:1700000000"
	for _, tc := range []struct {
		name, arn, policy, required string
		kind                        *apierr.Error
		msg                         string
	}{
		{"no ARN", "", samplePolicy, "ResourceARN", apierr.Validation, validation1("null", "resourceARN", "Member must not be null")},
		{"no policy", a, "", "Policy", apierr.Validation, validation1("null", "policy", "Member must not be null")},
		{"table ARN", "arn:aws:kinesis:us-east-1:000000000000:table/s", samplePolicy, "", apierr.Validation,
			validation1("'arn:aws:kinesis:us-east-1:000000000000:table/s'", "resourceARN", arnPatternText)},
		{"ARN over 2048 characters", "arn:aws:kinesis:us-east-1:000000000000:stream/" + strings.Repeat("x", 2048), samplePolicy, "", apierr.Validation, ""},
		{"delivery stream ARN", "arn:aws:kinesis:us-east-1:000000000000:deliverystream/s", samplePolicy, "", apierr.InvalidArgument,
			"Invalid ResourceARN arn:aws:kinesis:us-east-1:000000000000:deliverystream/s. It must be the ARN of a stream or of a consumer."},
		{"unknown stream", nope, samplePolicy, "", apierr.ResourceNotFound, streamNotFound("nope")},
		{"another account", "arn:aws:kinesis:us-east-1:111111111111:stream/s", samplePolicy, "", apierr.ResourceNotFound, "Stream s under account 111111111111 not found."},
		{"unknown consumer", consumer, samplePolicy, "", apierr.ResourceNotFound, "Consumer " + consumer + ", account 000000000000 not found."},
		{"consumer of an unknown stream", nope + "/consumer/app:1700000000", samplePolicy, "", apierr.ResourceNotFound, streamNotFound("nope")},
		{"JSON array", a, "[1, 2]", "", apierr.InvalidArgument, "Policy is not a valid JSON object."},
		{"JSON null", a, "null", "", apierr.InvalidArgument, "Policy is not a valid JSON object."},
		{"truncated JSON", a, `{"Version":`, "", apierr.InvalidArgument, "Policy is not a valid JSON object."},
		{"over 20 KiB", a, `{"Sid":"` + strings.Repeat("x", 20<<10) + `"}`, "", apierr.InvalidArgument, "Policy size 20490 bytes exceeds the maximum allowed size of 20480 bytes."},
	} {
		err := h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: tc.arn, Policy: tc.policy})
		h.check("PutResourcePolicy "+tc.name, tc.required, err, func(t *testing.T) { WantError(t, err, tc.kind, tc.msg) })
	}
	if out, err := h.e.GetResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: a}); err != nil || out.Policy != stream.NoResourcePolicy {
		t.Fatalf("refused calls attached %q (%v)", out.Policy, err)
	}
	for _, r := range []struct{ name, arn, required string }{{"unknown consumer", consumer, ""}, {"no ARN", "", "ResourceARN"}} {
		kind := apierr.ResourceNotFound
		if r.arn == "" {
			kind = apierr.Validation
		}
		_, err := h.e.GetResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: r.arn})
		h.check("GetResourcePolicy "+r.name, r.required, err, func(t *testing.T) { WantError(t, err, kind, "") })
		err2 := h.e.DeleteResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: r.arn})
		h.check("DeleteResourcePolicy "+r.name, r.required, err2, func(t *testing.T) { WantError(t, err2, kind, "") })
	}
	big := `{"Sid":"` + strings.Repeat("x", 20<<10-10) + `"}`
	if err := h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: a, Policy: big}); err != nil {
		t.Fatalf("a policy of exactly 20 KiB: %v", err)
	}
}

// From stream's TestResourcePolicyChangesNeedTheStreamActive: putting or deleting a policy needs the stream
// ACTIVE (ResourceInUseException); reading it does not.
func resourcePolicyChangesNeedTheStreamActive(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithStatusDelays(0, 0, time.Minute))
	h.create("s", 2)
	a := h.arn("s")
	if err := h.split("s", "shardId-000000000000", hashKeyOfShard(1, 4)); err != nil {
		t.Fatal(err)
	}
	h.want("PutResourcePolicy while UPDATING", h.e.PutResourcePolicy(h.ctx, stream.PutResourcePolicyInput{ResourceARN: a, Policy: samplePolicy}),
		apierr.ResourceInUse, fmt.Sprintf(notActiveText, "s", "UPDATING"))
	h.want("DeleteResourcePolicy while UPDATING", h.e.DeleteResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: a}), apierr.ResourceInUse, "")
	if out, err := h.e.GetResourcePolicy(h.ctx, stream.ResourcePolicyInput{ResourceARN: a}); err != nil || out.Policy != stream.NoResourcePolicy {
		t.Fatalf("policy %q while UPDATING (%v)", out.Policy, err)
	}
}

// From stream's TestSplitShardKeyMustBeStrictlyInsideRange: NewStartingHashKey must lie strictly inside the
// shard's range by AWS's rule, greater than its StartingHashKey plus one and below its EndingHashKey (AWS's message
// "is not both greater than one plus the shard's StartingHashKey …"); a refused split changes nothing and leaves
// the stream ACTIVE.
func splitShardKeyMustBeStrictlyInsideRange(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 3)
	before := h.Shards("s")
	mid := before[1].HashKeyRange
	last := before[2].HashKeyRange
	for _, c := range []struct{ name, shard, key string }{
		{"start", "shardId-000000000001", mid.StartingHashKey.String()},
		{"start+1", "shardId-000000000001", mid.StartingHashKey.Add(1).String()},
		{"start-1", "shardId-000000000001", mid.StartingHashKey.Sub(1).String()},
		{"end", "shardId-000000000001", mid.EndingHashKey.String()},
		{"end+1", "shardId-000000000001", mid.EndingHashKey.Add(1).String()},
		{"far beyond", "shardId-000000000001", last.EndingHashKey.String()},
		{"zero", "shardId-000000000001", "0"},
		{"last shard end", "shardId-000000000002", last.EndingHashKey.String()},
		{"2^128", "shardId-000000000002", twoTo128},
		{"first shard start", "shardId-000000000000", "0"},
		{"first shard 1", "shardId-000000000000", "1"},
	} {
		err := h.split("s", c.shard, c.key)
		h.check(c.name, "", err, func(t *testing.T) {
			WantErrorAround(t, err, apierr.InvalidArgument,
				"NewStartingHashKey "+c.key+" used in SplitShard() on shard "+c.shard+" in stream s under account 000000000000 is not both greater than one plus the shard's StartingHashKey", "")
		}, h.sameShards("s", before), func(t *testing.T) {
			if st := h.Summary("s").StreamStatus; st != stream.StreamStatusActive {
				t.Errorf("status %s after a rejected split", st)
			}
		})
	}
	// start+2 is the first key strictly inside by AWS's rule (> StartingHashKey+1), end−1 the last.
	if err := h.split("s", "shardId-000000000001", mid.StartingHashKey.Add(2).String()); err != nil {
		t.Fatalf("split at start+2: %v", err)
	}
	if got := h.Shards("s")[3].HashKeyRange; got != (record.HashKeyRange{StartingHashKey: mid.StartingHashKey, EndingHashKey: mid.StartingHashKey.Add(1)}) {
		t.Errorf("lower child of a split at start+2: %v", got)
	}
	if err := h.split("s", "shardId-000000000004", mid.EndingHashKey.Sub(1).String()); err != nil {
		t.Fatalf("split at end-1: %v", err)
	}
	if got := h.Shards("s")[6].HashKeyRange; got != (record.HashKeyRange{StartingHashKey: mid.EndingHashKey.Sub(1), EndingHashKey: mid.EndingHashKey}) {
		t.Errorf("upper child of a split at end-1: %v", got)
	}
}

// From stream's TestSplitShardBadInputChangesNothing: a SplitShard without a shard or a key, with a malformed key
// (shapes.HashKey), of an unknown shard or stream fails and changes nothing.
func splitShardBadInputChangesNothing(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 2)
	before := h.Shards("s")
	key := before[0].HashKeyRange.Midpoint().String()
	for _, c := range []struct {
		name, required string
		in             stream.SplitShardInput
		kind           *apierr.Error
	}{
		{"no shard", "ShardToSplit", stream.SplitShardInput{StreamRef: ref("s"), NewStartingHashKey: key}, apierr.Validation},
		{"no key", "NewStartingHashKey", stream.SplitShardInput{StreamRef: ref("s"), ShardToSplit: "shardId-000000000000"}, apierr.Validation},
		{"malformed key", "", stream.SplitShardInput{StreamRef: ref("s"), ShardToSplit: "shardId-000000000000", NewStartingHashKey: "12a"}, apierr.Validation},
		{"negative key", "", stream.SplitShardInput{StreamRef: ref("s"), ShardToSplit: "shardId-000000000000", NewStartingHashKey: "-5"}, apierr.Validation},
		{"unknown shard", "", stream.SplitShardInput{StreamRef: ref("s"), ShardToSplit: "shardId-000000000009", NewStartingHashKey: key}, apierr.ResourceNotFound},
		{"unknown stream", "", stream.SplitShardInput{StreamRef: ref("nope"), ShardToSplit: "shardId-000000000000", NewStartingHashKey: key}, apierr.ResourceNotFound},
	} {
		err := h.e.SplitShard(h.ctx, c.in)
		h.check(c.name, c.required, err, func(t *testing.T) { WantError(t, err, c.kind, "") }, h.sameShards("s", before))
	}
}

// From stream's TestSplitClosedShardIsInvalidArgument: a shard already split or merged cannot be split or merged
// again (kinesalite's bug #109), with AWS's message.
func splitClosedShardIsInvalidArgument(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 2)
	sh0 := h.Shards("s")[0]
	if err := h.split("s", sh0.ShardId, sh0.HashKeyRange.Midpoint().String()); err != nil {
		t.Fatal(err)
	}
	before := h.Shards("s")
	want := fmt.Sprintf(alreadyReshardedText, sh0.ShardId)
	h.wantThen("split the split parent at its midpoint", h.split("s", sh0.ShardId, sh0.HashKeyRange.Midpoint().String()), apierr.InvalidArgument, want)
	h.wantThen("split the split parent elsewhere", h.split("s", sh0.ShardId, sh0.HashKeyRange.StartingHashKey.Add(5).String()), apierr.InvalidArgument, want)
	h.wantThen("merge the split parent", h.merge("s", sh0.ShardId, "shardId-000000000001"), apierr.InvalidArgument, want)
	h.wantThen("merge into the split parent", h.merge("s", "shardId-000000000003", sh0.ShardId), apierr.InvalidArgument, want, h.sameShards("s", before))
	// A merged shard is just as closed.
	if err := h.merge("s", "shardId-000000000003", "shardId-000000000001"); err != nil {
		t.Fatal(err)
	}
	h.want("split a merged parent", h.split("s", "shardId-000000000001", h.Shards("s")[1].HashKeyRange.Midpoint().String()), apierr.InvalidArgument,
		fmt.Sprintf(alreadyReshardedText, "shardId-000000000001"))
	before = h.Shards("s")
	h.wantThen("merge a merged parent", h.merge("s", "shardId-000000000002", "shardId-000000000003"), apierr.InvalidArgument, "", h.sameShards("s", before))
}

// From stream's TestMergeShardsRequiresAdjacentPair: MergeShards takes two adjacent open shards (API reference,
// API_MergeShards.html); another pair is InvalidArgument with AWS's message, a missing member Validation, an
// unknown shard or stream ResourceNotFound; nothing changes.
func mergeShardsRequiresAdjacentPair(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 3)
	before := h.Shards("s")
	for _, c := range []struct{ a, b string }{
		{"shardId-000000000000", "shardId-000000000002"},
		{"shardId-000000000002", "shardId-000000000000"},
		{"shardId-000000000001", "shardId-000000000001"},
	} {
		h.wantThen(c.a+" and "+c.b, h.merge("s", c.a, c.b), apierr.InvalidArgument, fmt.Sprintf(notAdjacentText, c.a, c.b), h.sameShards("s", before))
	}
	for _, c := range []struct {
		name, required string
		in             stream.MergeShardsInput
		kind           *apierr.Error
	}{
		{"missing adjacent", "AdjacentShardToMerge", stream.MergeShardsInput{StreamRef: ref("s"), ShardToMerge: "shardId-000000000000"}, apierr.Validation},
		{"missing shard", "ShardToMerge", stream.MergeShardsInput{StreamRef: ref("s"), AdjacentShardToMerge: "shardId-000000000000"}, apierr.Validation},
		{"unknown shard", "", stream.MergeShardsInput{StreamRef: ref("s"), ShardToMerge: "shardId-000000000000", AdjacentShardToMerge: "shardId-000000000007"}, apierr.ResourceNotFound},
		{"unknown stream", "", stream.MergeShardsInput{StreamRef: ref("x"), ShardToMerge: "shardId-000000000000", AdjacentShardToMerge: "shardId-000000000001"}, apierr.ResourceNotFound},
	} {
		err := h.e.MergeShards(h.ctx, c.in)
		h.check(c.name, c.required, err, func(t *testing.T) { WantError(t, err, c.kind, "") }, h.sameShards("s", before))
	}
	if err := h.merge("s", "shardId-000000000001", "shardId-000000000002"); err != nil {
		t.Fatalf("merge of an adjacent pair: %v", err)
	}
	// After the merge, shard 0 and the child 3 are adjacent; 0 and the closed 1 no longer count.
	if err := h.merge("s", "shardId-000000000000", "shardId-000000000003"); err != nil {
		t.Fatalf("merge of shard 0 with the merged child: %v", err)
	}
	if got := h.open("s"); len(got) != 1 || got[0].HashKeyRange != (record.HashKeyRange{StartingHashKey: record.HashKey{}, EndingHashKey: record.MaxHashKey}) {
		t.Fatalf("open shards after merging everything: %+v", got)
	}
}

// From stream's TestMergeShardsRefusesShardToMergeAboveAdjacent: MergeShards with ShardToMerge above
// AdjacentShardToMerge is refused as not adjacent and changes nothing (kinesalite test/mergeShards.js "should
// return InvalidArgumentException if adjacency is inverted", run against AWS); the pair the other way round merges.
func mergeShardsRefusesShardToMergeAboveAdjacent(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 3)
	before := h.Shards("s")
	h.wantThen("inverted pair", h.merge("s", "shardId-000000000001", "shardId-000000000000"), apierr.InvalidArgument,
		fmt.Sprintf(notAdjacentText, "shardId-000000000001", "shardId-000000000000"), h.sameShards("s", before))
	if err := h.merge("s", "shardId-000000000000", "shardId-000000000001"); err != nil {
		t.Fatalf("the pair in order: %v", err)
	}
}

// From stream's TestReshardUnknownShardIsCouldNotFindShard: SplitShard and MergeShards word a shard the stream
// does not have as AWS does for them — "Could not find shard shardId-000000000005 in stream s under account …",
// the id normalised (kinesalite test/mergeShards.js; moto's ShardNotFoundError, getmoto/moto#4540, checked
// against AWS).
func reshardUnknownShardIsCouldNotFindShard(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 2)
	want := "Could not find shard shardId-000000000005 in stream s under account 000000000000."
	h.want("merge shardId-5", h.merge("s", "shardId-5", "shardId-000000000000"), apierr.ResourceNotFound, want)
	h.want("merge with shardId-000000000005", h.merge("s", "shardId-000000000000", "shardId-000000000005"), apierr.ResourceNotFound, want)
	h.want("split shardId-000000000005", h.split("s", "shardId-000000000005", "1000"), apierr.ResourceNotFound, want)
	h.want("split ABKLFD", h.split("s", "ABKLFD", "1000"), apierr.ResourceNotFound, "Could not find shard ABKLFD in stream s under account 000000000000.")
	h.want("merge with shardId-99999999999", h.merge("s", "shardId-000000000000", "shardId-99999999999"), apierr.ResourceNotFound,
		"Could not find shard shardId-99999999999 in stream s under account 000000000000.")
}

// From stream's TestUpdateShardCountLimits: UpdateShardCount scales to at most double and at least half the open
// shard count, at most 10 times in a rolling 24 hours (API reference, API_UpdateShardCount.html), with AWS's
// messages; a refused call changes nothing and is not counted.
func updateShardCountLimits(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 4)
	start := h.clk.Now()
	before := h.Shards("s")
	upd := func(n int) error {
		_, err := h.e.UpdateShardCount(h.ctx, stream.UpdateShardCountInput{StreamRef: ref("s"), TargetShardCount: n})
		return err
	}
	h.wantThen("over double", upd(9), apierr.LimitExceeded,
		"UpdateShardCount cannot scale up over double the current open shard count of stream s. Current open shard count: 4. Target shard count: 9.", h.sameShards("s", before))
	h.wantThen("under half", upd(1), apierr.LimitExceeded,
		"UpdateShardCount cannot scale down below half the current open shard count of stream s. Current open shard count: 4. Target shard count: 1.", h.sameShards("s", before))
	h.want("target 0", upd(0), apierr.Validation, "")
	h.want("target -3", upd(-3), apierr.Validation, "")
	_, err := h.e.UpdateShardCount(h.ctx, stream.UpdateShardCountInput{StreamRef: ref("s"), TargetShardCount: 8, ScalingType: "NON_UNIFORM"})
	h.want("unknown scaling type", err, apierr.Validation, "")
	_, err = h.e.UpdateShardCount(h.ctx, stream.UpdateShardCountInput{StreamRef: ref("nope"), TargetShardCount: 8})
	h.wantThen("unknown stream", err, apierr.ResourceNotFound, "", h.sameShards("s", before))

	// Ten scalings in a rolling 24 hours, one a minute; the eleventh is refused.
	for i, n := range []int{8, 4, 2, 4, 8, 16, 8, 4, 6, 3} {
		if err := upd(n); err != nil {
			t.Fatalf("scaling %d (to %d): %v", i+1, n, err)
		}
		h.clk.Advance(time.Minute)
	}
	before = h.Shards("s")
	const eleventh = "Stream s under account 000000000000 has exceeded the limit of 10 UpdateShardCount calls in a rolling 24-hour period."
	h.wantThen("eleventh in 24 hours", upd(6), apierr.LimitExceeded, eleventh, h.sameShards("s", before))
	// Just before the first call is 24 hours old the window is still full; at 24 hours one call frees up.
	h.clk.AdvanceTo(start.Add(24*time.Hour - time.Second))
	h.want("eleventh just before 24 hours", upd(6), apierr.LimitExceeded, eleventh)
	h.clk.AdvanceTo(start.Add(24 * time.Hour))
	if err := upd(6); err != nil {
		t.Fatalf("UpdateShardCount 24 hours after the first scaling: %v", err)
	}
	if got, want := h.open("s"), record.SplitEvenly(6); len(got) != len(want) || got[0].HashKeyRange != want[0] || got[5].HashKeyRange != want[5] {
		t.Fatalf("open shards after scaling to 6: %+v", got)
	}
	h.want("twelfth before the second is 24 hours old", upd(5), apierr.LimitExceeded, eleventh)
	h.clk.Advance(time.Minute)
	if err := upd(5); err != nil {
		t.Fatalf("UpdateShardCount once the second call is 24 hours old: %v", err)
	}
	// The limit is UpdateShardCount's own: MergeShards still works.
	open := h.open("s")
	if err := h.merge("s", open[0].ShardId, open[1].ShardId); err != nil {
		t.Fatalf("MergeShards after 11 scalings: %v", err)
	}
}

// From stream's TestReshardingOnDemandStreamIsValidation: an on-demand stream cannot be resharded (API
// reference, UpdateShardCount/SplitShard/MergeShards: "not supported for a stream in ON_DEMAND capacity mode");
// switched to provisioned, it can.
func reshardingOnDemandStreamIsValidation(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	if err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "od", StreamMode: stream.StreamModeOnDemand}); err != nil {
		t.Fatal(err)
	}
	before := h.Shards("od")
	want := func(op string) string {
		return op + " is not supported for a stream in ON_DEMAND capacity mode: you tried to invoke this API for a data stream with the on-demand capacity mode."
	}
	h.wantThen("SplitShard", h.split("od", "shardId-000000000000", before[0].HashKeyRange.Midpoint().String()), apierr.Validation, want("SplitShard"), h.sameShards("od", before))
	h.wantThen("MergeShards", h.merge("od", "shardId-000000000000", "shardId-000000000001"), apierr.Validation, want("MergeShards"), h.sameShards("od", before))
	_, err := h.e.UpdateShardCount(h.ctx, stream.UpdateShardCountInput{StreamRef: ref("od"), TargetShardCount: 8})
	h.wantThen("UpdateShardCount", err, apierr.Validation, want("UpdateShardCount"), h.sameShards("od", before))
	if st := h.Summary("od").StreamStatus; st != stream.StreamStatusActive {
		t.Fatalf("status %s", st)
	}
	if err := h.e.UpdateStreamMode(h.ctx, stream.UpdateStreamModeInput{StreamRef: stream.StreamRef{StreamARN: h.arn("od")}, StreamMode: stream.StreamModeProvisioned}); err != nil {
		t.Fatal(err)
	}
	if err := h.split("od", "shardId-000000000000", before[0].HashKeyRange.Midpoint().String()); err != nil {
		t.Fatalf("SplitShard after switching to PROVISIONED: %v", err)
	}
}

// From stream's TestReshardWhileCreatingOrDeletingIsResourceInUse: a stream CREATING or DELETING cannot be
// resharded (ResourceInUseException, AWS's "not ACTIVE" message); once deleted, it is not found.
func reshardWhileCreatingOrDeletingIsResourceInUse(t *testing.T, newTarget NewTarget, n *tally) {
	const d = time.Minute
	h := newHarness(t, newTarget, n, stream.WithStatusDelays(d, d, 0))
	h.create("c", 2)
	key := record.SplitEvenly(4)[1].StartingHashKey.String()
	h.want("split while CREATING", h.split("c", "shardId-000000000000", key), apierr.ResourceInUse, fmt.Sprintf(notActiveText, "c", "CREATING"))
	h.want("merge while CREATING", h.merge("c", "shardId-000000000000", "shardId-000000000001"), apierr.ResourceInUse, "")
	_, err := h.e.UpdateShardCount(h.ctx, stream.UpdateShardCountInput{StreamRef: ref("c"), TargetShardCount: 3})
	h.want("UpdateShardCount while CREATING", err, apierr.ResourceInUse, "")
	h.clk.Advance(d)
	before := h.Shards("c")
	if err := h.e.DeleteStream(h.ctx, stream.DeleteStreamInput{StreamRef: ref("c")}); err != nil {
		t.Fatal(err)
	}
	h.want("split while DELETING", h.split("c", "shardId-000000000000", key), apierr.ResourceInUse, fmt.Sprintf(notActiveText, "c", "DELETING"))
	h.wantThen("merge while DELETING", h.merge("c", "shardId-000000000000", "shardId-000000000001"), apierr.ResourceInUse, "", h.sameShards("c", before))
	h.clk.Advance(d)
	h.want("split once deleted", h.split("c", "shardId-000000000000", key), apierr.ResourceNotFound, streamNotFound("c"))
}

// From stream's TestReshardWhileUpdatingIsResourceInUse: while a reshard is under way (UPDATING) the stream
// takes no other reshard nor a mode switch (ResourceInUseException, AWS's "not ACTIVE" message), and nothing
// has changed until the delay ends.
func reshardWhileUpdatingIsResourceInUse(t *testing.T, newTarget NewTarget, n *tally) {
	const d = 30 * time.Second
	h := newHarness(t, newTarget, n, stream.WithStatusDelays(0, 0, d))
	h.create("s", 4)
	before := h.Shards("s")
	if err := h.split("s", "shardId-000000000000", before[0].HashKeyRange.Midpoint().String()); err != nil {
		t.Fatal(err)
	}
	if st := h.Summary("s").StreamStatus; st != stream.StreamStatusUpdating {
		t.Fatalf("status after SplitShard with an update delay: %s", st)
	}
	want := fmt.Sprintf(notActiveText, "s", "UPDATING")
	h.wantThen("split another shard", h.split("s", "shardId-000000000001", before[1].HashKeyRange.Midpoint().String()), apierr.ResourceInUse, want, h.sameShards("s", before))
	h.want("split the same shard", h.split("s", "shardId-000000000000", before[0].HashKeyRange.Midpoint().String()), apierr.ResourceInUse, want)
	h.want("merge", h.merge("s", "shardId-000000000002", "shardId-000000000003"), apierr.ResourceInUse, want)
	_, err := h.e.UpdateShardCount(h.ctx, stream.UpdateShardCountInput{StreamRef: ref("s"), TargetShardCount: 8})
	h.want("UpdateShardCount", err, apierr.ResourceInUse, want)
	err = h.e.UpdateStreamMode(h.ctx, stream.UpdateStreamModeInput{StreamRef: stream.StreamRef{StreamARN: h.arn("s")}, StreamMode: stream.StreamModeOnDemand})
	h.wantThen("UpdateStreamMode", err, apierr.ResourceInUse, want, h.sameShards("s", before))
	h.clk.Advance(d - time.Millisecond)
	if st := h.Summary("s").StreamStatus; st != stream.StreamStatusUpdating {
		t.Fatalf("status just before the delay ends: %s", st)
	}
	h.clk.Advance(time.Millisecond)
	if st := h.Summary("s").StreamStatus; st != stream.StreamStatusActive {
		t.Fatalf("status after the delay: %s", st)
	}
	var ids []string
	for _, s := range h.open("s") {
		ids = append(ids, s.ShardId)
	}
	if !slices.Equal(ids, []string{"shardId-000000000004", "shardId-000000000005", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003"}) {
		t.Fatalf("open shards (hash-key order) after the delayed split: %v", ids)
	}
	// Only the first split happened: the refused calls left no trace, and the stream reshards again.
	if n := len(h.Shards("s")); n != 6 {
		t.Fatalf("%d shards, want 6", n)
	}
	if err := h.merge("s", "shardId-000000000002", "shardId-000000000003"); err != nil {
		t.Fatalf("merge once ACTIVE again: %v", err)
	}
	h.clk.Advance(d)
	if n := h.Summary("s").OpenShardCount; n != 4 {
		t.Fatalf("OpenShardCount %d after the merge, want 4", n)
	}
}

// A page size of 0 given explicitly is below the model's minimum of 1 (API reference: GetRecords Limit, ListStreams
// Limit, ListTagsForStream Limit, ListShards MaxResults, ListStreamConsumers MaxResults, "Valid Range: Minimum
// value of 1"); only an absent member means the default. The Go API's ints say 0 for "absent" and
// stream.ExplicitZero for a 0 given.
func explicitZeroPageSizeIsValidation(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	zero := func(path string) string {
		return validation1("'0'", path, "Member must have value greater than or equal to 1")
	}
	it := h.Iterator("s", "shardId-000000000000", stream.TrimHorizon, "", time.Time{})
	_, err := h.e.GetRecords(h.ctx, stream.GetRecordsInput{ShardIterator: it, Limit: stream.ExplicitZero})
	h.want("GetRecords Limit 0", err, apierr.Validation, zero("limit"))
	_, err = h.e.ListStreams(h.ctx, stream.ListStreamsInput{Limit: stream.ExplicitZero})
	h.want("ListStreams Limit 0", err, apierr.Validation, zero("limit"))
	_, err = h.e.ListTagsForStream(h.ctx, stream.ListTagsForStreamInput{StreamRef: ref("s"), Limit: stream.ExplicitZero})
	h.want("ListTagsForStream Limit 0", err, apierr.Validation, zero("limit"))
	_, err = h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s"), MaxResults: stream.ExplicitZero})
	h.want("ListShards MaxResults 0", err, apierr.Validation, zero("maxResults"))
	_, err = h.e.ListShards(h.ctx, stream.ListShardsInput{StreamRef: ref("s"), MaxResults: stream.ExplicitZero, ExclusiveStartShardId: "bad id"})
	h.want("ListShards MaxResults 0 and a bad shard id", err, apierr.Validation,
		"2 validation errors detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1; "+
			"Value 'bad id' at 'exclusiveStartShardId' failed to satisfy constraint: "+namePatternText)
	_, err = h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: h.arn("s"), MaxResults: stream.ExplicitZero})
	h.want("ListStreamConsumers MaxResults 0", err, apierr.Validation, zero("maxResults"))
	// Absent, the page size is the default: the same calls succeed.
	if _, err := h.e.ListStreams(h.ctx, stream.ListStreamsInput{}); err != nil {
		t.Fatalf("ListStreams without a Limit: %v", err)
	}
	if _, err := h.e.ListStreamConsumers(h.ctx, stream.ListStreamConsumersInput{StreamARN: h.arn("s")}); err != nil {
		t.Fatalf("ListStreamConsumers without MaxResults: %v", err)
	}
}

// A CreateStream ShardCount of 0 given explicitly is below the model's minimum of 1 (API reference, CreateStream:
// ShardCount, "Valid Range: Minimum value of 1"), in either capacity mode: the model's validation comes before the
// mode's rules, and no stream is made. Absent, ShardCount is required for a provisioned stream (a null) and must
// stay absent for an on-demand one. The Go API says stream.ExplicitZero for a 0 given.
func explicitZeroShardCountIsValidation(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	zero := validation1("'0'", "shardCount", "Member must have value greater than or equal to 1")
	err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "z", ShardCount: stream.ExplicitZero})
	h.want("provisioned ShardCount 0", err, apierr.Validation, zero)
	err = h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "z", ShardCount: stream.ExplicitZero, StreamMode: stream.StreamModeOnDemand})
	h.want("on-demand ShardCount 0", err, apierr.Validation, zero)
	out, err := h.e.ListStreams(h.ctx, stream.ListStreamsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.StreamNames) != 0 {
		t.Fatalf("streams %v after two refused CreateStream calls, want none", out.StreamNames)
	}
	err = h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "z"})
	h.want("provisioned without ShardCount", err, apierr.Validation, validation1("null", "shardCount", "Member must not be null"))
}

// A WarmThroughputMiBps of 0 given explicitly is a warm throughput like any other: the member is for on-demand
// streams only (API reference, UpdateStreamMode: WarmThroughputMiBps "This field is only valid when the stream mode
// is being updated to on-demand"; CreateStream: WarmThroughputMiBps, an on-demand setting, API model
// NaturalIntegerObject, minimum 0). So a 0 sent with ON_DEMAND is a warm throughput of 0, and a 0 sent with
// PROVISIONED (or with no mode on CreateStream, which is PROVISIONED) is refused as a nonzero one is: the
// InvalidArgument of the mode. Absent, the member changes nothing. UpdateStreamWarmThroughput's member is
// required, so 0 there is always a value, 0 MiB/s. The Go API says stream.ExplicitZero for a 0 given.
func explicitZeroWarmThroughputIsOnDemandOnly(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	notOnDemand := "Stream p under account 000000000000 is in PROVISIONED mode: warm throughput is only supported for streams in ON_DEMAND mode."
	noStream := func(t *testing.T) {
		if _, err := h.e.DescribeStreamSummary(h.ctx, ref("p")); !errors.Is(err, apierr.ResourceNotFound) {
			t.Fatalf("DescribeStreamSummary after the refused CreateStream: %v, want ResourceNotFound", err)
		}
	}
	h.wantThen("CreateStream without a mode, warm throughput 0", h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "p", ShardCount: 2,
		WarmThroughputMiBps: stream.ExplicitZero}), apierr.InvalidArgument, notOnDemand, noStream)
	h.wantThen("CreateStream PROVISIONED, warm throughput 0", h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "p", ShardCount: 2,
		StreamMode: stream.StreamModeProvisioned, WarmThroughputMiBps: stream.ExplicitZero}), apierr.InvalidArgument, notOnDemand, noStream)
	if err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "od", StreamMode: stream.StreamModeOnDemand, WarmThroughputMiBps: stream.ExplicitZero}); err != nil {
		t.Fatalf("CreateStream ON_DEMAND, warm throughput 0: %v", err)
	}
	if s := h.Summary("od"); s.StreamMode != stream.StreamModeOnDemand || s.WarmThroughput == nil || *s.WarmThroughput != (stream.WarmThroughput{CurrentMiBps: 4}) {
		t.Fatalf("on-demand stream created with a warm throughput of 0: %s, %+v", s.StreamMode, s.WarmThroughput)
	}

	h.create("p", 2)
	arnP := h.arn("p")
	mode := func(m stream.StreamMode, warm int) error {
		return h.e.UpdateStreamMode(h.ctx, stream.UpdateStreamModeInput{StreamRef: stream.StreamRef{StreamARN: arnP}, StreamMode: m, WarmThroughputMiBps: warm})
	}
	if err := mode(stream.StreamModeOnDemand, stream.ExplicitZero); err != nil {
		t.Fatalf("UpdateStreamMode to ON_DEMAND, warm throughput 0: %v", err)
	}
	if s := h.Summary("p"); s.StreamMode != stream.StreamModeOnDemand || s.WarmThroughput == nil || *s.WarmThroughput != (stream.WarmThroughput{CurrentMiBps: 2}) {
		t.Fatalf("switched to ON_DEMAND with a warm throughput of 0: %s, %+v", s.StreamMode, s.WarmThroughput)
	}
	h.wantThen("UpdateStreamMode to PROVISIONED, warm throughput 0", mode(stream.StreamModeProvisioned, stream.ExplicitZero), apierr.InvalidArgument,
		"WarmThroughputMiBps is only valid when the stream mode is being updated to ON_DEMAND.", func(t *testing.T) {
			if s := h.Summary("p"); s.StreamMode != stream.StreamModeOnDemand {
				t.Fatalf("the refused switch changed the mode to %s", s.StreamMode)
			}
		})
	// Absent, the member asks nothing: the same switch is taken (the second of the day).
	if err := mode(stream.StreamModeProvisioned, 0); err != nil {
		t.Fatalf("UpdateStreamMode to PROVISIONED without a warm throughput: %v", err)
	}

	out, err := h.e.UpdateStreamWarmThroughput(h.ctx, stream.UpdateStreamWarmThroughputInput{StreamRef: ref("od"), WarmThroughputMiBps: 0})
	if err != nil || out.WarmThroughput != (stream.WarmThroughput{CurrentMiBps: 4}) {
		t.Fatalf("UpdateStreamWarmThroughput of 0 MiB/s: %+v, %v", out.WarmThroughput, err)
	}
}

// A CreateStream MaxRecordSizeInKiB of 0 given explicitly is below the member's range (API reference, CreateStream:
// MaxRecordSizeInKiB, "Valid Range: Minimum value of 1024. Maximum value of 10240"), and no stream is made; absent,
// the stream takes records of up to 1 MiB. The Go API says stream.ExplicitZero for a 0 given.
func explicitZeroMaxRecordSizeIsValidation(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.wantThen("CreateStream MaxRecordSizeInKiB 0", h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: "m", ShardCount: 1,
		MaxRecordSizeInKiB: stream.ExplicitZero}), apierr.Validation,
		validation1("'0'", "maxRecordSizeInKiB", "Member must have value between 1024 and 10240"), func(t *testing.T) {
			if _, err := h.e.DescribeStreamSummary(h.ctx, ref("m")); !errors.Is(err, apierr.ResourceNotFound) {
				t.Fatalf("DescribeStreamSummary after the refused CreateStream: %v, want ResourceNotFound", err)
			}
		})
	h.create("m", 1)
	if s := h.Summary("m"); s.MaxRecordSizeInKiB != stream.DefaultMaxRecordSizeInKiB {
		t.Fatalf("a stream created without MaxRecordSizeInKiB takes records of %d KiB, want %d", s.MaxRecordSizeInKiB, stream.DefaultMaxRecordSizeInKiB)
	}
}
