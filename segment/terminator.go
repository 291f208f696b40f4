package segment

import (
	"strings"
	"unicode/utf8"
)

// run describes a run of terminators such as "।", "?!", "." or "...".
type run struct {
	dots   int  // number of "."
	strong bool // holds "।", "॥", "?", "!" or a full-width stop
	danda  bool // holds "।", "॥" or a "|" typed for a danda
	ell    bool // holds "…"
}

// scanRun extends r with the terminators starting at offset i and returns
// the offset after them.
func (s *scanner) scanRun(i int, r *run) int {
	t := s.text
	for i < len(t) {
		c, w := utf8.DecodeRuneInString(t[i:])
		switch c {
		case '.':
			r.dots++
		case '।', '॥', '|':
			r.danda, r.strong = true, true
		case '?', '!', '‼', '⁇', '⁈', '⁉', '？', '！', '。':
			r.strong = true
		case '…':
			r.ell = true
		default:
			return i
		}
		i += w
	}
	return i
}

// verseNumber returns the offset after a verse number that follows a danda
// ("॥ १ ॥", "॥१॥"), or i if there is none.
func (s *scanner) verseNumber(i int) int {
	t := s.text
	k := skipHSpace(t, i)
	d := k
	for d < len(t) {
		r, w := utf8.DecodeRuneInString(t[d:])
		if !(r >= '0' && r <= '9' || r >= '०' && r <= '९') {
			break
		}
		d += w
	}
	if d == k || d-k > 12 {
		return i
	}
	e := skipHSpace(t, d)
	if r, w := utf8.DecodeRuneInString(t[e:]); r == '।' || r == '॥' {
		return e + w
	}
	return i
}

// terminator decides about the terminators starting at offset p and returns
// the offset to continue from.
func (s *scanner) terminator(p int) int {
	t := s.text
	s.settle(p)
	var rn run
	q := s.scanRun(p, &rn)
	if rn.danda {
		q = s.verseNumber(q)
	}
	// A letter, digit or other mark right after the run, with no space:
	// "3.5", "जी.डी.पी", "U.S.-based", "है।वह".
	if q < len(t) {
		r, _ := utf8.DecodeRuneInString(t[q:])
		if !isSpace(r) && !isCloser(r) && !isOpener(r) {
			if (rn.danda || rn.strong && isDevaLetter(r)) && !(rn.danda && s.dateline(q)) {
				s.cut(q, false)
			}
			return q
		}
	}
	b := s.closers(q, &rn)
	next := s.nextToken(b)
	latin := s.latinBefore(p)
	var brk bool
	switch {
	case rn.danda:
		brk = true
	case rn.strong:
		brk = !continues(next, latin)
	case rn.ell || rn.dots >= 3:
		brk = s.ellipsisBreak(p, next, latin)
	case rn.dots == 2:
		// An abbreviation's period followed by a full stop.
		brk = !continues(next, latin)
	default:
		brk = s.periodBreak(p, next)
	}
	if brk && (rn.danda || rn.dots > 0) && s.dateline(b) {
		brk = false
	}
	if brk {
		s.cut(b, false)
	}
	return b
}

// isCloser reports whether r can close a quotation or a parenthesis.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}', '」', '』', '）':
		return true
	}
	return false
}

// isOpener reports whether r can open a quotation or a parenthesis.
func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '‹', '(', '[', '{', '「', '『', '（':
		return true
	}
	return false
}

// closers returns the offset after the closing quotes and brackets (and any
// further terminators) that follow a run of terminators ending at q. A
// straight quote or a bracket after white space closes only a quotation or
// bracket that is open.
func (s *scanner) closers(q int, rn *run) int {
	t := s.text
	b := q
	for b < len(t) {
		k := skipHSpace(t, b)
		if k >= len(t) {
			break
		}
		r, w := utf8.DecodeRuneInString(t[k:])
		if !isCloser(r) {
			break
		}
		attached := k == b
		free := k+w >= len(t)
		if !free {
			r2, _ := utf8.DecodeRuneInString(t[k+w:])
			free = !isAlnum(r2)
		}
		if !free {
			break // a quote glued to the next word opens it
		}
		switch r {
		case ')', ']', '}', '）':
			if !attached && s.brackets == 0 {
				return b
			}
			s.brackets = max(s.brackets-1, 0)
		case '”':
			s.cdq = max(s.cdq-1, 0)
		case '’':
			s.csq = max(s.csq-1, 0)
		case '"':
			if !attached && s.dq%2 == 0 {
				return b
			}
			s.dq++
		case '\'':
			if !attached && s.sq%2 == 0 {
				return b
			}
			s.sq++
		}
		b = k + w
		if b < len(t) {
			if r, _ := utf8.DecodeRuneInString(t[b:]); isTerminator(r) {
				b = s.scanRun(b, rn)
			}
		}
	}
	return b
}

