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
	"net/http"
	"net/http/httptest"
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
	"unicode"
	"unicode/utf8"

	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/pipeline"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/fake"
	"github.com/anuvad/anuvad/providers/google/googletest"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
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

// cloudIsolate keeps the test away from the user's configuration, cache and
// credentials, with the retry policy left at its defaults.
func cloudIsolate(t *testing.T) string {
	t.Helper()
	dir := isolate(t)
	for _, k := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "GOOGLE_API_KEY", "GOOGLE_CLOUD_PROJECT", "GOOGLE_APPLICATION_CREDENTIALS"} {
		t.Setenv(k, "")
	}
	t.Setenv("ANUVAD_CACHE_PATH", filepath.Join(dir, "cache.db"))
	return dir
}

// silentListener accepts connections and never answers; it closes them
// when the test ends.
func silentListener(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}

func TestDeadProviderFailsFast(t *testing.T) {
	const n = 300 // 15 requests of 20 sentences
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) string // returns the base URL
	}{
		{"nothing listening", func(t *testing.T) string { return "http://" + closedPort(t) + "/v1" }},
		{"accepts and never answers", func(t *testing.T) string {
			t.Setenv("ANUVAD_RETRY_REQUEST_TIMEOUT", "300ms")
			return "http://" + silentListener(t) + "/v1"
		}},
		{"no such host", func(t *testing.T) string {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if _, err := net.DefaultResolver.LookupHost(ctx, "no-such-host.invalid"); ctx.Err() != nil {
				t.Skipf("the resolver does not answer in 2s here (%v); a failed lookup is tested where it does", err)
			}
			return "http://no-such-host.invalid/v1"
		}},
		{"untrusted certificate", func(t *testing.T) string {
			srv := httptest.NewTLSServer(http.NotFoundHandler())
			t.Cleanup(srv.Close)
			return srv.URL + "/v1"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := cloudIsolate(t)
			t.Setenv("ANUVAD_PROVIDERS_OPENAI_BASE_URL", tc.setup(t))
			t.Setenv("OPENAI_API_KEY", "sk-test")
			in := writeText(t, filepath.Join(dir, "in.txt"), hindiSentences(0, n))
			out := filepath.Join(dir, "out")
			f, _, errOut := testFactory(t)
			start := time.Now()
			code := Run(context.Background(), f, []string{"translate", "--provider", "openai", "--budget", "1", "--out", out, in})
			elapsed := time.Since(start)
			if code != ExitPartial {
				t.Fatalf("exit %d, want %d: %s", code, ExitPartial, errOut)
			}
			if elapsed > 15*time.Second {
				t.Errorf("took %s to give up on a dead server", elapsed)
			}
			msg := errOut.String()
			if strings.Count(msg, "openai is down") != 1 {
				t.Errorf("want one message saying openai is down:\n%s", msg)
			}
			if c := strings.Count(msg, "\n"); c > 8 {
				t.Errorf("%d lines on stderr, want a short report:\n%s", c, msg)
			}
			sum := readSummary(t, out)
			if sum.Error == "" || sum.Failures != 0 {
				t.Errorf("summary error %q, failures %d: want the reason and no sentence reported failed (a rerun translates them)", sum.Error, sum.Failures)
			}
			if sum.CostUSD != 0 {
				t.Errorf("cost_usd = %g for a server that answered nothing", sum.CostUSD)
			}
			if tc.name != "accepts and never answers" && (sum.CharsSent != 0 || sum.ProviderCalls != 0) {
				t.Errorf("%d calls, %d characters sent to a server nobody reached", sum.ProviderCalls, sum.CharsSent)
			}
		})
	}
}

// slowOpenAI is a fake OpenAI server that answers each request after
// delay, and closes itself (as a killed server) once it has answered
// killAfter requests, if killAfter > 0.
func slowOpenAI(t *testing.T, delay time.Duration, killAfter int) *openaitest.Server {
	t.Helper()
	var s *openaitest.Server
	var answered atomic.Int64
	s = openaitest.NewServer(t, openaitest.Options{Fault: func(call int, w http.ResponseWriter, r *http.Request, req *openaitest.Request, out *[]openaitest.Segment) bool {
		if killAfter > 0 && answered.Load() >= int64(killAfter) {
			// Killed: nothing answers any more.
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
				}
			}
			return true
		}
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return true
		}
		if killAfter > 0 && answered.Add(1) == int64(killAfter) {
			go s.Close()
		}
		return false
	}})
	return s
}

