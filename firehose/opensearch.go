package firehose

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/validate"
)

// The OpenSearch destination's buffering and retry defaults (API Reference, AmazonopensearchserviceBufferingHints,
// AmazonopensearchserviceRetryOptions: 1–100 MiB, 5 by default; 0–900 s, 300 by default; retries 300 s from the
// first attempt).
const (
	OpenSearchDefaultSizeInMBs         = 5
	OpenSearchMaxSizeInMBs             = 100
	OpenSearchDefaultIntervalInSeconds = 300
	OpenSearchDefaultRetrySeconds      = 300
	// OpenSearchFailed is the error output type of documents not indexed.
	OpenSearchFailed = "AmazonOpenSearchService-failed"
	// ElasticsearchFailed is the error output type of an Elasticsearch destination's documents not indexed.
	ElasticsearchFailed = "elasticsearch-failed"
	// CodeOpenSearchUnreachable is the errorCode of documents whose bulk request failed as a whole (kinesim's).
	CodeOpenSearchUnreachable = "OS.ConnectionFailed"
)

// IndexRotationPeriod is how often an OpenSearch destination starts a new index.
type IndexRotationPeriod string

// The rotation periods and the suffix each appends to IndexName (developer guide, "Index rotation for the
// OpenSearch Service destination"), from the record's arrival in UTC.
const (
	NoRotation IndexRotationPeriod = "NoRotation" // index
	OneHour    IndexRotationPeriod = "OneHour"    // index-2026-07-13-14
	OneDay     IndexRotationPeriod = "OneDay"     // index-2026-07-13
	OneWeek    IndexRotationPeriod = "OneWeek"    // index-2026-w28
	OneMonth   IndexRotationPeriod = "OneMonth"   // index-2026-07
)

// DefaultDocumentIdFormat chooses the document ids Firehose sends.
type DefaultDocumentIdFormat string

// FirehoseDefault gives each record an id of Firehose's (the same on every retry, so a retried document replaces
// itself); NoDocumentID sends none and lets the domain choose (a retry may then index a duplicate).
const (
	FirehoseDefault DefaultDocumentIdFormat = "FIREHOSE_DEFAULT"
	NoDocumentID    DefaultDocumentIdFormat = "NO_DOCUMENT_ID"
)

// DocumentIdOptions is the SDK's types.DocumentIdOptions.
type DocumentIdOptions struct {
	DefaultDocumentIdFormat DefaultDocumentIdFormat
}

// OpenSearchS3BackupMode is what an OpenSearch destination writes to its S3 configuration.
type OpenSearchS3BackupMode string

// FailedDocumentsOnly (the default) writes the documents not indexed; AllDocuments also every source record.
const (
	FailedDocumentsOnly OpenSearchS3BackupMode = "FailedDocumentsOnly"
	AllDocuments        OpenSearchS3BackupMode = "AllDocuments"
)

// AmazonopensearchserviceDestinationConfiguration is an OpenSearch Service destination (SDK
// types.AmazonopensearchserviceDestinationConfiguration). DomainARN or ClusterEndpoint (one) names the
// [OpenSearchDomain] registered for it.
type AmazonopensearchserviceDestinationConfiguration struct {
	DomainARN, ClusterEndpoint string
	IndexName                  string // required, 1–80 characters
	TypeName                   string // 0–100 characters; "" for OpenSearch 2.x
	IndexRotationPeriod        IndexRotationPeriod
	DocumentIdOptions          *DocumentIdOptions
	BufferingHints             *BufferingHints
	RetryOptions               *RetryOptions
	RoleARN                    string // required
	ProcessingConfiguration    *ProcessingConfiguration
	S3BackupMode               OpenSearchS3BackupMode
	S3Configuration            *S3DestinationConfiguration // required
}

