// Package quality flags Hindi–English sentence pairs that a corpus builder
// may want to drop, in the manner of OpusFilter and Bicleaner rules.
//
// Each check is a cheap, conservative rule: it flags a pair only when
// something is clearly wrong (an empty side, a length ratio far outside what
// translations produce, numbers that differ, Devanagari left in the English,
// a copy instead of a translation, a repeat of an earlier pair). A Checker
// remembers the pairs it has seen, in a Bloom filter of fixed size, so that
// it can flag duplicates in constant memory; it is safe for concurrent use.
package quality

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/greatroar/blobloom"

	"github.com/anuvad/anuvad/devanagari"
	"github.com/anuvad/anuvad/normalize"
)

// Flag names one problem of a sentence pair. The values are stable strings
// meant for corpus metadata and filters.
type Flag string

// The flags a Checker reports.
const (
	// EmptySide: one side is empty or only white space and punctuation.
	EmptySide Flag = "empty_side"
	// LengthRatio: the English/Hindi character ratio is outside the band
	// [MinRatio, MaxRatio] while the longer side has at least
	// MinRatioChars characters.
	LengthRatio Flag = "length_ratio"
	// NumberMismatch: a number written in digits on one side appears on the
	// other side neither in digits nor as a number word ("ten", "दस",
	// "fifteenth", "पंद्रहवीं"), after normalising Devanagari digits, group
	// separators and leading or trailing zeros.
	NumberMismatch Flag = "number_mismatch"
	// DevanagariInTarget: the English side contains Devanagari letters.
	DevanagariInTarget Flag = "devanagari_in_target"
	// IdenticalSides: both sides are the same text (after trimming and case
	// folding), so the "translation" is a copy.
	IdenticalSides Flag = "identical_sides"
	// DuplicatePair: the same (Hindi, English) pair was checked before by
	// this Checker. A repeat is always flagged; a pair seen for the first
	// time is flagged by mistake with a probability of at most
	// DuplicateFalseRate while the Checker has seen no more than
	// DuplicateCapacity distinct pairs (see NewChecker).
	DuplicatePair Flag = "duplicate_pair"
)

// Length-ratio band. Hindi in Devanagari and its English translation have
// about the same number of characters (the ratio is close to 1 and rarely
// outside 0.5..2 for real translations); the band is wide so that only
// clear misalignments and truncations are flagged.
const (
	MinRatio      = 1.0 / 3
	MaxRatio      = 3.0
	MinRatioChars = 15
)

// Duplicate detection. The Checker's memory of the pairs it has seen is a
// blocked Bloom filter (a pair's bits share one cache line) of the pairs'
// 64-bit hashes, sized for DuplicateCapacity distinct pairs at a false
// positive rate of DuplicateFalseRate (25 MiB, whatever the input): it
// never misses a repeat; below a million pairs a false positive is
// practically impossible (1e-12), and beyond the capacity the rate grows
// (0.3% at 15 million pairs, 2.2% at 20 million).
const (
	DuplicateCapacity  = 10_000_000
	DuplicateFalseRate = 2e-4
)

// Checker flags sentence pairs. The zero value is not usable; call
// NewChecker. A Checker is safe for concurrent use.
type Checker struct {
	mu   sync.Mutex
	seen *blobloom.Filter
	n    int
	buf  []byte
}

// NewChecker returns a Checker that has seen no pairs.
func NewChecker() *Checker {
	return &Checker{seen: blobloom.NewOptimized(blobloom.Config{Capacity: DuplicateCapacity, FPRate: DuplicateFalseRate})}
}

// Check returns the flags of the pair (hi, en), in the order of the
// constants above, or nil if the pair looks fine. It records the pair, so a
// second Check of the same pair reports DuplicatePair.
func (c *Checker) Check(hi, en string) []Flag {
	flags := Flags(hi, en)
	if c.Repeat(hi, en) {
		flags = append(flags, DuplicatePair)
	}
	return flags
}

// Repeat records the pair (hi, en) and reports whether this Checker has
// seen it before: the DuplicatePair check alone. Check is Flags followed
// by Repeat; a caller that computes Flags elsewhere (concurrently, once per
// distinct sentence) calls Repeat for each pair in order.
func (c *Checker) Repeat(hi, en string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	// A pair is identified up to surrounding and repeated white space.
	c.buf = appendFields(c.buf[:0], hi)
	c.buf = append(c.buf, 0)
	c.buf = appendFields(c.buf, en)
	h := xxhash.Sum64(c.buf)
	if c.seen.Has(h) {
		return true
	}
	c.seen.Add(h)
	c.n++
	return false
}

