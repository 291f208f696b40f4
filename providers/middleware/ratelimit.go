package middleware

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/anuvad/anuvad/providers"
)

// Limits caps the rate of requests to one provider. Zero means unlimited.
type Limits struct {
	RequestsPerMinute int
	CharsPerMinute    int
	// TokensPerMinute caps estimated tokens, prompt and completion: each
	// request is counted as 2×chars/CharsPerToken.
	TokensPerMinute int
	// CharsPerToken converts characters to tokens; default 2.5 (Hindi).
	CharsPerToken float64
	// MaxHintWait bounds a wait for a quota window to reset that a
	// RateHinter asked for; default one minute.
	MaxHintWait time.Duration
	// Sleep waits for d or until ctx is done; nil uses a timer. It is used
	// for waits asked by a RateHinter; the token buckets use real time.
	Sleep func(ctx context.Context, d time.Duration) error
}

// RateLimiter is the rate-limit decorator; see RateLimit.
type RateLimiter struct {
	inner  providers.Provider
	lim    Limits
	reqs   *rate.Limiter // nil: unlimited
	chars  *rate.Limiter
	tokens *rate.Limiter
	hinter RateHinter // nil: the provider gives no hints

	inflight atomic.Int64
}

var (
	_ providers.Provider = (*RateLimiter)(nil)
	_ providers.Wrapper  = (*RateLimiter)(nil)
)

// RateLimit wraps p so that requests, characters and estimated tokens stay
// under l, shared by every caller (token buckets from golang.org/x/time/rate
// refilled continuously, each holding ten seconds of allowance).
//
// RateLimit splits a request by p's Limits and paces each part, so one paced
// call is one request to the service. If p, or a provider below it,
// implements RateHinter, RateLimit also waits for the service's window to
// reset when the requests or tokens left in it could not cover the next
// request and those already in flight. A per-request timeout handed down
// by Retry is applied here, once the request is let through.
func RateLimit(p providers.Provider, l Limits) *RateLimiter {
	if l.CharsPerToken <= 0 {
		l.CharsPerToken = 2.5
	}
	if l.MaxHintWait <= 0 {
		l.MaxHintWait = time.Minute
	}
	if l.Sleep == nil {
		l.Sleep = Sleep
	}
	r := &RateLimiter{
		inner:  p,
		lim:    l,
		reqs:   perMinute(l.RequestsPerMinute),
		chars:  perMinute(l.CharsPerMinute),
		tokens: perMinute(l.TokensPerMinute),
	}
	r.hinter, _ = Find[RateHinter](p)
	return r
}

func perMinute(n int) *rate.Limiter {
	if n <= 0 {
		return nil
	}
	return rate.NewLimiter(rate.Limit(float64(n)/60), max(1, n/6))
}

// Name implements providers.Provider.
func (r *RateLimiter) Name() string { return r.inner.Name() }

// Model implements providers.Provider.
func (r *RateLimiter) Model() string { return r.inner.Model() }

// Fingerprint implements providers.Provider.
func (r *RateLimiter) Fingerprint() string { return r.inner.Fingerprint() }

// Limits implements providers.Provider.
func (r *RateLimiter) Limits() providers.Limits { return r.inner.Limits() }

// Unwrap implements providers.Wrapper.
func (r *RateLimiter) Unwrap() providers.Provider { return r.inner }

// Translate implements providers.Provider.
func (r *RateLimiter) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	parts := split(req, r.inner.Limits())
	if len(parts) == 1 {
		return r.one(ctx, parts[0])
	}
	out := make([]providers.Result, 0, len(req.Segments))
	for n, part := range parts {
		res, err := r.one(ctx, part)
		if err != nil {
			if n == 0 || providers.IsPermanent(err) || ctx.Err() != nil {
				return nil, err
			}
			// Keep what was translated; the rest fail with this error and
			// are retried (or not) by the caller.
			for _, rest := range parts[n:] {
				for _, s := range rest.Segments {
					out = append(out, providers.Result{ID: s.ID, Err: err})
				}
			}
			return out, nil
		}
		if err := checkResults(r.inner.Name(), part, res); err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	return out, nil
}

func (r *RateLimiter) one(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	if err := r.wait(ctx, req); err != nil {
		err = fmt.Errorf("%s: rate limit: %w", r.inner.Name(), err)
		if ctx.Err() == nil {
			// The limiter would not wait past the caller's deadline.
			err = providers.Retryable(err)
		}
		return nil, err
	}
	r.inflight.Add(1)
	defer r.inflight.Add(-1)
	d, _ := ctx.Value(timeoutKey{}).(time.Duration)
	return callWithTimeout(ctx, r.inner, req, d)
}

func (r *RateLimiter) wait(ctx context.Context, req providers.Request) error {
	chars := req.Chars()
	tokens := int(math.Ceil(2 * float64(chars) / r.lim.CharsPerToken))
	if r.reqs != nil {
		if err := r.reqs.Wait(ctx); err != nil {
			return err
		}
	}
	if r.chars != nil && chars > 0 {
		if err := r.chars.WaitN(ctx, min(chars, r.chars.Burst())); err != nil {
			return err
		}
	}
	if r.tokens != nil && tokens > 0 {
		if err := r.tokens.WaitN(ctx, min(tokens, r.tokens.Burst())); err != nil {
			return err
		}
	}
	if r.hinter != nil {
		if d := r.hintWait(tokens, time.Now()); d > 0 {
			return r.lim.Sleep(ctx, d)
		}
	}
	return ctx.Err()
}

// hintWait returns how long to wait before sending a request of the given
// tokens, given the provider's last view of its quota.
func (r *RateLimiter) hintWait(tokens int, now time.Time) time.Duration {
	reqs, toks, resetReqs, resetToks, ok := r.hinter.RateHint()
	if !ok {
		return 0
	}
	busy := int(r.inflight.Load())
	var d time.Duration
	if reqs >= 0 && reqs <= busy {
		d = max(d, resetReqs.Sub(now))
	}
	if toks >= 0 && toks < tokens*(busy+1) {
		d = max(d, resetToks.Sub(now))
	}
	return min(d, r.lim.MaxHintWait)
}
