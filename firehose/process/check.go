package process

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Error codes and messages of processing failures, as Firehose writes them in the errorCode and errorMessage of
// a processing-failed error record and in its CloudWatch error logs (Firehose developer guide, "Monitoring with
// CloudWatch Logs", Lambda invocation errors). The first three are AWS's documented codes and wording;
// CodeProcessingFailedStatus and CodeFunctionError are the codes Firehose writes for a record the function marked
// ProcessingFailed and for an invocation that returned an error, as observed in delivered error records (AWS's
// page shows only placeholders); treat their messages as kinesim's.
const (
	CodeDuplicatedRecordId     = "Lambda.DuplicatedRecordId"
	MessageDuplicatedRecordId  = "Multiple records were returned with the same record ID. Ensure that the Lambda function returns unique record IDs for each record."
	CodeMissingRecordId        = "Lambda.MissingRecordId"
	MessageMissingRecordId     = "One or more record IDs were not returned. Ensure that the Lambda function returns all received record IDs."
	CodeJsonProcessing         = "Lambda.JsonProcessingException"
	MessageJsonProcessing      = "There was an error parsing returned records from the Lambda function. Ensure that the returned records follow the status model required by Kinesis Firehose."
	CodeProcessingFailedStatus = "Lambda.ProcessingFailedStatus"
	MessageProcessingFailed    = "ProcessingFailed status set for record"
	CodeFunctionError          = "Lambda.FunctionError"
	MessageFunctionError       = "The Lambda function was successfully invoked but it returned an error result."
)

// MaxResponseSize is the largest response a transformation may return: Lambda's 6 MB limit on the payload of a
// synchronous invocation (6,291,456 bytes, AWS Lambda quotas), measured as the JSON Firehose would receive
// ([ResponseSize]). A larger response fails the invocation, as Lambda fails it, and Firehose retries it.
const MaxResponseSize = 6 << 20

// BatchError is why a whole batch failed: the invocation failed on every attempt, or the response broke the
// status model. Code and Message are what the processing-failed error records carry.
type BatchError struct {
	Code    string
	Message string
	// Err is the transformer's error, when it returned one.
	Err error
}

func (e *BatchError) Error() string {
	if e.Err != nil {
		return "process: " + e.Code + ": " + e.Message + ": " + e.Err.Error()
	}
	return "process: " + e.Code + ": " + e.Message
}

func (e *BatchError) Unwrap() error { return e.Err }

// Outcome is what became of one record of a batch after its transformation.
type Outcome struct {
	// Record is the input record.
	Record Record
	// Result is Ok, Dropped or ProcessingFailed.
	Result Result
	// Data is the transformed payload of an Ok record, nil otherwise.
	Data []byte
	// PartitionKeys are the keys the transformation returned for an Ok record (partitionKeyFromLambda).
	PartitionKeys map[string]string
	// ErrorCode and ErrorMessage say why a ProcessingFailed record failed.
	ErrorCode, ErrorMessage string
}

// Check validates a transformation's response against its batch as Firehose does and returns one Outcome per
// record of batch, in batch's order. The response breaks the status model, and every record of the batch is
// ProcessingFailed with the returned *BatchError's code, when
//   - a record ID is returned twice (Lambda.DuplicatedRecordId);
//   - a record of the batch is not returned, or an ID that is not in the batch is returned: Firehose treats
//     "any mismatch between the ID of the original record and the ID of the transformed record" as a failure
//     (Lambda.MissingRecordId);
//   - a result is not Ok, Dropped or ProcessingFailed (Lambda.JsonProcessingException).
//
// Otherwise err is nil and each record has its result: Ok with its data and partition keys, Dropped, or
// ProcessingFailed (Lambda.ProcessingFailedStatus, the Response's ErrorMessage after AWS's message). Check does
// not check the response size ([Invoke] does).
func Check(batch []Record, resp []Response) ([]Outcome, error) {
	out := make([]Outcome, len(batch))
	for i := range batch {
		out[i].Record = batch[i]
	}
	index := make(map[string]int, len(batch))
	for i := range batch {
		index[batch[i].RecordId] = i
	}
	seen := make([]bool, len(batch))
	var berr *BatchError
	for j := range resp {
		r := &resp[j]
		i, ok := index[r.RecordId]
		switch {
		case !ok:
			berr = &BatchError{Code: CodeMissingRecordId, Message: MessageMissingRecordId}
		case seen[i]:
			berr = &BatchError{Code: CodeDuplicatedRecordId, Message: MessageDuplicatedRecordId}
		case !r.Result.Valid():
			berr = &BatchError{Code: CodeJsonProcessing, Message: MessageJsonProcessing}
		}
		if berr != nil {
			break
		}
		seen[i] = true
		o := &out[i]
		o.Result = r.Result
		switch r.Result {
		case Ok:
			o.Data = r.Data
			if o.Data == nil {
				o.Data = []byte{}
			}
			o.PartitionKeys = r.Metadata.PartitionKeys
		case ProcessingFailed:
			o.ErrorCode, o.ErrorMessage = CodeProcessingFailedStatus, MessageProcessingFailed
			if r.ErrorMessage != "" {
				o.ErrorMessage += ": " + r.ErrorMessage
			}
		}
	}
	if berr == nil {
		for i := range seen {
			if !seen[i] {
				berr = &BatchError{Code: CodeMissingRecordId, Message: MessageMissingRecordId}
				break
			}
		}
	}
	if berr != nil {
		failAll(out, berr)
		return out, berr
	}
	return out, nil
}

