package middleware_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/fake"
	"github.com/anuvad/anuvad/providers/middleware"
)

// A fallback chain of two providers, each in its own Retry → Concurrency →
// RateLimit stack. The first refuses one segment; the second translates it.
func Example() {
	flaky := fake.New(fake.Options{Name: "openai", Model: "gpt-4o-mini", FailSegment: func(_ int, s providers.Segment) error {
		if s.ID == "2" {
			return errors.New("content refused")
		}
		return nil
	}})
	backup := fake.New(fake.Options{Name: "google", Model: "v3/general/nmt"})

	stack := func(p providers.Provider) providers.Provider {
		limited := middleware.RateLimit(p, middleware.Limits{RequestsPerMinute: 600})
		return middleware.Retry(middleware.Concurrency(limited, 4), middleware.Policy{Attempts: 3}, nil)
	}
	chain := middleware.Fallback(stack(flaky), stack(backup))

	res, err := chain.Translate(context.Background(), providers.Request{Source: "hi", Target: "en", Segments: []providers.Segment{
		{ID: "1", Text: "नमस्ते"}, {ID: "2", Text: "धन्यवाद"},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(chain.Name())
	for _, r := range res {
		fmt.Println(r.ID, r.Text, r.Provider, r.Model)
	}
	// Output:
	// openai,google
	// 1 en:नमस्ते openai gpt-4o-mini
	// 2 en:धन्यवाद google v3/general/nmt
}
