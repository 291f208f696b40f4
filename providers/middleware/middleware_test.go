package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/fake"
	"github.com/anuvad/anuvad/providers/middleware"
	"github.com/anuvad/anuvad/providers/providertest"
)

var errBoom = errors.New("boom")

func request(n int) providers.Request {
	req := providers.Request{Source: "hi", Target: "en"}
	for i := range n {
		req.Segments = append(req.Segments, providers.Segment{ID: fmt.Sprintf("s%02d", i), Text: fmt.Sprintf("वाक्य %d", i)})
	}
	return req
}

// checkAll asserts that every segment was translated by fake.Prefix, in
// order.
func checkAll(t *testing.T, req providers.Request, res []providers.Result, err error) {
	t.Helper()
	providertest.CheckPairs(t, req, res, err, fake.Prefix, "")
}

// recorder collects retry events and waits.
type recorder struct {
	mu     sync.Mutex
	events []middleware.RetryEvent
	waits  []time.Duration
}

func (r *recorder) report(e middleware.RetryEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *recorder) policy(attempts int) middleware.Policy {
	p := middleware.FastPolicy(attempts, 0)
	p.Sleep = func(ctx context.Context, d time.Duration) error {
		r.mu.Lock()
		r.waits = append(r.waits, d)
		r.mu.Unlock()
		return ctx.Err()
	}
	return p
}

func TestStackConformance(t *testing.T) {
	providertest.Run(t, providertest.Options{
		New: func(*testing.T) providers.Provider {
			p := fake.New(fake.Options{Limits: providers.Limits{MaxSegments: 3, MaxChars: 100}})
			stack := middleware.Retry(middleware.Concurrency(middleware.RateLimit(p, middleware.Limits{RequestsPerMinute: 600000}), 4), middleware.FastPolicy(3, time.Minute), nil)
			return middleware.Fallback(stack)
		},
		Want: fake.Prefix,
		NewBlocking: func(*testing.T) (providers.Provider, <-chan struct{}) {
			started := make(chan struct{}, 1)
			p := fake.New(fake.Options{FailCall: func(ctx context.Context, _ int, _ providers.Request) error {
				started <- struct{}{}
				<-ctx.Done()
				return ctx.Err()
			}})
			return middleware.Fallback(middleware.Retry(middleware.Concurrency(p, 2), middleware.Policy{}, nil)), started
		},
	})
}

func TestRetryWholeRequest(t *testing.T) {
	p := fake.New(fake.Options{FailCall: func(_ context.Context, call int, _ providers.Request) error {
		if call <= 2 {
			return providers.Retryable(errBoom)
		}
		return nil
	}})
	var rec recorder
	req := request(5)
	res, err := middleware.Retry(p, rec.policy(6), rec.report).Translate(context.Background(), req)
	checkAll(t, req, res, err)
	if got := p.Calls(); got != 3 {
		t.Errorf("calls = %d, want 3", got)
	}
	if len(rec.events) != 2 || rec.events[0].Segments != 5 {
		t.Errorf("events = %+v", rec.events)
	}
	for _, r := range p.Requests() {
		if len(r.Segments) != 5 {
			t.Errorf("a whole-request failure was re-sent as %d segments, want 5", len(r.Segments))
		}
	}
}

func TestRetryRetryAfter(t *testing.T) {
	p := fake.New(fake.Options{FailCall: func(_ context.Context, call int, _ providers.Request) error {
		if call == 1 {
			return providers.RateLimited(errBoom, 7*time.Second)
		}
		return nil
	}})
	var rec recorder
	req := request(2)
	res, err := middleware.Retry(p, rec.policy(6), rec.report).Translate(context.Background(), req)
	checkAll(t, req, res, err)
	if len(rec.waits) != 1 || rec.waits[0] != 7*time.Second {
		t.Errorf("waits = %v, want [7s]", rec.waits)
	}
}

