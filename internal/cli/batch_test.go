package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/cache/storetest"
	"github.com/anuvad/anuvad/providers/google/googletest"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
)

// These tests run translate in batch mode against the fake's Files and
// Batch APIs, configured through the environment as a user would.

// useBatch puts the openai provider in batch mode, polling every few
// milliseconds.
func useBatch(t *testing.T) {
	t.Helper()
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_MODE", "batch")
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_BATCH_POLL", "5ms")
	// Requests are cut by size only, never by time, so that the lines of
	// a job do not depend on the machine's speed.
	t.Setenv("ANUVAD_BATCH_WAIT", "1m")
}

// batchEnv is cloudEnv with an OpenAI fake server started with o, used in
// batch mode.
func batchEnv(t *testing.T, o openaitest.Options) (dir, seeds string, s *openaitest.Server) {
	t.Helper()
	dir, seeds = cloudEnv(t)
	s = openaitest.NewServer(t, o)
	useOpenAI(t, s, openaiKey)
	useBatch(t)
	return dir, seeds, s
}

// batchTexts returns the texts of the segments each job carried, by job id,
// and the texts sent by chat, outside any job.
func batchTexts(s *openaitest.Server) (byJob map[string][]string, chat []string) {
	byJob = map[string][]string{}
	for _, r := range s.Requests() {
		if r.Batch == "" {
			chat = append(chat, r.Texts()...)
			continue
		}
		byJob[r.Batch] = append(byJob[r.Batch], r.Texts()...)
	}
	return byJob, chat
}

// jobIDs lists the ids of the jobs the fake received.
func jobIDs(s *openaitest.Server) []string {
	var ids []string
	for _, j := range s.Jobs() {
		ids = append(ids, j.ID)
	}
	return ids
}

func TestBatchEndToEnd(t *testing.T) {
	want := seedSentences(t)
	dir, seeds, s := batchEnv(t, openaitest.Options{Key: openaiKey})
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai", "--out", out, seeds}

	code, _, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	jobs := s.Jobs()
	if len(jobs) != 1 || jobs[0].Window != "24h" || jobs[0].Status != "completed" {
		t.Fatalf("jobs %+v, want one completed job with a 24h window", jobs)
	}
	byJob, chat := batchTexts(s)
	if len(chat) != 0 {
		t.Errorf("%d segments sent by chat in batch mode", len(chat))
	}
	sentOnce(t, byJob[jobs[0].ID], want)
	for _, id := range jobs[0].CustomIDs {
		if !regexp.MustCompile(`^r\d+-[0-9a-f]{16}$`).MatchString(id) {
			t.Errorf("custom_id %q does not name its line and segments", id)
		}
	}
	if !strings.Contains(stderr, fmt.Sprintf("batch %s: completed, %d completed, 0 failed of %d requests", jobs[0].ID, len(jobs[0].CustomIDs), len(jobs[0].CustomIDs))) {
		t.Errorf("no progress line on stderr:\n%s", stderr)
	}

	sum := readSummary(t, out)
	if b := sum.Batch; b == nil || !slices.Equal(b.Jobs, []string{jobs[0].ID}) || b.Submitted != 1 || b.Collected != len(want) || b.Unanswered != 0 || sum.ProviderCalls != 0 {
		t.Errorf("summary: %+v, batch %+v", sum, sum.Batch)
	}
	if !strings.Contains(stderr, fmt.Sprintf("batch jobs: 1 waited on (1 submitted by this run), %d translations collected, 0 sentences unanswered", len(want))) {
		t.Errorf("no batch line in the summary on stderr:\n%s", stderr)
	}
	// The rerun is served from the cache: no job, no call.
	checkRerun(t, out, s.Calls, args...)
	if len(s.Jobs()) != 1 {
		t.Errorf("the rerun submitted a job: %v", jobIDs(s))
	}
	code, stdout, stderr := run(t, "batches")
	if code != ExitOK || !regexp.MustCompile(`(?m)^batch_1 +openai/gpt-4o-mini +completed +2 +0 +2 +`+strconv.Itoa(len(want))+` `).MatchString(stdout) || strings.Contains(stdout, " -\n") {
		t.Errorf("batches: exit %d\n%s%s", code, stdout, stderr)
	}
}

