package apierr_test

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kinesim/kinesim/apierr"
)

// The exception shapes each API declares, from aws-sdk-go-v2 service/<name>/types/errors.go (every type there
// with an ErrorCode method), written out by hand so that a sentinel left out of a service's catalog shows.
var sdkExceptions = map[string][]string{
	apierr.ServiceKinesis: {
		"AccessDeniedException", "DryRunOperationException", "ExpiredIteratorException", "ExpiredNextTokenException", "InternalFailureException",
		"InvalidArgumentException", "KMSAccessDeniedException", "KMSDisabledException", "KMSInvalidStateException",
		"KMSNotFoundException", "KMSOptInRequired", "KMSThrottlingException", "LimitExceededException",
		"ProvisionedThroughputExceededException", "ResourceInUseException", "ResourceNotFoundException",
		"ValidationException",
	},
	apierr.ServiceFirehose: {
		"ConcurrentModificationException", "InvalidArgumentException", "InvalidKMSResourceException",
		"InvalidSourceException", "LimitExceededException", "ResourceInUseException", "ResourceNotFoundException",
		"ServiceUnavailableException",
	},
	apierr.ServiceKinesisVideo: {
		"AccessDeniedException", "AccountChannelLimitExceededException", "AccountStreamLimitExceededException",
		"ClientLimitExceededException", "DeviceStreamLimitExceededException", "InvalidArgumentException",
		"InvalidDeviceException", "InvalidResourceFormatException", "NoDataRetentionException",
		"NotAuthorizedException", "ResourceInUseException", "ResourceNotFoundException",
		"StreamEdgeConfigurationNotFoundException", "TagsPerResourceExceededLimitException", "VersionMismatchException",
	},
	apierr.ServiceKinesisVideoMedia: {
		"ClientLimitExceededException", "ConnectionLimitExceededException", "InvalidArgumentException",
		"InvalidEndpointException", "NotAuthorizedException", "ResourceNotFoundException",
	},
	apierr.ServiceKinesisVideoArchivedMedia: {
		"ClientLimitExceededException", "InvalidArgumentException", "InvalidCodecPrivateDataException",
		"InvalidMediaFrameException", "MissingCodecPrivateDataException", "NoDataRetentionException",
		"NotAuthorizedException", "ResourceNotFoundException", "UnsupportedStreamMediaTypeException",
	},
	apierr.ServiceKinesisAnalytics: {
		"CodeValidationException", "ConcurrentModificationException", "InvalidApplicationConfigurationException",
		"InvalidArgumentException", "LimitExceededException", "ResourceInUseException", "ResourceNotFoundException",
		"ResourceProvisionedThroughputExceededException", "ServiceUnavailableException", "TooManyTagsException",
		"UnableToDetectSchemaException", "UnsupportedOperationException",
	},
}

func codes(errs []*apierr.Error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Code)
	}
	sort.Strings(out)
	return out
}

func TestEachServiceCatalogIsTheSDKsExceptions(t *testing.T) {
	if got, want := apierr.Services(), []string{"kinesis", "firehose", "kinesisvideo", "kinesisvideomedia", "kinesisvideoarchivedmedia", "kinesisanalytics"}; !slices.Equal(got, want) {
		t.Fatalf("Services() = %v, want %v", got, want)
	}
	for _, svc := range apierr.Services() {
		want := slices.Clone(sdkExceptions[svc])
		sort.Strings(want)
		if got := codes(apierr.ServiceCatalog(svc)); !slices.Equal(got, want) {
			t.Errorf("ServiceCatalog(%q) codes = %v\nwant %v", svc, got, want)
		}
	}
	if apierr.ServiceCatalog("kinesisanalyticsv2") != nil || apierr.ServiceCatalog("") != nil {
		t.Error("ServiceCatalog of an unknown service is not nil")
	}
}

func TestCodesAreUniqueAndTheCatalogIsTheUnionOfTheServicesAndCloudWatch(t *testing.T) {
	all := apierr.Catalog()
	byCode := make(map[string]*apierr.Error)
	for _, e := range all {
		if prev, dup := byCode[e.Code]; dup {
			t.Errorf("code %s is in the catalog twice (%p, %p)", e.Code, prev, e)
		}
		byCode[e.Code] = e
	}
	// The family's services, AWS's common errors and the CloudWatch exceptions of kinesim's metrics, which belong
	// to no service.
	union := map[*apierr.Error]bool{apierr.InvalidParameterCombination: true, apierr.Throttling: true}
	for _, svc := range apierr.Services() {
		for _, e := range apierr.ServiceCatalog(svc) {
			union[e] = true
			if !slices.Contains(all, e) {
				t.Errorf("%s of %s is not in Catalog()", e.Code, svc)
			}
		}
	}
	if len(union) != len(all) {
		t.Errorf("Catalog() has %d sentinels, the services %d", len(all), len(union))
	}
}

