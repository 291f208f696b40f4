package hindi

import (
	"iter"
	"strings"
	"unicode/utf8"
)

// Ending is an inflectional ending of a Hindi noun, adjective or verb form
// and what the dictionary form ends in instead.
type Ending struct {
	Suffix string // the ending as written
	Lemma  string // what the dictionary form has in its place, "" for nothing
	Plural bool   // the ending marks a plural
}

// Endings are the inflectional endings Strip removes, in the order they
// are tried: an ending may appear twice with different dictionary forms
// (लड़कों from लड़का, लोगों from लोग).
var Endings = []Ending{
	{"ियों", "ी", true}, {"ाइयों", "ाई", true}, {"ईयों", "ई", true}, {"यों", "", true}, {"ियां", "ी", true}, {"ियाँ", "ी", true}, {"ाओं", "ा", true}, {"ाएं", "ा", true},
	{"ों", "", true}, {"ओं", "", true}, {"ों", "ा", true}, {"ें", "", true}, {"एं", "", true},
	{"े", "ा", false}, {"ी", "ा", false}, {"ी", "", false}, {"ता", "", false}, {"ती", "", false},
	{"ते", "", false}, {"यी", "ई", false}, {"ये", "ए", false}, {"ई", "यी", false}, {"ए", "ये", false},
}

// Strip yields, for each ending of Endings that w carries with at least
// two letters before it, w without the ending, in the order of Endings.
// A caller with a dictionary appends the ending's Lemma and looks the
// result up.
func Strip(w string) iter.Seq2[string, Ending] {
	return func(yield func(string, Ending) bool) {
		for _, e := range Endings {
			stem, ok := strings.CutSuffix(w, e.Suffix)
			if !ok || utf8.RuneCountInString(stem) < 2 {
				continue
			}
			if !yield(stem, e) {
				return
			}
		}
	}
}

// Stem returns w without its first ending, or w when it has none: "लोगों"
// -> "लोग", "सरकारी" -> "सरकार". Forms of one word meet at one stem.
func Stem(w string) string {
	for stem := range Strip(w) {
		return stem
	}
	return w
}
