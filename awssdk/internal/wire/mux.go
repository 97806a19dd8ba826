package wire

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/kinesim/kinesim/apierr"
)

// MaxRequestBody is the largest request body a [Mux] reads for an operation carrying records ([Large]): a 10 MiB
// PutRecords request (the largest the API takes, with 10 MiB records) grows by a third in base64, plus its
// partition keys and JSON syntax. Other operations read up to [DefaultMaxBody]. A larger body is refused with
// HTTP 413 before it is read further, so a request costs at most this much memory plus its decoded input.
const MaxRequestBody = 16 << 20

// Mux serves services over AWS JSON 1.0/1.1 and Smithy RPCv2 CBOR. It picks the service by the prefix of the
// X-Amz-Target header (JSON) or by the /service/NAME/operation/OP path (RPCv2), decodes the body into the
// operation's input, and writes its output or its error.
//
// Errors are written as AWS writes them: status 400 for a client fault, 500 for a server fault; the body
// {"__type": CODE, "message": MESSAGE} and, for JSON, the X-Amzn-ErrorType header. An *apierr.Error keeps its
// Code and Message, so the SDKs build their own typed exceptions from it (types.ResourceNotFoundException …) and
// retry what they retry for AWS (throttling codes, 5xx). A body that does not decode is a SerializationException;
// an unknown service or operation an UnknownOperationException; any other error an InternalFailure (500).
// Nothing a client sends makes the Mux panic.
//
// A Mux is immutable and safe for concurrent use.
type Mux struct {
	services map[string]*Service
	ids      atomic.Uint64
}

// NewMux returns a Mux serving services; a later service with the same Target replaces an earlier one.
func NewMux(services ...*Service) *Mux {
	m := &Mux{services: make(map[string]*Service, len(services))}
	for _, s := range services {
		m.services[s.Target] = s
	}
	return m
}

// Error codes of requests that do not reach an operation.
const (
	CodeSerialization    = "SerializationException"
	CodeUnknownOperation = "UnknownOperationException"
	CodeInternalFailure  = "InternalFailure"
	CodeTooLarge         = "RequestEntityTooLargeException"
	CodeMethodNotAllowed = "MethodNotAllowedException"
)

// ServeHTTP serves one request.
func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Amzn-RequestId", m.requestID())
	c, contentType, op, err := m.route(r)
	if err != nil {
		writeError(w, c, contentType, err)
		return
	}
	body, err := readBody(r, op.maxBody())
	if err != nil {
		writeError(w, c, contentType, err)
		return
	}
	ctx := r.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	op.serve(ctx, &exchange{w: w, c: c, contentType: contentType}, body)
}

// exchange is the response side of one request.
type exchange struct {
	w           http.ResponseWriter
	c           codec
	contentType string
}

// ok writes a 200 response with body out.
func (x *exchange) ok(out []byte) {
	h := x.w.Header()
	h.Set("Content-Type", x.contentType)
	if _, isCBOR := x.c.(cborCodec); isCBOR {
		h.Set("Smithy-Protocol", "rpc-v2-cbor")
	}
	h.Set("Content-Length", strconv.Itoa(len(out)))
	x.w.WriteHeader(http.StatusOK)
	_, _ = x.w.Write(out)
}

// fail writes err as an error response.
func (x *exchange) fail(err error) { writeError(x.w, x.c, x.contentType, err) }

// requestError is an error of the request itself, with its status and code.
type requestError struct {
	status        int
	code, message string
}

func (e *requestError) Error() string { return e.code + ": " + e.message }

