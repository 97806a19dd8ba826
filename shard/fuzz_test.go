package shard

import (
	"math/rand/v2"
	"testing"
	"time"
)

// FuzzLog reads its input as a program of operations on a Log (append, read, expire, trim, close, lookups by
// time and position) and runs it on the Log and on the plain-slice model of model_test.go. The invariants:
// the Log never panics; every read returns exactly the records the model says, with their data, keys,
// sequence numbers and arrival times; Len, Bytes, TrimHorizon, Next, LastArrival, Closed and
// EndingSequenceNumber agree with the model after every operation; the arena layout stays consistent
// (contiguous segments, every arena byte accounted for, nothing expired left unreleased); and records returned
// by earlier reads are unchanged at the end.
func FuzzLog(f *testing.F) {
	f.Add([]byte{0, 10, 0, 1, 5, 0, 1, 2, 3, 3, 0, 10, 20})
	f.Add([]byte{0, 255, 15, 0, 0, 0, 255, 15, 1, 0, 0, 255, 15, 2, 0, 3, 0, 3, 255, 4, 0, 3, 0, 5, 5})
	f.Add([]byte{6, 0, 0, 0, 0, 3, 0, 2, 100, 4, 1, 7, 3})
	f.Add([]byte{0x80, 1, 2, 3, 4, 0x80, 5, 6, 7, 8, 0x80, 9, 9, 9, 9, 3, 0, 50, 50, 7, 0, 4, 127})
	r := rand.New(rand.NewPCG(7, 7))
	for range 4 {
		b := make([]byte, 400)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, prog []byte) {
		if len(prog) > 4096 {
			prog = prog[:4096]
		}
		h := newHarness(t, Config{Index: 3, Epoch: 9})
		now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		arg := func() byte {
			if len(prog) == 0 {
				return 0
			}
			b := prog[0]
			prog = prog[1:]
			return b
		}
		readable := func(b byte) uint64 { // a position from two below the trim horizon to two past Next
			span := h.m.next() - h.m.trim + 5
			p := h.m.trim + uint64(b)%span
			if p < 2 {
				return 0
			}
			return p - 2
		}
		for len(prog) > 0 {
			op := arg()
			if op&0x80 != 0 { // a pause longer than a segment may span
				now = now.Add(30 * 24 * time.Hour)
			}
			switch op & 0x7f % 8 {
			case 0, 1, 2: // append: size, key, clock step in ms (may go back)
				size := int(arg())*16 + int(op%16)
				k := arg()
				key := fuzzKeys[int(k)%len(fuzzKeys)]
				if k >= 200 {
					key = string(rune('A'+k%26)) + string(make([]byte, int(k)*4)) // up to 1,020 bytes, distinct
				}
				now = now.Add(time.Duration(int8(arg())) * time.Millisecond)
				h.append(now, int(k)*37%(len(pool)-size), size, key)
			case 3: // read: position, record count, byte limit
				pos := readable(arg())
				maxRecords := int(arg()) - 5
				maxBytes := int64(arg())*64 - 100
				h.read(pos, maxRecords, maxBytes)
			case 4: // expire around the newest arrival
				base := now
				if len(h.m.recs) > 0 {
					base = msTime(h.m.recs[len(h.m.recs)-1].ms)
				}
				h.expire(base.Add(time.Duration(int8(arg())) * 10 * time.Millisecond))
			case 5: // trim to a position
				h.trimTo(readable(arg()))
			case 6:
				h.close(now)
			case 7: // lookups
				h.arrivalAt(readable(arg()))
				h.positionAtTime(now.Add(time.Duration(int8(arg())) * 5 * time.Millisecond))
			}
			h.check()
		}
		h.readAll()
		h.checkKept()
	})
}

var fuzzKeys = []string{"a", "b", "", "key-1", "日本語", "😀", "partition-key-with-a-longer-name-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}
