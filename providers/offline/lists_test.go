package offline

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestHandLists parses the shipped lists: parseHandLists refuses a key that
// two lists (or two lines) define in one namespace, also when the keys only
// meet after normalisation, so this test fails on any such conflict.
func TestHandLists(t *testing.T) {
	es, err := parseHandLists(listFS)
	if err != nil {
		t.Fatal(err)
	}
	bySource := map[source]int{}
	for _, e := range es {
		bySource[e.source]++
	}
	if bySource[srcDictionary] == 0 || bySource[srcGrammar] == 0 || bySource[srcDevSet] == 0 {
		t.Errorf("entries by source: %v", bySource)
	}
	t.Logf("%d entries: dictionary %d, grammar %d, dev-set %d", len(es),
		bySource[srcDictionary], bySource[srcGrammar], bySource[srcDevSet])
}

// listsWith returns the shipped file set with extra lines added to some
// lists, and every other list empty.
func listsWith(extra map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range handFiles {
		fsys["data/lists/"+f.name] = &fstest.MapFile{Data: []byte("# header\n" + extra[f.name])}
	}
	return fsys
}

func TestHandListErrors(t *testing.T) {
	cases := []struct {
		name  string
		lists map[string]string
		want  string
	}{
		{"conflict between lists", map[string]string{
			"adverbs.tsv":       "बहुत\tvery\tadv\tgrammar\n",
			"determiners.tsv":   "बहुत\tmany\tdet\tgrammar\n",
			"vocabulary.tsv":    "",
			"postpositions.tsv": "",
		}, "data/lists/adverbs.tsv:2: \"बहुत\" is already defined at data/lists/determiners.tsv:2"},
		{"collision after normalisation", map[string]string{
			"adverbs.tsv": "यहां\there\tadv\tgrammar\nयहाँ\there\tadv\tgrammar\n",
		}, "data/lists/adverbs.tsv:3: \"यहां\" is already defined at data/lists/adverbs.tsv:2"},
		{"nukta spelling", map[string]string{
			"verb-stems.tsv": "आजमा\ttry\tstem\tdev-set\nआज़मा\ttry\tstem\tdev-set\n",
		}, "verb-stems.tsv:3"},
		{"content word and lemma", map[string]string{
			"content-words.tsv": "अलग\tdifferent\tadj\tdictionary\n",
			"vocabulary.tsv":    "अलग\tapart\tadj.lemma\tdev-set\n",
		}, "vocabulary.tsv:2: \"अलग\" is already defined at data/lists/content-words.tsv:2"},
		{"columns", map[string]string{"numbers.tsv": "दो\ttwo\tnum\n"}, "numbers.tsv:2: 3 columns"},
		{"source", map[string]string{"numbers.tsv": "दो\ttwo\tnum\tcorpus\n"}, "unknown source \"corpus\""},
		{"class", map[string]string{"numbers.tsv": "दो\ttwo\tnumber\tgrammar\n"}, "unknown class \"number\""},
		{"auxiliary", map[string]string{"auxiliaries.tsv": "है\t\taux.present\tgrammar\n"}, "unknown auxiliary kind"},
		{"light verb key", map[string]string{"light-verbs.tsv": "खेल\tplay\tlight\tdev-set\n"}, "light verb key"},
		{"lemma of a stem", map[string]string{"vocabulary.tsv": "खेल\tplay\tstem.lemma\tdev-set\n"}, "cannot be a lemma"},
	}
	for _, c := range cases {
		_, err := parseHandLists(listsWith(c.lists))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
	// The same key in two namespaces is no conflict: जा is an auxiliary
	// and the stem of "go".
	if _, err := parseHandLists(listsWith(map[string]string{
		"auxiliaries.tsv": "जा\t\taux.pass.stem\tgrammar\n",
		"verb-stems.tsv":  "जा\tgo\tstem\tdictionary\n",
	})); err != nil {
		t.Errorf("word and stem: %v", err)
	}
}

// TestNoDevSet checks that the option leaves the development-set entries
// out, and only them.
func TestNoDevSet(t *testing.T) {
	with, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	without, err := New(Options{NoDevSet: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := with.Load(); err != nil {
		t.Fatal(err)
	}
	if err := without.Load(); err != nil {
		t.Fatal(err)
	}
	es, _ := parseHandLists(listFS)
	checked := 0
	for _, e := range es {
		if e.ns != nsWord || strings.Contains(e.key, " ") {
			continue
		}
		_, in := without.t.words[e.key]
		_, name := without.t.names[e.key] // a CLDR name may stand in for it
		if e.source == srcDevSet && in && !name {
			t.Errorf("%s: dev-set entry %q kept without the development set", e.pos, e.key)
		}
		if e.source != srcDevSet && !in {
			t.Errorf("%s: %s entry %q lost without the development set", e.pos, e.class, e.key)
		}
		if _, in := with.t.words[e.key]; !in {
			t.Errorf("%s: entry %q missing", e.pos, e.key)
		}
		checked++
	}
	if checked < 1000 {
		t.Fatalf("only %d entries checked", checked)
	}
	// युद्ध (war) is a dictionary entry; मताधिकार (suffrage) was added from
	// the development sentences.
	if got := without.Gloss("युद्ध"); got != "The war" {
		t.Errorf("without the development set, युद्ध = %q", got)
	}
	if with.Gloss("मताधिकार") != "The suffrage" || without.Gloss("मताधिकार") == "The suffrage" {
		t.Errorf("मताधिकार: with %q, without %q", with.Gloss("मताधिकार"), without.Gloss("मताधिकार"))
	}
}
