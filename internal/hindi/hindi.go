// Package hindi holds the Hindi word handling shared by the offline
// translator, its table generator and the aligner: the lookup key
// normalisation, the inflectional endings (Strip, Stem), a schwa-deleting
// romanisation and the consonant skeletons (SkeletonRules) that match
// English loanwords and names written in Devanagari.
package hindi

import (
	"strings"
	"unicode/utf8"

	"github.com/anuvad/anuvad/devanagari"
)

const (
	nukta    = '\u093C'
	virama   = '\u094D'
	anusvara = '\u0902'
	candra   = '\u0901'
	visarga  = '\u0903'
)

// IsDevanagari reports whether r is in the Devanagari block.
func IsDevanagari(r rune) bool { return devanagari.InBlock(r) }

// HasDevanagari reports whether s contains a Devanagari letter.
func HasDevanagari(s string) bool {
	for _, r := range s {
		if IsDevanagari(r) {
			return true
		}
	}
	return false
}

// precomposed nukta letters and their bases.
var nuktaBase = map[rune]rune{
	'\u0958': 'क', '\u0959': 'ख', '\u095A': 'ग', '\u095B': 'ज',
	'\u095C': 'ड', '\u095D': 'ढ', '\u095E': 'फ', '\u095F': 'य', '\u0929': 'न', '\u0931': 'र', '\u0934': 'ळ',
}

// IsConsonant reports whether r is a Devanagari consonant letter.
func IsConsonant(r rune) bool {
	return (r >= 'क' && r <= 'ह') || (r >= '\u0958' && r <= '\u095F')
}

// Decompose rewrites precomposed nukta letters as base + nukta and drops
// zero-width joiners, so that text has one spelling per letter.
func Decompose(s string) string {
	if !strings.ContainsFunc(s, needsDecompose) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		if base, ok := nuktaBase[r]; ok {
			b.WriteRune(base)
			b.WriteRune(nukta)
			continue
		}
		if r == '\u200C' || r == '\u200D' || r == '\u00AD' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// needsDecompose reports whether Decompose rewrites or drops r (invalid
// UTF-8, read as utf8.RuneError, is rewritten as U+FFFD).
func needsDecompose(r rune) bool {
	switch {
	case r < '\u00AD':
		return false
	case r >= '\u0958' && r <= '\u095F', r == '\u0929', r == '\u0931', r == '\u0934': // the keys of nuktaBase
		return true
	}
	return r == '\u200C' || r == '\u200D' || r == '\u00AD' || r == utf8.RuneError
}

func nasalClass(r rune) bool {
	return r == 'न' || r == 'म' || r == 'ङ' || r == 'ञ' || r == 'ण'
}

// Key returns the lookup key of a Hindi word or phrase: nukta dropped
// (except in ड़ and ढ़, which are letters of their own), chandrabindu
// written as anusvara, a nasal consonant with virama before another
// stop written as anusvara (सम्बन्ध = संबंध), zero-width characters removed
// and spaces collapsed.
func Key(s string) string {
	if isPlainKey(s) {
		return s
	}
	s = Decompose(s)
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	space := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t' || r == '~' || r == '\n':
			if len(out) > 0 {
				space = true
			}
			continue
		case r == nukta:
			if n := len(out); n > 0 && (out[n-1] == 'ड' || out[n-1] == 'ढ') {
				out = append(out, r)
			}
			continue
		case r == candra:
			r = anusvara
		case nasalClass(r) && i+2 < len(rs) && rs[i+1] == virama && IsConsonant(rs[i+2]) && isStop(rs[i+2]):
			if space {
				out = append(out, ' ')
				space = false
			}
			out = append(out, anusvara)
			i++
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, r)
	}
	return string(out)
}

// isPlainKey reports whether s is already a key: no nukta, chandrabindu,
// precomposed nukta letter, virama after a nasal, joiner or white space
// other than single spaces.
func isPlainKey(s string) bool {
	prevNasal := false
	prevSpace := true
	for _, r := range s {
		switch {
		case r == nukta || r == candra || (r >= '\u0958' && r <= '\u095F') || r == '\u0929' || r == '\u0931' || r == '\u0934':
			return false
		case r == '\u200C' || r == '\u200D' || r == '\u00AD' || r == '~' || r == '\t' || r == '\n':
			return false
		case r == ' ':
			if prevSpace {
				return false
			}
		case r == virama && prevNasal:
			return false
		}
		prevNasal = nasalClass(r)
		prevSpace = r == ' '
	}
	return !prevSpace || s == ""
}

