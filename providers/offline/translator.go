package offline

import (
	"strings"

	"github.com/anuvad/anuvad/providers/offline/internal/hindi"
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
}

// Translator glosses Hindi sentences into English. It is safe for
// concurrent use.
type Translator struct {
	t    *tables
	opts Options
}

// New returns a Translator, loading the embedded tables on first use.
func New(opts Options) (*Translator, error) {
	t, err := loadTables()
	if err != nil {
		return nil, err
	}
	return &Translator{t: t, opts: opts}, nil
}

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
	ts := tr.analyse(split(hi))
	tr.disambiguate(ts)
	ts = tr.buildGroups(ts)
	us := complexes(phrase(ts), !tr.opts.NoReorder)
	if !tr.opts.NoReorder {
		us = reorder(us)
	}
	out := render(us)
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
		t := tr.lookupWord(k, word)
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
