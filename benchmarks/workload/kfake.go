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
// topic of as many partitions as the stream has shards; one producer client whose partitioner routes a record's key (the partition key) by
// MD5 over the same hash-key ranges as a Kinesis stream, so partition i holds exactly what shard i would; one
// consumer client per partition, consuming it from the start.
type kfakeSystem struct {
	cluster   *kfake.Cluster
	producer  *kgo.Client
	consumers []*kgo.Client
	recs      sync.Pool // *[]kgo.Record: a batch's records, reused once Flush has returned
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

func openKfake(_ context.Context, shards int) (system, error) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(int32(shards), kfakeTopic))
	if err != nil {
		return nil, fmt.Errorf("kfake: %w", err)
	}
	k := &kfakeSystem{cluster: c, consumers: make([]*kgo.Client, shards)}
	k.recs.New = func() any { r := make([]kgo.Record, BatchSize); return &r }
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
	for s := range shards {
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

// put produces the batch asynchronously and flushes: it returns once every record is acknowledged. Producers may
// call it concurrently (Flush then waits for the other producers' records too).
func (k *kfakeSystem) put(ctx context.Context, batch []stream.PutRecordsEntry) error {
	var mu sync.Mutex
	var putErr error // the first failed produce of this batch
	promise := func(_ *kgo.Record, err error) {
		if err != nil {
			mu.Lock()
			if putErr == nil {
				putErr = err
			}
			mu.Unlock()
		}
	}
	recs := k.recs.Get().(*[]kgo.Record)
	defer k.recs.Put(recs)
	for i := range batch {
		r := &(*recs)[i]
		*r = kgo.Record{Key: []byte(batch[i].PartitionKey), Value: batch[i].Data}
		k.producer.Produce(ctx, r, promise)
	}
	if err := k.producer.Flush(ctx); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	return putErr
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
