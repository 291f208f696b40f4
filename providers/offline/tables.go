package offline

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/anuvad/anuvad/internal/hindi"
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

// tables are the lexical resources: the generated tables and, once
// withHand has merged them in, the hand-written lists. They are built once
// and never written afterwards.
type tables struct {
	lex   map[string][]candidate
	morph map[string][]analysis
	names map[string]name
	loans map[string][]string
	verbs map[string]bool
	// phraseFirst maps the first word of every multi-word key (in the
	// dictionary, the CLDR names and the hand lists) to the longest such
	// key's length in words, so that phrase lookup is only tried where it
	// can succeed.
	phraseFirst map[string]uint8
	// phraseLens narrows phraseFirst: for a first word, bit n is set when
	// a key of n words (n ≤ its phraseFirst length, n ≤ maxPhrase) starts
	// with it in the phrases or the dictionary, the tables phrase lookup
	// reads. Lengths with no key are not tried.
	phraseLens map[string]uint8
	// phraseKeys holds every multi-word key of the phrases and the
	// dictionary that phraseLens lets lookup try: one small map to ask
	// before the two large ones.
	phraseKeys map[string]struct{}
	// phrasePrefixes holds the first 2 … n-1 words of every key of n
	// words in phraseKeys, so that lookup stops where no key goes on.
	phrasePrefixes map[string]struct{}
	// words and phrases hold the hand tables and the CLDR names merged
	// into ready tokens, single words and multi-word keys apart.
	words, phrases map[string]token
	// content, stems, light and genObject are the hand lists of content
	// words, verb stems, light verbs and genitive objects.
	content   map[string]fword
	stems     map[string]string
	light     map[string]string
	genObject map[string]string
}

// withHand returns the generated tables with the hand-written lists and
// the CLDR names merged into ready tokens. Entries from the development
// set are left out unless devSet. A hand entry takes precedence over a
// CLDR name with the same key; the lists themselves never define a key
// twice (parseHandLists refuses it), so their order does not matter.
func (b *tables) withHand(hand []handEntry, devSet bool) *tables {
	t := *b // the generated maps are shared: nothing writes them
	t.phraseFirst = maps.Clone(b.phraseFirst)
	t.words = make(map[string]token, 2000)
	t.phrases = make(map[string]token, 1000)
	t.content = make(map[string]fword, 1300)
	t.stems = make(map[string]string, 300)
	t.light = make(map[string]string, 300)
	t.genObject = make(map[string]string, 30)
	put := func(k string, tok token) {
		tok.key = k
		if strings.Contains(k, " ") {
			t.phrases[k] = tok
		} else {
			t.words[k] = tok
		}
	}
	// In key order, so that should two names meet after normalisation
	// the same one wins every time.
	for _, k := range slices.Sorted(maps.Keys(t.names)) {
		put(hindi.Key(k), token{en: t.names[k].en, c: cName})
	}
	for _, e := range hand {
		if e.source == srcDevSet && !devSet {
			continue
		}
		switch e.ns {
		case nsStem:
			t.stems[e.key] = e.en
		case nsLight:
			t.light[e.key] = e.en
		case nsObject:
			t.genObject[e.key] = e.en
		case nsLemma:
			t.content[e.key] = fword{en: e.tok.en, c: e.tok.c}
		default:
			put(e.key, e.tok)
			t.addPhrase(e.key)
			if e.content {
				t.content[e.key] = fword{en: e.tok.en, c: e.tok.c}
			}
		}
	}
	t.phraseLens = make(map[string]uint8, len(t.phraseFirst))
	t.phraseKeys = make(map[string]struct{}, len(t.phrases)+len(t.phraseFirst))
	t.phrasePrefixes = make(map[string]struct{}, len(t.phraseFirst))
	lens := func(k string) {
		first, _, multi := strings.Cut(k, " ")
		if !multi {
			return
		}
		if n := strings.Count(k, " ") + 1; n <= maxPhrase && n <= int(t.phraseFirst[first]) {
			t.phraseLens[first] |= 1 << n
			t.phraseKeys[k] = struct{}{}
			for p, w := len(first), 2; w < n; w++ {
				p += 1 + strings.IndexByte(k[p+1:], ' ')
				t.phrasePrefixes[k[:p]] = struct{}{}
			}
		}
	}
	for k := range t.phrases {
		lens(k)
	}
	for k := range t.lex {
		lens(k)
	}
	return &t
}

// maxPhrase is the longest multi-word key phrase lookup tries, in words.
const maxPhrase = 5

// addPhrase records the length of a multi-word key under its first word.
func (t *tables) addPhrase(k string) {
	n := strings.Count(k, " ") + 1
	if n < 2 {
		return
	}
	first, _, _ := strings.Cut(k, " ")
	if uint8(n) > t.phraseFirst[first] {
		t.phraseFirst[first] = uint8(n)
	}
}

var (
	baseOnce sync.Once
	base     *tables // the generated tables, without the hand lists
	hand     []handEntry
	baseErr  error

	mergedOnce [2]sync.Once
	merged     [2]*tables // without and with the development-set entries
)

// loadTables parses the embedded tables on first use and returns them with
// the hand lists merged, with or without the development-set entries.
func loadTables(devSet bool) (*tables, error) {
	i := 0
	if devSet {
		i = 1
	}
	mergedOnce[i].Do(func() {
		baseOnce.Do(func() { base, hand, baseErr = parseTables() })
		if baseErr == nil {
			merged[i] = base.withHand(hand, devSet)
		}
	})
	if baseErr != nil {
		return nil, baseErr
	}
	return merged[i], nil
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

func parseTables() (*tables, []handEntry, error) {
	t := &tables{
		lex:         make(map[string][]candidate, 24000),
		morph:       make(map[string][]analysis, 64000),
		names:       make(map[string]name, 900),
		loans:       make(map[string][]string, 62000),
		verbs:       make(map[string]bool, 8500),
		phraseFirst: map[string]uint8{},
	}
	addPhrase := func(k string) { t.addPhrase(hindi.Key(k)) }
	// The analyser, loanword and verb tables are independent of the rest:
	// parse them on other cores meanwhile.
	var side errgroup.Group
	var hand []handEntry
	side.Go(func() (err error) {
		hand, err = parseHandLists(listFS)
		return err
	})
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
		return nil, nil, err
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
		return nil, nil, err
	}
	if err := side.Wait(); err != nil {
		return nil, nil, err
	}
	return t, hand, nil
}
