package cli

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/klauspost/compress/zstd"
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

// TestInputsCompressedAndUTF16 reads one text stored five ways in a
// folder: plain, gzip, zstd and UTF-16 with either byte order mark. Each
// gives the same sentences; --include chooses other files.
func TestInputsCompressedAndUTF16(t *testing.T) {
	dir := isolate(t)
	text := "राम घर गया। सीता बाज़ार आई।\n\nक्या आप आएंगे?\n"
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(text))
	zw.Close()
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	zst := enc.EncodeAll([]byte(text), nil)
	enc.Close()
	asUTF16 := func(order binary.AppendByteOrder, bom []byte) []byte {
		out := slices.Clone(bom)
		for _, u := range utf16.Encode([]rune(text)) {
			out = order.AppendUint16(out, u)
		}
		return out
	}
	files := map[string][]byte{
		"a.txt":      []byte(text),
		"b.txt.gz":   gz.Bytes(),
		"c.txt.zst":  zst,
		"d.txt":      asUTF16(binary.LittleEndian, []byte{0xff, 0xfe}),
		"e.txt":      asUTF16(binary.BigEndian, []byte{0xfe, 0xff}),
		"notes.text": []byte("यह अलग है।\n"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(in, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	split := func(args ...string) []string {
		t.Helper()
		f, out, errOut := testFactory(t)
		if code := Run(context.Background(), f, append([]string{"split"}, args...)); code != ExitOK {
			t.Fatalf("split %v: exit %d: %s", args, code, errOut)
		}
		return strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	}
	one := []string{"राम घर गया।", "सीता बाज़ार आई।", "क्या आप आएंगे?"}
	var want []string
	for range 5 {
		want = append(want, one...)
	}
	if got := split(in); !slices.Equal(got, want) {
		t.Errorf("split of the folder =\n%q\nwant the three sentences five times", got)
	}
	if got := split("--include", "*.text", in); !slices.Equal(got, []string{"यह अलग है।"}) {
		t.Errorf("--include *.text = %q", got)
	}
	if got := split("--include", "c.*", in); !slices.Equal(got, one) {
		t.Errorf("--include c.* = %q, want the zstd file", got)
	}
	f, _, errOut := testFactory(t)
	if code := Run(context.Background(), f, []string{"split", "--include", "[", in}); code != ExitUsage {
		t.Errorf("a bad glob: exit %d, want %d: %s", code, ExitUsage, errOut)
	}
}

// TestUTF16WithoutBOMRefusedByName checks that UTF-16 without a byte
// order mark is refused with a message that says so, and the other
// documents are still read.
func TestUTF16WithoutBOMRefusedByName(t *testing.T) {
	dir := isolate(t)
	var le []byte
	for _, u := range utf16.Encode([]rune("राम घर गया। सीता आई।\n")) {
		le = binary.LittleEndian.AppendUint16(le, u)
	}
	writeFile(t, filepath.Join(dir, "in", "a.txt"), "ठीक है।\n")
	if err := os.WriteFile(filepath.Join(dir, "in", "b.txt"), le, 0o644); err != nil {
		t.Fatal(err)
	}
	f, out, errOut := testFactory(t)
	code := Run(context.Background(), f, []string{"split", filepath.Join(dir, "in")})
	if code != ExitPartial {
		t.Errorf("exit %d, want %d", code, ExitPartial)
	}
	if !strings.Contains(errOut.String(), "b.txt: looks like UTF-16 without a byte order mark") || strings.Contains(errOut.String(), "invalid UTF-8") {
		t.Errorf("stderr:\n%s", errOut)
	}
	if out.String() != "ठीक है।\n" {
		t.Errorf("stdout = %q, want the other document's sentence", out)
	}
}
