package pipeline

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/anuvad/anuvad/providers"
)

// contextRecorder is a test provider that records the Context of every
// request, keyed by the text of the request's first segment.
type contextRecorder struct {
	upper
	mu       sync.Mutex
	contexts map[string][]string
}

func (c *contextRecorder) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	c.mu.Lock()
	if c.contexts == nil {
		c.contexts = map[string][]string{}
	}
	c.contexts[req.Segments[0].Text] = req.Context
	c.mu.Unlock()
	return c.upper.Translate(ctx, req)
}

// runContext runs docs with one sentence a request and returns the
// recorded contexts.
func runContext(t *testing.T, n int, format Format, docs ...Document) map[string][]string {
	t.Helper()
	p := &contextRecorder{}
	opts := baseOptions(p)
	opts.BatchSize = 1
	opts.Context = n
	opts.Format = format
	sink := &memSink{}
	if _, err := Run(context.Background(), opts, docs, sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.failures) != 0 {
		t.Fatalf("failures: %+v", sink.failures)
	}
	return p.contexts
}

func checkContexts(t *testing.T, got, want map[string][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d requests recorded, want %d: %q", len(got), len(want), got)
	}
	for text, w := range want {
		g, ok := got[text]
		if !ok {
			t.Errorf("no request for %q", text)
			continue
		}
		if !slices.Equal(g, w) {
			t.Errorf("context of %q = %q, want %q", text, g, w)
		}
	}
}

func TestContextHoldsPrecedingSentences(t *testing.T) {
	docs := []Document{
		textDoc("a", "एक। दो। तीन।\n\nचार। दो। पाँच।"),
		textDoc("b", "छह। सात।"),
	}
	checkContexts(t, runContext(t, 2, Text, docs...), map[string][]string{
		"एक।":   nil,
		"दो।":   {"एक।"},
		"तीन।":  {"एक।", "दो।"},
		"चार।":  {"दो।", "तीन।"},
		"पाँच।": {"चार।", "दो।"}, // the repeated दो। is context too
		"छह।":   nil,             // a new document starts afresh
		"सात।":  {"छह।"},
	})
	none := map[string][]string{"एक।": nil, "दो।": nil, "तीन।": nil, "चार।": nil, "पाँच।": nil, "छह।": nil, "सात।": nil}
	checkContexts(t, runContext(t, 0, Text, docs...), none)
}

func TestContextResetsPerJSONLRecord(t *testing.T) {
	in := `{"id":"r1","text":"एक। दो।"}` + "\n" + `{"id":"r2","text":"तीन। चार।"}` + "\n"
	checkContexts(t, runContext(t, 3, JSONL, textDoc("in.jsonl", in)), map[string][]string{
		"एक।":  nil,
		"दो।":  {"एक।"},
		"तीन।": nil,
		"चार।": {"तीन।"},
	})
}

func TestContextSkipsEmptyLines(t *testing.T) {
	checkContexts(t, runContext(t, 2, Lines, textDoc("in", "एक\n\nदो\nतीन\n")), map[string][]string{
		"एक":  nil,
		"दो":  {"एक"},
		"तीन": {"एक", "दो"},
	})
}

func TestBatchContextIsItsFirstSentences(t *testing.T) {
	p := &contextRecorder{}
	opts := baseOptions(p)
	opts.Workers = 1
	opts.BatchSize = 3
	opts.BatchWait = time.Minute // batches flush when full or at the end
	opts.Context = 2
	if _, err := Run(context.Background(), opts, []Document{textDoc("d", "अ। आ। इ। ई। उ।")}, &memSink{}); err != nil {
		t.Fatal(err)
	}
	checkContexts(t, p.contexts, map[string][]string{
		"अ।": nil,
		"ई।": {"आ।", "इ।"},
	})
}