func isStop(r rune) bool {
	return (r >= 'क' && r <= 'ङ') || (r >= 'च' && r <= 'ञ') || (r >= 'ट' && r <= 'ण') ||
		(r >= 'त' && r <= 'न') || (r >= 'प' && r <= 'म')
}

var consonants = map[rune]string{
	'क': "k", 'ख': "kh", 'ग': "g", 'घ': "gh", 'ङ': "n",
	'च': "ch", 'छ': "chh", 'ज': "j", 'झ': "jh", 'ञ': "n",
	'ट': "t", 'ठ': "th", 'ड': "d", 'ढ': "dh", 'ण': "n",
	'त': "t", 'थ': "th", 'द': "d", 'ध': "dh", 'न': "n",
	'प': "p", 'फ': "f", 'ब': "b", 'भ': "bh", 'म': "m",
	'य': "y", 'र': "r", 'ल': "l", 'ळ': "l", 'व': "v",
	'श': "sh", 'ष': "sh", 'स': "s", 'ह': "h",
}

var nuktaConsonants = map[rune]string{
	'क': "q", 'ख': "kh", 'ग': "gh", 'ज': "z", 'ड': "r", 'ढ': "rh", 'फ': "f", 'य': "y",
}

var vowels = map[rune]string{
	'अ': "a", 'आ': "a", 'इ': "i", 'ई': "i", 'उ': "u", 'ऊ': "u", 'ऋ': "ri",
	'ए': "e", 'ऐ': "ai", 'ओ': "o", 'औ': "au", 'ऑ': "o", 'ऍ': "e", 'ऎ': "e", 'ऒ': "o",
}

var matras = map[rune]string{
	'ा': "a", 'ि': "i", 'ी': "i", 'ु': "u", 'ू': "u", 'ृ': "ri",
	'े': "e", 'ै': "ai", 'ो': "o", 'ौ': "au", 'ॉ': "o", 'ॅ': "e", 'ॆ': "e", 'ॊ': "o",
}

// syllable is one consonant (or independent vowel) with its vowel.
type syl struct {
	cons   string // romanised consonant, "" for an independent vowel
	vowel  string // romanised vowel; "a" for the inherent vowel
	schwa  bool   // the vowel is the inherent one
	dead   bool   // followed by virama: no vowel at all
	nasal  bool   // followed by anusvara or chandrabindu
	labial bool
	isCons bool
}

// Romanize writes a Devanagari word in Latin letters the way Hindi names
// are usually spelled in English, deleting the inherent vowel where Hindi
// speakers drop it: at the end of a word and in a VC_CV context (लावरोव →
// lavrov, दोहराया → dohraya). Characters outside Devanagari are kept.
func Romanize(word string) string {
	word = Decompose(word)
	rs := []rune(word)
	var syls []syl
	var b strings.Builder
	flush := func() {
		if len(syls) == 0 {
			return
		}
		b.WriteString(render(syls))
		syls = syls[:0]
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if IsConsonant(r) {
			c := consonants[r]
			if i+1 < len(rs) && rs[i+1] == nukta {
				if nc, ok := nuktaConsonants[r]; ok {
					c = nc
				}
				i++
			}
			syls = append(syls, syl{cons: c, vowel: "a", schwa: true, isCons: true, labial: r == 'प' || r == 'फ' || r == 'ब' || r == 'भ' || r == 'म'})
			continue
		}
		if v, ok := vowels[r]; ok {
			syls = append(syls, syl{vowel: v})
			continue
		}
		if m, ok := matras[r]; ok {
			if n := len(syls); n > 0 && syls[n-1].isCons && syls[n-1].schwa {
				syls[n-1].vowel, syls[n-1].schwa = m, false
			} else {
				syls = append(syls, syl{vowel: m})
			}
			continue
		}
		switch r {
		case virama:
			if n := len(syls); n > 0 {
				syls[n-1].dead, syls[n-1].schwa, syls[n-1].vowel = true, false, ""
			}
			continue
		case anusvara, candra:
			if n := len(syls); n > 0 {
				syls[n-1].nasal = true
			}
			continue
		case visarga:
			if n := len(syls); n > 0 {
				syls[n-1].vowel += "h"
			}
			continue
		case nukta:
			continue
		}
		flush()
		if r >= '०' && r <= '९' {
			b.WriteRune('0' + (r - '०'))
			continue
		}
		if IsDevanagari(r) {
			continue // other signs (avagraha, danda...) carry no sound here
		}
		b.WriteRune(r)
	}
	flush()
	return b.String()
}

