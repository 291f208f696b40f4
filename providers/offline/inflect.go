package offline

import "strings"

// irregular English verbs: base → past, past participle.
var irregular = map[string][2]string{
	"be": {"was", "been"}, "have": {"had", "had"}, "do": {"did", "done"}, "go": {"went", "gone"},
	"say": {"said", "said"}, "make": {"made", "made"}, "take": {"took", "taken"}, "come": {"came", "come"},
	"see": {"saw", "seen"}, "know": {"knew", "known"}, "get": {"got", "got"}, "give": {"gave", "given"},
	"find": {"found", "found"}, "think": {"thought", "thought"}, "tell": {"told", "told"}, "become": {"became", "become"},
	"show": {"showed", "shown"}, "leave": {"left", "left"}, "feel": {"felt", "felt"}, "put": {"put", "put"},
	"bring": {"brought", "brought"}, "begin": {"began", "begun"}, "keep": {"kept", "kept"}, "hold": {"held", "held"},
	"write": {"wrote", "written"}, "stand": {"stood", "stood"}, "hear": {"heard", "heard"}, "let": {"let", "let"},
	"mean": {"meant", "meant"}, "set": {"set", "set"}, "meet": {"met", "met"}, "run": {"ran", "run"},
	"pay": {"paid", "paid"}, "sit": {"sat", "sat"}, "speak": {"spoke", "spoken"}, "lie": {"lay", "lain"},
	"lead": {"led", "led"}, "read": {"read", "read"}, "grow": {"grew", "grown"}, "lose": {"lost", "lost"},
	"fall": {"fell", "fallen"}, "send": {"sent", "sent"}, "build": {"built", "built"}, "understand": {"understood", "understood"},
	"draw": {"drew", "drawn"}, "break": {"broke", "broken"}, "spend": {"spent", "spent"}, "cut": {"cut", "cut"},
	"rise": {"rose", "risen"}, "drive": {"drove", "driven"}, "buy": {"bought", "bought"}, "wear": {"wore", "worn"},
	"choose": {"chose", "chosen"}, "seek": {"sought", "sought"}, "throw": {"threw", "thrown"}, "catch": {"caught", "caught"},
	"deal": {"dealt", "dealt"}, "win": {"won", "won"}, "forget": {"forgot", "forgotten"}, "sell": {"sold", "sold"},
	"fight": {"fought", "fought"}, "eat": {"ate", "eaten"}, "sleep": {"slept", "slept"}, "teach": {"taught", "taught"},
	"fly": {"flew", "flown"}, "hit": {"hit", "hit"}, "shut": {"shut", "shut"}, "hurt": {"hurt", "hurt"},
	"cost": {"cost", "cost"}, "strike": {"struck", "struck"}, "steal": {"stole", "stolen"}, "drink": {"drank", "drunk"},
	"sing": {"sang", "sung"}, "swim": {"swam", "swum"}, "ring": {"rang", "rung"}, "shoot": {"shot", "shot"},
	"hang": {"hung", "hung"}, "bear": {"bore", "borne"}, "beat": {"beat", "beaten"}, "bite": {"bit", "bitten"},
	"blow": {"blew", "blown"}, "feed": {"fed", "fed"}, "forgive": {"forgave", "forgiven"}, "freeze": {"froze", "frozen"},
	"hide": {"hid", "hidden"}, "lend": {"lent", "lent"}, "light": {"lit", "lit"}, "ride": {"rode", "ridden"},
	"shake": {"shook", "shaken"}, "shine": {"shone", "shone"}, "sink": {"sank", "sunk"}, "slide": {"slid", "slid"},
	"spread": {"spread", "spread"}, "spring": {"sprang", "sprung"}, "stick": {"stuck", "stuck"}, "sting": {"stung", "stung"},
	"swear": {"swore", "sworn"}, "sweep": {"swept", "swept"}, "swing": {"swung", "swung"}, "tear": {"tore", "torn"},
	"wake": {"woke", "woken"}, "weep": {"wept", "wept"}, "wind": {"wound", "wound"}, "withdraw": {"withdrew", "withdrawn"},
	"arise": {"arose", "arisen"}, "awake": {"awoke", "awoken"}, "bend": {"bent", "bent"}, "bet": {"bet", "bet"},
	"bind": {"bound", "bound"}, "bleed": {"bled", "bled"}, "breed": {"bred", "bred"}, "burst": {"burst", "burst"},
	"cast": {"cast", "cast"}, "cling": {"clung", "clung"}, "creep": {"crept", "crept"}, "dig": {"dug", "dug"},
	"flee": {"fled", "fled"}, "forbid": {"forbade", "forbidden"}, "grind": {"ground", "ground"}, "kneel": {"knelt", "knelt"},
	"quit": {"quit", "quit"}, "seize": {"seized", "seized"}, "shrink": {"shrank", "shrunk"}, "split": {"split", "split"},
	"undertake": {"undertook", "undertaken"}, "overcome": {"overcame", "overcome"}, "upset": {"upset", "upset"},
	"misunderstand": {"misunderstood", "misunderstood"}, "mistake": {"mistook", "mistaken"}, "forecast": {"forecast", "forecast"},
	"broadcast": {"broadcast", "broadcast"}, "prove": {"proved", "proven"}, "dream": {"dreamt", "dreamt"},
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// doubleFinal reports whether a verb doubles its final consonant before
// -ed and -ing (stop → stopped); it is only applied to short CVC verbs.
func doubleFinal(v string) bool {
	n := len(v)
	if n < 3 || n > 4 {
		return false
	}
	a, b, c := v[n-3], v[n-2], v[n-1]
	return !isVowel(a) && isVowel(b) && !isVowel(c) && strings.IndexByte("wxy", c) < 0
}

// splitPhrase separates the head verb of an English verb phrase from its
// particle or object ("take place" → "take", " place").
func splitPhrase(v string) (string, string) {
	if i := strings.IndexByte(v, ' '); i > 0 {
		return v[:i], v[i:]
	}
	return v, ""
}

func pastTense(v string) string {
	h, rest := splitPhrase(v)
	if f, ok := irregular[h]; ok {
		return f[0] + rest
	}
	return regularEd(h) + rest
}

func pastParticiple(v string) string {
	h, rest := splitPhrase(v)
	if f, ok := irregular[h]; ok {
		return f[1] + rest
	}
	return regularEd(h) + rest
}

func regularEd(v string) string {
	n := len(v)
	switch {
	case n == 0:
		return v
	case strings.HasSuffix(v, "e"):
		return v + "d"
	case n > 1 && v[n-1] == 'y' && !isVowel(v[n-2]):
		return v[:n-1] + "ied"
	case doubleFinal(v):
		return v + v[n-1:] + "ed"
	}
	return v + "ed"
}

func gerund(v string) string {
	h, rest := splitPhrase(v)
	n := len(h)
	switch {
	case h == "be" || h == "see" || h == "flee" || h == "agree":
		return h + "ing" + rest
	case strings.HasSuffix(h, "ie"):
		return h[:n-2] + "ying" + rest
	case n > 2 && strings.HasSuffix(h, "e") && !strings.HasSuffix(h, "ee"):
		return h[:n-1] + "ing" + rest
	case doubleFinal(h):
		return h + h[n-1:] + "ing" + rest
	}
	return h + "ing" + rest
}

func thirdPerson(v string) string {
	h, rest := splitPhrase(v)
	switch h {
	case "be":
		return "is" + rest
	case "have":
		return "has" + rest
	}
	return sibilant(h) + rest
}

func sibilant(w string) string {
	n := len(w)
	switch {
	case n == 0:
		return w
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z") ||
		strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh"):
		return w + "es"
	case n > 1 && w[n-1] == 'y' && !isVowel(w[n-2]):
		return w[:n-1] + "ies"
	case strings.HasSuffix(w, "o") && n >= 2 && !isVowel(w[n-2]):
		return w + "es"
	}
	return w + "s"
}

var irregularPlural = map[string]string{
	"man": "men", "woman": "women", "child": "children", "person": "people", "foot": "feet",
	"tooth": "teeth", "mouse": "mice", "life": "lives", "wife": "wives", "knife": "knives",
	"leaf": "leaves", "thief": "thieves", "wolf": "wolves", "shelf": "shelves", "self": "selves", "loaf": "loaves", "half": "halves", "people": "people", "police": "police", "sheep": "sheep",
	"fish": "fish", "news": "news", "information": "information", "data": "data", "series": "series",
	"crisis": "crises", "analysis": "analyses", "thesis": "theses", "phenomenon": "phenomena",
	"criterion": "criteria", "money": "money", "advice": "advice", "equipment": "equipment",
}

// plural returns the plural of an English noun phrase's head (its last
// word).
func plural(n string) string {
	i := strings.LastIndexByte(n, ' ')
	head, pre := n[i+1:], n[:i+1]
	if p, ok := irregularPlural[head]; ok {
		return pre + p
	}
	if strings.HasSuffix(head, "s") && len(head) > 3 && !strings.HasSuffix(head, "ss") {
		return n
	}
	if head == "" || head[0] < 'a' || head[0] > 'z' {
		return n
	}
	return pre + sibilant(head)
}
