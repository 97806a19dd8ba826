package meter

import (
	"time"

	"github.com/kinesim/kinesim/apierr"
)

// Retention is how far back the services keep their per-minute metrics, a day (kinesim's bound);
// RetentionMinutes is the same in minutes, the Window of their meters and queries.
const (
	Retention        = 24 * time.Hour
	RetentionMinutes = int64(Retention / time.Minute)
)

// MaxDatapoints is the most datapoints one query may ask for, as for CloudWatch's GetMetricStatistics: "The
// maximum number of data points returned from a single call is 1,440. If you request more than 1,440 data points,
// CloudWatch returns an error." (CloudWatch API Reference, GetMetricStatistics).
const MaxDatapoints = 1440

// Query is [NewSpan] for a service's metrics call, with the errors a service returns: InvalidArgument for a
// malformed span (no start, a start after the end, a period that is not a whole number of minutes), and
// InvalidParameterCombination, in CloudWatch's words, for more than [MaxDatapoints] periods asked for.
func Query(now, start, end time.Time, period time.Duration, window int64) (Span, error) {
	span, err := NewSpan(now, start, end, period, window)
	if err != nil {
		if period != 0 && (period < time.Minute || period%time.Minute != 0) {
			return Span{}, apierr.InvalidArgument.New("Period must be a whole number of minutes; got %v.", period)
		}
		return Span{}, apierr.InvalidArgument.New("Start must be set and before End.")
	}
	if span.Asked > MaxDatapoints {
		// CloudWatch's wording (GetMetricStatistics, as botocore reports it in cloud-custodian#7683).
		return Span{}, apierr.InvalidParameterCombination.New("You have requested up to %d datapoints, which exceeds the limit of %d. You may reduce the datapoints requested by increasing Period, or decreasing the time range.", span.Asked, MaxDatapoints)
	}
	return span, nil
}
