package tmx

import (
	"bytes"
	"encoding/xml"
	"strings"
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
	var doc struct {
		Header struct {
			Created string `xml:"creationdate,attr"`
		} `xml:"header"`
		TUs []struct {
			Prop string   `xml:"prop"`
			Segs []string `xml:"tuv>seg"`
		} `xml:"body>tu"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if doc.Header.Created != "20260102T030405Z" || len(doc.TUs) != 1 || doc.TUs[0].Prop != "a&b" {
		t.Fatalf("parsed %+v", doc)
	}
	if strings.Join(doc.TUs[0].Segs, "|") != "नमस्ते <दुनिया>|hello world" {
		t.Errorf("segments = %q", doc.TUs[0].Segs)
	}
}
