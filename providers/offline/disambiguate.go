// Disambiguation: the words whose class depends on their neighbours.

package offline

import "strings"

func nominal(c cat) bool {
	switch c {
	case cNoun, cName, cAdj, cDet, cNum, cPron, cLatin:
		return true
	}
	return false
}

// disambiguate resolves the words whose class depends on their
// neighbours: की / के as genitive or as a form of करना, पर as "on" or
// "but", and auxiliaries used as main verbs.
func (tr *Translator) disambiguate(ts []token) {
	question := len(ts) > 0 && ts[len(ts)-1].src == "?"
	for i := range ts {
		t := &ts[i]
		if i == 0 && question && t.key == "क्या" {
			// a yes/no question particle, not "what"
			t.c, t.en = cAdv, ""
			continue
		}
		// A verb stem before an auxiliary that needs one (कर सकते, हो
		// गया, बना रहा): the word is a verb whatever else it could be.
		if i+1 < len(ts) && ts[i+1].c == cAux && t.vform != "stem" && t.c != cPunct && t.c != cLatin && t.c != cGen && t.c != cPost {
			switch ts[i+1].aux.k {
			case aCan, aVector, aDone, aProg, aPass, aMust:
				if stem, ok := tr.verbStem(t.key); ok {
					en, _ := tr.verbEnglish(stem)
					*t = token{src: t.src, key: t.key, en: en, c: cVerb, stem: stem, vform: "stem", space: t.space}
				}
			}
		}
		// A form with a verb reading before है / था (खाते हैं): the verb.
		if i+1 < len(ts) && ts[i+1].c == cAux && (ts[i+1].aux.k == aPres || ts[i+1].aux.k == aPast) && (t.c == cNoun || t.c == cAdj) {
			if v, ok := tr.bestVerbReading(t.key, tr.t.morph[t.key]); ok && (v.vform == "impf" || v.vform == "perf") {
				v.src, v.space = t.src, t.space
				*t = v
			}
		}
		prev, next := cNone, cNone
		if i > 0 {
			prev = ts[i-1].c
		}
		if i+1 < len(ts) {
			next = ts[i+1].c
		}
		switch {
		case t.c == cGen && t.key != "का" && !nominal(next) && next != cGen && (next == cAux || next == cPunct || next == cConj || next == cNone || next == cAnd) && (prev == cNoun || prev == cAdj || prev == cName || prev == cPost || next == cPunct || next == cNone):
			// चर्चा की / बात की: a perfective form of करना.
			en, _ := tr.verbEnglish("कर")
			*t = token{src: t.src, key: t.key, en: en, c: cVerb, stem: "कर", vform: "perf", pl: t.key == "के", space: t.space}
		case t.c == cDet && (t.key == "बहुत" || t.key == "काफी") && (next == cAdj || next == cAdv):
			t.c, t.en = cDet, "very" // inside the adjective's phrase
			if t.key == "काफी" {
				t.en = "quite"
			}
		case t.c == cPost && t.key == "पर" && (i == 0 || prev == cPunct):
			t.c, t.en = cConj, "but"
		case directions[t.key] && i+1 < len(ts) && ts[i+1].en != "" && ts[i+1].en[0] >= 'A' && ts[i+1].en[0] <= 'Z':
			t.en = strings.ToUpper(t.en[:1]) + t.en[1:] // उत्तर कोरियाई: North Korean
		case t.key == "सबसे" && next == cAdj && superlatives[ts[i+1].en] != "":
			// सबसे बड़ा: biggest
			ts[i+1].en = superlatives[ts[i+1].en]
			t.en = "the"
		case t.key == "हालांकि" && next == cPunct:
			t.en = "however" // हालांकि, …: However, …
		case (t.key == "दूसरे" || t.key == "दूसरी" || t.key == "दूसरा") && (next == cNoun || next == cAdj):
			// दूसरे दौर: second round; दूसरे देशों: other countries
			if ts[i+1].pl || strings.HasSuffix(ts[i+1].en, "s") {
				t.c, t.en = cDet, "other"
			} else {
				t.c, t.en = cNum, "second"
			}
		case t.c == cAnd && t.key == "और" && prev == cKo:
			t.c, t.en = cAdv, "further" // को और मजबूत करना: strengthen further
		case t.c == cPost && t.key == "तक" && fromBefore(ts, i):
			t.en = "to" // X से Y तक: from X to Y
		case t.c == cPost && t.key == "से" && i+1 < len(ts) && withNouns[ts[i+1].key]:
			t.en = "with"
		case t.c == cAux && (t.key == "जाना" || t.key == "जाने" || t.key == "जानी") && next == cAux && ts[i+1].aux.k == aPass && !(prev == cVerb || prev == cAux):
			// जाना जाता है: the passive of जानना, "is known".
			t.c, t.en, t.stem, t.vform = cVerb, "know", "जान", "perf"
		case t.c == cAux && !(prev == cVerb || prev == cAux || (prev == cNeg && i > 1 && (ts[i-2].c == cVerb || ts[i-2].c == cAux))):
			switch t.aux.k {
			case aPres, aPast, aWill, aShould:
				// copula: handled as a verb group without a main verb
			default:
				if en, ok := tr.verbEnglish(t.stem); ok && t.stem != "" {
					t.c, t.en = cVerb, en
					if t.aux.k == aHua {
						t.en = "happen"
					}
					if t.vform == "" {
						t.vform = "perf"
					}
				}
			}
		}
	}
}

// superlatives of the short adjectives (सबसे बड़ा → the biggest).
var superlatives = map[string]string{
	"big": "biggest", "small": "smallest", "large": "largest", "high": "highest", "low": "lowest", "old": "oldest",
	"new": "newest", "young": "youngest", "long": "longest", "good": "best", "bad": "worst", "great": "greatest",
	"strong": "strongest", "rich": "richest", "poor": "poorest", "fast": "fastest", "early": "earliest",
	"late": "latest", "easy": "easiest", "hard": "hardest", "near": "nearest", "far": "farthest", "close": "closest",
	"short": "shortest", "tall": "tallest", "wide": "widest", "deep": "deepest", "hot": "hottest", "cold": "coldest",
	"cheap": "cheapest", "safe": "safest", "common": "commonest", "simple": "simplest", "busy": "busiest",
	"happy": "happiest", "heavy": "heaviest", "light": "lightest", "little": "least", "more": "most", "many": "most",
}

// directions are capitalised before a name (North Korean).
var directions = map[string]bool{
	"उत्तर": true, "दक्षिण": true, "पूर्व": true, "पश्चिम": true, "उत्तरी": true, "दक्षिणी": true, "पूर्वी": true,
	"पश्चिमी": true, "मध्य": true,
}

// fromBefore reports whether a से closes a phrase shortly before i.
func fromBefore(ts []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		switch {
		case ts[j].c == cPunct || ts[j].c == cVerb || ts[j].c == cConj:
			return false
		case ts[j].c == cPost && ts[j].key == "से":
			return true
		}
	}
	return false
}

// withNouns are the words after which से means "with" (मुलाकात, बात).
var withNouns = map[string]bool{
	"मुलाकात": true, "बातचीत": true, "बात": true, "मिल": true, "मिले": true, "मिला": true, "मिलने": true,
	"संपर्क": true, "चर्चा": true, "वार्ता": true, "बैठक": true, "मुलाकातें": true, "संबंध": true, "लड़ाई": true,
	"युद्ध": true, "समझौता": true, "शादी": true, "विवाह": true, "सहयोग": true, "तुलना": true, "जुड़": true, "जुड़े": true,
}