// dryRunUSD runs a dry run and returns the price printed for row.
func dryRunUSD(t *testing.T, row string, args ...string) float64 {
	t.Helper()
	code, stdout, stderr := run(t, append([]string{"translate", "--dry-run"}, args...)...)
	if code != ExitOK {
		t.Fatalf("dry run: exit %d: %s", code, stderr)
	}
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(row) + ` +\d+ +\d+ / \d+ +([0-9.]+)$`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no %q row in the dry run:\n%s", row, stdout)
	}
	usd, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return usd
}

func TestBatchPriceInDryRunAndBudget(t *testing.T) {
	dir, seeds := cloudEnv(t)
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey})
	useOpenAI(t, s, openaiKey)
	t.Setenv("ANUVAD_PRICES_OPENAI_PER_MILLION_INPUT_TOKENS", "150")
	t.Setenv("ANUVAD_PRICES_OPENAI_PER_MILLION_OUTPUT_TOKENS", "600")
	chat := dryRunUSD(t, "openai", "--provider", "openai", seeds)
	useBatch(t)
	batch := dryRunUSD(t, "openai (batch)", "--provider", "openai", seeds)
	if chat <= 0 || batch < chat/2-0.0001 || batch > chat/2+0.0001 {
		t.Errorf("batch price %.4f, chat price %.4f: want half", batch, chat)
	}
	t.Setenv("ANUVAD_PRICES_OPENAI_BATCH_DISCOUNT", "0.25")
	if quarter := dryRunUSD(t, "openai (batch)", "--provider", "openai", seeds); quarter < chat*0.75-0.0001 || quarter > chat*0.75+0.0001 {
		t.Errorf("batch price %.4f with a discount of 0.25, chat price %.4f", quarter, chat)
	}
	t.Setenv("ANUVAD_PRICES_OPENAI_BATCH_DISCOUNT", "")
	if s.Calls() != 0 || len(s.Jobs()) != 0 {
		t.Fatalf("the dry runs called the fake")
	}

	// A budget between the batch and the chat price lets the job through;
	// one below the batch price stops the run before anything is
	// submitted.
	out := filepath.Join(dir, "out")
	code, _, stderr := run(t, "translate", "--provider", "openai", "--out", out, "--budget", strconv.FormatFloat(batch*0.9, 'f', 4, 64), seeds)
	if code != ExitPartial || !strings.Contains(stderr, "budget") || len(s.Jobs()) != 0 {
		t.Errorf("budget below the batch price: exit %d, %d jobs: %s", code, len(s.Jobs()), stderr)
	}
	code, _, stderr = run(t, "translate", "--provider", "openai", "--out", out, "--budget", strconv.FormatFloat((batch+chat)/2, 'f', 4, 64), seeds)
	if code != ExitOK || len(s.Jobs()) != 1 {
		t.Errorf("budget between the batch and the chat price: exit %d, %d jobs: %s", code, len(s.Jobs()), stderr)
	}
}

// batchFaults fails the first line of the first job with a 500 and drops
// the translation of bad (a missing id) from every reply of that job.
func batchFaults(bad string) openaitest.Options {
	return openaitest.Options{
		Key: openaiKey,
		BatchFault: func(job, line int, _ string) int {
			if job == 1 && line == 1 {
				return http.StatusInternalServerError
			}
			return 0
		},
		Fault: func(_ int, _ http.ResponseWriter, _ *http.Request, req *openaitest.Request, out *[]openaitest.Segment) bool {
			if req.Batch == "batch_1" {
				*out = slices.DeleteFunc(*out, func(o openaitest.Segment) bool { return o.Text == openaitest.Translate(bad) })
			}
			return false
		},
	}
}

