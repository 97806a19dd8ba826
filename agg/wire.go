package agg

import (
	"fmt"
	"strings"
)

// The protobuf wire format, as much of it as the aggregated record needs
// (https://protobuf.dev/programming-guides/encoding/). Field numbers of messages.proto:
//
//	AggregatedRecord: 1 partition_key_table (string), 2 explicit_hash_key_table (string), 3 records (Record)
//	Record:           1 partition_key_index (uint64), 2 explicit_hash_key_index (uint64), 3 data (bytes), 4 tags (Tag)
//	Tag:              1 key (string), 2 value (string)

// Wire types.
const (
	wireVarint     = 0
	wireFixed64    = 1
	wireBytes      = 2
	wireStartGroup = 3
	wireEndGroup   = 4
	wireFixed32    = 5
)

const (
	maxFieldNumber = 1<<29 - 1 // protobuf's largest field number
	maxGroupDepth  = 100       // protobuf's default recursion limit
)

// Tags (field number << 3 | wire type) that the encoder writes.
const (
	tagPartitionKey   = 1<<3 | wireBytes  // AggregatedRecord.partition_key_table
	tagExplicitHash   = 2<<3 | wireBytes  // AggregatedRecord.explicit_hash_key_table
	tagRecord         = 3<<3 | wireBytes  // AggregatedRecord.records
	tagPartitionIndex = 1<<3 | wireVarint // Record.partition_key_index
	tagExplicitIndex  = 2<<3 | wireVarint // Record.explicit_hash_key_index
	tagData           = 3<<3 | wireBytes  // Record.data
)

// varint reads a base-128 varint at the start of b and returns it and its length, or length 0 when b ends inside
// it or it runs past 10 bytes. As protobuf-java reads it, bits beyond the 64th of a 10th byte are dropped.
func varint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		c := b[i]
		v |= uint64(c&0x7f) << (7 * uint(i))
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// varintLen returns the length of v as a varint.
func varintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// appendVarint appends v as a varint.
func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// field is one field of a message: its number and wire type, and its value (varints) or payload (bytes).
type field struct {
	num     uint64
	typ     int
	v       uint64
	payload []byte
}

// nextField reads the field at the start of b and returns it and the bytes it takes, or ok=false when it is
// malformed. A group (wire type 3) is skipped whole; an end-group tag (wire type 4) is returned as a field of
// length its tag, for the caller to judge. Every length is checked against b before use, so a hostile length
// fails here without allocating.
func nextField(b []byte, depth int) (f field, n int, ok bool) {
	tag, n := varint(b)
	if n == 0 {
		return f, 0, false
	}
	f.num, f.typ = tag>>3, int(tag&7)
	if f.num == 0 || f.num > maxFieldNumber {
		return f, 0, false
	}
	switch f.typ {
	case wireVarint:
		v, m := varint(b[n:])
		if m == 0 {
			return f, 0, false
		}
		f.v = v
		n += m
	case wireFixed64, wireFixed32:
		w := 8
		if f.typ == wireFixed32 {
			w = 4
		}
		if len(b)-n < w {
			return f, 0, false
		}
		n += w
	case wireBytes:
		l, m := varint(b[n:])
		if m == 0 || l > uint64(len(b)-n-m) {
			return f, 0, false
		}
		n += m
		f.payload = b[n : n+int(l) : n+int(l)]
		n += int(l)
	case wireStartGroup:
		m, ok := skipGroup(b[n:], f.num, depth+1)
		if !ok {
			return f, 0, false
		}
		n += m
	case wireEndGroup:
	default:
		return f, 0, false
	}
	return f, n, true
}

// skipGroup returns the length of the rest of group num, up to and including its end-group tag.
func skipGroup(b []byte, num uint64, depth int) (int, bool) {
	if depth > maxGroupDepth {
		return 0, false
	}
	for i := 0; i < len(b); {
		f, n, ok := nextField(b[i:], depth)
		if !ok {
			return 0, false
		}
		i += n
		if f.typ == wireEndGroup {
			return i, f.num == num
		}
	}
	return 0, false
}

// subRecord is a parsed Record message, its key indexes not yet resolved.
type subRecord struct {
	pk, ehk uint64
	hasEHK  bool
	data    []byte
}

