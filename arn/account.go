package arn

import "fmt"

// The account and region kinesim uses when none is configured.
const (
	DefaultAccountID = "000000000000"
	DefaultRegion    = "us-east-1"
)

// Account is one AWS account in one region: the owner of every resource a kinesim engine holds, and the part of
// the resource's ARN that says where it lives. The partition is not stored; it follows from the region
// ([Account.Partition]).
//
// The zero value is not a valid account; [DefaultAccount] returns kinesim's default and [NewAccount] a checked one.
// An Account is a small comparable value, safe to copy and share.
type Account struct {
	// ID is the 12-digit AWS account id, e.g. "123456789012".
	ID string
	// Region is the AWS region code, e.g. "us-east-1".
	Region string
}

// DefaultAccount returns the account kinesim uses when none is configured: "000000000000" in "us-east-1".
func DefaultAccount() Account { return Account{ID: DefaultAccountID, Region: DefaultRegion} }

// NewAccount returns the account id in region, or an error wrapping [ErrAccountID] or [ErrRegion] if either is
// not well formed (see [CheckAccountID] and [CheckRegion]).
func NewAccount(id, region string) (Account, error) {
	a := Account{ID: id, Region: region}
	if err := a.Validate(); err != nil {
		return Account{}, err
	}
	return a, nil
}

// With returns a with its id and region replaced by those given, an empty one leaving a's in place: how an option
// WithAccount(id, region) applies to the default account.
func (a Account) With(id, region string) Account {
	if id != "" {
		a.ID = id
	}
	if region != "" {
		a.Region = region
	}
	return a
}

// Validate reports whether a's account id and region are well formed, as [NewAccount] checks them.
func (a Account) Validate() error {
	if err := CheckAccountID(a.ID); err != nil {
		return err
	}
	return CheckRegion(a.Region)
}

// Partition returns the partition of a's region ([PartitionOf]), e.g. "aws" or "aws-cn".
func (a Account) Partition() string { return PartitionOf(a.Region) }

// Owns reports whether x names a resource of a: its partition is a's partition and its region and account id are
// a's. It does not look at the service or the resource.
func (a Account) Owns(x ARN) bool {
	return x.AccountID == a.ID && x.Region == a.Region && x.Partition == a.Partition()
}

// arn formats the ARN of resource of service in a.
func (a Account) arn(service, resource string) string {
	return ARN{Partition: a.Partition(), Service: service, Region: a.Region, AccountID: a.ID, Resource: resource}.String()
}

// CheckAccountID reports whether id is an AWS account id: exactly 12 decimal digits. The error wraps
// [ErrAccountID].
func CheckAccountID(id string) error {
	if !isAccountID(id) {
		return fmt.Errorf("%w %q: an account id has exactly 12 decimal digits", ErrAccountID, id)
	}
	return nil
}

func isAccountID(id string) bool { return len(id) == 12 && allDigits(id) }

// CheckRegion reports whether region has the shape of an AWS region code: lowercase words joined by hyphens and
// ending in a number, with at least two words before it ("us-east-1", "us-gov-west-1", "eusc-de-east-1"). It does
// not check that AWS has such a region. The error wraps [ErrRegion].
func CheckRegion(region string) error {
	if !isRegionCode(region) {
		return fmt.Errorf("%w %q: a region is lowercase words and a number joined by hyphens, like us-east-1", ErrRegion, region)
	}
	return nil
}

func isRegionCode(s string) bool {
	words, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '-' {
			continue
		}
		w := s[start:i]
		start = i + 1
		if i == len(s) { // the last part: the number
			return words >= 2 && w != "" && allDigits(w)
		}
		if w == "" || !allLower(w) {
			return false
		}
		words++
	}
	return false
}

// The partitions of the AWS regions, by region prefix, from the region patterns of the AWS SDKs' partition table
// (aws-sdk-go-v2 internal/endpoints/awsrulesfn/partitions.json, "regionRegex"; aws-eusc from the same table in
// later SDK releases). A region that matches none of these is in the "aws" partition.
var partitionPrefixes = [...]struct{ prefix, partition string }{
	{"cn-", "aws-cn"},         // ^cn\-\w+\-\d+$
	{"us-gov-", "aws-us-gov"}, // ^us\-gov\-\w+\-\d+$
	{"us-iso-", "aws-iso"},    // ^us\-iso\-\w+\-\d+$
	{"us-isob-", "aws-iso-b"}, // ^us\-isob\-\w+\-\d+$
	{"eu-isoe-", "aws-iso-e"}, // ^eu\-isoe\-\w+\-\d+$
	{"us-isof-", "aws-iso-f"}, // ^us\-isof\-\w+\-\d+$
	{"eusc-", "aws-eusc"},     // ^eusc\-(de)\-\w+\-\d+$ (AWS European Sovereign Cloud)
}

// PartitionOf returns the AWS partition of region: "aws-cn" for cn-*, "aws-us-gov" for us-gov-*, "aws-iso" for
// us-iso-*, "aws-iso-b" for us-isob-*, "aws-iso-e" for eu-isoe-*, "aws-iso-f" for us-isof-*, "aws-eusc" for
// eusc-*, and "aws" for every other region.
func PartitionOf(region string) string {
	for _, p := range partitionPrefixes {
		if len(region) >= len(p.prefix) && region[:len(p.prefix)] == p.prefix {
			return p.partition
		}
	}
	return "aws"
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func allLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
