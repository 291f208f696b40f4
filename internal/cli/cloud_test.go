package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/providers/google/googletest"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
	"github.com/anuvad/anuvad/tmx"
)

// These tests run the real command line and the real provider registry
// against the fake services of openaitest and googletest, configured only
// through the environment, as a user would.

const (
	openaiKey = "sk-test-Zq7pXk-4242"
	googleKey = "AIza-Zq7pXk-4242"
	keyMiddle = "Zq7pXk"
)

// cloudEnv isolates a test from the user's configuration, cache and
// credentials, keeps the cache in dir/cache.db and makes backoffs tiny.
func cloudEnv(t *testing.T) (dir, seeds string) {
	t.Helper()
	seeds = seedAbs(t)
	dir = isolate(t)
	for _, k := range []string{"OPENAI_API_KEY", "OPENAI_BASE_URL", "GOOGLE_API_KEY", "GOOGLE_CLOUD_PROJECT", "GOOGLE_APPLICATION_CREDENTIALS"} {
		t.Setenv(k, "")
	}
	t.Setenv("ANUVAD_CACHE_PATH", filepath.Join(dir, "cache.db"))
	t.Setenv("ANUVAD_RETRY_INITIAL", "1ms")
	t.Setenv("ANUVAD_RETRY_MAX", "5ms")
	return dir, seeds
}

// oneBatch makes the run send every sentence of the seeds in one request
// (unless retries split it), so that call counts are exact: batches are
// flushed only when full or at the end of the input.
func oneBatch(t *testing.T) {
	t.Helper()
	t.Setenv("ANUVAD_BATCH_SIZE", "100")
	t.Setenv("ANUVAD_BATCH_WAIT", "1m")
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_BATCH_SIZE", "100")
}

// useOpenAI points the openai provider at s with key.
func useOpenAI(t *testing.T, s *openaitest.Server, key string) {
	t.Helper()
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_BASE_URL", s.BaseURL())
	t.Setenv("OPENAI_API_KEY", key)
}

// useGoogle points the google provider (v2) at s with key.
func useGoogle(t *testing.T, s *googletest.V2Server, key string) {
	t.Helper()
	t.Setenv("ANUVAD_PROVIDERS_GOOGLE_ENDPOINT", s.URL)
	t.Setenv("ANUVAD_PROVIDERS_GOOGLE_API_KEY", key)
}

// seedSentences returns the sentences of the seeds, as `anuvad split`
// gives them: what every output must hold, one pair each, in this order.
func seedSentences(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(seedAbs(t), "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed files: %v", err)
	}
	f, out, errOut := testFactory(t)
	if code := Run(context.Background(), f, append([]string{"split"}, files...)); code != ExitOK {
		t.Fatalf("split: exit %d: %s", code, errOut)
	}
	s := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(s) < 10 {
		t.Fatalf("only %d seed sentences", len(s))
	}
	return s
}

// run runs anuvad with args and returns the exit code and its output.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	f, out, errOut := testFactory(t)
	code = Run(context.Background(), f, args)
	return code, out.String(), errOut.String()
}

// readPairs reads pairs.jsonl.
func readPairs(t *testing.T, out string) []corpus.Pair {
	t.Helper()
	var ps []corpus.Pair
	for i, l := range lines(t, filepath.Join(out, output.JSONLFile)) {
		var p corpus.Pair
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("jsonl line %d: %v", i, err)
		}
		ps = append(ps, p)
	}
	return ps
}

// readFailures reads failures.jsonl, which may not exist.
func readFailures(t *testing.T, out string) []corpus.Failure {
	t.Helper()
	path := filepath.Join(out, output.FailureFile)
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return nil
	}
	var fs []corpus.Failure
	for i, l := range lines(t, path) {
		var f corpus.Failure
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("failures line %d: %v", i, err)
		}
		fs = append(fs, f)
	}
	return fs
}

// expected is a pair an output must hold: the Hindi sentence and its index
// in its document.
type expected struct {
	hi    string
	index int
}

// expect lists the sentences of one document, all, as expected pairs,
// leaving out those in skip.
func expect(all []string, skip ...string) []expected {
	var out []expected
	for i, h := range all {
		if !slices.Contains(skip, h) {
			out = append(out, expected{h, i})
		}
	}
	return out
}

