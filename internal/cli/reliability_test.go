package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
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

	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/fake"
)

// These tests reproduce the edges where batch runs fail in life: a full
// disk (a small tmpfs, so they need root), a damaged cache file, dead and
// silent servers, FIFOs and real signals.

// mountTmpfs mounts a tmpfs of the given size (such as "2m") on a new
// folder and unmounts it when the test ends. It skips the test when the
// process is not root or the mount fails.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs (a full disk); run the tests as root to include it")
	}
	dir := filepath.Join(t.TempDir(), "tmpfs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs on %s (%v: %s); run as root where mount is allowed to include this test", dir, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// hindiSentences returns n distinct Hindi sentences of about 100
// characters, numbered from first.
func hindiSentences(first, n int) []string {
	subjects := []string{"राम", "सीता", "मोहन", "गीता", "सरकार", "समिति", "किसान", "शिक्षक"}
	objects := []string{"नई किताबें", "पुराने अखबार", "लंबी रिपोर्ट", "सरकारी आदेश", "बाज़ार के भाव", "मौसम की खबर"}
	out := make([]string, n)
	for i := range n {
		k := first + i
		out[i] = fmt.Sprintf("%s ने कल शाम %d बजे दिल्ली के पुराने पुस्तकालय में बैठकर %s ध्यान से पढ़ीं और अपने मित्रों को %d पत्र लिखे।",
			subjects[k%len(subjects)], k, objects[k%len(objects)], k*7+3)
	}
	return out
}

// writeText writes sentences to a text document, one a line.
func writeText(t *testing.T, path string, sentences []string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Join(sentences, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// snapshot reads every file of dir by name.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func TestFullOutputDiskLeavesPreviousSet(t *testing.T) {
	disk := mountTmpfs(t, "2m")
	dir := isolate(t)
	out := filepath.Join(disk, "out")
	var sent atomic.Int64
	f, _, errOut := testFactory(t, countingSpec("counting", &sent, nil))

	small := writeText(t, filepath.Join(dir, "small.txt"), hindiSentences(0, 20))
	if code := Run(context.Background(), f, []string{"translate", "--provider", "counting", "--no-cache", "--out", out, small}); code != ExitOK {
		t.Fatalf("first run: exit %d: %s", code, errOut)
	}
	before := snapshot(t, out)

	// About 2.5 kB of output a sentence in five files: 2,000 sentences
	// do not fit in 2 MB.
	big := writeText(t, filepath.Join(dir, "big.txt"), hindiSentences(100, 2000))
	errOut.Reset()
	code := Run(context.Background(), f, []string{"translate", "--provider", "counting", "--no-cache", "--out", out, big})
	if code != ExitPartial {
		t.Fatalf("full disk: exit %d, want %d: %s", code, ExitPartial, errOut)
	}
	if !strings.Contains(errOut.String(), "no space left on device") || !strings.Contains(errOut.String(), "previous run") {
		t.Errorf("stderr does not give the reason and say the previous set was kept: %s", errOut)
	}
	after := snapshot(t, out)
	if len(after) != len(before) {
		t.Errorf("files after the failed run: %v, before: %v", keys(after), keys(before))
	}
	for name, b := range before {
		if after[name] != b {
			t.Errorf("%s changed by the failed run (%d bytes, was %d)", name, len(after[name]), len(b))
		}
	}
}

func TestStaleTemporaryFilesAreRemoved(t *testing.T) {
	dir := isolate(t)
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := []string{"pairs.tsv.123456.partial", "corpus.en.99.partial", "summary.json.7.partial"}
	for _, name := range stale {
		if err := os.WriteFile(filepath.Join(out, name), []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mine := filepath.Join(out, "notes.partial") // not ours: kept
	if err := os.WriteFile(mine, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	var sent atomic.Int64
	f, _, errOut := testFactory(t, countingSpec("counting", &sent, nil))
	in := writeText(t, filepath.Join(dir, "in.txt"), hindiSentences(0, 5))
	if code := Run(context.Background(), f, []string{"translate", "--provider", "counting", "--out", out, in}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, name := range stale {
		if _, err := os.Stat(filepath.Join(out, name)); !os.IsNotExist(err) {
			t.Errorf("stale %s kept", name)
		}
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("a file that is not anuvad's was removed: %v", err)
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestFullCacheDiskKeepsEveryTranslation(t *testing.T) {
	disk := mountTmpfs(t, "2m")
	dir := isolate(t)
	out := filepath.Join(dir, "out")
	var first, second atomic.Int64
	f, _, errOut := testFactory(t, countingSpec("first", &first, nil), countingSpec("second", &second, nil))
	const n = 6000 // about 3 kB of cache a sentence with its WAL: far over 2 MB
	in := writeText(t, filepath.Join(dir, "in.txt"), hindiSentences(0, n))
	code := Run(context.Background(), f, []string{"translate", "--provider", "first,second", "--cache", filepath.Join(disk, "cache.db"), "--out", out, in})
	if code != ExitOK {
		t.Fatalf("exit %d, want 0: %s", code, errOut)
	}
	sum := readSummary(t, out)
	if sum.Pairs != n || sum.Failures != 0 {
		t.Errorf("pairs %d, failures %d; want %d pairs, no failure", sum.Pairs, sum.Failures, n)
	}
	if got := len(lines(t, filepath.Join(out, output.MosesTarget))); got != n {
		t.Errorf("corpus.en has %d lines, want %d", got, n)
	}
	if sum.NotCached == 0 || sum.NotCached >= n {
		t.Errorf("not_cached = %d, want some but not all of %d", sum.NotCached, n)
	}
	if first.Load() != n || second.Load() != 0 {
		t.Errorf("segments sent: first %d, second %d; want %d and 0 (no link buys an answer again)", first.Load(), second.Load(), n)
	}
	if c := strings.Count(errOut.String(), "cannot store translations"); c != 1 {
		t.Errorf("the cache warning appears %d times, want once: %s", c, errOut)
	}
	if !strings.Contains(errOut.String(), filepath.Join(disk, "cache.db")) || !strings.Contains(errOut.String(), "full") {
		t.Errorf("the warning does not name the cache and the error: %s", errOut)
	}
}

func TestDamagedCacheIsAnErrorAtStart(t *testing.T) {
	dir := isolate(t)
	out := filepath.Join(dir, "out")
	cachePath := filepath.Join(dir, "cache.db")
	var sent atomic.Int64
	f, _, errOut := testFactory(t, countingSpec("counting", &sent, nil))
	in := writeText(t, filepath.Join(dir, "in.txt"), hindiSentences(0, 1500))
	if code := Run(context.Background(), f, []string{"translate", "--provider", "counting", "--cache", cachePath, "--out", out, in}); code != ExitOK {
		t.Fatalf("first run: exit %d: %s", code, errOut)
	}
	// 8 kB of garbage in the middle of the file.
	fh, err := os.OpenFile(cachePath, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := fh.Stat()
	if fi.Size() < 64<<10 {
		t.Fatalf("cache is only %d bytes", fi.Size())
	}
	if _, err := fh.WriteAt([]byte(strings.Repeat("garbage!", 1024)), fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	before := snapshot(t, out)
	sent.Store(0)
	errOut.Reset()
	code := Run(context.Background(), f, []string{"translate", "--provider", "counting", "--cache", cachePath, "--out", out, in})
	if code != ExitPartial {
		t.Fatalf("exit %d, want %d: %s", code, ExitPartial, errOut)
	}
	msg := errOut.String()
	if !strings.Contains(msg, cachePath) || !strings.Contains(msg, "--no-cache") || !strings.Contains(msg, "move the file aside") {
		t.Errorf("stderr does not name the cache and the remedy: %s", msg)
	}
	if strings.Count(msg, "\n") > 2 {
		t.Errorf("more than one message: %s", msg)
	}
	if sent.Load() != 0 {
		t.Errorf("%d segments sent before the damaged cache was reported", sent.Load())
	}
	if after := snapshot(t, out); len(after) != len(before) || after[output.MosesTarget] != before[output.MosesTarget] {
		t.Error("the outputs changed")
	}
}

// closedPort returns a loopback address with nothing listening on it.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestURLCredentialsAreNeverShown(t *testing.T) {
	dir := isolate(t)
	out := filepath.Join(dir, "out")
	const secret = "s3cret-pass"
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_BASE_URL", "http://alice:"+secret+"@"+closedPort(t)+"/v1")
	t.Setenv("ANUVAD_PROVIDERS_GOOGLE_ENDPOINT", "https://bob:"+secret+"@"+closedPort(t)+"/")
	t.Setenv("ANUVAD_RETRY_ATTEMPTS", "2")
	t.Setenv("ANUVAD_RETRY_INITIAL", "1ms")
	in := writeText(t, filepath.Join(dir, "in.txt"), hindiSentences(0, 3))
	var shown strings.Builder
	for _, args := range [][]string{
		{"config"},
		{"config", "--keys"},
		{"translate", "--provider", "openai", "--log-level", "debug", "--out", out, in},
		{"translate", "--provider", "openai", "--log-level", "debug", "--log-format", "json", "--out", out, in},
	} {
		f, stdout, stderr := testFactory(t)
		code := Run(context.Background(), f, args)
		shown.WriteString(stdout.String() + stderr.String())
		if args[0] == "config" && (code != ExitOK || !strings.Contains(stdout.String(), "http://REDACTED@127.0.0.1")) {
			t.Errorf("%v: exit %d, base_url not shown redacted: %s", args, code, stdout)
		}
		if args[0] == "translate" && code == ExitOK {
			t.Errorf("%v: exit 0 against a closed port", args)
		}
	}
	if entries, err := os.ReadDir(out); err == nil {
		for _, e := range entries {
			b, _ := os.ReadFile(filepath.Join(out, e.Name()))
			shown.WriteString(string(b))
		}
	}
	if strings.Contains(shown.String(), secret) {
		t.Errorf("the URL password was shown:\n%s", shown.String())
	}
	if !strings.Contains(shown.String(), "127.0.0.1") {
		t.Errorf("nothing names the server, so the test proves nothing:\n%s", shown.String())
	}
}

// failingSpec is a fake provider that fails, without retry, every segment
// whose text contains marker.
func failingSpec(name, marker string) providers.Spec {
	return providers.Spec{
		Name:        name,
		Description: "test provider that refuses some segments",
		New: func(context.Context, config.Settings, *slog.Logger) (providers.Provider, error) {
			return fake.New(fake.Options{Name: name, FailSegment: func(_ int, seg providers.Segment) error {
				if strings.Contains(seg.Text, marker) {
					return errors.New("refused by the test provider")
				}
				return nil
			}}), nil
		},
	}
}

func TestLinesModeKeepsLineForLine(t *testing.T) {
	dir := isolate(t)
	out := filepath.Join(dir, "out")
	input := hindiSentences(0, 400)
	failed := map[int]bool{}
	for i := range input {
		switch {
		case i%13 == 5:
			input[i] += " अस्वीकार" // the provider refuses these
			failed[i] = true
		case i%50 == 7:
			input[i] = "" // empty lines stay empty
		}
	}
	in := writeText(t, filepath.Join(dir, "in.hi"), input)
	f, _, errOut := testFactory(t, failingSpec("picky", "अस्वीकार"))
	code := Run(context.Background(), f, []string{"translate", "--provider", "picky", "--input-format", "lines", "--out", out, in})
	if code != ExitPartial {
		t.Fatalf("exit %d, want %d: %s", code, ExitPartial, errOut)
	}
	hi := readAllLines(t, filepath.Join(out, output.MosesSource))
	en := readAllLines(t, filepath.Join(out, output.MosesTarget))
	if len(hi) != len(input) || len(en) != len(input) {
		t.Fatalf("corpus.hi %d lines, corpus.en %d lines; input %d lines", len(hi), len(en), len(input))
	}
	for i, line := range input {
		if hi[i] != line {
			t.Errorf("corpus.hi line %d = %q, want %q", i+1, hi[i], line)
		}
		want := fake.Prefix(line)
		if failed[i] || line == "" {
			want = ""
		}
		if en[i] != want {
			t.Errorf("corpus.en line %d = %q, want %q", i+1, en[i], want)
		}
	}
	if tsv := lines(t, filepath.Join(out, output.TSVFile)); len(tsv) != len(input)-len(failed) {
		t.Errorf("tsv has %d rows, want %d (failed lines left out)", len(tsv), len(input)-len(failed))
	}
	var gotLines []int
	for _, l := range lines(t, filepath.Join(out, output.FailureFile)) {
		var fl corpus.Failure
		if err := json.Unmarshal([]byte(l), &fl); err != nil {
			t.Fatal(err)
		}
		gotLines = append(gotLines, fl.Line)
		if fl.Hi != input[fl.Line-1] {
			t.Errorf("failure at line %d holds %q, input line is %q", fl.Line, fl.Hi, input[fl.Line-1])
		}
	}
	if len(gotLines) != len(failed) {
		t.Errorf("failures.jsonl lists lines %v, want %d lines", gotLines, len(failed))
	}
}

// readAllLines returns the lines of a file, empty ones included.
func readAllLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// runMainEnv makes the test binary run anuvad itself (see TestMain), so
// startChild gets a child with real signals and real exit codes.
const runMainEnv = "ANUVAD_TEST_RUN_MAIN"

// runningAnuvad is anuvad running in a child process.
type runningAnuvad struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	done   chan struct{}
	code   int
}

// startChild starts anuvad with args in dir, with the extra environment
// variables env. The child is killed when the test ends.
func startChild(t *testing.T, dir string, stdin io.Reader, env []string, args ...string) *runningAnuvad {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), runMainEnv+"=1", "XDG_CACHE_HOME="+filepath.Join(dir, "xdg-cache"), "HOME="+dir), env...)
	cmd.Stdin = stdin
	c := &runningAnuvad{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan struct{})}
	cmd.Stderr = &lockedWriter{w: c.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = cmd.Wait()
		c.code = cmd.ProcessState.ExitCode()
		close(c.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-c.done
	})
	return c
}

// wait waits at most d for the child to end and returns its exit code.
func (c *runningAnuvad) wait(t *testing.T, d time.Duration) int {
	t.Helper()
	select {
	case <-c.done:
		return c.code
	case <-time.After(d):
		_ = c.cmd.Process.Kill()
		<-c.done
		t.Fatalf("anuvad did not end within %s; stderr:\n%s", d, c.stderrString())
		return -1
	}
}

func (c *runningAnuvad) stderrString() string {
	lw := c.cmd.Stderr.(*lockedWriter)
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return c.stderr.String()
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestFIFOInInputFolderIsSkipped(t *testing.T) {
	dir := isolate(t)
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	writeText(t, filepath.Join(in, "a.txt"), hindiSentences(0, 3))
	if err := syscall.Mkfifo(filepath.Join(in, "b.txt"), 0o644); err != nil {
		t.Skipf("cannot make a FIFO: %v", err)
	}
	writeText(t, filepath.Join(in, "c.txt"), hindiSentences(3, 3))
	out := filepath.Join(dir, "out")
	var sent atomic.Int64
	f, _, errOut := testFactory(t, countingSpec("counting", &sent, nil))
	done := make(chan int, 1)
	go func() {
		done <- Run(context.Background(), f, []string{"translate", "--provider", "counting", "--out", out, in})
	}()
	var code int
	select {
	case code = <-done:
	case <-time.After(20 * time.Second):
		// Unblock the reader so the test binary can end.
		if fifo, err := os.OpenFile(filepath.Join(in, "b.txt"), os.O_RDWR, 0); err == nil {
			fifo.Close()
		}
		t.Fatal("the run hung on the FIFO")
	}
	if code != ExitPartial {
		t.Errorf("exit %d, want %d", code, ExitPartial)
	}
	if !strings.Contains(errOut.String(), "b.txt") || !strings.Contains(errOut.String(), "named pipe") {
		t.Errorf("stderr does not name the FIFO: %s", errOut)
	}
	if n := len(lines(t, filepath.Join(out, output.TSVFile))); n != 6 {
		t.Errorf("%d pairs written, want the 6 of the regular files", n)
	}
}

func TestSignalEndsARunBlockedOnStdin(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			// A pipe nobody writes to: reading stdin blocks for ever.
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			c := startChild(t, dir, r, nil, "translate", "--out", filepath.Join(dir, "out"), "-")
			r.Close()
			time.Sleep(500 * time.Millisecond)
			if err := c.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if code := c.wait(t, 10*time.Second); code != ExitInterrupted {
				t.Errorf("exit %d after %s, want %d; stderr:\n%s", code, sig, ExitInterrupted, c.stderrString())
			}
		})
	}
}
