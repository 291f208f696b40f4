package align

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anuvad/anuvad/devanagari"
	"github.com/anuvad/anuvad/internal/hindi"
	"github.com/anuvad/anuvad/normalize"
)

// Token kinds produced by the tokenizers.
const (
	kindWord   = iota // a run of letters (Devanagari or Latin)
	kindNumber        // a run of digits, normalised to ASCII without group separators
	kindPunct         // a punctuation mark that tends to survive translation
)

type rawToken struct {
	text string
	kind int
	// latin is set for words written in Latin letters.
	latin bool
	// capital is set for Latin words that start with an upper-case letter
	// and are not the first word of the sentence.
	capital bool
	// acronym is set for Latin words of two to six letters, all upper case.
	acronym bool
}

// tokenize splits a sentence in either language into words, numbers and a
// few informative punctuation marks. Numbers lose their group separators
// ("5,000" and "५०००" both become "5000"); a decimal point between digits
// is kept.
func tokenize(s string) []rawToken {
	var out []rawToken
	words := 0
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if _, ok := normalize.Digit(r); ok {
			var b strings.Builder
			j := i
			for j < len(s) {
				r2, sz2 := utf8.DecodeRuneInString(s[j:])
				if d, ok := normalize.Digit(r2); ok {
					b.WriteByte(d)
					j += sz2
					continue
				}
				if r2 == ',' || r2 == '.' || r2 == '٫' {
					// a separator counts only when a digit follows it
					r3, _ := utf8.DecodeRuneInString(s[j+sz2:])
					if _, ok := normalize.Digit(r3); ok {
						if r2 != ',' {
							b.WriteByte('.')
						}
						j += sz2
						continue
					}
				}
				break
			}
			out = append(out, rawToken{text: b.String(), kind: kindNumber})
			i = j
			continue
		}
		if devanagari.IsWordRune(r) {
			j := i
			for j < len(s) {
				r2, sz2 := utf8.DecodeRuneInString(s[j:])
				if !devanagari.IsWordRune(r2) {
					break
				}
				j += sz2
			}
			out = append(out, rawToken{text: s[i:j], kind: kindWord})
			words++
			i = j
			continue
		}
		if unicode.IsLetter(r) {
			j := i
			for j < len(s) {
				r2, sz2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) || devanagari.IsLetter(r2) {
					break
				}
				j += sz2
			}
			w := s[i:j]
			out = append(out, rawToken{
				text:    strings.ToLower(w),
				kind:    kindWord,
				latin:   true,
				capital: words > 0 && unicode.IsUpper(r),
				acronym: isAcronym(w),
			})
			words++
			i = j
			continue
		}
		switch r {
		case '?', '!', '(', '%', '$', '€', '£':
			p := string(r)
			switch r {
			case '%':
				p = "percent"
			case '$':
				p = "dollar"
			}
			out = append(out, rawToken{text: p, kind: kindPunct})
		}
		i += size
	}
	return out
}

// stemEnglish reduces an English word (lower case) to a crude stem so that
// inflected forms meet: "elections", "elected" and "election" share a stem
// with the gloss words a translator or lexicon produces.
func stemEnglish(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		w = w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "sses"):
		w = w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	n = len(w)
	switch {
	case n > 5 && strings.HasSuffix(w, "ing"):
		w = w[:n-3]
	case n > 4 && strings.HasSuffix(w, "ed"):
		w = w[:n-2]
	case n > 5 && strings.HasSuffix(w, "ly"):
		w = w[:n-2]
	}
	n = len(w)
	if n > 4 && strings.HasSuffix(w, "e") {
		w = w[:n-1]
	}
	// collapse a doubled final consonant left by -ing/-ed ("stopp" -> "stop")
	n = len(w)
	if n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
		w = w[:n-1]
	}
	return w
}

func isEnglishStopword(w string) bool {
	switch w {
	case "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for",
		"with", "from", "as", "into", "about", "than", "then", "that", "this", "these", "those",
		"is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do",
		"does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
		"it", "its", "he", "she", "they", "them", "his", "her", "their", "we", "us", "our", "you",
		"your", "i", "me", "my", "him", "who", "whom", "whose", "which", "what", "when", "where",
		"why", "how", "not", "no", "so", "there", "here", "also", "just", "very", "all", "any",
		"some", "such", "both", "each", "more", "most", "other", "over", "up", "out", "after",
		"before", "during", "while", "s", "t", "one", "only", "same", "own", "because", "until",
		"through", "between", "under", "again", "further", "once", "too", "nor", "off", "per":
		return true
	}
	return false
}

func isHindiStopword(w string) bool {
	switch w {
	case "का", "के", "की", "को", "में", "से", "ने", "पर", "है", "हैं", "था", "थे", "थी", "थीं",
		"और", "या", "कि", "तो", "भी", "ही", "यह", "वह", "ये", "वे", "इस", "उस", "इन", "उन",
		"इसे", "उसे", "इसके", "उसके", "इसकी", "उसकी", "इसका", "उसका", "जो", "जिस", "जिसे", "जिन",
		"जिनके", "जिसके", "जिसकी", "जिसका", "हो", "होता", "होती", "होते", "होने", "हुआ", "हुई",
		"हुए", "गया", "गई", "गए", "गयी", "गये", "किया", "किए", "किये", "की।", "कर", "करने",
		"करते", "करता", "करती", "रहा", "रही", "रहे", "रह", "एक", "लिए", "द्वारा", "साथ", "तक",
		"बाद", "अपने", "अपनी", "अपना", "कुछ", "सकता", "सकती", "सकते", "जा", "जाता", "जाती",
		"जाते", "जाने", "दिया", "दी", "दिए", "लेकिन", "परंतु", "परन्तु", "क्योंकि", "अगर", "यदि",
		"तथा", "एवं", "व", "न", "नहीं", "हम", "मैं", "आप", "तुम", "उन्हें", "उन्होंने", "इन्हें",
		"वाले", "वाली", "वाला", "होगा", "होगी", "होंगे", "जब", "तब", "वहाँ", "यहाँ", "वहां", "यहां":
		return true
	}
	return false
}