// checkOutputs asserts that every output format holds exactly the pairs of
// exp, in order, each with the English en(hi) and, in jsonl and tmx, the
// provider provider(hi) and the sentence's index.
func checkOutputs(t *testing.T, out string, exp []expected, en, provider func(hi string) string) {
	t.Helper()
	want := make([]string, len(exp))
	for i, e := range exp {
		want[i] = e.hi
	}
	hi, ens := lines(t, filepath.Join(out, output.MosesSource)), lines(t, filepath.Join(out, output.MosesTarget))
	if !slices.Equal(hi, want) {
		t.Errorf("corpus.hi has %d lines, want the %d seed sentences in order:\n%q", len(hi), len(want), hi)
	}
	if len(ens) != len(want) {
		t.Errorf("corpus.en has %d lines, want %d", len(ens), len(want))
	}
	tsv := lines(t, filepath.Join(out, output.TSVFile))
	if len(tsv) != len(want) {
		t.Errorf("pairs.tsv has %d rows, want %d", len(tsv), len(want))
	}
	pairs := readPairs(t, out)
	if len(pairs) != len(want) {
		t.Errorf("pairs.jsonl has %d pairs, want %d", len(pairs), len(want))
	}
	raw, err := os.ReadFile(filepath.Join(out, output.TMXFile))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := tmx.Parse(raw)
	if err != nil {
		t.Fatalf("pairs.tmx: %v", err)
	}
	if len(doc.Units) != len(want) {
		t.Errorf("pairs.tmx has %d units, want %d", len(doc.Units), len(want))
	}
	for i, h := range want {
		e, prov := en(h), provider(h)
		if i < len(ens) && ens[i] != e {
			t.Errorf("corpus.en line %d = %q, want %q", i, ens[i], e)
		}
		if i < len(tsv) && tsv[i] != h+"\t"+e {
			t.Errorf("pairs.tsv row %d = %q, want %q", i, tsv[i], h+"\t"+e)
		}
		if i < len(pairs) {
			if p := pairs[i]; p.Hi != h || p.En != e || p.Provider != prov || p.Index != exp[i].index {
				t.Errorf("pairs.jsonl %d = %+v, want %q / %q by %s", i, p, h, e, prov)
			}
		}
		if i < len(doc.Units) {
			tu := doc.Units[i]
			v := tu.Variants
			if len(v) != 2 || v[0] != (tmx.Variant{Lang: "hi", Text: h}) || v[1] != (tmx.Variant{Lang: "en", Text: e}) || tu.Prop("x-provider") != prov {
				t.Errorf("pairs.tmx unit %d = %+v, want %q / %q by %s", i, tu, h, e, prov)
			}
			if x := tu.Prop("x-index"); x != fmt.Sprint(exp[i].index) {
				t.Errorf("pairs.tmx unit %d has x-index %s, want %d", i, x, exp[i].index)
			}
		}
	}
}

// counts returns how many times each text occurs in texts.
func counts(texts []string) map[string]int {
	m := map[string]int{}
	for _, s := range texts {
		m[s]++
	}
	return m
}

// sentOnce asserts that each of want was sent exactly once.
func sentOnce(t *testing.T, sent, want []string) {
	t.Helper()
	got := counts(sent)
	for _, h := range want {
		if got[h] != 1 {
			t.Errorf("sentence sent %d times, want once: %q", got[h], h)
		}
	}
	if len(sent) != len(want) {
		t.Errorf("%d segments sent for %d unique sentences", len(sent), len(want))
	}
}

func constant(s string) func(string) string { return func(string) string { return s } }

// checkRerun runs args again and asserts the run was served wholly from
// the cache, without a call at the fake (calls reports the fake's count).
func checkRerun(t *testing.T, out string, calls func() int, args ...string) {
	t.Helper()
	before := calls()
	code, _, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("rerun: exit %d: %s", code, stderr)
	}
	if n := calls() - before; n != 0 {
		t.Errorf("rerun made %d calls at the fake, want 0", n)
	}
	sum := readSummary(t, out)
	if sum.ProviderCalls != 0 || sum.CacheHits != sum.UniqueSentences || sum.Pairs != sum.Sentences {
		t.Errorf("rerun summary: calls=%d hits=%d unique=%d pairs=%d sentences=%d", sum.ProviderCalls, sum.CacheHits, sum.UniqueSentences, sum.Pairs, sum.Sentences)
	}
	for i, p := range readPairs(t, out) {
		if !p.Cached {
			t.Errorf("rerun pair %d not marked cached: %+v", i, p)
		}
	}
}

