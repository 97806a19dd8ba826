package awssdk_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk"
	"github.com/kinesim/kinesim/clock"
	"github.com/kinesim/kinesim/kcl"
	"github.com/kinesim/kinesim/kpl"
	"github.com/kinesim/kinesim/record"
	"github.com/kinesim/kinesim/stream"
)

// awsPrefix turns a kinesim number (always 38 digits) into a 56-digit number shaped as AWS's are: the prefix and
// then the kinesim digits. The map is increasing, so numbers of one shard still increase, as AWS's do.
const awsPrefix = "495903382714902566"

// seqField matches a sequence-number member of an AWS JSON body and its decimal value.
var seqField = regexp.MustCompile(`"(SequenceNumber|StartingSequenceNumber|EndingSequenceNumber|ContinuationSequenceNumber|SequenceNumberForOrdering)":"([0-9]+)"`)

// awsNumbers is an SDK HTTP client that serves the account in process, as awssdk.HTTPClient does, but shows the
// SDK AWS's sequence numbers: in every AWS JSON response it rewrites each kinesim sequence number n into
// awsPrefix+n (56 digits, too long for 128 bits), and in every request it rewrites such a number back. So the
// SDK decodes, and the adapters carry, numbers that kinesim's engine could not have issued, exactly as against
// real AWS, while the engine behind stays the real one. It logs the numbers requests carried.
type awsNumbers struct {
	next awssdk.Doer
	mu   sync.Mutex
	sent []string // "Member=value" of every sequence number a request carried, as the SDK sent it
}

func (a *awsNumbers) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		_ = req.Body.Close()
		for _, m := range seqField.FindAllSubmatch(body, -1) {
			a.mu.Lock()
			a.sent = append(a.sent, string(m[1])+"="+string(m[2]))
			a.mu.Unlock()
		}
		body = seqField.ReplaceAllFunc(body, func(m []byte) []byte {
			sm := seqField.FindSubmatch(m)
			v, ok := strings.CutPrefix(string(sm[2]), awsPrefix)
			if !ok || len(sm[2]) != 56 {
				return m
			}
			return fmt.Appendf(nil, `"%s":"%s"`, sm[1], v)
		})
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		req.Header.Set("Content-Length", strconv.Itoa(len(body)))
	}
	resp, err := a.next.Do(req)
	if err != nil || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/x-amz-json") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	body = seqField.ReplaceAllFunc(body, func(m []byte) []byte {
		sm := seqField.FindSubmatch(m)
		if len(sm[2]) != 38 {
			return m
		}
		return fmt.Appendf(nil, `"%s":"%s%s"`, sm[1], awsPrefix, sm[2])
	})
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return resp, nil
}

// sentNumbers returns the sequence numbers requests carried so far.
func (a *awsNumbers) sentNumbers() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.sent...)
}

// newAWSNumbersAccount returns an account without throttling (closed when the test ends) with a stream of the
// given shards, an SDK client of it (AWS JSON 1.1, no retries) whose wire carries AWS-shaped sequence numbers,
// and the client's transport.
func newAWSNumbersAccount(t *testing.T, name string, shards int32, opts ...kinesim.Option) (*kinesim.Account, *kinesis.Client, *awsNumbers) {
	t.Helper()
	acct := kinesim.New(append([]kinesim.Option{kinesim.WithSeed(1), kinesim.WithStreamOptions(stream.WithThrottling(false))}, opts...)...)
	t.Cleanup(func() { _ = acct.Close() })
	tr := &awsNumbers{next: awssdk.HTTPClient(acct)}
	c := awssdk.NewKinesisClient(acct, func(o *kinesis.Options) {
		o.Retryer = aws.NopRetryer{}
		o.HTTPClient = tr
	})
	mustCreate(t, c, name, shards)
	return acct, c, tr
}

// awsShaped reports whether s looks like a sequence number AWS issued here: 56 digits from the transport.
func awsShaped(s string) bool { return len(s) == 56 && strings.HasPrefix(s, awsPrefix) }

