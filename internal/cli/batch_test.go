package cli

import (
	"path/filepath"
	"testing"

	"github.com/anuvad/anuvad/providers/openai/openaitest"
)

// useBatch puts the openai provider in batch mode, polling every few
// milliseconds.
func useBatch(t *testing.T) {
	t.Helper()
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_MODE", "batch")
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_BATCH_POLL", "5ms")
}

func TestBatchEndToEnd(t *testing.T) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey})
	useOpenAI(t, s, openaiKey)
	useBatch(t)
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai", "--out", out, seeds}
	code, stdout, stderr := run(t, args...)
	t.Logf("stdout %s\nstderr %s", stdout, stderr)
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	t.Logf("jobs %+v", s.Jobs())
}
