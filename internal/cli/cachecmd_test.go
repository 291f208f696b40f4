package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// cacheRunT runs anuvad with extra providers and returns its exit code and
// both streams.
func cacheRunT(t *testing.T, sent *atomic.Int64, args ...string) (int, string, string) {
	t.Helper()
	f, out, errOut := testFactory(t, countingSpec("fake", sent, nil))
	code := Run(context.Background(), f, args)
	return code, out.String(), errOut.String()
}

func TestCacheImportOfPairsKeepsTheirProvider(t *testing.T) {
	seeds := seedAbs(t)
	dir := isolate(t)
	var sent atomic.Int64
	first := filepath.Join(dir, "first.db")
	out := filepath.Join(dir, "out")
	if code, _, e := cacheRunT(t, &sent, "translate", "--provider", "fake", "--cache", first, "--out", out, seeds); code != ExitOK {
		t.Fatalf("exit %d: %s", code, e)
	}
	made := sent.Load()
	pairs := len(lines(t, filepath.Join(out, "pairs.tsv")))
	// A new cache, whose default provider is offline: the units name fake
	// and must be filed under it.
	second := filepath.Join(dir, "second.db")
	code, _, e := cacheRunT(t, &sent, "cache", "import", "--cache", second, filepath.Join(out, "pairs.tmx"))
	if code != ExitOK {
		t.Fatalf("import exit %d: %s", code, e)
	}
	if !strings.Contains(e, "imported ") || !strings.Contains(e, " new and 0 replaced translations, skipped 0") {
		t.Errorf("import report: %q", e)
	}
	code, _, e = cacheRunT(t, &sent, "cache", "import", "--cache", second, filepath.Join(out, "pairs.tmx"))
	if code != ExitOK || !strings.Contains(e, "imported 0 new and ") || strings.Contains(e, "and 0 replaced") {
		t.Errorf("second import, exit %d: %q; want every unit replaced", code, e)
	}
	if code, _, e := cacheRunT(t, &sent, "translate", "--provider", "fake", "--cache", second, "--out", filepath.Join(dir, "again"), seeds); code != ExitOK {
		t.Fatalf("exit %d: %s", code, e)
	}
	if sent.Load() != made {
		t.Errorf("run on the imported cache sent %d sentences to fake; want none (%d pairs imported)", sent.Load()-made, pairs)
	}
	code, stats, e := cacheRunT(t, &sent, "cache", "stats", "--cache", second)
	if code != ExitOK || !strings.Contains(stats, "fake/fake-1") || strings.Contains(stats, "offline") {
		t.Errorf("stats exit %d: %s%s", code, stats, e)
	}
}

func TestCachePruneAndVacuum(t *testing.T) {
	seeds := seedAbs(t)
	dir := isolate(t)
	var sent atomic.Int64
	db := filepath.Join(dir, "c.db")
	for _, p := range []string{"fake", "offline"} {
		if code, _, e := cacheRunT(t, &sent, "translate", "--provider", p, "--cache", db, "--out", filepath.Join(dir, p), seeds); code != ExitOK {
			t.Fatalf("exit %d: %s", code, e)
		}
	}
	// Nothing is older than a day yet.
	code, _, e := cacheRunT(t, &sent, "cache", "prune", "--cache", db, "--provider", "fake", "--older-than", "1d")
	if code != ExitOK || !strings.Contains(e, "deleted 0 translations") {
		t.Errorf("prune of old entries, exit %d: %q", code, e)
	}
	code, _, e = cacheRunT(t, &sent, "cache", "prune", "--cache", db, "--provider", "fake", "--model", "fake-1")
	if code != ExitOK || !strings.Contains(e, "deleted ") || strings.Contains(e, "deleted 0") {
		t.Errorf("prune, exit %d: %q", code, e)
	}
	_, stats, _ := cacheRunT(t, &sent, "cache", "stats", "--cache", db)
	if strings.Contains(stats, "fake/") || !strings.Contains(stats, "offline/") {
		t.Errorf("after prune:\n%s", stats)
	}
	code, _, e = cacheRunT(t, &sent, "cache", "vacuum", "--cache", db)
	if code != ExitOK || !strings.Contains(e, "before") || !strings.Contains(e, "after") {
		t.Errorf("vacuum, exit %d: %q", code, e)
	}
}

func TestCacheCommandsDoNotCreateAMissingCache(t *testing.T) {
	dir := isolate(t)
	var sent atomic.Int64
	missing := filepath.Join(dir, "nowhere", "cache.db")
	for _, args := range [][]string{{"stats"}, {"export"}, {"vacuum"}, {"prune", "--all"}} {
		code, _, e := cacheRunT(t, &sent, append(append([]string{"cache"}, args...), "--cache", missing)...)
		if code != ExitPartial || !strings.Contains(e, "no cache at "+missing) {
			t.Errorf("cache %v: exit %d, %q", args, code, e)
		}
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("cache folder was created: %v", err)
	}
}

func TestCacheFlagsParse(t *testing.T) {
	f, _, _ := testFactory(t)
	var got *CacheOptions
	capture := func(_ context.Context, o *CacheOptions) error { got = o; return nil }
	cmd := newCmdCachePrune(f, capture)
	cmd.SetArgs([]string{"--provider", "openai", "--model", "gpt-4o-mini", "--older-than", "30d"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Provider != "openai" || got.Model != "gpt-4o-mini" || got.OlderThan != 30*24*time.Hour {
		t.Errorf("prune options = %+v", got)
	}
	for _, args := range [][]string{{}, {"--older-than", "soon"}, {"--all", "--provider", "x"}} {
		cmd := newCmdCachePrune(f, capture)
		cmd.SetArgs(args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		if err := cmd.Execute(); ExitCode(err) != ExitUsage {
			t.Errorf("prune %v: %v, want a usage error", args, err)
		}
	}
}
