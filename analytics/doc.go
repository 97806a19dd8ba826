// Package analytics is Kinesis Data Analytics for SQL as an in-process engine: applications that read a Kinesis
// data stream or a Firehose delivery stream, map its JSON or CSV records onto typed columns, run continuous queries
// over in-application streams with pumps, join reference tables loaded from an object store, and write their
// results to a data stream, a delivery stream or a function, with the error stream beside (analytics.md §1).
//
// # Usage
//
//	e := analytics.New(analytics.WithClock(clk), analytics.WithStreamReader(r), analytics.WithStreamWriter(w))
//	_, err := e.CreateApplication(ctx, analytics.CreateApplicationInput{
//		ApplicationName: "ticker-counts",
//		Inputs: []analytics.Input{{NamePrefix: "SOURCE_SQL_STREAM", KinesisStreamsInput: &analytics.KinesisStreamsInput{ResourceARN: in},
//			InputSchema: schema}},
//		Code: &analytics.Code{
//			Streams: []analytics.Stream{{Name: "DESTINATION_SQL_STREAM", Columns: cols}},
//			Pumps:   []analytics.Pump{{Name: "STREAM_PUMP", From: "SOURCE_SQL_STREAM_001", Into: "DESTINATION_SQL_STREAM", Steps: steps}},
//		},
//		Outputs: []analytics.Output{{Name: "DESTINATION_SQL_STREAM", KinesisStreamsOutput: &analytics.KinesisStreamsOutput{ResourceARN: out},
//			DestinationSchema: analytics.DestinationSchema{RecordFormatType: analytics.FormatJSON}}},
//	})
//	err = e.StartApplication(ctx, analytics.StartApplicationInput{ApplicationName: "ticker-counts"})
//
// The steps of a pump are package query's (filters, projections, windows, joins, RANDOM_CUT_FOREST, HOTSPOTS); a SQL
// front end compiles SQL text onto them. Package kinesim wires an account's Data Streams in as reader and writer,
// and its Firehose as the reader of delivery-stream inputs (WithDeliveryStreamReader: the records put after the
// application's reader starts) and the writer of delivery-stream outputs (Account.Analytics).
//
// # Time and flow
//
// A row's ROWTIME is the instant its record entered the application, read from the engine's clock once per batch
// and never going back; APPROXIMATE_ARRIVAL_TIME is the source record's arrival, a column of the input stream.
// By default a record enters as soon as the input reads it, the instant it is put; WithReadLatency(d) models the
// time KDA takes from arrival to insertion: each record enters no earlier than its arrival + d, in the source's
// order, so ROWTIME = max(now, APPROXIMATE_ARRIVAL_TIME + d, the previous ROWTIME). AWS documents no figure for
// this delay (developer guide, timestamps-rowtime-concepts, says only that ROWTIME is the insertion time and that
// ingest time is "rarely out of order"), so there is no default other than 0.
// Every input has a reader goroutine (following the source into a bounded queue) and a parser goroutine; every pump
// and every output has one goroutine. They pass batches of rows over channels a few batches deep: a slow output
// holds back its pump, the pump its input, the input its reader, and no stage buffers without bound. A timer on the
// clock sends time through the pumps every tick interval (WithTickInterval, one second by default), so that a window
// closes without waiting for a row; in virtual time (clock.Manual) windows close as the test advances the clock.
//
// # Errors
//
// A record that does not map onto the input schema, a division by zero, a bad cast, a row out of ROWTIME order:
// each becomes a row of the error stream ("error_stream", query.ErrorSchema), which outputs may name, and the
// application goes on.
//
// # Preprocessing
//
// An input with an InputProcessingConfiguration sends the records it reads to its Lambda function (through the
// engine's FunctionInvoker, WithFunctions) before its schema maps them (developer guide, lambda-preprocessing):
// a PreprocessingRequest with the application's and the source's ARNs and each record's data and metadata
// (kinesisStreamRecordMetadata or kinesisFirehoseRecordMetadata). Of the PreprocessingResponse, Ok records are
// mapped with the data the function returned, Dropped ones are left out, ProcessingFailed ones go to the error
// stream as ErrorNameLambdaProcessingFailed; when the invocation fails or its response is malformed, its records go
// there as ErrorNameLambdaInvocationFailed (kinesim's names: the guide names none). An input without one invokes
// nothing. AddApplicationInputProcessingConfiguration, DeleteApplicationInputProcessingConfiguration and
// UpdateApplication's InputUpdates change it as the other configuration calls do. API errors are apierr values (InvalidArgument, ResourceNotFound, ResourceInUse,
// CodeValidation, …); every operation goes through the test controls of package control first
// ("kinesisanalytics:StartApplication", …).
//
// # Configuration
//
// AddApplicationInput, AddApplicationOutput, AddApplicationReferenceDataSource,
// AddApplicationInputProcessingConfiguration, UpdateApplication and their Delete counterparts
// (DeleteApplicationOutput, DeleteApplicationReferenceDataSource, DeleteApplicationInputProcessingConfiguration) change an application with
// its CurrentApplicationVersionId, and restart a RUNNING one with the new configuration. Outputs, reference data
// sources and CloudWatch logging options have ids ("1.1", "2.1", …) that are never given twice in one application.
// CloudWatch logging options (CreateApplication's, AddApplicationCloudWatchLoggingOption,
// DeleteApplicationCloudWatchLoggingOption, UpdateApplication's CloudWatchLoggingOptionUpdates) are recorded only:
// DescribeApplication shows them, and kinesim writes no logs.
//
// An Engine is safe for concurrent use; Engine.Close stops every application, delivering what its stages hold, and
// leaves no goroutine behind.
package analytics
