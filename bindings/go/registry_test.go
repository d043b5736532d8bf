package paycode

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The test document attributes every vector input as the Rust library's Report::registry
// does (the decode-registry cases of the expected file).
func TestEveryInputIsAttributedAsTheLibraryAttributesIt(t *testing.T) {
	reg, err := LoadRegistry(readFile(t, "bindings/c/tests/registry-doc.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	cases := casesOf(t, "decode-registry", 500)
	var inputs []string
	moved := 0
	for _, c := range cases {
		r, err := reg.Decode(c.a, false)
		if err != nil || r.JSON != c.expected {
			t.Fatalf("%s: got %s (%v), the library's %s", c.at, r.JSON, err, c.expected)
		}
		if one, _ := Decode(c.a, false); one.JSON != r.JSON {
			moved++
		}
		inputs = append(inputs, c.a)
	}
	if moved == 0 {
		t.Fatal("the document moves no code")
	}
	reports, err := reg.DecodeMany(inputs, false)
	if err != nil || len(reports) != len(cases) {
		t.Fatal(len(reports), err)
	}
	for i, r := range reports {
		if r.JSON != cases[i].expected {
			t.Fatalf("%s in a batch: got %s", cases[i].at, r.JSON)
		}
	}
	r, _ := reg.Decode("134556781234567890", false)
	if len(r.Issuers) != 1 || r.Issuers[0] != "campus-card" {
		t.Fatal(r.Issuers)
	}
}

func TestTheRegistrysOwnFileAttributesAsTheBuiltInTables(t *testing.T) {
	reg, err := LoadRegistry(readFile(t, "spec/registry.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	for _, c := range casesOf(t, "decode", 500) {
		if r, err := reg.Decode(c.a, false); err != nil || r.JSON != c.expected {
			t.Fatalf("%s: got %s (%v)", c.at, r.JSON, err)
		}
	}
}

func TestBrokenDocumentsAreRefusedWithWhy(t *testing.T) {
	for _, doc := range []string{"", "{", "[1, 2]", `{"version": "1"}`,
		`{"issuers": [{"id": "Bad", "name": "A"}]}`,
		`{"issuers": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}`} {
		reg, err := LoadRegistry(doc)
		var e *Error
		if reg != nil || !errors.As(err, &e) || e.Rule != "" || e.Location != "registry" || e.Message == "" || e.Status != -3 {
			t.Fatalf("%q: %v %#v", doc, reg, err)
		}
	}
	var e *Error
	if _, err := LoadRegistry("{\"issuers\": [\"\xff\"]}"); !errors.As(err, &e) || e.Status != -2 {
		t.Fatalf("%#v", err)
	}
}

func TestAClosedRegistryRefusesCalls(t *testing.T) {
	reg, err := LoadRegistry(readFile(t, "bindings/c/tests/registry-doc.json"))
	if err != nil {
		t.Fatal(err)
	}
	if reg.Close() != nil || reg.Close() != nil {
		t.Fatal("close")
	}
	if _, err := reg.Decode(numeric, false); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatal(err)
	}
	if _, err := reg.DecodeMany([]string{numeric}, false); err == nil {
		t.Fatal("a batch through a closed registry")
	}
}

func TestGoroutinesShareOneRegistry(t *testing.T) {
	reg, err := LoadRegistry(readFile(t, "bindings/c/tests/registry-doc.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	one, _ := reg.Decode(numeric, false)
	var wg sync.WaitGroup
	bad := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if r, err := reg.Decode(numeric, false); err != nil || r.JSON != one.JSON {
					bad <- r.JSON
					return
				}
			}
		}()
	}
	wg.Wait()
	close(bad)
	for b := range bad {
		t.Fatal(b)
	}
}
