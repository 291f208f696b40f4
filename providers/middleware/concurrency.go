package middleware

import (
	"context"
	"fmt"
	"sync"

	"github.com/anuvad/anuvad/providers"
)

// DefaultConcurrency is the ceiling Concurrency uses when neither its
// argument nor the provider's Limits set one.
const DefaultConcurrency = 8

// ConcurrencyLimiter is the adaptive concurrency decorator; see Concurrency.
type ConcurrencyLimiter struct {
	inner providers.Provider
	max   int

	mu        sync.Mutex
	limit     int           // requests allowed in flight now
	inflight  int           // requests in flight
	successes int           // successes in a row since the limit last changed
	epoch     int           // bumped on every decrease
	wake      chan struct{} // closed and replaced when a slot may be free
}

var (
	_ providers.Provider = (*ConcurrencyLimiter)(nil)
	_ providers.Wrapper  = (*ConcurrencyLimiter)(nil)
)

// Concurrency wraps p so that at most max requests are in flight, shared by
// every caller. The allowance adapts (additive increase, multiplicative
// decrease): a rate-limited answer (a whole-request error or a segment error
// marked providers.RateLimited) halves it, down to one; a run of successes as
// long as the current allowance raises it by one, up to max. Requests that
// were already in flight when the allowance was halved do not halve it
// again, so one burst of 429s counts once.
//
// max <= 0 means p.Limits().MaxConcurrent, or DefaultConcurrency if that is
// zero too. The allowance starts at max.
func Concurrency(p providers.Provider, max int) *ConcurrencyLimiter {
	if max <= 0 {
		max = p.Limits().MaxConcurrent
	}
	if max <= 0 {
		max = DefaultConcurrency
	}
	return &ConcurrencyLimiter{inner: p, max: max, limit: max, wake: make(chan struct{})}
}

// Name implements providers.Provider.
func (c *ConcurrencyLimiter) Name() string { return c.inner.Name() }

// Model implements providers.Provider.
func (c *ConcurrencyLimiter) Model() string { return c.inner.Model() }

// Fingerprint implements providers.Provider.
func (c *ConcurrencyLimiter) Fingerprint() string { return c.inner.Fingerprint() }

// Limits implements providers.Provider; MaxConcurrent is the ceiling.
func (c *ConcurrencyLimiter) Limits() providers.Limits {
	l := c.inner.Limits()
	l.MaxConcurrent = c.max
	return l
}

// Unwrap implements providers.Wrapper.
func (c *ConcurrencyLimiter) Unwrap() providers.Provider { return c.inner }

// Current returns the number of requests allowed in flight now.
func (c *ConcurrencyLimiter) Current() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.limit
}

// Translate implements providers.Provider.
func (c *ConcurrencyLimiter) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	epoch, err := c.acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: waiting for a request slot: %w", c.inner.Name(), err)
	}
	res, err := c.inner.Translate(ctx, req)
	limited := providers.IsRateLimited(err)
	clean := err == nil
	for _, r := range res {
		if r.Err != nil {
			clean = false
			limited = limited || providers.IsRateLimited(r.Err)
		}
	}
	c.release(epoch, limited, clean)
	return res, err
}

func (c *ConcurrencyLimiter) acquire(ctx context.Context) (int, error) {
	for {
		c.mu.Lock()
		if c.inflight < c.limit {
			c.inflight++
			epoch := c.epoch
			c.mu.Unlock()
			return epoch, nil
		}
		wake := c.wake
		c.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

func (c *ConcurrencyLimiter) release(epoch int, limited, clean bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inflight--
	switch {
	case limited:
		c.successes = 0
		if epoch == c.epoch {
			c.limit = max(1, c.limit/2)
			c.epoch++
		}
	case clean:
		c.successes++
		if c.successes >= c.limit && c.limit < c.max {
			c.limit++
			c.successes = 0
		}
	}
	close(c.wake)
	c.wake = make(chan struct{})
}
