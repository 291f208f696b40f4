package offline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anuvad/anuvad/devanagari"
	"github.com/anuvad/anuvad/internal/hindi"
)

// token is one unit of the source sentence after lookup: a word, a
// multi-word expression, a number or a punctuation mark.
type token struct {
	src   string // source text
	key   string // lookup key
	en    string // English rendering
	c     cat
	stem  string  // verb stem (lemma) for verbs and auxiliaries
	vform string  // perf impf fut prs inf gna imp agnt stem
	aux   auxWord // for auxiliaries
	pl    bool    // plural noun or verb
	space bool    // preceded by white space in the source
	dead  bool    // consumed by a rule; not rendered
	// unknown marks a word no table knows (romanised).
	unknown bool
	// fem marks a verb group with feminine agreement.
	fem bool
	// loan marks a word read as an English loanword by its skeleton.
	loan bool
}

func isDevaLetter(r rune) bool {
	return devanagari.IsWordRune(r)
}

func isDevaDigit(r rune) bool { return r >= '०' && r <= '९' }

// lexToken is a raw piece of the input.
type rawTok struct {
	text  string
	deva  bool
	space bool
}

// split cuts a sentence into Devanagari words, Latin words or numbers and
// single punctuation marks.
func split(s string) []rawTok { return appendSplit(nil, s) }

// appendSplit is split appending to out.
func appendSplit(out []rawTok, s string) []rawTok {
	space := false
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			space = true
			i += n
		case isDevaLetter(r):
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !isDevaLetter(r2) {
					break
				}
				j += n2
			}
			out = append(out, rawTok{text: s[i:j], deva: true, space: space})
			space = false
			i = j
		case unicode.IsLetter(r) || unicode.IsDigit(r) || isDevaDigit(r) || r == '$' || r == '£' || r == '€' || r == '₹':
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) && !isDevaLetter(r2) || unicode.IsDigit(r2) || isDevaDigit(r2) || r2 == '%' {
					j += n2
					continue
				}
				// keep 5,000 / 103.7 / U.S / don't / e-mail together
				if (r2 == '.' || r2 == ',' || r2 == '\'' || r2 == '’' || r2 == '-' || r2 == ':' || r2 == '/') && j+n2 < len(s) {
					r3, _ := utf8.DecodeRuneInString(s[j+n2:])
					if (unicode.IsLetter(r3) && !isDevaLetter(r3)) || unicode.IsDigit(r3) || isDevaDigit(r3) {
						j += n2
						continue
					}
				}
				break
			}
			out = append(out, rawTok{text: digitsToASCII(s[i:j]), space: space})
			space = false
			i = j
		default:
			t := string(r)
			switch {
			case r == '।' || r == '॥' || r == '॰':
				t = "."
			case hindi.IsDevanagari(r):
				// a sign with no sound of its own (ऽ, ॱ …)
				i += n
				continue
			}
			out = append(out, rawTok{text: t, space: space})
			space = false
			i += n
		}
	}
	return out
}

// isNumber reports whether s is a number such as 125, 5,000 or $1.4.
func isNumber(s string) bool {
	digit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r == ',' || r == '.' || r == '$' || r == '£' || r == '€' || r == '₹' || r == '%':
		default:
			return false
		}
	}
	return digit
}

