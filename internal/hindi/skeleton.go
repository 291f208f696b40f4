package hindi

import "unicode/utf8"

// SkeletonRules chooses how a Devanagari word is reduced to a consonant
// skeleton: one class letter per consonant sound, vowels dropped. All
// rules read the same consonant classes (consonantClass); the fields say
// how fine the alphabet is and how runs of one class are counted. The zero
// value is the coarse alphabet the aligner matches names with; Loanword is
// the finer one the offline translator's loanword table is keyed by.
type SkeletonRules struct {
	// Fricatives keeps फ and फ़ as F and ज़ as Z, and reads ख़ as G; without
	// it they fall in with P, J and K.
	Fricatives bool
	// Glides keeps य as Y and ह as H; without it they are dropped like
	// vowels.
	Glides bool
	// MarkVowelStart writes a leading "_" when the word starts with an
	// independent vowel.
	MarkVowelStart bool
	// Candrabindu reads ँ as N like ं; without it only ं counts.
	Candrabindu bool
	// MergeRuns writes one letter for neighbouring consonants of one class
	// that no vowel sign separates (कक, ंन). Without it only a geminate
	// written with a virama (क्क; ड्ड़ is read as ड़) and a ड़ or ढ़ right
	// after र are one letter.
	MergeRuns bool
	// DropJoiners removes zero-width joiners and soft hyphens first (as
	// Decompose does); without it they part a consonant from a following
	// nukta or virama.
	DropJoiners bool
}

// Loanword is the alphabet English loanwords are matched in: इंटरनेट and
// internet (through EnglishSkeletons) meet at "_NTRNT".
var Loanword = SkeletonRules{Fricatives: true, Glides: true, MarkVowelStart: true, Candrabindu: true, MergeRuns: true, DropJoiners: true}

// Skeleton returns the consonant skeleton of a Devanagari word in the
// Loanword alphabet.
func Skeleton(word string) string { return Loanword.Skeleton(word) }

// Skeleton returns the consonant skeleton of a Devanagari word under the
// rules r. Precomposed nukta letters and base letter + nukta are read
// alike; characters outside the Devanagari letters are skipped.
func (sr SkeletonRules) Skeleton(word string) string {
	if sr.DropJoiners {
		word = Decompose(word)
	}
	var b []byte
	var last byte // the class written last, 0 after a vowel sign when MergeRuns
	first := true // no consonant or independent vowel seen yet
	afterVirama := false
	for i := 0; i < len(word); {
		r, size := utf8.DecodeRuneInString(word[i:])
		i += size
		prevVirama := afterVirama
		afterVirama = r == virama
		nk := false
		if base, ok := nuktaBase[r]; ok {
			r, nk = base, true
		} else if IsConsonant(r) && i < len(word) {
			if next, n := utf8.DecodeRuneInString(word[i:]); next == nukta {
				nk = true
				i += n
			}
		}
		var c byte
		switch {
		case IsConsonant(r):
			c = sr.consonantClass(r, nk)
		case isVowelLetter(r):
			if first && sr.MarkVowelStart {
				b = append(b, '_')
			}
			first = false
			last = 0
			continue
		case r == anusvara || (r == candra && sr.Candrabindu):
			c = 'N'
		case isMatra(r):
			last = 0
			continue
		default:
			continue
		}
		if c == 0 {
			continue // a glide without Glides
		}
		first = false
		if sr.MergeRuns {
			if c != last {
				b = append(b, c)
			}
			last = c
			continue
		}
		plain := c
		if nk {
			plain = sr.consonantClass(r, false)
		}
		if n := len(b); prevVirama && n > 0 && b[n-1] == plain {
			b[n-1] = c // a geminate (क्क, ड्ड़) is one letter, read as its second half
		} else {
			b = append(b, c)
		}
		if n := len(b); nk && (r == 'ड' || r == 'ढ') && n > 1 && b[n-2] == 'R' {
			b = b[:n-1] // ड़ or ढ़ after र is one sound
		}
	}
	return string(b)
}

func isVowelLetter(r rune) bool { _, ok := vowels[r]; return ok }

func isMatra(r rune) bool { _, ok := matras[r]; return ok }

// consonantClass returns the skeleton letter of a consonant, nk saying
// whether a nukta follows it, or 0 for a letter the rules drop.
func (sr SkeletonRules) consonantClass(r rune, nk bool) byte {
	if nk {
		switch r {
		case 'ड', 'ढ':
			return 'R'
		}
		if sr.Fricatives {
			switch r {
			case 'ज':
				return 'Z'
			case 'फ':
				return 'F'
			case 'ख', 'ग':
				return 'G'
			}
		}
	}
	switch r {
	case 'क', 'ख':
		return 'K'
	case 'ग', 'घ':
		return 'G'
	case 'च', 'छ':
		return 'C'
	case 'ज', 'झ':
		return 'J'
	case 'ट', 'ठ', 'त', 'थ':
		return 'T'
	case 'ड', 'ढ', 'द', 'ध':
		return 'D'
	case 'न', 'ण', 'ङ', 'ञ':
		return 'N'
	case 'प':
		return 'P'
	case 'फ':
		if sr.Fricatives {
			return 'F'
		}
		return 'P'
	case 'ब', 'भ':
		return 'B'
	case 'म':
		return 'M'
	case 'र':
		return 'R'
	case 'ल', 'ळ':
		return 'L'
	case 'व':
		return 'V'
	case 'श', 'ष', 'स':
		return 'S'
	case 'य':
		if sr.Glides {
			return 'Y'
		}
	case 'ह':
		if sr.Glides {
			return 'H'
		}
	}
	return 0
}