// askedAgain returns what batchFaults makes the first job fail, once each:
// the sentences of want its failed line held (the chat handler never saw
// them) and bad. Which request is the first line depends on the order the
// workers gathered them in.
func askedAgain(t *testing.T, want, processed []string, bad string) []string {
	t.Helper()
	out := []string{bad}
	for _, h := range want {
		if h != bad && !slices.Contains(processed, h) {
			out = append(out, h)
		}
	}
	if len(processed) == 0 {
		t.Fatal("the first job processed nothing")
	}
	return out
}

func TestBatchFailuresAskedAgainInAFollowUpJob(t *testing.T) {
	want := seedSentences(t)
	bad := want[len(want)-1]
	dir, seeds, s := batchEnv(t, batchFaults(bad))
	out := filepath.Join(dir, "out")
	code, _, stderr := run(t, "translate", "--provider", "openai", "--out", out, seeds)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	byJob, chat := batchTexts(s)
	if ids := jobIDs(s); len(ids) != 2 || len(chat) != 0 {
		t.Fatalf("jobs %v and %d chat segments, want two jobs and no chat", ids, len(chat))
	}
	// The follow-up job holds the failed line and the missing segment,
	// nothing else.
	again := askedAgain(t, want, byJob["batch_1"], bad)
	got := byJob["batch_2"]
	slices.Sort(got)
	slices.Sort(again)
	if !slices.Equal(got, again) {
		t.Errorf("follow-up job carried %q, want %q", got, again)
	}
}

func TestBatchFailuresAskedAgainByChat(t *testing.T) {
	want := seedSentences(t)
	bad := want[len(want)-1]
	dir, seeds, s := batchEnv(t, batchFaults(bad))
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_BATCH_RETRY", "chat")
	out := filepath.Join(dir, "out")
	code, _, stderr := run(t, "translate", "--provider", "openai", "--out", out, seeds)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	byJob, chat := batchTexts(s)
	again := askedAgain(t, want, byJob["batch_1"], bad)
	slices.Sort(chat)
	slices.Sort(again)
	if ids := jobIDs(s); len(ids) != 1 || !slices.Equal(chat, again) {
		t.Errorf("jobs %v, chat segments %q; want one job and %q by chat", ids, chat, again)
	}
	if sum := readSummary(t, out); sum.ProviderCalls == 0 {
		t.Errorf("the chat calls are not in the summary: %+v", sum)
	}
}

func TestBatchExpiredJobReleasesItsSentences(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	// The first job expires after its first line.
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey, BatchExpire: func(job, line int) bool { return job == 1 && line > 1 }})
	useOpenAI(t, s, openaiKey)
	useBatch(t)
	out := filepath.Join(dir, "out")
	code, _, stderr := run(t, "translate", "--provider", "openai", "--out", out, seeds)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	jobs := s.Jobs()
	byJob, chat := batchTexts(s)
	if len(jobs) != 2 || jobs[0].Status != "expired" || len(byJob["batch_1"]) == 0 || len(chat) != 0 {
		t.Fatalf("jobs %+v, want the first expired after its first line", jobs)
	}
	// What the expired job answered is kept; only the rest is asked again.
	var rest []string
	for _, h := range want {
		if !slices.Contains(byJob["batch_1"], h) {
			rest = append(rest, h)
		}
	}
	if len(rest) == 0 {
		t.Fatal("the first job answered everything")
	}
	sentOnce(t, byJob["batch_2"], rest)
}