func TestRetryRetryAfterTooLong(t *testing.T) {
	p := fake.New(fake.Options{FailCall: func(context.Context, int, providers.Request) error {
		return providers.RateLimited(errBoom, time.Hour)
	}})
	var rec recorder
	res, err := middleware.Retry(p, rec.policy(6), rec.report).Translate(context.Background(), request(2))
	if err != nil {
		t.Fatal(err)
	}
	if p.Calls() != 1 || len(rec.waits) != 0 {
		t.Errorf("calls = %d, waits = %v; want 1 call and no wait", p.Calls(), rec.waits)
	}
	for _, r := range res {
		if !providers.IsRateLimited(r.Err) {
			t.Errorf("%s: err = %v, want rate limited", r.ID, r.Err)
		}
	}
	if len(rec.events) != 1 || !rec.events[0].GaveUp {
		t.Errorf("events = %+v", rec.events)
	}
}

func TestRetryPermanentStops(t *testing.T) {
	p := fake.New(fake.Options{FailCall: func(context.Context, int, providers.Request) error {
		return providers.Permanent(errors.New("401 invalid key"))
	}})
	_, err := middleware.Retry(p, middleware.FastPolicy(6, 0), nil).Translate(context.Background(), request(3))
	if !providers.IsPermanent(err) || !strings.Contains(err.Error(), "invalid key") {
		t.Fatalf("err = %v, want the permanent error", err)
	}
	if p.Calls() != 1 {
		t.Errorf("calls = %d, want 1", p.Calls())
	}
}

func TestRetryGivesUp(t *testing.T) {
	p := fake.New(fake.Options{FailCall: func(context.Context, int, providers.Request) error {
		return providers.Retryable(errBoom)
	}})
	var rec recorder
	res, err := middleware.Retry(p, rec.policy(4), rec.report).Translate(context.Background(), request(3))
	if err != nil {
		t.Fatal(err)
	}
	if p.Calls() != 4 {
		t.Errorf("calls = %d, want 4", p.Calls())
	}
	for _, r := range res {
		if !errors.Is(r.Err, errBoom) || !providers.IsRetryable(r.Err) {
			t.Errorf("%s: err = %v", r.ID, r.Err)
		}
	}
	if n := len(rec.events); n != 4 || !rec.events[n-1].GaveUp {
		t.Errorf("events = %+v", rec.events)
	}
	// Waits grow: full jitter is drawn from [0, 1µs·2^(n-1)) capped at 1ms.
	for i, w := range rec.waits {
		if w < 0 || w > time.Millisecond {
			t.Errorf("wait %d = %s out of range", i, w)
		}
	}
}

func TestRetryOnlyFailedSegments(t *testing.T) {
	// s03 is missing from the first reply, as an OpenAI reply missing an id.
	p := fake.New(fake.Options{FailSegment: func(call int, s providers.Segment) error {
		if call == 1 && s.ID == "s03" {
			return providers.Retryable(errors.New("missing from reply"))
		}
		return nil
	}})
	req := request(8)
	res, err := middleware.Retry(p, middleware.FastPolicy(6, 0), nil).Translate(context.Background(), req)
	checkAll(t, req, res, err)
	reqs := p.Requests()
	if len(reqs) != 2 || len(reqs[1].Segments) != 1 || reqs[1].Segments[0].ID != "s03" {
		t.Errorf("requests = %+v, want the batch then s03 alone", reqs)
	}
}

// poisoned fails every segment of a call that holds the poison segment
// with others, as a reply truncated by one bad segment would; alone, the
// poison segment fails permanently.
type poisoned struct {
	*fake.Provider
	poison string
}

func (p *poisoned) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	res, err := p.Provider.Translate(ctx, req)
	if err != nil {
		return nil, err
	}
	for i, s := range req.Segments {
		if s.ID != p.poison {
			continue
		}
		if len(req.Segments) == 1 {
			res[i] = providers.Result{ID: s.ID, Err: errors.New("refused")}
			return res, nil
		}
		for j := range res {
			res[j] = providers.Result{ID: res[j].ID, Err: providers.Retryable(errors.New("unparseable reply"))}
		}
	}
	return res, nil
}

