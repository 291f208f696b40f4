// Package devanagari classifies the characters of the Devanagari script,
// once for the splitter, the aligner, the quality checks and the offline
// translator.
package devanagari

// InBlock reports whether r is in the Devanagari block, U+0900 to U+097F.
func InBlock(r rune) bool { return r >= 0x0900 && r <= 0x097F }

// IsDanda reports whether r is the danda (।) or double danda (॥), the
// script's full stops.
func IsDanda(r rune) bool { return r == 0x0964 || r == 0x0965 }

// IsDigit reports whether r is a Devanagari digit, ० to ९.
func IsDigit(r rune) bool { return r >= 0x0966 && r <= 0x096F }

// IsLetter reports whether r writes part of a word: a letter, vowel sign,
// nukta, virama or nasal sign of the block; not a danda, a digit or the
// abbreviation sign (॰).
func IsLetter(r rune) bool {
	return InBlock(r) && !IsDanda(r) && !IsDigit(r) && r != 0x0970
}

// IsJoiner reports whether r is a zero-width non-joiner or joiner, which
// Hindi text uses inside words to choose a conjunct's shape.
func IsJoiner(r rune) bool { return r == 0x200C || r == 0x200D }

// IsWordRune reports whether r belongs inside a Devanagari word: a letter
// or a joiner.
func IsWordRune(r rune) bool { return IsLetter(r) || IsJoiner(r) }

// IsText reports whether r is Devanagari other than the dandas: letters,
// signs and digits.
func IsText(r rune) bool { return InBlock(r) && !IsDanda(r) }

// HasText reports whether s holds any Devanagari other than the dandas
// (see IsText).
func HasText(s string) bool {
	for _, r := range s {
		if IsText(r) {
			return true
		}
	}
	return false
}
