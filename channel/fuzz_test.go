package channel

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzKeyTemplate: parsing any template never panics; a template that parses evaluates to a key made of its
// literals and the values, with the unique suffix, and no variable left unexpanded.
func FuzzKeyTemplate(f *testing.F) {
	for _, s := range []string{DefaultOutputKeyTemplate, errorKeyTemplate, "a/!{yy}", "!{", "!{x}", "{}", "a//b", "!{extension}!{extension}", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tpl, msg := parseKeyTemplate(s)
		if msg != "" {
			return
		}
		kv := keyValues{channelName: "c", channelID: "id", streamName: "s", at: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), ext: ".gz"}
		key := string(tpl.appendKey(nil, &kv, "u"))
		if strings.Contains(key, "!{") || !strings.Contains(key, "-u") || strings.HasPrefix(key, "/") {
			t.Fatalf("%q gave %q", s, key)
		}
		if utf8.ValidString(s) && !utf8.ValidString(key) {
			t.Fatalf("%q gave invalid UTF-8 %q", s, key)
		}
	})
}

// Every documented variable of the key template expands (Developer Guide, "S3 output key template"; CDK
// CfnChannel.S3StorageConfigurationProperty).
func TestKeyTemplateExpandsEveryVariable(t *testing.T) {
	tpl, msg := parseKeyTemplate("!{channel-name}/!{channel-id}/!{stream-name}/!{yyyy}-!{yy}-!{MM}-!{dd}-!{HH}-!{mm}!{extension}")
	if msg != "" {
		t.Fatal(msg)
	}
	kv := keyValues{channelName: "c", channelID: "id", streamName: "s", at: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), ext: ".gz"}
	if got := string(tpl.appendKey(nil, &kv, "u")); got != "c/id/s/2026-26-01-02-03-04-u.gz" {
		t.Fatal(got)
	}
	for _, bad := range []string{"/a", "a/", "a/../b", "!{", "!{nope}", "a}b"} {
		if _, msg := parseKeyTemplate(bad); msg == "" {
			t.Errorf("%q parsed", bad)
		}
	}
}
