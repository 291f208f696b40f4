// Rendering: units joined into an English sentence.

package offline

import (
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

// render joins units into an English sentence.
func render(us []unit) string {
	var b strings.Builder
	prev := ""
	quoteOpen := false
	for _, u := range us {
		s := strings.TrimSpace(u.text)
		if s == "" {
			continue
		}
		space := b.Len() > 0 && !noSpaceBefore[s] && !noSpaceAfter[prev] && prev != "-" && s != "-"
		if s == "\"" || s == "'" {
			if quoteOpen {
				space = false
			}
			quoteOpen = !quoteOpen
		} else if (prev == "\"" || prev == "'") && quoteOpen {
			space = false
		}
		if space {
			b.WriteByte(' ')
		}
		b.WriteString(s)
		prev = s
	}
	return capitalise(articleAn(b.String()))
}

// articleAn writes "an" for "a" before a vowel sound.
func articleAn(s string) string {
	if !strings.Contains(s, "a ") {
		return s
	}
	words := strings.Split(s, " ")
	changed := false
	for i := 0; i+1 < len(words); i++ {
		if (words[i] == "a" || words[i] == "A") && startsWithVowelSound(words[i+1]) {
			words[i] += "n"
			changed = true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(words, " ")
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

func capitalise(s string) string {
	for i, r := range s {
		if unicode.IsLetter(r) {
			if unicode.IsLower(r) {
				_, n := utf8.DecodeRuneInString(s[i:])
				return s[:i] + string(unicode.ToUpper(r)) + s[i+n:]
			}
			return s
		}
	}
	return s
}
