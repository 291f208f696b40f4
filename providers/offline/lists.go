package offline

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"

	"github.com/anuvad/anuvad/internal/hindi"
)

// The hand-written word lists: one entry a line, "hindi<TAB>english<TAB>
// class<TAB>source", with # comments; each file's header says what it
// holds.
//
//go:embed data/lists/*.tsv
var listFS embed.FS

// handFiles are the lists in data/lists. content marks the lists of nouns
// and adjectives: their words are also the lemmas whose English nounEnglish
// gives (the analyser reads कदमों as कदम). A class ending in ".lemma"
// (adj.lemma) gives only that English, where the word itself reads
// otherwise (अलग is "separately" as a word, "different" as a lemma).
var handFiles = []struct {
	name    string
	content bool
}{
	{"postpositions.tsv", false},
	{"genitive-objects.tsv", false},
	{"verb-phrases.tsv", false},
	{"pronouns.tsv", false},
	{"determiners.tsv", false},
	{"numbers.tsv", false},
	{"conjunctions.tsv", false},
	{"adverbs.tsv", false},
	{"auxiliaries.tsv", false},
	{"verb-stems.tsv", false},
	{"light-verbs.tsv", false},
	{"content-words.tsv", true},
	{"vocabulary.tsv", true},
}

// source says where a hand-list entry comes from.
type source uint8

const (
	srcDictionary source = iota + 1 // a plain dictionary fact
	srcGrammar                      // a member of a closed word class
	srcDevSet                       // added while reading development evaluation sentences
)

var sourceNames = map[string]source{"dictionary": srcDictionary, "grammar": srcGrammar, "dev-set": srcDevSet}

// namespace separates the relations the lists define: a key may appear once
// in each (जा is an auxiliary word and the stem of "go").
type namespace uint8

const (
	nsWord   namespace = iota // a word or phrase read as one token
	nsStem                    // a verb stem and its English verb
	nsLight                   // noun + light-verb stem and the English verb
	nsObject                  // genitive pronoun and its English object form
	nsLemma                   // noun or adjective lemma and its English
)

// handEntry is one line of a hand-written list.
type handEntry struct {
	key     string // normalised with hindi.Key
	en      string
	class   string
	ns      namespace
	tok     token // for nsWord: the token the entry reads as
	source  source
	content bool
	pos     string // file:line, for messages
}

var wordClasses = map[string]cat{
	"noun": cNoun, "name": cName, "adj": cAdj, "det": cDet, "num": cNum, "pron": cPron,
	"post": cPost, "conj": cConj, "coord": cAnd, "adv": cAdv,
}

var auxKinds = map[string]auxKind{
	"pres": aPres, "past": aPast, "prog": aProg, "pass": aPass, "can": aCan, "done": aDone,
	"will": aWill, "should": aShould, "vector": aVector, "hua": aHua, "must": aMust, "begin": aBegin,
}

var verbFormNames = map[string]bool{"perf": true, "impf": true, "fut": true, "prs": true, "inf": true, "stem": true}

// englishMarkers are the english values that stand for a rule rather than
// a word.
var englishMarkers = map[string]string{"<poss>": possMark, "<ly>": lyMark}

// parseHandLists reads every hand-written list from fsys (listFS but in
// tests). It fails on a malformed line, or on a key defined twice in one
// namespace (after normalisation), naming both places.
func parseHandLists(fsys fs.FS) ([]handEntry, error) {
	var out []handEntry
	seen := map[namespace]map[string]string{}
	for _, f := range handFiles {
		raw, err := fs.ReadFile(fsys, "data/lists/"+f.name)
		if err != nil {
			return nil, fmt.Errorf("offline: %w", err)
		}
		n := 0
		for line := range strings.Lines(string(raw)) {
			n++
			line = strings.TrimRight(line, "\r\n")
			if line == "" || line[0] == '#' {
				continue
			}
			pos := fmt.Sprintf("data/lists/%s:%d", f.name, n)
			e, err := parseHandLine(line, pos)
			if err != nil {
				return nil, err
			}
			e.content = f.content
			spaces := []namespace{e.ns}
			if f.content && e.ns == nsWord {
				spaces = append(spaces, nsLemma)
			}
			for _, ns := range spaces {
				if seen[ns] == nil {
					seen[ns] = map[string]string{}
				}
				if prev, dup := seen[ns][e.key]; dup {
					return nil, fmt.Errorf("offline: %s: %q is already defined at %s", pos, e.key, prev)
				}
				seen[ns][e.key] = pos
			}
			out = append(out, e)
		}
	}
	return out, nil
}

func parseHandLine(line, pos string) (handEntry, error) {
	cols := strings.Split(line, "\t")
	if len(cols) != 4 {
		return handEntry{}, fmt.Errorf("offline: %s: %d columns, want 4 (hindi, english, class, source)", pos, len(cols))
	}
	e := handEntry{key: hindi.Key(cols[0]), en: cols[1], class: cols[2], pos: pos}
	if e.key == "" {
		return e, fmt.Errorf("offline: %s: empty hindi", pos)
	}
	src, ok := sourceNames[cols[3]]
	if !ok {
		return e, fmt.Errorf("offline: %s: unknown source %q (dictionary, grammar, dev-set)", pos, cols[3])
	}
	e.source = src
	en := e.en
	if m, ok := englishMarkers[en]; ok {
		en = m
	}
	if class, ok := strings.CutSuffix(e.class, ".lemma"); ok {
		c, ok := wordClasses[class]
		if !ok {
			return e, fmt.Errorf("offline: %s: class %s cannot be a lemma", pos, e.class)
		}
		e.ns, e.tok = nsLemma, token{key: e.key, en: en, c: c}
		return e, nil
	}
	switch kind, rest, _ := strings.Cut(e.class, "."); {
	case kind == "stem":
		e.ns = nsStem
	case kind == "light":
		e.ns = nsLight
		if !strings.Contains(e.key, " ") {
			return e, fmt.Errorf("offline: %s: a light verb key is a word and a verb stem, got %q", pos, e.key)
		}
	case kind == "object":
		e.ns = nsObject
	case kind == "vphrase":
		e.tok = token{key: e.key, en: en, c: cVerb, vform: "fixed"}
	case kind == "aux":
		a, err := parseAux(rest)
		if err != nil {
			return e, fmt.Errorf("offline: %s: %w", pos, err)
		}
		e.tok = token{key: e.key, c: cAux, aux: a, pl: a.pl, stem: auxStem(e.key), vform: a.form}
	default:
		c, ok := wordClasses[e.class]
		if !ok {
			return e, fmt.Errorf("offline: %s: unknown class %q", pos, e.class)
		}
		e.tok = token{key: e.key, en: en, c: c}
	}
	if e.ns != nsWord && e.en == "" {
		return e, fmt.Errorf("offline: %s: empty english", pos)
	}
	return e, nil
}

// parseAux reads the KIND[.FORM][.pl] of an auxiliary's class.
func parseAux(s string) (auxWord, error) {
	parts := strings.Split(s, ".")
	k, ok := auxKinds[parts[0]]
	if !ok {
		return auxWord{}, fmt.Errorf("unknown auxiliary kind %q", parts[0])
	}
	a := auxWord{k: k}
	for _, p := range parts[1:] {
		switch {
		case p == "pl" && !a.pl:
			a.pl = true
		case verbFormNames[p] && a.form == "" && !a.pl:
			a.form = p
		default:
			return auxWord{}, fmt.Errorf("bad auxiliary class aux.%s", s)
		}
	}
	return a, nil
}
