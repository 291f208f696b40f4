package pipeline

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anuvad/anuvad/providers"
)

type lookerFunc func(context.Context, providers.Request) ([]providers.Result, error)

func (f lookerFunc) Lookup(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	return f(ctx, req)
}

// TestKeepLimitsTheRunToOnePart: sentences Keep refuses are neither looked
// up, translated nor written; the kept ones keep their places and indexes.
func TestKeepLimitsTheRunToOnePart(t *testing.T) {
	p := &upper{maxDelay: time.Millisecond}
	sink := &memSink{}
	opts := baseOptions(p)
	var mu sync.Mutex
	var asked []string
	opts.Lookup = lookerFunc(func(_ context.Context, req providers.Request) ([]providers.Result, error) {
		mu.Lock()
		defer mu.Unlock()
		for _, s := range req.Segments {
			asked = append(asked, s.Text)
		}
		return nil, nil
	})
	// Keep the sentences whose number ends in an even digit.
	opts.Keep = func(text string) bool {
		s := strings.TrimSuffix(text, " है।")
		return strings.ContainsAny(s[len(s)-1:], "02468")
	}
	sum, err := Run(context.Background(), opts, []Document{textDoc("a", numbered(200, 50))}, sink)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if sum.UniqueSentences != 50 || sum.OtherShards != 25 || sum.Pairs != 100 || sum.Failures != 0 || len(sink.failures) != 0 {
		t.Fatalf("summary %+v, %d failures written", sum, len(sink.failures))
	}
	if p.segments.Load() != 25 || len(asked) != 25 {
		t.Errorf("translated %d and looked up %d sentences, want the 25 kept", p.segments.Load(), len(asked))
	}
	for i, pr := range sink.pairs {
		if !opts.Keep(pr.Hi) || pr.En != "["+pr.Hi+"]" {
			t.Fatalf("pair %d = %+v", i, pr)
		}
		if i > 0 && pr.Index <= sink.pairs[i-1].Index {
			t.Fatalf("pair %d out of order: index %d after %d", i, pr.Index, sink.pairs[i-1].Index)
		}
	}
}