func TestRetryHalvesDownToSingles(t *testing.T) {
	p := &poisoned{Provider: fake.New(fake.Options{}), poison: "s05"}
	req := request(16)
	res, err := middleware.Retry(p, middleware.FastPolicy(8, 0), nil).Translate(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		switch {
		case r.ID != req.Segments[i].ID:
			t.Fatalf("order broken at %d", i)
		case r.ID == "s05" && (r.Err == nil || providers.IsRetryable(r.Err)):
			t.Errorf("poison: %+v, want its permanent segment error", r)
		case r.ID != "s05" && (r.Err != nil || r.Text != fake.Prefix(req.Segments[i].Text)):
			t.Errorf("%s: %+v", r.ID, r)
		}
	}
	// 16 → 16 again → 8+8 → 4+4 → 2+2 → 1+1: the poison is alone after 6
	// rounds and every other segment was sent at most 6 times.
	sizes := []int{}
	for _, r := range p.Requests() {
		sizes = append(sizes, len(r.Segments))
	}
	t.Logf("request sizes: %v", sizes)
	if got := p.Calls(); got > 12 {
		t.Errorf("calls = %d, want at most 12", got)
	}
}

func TestRetryRequestTimeout(t *testing.T) {
	p := fake.New(fake.Options{FailCall: func(ctx context.Context, call int, _ providers.Request) error {
		if call == 1 {
			<-ctx.Done() // hang until the per-request timeout
			return ctx.Err()
		}
		return nil
	}})
	req := request(3)
	res, err := middleware.Retry(p, middleware.FastPolicy(3, 10*time.Millisecond), nil).Translate(context.Background(), req)
	checkAll(t, req, res, err)
	if p.Calls() != 2 {
		t.Errorf("calls = %d, want 2", p.Calls())
	}
}

func TestRetryCancelDuringWait(t *testing.T) {
	p := fake.New(fake.Options{FailCall: func(context.Context, int, providers.Request) error {
		return providers.Retryable(errBoom)
	}})
	ctx, cancel := context.WithCancel(context.Background())
	pol := middleware.FastPolicy(6, 0)
	pol.Sleep = func(ctx context.Context, _ time.Duration) error {
		cancel()
		return ctx.Err()
	}
	_, err := middleware.Retry(p, pol, nil).Translate(ctx, request(1))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if p.Calls() != 1 {
		t.Errorf("calls = %d", p.Calls())
	}
}

func TestFallback(t *testing.T) {
	a := fake.New(fake.Options{Name: "openai", Model: "m1", FailSegment: func(_ int, s providers.Segment) error {
		if s.ID == "s01" || s.ID == "s03" {
			return providers.Retryable(errBoom)
		}
		return nil
	}})
	b := fake.New(fake.Options{Name: "google", Model: "nmt", FailSegment: func(_ int, s providers.Segment) error {
		if s.ID == "s03" {
			return errors.New("google refused")
		}
		return nil
	}})
	c := fake.New(fake.Options{Name: "offline", Model: "dict"})
	chain := middleware.Fallback(a, b, c)
	if chain.Name() != "openai,google,offline" || chain.Model() != "m1,nmt,dict" {
		t.Errorf("Name %q, Model %q", chain.Name(), chain.Model())
	}
	req := request(5)
	res, err := chain.Translate(context.Background(), req)
	checkAll(t, req, res, err)
	want := []string{"openai", "google", "openai", "offline", "openai"}
	for i, r := range res {
		if r.Provider != want[i] {
			t.Errorf("%s by %s, want %s", r.ID, r.Provider, want[i])
		}
	}
	if len(b.Requests()) != 1 || len(b.Requests()[0].Segments) != 2 || len(c.Requests()[0].Segments) != 1 {
		t.Errorf("google got %v, offline got %v", b.Requests(), c.Requests())
	}
}