func failAll(out []Outcome, e *BatchError) {
	for i := range out {
		out[i] = Outcome{Record: out[i].Record, Result: ProcessingFailed, ErrorCode: e.Code, ErrorMessage: e.Message}
	}
}

// Invocation is the result of [Invoke]: an Outcome per record and how many invocations it took.
type Invocation struct {
	Outcomes []Outcome
	// AttemptsMade is the number of invocations made, 1 to 1+NumberOfRetries (the attemptsMade of the error
	// records).
	AttemptsMade int
	// Err is nil when a response was accepted, else the *BatchError that failed every record.
	Err error
}

// Invoke runs one transformation of req.Records with Firehose's failure handling (developer guide, "Handle
// failure in data transformation"): an invocation that returns an error, panics or returns more than
// [MaxResponseSize] bytes is retried up to numberOfRetries times (immediately: waiting between attempts is the
// caller's); when every attempt failed, or ctx is done, every record is ProcessingFailed with
// Lambda.FunctionError. A response is validated with [Check]. A nil ctx is context.Background().
func Invoke(ctx context.Context, t Transformer, req *Request, numberOfRetries int) Invocation {
	if ctx == nil {
		ctx = context.Background()
	}
	if req == nil {
		req = &Request{}
	}
	var last error
	attempts := 0
	for attempts <= numberOfRetries {
		attempts++
		resp, err := call(ctx, t, req)
		if err == nil {
			if n := ResponseSize(resp); n > MaxResponseSize {
				err = fmt.Errorf("response of %d bytes exceeds the %d-byte limit (Function.ResponseSizeTooLarge)", n, MaxResponseSize)
			}
		}
		if err == nil {
			out, cerr := Check(req.Records, resp)
			return Invocation{Outcomes: out, AttemptsMade: attempts, Err: cerr}
		}
		last = err
		if ctx.Err() != nil {
			break
		}
	}
	e := &BatchError{Code: CodeFunctionError, Message: MessageFunctionError, Err: last}
	out := make([]Outcome, len(req.Records))
	for i := range req.Records {
		out[i].Record = req.Records[i]
	}
	failAll(out, e)
	return Invocation{Outcomes: out, AttemptsMade: attempts, Err: e}
}

// errPanic reports a transformer that panicked, as Lambda reports a function that crashed.
var errPanic = errors.New("process: the transformer panicked")

func call(ctx context.Context, t Transformer, req *Request) (resp []Response, err error) {
	if t == nil {
		return nil, errors.New("process: no transformer")
	}
	defer func() {
		if p := recover(); p != nil {
			resp, err = nil, fmt.Errorf("%w: %v", errPanic, p)
		}
	}()
	return t.Transform(ctx, req)
}

// Failed returns the processing-failed error records of inv's ProcessingFailed outcomes, in batch order, as
// Firehose writes them under the error output prefix (processing-failed): attemptEndingTimestamp is now,
// lambdaArn is the function's ARN.
func (inv Invocation) Failed(lambdaArn string, now time.Time) []ProcessingFailedRecord {
	var out []ProcessingFailedRecord
	for i := range inv.Outcomes {
		o := &inv.Outcomes[i]
		if o.Result != ProcessingFailed {
			continue
		}
		out = append(out, ProcessingFailedRecord{
			AttemptsMade:           inv.AttemptsMade,
			ArrivalTimestamp:       o.Record.ApproximateArrivalTimestamp.UnixMilli(),
			ErrorCode:              o.ErrorCode,
			ErrorMessage:           o.ErrorMessage,
			AttemptEndingTimestamp: now.UnixMilli(),
			RawData:                o.Record.Data,
			LambdaArn:              lambdaArn,
		})
	}
	return out
}
