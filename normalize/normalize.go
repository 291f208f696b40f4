// Package normalize cleans text before it is split and translated: Unicode
// NFC, no byte order mark, no zero-width or control characters, one kind of
// line break and one kind of space. Translation cache keys are computed on
// normalised text, so two spellings that differ only invisibly share one
// translation.
package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text returns s normalised. Line breaks (CR LF, CR, U+2028, U+2029, NEL)
// become "\n"; tabs and other spaces (no-break, thin, ideographic) become a
// plain space; zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM,
// soft hyphen) and other control and format characters are removed; the
// result is in NFC. Invalid UTF-8 sequences become U+FFFD: callers that must
// reject invalid input check it first (see FirstInvalid).
func Text(s string) string {
	if isClean(s) {
		return s
	}
	if !needsCleaning(s) {
		if norm.NFC.IsNormalString(s) {
			return s
		}
		return norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			b.WriteByte('\n')
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			b.WriteByte('\n')
		case r == '\t' || (r != '\n' && unicode.IsSpace(r)):
			b.WriteByte(' ')
		case isInvisible(r):
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// isInvisible reports zero-width and formatting characters that carry no
// text: ZWSP, ZWNJ, ZWJ, LRM/RLM, word joiner, BOM, soft hyphen and the
// other Unicode format (Cf) characters.
func isInvisible(r rune) bool {
	return r == '\u00ad' || unicode.Is(unicode.Cf, r)
}

// needsCleaning reports whether s holds a character that Text replaces or
// removes (as opposed to characters only NFC may change).
func needsCleaning(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x20 && r != '\n', r == 0x7f:
			return true
		case r < utf8.RuneSelf:
		case r == utf8.RuneError, r == '\u00ad', unicode.IsSpace(r), unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return true
		}
	}
	return false
}

// isClean reports whether s needs no change: ASCII printable characters,
// newlines and spaces, or Devanagari already in NFC.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return false
		}
		if c < 0x20 && c != '\n' || c == 0x7f {
			return false
		}
	}
	return true
}

// Digit returns the ASCII digit for an ASCII or Devanagari digit
// ('७' → '7'), and false for any other rune.
func Digit(r rune) (byte, bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r), true
	case r >= 0x0966 && r <= 0x096F:
		return byte('0' + r - 0x0966), true
	}
	return 0, false
}

// FirstInvalid returns the byte offset of the first invalid UTF-8 sequence in
// b, or -1 if b is valid.
func FirstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// Sentence normalises one sentence: Text, then white space runs collapsed to
// one space and trimmed.
func Sentence(s string) string {
	return Spaces(Text(s))
}

// Spaces collapses runs of white space in s to one space and trims both
// ends. It is the part of Sentence to apply to text Text already cleaned.
func Spaces(s string) string {
	clean := true
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		space := c == ' ' || c == '\n'
		if space && prevSpace || c == '\n' {
			clean = false
			break
		}
		prevSpace = space
	}
	if clean && !prevSpace {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
