package firehose

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// ObjectStore is an S3-like destination: it stores body under bucket and key. The engine calls it from its
// delivery goroutines, one call at a time per delivery stream and concurrently across streams. PutObject must
// return when ctx is done (an attempt past the engine's timeout is cancelled and retried). A store that writes
// an object and still returns an error, or that writes after ctx is done, causes a duplicate, as AWS's
// at-least-once delivery does.
type ObjectStore interface {
	PutObject(ctx context.Context, bucket, key string, body []byte) error
}

// ObjectStoreFunc adapts a function to [ObjectStore].
type ObjectStoreFunc func(ctx context.Context, bucket, key string, body []byte) error

// PutObject calls f.
func (f ObjectStoreFunc) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	return f(ctx, bucket, key, body)
}

// Object is a stored object.
type Object struct {
	Bucket, Key string
	Body        []byte
}

// ObjectCreated is the notification of a stored object, as S3 sends s3:ObjectCreated:Put events.
type ObjectCreated struct {
	Bucket, Key string
	Size        int
}

// MemoryStore is an in-memory [ObjectStore]: objects are kept until the store is dropped, listed in key order and
// read back. It is safe for concurrent use. The zero value is not usable: call [NewMemoryStore].
type MemoryStore struct {
	sendMu  sync.Mutex // serialises notifications (taken before mu), so subscribers see write order
	mu      sync.Mutex
	objects map[string]map[string][]byte // bucket → key → body
	subs    []chan ObjectCreated
	closed  bool
}

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{objects: make(map[string]map[string][]byte)}
}

// PutObject stores body (the store keeps body, which the engine does not touch again) and notifies subscribers.
// It fails only on a done ctx or a closed store.
func (m *MemoryStore) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	m.sendMu.Lock()
	defer m.sendMu.Unlock()
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return errStoreClosed
	}
	b := m.objects[bucket]
	if b == nil {
		b = make(map[string][]byte)
		m.objects[bucket] = b
	}
	b[key] = body
	subs := m.subs
	m.mu.Unlock()
	ev := ObjectCreated{Bucket: bucket, Key: key, Size: len(body)}
	for _, ch := range subs {
		ch <- ev // with m.mu free: readers of the store are not held up by a slow subscriber
	}
	return nil
}

var errStoreClosed = errors.New("firehose: memory store closed")

// Subscribe returns a channel of the store's object-created notifications, in write order, from now on. The
// channel has room for buffer notifications; a subscriber that falls further behind holds up writes (and so
// delivery), as a full event queue would. [MemoryStore.Close] closes every subscription's channel.
func (m *MemoryStore) Subscribe(buffer int) <-chan ObjectCreated {
	ch := make(chan ObjectCreated, max(buffer, 0))
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		close(ch)
		return ch
	}
	m.subs = append(m.subs, ch)
	return ch
}

// Close closes the subscriptions' channels; later writes fail. The objects stay readable. Close is idempotent.
// Close the engine writing to the store first.
func (m *MemoryStore) Close() error {
	m.sendMu.Lock()
	defer m.sendMu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.closed {
		m.closed = true
		for _, ch := range m.subs {
			close(ch)
		}
		m.subs = nil
	}
	return nil
}

// Keys returns the keys of the bucket's objects that begin with prefix, in order.
func (m *MemoryStore) Keys(bucket, prefix string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var keys []string
	for k := range m.objects[bucket] {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// Get returns an object's body and whether it exists.
func (m *MemoryStore) Get(bucket, key string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.objects[bucket][key]
	return b, ok
}

// Objects returns every object of the bucket, in key order.
func (m *MemoryStore) Objects(bucket string) []Object {
	keys := m.Keys(bucket, "")
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Object, 0, len(keys))
	for _, k := range keys {
		out = append(out, Object{Bucket: bucket, Key: k, Body: m.objects[bucket][k]})
	}
	return out
}

// DirStore is an [ObjectStore] on a local directory: an object is the file root/bucket/key (the key's "/" are
// directories), written to a temporary file and renamed, so a reader never sees half an object. Keys that would
// leave the bucket's directory are refused. It is safe for concurrent use.
type DirStore struct {
	root string
}

// NewDirStore returns a store writing under root (created when needed).
func NewDirStore(root string) *DirStore { return &DirStore{root: root} }

// Path returns the file an object is written to, and false for a bucket or key that would leave the root.
func (d *DirStore) Path(bucket, key string) (string, bool) {
	if !fs.ValidPath(bucket) || strings.Contains(bucket, "/") || !fs.ValidPath(key) {
		return "", false
	}
	return filepath.Join(d.root, bucket, filepath.FromSlash(key)), true
}

// PutObject writes the object's file.
func (d *DirStore) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	p, ok := d.Path(bucket, key)
	if !ok {
		return errors.New("firehose: object key " + key + " is not a valid path")
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(body); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), p)
}
