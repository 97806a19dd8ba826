package awssdk_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesisanalytics"
	katypes "github.com/aws/aws-sdk-go-v2/service/kinesisanalytics/types"

	"github.com/kinesim/kinesim/awssdk"
)

// TestKinesisAnalyticsSDKTagsAnApplication: Tags on CreateApplication, then TagResource (a key that exists takes
// the new value), UntagResource and ListTagsForResource through aws-sdk-go-v2's kinesisanalytics client; a 51st
// user tag is a TooManyTagsException ("The maximum number of user-defined application tags is 50"), a key with
// the reserved prefix aws: an InvalidArgumentException, an unknown application a ResourceNotFoundException (API
// reference, TagResource, UntagResource, ListTagsForResource).
func TestKinesisAnalyticsSDKTagsAnApplication(t *testing.T) {
	ctx := context.Background()
	acct, _ := newClient(t)
	ka := awssdk.NewKinesisAnalyticsClient(acct, func(o *kinesisanalytics.Options) { o.Retryer = aws.NopRetryer{} })
	out, err := ka.CreateApplication(ctx, &kinesisanalytics.CreateApplicationInput{ApplicationName: aws.String("tagged"),
		Tags: []katypes.Tag{{Key: aws.String("team"), Value: aws.String("a")}, {Key: aws.String("novalue")}}})
	if err != nil {
		t.Fatalf("CreateApplication with tags: %v", err)
	}
	arn := out.ApplicationSummary.ApplicationARN
	if _, err := ka.TagResource(ctx, &kinesisanalytics.TagResourceInput{ResourceARN: arn, Tags: []katypes.Tag{{Key: aws.String("team"), Value: aws.String("b")}}}); err != nil {
		t.Fatalf("TagResource: %v", err)
	}
	if _, err := ka.UntagResource(ctx, &kinesisanalytics.UntagResourceInput{ResourceARN: arn, TagKeys: []string{"novalue"}}); err != nil {
		t.Fatalf("UntagResource: %v", err)
	}
	l, err := ka.ListTagsForResource(ctx, &kinesisanalytics.ListTagsForResourceInput{ResourceARN: arn})
	if err != nil {
		t.Fatalf("ListTagsForResource: %v", err)
	}
	if len(l.Tags) != 1 || aws.ToString(l.Tags[0].Key) != "team" || aws.ToString(l.Tags[0].Value) != "b" {
		t.Errorf("tags %+v, want team=b", l.Tags)
	}
	var many []katypes.Tag
	for i := range 50 {
		many = append(many, katypes.Tag{Key: aws.String(fmt.Sprintf("k%02d", i))})
	}
	var tooMany *katypes.TooManyTagsException
	if _, err := ka.TagResource(ctx, &kinesisanalytics.TagResourceInput{ResourceARN: arn, Tags: many}); !errors.As(err, &tooMany) {
		t.Errorf("a 51st tag: %v, want a TooManyTagsException", err)
	}
	var invalid *katypes.InvalidArgumentException
	if _, err := ka.TagResource(ctx, &kinesisanalytics.TagResourceInput{ResourceARN: arn, Tags: []katypes.Tag{{Key: aws.String("aws:x")}}}); !errors.As(err, &invalid) {
		t.Errorf("an aws: key: %v, want an InvalidArgumentException", err)
	}
	var notFound *katypes.ResourceNotFoundException
	if _, err := ka.ListTagsForResource(ctx, &kinesisanalytics.ListTagsForResourceInput{ResourceARN: aws.String(acct.Identity().ApplicationARN("none"))}); !errors.As(err, &notFound) {
		t.Errorf("an unknown application: %v, want a ResourceNotFoundException", err)
	}
}
