package arn

// analyticsShape is what kinesim accepts before the resource of a Kinesis Data Analytics application ARN. The
// API reference gives ApplicationARN only the pattern arn:.* and a length of 1 to 2048 (Kinesis Data Analytics
// API Reference, ApplicationDetail), so kinesim asks for the shape every AWS ARN has: a partition that starts
// with "aws", a region of lowercase letters, digits and hyphens, a 12-digit account.
var analyticsShape = shape{service: "kinesisanalytics", maxLen: 2048, partition: awsPrefixed, region: nonEmptyOf(lowerDigitHyphen), account: isAccountID}

// Application is a parsed Kinesis Data Analytics (SQL) application ARN,
// arn:PARTITION:kinesisanalytics:REGION:ACCOUNT:application/NAME.
type Application struct {
	ARN
	// Name is the application name.
	Name string
}

// ApplicationARN returns the ARN of the Kinesis Data Analytics application name in a, e.g.
// "arn:aws:kinesisanalytics:us-west-2:012345678901:application/MyApplication". It does not check name
// ([ApplicationName] does).
func (a Account) ApplicationARN(name string) string {
	return a.arn("kinesisanalytics", "application/"+name)
}

// ParseApplicationARN parses a Kinesis Data Analytics application ARN whose name satisfies [ApplicationName]
// (see the package documentation for what it accepts). The error wraps one of the package's Err values.
func ParseApplicationARN(s string) (Application, error) {
	a, name, err := analyticsShape.parseNamed(s, "application", ApplicationName)
	if err != nil {
		return Application{}, err
	}
	return Application{ARN: a, Name: name}, nil
}
