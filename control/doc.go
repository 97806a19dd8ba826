// Package control is kinesim's test controls for every service of the Kinesis family, in the spirit of franz-go's
// kfake: a test intercepts calls to fail them with a chosen AWS error (a whole call, or single entries of a batch),
// to delay them on the service's clock, to hold them until released, or just to watch them.
//
// One [Set] serves one account: package kinesim gives every service of an account the same Set, so a test
// installs a control for any operation of any service in one place. Operations are named as IAM names them,
// service prefix and action: "kinesis:PutRecord", "firehose:PutRecordBatch", "kinesisvideo:PutMedia".
//
// # Usage
//
//	remove := set.Add("kinesis:PutRecords", func(c control.Call) (control.Response, bool) {
//		return control.Response{EntryErrors: map[int]*apierr.Error{0: apierr.InternalFailure}}, true
//	})
//	defer remove()
//
// A control handles one call and is removed, unless added with [Keep]. Controls of an operation run in the order
// they were added until one handles the call; a control that returns handled=false only watches. An [Op] with the
// action "*" ("kinesis:*") matches every operation of its service, and "*" every operation of every service.
package control
