package workload

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesim/kinesim/stream"
)

// KinesaliteEnv names an environment variable that, when set, is the path of the benchmarks/peers directory
// (holding kinesalite-server.js and node_modules/kinesalite); otherwise [KinesalitePeers] looks for it upwards
// from the working directory.
const KinesaliteEnv = "KINESIM_BENCH_PEERS"

// KinesalitePeers returns the benchmarks/peers directory (with kinesalite-server.js) and reports whether kinesalite
// is installed there (by peers/setup.sh) and node is on the PATH. If not, why says what is missing.
func KinesalitePeers() (dir string, installed bool, why string) {
	dir = os.Getenv(KinesaliteEnv)
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", false, err.Error()
		}
		for d := wd; ; d = filepath.Dir(d) {
			for _, c := range []string{filepath.Join(d, "peers"), filepath.Join(d, "benchmarks", "peers")} {
				if _, err := os.Stat(filepath.Join(c, "kinesalite-server.js")); err == nil {
					dir = c
				}
			}
			if dir != "" || filepath.Dir(d) == d {
				break
			}
		}
		if dir == "" {
			return "", false, "benchmarks/peers/kinesalite-server.js not found above " + wd
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "kinesalite", "package.json")); err != nil {
		return dir, false, "kinesalite is not installed in " + dir + " (run " + filepath.Join(dir, "setup.sh") + ")"
	}
	if _, err := exec.LookPath("node"); err != nil {
		return dir, false, "node not found on the PATH"
	}
	return dir, true, ""
}

// kinesaliteSystem is kinesalite (Node.js, in-memory store) run as a child process on 127.0.0.1, driven through the
// AWS SDK for Go v2 Kinesis client: a stream of [Shards] shards, PutRecords of a batch, and per shard a
// GetShardIterator(TRIM_HORIZON) + GetRecords loop.
type kinesaliteSystem struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	kc    *kinesis.Client
	sname *string
	ids   [Shards]string
}

// openKinesalite starts `node peers/kinesalite-server.js` (createStreamMs 0: no artificial CREATING delay, as
// kinesim has none), waits for its port, creates the stream, waits for ACTIVE and lists the shards.
func openKinesalite(ctx context.Context, shards int) (system, error) {
	if shards != Shards {
		return nil, fmt.Errorf("kinesalite: the workload runs kinesalite with %d shards only", Shards)
	}
	k := &kinesaliteSystem{sname: aws.String(streamName)}
	var (
		p   string
		err error
	)
	if k.cmd, k.stdin, p, err = startKinesalite(); err != nil {
		return nil, err
	}
	k.kc = kinesis.New(kinesis.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String("http://127.0.0.1:" + p),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDBENCHMARK", "benchmark-secret", ""),
	})
	if _, err := k.kc.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: k.sname, ShardCount: aws.Int32(Shards)}); err != nil {
		k.close()
		return nil, fmt.Errorf("kinesalite: CreateStream: %w", err)
	}
	for {
		d, err := k.kc.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: k.sname})
		if err != nil {
			k.close()
			return nil, fmt.Errorf("kinesalite: DescribeStreamSummary: %w", err)
		}
		if d.StreamDescriptionSummary.StreamStatus == types.StreamStatusActive {
			break
		}
		time.Sleep(time.Millisecond)
	}
	ls, err := k.kc.ListShards(ctx, &kinesis.ListShardsInput{StreamName: k.sname})
	if err != nil {
		k.close()
		return nil, fmt.Errorf("kinesalite: ListShards: %w", err)
	}
	if len(ls.Shards) != Shards {
		k.close()
		return nil, fmt.Errorf("kinesalite: ListShards: %d shards, want %d", len(ls.Shards), Shards)
	}
	ranges := mainRanges()
	for i, sh := range ls.Shards {
		start, ok1 := new(big.Int).SetString(aws.ToString(sh.HashKeyRange.StartingHashKey), 10)
		end, ok2 := new(big.Int).SetString(aws.ToString(sh.HashKeyRange.EndingHashKey), 10)
		var s, e [16]byte
		if !ok1 || !ok2 || start.BitLen() > 128 || end.BitLen() > 128 {
			k.close()
			return nil, fmt.Errorf("kinesalite: shard %s: bad hash-key range", aws.ToString(sh.ShardId))
		}
		start.FillBytes(s[:])
		end.FillBytes(e[:])
		if s != ranges[i].start || e != ranges[i].end {
			k.close()
			return nil, fmt.Errorf("kinesalite: shard %s does not have the %d-th eighth of the hash-key space", aws.ToString(sh.ShardId), i)
		}
		k.ids[i] = aws.ToString(sh.ShardId)
	}
	return k, nil
}

