package output

import (
	"bufio"
	"strconv"
	"strings"
	"time"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/tmx"
)

// tmxWriter writes one <tu> per pair with a <tuv> per language and <prop>s
// for provenance.
type tmxWriter struct {
	w      *tmx.Writer
	source string
	target string
}

func newTMXWriter(w *bufio.Writer, m Meta) *tmxWriter {
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
	return &tmxWriter{
		w:      tmx.NewWriter(w, tmx.Header{Tool: m.Tool, ToolVersion: m.ToolVersion, SourceLang: m.SourceLang}),
		source: m.SourceLang,
		target: m.TargetLang,
	}
}

func (t *tmxWriter) writePair(p corpus.Pair) error {
	props := []tmx.Prop{{Type: "x-document", Value: p.Doc}, {Type: "x-index", Value: strconv.Itoa(p.Index)}}
	if p.ID != "" {
		props = append(props, tmx.Prop{Type: "x-id", Value: p.ID})
	}
	props = append(props, tmx.Prop{Type: "x-provider", Value: p.Provider})
	if p.Model != "" {
		props = append(props, tmx.Prop{Type: "x-model", Value: p.Model})
	}
	if p.Score != nil {
		props = append(props, tmx.Prop{Type: "x-score", Value: strconv.FormatFloat(*p.Score, 'f', 4, 64)})
	}
	if len(p.Flags) > 0 {
		props = append(props, tmx.Prop{Type: "x-flags", Value: strings.Join(p.Flags, ",")})
	}
	if p.Reviewed == corpus.Accepted || p.Reviewed == corpus.Edited {
		props = append(props, tmx.Prop{Type: tmx.PropReviewed, Value: p.Reviewed})
	}
	return t.w.TU(time.Time{}, props, []tmx.Variant{{Lang: t.source, Text: p.Hi}, {Lang: t.target, Text: p.En}})
}

func (t *tmxWriter) filtered() bool { return true }
func (t *tmxWriter) finish() error  { return t.w.Close() }
