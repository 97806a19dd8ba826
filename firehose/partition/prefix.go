package partition

import (
	"fmt"
	"strings"

	"github.com/kinesim/kinesim/apierr"
)

// The namespaces of the dynamic-partitioning expressions of an S3 prefix (developer guide, "Use Amazon S3 bucket
// prefix to deliver data"): !{partitionKeyFromQuery:name} takes a key of the MetadataExtraction query,
// !{partitionKeyFromLambda:name} a key the transformation returned in metadata.partitionKeys.
const (
	FromQuery  = "partitionKeyFromQuery"
	FromLambda = "partitionKeyFromLambda"
)

// Limits of dynamic partitioning (developer guide, Firehose quota and "Buffer data for dynamic partitioning").
const (
	// DefaultActivePartitions is the default quota of active partitions per delivery stream: 500.
	DefaultActivePartitions = 500
	// MaxActivePartitions is the most the quota can be raised to: 5,000.
	MaxActivePartitions = 5000
	// MaxPrefixLength bounds an evaluated prefix: 512 characters (developer guide, "Custom prefixes"). AWS
	// documents no separate limit on the number or the length of partition keys; this one bounds them.
	MaxPrefixLength = 512
	// ErrorOutputTypeActivePartitionExceeded is the error output type of records past the active-partition
	// limit.
	ErrorOutputTypeActivePartitionExceeded = "activePartitionExceeded"
)

// Key is one partition-key expression of a prefix.
type Key struct {
	// Namespace is FromQuery or FromLambda.
	Namespace string
	// Name is the key's name.
	Name string
}

// Keys returns the partition-key expressions of prefix, in order, each once. Other expressions
// (!{timestamp:…}, !{firehose:…}) are skipped; their rules are the prefix evaluator's. An expression of a
// partition-key namespace that is not closed or has an empty name is an InvalidArgumentException.
func Keys(prefix string) ([]Key, error) {
	var keys []Key
	rest := prefix
	for {
		i := strings.Index(rest, "!{")
		if i < 0 {
			return keys, nil
		}
		rest = rest[i+2:]
		end := strings.IndexByte(rest, '}')
		expr := rest
		if end >= 0 {
			expr = rest[:end]
		}
		ns, name, _ := strings.Cut(expr, ":")
		if ns != FromQuery && ns != FromLambda {
			if end >= 0 {
				rest = rest[end+1:]
			}
			continue
		}
		if end < 0 {
			return nil, apierr.InvalidArgument.New("The expression !{%s in prefix %q is not closed.", ns, prefix)
		}
		if name == "" || strings.Contains(name, "!{") {
			return nil, apierr.InvalidArgument.New("The expression !{%s:%s} in prefix %q must name a partition key.", ns, name, prefix)
		}
		k := Key{Namespace: ns, Name: name}
		dup := false
		for _, e := range keys {
			dup = dup || e == k
		}
		if !dup {
			keys = append(keys, k)
		}
		rest = rest[end+1:]
	}
}

// PrefixRules is what the prefixes of an S3 destination are checked against.
type PrefixRules struct {
	// DynamicPartitioning is DynamicPartitioningConfiguration.Enabled.
	DynamicPartitioning bool
	// MetadataExtraction reports a MetadataExtraction processor (keys from a jq query).
	MetadataExtraction bool
	// Lambda reports a Lambda processor (keys from metadata.partitionKeys).
	Lambda bool
}

// CheckPrefixes checks an S3 destination's Prefix and ErrorOutputPrefix against the rules of dynamic
// partitioning (developer guide, "Dynamic partitioning", "Use Amazon S3 bucket prefix to deliver data", "Handle
// errors"):
//   - partition-key expressions appear only in Prefix, and only when dynamic partitioning is enabled;
//   - with dynamic partitioning, an ErrorOutputPrefix is required, at least one of MetadataExtraction and
//     Lambda is configured, and Prefix uses at least one partition key (kinesim reads "the S3 bucket prefix value
//     consists of expressions based on the specified partitioning keys" as a requirement);
//   - partitionKeyFromQuery needs a MetadataExtraction processor, partitionKeyFromLambda a Lambda processor.
//
// Errors: each violation is an InvalidArgumentException (apierr.InvalidArgument).
func CheckPrefixes(prefix, errorOutputPrefix string, r PrefixRules) error {
	keys, err := Keys(prefix)
	if err != nil {
		return err
	}
	errKeys, err := Keys(errorOutputPrefix)
	if err != nil {
		return err
	}
	if len(errKeys) > 0 {
		return apierr.InvalidArgument.New("ErrorOutputPrefix %q must not contain the expression !{%s:%s}: partition keys are not allowed in the error output prefix.",
			errorOutputPrefix, errKeys[0].Namespace, errKeys[0].Name)
	}
	if !r.DynamicPartitioning {
		if len(keys) > 0 {
			return apierr.InvalidArgument.New("Prefix %q contains the expression !{%s:%s}, but dynamic partitioning is not enabled.", prefix, keys[0].Namespace, keys[0].Name)
		}
		return nil
	}
	switch {
	case errorOutputPrefix == "":
		return apierr.InvalidArgument.New("ErrorOutputPrefix is required when dynamic partitioning is enabled.")
	case !r.MetadataExtraction && !r.Lambda:
		return apierr.InvalidArgument.New("Dynamic partitioning requires a MetadataExtraction or a Lambda processor to produce partition keys.")
	case len(keys) == 0:
		return apierr.InvalidArgument.New("Prefix %q must contain a !{%s:…} or !{%s:…} expression when dynamic partitioning is enabled.", prefix, FromQuery, FromLambda)
	}
	for _, k := range keys {
		if k.Namespace == FromQuery && !r.MetadataExtraction {
			return apierr.InvalidArgument.New("Prefix %q uses !{%s:%s}, which needs a MetadataExtraction processor.", prefix, k.Namespace, k.Name)
		}
		if k.Namespace == FromLambda && !r.Lambda {
			return apierr.InvalidArgument.New("Prefix %q uses !{%s:%s}, which needs a Lambda processor.", prefix, k.Namespace, k.Name)
		}
	}
	return nil
}

