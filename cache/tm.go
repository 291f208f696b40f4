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
	"unicode/utf8"

	"github.com/anuvad/anuvad/tmx"
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

// ImportReport counts the units of an import.
type ImportReport struct {
	// New units were not in the store before.
	New int
	// Replaced units overwrote an entry with the same key.
	Replaced int
	// Skipped units were left out: a side missing or empty, or made by a
	// provider the import could not key (see KeyFor).
	Skipped int
}

// Stored is the number of units written to the store.
func (r ImportReport) Stored() int { return r.New + r.Replaced }

// Add returns the sum of two reports.
func (r ImportReport) Add(o ImportReport) ImportReport {
	return ImportReport{New: r.New + o.New, Replaced: r.Replaced + o.Replaced, Skipped: r.Skipped + o.Skipped}
}

// KeyFor returns the key (all fields but Text) under which units made by a
// provider and model are stored, for files that name them, such as the
// pairs.tmx anuvad writes (x-provider and x-model properties). An error
// skips the unit.
type KeyFor func(provider, model string) (Key, error)

// importer stores entries in batches and counts what it did.
type importer struct {
	store  Store
	batch  []Entry
	report ImportReport
}

func (im *importer) add(ctx context.Context, e Entry) error {
	im.batch = append(im.batch, e)
	if len(im.batch) == importBatch {
		return im.flush(ctx)
	}
	return nil
}

// flush stores the batch, counting the keys already present as replaced.
// A key twice in one batch counts once as new and then as replaced.
func (im *importer) flush(ctx context.Context) error {
	if len(im.batch) == 0 {
		return nil
	}
	keys := make([]Key, len(im.batch))
	for i, e := range im.batch {
		keys[i] = e.Key
	}
	found, err := im.store.Get(ctx, keys)
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(keys))
	for i, k := range keys {
		h := k.Hash()
		if found[i].Found() || seen[h] {
			im.report.Replaced++
		} else {
			im.report.New++
		}
		seen[h] = true
	}
	if err := PutNow(ctx, im.store, im.batch); err != nil {
		im.report.New, im.report.Replaced = 0, 0
		return err
	}
	im.batch = im.batch[:0]
	return nil
}

// ImportTSV reads "source<TAB>translation" lines into store under the
// provider, model, fingerprint and languages of defaults. A malformed line
// or one that is not valid UTF-8 is an error naming its number; the lines
// before it are stored, nothing after it.
func ImportTSV(ctx context.Context, store Store, r io.Reader, name string, defaults Key) (ImportReport, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	im := &importer{store: store}
	line := 0
	for sc.Scan() {
		line++
		if !utf8.Valid(sc.Bytes()) {
			return im.stop(ctx, fmt.Errorf("%s:%d: not valid UTF-8", name, line))
		}
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		src, tgt, ok := strings.Cut(sc.Text(), "\t")
		if !ok || strings.Contains(tgt, "\t") {
			return im.stop(ctx, fmt.Errorf("%s:%d: want two tab-separated fields", name, line))
		}
		if strings.TrimSpace(src) == "" || strings.TrimSpace(tgt) == "" {
			im.report.Skipped++
			continue
		}
		k := defaults
		k.Text = src
		if err := im.add(ctx, Entry{Key: k, Translation: tgt}); err != nil {
			return im.report, err
		}
	}
	if err := sc.Err(); err != nil {
		return im.stop(ctx, fmt.Errorf("%s:%d: %w", name, line+1, err))
	}
	err := im.flush(ctx)
	return im.report, err
}

// stop stores what was read before a bad line and returns err.
func (im *importer) stop(ctx context.Context, err error) (ImportReport, error) {
	if ferr := im.flush(ctx); ferr != nil {
		return im.report, ferr
	}
	return im.report, err
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
// defaults.Source and one in defaults.Target. Its key comes from the
// x-anuvad-* properties of a cache export when present; else, for units
// naming their provider (x-provider, x-model: anuvad's pairs.tmx), from
// keyFor (a unit by "human" gets the human key); else from defaults. Text
// that is not valid UTF-8 is an error naming its line.
func ImportTMX(ctx context.Context, store Store, r io.Reader, name string, defaults Key, keyFor KeyFor) (ImportReport, error) {
	dec := xml.NewDecoder(r)
	im := &importer{store: store}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return im.stop(ctx, fmt.Errorf("%s:%d: %w", name, line, err))
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "tu" {
			continue
		}
		line, _ := dec.InputPos()
		var tu tmxTU
		if err := dec.DecodeElement(&tu, &se); err != nil {
			end, _ := dec.InputPos()
			return im.stop(ctx, fmt.Errorf("%s:%d: %w", name, end, err))
		}
		e, ok, err := entryFromTU(tu, defaults, keyFor)
		if err != nil {
			return im.stop(ctx, fmt.Errorf("%s:%d: %w", name, line, err))
		}
		if !ok {
			im.report.Skipped++
			continue
		}
		if err := im.add(ctx, e); err != nil {
			return im.report, err
		}
	}
	err := im.flush(ctx)
	return im.report, err
}

// Properties of the units in anuvad's pairs.tmx naming who translated them.
const (
	propPairProvider = "x-provider"
	propPairModel    = "x-model"
)

func entryFromTU(tu tmxTU, defaults Key, keyFor KeyFor) (Entry, bool, error) {
	k := defaults
	var exported bool
	var pairProvider, pairModel string
	for _, p := range tu.Props {
		switch p.Type {
		case propProvider:
			k.Provider, exported = p.Value, true
		case propModel:
			k.Model = p.Value
		case propFingerprint:
			k.Fingerprint = p.Value
		case propPairProvider:
			pairProvider = p.Value
		case propPairModel:
			pairModel = p.Value
		}
	}
	if !exported && pairProvider != "" {
		switch {
		case pairProvider == HumanProvider:
			k = HumanKey(defaults.Source, defaults.Target, "")
		case keyFor != nil:
			pk, err := keyFor(pairProvider, pairModel)
			if err != nil {
				return Entry{}, false, nil
			}
			k = pk
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
