package streamtest

// The error cases of the stream and account settings (encryption, enhanced monitoring, account settings, warm
// throughput, record distribution, capacity mode), moved here from package stream's spec tests (each group names
// the test it came from) so that they run against every target.

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/stream"
)

const testKey = "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012"

// settingsGroups are the groups of this file, run by RunErrorSpec after its own.
var settingsGroups = []struct {
	name string
	run  func(*testing.T, NewTarget, *tally)
}{
	{"StreamEncryptionValidatesTypeAndKeyId", streamEncryptionValidatesTypeAndKeyId},
	{"StreamEncryptionChangesAreLimitedTo25PerRollingDay", streamEncryptionChangesAreLimitedTo25PerRollingDay},
	{"EnhancedMonitoringValidatesTheMetricsList", enhancedMonitoringValidatesTheMetricsList},
	{"EnhancedMonitoringNeedsTheStreamActive", enhancedMonitoringNeedsTheStreamActive},
	{"AccountSettingsValidationAndRateLimit", accountSettingsValidationAndRateLimit},
	{"WarmThroughputLimits", warmThroughputLimits},
	{"RecordDistributionStrategyIsOnDemandOnly", recordDistributionStrategyIsOnDemandOnly},
	{"OnDemandSettingsAtCreationAndModeSwitch", onDemandSettingsAtCreationAndModeSwitch},
	{"UpdateStreamModeTwicePerDay", updateStreamModeTwicePerDay},
}

func (h *harness) encrypt(name, key string) error {
	return h.e.StartStreamEncryption(h.ctx, stream.EncryptionInput{StreamRef: ref(name), EncryptionType: stream.EncryptionKMS, KeyId: key})
}

func (h *harness) decrypt(name, key string) error {
	return h.e.StopStreamEncryption(h.ctx, stream.EncryptionInput{StreamRef: ref(name), EncryptionType: stream.EncryptionKMS, KeyId: key})
}

func (h *harness) createOnDemand(name string) {
	h.t.Helper()
	if err := h.e.CreateStream(h.ctx, stream.CreateStreamInput{StreamName: name, StreamMode: stream.StreamModeOnDemand}); err != nil {
		h.t.Fatalf("CreateStream(%s, ON_DEMAND): %v", name, err)
	}
}

