package fragment_test

import (
	"fmt"
	"time"

	"github.com/kinesim/kinesim/video/fragment"
)

// Fragments arrive, are found by server time, and expire with an hour's retention.
func Example() {
	x := fragment.New[string](7)
	for i := range 3 {
		x.Append(fragment.Fragment[string]{ServerTimestamp: t0.Add(time.Duration(i) * time.Minute), Duration: 2 * time.Second, Size: 100, Media: fmt.Sprint("cluster ", i)})
	}
	seq := x.SeekTime(fragment.ServerTime, t0.Add(time.Minute+time.Second))
	f, _ := x.Get(seq)
	fmt.Println(f.Media, len(x.Number(seq)), "digits")
	fmt.Println(x.Expire(t0.Add(time.Hour+time.Minute), time.Hour, 0), "expired,", x.Len(), "left,", x.Bytes(), "bytes")
	// Output:
	// cluster 1 47 digits
	// 2 expired, 1 left, 100 bytes
}
