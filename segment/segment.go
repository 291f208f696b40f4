package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anuvad/anuvad/devanagari"
)

// Span is one sentence of a text: Text is text[Start:End], where Start and
// End are byte offsets into the text given to Split, and the span carries no
// leading or trailing white space.
type Span struct {
	Start int
	End   int
	Text  string
}

// Split splits text into sentences and returns them in order. The spans
// cover every non-space character of text exactly once; white space between
// sentences belongs to no span. Split is safe for concurrent use.
func Split(text string) []Span {
	s := scanner{text: text, lex: defaultLexicon}
	s.run()
	return s.out
}

// scanner holds the state of one Split call.
type scanner struct {
	text  string
	lex   lexicon
	out   []Span
	start int  // byte offset where the current sentence begins (may be white space)
	hard  bool // the last cut was a paragraph break
	buf   []word
	// Straight quotes seen so far in the current paragraph; an odd count
	// means a quotation is open.
	dq, sq int
	// Open curly quotations (“ ” and ‘ ’) and brackets in the current
	// paragraph.
	cdq, csq, brackets int
	// Whether the current sentence, from alnumFrom up to alnumTo, holds a
	// letter or digit (a memo that keeps runs of ellipses linear).
	alnumFrom, alnumTo int
	alnum              bool
}

func (s *scanner) run() {
	t := s.text
	s.out = make([]Span, 0, len(t)/96+1)
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			switch c {
			case '\n':
				i = s.newline(i, 1)
			case '\f':
				s.cut(i, true)
				i++
			case '.', '?', '!':
				i = s.terminator(i)
			case '|':
				if s.pipeDanda(i) {
					i = s.terminator(i)
				} else {
					i++
				}
			case '"', '\'':
				s.quote(i)
				i++
			case '(', '[', '{':
				s.brackets++
				i++
			case ')', ']', '}':
				s.brackets = max(s.brackets-1, 0)
				i++
			default:
				i++
			}
			continue
		}
		if c == 0xE0 {
			// Devanagari: only the danda and the double danda matter.
			if i+2 < len(t) && t[i+1] == 0xA5 && (t[i+2] == 0xA4 || t[i+2] == 0xA5) {
				i = s.terminator(i)
			} else {
				i++
			}
			continue
		}
		if c != 0xE2 && c != 0xE3 && c != 0xEF {
			i++ // no rune that matters starts with this byte
			continue
		}
		r, w := utf8.DecodeRuneInString(t[i:])
		switch {
		case r == '\u2028':
			i = s.newline(i, w)
		case r == '\u2029':
			s.cut(i, true)
			i += w
		case isTerminator(r):
			i = s.terminator(i)
		default:
			s.curly(i, r, w)
			i += w
		}
	}
	s.cut(len(t), true)
}

// curly keeps count of the curly quotes and full-width brackets: r, of w
// bytes, is at offset i.
func (s *scanner) curly(i int, r rune, w int) {
	switch r {
	case '“':
		s.cdq++
	case '”':
		s.cdq = max(s.cdq-1, 0)
	case '‘':
		s.csq++
	case '’':
		// An apostrophe inside a word ("don’t") closes nothing.
		if i == 0 || i+w >= len(s.text) || !isASCIILetter(s.text[i-1]) || !isASCIILetter(s.text[i+w]) {
			s.csq = max(s.csq-1, 0)
		}
	case '（':
		s.brackets++
	case '）':
		s.brackets = max(s.brackets-1, 0)
	}
}

// segHasAlnum reports whether the current sentence holds a letter or digit
// before offset p, which does not decrease while the sentence lasts.
func (s *scanner) segHasAlnum(p int) bool {
	if s.alnumFrom != s.start || p < s.alnumTo {
		s.alnumFrom, s.alnumTo, s.alnum = s.start, s.start, false
	}
	if !s.alnum && p > s.alnumTo {
		s.alnum = s.hasAlnum(s.alnumTo, p)
		s.alnumTo = p
	}
	return s.alnum
}

// isTerminator reports whether r can end a sentence.
func isTerminator(r rune) bool {
	switch r {
	case '.', '?', '!', '।', '॥', '…', '‼', '⁇', '⁈', '⁉', '？', '！', '。':
		return true
	}
	return false
}

