package stream

import (
	"context"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kinesim/kinesim/apierr"
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
	var v violations
	for _, k := range keys {
		switch n := utf8.RuneCountInString(k); {
		case n == 0:
			v.add(quote(k), "tags.key", lengthAtLeast+"1")
		case n > MaxTagKeyLength:
			v.add(quote(k), "tags.key", lengthAtMost+"128")
		}
		if values != nil && utf8.RuneCountInString(values[k]) > MaxTagValueLen {
			v.add(quote(values[k]), "tags.value", lengthAtMost+"256")
		}
	}
	if err := v.err(); err != nil {
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
	if err := e.live(ctx); err != nil {
		return err
	}
	keys := slices.Sorted(maps.Keys(in.Tags))
	if len(keys) == 0 {
		var v violations
		v.add("'{}'", "tags", lengthAtLeast+"1")
		return v.err()
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
			return apierr.LimitExceeded.New("Failed to add tags to stream %s under account %s because a given stream cannot have more than %d tags.", s.name, e.cfg.accountID, MaxTagsPerStream)
		}
		s.tags = merged
		return nil
	})
}

// RemoveTagsFromStream removes tags from a stream; keys it does not have are ignored.
func (e *Engine) RemoveTagsFromStream(ctx context.Context, in TagKeysInput) error {
	if err := e.live(ctx); err != nil {
		return err
	}
	if len(in.TagKeys) == 0 {
		var v violations
		v.add("'[]'", "tagKeys", lengthAtLeast+"1")
		return v.err()
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
	if err := e.live(ctx); err != nil {
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

// withActiveStream runs change on an ACTIVE stream with its lock held for writing.
func (e *Engine) withActiveStream(ref StreamRef, change func(*dataStream) error) error {
	s, err := e.resolve(ref, false)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.status != StreamStatusActive {
		return e.notActive(s.name, s.status)
	}
	return change(s)
}
