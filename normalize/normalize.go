// Package normalize cleans text before it is split and translated: Unicode
// NFC, no byte order mark, no zero-width or control characters, one kind of
// line break and one kind of space. Translation cache keys are computed on
// normalised text, so two spellings that differ only invisibly share one
// translation.
package normalize

import (
	"strings"
	"sync"
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
	if isClean(s) || isCleanDevanagari(s) {
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

// devanagariTable describes each rune of the Devanagari block (U+0900 to
// U+097F) for the NFC quick check: its canonical combining class, whether
// NFC changes it wherever it stands, and the runes of the block that it
// composes with when it follows them.
type devanagariTable struct {
	ccc     [0x80]uint8
	changed [0x80]bool
	// after[r] is nil for a rune that composes with no rune before it.
	after [0x80]*[0x80]bool
}

var devanagari = sync.OnceValue(func() *devanagariTable {
	t := &devanagariTable{}
	for i := range t.ccc {
		r := string(rune(0x0900 + i))
		t.ccc[i] = norm.NFC.PropertiesString(r).CCC()
		t.changed[i] = norm.NFC.String(r) != r
	}
	// A starter followed by a rune that composes with it (Annex 15's
	// "maybe"): ASCII ones make the rune changed, the block's are listed.
	for i := range t.ccc {
		m := string(rune(0x0900 + i))
		for s := rune(0x20); s < 0x0980; s++ {
			if s == utf8.RuneSelf {
				s = 0x0900
			}
			if norm.NFC.PropertiesString(string(s)).CCC() != 0 || !norm.NFC.IsNormalString(string(s)) || norm.NFC.IsNormalString(string(s)+m) {
				continue
			}
			if s < utf8.RuneSelf {
				t.changed[i] = true
				continue
			}
			if t.after[i] == nil {
				t.after[i] = new([0x80]bool)
			}
			t.after[i][s-0x0900] = true
		}
	}
	return t
})

// isCleanDevanagari reports whether s needs no change and holds only
// printable ASCII, newlines and runes of the Devanagari block: the NFC
// quick check of Unicode Annex 15 over a table of the block, far cheaper
// than the general one. It answers false for other text, which the general
// path then cleans.
func isCleanDevanagari(s string) bool {
	t := devanagari()
	last := uint8(0) // the combining class of the rune before
	prev := -1       // the rune before, if of the block, less U+0900
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			last, prev = 0, -1
			i++
			continue
		}
		// U+0900 to U+097F are E0 A4 80 to E0 A5 BF in UTF-8.
		if c != 0xe0 || i+2 >= len(s) || s[i+1]&^1 != 0xa4 || s[i+2]&0xc0 != 0x80 {
			return false
		}
		r := int(s[i+1]-0xa4)<<6 | int(s[i+2]&0x3f)
		ccc := t.ccc[r]
		if t.changed[r] || ccc != 0 && last > ccc {
			return false
		}
		if after := t.after[r]; after != nil && (last != 0 || prev >= 0 && after[prev]) {
			return false
		}
		last, prev = ccc, r
		i += 3
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
	if utf8.Valid(b) {
		return -1
	}
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
