package offline

import (
	"strings"
	"sync"

	"github.com/anuvad/anuvad/internal/hindi"
)

// Options change the output of the translator.
type Options struct {
	// KeepDevanagari leaves words that no table knows in Devanagari
	// instead of romanising them.
	KeepDevanagari bool `mapstructure:"keep_devanagari"`
	// NoReorder turns the clause word-order rules and articles off: the
	// verb stays last, as in Hindi. Phrases are still rendered in English
	// order (the Y of X, in X).
	NoReorder bool `mapstructure:"no_reorder"`
	// NoDevSet leaves out the hand-list entries that were written while
	// reading the development evaluation sentences (source dev-set in
	// data/lists), so that a held-out set can be scored without them.
	NoDevSet bool `mapstructure:"no_dev_set"`
}

// Translator glosses Hindi sentences into English. It is safe for
// concurrent use.
type Translator struct {
	opts Options

	// The tables are parsed on the first sentence or word translated, not
	// by New: a run served from the cache never pays for them.
	once    sync.Once
	t       *tables
	loadErr error
}

// New returns a Translator. The embedded tables are parsed when it first
// translates (once per process, shared by every Translator), so New is
// cheap; it never fails, and returns an error for options it may check
// later.
func New(opts Options) (*Translator, error) {
	return &Translator{opts: opts}, nil
}

// Load parses the embedded tables unless that is done already, and reports
// whether they can be used. Gloss, Translations and Lemmas load them
// themselves; Load lets a caller see the error instead of a panic.
func (tr *Translator) Load() error {
	tr.once.Do(func() { tr.t, tr.loadErr = loadTables(!tr.opts.NoDevSet) })
	return tr.loadErr
}

// mustLoad loads the tables or panics. The embedded tables are part of the
// binary and a test parses them, so failing here means a corrupt build.
func (tr *Translator) mustLoad() {
	if err := tr.Load(); err != nil {
		panic(err)
	}
}

// scratch holds the buffers of one Gloss call, kept in scratchPool so that
// a sentence reuses the memory of the ones before it. Nothing in them
// outlives the call: the result is a new string.
type scratch struct {
	raw    []rawTok
	keys   []string
	key    []byte
	toks   []token // analyse
	groups []token // buildGroups
	units  []unit  // phrase
	cplx   []unit  // complexes
	order  []unit  // reorder
	words  []string
	chain  []unit
	text   []byte
	text2  []byte
	// loanword matching
	rom, shape, lower []byte
	dist              []int
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// Gloss translates one Hindi sentence into English. Text without
// Devanagari is returned unchanged; the result is empty only when the
// input is blank.
func (tr *Translator) Gloss(hi string) string {
	if strings.TrimSpace(hi) == "" {
		return ""
	}
	if !hindi.HasDevanagari(hi) {
		return strings.TrimSpace(hi)
	}
	tr.mustLoad()
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.raw = appendSplit(sc.raw[:0], hi)
	ts := tr.analyse(sc, sc.raw)
	tr.disambiguate(ts)
	ts = tr.buildGroups(sc, ts)
	us := complexes(sc, phrase(sc, ts), !tr.opts.NoReorder)
	if !tr.opts.NoReorder {
		us = reorder(sc, us)
	}
	out := render(sc, us)
	if strings.TrimSpace(out) == "" {
		// Only signs without sound (or markers we drop) were present.
		out = strings.TrimSpace(hindi.Romanize(hi))
		if out == "" {
			out = "."
		}
	}
	return out
}

// Translations returns the English candidates for one Hindi word, best
// first: the hand tables, the dictionary entry of the word or of its
// lemma, then a loanword or a romanised name.
func (tr *Translator) Translations(word string) []string {
	k := hindi.Key(strings.TrimSpace(word))
	if k == "" {
		return nil
	}
	tr.mustLoad()
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if strings.Contains(k, " ") {
		if t, ok := tr.lookupPhrase(k); ok {
			add(t.en)
		}
	} else {
		sc := scratchPool.Get().(*scratch)
		t := tr.lookupWord(sc, k, word)
		scratchPool.Put(sc)
		add(t.en)
	}
	for _, c := range tr.t.lex[k] {
		add(c.en)
	}
	for _, a := range tr.t.morph[k] {
		if a.pos == "vblex" {
			if en, ok := tr.verbEnglish(a.lemma); ok {
				add(en)
			}
			continue
		}
		for _, c := range tr.t.lex[a.lemma] {
			add(c.en)
		}
	}
	return out
}

// Lemmas returns the dictionary forms of a Hindi word according to the
// analyser (कदमों → कदम; दोहराया → दोहराना), the word itself first when it
// is a form of its own. Unknown words give their lookup key alone.
func (tr *Translator) Lemmas(word string) []string {
	k := hindi.Key(strings.TrimSpace(word))
	if k == "" {
		return nil
	}
	tr.mustLoad()
	out := []string{}
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, a := range tr.t.morph[k] {
		l := a.lemma
		if a.pos == "vblex" && !strings.HasSuffix(l, "ना") {
			l += "ना"
		}
		add(l)
	}
	if len(out) == 0 {
		add(k)
	}
	return out
}
