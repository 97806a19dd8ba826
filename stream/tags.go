package stream

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/validate"
)

// Tag limits (Kinesis tagging rules: Developer Guide "Tag your Amazon Kinesis Data Streams resources",
// https://docs.aws.amazon.com/streams/latest/dev/tagging.html, and the API model's TagKey, TagValue, TagMap and
// TagKeyList shapes).
const (
	// MaxTagsPerStream is the most tags a stream (or a consumer) has.
	MaxTagsPerStream = 50
	// MaxTagKeyLength is the longest tag key: keys have 1–128 characters.
	MaxTagKeyLength = 128
	// MaxTagValueLen is the longest tag value: values have 0–256 characters.
	MaxTagValueLen = 256
	// MaxTagsPerCall is the most tags one call may carry (API model shapes.TagMap: 1–200); the resource's limit
	// of 50 applies after the call's tags are merged with those it has.
	MaxTagsPerCall = 200
	// MaxTagKeysPerCall is the most keys one untagging call may carry (shapes.TagKeyList: 1–50).
	MaxTagKeysPerCall = 50
	// MaxListTagsForStreamLimit is the largest Limit of ListTagsForStream (1–50). AWS documents no default; 0
	// means this maximum, so that one call lists every tag a stream can have.
	MaxListTagsForStreamLimit = 50
)

// Tag is one tag of a stream or consumer.
type Tag struct {
	Key   string
	Value string
}

// TagsInput is the input of [Engine.AddTagsToStream].
type TagsInput struct {
	StreamRef
	Tags map[string]string
}

// TagKeysInput is the input of [Engine.RemoveTagsFromStream].
type TagKeysInput struct {
	StreamRef
	TagKeys []string
}

// ListTagsForStreamInput is the input of [Engine.ListTagsForStream].
type ListTagsForStreamInput struct {
	StreamRef
	// ExclusiveStartTagKey lists the tags whose keys sort after it (1–128 characters).
	ExclusiveStartTagKey string
	// Limit is the most tags to return, 1–50; 0 means 50.
	Limit int
}

// ListTagsForStreamOutput is the output of [Engine.ListTagsForStream].
type ListTagsForStreamOutput struct {
	// Tags are in key order, starting after ExclusiveStartTagKey.
	Tags []Tag
	// HasMoreTags reports that tags follow the last one listed: continue with its key as ExclusiveStartTagKey.
	HasMoreTags bool
}

// TagResourceInput is the input of [Engine.TagResource].
type TagResourceInput struct {
	// ResourceARN is the ARN of a stream or of a consumer.
	ResourceARN string
	Tags        map[string]string
}

// UntagResourceInput is the input of [Engine.UntagResource].
type UntagResourceInput struct {
	// ResourceARN is the ARN of a stream or of a consumer.
	ResourceARN string
	TagKeys     []string
}

// ListTagsForResourceInput is the input of [Engine.ListTagsForResource].
type ListTagsForResourceInput struct {
	// ResourceARN is the ARN of a stream or of a consumer.
	ResourceARN string
}

// ListTagsForResourceOutput is the output of [Engine.ListTagsForResource].
type ListTagsForResourceOutput struct {
	// Tags are all the resource's tags, in key order.
	Tags []Tag
}

// tagSet is the tags of one resource: a stream, or (with enhanced fan-out) a consumer. A set is never changed in
// place: a change makes a new set, so that a refused call leaves the old one as it was. Not safe for concurrent
// use: the owning stream's lock guards the field that holds it.
type tagSet map[string]string

// sorted returns the tags in key order, after the key after ("" for all), at most limit of them (0 for all),
// and whether more follow.
func (t tagSet) sorted(after string, limit int) ([]Tag, bool) {
	keys := slices.Sorted(maps.Keys(t))
	if after != "" {
		i, found := slices.BinarySearch(keys, after)
		if found {
			i++
		}
		keys = keys[i:]
	}
	more := limit > 0 && len(keys) > limit
	if more {
		keys = keys[:limit]
	}
	tags := make([]Tag, 0, len(keys))
	for _, k := range keys {
		tags = append(tags, Tag{Key: k, Value: t[k]})
	}
	return tags, more
}

// tagTarget is a taggable resource found by name or ARN: its kind and name as messages show them, and the field
// that holds its tags, guarded by the stream's lock.
type tagTarget struct {
	kind string // "stream" (or "consumer")
	name string
	tags *tagSet
}

