package offline

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/anuvad/anuvad/configmap"
	"github.com/anuvad/anuvad/providers"
)

// TestLazyLoad checks, in a fresh process where nothing else has touched
// the tables, that building the provider and asking for its name, model,
// fingerprint and limits parses no table, and that the first sentence
// does.
func TestLazyLoad(t *testing.T) {
	if os.Getenv("ANUVAD_OFFLINE_LAZY_CHILD") == "1" {
		lazyChild(t)
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestLazyLoad$", "-test.v")
	cmd.Env = append(os.Environ(), "ANUVAD_OFFLINE_LAZY_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child process: %v\n%s", err, out)
	}
	t.Logf("child process:\n%s", out)
}

func lazyChild(t *testing.T) {
	if base != nil {
		t.Fatal("tables parsed before any provider exists")
	}
	p, err := Spec().New(context.Background(), configmap.Settings{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	_, _, _ = p.Name(), p.Model(), p.Fingerprint()
	_ = p.Limits()
	if _, err := p.Translate(context.Background(), providers.Request{Source: "hi", Target: "en"}); err != nil {
		t.Fatal(err)
	}
	if base != nil {
		t.Fatal("tables parsed by building the provider or by an empty request")
	}
	res, err := p.Translate(context.Background(), providers.Request{Source: "hi", Target: "en",
		Segments: []providers.Segment{{ID: "1", Text: "रूस"}}})
	if err != nil || len(res) != 1 || res[0].Text != "Russia" {
		t.Fatalf("first sentence: %+v, %v", res, err)
	}
	if base == nil {
		t.Fatal("tables not kept after the first sentence")
	}
}

// TestLoadConcurrent starts a Translator on many goroutines at once; run
// with -race it shows the lazy load is safe.
func TestLoadConcurrent(t *testing.T) {
	tr, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	got := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { got[i] = tr.Gloss("भारत की राजधानी") })
	}
	wg.Wait()
	for i, g := range got {
		if g != "The capital of India" {
			t.Errorf("goroutine %d: %q", i, g)
		}
	}
}
