// Phrases: tokens grouped into noun phrases, markers and verb groups;
// genitive inversion and postpositions turned into prepositions.

package offline

import "strings"

type ukind uint8

const (
	uNP   ukind = iota // noun phrase complex
	uVerb              // verb group
	uPunct
	uConj // clause boundary
	uOther
	uGen
	uPost
	uErg
	uKo
)

type unit struct {
	text    string
	k       ukind
	subj    bool   // marked by ने
	prep    bool   // carries a preposition
	obj     bool   // marked by को
	article bool   // a bare common-noun phrase that may take "the"
	poss    bool   // possessor of a के पास clause
	base    string // for an infinitive verb group: the English base verb
	fem     bool   // a verb group with feminine agreement
	relSubj bool   // a relative pronoun that is the subject of its clause (जो, जिसने)
}

// phrase groups tokens into units: noun phrases, markers, verb groups.
func phrase(sc *scratch, ts []token) []unit {
	us := sc.units[:0]
	defer func() { sc.units = us[:0] }()
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if t.dead {
			continue
		}
		switch {
		case t.c == cPron && relatives[t.key] != 0:
			us = append(us, unit{text: t.en, k: uConj, relSubj: relatives[t.key] == 2})
		case t.c == cVerb && t.vform == "hua" && i+1 < len(ts) && nominal(ts[i+1].c):
			// हुए समझौते: a participle English leaves out.
			continue
		case nominal(t.c):
			words := sc.words[:0]
			first := t.c
			j := i
			many := false
			for ; j < len(ts); j++ {
				if nominal(ts[j].c) {
					tj := ts[j]
					if j > i && headLike(ts[j-1].c) && !headLike(tj.c) && tj.c != cLatin && !(tj.c == cNum && isYear(tj.en) && timeWords[ts[j-1].en]) {
						break // a determiner or adjective after a noun starts a new phrase
					}
					if j > i && ts[j-1].c == cPron && (!demonstrative[ts[j-1].key] || (nominative[ts[j-1].key] && (oblique(tj.src) || markedAfter(ts, j) || !nounAhead(ts, j)))) {
						break // a personal pronoun is a whole phrase
					}
					if j > i && tj.c == cLatin && timeWords[tj.en] && !timeWords[ts[j-1].en] && ts[j-1].c != cNum {
						break // लावरोव Friday को: a date of its own
					}
					if j > i && ts[j-1].c == cNoun && ts[j-1].pl && tj.c == cNoun {
						break // a plural noun ends its phrase (बच्चे स्कूल)
					}
					if j > i && ts[j-1].c == cNoun && tj.c == cName && !titles[lastWord(ts[j-1].en)] {
						break // संदेश किम को: a name after a common noun starts a phrase
					}
					if tj.c == cDet || tj.c == cNum {
						if manyWords[tj.key] || isPluralNumber(tj.en) {
							many = true
						}
					}
					en := tj.en
					if tj.c == cPron && j+1 < len(ts) && (ts[j+1].c == cNoun || ts[j+1].c == cAdj || ts[j+1].c == cNum) &&
						!(nominative[tj.key] && (oblique(ts[j+1].src) || markedAfter(ts, j+1) || !nounAhead(ts, j+1))) {
						if d, ok := demonstrativeDet[tj.key]; ok {
							en = d // वह किताब: that book
						}
					}
					if many && tj.c == cNoun && !tj.pl && (j+1 == len(ts) || ts[j+1].c != cNoun) {
						en = plural(en)
					}
					if en != "" {
						words = append(words, en)
					}
					continue
				}
				if ts[j].c == cAnd && j+1 < len(ts) && nominal(ts[j+1].c) && j > i {
					words = append(words, ts[j].en)
					continue
				}
				break
			}
			sc.words = words[:0]
			last := ts[j-1].c
			prepPron := j == i+1 && t.c == cPron && strings.Contains(t.en, " ") // इससे: "from this"
			us = append(us, unit{text: strings.Join(words, " "), k: uNP, article: (first == cNoun || first == cAdj || (first == cNum && isOrdinal(t.en))) && last == cNoun && !timeAdverbial(words),
				subj: ergPronoun[ts[j-1].key], prep: prepPron || timeAdverbial(words)})
			i = j - 1
		case t.c == cVerb:
			us = append(us, unit{text: t.en, k: uVerb, base: t.stem, fem: t.fem})
		case t.c == cGen:
			us = append(us, unit{k: uGen})
		case t.c == cPost:
			us = append(us, unit{text: t.en, k: uPost})
		case t.c == cErg:
			us = append(us, unit{k: uErg})
		case t.c == cKo:
			us = append(us, unit{k: uKo})
		case t.c == cPunct:
			us = append(us, unit{text: t.en, k: uPunct})
		case t.c == cConj, t.c == cAnd:
			us = append(us, unit{text: t.en, k: uConj})
		default:
			us = append(us, unit{text: t.en, k: uOther})
		}
	}
	return us
}

