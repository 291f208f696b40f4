package align

import (
	"strings"
	"unicode"

	"github.com/anuvad/anuvad/internal/hindi"
)

// Token classes. Each class has its own evidence weights (see params): a
// shared number is strong evidence, a shared common word weak evidence.
const (
	clsHiNumber = iota
	clsHiLatin
	clsHiWord
	clsHiGloss
	clsHiPunct
	clsEnNumber
	clsEnName
	clsEnWord
	clsEnPunct
	numClasses
)

// token is one evidence-bearing token of a sentence: its keys live in
// side.keys[k0:k1]. Two tokens on opposite sides match when they share a key.
type token struct {
	cls    uint8
	k0, k1 int32
}

// sentence holds the features of one sentence.
type sentence struct {
	chars  int
	t0, t1 int32 // side.toks[t0:t1]
}

// side is the feature view of one side of a bitext.
type side struct {
	sents []sentence
	toks  []token
	keys  []int32
}

// interner maps feature strings to dense integer ids for one alignment.
type interner struct {
	ids map[string]int32
}

func (in *interner) id(s string) int32 {
	if v, ok := in.ids[s]; ok {
		return v
	}
	v := int32(len(in.ids))
	in.ids[s] = v
	return v
}

func (s *side) addToken(cls uint8, keys []int32) {
	if len(keys) == 0 {
		return
	}
	k0 := int32(len(s.keys))
	s.keys = append(s.keys, keys...)
	s.toks = append(s.toks, token{cls: cls, k0: k0, k1: int32(len(s.keys))})
}

// Feature key prefixes: '#' number, 'w' English word stem, 't' skeleton of
// three or more letters (and its one-deletion variants), 'T' two-letter
// skeleton, 'p' punctuation.

func skeletonKeys(in *interner, buf []int32, sk string, variants bool) []int32 {
	switch {
	case len(sk) >= 3:
		buf = append(buf, in.id("t"+sk))
		if variants && len(sk) >= 4 {
			for _, v := range deletionVariants(sk) {
				buf = append(buf, in.id("t"+v))
			}
		}
	case len(sk) == 2:
		buf = append(buf, in.id("T"+sk))
	}
	return buf
}

// englishWordKeys returns the keys of an English (or Latin-script) word.
func englishWordKeys(in *interner, buf []int32, w string, name bool) []int32 {
	buf = append(buf, in.id("w"+stemEnglish(w)))
	if len(w) <= 6 && name {
		buf = append(buf, in.id("a"+w))
	}
	sk := skeletonLatin(w)
	if len(sk) >= 3 || (name && len(sk) == 2) {
		buf = skeletonKeys(in, buf, sk, true)
	}
	return buf
}

type lexCache struct {
	builtin map[string][]string
	user    Lexicon
	memo    map[string][]string
}

func (lc *lexCache) lookup(w string) []string {
	if v, ok := lc.memo[w]; ok {
		return v
	}
	var out []string
	if lc.builtin != nil {
		if v, ok := lc.builtin[w]; ok {
			out = append(out, v...)
		} else if v, ok := lc.builtin[hindi.Stem(w)]; ok {
			out = append(out, v...)
		}
	}
	if lc.user != nil {
		out = append(out, lc.user.Lookup(w)...)
	}
	lc.memo[w] = out
	return out
}

// hindiSide extracts features from the Hindi sentences and their optional
// English glosses.
func hindiSide(in *interner, sents []string, glosses []string, lc *lexCache) *side {
	s := &side{sents: make([]sentence, len(sents))}
	var buf []int32
	for i, text := range sents {
		t0 := int32(len(s.toks))
		for _, tk := range tokenize(text) {
			buf = buf[:0]
			switch {
			case tk.kind == kindNumber:
				s.addToken(clsHiNumber, append(buf, in.id("#"+tk.text)))
			case tk.kind == kindPunct:
				s.addToken(clsHiPunct, append(buf, in.id("p"+tk.text)))
			case tk.latin:
				if len(tk.text) < 2 {
					continue
				}
				s.addToken(clsHiLatin, englishWordKeys(in, buf, tk.text, true))
			default:
				if isHindiStopword(tk.text) {
					continue
				}
				if acr, ok := spelledAcronym(tk.text); ok {
					buf = append(buf, in.id("a"+acr))
				}
				buf = skeletonKeys(in, buf, skeletonDevanagari(tk.text), true)
				for _, en := range lc.lookup(tk.text) {
					for _, w := range strings.Fields(strings.ToLower(en)) {
						if !isEnglishStopword(w) {
							buf = append(buf, in.id("w"+stemEnglish(w)))
						}
					}
				}
				s.addToken(clsHiWord, buf)
			}
		}
		if i < len(glosses) {
			for _, tk := range tokenize(glosses[i]) {
				if tk.kind != kindWord || !tk.latin || len(tk.text) < 2 || isEnglishStopword(tk.text) {
					continue
				}
				s.addToken(clsHiGloss, englishWordKeys(in, buf[:0], tk.text, tk.capital))
			}
		}
		s.sents[i] = sentence{chars: charLen(text), t0: t0, t1: int32(len(s.toks))}
	}
	return s
}

// englishSide extracts features from the English sentences.
func englishSide(in *interner, sents []string) *side {
	s := &side{sents: make([]sentence, len(sents))}
	var buf []int32
	for i, text := range sents {
		t0 := int32(len(s.toks))
		for _, tk := range tokenize(text) {
			buf = buf[:0]
			switch {
			case tk.kind == kindNumber:
				s.addToken(clsEnNumber, append(buf, in.id("#"+tk.text)))
			case tk.kind == kindPunct:
				s.addToken(clsEnPunct, append(buf, in.id("p"+tk.text)))
			case tk.latin:
				if len(tk.text) < 2 || isEnglishStopword(tk.text) {
					continue
				}
				cls := uint8(clsEnWord)
				if tk.capital {
					cls = clsEnName
				}
				s.addToken(cls, englishWordKeys(in, buf, tk.text, tk.capital || tk.acronym))
			default:
				// Devanagari left in English text: compare its skeleton.
				s.addToken(clsEnWord, skeletonKeys(in, buf, skeletonDevanagari(tk.text), true))
			}
		}
		s.sents[i] = sentence{chars: charLen(text), t0: t0, t1: int32(len(s.toks))}
	}
	return s
}

// charLen counts the characters of a sentence, counting each run of white
// space inside it as one character and white space at either end not at all.
func charLen(s string) int {
	n := 0
	space := true
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				n++
			}
			space = true
			continue
		}
		space = false
		n++
	}
	if n > 0 && space {
		n--
	}
	return n
}