func TestByCodeRoundTripsForEveryService(t *testing.T) {
	for _, svc := range apierr.Services() {
		for _, e := range apierr.ServiceCatalog(svc) {
			if apierr.ByCode(e.Code) != e {
				t.Errorf("%s: ByCode(%q) is not the sentinel", svc, e.Code)
			}
			inst := e.New("x")
			if got := apierr.ByCode(inst.Code); got != e || got != inst.Kind() {
				t.Errorf("%s: ByCode of an instance's code is %v", svc, got)
			}
		}
	}
}

// An exception several services declare is one sentinel, so errors.Is matches it whichever service made it.
func TestSharedExceptionNamesAreOneSentinel(t *testing.T) {
	shared := map[*apierr.Error][]string{
		apierr.ResourceNotFound:       {"kinesis", "firehose", "kinesisvideo", "kinesisvideomedia", "kinesisvideoarchivedmedia", "kinesisanalytics"},
		apierr.InvalidArgument:        {"kinesis", "firehose", "kinesisvideo", "kinesisvideomedia", "kinesisvideoarchivedmedia", "kinesisanalytics"},
		apierr.ResourceInUse:          {"kinesis", "firehose", "kinesisvideo", "kinesisanalytics"},
		apierr.LimitExceeded:          {"kinesis", "firehose", "kinesisanalytics"},
		apierr.AccessDenied:           {"kinesis", "kinesisvideo"},
		apierr.ConcurrentModification: {"firehose", "kinesisanalytics"},
		apierr.ServiceUnavailable:     {"firehose", "kinesisanalytics"},
		apierr.ClientLimitExceeded:    {"kinesisvideo", "kinesisvideomedia", "kinesisvideoarchivedmedia"},
		apierr.NotAuthorized:          {"kinesisvideo", "kinesisvideomedia", "kinesisvideoarchivedmedia"},
		apierr.NoDataRetention:        {"kinesisvideo", "kinesisvideoarchivedmedia"},
	}
	for sentinel, svcs := range shared {
		var in []string
		for _, svc := range apierr.Services() {
			for _, e := range apierr.ServiceCatalog(svc) {
				if e.Code == sentinel.Code {
					if e != sentinel {
						t.Errorf("%s of %s is another value than the sentinel", e.Code, svc)
					}
					in = append(in, svc)
				}
			}
		}
		if !slices.Equal(in, svcs) {
			t.Errorf("%s is declared by %v, want %v", sentinel.Code, in, svcs)
		}
		err := sentinel.New("Application counts not found.")
		if !errors.Is(err, sentinel) {
			t.Errorf("%s instance does not match its sentinel", sentinel.Code)
		}
	}
}

// Retryable and Fault as the SDKs classify the exceptions (aws-sdk-go-v2 aws/retry/standard.go: throttle codes
// and 5xx server faults; the ErrorFault of each types/errors.go), plus the Video and Analytics throttles the API
// references document as "try the call later".
func TestRetryableAreExactlyTheThrottlesAndServerFaults(t *testing.T) {
	retryable := map[string]string{
		"LimitExceededException":                         "SDK throttle code",
		"ProvisionedThroughputExceededException":         "SDK throttle code",
		"KMSThrottlingException":                         "a throttle",
		"ThrottlingException":                            "SDK throttle code",
		"InternalFailureException":                       "server fault",
		"ServiceUnavailableException":                    "server fault",
		"ClientLimitExceededException":                   "documented throttle",
		"ConnectionLimitExceededException":               "documented throttle",
		"ResourceProvisionedThroughputExceededException": "throttle of the source stream",
	}
	server := map[string]bool{"InternalFailureException": true, "ServiceUnavailableException": true}
	for _, e := range apierr.Catalog() {
		if _, want := retryable[e.Code]; e.Retryable != want || apierr.IsRetryable(e) != want {
			t.Errorf("%s: Retryable = %v, want %v", e.Code, e.Retryable, want)
		}
		if want := map[bool]string{true: "server", false: "client"}[server[e.Code]]; e.Fault != want {
			t.Errorf("%s: Fault = %q, want %q", e.Code, e.Fault, want)
		}
		if e.Message == "" || strings.TrimSpace(e.Message) != e.Message {
			t.Errorf("%s: default message %q", e.Code, e.Message)
		}
		// KMSOptInRequired is spelled so by Kinesis; CloudWatch's query-protocol codes have no suffix.
		if !strings.HasSuffix(e.Code, "Exception") && e.Code != "KMSOptInRequired" && e.Code != "InvalidParameterCombination" {
			t.Errorf("%s: the code does not end in Exception", e.Code)
		}
	}
}

