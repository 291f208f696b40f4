package cli

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/cache/storetest"
	"github.com/anuvad/anuvad/output"
)

// passwordOf returns the password of a URL.
func passwordOf(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := u.User.Password()
	if pw == "" {
		t.Fatalf("%s: the test server's URL has no password", storetest.PostgresEnv)
	}
	return pw
}

// TestPostgresCacheCommands runs every command that uses the cache against
// a PostgreSQL database, and checks that the password shows nowhere.
func TestPostgresCacheCommands(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	pw := passwordOf(t, dsn)
	seeds := seedAbs(t)
	dir := isolate(t)
	var shown strings.Builder
	runOK := func(args ...string) (string, string) {
		t.Helper()
		code, out, errOut := run(t, args...)
		shown.WriteString(out + errOut)
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", strings.Join(args[:2], " "), code, errOut)
		}
		return out, errOut
	}

	out, _ := runOK("cache", "init", "--cache", dsn)
	if !strings.Contains(out, "REDACTED") || !strings.Contains(out, "0 entries") {
		t.Errorf("cache init: %q", out)
	}

	runOK("translate", "--cache", dsn, "--log-level", "debug", "--out", "first", seeds)
	first := readSummary(t, "first")
	if first.ProviderCalls == 0 || first.Pairs != first.Sentences {
		t.Fatalf("first run: %+v", first)
	}
	runOK("translate", "--cache", dsn, "--out", "second", seeds)
	second := readSummary(t, "second")
	if second.ProviderCalls != 0 || second.CacheHits != second.UniqueSentences {
		t.Errorf("rerun over PostgreSQL: calls=%d hits=%d unique=%d", second.ProviderCalls, second.CacheHits, second.UniqueSentences)
	}
	if a, b := lines(t, filepath.Join("first", output.MosesTarget)), lines(t, filepath.Join("second", output.MosesTarget)); strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Error("cached rerun changed the English side")
	}

	out, _ = runOK("cache", "stats", "--cache", dsn)
	if !strings.Contains(out, "REDACTED") || !strings.Contains(out, "offline/") {
		t.Errorf("cache stats:\n%s", out)
	}
	st := pgStats(t, dsn)
	if st.Entries != int64(first.UniqueSentences) {
		t.Errorf("cache holds %d entries, want %d unique sentences", st.Entries, first.UniqueSentences)
	}

	// Export to TMX, import into a new SQLite file: the same entries.
	runOK("cache", "export", "--cache", dsn, "-o", "memory.tmx")
	runOK("cache", "import", "--cache", filepath.Join(dir, "copy.db"), "memory.tmx")
	copied, err := cache.OpenSQLite(filepath.Join(dir, "copy.db"))
	if err != nil {
		t.Fatal(err)
	}
	cst, err := copied.Stats(context.Background())
	copied.Close()
	if err != nil || cst.Entries != st.Entries {
		t.Errorf("SQLite copy holds %d entries, want %d (%v)", cst.Entries, st.Entries, err)
	}

	// Import a TSV into PostgreSQL.
	writeFile(t, filepath.Join(dir, "extra.tsv"), "यह एक नया वाक्य है।\tThis is a new sentence.\n")
	runOK("cache", "import", "--cache", dsn, "extra.tsv")
	if got := pgStats(t, dsn).Entries; got != st.Entries+1 {
		t.Errorf("after importing one TSV line: %d entries, want %d", got, st.Entries+1)
	}
	out, _ = runOK("cache", "export", "--cache", dsn, "--format", "tsv")
	if !strings.Contains(out, "यह एक नया वाक्य है।\tThis is a new sentence.") {
		t.Error("TSV export lacks the imported line")
	}

	// align glosses through the same cache.
	before := pgStats(t, dsn).Entries
	writeFile(t, filepath.Join(dir, "a.hi"), alignHi)
	writeFile(t, filepath.Join(dir, "a.en"), alignEn)
	runOK("align", "--cache", dsn, "--input-format", "lines", "--format", "indices", "a.hi", "a.en")
	if after := pgStats(t, dsn).Entries; after <= before {
		t.Errorf("align stored no gloss in PostgreSQL: %d entries before, %d after", before, after)
	}

	t.Setenv("ANUVAD_CACHE_PATH", dsn)
	out, _ = runOK("config")
	if !strings.Contains(out, "cache.path") || !strings.Contains(out, "REDACTED") {
		t.Errorf("config does not show the redacted cache URL:\n%s", out)
	}

	if strings.Contains(shown.String(), pw) {
		t.Error("the database password appeared in a command's output")
	}
	for _, f := range []string{"first", "second"} {
		filepath.WalkDir(f, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if b, _ := os.ReadFile(path); strings.Contains(string(b), pw) {
					t.Errorf("%s holds the database password", path)
				}
			}
			return nil
		})
	}
}

func TestPostgresCacheUnreachable(t *testing.T) {
	isolate(t)
	const secret = "zq9x-db-secret"
	dsn := "postgres://anuvad:" + secret + "@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"
	writeFile(t, "in.txt", "नमस्ते दुनिया।\n")
	for _, args := range [][]string{
		{"translate", "--cache", dsn, "--out", "out", "in.txt"},
		{"cache", "stats", "--cache", dsn},
	} {
		code, out, errOut := run(t, args...)
		if code == ExitOK {
			t.Errorf("%s succeeded without a database", args[0])
		}
		if strings.Contains(out+errOut, secret) || !strings.Contains(errOut, "127.0.0.1") {
			t.Errorf("%s: error should name the server but not the password:\n%s", args[0], errOut)
		}
	}
}

func pgStats(t *testing.T, dsn string) cache.Stats {
	t.Helper()
	s, err := cache.OpenPostgres(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}
