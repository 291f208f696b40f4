package cache

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPruneByProviderModelAndAge(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	old := time.Now().Add(-40 * 24 * time.Hour).UTC()
	var entries []Entry
	for _, pm := range [][2]string{{"openai", "a"}, {"openai", "b"}, {"offline", "g"}} {
		for i, created := range []time.Time{old, {}} {
			k := Key{Provider: pm[0], Model: pm[1], Source: "hi", Target: "en", Text: fmt.Sprintf("वाक्य %s %d", pm[1], i)}
			entries = append(entries, Entry{Key: k, Translation: "x", Created: created})
		}
	}
	if err := s.Put(ctx, entries); err != nil {
		t.Fatal(err)
	}
	left := func() map[string]int64 {
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st.ByProvider
	}
	n, err := s.Prune(ctx, PruneFilter{Provider: "openai", Model: "a", Before: time.Now().Add(-30 * 24 * time.Hour)})
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want 1 (the old openai/a entry)", n, err)
	}
	if got := left(); got["openai/a"] != 1 || got["openai/b"] != 2 || got["offline/g"] != 2 {
		t.Errorf("after pruning old openai/a: %v", got)
	}
	n, err = s.Prune(ctx, PruneFilter{Provider: "openai"})
	if err != nil || n != 3 {
		t.Fatalf("pruned %d, %v; want 3", n, err)
	}
	if got := left(); len(got) != 1 || got["offline/g"] != 2 {
		t.Errorf("after pruning openai: %v", got)
	}
}

func TestVacuumGivesSpaceBack(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	var entries []Entry
	for i := range 3000 {
		k := Key{Provider: "p", Model: "m", Source: "hi", Target: "en", Text: fmt.Sprintf("वाक्य %d %s", i, strings.Repeat("क", 100))}
		entries = append(entries, Entry{Key: k, Translation: strings.Repeat("word ", 40)})
	}
	if err := s.Put(ctx, entries); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Prune(ctx, PruneFilter{Provider: "p"}); err != nil {
		t.Fatal(err)
	}
	before, after, err := s.Vacuum(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before < 500_000 || after*4 > before {
		t.Errorf("vacuum: %d bytes before, %d after; want a quarter or less", before, after)
	}
	if after != s.size() {
		t.Errorf("reported %d bytes after, file has %d", after, s.size())
	}
}

func TestImportKeepsTheProviderOfPairs(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	// Units as anuvad's pairs.tmx writes them: provider and model, no
	// fingerprint.
	const pairs = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="hi"/><body>
<tu><prop type="x-provider">openai</prop><prop type="x-model">gpt-x</prop><tuv xml:lang="hi"><seg>एक</seg></tuv><tuv xml:lang="en"><seg>one</seg></tuv></tu>
<tu><prop type="x-provider">offline</prop><tuv xml:lang="hi"><seg>दो</seg></tuv><tuv xml:lang="en"><seg>two</seg></tuv></tu>
<tu><prop type="x-provider">human</prop><tuv xml:lang="hi"><seg>तीन</seg></tuv><tuv xml:lang="en"><seg>three</seg></tuv></tu>
<tu><prop type="x-provider">retired</prop><tuv xml:lang="hi"><seg>चार</seg></tuv><tuv xml:lang="en"><seg>four</seg></tuv></tu>
<tu><tuv xml:lang="hi"><seg>पाँच</seg></tuv><tuv xml:lang="en"><seg>five</seg></tuv></tu>
</body></tmx>`
	def := Key{Provider: "google", Model: "nmt", Fingerprint: "g", Source: "hi", Target: "en"}
	keyFor := func(provider, model string) (Key, error) {
		switch provider {
		case "openai", "offline":
			if model == "" {
				model = "current"
			}
			return Key{Provider: provider, Model: model, Fingerprint: provider + "-fp", Source: "hi", Target: "en"}, nil
		}
		return Key{}, errors.New("unknown provider")
	}
	rep, err := ImportTMX(ctx, s, strings.NewReader(pairs), "pairs.tmx", def, keyFor)
	if err != nil || rep != (ImportReport{New: 4, Skipped: 1}) {
		t.Fatalf("report %+v, err %v", rep, err)
	}
	want := map[Key]string{
		{Provider: "openai", Model: "gpt-x", Fingerprint: "openai-fp", Source: "hi", Target: "en", Text: "एक"}:     "one",
		{Provider: "offline", Model: "current", Fingerprint: "offline-fp", Source: "hi", Target: "en", Text: "दो"}: "two",
		HumanKey("hi", "en", "तीन"): "three",
		{Provider: "google", Model: "nmt", Fingerprint: "g", Source: "hi", Target: "en", Text: "पाँच"}: "five",
	}
	var keys []Key
	for k := range want {
		keys = append(keys, k)
	}
	got, err := s.Get(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range keys {
		if en := want[k]; got[i].Translation != en {
			t.Errorf("%s/%s %q: got %q, want %q", k.Provider, k.Model, k.Text, got[i].Translation, en)
		}
	}
}

func TestImportRefusesInvalidUTF8WithItsLine(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	def := Key{Provider: "p", Source: "hi", Target: "en"}
	rep, err := ImportTSV(ctx, s, strings.NewReader("एक\tone\nदो\ttw\xffo\nतीन\tthree\n"), "m.tsv", def)
	if err == nil || !strings.Contains(err.Error(), "m.tsv:2: not valid UTF-8") {
		t.Errorf("tsv err = %v", err)
	}
	if rep.New != 1 {
		t.Errorf("tsv report %+v: the line before the bad one is stored", rep)
	}
	tmxDoc := "<tmx><body>\n<tu><tuv xml:lang=\"hi\"><seg>एक</seg></tuv>\n<tuv xml:lang=\"en\"><seg>o\xffne</seg></tuv></tu>\n</body></tmx>"
	_, err = ImportTMX(ctx, s, strings.NewReader(tmxDoc), "m.tmx", def, nil)
	if err == nil || !strings.Contains(err.Error(), "m.tmx:3:") || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("tmx err = %v", err)
	}
}
