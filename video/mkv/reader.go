package mkv

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
)

// Limits bounds what a [Reader] holds in memory for one element. A zero field takes its default.
type Limits struct {
	// MaxCluster is the greatest encoded cluster (fragment) accepted: a bigger one fails with [ErrClusterTooLarge]
	// before its bytes are read. The default is 50 MB, PutMedia's fragment limit.
	MaxCluster int64
	// MaxHeader is the greatest EBML header, Info, Tracks, Tags or other non-cluster element kept or skipped in
	// memory; the default is 1 MiB.
	MaxHeader int64
}

// DefaultMaxCluster is the default [Limits.MaxCluster]: 50 MB, the most a PutMedia fragment may hold (Kinesis Video
// Streams Developer Guide, PutMedia: "maximum fragment size 50 MB").
const DefaultMaxCluster = 50_000_000

// DefaultMaxHeader is the default [Limits.MaxHeader].
const DefaultMaxHeader = 1 << 20

// ErrClusterTooLarge is returned (wrapped) for a cluster larger than [Limits.MaxCluster].
var ErrClusterTooLarge = errors.New("mkv: cluster larger than the limit")

// Event is what [Reader.Next] read.
type Event int

const (
	// EventHeader: a segment began and declared its tracks ([Reader.Header]); its first cluster follows.
	EventHeader Event = iota + 1
	// EventCluster: a cluster began; [Reader.ReadCluster] reads it.
	EventCluster
	// EventTags: a Tags element of segment-wide simple tags was read ([Reader.Tags]).
	EventTags
)

// Reader reads Matroska from a stream: one or more segments (each after its own EBML header), as a producer
// sends them to PutMedia and as GetMedia returns its chunks. It holds at most one element in memory, bounded by
// its [Limits], and never trusts a size before checking it against them.
//
// A Reader is not safe for concurrent use.
type Reader struct {
	r      *bufio.Reader
	lim    Limits
	off    int64 // bytes consumed
	header *Header
	fresh  bool // a header was read that no EventHeader has reported yet
	tags   []SimpleTag
	segEnd int64 // offset where the current segment ends; -1 unknown; 0 no segment open

	building *Header // the header of the segment being read, until its Tracks
	docType  string

	// the pending cluster, after EventCluster
	clusterSize  int64 // body size, or unknownSize
	clusterStart int64 // offset of the cluster's ID
	inCluster    bool
}

// NewReader returns a reader of r.
func NewReader(r io.Reader, lim Limits) *Reader {
	if lim.MaxCluster <= 0 {
		lim.MaxCluster = DefaultMaxCluster
	}
	if lim.MaxHeader <= 0 {
		lim.MaxHeader = DefaultMaxHeader
	}
	return &Reader{r: bufio.NewReaderSize(r, 64<<10), lim: lim}
}

// Header returns the header of the current segment (nil before the first [EventHeader]).
func (r *Reader) Header() *Header { return r.header }

// Tags returns the simple tags of the last [EventTags].
func (r *Reader) Tags() []SimpleTag { return r.tags }

// Offset returns the number of bytes consumed.
func (r *Reader) Offset() int64 { return r.off }

// peekHead peeks an element's ID and size without consuming them; n is their encoded length. At the end of the
// input it returns io.EOF.
func (r *Reader) peekHead() (id uint32, size int64, n int, err error) {
	b, perr := r.r.Peek(12)
	if len(b) == 0 {
		if perr == nil || perr == io.EOF {
			return 0, 0, 0, io.EOF
		}
		return 0, 0, 0, perr
	}
	id, in := readID(b)
	if in < 0 {
		return 0, 0, 0, malformed("bad element ID at offset %d", r.off)
	}
	if in == 0 {
		return 0, 0, 0, r.short(perr)
	}
	size, sn := readSize(b[in:])
	if sn < 0 {
		return 0, 0, 0, malformed("bad size of element %#x at offset %d", id, r.off)
	}
	if sn == 0 {
		return 0, 0, 0, r.short(perr)
	}
	return id, size, in + sn, nil
}

func (r *Reader) short(err error) error {
	if err == nil || err == io.EOF {
		return fmt.Errorf("%w: input ends inside an element header at offset %d", io.ErrUnexpectedEOF, r.off)
	}
	return err
}

func (r *Reader) discard(n int64) error {
	for n > 0 {
		k := int(min(n, 1<<30))
		d, err := r.r.Discard(k)
		r.off += int64(d)
		n -= int64(d)
		if err != nil {
			return r.unexpected(err)
		}
	}
	return nil
}

func (r *Reader) unexpected(err error) error {
	if err == io.EOF {
		return fmt.Errorf("%w at offset %d", io.ErrUnexpectedEOF, r.off)
	}
	return err
}