func TestCloudOpenAIEndToEnd(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey})
	useOpenAI(t, s, openaiKey)
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai", "--out", out, seeds}
	dryRun := func(hits, todo int) {
		t.Helper()
		code, stdout, stderr := run(t, "translate", "--dry-run", "--provider", "openai", seeds)
		if code != ExitOK {
			t.Fatalf("dry run: exit %d: %s", code, stderr)
		}
		if !regexp.MustCompile(fmt.Sprintf(`cache hits +%d\n`, hits)).MatchString(stdout) || !regexp.MustCompile(fmt.Sprintf(`to translate +%d sentences`, todo)).MatchString(stdout) {
			t.Errorf("dry run, want %d hits and %d to translate:\n%s", hits, todo, stdout)
		}
	}
	dryRun(0, len(want))
	if s.Calls() != 0 {
		t.Fatalf("the dry run made %d calls", s.Calls())
	}

	code, _, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	sentOnce(t, s.Segments(), want)
	for i, r := range s.Requests() {
		if r.Key != openaiKey || len(r.Segments) > 20 {
			t.Errorf("request %d: key %q, %d segments (the provider's batch is 20)", i, r.Key, len(r.Segments))
		}
	}
	sum := readSummary(t, out)
	if sum.ProviderCalls != int64(s.Calls()) || sum.CacheHits != 0 || sum.UniqueSentences != len(want) || sum.Failures != 0 || sum.Provider != "openai" {
		t.Errorf("summary: %+v; the fake saw %d calls", sum, s.Calls())
	}
	if p := sum.Providers["openai"]; p.TokensIn == 0 || p.Segments != int64(len(want)) {
		t.Errorf("openai calls in summary: %+v", p)
	}
	t.Logf("%d sentences, %d calls", len(want), s.Calls())

	checkRerun(t, out, s.Calls, args...)
	calls := s.Calls()
	dryRun(len(want), 0)
	if s.Calls() != calls {
		t.Errorf("the dry run made %d calls", s.Calls()-calls)
	}
}

func TestCloudGoogleEndToEnd(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	s := googletest.NewV2(t, googletest.V2Options{Key: googleKey})
	useGoogle(t, s, googleKey)
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "google", "--out", out, seeds}

	code, _, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), googletest.Translate, constant("google"))
	var sent []string
	for i, r := range s.Requests() {
		sent = append(sent, r.Q...)
		if r.Key != googleKey || r.Format != "text" || r.Source != "hi" || r.Target != "en" {
			t.Errorf("request %d: %+v", i, r)
		}
	}
	sentOnce(t, sent, want)
	sum := readSummary(t, out)
	if sum.ProviderCalls != int64(s.Calls()) || sum.CacheHits != 0 || sum.Failures != 0 || sum.Provider != "google" {
		t.Errorf("summary: %+v; the fake saw %d calls", sum, s.Calls())
	}
	if m := readPairs(t, out)[0].Model; m != "v2/default" {
		t.Errorf("model %q, want v2/default", m)
	}
	t.Logf("%d sentences, %d calls", len(want), s.Calls())

	checkRerun(t, out, s.Calls, args...)
}

// TestCloudGoogleV3EndToEnd runs the v3 API (gRPC) through the command
// line, with the fake reached through providers.google.insecure.
func TestCloudGoogleV3EndToEnd(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	s := googletest.NewV3(t, googletest.V3Options{})
	t.Setenv("ANUVAD_PROVIDERS_GOOGLE_ENDPOINT", s.Addr)
	t.Setenv("ANUVAD_PROVIDERS_GOOGLE_INSECURE", "true")
	t.Setenv("ANUVAD_PROVIDERS_GOOGLE_PROJECT", "demo-project")
	t.Setenv("ANUVAD_PROVIDERS_GOOGLE_MODEL", "general/translation-llm")
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "google", "--out", out, seeds}
	code, _, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), googletest.Translate, constant("google"))
	var sent []string
	for i, r := range s.Requests() {
		sent = append(sent, r.GetContents()...)
		if r.GetParent() != "projects/demo-project/locations/global" || r.GetMimeType() != "text/plain" ||
			!strings.HasSuffix(r.GetModel(), "/models/general/translation-llm") || r.GetSourceLanguageCode() != "hi" {
			t.Errorf("request %d: %v", i, r)
		}
	}
	sentOnce(t, sent, want)
	if m := readPairs(t, out)[0].Model; m != "v3/general/translation-llm" {
		t.Errorf("model %q, want v3/general/translation-llm", m)
	}
	checkRerun(t, out, s.Calls, args...)
}

