package workload

import (
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"sync"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kinesim/kinesim/stream"
)

// kfakeTopic is the topic the workload uses in a kfake cluster.
const kfakeTopic = "workload"

// kfakeSystem is franz-go's in-process Kafka fake (kfake, one broker on a loopback port) with the kgo client: one
// topic of [Shards] partitions; one producer client whose partitioner routes a record's key (the partition key) by
// MD5 over the same hash-key ranges as a Kinesis stream, so partition i holds exactly what shard i would; one
// consumer client per partition, consuming it from the start.
type kfakeSystem struct {
	cluster   *kfake.Cluster
	producer  *kgo.Client
	consumers [Shards]*kgo.Client
	recs      []kgo.Record // the producer's records, reused per batch once Flush has returned

	mu     sync.Mutex
	putErr error // the first failed produce of the current batch
}

// md5Partitioner routes a record by MD5 of its key over the hash-key ranges of a new Kinesis stream of n shards,
// as PutRecords routes a partition key.
func md5Partitioner() kgo.Partitioner {
	return kgo.BasicConsistentPartitioner(func(string) func(*kgo.Record, int) int {
		var ranges []hashRange
		return func(r *kgo.Record, n int) int {
			if len(ranges) != n {
				ranges = hashRanges(n) // the topic partitioner is used by one record at a time
			}
			return shardOf(ranges, md5.Sum(r.Key))
		}
	})
}

func openKfake(context.Context) (system, error) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(Shards, kfakeTopic))
	if err != nil {
		return nil, fmt.Errorf("kfake: %w", err)
	}
	k := &kfakeSystem{cluster: c, recs: make([]kgo.Record, BatchSize)}
	k.producer, err = kgo.NewClient(
		kgo.SeedBrokers(c.ListenAddrs()...),
		kgo.DefaultProduceTopic(kfakeTopic),
		kgo.RecordPartitioner(md5Partitioner()),
		kgo.ManualFlushing(),                              // a batch of BatchSize goes out on Flush, as one PutRecords
		kgo.ProducerBatchCompression(kgo.NoCompression()), // kinesim does not compress either
	)
	if err != nil {
		k.close()
		return nil, fmt.Errorf("kfake: producer: %w", err)
	}
	for s := range Shards {
		k.consumers[s], err = kgo.NewClient(
			kgo.SeedBrokers(c.ListenAddrs()...),
			kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{kfakeTopic: {int32(s): kgo.NewOffset().AtStart()}}),
		)
		if err != nil {
			k.close()
			return nil, fmt.Errorf("kfake: consumer %d: %w", s, err)
		}
	}
	return k, nil
}

func (*kfakeSystem) name() string { return Kfake }

// put produces the batch asynchronously and flushes: it returns once every record is acknowledged.
func (k *kfakeSystem) put(ctx context.Context, batch []stream.PutRecordsEntry) error {
	promise := func(_ *kgo.Record, err error) {
		if err != nil {
			k.mu.Lock()
			if k.putErr == nil {
				k.putErr = err
			}
			k.mu.Unlock()
		}
	}
	for i := range batch {
		r := &k.recs[i]
		*r = kgo.Record{Key: []byte(batch[i].PartitionKey), Value: batch[i].Data}
		k.producer.Produce(ctx, r, promise)
	}
	if err := k.producer.Flush(ctx); err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	err := k.putErr
	k.putErr = nil
	return err
}

func (k *kfakeSystem) read(ctx context.Context, shard int, see func([]byte) bool) error {
	cl := k.consumers[shard]
	for {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return err
		}
		if fs.IsClientClosed() {
			return errors.New("kfake: consumer closed")
		}
		var err error
		fs.EachError(func(_ string, _ int32, e error) { err = errors.Join(err, e) })
		if err != nil {
			return err
		}
		for it := fs.RecordIter(); !it.Done(); {
			r := it.Next()
			if r.Partition != int32(shard) {
				return fmt.Errorf("kfake: consumer of partition %d got a record of partition %d", shard, r.Partition)
			}
			if !see(r.Value) {
				return nil
			}
		}
	}
}

func (k *kfakeSystem) close() {
	for _, c := range k.consumers {
		if c != nil {
			c.Close()
		}
	}
	if k.producer != nil {
		k.producer.Close()
	}
	k.cluster.Close()
}
