package cli

import (
	"bufio"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestOutHoldsOnlyTheFilesOfTheLastRun(t *testing.T) {
	seeds := seedAbs(t)
	dir := isolate(t)
	out := filepath.Join(dir, "out")
	for _, formats := range []string{"tsv,jsonl,tmx,moses", "tsv"} {
		f, _, errOut := testFactory(t)
		if code := Run(context.Background(), f, []string{"translate", "--out", out, "--formats", formats, seeds}); code != ExitOK {
			t.Fatalf("--formats %s: exit %d: %s", formats, code, errOut)
		}
	}
	var names []string
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"pairs.tsv", "summary.json"}) {
		t.Errorf("after a tsv-only run, %s holds %v", out, names)
	}
}

func TestOutDashStreamsOneFormat(t *testing.T) {
	seeds := seedAbs(t)
	dir := isolate(t)
	f, out, errOut := testFactory(t)
	if code := Run(context.Background(), f, []string{"translate", "--out", "-", "--formats", "tsv", seeds}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(rows) < 20 || strings.Count(rows[0], "\t") != 1 {
		t.Errorf("stdout is not the tsv pairs:\n%s", out)
	}
	if !strings.Contains(errOut.String(), "written to standard output") {
		t.Errorf("summary: %s", errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "-")); !os.IsNotExist(err) {
		t.Errorf("a folder named - was made: %v", err)
	}
	f, _, errOut = testFactory(t)
	if code := Run(context.Background(), f, []string{"translate", "--out", "-", seeds}); code != ExitUsage || !strings.Contains(errOut.String(), "streams one format") {
		t.Errorf("--out - with four formats: exit %d: %s", code, errOut)
	}
}

// noPartialFiles fails the test if a temporary output file is left under
// dir.
func noPartialFiles(t *testing.T, dir string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".partial") {
			t.Errorf("temporary file left: %s", path)
		}
		return nil
	})
}

// pipeChild starts anuvad (this test binary, see TestMain) in dir with
// args; stdout and stderr are the write ends of pipes whose read ends are
// returned.
func pipeChild(t *testing.T, dir string, args ...string) (cmd *exec.Cmd, stdout, stderr *os.File) {
	t.Helper()
	cmd = exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), runMainEnv+"=1", "XDG_CACHE_HOME="+filepath.Join(dir, "xdg-cache"), "HOME="+dir)
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	outW.Close()
	errW.Close()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		outR.Close()
		errR.Close()
	})
	return cmd, outR, errR
}

func TestStdoutReaderGoingAwayEndsTheRunCleanly(t *testing.T) {
	dir := isolate(t)
	// More pairs than the pipe and the stream's buffer hold, so that the
	// run is still writing when the reader leaves.
	input := writeText(t, filepath.Join(dir, "many.txt"), hindiSentences(0, 3000))
	cmd, stdout, stderr := pipeChild(t, dir, "translate", "--out", "-", "--formats", "jsonl", "--input-format", "lines", input)
	go func() { _, _ = bufio.NewReader(stderr).WriteTo(discard{}) }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, `{"doc"`) {
		t.Fatalf("first line %q, %v", line, err)
	}
	stdout.Close() // as head does after its lines
	err = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != ExitOK {
		t.Errorf("exit %d (%v), want 0 when the reader of stdout leaves", code, err)
	}
	noPartialFiles(t, dir)
}

func TestStderrReaderGoingAwayStillCommits(t *testing.T) {
	dir := isolate(t)
	input := writeText(t, filepath.Join(dir, "some.txt"), hindiSentences(0, 200))
	out := filepath.Join(dir, "out")
	cmd, stdout, stderr := pipeChild(t, dir, "translate", "--out", out, "--log-level", "debug", "--input-format", "lines", input)
	stderr.Close() // nobody reads the logs and the summary
	stdout.Close()
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != ExitOK {
		t.Errorf("exit %d (%v), want 0 when the reader of stderr leaves", code, err)
	}
	if got := len(lines(t, filepath.Join(out, "pairs.tsv"))); got != 200 {
		t.Errorf("pairs.tsv has %d lines, want 200", got)
	}
	noPartialFiles(t, dir)
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

func TestSplitIntoAClosedPipeEndsCleanly(t *testing.T) {
	dir := isolate(t)
	input := writeText(t, filepath.Join(dir, "many.txt"), hindiSentences(0, 20000))
	cmd, stdout, stderr := pipeChild(t, dir, "split", input)
	go func() { _, _ = bufio.NewReader(stderr).WriteTo(discard{}) }()
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	stdout.Close()
	start := time.Now()
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != ExitOK {
		t.Errorf("exit %d (%v), want 0 when the reader of stdout leaves", code, err)
	}
	t.Logf("split ended %v after its reader left", time.Since(start))
}