// Seen returns the number of distinct pairs the Checker has recorded.
func (c *Checker) Seen() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// appendFields appends the white-space separated fields of s to b, joined
// by single spaces.
func appendFields(b []byte, s string) []byte {
	inField, any := false, false
	for i := 0; i < len(s); {
		c := s[i]
		size, space := 1, false
		switch {
		case c < utf8.RuneSelf:
			space = c == ' ' || c >= '\t' && c <= '\r'
		case c == 0xE0 && i+2 < len(s) && s[i+1] >= 0xA0 && s[i+2]&0xC0 == 0x80 && s[i+1]&0xC0 == 0x80:
			// U+0800 to U+0FFF, Devanagari among them: no spaces.
			size = 3
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = isSpace(r)
		}
		if space {
			inField = false
			i += size
			continue
		}
		if !inField && any {
			b = append(b, ' ')
		}
		inField, any = true, true
		if c >= utf8.RuneSelf && size == 1 {
			b = utf8.AppendRune(b, utf8.RuneError) // an invalid byte
			i++
			continue
		}
		// The rest of an ASCII word at once.
		end := i + size
		for end < len(s) && s[end] > ' ' && s[end] < utf8.RuneSelf {
			end++
		}
		b = append(b, s[i:end]...)
		i = end
	}
	return b
}

// isSpace is unicode.IsSpace without a table search for letters outside
// Latin-1, which are most of a Hindi sentence.
func isSpace(r rune) bool {
	if r <= 0xFF {
		return unicode.IsSpace(r)
	}
	switch {
	case r == 0x1680, 0x2000 <= r && r <= 0x200A, r == 0x2028, r == 0x2029, r == 0x202F, r == 0x205F, r == 0x3000:
		return true
	}
	return false
}

// equalFoldFields reports whether a and b are equal under case folding,
// up to surrounding and repeated white space.
func equalFoldFields(a, b string) bool {
	for {
		fa, ra := nextField(a)
		fb, rb := nextField(b)
		if fa == "" || fb == "" {
			return fa == fb
		}
		if !strings.EqualFold(fa, fb) {
			return false
		}
		a, b = ra, rb
	}
}

// nextField returns the first white-space separated field of s ("" if
// none) and the text after it.
func nextField(s string) (field, rest string) {
	s = strings.TrimLeftFunc(s, isSpace)
	if i := strings.IndexFunc(s, isSpace); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// Flags returns the flags of the pair that need no memory of other pairs
// (all but DuplicatePair).
func Flags(hi, en string) []Flag {
	var flags []Flag
	hc, ec := contentChars(hi), contentChars(en)
	if hc == 0 || ec == 0 {
		flags = append(flags, EmptySide)
	} else {
		r := float64(ec) / float64(hc)
		if max(hc, ec) >= MinRatioChars && (r < MinRatio || r > MaxRatio) {
			flags = append(flags, LengthRatio)
		}
	}
	if numbersDiffer(hi, en) {
		flags = append(flags, NumberMismatch)
	}
	if devanagari.HasText(en) {
		flags = append(flags, DevanagariInTarget)
	}
	if hc > 0 && equalFoldFields(hi, en) {
		flags = append(flags, IdenticalSides)
	}
	return flags
}

// contentChars counts letters, digits and symbols, ignoring white space and
// punctuation.
func contentChars(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x0900 && r <= 0x097F: // Devanagari: all but its punctuation
			if r != 0x0964 && r != 0x0965 && r != 0x0970 {
				n++
			}
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.IsSymbol(r):
			n++
		}
	}
	return n
}

// numbers returns the distinct numbers of s, sorted: digit runs in ASCII or
// Devanagari, with group separators (",", thin and no-break spaces, "'")
// between digits removed, a decimal point kept, and trailing decimal zeros
// dropped, leading zeros dropped ("5,000" = "५०००", "2.50" = "2.5",
// "07" = "7").
func numbers(s string) []string {
	var out []string
	var b []byte
	flush := func() {
		if len(b) == 0 {
			return
		}
		t := string(b)
		if strings.Contains(t, ".") {
			t = strings.TrimRight(t, "0")
			t = strings.TrimSuffix(t, ".")
		}
		if trimmed := strings.TrimLeft(t, "0"); trimmed != t {
			if trimmed == "" || trimmed[0] == '.' {
				trimmed = "0" + trimmed
			}
			t = trimmed
		}
		out = append(out, t)
		b = b[:0]
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if d, ok := normalize.Digit(r); ok {
			b = append(b, d)
			i += size
			continue
		}
		if len(b) > 0 && (r == ',' || r == '.' || r == '\'' || r == 0x202F || r == 0x00A0 || r == 0x2009 || r == '٫') {
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			if _, ok := normalize.Digit(next); ok {
				if r == '.' || r == '٫' {
					b = append(b, '.')
				}
				i += size
				continue
			}
		}
		flush()
		i += size
	}
	flush()
	slices.Sort(out)
	return slices.Compact(out)
}