func digitsToASCII(s string) string {
	if !strings.ContainsFunc(s, isDevaDigit) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isDevaDigit(r) {
			r = '0' + (r - '०')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// analyse looks every word up, longest multi-word match first. The tokens
// are appended to sc.toks.
func (tr *Translator) analyse(sc *scratch, raw []rawTok) []token {
	out := sc.toks[:0]
	keys := sc.keys[:0]
	for _, r := range raw {
		k := ""
		if r.deva {
			k = hindi.Key(r.text)
		}
		keys = append(keys, k)
	}
	sc.keys = keys
	for i := 0; i < len(raw); {
		r := raw[i]
		if !r.deva {
			c := cLatin
			if isNumber(r.text) {
				c = cNum
			}
			if utf8.RuneCountInString(r.text) == 1 && !unicode.IsLetter([]rune(r.text)[0]) && !unicode.IsDigit([]rune(r.text)[0]) {
				c = cPunct
			}
			out = append(out, token{src: r.text, key: r.text, en: r.text, c: c, space: r.space})
			i++
			continue
		}
		// A hyphenated compound the tables know (आस-पास, भारी-भरकम).
		if i+2 < len(raw) && raw[i+1].text == "-" && !raw[i+1].space && raw[i+2].deva && !raw[i+2].space {
			found := false
			for _, k := range []string{keys[i] + "-" + keys[i+2], keys[i] + " " + keys[i+2], keys[i] + keys[i+2]} {
				if t, ok := tr.lookupPhrase(k); ok {
					t.src, t.space = raw[i].text+"-"+raw[i+2].text, r.space
					out = append(out, t)
					found = true
					break
				}
				if t, ok := tr.t.words[k]; ok {
					t.src, t.space = raw[i].text+"-"+raw[i+2].text, r.space
					out = append(out, t)
					found = true
					break
				}
				if cs, ok := tr.t.lex[k]; ok && cs[0].pos != 'v' {
					out = append(out, token{src: raw[i].text + "-" + raw[i+2].text, key: k, en: cs[0].en, c: posCat(cs[0].pos), space: r.space})
					found = true
					break
				}
			}
			if found {
				i += 3
				continue
			}
		}
		// A genitive pronoun before the tail of a compound postposition.
		if obj, ok := tr.t.genObject[keys[i]]; ok {
			found := false
			for n := 3; n >= 1 && !found; n-- {
				if i+1+n > len(raw) || !allDeva(raw[i+1:i+1+n]) {
					continue
				}
				tail := strings.Join(keys[i+1:i+1+n], " ")
				gen := "के "
				if strings.HasSuffix(keys[i], "ी") {
					gen = "की "
				}
				if pt, ok := tr.t.phrases[gen+tail]; ok && pt.c == cPost && pt.en != "" && pt.en != lyMark {
					en := pt.en
					out = append(out, token{src: r.text, key: keys[i], en: obj, c: cPron, space: r.space},
						token{src: joinSrc(raw[i+1 : i+1+n]), key: tail, en: en, c: cPost, space: true})
					i += 1 + n
					found = true
				}
			}
			if found {
				continue
			}
		}
		// Longest phrase first: walk the words ahead while they extend a
		// key, noting the lengths that make a whole one, then try those
		// from the longest. The key is built in a reused buffer and looked
		// up without making a string of it.
		matched := false
		if lens := tr.t.phraseLens[keys[i]]; lens != 0 {
			var ends [maxPhrase + 1]int
			var whole uint8
			b := append(sc.key[:0], keys[i]...)
			for n := 2; n <= maxPhrase && i+n <= len(raw); n++ {
				j := i + n - 1
				if !raw[j].deva || !raw[j].space {
					break // a phrase is words apart, all Devanagari
				}
				b = append(append(b, ' '), keys[j]...)
				ends[n] = len(b)
				if lens&(1<<n) != 0 {
					if _, ok := tr.t.phraseKeys[string(b)]; ok {
						whole |= 1 << n
					}
				}
				if _, ok := tr.t.phrasePrefixes[string(b)]; !ok {
					break
				}
			}
			sc.key = b
			for n := maxPhrase; whole != 0 && n >= 2; n-- {
				if whole&(1<<n) == 0 {
					continue
				}
				if t, ok := tr.lookupPhrase(string(b[:ends[n]])); ok {
					t.src = joinSrc(raw[i : i+n])
					t.space = r.space
					out = append(out, t)
					i += n
					matched = true
					break
				}
			}
		}
		if matched {
			continue
		}
		t := tr.lookupWord(sc, keys[i], r.text)
		t.src, t.space = r.text, r.space
		out = append(out, t)
		i++
	}
	sc.toks = out
	return dates(tr.hyphenNames(out))
}

func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ordinalSuffix are the Hindi ordinal endings written after a numeral.
var ordinalSuffix = map[string]bool{"वीं": true, "वी": true, "वां": true, "वें": true, "वे": true, "वा": true}

// ordinalEndings are the keys of ordinalSuffix, for a loop in a fixed order
// (no word ends in two of them).
var ordinalEndings = []string{"वीं", "वी", "वां", "वें", "वे", "वा"}

// englishOrdinal returns the suffix of an English ordinal number.
func englishOrdinal(n string) string {
	if len(n) >= 2 && n[len(n)-2] == '1' {
		return "th"
	}
	switch n[len(n)-1] {
	case '1':
		return "st"
	case '2':
		return "nd"
	case '3':
		return "rd"
	}
	return "th"
}

// ordinalWords are the English ordinals of the cardinals in numbers.
var ordinalWords = map[string]string{
	"four": "fourth", "five": "fifth", "six": "sixth", "seven": "seventh", "eight": "eighth", "nine": "ninth",
	"ten": "tenth", "eleven": "eleventh", "twelve": "twelfth", "thirteen": "thirteenth", "fourteen": "fourteenth",
	"fifteen": "fifteenth", "sixteen": "sixteenth", "seventeen": "seventeenth", "eighteen": "eighteenth",
	"nineteen": "nineteenth", "twenty": "twentieth", "thirty": "thirtieth", "forty": "fortieth", "fifty": "fiftieth",
	"hundred": "hundredth", "thousand": "thousandth",
}

// ordinal reads a Hindi ordinal number word (पंद्रहवीं → fifteenth).
func (tr *Translator) ordinal(k string) (string, bool) {
	for _, suf := range ordinalEndings {
		if base, ok := strings.CutSuffix(k, suf); ok && base != "" {
			if t, ok := tr.t.words[base]; ok && t.c == cNum {
				if o, ok := ordinalWords[t.en]; ok {
					return o, true
				}
			}
		}
	}
	return "", false
}

// dates rewrites year expressions: वर्ष 2005 → 2005, 1960 के दशक → the
// 1960s.
func dates(ts []token) []token {
	out := ts[:0]
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		switch {
		case (t.key == "वर्ष" || t.key == "साल" || t.key == "सन") && i+1 < len(ts) && isYear(ts[i+1].en):
			continue
		case t.c == cNum && isNumber(t.en) && i+1 < len(ts) && ordinalSuffix[ts[i+1].key]:
			t.en += englishOrdinal(t.en) // 16 वीं → 16th
			out = append(out, t)
			i++
			continue
		case isYear(t.en) && i+2 < len(ts) && ts[i+1].c == cGen && (ts[i+2].key == "दशक" || ts[i+2].key == "दशकों"):
			t.en, t.c = "the "+t.en+"s", cNum
			out = append(out, t)
			i += 2
			continue
		}
		out = append(out, t)
	}
	return out
}

// nameLike reports whether a token was read as a name: unknown and
// romanised, or an English word with a capital.
func nameLike(t token) bool {
	if t.unknown {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t.en)
	return (t.c == cName || t.c == cNoun) && unicode.IsUpper(r)
}

// personTitles come before a person's name.
var personTitles = map[string]bool{"Mr.": true, "Mrs.": true, "Ms.": true, "Dr": true, "Sir": true, "St.": true}

// hyphenNames romanises a word joined by a hyphen to a name (किम
// जोंग-उन): the parts of a hyphenated name are names too.
func (tr *Translator) hyphenNames(ts []token) []token {
	joined := func(a, b int) bool {
		return a >= 0 && b < len(ts) && ts[a+1].src == "-" && !ts[a+1].space && !ts[b].space &&
			hindi.HasDevanagari(ts[a].src) && hindi.HasDevanagari(ts[b].src)
	}
	for i := range ts {
		switch ts[i].c {
		case cPron, cDet, cAdv, cPost, cConj, cAnd, cGen, cKo, cErg, cAux:
			// a short function word inside a hyphenated name (जोंग-उन)
		default:
			continue
		}
		if !hindi.HasDevanagari(ts[i].src) || strings.Contains(ts[i].src, " ") {
			continue
		}
		if (joined(i-2, i) && nameLike(ts[i-2])) || (joined(i, i+2) && nameLike(ts[i+2])) {
			ts[i] = token{src: ts[i].src, key: ts[i].key, en: tr.romanizeName(ts[i].src), c: cName, unknown: true, space: ts[i].space}
		}
	}
	// उन after names and before ने cannot be the pronoun (उन्होंने would
	// be): it ends the name (किम जोंग उन ने).
	for i := 1; i+1 < len(ts); i++ {
		if (ts[i].key == "उन" || ts[i].key == "इन") && ts[i+1].c == cErg && nameLike(ts[i-1]) {
			ts[i] = token{src: ts[i].src, key: ts[i].key, en: tr.romanizeName(ts[i].src), c: cName, unknown: true, space: ts[i].space}
		}
	}
	// A loanword match that is the subject of ने or stands next to an
	// unknown name is more likely a name itself (ब्लंट ने: Blunt, not the
	// blunt).
	for i := range ts {
		if !ts[i].loan || unicode.IsUpper([]rune(ts[i].en)[0]) {
			continue
		}
		if (i+1 < len(ts) && ts[i+1].c == cErg) || (i > 0 && ts[i-1].unknown) || (i+1 < len(ts) && ts[i+1].unknown) {
			r, n := utf8.DecodeRuneInString(ts[i].en)
			ts[i].en, ts[i].c = string(unicode.ToUpper(r))+ts[i].en[n:], cName // the English spelling, as a name
		}
	}
	// After a name, a hyphenated pair is the rest of the name (चोए
	// सोन-हुई), whatever its parts could mean alone.
	for i := 1; i+2 < len(ts); i++ {
		if nameLike(ts[i-1]) && joined(i, i+2) && !strings.Contains(ts[i].src, " ") {
			for _, k := range []int{i, i + 2} {
				if !nameLike(ts[k]) {
					ts[k] = token{src: ts[k].src, key: ts[k].key, en: tr.romanizeName(ts[k].src), c: cName, unknown: true, space: ts[k].space}
				}
			}
		}
	}
	// After a title the next word is a name (डॉ. ली: Dr. Lee, not took).
	for i := 0; i+1 < len(ts); i++ {
		if ts[i].c == cDet && personTitles[ts[i].en] {
			k := i + 1
			if ts[k].src == "." && k+1 < len(ts) {
				k++
			}
			if hindi.HasDevanagari(ts[k].src) && ts[k].c != cName && !strings.Contains(ts[k].src, " ") {
				ts[k] = token{src: ts[k].src, key: ts[k].key, en: tr.romanizeName(ts[k].src), c: cName, unknown: true, space: ts[k].space}
			}
		}
	}
	// Join the parts of a hyphenated name into one token.
	out := ts[:0]
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		for i+2 < len(ts) && nameLike(t) && joined(i, i+2) && nameLike(ts[i+2]) {
			t.src += "-" + ts[i+2].src
			t.en += "-" + ts[i+2].en
			t.c = cName
			i += 2
		}
		out = append(out, t)
	}
	return out
}