// isSpace reports whether r is white space.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// isHSpace reports whether r is white space that does not break a line.
func isHSpace(r rune) bool {
	return isSpace(r) && r != '\n' && r != '\f' && r != '\u2028' && r != '\u2029' && r != '\v'
}

// isAlnum reports whether r is a letter, a digit or a combining mark.
func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// cut ends the current sentence at byte offset b. hard marks a paragraph
// break or a heading line.
func (s *scanner) cut(b int, hard bool) {
	if hard {
		s.dq, s.sq, s.cdq, s.csq, s.brackets = 0, 0, 0, 0, 0
	}
	a, e := s.trim(s.start, b)
	s.start = b
	if a == e {
		s.hard = s.hard || hard
		return
	}
	if !s.hard && len(s.out) > 0 && !s.hasAlnum(a, e) {
		// Stray punctuation after a sentence end ("है । ।") joins that sentence.
		last := &s.out[len(s.out)-1]
		last.End = e
		last.Text = s.text[last.Start:e]
	} else {
		s.emit(a, e)
	}
	s.hard = hard
}

// settle moves the start of the current sentence past leading white space,
// but not beyond limit, so that later looks at the sentence do not walk the
// same white space again.
func (s *scanner) settle(limit int) {
	t := s.text
	for s.start < limit {
		r, w := utf8.DecodeRuneInString(t[s.start:limit])
		if !isSpace(r) {
			break
		}
		s.start += w
	}
}

// trim returns [a, b) without leading and trailing white space.
func (s *scanner) trim(a, b int) (int, int) {
	t := s.text
	for a < b {
		r, w := utf8.DecodeRuneInString(t[a:b])
		if !isSpace(r) {
			break
		}
		a += w
	}
	for b > a {
		r, w := utf8.DecodeLastRuneInString(t[a:b])
		if !isSpace(r) {
			break
		}
		b -= w
	}
	return a, b
}

func (s *scanner) hasAlnum(a, b int) bool {
	for _, r := range s.text[a:b] {
		if isAlnum(r) {
			return true
		}
	}
	return false
}

// skipHSpace returns the offset of the first rune at or after i that is not
// white space within a line.
func skipHSpace(t string, i int) int {
	for i < len(t) {
		r, w := utf8.DecodeRuneInString(t[i:])
		if !isHSpace(r) {
			break
		}
		i += w
	}
	return i
}

// skipSpace returns the offset of the first non-space rune at or after i.
func skipSpace(t string, i int) int {
	for i < len(t) {
		r, w := utf8.DecodeRuneInString(t[i:])
		if !isSpace(r) {
			break
		}
		i += w
	}
	return i
}

// newline handles a line break of w bytes at offset i and returns the offset
// to continue from. A blank line ends the sentence; a single line break is a
// space unless the line before it is a heading or a list item follows.
func (s *scanner) newline(i, w int) int {
	t := s.text
	k := skipHSpace(t, i+w)
	if k >= len(t) {
		return k
	}
	if r, _ := utf8.DecodeRuneInString(t[k:]); r == '\n' || r == '\f' || r == '\u2028' || r == '\u2029' {
		s.cut(i, true)
		return k
	}
	if s.lineBreak(i, k) {
		s.cut(i, true)
	}
	return k
}

