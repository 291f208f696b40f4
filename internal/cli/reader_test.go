package cli

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSplitPrintsWhatTranslatePairs reads one folder with split and with
// translate: split prints exactly the Hindi sentences translate pairs, in
// the same order, whatever the spacing, line breaks, paragraphs and
// spellings of the input.
func TestSplitPrintsWhatTranslatePairs(t *testing.T) {
	dir := isolate(t)
	in := filepath.Join(dir, "in")
	for name, text := range map[string]string{
		// Runs of spaces, a line break inside a sentence, a paragraph
		// break, a nukta written two ways and a sentence without a danda.
		"a.txt": "राम  घर गया।   सीता\nबाज़ार आई।\n\nडॉ. शर्मा ने कहा कि 5.5 प्रतिशत वृद्धि हुई\n",
		// Windows line ends, a tab and a question.
		"sub/b.txt": "क्या आप आएंगे?\r\nहाँ,\tमैं आऊँगा।\r\n",
		// Not *.txt: neither command reads it.
		"notes.md": "यह नहीं पढ़ा जाता।\n",
	} {
		path := filepath.Join(in, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	f, out, errOut := testFactory(t)
	if code := Run(context.Background(), f, []string{"split", in}); code != ExitOK {
		t.Fatalf("split: exit %d: %s", code, errOut)
	}
	var split []string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		split = append(split, sc.Text())
	}

	f, _, errOut = testFactory(t)
	outDir := filepath.Join(dir, "out")
	if code := Run(context.Background(), f, []string{"translate", "--quiet", "--no-cache", "--out", outDir, in}); code != ExitOK {
		t.Fatalf("translate: exit %d: %s", code, errOut)
	}
	var paired []string
	for _, p := range readPairs(t, outDir) {
		paired = append(paired, p.Hi)
	}
	if len(split) != 5 || strings.Join(split, "\n") != strings.Join(paired, "\n") {
		t.Errorf("split printed\n%q\ntranslate paired\n%q", split, paired)
	}
	for _, s := range split {
		if strings.Contains(s, "नहीं पढ़ा") {
			t.Errorf("split read a file that is not *.txt: %q", s)
		}
	}
}
