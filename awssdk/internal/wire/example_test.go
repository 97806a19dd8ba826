package wire_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/awssdk/internal/wire"
)

type echoInput struct {
	Name string `json:"Name"`
}

type echoOutput struct {
	Greeting string `json:"Greeting"`
}

// A service of one operation, served over AWS JSON 1.1: its output, then its error.
func ExampleNewMux() {
	mux := wire.NewMux(&wire.Service{Target: "Echo_20260101", Ops: map[string]wire.Op{
		"Greet": wire.Unary(func(ctx context.Context, in *echoInput) (*echoOutput, error) {
			if in.Name == "" {
				return nil, apierr.InvalidArgument.New("Name is empty.")
			}
			return &echoOutput{Greeting: "hello " + in.Name}, nil
		}),
	}})
	for _, body := range []string{`{"Name":"kinesim"}`, `{}`} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("X-Amz-Target", "Echo_20260101.Greet")
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Get("X-Amzn-ErrorType"), w.Body.String())
	}
	// Output:
	// 200  {"Greeting":"hello kinesim"}
	// 400 InvalidArgumentException {"__type":"InvalidArgumentException","message":"Name is empty."}
}
