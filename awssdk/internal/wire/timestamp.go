package wire

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"time"
)

// Timestamp is a point in time on the wire: epoch seconds as a JSON number with millisecond precision (the
// AWS JSON protocols' default timestamp format, what the SDKs' serializers write and their deserializers read),
// and a tag-1 epoch value in CBOR. The zero Timestamp is absent (use the omitzero tag).
type Timestamp struct{ time.Time }

// At returns t as a Timestamp; a zero t gives the zero Timestamp.
func At(t time.Time) Timestamp { return Timestamp{t} }

// MarshalJSON writes epoch seconds, with up to three decimals.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	return t.AppendEpoch(nil), nil
}

// AppendEpoch appends t as decimal epoch seconds with up to three decimals.
func (t Timestamp) AppendEpoch(b []byte) []byte {
	ms := t.UnixMilli()
	if ms%1000 == 0 {
		return strconv.AppendInt(b, ms/1000, 10)
	}
	return strconv.AppendFloat(b, float64(ms)/1000, 'f', -1, 64)
}

// errBadTimestamp is the error of a timestamp that is not a finite number of epoch seconds.
var errBadTimestamp = errors.New("timestamp is not a number of epoch seconds")

// UnmarshalJSON reads epoch seconds (an integer or a fraction); null leaves t unchanged.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errBadTimestamp
	}
	f, err := n.Float64()
	if err != nil {
		return errBadTimestamp
	}
	return t.setEpoch(f)
}

// setEpoch sets t from epoch seconds, rounded to the millisecond.
func (t *Timestamp) setEpoch(f float64) error {
	// ±1e11 s is ±3,000 years around 1970: beyond any timestamp AWS takes, and safe to convert to milliseconds.
	if math.IsNaN(f) || f > 1e11 || f < -1e11 {
		return errBadTimestamp
	}
	t.Time = time.UnixMilli(int64(math.Round(f * 1000))).UTC()
	return nil
}