// From stream's TestStreamEncryptionValidatesTypeAndKeyId: KeyId takes the forms the API reference lists — a key
// id, a key ARN, an alias ARN, alias/NAME, alias/aws/kinesis — of 1–2048 characters (API model shapes.KeyId);
// EncryptionType is required and the only valid value is KMS
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html#API_StartStreamEncryption_RequestParameters).
// A refused call changes nothing. Errors accepted: ValidationException, InvalidArgumentException,
// KMSNotFoundException.
func streamEncryptionValidatesTypeAndKeyId(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	for _, key := range []string{
		"12345678-1234-1234-1234-123456789012",
		"mrk-1234abcd12ab34cd56ef1234567890ab",
		testKey,
		"arn:aws:kms:us-east-1:123456789012:alias/MyAliasName",
		"arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
		"alias/MyAliasName",
		"alias/team/orders_key-1",
		stream.KinesisManagedKey,
	} {
		if err := h.encrypt("s", key); err != nil {
			t.Errorf("KeyId %q: %v", key, err)
		}
	}
	h2 := newHarness(t, newTarget, n)
	h2.create("s", 1)
	for _, tc := range []struct {
		name, typ, key, required string
		kind                     *apierr.Error
		msg                      string
	}{
		{"no type", "", testKey, "EncryptionType", apierr.Validation, validation1("null", "encryptionType", "Member must not be null")},
		{"type AES", "AES", testKey, "", apierr.Validation, validation1("'AES'", "encryptionType", "Member must satisfy enum value set: [KMS, NONE]")},
		{"no key", stream.EncryptionKMS, "", "KeyId", apierr.Validation, validation1("null", "keyId", "Member must not be null")},
		{"2049-char key", stream.EncryptionKMS, strings.Repeat("k", 2049), "", apierr.Validation, validation1("'"+strings.Repeat("k", 2049)+"'", "keyId", "Member must have length less than or equal to 2048")},
		{"type NONE", stream.EncryptionNone, testKey, "", apierr.InvalidArgument, "Encryption type NONE is not supported by StartStreamEncryption. The only valid value is KMS."},
		{"key my-key", stream.EncryptionKMS, "my-key", "", apierr.KMSNotFound, "Invalid keyId my-key"},
		{"key id with a g", stream.EncryptionKMS, "12345678-1234-1234-1234-12345678901g", "", apierr.KMSNotFound, ""},
		{"key alias/", stream.EncryptionKMS, "alias/", "", apierr.KMSNotFound, ""},
		{"alias with a space", stream.EncryptionKMS, "alias/has space", "", apierr.KMSNotFound, ""},
		{"key ARN without a GUID", stream.EncryptionKMS, "arn:aws:kms:us-east-1:123456789012:key/not-a-guid", "", apierr.KMSNotFound, ""},
		{"S3 ARN", stream.EncryptionKMS, "arn:aws:s3:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012", "", apierr.KMSNotFound, ""},
		{"ARN of a 5-digit account", stream.EncryptionKMS, "arn:aws:kms:us-east-1:12345:alias/x", "", apierr.KMSNotFound, ""},
	} {
		err := h2.e.StartStreamEncryption(h2.ctx, stream.EncryptionInput{StreamRef: ref("s"), EncryptionType: tc.typ, KeyId: tc.key})
		h2.check("StartStreamEncryption "+tc.name, tc.required, err, func(t *testing.T) { WantError(t, err, tc.kind, tc.msg) })
	}
	if s := h2.Summary("s"); s.EncryptionType != stream.EncryptionNone || s.KeyId != "" {
		t.Fatalf("refused calls changed the stream: %s %q", s.EncryptionType, s.KeyId)
	}
	err := h2.e.StopStreamEncryption(h2.ctx, stream.EncryptionInput{StreamRef: ref("s"), EncryptionType: stream.EncryptionNone, KeyId: testKey})
	h2.want("StopStreamEncryption type NONE", err, apierr.InvalidArgument, "Encryption type NONE is not supported by StopStreamEncryption. The only valid value is KMS.")
	h2.want("unknown stream", h2.encrypt("nope", testKey), apierr.ResourceNotFound, streamNotFound("nope"))
}

// From stream's TestStreamEncryptionChangesAreLimitedTo25PerRollingDay: "You can successfully apply a new AWS KMS
// key for server-side encryption 25 times in a rolling 24-hour period", and disable it 25 times (API reference,
// StartStreamEncryption and StopStreamEncryption, "API Limits"): the 26th successful call of a kind within 24 hours
// is a LimitExceededException; refused calls do not count. While the stream is not ACTIVE a call is a
// ResourceInUseException.
func streamEncryptionChangesAreLimitedTo25PerRollingDay(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	start := h.clk.Now()
	h.want("bad key", h.encrypt("s", "bad key"), apierr.KMSNotFound, "")
	for i := range stream.MaxEncryptionStartsPerDay {
		if err := h.encrypt("s", testKey); err != nil {
			t.Fatalf("start %d: %v", i+1, err)
		}
		if err := h.decrypt("s", testKey); err != nil {
			t.Fatalf("stop %d: %v", i+1, err)
		}
		h.clk.Advance(time.Minute)
	}
	h.want("26th start", h.encrypt("s", testKey), apierr.LimitExceeded, "Stream s under account 000000000000 has exceeded the limit of 25 StartStreamEncryption calls in a rolling 24-hour period.")
	h.want("26th stop", h.decrypt("s", testKey), apierr.LimitExceeded, "Stream s under account 000000000000 has exceeded the limit of 25 StopStreamEncryption calls in a rolling 24-hour period.")
	if s := h.Summary("s"); s.EncryptionType != stream.EncryptionNone {
		t.Fatalf("a refused start encrypted the stream")
	}
	// The first calls leave the window 24 hours after they were made.
	h.clk.AdvanceTo(start.Add(24 * time.Hour))
	if err := h.encrypt("s", testKey); err != nil {
		t.Fatalf("a day after the first start: %v", err)
	}
	h.want("a second start after a day", h.encrypt("s", testKey), apierr.LimitExceeded, "")

	h2 := newHarness(t, newTarget, n, stream.WithStatusDelays(0, 0, time.Second))
	h2.create("s", 1)
	if err := h2.encrypt("s", testKey); err != nil {
		t.Fatal(err)
	}
	h2.want("stop while UPDATING", h2.decrypt("s", testKey), apierr.ResourceInUse, "Stream s under account 000000000000 not ACTIVE, instead in state UPDATING")
}