// lineBreak decides whether the single line break at offset i, followed by
// a line that starts at offset k, ends a sentence.
func (s *scanner) lineBreak(i, k int) bool {
	t := s.text
	ls := strings.LastIndexByte(t[:i], '\n') + 1
	s.settle(i)
	a, e := s.trim(s.start, i)
	if a == e {
		return false
	}
	ne := strings.IndexByte(t[k:], '\n')
	if ne < 0 {
		ne = len(t)
	} else {
		ne += k
	}
	next := strings.TrimRightFunc(t[k:ne], isSpace)
	if signOff(next) && (ne == len(t) || s.blankAfter(ne+1)) {
		return true // the reporters' sign-off closes the story
	}
	if a != skipHSpace(t, ls) {
		return false // the sentence does not start with this line
	}
	if listItem(next) {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(t[a:e])
	switch last {
	case ',', ';', ':', '-', '–', '—', '(', '[', '/', '&', '+', '=':
		return false
	}
	if r := firstRune(next); 'a' <= r && r <= 'z' {
		return false
	}
	if s.datelineStart(next) {
		return true // a headline above the dateline of a story
	}
	line := t[a:e]
	// A heading is clearly shorter than the text line that follows it; the
	// lines of a wrapped paragraph are about equally long.
	n, m := utf8.RuneCountInString(line), utf8.RuneCountInString(next)
	switch w := words(line); {
	case w <= 12:
		return 10*n < 6*m
	case w <= 25:
		return 10*n < 5*m
	}
	return false
}

// datelineStart reports whether line starts with a wire dateline: a place
// of up to six words, a comma, then a day and a month in either order.
func (s *scanner) datelineStart(line string) bool {
	comma := strings.IndexByte(line, ',')
	if comma < 0 || comma > 100 || strings.ContainsAny(line[:comma], "।.?!") || words(line[:comma]) > 6 {
		return false
	}
	var day, month bool
	n := 0
	for f := range strings.FieldsSeq(line[comma+1:]) {
		f = strings.TrimRight(f, ",.।")
		if isNumber(f) && utf8.RuneCountInString(f) <= 2 {
			day = true
		} else if s.lex.class(f)&classMonth != 0 {
			month = true
		}
		if n++; n == 2 {
			break
		}
	}
	return day && month
}

// words counts the white-space separated words of s.
func words(s string) int {
	n := 0
	in := false
	for _, r := range s {
		if isSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// listItem reports whether a line starts with a bullet or an enumerator
// ("- ", "• ", "1. ", "2) ", "(क) ").
func listItem(line string) bool {
	r, w := utf8.DecodeRuneInString(line)
	switch r {
	case '-', '–', '—', '•', '◦', '▪', '●', '*', '·':
		r2, _ := utf8.DecodeRuneInString(line[w:])
		return isHSpace(r2)
	}
	j := 0
	if r == '(' {
		j = 1
	}
	k := j
	for k < len(line) && k-j < 12 {
		r, w := utf8.DecodeRuneInString(line[k:])
		if !isAlnum(r) {
			break
		}
		k += w
	}
	if k == j || k+1 >= len(line) || !(line[k] == ')' || line[k] == '.' && j == 0) {
		return false
	}
	item := line[j:k]
	r2, _ := utf8.DecodeRuneInString(line[k+1:])
	return isHSpace(r2) && (isNumber(item) || len(item) == 1 || aksharas(item) == 1)
}

// quote counts the straight quote at offset i. An apostrophe between two
// Latin letters ("don't") is not a quote.
func (s *scanner) quote(i int) {
	t := s.text
	if t[i] == '"' {
		s.dq++
		return
	}
	if i > 0 && i+1 < len(t) && isASCIILetter(t[i-1]) && isASCIILetter(t[i+1]) {
		return
	}
	s.sq++
}

func isASCIILetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// pipeDanda reports whether the "|" at offset i stands for a danda, as in
// Hindi typed without a Devanagari keyboard ("राम घर गया | सीता"): it
// follows Devanagari text and is followed by white space or the end.
func (s *scanner) pipeDanda(i int) bool {
	t := s.text
	j := i + 1
	for j < len(t) && t[j] == '|' {
		j++
	}
	if j < len(t) {
		if r, _ := utf8.DecodeRuneInString(t[j:]); !isSpace(r) {
			return false
		}
	}
	k := i
	for k > 0 && (t[k-1] == ' ' || t[k-1] == '\t') {
		k--
	}
	r, _ := utf8.DecodeLastRuneInString(t[:k])
	return devanagari.IsText(r)
}

// signOff reports whether line is a reporters' sign-off such as
// "पीएसके/केआर": one word of letters with at least one slash.
func signOff(line string) bool {
	slash := false
	for _, r := range line {
		switch {
		case r == '/':
			slash = true
		case !isAlnum(r) || r >= '0' && r <= '9':
			return false
		}
	}
	return slash && line[0] != '/' && line[len(line)-1] != '/'
}

// blankAfter reports whether the line that starts at offset i is blank or
// the text ends there.
func (s *scanner) blankAfter(i int) bool {
	k := skipHSpace(s.text, i)
	if k >= len(s.text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s.text[k:])
	return r == '\n' || r == '\f' || r == '\u2028' || r == '\u2029'
}