func TestServerKilledMidRun(t *testing.T) {
	const n = 400 // 20 requests of 20 sentences
	for _, chain := range []string{"openai,offline", "openai"} {
		t.Run(chain, func(t *testing.T) {
			dir := cloudIsolate(t)
			s := slowOpenAI(t, 20*time.Millisecond, 5)
			useOpenAI(t, s, "sk-test")
			in := writeText(t, filepath.Join(dir, "in.txt"), hindiSentences(0, n))
			out := filepath.Join(dir, "out")
			f, _, errOut := testFactory(t)
			start := time.Now()
			code := Run(context.Background(), f, []string{"translate", "--provider", chain, "--out", out, in})
			if elapsed := time.Since(start); elapsed > 20*time.Second {
				t.Errorf("took %s", elapsed)
			}
			sum := readSummary(t, out)
			byProvider := map[string]int{}
			for _, p := range readPairs(t, out) {
				byProvider[p.Provider]++
			}
			if chain == "openai" {
				if code != ExitPartial || !strings.Contains(errOut.String(), "openai is down") {
					t.Fatalf("exit %d, want %d and a message saying openai is down: %s", code, ExitPartial, errOut)
				}
				if sum.Pairs == 0 || sum.Pairs >= n || byProvider["openai"] != sum.Pairs {
					t.Errorf("pairs %d (%v): want the finished prefix, all from openai", sum.Pairs, byProvider)
				}
				return
			}
			if code != ExitOK {
				t.Fatalf("exit %d, want 0 (offline takes what openai could not): %s", code, errOut)
			}
			if sum.Pairs != n || byProvider["openai"] == 0 || byProvider["offline"] == 0 {
				t.Errorf("pairs %d by provider %v: want all %d, from both", sum.Pairs, byProvider, n)
			}
			if !strings.Contains(errOut.String(), "provider down") {
				t.Errorf("stderr does not say openai went down: %s", errOut)
			}
		})
	}
}

func TestMissingSettingsAreConfigErrors(t *testing.T) {
	for _, provider := range []string{"openai", "google"} {
		t.Run(provider, func(t *testing.T) {
			dir := cloudIsolate(t)
			in := writeText(t, filepath.Join(dir, "in.txt"), hindiSentences(0, 5))
			out := filepath.Join(dir, "out")
			f, _, errOut := testFactory(t)
			start := time.Now()
			code := Run(context.Background(), f, []string{"translate", "--provider", provider, "--out", out, in})
			if code != ExitUsage {
				t.Errorf("exit %d, want %d: %s", code, ExitUsage, errOut)
			}
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Errorf("took %s", elapsed)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("work started before the configuration error: %v", err)
			}
			t.Log(errOut.String())
		})
	}
}

func TestBudgetIsRealMoney(t *testing.T) {
	dir := cloudIsolate(t)
	s := googletest.NewV2(t, googletest.V2Options{Key: "g-key"})
	useGoogle(t, s, "g-key")
	const n = 400
	sentences := hindiSentences(0, n)
	in := writeText(t, filepath.Join(dir, "in.txt"), sentences)
	out := filepath.Join(dir, "out")
	// At $20 a million characters, $0.30 pays for 15,000 characters: about
	// a third of the input.
	const budget = 0.30
	f, _, errOut := testFactory(t)
	code := Run(context.Background(), f, []string{"translate", "--provider", "google", "--workers", "4", "--budget", fmt.Sprint(budget), "--out", out, in})
	if code != ExitPartial || !strings.Contains(errOut.String(), "budget reached") {
		t.Fatalf("exit %d, want %d and the budget named: %s", code, ExitPartial, errOut)
	}
	served := 0
	for _, r := range s.Requests() {
		for _, q := range r.Q {
			served += len([]rune(q))
		}
	}
	sum := readSummary(t, out)
	want := float64(served) * 20 / 1e6
	if diff := sum.CostUSD - want; diff > 1e-9 || diff < -1e-9 || sum.Providers["google"].USD != sum.CostUSD {
		t.Errorf("cost_usd %g (google %g), want %g: the %d characters the server answered", sum.CostUSD, sum.Providers["google"].USD, want, served)
	}
	if sum.CostUSD > budget || sum.CostUSD < budget/2 || sum.Budget != budget {
		t.Errorf("cost_usd %g, budget %g: want most of the budget of %g spent, never more", sum.CostUSD, sum.Budget, budget)
	}
	if !strings.Contains(errOut.String(), fmt.Sprintf("cost about $%.4f (budget $%.4f)", sum.CostUSD, budget)) {
		t.Errorf("stderr does not print the cost and the budget: %s", errOut)
	}
	if sum.Pairs == 0 || sum.Failures != 0 {
		t.Errorf("pairs %d, failures %d: want the finished prefix and no failure", sum.Pairs, sum.Failures)
	}

	// Every answered segment was kept: the rest of the work, with a larger
	// budget, sends none of them again.
	errOut.Reset()
	if code := Run(context.Background(), f, []string{"translate", "--provider", "google", "--budget", "5", "--out", out, in}); code != ExitOK {
		t.Fatalf("second run: exit %d: %s", code, errOut)
	}
	sentOnce(t, sentTexts(s), sentences)
	if sum := readSummary(t, out); sum.Pairs != n {
		t.Errorf("second run wrote %d pairs, want %d", sum.Pairs, n)
	}
}

