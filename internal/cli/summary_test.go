package cli

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
)

// flaky fails every other call of a provider with a retryable error.
func flaky(name string, sent *atomic.Int64) providers.Spec {
	return countingSpec(name, sent, func(_ context.Context, call int, _ providers.Request) error {
		if call%2 == 0 {
			return providers.Retryable(errors.New("the service is busy"))
		}
		return nil
	})
}

func TestSummaryCountsWhatEachProviderOfAChainServed(t *testing.T) {
	seeds := seedAbs(t)
	dir := isolate(t)
	t.Setenv("ANUVAD_RETRY_ATTEMPTS", "1")
	var sent atomic.Int64
	f, _, errOut := testFactory(t, flaky("first", &sent))
	out := filepath.Join(dir, "out")
	if code := Run(context.Background(), f, []string{"translate", "--provider", "first,offline", "--batch-size", "4", "--workers", "1", "--out", out, seeds}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	sum := readSummary(t, out)
	first, offline := sum.Providers["first"], sum.Providers["offline"]
	if first.Served == 0 || offline.Served == 0 || first.Served+offline.Served != int64(sum.Pairs) {
		t.Errorf("served: first %d, offline %d, pairs %d", first.Served, offline.Served, sum.Pairs)
	}
	if first.Retries != 0 {
		t.Errorf("%d retries with retry.attempts 1", first.Retries)
	}
	if first.Failures == 0 || sum.Failures != 0 {
		t.Errorf("first failed %d, top-level failures %d: the chain recovered them all", first.Failures, sum.Failures)
	}
	stderr := errOut.String()
	for _, want := range []string{"first " + strconv.FormatInt(first.Served, 10), "offline " + strconv.FormatInt(offline.Served, 10), " · ", "0 retries", "0 failed sentences"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "level=WARN") {
		t.Errorf("a fault the chain recovered is logged as a warning:\n%s", stderr)
	}

	// With retries, the attempts made again are counted.
	t.Setenv("ANUVAD_RETRY_ATTEMPTS", "3")
	t.Setenv("ANUVAD_RETRY_INITIAL", "1ms")
	f, _, errOut = testFactory(t, flaky("first", &sent))
	if code := Run(context.Background(), f, []string{"translate", "--provider", "first", "--no-cache", "--batch-size", "4", "--workers", "1", "--out", out, seeds}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	sum = readSummary(t, out)
	if c := sum.Providers["first"]; c.Retries == 0 || c.Retries != c.Calls/2 || c.Served != int64(sum.Pairs) {
		t.Errorf("with retries: %+v", c)
	}
}

func TestSummaryIsJSONWithJSONLogs(t *testing.T) {
	seeds := seedAbs(t)
	dir := isolate(t)
	f, _, errOut := testFactory(t)
	if code := Run(context.Background(), f, []string{"translate", "--log-format", "json", "--out", filepath.Join(dir, "out"), seeds}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, line := range strings.Split(strings.TrimSpace(errOut.String()), "\n") {
		var rec struct {
			Msg     string         `json:"msg"`
			Summary corpus.Summary `json:"summary"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("stderr line is not JSON: %q", line)
		}
		if rec.Msg == "summary" && rec.Summary.Pairs < 20 {
			t.Errorf("summary record: %+v", rec.Summary)
		}
	}
	if !strings.Contains(errOut.String(), `"msg":"summary"`) {
		t.Errorf("no summary record:\n%s", errOut)
	}
}

func TestQuietPrintsOnlyErrors(t *testing.T) {
	seeds := seedAbs(t)
	dir := isolate(t)
	f, _, errOut := testFactory(t)
	f.IO.ErrTerminal = true
	if code := Run(context.Background(), f, []string{"translate", "--quiet", "--out", filepath.Join(dir, "out"), seeds}); code != ExitOK || errOut.Len() != 0 {
		t.Errorf("quiet run: exit %d, stderr %q", code, errOut)
	}
	f, _, errOut = testFactory(t)
	code := Run(context.Background(), f, []string{"translate", "--quiet", "--out", filepath.Join(dir, "out"), seeds, filepath.Join(dir, "missing.txt")})
	stderr := errOut.String()
	if code != ExitPartial || !strings.Contains(stderr, "missing.txt") || strings.Contains(stderr, "sentences/s") {
		t.Errorf("quiet run with an error: exit %d, stderr:\n%s", code, stderr)
	}
}

func TestStoppedRunCountsWhatItDidNotTranslate(t *testing.T) {
	seeds := seedAbs(t)
	dir := isolate(t)
	var sent atomic.Int64
	refusing := countingSpec("refusing", &sent, func(context.Context, int, providers.Request) error {
		return providers.Permanent(errors.New("the key was refused"))
	})
	f, _, errOut := testFactory(t, refusing)
	out := filepath.Join(dir, "out")
	code := Run(context.Background(), f, []string{"translate", "--provider", "refusing", "--out", out, seeds})
	if code != ExitPartial {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	sum := readSummary(t, out)
	if sum.Error == "" || sum.Unfinished == 0 || sum.Unfinished+sum.Pairs+sum.Failures != sum.Sentences {
		t.Errorf("stopped run: error %q, %d sentences, %d pairs, %d failed, %d unfinished", sum.Error, sum.Sentences, sum.Pairs, sum.Failures, sum.Unfinished)
	}
	if !strings.Contains(errOut.String(), "stopped early: "+plural(sum.Unfinished, "sentence")+" not translated") {
		t.Errorf("stderr:\n%s", errOut)
	}
}

func TestRecoveredFaultsLogAtInfo(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	oneBatch(t)
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey, Fault: func(call int, w http.ResponseWriter, _ *http.Request, _ *openaitest.Request, out *[]openaitest.Segment) bool {
		switch call {
		case 1:
			openaitest.APIError(w, http.StatusTooManyRequests, "requests", "rate_limit_exceeded", "Rate limit reached")
			return true
		case 2:
			// One id missing, one invented: the missing one is asked again.
			*out = append((*out)[1:], openaitest.Segment{ID: "999", Text: "invented"})
		}
		return false
	}})
	useOpenAI(t, s, openaiKey)
	out := filepath.Join(dir, "out")
	code, _, stderr := run(t, "translate", "--provider", "openai", "--log-level", "info", "--out", out, seeds)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`level=INFO msg="provider retry"`, `level=INFO msg="reply has an id that was not asked for; ignored"`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no %s in:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "level=WARN") || strings.Contains(stderr, "level=ERROR") {
		t.Errorf("a recovered fault logged above info:\n%s", stderr)
	}
	if sum := readSummary(t, out); sum.Pairs != len(want) || sum.Providers["openai"].Retries != 2 {
		t.Errorf("summary: %d pairs, providers %+v", sum.Pairs, sum.Providers)
	}
}
