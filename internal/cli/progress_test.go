package cli

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anuvad/anuvad/providers"
)

func TestProgressBarHasATotalAnETAAndLogsAboveIt(t *testing.T) {
	dir := isolate(t)
	input := writeText(t, filepath.Join(dir, "in.txt"), hindiSentences(0, 300))
	var sent atomic.Int64
	slow := countingSpec("slow", &sent, func(_ context.Context, call int, _ providers.Request) error {
		time.Sleep(40 * time.Millisecond)
		if call == 3 {
			return providers.Retryable(errors.New("the service is busy"))
		}
		return nil
	})
	f, _, errOut := testFactory(t, slow)
	f.IO.ErrTerminal = true
	t.Setenv("ANUVAD_RETRY_INITIAL", "1ms")
	args := []string{"translate", "--provider", "slow", "--workers", "1", "--batch-size", "10", "--input-format", "lines",
		"--log-level", "info", "--out", filepath.Join(dir, "out"), input}
	if code := Run(context.Background(), f, args); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	stderr := errOut.String()
	frames := regexp.MustCompile(`translating ([\d,]+)(?:/([\d,]+))? sentences(?: · ([\d,]+)/s)?(?: · ETA (\S+))?`).FindAllStringSubmatch(stderr, -1)
	if len(frames) < 3 {
		t.Fatalf("%d bar frames in:\n%q", len(frames), stderr)
	}
	num := func(s string) int { n, _ := strconv.Atoi(strings.ReplaceAll(s, ",", "")); return n }
	if frames[0][3] != "" {
		t.Errorf("first frame shows a rate: %q", frames[0][0])
	}
	withETA := 0
	for _, fr := range frames {
		done, total, rate := num(fr[1]), num(fr[2]), num(fr[3])
		if fr[2] == "" || total < done || total > 2*300 {
			t.Errorf("frame %q: want done/total with a total near 300", fr[0])
		}
		if rate > 1000 {
			t.Errorf("frame %q: an absurd rate", fr[0])
		}
		if fr[4] != "" {
			withETA++
		}
	}
	if withETA == 0 {
		t.Errorf("no frame shows an ETA:\n%q", stderr)
	}
	last := frames[len(frames)-1]
	if num(last[1]) != 300 || num(last[2]) != 300 {
		t.Errorf("last frame %q, want 300/300", last[0])
	}
	logged := 0
	for _, line := range strings.Split(stderr, "\n") {
		if !strings.Contains(line, "level=") {
			continue
		}
		logged++
		if after := line[strings.LastIndex(line, "\r")+1:]; !strings.HasPrefix(after, "time=") {
			t.Errorf("log record drawn on the bar: %q", line)
		}
	}
	if logged == 0 || !strings.Contains(stderr, "level=INFO msg=\"provider retry\"") {
		t.Errorf("no retry logged at info:\n%s", stderr)
	}
}
