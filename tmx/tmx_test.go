package tmx

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"testing"
	"time"
)

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"कोई बदलाव नहीं":   "कोई बदलाव नहीं",
		"a\tb\nc\r\nd":     "a b c  d",
		"x\u2028y\u2029z":  "x y z",
		"nel\u0085here":    "nel here",
		"\u2027 stays":     "\u2027 stays",
		"vertical\vfeed\f": "vertical feed ",
	} {
		if got := OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriterProducesParsableTMX(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, Header{Tool: "anuvad", ToolVersion: "1", SourceLang: "hi", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	if err := w.TU(time.Time{}, []Prop{{Type: "x-doc", Value: "a&b"}}, []Variant{{Lang: "hi", Text: "नमस्ते <दुनिया>"}, {Lang: "en", Text: "hello\nworld"}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if doc.Version != "1.4" || !doc.Header.Created.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) || doc.Header.SourceLang != "hi" || len(doc.Units) != 1 {
		t.Fatalf("parsed %+v", doc)
	}
	u := doc.Units[0]
	if u.Prop("x-doc") != "a&b" || u.Prop("missing") != "" {
		t.Errorf("props = %+v", u.Props)
	}
	if len(u.Variants) != 2 || u.Variants[0] != (Variant{Lang: "hi", Text: "नमस्ते <दुनिया>"}) || u.Variants[1] != (Variant{Lang: "en", Text: "hello world"}) {
		t.Errorf("variants = %+v", u.Variants)
	}
	if _, err := Parse([]byte("<tmx><header segtype=\"block\"/></tmx>")); err == nil {
		t.Error("a header that is not sentence/plaintext was accepted")
	}
}

// The writer's shortcut for text that needs no escaping writes what
// xml.EscapeText writes, for text and attributes alike.
func TestTextAndAttrMatchEscapeText(t *testing.T) {
	for _, s := range []string{
		"", "plain", "उत्तर कोरिया के नेता ने कहा।", "a & b", "<seg>", `"quoted"`, "it's",
		"tab\there", "bell\x07", "del\x7f", "bad \xff byte", "cut \xe0\xa4", "\uFFFD ok",
		"\uFFFE", "\uFFFF", "\uFFFC", "emoji 😀", "line\u2028sep", "x\r\ny",
	} {
		var want bytes.Buffer
		_ = xml.EscapeText(&want, []byte(OneLine(s)))
		var got bytes.Buffer
		w := bufio.NewWriter(&got)
		text(w, s)
		w.Flush()
		if got.String() != want.String() {
			t.Errorf("text(%q) = %q, want %q", s, got.String(), want.String())
		}
		got.Reset()
		attr(w, s)
		w.Flush()
		if got.String() != Attr(s) {
			t.Errorf("attr(%q) = %q, want %q", s, got.String(), Attr(s))
		}
	}
}