// route finds the protocol, service and operation of r.
func (m *Mux) route(r *http.Request) (c codec, contentType string, op Op, err error) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/service/"); ok || r.Header.Get("Smithy-Protocol") == "rpc-v2-cbor" {
		c, contentType = cborCodec{}, "application/cbor"
		if r.Method != http.MethodPost {
			return c, contentType, nil, &requestError{http.StatusMethodNotAllowed, CodeMethodNotAllowed, "RPCv2 requests are POST"}
		}
		svc, opName, ok := strings.Cut(rest, "/operation/")
		if !ok {
			return c, contentType, nil, &requestError{http.StatusNotFound, CodeUnknownOperation, "the path is not /service/NAME/operation/OPERATION"}
		}
		op, err = m.lookup(svc, opName)
		return c, contentType, op, err
	}
	c, contentType = jsonCodec{}, "application/x-amz-json-1.1"
	if mt, _, perr := mime.ParseMediaType(r.Header.Get("Content-Type")); perr == nil && mt == "application/x-amz-json-1.0" {
		contentType = mt
	} else if perr != nil || mt != "application/x-amz-json-1.1" {
		return c, contentType, nil, &requestError{http.StatusBadRequest, CodeSerialization,
			"the Content-Type is not application/x-amz-json-1.0 or application/x-amz-json-1.1"}
	}
	if r.Method != http.MethodPost {
		return c, contentType, nil, &requestError{http.StatusMethodNotAllowed, CodeMethodNotAllowed, "AWS JSON requests are POST"}
	}
	t := r.Header.Get("X-Amz-Target")
	i := strings.LastIndexByte(t, '.')
	if i < 0 {
		return c, contentType, nil, &requestError{http.StatusBadRequest, CodeUnknownOperation, "no X-Amz-Target of the form SERVICE.OPERATION"}
	}
	op, err = m.lookup(t[:i], t[i+1:])
	return c, contentType, op, err
}

func (m *Mux) lookup(service, op string) (Op, error) {
	s := m.services[service]
	if s == nil {
		return nil, &requestError{http.StatusBadRequest, CodeUnknownOperation, "unknown service " + strconv.Quote(service)}
	}
	o := s.Ops[op]
	if o == nil {
		return nil, &requestError{http.StatusBadRequest, CodeUnknownOperation, "unknown operation " + strconv.Quote(op) + " of " + service}
	}
	return o, nil
}

// readBody reads at most max bytes of r's body.
func readBody(r *http.Request, max int) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if r.ContentLength > int64(max) {
		return nil, tooLarge(max)
	}
	var buf []byte
	if r.ContentLength > 0 {
		buf = make([]byte, 0, r.ContentLength+1)
	}
	n := 0
	lr := io.LimitReader(r.Body, int64(max)+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		k, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		n += k
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &requestError{http.StatusBadRequest, CodeSerialization, "reading the request body: " + err.Error()}
		}
	}
	if n > max {
		return nil, tooLarge(max)
	}
	return buf, nil
}

func tooLarge(max int) error {
	return &requestError{http.StatusRequestEntityTooLarge, CodeTooLarge,
		"the request body is larger than " + strconv.Itoa(max) + " bytes"}
}

// writeError writes err as an AWS error response.
func writeError(w http.ResponseWriter, c codec, contentType string, err error) {
	status, code, message := classify(err)
	h := w.Header()
	h.Set("Content-Type", contentType)
	if _, isJSON := c.(jsonCodec); isJSON {
		h.Set("X-Amzn-ErrorType", code)
	} else {
		h.Set("Smithy-Protocol", "rpc-v2-cbor")
	}
	body := c.encodeError(code, message)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// classify returns the HTTP status, AWS error code and message of err.
func classify(err error) (status int, code, message string) {
	var re *requestError
	var se *SerializationError
	var ae *apierr.Error
	switch {
	case errors.As(err, &re):
		return re.status, re.code, re.message
	case errors.As(err, &se):
		return http.StatusBadRequest, CodeSerialization, se.Error()
	case errors.As(err, &ae):
		status = http.StatusBadRequest
		if ae.Fault == "server" {
			status = http.StatusInternalServerError
		}
		return status, ae.Code, ae.Message
	}
	return http.StatusInternalServerError, CodeInternalFailure, err.Error()
}

// requestID returns a fresh request id in the UUID layout AWS uses.
func (m *Mux) requestID() string {
	n := m.ids.Add(1)
	const hex = "0123456789abcdef"
	var b [36]byte
	copy(b[:], "00000000-0000-4000-8000-000000000000")
	for i := 35; n > 0 && i > 23; i-- {
		b[i] = hex[n&15]
		n >>= 4
	}
	return string(b[:])
}