// From stream's TestEnhancedMonitoringValidatesTheMetricsList: ShardLevelMetrics takes 1–7 names of the
// MetricsName enum (API model shapes.MetricsNameList min 1 max 7, shapes.MetricsName); a violation is a
// ValidationException and changes nothing. The stream must exist (ResourceNotFoundException).
func enhancedMonitoringValidatesTheMetricsList(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 1)
	enum := "Member must satisfy constraint: [Member must satisfy enum value set: [IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, ALL]]"
	allSeven := []stream.MetricsName{
		stream.MetricsNameIncomingBytes, stream.MetricsNameIncomingRecords, stream.MetricsNameOutgoingBytes,
		stream.MetricsNameOutgoingRecords, stream.MetricsNameWriteProvisionedThroughputExceeded,
		stream.MetricsNameReadProvisionedThroughputExceeded, stream.MetricsNameIteratorAgeMilliseconds,
	}
	eight := append(slices.Clone(allSeven), stream.MetricsNameAll)
	for _, tc := range []struct {
		name, required string
		metrics        []stream.MetricsName
		msg            string
	}{
		{"no metrics", "ShardLevelMetrics", nil, validation1("'[]'", "shardLevelMetrics", "Member must have length greater than or equal to 1")},
		{"eight metrics", "", eight, validation1("'[IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, ALL]'", "shardLevelMetrics", "Member must have length less than or equal to 7")},
		{"lower-case name", "", []stream.MetricsName{"IncomingBytes", "incomingbytes"}, validation1("'[IncomingBytes, incomingbytes]'", "shardLevelMetrics", enum)},
	} {
		for _, op := range []struct {
			name string
			call func(context.Context, stream.EnhancedMonitoringInput) (stream.EnhancedMonitoringOutput, error)
		}{{"Enable", h.e.EnableEnhancedMonitoring}, {"Disable", h.e.DisableEnhancedMonitoring}} {
			_, err := op.call(h.ctx, stream.EnhancedMonitoringInput{StreamRef: ref("s"), ShardLevelMetrics: tc.metrics})
			h.check(op.name+" "+tc.name, tc.required, err, func(t *testing.T) { WantError(t, err, apierr.Validation, tc.msg) })
		}
	}
	if em := h.Summary("s").EnhancedMonitoring; len(em) != 1 || len(em[0].ShardLevelMetrics) != 0 {
		t.Fatalf("refused calls enabled %v", em)
	}
	_, err := h.e.EnableEnhancedMonitoring(h.ctx, stream.EnhancedMonitoringInput{StreamRef: ref("nope"), ShardLevelMetrics: allSeven[:1]})
	h.want("unknown stream", err, apierr.ResourceNotFound, streamNotFound("nope"))
}

// From stream's TestEnhancedMonitoringUpdatesTheStreamAndNeedsItActive: while a monitoring change applies (the
// stream UPDATING), another change is a ResourceInUseException ("For successful operation, the resource must be
// in the ACTIVE state",
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html#API_EnableEnhancedMonitoring_Errors).
func enhancedMonitoringNeedsTheStreamActive(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n, stream.WithStatusDelays(0, 0, 10*time.Second))
	h.create("s", 1)
	in := stream.EnhancedMonitoringInput{StreamRef: ref("s"), ShardLevelMetrics: []stream.MetricsName{stream.MetricsNameIncomingRecords}}
	if _, err := h.e.EnableEnhancedMonitoring(h.ctx, in); err != nil {
		t.Fatal(err)
	}
	_, err := h.e.DisableEnhancedMonitoring(h.ctx, in)
	h.want("Disable while UPDATING", err, apierr.ResourceInUse, "Stream s under account 000000000000 not ACTIVE, instead in state UPDATING")
}

