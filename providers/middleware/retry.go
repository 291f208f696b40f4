package middleware

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/anuvad/anuvad/providers"
)

// Policy is the retry policy applied to every provider.
type Policy struct {
	// Attempts per segment, the first included. Default 6.
	Attempts int
	// Initial backoff; it doubles after each failed attempt up to Max, and
	// the actual wait is drawn uniformly from [0, backoff) (full jitter).
	// Defaults 500ms and 30s.
	Initial, Max time.Duration
	// RequestTimeout bounds one request to the service; a request that
	// runs out of time is retried. Zero means no timeout. With a RateLimit
	// below Retry, the time starts when the request leaves the limiter.
	RequestTimeout time.Duration
	// MaxRetryAfter is the longest Retry-After the policy waits for. A
	// longer one (a daily quota, say) fails the segments at once, still
	// marked retryable, so a fallback provider can take them. Default 5m.
	MaxRetryAfter time.Duration
	// Sleep waits for d or until ctx is done; nil uses a timer. Tests set it
	// to make retries instant.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter draws a wait from [0, d); nil draws uniformly at random.
	Jitter func(d time.Duration) time.Duration
}

// FastPolicy is a policy for tests: attempts as given, no real waiting
// (every wait only checks for cancellation), and a per-request timeout of
// timeout (zero: none).
func FastPolicy(attempts int, timeout time.Duration) Policy {
	return Policy{
		Attempts:       attempts,
		Initial:        time.Microsecond,
		Max:            time.Millisecond,
		RequestTimeout: timeout,
		Sleep:          func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	}
}

// Defaults of Policy, which the configuration's defaults also are.
const (
	DefaultAttempts = 6
	DefaultInitial  = 500 * time.Millisecond
	DefaultMax      = 30 * time.Second
)

func (p Policy) withDefaults() Policy {
	if p.Attempts <= 0 {
		p.Attempts = DefaultAttempts
	}
	if p.Initial <= 0 {
		p.Initial = DefaultInitial
	}
	if p.Max <= 0 {
		p.Max = DefaultMax
	}
	if p.Max < p.Initial {
		p.Max = p.Initial
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = 5 * time.Minute
	}
	if p.Sleep == nil {
		p.Sleep = Sleep
	}
	if p.Jitter == nil {
		p.Jitter = func(d time.Duration) time.Duration {
			if d <= 0 {
				return 0
			}
			return rand.N(d)
		}
	}
	return p
}

// backoff returns the wait after the given failed attempt (from 1).
func (p Policy) backoff(attempt int) time.Duration {
	d := p.Initial
	for i := 1; i < attempt && d < p.Max; i++ {
		d *= 2
	}
	return p.Jitter(min(d, p.Max))
}

// RetryEvent describes one failed round of a request, for logging and the
// run summary.
type RetryEvent struct {
	Provider string        // name of the wrapped provider
	Attempt  int           // the attempt that failed, from 1
	Segments int           // segments still failing
	Err      error         // one of the errors of the round
	Wait     time.Duration // wait before the next attempt
	GaveUp   bool          // no further attempt: the segments fail with Err
}

// Retrier is the retry decorator; see Retry.
type Retrier struct {
	inner   providers.Provider
	pol     Policy
	report  func(RetryEvent)
	handOff bool // a RateLimiter below applies the request timeout
}

var (
	_ providers.Provider = (*Retrier)(nil)
	_ providers.Wrapper  = (*Retrier)(nil)
)

