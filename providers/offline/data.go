package offline

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/anuvad/anuvad/providers/offline/internal/hindi"
)

//go:generate go run ./internal/gen -out data -cldr /tmp/cldr/node_modules

//go:embed data/*.tsv.gz
var dataFS embed.FS

// candidate is one English rendering of a Hindi dictionary entry.
type candidate struct {
	en  string
	pos byte // n v a r p o c x, as in the FreeDict tags
}

type analysis struct {
	lemma string
	pos   string // n adj vblex adv np num
	tags  string // the remaining tags, dot separated
}

type name struct {
	en   string
	kind string // place lang month day
}

// tables are the generated lexical resources, read once and never written
// afterwards.
type tables struct {
	lex   map[string][]candidate
	morph map[string][]analysis
	names map[string]name
	loans map[string][]string
	verbs map[string]bool
	// phraseFirst maps the first word of every multi-word key (in the
	// tables here and in the hand tables) to the longest such key's length
	// in words, so that phrase lookup is only tried where it can succeed.
	phraseFirst map[string]uint8
	// words and phrases hold the hand tables and the CLDR names merged
	// into ready tokens, single words and multi-word keys apart.
	words, phrases map[string]token
	// content, stems and light are the hand tables of content words,
	// verb stems and light verbs with their keys normalised.
	content map[string]fword
	stems   map[string]string
	light   map[string]string
}

// indexHand merges the hand tables and names into t.words and t.phrases,
// lowest priority first so that higher priority tables overwrite.
func (t *tables) indexHand() {
	t.content = make(map[string]fword, len(contentWords)+len(vocabulary))
	for _, m := range []map[string]fword{vocabulary, contentWords} {
		for k, w := range m {
			t.content[hindi.Key(k)] = w
		}
	}
	t.stems = make(map[string]string, len(verbStems))
	for k, en := range verbStems {
		t.stems[hindi.Key(k)] = en
	}
	t.light = make(map[string]string, len(lightVerbs))
	for k, en := range lightVerbs {
		t.light[hindi.Key(k)] = en
	}
	put := func(k string, tok token) {
		k = hindi.Key(k)
		tok.key = k
		if strings.Contains(k, " ") {
			t.phrases[k] = tok
		} else {
			t.words[k] = tok
		}
	}
	for k, n := range t.names {
		put(k, token{en: n.en, c: cName})
	}
	for _, m := range []map[string]fword{vocabulary, contentWords} {
		for k, w := range m {
			put(k, token{en: w.en, c: w.c})
		}
	}
	for _, x := range []struct {
		m map[string]string
		c cat
	}{
		{adverbs, cAdv}, {numbers, cNum}, {determiners, cDet}, {pronouns, cPron},
		{conjunctions, cConj}, {coordinators, cAnd},
	} {
		for k, en := range x.m {
			put(k, token{en: en, c: x.c})
		}
	}
	for k, a := range auxiliaries {
		put(k, token{c: cAux, aux: a, pl: a.pl, stem: auxStem(hindi.Key(k)), vform: a.form})
	}
	for k, en := range postpositions {
		put(k, token{en: en, c: cPost})
	}
	for k, en := range verbPhrases {
		put(k, token{en: en, c: cVerb, vform: "fixed"})
	}
}

var (
	loadOnce sync.Once
	loaded   *tables
	loadErr  error
)

// loadTables parses the embedded tables on first use.
func loadTables() (*tables, error) {
	loadOnce.Do(func() { loaded, loadErr = parseTables() })
	return loaded, loadErr
}

func eachLine(file string, fn func(fields []string)) error {
	raw, err := dataFS.ReadFile("data/" + file)
	if err != nil {
		return fmt.Errorf("offline: read table %s: %w", file, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("offline: table %s: %w", file, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fn(strings.Split(sc.Text(), "\t"))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("offline: table %s: %w", file, err)
	}
	return nil
}

func parseTables() (*tables, error) {
	t := &tables{
		lex:         make(map[string][]candidate, 24000),
		morph:       make(map[string][]analysis, 64000),
		names:       make(map[string]name, 900),
		loans:       make(map[string][]string, 62000),
		verbs:       make(map[string]bool, 8500),
		phraseFirst: map[string]uint8{},
	}
	addPhrase := func(k string) {
		k = hindi.Key(k)
		n := strings.Count(k, " ") + 1
		if n < 2 {
			return
		}
		first, _, _ := strings.Cut(k, " ")
		if uint8(n) > t.phraseFirst[first] {
			t.phraseFirst[first] = uint8(n)
		}
	}
	for _, m := range []map[string]string{postpositions, conjunctions, adverbs, determiners, pronouns, verbPhrases} {
		for k := range m {
			addPhrase(k)
		}
	}
	for _, m := range []map[string]fword{contentWords, vocabulary} {
		for k := range m {
			addPhrase(k)
		}
	}
	// The analyser, loanword and verb tables are independent of the rest:
	// parse them on other cores meanwhile.
	var side errgroup.Group
	side.Go(func() error {
		return eachLine("morph.tsv.gz", func(f []string) {
			if len(f) != 2 {
				return
			}
			for _, a := range strings.Split(f[1], ";") {
				parts := strings.SplitN(a, ".", 3)
				if len(parts) < 2 {
					continue
				}
				an := analysis{lemma: parts[0], pos: parts[1]}
				if len(parts) == 3 {
					an.tags = parts[2]
				}
				t.morph[f[0]] = append(t.morph[f[0]], an)
			}
		})
	})
	side.Go(func() error {
		return eachLine("loan.tsv.gz", func(f []string) {
			if len(f) == 2 {
				t.loans[f[0]] = strings.Split(f[1], "|")
			}
		})
	})
	side.Go(func() error {
		return eachLine("verbs.tsv.gz", func(f []string) { t.verbs[f[0]] = true })
	})
	err := eachLine("lex.tsv.gz", func(f []string) {
		if len(f) != 2 {
			return
		}
		var cs []candidate
		for _, c := range strings.Split(f[1], "|") {
			en, pos, _ := strings.Cut(c, "/")
			if pos == "" {
				pos = "x"
			}
			cs = append(cs, candidate{en: en, pos: pos[0]})
		}
		t.lex[f[0]] = cs
		addPhrase(f[0])
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("names.tsv.gz", func(f []string) {
		if len(f) == 3 {
			t.names[f[0]] = name{en: f[1], kind: f[2]}
			addPhrase(f[0])
		}
	})
	// Hindi writes compound names with or without a space (हाँग काँग,
	// हांगकांग) and the English ऑ as आ (ऑस्ट्रेलिया, आस्ट्रेलिया).
	variants := map[string]name{}
	keys := make([]string, 0, len(t.names))
	for k := range t.names {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first name wins a shared variant, always the same
	for _, k := range keys {
		n := t.names[k]
		for _, v := range []string{strings.ReplaceAll(k, " ", ""), strings.ReplaceAll(strings.ReplaceAll(k, "ऑ", "आ"), "ॉ", "ा")} {
			if _, dup := t.names[v]; !dup && v != k {
				if _, taken := variants[v]; !taken {
					variants[v] = n
				}
			}
		}
	}
	for v, n := range variants {
		t.names[v] = n
	}
	if err != nil {
		return nil, err
	}
	if err := side.Wait(); err != nil {
		return nil, err
	}
	t.words = make(map[string]token, 2000)
	t.phrases = make(map[string]token, 1000)
	t.indexHand()
	return t, nil
}