// tagVerb words a tagging call in AWS's messages.
type tagVerb int

const (
	tagAdd tagVerb = iota
	tagRemove
)

// tagShape checks the shape of a tagging call's input as the API model declares it (ValidationException): keys of
// 1–128 characters, values of 0–256, 1–200 tags or 1–50 keys per call. values is nil for an untagging call.
// Characters are checked later, against the resource ([checkTagChars]), as AWS does.
func tagShape(v *validate.Violations, path string, keys []string, values map[string]string) {
	switch {
	case values != nil && len(values) > MaxTagsPerCall:
		v.Add(validate.Quote("{"+strconv.Itoa(len(values))+" tags}"), path, validate.LengthAtMost+strconv.Itoa(MaxTagsPerCall))
	case values == nil && len(keys) > MaxTagKeysPerCall:
		v.Add(validate.Quote("["+strings.Join(keys, ", ")+"]"), path, validate.LengthAtMost+strconv.Itoa(MaxTagKeysPerCall))
	}
	for _, k := range keys {
		v.Length(path+".key", k, utf8.RuneCountInString(k), 1, MaxTagKeyLength)
		if values != nil {
			v.Length(path+".value", values[k], utf8.RuneCountInString(values[k]), 0, MaxTagValueLen)
		}
	}
}

// validTagChars reports whether s uses only the characters AWS takes in tags: Unicode letters, digits and white
// space (spaces and other separators, not tabs or line breaks), and _ . / = + - @ : %. The documented list
// (Tag shape: "Unicode letters, digits, white space, _ . / = + - % @") lacks ':', which AWS accepts (the SDK's
// TagResource documentation lists it, and kinesalite PR #106 observed AWS taking it); '%' is refused later with
// its own message ([checkTagChars]).
func validTagChars(s string) bool {
	for _, r := range s {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Z, r):
		case strings.ContainsRune("_./=+-@:%", r):
		default:
			return false
		}
	}
	return true
}

// checkTagChars refuses keys or values with characters AWS does not take in tags (InvalidArgumentException). The
// messages are those AWS answered kinesalite's test suite (test/addTagsToStream.js, test/removeTagsFromStream.js,
// run against AWS): any character outside the set first, then '%' — listed as valid, yet refused by AWS with a
// message of its own naming the call and the resource.
func (e *Engine) checkTagChars(t tagTarget, verb tagVerb, keys []string, values map[string]string) error {
	strs := func(yield func(string) bool) {
		for _, k := range keys {
			if !yield(k) || values != nil && !yield(values[k]) {
				return
			}
		}
	}
	for s := range strs {
		if !validTagChars(s) {
			return apierr.InvalidArgument.With("Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.")
		}
	}
	for s := range strs {
		if strings.ContainsRune(s, '%') {
			what := "add tags to"
			if verb == tagRemove {
				what = "remove tags from"
			}
			return apierr.InvalidArgument.New("Failed to %s %s %s under account %s because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.",
				what, t.kind, t.name, e.cfg.Account.ID)
		}
	}
	for _, k := range keys {
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			return apierr.InvalidArgument.New("Tag key %s uses the reserved prefix aws:.", k)
		}
	}
	return nil
}

// tagged returns cur with add merged in (add may be nil), or the AWS error if the tags are refused: bad
// characters, or more than 50 tags on the resource. It is the one rule every tagging path follows (CreateStream,
// AddTagsToStream, TagResource); cur is not changed.
func (e *Engine) tagged(t tagTarget, cur tagSet, add map[string]string) (tagSet, error) {
	keys := slices.Sorted(maps.Keys(add))
	if err := e.checkTagChars(t, tagAdd, keys, add); err != nil {
		return nil, err
	}
	merged := maps.Clone(cur)
	if merged == nil {
		merged = tagSet{}
	}
	maps.Copy(merged, add)
	if len(merged) > MaxTagsPerStream {
		// AWS's answer to kinesalite's test suite (test/addTagsToStream.js), from when the limit was 10.
		return nil, apierr.InvalidArgument.New("Failed to add tags to %s %s under account %s because a given %s cannot have more than %d tags associated with it.",
			t.kind, t.name, e.cfg.Account.ID, t.kind, MaxTagsPerStream)
	}
	return merged, nil
}

