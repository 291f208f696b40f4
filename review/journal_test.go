package review

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/tmx"
)

func TestJournalDropsATornLastLine(t *testing.T) {
	dir := t.TempDir()
	j, err := OpenJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := samplePairs()
	if err := j.Append(Record{Doc: p[0].Doc, Index: p[0].Index, Hi: p[0].Hi, Decision: corpus.Accepted}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	// A crash in the middle of the next write leaves half a line.
	f, _ := os.OpenFile(filepath.Join(dir, JournalFile), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"doc":"a.txt","index":1,"hi":"बच्चे स्कूल गए।","deci`)
	f.Close()

	j, err = OpenJournal(dir)
	if err != nil {
		t.Fatalf("reopen after a torn line: %v", err)
	}
	if rec, ok := j.Decision(p[0]); !ok || rec.Decision != corpus.Accepted {
		t.Errorf("complete decision lost: %+v", rec)
	}
	if _, ok := j.Decision(p[1]); ok {
		t.Error("torn decision applied")
	}
	if err := j.Append(Record{Doc: p[1].Doc, Index: p[1].Index, Hi: p[1].Hi, Decision: corpus.Rejected}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j, err = OpenJournal(dir)
	if err != nil {
		t.Fatalf("the record after a torn line is unreadable: %v", err)
	}
	defer j.Close()
	if rec, ok := j.Decision(p[1]); !ok || rec.Decision != corpus.Rejected {
		t.Errorf("decision after the torn line = %+v", rec)
	}
	// A decision is tied to its sentence: another text at the same place
	// (a new run with other input) does not inherit it.
	moved := p[1]
	moved.Hi = "कुछ और।"
	if _, ok := j.Decision(moved); ok {
		t.Error("a decision applied to another sentence")
	}
}

func TestJournalNamesABadLine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, JournalFile), []byte(`{"doc":"a.txt","index":0,"hi":"x","decision":"accepted"}`+"\nnot json\n"), 0o644)
	_, err := OpenJournal(dir)
	if err == nil || !strings.Contains(err.Error(), JournalFile+":2") {
		t.Errorf("err = %v, want %s:2 named", err, JournalFile)
	}
}

func TestExportAppliesDecisions(t *testing.T) {
	ctx := context.Background()
	dir := writePairs(t, samplePairs())
	os.WriteFile(filepath.Join(dir, output.FailureFile), []byte(`{"doc":"a.txt","index":3,"hi":"टूटा","error":"provider refused"}`+"\n"), 0o644)
	j, err := OpenJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := samplePairs()
	for _, rec := range []Record{
		{Doc: p[0].Doc, Index: p[0].Index, Hi: p[0].Hi, Decision: corpus.Accepted},
		{Doc: p[2].Doc, Index: p[2].Index, Hi: p[2].Hi, Decision: corpus.Edited, En: "The price is 40 rupees."},
		{Doc: p[3].Doc, Index: p[3].Index, Hi: p[3].Hi, Decision: corpus.Rejected},
		{Doc: p[1].Doc, Index: p[1].Index, Hi: p[1].Hi, Decision: corpus.Rejected},
		{Doc: p[1].Doc, Index: p[1].Index, Hi: p[1].Hi, Decision: ""}, // withdrawn
	} {
		if err := j.Append(rec); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()

	st, err := Export(ctx, dir, output.Options{Formats: output.Formats}, true)
	if err != nil {
		t.Fatal(err)
	}
	if st != (ExportStats{Pairs: 5, Accepted: 1, Edited: 1, Rejected: 1, Failures: 1}) {
		t.Errorf("stats = %+v", st)
	}
	tsv, _ := os.ReadFile(filepath.Join(dir, output.TSVFile))
	if strings.Contains(string(tsv), "नदी") || !strings.Contains(string(tsv), "दाम 40 रुपये है।\tThe price is 40 rupees.") || strings.Count(string(tsv), "\n") != 4 {
		t.Errorf("pairs.tsv:\n%s", tsv)
	}
	en, _ := os.ReadFile(filepath.Join(dir, output.MosesTarget))
	if strings.Count(string(en), "\n") != 4 || strings.Contains(string(en), "45 rupees") {
		t.Errorf("corpus.en:\n%s", en)
	}
	b, _ := os.ReadFile(filepath.Join(dir, output.TMXFile))
	doc, err := tmx.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	var marks []string
	for _, u := range doc.Units {
		marks = append(marks, u.Prop("x-index")+":"+u.Prop(tmx.PropReviewed)+":"+u.Prop("x-provider"))
	}
	if got := strings.Join(marks, " "); got != "0:accepted:offline 1::openai 2:edited:human 1::aligned" {
		t.Errorf("tmx marks = %q", got)
	}
	var reviewed []string
	for _, line := range strings.Split(strings.TrimSpace(string(mustRead(t, filepath.Join(dir, output.JSONLFile)))), "\n") {
		var p corpus.Pair
		if err := jsonUnmarshal(line, &p); err != nil {
			t.Fatal(err)
		}
		reviewed = append(reviewed, p.Reviewed)
	}
	if got := strings.Join(reviewed, ","); got != "accepted,,edited,rejected," {
		t.Errorf("pairs.jsonl marks = %q (rejected pairs stay, marked)", got)
	}
	if f := string(mustRead(t, filepath.Join(dir, output.FailureFile))); !strings.Contains(f, "provider refused") {
		t.Errorf("failures.jsonl lost: %q", f)
	}

	// An export in one format keeps pairs.jsonl, the source of truth.
	if _, err := Export(ctx, dir, output.Options{Formats: []string{"tmx"}}, true); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(mustRead(t, filepath.Join(dir, output.JSONLFile))), "\n"); n != 5 {
		t.Errorf("pairs.jsonl has %d lines after a tmx-only export, want 5", n)
	}

	// Exported again, the result is the same: decisions are not applied twice.
	first := string(tsv)
	if _, err := Export(ctx, dir, output.Options{Formats: output.Formats}, true); err != nil {
		t.Fatal(err)
	}
	if again := string(mustRead(t, filepath.Join(dir, output.TSVFile))); again != first {
		t.Errorf("second export differs:\n%s\nvs\n%s", again, first)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