// parseRecord parses a Record message. As proto2 requires, partition_key_index and data must be present; the
// last occurrence of a field wins; a known field number with another wire type is an unknown field.
func parseRecord(b []byte) (r subRecord, ok bool) {
	var hasPK, hasData bool
	for i := 0; i < len(b); {
		f, n, ok := nextField(b[i:], 0)
		if !ok || f.typ == wireEndGroup {
			return r, false
		}
		i += n
		switch {
		case f.num == 1 && f.typ == wireVarint:
			r.pk, hasPK = f.v, true
		case f.num == 2 && f.typ == wireVarint:
			r.ehk, r.hasEHK = f.v, true
		case f.num == 3 && f.typ == wireBytes:
			r.data, hasData = f.payload, true
		case f.num == 4 && f.typ == wireBytes:
			if !validTag(f.payload) {
				return r, false
			}
		}
	}
	return r, hasPK && hasData
}

// validTag reports whether b is a Tag message with its required key.
func validTag(b []byte) bool {
	hasKey := false
	for i := 0; i < len(b); {
		f, n, ok := nextField(b[i:], 0)
		if !ok || f.typ == wireEndGroup {
			return false
		}
		i += n
		if f.num == 1 && f.typ == wireBytes {
			hasKey = true
		}
	}
	return hasKey
}

// message is an AggregatedRecord message that scan found well formed.
type message struct {
	body       []byte
	npk, nehk  int // entries of the key tables
	nrec       int // user records
	keyBytes   int // bytes of all keys of both tables
	pks, ehks  []string
	tablesRead bool
}

// scan checks the whole message and counts its tables and records, so that what is allocated next is sized by
// what the message holds, never by a length or count it declares.
func scan(body []byte) (m message, ok bool) {
	m.body = body
	for i := 0; i < len(body); {
		f, n, ok := nextField(body[i:], 0)
		if !ok || f.typ == wireEndGroup {
			return m, false
		}
		i += n
		if f.typ != wireBytes {
			continue
		}
		switch f.num {
		case 1:
			m.npk++
			m.keyBytes += len(f.payload)
		case 2:
			m.nehk++
			m.keyBytes += len(f.payload)
		case 3:
			if _, ok := parseRecord(f.payload); !ok {
				return m, false
			}
			m.nrec++
		}
	}
	return m, true
}

// readTables fills m.pks and m.ehks with substrings of one string holding every key: two allocations whatever
// the number of keys. The builder is grown to its final size first, so it never moves, and each String() is a
// prefix of the final string that later writes leave unchanged.
func (m *message) readTables() {
	m.tablesRead = true
	if m.npk+m.nehk == 0 {
		return
	}
	var sb strings.Builder
	sb.Grow(m.keyBytes)
	keys := make([]string, m.npk+m.nehk)
	m.pks, m.ehks = keys[:0:m.npk], keys[m.npk:m.npk]
	for i := 0; i < len(m.body); {
		f, n, _ := nextField(m.body[i:], 0) // scan checked the message
		i += n
		if f.typ != wireBytes || f.num != 1 && f.num != 2 {
			continue
		}
		off := sb.Len()
		sb.Write(f.payload)
		k := sb.String()[off:]
		if f.num == 1 {
			m.pks = append(m.pks, k)
		} else {
			m.ehks = append(m.ehks, k)
		}
	}
}

// cursor walks the user records of a scanned message.
type cursor struct {
	m   *message
	off int
	idx int
}

func (m *message) cursor() cursor {
	if !m.tablesRead {
		m.readTables()
	}
	return cursor{m: m}
}

// next returns the next user record with its keys resolved, and whether it had an explicit hash key index; more
// is false after the last one. It returns an error matching ErrKeyIndex when an index lies outside its table.
func (c *cursor) next() (r Record, hasEHK, more bool, err error) {
	body := c.m.body
	for c.off < len(body) {
		f, n, _ := nextField(body[c.off:], 0)
		c.off += n
		if f.num != 3 || f.typ != wireBytes {
			continue
		}
		sr, _ := parseRecord(f.payload)
		i := c.idx
		c.idx++
		// The KCL reads an index as a Java int ((int) of the uint64), so it would take one of 2^32 or more modulo
		// 2^32; the KPL never writes one, and here it lies outside the table.
		if sr.pk >= uint64(len(c.m.pks)) {
			return r, false, false, fmt.Errorf("%w: user record %d has partition key index %d, table has %d keys", ErrKeyIndex, i, sr.pk, len(c.m.pks))
		}
		r.PartitionKey = c.m.pks[sr.pk]
		if sr.hasEHK {
			if sr.ehk >= uint64(len(c.m.ehks)) {
				return r, false, false, fmt.Errorf("%w: user record %d has explicit hash key index %d, table has %d keys", ErrKeyIndex, i, sr.ehk, len(c.m.ehks))
			}
			r.ExplicitHashKey = c.m.ehks[sr.ehk]
		}
		r.Data = sr.data
		return r, sr.hasEHK, true, nil
	}
	return r, false, false, nil
}