// untagged returns cur without keys (keys it does not have are ignored), or the AWS error for bad characters.
func (e *Engine) untagged(t tagTarget, cur tagSet, keys []string) (tagSet, error) {
	if err := e.checkTagChars(t, tagRemove, keys, nil); err != nil {
		return nil, err
	}
	kept := maps.Clone(cur)
	for _, k := range keys {
		delete(kept, k)
	}
	return kept, nil
}

// AddTagsToStream adds tags to a stream, overwriting the values of keys it has. A stream has at most 50 tags; tags
// can be changed only while the stream is ACTIVE. A refused call changes no tag.
//
// Errors: Validation (no tags, more than 200, a key of 0 or over 128 characters, a value over 256),
// ResourceNotFound, ResourceInUse (not ACTIVE), InvalidArgument (a character outside the tag set, '%', the aws:
// prefix, more than 50 tags on the stream).
func (e *Engine) AddTagsToStream(ctx context.Context, in TagsInput) error {
	if _, err := begin(e, ctx, OpAddTagsToStream, &in); err != nil {
		return err
	}
	if err := checkTagMap(in.Tags); err != nil {
		return err
	}
	return e.withActiveStream(in.StreamRef, func(s *dataStream) error {
		return e.addTags(s.tagTarget(), in.Tags)
	})
}

// RemoveTagsFromStream removes tags from a stream; keys it does not have are ignored.
//
// Errors: Validation (no keys, more than 50, a key of 0 or over 128 characters), ResourceNotFound, ResourceInUse
// (not ACTIVE), InvalidArgument (a character outside the tag set, '%', the aws: prefix).
func (e *Engine) RemoveTagsFromStream(ctx context.Context, in TagKeysInput) error {
	if _, err := begin(e, ctx, OpRemoveTagsFromStream, &in); err != nil {
		return err
	}
	if err := checkTagKeys(in.TagKeys); err != nil {
		return err
	}
	return e.withActiveStream(in.StreamRef, func(s *dataStream) error {
		return e.removeTags(s.tagTarget(), in.TagKeys)
	})
}