// From stream's TestAccountSettingsValidationAndRateLimit: UpdateAccountSettings requires
// MinimumThroughputBillingCommitment.Status, ENABLED or DISABLED (API model
// MinimumThroughputBillingCommitmentInputStatus); a violation is a ValidationException and changes nothing. Both
// operations take 5 calls per second per account: "TPS over 5 will initiate the LimitExceededException"
// (DescribeAccountSettings and UpdateAccountSettings API reference).
func accountSettingsValidationAndRateLimit(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	upd := func(status string) error {
		_, err := h.e.UpdateAccountSettings(h.ctx, stream.UpdateAccountSettingsInput{MinimumThroughputBillingCommitment: stream.MinimumThroughputBillingCommitmentInput{Status: status}})
		return err
	}
	err := upd("")
	h.check("no status", "Status", err, func(t *testing.T) {
		WantError(t, err, apierr.Validation, validation1("null", "minimumThroughputBillingCommitment.status", "Member must not be null"))
	})
	h.want("status ENABLED_UNTIL_EARLIEST_ALLOWED_END", upd(stream.CommitmentEnabledUntilEarliestAllowedEnd), apierr.Validation,
		validation1("'ENABLED_UNTIL_EARLIEST_ALLOWED_END'", "minimumThroughputBillingCommitment.status", "Member must satisfy enum value set: [ENABLED, DISABLED]"))
	for i := range stream.AccountSettingsCallsPerSecond {
		if err := upd(stream.CommitmentDisabled); err != nil {
			t.Fatalf("update %d: %v", i+1, err)
		}
		if _, err := h.e.DescribeAccountSettings(h.ctx); err != nil {
			t.Fatalf("describe %d: %v", i+1, err)
		}
	}
	h.want("sixth update in a second", upd(stream.CommitmentEnabled), apierr.LimitExceeded, "Rate exceeded for UpdateAccountSettings under account 000000000000.")
	_, err = h.e.DescribeAccountSettings(h.ctx)
	h.want("sixth describe in a second", err, apierr.LimitExceeded, "Rate exceeded for DescribeAccountSettings under account 000000000000.")
	h.clk.Advance(time.Second)
	if s, err := h.e.DescribeAccountSettings(h.ctx); err != nil || s.MinimumThroughputBillingCommitment.Status != stream.CommitmentDisabled {
		t.Fatalf("after the refused update: %+v, %v", s, err)
	}
	if err := upd(stream.CommitmentEnabled); err != nil {
		t.Fatalf("a second later: %v", err)
	}
}

// From stream's TestWarmThroughputLimits: warm throughput is for on-demand streams only ("Provisioned capacity
// mode streams do not support warm throughput configuration"): InvalidArgument on a provisioned stream;
// WarmThroughputMiBps is at least 0 (API_WarmThroughputObject.html: "Minimum value of 0"), ValidationException
// below; above the default 10 GiBps ("you cannot … Scale to more than 10 GiBps") it is LimitExceeded. A
// provisioned stream reports no WarmThroughput. A refused call changes nothing.
func warmThroughputLimits(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("p", 2)
	h.createOnDemand("od")
	warm := func(name string, n int) error {
		_, err := h.e.UpdateStreamWarmThroughput(h.ctx, stream.UpdateStreamWarmThroughputInput{StreamRef: ref(name), WarmThroughputMiBps: n})
		return err
	}
	h.want("provisioned stream", warm("p", 10), apierr.InvalidArgument, "Stream p under account 000000000000 is in PROVISIONED mode: warm throughput is only supported for streams in ON_DEMAND mode.")
	h.want("-1 MiBps", warm("od", -1), apierr.Validation, validation1("'-1'", "warmThroughputMiBps", "Member must have value greater than or equal to 0"))
	h.want("over 10 GiBps", warm("od", stream.MaxWarmThroughputMiBps+1), apierr.LimitExceeded, "")
	h.want("unknown stream", warm("nope", 10), apierr.ResourceNotFound, streamNotFound("nope"))
	if s := h.Summary("p"); s.WarmThroughput != nil || s.RecordDistributionStrategy != "" {
		t.Fatalf("provisioned summary reports %+v, %q", s.WarmThroughput, s.RecordDistributionStrategy)
	}
	h.clk.Advance(5 * time.Minute)
	if s := h.Summary("od"); s.OpenShardCount != 4 || s.WarmThroughput == nil || *s.WarmThroughput != (stream.WarmThroughput{CurrentMiBps: 4}) {
		t.Fatalf("refused calls changed the stream: %d shards, %+v", s.OpenShardCount, s.WarmThroughput)
	}
	if err := warm("od", stream.MaxWarmThroughputMiBps); err != nil {
		t.Fatalf("10 GiBps: %v", err)
	}
}