// Through awssdk.StreamClient, AWS's own sequence numbers (56-digit decimals that do not fit 128 bits) survive
// exactly: PutRecords reports them, ListShards gives them as a shard's range, GetRecords' records print back as
// AWS's text (and equal what the SDK decoded), and GetShardIterator sends them back unchanged, AT_SEQUENCE_NUMBER
// and AFTER_SEQUENCE_NUMBER reading from the right record. Sources: Kinesis API Reference, Record.SequenceNumber
// and PutRecordsResultEntry.SequenceNumber (pattern 0|([1-9]\d{0,128})), GetShardIterator.
func TestStreamClientKeepsAWSSequenceNumbersExactly(t *testing.T) {
	_, c, tr := newAWSNumbersAccount(t, "aws", 1)
	ctx := context.Background()
	sc := awssdk.NewStreamClient(c)
	ref := stream.StreamRef{StreamName: "aws"}
	var entries []stream.PutRecordsEntry
	for i := range 5 {
		entries = append(entries, stream.PutRecordsEntry{PartitionKey: "k", Data: []byte{byte(i)}})
	}
	put, err := sc.PutRecords(ctx, stream.PutRecordsInput{StreamRef: ref, Records: entries})
	if err != nil || put.FailedRecordCount != 0 {
		t.Fatalf("PutRecords: %v, %+v", err, put)
	}
	var want []string
	for i, r := range put.Records {
		if s := r.SequenceNumber.String(); !awsShaped(s) || !r.SequenceNumber.IsForeign() {
			t.Fatalf("PutRecords result %d: sequence number %q (foreign %v); want AWS's 56 digits", i, s, r.SequenceNumber.IsForeign())
		}
		want = append(want, r.SequenceNumber.String())
	}
	shards, err := sc.ListShards(ctx, stream.ListShardsInput{StreamRef: ref})
	if err != nil {
		t.Fatal(err)
	}
	sh := shards.Shards[0]
	if start := sh.SequenceNumberRange.StartingSequenceNumber; !awsShaped(start.String()) || start.Compare(put.Records[0].SequenceNumber) > 0 {
		t.Fatalf("ListShards starting sequence number %q; want AWS's, at or below the first record's", start)
	}
	if !sh.SequenceNumberRange.EndingSequenceNumber.IsZero() {
		t.Fatalf("an open shard has ending sequence number %q", sh.SequenceNumberRange.EndingSequenceNumber)
	}
	read := func(typ stream.ShardIteratorType, seq string) []record.Record {
		t.Helper()
		it, err := sc.GetShardIterator(ctx, stream.GetShardIteratorInput{StreamRef: ref, ShardId: sh.ShardId, ShardIteratorType: typ, StartingSequenceNumber: seq})
		if err != nil {
			t.Fatalf("GetShardIterator %s %s: %v", typ, seq, err)
		}
		out, err := sc.GetRecords(ctx, stream.GetRecordsInput{ShardIterator: it.ShardIterator})
		if err != nil {
			t.Fatalf("GetRecords: %v", err)
		}
		return out.Records
	}
	recs := read(stream.TrimHorizon, "")
	if len(recs) != len(want) {
		t.Fatalf("GetRecords read %d records; want %d", len(recs), len(want))
	}
	for i, r := range recs {
		if r.SequenceNumber.String() != want[i] || !r.SequenceNumber.IsForeign() {
			t.Fatalf("record %d reads as %q; PutRecords reported %q", i, r.SequenceNumber, want[i])
		}
		if i > 0 && recs[i-1].SequenceNumber.Compare(r.SequenceNumber) >= 0 {
			t.Fatalf("records %d and %d do not increase: %s, %s", i-1, i, recs[i-1].SequenceNumber, r.SequenceNumber)
		}
	}
	// What the SDK decoded is the same text.
	it, _ := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("aws"), ShardId: aws.String(sh.ShardId), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	raw, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil || len(raw.Records) != len(want) {
		t.Fatalf("SDK GetRecords: %v", err)
	}
	for i, r := range raw.Records {
		if aws.ToString(r.SequenceNumber) != want[i] {
			t.Fatalf("the SDK decoded %q; the adapter gave %q", aws.ToString(r.SequenceNumber), want[i])
		}
	}
	if at := read(stream.AtSequenceNumber, want[2]); len(at) != 3 || at[0].SequenceNumber.String() != want[2] {
		t.Fatalf("AT_SEQUENCE_NUMBER %s read %d records from %v", want[2], len(at), at)
	}
	if after := read(stream.AfterSequenceNumber, want[2]); len(after) != 2 || after[0].SequenceNumber.String() != want[3] {
		t.Fatalf("AFTER_SEQUENCE_NUMBER %s read %d records", want[2], len(after))
	}
	sent := tr.sentNumbers()
	if got := sent[len(sent)-1]; got != "StartingSequenceNumber="+want[2] {
		t.Fatalf("the last request carried %s; want AWS's text StartingSequenceNumber=%s", got, want[2])
	}
}