func allDeva(rs []rawTok) bool {
	for _, r := range rs {
		if !r.deva {
			return false
		}
	}
	return true
}

func joinSrc(rs []rawTok) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.text
	}
	return strings.Join(parts, " ")
}

// lookupPhrase finds a multi-word expression in the hand tables, the CLDR
// names and the dictionary.
func (tr *Translator) lookupPhrase(k string) (token, bool) {
	if t, ok := tr.t.phrases[k]; ok {
		return t, true
	}
	if last := k[strings.LastIndexByte(k, ' ')+1:]; tr.t.words[last].c == cAux {
		return token{}, false // a dictionary phrase must not swallow a copula
	}
	// A dictionary phrase is taken only when its English is a phrase too:
	// FreeDict, read backwards, glosses many single English words with a
	// Hindi description (metro = बड़ा शहर) that the words translate better.
	if cs, ok := tr.t.lex[k]; ok && strings.ContainsAny(cs[0].en, " -") {
		c := cs[0]
		switch c.pos {
		case 'n', 'a', 'r':
			return token{key: k, en: c.en, c: posCat(c.pos)}, true
		}
	}
	return token{}, false
}

func posCat(p byte) cat {
	switch p {
	case 'a':
		return cAdj
	case 'r':
		return cAdv
	case 'v':
		return cVerb
	case 'p':
		return cPost
	case 'o':
		return cPron
	case 'c':
		return cConj
	}
	return cNoun
}