// Retry wraps p with pol. report, if not nil, is called after each failed
// round and when giving up.
//
// A request is tried in rounds. In each round the segments still pending are
// sent; segments that succeed are kept, and only the failed ones are asked
// again after a backoff with full jitter, or after the Retry-After the
// service requested. Segments that failed on their own (a reply that missed
// their id or could not be parsed) are re-sent as a group of just the failed
// ids; if such a group fails again it is halved each round, down to single
// segments, so that one bad segment cannot sink its neighbours. A whole
// request that failed transiently (429, 5xx, timeout) is re-sent unchanged,
// and segments refused for rate limiting do not count towards halving.
//
// Only errors marked providers.Retryable or providers.RateLimited, and
// calls that exceeded the per-request timeout, are retried. A permanent
// whole-request error, or cancellation, ends Translate with that error at
// once. Other errors fail their segments without retry. Segments still
// failing after Policy.Attempts keep their last error (still classified),
// so a fallback chain above can try another provider.
func Retry(p providers.Provider, pol Policy, report func(RetryEvent)) *Retrier {
	if report == nil {
		report = func(RetryEvent) {}
	}
	_, handOff := Find[*RateLimiter](p)
	return &Retrier{inner: p, pol: pol.withDefaults(), report: report, handOff: handOff}
}

// Name implements providers.Provider.
func (r *Retrier) Name() string { return r.inner.Name() }

// Model implements providers.Provider.
func (r *Retrier) Model() string { return r.inner.Model() }

// Fingerprint implements providers.Provider.
func (r *Retrier) Fingerprint() string { return r.inner.Fingerprint() }

// Limits implements providers.Provider.
func (r *Retrier) Limits() providers.Limits { return r.inner.Limits() }

// Unwrap implements providers.Wrapper.
func (r *Retrier) Unwrap() providers.Provider { return r.inner }

// group is a set of segment indexes sent together, and how many rounds in a
// row some of them failed on their own.
type group struct {
	idx     []int
	strikes int
}

// Translate implements providers.Provider.
func (r *Retrier) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	out := make([]providers.Result, len(req.Segments))
	if len(req.Segments) == 0 {
		return out, nil
	}
	all := make([]int, len(req.Segments))
	for i := range all {
		all[i] = i
	}
	groups := []group{{idx: all}}
	lastErr := make([]error, len(req.Segments))
	for attempt := 1; ; attempt++ {
		var (
			next     []group
			after    time.Duration // longest Retry-After of the round
			roundErr error
		)
		retryLater := func(err error) {
			roundErr = err
			if d, ok := providers.RetryAfter(err); ok && d > after {
				after = d
			}
		}
		for _, g := range groups {
			res, err := r.call(ctx, subRequest(req, g.idx))
			if err != nil {
				if cerr := ctx.Err(); cerr != nil {
					return nil, fmt.Errorf("%s: %w", r.inner.Name(), cerr)
				}
				if providers.IsPermanent(err) {
					return nil, err
				}
				for _, i := range g.idx {
					lastErr[i] = err
					out[i] = providers.Result{ID: req.Segments[i].ID, Err: err}
				}
				if providers.IsRetryable(err) {
					retryLater(err)
					next = append(next, g)
				}
				continue
			}
			var failed []int
			ownFault := false // a failure of the segments, not of the service
			for j, rr := range res {
				i := g.idx[j]
				if rr.Err == nil && rr.Provider == "" {
					rr.Provider, rr.Model = r.inner.Name(), r.inner.Model()
				}
				out[i] = rr
				if rr.Err != nil {
					lastErr[i] = rr.Err
					if providers.IsRetryable(rr.Err) {
						retryLater(rr.Err)
						failed = append(failed, i)
						ownFault = ownFault || !providers.IsRateLimited(rr.Err)
					}
				}
			}
			if len(failed) > 0 {
				strikes := g.strikes
				if ownFault {
					strikes++
				}
				if strikes >= 2 && len(failed) > 1 {
					half := (len(failed) + 1) / 2
					next = append(next, group{idx: failed[:half], strikes: strikes}, group{idx: failed[half:], strikes: strikes})
				} else {
					next = append(next, group{idx: failed, strikes: strikes})
				}
			}
		}
		if len(next) == 0 {
			return out, nil
		}
		pending := 0
		for _, g := range next {
			pending += len(g.idx)
		}
		wait := r.pol.backoff(attempt)
		if after > 0 {
			wait = after
		}
		if attempt >= r.pol.Attempts || after > r.pol.MaxRetryAfter {
			for _, g := range next {
				for _, i := range g.idx {
					out[i] = providers.Result{ID: req.Segments[i].ID, Err: fmt.Errorf("gave up after %s: %w", attempts(attempt), lastErr[i])}
				}
			}
			r.report(RetryEvent{Provider: r.inner.Name(), Attempt: attempt, Segments: pending, Err: roundErr, GaveUp: true})
			return out, nil
		}
		r.report(RetryEvent{Provider: r.inner.Name(), Attempt: attempt, Segments: pending, Err: roundErr, Wait: wait})
		if err := r.sleep(ctx, wait); err != nil {
			if !errors.Is(err, providers.ErrStopped) {
				return nil, fmt.Errorf("%s: %w", r.inner.Name(), err)
			}
			// The run is stopping: keep what was answered, send nothing more.
			for _, g := range next {
				for _, i := range g.idx {
					out[i] = providers.Result{ID: req.Segments[i].ID, Err: fmt.Errorf("%s: %w", r.inner.Name(), err)}
				}
			}
			return out, nil
		}
		groups = next
	}
}

