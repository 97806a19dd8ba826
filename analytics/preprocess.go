package analytics

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/control"
	"github.com/kinesim/kinesim/record"
)

// The operations of preprocess.go, for test controls.
const (
	OpAddApplicationInputProcessingConfiguration    control.Op = "kinesisanalytics:AddApplicationInputProcessingConfiguration"
	OpDeleteApplicationInputProcessingConfiguration control.Op = "kinesisanalytics:DeleteApplicationInputProcessingConfiguration"
)

// AddApplicationInputProcessingConfigurationInput gives the input InputId a preprocessing function (API reference,
// AddApplicationInputProcessingConfiguration).
type AddApplicationInputProcessingConfigurationInput struct {
	ApplicationName              string
	CurrentApplicationVersionId  int64
	InputId                      string
	InputProcessingConfiguration InputProcessingConfiguration
}

// DeleteApplicationInputProcessingConfigurationInput removes the preprocessing function of the input InputId (API
// reference, DeleteApplicationInputProcessingConfiguration).
type DeleteApplicationInputProcessingConfigurationInput struct {
	ApplicationName             string
	CurrentApplicationVersionId int64
	InputId                     string
}

// InputLambdaProcessorUpdate changes an input's preprocessing function: a non-empty ResourceARNUpdate or
// RoleARNUpdate replaces that member (API reference, InputLambdaProcessorUpdate).
type InputLambdaProcessorUpdate struct{ ResourceARNUpdate, RoleARNUpdate string }

// InputProcessingConfigurationUpdate changes an input's processing configuration (API reference,
// InputProcessingConfigurationUpdate: its InputLambdaProcessorUpdate is required).
type InputProcessingConfigurationUpdate struct{ InputLambdaProcessorUpdate *InputLambdaProcessorUpdate }

// InputUpdate changes the input InputId (API reference, InputUpdate). Of its members kinesim implements
// InputProcessingConfigurationUpdate.
type InputUpdate struct {
	InputId                            string
	InputProcessingConfigurationUpdate *InputProcessingConfigurationUpdate
}

// checkProcessing refuses a processing configuration without a Lambda processor or its two ARNs (API reference,
// InputProcessingConfiguration, InputLambdaProcessor: required, 1 to 2048 characters). nil is no configuration.
func checkProcessing(c *InputProcessingConfiguration) error {
	if c == nil {
		return nil
	}
	p := c.InputLambdaProcessor
	switch {
	case p == nil:
		return apierr.InvalidArgument.New("An InputProcessingConfiguration needs an InputLambdaProcessor.")
	case p.ResourceARN == "" || p.RoleARN == "":
		return apierr.InvalidArgument.New("An InputLambdaProcessor needs a ResourceARN and a RoleARN.")
	case len(p.ResourceARN) > 2048 || len(p.RoleARN) > 2048:
		return apierr.InvalidArgument.New("An InputLambdaProcessor's ARNs must be at most 2048 characters.")
	}
	return nil
}

// inputIndex is the index in c.Inputs of the input id ("1.1" for the first), or a ResourceNotFound.
func inputIndex(name string, c *CreateApplicationInput, inputID string) (int, error) {
	for i := range c.Inputs {
		if id(i+1) == inputID {
			return i, nil
		}
	}
	return -1, apierr.ResourceNotFound.New("Application %s has no input with id %s.", name, inputID)
}

