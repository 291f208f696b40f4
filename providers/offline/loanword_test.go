package offline

import (
	"strings"
	"testing"

	"github.com/anuvad/anuvad/internal/hindi"
)

// The shapes as first written, with strings.Replacer: the fast versions
// must give the same bytes for every word of the loanword table.
var (
	refEnglishReplacer = strings.NewReplacer("ce", "se", "ci", "si", "cy", "si", "ge", "je", "gi", "ji", "tion", "shan", "sion", "shan")
	refShapeReplacer   = strings.NewReplacer("ph", "f", "ck", "k", "c", "k", "q", "k", "w", "v", "ee", "i", "oo", "u", "y", "i", "x", "ks", "z", "j", "sh", "s", "th", "t", "dh", "d", "bh", "b", "gh", "g", "kh", "k")
)

func refLoanShape(s string) string {
	s = refShapeReplacer.Replace(s)
	var b strings.Builder
	var last byte
	for i := 0; i < len(s); i++ {
		if s[i] != last {
			b.WriteByte(s[i])
		}
		last = s[i]
	}
	return b.String()
}

func refEnglishShape(w string) string {
	w = strings.ToLower(w)
	w = refEnglishReplacer.Replace(w)
	if len(w) > 3 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") {
		w = w[:len(w)-1]
	}
	return refLoanShape(w)
}

func refEditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = 2 * j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = 2 * i
		for j := 1; j <= len(b); j++ {
			cost := 2
			switch {
			case a[i-1] == b[j-1]:
				cost = 0
			case isVowel(a[i-1]) && isVowel(b[j-1]):
				cost = 1
			}
			cur[j] = min(prev[j]+2, cur[j-1]+2, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestShapesMatchReference(t *testing.T) {
	tr := newTr(t)
	tr.mustLoad()
	sc := new(scratch)
	words := []string{"Venice", "NATION", "Mission", "circle", "Cyprus", "Géant", "ÉCOLE", "bee", "ee", "cion", "x", "", "phkh", "Zoo"}
	for _, cs := range tr.t.loans {
		words = append(words, cs...)
	}
	if len(words) < 10000 {
		t.Fatalf("only %d loanword candidates", len(words))
	}
	prev := "internet"
	for _, w := range words {
		if got, want := string(appendEnglishShape(nil, sc, w)), refEnglishShape(w); got != want {
			t.Fatalf("englishShape(%q) = %q, want %q", w, got, want)
		}
		if got, want := string(appendLoanShape(nil, w)), refLoanShape(w); got != want {
			t.Fatalf("loanShape(%q) = %q, want %q", w, got, want)
		}
		if got, want := editDistance(sc, []byte(prev), []byte(w)), refEditDistance(prev, w); got != want {
			t.Fatalf("editDistance(%q, %q) = %d, want %d", prev, w, got, want)
		}
		prev = w
	}
	for _, hi := range []string{"इंटरनेट", "मेट्रोपोलिटन", "फेसबुक", "क्वीन", "शेक्सपियर"} {
		r := hindi.Romanize(hi)
		if got, want := string(appendLoanShape(nil, r)), refLoanShape(r); got != want {
			t.Errorf("loanShape(%q) = %q, want %q", r, got, want)
		}
	}
}

// TestLoanwordAllocations checks the loanword match builds its shapes in
// the scratch buffers.
func TestLoanwordAllocations(t *testing.T) {
	tr := newTr(t)
	tr.mustLoad()
	sc := new(scratch)
	if en, ok := tr.loanword(sc, "मेट्रोपोलिटन"); !ok || en != "metropolitan" {
		t.Fatalf("loanword = %q, %v", en, ok)
	}
	const w = "मेट्रोपोलिटन"
	n := testing.AllocsPerRun(50, func() { tr.loanword(sc, w) })
	// Skeleton and Romanize make their strings; nothing else may.
	own := testing.AllocsPerRun(50, func() { hindi.Skeleton(w); hindi.Romanize(w) })
	if n > own {
		t.Errorf("%v allocations a word, %v of them in Skeleton and Romanize", n, own)
	}
}

// refLoanword is loanword as first written, on the reference shapes.
func refLoanword(tr *Translator, src string) (string, bool) {
	word := src
	pl := false
	for _, s := range []string{"ों", "ओं"} {
		if strings.HasSuffix(word, s) {
			word, pl = strings.TrimSuffix(word, s), true
		}
	}
	sk := hindi.Skeleton(word)
	if len(strings.TrimPrefix(sk, "_")) < 2 {
		return "", false
	}
	cands := tr.t.loans[sk]
	if len(cands) == 0 {
		return "", false
	}
	rom := refLoanShape(hindi.Romanize(word))
	best, bestD := "", 1<<30
	for _, c := range cands {
		d := 2 * refEditDistance(rom, refEnglishShape(c))
		if c[0] >= 'A' && c[0] <= 'Z' {
			d--
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	bestD = (bestD + 3) / 4
	limit := (len(rom) + 1) / 4
	if len(strings.TrimPrefix(sk, "_")) < 3 {
		limit = 0
	}
	if bestD > limit {
		return "", false
	}
	if pl {
		best = plural(best)
	}
	return best, true
}

// TestLoanwordMatchesReference runs the loanword match on thousands of
// Hindi words and names from the tables, against the first version.
func TestLoanwordMatchesReference(t *testing.T) {
	tr := newTr(t)
	tr.mustLoad()
	sc := new(scratch)
	var words []string
	i := 0
	for k := range tr.t.morph {
		if i++; i%8 == 0 {
			words = append(words, k, k+"ों")
		}
	}
	for k := range tr.t.names {
		words = append(words, k)
	}
	found := 0
	for _, w := range words {
		got, gotOK := tr.loanword(sc, w)
		want, wantOK := refLoanword(tr, w)
		if got != want || gotOK != wantOK {
			t.Fatalf("loanword(%q) = %q, %v; want %q, %v", w, got, gotOK, want, wantOK)
		}
		if gotOK {
			found++
		}
	}
	if found < 100 {
		t.Fatalf("only %d of %d words matched a loanword", found, len(words))
	}
	t.Logf("%d of %d words matched, as before", found, len(words))
}
