package align

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/corpus"
)

// TestRunKeepsOrderAndCounts aligns several document pairs on several
// workers: results come in the order of the jobs, a pair that cannot be
// read is handed on with its error, and the summary counts what was
// written.
func TestRunKeepsOrderAndCounts(t *testing.T) {
	docs := map[string][]string{
		"hi": {"दिल्ली में 12 मार्च को बारिश हुई।", "सरकार ने 2024 में नई योजना शुरू की।", "यह वाक्य अंग्रेज़ी में नहीं है।"},
		"en": {"It rained in Delhi on 12 March.", "The government started a new scheme in 2024."},
	}
	read := func(_ context.Context, path string) (Document, error) {
		side, _, _ := strings.Cut(path, "/")
		if strings.HasSuffix(path, "broken") {
			return Document{}, errors.New("unreadable")
		}
		var d Document
		pos := 0
		for _, s := range docs[side] {
			d.Sentences = append(d.Sentences, s)
			d.Start = append(d.Start, pos)
			pos += len([]rune(s))
			d.End = append(d.End, pos)
			pos++
		}
		return d, nil
	}
	var jobs []Job
	for i := range 6 {
		name := fmt.Sprintf("doc%d", i)
		if i == 3 {
			name = "broken"
		}
		jobs = append(jobs, Job{Name: name, Hi: "hi/" + name, En: "en/" + name})
	}
	var order []string
	var written int
	w := WriterFunc(func(r Result, pairs []corpus.Pair) error {
		order = append(order, r.Job.Name)
		if (r.Err != nil) != (r.Job.Name == "broken") {
			t.Errorf("%s: err = %v", r.Job.Name, r.Err)
		}
		for _, p := range pairs {
			if p.Doc != r.Job.Name || p.Score == nil || p.End <= p.Start || p.Flags == nil {
				t.Errorf("pair %+v", p)
			}
		}
		written += len(pairs)
		return nil
	})
	check := func(hi, en string) []string { return []string{} }
	sum, err := Run(context.Background(), jobs, RunOptions{Read: read, Workers: 3, MinScore: 0.5, Check: check}, w)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, " "); got != "doc0 doc1 doc2 broken doc4 doc5" {
		t.Errorf("results in order %s", got)
	}
	if sum.Documents != 6 || len(sum.Failed) != 1 || sum.Failed[0].Doc != "broken" {
		t.Errorf("summary = %+v", sum)
	}
	if sum.Pairs != written || sum.Pairs != 10 || sum.Links["1-1"] != 10 || sum.Links["1-0"] != 5 {
		t.Errorf("pairs %d (written %d), links %v; want 2 pairs and one 1-0 link a document", sum.Pairs, written, sum.Links)
	}
	if sum.MeanScore < 0.5 || sum.MeanScore > 1 {
		t.Errorf("mean score %g", sum.MeanScore)
	}
}
