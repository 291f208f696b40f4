// Package tmx streams TMX 1.4b documents: a header, one <tu> at a time, and
// the closing tags, so memory stays flat however large the memory is.
package tmx

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Header holds the attributes of <header>.
type Header struct {
	Tool        string
	ToolVersion string
	SourceLang  string // "*all*" when entries have mixed sources
	Created     time.Time
}

// PropReviewed is the property marking a unit a person has checked: its
// value is "accepted" or "edited".
const PropReviewed = "x-reviewed"

// Prop is a <prop type="Type">Value</prop>.
type Prop struct{ Type, Value string }

// Variant is a <tuv xml:lang="Lang"><seg>Text</seg></tuv>.
type Variant struct{ Lang, Text string }

// Writer writes one TMX document.
type Writer struct {
	w *bufio.Writer
}

// NewWriter writes the XML declaration, <tmx> and the header to w.
func NewWriter(w io.Writer, h Header) *Writer {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriter(w)
	}
	if h.Created.IsZero() {
		h.Created = time.Now()
	}
	fmt.Fprintf(bw, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n")
	fmt.Fprintf(bw, "  <header creationtool=%s creationtoolversion=%s segtype=\"sentence\" o-tmf=%s adminlang=\"en\" srclang=%s datatype=\"plaintext\" creationdate=%s/>\n  <body>\n",
		Attr(h.Tool), Attr(h.ToolVersion), Attr(h.Tool), Attr(h.SourceLang), Attr(Date(h.Created)))
	return &Writer{w: bw}
}

// Date formats t as TMX wants it (ISO 8601 basic, UTC).
func Date(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// TU writes one translation unit. created may be zero.
func (w *Writer) TU(created time.Time, props []Prop, variants []Variant) error {
	if created.IsZero() {
		w.w.WriteString("    <tu>\n")
	} else {
		w.w.WriteString("    <tu creationdate=")
		attr(w.w, Date(created))
		w.w.WriteString(">\n")
	}
	for _, p := range props {
		w.w.WriteString("      <prop type=")
		attr(w.w, p.Type)
		w.w.WriteString(">")
		text(w.w, p.Value)
		w.w.WriteString("</prop>\n")
	}
	for _, v := range variants {
		w.w.WriteString("      <tuv xml:lang=")
		attr(w.w, v.Lang)
		w.w.WriteString("><seg>")
		text(w.w, v.Text)
		w.w.WriteString("</seg></tuv>\n")
	}
	_, err := w.w.WriteString("    </tu>\n")
	return err
}

// Close writes the closing tags and flushes.
func (w *Writer) Close() error {
	w.w.WriteString("  </body>\n</tmx>\n")
	return w.w.Flush()
}

// text escapes s as character data on one line. Characters XML forbids
// become U+FFFD.
func text(w *bufio.Writer, s string) {
	s = OneLine(s)
	if plain(s) {
		w.WriteString(s)
		return
	}
	// EscapeText fails only when the writer does, which Close reports.
	_ = xml.EscapeText(w, []byte(s))
}

// attr writes s escaped and quoted as an XML attribute value.
func attr(w *bufio.Writer, s string) {
	w.WriteByte('"')
	if plain(s) {
		w.WriteString(s)
	} else {
		_ = xml.EscapeText(w, []byte(s))
	}
	w.WriteByte('"')
}

// plain reports whether xml.EscapeText would write s unchanged: valid
// UTF-8 without markup characters, controls, U+FFFE or U+FFFF.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '&', c == '<', c == '>', c == '"', c == '\'':
			return false
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xBE:
			return false
		}
	}
	return utf8.ValidString(s)
}

// Attr returns s escaped and quoted as an XML attribute value.
func Attr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	_ = xml.EscapeText(&b, []byte(s))
	b.WriteByte('"')
	return b.String()
}

// OneLine replaces tabs and line breaks by spaces: a segment is one
// sentence, and TSV and Moses lines must not break.
func OneLine(s string) string {
	if !hasBreak(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
			return ' '
		}
		return r
	}, s)
}

// hasBreak reports whether s holds a character OneLine replaces. It looks at
// bytes: the ASCII controls, and the lead bytes of NEL (C2 85) and of the
// line and paragraph separators (E2 80 A8, E2 80 A9).
func hasBreak(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '\t' && c <= '\r':
			return true
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0x85:
			return true
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
			return true
		}
	}
	return false
}

// Unit is one translation unit as read back by Parse.
type Unit struct {
	Props    []Prop
	Variants []Variant
}

// Prop returns the value of the unit's first property of type typ.
func (u Unit) Prop(typ string) string {
	for _, p := range u.Props {
		if p.Type == typ {
			return p.Value
		}
	}
	return ""
}

// Document is a TMX document as read back by Parse.
type Document struct {
	Version string
	Header  Header
	Units   []Unit
}

// Parse reads a whole TMX document: the header attributes this package
// writes, and each unit's properties and variants (segment text only).
func Parse(data []byte) (Document, error) {
	var raw struct {
		Version string `xml:"version,attr"`
		Header  struct {
			Tool        string `xml:"creationtool,attr"`
			ToolVersion string `xml:"creationtoolversion,attr"`
			SourceLang  string `xml:"srclang,attr"`
			SegType     string `xml:"segtype,attr"`
			DataType    string `xml:"datatype,attr"`
			Created     string `xml:"creationdate,attr"`
		} `xml:"header"`
		TUs []struct {
			Props []struct {
				Type  string `xml:"type,attr"`
				Value string `xml:",chardata"`
			} `xml:"prop"`
			TUVs []struct {
				Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
				Seg  string `xml:"seg"`
			} `xml:"tuv"`
		} `xml:"body>tu"`
	}
	if err := xml.Unmarshal(data, &raw); err != nil {
		return Document{}, fmt.Errorf("tmx: %w", err)
	}
	if raw.Header.SegType != "sentence" || raw.Header.DataType != "plaintext" {
		return Document{}, fmt.Errorf("tmx: header segtype %q datatype %q, want sentence and plaintext", raw.Header.SegType, raw.Header.DataType)
	}
	doc := Document{Version: raw.Version, Header: Header{Tool: raw.Header.Tool, ToolVersion: raw.Header.ToolVersion, SourceLang: raw.Header.SourceLang}}
	if t, err := time.Parse("20060102T150405Z", raw.Header.Created); err == nil {
		doc.Header.Created = t
	}
	for _, tu := range raw.TUs {
		var u Unit
		for _, p := range tu.Props {
			u.Props = append(u.Props, Prop{Type: p.Type, Value: p.Value})
		}
		for _, v := range tu.TUVs {
			u.Variants = append(u.Variants, Variant{Lang: v.Lang, Text: v.Seg})
		}
		doc.Units = append(doc.Units, u)
	}
	return doc, nil
}