// complexes applies genitive inversion (X का Y → Y of X) and turns
// postpositions into prepositions (X में → in X).
func complexes(sc *scratch, us []unit, articles bool) []unit {
	out := sc.cplx[:0]
	defer func() { sc.cplx = out[:0] }()
	for i := 0; i < len(us); i++ {
		u := us[i]
		if u.k != uNP && !(u.k == uVerb && i+1 < len(us) && us[i+1].k == uPost) {
			if u.k == uGen || u.k == uErg || u.k == uKo {
				continue // stray marker
			}
			if u.k == uPost && u.text != "" {
				switch u.text {
				case lyMark:
					if n := len(out); n > 0 && out[n-1].k == uOther {
						out[n-1].text = adverb(out[n-1].text)
					}
				case possMark:
				default:
					out = append(out, unit{text: u.text, k: uOther})
				}
				continue
			}
			out = append(out, u)
			continue
		}
		if u.k == uVerb && u.base != "" && us[i+1].text == "for" {
			// करने के लिए: "to do", not "for doing"
			out = append(out, unit{text: "to " + u.base, k: uOther})
			i++
			continue
		}
		chain := append(sc.chain[:0], u)
		j := i + 1
		for j+1 < len(us) && us[j].k == uGen && us[j+1].k == uNP && !(j+2 < len(us) && us[j+2].k == uPost && us[j+2].text == lyMark) {
			chain = append(chain, us[j+1])
			j += 2
		}
		if j < len(us) && us[j].k == uGen {
			j++ // dangling genitive
		}
		sc.chain = chain[:0]
		head := chain[len(chain)-1]
		c := unit{text: chainText(sc, chain, articles), k: uNP, subj: head.subj, prep: head.prep}
		if j < len(us) && us[j].k == uOther && (us[j].text == "before" || us[j].text == "after") && len(chain) == 1 && timeUnits[lastWord(u.text)] {
			// दो साल पहले: two years ago; दो साल बाद: two years later
			n := len(out)
			switch {
			case n > 0 && out[n-1].k == uNP && strings.HasPrefix(out[n-1].text, "from "):
				// X से तीन दिन पहले: three days before X
				c.text = u.text + " " + us[j].text + " " + strings.TrimPrefix(out[n-1].text, "from ")
				out = out[:n-1]
			case us[j].text == "before":
				c.text = u.text + " ago"
			default:
				c.text = u.text + " later"
			}
			c.prep = true // an adverbial, not a subject
			out = append(out, c)
			i = j
			continue
		}
		if j < len(us) {
			switch us[j].k {
			case uPost:
				p := us[j].text
				switch {
				case p == possMark:
					c.text, c.poss, c.subj = subjectForm(c.text), true, true
					p = ""
				case p == lyMark:
					c.text = adverb(c.text)
					p = ""
				case p == "from" && len(chain) == 1 && timeUnits[lastWord(u.text)] && (strings.ContainsAny(u.text, "0123456789") || durationWords[firstWord(u.text)]):
					c.text = "for " + c.text // दो साल से: for two years
				case p == "":
				case postAfterEn[p]:
					c.text += " " + p
				default:
					c.text = p + " " + c.text
				}
				c.prep = p != ""
				j++
			case uErg:
				c.subj = true
				j++
			case uKo:
				c.obj = true
				if timePhrase(c.text) {
					c.text, c.prep = "on "+c.text, true
				} else if dativeVerbAhead(us, j+1) && !dativeSubject[c.text] {
					c.text, c.prep = "to "+c.text, true // रूस को दिया: gave to Russia
				}
				j++
			}
		}
		out = append(out, c)
		i = j - 1
	}
	return eraAfter(out)
}

// chainText writes a genitive chain (X का Y का Z) in English order, "the Z
// of the Y of X", with "the" before the phrases that take it.
func chainText(sc *scratch, chain []unit, articles bool) string {
	the := func(u unit) bool { return articles && u.article && u.text != "" }
	if len(chain) == 1 && !the(chain[0]) {
		return chain[0].text
	}
	b := sc.text[:0]
	for k := len(chain) - 1; k >= 0; k-- {
		if k < len(chain)-1 {
			b = append(b, " of "...)
		}
		if the(chain[k]) {
			b = append(b, "the "...)
		}
		b = append(b, chain[k].text...)
	}
	sc.text = b
	return string(b)
}

