// Package notify is the wake-up list of readers blocked until a writer appends: a reader registers a 1-buffered
// channel with [List.Add] under the owner's lock, releases the lock and waits on the channel; the writer calls
// [List.Signal] under the same lock after appending. No polling, and no allocation per wait: a reader reuses its
// channel ([NewWaker]) for every wait.
//
// # Usage
//
// The owner (a shard, a buffer) holds a List beside what it guards. A reader looks under the lock and, finding
// nothing, registers its waker before releasing the lock, so that an append between the unlock and the wait is not
// missed (the signal waits in the channel's buffer):
//
//	wake := notify.NewWaker() // once per reader
//	for {
//		mu.Lock()
//		if next < len(log) {
//			v := log[next]
//			mu.Unlock()
//			next++
//			use(v)
//			continue
//		}
//		waiters.Add(wake)
//		mu.Unlock()
//		select {
//		case <-wake: // look again; a stale signal costs one more look
//		case <-ctx.Done():
//			mu.Lock()
//			waiters.Remove(wake) // gave up: the list must not keep the channel
//			mu.Unlock()
//			return ctx.Err()
//		}
//	}
//
// The writer appends and signals under the same lock:
//
//	mu.Lock()
//	log = append(log, v)
//	waiters.Signal()
//	mu.Unlock()
package notify