// lookupWord analyses one Devanagari word.
func (tr *Translator) lookupWord(sc *scratch, k, src string) token {
	switch k {
	case "का", "के", "की":
		return token{key: k, c: cGen}
	case "ने":
		return token{key: k, c: cErg}
	case "को":
		return token{key: k, c: cKo}
	case "नहीं", "न", "मत", "ना":
		return token{key: k, en: "not", c: cNeg}
	}
	if t, ok := tr.t.words[k]; ok {
		return t
	}
	if en, ok := tr.ordinal(k); ok {
		return token{key: k, en: en, c: cNum}
	}
	if t, ok := tr.morphWord(k); ok {
		return t
	}
	if cs, ok := tr.t.lex[k]; ok {
		c := cs[0]
		if c.pos == 'v' {
			if strings.HasSuffix(k, "ना") {
				return token{key: k, en: c.en, c: cVerb, vform: "inf", stem: strings.TrimSuffix(k, "ना")}
			}
			return token{key: k, en: c.en, c: cNoun}
		}
		return token{key: k, en: c.en, c: posCat(c.pos)}
	}
	if t, ok := tr.verbBySuffix(k); ok {
		return t
	}
	if t, ok := tr.stripSuffix(k); ok {
		return t
	}
	if en, ok := acronym(k); ok {
		return token{key: k, en: en, c: cName}
	}
	if en, ok := tr.loanword(sc, src); ok {
		return token{key: k, en: en, c: cNoun, loan: true}
	}
	return token{key: k, en: tr.romanizeName(src), c: cName, unknown: true}
}