// sentTexts lists every text the v2 fake received.
func sentTexts(s *googletest.V2Server) []string {
	var out []string
	for _, r := range s.Requests() {
		out = append(out, r.Q...)
	}
	return out
}

// awaitCalls waits until s has received n requests.
func awaitCalls(t *testing.T, s *openaitest.Server, n int, c *runningAnuvad) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for s.Calls() < n {
		select {
		case <-c.done:
			t.Fatalf("anuvad ended (exit %d) before %d requests:\n%s", c.code, n, c.stderrString())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d requests in 30s:\n%s", s.Calls(), c.stderrString())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// openAIChildEnv points a child's openai provider at s.
func openAIChildEnv(dir string, s *openaitest.Server) []string {
	return []string{"ANUVAD_PROVIDERS_OPENAI_BASE_URL=" + s.BaseURL(), "OPENAI_API_KEY=sk-test",
		"ANUVAD_CACHE_PATH=" + filepath.Join(dir, "cache.db"), "ANUVAD_RETRY_REQUEST_TIMEOUT=10s"}
}

func TestInterruptKeepsPaidWork(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := cloudIsolate(t)
			s := slowOpenAI(t, 400*time.Millisecond, 0)
			const n = 400 // 20 requests of 20 sentences, 4 at a time
			sentences := hindiSentences(0, n)
			in := writeText(t, filepath.Join(dir, "in.txt"), sentences)
			out := filepath.Join(dir, "out")
			env := openAIChildEnv(dir, s)
			c := startChild(t, dir, nil, env, "translate", "--provider", "openai", "--workers", "4", "--out", out, in)
			awaitCalls(t, s, 6, c) // some answered, four in flight
			if err := c.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if code := c.wait(t, 15*time.Second); code != ExitInterrupted {
				t.Fatalf("exit %d after %s, want %d:\n%s", code, sig, ExitInterrupted, c.stderrString())
			}
			first := len(s.Segments())
			sum := readSummary(t, out)
			if !sum.Interrupted || sum.Pairs == 0 || sum.Pairs >= n || sum.Failures != 0 {
				t.Errorf("interrupted %v, pairs %d, failures %d: want the finished prefix", sum.Interrupted, sum.Pairs, sum.Failures)
			}
			if got := len(lines(t, filepath.Join(out, output.MosesTarget))); got != sum.Pairs {
				t.Errorf("corpus.en has %d lines, summary %d pairs", got, sum.Pairs)
			}

			// The rerun pays for no segment twice: the answers on the wire
			// at the interrupt were awaited and cached.
			for _, kv := range env {
				k, v, _ := strings.Cut(kv, "=")
				t.Setenv(k, v)
			}
			f, _, errOut := testFactory(t)
			if code := Run(context.Background(), f, []string{"translate", "--provider", "openai", "--out", out, in}); code != ExitOK {
				t.Fatalf("rerun: exit %d: %s", code, errOut)
			}
			sentOnce(t, s.Segments(), sentences)
			if sum := readSummary(t, out); sum.Pairs != n || sum.CacheHits < first {
				t.Errorf("rerun: %d pairs, %d cache hits; want %d pairs and the %d segments of the first run from the cache", sum.Pairs, sum.CacheHits, n, first)
			}
		})
	}
}

func TestSecondInterruptEndsAtOnce(t *testing.T) {
	dir := cloudIsolate(t)
	s := slowOpenAI(t, time.Hour, 0) // never answers while the test runs
	in := writeText(t, filepath.Join(dir, "in.txt"), hindiSentences(0, 100))
	c := startChild(t, dir, nil, openAIChildEnv(dir, s), "translate", "--provider", "openai", "--out", filepath.Join(dir, "out"), in)
	awaitCalls(t, s, 1, c)
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	select {
	case <-c.done:
		t.Fatalf("the first interrupt did not wait for the request in flight (exit %d)", c.code)
	default:
	}
	start := time.Now()
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code := c.wait(t, 5*time.Second)
	if code == ExitOK {
		t.Errorf("exit 0 after two interrupts")
	}
	t.Logf("ended %s after the second interrupt", time.Since(start))
}

