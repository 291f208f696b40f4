// Reordering: in every clause the verb group moves after its subject (SOV
// → SVO) and agrees with it.

package offline

import "strings"

// passive reports whether an English verb phrase is in the passive voice.
func passive(v string) bool {
	n, first, last := 0, "", ""
	for w := range strings.FieldsSeq(v) {
		if n == 0 {
			first = w
		}
		last = w
		n++
	}
	if n < 2 {
		return false
	}
	switch first {
	case "was", "were", "is", "are", "be", "been", "will", "has", "have", "had", "can", "could", "should":
	default:
		return false
	}
	return strings.HasSuffix(last, "ed") || strings.HasSuffix(last, "en") || strings.HasSuffix(last, "wn") ||
		strings.HasSuffix(last, "t") || last == "done" || last == "made" || last == "held" || last == "said"
}

// reorder moves a clause-final verb group after the subject (SOV → SVO).
func reorder(sc *scratch, us []unit) []unit {
	out := sc.order[:0]
	defer func() { sc.order = out[:0] }()
	start := 0
	rel := false
	flush := func(end int) {
		out = svo(out, us[start:end], rel)
	}
	for i, u := range us {
		if u.k == uPunct || u.k == uConj {
			flush(i)
			out = append(out, u)
			start = i + 1
			rel = u.relSubj
		}
	}
	flush(len(us))
	return out
}

// svo appends the clause cl to dst with its final verb group moved after
// the subject; in a relative clause whose pronoun is the subject (जो …
// है), to the front.
func svo(dst, cl []unit, relSubj bool) []unit {
	v := -1
	for i := len(cl) - 1; i >= 0; i-- {
		if cl[i].k == uVerb {
			v = i
			break
		}
		if cl[i].k != uOther {
			break
		}
	}
	if v <= 0 {
		return append(dst, cl...)
	}
	s := -1
	for i := 0; i < v; i++ {
		if cl[i].k == uNP && cl[i].subj {
			s = i
			break
		}
	}
	if s < 0 && !relSubj {
		for i := 0; i < v; i++ {
			if cl[i].k == uNP && !cl[i].prep && !cl[i].obj {
				s = i
				break
			}
		}
	}
	if s < 0 && !relSubj {
		// a dative experiencer (उन्हें … जरूरत थी: they needed)
		for i := 0; i < v; i++ {
			if cl[i].k == uNP && !cl[i].prep && dativeSubject[cl[i].text] {
				s = i
				cl[i].text = subjectForm(cl[i].text)
				break
			}
		}
	}
	if s < 0 && !relSubj && passive(cl[v].text) {
		// शहर को … नष्ट किया गया: the को object is the English subject.
		for i := 0; i < v; i++ {
			if cl[i].k == uNP && cl[i].obj {
				s = i
				break
			}
		}
	}
	if s >= 0 && cl[v].fem && !cl[s].subj && (cl[s].text == "he" || cl[s].text == "him") {
		cl[s].text = "she" // वह गई: she went
	}
	if s >= 0 && cl[s].poss {
		cl[v].text = possVerb(cl[v].text, cl[s].text)
	} else if s >= 0 {
		cl[v].text = agree(cl[v].text, cl[s].text)
	}
	if s < 0 && relSubj {
		dst = append(dst, cl[v])
		dst = append(dst, cl[:v]...)
		return append(dst, cl[v+1:]...)
	}
	if s < 0 || s == v-1 {
		return append(dst, cl...)
	}
	start := len(dst)
	out := dst
	for _, u := range cl[:s] {
		if !(u.k == uNP && strings.HasPrefix(u.text, "by ")) {
			out = append(out, u)
		}
	}
	out = append(out, cl[s])
	out = append(out, cl[v])
	// a fronted "by X" goes after the passive verb
	for _, u := range cl[:s] {
		if u.k == uNP && strings.HasPrefix(u.text, "by ") {
			out = append(out, u)
		}
	}
	// English puts the object right after the verb, before adverbials.
	mid := cl[s+1 : v]
	for _, u := range mid {
		if u.k == uNP && !u.prep {
			out = append(out, u)
		}
	}
	for _, u := range mid {
		if !(u.k == uNP && !u.prep) {
			out = append(out, u)
		}
	}
	out = append(out, cl[v+1:]...)
	motionTo(out[start:])
	return out
}

// motionVerbs take their bare destination with "to" (दिल्ली गए: went to
// Delhi).
var motionVerbs = map[string]bool{
	"go": true, "goes": true, "went": true, "gone": true, "going": true, "come": true, "came": true, "comes": true,
	"coming": true, "return": true, "returned": true, "returning": true, "reach": true, "travel": true, "traveled": true,
}

func motionTo(us []unit) {
	for k := 0; k+1 < len(us); k++ {
		if us[k].k != uVerb || !motionVerbs[lastWord(us[k].text)] {
			continue
		}
		for m := k + 1; m < len(us) && us[m].k == uNP; m++ {
			if !us[m].prep && !us[m].obj && us[m].text != "" && us[m].text[0] >= 'A' && us[m].text[0] <= 'Z' {
				us[m].text, us[m].prep = "to "+us[m].text, true
				break
			}
		}
	}
}

var subjectForms = map[string]string{"us": "we", "me": "I", "him": "he", "her": "she", "them": "they", "whom": "who", "themselves": "they"}

func subjectForm(s string) string {
	if f, ok := subjectForms[s]; ok {
		return f
	}
	s = strings.TrimPrefix(s, "the ")
	return s
}

var toPlural = map[string]string{"is": "are", "was": "were", "has": "have", "does": "do"}
var toSingular = map[string]string{"are": "is", "were": "was", "have": "has", "do": "does"}

// agree makes the first word of a verb phrase agree with its subject.
func agree(v, subj string) string {
	first, rest, _ := strings.Cut(v, " ")
	w := lastWord(subj)
	var plural bool
	switch w {
	case "I":
		if first == "is" || first == "are" {
			return joinRest("am", rest)
		}
		if first == "was" || first == "were" {
			return joinRest("was", rest)
		}
		plural = true
	case "we", "they", "you", "both", "these", "those":
		plural = true
	case "he", "she", "it", "this", "that", "someone", "everyone":
		plural = false
	default:
		if strings.Contains(subj, " and ") {
			plural = true
		} else if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && w[0] >= 'a' && w[0] <= 'z' {
			plural = true
		} else if w == "people" || w == "children" || w == "police" || w == "men" || w == "women" {
			plural = true
		} else {
			return v
		}
	}
	if plural {
		if p, ok := toPlural[first]; ok {
			return joinRest(p, rest)
		}
		if b := unThird(first); b != "" {
			return joinRest(b, rest)
		}
	} else if p, ok := toSingular[first]; ok {
		return joinRest(p, rest)
	}
	return v
}

// unThird returns the base form of a third-person singular verb (knows →
// know), or "" if w is not one.
func unThird(w string) string {
	switch w {
	case "is", "was", "has", "does", "news", "always", "perhaps":
		return ""
	}
	if !strings.HasSuffix(w, "s") || len(w) < 3 {
		return ""
	}
	for _, b := range []string{w[:len(w)-1], w[:len(w)-2], strings.TrimSuffix(w, "ies") + "y"} {
		if b != "" && thirdPerson(b) == w {
			return b
		}
	}
	return ""
}

func joinRest(first, rest string) string {
	if rest == "" {
		return first
	}
	return first + " " + rest
}

// possVerb turns the copula of a के पास clause into "have".
func possVerb(v, subj string) string {
	plural := subj == "we" || subj == "they" || subj == "I" || subj == "you"
	switch v {
	case "is", "are":
		if plural {
			return "have"
		}
		return "has"
	case "was", "were":
		return "had"
	case "is not", "are not":
		if plural {
			return "do not have"
		}
		return "does not have"
	case "was not", "were not":
		return "did not have"
	case "will be":
		return "will have"
	}
	return v
}
