package process

import (
	"encoding/base64"
	"strconv"
)

// ProcessingFailedRecord is the error record Firehose writes for a record whose transformation failed, under
// the error output prefix with !{firehose:error-output-type} = "processing-failed" (developer guide, "Handle
// failure in data transformation"). The guide shows placeholders only; the JSON types here (numbers for the
// attempts and the epoch-millisecond timestamps, base64 for rawData) are those of records AWS delivers.
type ProcessingFailedRecord struct {
	// AttemptsMade is the number of invocation requests attempted.
	AttemptsMade int `json:"attemptsMade"`
	// ArrivalTimestamp is when Firehose received the record, in epoch milliseconds.
	ArrivalTimestamp int64 `json:"arrivalTimestamp"`
	// ErrorCode and ErrorMessage say why the record failed (Lambda.ProcessingFailedStatus, …).
	ErrorCode    string `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
	// AttemptEndingTimestamp is when Firehose stopped attempting invocations, in epoch milliseconds.
	AttemptEndingTimestamp int64 `json:"attemptEndingTimestamp"`
	// RawData is the untransformed record (base64 in the JSON).
	RawData []byte `json:"rawData"`
	// LambdaArn is the function's ARN. Empty (and left out of the JSON) for a record that failed without a
	// Lambda, such as a record whose dynamic-partitioning keys could not be extracted (package
	// firehose/partition): the service writes those in this format too.
	LambdaArn string `json:"lambdaArn,omitempty"`
}

// ErrorOutputType is the value of !{firehose:error-output-type} for processing failures.
const ErrorOutputType = "processing-failed"

// AppendJSON appends r as one line of JSON followed by "\n", the way records follow each other in an error
// object, and returns the extended buffer. It is encoding/json's encoding of r (fields in declaration order)
// without its HTML escaping.
func (r *ProcessingFailedRecord) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"attemptsMade":`...)
	dst = strconv.AppendInt(dst, int64(r.AttemptsMade), 10)
	dst = append(dst, `,"arrivalTimestamp":`...)
	dst = strconv.AppendInt(dst, r.ArrivalTimestamp, 10)
	dst = append(dst, `,"errorCode":`...)
	dst = appendString(dst, r.ErrorCode)
	dst = append(dst, `,"errorMessage":`...)
	dst = appendString(dst, r.ErrorMessage)
	dst = append(dst, `,"attemptEndingTimestamp":`...)
	dst = strconv.AppendInt(dst, r.AttemptEndingTimestamp, 10)
	dst = append(dst, `,"rawData":"`...)
	dst = base64.StdEncoding.AppendEncode(dst, r.RawData)
	dst = append(dst, '"')
	if r.LambdaArn != "" {
		dst = append(dst, `,"lambdaArn":`...)
		dst = appendString(dst, r.LambdaArn)
	}
	return append(dst, "}\n"...)
}