// ElasticsearchDestinationConfiguration is the legacy Elasticsearch destination (SDK
// types.ElasticsearchDestinationConfiguration): the members, defaults and delivery of the OpenSearch Service
// destination, with its own error output type (elasticsearch-failed), metrics (DeliveryToElasticsearch.*) and
// descriptions.
type ElasticsearchDestinationConfiguration = AmazonopensearchserviceDestinationConfiguration

// ElasticsearchDestinationDescription describes an Elasticsearch destination.
type ElasticsearchDestinationDescription = AmazonopensearchserviceDestinationDescription

// ElasticsearchDestinationUpdate changes an Elasticsearch destination.
type ElasticsearchDestinationUpdate = AmazonopensearchserviceDestinationUpdate

// AmazonopensearchserviceDestinationDescription describes an OpenSearch destination, the defaults filled in.
type AmazonopensearchserviceDestinationDescription struct {
	DomainARN, ClusterEndpoint string
	IndexName, TypeName        string
	IndexRotationPeriod        IndexRotationPeriod
	DocumentIdOptions          DocumentIdOptions
	BufferingHints             BufferingHints
	RetryOptions               RetryOptions
	RoleARN                    string
	ProcessingConfiguration    *ProcessingConfiguration
	S3BackupMode               OpenSearchS3BackupMode
	S3DestinationDescription   *S3DestinationDescription
}

// AmazonopensearchserviceDestinationUpdate changes an OpenSearch destination: members set replace the current
// ones. The S3 backup mode cannot be changed after creation.
type AmazonopensearchserviceDestinationUpdate struct {
	DomainARN, ClusterEndpoint string
	IndexName, TypeName        string
	IndexRotationPeriod        IndexRotationPeriod
	DocumentIdOptions          *DocumentIdOptions
	BufferingHints             *BufferingHints
	RetryOptions               *RetryOptions
	RoleARN                    string
	ProcessingConfiguration    *ProcessingConfiguration
	S3Update                   *ExtendedS3DestinationUpdate
}

// OpenSearchDomain is where an OpenSearch destination's documents go: the stand-in for an OpenSearch Service
// domain's _bulk API. The engine calls Bulk from a delivery goroutine (one call at a time per delivery stream,
// concurrently across streams) with one buffer's documents; Bulk must return when ctx is done. An error fails the
// whole request; otherwise Items has one result per document, in order, and the documents that failed are
// retried (alone) for the retry duration, then written to the error output.
type OpenSearchDomain interface {
	Bulk(ctx context.Context, req BulkRequest) (BulkResponse, error)
}

// BulkRequest is one bulk index request.
type BulkRequest struct {
	// Domain is the destination's DomainARN, or its ClusterEndpoint.
	Domain    string
	Documents []BulkDocument
}

// BulkDocument is one index action: the document (a record, which must be a JSON object) under Index.
type BulkDocument struct {
	Index, Type string
	// ID is Firehose's document id, "" with NO_DOCUMENT_ID.
	ID     string
	Source []byte // not to be modified or kept: copy it
}

// BulkResponse is a bulk request's outcome.
type BulkResponse struct {
	Items []BulkItem
}

// BulkItem is one document's outcome: Status 200 or 201 is success; otherwise Error says why.
type BulkItem struct {
	ID     string
	Status int
	Error  string
}

type openSearchSink struct {
	sinkBase
	cfg     AmazonopensearchserviceDestinationConfiguration
	domain  string
	kind    destKind // kindOpenSearch or kindElasticsearch
	errType string
}

// newOpenSearch makes an OpenSearch destination, or with kind kindElasticsearch the legacy Elasticsearch one.
func (e *Engine) newOpenSearch(c AmazonopensearchserviceDestinationConfiguration, kind destKind) (*destination, error) {
	path := "amazonopensearchserviceDestinationConfiguration"
	if kind == kindElasticsearch {
		path = "elasticsearchDestinationConfiguration"
	}
	var v validate.Violations
	if v.Required(path+".indexName", c.IndexName) {
		v.Length(path+".indexName", c.IndexName, len(c.IndexName), 1, 80)
	}
	v.Length(path+".typeName", c.TypeName, len(c.TypeName), 0, 100)
	if v.Required(path+".roleARN", c.RoleARN) && !roleARNPattern.MatchString(c.RoleARN) {
		v.Add(validate.Quote(c.RoleARN), path+".roleARN", validate.PatternPrefix+roleARNText)
	}
	if c.IndexRotationPeriod != "" {
		v.Enum(path+".indexRotationPeriod", string(c.IndexRotationPeriod), "NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth")
	}
	if c.S3BackupMode != "" {
		v.Enum(path+".s3BackupMode", string(c.S3BackupMode), "FailedDocumentsOnly", "AllDocuments")
	}
	if o := c.DocumentIdOptions; o != nil {
		v.Enum(path+".documentIdOptions.defaultDocumentIdFormat", string(o.DefaultDocumentIdFormat), "FIREHOSE_DEFAULT", "NO_DOCUMENT_ID")
	}
	v.Length(path+".domainARN", c.DomainARN, len(c.DomainARN), 0, 512)
	v.Length(path+".clusterEndpoint", c.ClusterEndpoint, len(c.ClusterEndpoint), 0, 512)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if (c.DomainARN == "") == (c.ClusterEndpoint == "") {
		return nil, apierr.InvalidArgument.New("Exactly one of DomainARN and ClusterEndpoint must be specified.")
	}
	d, err := e.s3Part(path+".s3Configuration", c.S3Configuration, c.ProcessingConfiguration)
	if err != nil {
		return nil, err
	}
	k := &openSearchSink{cfg: c, domain: c.DomainARN, kind: kind, errType: OpenSearchFailed}
	if kind == kindElasticsearch {
		k.errType = ElasticsearchFailed
	}
	if k.domain == "" {
		k.domain = c.ClusterEndpoint
	}
	if k.cfg.IndexRotationPeriod == "" {
		k.cfg.IndexRotationPeriod = OneDay // the API's default
	}
	if k.cfg.S3BackupMode == "" {
		k.cfg.S3BackupMode = FailedDocumentsOnly
	}
	if k.cfg.DocumentIdOptions == nil {
		k.cfg.DocumentIdOptions = &DocumentIdOptions{DefaultDocumentIdFormat: FirehoseDefault}
	}
	l := sinkLimits{OpenSearchDefaultSizeInMBs, OpenSearchMaxSizeInMBs, OpenSearchDefaultIntervalInSeconds, MaxIntervalInSeconds, OpenSearchDefaultRetrySeconds}
	if err := e.finishSink(d, &k.sinkBase, path, c.BufferingHints, c.RetryOptions, l, k.cfg.S3BackupMode == AllDocuments,
		c.S3Configuration, kind, k); err != nil {
		return nil, err
	}
	return d, nil
}

func (k *openSearchSink) describe(d *destination, out *DestinationDescription) {
	c := k.cfg
	desc := &AmazonopensearchserviceDestinationDescription{
		DomainARN: c.DomainARN, ClusterEndpoint: c.ClusterEndpoint, IndexName: c.IndexName, TypeName: c.TypeName,
		IndexRotationPeriod: c.IndexRotationPeriod, DocumentIdOptions: *c.DocumentIdOptions, BufferingHints: k.hints,
		RetryOptions: RetryOptions{DurationInSeconds: &k.retry}, RoleARN: c.RoleARN, ProcessingConfiguration: d.procCfg,
		S3BackupMode: c.S3BackupMode, S3DestinationDescription: k.s3,
	}
	if k.kind == kindElasticsearch {
		out.ElasticsearchDestinationDescription = desc
		return
	}
	out.AmazonopensearchserviceDestinationDescription = desc
}

