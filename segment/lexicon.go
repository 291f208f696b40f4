package segment

import (
	_ "embed"
	"strings"
	"unicode/utf8"
)

//go:embed lexicon.txt
var lexiconText string

// wordClass is a set of lexicon sections a word belongs to.
type wordClass uint16

const (
	classTitle      wordClass = 1 << iota // title before a name: never ends a sentence
	classUnit                             // unit or reference word next to a number
	classDegree                           // part of a dotted academic degree
	classSuffix                           // abbreviation closing a name or list (Ltd., लि.)
	classLetter                           // Latin letter name in Devanagari: initial
	classLetterWord                       // letter name that is also a Hindi word
	classFinal                            // common one-syllable word, never an initial
	classMonth                            // month name (datelines)
	classAux                              // finite auxiliary or modal
	classPerfect                          // perfective verb form
	classConnective                       // connective that opens a sentence
	classOpener                           // sentence adverb
	classLink                             // word that continues a clause
	classPhrase                           // first word of a two-word entry
)

// noBreak are the classes after which a period never ends a sentence.
const noBreak = classTitle | classUnit | classDegree | classLetter

var sectionClass = map[string]wordClass{
	"title":       classTitle,
	"unit":        classUnit,
	"degree":      classDegree,
	"suffix":      classSuffix,
	"letter":      classLetter,
	"letter-word": classLetterWord,
	"final":       classFinal,
	"month":       classMonth,
	"aux":         classAux,
	"perfect":     classPerfect,
	"connective":  classConnective,
	"opener":      classOpener,
	"link":        classLink,
}

// lexicon maps a normalised word (see lookupKey) to its classes. It is built
// once from the embedded lexicon.txt and only read afterwards.
type lexicon map[string]wordClass

var defaultLexicon = parseLexicon(lexiconText)

func parseLexicon(src string) lexicon {
	lex := lexicon{}
	var cur wordClass
	for line := range strings.Lines(src) {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if line[0] == '[' && line[len(line)-1] == ']' {
			c, ok := sectionClass[line[1:len(line)-1]]
			if !ok {
				panic("segment: unknown lexicon section " + line)
			}
			cur = c
			continue
		}
		if cur == 0 {
			panic("segment: lexicon entry outside a section: " + line)
		}
		var buf [64]byte
		key := lookupKey(buf[:0], line)
		lex[string(key)] |= cur
		if first, _, ok := strings.Cut(string(key), " "); ok {
			lex[first] |= classPhrase
		}
	}
	return lex
}

// lookupKey appends the normalised form of w to dst: ASCII letters are
// lower-cased and zero-width (non-)joiners dropped.
func lookupKey(dst []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		case c == 0xE2 && i+2 < len(w) && w[i+1] == 0x80 && (w[i+2] == 0x8C || w[i+2] == 0x8D):
			i += 2 // U+200C ZWNJ, U+200D ZWJ
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// class returns the lexicon classes of word w (without its period).
func (lex lexicon) class(w string) wordClass {
	if w == "" || len(w) > 48 {
		return 0
	}
	if !needsKey(w) {
		return lex[w]
	}
	var buf [64]byte
	return lex[string(lookupKey(buf[:0], w))]
}

// needsKey reports whether w differs from its lookup key: it holds an ASCII
// capital or a zero-width (non-)joiner.
func needsKey(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; 'A' <= c && c <= 'Z' || c == 0xE2 {
			return true
		}
	}
	return false
}

// Devanagari code points that matter for syllable (akshara) counting.
const (
	virama = '\u094D'
	nukta  = '\u093C'
)

// isDevaLetter reports whether r is a Devanagari vowel or consonant letter,
// i.e. a rune that can start a syllable.
func isDevaLetter(r rune) bool {
	return (r >= '\u0904' && r <= '\u0939') || r == '\u093D' || (r >= '\u0958' && r <= '\u0961') || (r >= '\u0972' && r <= '\u097F')
}

// isDevaSign reports whether r is a Devanagari combining sign (vowel sign,
// virama, nukta, anusvara, candrabindu, visarga) or a zero-width joiner.
func isDevaSign(r rune) bool {
	return (r >= '\u0900' && r <= '\u0903') || (r >= '\u093A' && r <= '\u094F' && r != '\u093D') ||
		(r >= '\u0951' && r <= '\u0957') || r == '\u0962' || r == '\u0963' || r == '\u200C' || r == '\u200D'
}

// aksharas counts the syllables of a Devanagari word: letters that do not
// follow a virama (a conjunct is one syllable). It returns -1 if w holds
// anything but Devanagari letters and signs.
func aksharas(w string) int {
	n := 0
	prevVirama := false
	for _, r := range w {
		switch {
		case isDevaLetter(r):
			if !prevVirama {
				n++
			}
			prevVirama = false
		case isDevaSign(r):
			if r == virama {
				prevVirama = true
			} else if r != '\u200C' && r != '\u200D' {
				prevVirama = false
			}
		default:
			return -1
		}
	}
	return n
}

// isLatinWord reports whether w is made of ASCII letters only.
func isLatinWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// isNumber reports whether w is made of decimal digits (any script) and the
// separators of numbers, dates and times, and holds at least one digit.
func isNumber(w string) bool {
	digit := false
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9', r >= '\u0966' && r <= '\u096F':
			digit = true
		case r == '.' || r == ',' || r == ':' || r == '/' || r == '-':
		default:
			return false
		}
	}
	return digit
}

// firstRune returns the first rune of s, or utf8.RuneError if s is empty.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
