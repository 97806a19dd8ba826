package firehose

import (
	"context"
	"strconv"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/validate"
)

// PutRecord puts one record of up to 1,000 KiB into the delivery stream's buffer.
//
// Errors: ValidationException (no name, data over 1,024,000 bytes); ResourceNotFoundException;
// ResourceInUseException (not ACTIVE); ServiceUnavailableException "Slow down." (over the Direct PUT quotas, when
// throttling is on); [ErrClosed].
func (e *Engine) PutRecord(ctx context.Context, in PutRecordInput) (PutRecordOutput, error) {
	entryErrs, err := begin(e, ctx, OpPutRecord, &in)
	if err != nil {
		return PutRecordOutput{}, err
	}
	var v validate.Violations
	checkName(&v, in.DeliveryStreamName)
	if len(in.Record.Data) > MaxRecordSize {
		v.Add(validate.Blob(in.Record.Data), "record.data", validate.LengthAtMost+strconv.Itoa(MaxRecordSize))
	}
	if err := v.Err(); err != nil {
		return PutRecordOutput{}, err
	}
	if ee := entryErrs[0]; ee != nil {
		return PutRecordOutput{}, ee
	}
	s, err := e.lookup(in.DeliveryStreamName)
	if err != nil {
		return PutRecordOutput{}, err
	}
	if s.nfollow.Load() > 0 {
		if err := s.waitRoom(ctx); err != nil {
			return PutRecordOutput{}, err
		}
	}
	now := e.clk.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(now, 1, len(in.Record.Data)); err != nil {
		return PutRecordOutput{}, err
	}
	s.addLocked(now, in.Record.Data)
	s.endPutLocked(now)
	s.m.incoming(now, 1, len(in.Record.Data), 0)
	s.arrivedLocked()
	return PutRecordOutput{RecordId: e.recordIDs(1)(0), Encrypted: s.enc.Status == EncryptionEnabled}, nil
}

// PutRecordBatch puts up to 500 records, 4 MiB in all, each up to 1,000 KiB. Records over the Direct PUT quotas
// fail one by one with ErrorCode ServiceUnavailableException (FailedPutCount counts them) while the others are
// taken: resend the failed ones.
//
// Errors: ValidationException (no name, no records or more than 500, a record over 1,024,000 bytes);
// InvalidArgumentException (over 4 MiB in all); ResourceNotFoundException; ResourceInUseException (not ACTIVE);
// ServiceUnavailableException (over the request quota); [ErrClosed].
func (e *Engine) PutRecordBatch(ctx context.Context, in PutRecordBatchInput) (PutRecordBatchOutput, error) {
	entryErrs, err := begin(e, ctx, OpPutRecordBatch, &in)
	if err != nil {
		return PutRecordBatchOutput{}, err
	}
	var v validate.Violations
	checkName(&v, in.DeliveryStreamName)
	switch {
	case len(in.Records) == 0:
		v.Add("'[]'", "records", validate.LengthAtLeast+"1")
	case len(in.Records) > MaxBatchRecords:
		v.Add("'"+strconv.Itoa(len(in.Records))+" records'", "records", validate.LengthAtMost+strconv.Itoa(MaxBatchRecords))
	}
	total := 0
	for i, r := range in.Records {
		total += len(r.Data)
		if len(r.Data) > MaxRecordSize {
			v.Add(validate.Blob(r.Data), "records."+strconv.Itoa(i+1)+".member.data", validate.LengthAtMost+strconv.Itoa(MaxRecordSize))
		}
	}
	if err := v.Err(); err != nil {
		return PutRecordBatchOutput{}, err
	}
	if total > MaxBatchBytes {
		return PutRecordBatchOutput{}, apierr.InvalidArgument.New("Records size exceeds %d bytes limit: %d bytes.", MaxBatchBytes, total)
	}
	s, err := e.lookup(in.DeliveryStreamName)
	if err != nil {
		return PutRecordBatchOutput{}, err
	}
	if s.nfollow.Load() > 0 {
		if err := s.waitRoom(ctx); err != nil {
			return PutRecordBatchOutput{}, err
		}
	}
	now := e.clk.Now()
	out := PutRecordBatchOutput{RequestResponses: make([]PutRecordBatchResponseEntry, len(in.Records))}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(now, 0, 0); err != nil {
		return PutRecordBatchOutput{}, err
	}
	out.Encrypted = s.enc.Status == EncryptionEnabled
	took, bytes, throttledN := 0, 0, 0
	ids := e.recordIDs(len(in.Records))
	for i, r := range in.Records {
		entry := &out.RequestResponses[i]
		if ee := entryErrs[i]; ee != nil {
			entry.ErrorCode, entry.ErrorMessage = ee.Code, ee.Message
			if entry.ErrorCode == "" {
				entry.ErrorCode = "InternalFailure"
			}
			out.FailedPutCount++
			continue
		}
		if s.throttling && !s.admit(now, len(r.Data)) {
			entry.ErrorCode, entry.ErrorMessage = throttled.Code, throttled.Message
			out.FailedPutCount++
			throttledN++
			continue
		}
		s.addLocked(now, r.Data)
		entry.RecordId = ids(i)
		took++
		bytes += len(r.Data)
	}
	s.endPutLocked(now)
	s.m.incoming(now, took, bytes, throttledN)
	s.arrivedLocked()
	return out, nil
}

// writable checks that the stream takes records, and with records > 0 (PutRecord) their quota. It always takes
// one request of the request quota. s.mu must be held.
func (s *deliveryStream) writable(now time.Time, records, bytes int) error {
	if s.closed {
		if s.e.isClosing() {
			return ErrClosed
		}
		return s.e.notFound(s.name)
	}
	if s.typ == KinesisStreamAsSource {
		return errNotDirectPut()
	}
	if st := s.status(); st != Active {
		return s.e.notActive(s.name, st)
	}
	if !s.throttling {
		return nil
	}
	if !s.requests.AllowN(now, 1) {
		s.m.incoming(now, 0, 0, max(records, 1))
		return throttled.New("%s", throttled.Message)
	}
	if records > 0 && !s.admit(now, bytes) {
		s.m.incoming(now, 0, 0, records)
		return throttled.New("%s", throttled.Message)
	}
	return nil
}

// admit takes one record of bytes from the record and byte quotas. s.mu must be held.
func (s *deliveryStream) admit(now time.Time, bytes int) bool {
	if !s.bytesRL.AllowN(now, bytes) {
		return false
	}
	return s.records.AllowN(now, 1)
}

// addLocked buffers one record that arrived at now, and queues the buffer when it is due. s.mu must be held.
func (s *deliveryStream) addLocked(now time.Time, data []byte) {
	if len(s.followers) > 0 {
		s.feedLocked(now, data, recMeta{})
	}
	if s.pipe {
		s.pipeAddLocked(now, now, data, recMeta{})
		return
	}
	if s.buf.Add(now, now, data) {
		s.flushLocked(now)
		return
	}
	s.armLocked(now)
}

// arrivedLocked wakes WaitIncoming. s.mu must be held.
func (s *deliveryStream) arrivedLocked() {
	if s.arrived != nil {
		close(s.arrived)
		s.arrived = nil
	}
}