// A kpl.Producer through the SDK reports AWS's sequence numbers in its results, not zero. Source: KPL
// UserRecordResult (getSequenceNumber); Kinesis API Reference, PutRecordsResultEntry.
func TestKPLResultsCarryAWSSequenceNumbers(t *testing.T) {
	acct, c, _ := newAWSNumbersAccount(t, "kpl-aws", 2)
	ctx := context.Background()
	p, err := kpl.New(awssdk.NewStreamClient(c), stream.StreamRef{StreamName: "kpl-aws"}, kpl.WithClock(acct.Clock()))
	if err != nil {
		t.Fatal(err)
	}
	var pending []*kpl.Pending
	for i := range 50 {
		f, err := p.Put(ctx, kpl.UserRecord{PartitionKey: "key-" + strconv.Itoa(i%7), Data: []byte(strconv.Itoa(i))})
		if err != nil {
			t.Fatal(err)
		}
		pending = append(pending, f)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	for i, f := range pending {
		r, ok := f.Result()
		if !ok || r.Err != nil || !awsShaped(r.SequenceNumber.String()) {
			t.Fatalf("record %d: %+v; want AWS's 56-digit sequence number", i, r)
		}
	}
}

// foreignProcessor checkpoints at a chosen record: after the record whose datum is at, with CheckpointAt and the
// record's sequence number as text (what an application keeps), and records what it saw and what the
// checkpointer refused.
type foreignProcessor struct {
	kclProcessor // the other callbacks: ShardEnded checkpoints
	at           string
	log          *foreignLog
}

type foreignLog struct {
	mu      sync.Mutex
	data    []string
	seqs    map[string]string // datum → sequence number as delivered
	refused []error           // checkpoints outside the delivered records
	cpErr   error
}

func (p foreignProcessor) ProcessRecords(ctx context.Context, in kcl.ProcessRecordsInput) {
	p.log.mu.Lock()
	defer p.log.mu.Unlock()
	for _, u := range in.Records {
		p.log.data = append(p.log.data, string(u.Data))
		p.log.seqs[string(u.Data)] = u.SequenceNumber.String()
		if string(u.Data) != p.at {
			continue
		}
		p.log.cpErr = in.Checkpointer.CheckpointAt(ctx, u.SequenceNumber.String(), u.SubSequenceNumber)
		// Before the checkpoint just written, one past the last record delivered, and a longer decimal (greater
		// as an integer, smaller as text): each refused.
		last, _ := new(big.Int).SetString(in.Records[len(in.Records)-1].SequenceNumber.String(), 10)
		for _, s := range []string{p.log.seqs["r02"], new(big.Int).Add(last, big.NewInt(1)).String(), "1" + strings.Repeat("0", 56)} {
			p.log.refused = append(p.log.refused, in.Checkpointer.CheckpointAt(ctx, s, 0))
		}
	}
}

// A KCL worker reading through the SDK checkpoints a record by AWS's sequence number: the lease holds AWS's exact
// text; a checkpoint outside the delivered records is refused (ErrCheckpointOutOfRange), comparing AWS's numbers
// as integers; and a second worker, after the first is killed, resumes after the checkpoint, asking
// GetShardIterator for AT_SEQUENCE_NUMBER with that same text and delivering only the records after it. Sources:
// KCL DevGuide (checkpointing, failover); Kinesis API Reference, GetShardIterator (StartingSequenceNumber).
func TestKCLCheckpointsAForeignSequenceNumberAndResumesAfterIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		clk := clock.NewManual(t0)
		_, c, tr := newAWSNumbersAccount(t, "resume", 1, kinesim.WithClock(clk))
		var entries []types.PutRecordsRequestEntry
		for i := range 10 {
			entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: fmt.Appendf(nil, "r%02d", i)})
		}
		if out, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("resume"), Records: entries}); err != nil || aws.ToInt32(out.FailedRecordCount) != 0 {
			t.Fatalf("PutRecords: %v", err)
		}
		table := kcl.NewMemLeaseTable()
		start := func(id, at string, log *foreignLog) *kcl.Worker {
			w, err := kcl.NewWorker(kcl.Config{Stream: stream.StreamRef{StreamName: "resume"}, WorkerID: id,
				Client: awssdk.NewStreamClient(c), Leases: table, NewProcessor: func(string) kcl.RecordProcessor { return foreignProcessor{at: at, log: log} }},
				kcl.WithClock(clk), kcl.WithFailoverTime(3*time.Second), kcl.WithIdleTimeBetweenReads(200*time.Millisecond),
				kcl.WithInitialPosition(kcl.InitialPosition{Type: stream.TrimHorizon}))
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		run := func(d time.Duration) { advance(clk, d, 100*time.Millisecond) }
		first := &foreignLog{seqs: map[string]string{}}
		w1 := start("w1", "r04", first)
		run(5 * time.Second)
		_ = w1.Close() // killed: records r05 … r09 were delivered after the checkpoint
		first.mu.Lock()
		cp := first.seqs["r04"]
		if len(first.data) != 10 || !awsShaped(cp) || first.cpErr != nil {
			t.Fatalf("first worker: delivered %v, r04 at %q, checkpoint error %v", first.data, cp, first.cpErr)
		}
		if len(first.refused) != 3 {
			t.Fatalf("%d checkpoints tried outside the delivered records; want 3", len(first.refused))
		}
		for _, err := range first.refused {
			if !errors.Is(err, kcl.ErrCheckpointOutOfRange) {
				t.Fatalf("a checkpoint outside the delivered records: %v; want ErrCheckpointOutOfRange", err)
			}
		}
		first.mu.Unlock()
		l, err := table.GetLease(ctx, "shardId-000000000000")
		if err != nil || l.Checkpoint != (kcl.Checkpoint{SequenceNumber: cp}) {
			t.Fatalf("lease checkpoint %+v, %v; want AWS's text %s", l.Checkpoint, err, cp)
		}
		second := &foreignLog{seqs: map[string]string{}}
		w2 := start("w2", "", second)
		run(10 * time.Second)
		_ = w2.Close()
		second.mu.Lock()
		defer second.mu.Unlock()
		if got := strings.Join(second.data, ","); got != "r05,r06,r07,r08,r09" {
			t.Fatalf("the second worker delivered %s; want r05 … r09, the records after the checkpoint", got)
		}
		resumed := false
		for _, s := range tr.sentNumbers() {
			resumed = resumed || s == "StartingSequenceNumber="+cp
		}
		if !resumed {
			t.Fatalf("no GetShardIterator sent the checkpoint %s back; sent %v", cp, tr.sentNumbers())
		}
	})
}
