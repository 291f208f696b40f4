package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/output"
)

// chromium returns the path of a Chromium or Chrome binary, or skips the
// test saying how to run it. With ANUVAD_REQUIRE_BROWSER set (as .ci/run
// does) a missing browser fails the test instead.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	msg := "no chromium on PATH: install it (Debian: apt-get update && apt-get install -y chromium; .ci/run does) to run the browser test of the review page"
	if os.Getenv("ANUVAD_REQUIRE_BROWSER") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestReviewPageInABrowser drives the review page in headless Chromium with
// the keyboard alone: it searches, edits a pair's English, rejects another,
// then checks the cache and a reviewed export. With
// ANUVAD_REVIEW_SCREENSHOT=FILE it also saves a screenshot of the page (the
// one in the README).
func TestReviewPageInABrowser(t *testing.T) {
	browser := chromium(t)
	dir := isolate(t)
	writeFile(t, filepath.Join(dir, "in", "nadi.txt"), "नदी में पानी कम है। किसान बारिश का इंतज़ार कर रहे हैं।\n")
	out, db := translateForReview(t, dir)
	if code, _, stderr := run(t, "translate", "--quiet", "--out", out, "--cache", db, "in"); code != ExitOK {
		t.Fatalf("translate: %s", stderr)
	}
	pairs := readPairs(t, out)
	if len(pairs) != 6 {
		t.Fatalf("%d pairs, want 6", len(pairs))
	}
	addr, stop := startReview(t, "--out", out, "--cache", db)

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU, chromedp.WindowSize(1100, 600))...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	// status is the selector of the review cell of a Hindi sentence.
	status := func(hi string) string {
		for _, p := range pairs {
			if p.Hi == hi {
				return `tr.pair[data-doc="` + p.Doc + `"][data-index="` + itoa(p.Index) + `"] td.status`
			}
		}
		t.Fatalf("no pair %q", hi)
		return ""
	}
	var rows int
	var count string
	const fixed = "The bridge is 120 metres long."
	bridge := "पुल की लंबाई 120 मीटर है।"
	built := "गाँव में नया पुल बना।"
	// until waits for a script expression to become true, across page
	// loads (an expression evaluated while the page changes fails).
	until := func(expr string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			deadline := time.Now().Add(20 * time.Second)
			for {
				ok, err := chromedp.Evaluate[bool](expr)(ctx, tg)
				if err == nil && ok {
					return nil
				}
				if time.Now().After(deadline) {
					state, _ := chromedp.Evaluate[string](`location.search + " | q=" + (document.getElementById("q")||{}).value + " | rows=" + document.querySelectorAll("tr.pair").length + " | active=" + (document.activeElement && document.activeElement.outerHTML.slice(0, 80))`)(ctx, tg)
					return fmt.Errorf("still false after 20s: %s (%v); page: %s", expr, err, state)
				}
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(50 * time.Millisecond):
				}
			}
		})
	}
	err := chromedp.Do(ctx, chromedp.Navigate(addr), chromedp.WaitVisible(`tr.pair.current`))
	if err != nil {
		t.Fatal(err)
	}
	if rows, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("tr.pair").length`)); err != nil {
		t.Fatal(err)
	}
	if rows != 6 {
		t.Fatalf("the page shows %d pairs, want 6", rows)
	}
	err = chromedp.Do(ctx,
		// Search with the keyboard: "/" focuses the box, Enter filters.
		chromedp.KeyEvent("/"),
		chromedp.KeyEvent("पुल"),
		chromedp.KeyEvent(kb.Enter),
		until(`location.search.includes("q=") && document.querySelectorAll("tr.pair").length === 2`),
		chromedp.WaitVisible(`tr.pair.current`),
		// The second match is the bridge's length: edit its English.
		chromedp.KeyEvent("j"),
		chromedp.KeyEvent("e"),
		chromedp.WaitVisible(`tr.pair.current td.en textarea`),
		chromedp.KeyEvent(fixed),
		chromedp.KeyEvent(kb.Enter),
		until(`document.querySelector('`+status(bridge)+`').textContent === "edited"`),
		// Back to the first match, and reject it.
		chromedp.KeyEvent("k"),
		chromedp.KeyEvent("r"),
		until(`document.querySelector('`+status(built)+`').textContent === "rejected"`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if count, err = chromedp.Run(ctx, chromedp.Text(`#count`)); err != nil || !strings.Contains(count, "of 2 matching") {
		t.Errorf("count after the search = %q", count)
	}
	if shownEn, err := chromedp.Run(ctx, chromedp.Text(`tr.pair.edited td.en .text`)); err != nil || shownEn != fixed {
		t.Errorf("edited English shown = %q, %v", shownEn, err)
	}
	// Unfiltered again, accept the first pair.
	const river = "नदी में पानी कम है।"
	err = chromedp.Do(ctx,
		chromedp.Navigate(addr),
		chromedp.WaitVisible(`tr.pair.current`),
		chromedp.KeyEvent("a"),
		until(`document.querySelector('`+status(river)+`').textContent === "accepted"`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if shot := os.Getenv("ANUVAD_REVIEW_SCREENSHOT"); shot != "" {
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(1100, 540),
			chromedp.Navigate(addr),
			chromedp.WaitVisible(`tr.pair.current`),
			chromedp.KeyEvent("jjjj"),
		)
		if err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(shot, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code := stop(); code != ExitOK {
		t.Errorf("review exit %d", code)
	}

	// The edit is in the cache as a human translation...
	store, err := cache.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.Get(context.Background(), []cache.Key{cache.HumanKey("hi", "en", bridge)})
	store.Close()
	if err != nil || got[0].Translation != fixed {
		t.Errorf("cache holds %v, %v; want the edit as a human translation", got, err)
	}
	// ...and a reviewed export applies both decisions.
	if code, _, stderr := run(t, "export", "--reviewed", "--out", out); code != ExitOK {
		t.Fatalf("export: %s", stderr)
	}
	tsv := strings.Join(lines(t, filepath.Join(out, output.TSVFile)), "\n")
	if !strings.Contains(tsv, bridge+"\t"+fixed) || strings.Contains(tsv, built) || len(lines(t, filepath.Join(out, output.TSVFile))) != 5 {
		t.Errorf("exported tsv:\n%s", tsv)
	}
	for _, p := range readPairs(t, out) {
		want := ""
		switch p.Hi {
		case bridge:
			want = corpus.Edited
		case built:
			want = corpus.Rejected
		case river:
			want = corpus.Accepted
		}
		if p.Reviewed != want {
			t.Errorf("pairs.jsonl: %q reviewed %q, want %q", p.Hi, p.Reviewed, want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
