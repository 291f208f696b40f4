package cache

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/anuvad/anuvad/internal/tmx"
)

// The cache is a translation memory: it exports to and imports from TMX 1.4b
// and TSV. TMX keeps each entry's provider, model, fingerprint and date in
// <prop>s, so an export imported again restores the same keys. TSV holds
// only source and translation; its entries take their key from Defaults.

// TMX property names carrying an entry's key.
const (
	propProvider    = "x-anuvad-provider"
	propModel       = "x-anuvad-model"
	propFingerprint = "x-anuvad-fingerprint"
)

// importBatch is the number of entries stored per transaction on import.
const importBatch = 1000

// ExportTMX writes every entry of store as a TMX 1.4b document.
func ExportTMX(ctx context.Context, store Store, w io.Writer, toolVersion string) (int, error) {
	tw := tmx.NewWriter(w, tmx.Header{Tool: "anuvad", ToolVersion: toolVersion, SourceLang: "*all*"})
	n := 0
	err := store.Each(ctx, func(e Entry) error {
		n++
		props := []tmx.Prop{{Type: propProvider, Value: e.Key.Provider}, {Type: propModel, Value: e.Key.Model}, {Type: propFingerprint, Value: e.Key.Fingerprint}}
		if e.Key.Provider == HumanProvider {
			props = append(props, tmx.Prop{Type: tmx.PropReviewed, Value: "edited"})
		}
		return tw.TU(e.Created, props, []tmx.Variant{{Lang: e.Key.Source, Text: e.Key.Text}, {Lang: e.Key.Target, Text: e.Translation}})
	})
	if err != nil {
		return n, err
	}
	return n, tw.Close()
}

// ExportTSV writes "source<TAB>translation" lines.
func ExportTSV(ctx context.Context, store Store, w io.Writer) (int, error) {
	bw := bufio.NewWriter(w)
	n := 0
	err := store.Each(ctx, func(e Entry) error {
		n++
		bw.WriteString(tmx.OneLine(e.Key.Text))
		bw.WriteByte('\t')
		bw.WriteString(tmx.OneLine(e.Translation))
		return bw.WriteByte('\n')
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// ImportTSV reads "source<TAB>translation" lines into store under the
// provider, model, fingerprint and languages of defaults. A malformed line
// is an error naming its number; nothing after it is stored.
func ImportTSV(ctx context.Context, store Store, r io.Reader, name string, defaults Key) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var batch []Entry
	n, line := 0, 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		src, tgt, ok := strings.Cut(sc.Text(), "\t")
		if !ok || strings.Contains(tgt, "\t") {
			return n, fmt.Errorf("%s:%d: want two tab-separated fields", name, line)
		}
		k := defaults
		k.Text = src
		batch = append(batch, Entry{Key: k, Translation: tgt})
		if len(batch) == importBatch {
			if err := store.Put(ctx, batch); err != nil {
				return n, err
			}
			n += len(batch)
			batch = batch[:0]
		}
	}
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	if err := store.Put(ctx, batch); err != nil {
		return n, err
	}
	return n + len(batch), nil
}

type tmxTU struct {
	Created string    `xml:"creationdate,attr"`
	Props   []tmxProp `xml:"prop"`
	TUVs    []struct {
		Lang  string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Lang1 string `xml:"lang,attr"`
		Seg   tmxSeg `xml:"seg"`
	} `xml:"tuv"`
}

type tmxProp struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

// tmxSeg collects a segment's text, including text inside inline markup.
type tmxSeg struct {
	Text string `xml:",innerxml"`
}

// ImportTMX reads a TMX document into store. Each <tu> needs a variant in
// defaults.Source and one in defaults.Target; its key fields come from the
// x-anuvad-* properties when present, else from defaults.
func ImportTMX(ctx context.Context, store Store, r io.Reader, name string, defaults Key) (int, error) {
	dec := xml.NewDecoder(r)
	var batch []Entry
	n := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return n, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "tu" {
			continue
		}
		line, _ := dec.InputPos()
		var tu tmxTU
		if err := dec.DecodeElement(&tu, &se); err != nil {
			return n, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		e, ok, err := entryFromTU(tu, defaults)
		if err != nil {
			return n, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if !ok {
			continue
		}
		batch = append(batch, e)
		if len(batch) == importBatch {
			if err := store.Put(ctx, batch); err != nil {
				return n, err
			}
			n += len(batch)
			batch = batch[:0]
		}
	}
	if err := store.Put(ctx, batch); err != nil {
		return n, err
	}
	return n + len(batch), nil
}

func entryFromTU(tu tmxTU, defaults Key) (Entry, bool, error) {
	k := defaults
	for _, p := range tu.Props {
		switch p.Type {
		case propProvider:
			k.Provider = p.Value
		case propModel:
			k.Model = p.Value
		case propFingerprint:
			k.Fingerprint = p.Value
		}
	}
	var src, tgt string
	var haveSrc, haveTgt bool
	for _, v := range tu.TUVs {
		lang := v.Lang
		if lang == "" {
			lang = v.Lang1
		}
		text, err := segText(v.Seg.Text)
		if err != nil {
			return Entry{}, false, err
		}
		switch {
		case langMatches(lang, defaults.Source) && !haveSrc:
			src, haveSrc = text, true
		case langMatches(lang, defaults.Target) && !haveTgt:
			tgt, haveTgt = text, true
		}
	}
	if !haveSrc || !haveTgt || strings.TrimSpace(src) == "" || strings.TrimSpace(tgt) == "" {
		return Entry{}, false, nil
	}
	k.Text = src
	e := Entry{Key: k, Translation: tgt}
	if t, err := time.Parse("20060102T150405Z", tu.Created); err == nil {
		e.Created = t
	}
	return e, true, nil
}

// segText returns the character data of a <seg>'s inner XML, dropping
// inline markup tags (bpt, ept, ph...) and their content.
func segText(inner string) (string, error) {
	dec := xml.NewDecoder(strings.NewReader("<s>" + inner + "</s>"))
	var b strings.Builder
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 1 {
				b.Write(t)
			}
		}
	}
}

// langMatches compares language tags by their primary subtag ("hi-IN"
// matches "hi").
func langMatches(tag, want string) bool {
	primary := func(s string) string {
		s, _, _ = strings.Cut(strings.ToLower(s), "-")
		s, _, _ = strings.Cut(s, "_")
		return s
	}
	return primary(tag) == primary(want)
}