func TestKilledRunLeavesNoLitter(t *testing.T) {
	dir := cloudIsolate(t)
	s := slowOpenAI(t, 200*time.Millisecond, 0)
	in := writeText(t, filepath.Join(dir, "in.txt"), hindiSentences(0, 200))
	out := filepath.Join(dir, "out")
	env := openAIChildEnv(dir, s)
	c := startChild(t, dir, nil, env, "translate", "--provider", "openai", "--out", out, in)
	awaitCalls(t, s, 2, c)
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	c.wait(t, 5*time.Second)
	partial, _ := filepath.Glob(filepath.Join(out, "*.partial"))
	if len(partial) == 0 {
		t.Fatal("kill -9 left no temporary file: the test proves nothing")
	}
	// The next run in the same folder removes them.
	c = startChild(t, dir, nil, env, "translate", "--provider", "openai", "--out", out, in)
	if code := c.wait(t, 30*time.Second); code != ExitOK {
		t.Fatalf("rerun: exit %d:\n%s", code, c.stderrString())
	}
	if left, _ := filepath.Glob(filepath.Join(out, "*.partial")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestHostileLineIsANamedFailureInBoundedMemory(t *testing.T) {
	dir := cloudIsolate(t)
	in := filepath.Join(dir, "in.hi")
	fh, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	fh.WriteString("पहली पंक्ति।\n")
	chunk := []byte(strings.Repeat("अक्षर ", 1000))
	for written := 0; written < 50<<20; written += len(chunk) { // a 50 MB line
		fh.Write(chunk)
	}
	fh.WriteString("\nतीसरी पंक्ति।\n")
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	c := startChild(t, dir, nil, nil, "translate", "--input-format", "lines", "--no-cache", "--out", out, in)
	if code := c.wait(t, 60*time.Second); code != ExitPartial {
		t.Fatalf("exit %d, want %d:\n%s", code, ExitPartial, c.stderrString())
	}
	if ru, ok := c.cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		if peak := ru.Maxrss << 10; peak > 300<<20 {
			t.Errorf("peak memory %d MB for a 50 MB line", peak>>20)
		} else {
			t.Logf("peak memory %d MB for a 50 MB line", peak>>20)
		}
	}
	en := readAllLines(t, filepath.Join(out, output.MosesTarget))
	if len(en) != 3 || en[1] != "" || en[0] == "" || en[2] == "" {
		t.Errorf("corpus.en = %d lines %q, want 3 with the second empty", len(en), en)
	}
	fails := lines(t, filepath.Join(out, output.FailureFile))
	if len(fails) != 1 || !strings.Contains(fails[0], `"line":2`) || !strings.Contains(fails[0], "max_sentence_chars") {
		t.Errorf("failures.jsonl = %q, want line 2 named as too long", fails)
	}
}

func TestTextWithoutSentenceEndsIsCutBetweenAksharas(t *testing.T) {
	dir := isolate(t)
	// 5 MB of Hindi with neither punctuation nor line breaks, and long
	// stretches without a space.
	var b strings.Builder
	for b.Len() < 5<<20 {
		b.WriteString("क्षत्रियराष्ट्रीयस्वतंत्रता ")
		b.WriteString(strings.Repeat("द्विवेदी", 600))
		b.WriteString(" ")
	}
	in := filepath.Join(dir, "in.txt")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	var sent atomic.Int64
	f, _, errOut := testFactory(t, countingSpec("counting", &sent, nil))
	if code := Run(context.Background(), f, []string{"translate", "--provider", "counting", "--no-cache", "--formats", "moses", "--out", out, in}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	hi := lines(t, filepath.Join(out, output.MosesSource))
	if len(hi) < (5<<20)/3/3000 {
		t.Fatalf("%d sentences: the text was not cut at the maximum", len(hi))
	}
	for i, s := range hi {
		if n := utf8.RuneCountInString(s); n > pipeline.DefaultMaxSentence {
			t.Fatalf("sentence %d has %d characters, more than %d", i, n, pipeline.DefaultMaxSentence)
		}
		first, _ := utf8.DecodeRuneInString(s)
		last, _ := utf8.DecodeLastRuneInString(s)
		if unicode.In(first, unicode.Mn, unicode.Mc) || last == '\u094d' {
			t.Fatalf("sentence %d is cut inside an akshara: starts %q, ends %q", i, s[:min(len(s), 12)], s[max(0, len(s)-12):])
		}
	}
}