// readWhole reads a whole element of known size (head n bytes, body size) into a new slice.
func (r *Reader) readWhole(id uint32, size int64, n int) ([]byte, error) {
	if size == unknownSize {
		return nil, malformed("element %#x at offset %d has an unknown size", id, r.off)
	}
	if size > r.lim.MaxHeader {
		return nil, malformed("element %#x at offset %d has %d bytes, more than the limit of %d", id, r.off, size, r.lim.MaxHeader)
	}
	b := make([]byte, int64(n)+size)
	k, err := io.ReadFull(r.r, b)
	r.off += int64(k)
	if err != nil {
		return nil, r.unexpected(err)
	}
	return b, nil
}

// inSegment reports whether the offset lies inside the open segment.
func (r *Reader) inSegment() bool { return r.segEnd < 0 || r.off < r.segEnd }

// Next reads up to the next event. It returns io.EOF at the end of the input between elements, and an error
// wrapping [ErrMalformed] (or io.ErrUnexpectedEOF, or the input's error) when the input cannot be read as
// Matroska. After EventCluster, call [Reader.ReadCluster] (or [Reader.SkipCluster]) before Next again.
func (r *Reader) Next() (Event, error) {
	if r.inCluster {
		if err := r.SkipCluster(); err != nil {
			return 0, err
		}
	}
	for {
		if r.segEnd != 0 && !r.inSegment() {
			r.segEnd = 0 // the segment ended; another may follow
		}
		id, size, n, err := r.peekHead()
		if err != nil {
			if err == io.EOF && r.header == nil && r.segEnd == 0 && r.off == 0 {
				return 0, io.EOF
			}
			return 0, err
		}
		if id == IDEBML {
			if err := r.readSegmentStart(); err != nil {
				return 0, err
			}
			continue
		}
		if r.segEnd == 0 {
			return 0, malformed("element %#x at offset %d is outside a segment", id, r.off)
		}
		if size != unknownSize && r.segEnd > 0 && r.off+int64(n)+size > r.segEnd {
			return 0, malformed("element %#x at offset %d runs past the end of its segment", id, r.off)
		}
		switch id {
		case IDCluster:
			if r.header == nil {
				return 0, malformed("a cluster at offset %d comes before the segment's Tracks", r.off)
			}
			if r.fresh {
				r.fresh = false
				return EventHeader, nil
			}
			if size != unknownSize && int64(n)+size > r.lim.MaxCluster {
				return 0, fmt.Errorf("%w: the cluster at offset %d has %d bytes, more than %d", ErrClusterTooLarge, r.off, int64(n)+size, r.lim.MaxCluster)
			}
			r.clusterStart = r.off
			r.off += int64(n)
			if _, err := r.r.Discard(n); err != nil {
				return 0, r.unexpected(err)
			}
			r.clusterSize, r.inCluster = size, true
			return EventCluster, nil
		case IDInfo, IDTracks, IDTags:
			el, err := r.readWhole(id, size, n)
			if err != nil {
				return 0, err
			}
			switch id {
			case IDInfo:
				scale, err := parseInfo(el)
				if err != nil {
					return 0, err
				}
				r.pending().TimecodeScale, r.pending().RawInfo = scale, el
			case IDTracks:
				tracks, err := parseTracks(el)
				if err != nil {
					return 0, err
				}
				h := r.pending()
				h.Tracks, h.RawTracks = tracks, el
				if h.TimecodeScale == 0 {
					h.TimecodeScale = DefaultTimecodeScale
				}
				h.start = h.buildStart()
				r.header, r.fresh, r.building = h, true, nil
			case IDTags:
				tags, err := parseTags(el)
				if err != nil {
					return 0, err
				}
				r.tags = tags
				return EventTags, nil
			}
		default: // SeekHead, Cues, Void, Chapters, Attachments, CRC-32, …: skipped
			if size == unknownSize {
				return 0, malformed("element %#x at offset %d has an unknown size", id, r.off)
			}
			if size > r.lim.MaxCluster {
				return 0, malformed("element %#x at offset %d has %d bytes, more than the limit of %d", id, r.off, size, r.lim.MaxCluster)
			}
			if err := r.discard(int64(n) + size); err != nil {
				return 0, err
			}
		}
	}
}

// pendingHeader is the header being assembled for the segment just opened.
func (r *Reader) pending() *Header {
	if r.building == nil {
		r.building = &Header{DocType: r.docType}
	}
	return r.building
}

