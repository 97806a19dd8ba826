package mkv

import (
	"bytes"

	"github.com/at-wat/ebml-go"
)

// MuxingApp is the MuxingApp and WritingApp of the Info kinesim writes.
const MuxingApp = "kinesim"

// NewHeader returns the header of a segment with the given TimecodeScale (0 means [DefaultTimecodeScale]) and
// tracks, its Tracks element encoded by ebml-go: what a producer writes before its clusters.
func NewHeader(scale uint64, tracks []Track) (*Header, error) {
	if scale == 0 {
		scale = DefaultTimecodeScale
	}
	if len(tracks) == 0 {
		return nil, malformed("a segment needs at least one track")
	}
	var d tracksDoc
	for _, t := range tracks {
		if t.Number == 0 {
			return nil, malformed("track number 0")
		}
		e := trackEntry{Name: t.Name, TrackNumber: t.Number, TrackUID: t.UID, CodecID: t.CodecID, CodecPrivate: t.CodecPrivate,
			TrackType: t.Type, DefaultDuration: t.DefaultDuration}
		if t.PixelWidth != 0 || t.PixelHeight != 0 {
			e.Video = &videoSettings{PixelWidth: t.PixelWidth, PixelHeight: t.PixelHeight}
		}
		d.Tracks.TrackEntry = append(d.Tracks.TrackEntry, e)
	}
	var buf bytes.Buffer
	if err := ebml.Marshal(&d, &buf); err != nil {
		return nil, malformed("encoding Tracks: %v", err)
	}
	h := &Header{DocType: "matroska", TimecodeScale: scale, Tracks: append([]Track(nil), tracks...), RawTracks: buf.Bytes()}
	h.start = h.buildStart()
	return h, nil
}

// AppendStart appends what opens a segment with this header: an EBML header, a Segment of unknown size (a live
// stream), an Info with the TimecodeScale, and the Tracks as read (or as [NewHeader] encoded them).
func (h *Header) AppendStart(dst []byte) []byte {
	if h.start != nil {
		return append(dst, h.start...)
	}
	return append(dst, h.buildStart()...)
}

func (h *Header) buildStart() []byte {
	b := append([]byte(nil), ebmlHeaderBytes...)
	b = AppendID(b, IDSegment)
	b = append(b, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
	var info []byte
	info = appendUint(info, 0x2AD7B1, h.TimecodeScale)
	info = appendString(info, 0x4D80, MuxingApp)
	info = appendString(info, 0x5741, MuxingApp)
	b = AppendID(b, IDInfo)
	b = AppendSize(b, uint64(len(info)))
	b = append(b, info...)
	return append(b, h.RawTracks...)
}

func appendString(b []byte, id uint32, s string) []byte {
	b = AppendID(b, id)
	b = AppendSize(b, uint64(len(s)))
	return append(b, s...)
}

// AppendCluster appends a Cluster of known size with the Timestamp timecode (ticks of the TimecodeScale)
// followed by body, the cluster's other children (as [Cluster.Body] holds them).
func AppendCluster(dst []byte, timecode uint64, body []byte) []byte {
	var tc [12]byte
	t := appendUint(tc[:0], IDTimecode, timecode)
	dst = AppendID(dst, IDCluster)
	dst = AppendSize(dst, uint64(len(t)+len(body)))
	dst = append(dst, t...)
	return append(dst, body...)
}

// AppendSimpleBlock appends a SimpleBlock of one frame of track at timecode (relative to its cluster).
func AppendSimpleBlock(dst []byte, track uint64, timecode int16, keyframe bool, frame []byte) []byte {
	dst = AppendID(dst, IDSimpleBlock)
	dst = AppendSize(dst, uint64(1+3+len(frame)))
	dst = append(dst, 0x80|byte(track&0x7F), byte(uint16(timecode)>>8), byte(timecode))
	flags := byte(0)
	if keyframe {
		flags = 0x80
	}
	dst = append(dst, flags)
	return append(dst, frame...)
}

// AppendChunk appends one chunk as GetMedia returns it: a segment of its own with the header, a Tags element of
// the tags before (the fragment's metadata), the cluster, and a Tags element of the tags after. An empty tag list
// writes no Tags element.
func AppendChunk(dst []byte, h *Header, before []SimpleTag, timecode uint64, body []byte, after []SimpleTag) []byte {
	dst = h.AppendStart(dst)
	if len(before) > 0 {
		dst = AppendTags(dst, before)
	}
	dst = AppendCluster(dst, timecode, body)
	if len(after) > 0 {
		dst = AppendTags(dst, after)
	}
	return dst
}

// AppendTagsSegment appends a segment of its own holding only a Tags element: the chunk GetMedia ends with when
// an error stops it (its AWS_KINESISVIDEO_ERROR_* tags), which has no Tracks and no Cluster.
func AppendTagsSegment(dst []byte, tags []SimpleTag) []byte {
	dst = append(dst, ebmlHeaderBytes...)
	dst = AppendID(dst, IDSegment)
	dst = append(dst, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
	return AppendTags(dst, tags)
}