// AddApplicationInputProcessingConfiguration gives an input a Lambda function that preprocesses its records before
// its schema maps them (developer guide, lambda-preprocessing; see PreprocessingRequest), with the next version. A
// RUNNING application is restarted with the function, as AddApplicationInput restarts it (its inputs resume where
// they stopped reading).
//
// Errors: InvalidArgument (an InputId that is not an id, a configuration without its InputLambdaProcessor and
// ARNs, or an input that already has one: UpdateApplication's InputProcessingConfigurationUpdate changes it; AWS
// documents no error for this case), ResourceNotFound (no such application, or no input InputId),
// ConcurrentModification (CurrentApplicationVersionId is not the application's), ResourceInUse (the application is
// STARTING, STOPPING or DELETING).
func (e *Engine) AddApplicationInputProcessingConfiguration(ctx context.Context, in AddApplicationInputProcessingConfigurationInput) error {
	if err := begin(e, ctx, OpAddApplicationInputProcessingConfiguration, &in); err != nil {
		return err
	}
	if err := checkID("InputId", in.InputId); err != nil {
		return err
	}
	if err := checkProcessing(&in.InputProcessingConfiguration); err != nil {
		return err
	}
	return e.reconfigure(in.ApplicationName, in.CurrentApplicationVersionId, func(c *CreateApplicationInput, d *ids) error {
		i, err := inputIndex(in.ApplicationName, c, in.InputId)
		if err != nil {
			return err
		}
		if c.Inputs[i].InputProcessingConfiguration != nil {
			return apierr.InvalidArgument.New("Input %s already has an input processing configuration.", in.InputId)
		}
		c.Inputs = slices.Clone(c.Inputs)
		c.Inputs[i].InputProcessingConfiguration = in.InputProcessingConfiguration.clone()
		return nil
	})
}

// DeleteApplicationInputProcessingConfiguration removes an input's preprocessing function, with the next version:
// its records are mapped as they arrive again. A RUNNING application is restarted without it.
//
// Errors: InvalidArgument (an InputId that is not an id), ResourceNotFound (no such application, no input InputId,
// or an input without a processing configuration: there is nothing to delete), ConcurrentModification,
// ResourceInUse, as AddApplicationInputProcessingConfiguration's.
func (e *Engine) DeleteApplicationInputProcessingConfiguration(ctx context.Context, in DeleteApplicationInputProcessingConfigurationInput) error {
	if err := begin(e, ctx, OpDeleteApplicationInputProcessingConfiguration, &in); err != nil {
		return err
	}
	if err := checkID("InputId", in.InputId); err != nil {
		return err
	}
	return e.reconfigure(in.ApplicationName, in.CurrentApplicationVersionId, func(c *CreateApplicationInput, d *ids) error {
		i, err := inputIndex(in.ApplicationName, c, in.InputId)
		if err != nil {
			return err
		}
		if c.Inputs[i].InputProcessingConfiguration == nil {
			return apierr.ResourceNotFound.New("Input %s has no input processing configuration.", in.InputId)
		}
		c.Inputs = slices.Clone(c.Inputs)
		c.Inputs[i].InputProcessingConfiguration = nil
		return nil
	})
}

// updateInputs applies UpdateApplication's input updates to c: each names an input and changes its processing
// configuration, which it must have (an input without one gets it from AddApplicationInputProcessingConfiguration;
// AWS documents no error for an update of none, kinesim's is InvalidArgument).
func updateInputs(name string, c *CreateApplicationInput, updates []InputUpdate) error {
	if len(updates) == 0 {
		return nil
	}
	c.Inputs = slices.Clone(c.Inputs)
	for _, u := range updates {
		if err := checkID("InputId", u.InputId); err != nil {
			return err
		}
		i, err := inputIndex(name, c, u.InputId)
		if err != nil {
			return err
		}
		pu := u.InputProcessingConfigurationUpdate
		if pu == nil {
			continue
		}
		if pu.InputLambdaProcessorUpdate == nil {
			return apierr.InvalidArgument.New("An InputProcessingConfigurationUpdate needs an InputLambdaProcessorUpdate.")
		}
		cur := c.Inputs[i].InputProcessingConfiguration.clone()
		if cur == nil || cur.InputLambdaProcessor == nil {
			return apierr.InvalidArgument.New("Input %s has no input processing configuration to update.", u.InputId)
		}
		if v := pu.InputLambdaProcessorUpdate.ResourceARNUpdate; v != "" {
			cur.InputLambdaProcessor.ResourceARN = v
		}
		if v := pu.InputLambdaProcessorUpdate.RoleARNUpdate; v != "" {
			cur.InputLambdaProcessor.RoleARN = v
		}
		if err := checkProcessing(cur); err != nil {
			return err
		}
		c.Inputs[i].InputProcessingConfiguration = cur
	}
	return nil
}

