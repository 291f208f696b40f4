package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/providers/all"
	"github.com/anuvad/anuvad/review"
	"github.com/anuvad/anuvad/tmx"
)

// reviewText is a short Hindi document for the review tests.
const reviewText = "गाँव में नया पुल बना। बच्चे अब नदी पार करके स्कूल जाते हैं। पुल की लंबाई 120 मीटर है। लोगों ने सरकार को धन्यवाद दिया।\n"

// translateForReview translates reviewText into dir/out with a cache at
// dir/cache.db and returns the out folder and the cache path. dir is the
// working directory (see isolate).
func translateForReview(t *testing.T, dir string) (string, string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "in", "pul.txt"), reviewText)
	in := filepath.Join("in", "pul.txt") // documents are named as given
	out, db := filepath.Join(dir, "out"), filepath.Join(dir, "cache.db")
	if code, _, stderr := run(t, "translate", "--quiet", "--out", out, "--cache", db, in); code != ExitOK {
		t.Fatalf("translate: exit %d: %s", code, stderr)
	}
	return out, db
}

// syncBuffer is a bytes.Buffer safe to read while a command writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startReview runs `anuvad review` with args until stop is called, and
// returns the address it printed and stop, which returns the exit code.
func startReview(t *testing.T, args ...string) (string, func() int) {
	t.Helper()
	f, _, _ := testFactory(t)
	out, errOut := &syncBuffer{}, &syncBuffer{}
	f.IO.Out, f.IO.ErrOut = out, errOut
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() { code <- Run(ctx, f, append([]string{"review"}, args...)) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if addr := addressIn(out.String()); addr != "" {
			stop := sync.OnceValue(func() int { cancel(); return <-code })
			t.Cleanup(func() { stop() })
			return addr, stop
		}
		select {
		case c := <-code:
			cancel()
			t.Fatalf("review ended with %d before printing its address: %s %s", c, out, errOut)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no address printed in 30s: %s %s", out, errOut)
		}
	}
}

// addressIn returns the http:// line of the review command's output.
func addressIn(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "http://") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// decide posts a decision on pair n the way the page's script does.
func decide(t *testing.T, addr string, n int, req review.DecisionRequest) review.Item {
	t.Helper()
	base, token, _ := strings.Cut(addr, "/?token=")
	b, _ := json.Marshal(req)
	hr, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/pairs/%d", base, n), bytes.NewReader(b))
	hr.Header.Set(review.TokenHeader, token)
	res, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("decision %+v: %d %s", req, res.StatusCode, body)
	}
	var it review.Item
	if err := json.Unmarshal(body, &it); err != nil {
		t.Fatal(err)
	}
	return it
}

func TestReviewRefusesNonLoopbackAddresses(t *testing.T) {
	isolate(t)
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.168.1.20:8080", "example.com:80", "[::]:0", "nonsense"} {
		code, _, stderr := run(t, "review", "--addr", addr)
		if code != ExitUsage || !strings.Contains(stderr, "--addr") {
			t.Errorf("--addr %s: exit %d, %s", addr, code, stderr)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:8700", "[::1]:0", "127.0.0.2:0"} {
		f, _, _ := testFactory(t)
		var got *ReviewOptions
		cmd := NewCmdReview(f, func(_ context.Context, o *ReviewOptions) error { got = o; return nil })
		cmd.SetArgs([]string{"--addr", addr})
		if err := cmd.Execute(); err != nil || got.Addr != addr {
			t.Errorf("--addr %s: %v, %+v", addr, err, got)
		}
	}
}