func (k *openSearchSink) update(u *AmazonopensearchserviceDestinationUpdate) AmazonopensearchserviceDestinationConfiguration {
	c := k.cfg
	if u.DomainARN != "" || u.ClusterEndpoint != "" {
		c.DomainARN, c.ClusterEndpoint = u.DomainARN, u.ClusterEndpoint
	}
	c.IndexName, c.TypeName, c.RoleARN = cmp.Or(u.IndexName, c.IndexName), cmp.Or(u.TypeName, c.TypeName), cmp.Or(u.RoleARN, c.RoleARN)
	c.IndexRotationPeriod = cmp.Or(u.IndexRotationPeriod, c.IndexRotationPeriod)
	c.DocumentIdOptions = cmp.Or(u.DocumentIdOptions, c.DocumentIdOptions)
	c.BufferingHints = cmp.Or(u.BufferingHints, c.BufferingHints)
	c.RetryOptions = cmp.Or(u.RetryOptions, c.RetryOptions)
	c.ProcessingConfiguration = cmp.Or(u.ProcessingConfiguration, c.ProcessingConfiguration)
	c.S3Configuration = mergeS3(k.s3c, u.S3Update)
	return c
}

// IndexFor returns the index a record that arrived at is written to: IndexName with the rotation's suffix, from
// the arrival in UTC. Weeks start on Sunday and week 1 is the one holding January 1 (the first week holding a
// Saturday, as the developer guide words it).
func IndexFor(index string, p IndexRotationPeriod, arrival time.Time) string {
	t := arrival.UTC()
	switch p {
	case OneHour:
		return t.Format(index + "-2006-01-02-15")
	case OneDay:
		return t.Format(index + "-2006-01-02")
	case OneMonth:
		return t.Format(index + "-2006-01")
	case OneWeek:
		jan1 := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		week := (t.YearDay()-1+int(jan1.Weekday()))/7 + 1
		return fmt.Sprintf("%s-%d-w%02d", index, t.Year(), week)
	}
	return index
}

func (k *openSearchSink) deliver(s *deliveryStream, j *job, failed *[]failedRecord) {
	n := j.batch.Len()
	docs := make([]BulkDocument, n)
	for i := range docs {
		docs[i] = BulkDocument{Index: IndexFor(k.cfg.IndexName, k.cfg.IndexRotationPeriod, j.batch.Records[i].Arrival),
			Type: k.cfg.TypeName, Source: j.batch.Record(i)}
		if k.cfg.DocumentIdOptions.DefaultDocumentIdFormat != NoDocumentID {
			docs[i].ID = s.e.uuid()
		}
	}
	pending := make([]int, n) // the documents not yet indexed, by batch index
	for i := range pending {
		pending[i] = i
	}
	reasons := make(map[int]string)
	bytes := 0
	attempts, err := s.retrying(secondsOf(k.retry), s.e.cfg.attemptTimeout, false, func(ctx context.Context) error {
		dom, _ := s.e.target(kindOpenSearch, k.domain).(OpenSearchDomain)
		if dom == nil {
			return errors.New("the OpenSearch domain " + k.domain + " is not reachable (no OpenSearchDomain is registered for it)")
		}
		req := BulkRequest{Domain: k.domain, Documents: make([]BulkDocument, len(pending))}
		for i, p := range pending {
			req.Documents[i] = docs[p]
		}
		resp, err := dom.Bulk(ctx, req)
		if err != nil {
			return err
		}
		if len(resp.Items) != len(pending) {
			return fmt.Errorf("the bulk response has %d items for %d documents", len(resp.Items), len(pending))
		}
		left := pending[:0]
		for i, it := range resp.Items {
			if it.Status == 200 || it.Status == 201 {
				bytes += len(docs[pending[i]].Source)
				continue
			}
			reasons[pending[i]] = strconv.Itoa(it.Status) + " " + it.Error
			left = append(left, pending[i])
		}
		pending = left
		if len(pending) > 0 {
			return errPartialBulk
		}
		return nil
	}, func(now time.Time, ok bool) { s.m.request(now, k.kind, ok) })
	now := s.e.clk.Now()
	if delivered := n - len(pending); delivered > 0 {
		s.m.sent(now, k.kind, delivered, bytes, j.batch.Oldest)
	}
	if err == nil {
		return
	}
	for _, p := range pending {
		doc := destErrorDoc{AttemptsMade: attempts, ErrorCode: "OS.DocumentFailed", ErrorMessage: reasons[p],
			EsDocumentId: docs[p].ID, EsIndexName: docs[p].Index, EsTypeName: docs[p].Type}
		if _, ok := reasons[p]; !ok || !errors.Is(err, errPartialBulk) {
			doc.ErrorCode, doc.ErrorMessage = CodeOpenSearchUnreachable, err.Error()
		}
		*failed = append(*failed, doc.failed(k.errType, j.batch.Record(p), j.batch.Records[p].Arrival, now))
	}
}