// startKinesalite starts `node peers/kinesalite-server.js 0` (createStreamMs 0, a free port) and waits up to 30 s
// for the port it prints. Closing stdin and killing cmd stops it.
func startKinesalite() (cmd *exec.Cmd, stdin io.WriteCloser, port string, err error) {
	dir, ok, why := KinesalitePeers()
	if !ok {
		return nil, nil, "", errors.New("kinesalite: " + why)
	}
	cmd = exec.Command("node", filepath.Join(dir, "kinesalite-server.js"), "0")
	cmd.Stderr = os.Stderr
	if stdin, err = cmd.StdinPipe(); err != nil {
		return nil, nil, "", err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, "", fmt.Errorf("kinesalite: %w", err)
	}
	portc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if p, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				select {
				case portc <- p:
				default:
				}
			}
		}
	}()
	select {
	case port = <-portc:
		return cmd, stdin, port, nil
	case <-time.After(30 * time.Second):
		_ = stdin.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, nil, "", errors.New("kinesalite: not listening after 30 s")
	}
}

// StartKinesalite starts kinesalite (installed by peers/setup.sh; see [KinesalitePeers]) on a free port of
// 127.0.0.1 and returns its endpoint URL and a function that stops it.
func StartKinesalite() (endpoint string, stop func(), err error) {
	cmd, stdin, port, err := startKinesalite()
	if err != nil {
		return "", nil, err
	}
	stop = func() {
		_ = stdin.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	return "http://127.0.0.1:" + port, stop, nil
}

func (*kinesaliteSystem) name() string { return Kinesalite }

func (k *kinesaliteSystem) put(ctx context.Context, batch []stream.PutRecordsEntry) error {
	entries := make([]types.PutRecordsRequestEntry, len(batch))
	for i := range batch {
		// The SDK serialises the request before PutRecords returns, so the producer may reuse the payloads.
		entries[i] = types.PutRecordsRequestEntry{Data: batch[i].Data, PartitionKey: aws.String(batch[i].PartitionKey)}
	}
	out, err := k.kc.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: k.sname, Records: entries})
	if err != nil {
		return err
	}
	if n := aws.ToInt32(out.FailedRecordCount); n != 0 {
		return fmt.Errorf("PutRecords: %d of %d records failed", n, len(batch))
	}
	return nil
}

// read polls GetRecords (up to 10,000 records per call) without pause while it returns records, and every
// millisecond while the shard has nothing new.
func (k *kinesaliteSystem) read(ctx context.Context, shard int, see func([]byte) bool) error {
	it, err := k.kc.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName: k.sname, ShardId: aws.String(k.ids[shard]), ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	})
	if err != nil {
		return err
	}
	iter := it.ShardIterator
	for iter != nil {
		out, err := k.kc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: aws.Int32(10000)})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		for i := range out.Records {
			if !see(out.Records[i].Data) {
				return nil
			}
		}
		iter = out.NextShardIterator
		if len(out.Records) == 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Millisecond):
			}
		}
	}
	return errors.New("kinesalite: shard closed")
}

// peakRSSOther returns the peak resident set size of the kinesalite process (VmHWM), in bytes.
func (k *kinesaliteSystem) peakRSSOther() int64 {
	if k.cmd == nil || k.cmd.Process == nil {
		return 0
	}
	return vmHWM(fmt.Sprintf("/proc/%d/status", k.cmd.Process.Pid))
}

func (k *kinesaliteSystem) close() {
	if k.cmd == nil || k.cmd.Process == nil {
		return
	}
	_ = k.stdin.Close()
	_ = k.cmd.Process.Kill()
	_ = k.cmd.Wait()
}