// From stream's TestRecordDistributionStrategyIsOnDemandOnly: the strategy is an on-demand setting ("Attempting
// to set AUTO on a provisioned stream results in an InvalidArgumentException"); the operation takes the stream by
// StreamARN only (a required member) and one of the two values.
func recordDistributionStrategyIsOnDemandOnly(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("p", 2)
	h.createOnDemand("od")
	nope := strings.TrimSuffix(h.arn("p"), "/p") + "/nope"
	set := func(arn string, s stream.RecordDistributionStrategy) error {
		return h.e.UpdateStreamRecordDistributionStrategy(h.ctx, stream.UpdateStreamRecordDistributionStrategyInput{StreamARN: arn, RecordDistributionStrategy: s})
	}
	h.want("provisioned stream", set(h.arn("p"), stream.DistributionAuto), apierr.InvalidArgument,
		"Stream p under account 000000000000 is in PROVISIONED mode: the record distribution strategy is only supported for streams in ON_DEMAND mode.")
	h.want("strategy RANDOM", set(h.arn("od"), "RANDOM"), apierr.Validation, validation1("'RANDOM'", "recordDistributionStrategy", "Member must satisfy enum value set: [AUTO, USER_PARTITION_KEY]"))
	h.wantRequired("no StreamARN", "StreamARN", set("", stream.DistributionAuto), apierr.Validation, validation1("null", "streamARN", "Member must not be null"))
	h.want("unknown stream", set(nope, stream.DistributionAuto), apierr.ResourceNotFound, streamNotFound("nope"))
	if err := set(h.arn("od"), stream.DistributionAuto); err != nil {
		t.Fatal(err)
	}
}

// From stream's TestOnDemandSettingsAtCreationAndModeSwitch: CreateStream takes a record distribution strategy
// and a warm throughput for an on-demand stream only (CreateStreamInput.RecordDistributionStrategy: "only
// supported for streams that use the on-demand capacity mode"; WarmThroughputMiBps), and UpdateStreamMode takes a
// warm throughput with a switch to ON_DEMAND only ("This field is only valid when the stream mode is being updated
// to on-demand"). Refused inputs create and change nothing.
func onDemandSettingsAtCreationAndModeSwitch(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	for _, c := range []struct {
		name string
		in   stream.CreateStreamInput
		kind *apierr.Error
	}{
		{"AUTO on a provisioned stream", stream.CreateStreamInput{StreamName: "p", ShardCount: 1, RecordDistributionStrategy: stream.DistributionAuto}, apierr.InvalidArgument},
		{"warm throughput on a provisioned stream", stream.CreateStreamInput{StreamName: "p", ShardCount: 1, WarmThroughputMiBps: 1}, apierr.InvalidArgument},
		{"strategy RANDOM", stream.CreateStreamInput{StreamName: "p", StreamMode: stream.StreamModeOnDemand, RecordDistributionStrategy: "RANDOM"}, apierr.Validation},
		{"warm throughput -1", stream.CreateStreamInput{StreamName: "p", StreamMode: stream.StreamModeOnDemand, WarmThroughputMiBps: -1}, apierr.Validation},
		{"warm throughput over 10 GiBps", stream.CreateStreamInput{StreamName: "p", StreamMode: stream.StreamModeOnDemand, WarmThroughputMiBps: stream.MaxWarmThroughputMiBps + 1}, apierr.LimitExceeded},
	} {
		h.wantThen("CreateStream "+c.name, h.e.CreateStream(h.ctx, c.in), c.kind, "", func(t *testing.T) {
			if _, err := h.e.DescribeStreamSummary(h.ctx, ref("p")); err == nil {
				t.Fatalf("refused CreateStream %+v created the stream", c.in)
			}
		})
	}
	h.create("p", 2)
	arnP := h.arn("p")
	mode := func(m stream.StreamMode, warm int) error {
		return h.e.UpdateStreamMode(h.ctx, stream.UpdateStreamModeInput{StreamRef: stream.StreamRef{StreamARN: arnP}, StreamMode: m, WarmThroughputMiBps: warm})
	}
	h.want("UpdateStreamMode to PROVISIONED with warm throughput", mode(stream.StreamModeProvisioned, 4), apierr.InvalidArgument, "WarmThroughputMiBps is only valid when the stream mode is being updated to ON_DEMAND.")
	h.want("UpdateStreamMode with warm throughput -4", mode(stream.StreamModeOnDemand, -4), apierr.Validation, "")
	h.want("UpdateStreamMode with warm throughput over 10 GiBps", mode(stream.StreamModeOnDemand, stream.MaxWarmThroughputMiBps+1), apierr.LimitExceeded, "")
	if s := h.Summary("p"); s.StreamMode != stream.StreamModeProvisioned || s.WarmThroughput != nil {
		t.Fatalf("refused switches changed the stream: %s, %+v", s.StreamMode, s.WarmThroughput)
	}
}

