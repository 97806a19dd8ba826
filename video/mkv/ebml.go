package mkv

import (
	"errors"
	"fmt"
)

// Element IDs (RFC 8794 for the EBML header, RFC 9559 for Matroska), with their length markers.
const (
	IDEBML        uint32 = 0x1A45DFA3
	IDSegment     uint32 = 0x18538067
	IDSeekHead    uint32 = 0x114D9B74
	IDInfo        uint32 = 0x1549A966
	IDTracks      uint32 = 0x1654AE6B
	IDCluster     uint32 = 0x1F43B675
	IDCues        uint32 = 0x1C53BB6B
	IDTags        uint32 = 0x1254C367
	IDChapters    uint32 = 0x1043A770
	IDAttachments uint32 = 0x1941A469
	IDVoid        uint32 = 0xEC
	IDCRC32       uint32 = 0xBF

	IDTimecode      uint32 = 0xE7
	IDSimpleBlock   uint32 = 0xA3
	IDBlockGroup    uint32 = 0xA0
	IDBlock         uint32 = 0xA1
	IDBlockDuration uint32 = 0x9B
)

// unknownSize is the size value of an element whose size is not known (all ones in the size's bits).
const unknownSize = -1

// maxDepth bounds the nesting [checkTree] accepts, far more than Matroska's header elements use.
const maxDepth = 16

// ErrMalformed is wrapped by every error of malformed input: a bad EBML number, an element larger than its
// parent or than the limits, a missing element Matroska requires. ErrorID reports it as ErrorId 4006.
var ErrMalformed = errors.New("mkv: malformed Matroska input")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}

// readID decodes an element ID at the start of b: its value with its length marker, as IDs are written, and its
// length. n is 0 when b is too short and -1 when b does not start an ID.
func readID(b []byte) (id uint32, n int) {
	if len(b) == 0 {
		return 0, 0
	}
	c := b[0]
	switch {
	case c&0x80 != 0:
		n = 1
	case c&0x40 != 0:
		n = 2
	case c&0x20 != 0:
		n = 3
	case c&0x10 != 0:
		n = 4
	default:
		return 0, -1
	}
	if len(b) < n {
		return 0, 0
	}
	for i := range n {
		id = id<<8 | uint32(b[i])
	}
	return id, n
}

// readSize decodes an element data size at the start of b, returning unknownSize for the reserved all-ones
// value. n is 0 when b is too short and -1 when b does not start a size (a first byte of 0, or a value past 2⁵⁶).
func readSize(b []byte) (size int64, n int) {
	if len(b) == 0 {
		return 0, 0
	}
	c := b[0]
	if c == 0 {
		return 0, -1
	}
	n = 1
	for mask := byte(0x80); c&mask == 0; mask >>= 1 {
		n++
	}
	if len(b) < n {
		return 0, 0
	}
	v := uint64(c) & (0xFF >> n)
	all := v == 0xFF>>n
	for i := 1; i < n; i++ {
		v = v<<8 | uint64(b[i])
		all = all && b[i] == 0xFF
	}
	if all {
		return unknownSize, n
	}
	return int64(v), n
}

// AppendID appends an element ID (with its length marker) to b.
func AppendID(b []byte, id uint32) []byte {
	switch {
	case id >= 1<<24:
		return append(b, byte(id>>24), byte(id>>16), byte(id>>8), byte(id))
	case id >= 1<<16:
		return append(b, byte(id>>16), byte(id>>8), byte(id))
	case id >= 1<<8:
		return append(b, byte(id>>8), byte(id))
	}
	return append(b, byte(id))
}

// AppendSize appends an element data size in 8 bytes (the width that fits every size below 2⁵⁶ − 1), so that a
// writer can reserve it before it knows the size.
func AppendSize(b []byte, size uint64) []byte {
	return append(b, 0x01, byte(size>>48), byte(size>>40), byte(size>>32), byte(size>>24), byte(size>>16), byte(size>>8), byte(size))
}

// appendUint appends a whole unsigned-integer element.
func appendUint(b []byte, id uint32, v uint64) []byte {
	n := 1
	for x := v >> 8; x != 0; x >>= 8 {
		n++
	}
	b = AppendID(b, id)
	b = append(b, 0x80|byte(n))
	for i := n - 1; i >= 0; i-- {
		b = append(b, byte(v>>(8*i)))
	}
	return b
}

// readUint decodes the body of an unsigned-integer element (at most 8 bytes).
func readUint(b []byte) (uint64, bool) {
	if len(b) > 8 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v, true
}

// element is one element read from a byte slice: its ID, the offset of its body and the body's length.
type element struct {
	id         uint32
	start, end int // body bounds in the slice
}

// next reads the element at b[off:], which must lie wholly inside b (an unknown size is refused).
func next(b []byte, off int) (element, error) {
	id, n := readID(b[off:])
	if n <= 0 {
		return element{}, malformed("bad element ID at offset %d", off)
	}
	size, m := readSize(b[off+n:])
	if m <= 0 {
		return element{}, malformed("bad size of element %#x at offset %d", id, off)
	}
	start := off + n + m
	if size == unknownSize {
		return element{}, malformed("element %#x at offset %d has an unknown size inside a sized parent", id, off)
	}
	if size > int64(len(b)-start) {
		return element{}, malformed("element %#x at offset %d has %d bytes, more than its parent's %d left", id, off, size, len(b)-start)
	}
	return element{id: id, start: start, end: start + int(size)}, nil
}

// masters are the master elements of the header parts kinesim decodes: their children are checked by
// [checkTree] before the decoder sees them.
var masters = map[uint32]bool{
	IDEBML: true, IDInfo: true, IDTracks: true, IDTags: true,
	0xAE: true, 0xE0: true, 0xE1: true, 0x6D80: true, 0x6240: true, 0x5034: true, 0x5035: true, 0x7E5B: true, // TrackEntry, Video, Audio, ContentEncodings, ContentEncoding, compression, encryption, ContentEncAESSettings
	0x55B0: true, 0x55D0: true, 0xE2: true, 0xE3: true, 0xE4: true, 0xE9: true, 0xED: true, 0x55D6: true, // Colour, MasteringMetadata, TrackOperation, …
	0x7373: true, 0x63C0: true, 0x67C8: true, // Tag, Targets, SimpleTag
	0x6924: true, 0x69FC: true, 0x6624: true, // ChapterTranslate (Info), TrackTranslate
}

// checkTree checks that every element of b, and the children of the master elements among them, lies wholly in
// its parent: the decoder given b afterwards never sees a size it would have to trust.
func checkTree(b []byte, depth int) error {
	if depth > maxDepth {
		return malformed("elements nested deeper than %d", maxDepth)
	}
	for off := 0; off < len(b); {
		el, err := next(b, off)
		if err != nil {
			return err
		}
		if masters[el.id] {
			if err := checkTree(b[el.start:el.end], depth+1); err != nil {
				return err
			}
		}
		off = el.end
	}
	return nil
}