// TestCloudDuplicatesSentOnce: two documents holding the same sentences
// cost one translation each; both documents get every pair.
func TestCloudDuplicatesSentOnce(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	text, err := os.ReadFile(mustGlob(t, filepath.Join(seeds, "*.txt")))
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in")
	writeFile(t, filepath.Join(in, "a.txt"), string(text))
	writeFile(t, filepath.Join(in, "b.txt"), string(text))
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey})
	useOpenAI(t, s, openaiKey)
	out := filepath.Join(dir, "out")

	code, _, stderr := run(t, "translate", "--provider", "openai", "--out", out, in)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sentOnce(t, s.Segments(), want)
	checkOutputs(t, out, append(expect(want), expect(want)...), openaitest.Translate, constant("openai"))
	for i, p := range readPairs(t, out) {
		if doc := []string{"a.txt", "b.txt"}[i/len(want)]; filepath.Base(p.Doc) != doc {
			t.Errorf("pair %d from %s, want %s", i, p.Doc, doc)
		}
	}
	sum := readSummary(t, out)
	if sum.Documents != 2 || sum.Sentences != 2*len(want) || sum.UniqueSentences != len(want) || sum.Pairs != 2*len(want) {
		t.Errorf("summary: %+v", sum)
	}
}

// mustGlob returns the only file matching pattern.
func mustGlob(t *testing.T, pattern string) string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) != 1 {
		t.Fatalf("%s matches %v (%v), want one file", pattern, m, err)
	}
	return m[0]
}

