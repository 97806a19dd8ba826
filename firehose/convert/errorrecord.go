package convert

import (
	"encoding/json"
	"time"
)

// ErrorOutputType is the value of !{firehose:error-output-type} for records that failed conversion.
const ErrorOutputType = "format-conversion-failed"

// CodeMalformedData is the lastErrorCode of a record that is not JSON or does not fit the schema. AWS documents
// the field but not its values; the code is kinesim's.
const CodeMalformedData = "DataFormatConversion.MalformedData"

// DataCatalogTable is the dataCatalogTable of a format-conversion-failed record: the schema configuration.
type DataCatalogTable struct {
	CatalogId    string `json:"catalogId"`
	DatabaseName string `json:"databaseName"`
	TableName    string `json:"tableName"`
	Region       string `json:"region"`
	VersionId    string `json:"versionId"`
	CatalogArn   string `json:"catalogArn"`
}

// FormatConversionFailedRecord is the JSON document Firehose writes, under the error output prefix, for each
// record it cannot parse or deserialize (developer guide, "Record format conversion error handling"; the field
// types are the guide's: longs for the counts and epoch-millisecond timestamps, rawData in base64).
type FormatConversionFailedRecord struct {
	AttemptsMade           int64            `json:"attemptsMade"`
	ArrivalTimestamp       int64            `json:"arrivalTimestamp"`
	LastErrorCode          string           `json:"lastErrorCode"`
	LastErrorMessage       string           `json:"lastErrorMessage"`
	AttemptEndingTimestamp int64            `json:"attemptEndingTimestamp"`
	RawData                []byte           `json:"rawData"`
	SequenceNumber         string           `json:"sequenceNumber"`
	SubSequenceNumber      uint64           `json:"subSequenceNumber"`
	DataCatalogTable       DataCatalogTable `json:"dataCatalogTable"`
}

// AppendJSON appends r as one line of JSON followed by "\n".
func (r *FormatConversionFailedRecord) AppendJSON(dst []byte) []byte {
	b, _ := json.Marshal(r) // cannot fail: strings, numbers and bytes only
	dst = append(dst, b...)
	return append(dst, '\n')
}

func (c *Converter) failed(now time.Time, r *Record, err error) FormatConversionFailedRecord {
	return FormatConversionFailedRecord{
		AttemptsMade:           1,
		ArrivalTimestamp:       r.ApproximateArrivalTimestamp.UnixMilli(),
		LastErrorCode:          CodeMalformedData,
		LastErrorMessage:       err.Error(),
		AttemptEndingTimestamp: now.UnixMilli(),
		RawData:                r.Data,
		SequenceNumber:         r.SequenceNumber,
		SubSequenceNumber:      r.SubsequenceNumber,
		DataCatalogTable:       c.table,
	}
}