var errPartialBulk = errors.New("firehose: some documents of the bulk request failed")

// MemoryOpenSearch is an in-memory [OpenSearchDomain]: it indexes each document (a JSON object) under its index
// and id, generating an id when none is given, and replaces a document indexed again under the same id. It is
// safe for concurrent use.
type MemoryOpenSearch struct {
	mu      sync.Mutex
	indexes map[string]*memIndex
	nextID  int
}

type memIndex struct {
	ids  map[string]int
	docs []StoredDocument
}

// StoredDocument is a document of a [MemoryOpenSearch].
type StoredDocument struct {
	ID     string
	Source json.RawMessage
}

// NewMemoryOpenSearch returns an empty domain.
func NewMemoryOpenSearch() *MemoryOpenSearch {
	return &MemoryOpenSearch{indexes: map[string]*memIndex{}}
}

// Bulk indexes the documents; a document that is not a JSON object fails with status 400
// (mapper_parsing_exception), as OpenSearch answers.
func (m *MemoryOpenSearch) Bulk(ctx context.Context, req BulkRequest) (BulkResponse, error) {
	if err := ctx.Err(); err != nil {
		return BulkResponse{}, err
	}
	out := BulkResponse{Items: make([]BulkItem, len(req.Documents))}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, d := range req.Documents {
		var obj map[string]json.RawMessage
		if json.Unmarshal(d.Source, &obj) != nil {
			out.Items[i] = BulkItem{ID: d.ID, Status: 400, Error: "mapper_parsing_exception: failed to parse"}
			continue
		}
		ix := m.indexes[d.Index]
		if ix == nil {
			ix = &memIndex{ids: map[string]int{}}
			m.indexes[d.Index] = ix
		}
		id := d.ID
		if id == "" {
			m.nextID++
			id = "auto-" + strconv.Itoa(m.nextID)
		}
		doc := StoredDocument{ID: id, Source: append(json.RawMessage(nil), d.Source...)}
		if at, ok := ix.ids[id]; ok {
			ix.docs[at] = doc
			out.Items[i] = BulkItem{ID: id, Status: 200}
			continue
		}
		ix.ids[id] = len(ix.docs)
		ix.docs = append(ix.docs, doc)
		out.Items[i] = BulkItem{ID: id, Status: 201}
	}
	return out, nil
}

// Documents returns a copy of the documents of index, in the order first indexed.
func (m *MemoryOpenSearch) Documents(index string) []StoredDocument {
	m.mu.Lock()
	defer m.mu.Unlock()
	ix := m.indexes[index]
	if ix == nil {
		return nil
	}
	return append([]StoredDocument(nil), ix.docs...)
}

// Indexes returns the names of the indexes that hold documents, in no order.
func (m *MemoryOpenSearch) Indexes() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.indexes))
	for k := range m.indexes {
		out = append(out, k)
	}
	return out
}