// sleep waits out a backoff, or returns providers.ErrStopped as soon as the
// run is stopping (see providers.WithStop).
func (r *Retrier) sleep(ctx context.Context, d time.Duration) error {
	stop := providers.StopSignal(ctx)
	if stop == nil {
		return r.pol.Sleep(ctx, d)
	}
	if providers.Stopping(ctx) {
		return providers.ErrStopped
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-stop:
			cancel()
		case <-sctx.Done():
		}
	}()
	err := r.pol.Sleep(sctx, d)
	if err != nil && ctx.Err() == nil && providers.Stopping(ctx) {
		return providers.ErrStopped
	}
	return err
}

// call makes one call to the wrapped provider within the per-request
// timeout. With a RateLimiter below, the timeout is handed down to it in the
// context and starts when the request leaves the limiter, so time spent
// queueing for a slot or for the rate does not count against the service.
func (r *Retrier) call(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	d := r.pol.RequestTimeout
	if d > 0 && r.handOff {
		res, err := r.inner.Translate(context.WithValue(ctx, timeoutKey{}, d), req)
		if err == nil {
			err = checkResults(r.inner.Name(), req, res)
		}
		return res, err
	}
	return callWithTimeout(ctx, r.inner, req, d)
}

// timeoutKey carries a per-request timeout from Retry to RateLimit.
type timeoutKey struct{}

// callWithTimeout calls p within timeout d (none if d <= 0). A call cut short
// by that timeout, rather than by the caller, is marked retryable, and so
// are its unclassified segment errors.
func callWithTimeout(ctx context.Context, p providers.Provider, req providers.Request, d time.Duration) ([]providers.Result, error) {
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if d > 0 {
		cctx, cancel = context.WithTimeout(ctx, d)
	}
	defer cancel()
	res, err := p.Translate(cctx, req)
	timedOut := ctx.Err() == nil && cctx.Err() != nil
	if err != nil {
		if timedOut && !providers.IsRetryable(err) {
			err = providers.Retryable(fmt.Errorf("%s: request timed out after %s: %w", p.Name(), d, err))
		}
		return nil, err
	}
	if err := checkResults(p.Name(), req, res); err != nil {
		return nil, err
	}
	if timedOut {
		for i := range res {
			if e := res[i].Err; e != nil && !providers.IsRetryable(e) && !providers.IsPermanent(e) {
				res[i].Err = providers.Retryable(fmt.Errorf("request timed out after %s: %w", d, e))
			}
		}
	}
	return res, nil
}

// attempts writes a count of attempts: "1 attempt", "6 attempts".
func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}
