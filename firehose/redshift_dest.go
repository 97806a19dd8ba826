package firehose

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/kinesim/kinesim/apierr"
	"github.com/kinesim/kinesim/internal/validate"
)

// RedshiftDefaultRetrySeconds is a Redshift destination's RetryOptions.DurationInSeconds default, counted from
// the first COPY attempt (API Reference, RedshiftRetryOptions: "Default value is 3600 (60 minutes)").
const RedshiftDefaultRetrySeconds = 3600

// RedshiftCopyCommand is the COPY a Redshift destination issues (SDK types.CopyCommand).
type RedshiftCopyCommand struct {
	// DataTableName is the table (required).
	DataTableName string
	// DataTableColumns is a comma-separated column list ("" means every column).
	DataTableColumns string
	// CopyOptions are COPY's options, e.g. "JSON 'auto' GZIP".
	CopyOptions string
}

// RedshiftDestinationConfiguration is a Redshift destination (SDK types.RedshiftDestinationConfiguration).
// Records go to the intermediate S3Configuration first (its buffering hints apply; its compression cannot be
// Snappy, ZIP or HADOOP_SNAPPY), then each object is loaded with a COPY run by the [RedshiftCluster] registered
// for ClusterJDBCURL.
type RedshiftDestinationConfiguration struct {
	ClusterJDBCURL string               // required: jdbc:redshift://… or jdbc:postgresql://…
	CopyCommand    *RedshiftCopyCommand // required
	// Username and Password are required (kinesim has no Secrets Manager); the password is never described.
	Username, Password      string
	RoleARN                 string // required
	S3Configuration         *S3DestinationConfiguration
	ProcessingConfiguration *ProcessingConfiguration
	// RetryOptions: 0–7200 s, 3600 by default, from the first COPY attempt.
	RetryOptions *RetryOptions
	// S3BackupMode is Disabled ("") or Enabled (source records to S3BackupConfiguration).
	S3BackupMode          S3BackupMode
	S3BackupConfiguration *S3DestinationConfiguration
}

// RedshiftDestinationDescription describes a Redshift destination, the defaults filled in.
type RedshiftDestinationDescription struct {
	ClusterJDBCURL           string
	CopyCommand              RedshiftCopyCommand
	Username                 string
	RoleARN                  string
	S3DestinationDescription *S3DestinationDescription
	ProcessingConfiguration  *ProcessingConfiguration
	RetryOptions             RetryOptions
	S3BackupMode             S3BackupMode
	S3BackupDescription      *S3DestinationDescription
}

// RedshiftDestinationUpdate changes a Redshift destination: members set replace the current ones.
type RedshiftDestinationUpdate struct {
	ClusterJDBCURL          string
	CopyCommand             *RedshiftCopyCommand
	Username, Password      string
	RoleARN                 string
	S3Update                *ExtendedS3DestinationUpdate
	ProcessingConfiguration *ProcessingConfiguration
	RetryOptions            *RetryOptions
	S3BackupMode            S3BackupMode
	S3BackupUpdate          *S3DestinationConfiguration
}

type redshiftSink struct {
	cfg     RedshiftDestinationConfiguration
	columns []string
	retry   int
}

