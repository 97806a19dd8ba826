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
// action "*" ("kinesis:*") matches every operation of its service, and "*" every operation of every service; the
// names are matched exactly otherwise (no other wildcard, no case folding).
//
// A [Response] may hold the call: for [Response.Delay] on the service's clock (on a clock.Manual, until the test
// advances it), then until [Response.Release] is closed. The wait ends early, failing the call, when the call's
// context is done (with its error) or the service closes (with [Env.Closed]).
//
// # Services
//
// A service calls [Set.Intercept] at the start of every operation, before it validates the input or takes a lock,
// lending its clock, its done channel and its closed error in an [Env]; it fails the call with the error returned,
// and applies the entry errors to a batch. [Set.Active] is false while no control is installed, and Intercept then
// returns at once, so controls cost one atomic load per call when unused.
package control