func TestFallbackWholeErrors(t *testing.T) {
	down := fake.New(fake.Options{Name: "down", FailCall: func(context.Context, int, providers.Request) error {
		return providers.Retryable(errors.New("503"))
	}})
	up := fake.New(fake.Options{Name: "up"})
	req := request(3)
	res, err := middleware.Fallback(down, up).Translate(context.Background(), req)
	checkAll(t, req, res, err)

	bad := fake.New(fake.Options{Name: "bad", FailCall: func(context.Context, int, providers.Request) error {
		return providers.Permanent(errors.New("401 unauthorized"))
	}})
	_, err = middleware.Fallback(bad, up).Translate(context.Background(), req)
	if !providers.IsPermanent(err) || !strings.Contains(err.Error(), "bad") {
		t.Errorf("err = %v, want permanent error naming the provider", err)
	}

	res, err = middleware.Fallback(down, down).Translate(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err == nil || !providers.IsRetryable(r.Err) || strings.Count(r.Err.Error(), "503") != 2 {
			t.Errorf("%s: err = %v, want both errors", r.ID, r.Err)
		}
	}
}

func TestConcurrencyAIMD(t *testing.T) {
	limited := true
	p := fake.New(fake.Options{FailCall: func(context.Context, int, providers.Request) error {
		if limited {
			return providers.RateLimited(errBoom, 0)
		}
		return nil
	}})
	c := middleware.Concurrency(p, 8)
	ctx := context.Background()
	for _, want := range []int{4, 2, 1, 1} {
		_, _ = c.Translate(ctx, request(1))
		if got := c.Current(); got != want {
			t.Fatalf("after a 429: allowance %d, want %d", got, want)
		}
	}
	limited = false
	// Grows by one after a run of successes as long as the allowance.
	for _, want := range []int{2, 2, 3, 3, 3, 4} {
		if _, err := c.Translate(ctx, request(1)); err != nil {
			t.Fatal(err)
		}
		if got := c.Current(); got != want {
			t.Fatalf("allowance %d, want %d", got, want)
		}
	}
}

func TestConcurrencyBoundAndSingleDecrease(t *testing.T) {
	var inflight, peak atomic.Int32
	release := make(chan struct{})
	arrived := make(chan struct{}, 16)
	p := fake.New(fake.Options{FailCall: func(ctx context.Context, _ int, _ providers.Request) error {
		n := inflight.Add(1)
		defer inflight.Add(-1)
		for {
			old := peak.Load()
			if n <= old || peak.CompareAndSwap(old, n) {
				break
			}
		}
		arrived <- struct{}{}
		<-release
		return providers.RateLimited(errBoom, 0)
	}})
	c := middleware.Concurrency(p, 4)
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = c.Translate(context.Background(), request(1))
		}()
	}
	for range 4 {
		<-arrived
	}
	close(release)
	wg.Wait()
	if peak.Load() > 4 {
		t.Errorf("peak in flight %d, want at most 4", peak.Load())
	}
	// Four requests in flight together were refused: that halves once, and
	// the later ones (started after) halve again at most down to one.
	if got := c.Current(); got < 1 || got > 2 {
		t.Errorf("allowance %d", got)
	}
}

