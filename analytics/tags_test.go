package analytics_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/analytics"
	"github.com/kinesim/kinesim/apierr"
)

// tagged creates the application "app" with the code of E1 and tags, and returns its ARN.
func tagged(t *testing.T, f *fixture, tags ...analytics.Tag) string {
	t.Helper()
	f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput}, ApplicationCode: exampleSQL(t, "e01_continuous_filter"), Tags: tags})
	d, err := f.e.DescribeApplication(context.Background(), analytics.ApplicationRef{ApplicationName: "app"})
	if err != nil {
		t.Fatal(err)
	}
	return d.ApplicationARN
}

func listTags(t *testing.T, f *fixture, arn string) []analytics.Tag {
	t.Helper()
	tags, err := f.e.ListTagsForResource(context.Background(), analytics.ListTagsForResourceInput{ResourceARN: arn})
	if err != nil {
		t.Fatal(err)
	}
	return tags
}

func manyTags(prefix string, n int) []analytics.Tag {
	tags := make([]analytics.Tag, n)
	for i := range tags {
		tags[i] = analytics.Tag{Key: fmt.Sprintf("%s%02d", prefix, i), Value: "v"}
	}
	return tags
}

// TestTagResourceReplacesTheValueOfAKeyThatExists: "If you specify a tag that already exists, the tag value is
// replaced with the value that you specify in the request"; the value is optional (API reference, Tag and
// TagResource). CreateApplication's Tags are the first tags; ListTagsForResource returns them.
func TestTagResourceReplacesTheValueOfAKeyThatExists(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	arn := tagged(t, f, analytics.Tag{Key: "team", Value: "a"})
	if err := f.e.TagResource(ctx, analytics.TagResourceInput{ResourceARN: arn, Tags: []analytics.Tag{{Key: "team", Value: "b"}, {Key: "empty"}}}); err != nil {
		t.Fatal(err)
	}
	want := []analytics.Tag{{Key: "empty"}, {Key: "team", Value: "b"}}
	if got := listTags(t, f, arn); !reflect.DeepEqual(got, want) {
		t.Fatalf("tags %v, want %v", got, want)
	}
	if err := f.e.UntagResource(ctx, analytics.UntagResourceInput{ResourceARN: arn, TagKeys: []string{"team", "absent"}}); err != nil {
		t.Fatal(err)
	}
	if got := listTags(t, f, arn); !reflect.DeepEqual(got, want[:1]) {
		t.Fatalf("after UntagResource: %v", got)
	}
}

// TestAnApplicationHasAtMostFiftyUserTags: "The maximum number of user-defined application tags is 50"; more is a
// TooManyTagsException, on CreateApplication as on TagResource, and the refused call changes nothing (API
// reference, TagResource, TooManyTagsException).
func TestAnApplicationHasAtMostFiftyUserTags(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.e.CreateApplication(ctx, analytics.CreateApplicationInput{ApplicationName: "app", Inputs: []analytics.Input{demoInput},
		ApplicationCode: exampleSQL(t, "e01_continuous_filter"), Tags: manyTags("k", 51)}); !errors.Is(err, apierr.TooManyTags) {
		t.Fatalf("CreateApplication with 51 tags: %v", err)
	}
	if apps, _ := f.e.ListApplications(ctx); len(apps) != 0 {
		t.Fatalf("a refused CreateApplication left %v", apps)
	}
	arn := tagged(t, f, manyTags("k", 49)...)
	if err := f.e.TagResource(ctx, analytics.TagResourceInput{ResourceARN: arn, Tags: manyTags("x", 2)}); !errors.Is(err, apierr.TooManyTags) {
		t.Fatalf("a 51st tag: %v", err)
	}
	if got := listTags(t, f, arn); len(got) != 49 {
		t.Fatalf("a refused TagResource left %d tags, want 49", len(got))
	}
	// Replacing values of keys the application has adds no tag.
	if err := f.e.TagResource(ctx, analytics.TagResourceInput{ResourceARN: arn, Tags: append(manyTags("k", 49), analytics.Tag{Key: "x"})}); err != nil {
		t.Fatalf("the 50th tag: %v", err)
	}
}