// TestCloudFaultsRecover: a 429 with Retry-After, then a reply that misses
// one id and invents another, then success. The single batch takes exactly
// three calls: the whole batch twice, then the missing segment alone.
func TestCloudFaultsRecover(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	oneBatch(t)
	const missing = 3
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey, Fault: func(call int, w http.ResponseWriter, _ *http.Request, _ *openaitest.Request, out *[]openaitest.Segment) bool {
		switch call {
		case 1:
			w.Header().Set("Retry-After", "1")
			openaitest.APIError(w, http.StatusTooManyRequests, "requests", "rate_limit_exceeded", "Rate limit reached")
			return true
		case 2:
			// Drop one translation and put an invented one in its place.
			*out = slices.Delete(*out, missing, missing+1)
			*out = append(*out, openaitest.Segment{ID: "999", Text: "invented"})
		}
		return false
	}})
	useOpenAI(t, s, openaiKey)
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai", "--log-level", "info", "--out", out, seeds}

	code, _, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The provider's own records reach the run's log.
	if !strings.Contains(stderr, `msg="reply has an id that was not asked for; ignored" provider=openai model=gpt-4o-mini id=999`) {
		t.Errorf("the provider's warning about the invented id is not in the log:\n%s", stderr)
	}
	// The first retry waited for the Retry-After the fake asked for.
	if !strings.Contains(stderr, fmt.Sprintf(`msg="provider retry" provider=openai attempt=1 segments=%d wait=1s `, len(want))) {
		t.Errorf("no retry after the 1s Retry-After in the log:\n%s", stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	var sizes []int
	for _, r := range s.Requests() {
		sizes = append(sizes, len(r.Segments))
	}
	if s.Calls() != 3 || !slices.Equal(sizes, []int{len(want), len(want), 1}) {
		t.Errorf("%d calls of %v segments, want 3 of [%d %d 1]", s.Calls(), sizes, len(want), len(want))
	}
	if r := s.Requests(); len(r) == 3 && r[2].Segments[0].Text != want[missing] {
		t.Errorf("third call asked for %q, want the missing %q", r[2].Segments[0].Text, want[missing])
	}
	sum := readSummary(t, out)
	if sum.ProviderCalls != 3 || sum.Providers["openai"].Retries != 2 || sum.Failures != 0 {
		t.Errorf("summary: calls=%d providers=%+v failures=%d", sum.ProviderCalls, sum.Providers, sum.Failures)
	}

	// The cache holds exactly the validated translations.
	code, tsv, stderr := run(t, "cache", "export", "--format", "tsv")
	if code != ExitOK {
		t.Fatalf("cache export: exit %d: %s", code, stderr)
	}
	if strings.Contains(tsv, "invented") {
		t.Errorf("the invented translation was cached:\n%s", tsv)
	}
	for _, h := range want {
		if !strings.Contains(tsv, h+"\t"+openaitest.Translate(h)) {
			t.Errorf("cache export lacks %q", h)
		}
	}
	checkRerun(t, out, s.Calls, args...)
}

// TestCloudFailedSentenceIsNotCached: the fake never translates one
// sentence. The run writes every other pair, names the sentence in
// failures.jsonl and exits 1; a rerun asks for that sentence alone.
func TestCloudFailedSentenceIsNotCached(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	oneBatch(t)
	bad := want[5]
	var healed atomic.Bool
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey, Fault: func(_ int, _ http.ResponseWriter, _ *http.Request, _ *openaitest.Request, out *[]openaitest.Segment) bool {
		if healed.Load() {
			return false
		}
		*out = slices.DeleteFunc(*out, func(o openaitest.Segment) bool {
			return o.Text == openaitest.Translate(bad)
		})
		return false
	}})
	useOpenAI(t, s, openaiKey)
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai", "--out", out, seeds}

	code, _, stderr := run(t, args...)
	if code != ExitPartial {
		t.Fatalf("exit %d, want %d: %s", code, ExitPartial, stderr)
	}
	checkOutputs(t, out, expect(want, bad), openaitest.Translate, constant("openai"))
	fails := readFailures(t, out)
	if len(fails) != 1 || fails[0].Hi != bad || fails[0].Index != 5 || !strings.Contains(fails[0].Error, "no translation for this segment") {
		t.Errorf("failures.jsonl = %+v", fails)
	}
	// Six attempts (the default): the batch, then the bad sentence alone.
	if got := counts(s.Segments())[bad]; s.Calls() != 6 || got != 6 {
		t.Errorf("%d calls, the bad sentence sent %d times; want 6 and 6", s.Calls(), got)
	}
	if !strings.Contains(stderr, "1 failed sentence,") || !strings.Contains(stderr, output.FailureFile) {
		t.Errorf("stderr does not report the failure:\n%s", stderr)
	}

	// The service recovers: only the failed sentence is asked for.
	healed.Store(true)
	before := len(s.Requests())
	code, _, stderr = run(t, args...)
	if code != ExitOK {
		t.Fatalf("rerun: exit %d: %s", code, stderr)
	}
	again := s.Requests()[before:]
	if len(again) != 1 || !slices.Equal(again[0].Texts(), []string{bad}) {
		t.Errorf("rerun sent %d requests %v, want one with the failed sentence", len(again), again)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	if sum := readSummary(t, out); sum.CacheHits != len(want)-1 || sum.ProviderCalls != 1 {
		t.Errorf("rerun summary: hits=%d calls=%d", sum.CacheHits, sum.ProviderCalls)
	}
	if fails := readFailures(t, out); len(fails) != 0 {
		t.Errorf("failures.jsonl after a clean rerun: %+v", fails)
	}
}