func TestConcurrencyCancelWhileWaiting(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	arrived := make(chan struct{}, 1)
	p := fake.New(fake.Options{FailCall: func(context.Context, int, providers.Request) error {
		arrived <- struct{}{}
		<-block
		return nil
	}})
	c := middleware.Concurrency(p, 1)
	go func() { _, _ = c.Translate(context.Background(), request(1)) }()
	<-arrived
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Translate(ctx, request(1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

// hinted is a fake provider that reports a spent request quota.
type hinted struct {
	*fake.Provider
	reset time.Time
}

func (h *hinted) RateHint() (int, int, time.Time, time.Time, bool) {
	return 0, -1, h.reset, time.Time{}, true
}

func TestRateLimitSplitsAndHints(t *testing.T) {
	h := &hinted{Provider: fake.New(fake.Options{Limits: providers.Limits{MaxSegments: 2}}), reset: time.Now().Add(time.Hour)}
	var waits []time.Duration
	l := middleware.Limits{RequestsPerMinute: 6_000_000, CharsPerMinute: 6_000_000, TokensPerMinute: 6_000_000, MaxHintWait: 3 * time.Second}
	l.Sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	// The hinter is found through another decorator.
	r := middleware.RateLimit(middleware.Concurrency(h, 1), l)
	req := request(5)
	res, err := r.Translate(context.Background(), req)
	checkAll(t, req, res, err)
	if h.Calls() != 3 {
		t.Errorf("calls = %d, want 3 (split by MaxSegments 2)", h.Calls())
	}
	if len(waits) != 3 || waits[0] != 3*time.Second {
		t.Errorf("waits = %v, want 3 capped waits", waits)
	}
}

func TestRateLimitPartialFailure(t *testing.T) {
	p := fake.New(fake.Options{Limits: providers.Limits{MaxSegments: 2}, FailCall: func(_ context.Context, call int, _ providers.Request) error {
		if call == 2 {
			return providers.RateLimited(errBoom, 0)
		}
		return nil
	}})
	res, err := middleware.RateLimit(p, middleware.Limits{}).Translate(context.Background(), request(5))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if (i < 2) != (r.Err == nil) {
			t.Errorf("%d: %+v", i, r)
		}
	}
	if p.Calls() != 2 {
		t.Errorf("calls = %d, want 2: no call after a refusal", p.Calls())
	}
}

type closer struct {
	*fake.Provider
	closed *int
}

func (c closer) Close() error { *c.closed++; return nil }

func TestWalkFindClose(t *testing.T) {
	var closed int
	a := closer{fake.New(fake.Options{Name: "a"}), &closed}
	b := closer{fake.New(fake.Options{Name: "b"}), &closed}
	stack := middleware.Fallback(middleware.Retry(middleware.RateLimit(a, middleware.Limits{}), middleware.Policy{}, nil), middleware.Concurrency(b, 1))
	if err := middleware.Close(stack); err != nil || closed != 2 {
		t.Errorf("Close: err %v, closed %d", err, closed)
	}
	if c, ok := middleware.Find[*middleware.ConcurrencyLimiter](stack); !ok || c.Name() != "b" {
		t.Errorf("Find: %v %v", c, ok)
	}
	if n := len(middleware.FindAll[providers.Closer](stack)); n != 2 {
		t.Errorf("FindAll closers = %d", n)
	}
}

func TestRetryRateLimitedSegmentsKeepTheirGroup(t *testing.T) {
	p := fake.New(fake.Options{FailSegment: func(call int, _ providers.Segment) error {
		if call <= 3 {
			return providers.RateLimited(errBoom, 0)
		}
		return nil
	}})
	req := request(4)
	res, err := middleware.Retry(p, middleware.FastPolicy(6, 0), nil).Translate(context.Background(), req)
	checkAll(t, req, res, err)
	for _, r := range p.Requests() {
		if len(r.Segments) != 4 {
			t.Errorf("rate-limited segments were split: a call of %d", len(r.Segments))
		}
	}
}

// Time spent queueing for a slot does not count against the per-request
// timeout: the timeout starts when the request leaves the rate limiter.
func TestRetryTimeoutExcludesQueueing(t *testing.T) {
	release := make(chan struct{})
	holding := make(chan struct{})
	p := fake.New(fake.Options{FailCall: func(_ context.Context, call int, _ providers.Request) error {
		if call == 1 {
			close(holding)
			<-release
		}
		return nil
	}})
	c := middleware.Concurrency(middleware.RateLimit(p, middleware.Limits{}), 1)
	r := middleware.Retry(c, middleware.FastPolicy(1, 20*time.Millisecond), nil)
	go func() { _, _ = c.Translate(context.Background(), request(1)) }()
	<-holding
	go func() {
		time.Sleep(100 * time.Millisecond) // longer than the timeout
		close(release)
	}()
	req := request(2)
	res, err := r.Translate(context.Background(), req)
	checkAll(t, req, res, err)
}