func auxStem(k string) string {
	switch {
	case strings.HasPrefix(k, "रह"):
		return "रह"
	case strings.HasPrefix(k, "ग"), strings.HasPrefix(k, "जा"):
		return "जा"
	case strings.HasPrefix(k, "सक"):
		return "सक"
	case strings.HasPrefix(k, "चुक"):
		return "चुक"
	case strings.HasPrefix(k, "हो"), strings.HasPrefix(k, "हु"):
		return "हो"
	case strings.HasPrefix(k, "दि"), strings.HasPrefix(k, "दी"), strings.HasPrefix(k, "दे"):
		return "दे"
	case strings.HasPrefix(k, "लि"), strings.HasPrefix(k, "ली"), strings.HasPrefix(k, "ले"):
		return "ले"
	case strings.HasPrefix(k, "डा"):
		return "डाल"
	case strings.HasPrefix(k, "पा"):
		return "पा"
	case strings.HasPrefix(k, "पड़"):
		return "पड़"
	case strings.HasPrefix(k, "लग"):
		return "लग"
	}
	return ""
}

// verbStem reports whether k is the bare stem of a verb.
func (tr *Translator) verbStem(k string) (string, bool) {
	if _, ok := tr.t.stems[k]; ok {
		return k, true
	}
	for _, a := range tr.t.morph[k] {
		if a.pos == "vblex" && strings.TrimSuffix(a.lemma, "ना") == k {
			if _, ok := tr.verbEnglish(k); ok {
				return k, true
			}
		}
	}
	return "", false
}

// verbEnglish returns the English verb for a Hindi verb stem.
func (tr *Translator) verbEnglish(stem string) (string, bool) {
	if en, ok := tr.verbEnglishStem(stem); ok {
		return en, true
	}
	if s := strings.TrimSuffix(stem, "ना"); s != stem && s != "" {
		return tr.verbEnglishStem(s)
	}
	return "", false
}

func (tr *Translator) verbEnglishStem(stem string) (string, bool) {
	if en, ok := tr.t.stems[stem]; ok {
		return en, true
	}
	var buf [64]byte
	if cs, ok := tr.t.lex[string(appendInfinitive(buf[:0], stem))]; ok {
		for _, c := range cs {
			if c.pos == 'v' {
				return c.en, true
			}
		}
		return cs[0].en, true
	}
	return "", false
}

// nounEnglishPOS is nounEnglish preferring a dictionary candidate of the
// part of speech the analyser found (adjective 'a' or noun 'n').
func (tr *Translator) nounEnglishPOS(lemma string, pos byte) (string, cat, bool) {
	if _, ok := tr.t.content[lemma]; !ok {
		{
			if cs, ok := tr.t.lex[lemma]; ok {
				for i, c := range cs {
					if i < 3 && c.pos == pos {
						return c.en, posCat(c.pos), true
					}
				}
			}
		}
	}
	return tr.nounEnglish(lemma)
}

