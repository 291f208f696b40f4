package pipeline

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// clusterStarts returns the byte offsets at which s's grapheme clusters
// start, and len(s).
func clusterStarts(s string) map[int]bool {
	starts := map[int]bool{len(s): true}
	pos, state := 0, -1
	rest := s
	for len(rest) > 0 {
		starts[pos] = true
		var c string
		c, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		pos += len(c)
	}
	return starts
}

func TestCutLongAtClusterBoundariesPreferringSpaces(t *testing.T) {
	// Conjuncts and vowel signs: a cut between code points would split
	// "क्ष" or "त्रि".
	words := strings.Repeat("क्षत्रिय राष्ट्रीय ", 400)
	noSpace := strings.Repeat("क्षत्रियराष्ट्रीय", 400)
	for name, s := range map[string]string{"with spaces": words, "without spaces": noSpace} {
		for _, max := range []int{7, 50, 333} {
			cuts := cutLong(s, max)
			if len(cuts) == 0 {
				t.Fatalf("%s, max %d: not cut", name, max)
			}
			starts := clusterStarts(s)
			prev := 0
			for _, c := range append(cuts, len(s)) {
				part := s[prev:c]
				if n := utf8.RuneCountInString(part); n > max || n == 0 {
					t.Fatalf("%s, max %d: part of %d characters", name, max, n)
				}
				if !starts[c] {
					t.Fatalf("%s, max %d: cut at %d inside a grapheme cluster: %q|%q", name, max, c, part, s[c:min(c+12, len(s))])
				}
				if name == "with spaces" && c < len(s) && !strings.HasSuffix(part, " ") && max >= 20 {
					t.Errorf("%s, max %d: part %q does not end after a space", name, max, part)
				}
				prev = c
			}
		}
	}
	if cuts := cutLong("छोटा वाक्य", 100); cuts != nil {
		t.Errorf("a short sentence was cut at %v", cuts)
	}
}

func TestOverlongLineIsAFailureOfItsOwn(t *testing.T) {
	long := strings.Repeat("अ", 5000)
	doc := textDoc("lines.hi", "पहली पंक्ति\n"+long+"\nतीसरी पंक्ति\n")
	var got []Sentence
	err := ReadSentences(t.Context(), []Document{doc}, ReadOptions{Format: Lines, MaxSentence: 1000}, func(s Sentence) error {
		got = append(got, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Text != "पहली पंक्ति" || got[2].Text != "तीसरी पंक्ति" || got[2].Index != 2 {
		t.Fatalf("sentences %+v", got)
	}
	if got[1].Err == nil || got[1].Text != "" || !strings.Contains(got[1].Err.Error(), "lines.hi:2") {
		t.Errorf("the long line gives %+v, want an error naming lines.hi:2", got[1])
	}
}
