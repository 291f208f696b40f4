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

func TestSkeletonRules(t *testing.T) {
	coarse := SkeletonRules{}
	for _, c := range []struct{ hi, coarse, loan string }{
		{"फोन", "PN", "FN"},        // फ is F only with Fricatives
		{"ज़ूम", "JM", "ZM"},       // so is ज़
		{"ख़बर", "KBR", "GBR"},     // and ख़ is G
		{"हाय", "", "HY"},          // glides dropped without Glides
		{"अमेरिका", "MRK", "_MRK"}, // the vowel start is marked only in Loanword
		{"चाँद", "CD", "CND"},      // candrabindu
		{"चांद", "CND", "CND"},     // anusvara in both
		{"पक्का", "PK", "PK"},      // a geminate with virama is one letter
		{"ककड़ी", "KKR", "KR"},     // a run without vowel signs only with MergeRuns
		{"हड्डी", "D", "HD"},
		{"बड़ा", "BR", "BR"},      // nukta ड is R in both
		{"बड\u093Cा", "BR", "BR"}, // decomposed and
		{"ब\u095Cा", "BR", "BR"},  // precomposed alike
		{"हड्ड़ी", "R", "HDR"},    // a geminate is read as its second half
		{"कर्ड़", "KR", "KR"},     // ड़ after र is one sound
		{"क्\u200Dक", "KK", "K"},  // a joiner parts the geminate unless dropped
	} {
		if got := coarse.Skeleton(c.hi); got != c.coarse {
			t.Errorf("SkeletonRules{}.Skeleton(%q) = %q, want %q", c.hi, got, c.coarse)
		}
		if got := Loanword.Skeleton(c.hi); got != c.loan {
			t.Errorf("Loanword.Skeleton(%q) = %q, want %q", c.hi, got, c.loan)
		}
	}
}

func TestStem(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"लोगों", "लोग"},     // plural oblique
		{"सरकारी", "सरकार"},  // adjective in -ी
		{"बढ़ाएं", "बढ़"},    // subjunctive plural
		{"लड़कियों", "लड़क"}, // the longest ending first
		{"करता", "कर"},       // imperfective participle
		{"की", "की"},         // at least two letters stay
		{"घर", "घर"},         // no ending
	} {
		if got := Stem(c.in); got != c.want {
			t.Errorf("Stem(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStripProposesLemmas(t *testing.T) {
	var got []string
	for stem, e := range Strip("लड़कों") {
		got = append(got, stem+e.Lemma)
		if !e.Plural {
			t.Errorf("the ending %q of लड़कों is not marked plural", e.Suffix)
		}
	}
	want := []string{"लड़क", "लड़का"} // लोगों-like and लड़कों-like nouns
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Strip(लड़कों) proposes %q, want %q", got, want)
	}
	for range Strip("घर") {
		t.Error("Strip(घर) proposed a stem")
	}
}
