package stack

import (
	"context"
	"sync/atomic"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/providers"
)

// meter is the innermost decorator: it counts the requests that really
// reach a provider and reserves their estimated cost against the budget
// before sending them.
type meter struct {
	inner    providers.Provider
	budget   *budget
	calls    atomic.Int64
	segments atomic.Int64
	chars    atomic.Int64
	failures atomic.Int64
	retries  atomic.Int64
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
	chars := req.Chars()
	if err := m.budget.reserve(m.inner.Name(), chars); err != nil {
		return nil, err
	}
	m.calls.Add(1)
	m.segments.Add(int64(len(req.Segments)))
	m.chars.Add(int64(chars))
	res, err := m.inner.Translate(ctx, req)
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

func (m *meter) snapshot() corpus.ProviderCalls {
	return corpus.ProviderCalls{
		Calls:    m.calls.Load(),
		Segments: m.segments.Load(),
		Chars:    m.chars.Load(),
		Failures: m.failures.Load(),
		Retries:  m.retries.Load(),
	}
}
