package awssdk_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/kinesim/kinesim/awssdk"
)

// A handler that flushes streams its response: Do returns at the first Flush, each later write reaches the
// reader as it is made, and closing the body cancels the handler's context (what SubscribeToShard's event
// stream needs from the in-process transport).
func TestInProcessStreamsAFlushedResponse(t *testing.T) {
	next := make(chan string)
	stopped := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		io.WriteString(w, "first\n")
		w.(http.Flusher).Flush()
		for {
			select {
			case line := <-next:
				io.WriteString(w, line+"\n")
			case <-r.Context().Done():
				stopped <- r.Context().Err()
				return
			}
		}
	})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://x/", nil)
	resp, err := awssdk.InProcess(h).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.ContentLength != -1 || resp.Header.Get("Content-Type") != "application/vnd.amazon.eventstream" {
		t.Fatalf("response %d, length %d, header %v", resp.StatusCode, resp.ContentLength, resp.Header)
	}
	br := bufio.NewReader(resp.Body)
	for _, want := range []string{"first", "second", "third"} {
		if want != "first" {
			next <- want
		}
		line, err := br.ReadString('\n')
		if err != nil || line != want+"\n" {
			t.Fatalf("read %q, %v; want %q", line, err, want)
		}
	}
	resp.Body.Close()
	if err := <-stopped; !errors.Is(err, context.Canceled) {
		t.Fatalf("handler stopped with %v", err)
	}
}

// A handler that does not flush is delivered whole when it returns, with its Content-Length; a handler panic is
// an error of Do, not of the caller's process.
func TestInProcessBuffersAndRecoversPanics(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/panic" {
			panic("boom")
		}
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "short and stout")
	})
	req, _ := http.NewRequest(http.MethodGet, "http://x/", nil)
	resp, err := awssdk.InProcess(h).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusTeapot || resp.ContentLength != 15 || string(body) != "short and stout" || resp.Request != req {
		t.Fatalf("response %d, length %d, body %q", resp.StatusCode, resp.ContentLength, body)
	}
	req, _ = http.NewRequest(http.MethodGet, "http://x/panic", nil)
	if _, err := awssdk.InProcess(h).Do(req); err == nil {
		t.Fatal("a handler panic was not an error")
	}
	if _, err := awssdk.InProcess(h).Do(nil); err == nil {
		t.Fatal("a nil request was not an error")
	}
}
