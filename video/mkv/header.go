package mkv

import (
	"bytes"
	"fmt"

	"github.com/at-wat/ebml-go"
)

// DefaultTimecodeScale is the TimecodeScale of a segment whose Info does not set it: 1,000,000 ns, so that one
// timecode tick is one millisecond (RFC 9559, TimestampScale).
const DefaultTimecodeScale = 1_000_000

// Track is one TrackEntry of a segment's Tracks, the settings kinesim reads.
type Track struct {
	Number          uint64 // TrackNumber, as blocks name the track
	UID             uint64 // TrackUID
	Type            uint64 // TrackType: 1 video, 2 audio, 17 subtitle, …
	CodecID         string // e.g. "V_MPEG4/ISO/AVC", "V_UNCOMPRESSED", "A_AAC"
	CodecPrivate    []byte
	DefaultDuration uint64 // ns per frame, 0 when not set
	Name            string
	PixelWidth      uint64 // video tracks
	PixelHeight     uint64
}

// Header is what a segment declares before its clusters: the EBML DocType, Info and Tracks. Info and Tracks hold
// the elements exactly as they were read (ID and size included), for writers that repeat them.
//
// A Header is not changed once [Reader] returns it and may be read from any goroutine.
type Header struct {
	DocType       string
	TimecodeScale uint64 // ns per tick
	Tracks        []Track
	RawInfo       []byte // the Info element, or nil if the segment had none
	RawTracks     []byte // the Tracks element

	start []byte // AppendStart's bytes, built once
}

// Track returns the track numbered n.
func (h *Header) Track(n uint64) (Track, bool) {
	for _, t := range h.Tracks {
		if t.Number == n {
			return t, true
		}
	}
	return Track{}, false
}

// SameTracks reports whether h and o declare the same tracks with the same settings (numbers, codecs, codec
// private data, types).
func (h *Header) SameTracks(o *Header) bool {
	if len(h.Tracks) != len(o.Tracks) || h.TimecodeScale != o.TimecodeScale {
		return false
	}
	for i, t := range h.Tracks {
		u := o.Tracks[i]
		if t.Number != u.Number || t.Type != u.Type || t.CodecID != u.CodecID || !bytes.Equal(t.CodecPrivate, u.CodecPrivate) ||
			t.PixelWidth != u.PixelWidth || t.PixelHeight != u.PixelHeight {
			return false
		}
	}
	return true
}

// The structures ebml-go decodes the header elements into (and encodes the EBML header and Tags from).
type (
	ebmlHeader struct {
		EBMLVersion        uint64 `ebml:"EBMLVersion"`
		EBMLReadVersion    uint64 `ebml:"EBMLReadVersion"`
		EBMLMaxIDLength    uint64 `ebml:"EBMLMaxIDLength"`
		EBMLMaxSizeLength  uint64 `ebml:"EBMLMaxSizeLength"`
		DocType            string `ebml:"EBMLDocType"`
		DocTypeVersion     uint64 `ebml:"EBMLDocTypeVersion"`
		DocTypeReadVersion uint64 `ebml:"EBMLDocTypeReadVersion"`
	}
	ebmlHeaderDoc struct {
		Header ebmlHeader `ebml:"EBML"`
	}
	infoDoc struct {
		Info struct {
			TimecodeScale uint64 `ebml:"TimecodeScale"`
		} `ebml:"Info"`
	}
	videoSettings struct {
		PixelWidth  uint64 `ebml:"PixelWidth"`
		PixelHeight uint64 `ebml:"PixelHeight"`
	}
	trackEntry struct {
		Name            string         `ebml:"Name"`
		TrackNumber     uint64         `ebml:"TrackNumber"`
		TrackUID        uint64         `ebml:"TrackUID"`
		CodecID         string         `ebml:"CodecID"`
		CodecPrivate    []byte         `ebml:"CodecPrivate"`
		TrackType       uint64         `ebml:"TrackType"`
		DefaultDuration uint64         `ebml:"DefaultDuration"`
		Video           *videoSettings `ebml:"Video"`
	}
	tracksDoc struct {
		Tracks struct {
			TrackEntry []trackEntry `ebml:"TrackEntry"`
		} `ebml:"Tracks"`
	}
	simpleTag struct {
		TagName   string `ebml:"TagName"`
		TagString string `ebml:"TagString"`
	}
	tag struct {
		Targets   struct{}    `ebml:"Targets"`
		SimpleTag []simpleTag `ebml:"SimpleTag"`
	}
	tagsBody struct {
		Tag []tag `ebml:"Tag"`
	}
	tagsDoc struct {
		Tags tagsBody `ebml:"Tags"`
	}
	// tagReadDoc reads Targets as whatever they hold, so tags aimed at a track or chapter are told apart.
	tagReadDoc struct {
		Tags struct {
			Tag []struct {
				Targets struct {
					TargetTypeValue uint64   `ebml:"TargetTypeValue"`
					TagTrackUID     []uint64 `ebml:"TagTrackUID"`
				} `ebml:"Targets"`
				SimpleTag []simpleTag `ebml:"SimpleTag"`
			} `ebml:"Tag"`
		} `ebml:"Tags"`
	}
)