// numbersDiffer reports whether a digit number of either side is missing
// from the other side's digits and number words.
func numbersDiffer(hi, en string) bool {
	nh, ne := numbers(hi), numbers(en)
	if slices.Equal(nh, ne) {
		return false
	}
	wh, we := numberWords(hi), numberWords(en)
	missing := func(nums, digits, words []string) bool {
		for _, n := range nums {
			if !slices.Contains(digits, n) && !slices.Contains(words, n) {
				return true
			}
		}
		return false
	}
	return missing(nh, ne, we) || missing(ne, nh, wh)
}

// numberWords returns the values of the English and Hindi number words of
// s (cardinals and ordinals up to twenty, the tens, hundred and thousand;
// hyphenated English compounds such as "thirty-nine" are added up).
func numberWords(s string) []string {
	var out []string
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsMark(r) || r == '-')
	})
	for _, w := range words {
		if v, ok := numberWord(w); ok {
			out = append(out, strconv.Itoa(v))
			continue
		}
		if a, b, ok := strings.Cut(w, "-"); ok {
			va, oka := numberWord(a)
			vb, okb := numberWord(b)
			if oka && okb && va >= 20 && va%10 == 0 && vb < 10 {
				out = append(out, strconv.Itoa(va+vb))
			}
		}
	}
	return out
}

func numberWord(w string) (int, bool) {
	if v, ok := cardinal(w); ok {
		return v, true
	}
	// English ordinals
	switch w {
	case "first":
		return 1, true
	case "second":
		return 2, true
	case "third":
		return 3, true
	case "fifth":
		return 5, true
	case "eighth":
		return 8, true
	case "ninth":
		return 9, true
	case "twelfth":
		return 12, true
	}
	if strings.HasSuffix(w, "ieth") {
		if v, ok := cardinal(strings.TrimSuffix(w, "ieth") + "y"); ok {
			return v, true
		}
	}
	if strings.HasSuffix(w, "th") {
		if v, ok := cardinal(strings.TrimSuffix(w, "th")); ok {
			return v, true
		}
	}
	// Hindi ordinals
	switch w {
	case "पहला", "पहली", "पहले":
		return 1, true
	case "दूसरा", "दूसरी", "दूसरे":
		return 2, true
	case "तीसरा", "तीसरी", "तीसरे":
		return 3, true
	case "चौथा", "चौथी", "चौथे":
		return 4, true
	case "छठा", "छठी", "छठे":
		return 6, true
	}
	for _, suf := range []string{"वाँ", "वां", "वीं", "वी", "वें", "वे"} {
		if strings.HasSuffix(w, suf) {
			if v, ok := cardinal(strings.TrimSuffix(w, suf)); ok {
				return v, true
			}
		}
	}
	return 0, false
}

func cardinal(w string) (int, bool) {
	switch w {
	case "one", "एक":
		return 1, true
	case "two", "दो":
		return 2, true
	case "three", "तीन":
		return 3, true
	case "four", "चार":
		return 4, true
	case "five", "पांच", "पाँच":
		return 5, true
	case "six", "छह", "छः":
		return 6, true
	case "seven", "सात":
		return 7, true
	case "eight", "आठ":
		return 8, true
	case "nine", "नौ":
		return 9, true
	case "ten", "दस":
		return 10, true
	case "eleven", "ग्यारह":
		return 11, true
	case "twelve", "बारह":
		return 12, true
	case "thirteen", "तेरह":
		return 13, true
	case "fourteen", "चौदह":
		return 14, true
	case "fifteen", "पंद्रह", "पन्द्रह":
		return 15, true
	case "sixteen", "सोलह":
		return 16, true
	case "seventeen", "सत्रह":
		return 17, true
	case "eighteen", "अठारह":
		return 18, true
	case "nineteen", "उन्नीस":
		return 19, true
	case "twenty", "बीस":
		return 20, true
	case "thirty", "तीस":
		return 30, true
	case "forty", "चालीस":
		return 40, true
	case "fifty", "पचास":
		return 50, true
	case "sixty", "साठ":
		return 60, true
	case "seventy", "सत्तर":
		return 70, true
	case "eighty", "अस्सी":
		return 80, true
	case "ninety", "नब्बे":
		return 90, true
	case "hundred", "सौ":
		return 100, true
	case "thousand", "हजार", "हज़ार":
		return 1000, true
	}
	return 0, false
}