// ListTagsForStream returns a page of a stream's tags in key order: at most Limit (1–50, 50 by default) after
// ExclusiveStartTagKey, with HasMoreTags set when more follow.
//
// Errors: Validation (Limit outside 1–50, ExclusiveStartTagKey over 128 characters), InvalidArgument (a bad
// StreamARN), ResourceNotFound.
func (e *Engine) ListTagsForStream(ctx context.Context, in ListTagsForStreamInput) (ListTagsForStreamOutput, error) {
	if _, err := begin(e, ctx, OpListTagsForStream, &in); err != nil {
		return ListTagsForStreamOutput{}, err
	}
	var v validate.Violations
	v.PageSize("limit", in.Limit, MaxListTagsForStreamLimit)
	if k := in.ExclusiveStartTagKey; k != "" {
		v.Length("exclusiveStartTagKey", k, utf8.RuneCountInString(k), 1, MaxTagKeyLength)
	}
	if err := v.Err(); err != nil {
		return ListTagsForStreamOutput{}, err
	}
	s, err := e.resolve(in.StreamRef, false)
	if err != nil {
		return ListTagsForStreamOutput{}, err
	}
	limit := in.Limit
	if limit == 0 {
		limit = MaxListTagsForStreamLimit
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	tags, more := s.tags.sorted(in.ExclusiveStartTagKey, limit)
	return ListTagsForStreamOutput{Tags: tags, HasMoreTags: more}, nil
}

// TagResource adds tags to the stream or consumer ResourceARN names, overwriting the values of keys it has; as
// [Engine.AddTagsToStream], up to 50 tags per resource, all or nothing.
//
// Errors: Validation (a missing or malformed ResourceARN; the tags' shape, as AddTagsToStream), InvalidArgument
// (an ARN that is not a stream's or a consumer's; the tags' characters or count, as AddTagsToStream),
// ResourceNotFound (no such stream or consumer), ResourceInUse (the stream is not ACTIVE).
func (e *Engine) TagResource(ctx context.Context, in TagResourceInput) error {
	if _, err := begin(e, ctx, OpTagResource, &in); err != nil {
		return err
	}
	var v validate.Violations
	resourceARN(&v, in.ResourceARN)
	tagShapeOf(&v, in.Tags)
	if err := v.Err(); err != nil {
		return err
	}
	return e.withTagTarget(in.ResourceARN, true, func(t tagTarget) error { return e.addTags(t, in.Tags) })
}

// UntagResource removes tags from the stream or consumer ResourceARN names; keys it does not have are ignored.
//
// Errors: as [Engine.TagResource], with the keys' shape and characters as [Engine.RemoveTagsFromStream].
func (e *Engine) UntagResource(ctx context.Context, in UntagResourceInput) error {
	if _, err := begin(e, ctx, OpUntagResource, &in); err != nil {
		return err
	}
	var v validate.Violations
	resourceARN(&v, in.ResourceARN)
	tagKeysShape(&v, in.TagKeys)
	if err := v.Err(); err != nil {
		return err
	}
	return e.withTagTarget(in.ResourceARN, true, func(t tagTarget) error { return e.removeTags(t, in.TagKeys) })
}

// ListTagsForResource returns every tag of the stream or consumer ResourceARN names, in key order.
//
// Errors: Validation (a missing or malformed ResourceARN), InvalidArgument (an ARN that is not a stream's or a
// consumer's), ResourceNotFound (no such stream or consumer).
func (e *Engine) ListTagsForResource(ctx context.Context, in ListTagsForResourceInput) (ListTagsForResourceOutput, error) {
	if _, err := begin(e, ctx, OpListTagsForResource, &in); err != nil {
		return ListTagsForResourceOutput{}, err
	}
	var v validate.Violations
	resourceARN(&v, in.ResourceARN)
	if err := v.Err(); err != nil {
		return ListTagsForResourceOutput{}, err
	}
	var out ListTagsForResourceOutput
	err := e.withTagTarget(in.ResourceARN, false, func(t tagTarget) error {
		out.Tags, _ = t.tags.sorted("", 0)
		return nil
	})
	return out, err
}

// checkTagMap checks the shape of the tags of AddTagsToStream or TagResource (at least one).
func checkTagMap(tags map[string]string) error {
	var v validate.Violations
	tagShapeOf(&v, tags)
	return v.Err()
}

// checkTagKeys checks the shape of the keys of RemoveTagsFromStream or UntagResource (at least one).
func checkTagKeys(keys []string) error {
	var v validate.Violations
	tagKeysShape(&v, keys)
	return v.Err()
}

func tagShapeOf(v *validate.Violations, tags map[string]string) {
	if len(tags) == 0 {
		v.Add("'{}'", "tags", validate.LengthAtLeast+"1")
		return
	}
	tagShape(v, "tags", slices.Sorted(maps.Keys(tags)), tags)
}

func tagKeysShape(v *validate.Violations, keys []string) {
	if len(keys) == 0 {
		v.Add("'[]'", "tagKeys", validate.LengthAtLeast+"1")
		return
	}
	tagShape(v, "tagKeys", keys, nil)
}

// withTagTarget runs do on the resource a names, with its stream's lock held (for writing if write). A write needs
// the stream ACTIVE, as AddTagsToStream does.
func (e *Engine) withTagTarget(a string, write bool, do func(tagTarget) error) error {
	streamRef, consumer, err := e.parseResourceARN(a)
	if err != nil {
		return err
	}
	find := func(s *dataStream) error {
		if consumer != nil {
			c := s.consumerByARN(a, consumer.Name)
			if c == nil {
				return e.consumerNotFound(a)
			}
			return do(tagTarget{kind: "consumer", name: c.name, tags: &c.tags})
		}
		return do(s.tagTarget())
	}
	if write {
		return e.withActiveStream(streamRef, find)
	}
	s, err := e.resolve(streamRef, false)
	if err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return find(s)
}

// addTags merges tags into t's, all or nothing. The stream's lock must be held for writing.
func (e *Engine) addTags(t tagTarget, tags map[string]string) error {
	merged, err := e.tagged(t, *t.tags, tags)
	if err != nil {
		return err
	}
	*t.tags = merged
	return nil
}

// removeTags removes keys from t's tags. The stream's lock must be held for writing.
func (e *Engine) removeTags(t tagTarget, keys []string) error {
	kept, err := e.untagged(t, *t.tags, keys)
	if err != nil {
		return err
	}
	*t.tags = kept
	return nil
}

// tagTarget is the stream as a taggable resource.
func (s *dataStream) tagTarget() tagTarget {
	return tagTarget{kind: "stream", name: s.name, tags: &s.tags}
}
