// Package middleware holds the decorators that wrap a providers.Provider:
// Retry, Concurrency (adaptive, AIMD), RateLimit and Fallback.
//
// Providers only call their service and classify errors; everything that
// waits, repeats or limits lives here, once, for all providers. The intended
// order, outermost first, is
//
//	cache → Fallback → Retry → Concurrency → RateLimit → provider
//
// with one Retry → Concurrency → RateLimit stack per member of a fallback
// chain (and, if translations are cached per provider, one cache per member,
// just inside the chain):
//
//	chain := middleware.Fallback(
//		middleware.Retry(middleware.Concurrency(middleware.RateLimit(openai, limits), workers), policy, report),
//		middleware.Retry(middleware.Concurrency(middleware.RateLimit(google, limits), workers), policy, report),
//	)
//
// Retry sits above Concurrency so that a request waiting out its backoff
// does not hold an in-flight slot; Concurrency sits above RateLimit so that
// the slots it grants are spent on requests the limiter lets through.
// RateLimit splits a request by the provider's Limits so that each call it
// paces is one request to the service.
//
// Every decorator implements providers.Wrapper; Fallback also reports its
// members through Providers. Walk and Find inspect a stack, for instance to
// find the UsageReporter of an OpenAI provider buried under decorators.
package middleware

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/anuvad/anuvad/providers"
)

// RateHinter is providers.RateHinter, kept here for the decorators that use
// it.
type RateHinter = providers.RateHinter

// UsageReporter is providers.UsageReporter.
type UsageReporter = providers.UsageReporter

// Walk calls fn for p and every provider below it: the layers reached
// through providers.Wrapper and the members of Fallback chains, depth first.
// It stops when fn returns false.
func Walk(p providers.Provider, fn func(providers.Provider) bool) {
	walk(p, fn)
}

func walk(p providers.Provider, fn func(providers.Provider) bool) bool {
	if p == nil {
		return true
	}
	if !fn(p) {
		return false
	}
	if c, ok := p.(*Chain); ok {
		for _, m := range c.ps {
			if !walk(m, fn) {
				return false
			}
		}
		return true
	}
	if w, ok := p.(providers.Wrapper); ok {
		return walk(w.Unwrap(), fn)
	}
	return true
}

// Find returns the first provider in p's stack (see Walk) that implements T.
func Find[T any](p providers.Provider) (T, bool) {
	var found T
	ok := false
	Walk(p, func(q providers.Provider) bool {
		if t, is := q.(T); is {
			found, ok = t, true
			return false
		}
		return true
	})
	return found, ok
}

// FindAll returns every provider in p's stack that implements T, for
// example the UsageReporter of each member of a fallback chain.
func FindAll[T any](p providers.Provider) []T {
	var out []T
	Walk(p, func(q providers.Provider) bool {
		if t, is := q.(T); is {
			out = append(out, t)
		}
		return true
	})
	return out
}

// Close closes every provider in p's stack that implements providers.Closer
// and joins their errors.
func Close(p providers.Provider) error {
	var errs []error
	for _, c := range FindAll[providers.Closer](p) {
		if err := c.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// split groups the segments of req, in order, into requests that respect the
// segment and character limits of l. A segment longer than MaxChars gets a
// request of its own; the service decides whether it accepts it. Every part
// keeps the Context of req: the segments of a batch need not follow one
// another in their document, so earlier parts are no better context.
func split(req providers.Request, l providers.Limits) []providers.Request {
	if (l.MaxSegments <= 0 && l.MaxChars <= 0) || len(req.Segments) == 0 {
		return []providers.Request{req}
	}
	chunks := providers.Chunk(req.Segments, providers.Indexes(len(req.Segments)), l)
	out := make([]providers.Request, len(chunks))
	for n, chunk := range chunks {
		out[n] = providers.Request{Source: req.Source, Target: req.Target, Context: req.Context, Segments: make([]providers.Segment, len(chunk))}
		for j, i := range chunk {
			out[n].Segments[j] = req.Segments[i]
		}
	}
	return out
}

// checkResults verifies that res answers req one to one, in order.
func checkResults(name string, req providers.Request, res []providers.Result) error {
	if len(res) != len(req.Segments) {
		return fmt.Errorf("provider %s broke the contract: %d results for %d segments", name, len(res), len(req.Segments))
	}
	for i, s := range req.Segments {
		if res[i].ID != s.ID {
			return fmt.Errorf("provider %s broke the contract: result %d has id %q, want %q", name, i, res[i].ID, s.ID)
		}
	}
	return nil
}

// subRequest returns the request for the segments of req at idx, with the
// Context of req.
func subRequest(req providers.Request, idx []int) providers.Request {
	sub := providers.Request{Source: req.Source, Target: req.Target, Context: req.Context, Segments: make([]providers.Segment, len(idx))}
	for j, i := range idx {
		sub.Segments[j] = req.Segments[i]
	}
	return sub
}

// Sleep waits for d, or until ctx is done and then returns its error.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
