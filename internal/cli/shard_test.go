package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/providers"
)

// writeShardInput writes three documents with repeated sentences within and
// across them and returns the number of unique sentences.
func writeShardInput(t *testing.T, dir string, sentences int) int {
	t.Helper()
	unique := map[int]bool{}
	for d := range 3 {
		var b strings.Builder
		for i := range sentences {
			n := (i*7 + d*sentences/2) % sentences // overlapping ranges
			unique[n] = true
			fmt.Fprintf(&b, "यह परीक्षण वाक्य संख्या %d है। ", n)
			if i%5 == 4 {
				b.WriteString("\n\n")
			}
		}
		writeFile(t, filepath.Join(dir, fmt.Sprintf("doc%d.txt", d)), b.String())
	}
	return len(unique)
}

// corpusFiles are the outputs a finishing run must reproduce exactly.
var corpusFiles = []string{output.TSVFile, output.JSONLFile, output.TMXFile, output.MosesSource, output.MosesTarget}

var tmxHeaderDate = regexp.MustCompile(`(<header [^>]*creationdate=)"[0-9TZ]+"`)

// sameCorpus fails unless the corpus files of two output folders are byte
// for byte the same, except the TMX header's creation date.
func sameCorpus(t *testing.T, want, got string) {
	t.Helper()
	for _, name := range corpusFiles {
		a, err := os.ReadFile(filepath.Join(want, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(got, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == output.TMXFile {
			a, b = tmxHeaderDate.ReplaceAll(a, []byte(`$1""`)), tmxHeaderDate.ReplaceAll(b, []byte(`$1""`))
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from the one-process run's (%d and %d bytes)", name, len(a), len(b))
		}
	}
	for _, dir := range []string{want, got} {
		if _, err := os.Stat(filepath.Join(dir, output.FailureFile)); err == nil {
			t.Errorf("%s has failures", dir)
		}
	}
}

// TestShardsPayOnceAndFinishIdentically runs four shards in turn on one
// SQLite cache, then a finishing run, and compares it with one process.
func TestShardsPayOnceAndFinishIdentically(t *testing.T) {
	dir := isolate(t)
	unique := writeShardInput(t, filepath.Join(dir, "in"), 120)
	var sent atomic.Int64
	f, _, errOut := testFactory(t, countingSpec("counting", &sent, nil))
	translate := func(args ...string) {
		t.Helper()
		errOut.Reset()
		args = append([]string{"translate", "--provider", "counting", "--batch-size", "8"}, args...)
		if code := Run(context.Background(), f, append(args, "in")); code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}

	// One process, twice: the second run is served from its cache.
	translate("--cache", "one.db", "--out", "one")
	if int(sent.Load()) != unique {
		t.Fatalf("one process sent %d sentences, want %d unique", sent.Load(), unique)
	}
	translate("--cache", "one.db", "--out", "one-again")

	sent.Store(0)
	parts := 0
	for i := range 4 {
		before := sent.Load()
		translate("--cache", "shared.db", "--out", "out", "--shard", fmt.Sprintf("%d/4", i))
		sum := readSummary(t, filepath.Join("out", fmt.Sprintf("shard-%d-of-4", i)))
		paid := int(sent.Load() - before)
		if sum.Shard != fmt.Sprintf("%d/4", i) || sum.UniqueSentences != unique || sum.OtherShards+paid != unique || sum.Pairs == 0 || sum.Pairs >= sum.Sentences || sum.Failures != 0 {
			t.Errorf("shard %d summary: %+v (paid %d)", i, sum, paid)
		}
		if paid == 0 || paid == unique {
			t.Errorf("shard %d paid %d of %d unique sentences: the parts are not split", i, paid, unique)
		}
		parts += paid
		for _, name := range corpusFiles {
			if _, err := os.Stat(filepath.Join("out", name)); err == nil {
				t.Errorf("shard %d wrote %s", i, name)
			}
		}
	}
	if parts != unique {
		t.Errorf("four shards paid %d sentences, want each of %d unique once", parts, unique)
	}

	// A shard run again pays nothing: its part is cached.
	before := sent.Load()
	translate("--cache", "shared.db", "--out", "out", "--shard", "2/4")
	if sent.Load() != before {
		t.Errorf("a finished shard run again paid %d sentences", sent.Load()-before)
	}

	translate("--cache", "shared.db", "--out", "out")
	if sent.Load() != before {
		t.Errorf("the finishing run paid %d sentences", sent.Load()-before)
	}
	sum := readSummary(t, "out")
	if sum.ProviderCalls != 0 || sum.Shard != "" || sum.CacheHits != unique {
		t.Errorf("finishing summary: %+v", sum)
	}
	sameCorpus(t, "one-again", "out")
}

func TestShardFlag(t *testing.T) {
	isolate(t)
	writeFile(t, "in.txt", "नमस्ते।\n")
	for _, bad := range []string{"4/4", "-1/4", "1", "a/b", "0/0"} {
		code, _, errOut := run(t, "translate", "--shard", bad, "in.txt")
		if code != ExitUsage || !strings.Contains(errOut, "--shard") {
			t.Errorf("--shard %s: exit %d, %s", bad, code, errOut)
		}
	}
	code, _, errOut := run(t, "translate", "--shard", "0/2", "--no-cache", "in.txt")
	if code != ExitUsage || !strings.Contains(errOut, "cache") {
		t.Errorf("--shard without a cache: exit %d, %s", code, errOut)
	}
}

// TestFinishingRunPaysForAMissingShard: when a shard never ran, the
// finishing run translates its part, and only that.
func TestFinishingRunPaysForAMissingShard(t *testing.T) {
	dir := isolate(t)
	unique := writeShardInput(t, filepath.Join(dir, "in"), 60)
	var sent atomic.Int64
	f, _, errOut := testFactory(t, countingSpec("counting", &sent, nil))
	args := []string{"translate", "--provider", "counting", "--cache", "shared.db", "--out", "out"}
	if code := Run(context.Background(), f, append(args, "--shard", "0/2", "in")); code != ExitOK {
		t.Fatalf("shard: exit %d: %s", code, errOut)
	}
	paid := int(sent.Load())
	if code := Run(context.Background(), f, append(args, "in")); code != ExitOK {
		t.Fatalf("finishing run: exit %d: %s", code, errOut)
	}
	sum := readSummary(t, "out")
	if int(sent.Load()) != unique || sum.CacheHits != paid || sum.Pairs != sum.Sentences {
		t.Errorf("shard 0 paid %d, then the finishing run %d, for %d unique; %d hits", paid, int(sent.Load())-paid, unique, sum.CacheHits)
	}
}

// TestShardFailuresAreItsOwn: a sentence of a shard's part that fails is
// named in the shard's own failures.jsonl and exit status, never cached;
// the finishing run pays for it, and for nothing else.
func TestShardFailuresAreItsOwn(t *testing.T) {
	dir := isolate(t)
	unique := writeShardInput(t, filepath.Join(dir, "in"), 40)
	t.Setenv("ANUVAD_RETRY_ATTEMPTS", "1")
	var failing atomic.Bool
	failing.Store(true)
	var sent atomic.Int64
	broken := errors.New("service unavailable")
	f, _, errOut := testFactory(t, countingSpec("counting", &sent, func(_ context.Context, _ int, req providers.Request) error {
		if failing.Load() && strings.Contains(req.Segments[0].Text, "संख्या 7 ") {
			return broken
		}
		return nil
	}))
	args := []string{"translate", "--provider", "counting", "--batch-size", "1", "--cache", "shared.db", "--out", "out"}
	failedIn := -1
	for i := range 2 {
		code := Run(context.Background(), f, append(args, "--shard", fmt.Sprintf("%d/2", i), "in"))
		shardDir := filepath.Join("out", fmt.Sprintf("shard-%d-of-2", i))
		sum := readSummary(t, shardDir)
		_, statErr := os.Stat(filepath.Join(shardDir, output.FailureFile))
		switch {
		case sum.Failures == 0 && code == ExitOK && statErr != nil:
		case sum.Failures == 3 && code == ExitPartial && statErr == nil:
			// The sentence occurs once in each of the three documents.
			failedIn = i
			fl := lines(t, filepath.Join(shardDir, output.FailureFile))
			if len(fl) != 3 || !strings.Contains(fl[0], "संख्या 7 ") {
				t.Errorf("shard %d failures.jsonl: %q", i, fl)
			}
		default:
			t.Errorf("shard %d: exit %d, %d failures, failures.jsonl %v: %s", i, code, sum.Failures, statErr, errOut)
		}
	}
	if failedIn < 0 {
		t.Fatal("no shard reported the failing sentence")
	}
	failing.Store(false)
	before := sent.Load()
	if code := Run(context.Background(), f, append(args, "in")); code != ExitOK {
		t.Fatalf("finishing run: exit %d: %s", code, errOut)
	}
	if paid := sent.Load() - before; paid != 1 {
		t.Errorf("the finishing run paid %d sentences, want the 1 that failed", paid)
	}
	if sum := readSummary(t, "out"); sum.Failures != 0 || sum.CacheHits != unique-1 {
		t.Errorf("finishing summary: %+v", sum)
	}
}
