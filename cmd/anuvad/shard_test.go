package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/cache/storetest"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
)

// These tests run the built binary as separate processes sharing one
// PostgreSQL cache, with the OpenAI provider talking to a fake server that
// records every segment it is sent.

const apiKey = "sk-test-shards"

// built is the binary the tests run, built once by buildBinary.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// buildBinary builds anuvad once for all the tests of the package.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH to build the binary")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "anuvad-bin"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "anuvad")
		if out, err := exec.Command(goTool, "build", "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// env is a child's environment: its own home, the fake server, the cache.
type env struct {
	bin, dir, dsn string
	server        *openaitest.Server
}

func newEnv(t *testing.T, fault openaitest.Fault) *env {
	t.Helper()
	dsn := storetest.PostgresURL(t)
	e := &env{bin: buildBinary(t), dir: t.TempDir(), dsn: dsn}
	e.server = openaitest.NewServer(t, openaitest.Options{Key: apiKey, Fault: fault})
	return e
}

// command returns a child anuvad translating the folder in of e.dir with
// the given cache and extra flags.
func (e *env) command(ctx context.Context, dsn string, args ...string) *exec.Cmd {
	args = append([]string{"translate", "--provider", "openai", "--quiet", "--batch-size", "8", "--workers", "2"}, args...)
	cmd := exec.CommandContext(ctx, e.bin, append(args, "in")...)
	cmd.Dir = e.dir
	cmd.Env = append(os.Environ(),
		"HOME="+e.dir, "XDG_CACHE_HOME="+filepath.Join(e.dir, "xdg"), "XDG_CONFIG_HOME="+filepath.Join(e.dir, "xdg"),
		"OPENAI_BASE_URL="+e.server.BaseURL(), "OPENAI_API_KEY="+apiKey,
		"ANUVAD_CACHE_PATH="+dsn)
	return cmd
}

func (e *env) run(t *testing.T, dsn string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := e.command(ctx, dsn, args...).CombinedOutput(); err != nil {
		t.Fatalf("anuvad %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// writeInput writes documents with sentences repeated within and across
// them, and returns the set of unique sentences.
func writeInput(t *testing.T, dir string, docs, sentences int) map[string]bool {
	t.Helper()
	unique := map[string]bool{}
	for d := range docs {
		var b strings.Builder
		for i := range sentences {
			s := fmt.Sprintf("यह परीक्षण वाक्य संख्या %d है।", (i*7+d*sentences/3)%sentences)
			unique[s] = true
			b.WriteString(s + " ")
			if i%4 == 3 {
				b.WriteString("\n\n")
			}
		}
		path := filepath.Join(dir, "in", fmt.Sprintf("doc%d.txt", d))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return unique
}

func readSummary(t *testing.T, dir string) corpus.Summary {
	t.Helper()
	s, err := output.ReadSummary(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var tmxHeaderDate = regexp.MustCompile(`(<header [^>]*creationdate=)"[0-9TZ]+"`)

// sameCorpus fails unless two output folders hold the same corpus files,
// byte for byte, the TMX header's creation date aside.
func sameCorpus(t *testing.T, want, got string) {
	t.Helper()
	for _, name := range []string{output.TSVFile, output.JSONLFile, output.TMXFile, output.MosesSource, output.MosesTarget} {
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
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs from the one-process run's (%d and %d bytes)", name, len(a), len(b))
		}
	}
}

// cachedTexts returns the source texts stored in the cache at dsn.
func cachedTexts(t *testing.T, dsn string) map[string]string {
	t.Helper()
	s, err := cache.OpenPostgres(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := map[string]string{}
	if err := s.Each(context.Background(), func(e cache.Entry) error {
		out[e.Key.Text] = e.Translation
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// sentCount counts how often each segment text reached the server.
func sentCount(s *openaitest.Server) map[string]int {
	n := map[string]int{}
	for _, text := range s.Segments() {
		n[text]++
	}
	return n
}

func TestFourShardProcessesPayOnceAndFinishIdentically(t *testing.T) {
	storetest.SkipWithoutPostgres(t)
	e := newEnv(t, nil)
	unique := writeInput(t, e.dir, 4, 150)

	// The reference: one process on its own cache, run twice so that the
	// second run, like the finishing run, is served from the cache.
	ref := storetest.PostgresURL(t)
	e.run(t, ref, "--out", "one")
	e.run(t, ref, "--out", "one-again")
	if calls := len(e.server.Segments()); calls != len(unique) {
		t.Fatalf("one process sent %d segments for %d unique sentences", calls, len(unique))
	}
	refSegments := len(e.server.Segments())

	// Four shards at once, as four processes.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	outs := make([][]byte, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for i := range 4 {
		wg.Go(func() {
			outs[i], errs[i] = e.command(ctx, e.dsn, "--out", "out", "--shard", fmt.Sprintf("%d/4", i)).CombinedOutput()
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("shard %d: %v\n%s", i, err, outs[i])
		}
	}
	sent := sentCount(e.server)
	shardPaid := 0
	for text, n := range sent {
		if !unique[text] {
			t.Errorf("sent %q, which is not in the input", text)
		}
		if n != 1 && n != 2 { // once by the reference run, once by a shard
			t.Errorf("%q was sent %d times", text, n)
		}
		shardPaid += n - 1
	}
	if len(e.server.Segments())-refSegments != len(unique) || shardPaid != len(unique) {
		t.Errorf("the shards sent %d segments for %d unique sentences", len(e.server.Segments())-refSegments, len(unique))
	}
	total := 0
	for i := range 4 {
		sum := readSummary(t, filepath.Join(e.dir, "out", fmt.Sprintf("shard-%d-of-4", i)))
		paid := sum.UniqueSentences - sum.OtherShards
		if sum.Shard != fmt.Sprintf("%d/4", i) || sum.Failures != 0 || int(sum.Providers["openai"].Segments) != paid {
			t.Errorf("shard %d summary: %+v", i, sum)
		}
		total += paid
	}
	if total != len(unique) {
		t.Errorf("the shards' parts add up to %d, want %d", total, len(unique))
	}

	before := e.server.Calls()
	e.run(t, e.dsn, "--out", "out")
	if e.server.Calls() != before {
		t.Errorf("the finishing run made %d provider calls", e.server.Calls()-before)
	}
	sum := readSummary(t, filepath.Join(e.dir, "out"))
	if sum.ProviderCalls != 0 || sum.CacheHits != len(unique) || sum.Pairs != sum.Sentences {
		t.Errorf("finishing summary: %+v", sum)
	}
	sameCorpus(t, filepath.Join(e.dir, "one-again"), filepath.Join(e.dir, "out"))
}

func TestKilledShardPaysOnlyWhatIsMissing(t *testing.T) {
	storetest.SkipWithoutPostgres(t)
	var slow sync.Mutex
	delay := 40 * time.Millisecond
	e := newEnv(t, func(int, http.ResponseWriter, *http.Request, *openaitest.Request, *[]openaitest.Segment) bool {
		slow.Lock()
		d := delay
		slow.Unlock()
		time.Sleep(d)
		return false
	})
	unique := writeInput(t, e.dir, 2, 300)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := e.command(ctx, e.dsn, "--out", "out", "--shard", "0/2", "--batch-size", "4", "--workers", "1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for e.server.Calls() < 8 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the shard was not killed (%v): it finished before the kill\n%s", err, out.String())
	}
	atKill := cachedTexts(t, e.dsn)
	sentBefore := len(e.server.Segments())
	if len(atKill) == 0 {
		t.Fatalf("nothing was cached before the kill (%d segments sent)", sentBefore)
	}

	slow.Lock()
	delay = 0
	slow.Unlock()
	e.run(t, e.dsn, "--out", "out", "--shard", "0/2")
	rerun := e.server.Segments()[sentBefore:]
	sum := readSummary(t, filepath.Join(e.dir, "out", "shard-0-of-2"))
	part := sum.UniqueSentences - sum.OtherShards
	for _, text := range rerun {
		if _, ok := atKill[text]; ok {
			t.Errorf("the rerun paid again for %q, cached before the kill", text)
		}
	}
	if len(rerun)+len(atKill) != part || len(atKill) >= part {
		t.Errorf("part of %d sentences: %d cached before the kill, %d paid by the rerun", part, len(atKill), len(rerun))
	}
	if sum.CacheHits != len(atKill) {
		t.Errorf("the rerun found %d sentences in the cache, want %d", sum.CacheHits, len(atKill))
	}

	// The other shard and the finishing run complete the corpus.
	e.run(t, e.dsn, "--out", "out", "--shard", "1/2")
	before := e.server.Calls()
	e.run(t, e.dsn, "--out", "out")
	if e.server.Calls() != before {
		t.Errorf("the finishing run made %d provider calls", e.server.Calls()-before)
	}
	if got := cachedTexts(t, e.dsn); len(got) != len(unique) {
		t.Errorf("the cache holds %d entries, want %d", len(got), len(unique))
	}
	t.Logf("killed after %d segments sent, %d cached; rerun paid %d of its part of %d", sentBefore, len(atKill), len(rerun), part)
}

func TestEightProcessesLoseNoEntry(t *testing.T) {
	storetest.SkipWithoutPostgres(t)
	e := newEnv(t, nil)
	const procs, each, shared = 8, 250, 100
	want := map[string]bool{}
	for p := range procs {
		var b strings.Builder
		for i := range each {
			s := fmt.Sprintf("प्रक्रिया %d का वाक्य %d है।", p, i)
			if i < shared {
				s = fmt.Sprintf("सभी का साझा वाक्य %d है।", i)
			}
			want[s] = true
			b.WriteString(s + "\n")
		}
		path := filepath.Join(e.dir, fmt.Sprintf("in%d", p), "doc.txt")
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, procs)
	outs := make([][]byte, procs)
	for p := range procs {
		wg.Go(func() {
			cmd := e.command(ctx, e.dsn, "--input-format", "lines", "--batch-size", "2", "--workers", "4", "--out", fmt.Sprintf("out%d", p))
			cmd.Args[len(cmd.Args)-1] = fmt.Sprintf("in%d", p)
			outs[p], errs[p] = cmd.CombinedOutput()
		})
	}
	wg.Wait()
	for p, err := range errs {
		if err != nil {
			t.Fatalf("process %d: %v\n%s", p, err, outs[p])
		}
	}
	got := cachedTexts(t, e.dsn)
	if len(got) != len(want) {
		t.Errorf("the cache holds %d entries, want %d", len(got), len(want))
	}
	for s := range want {
		if got[s] != openaitest.Translate(s) {
			t.Errorf("entry %q = %q", s, got[s])
		}
	}
	t.Logf("%d processes, %d segments sent, %d entries", procs, len(e.server.Segments()), len(got))
}
