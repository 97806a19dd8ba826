package eventstream_test

import (
	"bytes"
	"fmt"

	"github.com/kinesim/kinesim/awssdk/internal/eventstream"
)

// An event message as SubscribeToShard streams it, encoded and decoded again: 12 bytes of prelude, 22 + 36
// of headers, 14 of payload and the 4-byte CRC.
func ExampleAppend() {
	b, err := eventstream.Append(nil, eventstream.Message{
		Headers: []eventstream.Header{{":message-type", "event"}, {":event-type", "SubscribeToShardEvent"}},
		Payload: []byte(`{"Records":[]}`),
	})
	if err != nil {
		panic(err)
	}
	m, err := eventstream.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		panic(err)
	}
	fmt.Println(len(b), m.Header(":event-type"), string(m.Payload))
	// Output: 88 SubscribeToShardEvent {"Records":[]}
}
