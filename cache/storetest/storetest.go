// Package storetest is the conformance suite of cache.Store: every store
// (the SQLite file, the PostgreSQL table) must pass Run. It also provides
// fresh PostgreSQL locations for tests, from the server named by the
// ANUVAD_TEST_POSTGRES environment variable.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/anuvad/anuvad/cache"
)

// PostgresEnv names the environment variable holding the URL of a
// PostgreSQL database the tests may create schemas in.
const PostgresEnv = "ANUVAD_TEST_POSTGRES"

// RequirePostgresEnv, when set, turns the skip of a test that finds no
// server into a failure: CI sets it once it has started one.
const RequirePostgresEnv = "ANUVAD_REQUIRE_POSTGRES"

// SkipWithoutPostgres skips t, saying how to run it, unless
// ANUVAD_TEST_POSTGRES names a server (or fails it if
// ANUVAD_REQUIRE_POSTGRES is set).
func SkipWithoutPostgres(t testing.TB) {
	t.Helper()
	if os.Getenv(PostgresEnv) == "" {
		if os.Getenv(RequirePostgresEnv) != "" {
			t.Fatalf("%s is set but %s is empty: no PostgreSQL server to test against", RequirePostgresEnv, PostgresEnv)
		}
		t.Skipf("no PostgreSQL server: set %s=postgres://user:pass@127.0.0.1:5432/db?sslmode=disable "+
			"(or run .ci/run, which starts one with .ci/postgres) to run this test", PostgresEnv)
	}
}