// nounEnglish returns the English of a noun or adjective lemma.
func (tr *Translator) nounEnglish(lemma string) (string, cat, bool) {
	return nounEnglishOf(tr.t, lemma)
}

// nounEnglishOf is nounEnglish for a lemma held in a string or a byte
// slice; a byte slice is looked up without making a string of it.
func nounEnglishOf[K string | []byte](t *tables, lemma K) (string, cat, bool) {
	if w, ok := t.content[string(lemma)]; ok {
		return w.en, w.c, true
	}
	if nm, ok := t.names[string(lemma)]; ok {
		return nm.en, cName, true
	}
	if cs, ok := t.lex[string(lemma)]; ok {
		for _, c := range cs {
			if c.pos != 'v' {
				return c.en, posCat(c.pos), true
			}
		}
	}
	return "", cNone, false
}

// appendInfinitive appends the infinitive of a verb stem (stem + ना).
func appendInfinitive(dst []byte, stem string) []byte {
	return append(append(dst, stem...), "ना"...)
}

func hasTag(tags, t string) bool {
	for tags != "" {
		var x string
		x, tags, _ = strings.Cut(tags, ".")
		if x == t {
			return true
		}
	}
	return false
}

// verbForms in order of preference when a form is ambiguous (आए is
// perfective or subjunctive; news text has far more perfectives).
var verbForms = []string{"perf", "impf", "fut", "inf", "gna", "agnt", "prs", "subj", "imp"}

// bestVerbReading picks the verb reading of k with the most likely form.
func (tr *Translator) bestVerbReading(k string, as []analysis) (token, bool) {
	best, bestRank := token{}, len(verbForms)+1
	for _, a := range as {
		if a.pos != "vblex" {
			continue
		}
		en, ok := tr.verbEnglish(a.lemma)
		if !ok {
			continue
		}
		rank, form := len(verbForms), "stem"
		for r, f := range verbForms {
			if hasTag(a.tags, f) {
				rank, form = r, f
				break
			}
		}
		if rank < bestRank {
			best, bestRank = token{key: k, en: en, c: cVerb, stem: strings.TrimSuffix(a.lemma, "ना"), pl: hasTag(a.tags, "pl"), vform: form}, rank
		}
	}
	return best, bestRank <= len(verbForms)
}

// morphWord uses the analyser: noun and adjective readings first, then
// verb readings.
func (tr *Translator) morphWord(k string) (token, bool) {
	as := tr.t.morph[k]
	if len(as) == 0 {
		return token{}, false
	}
	allPl := true
	nounSeen := false
	for _, a := range as {
		if a.pos == "n" {
			nounSeen = true
			if !hasTag(a.tags, "pl") {
				allPl = false
			}
		}
	}
	for _, want := range []string{"n", "adj", "np", "num", "adv", "vblex"} {
		for _, a := range as {
			if a.pos != want {
				continue
			}
			if want == "vblex" {
				if t, ok := tr.bestVerbReading(k, as); ok {
					return t, true
				}
				continue
			}
			pos := byte('n')
			if want == "adj" {
				pos = 'a'
			}
			en, c, ok := tr.nounEnglishPOS(a.lemma, pos)
			if !ok {
				continue
			}
			if want == "adj" && (c == cNoun || c == cAdv) {
				c = cAdj
			}
			t := token{key: k, en: en, c: c}
			if want == "n" && nounSeen && allPl && c == cNoun {
				t.en, t.pl = plural(en), true
			}
			return t, true
		}
	}
	return token{}, false
}

// verbEndings are the inflections of a regular verb, longest first, with
// the form they mark.
var verbEndings = []struct {
	suf, form string
	pl        bool
}{
	{"ूंगा", "fut", false}, {"ूंगी", "fut", false}, {"ेंगे", "fut", true}, {"ेंगी", "fut", true}, {"ोगे", "fut", true},
	{"ेगा", "fut", false}, {"ेगी", "fut", false}, {"एंगे", "fut", true}, {"एगा", "fut", false}, {"एगी", "fut", false},
	{"येंगे", "fut", true}, {"येगा", "fut", false}, {"येगी", "fut", false},
	{"ता", "impf", false}, {"ती", "impf", false}, {"ते", "impf", true}, {"तीं", "impf", true},
	{"ना", "inf", false}, {"ने", "inf", false}, {"नी", "inf", false},
	{"कर", "gna", false}, {"के", "gna", false},
	{"या", "perf", false}, {"यी", "perf", false}, {"ये", "perf", true}, {"ई", "perf", false}, {"ए", "perf", true},
	{"ा", "perf", false}, {"ी", "perf", false}, {"े", "perf", true}, {"ीं", "perf", true},
	{"ें", "prs", true}, {"एं", "prs", true}, {"यें", "prs", true}, {"ूं", "prs", false},
}

