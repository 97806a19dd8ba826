package awssdk

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// InProcess returns a [Doer] that serves each request with h in process, as an http.Client would over a socket.
// The handler runs on a goroutine of its own with the request's context (cancelled when the response body is
// closed or the handler returns). The response is delivered when the handler returns, its body in memory; a
// handler that calls Flush (an event stream) delivers the response at its first Flush and its body streams from
// then on, each Write reaching the reader as it is made, until the handler returns or the body is closed.
//
// The Doer is safe for concurrent use. A handler panic becomes an error of Do (or of the body's Read).
func InProcess(h http.Handler) Doer { return inProcess{h} }

type inProcess struct{ h http.Handler }

func (c inProcess) Do(req *http.Request) (*http.Response, error) {
	if req == nil {
		return nil, fmt.Errorf("awssdk: nil *http.Request")
	}
	parent := req.Context()
	ctx, cancel := context.WithCancel(parent)
	r := req.WithContext(ctx)
	if r.Body == nil {
		r.Body = http.NoBody
	}
	if r.Proto == "" {
		r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/1.1", 1, 1
	}
	if r.Host == "" && r.URL != nil {
		r.Host = r.URL.Host
	}
	if r.RequestURI == "" && r.URL != nil {
		r.RequestURI = r.URL.RequestURI()
	}
	w := &responseWriter{header: make(http.Header), ready: make(chan struct{}), req: req, cancel: cancel}
	go w.serve(c.h, r)
	select {
	case <-w.ready:
	case <-parent.Done():
		cancel()
		return nil, parent.Err()
	}
	if w.panicked != nil {
		return nil, w.panicked
	}
	if err := parent.Err(); err != nil {
		// The call was cancelled while the handler answered (an engine call held by a control returns when its
		// context ends): the caller gets its context's error, as from net/http, not the answer to a cancelled call.
		if w.resp != nil && w.resp.Body != nil {
			_ = w.resp.Body.Close()
		}
		cancel()
		return nil, err
	}
	return w.resp, nil
}

// responseWriter collects a handler's response. Before ready is closed only the handler's goroutine touches it;
// after, the Doer's caller reads resp.
type responseWriter struct {
	header  http.Header
	status  int
	buf     bytes.Buffer
	req     *http.Request
	cancel  context.CancelFunc
	ready   chan struct{}
	resp    *http.Response
	pw      *io.PipeWriter // set once streaming
	started bool           // WriteHeader called

	panicked error
	once     sync.Once
}

func (w *responseWriter) serve(h http.Handler, r *http.Request) {
	defer w.cancel()
	defer func() {
		if p := recover(); p != nil {
			err := fmt.Errorf("awssdk: handler panic: %v", p)
			if w.pw != nil {
				w.pw.CloseWithError(err)
				return
			}
			w.panicked = err
			w.once.Do(func() { close(w.ready) })
			return
		}
		if w.pw != nil {
			w.pw.Close()
			return
		}
		w.deliver(io.NopCloser(bytes.NewReader(w.buf.Bytes())), int64(w.buf.Len()))
	}()
	h.ServeHTTP(w, r)
}

func (w *responseWriter) Header() http.Header { return w.header }

func (w *responseWriter) WriteHeader(status int) {
	if w.started {
		return
	}
	w.started, w.status = true, status
}

func (w *responseWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if w.pw != nil {
		return w.pw.Write(p)
	}
	return w.buf.Write(p)
}

// Flush switches the response to streaming: it is delivered now, with what was written so far, and later
// writes flow through a pipe to the body's reader.
func (w *responseWriter) Flush() {
	w.WriteHeader(http.StatusOK)
	if w.pw != nil {
		return
	}
	pr, pw := io.Pipe()
	w.pw = pw
	prefix := bytes.Clone(w.buf.Bytes())
	w.buf = bytes.Buffer{}
	w.deliver(&streamBody{Reader: io.MultiReader(bytes.NewReader(prefix), pr), pr: pr, cancel: w.cancel}, -1)
}

// deliver hands the response to Do.
func (w *responseWriter) deliver(body io.ReadCloser, length int64) {
	w.WriteHeader(http.StatusOK)
	h := w.header.Clone()
	if length >= 0 {
		h.Set("Content-Length", strconv.FormatInt(length, 10))
	}
	w.resp = &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          body,
		ContentLength: length,
		Request:       w.req,
	}
	w.once.Do(func() { close(w.ready) })
}

// streamBody is the body of a streamed response: closing it stops the handler (its context is cancelled).
type streamBody struct {
	io.Reader
	pr     *io.PipeReader
	cancel context.CancelFunc
}

func (b *streamBody) Close() error {
	b.cancel()
	return b.pr.Close()
}