// decode checks el's tree and decodes it with ebml-go into v; the leaf size limit is the element's own size,
// so no size inside it is trusted beyond what was read.
func decode(el []byte, v any) error {
	id, n := readID(el)
	if n <= 0 {
		return malformed("bad element ID")
	}
	if err := checkTree(el, 0); err != nil {
		return err
	}
	if err := ebml.Unmarshal(bytes.NewReader(el), v, ebml.WithIgnoreUnknown(true), ebml.WithMaxLeafElementSize(uint64(len(el)))); err != nil {
		return malformed("element %#x: %v", id, err)
	}
	return nil
}

func parseEBMLHeader(el []byte) (string, error) {
	var d ebmlHeaderDoc
	if err := decode(el, &d); err != nil {
		return "", err
	}
	switch d.Header.DocType {
	case "matroska", "webm":
		return d.Header.DocType, nil
	}
	return "", malformed("DocType %q is not matroska or webm", d.Header.DocType)
}

func parseInfo(el []byte) (uint64, error) {
	var d infoDoc
	if err := decode(el, &d); err != nil {
		return 0, err
	}
	if d.Info.TimecodeScale == 0 {
		return DefaultTimecodeScale, nil
	}
	return d.Info.TimecodeScale, nil
}

func parseTracks(el []byte) ([]Track, error) {
	var d tracksDoc
	if err := decode(el, &d); err != nil {
		return nil, err
	}
	out := make([]Track, 0, len(d.Tracks.TrackEntry))
	for _, e := range d.Tracks.TrackEntry {
		if e.TrackNumber == 0 {
			return nil, malformed("a TrackEntry has no TrackNumber")
		}
		t := Track{Number: e.TrackNumber, UID: e.TrackUID, Type: e.TrackType, CodecID: e.CodecID,
			CodecPrivate: e.CodecPrivate, DefaultDuration: e.DefaultDuration, Name: e.Name}
		if e.Video != nil {
			t.PixelWidth, t.PixelHeight = e.Video.PixelWidth, e.Video.PixelHeight
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, malformed("Tracks declares no track")
	}
	return out, nil
}

// SimpleTag is one name and string value of a Tags element.
type SimpleTag struct {
	Name, Value string
}

// parseTags returns the simple tags of a Tags element that target the whole segment (no track, chapter or
// attachment UID: the tags a producer attaches to its fragments, and AWS's own).
func parseTags(el []byte) ([]SimpleTag, error) {
	var d tagReadDoc
	if err := decode(el, &d); err != nil {
		return nil, err
	}
	var out []SimpleTag
	for _, t := range d.Tags.Tag {
		if len(t.Targets.TagTrackUID) != 0 {
			continue
		}
		for _, s := range t.SimpleTag {
			out = append(out, SimpleTag{Name: s.TagName, Value: s.TagString})
		}
	}
	return out, nil
}

// AppendTags appends a Tags element holding one Tag, with empty Targets (the segment), of the given simple tags,
// encoded by ebml-go.
func AppendTags(dst []byte, tags []SimpleTag) []byte {
	t := tag{SimpleTag: make([]simpleTag, len(tags))}
	for i, s := range tags {
		t.SimpleTag[i] = simpleTag{TagName: s.Name, TagString: s.Value}
	}
	buf := bytes.NewBuffer(dst)
	if err := ebml.Marshal(&tagsDoc{Tags: tagsBody{Tag: []tag{t}}}, buf); err != nil {
		panic(fmt.Sprintf("mkv: ebml-go cannot encode a Tags element: %v", err)) // fixed types: cannot happen
	}
	return buf.Bytes()
}

// ebmlHeaderBytes is the EBML header of every segment kinesim writes: EBML version 1, DocType matroska version 4,
// read version 2, encoded once by ebml-go.
var ebmlHeaderBytes = func() []byte {
	var buf bytes.Buffer
	h := ebmlHeaderDoc{Header: ebmlHeader{EBMLVersion: 1, EBMLReadVersion: 1, EBMLMaxIDLength: 4, EBMLMaxSizeLength: 8,
		DocType: "matroska", DocTypeVersion: 4, DocTypeReadVersion: 2}}
	if err := ebml.Marshal(&h, &buf); err != nil {
		panic(fmt.Sprintf("mkv: ebml-go cannot encode the EBML header: %v", err))
	}
	return buf.Bytes()
}()
