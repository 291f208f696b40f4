package cli

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/anuvad/anuvad/providers/openai/openaitest"
)

// buildAnuvad builds the command into a temporary folder.
func buildAnuvad(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "anuvad")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/anuvad/anuvad/cmd/anuvad")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// child is anuvad running as a process of its own.
type child struct {
	cmd   *exec.Cmd
	lines chan string
	mu    sync.Mutex
	err   strings.Builder
	done  chan struct{}
}

// start runs bin with args; the environment is the test's.
func start(t *testing.T, bin string, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(bin, args...), lines: make(chan string, 1024), done: make(chan struct{})}
	stderr, err := c.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			c.mu.Lock()
			c.err.WriteString(sc.Text() + "\n")
			c.mu.Unlock()
			select {
			case c.lines <- sc.Text():
			default:
			}
		}
	}()
	t.Cleanup(func() { _ = c.cmd.Process.Kill() })
	return c
}

// await waits for a line of stderr holding want.
func (c *child) await(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		select {
		case l := <-c.lines:
			if strings.Contains(l, want) {
				return
			}
		case <-c.done:
			t.Fatalf("anuvad ended without printing %q:\n%s", want, c.stderr())
		case <-deadline:
			t.Fatalf("anuvad did not print %q in time:\n%s", want, c.stderr())
		}
	}
}

// wait waits for the process to end and returns its exit code, or -1 when
// a signal killed it.
func (c *child) wait(t *testing.T) int {
	t.Helper()
	<-c.done
	err := c.cmd.Wait()
	if err == nil {
		return 0
	}
	ee, ok := err.(*exec.ExitError)
	if !ok {
		t.Fatal(err)
	}
	return ee.ExitCode()
}

func (c *child) stderr() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err.String()
}

// TestBatchChildProcess runs the anuvad command, built once, as a process
// of its own, and interrupts and kills it.
func TestBatchChildProcess(t *testing.T) {
	bin := buildAnuvad(t)
	t.Run("interrupted, killed and resumed", func(t *testing.T) { killedAndResumed(t, bin) })
	t.Run("killed while submitting", func(t *testing.T) { killedWhileSubmitting(t, bin) })
}

// A run interrupted, then killed, while its batch job is pending, and run a
// third time: one job in all, and every pair right.
func killedAndResumed(t *testing.T, bin string) {
	want := seedSentences(t)
	dir, seeds, s := batchEnv(t, openaitest.Options{Key: openaiKey, BatchPolls: 1 << 30})
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai", "--out", out, seeds}

	// Ctrl-C while the job is pending: exit 130, the job stays recorded.
	first := start(t, bin, args...)
	first.await(t, "batch batch_1: submitted")
	first.await(t, "batch batch_1: in_progress")
	if err := first.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code := first.wait(t); code != ExitInterrupted || !strings.Contains(first.stderr(), "run the same command again") {
		t.Fatalf("interrupted run: exit %d, want %d:\n%s", code, ExitInterrupted, first.stderr())
	}

	// Killed outright while waiting on the recorded job.
	second := start(t, bin, args...)
	second.await(t, "batch batch_1: in_progress")
	if err := second.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if code := second.wait(t); code != -1 {
		t.Fatalf("killed run: exit %d", code)
	}
	if regexp.MustCompile(`: submitted \d+ requests`).MatchString(second.stderr()) || len(s.Jobs()) != 1 {
		t.Fatalf("the second run submitted again (%d jobs):\n%s", len(s.Jobs()), second.stderr())
	}

	// The job finishes; the third run collects it and writes the corpus.
	s.SetBatchPolls(1)
	third := start(t, bin, args...)
	if code := third.wait(t); code != ExitOK {
		t.Fatalf("third run: exit %d:\n%s", code, third.stderr())
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	byJob, chat := batchTexts(s)
	if ids := jobIDs(s); len(ids) != 1 || len(chat) != 0 {
		t.Fatalf("jobs %v, %d chat segments; want one job, no chat", ids, len(chat))
	}
	sentOnce(t, byJob["batch_1"], want)
}

// A run killed after the service created its job but before it heard
// back: the next run finds the job by its submission tag and adopts it.
func killedWhileSubmitting(t *testing.T, bin string) {
	want := seedSentences(t)
	dir, seeds := cloudEnv(t)
	created, release := make(chan struct{}, 1), make(chan struct{})
	var once sync.Once
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey, OnBatchCreate: func(job int) {
		if job == 1 {
			created <- struct{}{}
			<-release
		}
	}})
	t.Cleanup(func() { once.Do(func() { close(release) }) })
	useOpenAI(t, s, openaiKey)
	useBatch(t)
	out := filepath.Join(dir, "out")
	args := []string{"translate", "--provider", "openai", "--out", out, seeds}

	c := start(t, bin, args...)
	select {
	case <-created:
	case <-time.After(2 * time.Minute):
		t.Fatalf("no job created:\n%s", c.stderr())
	}
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if code := c.wait(t); code != -1 {
		t.Fatalf("killed run: exit %d", code)
	}
	once.Do(func() { close(release) })

	code, _, stderr := run(t, args...)
	if code != ExitOK {
		t.Fatalf("rerun: exit %d: %s", code, stderr)
	}
	checkOutputs(t, out, expect(want), openaitest.Translate, constant("openai"))
	if ids := jobIDs(s); len(ids) != 1 {
		t.Fatalf("jobs %v, want the first one adopted", ids)
	}
	byJob, _ := batchTexts(s)
	sentOnce(t, byJob["batch_1"], want)
	if code, stdout, _ := run(t, "batches"); code != ExitOK || strings.Contains(stdout, "submitting") || !strings.Contains(stdout, "batch_1") {
		t.Errorf("records after adoption:\n%s", stdout)
	}
}
