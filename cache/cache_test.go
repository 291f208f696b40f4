package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/providertest"
	"github.com/anuvad/anuvad/tmx"
)

func openTemp(t *testing.T) *SQLite {
	t.Helper()
	s, err := OpenSQLite(filepath.Join(t.TempDir(), "sub", "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestKeyHashSeparatesFields(t *testing.T) {
	a := Key{Provider: "ab", Model: "c", Text: "x"}
	b := Key{Provider: "a", Model: "bc", Text: "x"}
	if a.Hash() == b.Hash() {
		t.Error("keys differing only in field boundaries share a hash")
	}
	if a.Hash() != (Key{Provider: "ab", Model: "c", Text: "x"}).Hash() {
		t.Error("hash is not stable")
	}
}

func TestPutGetEach(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	var entries []Entry
	var keys []Key
	for i := range 1200 { // more than one lookup chunk
		k := Key{Provider: "p", Model: "m", Source: "hi", Target: "en", Text: fmt.Sprintf("वाक्य %d", i)}
		keys = append(keys, k)
		entries = append(entries, Entry{Key: k, Translation: fmt.Sprintf("sentence %d", i)})
	}
	if err := s.Put(ctx, entries); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, append(keys, Key{Provider: "p", Text: "absent"}))
	if err != nil {
		t.Fatal(err)
	}
	if n := countFound(got); n != 1200 || len(got) != 1201 || got[1200].Found() {
		t.Fatalf("found %d entries of %d answers, want 1200 of 1201, the last missing", n, len(got))
	}
	if e := got[7]; e.Translation != "sentence 7" || e.Key.Text != "वाक्य 7" {
		t.Errorf("entry 7 = %+v", e)
	}
	seen := map[string]bool{}
	err = s.Each(ctx, func(e Entry) error {
		if e.Translation != "sentence "+strings.TrimPrefix(e.Key.Text, "वाक्य ") {
			return fmt.Errorf("entry %q has translation %q", e.Key.Text, e.Translation)
		}
		seen[e.Key.Text] = true
		return nil
	})
	if err != nil || len(seen) != 1200 {
		t.Fatalf("each: %d distinct entries, err=%v", len(seen), err)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Entries != 1200 || st.ByProvider["p/m"] != 1200 || st.Bytes == 0 {
		t.Errorf("stats = %+v, %v", st, err)
	}
}

func TestReopenKeepsEntries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	k := Key{Provider: "p", Text: "घर"}
	if err := s.Put(context.Background(), []Entry{{Key: k, Translation: "house"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, _ := s2.Get(context.Background(), []Key{k})
	if got[0].Translation != "house" {
		t.Errorf("after reopen: %+v", got)
	}
}

func TestConcurrentWritersShareFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := OpenSQLite(path) // one handle each, as two processes would
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			for i := range 50 {
				k := Key{Provider: "p", Text: fmt.Sprintf("%d-%d", w, i)}
				if err := s.Put(context.Background(), []Entry{{Key: k, Translation: "t"}}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	s := openTempAt(t, path)
	st, _ := s.Stats(context.Background())
	if st.Entries != 200 {
		t.Errorf("entries = %d, want 200", st.Entries)
	}
}

func openTempAt(t *testing.T, path string) *SQLite {
	s, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// echo is a provider that prefixes texts and fails those equal to "bad".
type echo struct {
	name  string
	calls atomic.Int64
	sent  atomic.Int64
}

func (e *echo) Name() string             { return e.name }
func (e *echo) Model() string            { return "v1" }
func (e *echo) Fingerprint() string      { return "fp" }
func (e *echo) Limits() providers.Limits { return providers.Limits{} }
func (e *echo) Translate(_ context.Context, req providers.Request) ([]providers.Result, error) {
	e.calls.Add(1)
	e.sent.Add(int64(len(req.Segments)))
	out := make([]providers.Result, len(req.Segments))
	for i, s := range req.Segments {
		out[i] = providers.Result{ID: s.ID, Text: "en:" + s.Text}
		switch s.Text {
		case "bad":
			out[i] = providers.Result{ID: s.ID, Err: errors.New("nope")}
		case "blank":
			out[i].Text = ""
		}
	}
	return out, nil
}

func req(texts ...string) providers.Request {
	r := providers.Request{Source: "hi", Target: "en"}
	for i, t := range texts {
		r.Segments = append(r.Segments, providers.Segment{ID: fmt.Sprint(i), Text: t})
	}
	return r
}

func TestDecoratorStoresOnlyValidated(t *testing.T) {
	ctx := context.Background()
	inner := &echo{name: "echo"}
	c := Wrap(inner, openTemp(t))
	res, err := c.Translate(ctx, req("एक", "bad", "दो", "blank"))
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Text != "en:एक" || res[1].Err == nil || res[2].Text != "en:दो" || res[0].Cached {
		t.Fatalf("first pass = %+v", res)
	}
	res, err = c.Translate(ctx, req("दो", "bad", "एक", "blank"))
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Cached || !res[2].Cached || res[1].Cached || res[3].Cached {
		t.Errorf("second pass cached flags = %+v", res)
	}
	if res[0].Text != "en:दो" || res[0].ID != "0" || res[2].ID != "2" {
		t.Errorf("second pass misordered: %+v", res)
	}
	if inner.sent.Load() != 6 {
		t.Errorf("inner saw %d segments, want 6 (4, then bad and blank again)", inner.sent.Load())
	}
	found, err := c.Lookup(ctx, req("एक", "bad"))
	hits := providertest.Answered(found)
	if err != nil || len(hits) != 1 || hits["0"].Text != "en:एक" {
		t.Errorf("lookup = %+v, %v", hits, err)
	}
}

func TestDecoratorKeysByProvider(t *testing.T) {
	ctx := context.Background()
	store := openTemp(t)
	a, b := &echo{name: "a"}, &echo{name: "b"}
	if _, err := Wrap(a, store).Translate(ctx, req("घर")); err != nil {
		t.Fatal(err)
	}
	found, _ := Wrap(b, store).Lookup(ctx, req("घर"))
	hits := providertest.Answered(found)
	if len(hits) != 0 {
		t.Error("provider b served provider a's translation")
	}
}

func TestTMXExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openTemp(t)
	entries := []Entry{
		{Key: Key{Provider: "openai", Model: "m", Fingerprint: "f1", Source: "hi", Target: "en", Text: "राम & श्याम <मित्र>"}, Translation: "Ram & Shyam <friends>"},
		{Key: Key{Provider: "offline", Model: "g1", Source: "hi", Target: "en", Text: "घर"}, Translation: "house"},
	}
	if err := src.Put(ctx, entries); err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	n, err := ExportTMX(ctx, src, &buf, "test")
	if err != nil || n != 2 {
		t.Fatalf("export n=%d err=%v", n, err)
	}
	dst := openTemp(t)
	rep, err := ImportTMX(ctx, dst, strings.NewReader(buf.String()), "x.tmx", Key{Source: "hi", Target: "en", Provider: "ignored"}, nil)
	if err != nil || rep != (ImportReport{New: 2}) {
		t.Fatalf("import %+v err=%v\n%s", rep, err, buf.String())
	}
	rep, err = ImportTMX(ctx, dst, strings.NewReader(buf.String()), "x.tmx", Key{Source: "hi", Target: "en", Provider: "ignored"}, nil)
	if err != nil || rep != (ImportReport{Replaced: 2}) {
		t.Fatalf("second import %+v err=%v", rep, err)
	}
	got, _ := dst.Get(ctx, []Key{entries[0].Key, entries[1].Key})
	if got[0].Translation != "Ram & Shyam <friends>" || got[1].Translation != "house" {
		t.Errorf("after round trip: %+v", got)
	}
}

func TestImportForeignTMXAndTSV(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	const foreign = `<?xml version="1.0"?><tmx version="1.4"><header srclang="hi-IN"/><body>
<tu><tuv xml:lang="hi-IN"><seg>नमस्ते <ph>x</ph>दुनिया</seg></tuv><tuv xml:lang="en-GB"><seg>hello world</seg></tuv></tu>
<tu><tuv xml:lang="hi"><seg>केवल हिंदी</seg></tuv></tu>
</body></tmx>`
	def := Key{Provider: "tm", Model: "human", Source: "hi", Target: "en"}
	rep, err := ImportTMX(ctx, s, strings.NewReader(foreign), "f.tmx", def, nil)
	if err != nil || rep != (ImportReport{New: 1, Skipped: 1}) {
		t.Fatalf("report %+v err=%v", rep, err)
	}
	k := def
	k.Text = "नमस्ते दुनिया"
	got, _ := s.Get(ctx, []Key{k})
	if got[0].Translation != "hello world" {
		t.Errorf("inline markup not dropped: %+v", got)
	}
	rep, err = ImportTSV(ctx, s, strings.NewReader("एक\tone\n\nदो\ttwo\nतीन\t \n"), "f.tsv", def)
	if err != nil || rep != (ImportReport{New: 2, Skipped: 1}) {
		t.Fatalf("tsv %+v err=%v", rep, err)
	}
	_, err = ImportTSV(ctx, s, strings.NewReader("ok\tfine\nbroken line\n"), "bad.tsv", def)
	if err == nil || !strings.Contains(err.Error(), "bad.tsv:2") {
		t.Errorf("bad tsv err = %v", err)
	}
	_, err = ImportTMX(ctx, s, strings.NewReader("<tmx><body><tu>"), "cut.tmx", def, nil)
	if err == nil || !strings.Contains(err.Error(), "cut.tmx") {
		t.Errorf("truncated tmx err = %v", err)
	}
}

// countingStore counts the keys asked of a store.
type countingStore struct {
	Store
	asked atomic.Int64
}

func (c *countingStore) Get(ctx context.Context, keys []Key) ([]Entry, error) {
	c.asked.Add(int64(len(keys)))
	return c.Store.Get(ctx, keys)
}

func TestTranslateAfterLookupAsksStoreOnce(t *testing.T) {
	ctx := context.Background()
	store := &countingStore{Store: openTemp(t)}
	c := Wrap(&echo{name: "echo"}, store)
	r := req("एक", "दो")
	if found, err := c.Lookup(ctx, r); err != nil || len(providertest.Answered(found)) != 0 {
		t.Fatalf("lookup = %v, %v", found, err)
	}
	if _, err := c.Translate(ctx, r); err != nil {
		t.Fatal(err)
	}
	// Each sentence costs two keys: the provider's and the human one.
	if n := store.asked.Load(); n != 4 {
		t.Errorf("store asked for %d keys, want 4 (the lookup only)", n)
	}
	// Without a preceding lookup, Translate asks the store itself.
	res, err := c.Translate(ctx, req("एक", "तीन"))
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Cached || res[1].Cached || store.asked.Load() != 8 {
		t.Errorf("results %+v, keys asked %d", res, store.asked.Load())
	}
}

func TestHumanTranslationTakesPrecedence(t *testing.T) {
	ctx := context.Background()
	store := openTemp(t)
	inner := &echo{name: "echo"}
	c := Wrap(inner, store)
	if _, err := c.Translate(ctx, req("एक", "दो")); err != nil {
		t.Fatal(err)
	}
	human := Entry{Key: HumanKey("hi", "en", "एक"), Translation: "one, as a person wrote it"}
	if err := store.Put(ctx, []Entry{human}); err != nil {
		t.Fatal(err)
	}
	// Through Lookup, before batching.
	found, err := c.Lookup(ctx, req("एक", "दो"))
	hits := providertest.Answered(found)
	if err != nil {
		t.Fatal(err)
	}
	if h := hits["0"]; h.Text != human.Translation || h.Provider != HumanProvider || h.Model != "" || !h.Cached {
		t.Errorf("lookup of an edited sentence = %+v, want the human translation", h)
	}
	if h := hits["1"]; h.Text != "en:दो" || h.Provider != "echo" {
		t.Errorf("lookup of an unedited sentence = %+v", h)
	}
	// Through Translate, for a sentence the provider never saw and one
	// it did: neither reaches the provider.
	if err := store.Put(ctx, []Entry{{Key: HumanKey("hi", "en", "तीन"), Translation: "three"}}); err != nil {
		t.Fatal(err)
	}
	before := inner.sent.Load()
	res, err := Wrap(inner, store).Translate(ctx, req("तीन", "एक"))
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Text != "three" || res[0].Provider != HumanProvider || res[1].Text != human.Translation {
		t.Errorf("translate = %+v, want the human translations", res)
	}
	if inner.sent.Load() != before {
		t.Errorf("provider called for sentences a person translated")
	}
	// Another provider's cache layer honours it too: the rule is not tied
	// to a provider.
	found, _ = Wrap(&echo{name: "other"}, store).Lookup(ctx, req("एक"))
	hits = providertest.Answered(found)
	if hits["0"].Text != human.Translation {
		t.Errorf("other provider's lookup = %+v", hits)
	}
	// A human translation of another language pair does not apply.
	found, _ = c.Lookup(ctx, providers.Request{Source: "hi", Target: "fr", Segments: []providers.Segment{{ID: "0", Text: "एक"}}})
	hits = providertest.Answered(found)
	if len(hits) != 0 {
		t.Errorf("hi→fr lookup used the hi→en human translation: %+v", hits)
	}
}

func TestExportMarksHumanTranslations(t *testing.T) {
	ctx := context.Background()
	store := openTemp(t)
	err := store.Put(ctx, []Entry{
		{Key: HumanKey("hi", "en", "एक"), Translation: "one"},
		{Key: Key{Provider: "offline", Model: "g1", Source: "hi", Target: "en", Text: "दो"}, Translation: "two"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	if _, err := ExportTMX(ctx, store, &buf, "test"); err != nil {
		t.Fatal(err)
	}
	doc, err := tmx.Parse([]byte(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	marks := map[string]string{}
	for _, u := range doc.Units {
		marks[u.Variants[0].Text] = u.Prop(propProvider) + "/" + u.Prop(tmx.PropReviewed)
	}
	if marks["एक"] != "human/edited" || marks["दो"] != "offline/" {
		t.Errorf("export marks = %v, want the human entry marked x-reviewed", marks)
	}
	// The mark survives an import: the entry is still a human translation.
	dst := openTemp(t)
	if _, err := ImportTMX(ctx, dst, strings.NewReader(buf.String()), "x.tmx", Key{Provider: "ignored", Source: "hi", Target: "en"}, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := dst.Get(ctx, []Key{HumanKey("hi", "en", "एक")})
	if countFound(got) != 1 {
		t.Errorf("human entry lost on import: %v", got)
	}
}

// TestOpenConvertsVersion1 opens a file in the first layout (clustered on
// the key hash) as earlier releases wrote it: its entries are kept, in
// their order, and new ones are added to the new layout.
func TestOpenConvertsVersion1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	old := Key{Provider: "p", Model: "m", Source: "hi", Target: "en", Text: "पुराना वाक्य"}
	_, err = db.Exec(`CREATE TABLE entries (
	key BLOB PRIMARY KEY, provider TEXT NOT NULL, model TEXT NOT NULL, fingerprint TEXT NOT NULL,
	source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, source TEXT NOT NULL,
	translation TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
PRAGMA user_version = 1;`)
	if err == nil {
		sum := old.sum()
		_, err = db.Exec(`INSERT INTO entries VALUES (?, 'p', 'm', '', 'hi', 'en', ?, 'old sentence', 1000)`, sum[:], old.Text)
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s := openTempAt(t, path)
	fresh := Key{Provider: "p", Model: "m", Source: "hi", Target: "en", Text: "नया वाक्य"}
	if err := s.Put(ctx, []Entry{{Key: fresh, Translation: "new sentence"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, []Key{old, fresh})
	if err != nil || got[0].Translation != "old sentence" || got[1].Translation != "new sentence" {
		t.Fatalf("after conversion: %+v, %v", got, err)
	}
	var version int
	var ddl string
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow("SELECT sql FROM sqlite_master WHERE name = 'entries'").Scan(&ddl); err != nil {
		t.Fatal(err)
	}
	if version != 7 || strings.Contains(ddl, "WITHOUT ROWID") || strings.Contains(ddl, "NOT NULL") || strings.Contains(ddl, "UNIQUE") || !strings.Contains(ddl, "hash") {
		t.Errorf("user_version %d, table %s", version, ddl)
	}
	var texts []string
	if err := s.Each(ctx, func(e Entry) error { texts = append(texts, e.Key.Text); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(texts, []string{old.Text, fresh.Text}) {
		t.Errorf("entries %q", texts)
	}
}

// TestOpenConvertsVersion4 opens a file of the layout before contexts,
// with entries of two providers and a human translation: all are answered,
// exported and counted as before, and new entries join them.
func TestOpenConvertsVersion4(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v4.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`CREATE TABLE entries (
	id INTEGER PRIMARY KEY, key BLOB NOT NULL UNIQUE, provider TEXT NOT NULL, model TEXT NOT NULL,
	fingerprint TEXT NOT NULL, source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, source TEXT NOT NULL,
	translation TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX entries_human ON entries (key) WHERE provider = 'human';
PRAGMA user_version = 4;`)
	if err != nil {
		t.Fatal(err)
	}
	old := []Entry{
		{Key: Key{Provider: "offline", Model: "rules", Fingerprint: "f1", Source: "hi", Target: "en", Text: "घर"}, Translation: "house"},
		{Key: Key{Provider: "openai", Model: "gpt", Fingerprint: "f2", Source: "hi", Target: "en", Text: "घर"}, Translation: "home"},
		{Key: HumanKey("hi", "en", "घर"), Translation: "the house"},
	}
	for i, e := range old {
		k, sum := e.Key, e.Key.sum()
		if _, err := db.Exec(`INSERT INTO entries (key, provider, model, fingerprint, source_lang, target_lang, source, translation, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, sum[:], k.Provider, k.Model, k.Fingerprint, k.Source, k.Target, k.Text, e.Translation, 1000+i); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s := openTempAt(t, path)
	keys := []Key{old[0].Key, old[1].Key, old[2].Key}
	got, err := s.Get(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range got {
		if !e.Found() || e.Translation != old[i].Translation || e.Created.Unix() != int64(1000+i) {
			t.Errorf("converted entry %d = %+v, want %q", i, e, old[i].Translation)
		}
	}
	if human, err := s.HasHuman(ctx); err != nil || !human {
		t.Errorf("HasHuman after conversion = %v, %v", human, err)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Entries != 3 || st.ByProvider["offline/rules"] != 1 || st.ByProvider["openai/gpt"] != 1 || st.ByProvider["human/"] != 1 {
		t.Errorf("stats after conversion = %+v, %v", st, err)
	}
	var back []Entry
	if err := s.Each(ctx, func(e Entry) error { back = append(back, e); return nil }); err != nil {
		t.Fatal(err)
	}
	for i := range back {
		back[i].Created = old[i].Created
	}
	if !slices.Equal(back, old) {
		t.Errorf("exported after conversion:\n%+v\nwant\n%+v", back, old)
	}
	var leftover int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name IN ('entries_old', 'entries_human')`).Scan(&leftover); err != nil || leftover != 0 {
		t.Errorf("old table or index left behind: %d, %v", leftover, err)
	}
}

// TestOpenConvertsVersions5And6 opens files of versions 5 and 6, whose
// entries were found through a unique index on their key: the entries are
// answered, exported and counted as before from the new layout, the page
// size is kept, and new entries join them.
func TestOpenConvertsVersions5And6(t *testing.T) {
	for version, notNull := range map[int]string{5: " NOT NULL", 6: ""} {
		t.Run(fmt.Sprint(version), func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "old.db")
			db, err := sql.Open("sqlite", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.Exec(strings.ReplaceAll(`CREATE TABLE contexts (
	id INTEGER PRIMARY KEY, provider TEXT NOT NULL, model TEXT NOT NULL, fingerprint TEXT NOT NULL,
	source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, UNIQUE (provider, model, fingerprint, source_lang, target_lang));
CREATE TABLE entries (id INTEGER PRIMARY KEY, key INTEGER NN UNIQUE, hash BLOB NN, context INTEGER NN,
	source TEXT NN, translation TEXT NN, created_at INTEGER NN);
CREATE VIEW translations AS SELECT c.provider, c.model, c.fingerprint, c.source_lang, c.target_lang,
	e.source, e.translation, e.created_at FROM entries e JOIN contexts c ON c.id = e.context;
INSERT INTO contexts (provider, model, fingerprint, source_lang, target_lang) VALUES ('offline', 'rules', 'f', 'hi', 'en');`, " NN", notNull) +
				fmt.Sprintf("PRAGMA user_version = %d;", version))
			if err != nil {
				t.Fatal(err)
			}
			old := Key{Provider: "offline", Model: "rules", Fingerprint: "f", Source: "hi", Target: "en", Text: "घर"}
			sum := old.sum()
			if _, err := db.Exec(`INSERT INTO entries (key, hash, context, source, translation, created_at) VALUES (?, ?, 1, 'घर', 'house', 1000)`, rowKey(sum), sum[:]); err != nil {
				t.Fatal(err)
			}
			db.Close()
			s := openTempAt(t, path)
			var got7, pageSize int
			var ddl string
			if err := s.db.QueryRow("PRAGMA user_version").Scan(&got7); err != nil {
				t.Fatal(err)
			}
			if err := s.db.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
				t.Fatal(err)
			}
			if err := s.db.QueryRow("SELECT sql FROM sqlite_master WHERE name = 'entries'").Scan(&ddl); err != nil {
				t.Fatal(err)
			}
			if got7 != 7 || strings.Contains(ddl, "NOT NULL") || strings.Contains(ddl, "UNIQUE") || pageSize != 4096 {
				t.Errorf("user_version %d, page size %d, table %s", got7, pageSize, ddl)
			}
			fresh := old
			fresh.Text = "नया घर"
			if err := PutNow(ctx, s, []Entry{{Key: fresh, Translation: "new house"}}); err != nil {
				t.Fatal(err)
			}
			got, err := s.Get(ctx, []Key{old, fresh})
			if err != nil || got[0].Translation != "house" || got[0].Created.Unix() != 1000 || got[1].Translation != "new house" {
				t.Fatalf("after the conversion: %+v, %v", got, err)
			}
			var viewed int
			if err := s.db.QueryRow("SELECT COUNT(*) FROM translations").Scan(&viewed); err != nil || viewed != 2 {
				t.Errorf("the view shows %d entries, %v; want 2", viewed, err)
			}
			if st, err := s.Stats(ctx); err != nil || st.Entries != 2 {
				t.Errorf("stats = %+v, %v", st, err)
			}
			if err := check(s.db); err != nil {
				t.Errorf("integrity check: %v", err)
			}
			s.Close()
			again := openTempAt(t, path) // a second open changes nothing more
			if got, err := again.Get(ctx, []Key{old, fresh}); err != nil || got[0].Translation != "house" || got[1].Translation != "new house" {
				t.Errorf("reopened: %+v, %v", got, err)
			}
		})
	}
}

// rowCount is the number of rows of table in the file of s.
func rowCount(t *testing.T, s *SQLite, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// translationsOf looks up key(0) to key(n-1) in s and returns their
// translations, "" for those not found.
func translationsOf(t *testing.T, s *SQLite, key func(int) Key, n int) []string {
	t.Helper()
	keys := make([]Key, n)
	for i := range keys {
		keys[i] = key(i)
	}
	got, err := s.Get(context.Background(), keys)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, n)
	for i, e := range got {
		out[i] = e.Translation
	}
	return out
}

// TestKeysMergeAndStoredAgain stores entries, some of them again with
// another translation, across merges of recent_keys into entry_keys: every
// key answers its latest translation, each is stored once, and pruning
// leaves no key without its entry.
func TestKeysMergeAndStoredAgain(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	s := openTempAt(t, path)
	s.mergeAt = func(int64) int64 { return 50 }
	s.mergeParts = func(int64) uint64 { return 7 } // each merge in parts
	key := func(i int) Key {
		return Key{Provider: "p", Source: "hi", Target: "en", Text: fmt.Sprintf("वाक्य %d", i)}
	}
	want := map[int]string{}
	put := func(from, to int, tag string) {
		t.Helper()
		var batch []Entry
		for i := from; i < to; i++ {
			batch = append(batch, Entry{Key: key(i), Translation: fmt.Sprintf("%s %d", tag, i)})
			want[i] = fmt.Sprintf("%s %d", tag, i)
		}
		if err := PutNow(ctx, s, batch); err != nil {
			t.Fatal(err)
		}
	}
	count := func(table string) int { t.Helper(); return rowCount(t, s, table) }
	put(0, 40, "first")  // recent: 40
	put(40, 80, "first") // recent: 80, merged
	if count("recent_keys") != 0 || count("entry_keys") != 80 {
		t.Fatalf("after the first merge: %d recent keys, %d merged; want 0 and 80", count("recent_keys"), count("entry_keys"))
	}
	put(20, 60, "second") // stored again: 20 to 39 merged, 40 to 59 merged too
	put(70, 75, "third")
	// The same key twice in one commit: the later one stays.
	if err := PutNow(ctx, s, []Entry{{Key: key(1), Translation: "early"}, {Key: key(1), Translation: "late"}}); err != nil {
		t.Fatal(err)
	}
	want[1] = "late"
	// check looks up the first n keys, and counts and exports the entries.
	check := func(n int, when string) {
		t.Helper()
		for i, got := range translationsOf(t, s, key, n) {
			if got != want[i] {
				t.Errorf("%s: key %d = %q, want %q", when, i, got, want[i])
			}
		}
		if st, err := s.Stats(ctx); err != nil || st.Entries != int64(n) {
			t.Errorf("%s: stats = %+v, %v; want %d entries", when, st, err, n)
		}
		var exported int
		if err := s.Each(ctx, func(Entry) error { exported++; return nil }); err != nil || exported != n {
			t.Errorf("%s: %d entries exported, %v; want %d", when, exported, err, n)
		}
	}
	check(80, "before the second merge")
	put(80, 100, "first") // recent grows past 50: merged
	for i := 80; i < 100; i++ {
		want[i] = fmt.Sprintf("first %d", i)
	}
	if count("recent_keys") != 0 {
		t.Errorf("%d keys left in recent_keys after the second merge", count("recent_keys"))
	}
	check(100, "after the second merge")
	keys := make([]Key, 100)
	for i := range keys {
		keys[i] = key(i)
	}
	other := openTempAt(t, path) // another handle reads the same
	if got, err := other.Get(ctx, keys); err != nil || got[1].Translation != "late" || got[30].Translation != "second 30" || got[99].Translation != "first 99" {
		t.Errorf("another handle: %v", err)
	}
	n, err := s.Prune(ctx, PruneFilter{Before: time.Now().Add(time.Hour)})
	if err != nil || n != 100 {
		t.Fatalf("pruned %d, %v; want 100", n, err)
	}
	if count("recent_keys")+count("entry_keys") != 0 {
		t.Errorf("keys left after pruning every entry: %d recent, %d merged", count("recent_keys"), count("entry_keys"))
	}
}

// TestNewFileHasLargePages checks the page size of a new cache file, and the
// page caches of its connections.
func TestNewFileHasLargePages(t *testing.T) {
	s := openTemp(t)
	var pageSize int
	var mode string
	if err := s.db.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if pageSize != PageSize || mode != "wal" {
		t.Errorf("page size %d, journal mode %s; want %d, wal", pageSize, mode, PageSize)
	}
	for _, c := range []struct {
		name string
		db   *sql.DB
		want int
	}{{"lookups", s.db, -readerCacheKiB}, {"writer", s.wdb, -writerCacheKiB}} {
		var size int
		if err := c.db.QueryRow("PRAGMA cache_size").Scan(&size); err != nil {
			t.Fatal(err)
		}
		if size != c.want {
			t.Errorf("page cache of the %s: %d; want %d", c.name, size, c.want)
		}
	}
}

// TestMergeStoppedHalfway: a merge that committed some of its parts and
// stopped (a killed process) leaves every key in one of the two tables: a
// new handle finds them all, and its next merge moves the rest.
func TestMergeStoppedHalfway(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	s.mergeAt = func(int64) int64 { return 1 << 30 } // never
	key := func(i int) Key {
		return Key{Provider: "p", Source: "hi", Target: "en", Text: fmt.Sprintf("पंक्ति %d", i)}
	}
	var batch []Entry
	for i := range 300 {
		batch = append(batch, Entry{Key: key(i), Translation: fmt.Sprint(i)})
	}
	if err := PutNow(ctx, s, batch); err != nil {
		t.Fatal(err)
	}
	// The first of three parts, and no more.
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := mergePart(ctx, conn, 0, 3); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	check := func(s *SQLite, when string) {
		t.Helper()
		for i, got := range translationsOf(t, s, key, 300) {
			if got != fmt.Sprint(i) {
				t.Fatalf("%s: key %d = %q", when, i, got)
			}
		}
	}
	s = openTempAt(t, path)
	if merged, recent := rowCount(t, s, "entry_keys"), rowCount(t, s, "recent_keys"); merged == 0 || recent == 0 || merged+recent != 300 {
		t.Fatalf("after a third of a merge: %d keys merged, %d recent; want some of each, 300 in all", merged, recent)
	}
	check(s, "after a third of a merge")
	s.mergeAt = func(int64) int64 { return 1 }
	s.mergeParts = func(int64) uint64 { return 3 }
	if err := PutNow(ctx, s, []Entry{{Key: key(0), Translation: "0"}}); err != nil {
		t.Fatal(err)
	}
	if merged, recent := rowCount(t, s, "entry_keys"), rowCount(t, s, "recent_keys"); merged != 300 || recent != 0 {
		t.Errorf("after the next merge: %d keys merged, %d recent; want 300 and 0", merged, recent)
	}
	check(s, "after the next merge")
}

// TestMergeInPartsKeepsTheLogSmall merges 150,000 keys into an empty
// entry_keys (some 300 pages of log) with the log copied into the file every 8
// pages: in 8 parts the write-ahead log never holds more than a part and a
// checkpoint's worth of pages, while in one part it must hold them all.
func TestMergeInPartsKeepsTheLogSmall(t *testing.T) {
	ctx := context.Background()
	logPages := func(parts uint64) int64 {
		t.Helper()
		path := filepath.Join(t.TempDir(), "c.db")
		s := openTempAt(t, path)
		s.mergeAt = func(int64) int64 { return 1 << 30 } // never on its own
		var batch []Entry
		for i := range 150_000 {
			batch = append(batch, Entry{Key: Key{Provider: "p", Source: "hi", Target: "en", Text: fmt.Sprintf("वाक्य %d", i)}, Translation: "t"})
		}
		if err := PutNow(ctx, s, batch); err != nil {
			t.Fatal(err)
		}
		conn, err := s.wdb.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 8"); err != nil {
			t.Fatal(err)
		}
		if err := merge(ctx, conn, parts); err != nil {
			t.Fatal(err)
		}
		if n := rowCount(t, s, "entry_keys"); n != 150_000 {
			t.Fatalf("%d keys merged, want 150000", n)
		}
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size() / (PageSize + 24) // a frame is a page and its header
	}
	whole, inParts := logPages(1), logPages(8)
	if whole < 100 {
		t.Fatalf("a merge in one transaction left a log of %d pages; the test expects the whole table, over 100", whole)
	}
	if inParts > whole/3 {
		t.Errorf("a merge in 8 parts left a log of %d pages, against %d in one", inParts, whole)
	}
}

// TestMergeRangesCoverEveryKeyOnce: the parts of a merge are ranges of
// keys that follow one another, from the smallest key to the largest.
func TestMergeRangesCoverEveryKeyOnce(t *testing.T) {
	for _, parts := range []uint64{1, 2, 3, 7, 10} {
		var next int64 = math.MinInt64
		for i := range parts {
			from, to := mergeRange(i, parts)
			if from != next || to < from {
				t.Fatalf("%d parts: part %d is [%d, %d], want it to start at %d", parts, i, from, to, next)
			}
			next = to + 1
		}
		if _, last := mergeRange(parts-1, parts); last != math.MaxInt64 {
			t.Errorf("%d parts end at %d, not at the largest key", parts, last)
		}
	}
	if mergeParts(1000) != 1 || mergeParts(1<<20) != 1 || mergeParts(1<<20+1) != 2 || mergeParts(10_000_000) != 10 {
		t.Errorf("parts for 1000, 2^20, 2^20+1 and 10^7 entries: %d, %d, %d, %d", mergeParts(1000), mergeParts(1<<20), mergeParts(1<<20+1), mergeParts(10_000_000))
	}
}

// TestOwnFilterNeverMissesAKey adds keys past the capacity of the first two
// filters: every one is found, few others are, and the third filter, the
// last, keeps the memory within its bound.
func TestOwnFilterNeverMissesAKey(t *testing.T) {
	var f ownFilter
	hash := func(i int) uint64 { // splitmix64
		z := uint64(i) + 0x9e3779b97f4a7c15
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		return z ^ z>>31
	}
	const added = 3_000_000
	for i := range added {
		f.add(hash(i))
	}
	if len(f.filters) != 3 || f.room != -1 || f.bits > ownMaxBits {
		t.Errorf("%d keys make %d filters of %d bits (room %d), want 3 of %d bits at most, the last taking every key", added, len(f.filters), f.bits, f.room, ownMaxBits)
	}
	for i := range added {
		if !f.has(hash(i)) {
			t.Fatalf("key %d was added and is not found", i)
		}
	}
	const others = 200_000
	wrong := 0
	for i := added; i < added+others; i++ {
		if f.has(hash(i)) {
			wrong++
		}
	}
	// Two full filters answer yes for about 1% of other keys each, the
	// third for far fewer.
	if rate := float64(wrong) / others; rate > 2.5*ownFalseRate {
		t.Errorf("%.2f%% of keys never added are found", 100*rate)
	}
}

// TestSharedRowKeyNeverAnswersAnotherKey stores, under the integer an
// entry is found by, a row whose whole hash is another key's (two keys
// whose hashes start with the same eight bytes): it is not taken for the
// key asked, and storing that key replaces it.
func TestSharedRowKeyNeverAnswersAnotherKey(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	asked := Key{Provider: "p", Source: "hi", Target: "en", Text: "घर"}
	other := Key{Provider: "p", Source: "hi", Target: "en", Text: "मकान"}
	if err := PutNow(ctx, s, []Entry{{Key: other, Translation: "building"}}); err != nil {
		t.Fatal(err)
	}
	askedSum, otherSum := asked.sum(), other.sum()
	if _, err := s.wdb.Exec(`UPDATE recent_keys SET key = ?1 WHERE id = (SELECT id FROM entries WHERE hash = ?2);
		UPDATE entries SET key = ?1 WHERE hash = ?2`, rowKey(askedSum), otherSum[:]); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, []Key{asked})
	if err != nil || got[0].Found() {
		t.Fatalf("another key's entry answered: %+v, %v", got, err)
	}
	if err := PutNow(ctx, s, []Entry{{Key: asked, Translation: "house"}}); err != nil {
		t.Fatal(err)
	}
	got, err = s.Get(ctx, []Key{asked, other})
	if err != nil || got[0].Translation != "house" || got[1].Found() {
		t.Fatalf("after storing the asked key: %+v, %v", got, err)
	}
}

// TestContextAddedByAnotherHandle: a handle that found no entry of a
// context sees the entries another handle (process) stores under it later.
func TestContextAddedByAnotherHandle(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	a, b := openTempAt(t, path), openTempAt(t, path)
	k := Key{Provider: "p", Model: "new", Source: "hi", Target: "en", Text: "घर"}
	if got, err := a.Get(ctx, []Key{k}); err != nil || got[0].Found() {
		t.Fatalf("empty file answered %+v, %v", got, err)
	}
	if err := PutNow(ctx, b, []Entry{{Key: k, Translation: "house"}}); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Get(ctx, []Key{k}); err != nil || got[0].Translation != "house" {
		t.Fatalf("entry of a context another handle added: %+v, %v", got, err)
	}
}

// TestFreshContextFindsOwnEntries: in a context the file held nothing of
// when the handle first looked, the handle's own entries are found once
// committed, those queued before that first look included.
func TestFreshContextFindsOwnEntries(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	early := Key{Provider: "p", Model: "m", Source: "hi", Target: "en", Text: "पहले"}
	if err := s.Put(ctx, []Entry{{Key: early, Translation: "first"}}); err != nil {
		t.Fatal(err)
	}
	absent := Key{Provider: "p", Model: "m", Source: "hi", Target: "en", Text: "कभी नहीं"}
	if got, err := s.Get(ctx, []Key{absent, early}); err != nil || got[0].Found() || got[1].Translation != "first" {
		t.Fatalf("first look: %+v, %v", got, err)
	}
	var later []Entry
	var keys []Key
	for i := range 3000 {
		k := Key{Provider: "p", Model: "m", Source: "hi", Target: "en", Text: fmt.Sprintf("वाक्य %d", i)}
		keys = append(keys, k)
		later = append(later, Entry{Key: k, Translation: fmt.Sprintf("sentence %d", i)})
	}
	if err := PutNow(ctx, s, later); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, append(keys, early, absent))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range got[:len(keys)] {
		if e.Translation != later[i].Translation {
			t.Fatalf("own committed entry %d = %+v", i, e)
		}
	}
	if got[len(keys)].Translation != "first" || got[len(keys)+1].Found() {
		t.Errorf("entry queued before the first look, absent key: %+v", got[len(keys):])
	}
}

// TestFreshContextSkipsTheIndex shows that keys of a fresh context this
// handle never stored are not searched for: a row changed behind its back
// to hold such a key (no new entry id, so it looks like nothing another
// connection stored) is not seen, until a new entry of another connection
// makes the handle search for every key again.
func TestFreshContextSkipsTheIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	s := openTempAt(t, path)
	mine := Key{Provider: "p", Source: "hi", Target: "en", Text: "मेरा"}
	hidden := Key{Provider: "p", Source: "hi", Target: "en", Text: "छिपा"}
	if got, err := s.Get(ctx, []Key{mine}); err != nil || got[0].Found() {
		t.Fatalf("empty file: %+v, %v", got, err)
	}
	if err := PutNow(ctx, s, []Entry{{Key: mine, Translation: "mine"}}); err != nil {
		t.Fatal(err)
	}
	sum := hidden.sum()
	if _, err := s.wdb.Exec(`UPDATE entries SET key = ?1, hash = ?2, translation = 'hidden'; UPDATE recent_keys SET key = ?1`, rowKey(sum), sum[:]); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, []Key{hidden}); err != nil || got[0].Found() {
		t.Fatalf("a key this handle never stored was searched for: %+v, %v", got, err)
	}
	other := openTempAt(t, path)
	if err := PutNow(ctx, other, []Entry{{Key: Key{Provider: "p", Source: "hi", Target: "en", Text: "दूसरा"}, Translation: "other"}}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, []Key{hidden}); err != nil || got[0].Translation != "hidden" {
		t.Fatalf("after another connection stored an entry: %+v, %v", got, err)
	}
}

// TestPutIsVisibleAndDurableAfterFlush: a queued entry is answered at once
// by the same store, and by another handle (another process) once Flush
// returns.
func TestPutIsVisibleAndDurableAfterFlush(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	a, b := openTempAt(t, path), openTempAt(t, path)
	k := Key{Provider: "p", Text: "घर"}
	if err := a.Put(ctx, []Entry{{Key: k, Translation: "house"}}); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Get(ctx, []Key{k}); err != nil || got[0].Translation != "house" {
		t.Fatalf("queued entry not answered: %+v, %v", got, err)
	}
	if err := a.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := b.Get(ctx, []Key{k}); err != nil || got[0].Translation != "house" {
		t.Fatalf("other handle after Flush: %+v, %v", got, err)
	}
}

// TestKilledProcessLosesNothingCommitted kills a process that stores
// entries (SIGKILL, no Close): every entry committed before the kill is in
// the file afterwards.
func TestKilledProcessLosesNothingCommitted(t *testing.T) {
	const n = 5000
	if path := os.Getenv("ANUVAD_CACHE_KILL_CHILD"); path != "" {
		ctx := context.Background()
		s, err := OpenSQLite(path)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if err := s.Put(ctx, []Entry{{Key: Key{Provider: "p", Text: fmt.Sprint(i)}, Translation: "t"}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		// Queued after the last commit: may be lost.
		s.Put(ctx, []Entry{{Key: Key{Provider: "p", Text: "late"}, Translation: "t"}})
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
	path := filepath.Join(t.TempDir(), "killed.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledProcessLosesNothingCommitted$")
	cmd.Env = append(os.Environ(), "ANUVAD_CACHE_KILL_CHILD="+path)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed: %v\n%s", err, out)
	}
	s := openTempAt(t, path)
	keys := make([]Key, n)
	for i := range keys {
		keys[i] = Key{Provider: "p", Text: fmt.Sprint(i)}
	}
	got, err := s.Get(context.Background(), keys)
	if err != nil || len(got) != n {
		t.Fatalf("after kill: %d of %d committed entries, %v", len(got), n, err)
	}
}

// TestJobChangeCommitsQueuedEntries: translations Put before a batch job
// record changes are durable before the change is.
func TestJobChangeCommitsQueuedEntries(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "jobs.db")
	a, b := openTempAt(t, path), openTempAt(t, path)
	k := Key{Provider: "openai", Text: "संग्रह"}
	if err := a.Put(ctx, []Entry{{Key: k, Translation: "collection"}}); err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteJob(ctx, "batch_collected"); err != nil {
		t.Fatal(err)
	}
	if got, err := b.Get(ctx, []Key{k}); err != nil || countFound(got) != 1 {
		t.Fatalf("entry queued before the job change is not committed: %v, %v", got, err)
	}
}

// humanCountingStore is a countingStore that tells whether it holds human
// translations, as SQLite does.
type humanCountingStore struct {
	countingStore
	sqlite *SQLite
}

func (h *humanCountingStore) HasHuman(ctx context.Context) (bool, error) {
	return h.sqlite.HasHuman(ctx)
}

// A store without human translations is asked for each sentence's own key
// only; once another handle (another process) commits one, lookups ask for
// human translations again and find it.
func TestLookupAsksForHumanTranslationsOnlyWhenTheStoreHasSome(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cache.db")
	s, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	store := &humanCountingStore{countingStore: countingStore{Store: s}, sqlite: s}
	c := Wrap(&echo{name: "echo"}, store)
	if _, err := c.Translate(ctx, req("एक", "दो")); err != nil {
		t.Fatal(err)
	}
	store.asked.Store(0)
	found, err := c.Lookup(ctx, req("एक", "दो"))
	hits := providertest.Answered(found)
	if err != nil || len(hits) != 2 {
		t.Fatalf("lookup = %v, %v", hits, err)
	}
	if n := store.asked.Load(); n != 2 {
		t.Errorf("store without human translations asked for %d keys, want 2", n)
	}
	other, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := PutNow(ctx, other, []Entry{{Key: HumanKey("hi", "en", "दो"), Translation: "two, by hand"}}); err != nil {
		t.Fatal(err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	store.asked.Store(0)
	found, err = c.Lookup(ctx, req("एक", "दो"))
	hits = providertest.Answered(found)
	if err != nil {
		t.Fatal(err)
	}
	if h := hits["1"]; h.Text != "two, by hand" || h.Provider != HumanProvider {
		t.Errorf("lookup after another handle committed a human translation = %+v", h)
	}
	if n := store.asked.Load(); n != 4 {
		t.Errorf("store with a human translation asked for %d keys, want 4", n)
	}
}

// TestKeyHashIsStable pins the hash of a key: files written by earlier
// versions are looked up by it, so it must never change.
func TestKeyHashIsStable(t *testing.T) {
	k := Key{Provider: "offline", Model: "m1", Fingerprint: "g2", Source: "hi", Target: "en", Text: "दिल्ली भारत की राजधानी है।"}
	const want = "2e60a862ad6c3809973dc5dd96774589a79356ee1e7ef0aa29b17fb37da9d2ed"
	if got := k.Hash(); got != want {
		t.Fatalf("Hash() = %s, want %s", got, want)
	}
	long := k
	long.Text = strings.Repeat("नदी ", 500) // beyond any stack buffer
	const wantLong = "f69d0ea72b1b09b4bdd0d9c1caf4446460bee03ea8411e89462f37dfc61b5251"
	if got := long.Hash(); got != wantLong {
		t.Fatalf("long key: Hash() = %s, want %s", got, wantLong)
	}
}

// countFound is the number of entries Get found.
func countFound(entries []Entry) int {
	n := 0
	for _, e := range entries {
		if e.Found() {
			n++
		}
	}
	return n
}