// eraAfter moves an era written before its date after it (ईसा पूर्व 8वीं
// शताब्दी में: in the 8th century BC).
func eraAfter(us []unit) []unit {
	for k := 0; k+1 < len(us); k++ {
		if us[k].k == uNP && (us[k].text == "BC" || us[k].text == "AD") && us[k+1].k == uNP &&
			strings.ContainsAny(us[k+1].text, "0123456789") {
			us[k+1].text += " " + us[k].text
			us = append(us[:k], us[k+1:]...)
		}
	}
	return us
}

// dativeVerbs take their को phrase with "to" (दिया, बताया, भेजा).
var dativeVerbs = map[string]bool{
	"gave": true, "give": true, "given": true, "gives": true, "giving": true, "told": true, "tell": true, "tells": true,
	"sent": true, "send": true, "sends": true, "offered": true, "offer": true, "handed": true,
	"explained": true, "explain": true, "wrote": true, "write": true, "sold": true, "sell": true,
}

// dativeVerbAhead reports whether the clause from j ends in a verb of
// giving or telling.
func dativeVerbAhead(us []unit, j int) bool {
	for ; j < len(us); j++ {
		switch us[j].k {
		case uPunct, uConj:
			return false
		case uVerb:
			for w := range strings.FieldsSeq(us[j].text) {
				if dativeVerbs[w] {
					return true
				}
			}
			return false
		}
	}
	return false
}

// timeWords take "on" where Hindi has को (सोमवार को → on Monday).
var timeWords = map[string]bool{
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true,
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true, "July": true,
	"August": true, "September": true, "October": true, "November": true, "December": true, "day": true, "night": true,
	"morning": true, "evening": true, "afternoon": true,
}

// dativeSubject are the object pronouns that can be the English subject
// of a clause without a nominative one.
var dativeSubject = map[string]bool{"me": true, "us": true, "him": true, "her": true, "them": true}

// timeUnits are the nouns of a duration (दो साल पहले → two years ago).
var timeUnits = map[string]bool{
	"year": true, "years": true, "day": true, "days": true, "month": true, "months": true, "week": true, "weeks": true,
	"hour": true, "hours": true, "minute": true, "minutes": true, "decade": true, "decades": true, "century": true,
	"centuries": true, "second": true, "seconds": true, "time": true,
}

