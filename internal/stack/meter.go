package stack

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/middleware"
)

// meter is the innermost decorator: it sends nothing once the run is
// stopping, holds each request to the budget before sending it, and counts
// the requests that really reached the service and what they cost.
type meter struct {
	inner    providers.Provider
	budget   *budget
	calls    atomic.Int64
	segments atomic.Int64
	chars    atomic.Int64
	failures atomic.Int64
	retries  atomic.Int64
	// answered counts the characters of requests the service answered:
	// what a per-character service bills.
	answered atomic.Int64
}

var (
	_ providers.Provider = (*meter)(nil)
	_ providers.Wrapper  = (*meter)(nil)
)

func (m *meter) Name() string               { return m.inner.Name() }
func (m *meter) Model() string              { return m.inner.Model() }
func (m *meter) Fingerprint() string        { return m.inner.Fingerprint() }
func (m *meter) Limits() providers.Limits   { return m.inner.Limits() }
func (m *meter) Unwrap() providers.Provider { return m.inner }

func (m *meter) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	if providers.Stopping(ctx) {
		return nil, fmt.Errorf("%s: %w", m.inner.Name(), providers.ErrStopped)
	}
	chars := req.Chars()
	reserved, err := m.budget.reserve(m, chars)
	if err != nil {
		return nil, err
	}
	res, err := m.inner.Translate(ctx, req)
	if err != nil && middleware.Unreached(err) {
		// Nothing was sent and nothing is owed.
		m.budget.release(reserved)
		m.failures.Add(int64(len(req.Segments)))
		return res, err
	}
	m.calls.Add(1)
	m.segments.Add(int64(len(req.Segments)))
	m.chars.Add(int64(chars))
	if err == nil {
		m.answered.Add(int64(chars))
	}
	m.budget.release(reserved)
	if err != nil {
		m.failures.Add(int64(len(req.Segments)))
		return res, err
	}
	for _, r := range res {
		if r.Err != nil {
			m.failures.Add(1)
		}
	}
	return res, nil
}

// cost is what the answered requests cost, from the configured prices:
// the tokens the service reported when it reports them (a chat model),
// else the characters it answered (Google).
func (m *meter) cost() float64 {
	pr, ok := m.budget.pricers[m.inner.Name()]
	if !ok {
		return 0
	}
	// In batch mode the reported usage also holds the batch jobs' tokens,
	// which the budget counted at the batch price when they were
	// submitted: price only the calls made here, by their characters.
	batch := false
	if b, ok := middleware.Find[providers.Batcher](m.inner); ok {
		_, batch = b.BatchMode()
	}
	if up, ok := pr.(providers.UsagePricer); ok && !batch {
		if u, ok := middleware.Find[middleware.UsageReporter](m.inner); ok {
			_, in, out := u.Usage()
			return up.UsageCost(in, out)
		}
	}
	return pr.Cost(m.answered.Load(), 0).USD
}

func (m *meter) snapshot() corpus.ProviderCalls {
	return corpus.ProviderCalls{
		Calls:    m.calls.Load(),
		Segments: m.segments.Load(),
		Chars:    m.chars.Load(),
		Failures: m.failures.Load(),
		Retries:  m.retries.Load(),
		USD:      m.cost(),
	}
}