func TestBatchGivesUpAfterThreeFollowUps(t *testing.T) {
	want := seedSentences(t)
	bad := want[2]
	dir, seeds, s := batchEnv(t, openaitest.Options{Key: openaiKey, Fault: openaitest.Omit(bad)})
	out := filepath.Join(dir, "out")
	code, _, stderr := run(t, "translate", "--provider", "openai", "--out", out, seeds)
	if code != ExitPartial {
		t.Fatalf("exit %d, want %d: %s", code, ExitPartial, stderr)
	}
	checkOutputs(t, out, expect(want, bad), openaitest.Translate, constant("openai"))
	fails := readFailures(t, out)
	if len(fails) != 1 || fails[0].Hi != bad || !strings.Contains(fails[0].Error, "not translated by the batch jobs") {
		t.Errorf("failures %+v, want %q not translated by the batch jobs", fails, bad)
	}
	if b := readSummary(t, out).Batch; b == nil || b.Submitted != 4 || b.Unanswered != 1 || b.Collected != len(want)-1 {
		t.Errorf("batch summary %+v, want 4 jobs submitted, 1 sentence unanswered", b)
	}
	byJob, chat := batchTexts(s)
	if ids := jobIDs(s); len(ids) != 4 || len(chat) != 0 {
		t.Errorf("jobs %v, %d chat segments; want the job and three follow-ups, no chat", ids, len(chat))
	}
	for _, id := range []string{"batch_2", "batch_3", "batch_4"} {
		if !slices.Equal(byJob[id], []string{bad}) {
			t.Errorf("%s carried %q, want only the failed sentence", id, byJob[id])
		}
	}
}