func (e *Engine) newRedshift(c RedshiftDestinationConfiguration) (*destination, error) {
	const path = "redshiftDestinationConfiguration"
	var v validate.Violations
	if v.Required(path+".clusterJDBCURL", c.ClusterJDBCURL) {
		v.Length(path+".clusterJDBCURL", c.ClusterJDBCURL, len(c.ClusterJDBCURL), 1, 512)
		if !strings.HasPrefix(c.ClusterJDBCURL, "jdbc:redshift://") && !strings.HasPrefix(c.ClusterJDBCURL, "jdbc:postgresql://") {
			v.Add(validate.Quote(c.ClusterJDBCURL), path+".clusterJDBCURL", validate.PatternPrefix+"jdbc:(redshift|postgresql)://.*")
		}
	}
	if c.CopyCommand == nil {
		v.Add("null", path+".copyCommand", validate.MustNotBeNull)
	} else if v.Required(path+".copyCommand.dataTableName", c.CopyCommand.DataTableName) {
		v.Length(path+".copyCommand.dataTableName", c.CopyCommand.DataTableName, len(c.CopyCommand.DataTableName), 1, 512)
		v.Length(path+".copyCommand.dataTableColumns", c.CopyCommand.DataTableColumns, len(c.CopyCommand.DataTableColumns), 0, 204800)
		v.Length(path+".copyCommand.copyOptions", c.CopyCommand.CopyOptions, len(c.CopyCommand.CopyOptions), 0, 204800)
	}
	if v.Required(path+".roleARN", c.RoleARN) && !roleARNPattern.MatchString(c.RoleARN) {
		v.Add(validate.Quote(c.RoleARN), path+".roleARN", validate.PatternPrefix+roleARNText)
	}
	v.Length(path+".username", c.Username, len(c.Username), 0, 512)
	v.Length(path+".password", c.Password, len(c.Password), 0, 512)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if c.Username == "" || c.Password == "" {
		return nil, apierr.InvalidArgument.New("Username and Password are required when SecretsManagerConfiguration is not enabled.")
	}
	if c.S3Configuration == nil {
		return nil, errMissing(path + ".s3Configuration")
	}
	// "The compression formats SNAPPY or ZIP cannot be specified for Amazon Redshift destinations because they are
	// not supported by the Amazon Redshift COPY operation" (API Reference, S3DestinationConfiguration).
	switch c.S3Configuration.CompressionFormat {
	case Snappy, ZIP, HadoopSnappy:
		return nil, apierr.InvalidArgument.New("The compression formats SNAPPY, HADOOP_SNAPPY and ZIP cannot be specified for Amazon Redshift destinations because they are not supported by the Amazon Redshift COPY operation.")
	}
	x := legacyConfig(c.S3Configuration)
	x.ProcessingConfiguration, x.S3BackupMode, x.S3BackupConfiguration = c.ProcessingConfiguration, c.S3BackupMode, c.S3BackupConfiguration
	d, err := e.newDestinationAt(x, path+".s3Configuration", true)
	if err != nil {
		return nil, err
	}
	k := &redshiftSink{cfg: c}
	cc := *c.CopyCommand
	k.cfg.CopyCommand = &cc
	for col := range strings.SplitSeq(cc.DataTableColumns, ",") {
		if col = strings.TrimSpace(col); col != "" {
			k.columns = append(k.columns, col)
		}
	}
	if k.retry, err = retryWindow(path, c.RetryOptions, RedshiftDefaultRetrySeconds); err != nil {
		return nil, err
	}
	d.kind, d.sink = kindRedshift, k
	return d, nil
}

func (k *redshiftSink) describe(d *destination, out *DestinationDescription) {
	desc := &RedshiftDestinationDescription{ClusterJDBCURL: k.cfg.ClusterJDBCURL, CopyCommand: *k.cfg.CopyCommand,
		Username: k.cfg.Username, RoleARN: k.cfg.RoleARN, S3DestinationDescription: d.describeS3(),
		ProcessingConfiguration: d.procCfg, RetryOptions: RetryOptions{DurationInSeconds: &k.retry}, S3BackupMode: d.backupMode}
	if d.backupDest != nil {
		desc.S3BackupDescription = d.backupDest.describeS3()
	}
	out.RedshiftDestinationDescription = desc
}

func (k *redshiftSink) update(d *destination, u *RedshiftDestinationUpdate) RedshiftDestinationConfiguration {
	c := k.cfg
	c.S3Configuration = mergeS3(*d.s3Config(), u.S3Update)
	c.S3BackupConfiguration = d.backupConfig()
	applyRedshiftUpdate(&c, u)
	return c
}

func applyRedshiftUpdate(c *RedshiftDestinationConfiguration, u *RedshiftDestinationUpdate) {
	c.ClusterJDBCURL = cmp.Or(u.ClusterJDBCURL, c.ClusterJDBCURL)
	c.CopyCommand = cmp.Or(u.CopyCommand, c.CopyCommand)
	c.Username = cmp.Or(u.Username, c.Username)
	c.Password = cmp.Or(u.Password, c.Password)
	c.RoleARN = cmp.Or(u.RoleARN, c.RoleARN)
	c.ProcessingConfiguration = cmp.Or(u.ProcessingConfiguration, c.ProcessingConfiguration)
	c.RetryOptions = cmp.Or(u.RetryOptions, c.RetryOptions)
	c.S3BackupMode = cmp.Or(u.S3BackupMode, c.S3BackupMode)
	if u.S3BackupUpdate != nil {
		c.S3BackupConfiguration = u.S3BackupUpdate
	}
}

