package offline

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/configmap"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/providertest"
)

func newTr(t testing.TB) *Translator {
	t.Helper()
	tr, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestSpec(t *testing.T) {
	s := Spec()
	if s.Name != "offline" || s.New == nil || s.Configured != nil {
		t.Fatalf("bad spec: %+v", s)
	}
	p, err := s.New(context.Background(), configmap.Settings{"keep_devanagari": true}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name() != "offline" || p.Model() == "" {
		t.Fatalf("name %q model %q", p.Name(), p.Model())
	}
	if !strings.Contains(p.Fingerprint(), "keep_devanagari=true") {
		t.Fatalf("fingerprint %q", p.Fingerprint())
	}
	// no_dev_set changes the output, so it changes the cache key; left
	// off, the fingerprint is the one caches were written with before it.
	plain, _ := NewProvider(Options{})
	noDev, _ := NewProvider(Options{NoDevSet: true})
	if plain.Fingerprint() != "keep_devanagari=false;no_reorder=false" || noDev.Fingerprint() == plain.Fingerprint() {
		t.Fatalf("fingerprints %q and %q", plain.Fingerprint(), noDev.Fingerprint())
	}
}

func TestBatchOrderAndIDs(t *testing.T) {
	p, err := NewProvider(Options{})
	if err != nil {
		t.Fatal(err)
	}
	segs := []providers.Segment{
		{ID: "b", Text: "रूस"},
		{ID: "a", Text: ""},
		{ID: "c", Text: "   "},
		{ID: "d", Text: "Hello, world"},
		{ID: "e", Text: "उत्तर कोरिया में"},
		{ID: "f", Text: "२०२४ में"},
	}
	res, err := p.Translate(context.Background(), providers.Request{Source: "hi", Target: "en", Segments: segs})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != len(segs) {
		t.Fatalf("%d results for %d segments", len(res), len(segs))
	}
	want := []string{"Russia", "", "", "Hello, world", "In North Korea", "In 2024"}
	for i, r := range res {
		if r.ID != segs[i].ID || r.Err != nil || r.Provider != "offline" {
			t.Errorf("result %d: %+v", i, r)
		}
		if r.Text != want[i] {
			t.Errorf("segment %s: got %q, want %q", r.ID, r.Text, want[i])
		}
	}
}

func TestLanguagePair(t *testing.T) {
	p, _ := NewProvider(Options{})
	_, err := p.Translate(context.Background(), providers.Request{Source: "en", Target: "de", Segments: []providers.Segment{{ID: "1", Text: "x"}}})
	if !providers.IsPermanent(err) || !strings.Contains(err.Error(), "en→de") {
		t.Fatalf("want a permanent error naming the pair, got %v", err)
	}
	if _, err := p.Translate(context.Background(), providers.Request{Source: "hi-IN", Target: "en-GB"}); err != nil {
		t.Fatalf("hi-IN→en-GB: %v", err)
	}
}

func TestCancellation(t *testing.T) {
	p, _ := NewProvider(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.Translate(ctx, providers.Request{Source: "hi", Target: "en", Segments: []providers.Segment{{ID: "1", Text: "रूस"}}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
}

func TestNoDevanagariLeft(t *testing.T) {
	tr := newTr(t)
	inputs := []string{"क़ख़ग़ज़ड़ढ़फ़", "ॐ", "।", "ँ", "अ़", "श्री राम॥", "डॉ॰ शर्मा", "ऽ"}
	for r := rune(0x0900); r <= 0x097F; r++ {
		inputs = append(inputs, string(r), "क"+string(r), string(r)+" है")
	}
	for _, s := range inputs {
		out := tr.Gloss(s)
		if out == "" {
			t.Errorf("%q: empty output", s)
		}
		for _, r := range out {
			if r >= 0x0900 && r <= 0x097F {
				t.Errorf("%q: Devanagari left in %q", s, out)
			}
		}
	}
}

func TestConformance(t *testing.T) {
	providertest.Run(t, providertest.Options{
		New: func(t *testing.T) providers.Provider {
			p, err := NewProvider(Options{})
			if err != nil {
				t.Fatal(err)
			}
			return p
		},
	})
}
