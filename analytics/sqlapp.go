package analytics

import (
	"maps"

	"github.com/kinesim/kinesim/analytics/plan"
	"github.com/kinesim/kinesim/analytics/query"
	"github.com/kinesim/kinesim/analytics/sql"
	"github.com/kinesim/kinesim/apierr"
)

// MaxApplicationCodeBytes is the longest ApplicationCode CreateApplication takes: 102,400 characters (API
// reference, CreateApplication, ApplicationCode Length Constraints).
const MaxApplicationCodeBytes = sql.MaxApplicationCodeBytes

// CodeError is the error of application code that does not compile: it is apierr.CodeValidation
// (errors.Is(err, apierr.CodeValidation)) and carries the *sql.Error with the line and column
// (errors.As(err, &sqlErr)).
type CodeError struct {
	API *apierr.Error
	SQL *sql.Error
}

func (e *CodeError) Error() string   { return e.API.Error() }
func (e *CodeError) Unwrap() []error { return []error{e.API, e.SQL} }

// sqlCode returns the application's code as Go values: in.Code, or ApplicationCode (KDA's SQL text) compiled
// by package plan against the application's input streams (a.streams, before the code adds its own) and
// reference tables. The compiled code replaces a.in.Code, so that StartApplication runs it.
func (a *application) sqlCode(tables map[string]*query.Table) (*Code, error) {
	if a.in.ApplicationCode == "" {
		if a.in.Code == nil {
			return &Code{}, nil
		}
		return a.in.Code, nil
	}
	if len(a.in.ApplicationCode) > MaxApplicationCodeBytes {
		return nil, apierr.InvalidArgument.New("ApplicationCode is %d characters long; the limit is %d.", len(a.in.ApplicationCode), MaxApplicationCodeBytes)
	}
	cat := plan.Catalog{Streams: maps.Clone(a.streams), Tables: map[string]query.Schema{}}
	for name, t := range tables {
		cat.Tables[name] = t.Schema
	}
	p, err := plan.CompileText(a.in.ApplicationCode, cat)
	if err != nil {
		e, _ := err.(*sql.Error)
		if e == nil {
			e = &sql.Error{Line: 1, Column: 1, Message: err.Error()}
		}
		return nil, &CodeError{API: apierr.CodeValidation.New("%s", e.Error()), SQL: e}
	}
	if a.in.Code != nil {
		return nil, apierr.InvalidArgument.New("Give the application's code as ApplicationCode (SQL) or as Code, not both.")
	}
	code := &Code{}
	for _, s := range p.Streams {
		code.Streams = append(code.Streams, Stream{Name: s.Name, Columns: s.Schema})
	}
	for _, pu := range p.Pumps {
		if pu.Into == "" {
			e := &sql.Error{Line: pu.Pos.Line, Column: pu.Pos.Column, Found: "SELECT",
				Message: "a query runs in a pump: CREATE OR REPLACE PUMP name AS INSERT INTO stream SELECT STREAM …"}
			return nil, &CodeError{API: apierr.CodeValidation.New("%s", e.Error()), SQL: e}
		}
		code.Pumps = append(code.Pumps, Pump{Name: pu.Name, From: pu.From, Into: pu.Into, Steps: pu.Steps})
	}
	a.in.Code = code
	return code, nil
}
