package stream

import (
	"context"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/validate"
)

// Tag limits (Kinesis tagging rules).
const (
	MaxTagsPerStream = 50
	MaxTagKeyLength  = 128
	MaxTagValueLen   = 256
)

// Tag is one tag of a stream.
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

// checkTags validates tags as AWS does: keys of 1–128 characters not starting with "aws:", values of at most 256.
func checkTags(keys []string, values map[string]string) error {
	var v validate.Violations
	for _, k := range keys {
		v.Length("tags.key", k, utf8.RuneCountInString(k), 1, MaxTagKeyLength)
		if values != nil {
			v.Length("tags.value", values[k], utf8.RuneCountInString(values[k]), 0, MaxTagValueLen)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	for _, k := range keys {
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			return apierr.InvalidArgument.New("Tag key %s uses the reserved prefix aws:.", k)
		}
	}
	return nil
}

// AddTagsToStream adds tags to a stream, overwriting the values of keys it has. A stream has at most 50 tags; tags
// can be changed only while the stream is ACTIVE.
func (e *Engine) AddTagsToStream(ctx context.Context, in TagsInput) error {
	if _, err := begin(e, ctx, OpAddTagsToStream, &in); err != nil {
		return err
	}
	keys := slices.Sorted(maps.Keys(in.Tags))
	if len(keys) == 0 {
		var v validate.Violations
		v.Add("'{}'", "tags", validate.LengthAtLeast+"1")
		return v.Err()
	}
	if err := checkTags(keys, in.Tags); err != nil {
		return err
	}
	return e.withActiveStream(in.StreamRef, func(s *dataStream) error {
		merged := maps.Clone(s.tags)
		if merged == nil {
			merged = map[string]string{}
		}
		maps.Copy(merged, in.Tags)
		if len(merged) > MaxTagsPerStream {
			return apierr.LimitExceeded.New("Failed to add tags to stream %s under account %s because a given stream cannot have more than %d tags.", s.name, e.cfg.account.ID, MaxTagsPerStream)
		}
		s.tags = merged
		return nil
	})
}

// RemoveTagsFromStream removes tags from a stream; keys it does not have are ignored.
func (e *Engine) RemoveTagsFromStream(ctx context.Context, in TagKeysInput) error {
	if _, err := begin(e, ctx, OpRemoveTagsFromStream, &in); err != nil {
		return err
	}
	if len(in.TagKeys) == 0 {
		var v validate.Violations
		v.Add("'[]'", "tagKeys", validate.LengthAtLeast+"1")
		return v.Err()
	}
	if err := checkTags(in.TagKeys, nil); err != nil {
		return err
	}
	return e.withActiveStream(in.StreamRef, func(s *dataStream) error {
		kept := maps.Clone(s.tags)
		for _, k := range in.TagKeys {
			delete(kept, k)
		}
		s.tags = kept
		return nil
	})
}

// ListTagsForStream returns a stream's tags in key order.
func (e *Engine) ListTagsForStream(ctx context.Context, ref StreamRef) ([]Tag, error) {
	if _, err := begin(e, ctx, OpListTagsForStream, &ref); err != nil {
		return nil, err
	}
	s, err := e.resolve(ref, false)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	tags := make([]Tag, 0, len(s.tags))
	for _, k := range slices.Sorted(maps.Keys(s.tags)) {
		tags = append(tags, Tag{Key: k, Value: s.tags[k]})
	}
	return tags, nil
}
