package paycode

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// testCase is one line of the file PAYCODE_EXPECTED names: what the Rust library answers for
// a shared conformance vector, written in the same run by
// `cargo run -p paycode-ffi --example expected -- FILE` (its format is described there).
type testCase struct {
	op, a, b, expected, at string
	ok                     bool
}

func readCases(t *testing.T) []testCase {
	t.Helper()
	path := os.Getenv("PAYCODE_EXPECTED")
	if path == "" {
		t.Fatal("set PAYCODE_EXPECTED=FILE: cargo run -p paycode-ffi --example expected -- FILE")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []testCase
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 1<<20), 1<<24)
	for s.Scan() {
		cols := strings.Split(s.Text(), "\t")
		if len(cols) != 6 {
			t.Fatalf("%s: a line of %d columns", path, len(cols))
		}
		var text [3]string
		for i, col := range cols[2:5] {
			b, err := base64.StdEncoding.DecodeString(col)
			if err != nil {
				t.Fatalf("%s: %v", cols[5], err)
			}
			text[i] = string(b)
		}
		cases = append(cases, testCase{op: cols[0], ok: cols[1] == "ok", a: text[0], b: text[1], expected: text[2], at: cols[5] + " (" + cols[0] + ")"})
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

func casesOf(t *testing.T, op string, atLeast int) []testCase {
	t.Helper()
	var out []testCase
	for _, c := range readCases(t) {
		if c.op == op {
			out = append(out, c)
		}
	}
	if len(out) < atLeast {
		t.Fatalf("%d %s cases, expected at least %d", len(out), op, atLeast)
	}
	return out
}

// refusedAsExpected checks a refusal against the library's: the same error object, and its
// rule and message read from it.
func refusedAsExpected(t *testing.T, c testCase, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: %v is no *Error", c.at, err)
	}
	if c.ok {
		t.Fatalf("%s: the library reads it; Go: %v", c.at, err)
	}
	if e.JSON != c.expected {
		t.Fatalf("%s: error %s, the library's %s", c.at, e.JSON, c.expected)
	}
	var want struct {
		Rule    *string `json:"rule"`
		Message string  `json:"message"`
	}
	if err := json.Unmarshal([]byte(c.expected), &want); err != nil {
		t.Fatal(err)
	}
	rule := ""
	if want.Rule != nil {
		rule = *want.Rule
	}
	if e.Rule != rule || e.Message != want.Message || e.Status != -3 {
		t.Fatalf("%s: %+v, the library's %s", c.at, e, c.expected)
	}
}

func TestEveryInputDecodesAsTheLibraryReportsIt(t *testing.T) {
	for _, op := range []string{"decode", "decode-reveal"} {
		cases := casesOf(t, op, 500)
		var inputs, want []string
		for _, c := range cases {
			r, err := Decode(c.a, op == "decode-reveal")
			if err != nil {
				t.Fatalf("%s: %v", c.at, err)
			}
			if r.JSON != c.expected || r.OK != c.ok {
				t.Fatalf("%s: got %s, the library's %s", c.at, r.JSON, c.expected)
			}
			if (r.Error == nil) != r.OK {
				t.Fatalf("%s: ok %v with error %v", c.at, r.OK, r.Error)
			}
			inputs = append(inputs, c.a)
			want = append(want, c.expected)
		}
		// All of them again, in batches.
		reports, err := DecodeMany(inputs, op == "decode-reveal")
		if err != nil {
			t.Fatal(err)
		}
		if len(reports) != len(want) {
			t.Fatalf("%d reports for %d inputs", len(reports), len(want))
		}
		for i, r := range reports {
			if r.JSON != want[i] {
				t.Fatalf("%s in a batch: got %s, the library's %s", cases[i].at, r.JSON, want[i])
			}
		}
	}
}

func TestEveryToUnifiedVector(t *testing.T) {
	cases := casesOf(t, "to-unified", 33)
	for _, c := range cases {
		payload, err := ToUnifiedJSON(strings.Split(c.a, "\n"), c.b)
		if err != nil {
			refusedAsExpected(t, c, err)
			continue
		}
		if !c.ok || payload != c.expected {
			t.Fatalf("%s: got %q, the library's %q (ok %v)", c.at, payload, c.expected, c.ok)
		}
	}
}

func TestEveryFromUnifiedVector(t *testing.T) {
	for _, c := range casesOf(t, "from-unified", 16) {
		codes, err := FromUnified(c.a)
		if err != nil {
			refusedAsExpected(t, c, err)
			continue
		}
		if !c.ok || strings.Join(codes, "\n") != c.expected {
			t.Fatalf("%s: got %q, the library's %q (ok %v)", c.at, codes, c.expected, c.ok)
		}
	}
}

func TestEveryRouteVector(t *testing.T) {
	for _, c := range casesOf(t, "route", 45) {
		r, err := RouteFor(c.a, c.b)
		if err != nil {
			refusedAsExpected(t, c, err)
			continue
		}
		if !c.ok || r.JSON != c.expected {
			t.Fatalf("%s: got %s, the library's %s (ok %v)", c.at, r.JSON, c.expected, c.ok)
		}
		if r.Verdict == "" || r.Decision == "" {
			t.Fatalf("%s: %+v", c.at, r)
		}
	}
}

func TestEveryQRVector(t *testing.T) {
	for _, c := range casesOf(t, "qr", 13) {
		svg, err := QRSVG(c.a, c.b[0], 1)
		if err != nil {
			refusedAsExpected(t, c, err)
			continue
		}
		side := c.expected
		if !c.ok || !strings.Contains(svg, `viewBox="0 0 `+side+" "+side+`"`) || !strings.HasSuffix(svg, "</svg>\n") {
			t.Fatalf("%s: an SVG of another size than %s modules (ok %v)", c.at, side, c.ok)
		}
	}
}