func TestBatchDetachThenCollect(t *testing.T) {
	want := seedSentences(t)
	dir, seeds, s := batchEnv(t, openaitest.Options{Key: openaiKey})
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai", "--out", out, seeds}
	code, stdout, stderr := run(t, append(args, "--detach")...)
	if code != ExitOK || stdout != "batch_1\n" {
		t.Fatalf("detach: exit %d, stdout %q: %s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "pairs.tsv")); !os.IsNotExist(err) {
		t.Errorf("a detached run wrote the corpus (%v)", err)
	}
	if code, stdout, _ := run(t, "batches"); code != ExitOK || !regexp.MustCompile(`(?m)^batch_1 .* validating .* -$`).MatchString(stdout) {
		t.Errorf("batches after detaching: exit %d\n%s", code, stdout)
	}
	// The dry run still prices the sentences of the open job.
	if code, stdout, _ := run(t, "translate", "--dry-run", "--provider", "openai", seeds); code != ExitOK || !regexp.MustCompile(fmt.Sprintf(`to translate +%d sentences`, len(want))).MatchString(stdout) {
		t.Errorf("dry run with an open job: exit %d\n%s", code, stdout)
	}
	// The service moves the job on; --refresh shows it.
	if code, stdout, _ := run(t, "batches", "--refresh"); code != ExitOK || !regexp.MustCompile(`(?m)^batch_1 .* in_progress .* -$`).MatchString(stdout) {
		t.Errorf("batches --refresh: exit %d\n%s", code, stdout)
	}
	// Detaching again submits nothing new: the sentences are in batch_1.
	if code, stdout, stderr := run(t, append(args, "--detach")...); code != ExitOK || stdout != "batch_1\n" || len(s.Jobs()) != 1 {
		t.Fatalf("second detach: exit %d, stdout %q, %d jobs: %s", code, stdout, len(s.Jobs()), stderr)
	}
	code, _, stderr = run(t, args...)
	if code != ExitOK {
		t.Fatalf("collect: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, fmt.Sprintf("batch batch_1: recorded earlier (in_progress), holds %d of these sentences", len(want))) {
		t.Errorf("the collecting run does not say it found the job:\n%s", stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	if len(s.Jobs()) != 1 {
		t.Errorf("collecting submitted again: %v", jobIDs(s))
	}
}

func TestBatchCancelReleasesTheSentences(t *testing.T) {
	want := seedSentences(t)
	dir, seeds, s := batchEnv(t, openaitest.Options{Key: openaiKey})
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai", "--out", out, seeds}
	if code, _, stderr := run(t, append(args, "--detach")...); code != ExitOK {
		t.Fatalf("detach: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := run(t, "batches", "cancel", "batch_1")
	if code != ExitOK || stdout != "batch_1 cancelled\n" {
		t.Fatalf("cancel: exit %d, %q: %s", code, stdout, stderr)
	}
	if code, _, _ := run(t, "batches", "cancel", "batch_9"); code != ExitUsage {
		t.Errorf("cancelling an unrecorded job: exit %d, want %d", code, ExitUsage)
	}
	code, _, stderr = run(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	byJob, _ := batchTexts(s)
	if ids := jobIDs(s); len(ids) != 2 {
		t.Fatalf("jobs %v, want the cancelled one and a new one", ids)
	}
	sentOnce(t, byJob["batch_2"], want)
	if len(byJob["batch_1"]) != 0 {
		t.Errorf("the cancelled job was processed")
	}
}

func TestBatchesWithoutJobs(t *testing.T) {
	cloudEnv(t)
	if code, stdout, stderr := run(t, "batches", "--refresh"); code != ExitOK || stdout != "" || !strings.Contains(stderr, "no batch jobs recorded") {
		t.Errorf("exit %d, %q, %q", code, stdout, stderr)
	}
}

func TestBatchNeedsTheCache(t *testing.T) {
	_, seeds, s := batchEnv(t, openaitest.Options{Key: openaiKey})
	if code, _, stderr := run(t, "translate", "--provider", "openai", "--no-cache", seeds); code != ExitUsage || !strings.Contains(stderr, "--no-cache") {
		t.Errorf("exit %d, want %d: %s", code, ExitUsage, stderr)
	}
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_MODE", "later")
	if code, _, stderr := run(t, "translate", "--provider", "openai", seeds); code != ExitUsage || !strings.Contains(stderr, `mode "later" is not chat or batch`) {
		t.Errorf("unknown mode: exit %d, want %d: %s", code, ExitUsage, stderr)
	}
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_MODE", "chat")
	if code, _, stderr := run(t, "translate", "--provider", "openai", "--detach", seeds); code != ExitUsage || !strings.Contains(stderr, "batch mode") {
		t.Errorf("--detach in chat mode: exit %d, want %d: %s", code, ExitUsage, stderr)
	}
	if s.Calls() != 0 || len(s.Jobs()) != 0 {
		t.Errorf("refused runs called the fake")
	}
}

func TestBatchChainTakesWhatTheJobsCouldNot(t *testing.T) {
	want := seedSentences(t)
	bad := want[2]
	dir, seeds, s := batchEnv(t, openaitest.Options{Key: openaiKey, Fault: openaitest.Omit(bad)})
	out := filepath.Join(dir, "out")
	code, _, stderr := run(t, "translate", "--provider", "openai,offline", "--out", out, seeds)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for i, p := range readPairs(t, out) {
		switch {
		case p.Hi != want[i]:
			t.Errorf("pair %d is %q, want %q", i, p.Hi, want[i])
		case p.Hi == bad && (p.Provider != "offline" || strings.HasPrefix(p.En, openaitest.Prefix)):
			t.Errorf("the sentence no job translated: %+v, want the offline gloss", p)
		case p.Hi != bad && (p.Provider != "openai" || p.En != openaitest.Translate(p.Hi)):
			t.Errorf("pair %d: %+v, want the batch translation", i, p)
		}
	}
	if _, chat := batchTexts(s); len(chat) != 0 || len(s.Jobs()) != 4 {
		t.Errorf("%d jobs and %d chat segments; want four jobs, no chat", len(s.Jobs()), len(chat))
	}
}

func TestBatchJobUnknownToTheServiceIsReleased(t *testing.T) {
	want := seedSentences(t)
	dir, seeds, _ := batchEnv(t, openaitest.Options{Key: openaiKey})
	t.Setenv("ANUVAD_LOG_LEVEL", "warn")
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai", "--out", out, seeds}
	if code, _, stderr := run(t, append(args, "--detach")...); code != ExitOK {
		t.Fatalf("detach: exit %d: %s", code, stderr)
	}
	// Another endpoint, which never heard of the recorded job.
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey})
	useOpenAI(t, s, openaiKey)
	code, _, stderr := run(t, args...)
	if code != ExitOK || !strings.Contains(stderr, "does not know a recorded batch job") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	byJob, _ := batchTexts(s)
	if len(s.Jobs()) != 1 {
		t.Fatalf("jobs %v at the new endpoint, want one", jobIDs(s))
	}
	sentOnce(t, byJob[s.Jobs()[0].ID], want)
}

func TestBatchesFlagsParse(t *testing.T) {
	f, _, _ := testFactory(t)
	var got *BatchesOptions
	runF := func(_ context.Context, o *BatchesOptions) error { got = o; return nil }
	for args, want := range map[string]string{"": "", "cancel batch_7": "batch_7"} {
		got = nil
		cmd := NewCmdBatches(f, runF)
		cmd.SetArgs(strings.Fields(args))
		if err := cmd.Execute(); err != nil || got == nil || got.Cancel != want {
			t.Errorf("batches %s: options %+v, %v; want cancel %q", args, got, err, want)
		}
	}
	for _, args := range [][]string{{"cancel"}, {"cancel", "a", "b"}, {"extra"}} {
		cmd := NewCmdBatches(f, runF)
		cmd.SetArgs(args)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		if err := cmd.Execute(); err == nil {
			t.Errorf("batches %v: no error", args)
		}
	}
	var tr *TranslateOptions
	cmd := NewCmdTranslate(f, func(_ context.Context, o *TranslateOptions) error { tr = o; return nil })
	cmd.SetArgs([]string{"--detach", "a.txt"})
	if err := cmd.Execute(); err != nil || !tr.Detach {
		t.Errorf("translate --detach: %+v, %v", tr, err)
	}
}

func TestBatchReadsStandardInputTwice(t *testing.T) {
	want := seedSentences(t)
	dir, seeds, s := batchEnv(t, openaitest.Options{Key: openaiKey})
	files, err := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if err != nil || len(files) != 1 {
		t.Fatalf("seed files %v, %v", files, err)
	}
	text, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	f, _, errOut := testFactory(t)
	f.IO.In = strings.NewReader(string(text))
	out := filepath.Join(dir, "out")
	if code := Run(context.Background(), f, []string{"translate", "--provider", "openai", "--out", out, "-"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	if len(s.Jobs()) != 1 {
		t.Errorf("jobs %v, want one", jobIDs(s))
	}
}

func TestBatchModeOnlyForTheFirstProvider(t *testing.T) {
	want := seedSentences(t)
	dir, seeds, s := batchEnv(t, openaitest.Options{Key: openaiKey})
	g := googletest.NewV2(t, googletest.V2Options{Key: googleKey, Fault: func(_ int, w http.ResponseWriter, _ *http.Request) bool {
		googletest.Error(w, http.StatusInternalServerError, "backendError", "down")
		return true
	}})
	useGoogle(t, g, googleKey)
	t.Setenv("ANUVAD_RETRY_ATTEMPTS", "1")
	out := filepath.Join(dir, "out")
	code, _, stderr := run(t, "translate", "--provider", "google,openai", "--out", out, seeds)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	_, chat := batchTexts(s)
	if len(s.Jobs()) != 0 {
		t.Errorf("jobs %v: openai second in the chain submitted batch jobs", jobIDs(s))
	}
	sentOnce(t, chat, want)
}

// Two machines sharing a PostgreSQL cache: the second collects the job the
// first submitted and detached from, and submits nothing again.
func TestBatchJobsSharedThroughPostgres(t *testing.T) {
	pg := storetest.PostgresURL(t)
	want := seedSentences(t)
	dir, seeds, s := batchEnv(t, openaitest.Options{Key: openaiKey})
	t.Setenv("ANUVAD_CACHE_PATH", pg)
	args := []string{"translate", "--provider", "openai", seeds}
	if code, stdout, stderr := run(t, append(args, "--out", filepath.Join(dir, "a"), "--detach")...); code != ExitOK || stdout != "batch_1\n" {
		t.Fatalf("first machine: exit %d, %q: %s", code, stdout, stderr)
	}
	// The second machine: another home, the same database.
	other := t.TempDir()
	t.Chdir(other)
	t.Setenv("HOME", other)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(other, "xdg-cache"))
	out := filepath.Join(other, "out")
	if code, _, stderr := run(t, append(args, "--out", out)...); code != ExitOK {
		t.Fatalf("second machine: exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	if ids := jobIDs(s); len(ids) != 1 {
		t.Errorf("jobs %v, want the first machine's only", ids)
	}
	if code, stdout, _ := run(t, "batches"); code != ExitOK || !regexp.MustCompile(`(?m)^batch_1 .* completed `).MatchString(stdout) || strings.Contains(stdout, " -\n") {
		t.Errorf("batches on the shared cache:\n%s", stdout)
	}
}

func TestBatchJobRefusedAsAWholeIsSubmittedAgain(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey, BatchRefuse: func(job int) (string, string) {
		if job == 1 {
			return "token_limit_exceeded", "Enqueued token limit reached for gpt-4o-mini"
		}
		return "", ""
	}})
	useOpenAI(t, s, openaiKey)
	useBatch(t)
	out := filepath.Join(dir, "out")
	code, _, stderr := run(t, "translate", "--provider", "openai", "--out", out, seeds)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	jobs := s.Jobs()
	if len(jobs) != 2 || jobs[0].Status != "failed" {
		t.Fatalf("jobs %+v, want the refused one and its follow-up", jobs)
	}
	if !strings.Contains(stderr, "token_limit_exceeded: Enqueued token limit reached") {
		t.Errorf("the service's reason is not on stderr:\n%s", stderr)
	}
	byJob, _ := batchTexts(s)
	sentOnce(t, byJob["batch_2"], want)
}

func TestBatchCarriesTheContext(t *testing.T) {
	want := seedSentences(t)
	dir, seeds, s := batchEnv(t, openaitest.Options{Key: openaiKey})
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_CONTEXT", "2")
	out := filepath.Join(dir, "out")
	if code, _, stderr := run(t, "translate", "--provider", "openai", "--out", out, seeds); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	withContext := 0
	for _, r := range s.Requests() {
		if r.Batch == "" {
			t.Errorf("a request was sent by chat: %q", r.Texts())
		}
		if len(r.Context) == 0 {
			continue
		}
		withContext++
		// The context is the two sentences before the request's first.
		i := slices.Index(want, r.Segments[0].Text)
		if i < 2 || !slices.Equal(r.Context, want[i-2:i]) {
			t.Errorf("request starting at sentence %d carries context %q", i, r.Context)
		}
	}
	if withContext == 0 || len(s.Requests()) < 2 {
		t.Errorf("%d requests, %d with context; want the ones after the first to carry it", len(s.Requests()), withContext)
	}
}

func TestBatchRefusedKeyIsInTheSummary(t *testing.T) {
	dir, seeds := cloudEnv(t)
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey})
	useOpenAI(t, s, "sk-wrong")
	useBatch(t)
	out := filepath.Join(dir, "out")
	code, _, stderr := run(t, "translate", "--provider", "openai", "--out", out, seeds)
	if code != ExitPartial || !strings.Contains(stderr, "authentication failed") {
		t.Fatalf("exit %d, want %d with the reason: %s", code, ExitPartial, stderr)
	}
	if sum := readSummary(t, out); !strings.Contains(sum.Error, "authentication failed") || sum.Pairs != 0 {
		t.Errorf("summary: %+v, want the refusal as error", sum)
	}
	if len(s.Jobs()) != 0 {
		t.Errorf("jobs %v", jobIDs(s))
	}
}
