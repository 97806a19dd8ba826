package sql

import (
	"reflect"
	"testing"
)

// TestInspectVisitsEveryNodeOfTrickyInputs: on trickyInputs, which use every kind of node, Inspect visits as
// many nodes as the tree has positions.
func TestInspectVisitsEveryNodeOfTrickyInputs(t *testing.T) {
	for _, src := range append(trickyInputs, `SELECT STREAM CAST(a AS INTEGER), EXTRACT(SECOND FROM b), STEP(c BY 1), x NOT IN (1)
		FROM TABLE(f(CURSOR(SELECT 1))) AS t(u) LEFT JOIN v USING (w) WHERE a LIKE 'b' ESCAPE 'c' AND d IS NULL
		WINDOWED BY STAGGER (PARTITION BY a RANGE INTERVAL '1' MINUTE) HAVING COUNT(*) > 1
		WINDOW q AS (PARTITION BY a ORDER BY b ROWS 2 PRECEDING) ORDER BY a;
		CREATE STREAM s (a INTEGER NOT NULL); CREATE PUMP p AS INSERT INTO s (a) SELECT STREAM a FROM t`) {
		s, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		visits := 0
		Inspect(s, func(Node) bool { visits++; return true })
		if want := countPositions(reflect.ValueOf(s)); visits != want {
			t.Errorf("%s: Inspect visited %d nodes, the tree has %d", src, visits, want)
		}
	}
}

// TestInspectVisitsEveryNode: on every example application Inspect visits each node of the tree exactly once
// (as many visits as the tree has positions), in source order.
func TestInspectVisitsEveryNode(t *testing.T) {
	for _, name := range exampleFiles(t, "e*.sql") {
		s, err := Parse(readFile(t, name))
		if err != nil {
			continue // the typo example
		}
		visits := 0
		var last Pos
		Inspect(s, func(n Node) bool {
			visits++
			p := n.Position()
			if p.Line < last.Line || p.Line == last.Line && p.Column < last.Column {
				// Binary and joins start at their left operand, visited after them: only children go back.
				if _, ok := n.(*Ident); !ok && !startsWithChild(n) {
					t.Errorf("%s: %T at %+v visited after %+v", name, n, p, last)
				}
			}
			last = p
			return true
		})
		if want := countPositions(reflect.ValueOf(s)); visits != want {
			t.Errorf("%s: Inspect visited %d nodes, the tree has %d", name, visits, want)
		}
	}
}

// startsWithChild reports nodes whose position is their first child's, so source order may revisit it.
func startsWithChild(n Node) bool {
	switch n.(type) {
	case *Binary, *Join, *SetOperation, *Like, *Is, *Between, *In, *ColumnDef, *SelectItem, *OrderItem, *NamedWindow:
		return true
	}
	return false
}

// TestInspectStopsWhenToldTo: returning false skips a node's children — here the CURSOR's query.
func TestInspectStopsWhenToldTo(t *testing.T) {
	s, err := Parse(`SELECT STREAM * FROM TABLE(HOTSPOTS(CURSOR(SELECT STREAM "x", "y" FROM "S"), 1000, 0.2, 17))`)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	Inspect(s, func(n Node) bool {
		if r, ok := n.(*Ref); ok {
			refs = append(refs, r.Parts[0].Name)
		}
		_, cursor := n.(*Cursor)
		return !cursor
	})
	if len(refs) != 0 {
		t.Fatalf("refs inside the cursor visited: %q", refs)
	}
}

// TestPrintPrintsEveryNodeInspectVisits: every node of the example applications prints as non-empty text, and
// the parts print as they read inside their statement.
func TestPrintPrintsEveryNodeInspectVisits(t *testing.T) {
	for _, name := range exampleFiles(t, "e*.sql") {
		s, err := Parse(readFile(t, name))
		if err != nil {
			continue
		}
		Inspect(s, func(n Node) bool {
			if Print(n) == "" {
				t.Errorf("%s: %T at %+v prints as nothing", name, n, n.Position())
			}
			return true
		})
	}
	sel := onlySelect(t, `SELECT STREAM AVG(a) OVER w AS m FROM s WINDOWED BY STAGGER (PARTITION BY k RANGE INTERVAL '1' MINUTE)
		WINDOW w AS (ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) ORDER BY m DESC`)
	for n, want := range map[Node]string{
		&sel.Items[0]:                  "AVG(A) OVER W AS M",
		sel.Items[0].Expr.(*Call).Over: "W",
		sel.Windowed:                   "WINDOWED BY STAGGER (PARTITION BY K RANGE INTERVAL '1' MINUTE)",
		&sel.Windows[0]:                "W AS (ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)",
		sel.Windows[0].Spec.Frame:      "ROWS BETWEEN 2 PRECEDING AND CURRENT ROW",
		sel.Windows[0].Spec.Frame.End:  "CURRENT ROW",
		&sel.OrderBy[0]:                "M DESC",
	} {
		if got := Print(n); got != want {
			t.Errorf("Print(%T) = %q, want %q", n, got, want)
		}
	}
}
