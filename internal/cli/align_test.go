package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/align"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/normalize"
	"github.com/anuvad/anuvad/output"
)

// TestAlignFoldersNameUnmatchedAndSummarise checks the folder mode: every
// file without a namesake is named on stderr and in summary.json, which
// also counts pairs and links by type, and jsonl pairs carry the offsets
// of their Hindi sentences in the normalised document.
func TestAlignFoldersNameUnmatchedAndSummarise(t *testing.T) {
	dir := isolate(t)
	// Two spaces and a line break inside a sentence.
	hiText := "दिल्ली में 12 मार्च को  बारिश हुई। सरकार ने 2024 में\nनई योजना शुरू की।\n\nयह वाक्य अंग्रेज़ी में नहीं है। मोदी ने 5 देशों की यात्रा की।\n"
	enText := "It rained in Delhi on 12 March. The government started a new scheme in 2024.\n\nModi visited 5 countries.\n"
	writeFile(t, filepath.Join(dir, "hi", "one.txt"), hiText)
	writeFile(t, filepath.Join(dir, "en", "one.txt"), enText)
	writeFile(t, filepath.Join(dir, "hi", "lonely.txt"), hiText)
	writeFile(t, filepath.Join(dir, "en", "orphan.txt"), enText)
	writeFile(t, filepath.Join(dir, "hi", "notes.md"), "not a document")
	f, _, errOut := testFactory(t)
	code := Run(context.Background(), f, []string{"align", "--hi-dir", "hi", "--en-dir", "en", "--out", "corpus"})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lonely, orphan := filepath.Join("hi", "lonely.txt"), filepath.Join("en", "orphan.txt")
	for _, name := range []string{lonely, orphan} {
		if !strings.Contains(errOut.String(), name+": no counterpart") {
			t.Errorf("stderr does not name %s:\n%s", name, errOut)
		}
	}
	if strings.Contains(errOut.String(), "notes.md") {
		t.Errorf("a file that is not *.txt is named:\n%s", errOut)
	}

	b, err := os.ReadFile(filepath.Join(dir, "corpus", output.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum corpus.Summary
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	a := sum.Align
	if a == nil || sum.Command != "align" || a.Documents != 1 || a.Pairs != 3 || sum.Pairs != 3 {
		t.Fatalf("summary.json = %s", b)
	}
	if !slices.Equal(a.Unmatched, []string{orphan, lonely}) && !slices.Equal(a.Unmatched, []string{lonely, orphan}) {
		t.Errorf("unmatched = %q, want %s and %s", a.Unmatched, lonely, orphan)
	}
	if a.Links["1-1"] != 3 || a.Links["1-0"] != 1 || len(a.Links) != 2 {
		t.Errorf("links by type = %v, want 3 1-1 and one 1-0", a.Links)
	}
	if a.MeanScore <= 0.5 || a.MeanScore > 1 {
		t.Errorf("mean score = %g", a.MeanScore)
	}

	// Offsets count in the normalised document; the pair's text has its
	// runs of spaces and line breaks made one space.
	norm := []rune(normalize.Text(hiText))
	pairs := readPairs(t, filepath.Join(dir, "corpus"))
	if len(pairs) != 3 {
		t.Fatalf("%d pairs, want 3", len(pairs))
	}
	for _, p := range pairs {
		if p.Start < 0 || p.End > len(norm) || p.Start >= p.End {
			t.Fatalf("pair %d: offsets %d..%d outside the document", p.Index, p.Start, p.End)
		}
		if got := normalize.Spaces(string(norm[p.Start:p.End])); got != p.Hi {
			t.Errorf("pair %d: offsets %d..%d hold %q, not its Hindi %q", p.Index, p.Start, p.End, got, p.Hi)
		}
	}
	if pairs[2].Start == 0 {
		t.Errorf("the last pair starts at 0: %+v", pairs[2])
	}
}

// TestAlignIndicesScores checks that --scores adds each link's score to
// the indices, which ParseIndices reads back as the same links.
func TestAlignIndicesScores(t *testing.T) {
	dir := isolate(t)
	writeFile(t, filepath.Join(dir, "a.hi"), alignHi)
	writeFile(t, filepath.Join(dir, "a.en"), alignEn)
	f, out, errOut := testFactory(t)
	code := Run(context.Background(), f, []string{"align", "--input-format", "lines", "--format", "indices", "--scores", "a.hi", "a.en"})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	links, err := align.ParseIndices(strings.NewReader(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	want := [][2][]int{{{0}, {0}}, {{1}, {1}}, {{2}, {}}, {{3}, {2}}}
	if len(links) != len(want) {
		t.Fatalf("indices:\n%s", out)
	}
	for i, l := range links {
		if !slices.Equal(l.Hi, want[i][0]) || !slices.Equal(l.En, want[i][1]) {
			t.Errorf("link %d = %v:%v", i, l.Hi, l.En)
		}
		if l.IsPair() && (l.Score < 0.5 || l.Score > 1) || !l.IsPair() && l.Score != 0 {
			t.Errorf("link %d scores %g", i, l.Score)
		}
	}
	f, _, _ = testFactory(t)
	if code := Run(context.Background(), f, []string{"align", "--scores", "a.hi", "a.en"}); code != ExitUsage {
		t.Errorf("--scores without --format indices: exit %d, want %d", code, ExitUsage)
	}
}