// nextToken returns the white-space delimited word that starts at the first
// non-space rune at or after b.
func (s *scanner) nextToken(b int) string {
	t := s.text
	a := skipSpace(t, b)
	e := a
	for e < len(t) && e-a < 64 {
		r, w := utf8.DecodeRuneInString(t[e:])
		if isSpace(r) {
			break
		}
		e += w
	}
	return t[a:e]
}

// continues reports whether the word after a terminator shows that the
// sentence goes on: a comma, semicolon or colon, or, when latin says that
// the word before the terminator is Latin, a lower-case Latin word
// ("etc. and", "p. 12").
func continues(next string, latin bool) bool {
	if next == "" {
		return false
	}
	c := next[0]
	return c == ',' || c == ';' || c == ':' || latin && 'a' <= c && c <= 'z'
}

// latinBefore reports whether the rune before offset p is a Latin letter.
func (s *scanner) latinBefore(p int) bool {
	if p == 0 {
		return false
	}
	c := s.text[p-1]
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// stripOpeners removes leading quotes and brackets from w.
func stripOpeners(w string) string {
	for w != "" {
		r, n := utf8.DecodeRuneInString(w)
		if !isOpener(r) {
			break
		}
		w = w[n:]
	}
	return w
}

// periodBreak decides whether the single period at offset p ends a sentence;
// next is the word after it.
func (s *scanner) periodBreak(p int, next string) bool {
	t := s.text
	ts := p
	for ts > s.start {
		r, w := utf8.DecodeLastRuneInString(t[s.start:ts])
		if isSpace(r) {
			break
		}
		ts -= w
	}
	if continues(next, s.latinBefore(p)) {
		return false
	}
	if ts == p {
		// "कहा ." (wire style): a period on its own is a full stop, unless
		// tokenised text set apart the period of a title or an initial
		// ("डॉ . मनमोहन", "एन . सी . पाधी").
		return s.lex.class(s.prevWord(ts))&(classTitle|classLetter) == 0
	}
	core := stripOpeners(t[ts:p])
	if core == "" {
		return true
	}
	first := s.start == ts
	if isNumber(core) {
		// "1." at the start of a sentence numbers a list item.
		return !(first && len(core) <= 3 && strings.IndexByte(core, '.') < 0)
	}
	last, lead := core, ""
	if k := strings.LastIndexByte(core, '.'); k >= 0 {
		last, lead = core[k+1:], core[:k]
	}
	cl := s.lex.class(last)
	if cl&noBreak != 0 {
		return false
	}
	if cl&classSuffix != 0 {
		return startsUpperLatin(next)
	}
	if isLatinWord(last) {
		switch {
		case lead != "":
			// U.S., a.m., Ltd.: an English sentence goes on with a capital.
			return startsUpperLatin(next)
		case len(last) == 1:
			return false // initial: "J. K. Rowling"
		}
		return true
	}
	ak := aksharas(last)
	if lead != "" {
		// Dotted acronym of short parts: उ.प्र., भा.ज.पा., पीएच.डी.
		return !(ak >= 1 && ak <= 2 && shortParts(s.lex, lead))
	}
	if first && ak == 1 && cl&classFinal == 0 && len(last) == utf8.RuneLen(firstRune(last)) {
		return false // "क." enumerates a list item
	}
	if cl&classLetterWord != 0 || ak == 1 && cl&classFinal == 0 {
		// A possible initial: only inside a chain of initials.
		return !(s.prevInitial(ts) || s.isInitial(next, true))
	}
	return true
}

// startsUpperLatin reports whether w starts with a Latin capital letter,
// after any opening quotes.
func startsUpperLatin(w string) bool {
	w = stripOpeners(w)
	return w != "" && 'A' <= w[0] && w[0] <= 'Z'
}

// shortParts reports whether every period-separated part of lead looks like
// a part of an acronym: a Latin letter, a lexicon abbreviation or one or two
// Devanagari syllables.
func shortParts(lex lexicon, lead string) bool {
	for part := range strings.SplitSeq(lead, ".") {
		if len(part) == 1 && isLatinWord(part) {
			continue
		}
		if lex.class(part)&(noBreak|classLetterWord) != 0 {
			continue
		}
		if n := aksharas(part); n < 1 || n > 2 {
			return false
		}
	}
	return true
}

// isInitial reports whether w is a dotted initial: a letter name, a Latin
// letter or a single Devanagari syllable followed by a period. With first,
// the first period-separated part of w is tested (the word after a
// candidate initial), else the last one.
func (s *scanner) isInitial(w string, first bool) bool {
	w = stripOpeners(w)
	if !strings.HasSuffix(w, ".") && strings.IndexByte(w, '.') < 0 {
		return false
	}
	var part string
	if first {
		part, _, _ = strings.Cut(w, ".")
	} else {
		w = strings.TrimSuffix(w, ".")
		part = w[strings.LastIndexByte(w, '.')+1:]
	}
	if part == "" {
		return false
	}
	if len(part) == 1 && isLatinWord(part) {
		return true
	}
	cl := s.lex.class(part)
	if cl&(classLetter|classLetterWord) != 0 {
		return true
	}
	if !first && cl&classTitle != 0 {
		return true
	}
	return cl&classFinal == 0 && aksharas(part) == 1
}

// prevWord returns the word before offset ts in the current sentence.
func (s *scanner) prevWord(ts int) string {
	t := s.text
	e := ts
	for e > s.start {
		r, w := utf8.DecodeLastRuneInString(t[s.start:e])
		if !isSpace(r) {
			break
		}
		e -= w
	}
	a := e
	for a > s.start && e-a < 64 {
		r, w := utf8.DecodeLastRuneInString(t[s.start:a])
		if isSpace(r) {
			break
		}
		a -= w
	}
	return t[a:e]
}

// prevInitial reports whether the word before offset ts, in the current
// sentence, is a dotted initial or title.
func (s *scanner) prevInitial(ts int) bool {
	w := s.prevWord(ts)
	if !strings.HasSuffix(w, ".") {
		return false
	}
	return s.isInitial(w, false)
}

// dateline reports whether the sentence so far, up to offset b and without
// the terminators that end there, opens the text or a paragraph and is a
// wire dateline: "सोल, 13 जुलाई .",
// "नई दिल्ली, 13 जुलाई 2025 (भाषा)।", "प्रयागराज, 27 अगस्त (हि.स.)।".
func (s *scanner) dateline(b int) bool {
	if b-s.start > 400 || len(s.out) > 0 && !s.hard {
		return false // a dateline opens the text or a paragraph
	}
	a, e := s.trim(s.start, b)
	for e > a {
		r, w := utf8.DecodeLastRuneInString(s.text[a:e])
		if !isTerminator(r) && !isSpace(r) && r != '|' {
			break
		}
		e -= w
	}
	line := s.text[a:e]
	if line == "" || len(line) > 160 {
		return false
	}
	// The place: up to six words, perhaps with a region in parentheses,
	// then a comma.
	comma := strings.IndexByte(line, ',')
	if comma < 0 || comma > 100 || strings.ContainsAny(line[:comma], "।.?!") || words(line[:comma]) > 6 {
		return false
	}
	rest := line[comma+1:]
	// The dateline ends with the month, the year, the agency or a repeated
	// place after a dash.
	if c := line[len(line)-1]; c != ')' && !(c >= '0' && c <= '9') {
		lastWord := line[strings.LastIndexAny(line, " \t\n")+1:]
		if s.lex.class(lastWord)&classMonth == 0 && !isNumber(lastWord) && !strings.ContainsAny(rest, "-—–") {
			return false
		}
	}
	// The place may be repeated after a dash: "अलीगढ़, नवम्बर 24 -- अलीगढ़।".
	for _, dash := range [...]string{" -- ", " — ", " – "} {
		if i := strings.Index(rest, dash); i >= 0 {
			if words(rest[i+len(dash):]) > 3 {
				return false
			}
			rest = rest[:i]
			break
		}
	}
	// An agency in parentheses may close the dateline.
	if i := strings.IndexByte(rest, '('); i >= 0 {
		if !strings.HasSuffix(rest, ")") {
			return false
		}
		rest = rest[:i]
	}
	var day, month, year int
	n := 0
	for f := range strings.FieldsSeq(rest) {
		f = strings.TrimRight(f, ",")
		n++
		switch {
		case n > 3:
			return false
		case isNumber(f) && utf8.RuneCountInString(f) <= 2:
			day++
		case isNumber(f) && utf8.RuneCountInString(f) == 4:
			year++
		case s.lex.class(f)&classMonth != 0:
			month++
		default:
			return false
		}
	}
	return day == 1 && month == 1 && year <= 1
}

// ellipsisBreak decides whether the ellipsis at offset p ends a sentence;
// next is the word after it. It does not after nothing but punctuation,
// before a conjunction or particle that continues the clause ("... जबकि")
// or inside a quotation that is still open: there it marks a pause.
func (s *scanner) ellipsisBreak(p int, next string, latin bool) bool {
	if !s.segHasAlnum(p) || continues(next, latin) {
		return false
	}
	if s.lex.class(strings.TrimRight(next, ","))&classLink != 0 {
		return false
	}
	return s.cdq == 0 && s.csq == 0 && s.dq%2 == 0
}
