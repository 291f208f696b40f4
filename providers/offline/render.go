// Rendering: units joined into an English sentence.

package offline

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// adverb turns the last word of an English adjective phrase into an
// adverb (legal → legally).
func adverb(s string) string {
	s = strings.TrimPrefix(s, "the ")
	i := strings.LastIndexByte(s, ' ')
	pre, w := s[:i+1], s[i+1:]
	n := len(w)
	switch {
	case n < 3:
		return s
	case strings.HasSuffix(w, "ly"):
	case strings.HasSuffix(w, "ic"):
		w += "ally"
	case strings.HasSuffix(w, "le") && !isVowel(w[n-3]):
		w = w[:n-1] + "y"
	case strings.HasSuffix(w, "y") && !isVowel(w[n-2]):
		w = w[:n-1] + "ily"
	case strings.HasSuffix(w, "ll"):
		w += "y"
	default:
		w += "ly"
	}
	return pre + w
}

var noSpaceBefore = map[string]bool{",": true, ".": true, ";": true, ":": true, "?": true, "!": true, ")": true, "”": true, "’": true, "%": true}
var noSpaceAfter = map[string]bool{"(": true, "“": true, "‘": true, "$": true}

// render joins units into an English sentence, in the buffers of sc.
func render(sc *scratch, us []unit) string {
	b := sc.text[:0]
	prev := ""
	quoteOpen := false
	for _, u := range us {
		s := strings.TrimSpace(u.text)
		if s == "" {
			continue
		}
		space := len(b) > 0 && !noSpaceBefore[s] && !noSpaceAfter[prev] && prev != "-" && s != "-"
		if s == "\"" || s == "'" {
			if quoteOpen {
				space = false
			}
			quoteOpen = !quoteOpen
		} else if (prev == "\"" || prev == "'") && quoteOpen {
			space = false
		}
		if space {
			b = append(b, ' ')
		}
		b = append(b, s...)
		prev = s
	}
	sc.text = b
	if bytes.Contains(b, []byte("a ")) {
		sc.text2 = appendArticleAn(sc.text2[:0], b)
		b = sc.text2
	}
	return capitalise(b)
}

// appendArticleAn appends s to dst with "an" for "a" before a vowel sound.
func appendArticleAn(dst, s []byte) []byte {
	for len(s) > 0 {
		w, rest, more := bytes.Cut(s, []byte(" "))
		dst = append(dst, w...)
		if more && len(w) == 1 && (w[0] == 'a' || w[0] == 'A') {
			next, _, _ := bytes.Cut(rest, []byte(" "))
			if startsWithVowelSound(string(next)) {
				dst = append(dst, 'n')
			}
		}
		if more {
			dst = append(dst, ' ')
		}
		s = rest
	}
	return dst
}

// startsWithVowelSound guesses whether "an" goes before s.
func startsWithVowelSound(s string) bool {
	if s == "" {
		return false
	}
	l := strings.ToLower(s)
	for _, p := range []string{"uni", "use", "usu", "one", "eu", "uk", "ur"} {
		if strings.HasPrefix(l, p) {
			return false
		}
	}
	for _, p := range []string{"hour", "honest", "honour", "honor", "heir"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return strings.IndexByte("aeiou", l[0]) >= 0
}

// capitalise returns b as a string with its first letter upper-case.
func capitalise(b []byte) string {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if unicode.IsLetter(r) {
			if !unicode.IsLower(r) {
				break
			}
			var up [utf8.UTFMax]byte
			m := utf8.EncodeRune(up[:], unicode.ToUpper(r))
			var sb strings.Builder
			sb.Grow(len(b) - n + m)
			sb.Write(b[:i])
			sb.Write(up[:m])
			sb.Write(b[i+n:])
			return sb.String()
		}
		i += n
	}
	return string(b)
}
