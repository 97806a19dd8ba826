package analytics

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/control"
)

// The operations of tags.go, for test controls.
const (
	OpTagResource         control.Op = "kinesisanalytics:TagResource"
	OpUntagResource       control.Op = "kinesisanalytics:UntagResource"
	OpListTagsForResource control.Op = "kinesisanalytics:ListTagsForResource"
)

// The tagging limits (API reference, TagResource, UntagResource and Tag; developer guide, how-tagging).
const (
	// MaxTags is the most user-defined tags an application has.
	MaxTags = 50
	// MaxTagKeyLength and MaxTagValueLength bound a tag's key (1 to 128 characters) and value (0 to 256).
	MaxTagKeyLength   = 128
	MaxTagValueLength = 256
	// MaxTagsPerCall is the most tags (or tag keys) one TagResource, UntagResource or CreateApplication names.
	MaxTagsPerCall = 200
)

// Tag is a key-value tag of an application (API reference, Tag); the value may be empty.
type Tag struct{ Key, Value string }

// TagResourceInput adds tags to the application ResourceARN (API reference, TagResource).
type TagResourceInput struct {
	ResourceARN string
	Tags        []Tag
}

// UntagResourceInput removes the tags of keys TagKeys from the application ResourceARN (API reference,
// UntagResource).
type UntagResourceInput struct {
	ResourceARN string
	TagKeys     []string
}

// ListTagsForResourceInput names the application whose tags ListTagsForResource returns.
type ListTagsForResourceInput struct{ ResourceARN string }

// checkTags refuses a tag list AWS refuses: empty or above MaxTagsPerCall, a key of 0 or more than 128
// characters, a value above 256, a key with the reserved prefix aws: (AWS's tagging rules, reserved for AWS's
// own tags), a key twice (developer guide, how-tagging: "duplicate Key values" is an InvalidArgumentException).
func checkTags(tags []Tag) error {
	if len(tags) == 0 || len(tags) > MaxTagsPerCall {
		return apierr.InvalidArgument.New("Tags must have 1 to %d members, not %d.", MaxTagsPerCall, len(tags))
	}
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		if err := checkTagKey(t.Key); err != nil {
			return err
		}
		if n := len([]rune(t.Value)); n > MaxTagValueLength {
			return apierr.InvalidArgument.New("The value of tag %q is %d characters; at most %d.", t.Key, n, MaxTagValueLength)
		}
		if seen[t.Key] {
			return apierr.InvalidArgument.New("Tag key %q appears more than once.", t.Key)
		}
		seen[t.Key] = true
	}
	return nil
}

func checkTagKey(k string) error {
	if n := len([]rune(k)); n < 1 || n > MaxTagKeyLength {
		return apierr.InvalidArgument.New("Tag key %q is %d characters; it must be 1 to %d.", k, n, MaxTagKeyLength)
	}
	if strings.HasPrefix(strings.ToLower(k), "aws:") {
		return apierr.InvalidArgument.New("Tag key %q uses the prefix aws:, which is reserved for AWS.", k)
	}
	return nil
}

// withTags returns have with tags added (a key that exists takes the new value), or TooManyTags if the result has
// more than MaxTags.
func withTags(have map[string]string, tags []Tag) (map[string]string, error) {
	next := maps.Clone(have)
	if next == nil {
		next = make(map[string]string, len(tags))
	}
	for _, t := range tags {
		next[t.Key] = t.Value
	}
	if len(next) > MaxTags {
		return nil, apierr.TooManyTags.New("The application would have %d tags; at most %d are allowed.", len(next), MaxTags)
	}
	return next, nil
}

// byARN returns the name of the application arnText names in this engine's account and region.
func (e *Engine) byARN(arnText string) (string, error) {
	a, err := arn.ParseApplicationARN(arnText)
	if err != nil {
		return "", apierr.InvalidArgument.New("ResourceARN %q is not an application ARN: %v", arnText, err)
	}
	if e.cfg.Account.ApplicationARN(a.Name) != arnText {
		return "", apierr.ResourceNotFound.New("Application %s is not found in this account and region.", arnText)
	}
	return a.Name, nil
}

// TagResource adds tags to an application; a tag whose key the application has replaces its value.
//
// Errors: InvalidArgument (a ResourceARN that is not an application's, a bad tag list as checkTags says),
// ResourceNotFound, TooManyTags (the application would have more than MaxTags). A refused call changes no tag.
func (e *Engine) TagResource(ctx context.Context, in TagResourceInput) error {
	if err := begin(e, ctx, OpTagResource, &in); err != nil {
		return err
	}
	if err := checkTags(in.Tags); err != nil {
		if _, aerr := e.byARN(in.ResourceARN); aerr != nil {
			return aerr
		}
		return err
	}
	return e.withTagsOf(in.ResourceARN, func(name string) error {
		next, err := withTags(e.tags[name], in.Tags)
		if err != nil {
			return err
		}
		e.tags[name] = next
		return nil
	})
}

// UntagResource removes the tags of the keys given; a key the application does not have is ignored.
//
// Errors: InvalidArgument (a bad ResourceARN, no keys or more than MaxTagsPerCall, a key checkTags refuses),
// ResourceNotFound.
func (e *Engine) UntagResource(ctx context.Context, in UntagResourceInput) error {
	if err := begin(e, ctx, OpUntagResource, &in); err != nil {
		return err
	}
	if _, err := e.byARN(in.ResourceARN); err != nil {
		return err
	}
	if len(in.TagKeys) == 0 || len(in.TagKeys) > MaxTagsPerCall {
		return apierr.InvalidArgument.New("TagKeys must have 1 to %d members, not %d.", MaxTagsPerCall, len(in.TagKeys))
	}
	for _, k := range in.TagKeys {
		if err := checkTagKey(k); err != nil {
			return err
		}
	}
	return e.withTagsOf(in.ResourceARN, func(name string) error {
		next := maps.Clone(e.tags[name])
		for _, k := range in.TagKeys {
			delete(next, k)
		}
		e.tags[name] = next
		return nil
	})
}

// ListTagsForResource returns an application's tags, by key.
//
// Errors: InvalidArgument (a bad ResourceARN), ResourceNotFound.
func (e *Engine) ListTagsForResource(ctx context.Context, in ListTagsForResourceInput) ([]Tag, error) {
	if err := begin(e, ctx, OpListTagsForResource, &in); err != nil {
		return nil, err
	}
	var tags []Tag
	err := e.withTagsOf(in.ResourceARN, func(name string) error {
		tags = make([]Tag, 0, len(e.tags[name]))
		for _, k := range slices.Sorted(maps.Keys(e.tags[name])) {
			tags = append(tags, Tag{Key: k, Value: e.tags[name][k]})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return tags, nil
}

// withTagsOf calls f, with e.mu held, with the name of the application arnText names, if the engine is open and
// holds it.
func (e *Engine) withTagsOf(arnText string, f func(name string) error) error {
	name, err := e.byARN(arnText)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	if e.apps[name] == nil {
		return e.notFound(name)
	}
	return f(name)
}
