package segment

import "strings"

// word is a white-space delimited word of the text: text[a:e].
type word struct{ a, e int }

// wordsOf returns the words of text[a:e], reusing s.buf.
func (s *scanner) wordsOf(a, e int) []word {
	t := s.text
	ws := s.buf[:0]
	i := a
	for i < e {
		for i < e && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r') {
			i++
		}
		if i >= e {
			break
		}
		j := i
		for j < e && t[j] != ' ' && t[j] != '\n' && t[j] != '\t' && t[j] != '\r' {
			j++
		}
		ws = append(ws, word{i, j})
		i = j
	}
	s.buf = ws
	return ws
}

// emit appends the sentence text[a:e] (already trimmed), first splitting it
// where a clause ends without any punctuation.
func (s *scanner) emit(a, e int) {
	t := s.text
	ws := s.wordsOf(a, e)
	start := a
	for k := 0; k+1 < len(ws); k++ {
		if s.clauseEnd(ws, k) {
			s.out = append(s.out, Span{Start: start, End: ws[k].e, Text: t[start:ws[k].e]})
			start = ws[k+1].a
		}
	}
	s.out = append(s.out, Span{Start: start, End: e, Text: t[start:e]})
}

// clauseEnd reports whether a sentence ends, without punctuation, after
// word k of ws. It needs a word that closes a clause (an auxiliary such as
// है, a future form such as करेगा, a perfective form such as गया) directly
// followed by a word that can only open a sentence:
//   - a connective followed by a comma: "... हूं लेकिन, ...";
//   - a sentence adverb: "... है हालांकि ...";
//   - after an auxiliary or a future form, a one-word subject with the
//     ergative ने: "... चाहती हूँ सीमा ने ...";
//   - after a modal "होना चाहिए" or a negated auxiliary "नहीं है", any
//     word that is not a conjunction, relative, particle or correlative
//     pronoun.
func (s *scanner) clauseEnd(ws []word, k int) bool {
	t := s.text
	w := t[ws[k].a:ws[k].e]
	if len(w) < 6 || w[0] != 0xE0 {
		return false // not a Devanagari word of two or more letters
	}
	n1 := t[ws[k+1].a:ws[k+1].e]
	n2, n3 := "", ""
	if k+2 < len(ws) {
		n2 = t[ws[k+2].a:ws[k+2].e]
	}
	// Cheap tests first: most words are followed by nothing of interest.
	c1 := s.lex.class(strings.TrimSuffix(n1, ","))
	negated := k > 0 && isNegation(t[ws[k-1].a:ws[k-1].e])
	if c1&(classConnective|classOpener|classPhrase) == 0 && n2 != "ने" && w != "चाहिए" && !negated {
		return false
	}
	cl := s.lex.class(w)
	fin := cl&classAux != 0 || isFuture(w)
	if !fin && cl&classPerfect == 0 {
		return false
	}
	if k+3 < len(ws) {
		n3 = t[ws[k+3].a:ws[k+3].e]
	}
	comma := strings.HasSuffix(n1, ",")
	switch {
	case comma && c1&classConnective != 0:
		return true
	case !comma && c1&classOpener != 0 && n2 != "कि":
		return true
	case !comma && c1&classPhrase != 0 && n2 != "":
		n2c, comma2 := strings.CutSuffix(n2, ",")
		c12 := s.lex.class2(n1, n2c)
		if comma2 && c12&classConnective != 0 || c12&classOpener != 0 && n3 != "कि" {
			return true
		}
	}
	if !fin || comma || aksharas(n1) < 1 || c1&classLink != 0 {
		return false
	}
	if n2 == "ने" {
		return true
	}
	if negated && cl&classAux != 0 && w != "चाहिए" {
		return true // "... नहीं है बयान में कहा गया ..."
	}
	return w == "चाहिए" && k > 0 && isInfinitive(t[ws[k-1].a:ws[k-1].e])
}

// isNegation reports whether w is the negation नहीं or न.
func isNegation(w string) bool {
	return w == "नहीं" || w == "न"
}

// class2 returns the lexicon classes of the two-word phrase "w1 w2".
func (lex lexicon) class2(w1, w2 string) wordClass {
	if w1 == "" || w2 == "" || len(w1)+len(w2) > 60 {
		return 0
	}
	var buf [64]byte
	b := lookupKey(buf[:0], w1)
	b = append(b, ' ')
	b = lookupKey(b, w2)
	return lex[string(b)]
}

// isFuture reports whether w is a Hindi future verb form: करेगा, होंगे,
// दूंगा, जाएगी.
func isFuture(w string) bool {
	var stem string
	for _, suf := range [...]string{"गा", "गी", "गे"} {
		if st, ok := strings.CutSuffix(w, suf); ok {
			stem = st
			break
		}
	}
	if stem == "" {
		return false
	}
	stem = strings.TrimSuffix(strings.TrimSuffix(stem, "ं"), "ँ")
	for _, v := range [...]string{"े", "ो", "ू", "ए", "ओ", "ऊ"} {
		if strings.HasSuffix(stem, v) && len(stem) > len(v) {
			return true
		}
	}
	return false
}

// isInfinitive reports whether w is a Hindi infinitive (होना, करनी, देने).
func isInfinitive(w string) bool {
	if aksharas(w) < 2 {
		return false
	}
	return strings.HasSuffix(w, "ना") || strings.HasSuffix(w, "नी") || strings.HasSuffix(w, "ने")
}
