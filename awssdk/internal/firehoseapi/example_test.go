package firehoseapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/kinesim/kinesim"
	"github.com/kinesim/kinesim/awssdk/internal/firehoseapi"
	"github.com/kinesim/kinesim/awssdk/internal/wire"
)

// The Firehose service of an engine, called with the JSON the SDK sends: a delivery stream is created, listed,
// and a member kinesim does not implement is refused by name.
func ExampleService() {
	acct := kinesim.New()
	defer acct.Close()
	mux := wire.NewMux(firehoseapi.Service(acct.Firehose()))
	for _, call := range []struct{ op, body string }{
		{"CreateDeliveryStream", `{"DeliveryStreamName":"orders","ExtendedS3DestinationConfiguration":{"BucketARN":"arn:aws:s3:::b","RoleARN":"arn:aws:iam::000000000000:role/r"}}`},
		{"ListDeliveryStreams", `{}`},
		{"CreateDeliveryStream", `{"DeliveryStreamName":"snow","SnowflakeDestinationConfiguration":{"AccountUrl":"https://x.snowflakecomputing.com"}}`},
	} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(call.body))
		r.Header.Set("X-Amz-Target", firehoseapi.Target+"."+call.op)
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Println(call.op, w.Code, w.Body.String())
	}
	// Output:
	// CreateDeliveryStream 200 {"DeliveryStreamARN":"arn:aws:firehose:us-east-1:000000000000:deliverystream/orders"}
	// ListDeliveryStreams 200 {"DeliveryStreamNames":["orders"],"HasMoreDeliveryStreams":false}
	// CreateDeliveryStream 400 {"__type":"InvalidArgumentException","message":"SnowflakeDestinationConfiguration is not supported by kinesim yet."}
}
