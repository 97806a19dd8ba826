package stream

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/arn"
	"github.com/kinesim/kinesim/internal/validate"
)

// Resources named by ARN: the ResourceARN of TagResource, UntagResource, ListTagsForResource and the resource
// policy operations is a stream ARN or a consumer ARN. One place checks and resolves it.

// MaxResourceARNLength is the longest ResourceARN (API model shapes.ResourceARN: 1–2048 characters).
const MaxResourceARNLength = 2048

// resourceARNPattern is the API model's pattern of shapes.ResourceARN.
const resourceARNPattern = `arn:aws.*:kinesis:.*:\d{12}:.*stream/\S+`

var resourceARNShape = regexp.MustCompile(`\A(?:` + resourceARNPattern + `)\z`)

// resourceARN checks a required ResourceARN's length and pattern.
func resourceARN(v *validate.Violations, s string) {
	if !v.Required("resourceARN", s) {
		return
	}
	if len(s) > MaxResourceARNLength {
		v.Add(validate.Quote(s), "resourceARN", validate.LengthAtMost+strconv.Itoa(MaxResourceARNLength))
		return
	}
	if !resourceARNShape.MatchString(s) {
		v.Add(validate.Quote(s), "resourceARN", validate.PatternPrefix+resourceARNPattern)
	}
}

// parseResourceARN splits a stream or consumer ARN into its stream and, for a consumer, the parsed consumer ARN.
func (e *Engine) parseResourceARN(s string) (StreamRef, *arn.Consumer, error) {
	var (
		parsed arn.ARN
		ref    StreamRef
		c      *arn.Consumer
	)
	if strings.Contains(s, "/consumer/") {
		ca, err := arn.ParseConsumerARN(s)
		if err != nil {
			return StreamRef{}, nil, apierr.InvalidArgument.New("Invalid ResourceARN %s. It must be the ARN of a stream or of a consumer.", s)
		}
		parsed, ref, c = ca.ARN, StreamRef{StreamName: ca.StreamName}, &ca
	} else {
		sa, err := arn.ParseStreamARN(s)
		if err != nil {
			return StreamRef{}, nil, apierr.InvalidArgument.New("Invalid ResourceARN %s. It must be the ARN of a stream or of a consumer.", s)
		}
		parsed, ref = sa.ARN, StreamRef{StreamName: sa.Name}
	}
	if !e.cfg.Account.Owns(parsed) {
		return StreamRef{}, nil, apierr.ResourceNotFound.New("Stream %s under account %s not found.", ref.StreamName, parsed.AccountID)
	}
	return ref, c, nil
}

// consumerNotFound is the ResourceNotFound error for a consumer ARN that names no registered consumer (moto's
// wording, checked against AWS: moto PR #4540).
func (e *Engine) consumerNotFound(consumerARN string) error {
	return apierr.ResourceNotFound.New("Consumer %s, account %s not found.", consumerARN, e.cfg.Account.ID)
}

// consumerByARN returns the registered consumer named name whose ARN is consumerARN exactly (an ARN of an earlier
// consumer of the same name names none), or nil. s.mu must be held.
func (s *dataStream) consumerByARN(consumerARN, name string) *consumer {
	c := s.efo.byName[name]
	if c == nil || c.removed || c.arn != consumerARN {
		return nil
	}
	return c
}
