package firehose

import "github.com/kinesim/kinesim/apierr"

func countSet(set ...bool) int {
	n := 0
	for _, b := range set {
		if b {
			n++
		}
	}
	return n
}

// createDestination validates the one destination of a CreateDeliveryStream input ("exactly one destination",
// API Reference, CreateDeliveryStream).
func (e *Engine) createDestination(in *CreateDeliveryStreamInput) (*destination, error) {
	if countSet(in.ExtendedS3DestinationConfiguration != nil, in.S3DestinationConfiguration != nil,
		in.HttpEndpointDestinationConfiguration != nil, in.RedshiftDestinationConfiguration != nil,
		in.AmazonopensearchserviceDestinationConfiguration != nil, in.SplunkDestinationConfiguration != nil,
		in.ElasticsearchDestinationConfiguration != nil) != 1 {
		return nil, apierr.InvalidArgument.New("Exactly one destination configuration must be specified.")
	}
	switch {
	case in.ExtendedS3DestinationConfiguration != nil:
		return e.newDestination(*in.ExtendedS3DestinationConfiguration, false)
	case in.S3DestinationConfiguration != nil:
		return e.newDestination(legacyConfig(in.S3DestinationConfiguration), true)
	case in.HttpEndpointDestinationConfiguration != nil:
		return e.newHTTPEndpoint(*in.HttpEndpointDestinationConfiguration)
	case in.RedshiftDestinationConfiguration != nil:
		return e.newRedshift(*in.RedshiftDestinationConfiguration)
	case in.AmazonopensearchserviceDestinationConfiguration != nil:
		return e.newOpenSearch(*in.AmazonopensearchserviceDestinationConfiguration, kindOpenSearch)
	case in.ElasticsearchDestinationConfiguration != nil:
		return e.newOpenSearch(*in.ElasticsearchDestinationConfiguration, kindElasticsearch)
	}
	return e.newSplunk(*in.SplunkDestinationConfiguration)
}

// updatedDestination returns the destination an UpdateDestination input (with exactly one update) makes of old.
// An update of old's kind merges into its configuration; an update of another kind is the whole new
// configuration, "Firehose does not merge any parameters"; "Switching between Amazon OpenSearch Service and other
// services is not supported" (API Reference, UpdateDestination).
func (e *Engine) updatedDestination(old *destination, in *UpdateDestinationInput) (*destination, error) {
	to := kindS3
	switch {
	case in.HttpEndpointDestinationUpdate != nil:
		to = kindHTTPEndpoint
	case in.RedshiftDestinationUpdate != nil:
		to = kindRedshift
	case in.AmazonopensearchserviceDestinationUpdate != nil:
		to = kindOpenSearch
	case in.SplunkDestinationUpdate != nil:
		to = kindSplunk
	case in.ElasticsearchDestinationUpdate != nil:
		to = kindElasticsearch
	}
	search := func(k destKind) bool { return k == kindOpenSearch || k == kindElasticsearch }
	if (search(old.kind) || search(to)) && old.kind != to {
		return nil, apierr.InvalidArgument.New("Switching between Amazon OpenSearch Service and other services is not supported: the %s destination cannot be updated to %s.", old.kind.name(), to.name())
	}
	same := old.kind == to
	// "You can update this backup mode from FailedEventsOnly to AllEvents. You can't update it from AllEvents to
	// FailedEventsOnly" (API Reference, SplunkDestinationUpdate; kinesim applies it to AllData as well).
	if same && old.backupMode == S3BackupEnabled {
		if u := in.SplunkDestinationUpdate; u != nil && u.S3BackupMode == FailedEventsOnly {
			return nil, apierr.InvalidArgument.New("S3BackupMode cannot be changed from AllEvents to FailedEventsOnly.")
		}
		if u := in.HttpEndpointDestinationUpdate; u != nil && u.S3BackupMode == FailedDataOnly {
			return nil, apierr.InvalidArgument.New("S3BackupMode cannot be changed from AllData to FailedDataOnly.")
		}
		// As for S3's source-record backup (mergePipeline).
		if u := in.RedshiftDestinationUpdate; u != nil && u.S3BackupMode == S3BackupDisabled {
			return nil, apierr.InvalidArgument.New("S3BackupMode cannot be changed from Enabled to Disabled.")
		}
	}
	switch to {
	case kindHTTPEndpoint:
		u := in.HttpEndpointDestinationUpdate
		if same {
			return e.newHTTPEndpoint(old.sink.(*httpSink).update(u))
		}
		return e.newHTTPEndpoint(httpUpdateConfig(u))
	case kindRedshift:
		u := in.RedshiftDestinationUpdate
		if same {
			return e.newRedshift(old.sink.(*redshiftSink).update(old, u))
		}
		return e.newRedshift(redshiftUpdateConfig(u))
	case kindOpenSearch:
		return e.newOpenSearch(old.sink.(*openSearchSink).update(in.AmazonopensearchserviceDestinationUpdate), kindOpenSearch)
	case kindElasticsearch:
		return e.newOpenSearch(old.sink.(*openSearchSink).update(in.ElasticsearchDestinationUpdate), kindElasticsearch)
	case kindSplunk:
		u := in.SplunkDestinationUpdate
		if same {
			return e.newSplunk(old.sink.(*splunkSink).update(u))
		}
		return e.newSplunk(splunkUpdateConfig(u))
	}
	u := in.ExtendedS3DestinationUpdate
	if u == nil {
		u = in.S3DestinationUpdate
	}
	if same {
		return e.updateS3(old, u)
	}
	c := ExtendedS3DestinationConfiguration{ProcessingConfiguration: u.ProcessingConfiguration,
		DataFormatConversionConfiguration: u.DataFormatConversionConfiguration,
		DynamicPartitioningConfiguration:  u.DynamicPartitioningConfiguration, S3BackupMode: u.S3BackupMode,
		S3BackupConfiguration: u.S3BackupUpdate}
	mergeS3Into(&c, u)
	return e.newDestination(c, in.ExtendedS3DestinationUpdate == nil)
}