// durationWords start a duration (कई साल से: for many years).
var durationWords = map[string]bool{
	"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true, "nine": true,
	"ten": true, "many": true, "several": true, "some": true, "last": true, "twenty": true, "hundred": true, "a": true,
	"dozens": true, "hundreds": true, "thousands": true,
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// timeAdverbial reports whether a bare phrase is a time adverbial (last
// year, this week, Monday), which is never the subject or object.
func timeAdverbial(words []string) bool {
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	if len(words) == 1 {
		return timeWords[last] && last != "day" && last != "night" && last != "morning" && last != "evening"
	}
	switch words[0] {
	case "last", "this", "next", "every", "that", "the same":
		return timeUnits[last] || timeWords[last]
	}
	return false
}

// timePhrase reports whether a phrase names a day, month or date.
func timePhrase(s string) bool {
	for w := range strings.FieldsSeq(s) {
		if timeWords[w] {
			return true
		}
	}
	return false
}

func lastWord(s string) string {
	return s[strings.LastIndexByte(s, ' ')+1:]
}

var postAfterEn = map[string]bool{"ago": true}

// demonstrative pronouns may stand before a noun as determiners.
var demonstrative = map[string]bool{
	"यह": true, "वह": true, "ये": true, "वे": true, "वो": true, "यही": true, "वही": true, "कोई": true, "कुछ": true,
	"सभी": true, "सब": true, "अन्य": true, "दूसरे": true, "किसी": true, "इसी": true, "उसी": true, "इन्हीं": true,
	"उन्हीं": true, "बाकी": true, "जो": true, "क्या": true, "कौन": true,
}

// titles are the nouns that stand before a name in one phrase
// (राष्ट्रपति पुतिन, समाचार एजेंसी केसीएनए).
var titles = map[string]bool{
	"president": true, "minister": true, "leader": true, "chairman": true, "chief": true, "spokesman": true,
	"general": true, "General": true, "king": true, "queen": true, "emperor": true, "director": true, "coach": true,
	"captain": true, "writer": true, "actor": true, "actress": true, "singer": true, "player": true, "mayor": true,
	"governor": true, "senator": true, "judge": true, "professor": true, "doctor": true, "official": true,
	"founder": true, "author": true, "journalist": true, "counterpart": true, "secretary": true, "ambassador": true,
	"commander": true, "prince": true, "princess": true, "pope": true, "executive": true, "manager": true,
	"member": true, "MP": true, "candidate": true, "head": true, "owner": true, "partner": true, "wife": true,
	"husband": true, "son": true, "daughter": true, "brother": true, "sister": true, "father": true, "mother": true,
	"friend": true, "expert": true, "scientist": true, "researcher": true, "lawyer": true, "artist": true,
	"agency": true, "company": true, "party": true, "team": true, "club": true, "group": true, "city": true,
	"state": true, "river": true, "island": true, "lake": true, "mount": true, "saint": true, "president's": true,
	"representative": true, "officer": true, "editor": true, "analyst": true, "champion": true, "star": true,
}

// demonstrativeDet is the English of a demonstrative used before a noun.
var demonstrativeDet = map[string]string{"यह": "this", "वह": "that", "वो": "that", "ये": "these", "वे": "those"}

// nominative demonstratives cannot stand before an oblique noun (वह
// बच्चों के लिए: "he … for the children", not "that children").
var nominative = map[string]bool{"यह": true, "वह": true, "ये": true, "वे": true, "वो": true}

// markedAfter reports whether the noun run starting at j ends in a
// postposition or case marker, which a nominative pronoun before it
// cannot modify (वह घर में है: "he is at home").
func markedAfter(ts []token, j int) bool {
	head := false
	for ; j < len(ts) && (ts[j].c == cNoun || ts[j].c == cAdj || ts[j].c == cName || ts[j].c == cNum || ts[j].c == cDet); j++ {
		if head && !headLike(ts[j].c) {
			return false // a new phrase starts: the marker is not on this one
		}
		head = headLike(ts[j].c)
	}
	if j == len(ts) {
		return false
	}
	switch ts[j].c {
	case cPost, cKo, cErg:
		return true
	}
	return false
}

// nounAhead reports whether the run of nominal words from j has a noun:
// without one, a pronoun before it is a subject and the run a predicate
// (वे बहुत खुश थे: they were very happy).
func nounAhead(ts []token, j int) bool {
	for ; j < len(ts) && nominal(ts[j].c); j++ {
		switch ts[j].c {
		case cNoun, cName, cLatin:
			return true
		}
	}
	return false
}

func oblique(src string) bool {
	return strings.HasSuffix(src, "ों") || strings.HasSuffix(src, "ओं")
}

// ergPronoun are pronouns with the ergative built in (उसने): subjects.
var ergPronoun = map[string]bool{
	"मैंने": true, "हमने": true, "आपने": true, "तुमने": true, "उसने": true, "उन्होंने": true, "इसने": true,
	"इन्होंने": true, "जिसने": true, "जिन्होंने": true, "किसने": true, "किन्होंने": true,
}

// relatives open a relative clause; 2 marks those that are its subject.
var relatives = map[string]int{
	"जो": 2, "जिसने": 2, "जिन्होंने": 2, "जिसे": 1, "जिन्हें": 1, "जिसमें": 1, "जिनमें": 1, "जिससे": 1,
	"जिसपर": 1, "जिनसे": 1,
}

// isOrdinal reports whether an English number word is an ordinal.
func isOrdinal(s string) bool {
	switch s {
	case "first", "second", "third", "last", "next":
		return true
	}
	if len(s) > 2 && s[0] >= '0' && s[0] <= '9' {
		suf := s[len(s)-2:]
		return suf == "th" || suf == "st" || suf == "nd" || suf == "rd"
	}
	return strings.HasSuffix(s, "th") && s != "both"
}

// headLike reports whether a class ends a noun phrase's head.
func headLike(c cat) bool { return c == cNoun || c == cName || c == cLatin }

// manyWords are the determiners and numbers that make a noun plural.
var manyWords = map[string]bool{
	"दोनों": true, "सभी": true, "सब": true, "कई": true, "अनेक": true, "विभिन्न": true, "कुछ": true, "सारे": true,
	"दो": true, "तीन": true, "चार": true, "पांच": true, "छह": true, "सात": true, "आठ": true, "नौ": true, "दस": true,
	"बीस": true, "सौ": true, "हजार": true, "हजारों": true, "लाखों": true, "सैकड़ों": true, "दर्जनों": true, "ज्यादातर": true,
	"अधिकांश": true, "अधिकतर": true, "इन": true, "उन": true, "बहुत से": true, "बहुत सारे": true, "थोड़े": true, "ऐसे": true,
}

func isPluralNumber(s string) bool {
	if s == "" || s == "1" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return s[i] == ',' || s[i] == '.'
		}
	}
	return true
}