// MissingKeyError reports a partition key a prefix names and the record does not have. It matches
// [ErrMissingPartitionKey]; the record goes to the error output with errorCode [CodeMetadataExtractionFailed].
type MissingKeyError struct{ Key Key }

func (e *MissingKeyError) Error() string {
	return fmt.Sprintf("partition: partition key not found: !{%s:%s}", e.Key.Namespace, e.Key.Name)
}

// Is reports whether target is ErrMissingPartitionKey.
func (e *MissingKeyError) Is(target error) bool { return target == ErrMissingPartitionKey }

// Substitute returns prefix with each !{partitionKeyFromQuery:name} replaced by fromQuery[name] and each
// !{partitionKeyFromLambda:name} by fromLambda[name]; other expressions stay for the prefix evaluator (timestamp,
// firehose). A key the maps lack fails with a *MissingKeyError. The values are inserted as they are (a "/" in a
// value makes a deeper prefix, as on AWS).
func Substitute(prefix string, fromQuery, fromLambda map[string]string) (string, error) {
	if !strings.Contains(prefix, "!{partitionKeyFrom") {
		return prefix, nil
	}
	var b strings.Builder
	b.Grow(len(prefix) + 32)
	rest := prefix
	for {
		i := strings.Index(rest, "!{")
		if i < 0 {
			b.WriteString(rest)
			return b.String(), nil
		}
		b.WriteString(rest[:i])
		rest = rest[i:]
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			b.WriteString(rest)
			return b.String(), nil
		}
		expr := rest[2:end]
		ns, name, _ := strings.Cut(expr, ":")
		var m map[string]string
		switch ns {
		case FromQuery:
			m = fromQuery
		case FromLambda:
			m = fromLambda
		default:
			b.WriteString(rest[:end+1])
			rest = rest[end+1:]
			continue
		}
		v, ok := m[name]
		if !ok {
			return "", &MissingKeyError{Key: Key{Namespace: ns, Name: name}}
		}
		b.WriteString(v)
		rest = rest[end+1:]
	}
}

// Active counts a delivery stream's active partitions: a partition (an evaluated prefix) is active from its first
// record until its buffer is delivered (developer guide, "Buffer data for dynamic partitioning"). Records of a
// new partition past the limit go to the error output (error output type activePartitionExceeded). The zero value
// is not usable; make one with [NewActive]. Not safe for concurrent use (the delivery stream owns it).
type Active struct {
	limit int
	set   map[string]struct{}
}

// NewActive returns an empty set with the given limit (DefaultActivePartitions when limit ≤ 0, at most
// MaxActivePartitions).
func NewActive(limit int) *Active {
	if limit <= 0 {
		limit = DefaultActivePartitions
	}
	limit = min(limit, MaxActivePartitions)
	return &Active{limit: limit, set: make(map[string]struct{})}
}

// Admit reports whether a record of partition may be buffered: true when the partition is active or there is
// room for one more, which it then takes.
func (a *Active) Admit(partition string) bool {
	if _, ok := a.set[partition]; ok {
		return true
	}
	if len(a.set) >= a.limit {
		return false
	}
	a.set[partition] = struct{}{}
	return true
}

// Delivered ends a partition's activity: its buffer was delivered.
func (a *Active) Delivered(partition string) { delete(a.set, partition) }

// Len returns the number of active partitions (the PartitionCount metric).
func (a *Active) Len() int { return len(a.set) }

// Limit returns the limit.
func (a *Active) Limit() int { return a.limit }