// PreprocessingRequest is the event an input's preprocessing function receives (developer guide,
// lambda-preprocessing, "Data model for records"): the application's ARN, the source's (StreamArn: the data
// stream's, or the delivery stream's) and the records of one read, each with its data and its source's metadata.
type PreprocessingRequest struct {
	InvocationId   string                `json:"invocationId"`
	ApplicationArn string                `json:"applicationArn"`
	StreamArn      string                `json:"streamArn"`
	Records        []PreprocessingRecord `json:"records"`
}

// PreprocessingRecord is one record of a PreprocessingRequest: its id within the request, its data (base64 in
// JSON) and, by the input's source, KinesisStreamRecordMetadata or KinesisFirehoseRecordMetadata.
type PreprocessingRecord struct {
	RecordId                      string                         `json:"recordId"`
	Data                          []byte                         `json:"data"`
	KinesisStreamRecordMetadata   *KinesisStreamRecordMetadata   `json:"kinesisStreamRecordMetadata,omitempty"`
	KinesisFirehoseRecordMetadata *KinesisFirehoseRecordMetadata `json:"kinesisFirehoseRecordMetadata,omitempty"`
}

// KinesisStreamRecordMetadata is a data stream record's metadata. ApproximateArrivalTimestamp is in milliseconds
// since the epoch, as Firehose's transformation event gives it (Lambda developer guide, services-kinesisfirehose);
// the preprocessing page shows no value.
type KinesisStreamRecordMetadata struct {
	SequenceNumber              string `json:"sequenceNumber"`
	PartitionKey                string `json:"partitionKey"`
	ShardId                     string `json:"shardId"`
	ApproximateArrivalTimestamp int64  `json:"approximateArrivalTimestamp"`
}

// KinesisFirehoseRecordMetadata is a delivery stream record's metadata, its arrival time in milliseconds since
// the epoch.
type KinesisFirehoseRecordMetadata struct {
	ApproximateArrivalTimestamp int64 `json:"approximateArrivalTimestamp"`
}

// PreprocessingResponse is what the function returns: a result per record of the request.
type PreprocessingResponse struct {
	Records []PreprocessingResult `json:"records"`
}

// PreprocessingResult is the outcome of one record: Result is "Ok" (Data, base64 in JSON, is mapped by the input
// schema in place of the record's), "Dropped" (the record is left out) or "ProcessingFailed" (the record goes to
// the error stream).
type PreprocessingResult struct {
	RecordId string `json:"recordId"`
	Result   string `json:"result"`
	Data     []byte `json:"data,omitempty"`
}

// The error stream's ERROR_NAMEs of preprocessing. The developer guide names none: these are kinesim's. A record the
// function marks ProcessingFailed is ErrorNameLambdaProcessingFailed; every record of an invocation that fails (the
// invoker's error, a response that is not a PreprocessingResponse, a record without a result or with another
// result) is ErrorNameLambdaInvocationFailed. DATA_ROW is the record's data as read, hex-encoded.
const (
	ErrorNameLambdaProcessingFailed = "LambdaProcessingFailed"
	ErrorNameLambdaInvocationFailed = "LambdaInvocationFailed"
)

// The most records, and bytes of data, one preprocessing invocation carries: a read's records are sent in as many
// invocations as these need, so that the base64 payload stays under Lambda's 6 MB synchronous invocation limit.
// AWS documents no batch size for preprocessing.
const (
	preprocessMaxRecords = 1000
	preprocessMaxBytes   = 4 << 20
)

// preprocess sends recs to the input's function and returns, in their order, the records it kept (with the data it
// returned) and the error rows of the others.
func (in *inputRun) preprocess(recs []record.Record, now, rowtime int64) (kept []record.Record, errs []query.Row) {
	kept = make([]record.Record, 0, len(recs))
	for lo := 0; lo < len(recs); {
		hi, size := lo, 0
		for hi < len(recs) && hi-lo < preprocessMaxRecords && (hi == lo || size+len(recs[hi].Data) <= preprocessMaxBytes) {
			size += len(recs[hi].Data)
			hi++
		}
		kept, errs = in.invokeProcessor(recs[lo:hi], kept, errs, now, rowtime)
		lo = hi
	}
	return kept, errs
}

