package normalize

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ascii untouched", "plain text\n", "plain text\n"},
		{"bom removed", "\ufeffनमस्ते", "नमस्ते"},
		{"crlf and cr", "एक\r\nदो\rतीन", "एक\nदो\nतीन"},
		{"zero width joiners removed", "मल्\u200dलों क्\u200cष", "मल्लों क्ष"},
		{"control characters removed", "a\x00b\x07c\x1bd", "abcd"},
		{"tabs and nbsp to space", "क\tख\u00a0ग", "क ख ग"},
		{"line separator", "a\u2028b", "a\nb"},
		{"nfc composes", "\u0915\u093c", norm.NFC.String("\u0915\u093c")},
		{"soft hyphen", "inter\u00adnet", "internet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSentence(t *testing.T) {
	if got := Sentence("  राम \n\t घर   गया।  "); got != "राम घर गया।" {
		t.Errorf("Sentence = %q", got)
	}
}

func TestFirstInvalid(t *testing.T) {
	tests := []struct {
		in   []byte
		want int
	}{
		{[]byte("ठीक है"), -1},
		{[]byte("ab\xffcd"), 2},
		{append([]byte("राम"), 0xe0, 0xa4), 9},
		{[]byte{}, -1},
	}
	for _, tt := range tests {
		if got := FirstInvalid(tt.in); got != tt.want {
			t.Errorf("FirstInvalid(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestSpaces(t *testing.T) {
	for in, want := range map[string]string{
		"एक दो":     "एक दो",
		" एक दो":    "एक दो",
		"एक  दो":    "एक दो",
		"एक\nदो ":   "एक दो",
		"":          "",
		"   ":       "",
		"क ख ग घ ङ": "क ख ग घ ङ",
	} {
		if got := Spaces(in); got != want {
			t.Errorf("Spaces(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextKeepsNormalDevanagari(t *testing.T) {
	s := "उत्तर कोरिया के नेता किम जोंग-उन ने कहा।"
	if got := Text(s); got != s {
		t.Errorf("Text changed clean text: %q", got)
	}
}

// The Devanagari fast path answers as NFC does for every string of up to
// three runes of the block, spaces and letters among them.
func TestCleanDevanagariAgreesWithNFC(t *testing.T) {
	runes := []rune{' ', 'a', '\n', '.'}
	for r := rune(0x0900); r < 0x0980; r++ {
		runes = append(runes, r)
	}
	check := func(s string) {
		if isCleanDevanagari(s) && (!norm.NFC.IsNormalString(s) || needsCleaning(s)) {
			t.Fatalf("isCleanDevanagari(%q) = true, but NFC or cleaning changes it", s)
		}
	}
	for _, a := range runes {
		for _, b := range runes {
			for _, c := range runes {
				check(string([]rune{a, b, c}))
			}
		}
	}
	for _, s := range []string{"क़िला", "ज़्यादा", "क\u0958"} {
		check(s)
	}
	if s := "उत्तर कोरिया के नेता किम जोंग-उन ने 2024 में कहा।\nदूसरी पंक्ति"; !isCleanDevanagari(s) {
		t.Errorf("isCleanDevanagari(%q) = false, want true", s)
	}
	if s := "बड\u093cा फ\u093cैसला"; !isCleanDevanagari(s) {
		t.Errorf("isCleanDevanagari(%q) = false, want true: these nuktas compose with nothing", s)
	}
	if isCleanDevanagari("न\u093c") {
		t.Error("a nukta after its consonant composes, yet the text was called clean")
	}
	if isCleanDevanagari("क\u094d\u093c") {
		t.Error("a nukta after a virama is reordered, yet the text was called clean")
	}
}

func BenchmarkText(b *testing.B) {
	s := "उत्तर कोरिया के नेता किम जोंग-उन ने कहा कि 2024 में देश की अर्थव्यवस्था तेज़ी से बढ़ी।"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if Text(s) != s {
			b.Fatal("changed")
		}
	}
}