func redshiftUpdateConfig(u *RedshiftDestinationUpdate) RedshiftDestinationConfiguration {
	var c RedshiftDestinationConfiguration
	applyRedshiftUpdate(&c, u)
	if u.S3Update != nil {
		c.S3Configuration = mergeS3(S3DestinationConfiguration{}, u.S3Update)
	}
	return c
}

// s3Config is d's S3 part as a configuration again.
func (d *destination) s3Config() *S3DestinationConfiguration {
	return &S3DestinationConfiguration{BucketARN: d.bucketARN, RoleARN: d.roleARN, Prefix: d.prefix,
		ErrorOutputPrefix: d.errorPrefix, BufferingHints: ptrHints(d.bufferingHints()), CompressionFormat: d.compression}
}

func ptrHints(h BufferingHints) *BufferingHints { return &h }

// manifest is a COPY manifest (Redshift Database Developer Guide, "Using a manifest to specify data files").
type manifest struct {
	Entries []manifestEntry `json:"entries"`
}

type manifestEntry struct {
	URL       string `json:"url"`
	Mandatory bool   `json:"mandatory"`
}

var errClusterUnreachable = errors.New("firehose: the Redshift cluster is not reachable (no RedshiftCluster is registered for its ClusterJDBCURL)")

// deliver writes the batch's object to the intermediate bucket, its manifest under manifests/, then COPYs it,
// retried for the retry duration; a COPY that still fails has its manifest written under errors/manifests/ (the
// objects it names hold the records: "skips that particular batch of Amazon S3 objects … delivered to your S3
// bucket as a manifest file in the errors/ folder", developer guide, "Handle data delivery failures").
func (k *redshiftSink) deliver(s *deliveryStream, j *job, failed *[]failedRecord) {
	data := s.s3Body(j, failed)
	if len(data) == 0 {
		return
	}
	key, obj, ok := s.put(j, data, failed)
	if !ok {
		return
	}
	d := j.dest
	url := "s3://" + d.bucket + "/" + key
	body, _ := json.Marshal(manifest{Entries: []manifestEntry{{URL: url, Mandatory: true}}})
	mkey := "manifests/" + key
	if _, err := s.attempt(d.bucket, mkey, body, s.e.clk.Now()); err != nil {
		k.failed(s, j, key, body) // the COPY cannot name a manifest that is not there
		return
	}
	cmd := CopyCommand{ClusterJDBCURL: k.cfg.ClusterJDBCURL, Username: k.cfg.Username, Table: k.cfg.CopyCommand.DataTableName,
		Columns: k.columns, Options: k.cfg.CopyCommand.CopyOptions, ManifestURL: "s3://" + d.bucket + "/" + mkey,
		Objects: []CopyObject{{URL: url, Body: obj}}}
	_, err := s.retrying(secondsOf(k.retry), s.e.cfg.attemptTimeout, false, func(ctx context.Context) error {
		c, _ := s.e.target(kindRedshift, k.cfg.ClusterJDBCURL).(RedshiftCluster)
		if c == nil {
			return errClusterUnreachable
		}
		return c.Copy(ctx, cmd)
	}, func(now time.Time, ok bool) { s.m.request(now, kindRedshift, ok) })
	if err == nil {
		s.m.sent(s.e.clk.Now(), kindRedshift, j.batch.Len(), len(obj), j.batch.Oldest)
		return
	}
	k.failed(s, j, key, body)
}

// failed writes the manifest of a batch whose COPY failed under errors/manifests/, retried as error output is.
func (k *redshiftSink) failed(s *deliveryStream, j *job, key string, body []byte) {
	s.putError(j.dest.bucket, "errors/manifests/"+key, body, j.batch.Len())
}