// invokeProcessor is one invocation of the input's function on chunk.
func (in *inputRun) invokeProcessor(chunk, kept []record.Record, errs []query.Row, now, rowtime int64) ([]record.Record, []query.Row) {
	a := in.r.a
	spec := a.in.Inputs[in.idx]
	fail := func(rec record.Record, name, msg string) {
		e := query.ErrorRow{ErrorTime: now, ErrorLevel: "ERROR", ErrorName: name, Message: msg, DataRowtime: rowtime, DataRow: hexString(rec.Data)}
		errs = append(errs, e.Row())
	}
	failAll := func(msg string) ([]record.Record, []query.Row) {
		for _, rec := range chunk {
			fail(rec, ErrorNameLambdaInvocationFailed, msg)
		}
		return kept, errs
	}
	in.invocations++
	req := PreprocessingRequest{ApplicationArn: a.arn, Records: make([]PreprocessingRecord, len(chunk)),
		InvocationId: a.in.ApplicationName + "-preprocess-" + strconv.Itoa(in.idx) + "-" + strconv.FormatInt(in.invocations, 10)}
	if spec.KinesisStreamsInput != nil {
		req.StreamArn = spec.KinesisStreamsInput.ResourceARN
	} else {
		req.StreamArn = spec.KinesisFirehoseInput.ResourceARN
	}
	for i, rec := range chunk {
		pr := PreprocessingRecord{RecordId: strconv.Itoa(i), Data: rec.Data}
		ms := rec.ApproximateArrivalTimestamp.UnixMilli()
		if spec.KinesisStreamsInput != nil {
			pr.KinesisStreamRecordMetadata = &KinesisStreamRecordMetadata{SequenceNumber: rec.SequenceNumber.String(),
				PartitionKey: rec.PartitionKey, ShardId: rec.ShardId, ApproximateArrivalTimestamp: ms}
		} else {
			pr.KinesisFirehoseRecordMetadata = &KinesisFirehoseRecordMetadata{ApproximateArrivalTimestamp: ms}
		}
		req.Records[i] = pr
	}
	payload, err := json.Marshal(req)
	if err != nil {
		return failAll("the preprocessing request cannot be encoded: " + err.Error())
	}
	arn := spec.InputProcessingConfiguration.InputLambdaProcessor.ResourceARN
	body, err := a.e.cfg.functions.Invoke(in.r.ctx, arn, payload)
	if err != nil {
		return failAll("the preprocessing function " + arn + " failed: " + err.Error())
	}
	var resp PreprocessingResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		return failAll("the preprocessing function " + arn + " returned a malformed response: " + err.Error())
	}
	results := make(map[string]PreprocessingResult, len(resp.Records))
	for _, r := range resp.Records {
		if _, dup := results[r.RecordId]; !dup {
			results[r.RecordId] = r
		}
	}
	for i, rec := range chunk {
		r, ok := results[strconv.Itoa(i)]
		switch {
		case !ok:
			fail(rec, ErrorNameLambdaInvocationFailed, "the preprocessing function "+arn+" returned no result for record "+strconv.Itoa(i))
		case r.Result == "Ok":
			rec.Data = r.Data
			kept = append(kept, rec)
		case r.Result == "Dropped":
		case r.Result == "ProcessingFailed":
			fail(rec, ErrorNameLambdaProcessingFailed, "the preprocessing function "+arn+" could not process record "+strconv.Itoa(i))
		default:
			fail(rec, ErrorNameLambdaInvocationFailed, "the preprocessing function "+arn+" returned the result "+strconv.Quote(r.Result)+", not Ok, Dropped or ProcessingFailed")
		}
	}
	return kept, errs
}
