package output

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/tmx"
)

func samplePairs() []corpus.Pair {
	return []corpus.Pair{
		{Doc: "a.txt", Index: 0, Hi: "राम घर गया।", En: "Ram went home.", Provider: "offline", Model: "m1"},
		{Doc: "a.txt", Index: 1, Hi: "टैब\tऔर\nपंक्ति", En: "tab <and> & \"line\"", Provider: "offline", Model: "m1", Flags: []string{"length_ratio"}},
		{Doc: "b.txt", Index: 0, Hi: "नियंत्रण\x01वर्ण", En: "control", Provider: "offline"},
	}
}

func writeSet(t *testing.T, opts Options) string {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range samplePairs() {
		if err := s.WritePair(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func TestAllFormats(t *testing.T) {
	dir := writeSet(t, Options{Formats: Formats, Meta: Meta{ToolVersion: "1.2.3"}})
	pairs := samplePairs()

	tsv := readLines(t, filepath.Join(dir, TSVFile))
	if len(tsv) != len(pairs) {
		t.Fatalf("tsv has %d rows, want %d", len(tsv), len(pairs))
	}
	for i, row := range tsv {
		if f := strings.Split(row, "\t"); len(f) != 2 {
			t.Errorf("tsv row %d has %d fields: %q", i, len(f), row)
		}
	}
	if tsv[1] != "टैब और पंक्ति\ttab <and> & \"line\"" {
		t.Errorf("tsv row 1 = %q", tsv[1])
	}

	hi, en := readLines(t, filepath.Join(dir, MosesSource)), readLines(t, filepath.Join(dir, MosesTarget))
	if len(hi) != len(pairs) || len(en) != len(pairs) {
		t.Fatalf("moses line counts %d/%d, want %d", len(hi), len(en), len(pairs))
	}
	if en[0] != "Ram went home." || hi[0] != "राम घर गया।" {
		t.Errorf("moses line 0 = %q / %q", hi[0], en[0])
	}

	f, err := os.Open(filepath.Join(dir, JSONLFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("jsonl line %d: %v", n, err)
		}
		for _, k := range []string{"doc", "index", "hi", "en", "provider", "model", "cached", "flags"} {
			if _, ok := m[k]; !ok && k != "model" {
				t.Errorf("jsonl line %d lacks %q", n, k)
			}
		}
		if m["hi"] != pairs[n].Hi {
			t.Errorf("jsonl line %d hi = %v", n, m["hi"])
		}
		n++
	}
	if n != len(pairs) {
		t.Errorf("jsonl has %d lines, want %d", n, len(pairs))
	}

	raw, err := os.ReadFile(filepath.Join(dir, TMXFile))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := tmx.Parse(raw)
	if err != nil {
		t.Fatalf("tmx does not parse: %v\n%s", err, raw)
	}
	if doc.Version != "1.4" || doc.Header.SourceLang != "hi" || doc.Header.Tool != "anuvad" || doc.Header.ToolVersion != "1.2.3" {
		t.Errorf("tmx header = %+v", doc.Header)
	}
	if len(doc.Units) != len(pairs) {
		t.Fatalf("tmx has %d tu, want %d", len(doc.Units), len(pairs))
	}
	for i, tu := range doc.Units {
		if len(tu.Variants) != 2 || tu.Variants[0].Lang != "hi" || tu.Variants[1].Lang != "en" || tu.Prop("x-provider") != pairs[i].Provider {
			t.Fatalf("tu %d = %+v", i, tu)
		}
	}
	if got := doc.Units[1].Variants[1].Text; got != "tab <and> & \"line\"" {
		t.Errorf("tmx escaped text round trip = %q", got)
	}
	if got := doc.Units[2].Variants[0].Text; strings.ContainsRune(got, 1) {
		t.Errorf("control character kept in tmx: %q", got)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "*"+tempSuffix))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestFilterKeepsJSONL(t *testing.T) {
	dir := writeSet(t, Options{Formats: Formats, Filter: true})
	if n := len(readLines(t, filepath.Join(dir, TSVFile))); n != 2 {
		t.Errorf("filtered tsv has %d rows, want 2", n)
	}
	if n := len(readLines(t, filepath.Join(dir, JSONLFile))); n != 3 {
		t.Errorf("jsonl has %d rows, want 3 (flags kept)", n)
	}
}

func TestAbortLeavesEarlierFiles(t *testing.T) {
	dir := writeSet(t, Options{Formats: []string{"tsv"}})
	before, _ := os.ReadFile(filepath.Join(dir, TSVFile))
	s, err := Open(dir, Options{Formats: []string{"tsv"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WritePair(corpus.Pair{Hi: "x", En: "y"}); err != nil {
		t.Fatal(err)
	}
	s.Abort()
	after, _ := os.ReadFile(filepath.Join(dir, TSVFile))
	if string(before) != string(after) {
		t.Error("abort changed the committed file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("dir holds %d entries after abort, want 1", len(entries))
	}
}

func TestFailuresFile(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Formats: []string{"tsv"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFailure(corpus.Failure{Doc: "a", Index: 3, Hi: "वाक्य", Error: "provider said no"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	lines := readLines(t, filepath.Join(dir, FailureFile))
	if len(lines) != 1 || !strings.Contains(lines[0], "provider said no") {
		t.Errorf("failures = %q", lines)
	}
	// A later clean run removes the stale failures file.
	s, _ = Open(dir, Options{Formats: []string{"tsv"}})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, FailureFile)); !os.IsNotExist(err) {
		t.Error("stale failures.jsonl kept")
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := Open(t.TempDir(), Options{Formats: []string{"xlsx"}}); err == nil || !strings.Contains(err.Error(), "xlsx") {
		t.Errorf("err = %v", err)
	}
}

func TestReviewMarks(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Formats: Formats})
	if err != nil {
		t.Fatal(err)
	}
	pairs := []corpus.Pair{
		{Doc: "a.txt", Index: 0, Hi: "एक", En: "one", Provider: "offline", Reviewed: corpus.Accepted},
		{Doc: "a.txt", Index: 1, Hi: "दो", En: "two, as corrected", Provider: "human", Reviewed: corpus.Edited},
		{Doc: "a.txt", Index: 2, Hi: "तीन", En: "tree", Provider: "offline", Reviewed: corpus.Rejected},
		{Doc: "a.txt", Index: 3, Hi: "चार", En: "four", Provider: "offline"},
	}
	for _, p := range pairs {
		if err := s.WritePair(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{TSVFile, MosesTarget} {
		if got := strings.Join(readLines(t, filepath.Join(dir, name)), "|"); strings.Contains(got, "tree") || !strings.Contains(got, "two, as corrected") {
			t.Errorf("%s = %q, want the rejected pair left out and the edit in", name, got)
		}
	}
	var marks []string
	for _, line := range readLines(t, filepath.Join(dir, JSONLFile)) {
		var p corpus.Pair
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatal(err)
		}
		marks = append(marks, p.Reviewed)
	}
	if got := strings.Join(marks, ","); got != "accepted,edited,rejected," {
		t.Errorf("jsonl reviewed marks = %q, want every pair kept with its mark", got)
	}
	b, _ := os.ReadFile(filepath.Join(dir, TMXFile))
	doc, err := tmx.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	var tmxMarks []string
	for _, u := range doc.Units {
		tmxMarks = append(tmxMarks, u.Variants[0].Text+"="+u.Prop(tmx.PropReviewed))
	}
	if got := strings.Join(tmxMarks, ","); got != "एक=accepted,दो=edited,चार=" {
		t.Errorf("tmx x-reviewed = %q", got)
	}
}
