package offline

import (
	"strings"

	"github.com/anuvad/anuvad/internal/hindi"
)

// loanword recognises an English word written in Devanagari by its
// consonant skeleton, checking the vowels by edit distance. The shapes and
// the distance rows are built in the buffers of sc.
func (tr *Translator) loanword(sc *scratch, src string) (string, bool) {
	word := src
	pl := false
	for _, s := range []string{"ों", "ओं"} {
		if strings.HasSuffix(word, s) {
			word, pl = strings.TrimSuffix(word, s), true
		}
	}
	sk := hindi.Skeleton(word)
	if len(strings.TrimPrefix(sk, "_")) < 2 {
		return "", false
	}
	cands := tr.t.loans[sk]
	if len(cands) == 0 {
		return "", false
	}
	sc.rom = appendLoanShape(sc.rom[:0], hindi.Romanize(word))
	rom := sc.rom
	// A match may be off by a quarter of its length in whole edits, a
	// vowel counting half; with half units doubled once more (d below),
	// that is d ≤ 4·limit.
	limit := (len(rom) + 1) / 4
	if len(strings.TrimPrefix(sk, "_")) < 3 {
		limit = 0
	}
	best, bestD := "", 4*limit+1
	for _, c := range cands {
		sc.shape = appendEnglishShape(sc.shape[:0], sc, c)
		// Each letter one shape has beyond the other costs a whole edit:
		// skip the distance when that alone rules the candidate out.
		if 4*abs(len(rom)-len(sc.shape))-1 >= bestD {
			continue
		}
		d := 2 * editDistance(sc, rom, sc.shape)
		if c[0] >= 'A' && c[0] <= 'Z' {
			d-- // names are spelled in Devanagari more than common words
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return "", false
	}
	if pl {
		best = plural(best)
	}
	return best, true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// appendEnglishShape appends the shape of an English word, its loan shape
// with the soft c and g written s and j, -tion and -sion as shan, and a
// silent final e dropped (Venice ~ venis).
func appendEnglishShape(dst []byte, sc *scratch, w string) []byte {
	b := sc.lower[:0]
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		w = strings.ToLower(w)
	}
	for i := 0; i < len(w); {
		c := w[i]
		if ascii && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		var next byte
		if i+1 < len(w) {
			next = w[i+1]
			if ascii && 'A' <= next && next <= 'Z' {
				next += 'a' - 'A'
			}
		}
		switch {
		case (c == 'c' || c == 'g') && (next == 'e' || next == 'i' || (c == 'c' && next == 'y')):
			if c == 'c' {
				b = append(b, 's')
			} else {
				b = append(b, 'j')
			}
			if next == 'y' {
				next = 'i'
			}
			b = append(b, next)
			i += 2
		case (c == 't' || c == 's') && next == 'i' && hasLowerSuffixAt(w, i+2, "on", ascii):
			b = append(b, "shan"...)
			i += 4
		default:
			b = append(b, c)
			i++
		}
	}
	if n := len(b); n > 3 && b[n-1] == 'e' && b[n-2] != 'e' {
		b = b[:n-1]
	}
	sc.lower = b
	return appendLoanShapeBytes(dst, b)
}

// hasLowerSuffixAt reports whether w, lower-cased, holds s at i.
func hasLowerSuffixAt(w string, i int, s string, ascii bool) bool {
	if i+len(s) > len(w) {
		return false
	}
	for k := 0; k < len(s); k++ {
		c := w[i+k]
		if ascii && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[k] {
			return false
		}
	}
	return true
}

// appendLoanShape appends the loan shape of a romanised word, which
// reduces the spelling differences between romanised Hindi and English:
// ph, ck, c, q, w, ee, oo, y, x, z and the aspirates written as one
// letter, and doubled letters written once.
func appendLoanShape(dst []byte, s string) []byte {
	return appendLoanShapeBytes(dst, []byte(s))
}

func appendLoanShapeBytes(dst, s []byte) []byte {
	start := len(dst)
	put := func(c byte) {
		if len(dst) == start || dst[len(dst)-1] != c {
			dst = append(dst, c)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		var next byte
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch {
		case c == 'p' && next == 'h':
			put('f')
			i++
		case c == 'c' && next == 'k':
			put('k')
			i++
		case c == 'c', c == 'q':
			put('k')
		case c == 'w':
			put('v')
		case c == 'e' && next == 'e':
			put('i')
			i++
		case c == 'o' && next == 'o':
			put('u')
			i++
		case c == 'y':
			put('i')
		case c == 'x':
			put('k')
			put('s')
		case c == 'z':
			put('j')
		case next == 'h' && (c == 's' || c == 't' || c == 'd' || c == 'b' || c == 'g' || c == 'k'):
			put(c)
			i++
		default:
			put(c)
		}
	}
	return dst
}

// editDistance is a Levenshtein distance in half units: one vowel for
// another costs 1 (Hindi vowels map loosely onto English spelling), any
// other edit 2. Its two rows live in sc.
func editDistance(sc *scratch, a, b []byte) int {
	if cap(sc.dist) < 2*(len(b)+1) {
		sc.dist = make([]int, 2*(len(b)+1))
	}
	prev := sc.dist[:len(b)+1]
	cur := sc.dist[len(b)+1 : 2*(len(b)+1)]
	for j := range prev {
		prev[j] = 2 * j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = 2 * i
		for j := 1; j <= len(b); j++ {
			cost := 2
			switch {
			case a[i-1] == b[j-1]:
				cost = 0
			case isVowel(a[i-1]) && isVowel(b[j-1]):
				cost = 1
			}
			cur[j] = min(prev[j]+2, cur[j-1]+2, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
