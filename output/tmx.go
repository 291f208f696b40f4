package output

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/anuvad/anuvad/corpus"
)

// tmxWriter streams a TMX 1.4b document: one <tu> per pair with a <tuv> per
// language and <prop>s for provenance. The header is written by the
// constructor and the closing tags by finish, so memory stays flat.
type tmxWriter struct {
	w      *bufio.Writer
	source string
	target string
}

func newTMXWriter(w *bufio.Writer, m Meta) (*tmxWriter, error) {
	if m.Tool == "" {
		m.Tool = "anuvad"
	}
	if m.ToolVersion == "" {
		m.ToolVersion = "dev"
	}
	if m.SourceLang == "" {
		m.SourceLang = "hi"
	}
	if m.TargetLang == "" {
		m.TargetLang = "en"
	}
	t := &tmxWriter{w: w, source: m.SourceLang, target: m.TargetLang}
	fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n")
	fmt.Fprintf(w, "  <header creationtool=%s creationtoolversion=%s segtype=\"sentence\" o-tmf=%s adminlang=\"en\" srclang=%s datatype=\"plaintext\" creationdate=\"%s\"/>\n  <body>\n",
		attr(m.Tool), attr(m.ToolVersion), attr(m.Tool), attr(m.SourceLang), time.Now().UTC().Format("20060102T150405Z"))
	return t, w.Flush()
}

func (t *tmxWriter) writePair(p corpus.Pair) error {
	w := t.w
	w.WriteString("    <tu>\n")
	prop(w, "x-document", p.Doc)
	prop(w, "x-index", strconv.Itoa(p.Index))
	if p.ID != "" {
		prop(w, "x-id", p.ID)
	}
	prop(w, "x-provider", p.Provider)
	if p.Model != "" {
		prop(w, "x-model", p.Model)
	}
	if p.Score != nil {
		prop(w, "x-score", strconv.FormatFloat(*p.Score, 'f', 4, 64))
	}
	if len(p.Flags) > 0 {
		prop(w, "x-flags", strings.Join(p.Flags, ","))
	}
	tuv(w, t.source, p.Hi)
	tuv(w, t.target, p.En)
	_, err := w.WriteString("    </tu>\n")
	return err
}

func (t *tmxWriter) filtered() bool { return true }

func (t *tmxWriter) finish() error {
	_, err := t.w.WriteString("  </body>\n</tmx>\n")
	return err
}

func prop(w *bufio.Writer, typ, value string) {
	fmt.Fprintf(w, "      <prop type=%s>", attr(typ))
	text(w, value)
	w.WriteString("</prop>\n")
}

func tuv(w *bufio.Writer, lang, seg string) {
	fmt.Fprintf(w, "      <tuv xml:lang=%s><seg>", attr(lang))
	text(w, seg)
	w.WriteString("</seg></tuv>\n")
}

// text escapes s as XML character data. Characters XML forbids become
// U+FFFD, and line breaks become spaces: a segment is one sentence.
func text(w *bufio.Writer, s string) {
	// xml.EscapeText only fails when the writer does.
	_ = xml.EscapeText(w, []byte(oneLine(s)))
}

func attr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	_ = xml.EscapeText(&b, []byte(s))
	b.WriteByte('"')
	return b.String()
}