// PostgresURL returns the URL of an empty schema of the test server, which
// is dropped when t ends. Without ANUVAD_TEST_POSTGRES it skips t, saying
// how to run it.
func PostgresURL(t testing.TB) string {
	t.Helper()
	SkipWithoutPostgres(t)
	base := os.Getenv(PostgresEnv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", PostgresEnv, err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	schema := "anuvad_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Run checks the Store contract on stores opened with cache.Open at
// locations from newLocation, each empty and new.
func Run(t *testing.T, newLocation func(t *testing.T) string) {
	open := func(t *testing.T, loc string) cache.Store {
		t.Helper()
		s, err := cache.Open(context.Background(), loc)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	fresh := func(t *testing.T) cache.Store { return open(t, newLocation(t)) }

	t.Run("PutGetEach", func(t *testing.T) { testPutGetEach(t, fresh(t)) })
	t.Run("ReplaceAndDuplicates", func(t *testing.T) { testReplace(t, fresh(t)) })
	t.Run("KeyFieldsSeparate", func(t *testing.T) { testKeyFields(t, fresh(t)) })
	t.Run("CreatedAndOrder", func(t *testing.T) { testCreated(t, fresh(t)) })
	t.Run("EachStops", func(t *testing.T) { testEachStops(t, fresh(t)) })
	t.Run("Empty", func(t *testing.T) { testEmpty(t, fresh(t)) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, fresh(t)) })
	t.Run("Reopen", func(t *testing.T) {
		loc := newLocation(t)
		s := open(t, loc)
		put(t, s, entries(0, 50))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		again := open(t, loc)
		checkAll(t, again, 0, 50)
		// A second store on the same location sees writes of the first.
		third := open(t, loc)
		put(t, third, entries(50, 60))
		if f, ok := third.(cache.Flusher); ok { // it groups its writes
			if err := f.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		checkAll(t, again, 0, 60)
	})
	t.Run("Jobs", func(t *testing.T) {
		loc := newLocation(t)
		s := open(t, loc)
		if _, ok := s.(cache.JobStore); !ok {
			t.Skipf("%T does not record batch jobs", s)
		}
		testJobs(t, s.(cache.JobStore), func() cache.JobStore { return open(t, loc).(cache.JobStore) })
	})
	t.Run("PruneVacuum", func(t *testing.T) { testPruneVacuum(t, fresh(t)) })
	t.Run("Canceled", func(t *testing.T) {
		s := fresh(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := s.Get(ctx, keys(0, 10)); err == nil {
			t.Error("Get with a canceled context succeeded")
		}
		if err := s.Put(ctx, entries(0, 10)); err == nil {
			// A store may commit before it notices; what it reports must
			// then be there.
			checkAll(t, s, 0, 10)
		}
	})
}

func key(i int) cache.Key {
	return cache.Key{Provider: "p", Model: "m", Fingerprint: "f", Source: "hi", Target: "en", Text: fmt.Sprintf("वाक्य संख्या %d।", i)}
}

func translation(i int) string { return fmt.Sprintf("Sentence number %d.", i) }

func keys(from, to int) []cache.Key {
	var ks []cache.Key
	for i := from; i < to; i++ {
		ks = append(ks, key(i))
	}
	return ks
}

func entries(from, to int) []cache.Entry {
	var es []cache.Entry
	for i := from; i < to; i++ {
		es = append(es, cache.Entry{Key: key(i), Translation: translation(i)})
	}
	return es
}

func put(t *testing.T, s cache.Store, es []cache.Entry) {
	t.Helper()
	if err := s.Put(context.Background(), es); err != nil {
		t.Fatal(err)
	}
}

// checkAll asserts that entries from..to-1 are all found with their
// translations.
func checkAll(t *testing.T, s cache.Store, from, to int) {
	t.Helper()
	got, err := s.Get(context.Background(), keys(from, to))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != to-from {
		t.Fatalf("%d answers for %d keys", len(got), to-from)
	}
	for i := from; i < to; i++ {
		e := got[i-from]
		if !e.Found() || e.Translation != translation(i) || e.Key != key(i) {
			t.Fatalf("entry %d = %+v", i, e)
		}
	}
}

func testPutGetEach(t *testing.T, s cache.Store) {
	ctx := context.Background()
	const n = 4500 // more than one lookup or insert chunk of any store
	put(t, s, entries(0, n))
	checkAll(t, s, 0, n)
	got, err := s.Get(ctx, append(keys(10, 12), cache.Key{Provider: "p", Text: "absent"}, key(10)))
	if err != nil || len(got) != 4 {
		t.Fatalf("lookup with an absent and a repeated key: %d answers, %v", len(got), err)
	}
	for i, want := range []int{10, 11, -1, 10} {
		switch e := got[i]; {
		case want < 0 && (e.Found() || e != cache.Entry{}):
			t.Errorf("absent key answered %+v", e)
		case want >= 0 && (!e.Found() || e.Key != key(want) || e.Translation != translation(want)):
			t.Errorf("answer %d = %+v, want entry %d", i, e, want)
		}
	}
	if got, err := s.Get(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("lookup of no keys: %v, %v", got, err)
	}
	if ig, ok := s.(cache.IntoGetter); ok {
		// The same answers written into a slice the caller gives, and
		// reuses: each lookup starts from zero entries.
		asked := append(keys(n-3, n), cache.Key{Provider: "p", Text: "absent"})
		out := make([]cache.Entry, len(asked))
		for round := range 2 {
			if err := ig.GetInto(ctx, asked, out); err != nil {
				t.Fatal(err)
			}
			for i, e := range out {
				if i < 3 && (e.Key != key(n-3+i) || e.Translation != translation(n-3+i)) || i == 3 && e.Found() {
					t.Errorf("round %d: GetInto answer %d = %+v", round, i, e)
				}
			}
			clear(out)
		}
		if err := ig.GetInto(ctx, asked, out[:1]); err == nil {
			t.Error("GetInto with fewer entries than keys did not fail")
		}
	}
	seen := map[string]bool{}
	err = s.Each(ctx, func(e cache.Entry) error {
		if e.Translation != translation(indexOf(e.Key.Text)) || e.Created.IsZero() {
			return fmt.Errorf("entry %+v", e)
		}
		seen[e.Key.Hash()] = true
		return nil
	})
	if err != nil || len(seen) != n {
		t.Fatalf("each: %d distinct entries, %v", len(seen), err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != n || st.ByProvider["p/m"] != n || st.Bytes <= 0 || st.Path == "" || st.Oldest.IsZero() || st.Newest.Before(st.Oldest) {
		t.Errorf("stats = %+v", st)
	}
}

func indexOf(text string) int {
	var i int
	fmt.Sscanf(strings.TrimPrefix(text, "वाक्य संख्या "), "%d", &i)
	return i
}

func testReplace(t *testing.T, s cache.Store) {
	ctx := context.Background()
	put(t, s, entries(0, 3))
	// Same key twice in one batch: the last wins.
	put(t, s, []cache.Entry{{Key: key(1), Translation: "first"}, {Key: key(1), Translation: "second"}})
	got, err := s.Get(ctx, keys(0, 3))
	if err != nil {
		t.Fatal(err)
	}
	if got[1].Translation != "second" || got[0].Translation != translation(0) {
		t.Errorf("after replacing: %+v", got)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Entries != 3 {
		t.Errorf("replacing added entries: %+v, %v", st, err)
	}
}

func testKeyFields(t *testing.T, s cache.Store) {
	ctx := context.Background()
	base := cache.Key{Provider: "p", Model: "m", Fingerprint: "f", Source: "hi", Target: "en", Text: "नमस्ते"}
	variants := []cache.Key{base}
	for _, change := range []func(*cache.Key){
		func(k *cache.Key) { k.Provider = "q" },
		func(k *cache.Key) { k.Model = "n" },
		func(k *cache.Key) { k.Fingerprint = "g" },
		func(k *cache.Key) { k.Source = "mr" },
		func(k *cache.Key) { k.Target = "fr" },
		func(k *cache.Key) { k.Text = "नमस्ते।" },
		func(k *cache.Key) { k.Text = "" },
	} {
		k := base
		change(&k)
		variants = append(variants, k)
	}
	var es []cache.Entry
	for i, k := range variants {
		es = append(es, cache.Entry{Key: k, Translation: fmt.Sprintf("v%d\ttab\nline 'quote' \"dq\" \\ 😀", i)})
	}
	put(t, s, es)
	got, err := s.Get(ctx, variants)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range variants {
		e := got[i]
		if e.Key != k || e.Translation != es[i].Translation {
			t.Errorf("variant %d: got %+v", i, e)
		}
	}
	var back []cache.Key
	if err := s.Each(ctx, func(e cache.Entry) error { back = append(back, e.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(back) != len(variants) {
		t.Errorf("each returned %d entries, want %d", len(back), len(variants))
	}
}

func testCreated(t *testing.T, s cache.Store) {
	ctx := context.Background()
	old := time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
	older := old.Add(-48 * time.Hour)
	put(t, s, []cache.Entry{
		{Key: key(1), Translation: translation(1), Created: old},
		{Key: key(2), Translation: translation(2)},
		{Key: key(3), Translation: translation(3), Created: older},
	})
	var order []int
	var created []time.Time
	err := s.Each(ctx, func(e cache.Entry) error {
		order = append(order, indexOf(e.Key.Text))
		created = append(created, e.Created)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(order) != "[3 1 2]" {
		t.Errorf("each order %v, want oldest first [3 1 2]", order)
	}
	if len(created) == 3 && (!created[0].Equal(older) || !created[1].Equal(old) || time.Since(created[2]) > time.Hour) {
		t.Errorf("created %v", created)
	}
	st, err := s.Stats(ctx)
	if err != nil || !st.Oldest.Equal(older) {
		t.Errorf("stats oldest %v, %v; want %v", st.Oldest, err, older)
	}
}

func testEachStops(t *testing.T, s cache.Store) {
	put(t, s, entries(0, 20))
	stop := errors.New("enough")
	n := 0
	err := s.Each(context.Background(), func(cache.Entry) error {
		n++
		if n == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 5 {
		t.Errorf("each after a failing callback: %d calls, %v", n, err)
	}
	// The store still works after an interrupted read.
	checkAll(t, s, 0, 20)
}

func testEmpty(t *testing.T, s cache.Store) {
	ctx := context.Background()
	if err := s.Put(ctx, nil); err != nil {
		t.Errorf("put of nothing: %v", err)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Entries != 0 || !st.Oldest.IsZero() || len(st.ByProvider) != 0 {
		t.Errorf("stats of an empty store: %+v, %v", st, err)
	}
	n := 0
	if err := s.Each(ctx, func(cache.Entry) error { n++; return nil }); err != nil || n != 0 {
		t.Errorf("each of an empty store: %d, %v", n, err)
	}
}

func testConcurrent(t *testing.T, s cache.Store) {
	const workers, batches, batch = 8, 20, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for b := range batches {
				from := (w*batches + b) * batch
				// Overlap with the next worker's first batch, so that
				// writers meet on the same keys.
				es := entries(from, from+batch)
				es = append(es, entries(((w+1)%workers)*batches*batch, ((w+1)%workers)*batches*batch+3)...)
				if err := s.Put(context.Background(), es); err != nil {
					errs <- err
					return
				}
				if _, err := s.Get(context.Background(), keys(from, from+batch)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	checkAll(t, s, 0, workers*batches*batch)
	st, err := s.Stats(context.Background())
	if err != nil || st.Entries != workers*batches*batch {
		t.Errorf("stats after concurrent puts: %+v, %v", st, err)
	}
}

// testJobs checks the JobStore contract; reopen opens the same location
// again.
func testJobs(t *testing.T, s cache.JobStore, reopen func() cache.JobStore) {
	ctx := context.Background()
	submitted := time.Now().UTC().Truncate(time.Millisecond)
	job := cache.Job{
		ID: "batch_1", Provider: "openai", Model: "m", Fingerprint: "f", Source: "hi", Target: "en",
		InputFile: "file-1", Status: "validating", Total: 2, Submitted: submitted,
		Requests: []cache.JobRequest{{CustomID: "r1", Texts: []string{"क।", "ख।", "क।"}, Context: []string{"ग।"}}, {CustomID: "r2", Texts: []string{"घ।"}}},
	}
	other := job
	other.ID, other.Submitted = "batch_2", submitted.Add(time.Second)
	for _, j := range []cache.Job{job, other, job} { // recording again replaces
		if err := s.PutJob(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetJobState(ctx, "batch_2", cache.JobState{Status: "completed", Total: 2, Completed: 2, Collected: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetJobState(ctx, "batch_9", cache.JobState{Status: "completed"}); !errors.Is(err, cache.ErrNoJob) {
		t.Errorf("SetJobState of an unknown job: %v, want ErrNoJob", err)
	}
	again := reopen()
	open, err := again.Jobs(ctx, true)
	if err != nil || len(open) != 1 || !reflect.DeepEqual(open[0], job) {
		t.Fatalf("open jobs = %+v, %v; want %+v", open, err, job)
	}
	all, err := again.Jobs(ctx, false)
	if err != nil || len(all) != 2 || all[1].ID != "batch_2" || all[1].Open() || all[1].Completed != 2 || all[1].Status != "completed" {
		t.Fatalf("all jobs = %+v, %v", all, err)
	}
	if got, err := again.Job(ctx, "batch_1"); err != nil || !reflect.DeepEqual(got, job) {
		t.Errorf("Job(batch_1) = %+v, %v", got, err)
	}
	if _, err := again.Job(ctx, "batch_9"); !errors.Is(err, cache.ErrNoJob) {
		t.Errorf("Job of an unknown id: %v, want ErrNoJob", err)
	}
	if err := again.DeleteJob(ctx, "batch_1"); err != nil {
		t.Fatal(err)
	}
	if err := again.DeleteJob(ctx, "batch_1"); err != nil {
		t.Errorf("deleting a deleted job: %v", err)
	}
	if _, err := s.Job(ctx, "batch_1"); !errors.Is(err, cache.ErrNoJob) {
		t.Errorf("Job after DeleteJob: %v, want ErrNoJob", err)
	}
}

// testPruneVacuum deletes entries by provider, model and age, and gives the
// space back.
func testPruneVacuum(t *testing.T, s cache.Store) {
	m, ok := s.(cache.Maintainer)
	if !ok {
		t.Skipf("%T cannot prune", s)
	}
	ctx := context.Background()
	old := time.Now().Add(-40 * 24 * time.Hour).UTC().Truncate(time.Second)
	var es []cache.Entry
	for i, pm := range [][2]string{{"a", "1"}, {"a", "2"}, {"b", "1"}} {
		for j := range 100 {
			e := cache.Entry{Key: cache.Key{Provider: pm[0], Model: pm[1], Source: "hi", Target: "en", Text: fmt.Sprintf("वाक्य %d %d", i, j)}, Translation: translation(j)}
			if j%2 == 0 {
				e.Created = old
			}
			es = append(es, e)
		}
	}
	put(t, s, es)
	if n, err := m.Prune(ctx, cache.PruneFilter{Provider: "a", Model: "1", Before: time.Now().Add(-30 * 24 * time.Hour)}); err != nil || n != 50 {
		t.Fatalf("pruned %d, %v; want the 50 old a/1 entries", n, err)
	}
	if n, err := m.Prune(ctx, cache.PruneFilter{Model: "2"}); err != nil || n != 100 {
		t.Fatalf("pruned %d, %v; want the 100 x/2 entries", n, err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != 150 || st.ByProvider["a/1"] != 50 || st.ByProvider["b/1"] != 100 || st.ByProvider["a/2"] != 0 {
		t.Errorf("after pruning: %d entries, %v", st.Entries, st.ByProvider)
	}
	if n, err := m.Prune(ctx, cache.PruneFilter{}); err != nil || n != 150 {
		t.Fatalf("pruned %d with no filter, %v; want all 150", n, err)
	}
	before, after, err := m.Vacuum(ctx)
	if err != nil || after > before {
		t.Errorf("vacuum: %d bytes before, %d after, %v", before, after, err)
	}
}