func render(s []syl) string {
	n := len(s)
	// Word-final schwa deletion (but keep it in a one-letter word).
	if n > 1 && s[n-1].schwa && !s[n-1].nasal {
		s[n-1].schwa, s[n-1].vowel = false, ""
		s[n-1].dead = true
	}
	// Medial schwa deletion, right to left: C V C a C V → drop the a.
	for i := n - 2; i >= 1; i-- {
		if !s[i].schwa || s[i].nasal {
			continue
		}
		prevVowel := !s[i-1].dead
		nextHasVowel := s[i+1].isCons && !s[i+1].dead
		if prevVowel && nextHasVowel && !(i >= 2 && s[i-2].dead && s[i-1].schwa) {
			s[i].schwa, s[i].vowel, s[i].dead = false, "", true
		}
	}
	var b strings.Builder
	for i, x := range s {
		b.WriteString(x.cons)
		b.WriteString(x.vowel)
		if x.nasal {
			if i+1 < n && s[i+1].labial {
				b.WriteString("m")
			} else {
				b.WriteString("n")
			}
		}
	}
	return b.String()
}

// EnglishSkeletons returns the skeletons an English word may have when
// written in Devanagari (usually one, two when a letter is ambiguous such
// as the g of "agency").
func EnglishSkeletons(w string) []string {
	w = strings.ToLower(w)
	outs := []string{""}
	add := func(c ...string) {
		var next []string
		for _, o := range outs {
			for _, x := range c {
				next = append(next, o+x)
			}
		}
		if len(next) > 4 {
			next = next[:4]
		}
		outs = next
	}
	isV := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	if len(w) > 0 && isV(w[0]) {
		add("_")
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		nx := byte(0)
		if i+1 < len(w) {
			nx = w[i+1]
		}
		if c < 'a' || c > 'z' {
			return nil
		}
		switch {
		case isV(c):
			continue
		case c == 'y':
			if i == 0 || (nx != 0 && isV(nx)) {
				add("Y")
			}
		case strings.HasPrefix(w[i:], "tion") || strings.HasPrefix(w[i:], "sion"):
			add("SN")
			i += 3
		case c == 'p' && nx == 'h':
			add("F")
			i++
		case c == 't' && nx == 'h':
			add("T", "D")
			i++
		case c == 's' && nx == 'h':
			add("S")
			i++
		case c == 'c' && nx == 'h':
			add("C", "K")
			i++
		case c == 'c' && nx == 'k':
			add("K")
			i++
		case c == 'g' && nx == 'h':
			i++
		case c == 'w' && nx == 'h':
			add("V")
			i++
		case c == 'c':
			if nx == 'e' || nx == 'i' || nx == 'y' {
				add("S")
			} else {
				add("K")
			}
		case c == 'g':
			if nx == 'e' || nx == 'i' || nx == 'y' {
				add("J", "G")
			} else {
				add("G")
			}
		case c == 'q':
			add("K")
		case c == 'k':
			if i == 0 && nx == 'n' {
				continue
			}
			add("K")
		case c == 'x':
			add("KS")
		case c == 'w', c == 'v':
			add("V")
		case c == 'z':
			add("Z", "J")
		case c == 's':
			// a voiced s (news, season) is often written ज in Hindi
			if i > 0 && (i == len(w)-1 || (isV(w[i-1]) && nx != 0 && isV(nx))) {
				add("S", "J", "Z")
			} else {
				add("S")
			}
		case c == 'h':
			if i == 0 || (nx != 0 && isV(nx)) {
				add("H")
			}
		case c == 'f':
			add("F")
		default:
			add(strings.ToUpper(string(c)))
		}
	}
	for i, o := range outs {
		outs[i] = dedupe(o)
	}
	return outs
}

func dedupe(s string) string {
	var b strings.Builder
	var last rune
	for _, r := range s {
		if r != last || r == '_' {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// RuneLen is utf8.RuneCountInString, re-exported for callers' convenience.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }
