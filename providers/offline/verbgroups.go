// Verb groups: a main verb with its auxiliaries becomes one English verb
// phrase.

package offline

import "strings"

// verb group: a main verb (or a copula) with its auxiliaries.
type vgroup struct {
	en                                               string // English lemma of the main verb; "" for a bare copula
	compl                                            string // complement placed after the verb (तैयार होना → be ready)
	form                                             string
	neg                                              bool
	pl                                               bool
	prog, pass, can, done, will, should, must, begin bool
	pres, past                                       bool
	passForm                                         string
	canForm                                          string
}

// buildGroups finds verb groups and replaces them with one token each
// whose en is the English verb phrase.
func (tr *Translator) buildGroups(sc *scratch, ts []token) []token {
	out := sc.groups[:0]
	defer func() { sc.groups = out[:0] }()
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if t.c == cAux && t.aux.k == aWill {
			// होगा is हो + future: a main verb that may join a light
			// verb (लागू होगा → will apply).
			t.c, t.en, t.stem, t.vform = cVerb, "be", "हो", "fut"
		}
		copula := t.c == cAux && (t.aux.k == aPres || t.aux.k == aPast || t.aux.k == aShould)
		if t.c != cVerb && !copula {
			out = append(out, t)
			continue
		}
		g := vgroup{pl: t.pl}
		j := i
		if t.c == cVerb {
			g.en, g.form = t.en, t.vform
			j = i + 1
			// light verb: noun + कर / हो / दे, perhaps with नहीं between
			if n := len(out); n > 1 && out[n-1].c == cNeg && !out[n-2].dead {
				if en, compl, ok := tr.lightVerb(sc, out[n-2], t.stem); ok && (out[n-2].c == cNoun || out[n-2].unknown || tr.lightEnglish(sc, out[n-2].key, t.stem) != "") {
					g.en, g.compl, g.neg = en, compl, true
					out = append(out[:n-2], out[n-1])
				}
			}
			if n := len(out); n > 0 && (out[n-1].c == cNoun || out[n-1].c == cAdj || out[n-1].c == cAdv || out[n-1].unknown || tr.lightEnglish(sc, out[n-1].key, t.stem) != "") && !out[n-1].dead {
				if en, compl, ok := tr.lightVerb(sc, out[n-1], t.stem); ok {
					g.en, g.compl = en, compl
					out = out[:n-1]
				}
			}
		}
		// infinitive + चाहना: want to
		if g.form == "inf" && j < len(ts) && ts[j].c == cVerb && ts[j].stem == "चाह" {
			g.compl = "to " + g.en
			g.en, g.form, g.pl = "want", ts[j].vform, ts[j].pl
			j++
		}
		for ; j < len(ts) && ts[j].c == cAux; j++ {
			a := ts[j].aux
			if g.en == "be" && a.k == aPass && a.form == "perf" && g.form == "stem" {
				// हो गया: became
				g.en, g.form = "become", "perf"
				continue
			}
			if a.pl {
				g.pl = true
			}
			switch a.k {
			case aPres:
				g.pres = true
			case aPast:
				g.past = true
			case aProg:
				g.prog = true
			case aPass:
				if g.form == "perf" || g.form == "" {
					g.pass, g.passForm = true, a.form
				} else if a.form == "perf" || a.form == "fut" || a.form == "impf" {
					// कहा जाता (habitual) or a compound with जाना: the
					// tense comes from जा.
					g.form = a.form
				}
			case aCan:
				g.can, g.canForm = true, a.form
			case aDone:
				g.done = true
			case aWill:
				g.will = true
			case aShould:
				g.should = true
			case aMust:
				g.must = true
			case aBegin:
				g.begin = true
			case aVector, aHua:
				if a.form != "" && a.k == aVector {
					g.form = a.form
				}
			}
		}
		// negation just before the group
		if n := len(out); n > 0 && out[n-1].c == cNeg {
			g.neg = true
			out = out[:n-1]
		}
		if g.en == "" && copula {
			g.form = ""
		}
		vf := g.form
		if t.aux.k == aHua && j == i+1 && !g.neg {
			vf = "hua"
		}
		base := ""
		if g.form == "inf" && !g.pres && !g.past && !g.pass && !g.can && !g.neg {
			base = strings.TrimSpace(g.en + " " + g.compl)
		}
		fem := false
		for k := i; k < j; k++ {
			if strings.HasSuffix(ts[k].src, "ी") || strings.HasSuffix(ts[k].src, "ीं") {
				fem = true
			}
		}
		out = append(out, token{src: t.src, en: renderVerb(g), c: cVerb, vform: vf, stem: base, space: t.space, fem: fem})
		i = j - 1
	}
	return out
}

// lightEnglish returns the hand list's English of noun + light-verb stem,
// building the key in sc.key instead of a new string.
func (tr *Translator) lightEnglish(sc *scratch, noun, stem string) string {
	sc.key = append(append(append(sc.key[:0], noun...), ' '), stem...)
	return tr.t.light[string(sc.key)]
}

// lightVerb joins a noun with a following light verb: the dictionary's
// "X करना" entry, or the noun itself used as an English verb.
func (tr *Translator) lightVerb(sc *scratch, n token, stem string) (en, compl string, ok bool) {
	if en := tr.lightEnglish(sc, n.key, stem); en != "" {
		return en, "", true
	}
	switch stem {
	case "कर", "हो", "दे", "ले", "लग", "रख", "पा", "आ", "करा", "बना", "उठा", "लगा", "मिल":
	default:
		return "", "", false
	}
	sc.key = append(append(append(append(sc.key[:0], n.key...), ' '), stem...), "ना"...)
	if cs, found := tr.t.lex[string(sc.key)]; found {
		for _, c := range cs {
			if c.pos == 'v' || (c.pos == 'x' && !strings.Contains(c.en, "(")) {
				return c.en, "", true
			}
		}
	}
	if n.unknown {
		return "", "", false
	}
	if cs, found := tr.t.lex[n.key]; found && stem == "कर" {
		for _, c := range cs {
			if c.pos == 'v' {
				return c.en, "", true
			}
		}
	}
	switch stem {
	case "कर", "दे":
		if n.c == cNoun && tr.t.verbs[n.en] {
			return n.en, "", true
		}
		if (n.c == cAdj || n.c == cAdv) && stem == "कर" {
			return "make", n.en, true
		}
	case "हो":
		if n.c == cAdj || n.c == cAdv {
			return "be", n.en, true
		}
	}
	return "", "", false
}

func be(g vgroup, past bool) string {
	switch {
	case past && g.pl:
		return "were"
	case past:
		return "was"
	case g.pl:
		return "are"
	}
	return "is"
}

func have(g vgroup) string {
	if g.pl {
		return "have"
	}
	return "has"
}

// renderVerb turns a verb group into an English verb phrase.
func renderVerb(g vgroup) string {
	v := g.en
	words := make([]string, 0, 8)
	add := func(s ...string) { words = append(words, s...) }
	if v == "" {
		// copula alone
		switch {
		case g.will:
			add("will", "be")
		case g.should:
			add("should")
		case g.past:
			add(be(g, true))
		default:
			add(be(g, false))
		}
		return finish(words, g)
	}
	if v == "be" && g.compl == "" && !g.pass && !g.prog && !g.can {
		if g.form == "perf" && !g.pres && !g.past {
			v = "happen"
		}
	}
	switch {
	case g.can:
		modal := "can"
		if g.past || g.canForm == "perf" {
			modal = "could"
		}
		if g.canForm == "fut" || g.will {
			modal = "will be able to"
		}
		add(modal)
		if g.pass {
			add("be", pastParticiple(v))
		} else {
			add(v)
		}
	case g.should:
		add("should")
		if g.pass {
			add("be", pastParticiple(v))
		} else {
			add(v)
		}
	case g.must:
		if g.past || g.form == "perf" {
			add("had", "to", v)
		} else {
			add("have", "to", v)
		}
	case g.pass:
		pp := pastParticiple(v)
		switch {
		case g.prog:
			add(be(g, g.past), "being", pp)
		case g.passForm == "fut" || g.will:
			add("will", "be", pp)
		case g.passForm == "impf":
			add(be(g, g.past), pp)
		case g.passForm == "inf":
			add("to", "be", pp)
		case g.passForm == "prs":
			add("be", pp)
		case g.pres:
			add(have(g), "been", pp)
		case g.past:
			add("had", "been", pp)
		default:
			add(be(g, true), pp)
		}
	case g.prog:
		add(be(g, g.past), gerund(v))
	case g.done:
		if g.past {
			add("had", pastParticiple(v))
		} else {
			add(have(g), "already", pastParticiple(v))
		}
	case g.begin:
		add("began", gerund(v))
	case g.form == "fut" || g.will:
		add("will", v)
	case g.form == "perf":
		switch {
		case g.pres:
			add(have(g), pastParticiple(v))
		case g.past:
			add("had", pastParticiple(v))
		default:
			add(pastTense(v))
		}
	case g.form == "impf":
		switch {
		case g.pres && v == "be":
			add(be(g, false))
		case g.pres && !g.pl:
			add(thirdPerson(v))
		case g.pres:
			add(v)
		case g.past:
			add(pastTense(v))
		default:
			add(gerund(v))
		}
	case g.form == "inf":
		switch {
		case g.past:
			add("had", "to", v)
		case g.pres:
			add(have(g), "to", v)
		default:
			add(gerund(v))
		}
	case g.form == "gna", g.form == "agnt":
		add(gerund(v))
	default:
		if g.pres && v != "be" {
			add(thirdPersonIf(v, g))
		} else {
			add(v)
		}
	}
	if g.compl != "" {
		add(g.compl)
	}
	return finish(words, g)
}

func thirdPersonIf(v string, g vgroup) string {
	if g.pl {
		return v
	}
	return thirdPerson(v)
}

// finish applies negation: "not" after the first auxiliary, or do-support
// for a simple tense.
func finish(words []string, g vgroup) string {
	if !g.neg || len(words) == 0 {
		return strings.Join(words, " ")
	}
	first := words[0]
	switch first {
	case "is", "are", "was", "were", "has", "have", "had", "will", "can", "could", "should", "be":
		return strings.Join(append([]string{first, "not"}, words[1:]...), " ")
	}
	if len(words) == 1 {
		v := g.en
		if v == "" {
			v = first
		}
		switch {
		case g.form == "perf":
			return "did not " + v
		case g.pres && !g.pl:
			return "does not " + v
		case g.past:
			return "did not " + v
		}
		return "not " + first
	}
	return "not " + strings.Join(words, " ")
}
