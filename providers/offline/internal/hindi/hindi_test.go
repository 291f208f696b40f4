package hindi

import (
	"strings"
	"testing"
)

func TestRomanize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"लावरोव", "lavrov"},        // final and medial schwa deleted
		{"दोहराया", "dohraya"},      // VC_CV deletion
		{"कमल", "kamal"},            // medial schwa kept before a final consonant
		{"समझना", "samajhna"},       // schwa kept before a cluster
		{"व्लादिमीर", "vladimir"},   // virama cluster
		{"प्योंगयांग", "pyongyang"}, // anusvara → n
		{"अंबाला", "ambala"},        // anusvara before a labial → m
		{"ज़्यादा", "zyada"},        // nukta letter
		{"फ़ेसबुक", "fesbuk"},
		{"१२३", "123"},
		{"abc", "abc"},
	} {
		if got := Romanize(c.in); got != c.want {
			t.Errorf("Romanize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ज़्यादा", "ज्यादा"},      // nukta dropped
		{"ज\u093C्यादा", "ज्यादा"}, // decomposed nukta too
		{"पढ़ा", "पढ़ा"},           // ड़ / ढ़ keep theirs
		{"चाँद", "चांद"},           // chandrabindu → anusvara
		{"सम्बन्ध", "संबंध"},       // nasal + virama before a stop → anusvara
		{"अन्य", "अन्य"},           // but not before य
		{"के  लिए", "के लिए"},      // spaces collapsed
		{"क्\u200dष", "क्ष"},       // joiners dropped
	} {
		if got := Key(c.in); got != c.want {
			t.Errorf("Key(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSkeletons(t *testing.T) {
	for _, c := range []struct{ hi, en string }{
		{"इंटरनेट", "internet"}, {"मेट्रोपोलिटन", "metropolitan"}, {"एजेंसी", "agency"},
		{"टेक्नोलॉजी", "technology"}, {"फोन", "phone"}, {"क्लब", "club"},
	} {
		sk := Skeleton(c.hi)
		found := false
		for _, e := range EnglishSkeletons(c.en) {
			if e == sk {
				found = true
			}
		}
		if !found {
			t.Errorf("%s %q and %s %v do not meet", c.hi, sk, c.en, EnglishSkeletons(c.en))
		}
	}
	if HasDevanagari("abc") || !HasDevanagari("abc क") {
		t.Error("HasDevanagari")
	}
}

func TestNeedsDecompose(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		_, nk := nuktaBase[r]
		want := nk || r == '\u200C' || r == '\u200D' || r == '\u00AD' || r == 0xFFFD
		if needsDecompose(r) != want {
			t.Errorf("needsDecompose(%U) = %v", r, !want)
		}
	}
}

func TestDecomposeUnchanged(t *testing.T) {
	for _, s := range []string{"", "भारत", "abc", "क़दम", "a\u200Db", "\xffभा", "सॉफ्टवेयर"} {
		var b strings.Builder
		for _, r := range s {
			if base, ok := nuktaBase[r]; ok {
				b.WriteRune(base)
				b.WriteRune(nukta)
				continue
			}
			if r == '\u200C' || r == '\u200D' || r == '\u00AD' {
				continue
			}
			b.WriteRune(r)
		}
		if got := Decompose(s); got != b.String() {
			t.Errorf("Decompose(%q) = %q, want %q", s, got, b.String())
		}
	}
}
