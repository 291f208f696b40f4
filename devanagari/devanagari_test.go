package devanagari

import "testing"

func TestClasses(t *testing.T) {
	for _, c := range []struct {
		r                                rune
		block, letter, word, text, danda bool
	}{
		{'क', true, true, true, true, false},
		{'ा', true, true, true, true, false},
		{'्', true, true, true, true, false},
		{'।', true, false, false, false, true},
		{'॥', true, false, false, false, true},
		{'५', true, false, false, true, false},
		{'॰', true, false, false, true, false},
		{'\u200D', false, false, true, false, false},
		{'a', false, false, false, false, false},
		{'ক', false, false, false, false, false}, // Bengali
	} {
		if InBlock(c.r) != c.block || IsLetter(c.r) != c.letter || IsWordRune(c.r) != c.word || IsText(c.r) != c.text || IsDanda(c.r) != c.danda {
			t.Errorf("%U: InBlock %v IsLetter %v IsWordRune %v IsText %v IsDanda %v", c.r, InBlock(c.r), IsLetter(c.r), IsWordRune(c.r), IsText(c.r), IsDanda(c.r))
		}
	}
	if HasText("Delhi.।") || !HasText("Delhi ५") || !HasText("दिल्ली") {
		t.Error("HasText")
	}
}