// verbBySuffix analyses an inflected form of a verb the analyser lacks,
// from the hand-written stems and the dictionary's infinitives.
func (tr *Translator) verbBySuffix(k string) (token, bool) {
	for _, e := range verbEndings {
		if !strings.HasSuffix(k, e.suf) {
			continue
		}
		stem := strings.TrimSuffix(k, e.suf)
		if len(stem) < 3 {
			continue
		}
		en, ok := tr.t.stems[stem]
		if !ok {
			var buf [64]byte
			if cs, found := tr.t.lex[string(appendInfinitive(buf[:0], stem))]; found && cs[0].pos == 'v' {
				en, ok = cs[0].en, true
			}
		}
		if ok {
			return token{key: k, en: en, c: cVerb, stem: stem, vform: e.form, pl: e.pl}, true
		}
	}
	return token{}, false
}

func (tr *Translator) stripSuffix(k string) (token, bool) {
	for stem, e := range hindi.Strip(k) {
		var buf [64]byte
		base := append(append(buf[:0], stem...), e.Lemma...)
		if en, c, ok := nounEnglishOf(tr.t, base); ok {
			t := token{key: k, en: en, c: c}
			if e.Plural && c == cNoun {
				t.en, t.pl = plural(en), true
			}
			return t, true
		}
	}
	return token{}, false
}

// letterNames are the Devanagari spellings of the Latin letter names, as
// acronyms are written in Hindi (बीबीसी = BBC).
var letterNames = []struct{ hi, en string }{
	{"डब्ल्यू", "W"}, {"एक्स", "X"}, {"क्यू", "Q"}, {"एच", "H"}, {"आई", "I"}, {"वाई", "Y"}, {"जेड", "Z"},
	{"एफ", "F"}, {"एल", "L"}, {"एम", "M"}, {"एन", "N"}, {"आर", "R"}, {"एस", "S"}, {"बी", "B"}, {"सी", "C"},
	{"डी", "D"}, {"जी", "G"}, {"जे", "J"}, {"के", "K"}, {"पी", "P"}, {"टी", "T"}, {"यू", "U"}, {"वी", "V"},
	{"ई", "E"}, {"ए", "A"}, {"ओ", "O"},
}

// acronym reads a word made only of letter names as a Latin acronym.
func acronym(k string) (string, bool) {
	var b strings.Builder
	n := 0
	for k != "" {
		found := false
		for _, l := range letterNames {
			if strings.HasPrefix(k, l.hi) {
				b.WriteString(l.en)
				k = k[len(l.hi):]
				n++
				found = true
				break
			}
		}
		if !found {
			return "", false
		}
	}
	return b.String(), n >= 2
}

// nameSpelling adjusts a romanisation towards the way foreign names are
// spelled: "iy" before a vowel is "i" (Australia, William).
func nameSpelling(r string) string {
	if !strings.Contains(r, "iy") {
		return r
	}
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		if i > 0 && r[i] == 'i' && i+2 < len(r) && r[i+1] == 'y' && strings.IndexByte("aeou", r[i+2]) >= 0 {
			b.WriteByte('i')
			i++
			continue
		}
		b.WriteByte(r[i])
	}
	return b.String()
}

// romanizeName writes an unknown word in Latin letters, capitalised since
// most words no dictionary knows are names.
func (tr *Translator) romanizeName(src string) string {
	if tr.opts.KeepDevanagari {
		return src
	}
	r := nameSpelling(hindi.Romanize(src))
	if r == "" {
		return ""
	}
	first, n := utf8.DecodeRuneInString(r)
	return string(unicode.ToUpper(first)) + r[n:]
}