// The Data Streams engine depends on the Kinesis sentinels; splitting the catalog into files left them as they
// were.
func TestKinesisSentinelsAreUnchanged(t *testing.T) {
	want := []struct {
		e         *apierr.Error
		code, msg string
		retryable bool
		fault     string
	}{
		{apierr.ResourceNotFound, "ResourceNotFoundException", "Requested resource not found.", false, "client"},
		{apierr.ResourceInUse, "ResourceInUseException", "Resource is in use.", false, "client"},
		{apierr.InvalidArgument, "InvalidArgumentException", "Invalid argument.", false, "client"},
		{apierr.LimitExceeded, "LimitExceededException", "Limit exceeded.", true, "client"},
		{apierr.ExpiredIterator, "ExpiredIteratorException", "Iterator expired.", false, "client"},
		{apierr.ExpiredNextToken, "ExpiredNextTokenException", "The pagination token expired.", false, "client"},
		{apierr.ProvisionedThroughputExceeded, "ProvisionedThroughputExceededException", "Rate exceeded.", true, "client"},
		{apierr.Validation, "ValidationException", "Validation failed.", false, "client"},
		{apierr.AccessDenied, "AccessDeniedException", "Access denied.", false, "client"},
		{apierr.InternalFailure, "InternalFailureException", "Internal Service Failure", true, "server"},
		{apierr.KMSDisabled, "KMSDisabledException", "The specified customer master key (CMK) is disabled.", false, "client"},
		{apierr.KMSInvalidState, "KMSInvalidStateException", "The state of the specified resource is not valid for this request.", false, "client"},
		{apierr.KMSAccessDenied, "KMSAccessDeniedException", "The ciphertext references a key that doesn't exist or that you don't have access to.", false, "client"},
		{apierr.KMSNotFound, "KMSNotFoundException", "The specified entity or resource could not be found.", false, "client"},
		{apierr.KMSOptInRequired, "KMSOptInRequired", "The AWS access key ID needs a subscription for the service.", false, "client"},
		{apierr.KMSThrottling, "KMSThrottlingException", "The request was denied due to request throttling.", true, "client"},
		{apierr.DryRunOperation, "DryRunOperationException", "The request was rejected because the DryRun parameter was specified.", false, "client"},
	}
	got := apierr.ServiceCatalog(apierr.ServiceKinesis)
	if len(got) != len(want) {
		t.Fatalf("the Kinesis catalog has %d sentinels, want %d", len(got), len(want))
	}
	for i, w := range want {
		e := w.e
		if got[i] != e || e.Code != w.code || e.Message != w.msg || e.Retryable != w.retryable || e.Fault != w.fault {
			t.Errorf("%d: %+v, want %+v", i, *e, w)
		}
	}
	if !slices.Equal(apierr.Catalog()[:len(want)], got) {
		t.Error("Catalog() does not start with the Kinesis sentinels in their order")
	}
}

func TestCatalogsAreCopies(t *testing.T) {
	c := apierr.ServiceCatalog(apierr.ServiceFirehose)
	c[0] = nil
	if apierr.ServiceCatalog(apierr.ServiceFirehose)[0] == nil {
		t.Error("ServiceCatalog returned the package's slice")
	}
	all := apierr.Catalog()
	all[0] = nil
	if apierr.Catalog()[0] == nil {
		t.Error("Catalog returned the package's slice")
	}
}

// The metrics of a Data Stream refuse a query of more than 1,440 datapoints with CloudWatch's exception, as
// GetMetricStatistics does; its code is the query protocol's, without "Exception" (botocore: "An error occurred
// (InvalidParameterCombination) when calling the GetMetricStatistics operation", cloud-custodian#7683).
func TestInvalidParameterCombinationIsCloudWatchsCodeOutsideTheFamily(t *testing.T) {
	e := apierr.InvalidParameterCombination
	if e.Code != "InvalidParameterCombination" || e.Retryable || e.Fault != "client" {
		t.Errorf("InvalidParameterCombination = %+v", e)
	}
	if apierr.ByCode("InvalidParameterCombination") != e || !slices.Contains(apierr.Catalog(), e) {
		t.Error("InvalidParameterCombination is not in the catalog")
	}
	for _, svc := range apierr.Services() {
		if slices.Contains(apierr.ServiceCatalog(svc), e) {
			t.Errorf("InvalidParameterCombination is in the catalog of %s", svc)
		}
	}
}

// ThrottlingException is one of AWS's common errors ("The request was denied due to request throttling.", HTTP
// 400; API references, Common Errors), which Data Streams answers to a DryRun request over its stream's dry-run
// limit ("Test your permissions and request inputs with dry run", Kinesis Data Streams Developer Guide). No
// service's model declares it, so it is in the catalog but in no service's.
func TestThrottlingIsTheCommonErrorInNoServicesCatalog(t *testing.T) {
	e := apierr.Throttling
	if e.Code != "ThrottlingException" || e.Message != "The request was denied due to request throttling." || !e.Retryable || e.Fault != "client" {
		t.Errorf("Throttling = %+v", *e)
	}
	if apierr.ByCode("ThrottlingException") != e || !slices.Contains(apierr.Catalog(), e) {
		t.Error("Throttling is not in the catalog")
	}
	for _, svc := range apierr.Services() {
		if slices.Contains(apierr.ServiceCatalog(svc), e) {
			t.Errorf("Throttling is in the catalog of %s", svc)
		}
	}
	if !errors.Is(e.New("Rate exceeded for dry runs on stream s."), e) {
		t.Error("an instance does not match Throttling")
	}
}