// readSegmentStart reads an EBML header and the Segment element's head.
func (r *Reader) readSegmentStart() error {
	id, size, n, err := r.peekHead()
	if err != nil {
		return r.unexpected(err)
	}
	el, err := r.readWhole(id, size, n)
	if err != nil {
		return err
	}
	doc, err := parseEBMLHeader(el)
	if err != nil {
		return err
	}
	id, size, n, err = r.peekHead()
	if err != nil {
		return r.unexpected(err)
	}
	if id != IDSegment {
		return malformed("element %#x at offset %d follows the EBML header, not a Segment", id, r.off)
	}
	if _, err := r.r.Discard(n); err != nil {
		return r.unexpected(err)
	}
	r.off += int64(n)
	r.segEnd = -1
	if size != unknownSize {
		r.segEnd = r.off + size
	}
	r.docType, r.building = doc, &Header{DocType: doc}
	r.fresh = false
	return nil
}

// Cluster is one cluster read by [Reader.ReadCluster]: a fragment, in PutMedia's terms.
//
// A Cluster is not changed once returned and may be read from any goroutine.
type Cluster struct {
	// Timecode is the cluster's Timestamp, in ticks of the segment's TimecodeScale.
	Timecode uint64
	// Body is the cluster's children other than its Timestamp, as read: its blocks, block groups and the rest.
	Body []byte
	// Size is the cluster's encoded size as read, head included.
	Size int64
	// Frames counts the blocks (SimpleBlock or BlockGroup's Block), and FramesByTrack them per track number.
	Frames        int
	FramesByTrack map[uint64]int
	// FirstTime and LastTime are the least and greatest block timecodes relative to the cluster, in ticks;
	// LastDuration is the BlockDuration of the block at LastTime when it has one.
	FirstTime, LastTime int16
	LastDuration        uint64
	// Keyframe reports whether the first block is a key frame.
	Keyframe bool
}

// ReadCluster reads the cluster whose head [Reader.Next] reported with EventCluster. A cluster of unknown size
// ends where an element that cannot be its child begins (a Cluster, Tags, Cues, an EBML header, …) or at the end
// of the input or segment.
func (r *Reader) ReadCluster() (*Cluster, error) {
	if !r.inCluster {
		return nil, errors.New("mkv: ReadCluster without a cluster pending")
	}
	r.inCluster = false
	var raw []byte
	if r.clusterSize != unknownSize {
		raw = make([]byte, r.clusterSize)
		k, err := io.ReadFull(r.r, raw)
		r.off += int64(k)
		if err != nil {
			return nil, r.unexpected(err)
		}
	} else {
		for r.inSegment() {
			id, size, n, err := r.peekHead()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			if !clusterChild(id) {
				break
			}
			if size == unknownSize {
				return nil, malformed("element %#x at offset %d in a cluster has an unknown size", id, r.off)
			}
			total := r.off - r.clusterStart + int64(n) + size
			if total > r.lim.MaxCluster {
				return nil, fmt.Errorf("%w: the cluster at offset %d has more than %d bytes", ErrClusterTooLarge, r.clusterStart, r.lim.MaxCluster)
			}
			at := len(raw)
			raw = slices.Grow(raw, n+int(size))[:at+n+int(size)]
			k, err := io.ReadFull(r.r, raw[at:])
			r.off += int64(k)
			if err != nil {
				return nil, r.unexpected(err)
			}
		}
	}
	c, err := parseCluster(raw)
	if err != nil {
		return nil, err
	}
	c.Size = r.off - r.clusterStart
	for n := range c.FramesByTrack {
		if _, ok := r.header.Track(n); !ok {
			return c, fmt.Errorf("%w: a block of the cluster at offset %d names track %d, which Tracks does not declare", ErrUndeclaredTrack, r.clusterStart, n)
		}
	}
	return c, nil
}

// ErrUndeclaredTrack is returned (wrapped, with the cluster) for a cluster with a block of a track the segment's
// Tracks does not declare.
var ErrUndeclaredTrack = errors.New("mkv: block of an undeclared track")

// SkipCluster skips the pending cluster's body.
func (r *Reader) SkipCluster() error {
	_, err := r.ReadCluster()
	if errors.Is(err, ErrUndeclaredTrack) {
		return nil
	}
	return err
}

// clusterChild reports whether id may be a child of a Cluster.
func clusterChild(id uint32) bool {
	switch id {
	case IDTimecode, IDSimpleBlock, IDBlockGroup, 0xA7, 0xAB, 0x5854, IDVoid, IDCRC32, 0xAF: // Position, PrevSize, SilentTracks, EncryptedBlock
		return true
	}
	return false
}