func TestReviewEditsReachLaterRunsAndExports(t *testing.T) {
	dir := isolate(t)
	out, db := translateForReview(t, dir)
	pairs := readPairs(t, out)
	if len(pairs) != 4 {
		t.Fatalf("%d pairs, want 4", len(pairs))
	}
	addr, stop := startReview(t, "--out", out, "--cache", db)
	if !strings.HasPrefix(addr, "http://127.0.0.1:") || len(addr) < len("http://127.0.0.1:1/?token=")+32 {
		t.Errorf("address = %q", addr)
	}
	const fixed = "The bridge is 120 metres long."
	it := decide(t, addr, 2, review.DecisionRequest{Doc: pairs[2].Doc, Index: 2, Action: "edit", En: fixed})
	if it.En != fixed || it.Reviewed != corpus.Edited {
		t.Errorf("edit answered %+v", it)
	}
	decide(t, addr, 1, review.DecisionRequest{Doc: pairs[1].Doc, Index: 1, Action: "reject"})
	decide(t, addr, 0, review.DecisionRequest{Doc: pairs[0].Doc, Index: 0, Action: "accept"})
	if code := stop(); code != ExitOK {
		t.Errorf("review stopped with exit %d", code)
	}

	// The export applies the decisions.
	if code, _, stderr := run(t, "export", "--reviewed", "--out", out); code != ExitOK || !strings.Contains(stderr, "1 accepted, 1 edited, 1 rejected") {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	tsv := strings.Join(lines(t, filepath.Join(out, output.TSVFile)), "\n")
	if strings.Contains(tsv, pairs[1].Hi) || !strings.Contains(tsv, pairs[2].Hi+"\t"+fixed) || len(lines(t, filepath.Join(out, output.MosesTarget))) != 3 {
		t.Errorf("exported tsv:\n%s", tsv)
	}
	raw, _ := os.ReadFile(filepath.Join(out, output.TMXFile))
	doc, err := tmx.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Units) != 3 || doc.Units[0].Prop(tmx.PropReviewed) != corpus.Accepted || doc.Units[1].Prop(tmx.PropReviewed) != corpus.Edited || doc.Units[2].Prop(tmx.PropReviewed) != "" {
		t.Errorf("tmx units %+v", doc.Units)
	}
	marked := readPairs(t, out)
	if marked[0].Reviewed != corpus.Accepted || marked[1].Reviewed != corpus.Rejected || marked[2].Reviewed != corpus.Edited || marked[2].Provider != cache.HumanProvider {
		t.Errorf("pairs.jsonl after export: %+v", marked)
	}

	// A later run takes the human translation from the cache, with no
	// review decisions applied yet: translate writes what it translates.
	in := filepath.Join("in", "pul.txt")
	if code, _, stderr := run(t, "translate", "--quiet", "--out", out, "--cache", db, in); code != ExitOK {
		t.Fatalf("translate again: %s", stderr)
	}
	if n := len(lines(t, filepath.Join(out, review.JournalFile))); n != 3 {
		t.Errorf("reviews.jsonl has %d decisions after a new run, want 3", n)
	}
	again := readPairs(t, out)
	if again[2].En != fixed || again[2].Provider != cache.HumanProvider || again[0].En != pairs[0].En || again[0].Provider != "offline" {
		t.Errorf("later run: %+v", again)
	}
	// And so does an export of the cache, marked.
	code, stdout, stderr := run(t, "cache", "export", "--cache", db, "--format", "tmx")
	if code != ExitOK {
		t.Fatal(stderr)
	}
	mem, err := tmx.Parse([]byte(stdout))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range mem.Units {
		if u.Variants[0].Text == pairs[2].Hi && u.Variants[1].Text == fixed {
			found = u.Prop("x-anuvad-provider") == cache.HumanProvider && u.Prop(tmx.PropReviewed) == corpus.Edited
		}
	}
	if !found {
		t.Errorf("cache export lacks the marked human translation:\n%s", stdout)
	}
}

// TestMain runs the test binary as `anuvad review` when
// TestReviewDecisionsSurviveAKill starts it as a child process, and as
// anuvad itself, signals included, when runMainEnv is set (startChild).
func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		os.Exit(Main("test", all.Registry()))
	}
	if args := os.Getenv("ANUVAD_REVIEW_CHILD"); args != "" {
		f := &Factory{IO: IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}, Registry: all.Registry(), Version: "test"}
		os.Exit(Run(context.Background(), f, strings.Split(args, "\x1f")))
	}
	os.Exit(m.Run())
}

func TestReviewDecisionsSurviveAKill(t *testing.T) {
	dir := isolate(t)
	out, db := translateForReview(t, dir)
	pairs := readPairs(t, out)
	start := func() (*exec.Cmd, string) {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "ANUVAD_REVIEW_CHILD="+strings.Join([]string{"review", "--out", out, "--cache", db}, "\x1f"))
		stdout, _ := cmd.StdoutPipe()
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "http://") {
				go io.Copy(io.Discard, stdout)
				return cmd, sc.Text()
			}
		}
		t.Fatal("the child printed no address")
		return nil, ""
	}
	child, addr := start()
	const fixed = "The new bridge was built in the village."
	decide(t, addr, 0, review.DecisionRequest{Doc: pairs[0].Doc, Index: 0, Action: "edit", En: fixed})
	decide(t, addr, 3, review.DecisionRequest{Doc: pairs[3].Doc, Index: 3, Action: "reject"})
	// The server dies without a chance to flush or close anything.
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()

	store, err := cache.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.Get(context.Background(), []cache.Key{cache.HumanKey("hi", "en", pairs[0].Hi)})
	store.Close()
	if err != nil || len(got) != 1 {
		t.Fatalf("human translation after a kill: %v %v", got, err)
	}
	_, addr = start()
	base, token, _ := strings.Cut(addr, "/?token=")
	res, err := http.Get(base + "/api/pairs?status=rejected&token=" + token)
	if err != nil {
		t.Fatal(err)
	}
	var pg review.Page
	json.NewDecoder(res.Body).Decode(&pg)
	res.Body.Close()
	if len(pg.Items) != 1 || pg.Items[0].N != 3 {
		t.Errorf("rejected after a kill and restart: %+v", pg.Items)
	}
	res, err = http.Get(base + "/api/pairs?status=edited&token=" + token)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(res.Body).Decode(&pg)
	res.Body.Close()
	if len(pg.Items) != 1 || pg.Items[0].En != fixed {
		t.Errorf("edited after a kill and restart: %+v", pg.Items)
	}
}

func TestExportFlagsParse(t *testing.T) {
	isolate(t)
	f, _, _ := testFactory(t)
	var got *ExportOptions
	cmd := NewCmdExport(f, func(_ context.Context, o *ExportOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--reviewed", "--out", "corpus", "--formats", "tmx"})
	if err := cmd.Execute(); err != nil || !got.Reviewed {
		t.Fatalf("%v, %+v", err, got)
	}
	if v, _ := got.Cmd.Flags().GetString("out"); v != "corpus" {
		t.Errorf("--out = %q", v)
	}
	// A folder with nothing to export is an error that names the file.
	if code, _, stderr := run(t, "export", "--reviewed", "--out", "nowhere"); code == ExitOK || !strings.Contains(stderr, "pairs.jsonl") {
		t.Errorf("export of an empty folder: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat("nowhere"); err == nil {
		t.Error("export created a folder with nothing in it")
	}
}