// TestCloudPermanentFailure: a 401 stops the run at once with a message
// naming the provider and the setting to check; no pair is written.
func TestCloudPermanentFailure(t *testing.T) {
	dir, seeds := cloudEnv(t)
	oneBatch(t)
	s := openaitest.NewServer(t, openaitest.Options{Key: "sk-test-the-right-one"})
	useOpenAI(t, s, openaiKey)
	out := filepath.Join(dir, "out")

	code, _, stderr := run(t, "translate", "--provider", "openai", "--out", out, seeds)
	if code == ExitOK || code == ExitUsage {
		t.Fatalf("exit %d, want a run failure: %s", code, stderr)
	}
	if code != ExitPartial {
		t.Errorf("exit %d, want %d", code, ExitPartial)
	}
	for _, want := range []string{"anuvad: openai: authentication failed", "OPENAI_API_KEY", "401"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if s.Calls() != 1 {
		t.Errorf("%d calls, want 1: a 401 is not retried", s.Calls())
	}
	for _, name := range []string{output.TSVFile, output.MosesTarget, output.JSONLFile} {
		if l := lines(t, filepath.Join(out, name)); len(l) != 0 {
			t.Errorf("%s has %d lines after a refused run", name, len(l))
		}
	}
	if sum := readSummary(t, out); sum.Pairs != 0 || !strings.Contains(sum.Error, "authentication failed") {
		t.Errorf("summary does not record the error: %+v", sum)
	}
	if raw, err := os.ReadFile(filepath.Join(out, output.TMXFile)); err != nil || func() bool { _, err := tmx.Parse(raw); return err != nil }() {
		t.Errorf("pairs.tmx is not valid XML after a refused run: %v", err)
	}
	// Nothing was cached: a run with the right key asks for every sentence.
	t.Setenv("OPENAI_API_KEY", "sk-test-the-right-one")
	if code, _, stderr := run(t, "translate", "--provider", "openai", "--out", out, seeds); code != ExitOK {
		t.Fatalf("run with the right key: exit %d: %s", code, stderr)
	}
	if sum := readSummary(t, out); sum.CacheHits != 0 || sum.Pairs != sum.Sentences {
		t.Errorf("run with the right key: %+v", sum)
	}
}

// TestCloudGoogleKeyRefused: Google answers a bad key with 400 keyInvalid;
// the run stops naming the provider and the service's reason, and no
// request is retried.
func TestCloudGoogleKeyRefused(t *testing.T) {
	dir, seeds := cloudEnv(t)
	s := googletest.NewV2(t, googletest.V2Options{Key: "AIza-the-right-one"})
	useGoogle(t, s, googleKey)
	out := filepath.Join(dir, "out")

	code, _, stderr := run(t, "translate", "--provider", "google", "--out", out, seeds)
	if code != ExitPartial {
		t.Fatalf("exit %d, want %d: %s", code, ExitPartial, stderr)
	}
	for _, want := range []string{"anuvad: google: authentication failed", "API key not valid"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	var sent []string
	for _, r := range s.Requests() {
		sent = append(sent, r.Q...)
	}
	for h, n := range counts(sent) {
		if n != 1 {
			t.Errorf("sent %d times after a refusal: %q", n, h)
		}
	}
	if s.Calls() == 0 {
		t.Error("no call reached the fake")
	}
	if l := lines(t, filepath.Join(out, output.TSVFile)); len(l) != 0 {
		t.Errorf("pairs.tsv has %d rows after a refused run", len(l))
	}
}

// TestCloudFallbackChain: the fake never translates one sentence, which
// falls to the offline provider after openai's retries; the rest stay
// openai's.
func TestCloudFallbackChain(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	oneBatch(t)
	bad := want[7]
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey, Fault: openaitest.Omit(bad)})
	useOpenAI(t, s, openaiKey)
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai,offline", "--out", out, seeds}

	code, _, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pairs := readPairs(t, out)
	if len(pairs) != len(want) {
		t.Fatalf("%d pairs, want %d", len(pairs), len(want))
	}
	offlineEn := pairs[7].En
	if offlineEn == "" || strings.HasPrefix(offlineEn, openaitest.Prefix) {
		t.Errorf("the failed sentence's English is %q, want the offline gloss", offlineEn)
	}
	en := func(h string) string {
		if h == bad {
			return offlineEn
		}
		return openaitest.Translate(h)
	}
	provider := func(h string) string {
		if h == bad {
			return "offline"
		}
		return "openai"
	}
	checkOutputs(t, out, expect(want), en, provider)
	sent := counts(s.Segments())
	for _, h := range want {
		if n, wantN := sent[h], map[bool]int{true: 6, false: 1}[h == bad]; n != wantN {
			t.Errorf("sent %d times, want %d: %q", n, wantN, h)
		}
	}
	if s.Calls() != 6 {
		t.Errorf("%d calls, want 6 (one batch, five retries of the bad sentence)", s.Calls())
	}
	sum := readSummary(t, out)
	if sum.Failures != 0 || sum.Providers["openai"].Calls != 6 || sum.Providers["offline"].Segments != 1 {
		t.Errorf("summary: failures=%d providers=%+v", sum.Failures, sum.Providers)
	}

	// A rerun: only the first provider's cache answers before batching (a
	// gloss cached for offline must not stand in for openai), so the bad
	// sentence alone goes to openai again, and then to offline's cache.
	before := len(s.Requests())
	code, _, stderr = run(t, args...)
	if code != ExitOK {
		t.Fatalf("rerun: exit %d: %s", code, stderr)
	}
	again := s.Requests()[before:]
	for i, r := range again {
		if !slices.Equal(r.Texts(), []string{bad}) {
			t.Errorf("rerun request %d asked for %q, want only the bad sentence", i, r.Texts())
		}
	}
	if len(again) != 6 {
		t.Errorf("rerun made %d calls, want 6 (the bad sentence's attempts)", len(again))
	}
	checkOutputs(t, out, expect(want), en, provider)
	for i, p := range readPairs(t, out) {
		if !p.Cached {
			t.Errorf("rerun pair %d not served from a cache: %+v", i, p)
		}
	}
	sum = readSummary(t, out)
	if sum.CacheHits != len(want)-1 || sum.Providers["offline"].Calls != 0 || sum.Failures != 0 {
		t.Errorf("rerun summary: hits=%d providers=%+v failures=%d", sum.CacheHits, sum.Providers, sum.Failures)
	}
}

