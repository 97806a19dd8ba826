package workload

import (
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/kinesim/kinesim/stream"
)

// natsStream is the JetStream stream the workload uses; its subjects are natsStream.<shard>.
const natsStream = "workload"

// natsInProcess selects how the clients reach the embedded server: in-process connections (nats.InProcessServer)
// rather than loopback TCP. Both moved the same ~90k records/s here; in-process is the embedded use.
const natsInProcess = true

// natsSystem is an embedded NATS server with JetStream and memory storage: one stream with [Shards] subjects,
// workload.0 … workload.7, so that each subject is an ordered "shard". The producer routes a partition key by MD5
// over the hash-key ranges of a Kinesis stream to its subject and publishes a batch with asynchronous publishes,
// then waits for every acknowledgement; one ordered consumer per subject (on its own connection) reads everything
// from the start.
type natsSystem struct {
	srv      *server.Server
	dir      string
	pubConn  *nats.Conn
	js       jetstream.JetStream
	subjects [Shards]string
	readers  [Shards]*nats.Conn

	mu     sync.Mutex
	putErr error // the first failed publish since the last put
}

func openNATS(ctx context.Context, shards int) (system, error) {
	if shards != Shards {
		return nil, fmt.Errorf("nats: the workload runs NATS with %d shards only", Shards)
	}
	dir, err := os.MkdirTemp("", "kinesim-bench-nats-")
	if err != nil {
		return nil, err
	}
	n := &natsSystem{dir: dir}
	n.srv, err = server.NewServer(&server.Options{
		ServerName: "workload",
		Host:       "127.0.0.1",
		Port:       server.RANDOM_PORT,
		JetStream:  true,
		StoreDir:   dir, // required by JetStream; the stream itself is in memory
		NoLog:      true,
		NoSigs:     true,
	})
	if err != nil {
		n.close()
		return nil, fmt.Errorf("nats: %w", err)
	}
	n.srv.Start()
	if !n.srv.ReadyForConnections(10 * time.Second) {
		n.close()
		return nil, errors.New("nats: server not ready in 10 s")
	}
	if n.pubConn, err = n.connect(); err != nil {
		n.close()
		return nil, err
	}
	n.js, err = jetstream.New(n.pubConn, jetstream.WithPublishAsyncErrHandler(func(_ jetstream.JetStream, _ *nats.Msg, err error) {
		n.mu.Lock()
		if n.putErr == nil {
			n.putErr = err
		}
		n.mu.Unlock()
	}), jetstream.WithPublishAsyncMaxPending(BatchSize))
	if err != nil {
		n.close()
		return nil, fmt.Errorf("nats: %w", err)
	}
	if _, err = n.js.CreateStream(ctx, jetstream.StreamConfig{
		Name:     natsStream,
		Subjects: []string{natsStream + ".*"},
		Storage:  jetstream.MemoryStorage,
	}); err != nil {
		n.close()
		return nil, fmt.Errorf("nats: CreateStream: %w", err)
	}
	for s := range Shards {
		n.subjects[s] = natsStream + "." + strconv.Itoa(s)
		if n.readers[s], err = n.connect(); err != nil {
			n.close()
			return nil, err
		}
	}
	return n, nil
}

// connect opens a client connection to the embedded server.
func (n *natsSystem) connect() (*nats.Conn, error) {
	var c *nats.Conn
	var err error
	if natsInProcess {
		c, err = nats.Connect("", nats.InProcessServer(n.srv))
	} else {
		c, err = nats.Connect(n.srv.ClientURL())
	}
	if err != nil {
		return nil, fmt.Errorf("nats: connect: %w", err)
	}
	return c, nil
}

func (*natsSystem) name() string { return NATS }

// put publishes the batch asynchronously and waits until every publish is acknowledged by the stream.
func (n *natsSystem) put(ctx context.Context, batch []stream.PutRecordsEntry) error {
	for i := range batch {
		subj := n.subjects[shardOf(mainRanges(), md5.Sum([]byte(batch[i].PartitionKey)))]
		if _, err := n.js.PublishMsgAsync(&nats.Msg{Subject: subj, Data: batch[i].Data}); err != nil {
			return err
		}
	}
	select {
	case <-n.js.PublishAsyncComplete():
	case <-ctx.Done():
		return ctx.Err()
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	err := n.putErr
	n.putErr = nil
	return err
}

func (n *natsSystem) read(ctx context.Context, shard int, see func([]byte) bool) error {
	js, err := jetstream.New(n.readers[shard])
	if err != nil {
		return err
	}
	cons, err := js.OrderedConsumer(ctx, natsStream, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{n.subjects[shard]},
		DeliverPolicy:  jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return fmt.Errorf("nats: OrderedConsumer: %w", err)
	}
	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("nats: Messages: %w", err)
	}
	defer it.Stop()
	defer context.AfterFunc(ctx, it.Stop)()
	for {
		msg, err := it.Next()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("nats: Next: %w", err)
		}
		if msg.Subject() != n.subjects[shard] {
			return fmt.Errorf("nats: consumer of %s got a message of %s", n.subjects[shard], msg.Subject())
		}
		if !see(msg.Data()) {
			return nil
		}
	}
}

func (n *natsSystem) close() {
	for _, c := range n.readers {
		if c != nil {
			c.Close()
		}
	}
	if n.pubConn != nil {
		n.pubConn.Close()
	}
	if n.srv != nil {
		n.srv.Shutdown()
		n.srv.WaitForShutdown()
	}
	_ = os.RemoveAll(n.dir)
}