// TestTagListsAWSRefusesAreInvalidArguments: a key of 1 to 128 characters, a value of at most 256 (API reference,
// Tag), 1 to 200 tags or keys a call (TagResource, UntagResource), no key twice (developer guide, how-tagging),
// and no key with the prefix aws:, which AWS keeps for its own tags (AWS tagging best practices). Each is an
// InvalidArgumentException and changes nothing.
func TestTagListsAWSRefusesAreInvalidArguments(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	arn := tagged(t, f, analytics.Tag{Key: "keep", Value: "1"})
	for name, tags := range map[string][]analytics.Tag{
		"no tags":          {},
		"201 tags":         manyTags("k", 201),
		"an empty key":     {{Key: "", Value: "v"}},
		"a 129-char key":   {{Key: strings.Repeat("k", 129)}},
		"a 257-char val":   {{Key: "k", Value: strings.Repeat("v", 257)}},
		"a key twice":      {{Key: "k", Value: "1"}, {Key: "k", Value: "2"}},
		"the aws: prefix":  {{Key: "aws:cloudformation:stack-name", Value: "s"}},
		"AWS: in capitals": {{Key: "AWS:x", Value: "s"}},
	} {
		if err := f.e.TagResource(ctx, analytics.TagResourceInput{ResourceARN: arn, Tags: tags}); !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("TagResource with %s: %v, want InvalidArgumentException", name, err)
		}
	}
	if err := f.e.TagResource(ctx, analytics.TagResourceInput{ResourceARN: arn, Tags: []analytics.Tag{{Key: strings.Repeat("k", 128), Value: strings.Repeat("v", 256)}}}); err != nil {
		t.Errorf("a 128-character key with a 256-character value: %v", err)
	}
	for name, keys := range map[string][]string{"no keys": {}, "201 keys": strings.Split(strings.Repeat("k,", 200)+"k", ","), "an aws: key": {"aws:x"}} {
		if err := f.e.UntagResource(ctx, analytics.UntagResourceInput{ResourceARN: arn, TagKeys: keys}); !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("UntagResource with %s: %v, want InvalidArgumentException", name, err)
		}
	}
	if got := listTags(t, f, arn); len(got) != 2 || got[0] != (analytics.Tag{Key: "keep", Value: "1"}) {
		t.Errorf("tags after refused calls: %v", got)
	}
}

// TestTaggingAnUnknownApplicationIsResourceNotFound: an ARN of no application is a ResourceNotFoundException, a
// string that is not an application ARN an InvalidArgumentException (API reference, TagResource, ResourceARN
// pattern arn:.*), on the three tagging calls; a deleted application's tags are gone with it.
func TestTaggingAnUnknownApplicationIsResourceNotFound(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	arn := tagged(t, f, analytics.Tag{Key: "k"})
	other := strings.Replace(arn, "application/app", "application/other", 1)
	calls := map[string]func(string) error{
		"TagResource": func(a string) error {
			return f.e.TagResource(ctx, analytics.TagResourceInput{ResourceARN: a, Tags: []analytics.Tag{{Key: "k"}}})
		},
		"UntagResource": func(a string) error {
			return f.e.UntagResource(ctx, analytics.UntagResourceInput{ResourceARN: a, TagKeys: []string{"k"}})
		},
		"ListTagsForResource": func(a string) error {
			_, err := f.e.ListTagsForResource(ctx, analytics.ListTagsForResourceInput{ResourceARN: a})
			return err
		},
	}
	for name, call := range calls {
		if err := call(other); !errors.Is(err, apierr.ResourceNotFound) {
			t.Errorf("%s of another application: %v", name, err)
		}
		if err := call("app"); !errors.Is(err, apierr.InvalidArgument) {
			t.Errorf("%s of a bare name: %v", name, err)
		}
		if err := call(strings.Replace(arn, "us-east-1", "eu-west-9", 1)); !errors.Is(err, apierr.ResourceNotFound) {
			t.Errorf("%s in another region: %v", name, err)
		}
	}
	if err := f.e.DeleteApplication(ctx, analytics.ApplicationRef{ApplicationName: "app"}); err != nil {
		t.Fatal(err)
	}
	tagged2 := func() {
		f.create(t, analytics.CreateApplicationInput{Inputs: []analytics.Input{demoInput}, ApplicationCode: exampleSQL(t, "e01_continuous_filter")})
	}
	tagged2()
	if got := listTags(t, f, arn); len(got) != 0 {
		t.Errorf("an application created again under a deleted one's name has its tags: %v", got)
	}
	if _, err := f.e.ListTagsForResource(nil, analytics.ListTagsForResourceInput{ResourceARN: arn}); !errors.Is(err, analytics.ErrNilContext) { //nolint:staticcheck // a nil context is refused
		t.Errorf("a nil context: %v", err)
	}
}