// parseCluster walks a cluster body: its Timestamp, and the track, timecode and flags of each block.
func parseCluster(raw []byte) (*Cluster, error) {
	c := &Cluster{FramesByTrack: make(map[uint64]int, 2)}
	timecodeSeen := false
	body := raw[:0:0]
	keepFrom := 0
	for off := 0; off < len(raw); {
		el, err := next(raw, off)
		if err != nil {
			return nil, err
		}
		switch el.id {
		case IDTimecode:
			v, ok := readUint(raw[el.start:el.end])
			if !ok {
				return nil, malformed("cluster Timestamp of %d bytes", el.end-el.start)
			}
			c.Timecode, timecodeSeen = v, true
			body = append(body, raw[keepFrom:off]...)
			keepFrom = el.end
		case IDSimpleBlock:
			if err := c.block(raw[el.start:el.end], true, 0); err != nil {
				return nil, err
			}
		case IDBlockGroup:
			if err := c.blockGroup(raw[el.start:el.end]); err != nil {
				return nil, err
			}
		}
		off = el.end
	}
	if !timecodeSeen {
		return nil, malformed("a cluster has no Timestamp")
	}
	if keepFrom == 0 {
		c.Body = raw
	} else if len(body) == 0 {
		c.Body = raw[keepFrom:]
	} else {
		c.Body = append(body, raw[keepFrom:]...)
	}
	return c, nil
}

// blockHead decodes the head of a Block or SimpleBlock body: track number, relative timecode, flags.
func blockHead(b []byte) (track uint64, tc int16, flags byte, n int, err error) {
	size, m := readSize(b)
	if m <= 0 || size == unknownSize {
		return 0, 0, 0, 0, malformed("bad block track number")
	}
	if len(b) < m+3 {
		return 0, 0, 0, 0, malformed("block of %d bytes is too short", len(b))
	}
	return uint64(size), int16(uint16(b[m])<<8 | uint16(b[m+1])), b[m+2], m + 3, nil
}

func (c *Cluster) block(b []byte, simple bool, duration uint64) error {
	track, tc, flags, _, err := blockHead(b)
	if err != nil {
		return err
	}
	if c.Frames == 0 {
		c.FirstTime, c.LastTime = tc, tc
		c.Keyframe = simple && flags&0x80 != 0 || !simple && flags == 0xFF // BlockGroup key frames: set by blockGroup
	}
	c.FirstTime = min(c.FirstTime, tc)
	if tc >= c.LastTime {
		c.LastTime, c.LastDuration = tc, duration
	}
	c.Frames++
	c.FramesByTrack[track]++
	return nil
}

func (c *Cluster) blockGroup(b []byte) error {
	var block []byte
	var duration uint64
	reference := false
	for off := 0; off < len(b); {
		el, err := next(b, off)
		if err != nil {
			return err
		}
		switch el.id {
		case IDBlock:
			block = b[el.start:el.end]
		case IDBlockDuration:
			duration, _ = readUint(b[el.start:el.end])
		case 0xFB: // ReferenceBlock
			reference = true
		}
		off = el.end
	}
	if block == nil {
		return malformed("a BlockGroup has no Block")
	}
	first := c.Frames == 0
	if err := c.block(block, false, duration); err != nil {
		return err
	}
	if first {
		c.Keyframe = !reference
	}
	return nil
}

// Block is one block of a cluster: a frame (or, for a laced block, its frames together).
type Block struct {
	Track    uint64
	Timecode int16 // relative to the cluster, in ticks
	Keyframe bool
	Laced    bool   // Data holds several frames with their lacing head
	Data     []byte // the frame, aliasing the cluster's Body
}

// Blocks returns the cluster's blocks in order. Blocks that cannot be decoded end the sequence (ReadCluster has
// checked them all).
func (c *Cluster) Blocks() iter.Seq[Block] {
	return func(yield func(Block) bool) {
		walkBlocks(c.Body, yield)
	}
}

func walkBlocks(raw []byte, yield func(Block) bool) bool {
	for off := 0; off < len(raw); {
		el, err := next(raw, off)
		if err != nil {
			return false
		}
		switch el.id {
		case IDSimpleBlock, IDBlock:
			track, tc, flags, n, err := blockHead(raw[el.start:el.end])
			if err != nil {
				return false
			}
			b := Block{Track: track, Timecode: tc, Keyframe: el.id == IDSimpleBlock && flags&0x80 != 0, Laced: flags&0x06 != 0,
				Data: raw[el.start+n : el.end]}
			if !yield(b) {
				return false
			}
		case IDBlockGroup:
			if !walkBlocks(raw[el.start:el.end], yield) {
				return false
			}
		}
		off = el.end
	}
	return true
}

// PeekTimecode returns the Timestamp of the pending cluster when it is the cluster's first child, as producers
// write it, without consuming anything: what a service knows of a fragment when its first bytes arrive.
func (r *Reader) PeekTimecode() (uint64, bool) {
	if !r.inCluster {
		return 0, false
	}
	b, _ := r.r.Peek(16)
	id, n := readID(b)
	if n <= 0 || id != IDTimecode {
		return 0, false
	}
	size, m := readSize(b[n:])
	if m <= 0 || size < 0 || size > 8 || len(b) < n+m+int(size) {
		return 0, false
	}
	return readUint(b[n+m : n+m+int(size)])
}