// From stream's TestUpdateStreamModeTwicePerDay: a stream changes capacity mode at most twice in a rolling 24
// hours (API reference, UpdateStreamMode; DevGuide how-do-i-size-a-stream: "you can switch between on-demand and
// provisioned capacity mode twice within 24 hours"); the same mode again or an unknown one is refused and does
// not count; while a switch applies the stream takes no other.
func updateStreamModeTwicePerDay(t *testing.T, newTarget NewTarget, n *tally) {
	h := newHarness(t, newTarget, n)
	h.create("s", 3)
	start := h.clk.Now()
	arnS := h.arn("s")
	mode := func(m stream.StreamMode) error {
		return h.e.UpdateStreamMode(h.ctx, stream.UpdateStreamModeInput{StreamRef: stream.StreamRef{StreamARN: arnS}, StreamMode: m})
	}
	h.want("the same mode", mode(stream.StreamModeProvisioned), apierr.InvalidArgument, "")
	h.want("mode FAST", mode("FAST"), apierr.Validation, "")
	if err := mode(stream.StreamModeOnDemand); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(time.Hour)
	if err := mode(stream.StreamModeProvisioned); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(time.Hour)
	before := h.Shards("s")
	const third = "Stream s under account 000000000000 has exceeded the limit of 2 capacity mode changes in a rolling 24-hour period."
	h.wantThen("third change in 24 hours", mode(stream.StreamModeOnDemand), apierr.LimitExceeded, third, h.sameShards("s", before), func(t *testing.T) {
		if s := h.Summary("s"); s.StreamMode != stream.StreamModeProvisioned || s.StreamStatus != stream.StreamStatusActive {
			t.Fatalf("a refused switch changed the stream: %+v", s)
		}
	})
	// 24 hours after the first switch one change is free again, and only one.
	h.clk.AdvanceTo(start.Add(24*time.Hour - time.Second))
	h.want("third change just before 24 hours", mode(stream.StreamModeOnDemand), apierr.LimitExceeded, third)
	h.clk.AdvanceTo(start.Add(24 * time.Hour))
	if err := mode(stream.StreamModeOnDemand); err != nil {
		t.Fatalf("a day after the first switch: %v", err)
	}
	h.clk.Advance(time.Minute)
	h.want("fourth change", mode(stream.StreamModeProvisioned), apierr.LimitExceeded, third)

	const d = 20 * time.Second
	h2 := newHarness(t, newTarget, n, stream.WithStatusDelays(0, 0, d))
	h2.create("s", 2)
	arn2 := h2.arn("s")
	if err := h2.e.UpdateStreamMode(h2.ctx, stream.UpdateStreamModeInput{StreamRef: stream.StreamRef{StreamARN: arn2}, StreamMode: stream.StreamModeOnDemand}); err != nil {
		t.Fatal(err)
	}
	h2.want("switch while switching", h2.e.UpdateStreamMode(h2.ctx, stream.UpdateStreamModeInput{StreamRef: stream.StreamRef{StreamARN: arn2}, StreamMode: stream.StreamModeProvisioned}), apierr.ResourceInUse, "")
	h2.clk.Advance(d)
	h2.want("split once on-demand", h2.split("s", "shardId-000000000000", hashKeyOfShard(1, 4)), apierr.Validation, "")
}
