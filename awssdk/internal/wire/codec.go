package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// codec is one wire protocol's body format.
type codec interface {
	// decode parses a request body into v, a pointer to a wire struct; an empty body is an empty structure. Its
	// errors are *SerializationError.
	decode(body []byte, v any) error
	// encode serializes the output v, a pointer to a wire struct.
	encode(v any) ([]byte, error)
	// encodeError serializes an error body.
	encodeError(code, message string) []byte
}

// SerializationError is a request body the codec could not decode into the operation's input: AWS answers it
// with a SerializationException.
type SerializationError struct{ Err error }

func (e *SerializationError) Error() string { return e.Err.Error() }
func (e *SerializationError) Unwrap() error { return e.Err }

// jsonCodec is the body format of AWS JSON 1.0 and 1.1.
type jsonCodec struct{}

func (jsonCodec) decode(body []byte, v any) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil
	}
	if body[0] != '{' {
		return &SerializationError{fmt.Errorf("the request body is not a JSON object")}
	}
	if f, ok := v.(FastJSON); ok && f.DecodeJSONFast(body) {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return &SerializationError{jsonMessage(err)}
	}
	return nil
}

// FastJSON is an input that can decode the common form of its JSON faster than encoding/json. DecodeJSONFast
// returns true when it decoded body exactly as json.Unmarshal would; false (having changed nothing that
// json.Unmarshal does not overwrite) leaves the body to json.Unmarshal, for any form it does not handle.
type FastJSON interface {
	DecodeJSONFast(body []byte) bool
}

// jsonMessage rewords encoding/json's errors without Go type names.
func jsonMessage(err error) error {
	switch e := err.(type) {
	case *json.UnmarshalTypeError:
		if e.Field != "" {
			return fmt.Errorf("unexpected JSON %s for member %s", e.Value, e.Field)
		}
		return fmt.Errorf("unexpected JSON %s", e.Value)
	case *json.SyntaxError:
		return fmt.Errorf("malformed JSON at offset %d: %v", e.Offset, e)
	}
	return err
}

func (jsonCodec) encode(v any) ([]byte, error) {
	if a, ok := v.(JSONAppender); ok {
		return a.AppendJSON(nil), nil
	}
	return json.Marshal(v)
}

// JSONAppender is an output that encodes its JSON itself, faster than encoding/json: AppendJSON appends exactly
// the bytes json.Marshal would give (its implementations are tested against json.Marshal). The CBOR codec
// ignores it.
type JSONAppender interface {
	AppendJSON(b []byte) []byte
}

func (jsonCodec) encodeError(code, message string) []byte {
	b, _ := json.Marshal(errorBody{Type: code, Message: message})
	return b
}

// errorBody is the body of an error response in both protocols: AWS JSON reads __type (and the X-Amzn-ErrorType
// header), RPCv2 CBOR reads __type; both read message into the exception's Message.
type errorBody struct {
	Type    string `json:"__type"`
	Message string `json:"message,omitempty"`
}
