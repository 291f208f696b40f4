package align

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Six sentence pairs written for these tests.
var testHi = []string{
	"राम ने 2015 में दिल्ली में एक नया घर खरीदा।",
	"उसकी बहन सीता मुंबई के एक अस्पताल में डॉक्टर है।",
	"पिछले साल उन्होंने 12 देशों की यात्रा की।",
	"गोवा के समुद्र तट पर हर दिसंबर में बहुत भीड़ होती है।",
	"मोहन ने बताया कि कंपनी ने 300 नए कर्मचारी रखे हैं।",
	"बारिश के कारण मैच 45 मिनट देर से शुरू हुआ।",
}

var testEn = []string{
	"Ram bought a new house in Delhi in 2015.",
	"His sister Sita is a doctor at a hospital in Mumbai.",
	"Last year they travelled to 12 countries.",
	"The beaches of Goa are very crowded every December.",
	"Mohan said that the company has hired 300 new employees.",
	"Because of the rain, the match started 45 minutes late.",
}

func formatted(t *testing.T, links []Link) string {
	t.Helper()
	var b bytes.Buffer
	if err := FormatIndices(&b, links); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(strings.ReplaceAll(b.String(), "\n", " "))
}

func mustAlign(t *testing.T, hi, en []string, opts Options) []Link {
	t.Helper()
	links, err := Align(context.Background(), hi, en, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkCover(t, links, len(hi), len(en))
	return links
}

// checkCover verifies that the links cover every sentence once, in order,
// and that scores are in range.
func checkCover(t *testing.T, links []Link, n, m int) {
	t.Helper()
	i, j := 0, 0
	for _, l := range links {
		for _, x := range l.Hi {
			if x != i {
				t.Fatalf("Hindi index %d out of order (want %d) in %v", x, i, links)
			}
			i++
		}
		for _, x := range l.En {
			if x != j {
				t.Fatalf("English index %d out of order (want %d) in %v", x, j, links)
			}
			j++
		}
		if l.Score < 0 || l.Score > 1 || ((len(l.Hi) == 0 || len(l.En) == 0) && l.Score != 0) {
			t.Fatalf("bad score %v for link %v:%v", l.Score, l.Hi, l.En)
		}
	}
	if i != n || j != m {
		t.Fatalf("links cover %d/%d Hindi and %d/%d English sentences", i, n, j, m)
	}
}

func without(s []string, k int) []string {
	out := append([]string{}, s[:k]...)
	return append(out, s[k+1:]...)
}

func TestBeads(t *testing.T) {
	cases := []struct {
		name   string
		hi, en []string
		want   string
	}{
		{"1-1", testHi, testEn, "[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4] [5]:[5]"},
		{"2-1", testHi,
			[]string{testEn[0], "His sister Sita is a doctor at a hospital in Mumbai, and last year they travelled to 12 countries.", testEn[3], testEn[4], testEn[5]},
			"[0]:[0] [1, 2]:[1] [3]:[2] [4]:[3] [5]:[4]"},
		{"1-2",
			[]string{testHi[0], testHi[1], testHi[2], "गोवा के समुद्र तट पर हर दिसंबर में बहुत भीड़ होती है और मोहन ने बताया कि कंपनी ने 300 नए कर्मचारी रखे हैं।", testHi[5]},
			testEn,
			"[0]:[0] [1]:[1] [2]:[2] [3]:[3, 4] [4]:[5]"},
		{"1-0", testHi, without(testEn, 2), "[0]:[0] [1]:[1] [2]:[] [3]:[2] [4]:[3] [5]:[4]"},
		{"0-1", without(testHi, 4), testEn, "[0]:[0] [1]:[1] [2]:[2] [3]:[3] []:[4] [4]:[5]"},
		{"inserted unrelated sentence", testHi,
			append(append(append([]string{}, testEn[:3]...), "Penguins cannot fly, but they swim remarkably well in cold water."), testEn[3:]...),
			"[0]:[0] [1]:[1] [2]:[2] []:[3] [3]:[4] [4]:[5] [5]:[6]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := formatted(t, mustAlign(t, c.hi, c.en, Options{}))
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestLinkText(t *testing.T) {
	l := Link{Hi: []int{1, 2}, En: []int{0}}
	h, e := l.Text(testHi, testEn)
	if h != testHi[1]+" "+testHi[2] || e != testEn[0] || !l.IsPair() {
		t.Errorf("Text = %q, %q; IsPair = %v", h, e, l.IsPair())
	}
	l = Link{Hi: []int{3}, En: []int{}}
	if h, e := l.Text(testHi, testEn); h != testHi[3] || e != "" || l.IsPair() {
		t.Errorf("unaligned link: Text = %q, %q; IsPair = %v", h, e, l.IsPair())
	}
}

func TestMaxBead3(t *testing.T) {
	en := []string{
		testEn[0],
		"His sister Sita is a doctor at a hospital in Mumbai; last year they travelled to 12 countries, and the beaches of Goa are very crowded every December.",
		testEn[4], testEn[5],
	}
	got := formatted(t, mustAlign(t, testHi, en, Options{MaxBead: 3}))
	if want := "[0]:[0] [1, 2, 3]:[1] [4]:[2] [5]:[3]"; got != want {
		t.Errorf("3-1: got %s, want %s", got, want)
	}
	// Without 3-1 beads the long sentence takes two of the three.
	got = formatted(t, mustAlign(t, testHi, en, Options{}))
	if strings.Contains(got, "[1, 2, 3]") {
		t.Errorf("3-1 bead with the default MaxBead: %s", got)
	}
}

func TestEmptySides(t *testing.T) {
	links := mustAlign(t, testHi[:2], nil, Options{})
	if got := formatted(t, links); got != "[0]:[] [1]:[]" {
		t.Errorf("no English: %s", got)
	}
	links = mustAlign(t, nil, testEn[:3], Options{})
	if got := formatted(t, links); got != "[]:[0] []:[1] []:[2]" {
		t.Errorf("no Hindi: %s", got)
	}
	links = mustAlign(t, nil, nil, Options{})
	if len(links) != 0 {
		t.Errorf("nothing to align gave %v", links)
	}
	// empty strings inside a document are sentences like any other
	links = mustAlign(t, []string{testHi[0], "", testHi[1]}, []string{testEn[0], testEn[1]}, Options{})
	if got := formatted(t, links); got != "[0]:[0] [1]:[] [2]:[1]" {
		t.Errorf("empty Hindi line: %s", got)
	}
}

func TestScores(t *testing.T) {
	links := mustAlign(t, testHi, testEn, Options{})
	for _, l := range links {
		if l.Score < 0.5 {
			t.Errorf("link %v:%v has score %.3f, want a confident pair", l.Hi, l.En, l.Score)
		}
	}
	// A forced pair of unrelated sentences scores low.
	sc := mustAlign(t, []string{testHi[0]}, []string{"Penguins cannot fly, but they swim remarkably well in cold water."}, Options{})
	for _, l := range sc {
		if len(l.Hi) > 0 && len(l.En) > 0 && l.Score > 0.5 {
			t.Errorf("unrelated pair %v:%v scored %.3f", l.Hi, l.En, l.Score)
		}
	}
}

// TestAnchors checks that numbers and transliterated names alone carry the
// alignment where lengths mislead: sentence lengths are all alike, and a
// sentence is missing on each side.
func TestAnchors(t *testing.T) {
	hi := []string{
		"ओबामा ने 1998 में शिकागो छोड़ा।",
		"क्लिंटन ने 2004 में बोस्टन छोड़ा।",
		"मर्केल ने 1987 में बर्लिन छोड़ा।",
		"पुतिन ने 2011 में मॉस्को छोड़ा।",
		"ट्रूडो ने 1975 में टोरंटो छोड़ा।",
	}
	en := []string{
		"Obama left Chicago in 1998.",
		"Merkel left Berlin in 1987.",
		"Putin left Moscow in 2011.",
		"Sanchez left Madrid in 2019.",
		"Trudeau left Toronto in 1975.",
	}
	got := formatted(t, mustAlign(t, hi, en, Options{NoBuiltinLexicon: true}))
	want := "[0]:[0] [1]:[] [2]:[1] [3]:[2] []:[3] [4]:[4]"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestTransliterationSkeletons(t *testing.T) {
	pairs := [][2]string{
		{"ओबामा", "obama"}, {"वाशिंगटन", "washington"}, {"कैपिटल", "capital"},
		{"मेट्रोपोलिटन", "metropolitan"}, {"फ़ोन", "phone"}, {"ब्लॉग", "blog"},
		{"नाइन", "nine"}, {"अन्ना", "anna"}, {"पप्पू", "pappu"}, {"बीबीसी", "bibisi"},
	}
	for _, p := range pairs {
		if a, b := skeletonDevanagari(p[0]), skeletonLatin(p[1]); a != b {
			t.Errorf("skeleton(%s) = %s, skeleton(%s) = %s", p[0], a, p[1], b)
		}
	}
	// near matches meet through one-deletion variants: शुमैन / Schulman
	in := &interner{ids: map[string]int32{}}
	a := skeletonKeys(in, nil, skeletonDevanagari("शुमैन"), true)
	b := skeletonKeys(in, nil, skeletonLatin("schulman"), true)
	if !shareKey(a, b) {
		t.Errorf("शुमैन and schulman share no key: %s %s", skeletonDevanagari("शुमैन"), skeletonLatin("schulman"))
	}
	if x, y := skeletonKeys(in, nil, skeletonDevanagari("किताब"), true), skeletonKeys(in, nil, skeletonLatin("river"), true); shareKey(x, y) {
		t.Errorf("किताब and river should not match")
	}
}

func TestSpelledAcronym(t *testing.T) {
	for hi, want := range map[string]string{"बीबीसी": "bbc", "आईएजी": "iag", "एफबीआई": "fbi", "यूएस": "us"} {
		if got, ok := spelledAcronym(hi); !ok || got != want {
			t.Errorf("spelledAcronym(%s) = %q, %v; want %q", hi, got, ok, want)
		}
	}
	for _, hi := range []string{"सरकार", "बी", "कंपनी"} {
		if got, ok := spelledAcronym(hi); ok {
			t.Errorf("spelledAcronym(%s) = %q, want no acronym", hi, got)
		}
	}
}

func shareKey(a, b []int32) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func TestNumberTokens(t *testing.T) {
	var got []string
	for _, tk := range tokenize("कुल ५,००० डॉलर, यानी 5,000 या 12.5% और 2004.") {
		if tk.kind == kindNumber {
			got = append(got, tk.text)
		}
	}
	if strings.Join(got, " ") != "5000 5000 12.5 2004" {
		t.Errorf("numbers: %v", got)
	}
}

type mapGlosser map[string]string

func (g mapGlosser) Gloss(_ context.Context, hi []string) ([]string, error) {
	out := make([]string, len(hi))
	for i, s := range hi {
		out[i] = g[s]
	}
	return out, nil
}

// TestGlosser aligns sentences that share no numbers or names, so only the
// glosses tell the pairs apart.
func TestGlosser(t *testing.T) {
	hi := []string{
		"मुझे सुबह की ठंडी हवा पसंद है।",
		"मेरा छोटा भाई रोज़ साइकिल चलाता है।",
		"हमारी रसोई में हमेशा चाय बनती है।",
	}
	en := []string{
		"I like the cool morning breeze.",
		"Tea is always brewing in our kitchen.",
	}
	g := mapGlosser{
		hi[0]: "I like cold wind of morning.",
		hi[1]: "My small brother rides bicycle daily.",
		hi[2]: "In our kitchen tea always is made.",
	}
	got := formatted(t, mustAlign(t, hi, en, Options{Gloss: g, NoBuiltinLexicon: true}))
	if want := "[0]:[0] [1]:[] [2]:[1]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	bad := GlossFunc(func(context.Context, []string) ([]string, error) { return nil, errors.New("offline") })
	if _, err := Align(context.Background(), hi, en, Options{Gloss: bad}); err == nil {
		t.Error("glosser error was not returned")
	}
	short := GlossFunc(func(context.Context, []string) ([]string, error) { return []string{"x"}, nil })
	if _, err := Align(context.Background(), hi, en, Options{Gloss: short}); err == nil {
		t.Error("wrong number of glosses was not reported")
	}
	each := GlossEach(func(s string) string { return g[s] })
	if got := formatted(t, mustAlign(t, hi, en, Options{Gloss: each, NoBuiltinLexicon: true})); got != "[0]:[0] [1]:[] [2]:[1]" {
		t.Errorf("GlossEach: %s", got)
	}
}

func TestLexiconOption(t *testing.T) {
	hi := []string{"कुत्ता भौंकता है।", "बिल्ली सोती है।"}
	en := []string{"The cat sleeps."}
	lex := LexiconFunc(func(w string) []string {
		return map[string][]string{"कुत्ता": {"dog"}, "बिल्ली": {"cat"}, "सोती": {"sleep"}}[w]
	})
	got := formatted(t, mustAlign(t, hi, en, Options{Lexicon: lex, NoBuiltinLexicon: true}))
	if want := "[0]:[] [1]:[0]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestFormatParseIndices(t *testing.T) {
	links := []Link{
		{Hi: []int{0, 1}, En: []int{0}},
		{Hi: []int{2}, En: []int{}},
		{Hi: nil, En: []int{1}},
		{Hi: []int{3}, En: []int{2, 3, 4}},
	}
	var b bytes.Buffer
	if err := FormatIndices(&b, links); err != nil {
		t.Fatal(err)
	}
	want := "[0, 1]:[0]\n[2]:[]\n[]:[1]\n[3]:[2, 3, 4]\n"
	if b.String() != want {
		t.Fatalf("FormatIndices wrote %q, want %q", b.String(), want)
	}
	back, err := ParseIndices(strings.NewReader(b.String() + "\n[4]:[5]:0.75\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 5 || fmt.Sprint(back[0].Hi, back[0].En) != "[0 1] [0]" || back[4].Score != 0.75 || len(back[2].Hi) != 0 {
		t.Errorf("ParseIndices gave %+v", back)
	}
	if _, err := ParseIndices(strings.NewReader("[0]-[1]\n")); err == nil {
		t.Error("malformed line accepted")
	}
}

// TestLongBanded aligns a synthetic document large enough to take the
// banded path and checks that nearly all true links are found.
func TestLongBanded(t *testing.T) {
	hi, en, gold := synthBitext(800, 1)
	if len(hi)*len(en) <= fullLimit {
		t.Fatalf("test document too small for the banded path: %d x %d", len(hi), len(en))
	}
	links := mustAlign(t, hi, en, Options{})
	if f := strictF1(gold, links); f < 0.97 {
		t.Errorf("strict F1 %.3f on synthetic document, want >= 0.97", f)
	}
}

// TestShapes aligns lopsided inputs, including ones large enough for the
// banded path, and checks that every sentence is covered once.
func TestShapes(t *testing.T) {
	hi, en, _ := synthBitext(1200, 5)
	for _, sh := range [][2]int{{1, 1}, {1, 40}, {40, 1}, {3, 1100}, {1100, 3}, {300, 1100}, {1100, 300}, {1000, 1000}} {
		h, e := hi[:min(sh[0], len(hi))], en[:min(sh[1], len(en))]
		links, err := Align(context.Background(), h, e, Options{})
		if err != nil {
			t.Fatalf("%d x %d: %v", len(h), len(e), err)
		}
		checkCover(t, links, len(h), len(e))
	}
}

// TestMissingTail aligns the first part of a document with the whole of its
// translation: the band must follow the anchors and leave the rest of the
// English unaligned rather than stretch the Hindi over it.
func TestMissingTail(t *testing.T) {
	hi, en, gold := synthBitext(1100, 9)
	cut := 300
	pred := map[string]bool{}
	links := mustAlign(t, hi[:cut], en, Options{})
	for _, l := range links {
		pred[fmt.Sprint(l.Hi, l.En)] = true
	}
	found, total := 0, 0
	for _, l := range gold {
		if !l.IsPair() || l.Hi[len(l.Hi)-1] >= cut {
			continue
		}
		total++
		if pred[fmt.Sprint(l.Hi, l.En)] {
			found++
		}
	}
	if found < total*95/100 {
		t.Errorf("found %d of %d pairs of the shared part", found, total)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Align(ctx, testHi, testEn, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
}

// strictF1 scores links against gold the way Vecalign does: precision over
// all predicted links, recall over links with both sides.
func strictF1(gold, pred []Link) float64 {
	key := func(l Link) string { return fmt.Sprint(l.Hi, l.En) }
	g := map[string]bool{}
	for _, l := range gold {
		g[key(l)] = true
	}
	p := map[string]bool{}
	for _, l := range pred {
		p[key(l)] = true
	}
	tp, np := 0, 0
	for _, l := range pred {
		np++
		if g[key(l)] {
			tp++
		}
	}
	rtp, nr := 0, 0
	for _, l := range gold {
		if len(l.Hi) == 0 || len(l.En) == 0 {
			continue
		}
		nr++
		if p[key(l)] {
			rtp++
		}
	}
	prec, rec := float64(tp)/float64(np), float64(rtp)/float64(nr)
	if prec+rec == 0 {
		return 0
	}
	return 2 * prec * rec / (prec + rec)
}

// TestLongDocumentWithFewAnchors aligns a document of several windows
// whose sentences share their numbers with many others (numbers below
// 2,000, so few anchors) and which loses sentences on both sides: the
// path must not drift out of the band as a single length-based guide
// would let it.
func TestLongDocumentWithFewAnchors(t *testing.T) {
	hi, en, gold := synthBitext(60000, 3)
	links, err := Align(context.Background(), hi, en, Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := map[[2]int]bool{}
	for _, l := range links {
		if len(l.Hi) == 1 && len(l.En) == 1 {
			found[[2]int{l.Hi[0], l.En[0]}] = true
		}
	}
	ones, hit := 0, 0
	for _, g := range gold {
		if len(g.Hi) == 1 && len(g.En) == 1 {
			ones++
			if found[[2]int{g.Hi[0], g.En[0]}] {
				hit++
			}
		}
	}
	if r := float64(hit) / float64(ones); r < 0.999 {
		t.Errorf("recall of true 1-1 links %.4f (%d of %d), want at least .999", r, hit, ones)
	}
}