// TestCloudSecretsNeverWritten runs successful and failing runs with
// recognisable keys, debug logs in JSON and fakes that echo the key in
// their error messages, then searches everything anuvad wrote for them.
func TestCloudSecretsNeverWritten(t *testing.T) {
	dir, seeds := cloudEnv(t)
	oneBatch(t)
	t.Setenv("ANUVAD_RETRY_ATTEMPTS", "3")
	var texts []string // every stdout and stderr
	keep := func(code int, stdout, stderr string) int {
		texts = append(texts, stdout, stderr)
		return code
	}
	logArgs := []string{"--log-level", "debug", "--log-format", "json"}

	// OpenAI: a clean run, a 401 that echoes the key, a 500 that echoes it
	// until the retries are exhausted.
	var mode atomic.Value // the fault of the current run
	mode.Store("")
	oa := openaitest.NewServer(t, openaitest.Options{Key: openaiKey, Fault: func(_ int, w http.ResponseWriter, r *http.Request, _ *openaitest.Request, _ *[]openaitest.Segment) bool {
		switch mode.Load() {
		case "401":
			openaitest.APIError(w, http.StatusUnauthorized, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: "+r.Header.Get("Authorization"))
		case "500":
			openaitest.APIError(w, http.StatusInternalServerError, "server_error", "", "upstream failed for "+r.Header.Get("Authorization"))
		default:
			return false
		}
		return true
	}})
	useOpenAI(t, oa, openaiKey)
	// Each provider runs clean, then with a 401, then with a 500 that
	// exhausts the retries; faulty runs never use the cache.
	faultRuns := func(provider string, mode *atomic.Value) {
		for _, m := range []struct {
			mode string
			code int
		}{{"", ExitOK}, {"401", ExitPartial}, {"500", ExitPartial}} {
			mode.Store(m.mode)
			out := filepath.Join(dir, "out-"+provider+"-"+m.mode)
			cache := "--no-cache=" + fmt.Sprint(provider == "openai" || m.mode != "")
			if code := keep(run(t, append(logArgs, "translate", "--provider", provider, cache, "--out", out, seeds)...)); code != m.code {
				t.Errorf("%s %q: exit %d, want %d", provider, m.mode, code, m.code)
			}
		}
	}
	faultRuns("openai", &mode)
	// The first run again, with the cache this time.
	mode.Store("")
	if code := keep(run(t, append(logArgs, "translate", "--provider", "openai", "--out", filepath.Join(dir, "out-openai-cached"), seeds)...)); code != ExitOK {
		t.Errorf("openai cached run: exit %d", code)
	}
	// Batch mode (another glossary, so nothing is cached), with every line
	// failing with an error that echoes the key, then the job listing.
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_MODE", "batch")
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_BATCH_POLL", "5ms")
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_GLOSSARY", "सोल=Seoul")
	mode.Store("500")
	if code := keep(run(t, append(logArgs, "translate", "--provider", "openai", "--out", filepath.Join(dir, "out-openai-batch"), seeds)...)); code != ExitPartial {
		t.Errorf("openai batch run: exit %d, want %d", code, ExitPartial)
	}
	if code := keep(run(t, append(logArgs, "batches")...)); code != ExitOK {
		t.Errorf("batches: exit %d", code)
	}
	mode.Store("")
	for _, k := range []string{"ANUVAD_PROVIDERS_OPENAI_MODE", "ANUVAD_PROVIDERS_OPENAI_GLOSSARY"} {
		t.Setenv(k, "")
	}

	// Google v2: the same, with errors that echo the request URL and key.
	var gmode atomic.Value
	gmode.Store("")
	g := googletest.NewV2(t, googletest.V2Options{Key: googleKey, Fault: func(_ int, w http.ResponseWriter, r *http.Request) bool {
		switch gmode.Load() {
		case "401":
			googletest.Error(w, http.StatusUnauthorized, "unauthorized", "API key not valid: "+r.URL.String())
		case "500":
			googletest.Error(w, http.StatusInternalServerError, "backendError", "internal error for key "+r.Form.Get("key"))
		default:
			return false
		}
		return true
	}})
	useGoogle(t, g, googleKey)
	faultRuns("google", &gmode)

	// The keys reached the services, and the error paths ran.
	if r := oa.Requests(); len(r) == 0 || r[0].Key != openaiKey {
		t.Error("the OpenAI key was not sent")
	}
	if k := g.Keys(); len(k) == 0 || k[0] != googleKey {
		t.Error("the Google key was not sent")
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"authentication failed", "gave up after 3 attempts", `"level":"WARN"`, `"msg":"provider retry"`, "answered with status 500", "batch_4"} {
		if !strings.Contains(all, want) {
			t.Errorf("the runs' output lacks %q: error paths or debug logs not exercised", want)
		}
	}

	// The other commands that show configuration or the cache.
	for _, args := range [][]string{
		{"config"}, {"config", "--keys"}, {"providers"},
		{"cache", "stats"}, {"cache", "export", "--format", "tmx"}, {"cache", "export", "--format", "tsv"},
	} {
		code, stdout, stderr := run(t, append(logArgs, args...)...)
		if code != ExitOK {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
		if stdout == "" {
			t.Errorf("%v printed nothing", args)
		}
		if args[0] == "config" && (!strings.Contains(stdout, "providers.openai.api_key") || strings.Count(stdout, config.Redacted) < 2) {
			t.Errorf("%v does not list the keys as %s:\n%s", args, config.Redacted, stdout)
		}
		texts = append(texts, stdout, stderr)
	}

	check := func(where, s string) {
		for _, secret := range []string{openaiKey, googleKey, keyMiddle} {
			if strings.Contains(s, secret) {
				i := strings.Index(s, secret)
				t.Errorf("%s contains %q: …%s…", where, secret, s[max(0, i-120):min(len(s), i+60)])
			}
		}
	}
	for i, s := range texts {
		check(fmt.Sprintf("output %d", i), s)
	}
	// Every file written: outputs, failures, summaries, the cache and its
	// WAL and shared-memory files.
	files := 0
	sawCache := false
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		sawCache = sawCache || strings.HasSuffix(path, "cache.db")
		check(path, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !sawCache || files < 20 {
		t.Errorf("scanned %d files (cache seen: %v)", files, sawCache)
	}
}

func TestCloudOpenAIContext(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey})
	useOpenAI(t, s, openaiKey)
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_CONTEXT", "2")
	t.Setenv("ANUVAD_BATCH_WAIT", "1m")
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai", "--batch-size", "5", "--out", out, seeds}
	code, _, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	sentOnce(t, s.Segments(), want)
	first := map[string]int{}
	for i, w := range want {
		if _, ok := first[w]; !ok {
			first[w] = i
		}
	}
	full := 0
	for n, r := range s.Requests() {
		if len(r.Segments) > 5 {
			t.Errorf("request %d has %d segments, want at most 5", n, len(r.Segments))
		}
		i := first[r.Segments[0].Text]
		if ctx := want[max(0, i-2):i]; !slices.Equal(r.Context, ctx) {
			t.Errorf("request %d starts at sentence %d with context %q, want %q", n, i, r.Context, ctx)
		}
		for _, c := range r.Context {
			if slices.Contains(r.Texts(), c) {
				t.Errorf("request %d: context sentence %q also sent as a segment", n, c)
			}
		}
		if len(r.Context) == 2 {
			full++
		}
	}
	if full == 0 {
		t.Errorf("no request carried two sentences of context (%d requests)", len(s.Requests()))
	}

	// Translations made with context are cached apart from those without.
	calls, sent := s.Calls(), len(s.Requests())
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_CONTEXT", "0")
	if code, _, stderr := run(t, args...); code != ExitOK {
		t.Fatalf("without context: exit %d: %s", code, stderr)
	}
	if s.Calls() == calls {
		t.Error("a run without context was served from the cache of a run with it")
	}
	for n, r := range s.Requests()[sent:] {
		if r.Context != nil {
			t.Errorf("request %d without the option carries context %q", n, r.Context)
		}
	}
}
