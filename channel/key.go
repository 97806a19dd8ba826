package channel

import (
	"strconv"
	"strings"
	"time"
)

// DefaultOutputKeyTemplate is the object key template of a channel without an OutputKeyTemplate (Kinesis Data
// Streams Developer Guide, "S3 output key template for Amazon S3 delivery", Default template).
const DefaultOutputKeyTemplate = "kinesis-channel/!{channel-name}/!{channel-id}/!{yyyy}/!{MM}/!{dd}/!{HH}/" +
	"!{channel-name}-!{channel-id}-!{yyyy}-!{MM}-!{dd}-!{HH}-!{mm}!{extension}"

// errorKeyTemplate is what follows the dead-letter prefix in an error object's key: the default template's
// hourly folders and name (kinesim's layout; AWS does not publish the dead-letter queue's keys).
const errorKeyTemplate = "!{yyyy}/!{MM}/!{dd}/!{HH}/!{channel-name}-!{channel-id}-!{yyyy}-!{MM}-!{dd}-!{HH}-!{mm}!{extension}"

// MaxOutputKeyTemplateLength is the longest OutputKeyTemplate (API Reference, S3StorageConfiguration).
const MaxOutputKeyTemplateLength = 1024

// keyVar is one variable of a key template.
type keyVar uint8

const (
	varLiteral keyVar = iota
	varChannelName
	varChannelID
	varStreamName
	varYear
	varYear2
	varMonth
	varDay
	varHour
	varMinute
	varExtension
)

// keyVars are the variables a template may use (CDK, CfnChannel.S3StorageConfigurationProperty outputKeyTemplate:
// !{channel-name}, !{channel-id}, !{stream-name}, !{yyyy}, !{yy}, !{MM}, !{dd}, !{HH}, !{mm}, !{extension}).
var keyVars = map[string]keyVar{
	"channel-name": varChannelName, "channel-id": varChannelID, "stream-name": varStreamName,
	"yyyy": varYear, "yy": varYear2, "MM": varMonth, "dd": varDay, "HH": varHour, "mm": varMinute,
	"extension": varExtension,
}

// keyPart is a literal or a variable of a template.
type keyPart struct {
	v   keyVar
	lit string
}

// keyTemplate is a parsed template.
type keyTemplate struct {
	parts []keyPart
	// extLast: the template ends with !{extension}, so the unique suffix goes before it.
	extLast bool
}

// keyValues are what a template's variables stand for in one object's key.
type keyValues struct {
	channelName, channelID, streamName string
	at                                 time.Time // UTC
	ext                                string
}

// parseKeyTemplate parses a template, returning a message for a malformed one: a "!{" without its "}", a
// variable it does not know, a brace outside a variable, a key that would start or end with "/" or that holds
// "..". The characters and the length are checked before (the API's pattern and length constraints).
func parseKeyTemplate(s string) (keyTemplate, string) {
	var t keyTemplate
	switch {
	case strings.HasPrefix(s, "/"):
		return t, "OutputKeyTemplate must not start with '/'."
	case strings.HasSuffix(s, "/"):
		return t, "OutputKeyTemplate must not end with '/'."
	case strings.Contains(s, ".."):
		return t, "OutputKeyTemplate must not contain '..'."
	}
	for len(s) > 0 {
		i := strings.Index(s, "!{")
		lit := s
		if i >= 0 {
			lit = s[:i]
		}
		if strings.ContainsAny(lit, "{}") {
			return keyTemplate{}, "OutputKeyTemplate has a brace outside a !{variable}."
		}
		if lit != "" {
			t.parts = append(t.parts, keyPart{lit: lit})
		}
		if i < 0 {
			break
		}
		s = s[i+2:]
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return keyTemplate{}, "OutputKeyTemplate has a !{ without its closing }."
		}
		v, ok := keyVars[s[:end]]
		if !ok {
			return keyTemplate{}, "OutputKeyTemplate uses an unknown variable !{" + s[:end] + "}."
		}
		t.parts = append(t.parts, keyPart{v: v})
		s = s[end+1:]
	}
	if n := len(t.parts); n > 0 && t.parts[n-1].v == varExtension {
		t.extLast = true
	}
	return t, ""
}

// appendKey appends the key of one object: the template evaluated, and the unique suffix "-" + unique, before a
// final !{extension} or at the end (the Developer Guide: Kinesis Data Streams appends a unique suffix to every
// object key).
func (t *keyTemplate) appendKey(dst []byte, kv *keyValues, unique string) []byte {
	parts := t.parts
	if t.extLast {
		parts = parts[:len(parts)-1]
	}
	for _, p := range parts {
		dst = kv.appendVar(dst, p)
	}
	dst = append(append(dst, '-'), unique...)
	if t.extLast {
		dst = append(dst, kv.ext...)
	}
	return dst
}

func (kv *keyValues) appendVar(dst []byte, p keyPart) []byte {
	switch p.v {
	case varLiteral:
		return append(dst, p.lit...)
	case varChannelName:
		return append(dst, kv.channelName...)
	case varChannelID:
		return append(dst, kv.channelID...)
	case varStreamName:
		return append(dst, kv.streamName...)
	case varYear:
		return pad(dst, kv.at.Year(), 4)
	case varYear2:
		return pad(dst, kv.at.Year()%100, 2)
	case varMonth:
		return pad(dst, int(kv.at.Month()), 2)
	case varDay:
		return pad(dst, kv.at.Day(), 2)
	case varHour:
		return pad(dst, kv.at.Hour(), 2)
	case varMinute:
		return pad(dst, kv.at.Minute(), 2)
	case varExtension:
		return append(dst, kv.ext...)
	}
	return dst
}

// pad appends v in decimal, zero-padded to width digits.
func pad(dst []byte, v, width int) []byte {
	for d, p := 1, 10; d < width; d, p = d+1, p*10 {
		if v < p {
			dst = append(dst, '0')
		}
	}
	return strconv.AppendInt(dst, int64(v), 10)
}