// skeletonDevanagari renders a Devanagari word as a consonant skeleton in
// the coarse alphabet of hindi.SkeletonRules, which skeletonLatin shares:
// vowels, h and y are dropped, aspirated and plain stops meet (ख/क -> K),
// dental and retroflex meet (ट/त -> T), geminates written with a virama
// collapse. "ओबामा" -> "BM", "वाशिंगटन" -> "VSNGTN".
func skeletonDevanagari(w string) string { return hindi.SkeletonRules{}.Skeleton(w) }

// skeletonLatin renders a lower-case Latin word in the alphabet of
// skeletonDevanagari (hindi.SkeletonRules{}): "obama" -> "BM", "washington" -> "VSNGTN",
// "schulman" -> "SLMN".
func skeletonLatin(w string) string {
	var b []byte
	vowel := true // a vowel letter came since the last consonant
	push := func(c byte) {
		if !vowel && len(b) > 0 && b[len(b)-1] == c {
			return // doubled letters ("tt", "ck") are one consonant
		}
		vowel = false
		b = append(b, c)
	}
	n := len(w)
	at := func(k int) byte {
		if k < n {
			return w[k]
		}
		return 0
	}
	for k := 0; k < n; k++ {
		c := w[k]
		next := at(k + 1)
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			vowel = true
			continue
		case 'h':
			continue
		case 'b':
			push('B')
		case 'c':
			switch {
			case next == 'h':
				push('C')
				k++
			case next == 'k':
				push('K')
				k++
			case next == 'e' || next == 'i' || next == 'y':
				push('S')
			default:
				push('K')
			}
		case 'd':
			push('D')
		case 'f', 'p':
			if c == 'p' && next == 'h' {
				k++
			}
			push('P')
		case 'g':
			if next == 'h' {
				k++
			}
			push('G')
		case 'j', 'z':
			push('J')
		case 'k':
			if k == 0 && next == 'n' {
				continue
			}
			push('K')
		case 'l':
			push('L')
		case 'm':
			if next == 'b' || next == 'p' {
				push('N')
			} else {
				push('M')
			}
		case 'n':
			push('N')
		case 'q':
			push('K')
			if next == 'u' {
				push('V')
				k++
			}
		case 'r':
			push('R')
		case 's':
			switch {
			case next == 'h':
				k++
			case next == 'c' && at(k+2) == 'h':
				k += 2
			}
			push('S')
		case 't':
			switch {
			case next == 'h':
				k++
				push('T')
			case next == 'i' && at(k+2) == 'o' && at(k+3) == 'n':
				push('S')
				push('N')
				k += 3
			default:
				push('T')
			}
		case 'v', 'w':
			if c == 'w' && k == 0 && next == 'r' {
				continue
			}
			push('V')
		case 'x':
			push('K')
			push('S')
		}
	}
	return string(b)
}

// deletionVariants returns the strings obtained by deleting one letter of
// s. Two skeletons within one edit of each other share s itself or one
// variant (SymSpell's observation), so exact look-ups on the variants find
// near matches in constant time.
func deletionVariants(s string) []string {
	out := make([]string, 0, len(s))
	for k := 0; k < len(s); k++ {
		v := s[:k] + s[k+1:]
		if k > 0 && s[k] == s[k-1] {
			continue
		}
		out = append(out, v)
	}
	return out
}

func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) || r > unicode.MaxASCII {
			return false
		}
		n++
	}
	return n >= 2 && n <= 6
}

// spelledAcronym reads a Devanagari word as English letter names written
// out ("बीबीसी" -> "bbc", "आईएजी" -> "iag") and reports whether the whole
// word is such a spelling of at least two letters.
func spelledAcronym(w string) (string, bool) {
	names := [...]struct{ hi, en string }{
		{"डब्ल्यू", "w"}, {"डबल्यू", "w"}, {"क्यू", "q"}, {"एक्स", "x"}, {"जेड", "z"}, {"ज़ेड", "z"},
		{"वाई", "y"}, {"आई", "i"}, {"एफ़", "f"}, {"एफ", "f"}, {"एच", "h"}, {"एल", "l"},
		{"एम", "m"}, {"एन", "n"}, {"आर", "r"}, {"एस", "s"}, {"बी", "b"}, {"सी", "c"},
		{"डी", "d"}, {"जी", "g"}, {"जे", "j"}, {"के", "k"}, {"पी", "p"}, {"टी", "t"},
		{"यू", "u"}, {"वी", "v"}, {"ई", "e"}, {"ए", "a"}, {"ओ", "o"},
	}
	var b []byte
	for len(w) > 0 {
		found := false
		for _, nm := range names {
			if strings.HasPrefix(w, nm.hi) {
				b = append(b, nm.en...)
				w = w[len(nm.hi):]
				found = true
				break
			}
		}
		if !found {
			return "", false
		}
	}
	return string(b), len(b) >= 2
}
