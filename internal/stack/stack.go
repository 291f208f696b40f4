// Package stack builds the provider stack of a run, in one place:
//
//	Fallback( cache → Retry → Breaker → Concurrency → RateLimit → meter → provider, ... )
//
// Each provider of the configured chain gets its own cache layer (so a
// translation is stored under the provider that made it), its own retry,
// circuit breaker (a provider that cannot be reached is declared down after
// a few failures in a row), adaptive concurrency and rate limit, and a
// meter that counts the calls that reached the service, holds the run to
// its budget and sends nothing once the run is stopping. Providers
// themselves only call their service.
// Every cache layer prefers a human translation of a sentence (written on
// the review page) to its provider's; that rule lives in cache.Provider.
package stack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/middleware"
)

// Options configure Build.
type Options struct {
	Config   config.Config
	Registry *providers.Registry
	// Store is the translation cache; nil disables caching.
	Store  cache.Store
	Logger *slog.Logger
	// Hook, if set, wraps each raw provider before any decorator: a test
	// seam for counting or injecting faults.
	Hook func(providers.Provider) providers.Provider
	// DryRun tolerates providers that cannot be built (no credentials):
	// they are replaced by a stand-in that is never called, so a dry run
	// can still count sentences and estimate costs.
	DryRun bool
}

// Stack is a built provider stack.
type Stack struct {
	// Provider is the top of the stack, for the pipeline.
	Provider providers.Provider
	// Lookup answers from the first provider's cache before batching; nil
	// without a cache.
	Lookup providers.Looker
	// Store is the cache the stack was built on; nil without a cache.
	Store  cache.Store
	meters []*meter
	caches []*cache.Provider
	raw    []providers.Provider
	budget *budget
}

// New builds one raw provider by name from the configuration. A nil
// logger discards the provider's records.
func New(ctx context.Context, reg *providers.Registry, cfg config.Config, name string, logger *slog.Logger) (providers.Provider, error) {
	spec, err := reg.Lookup(name)
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	p, err := spec.New(ctx, cfg.Providers[name], logger)
	if err != nil {
		return nil, fmt.Errorf("provider %s: %w", name, err)
	}
	return p, nil
}

// CloseProvider releases a provider that holds connections.
func CloseProvider(p providers.Provider) error {
	if c, ok := p.(providers.Closer); ok {
		return c.Close()
	}
	return nil
}

// Build composes the stack for the configured provider chain.
func Build(ctx context.Context, o Options) (*Stack, error) {
	cfg := o.Config
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if len(cfg.Provider) == 0 {
		return nil, errors.New("no provider configured")
	}
	pricers, err := o.Registry.Pricers(cfg.Prices)
	if err != nil {
		return nil, err
	}
	budget := &budget{limit: cfg.Budget, pricers: pricers}
	s := &Stack{budget: budget, Store: o.Store}
	var members []providers.Provider
	var lookers []providers.Looker
	var warnStore sync.Once
	cacheOpts := cache.Options{OnPutError: func(err error) {
		warnStore.Do(func() {
			where := "the cache"
			if p, ok := o.Store.(interface{ Path() string }); ok {
				where = p.Path()
			}
			log.Warn("cache: cannot store translations; carrying on without caching (every pair is still written; summary.json counts them as not_cached)", "cache", where, "err", err)
		})
	}}
	for i, name := range cfg.Provider {
		// What a provider of a chain gives up is taken by the next one: a
		// fault recovered, logged at info; the last one's is a loss.
		gaveUpLevel := slog.LevelWarn
		if i < len(cfg.Provider)-1 {
			gaveUpLevel = slog.LevelInfo
		}
		raw, err := New(ctx, o.Registry, cfg, name, log)
		if err != nil && o.DryRun {
			log.Warn("provider not usable; estimating as if nothing were cached for it", "provider", name, "err", err)
			raw, err = unusable{name: name, err: err}, nil
		}
		if err != nil {
			s.Close()
			return nil, err
		}
		s.raw = append(s.raw, raw)
		var p providers.Provider = raw
		if o.Hook != nil {
			p = o.Hook(p)
		}
		m := &meter{inner: p, budget: budget}
		budget.meters = append(budget.meters, m)
		s.meters = append(s.meters, m)
		limits := middleware.Limits{
			RequestsPerMinute: cfg.Limits.RequestsPerMinute,
			CharsPerMinute:    cfg.Limits.CharsPerMinute,
			TokensPerMinute:   cfg.Limits.TokensPerMinute,
		}
		if tc, ok := pricers[name].(providers.TokenCounter); ok {
			limits.CharsPerToken = tc.CharsPerToken()
		}
		p = middleware.RateLimit(m, limits)
		p = middleware.Concurrency(p, cfg.Workers)
		var onDown func(error)
		if name != cfg.Provider[len(cfg.Provider)-1] {
			// The last provider's fall stops the run, which says why.
			onDown = func(err error) {
				log.Warn("provider down; the next provider of the chain takes its sentences", "provider", name, "err", err)
			}
		}
		p = middleware.Breaker(p, middleware.DefaultBreakerThreshold, onDown)
		policy := middleware.Policy{Attempts: cfg.Retry.Attempts, Initial: cfg.Retry.Initial, Max: cfg.Retry.Max, RequestTimeout: cfg.Retry.RequestTimeout}
		p = middleware.Retry(p, policy, func(e middleware.RetryEvent) {
			if e.GaveUp {
				// No attempt follows: not a retry.
				log.Log(ctx, gaveUpLevel, "provider gave up", "provider", e.Provider, "attempt", e.Attempt, "segments", e.Segments, "err", e.Err)
				return
			}
			m.retries.Add(1)
			log.Info("provider retry", "provider", e.Provider, "attempt", e.Attempt, "segments", e.Segments, "wait", e.Wait, "err", e.Err)
		})
		if o.Store != nil {
			c := cache.WrapOptions(p, o.Store, cacheOpts)
			s.caches = append(s.caches, c)
			lookers = append(lookers, c)
			p = c
		}
		members = append(members, p)
	}
	if len(members) == 1 {
		s.Provider = members[0]
	} else {
		s.Provider = middleware.Fallback(members...)
	}
	// Only the first provider's cache answers before batching: a
	// translation cached for a later provider of the chain (say an offline
	// gloss from an earlier run) must not stand in for the provider the user
	// put first. Inside the chain each member's cache still answers for it.
	if len(lookers) > 0 {
		s.Lookup = lookers[0]
	}
	return s, nil
}

// Calls reports the requests each provider received, by name.
func (s *Stack) Calls() map[string]corpus.ProviderCalls {
	out := map[string]corpus.ProviderCalls{}
	for _, m := range s.meters {
		c := m.snapshot()
		if u, ok := middleware.Find[middleware.UsageReporter](m.inner); ok {
			_, c.TokensIn, c.TokensOut = u.Usage()
		}
		out[m.inner.Name()] = c
	}
	return out
}

// FlushCache waits until every translation the stack stored is durable in
// the cache; translations that could not be committed count in NotCached.
func (s *Stack) FlushCache(ctx context.Context) {
	for _, c := range s.caches {
		c.Flush(ctx)
	}
}

// NotCached is the number of translations the cache could not store.
func (s *Stack) NotCached() int64 {
	var n int64
	for _, c := range s.caches {
		n += c.NotCached()
	}
	return n
}

// ContextSentences returns how many preceding sentences the providers of
// the stack want as Request.Context: the most any member asks for.
func (s *Stack) ContextSentences() int {
	n := 0
	for _, u := range middleware.FindAll[providers.ContextUser](s.Provider) {
		n = max(n, u.ContextSentences())
	}
	return n
}

// Close releases every provider.
func (s *Stack) Close() error {
	var errs []error
	for _, p := range s.raw {
		errs = append(errs, CloseProvider(p))
	}
	return errors.Join(errs...)
}

// budget holds a run to its limit. Spending is what the answered requests
// cost (see meter.cost); each request in flight also holds its estimated
// cost until it is answered, so concurrent workers cannot overshoot
// together.
type budget struct {
	mu       sync.Mutex
	limit    float64
	reserved float64
	// committed is spending counted up front: batch jobs, billed whole.
	committed float64
	pricers   map[string]providers.Pricer
	meters    []*meter
}

// ErrBudget is returned when a request would take the run over --budget.
var ErrBudget = errors.New("budget reached")

// spent is the cost of every answered request so far, and of the batch
// jobs submitted. The caller holds b.mu.
func (b *budget) spent() float64 {
	total := b.committed
	for _, m := range b.meters {
		total += m.cost()
	}
	return total
}

// reserve holds the estimated cost of sending chars characters through m,
// or fails, before anything is sent, if that would pass the limit. The
// returned amount is given back with release once the request is over.
func (b *budget) reserve(m *meter, chars int) (float64, error) {
	cost := Cost(b.pricers, m.inner.Name(), int64(chars), 1).USD
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.limit > 0 {
		if spent := b.spent(); spent+b.reserved+cost > b.limit {
			return 0, providers.Permanent(fmt.Errorf("%w: spent $%.4f of the $%.4f budget; the next %s request would cost about $%.4f more", ErrBudget, spent, b.limit, m.inner.Name(), cost))
		}
	}
	b.reserved += cost
	return cost, nil
}

// release gives back a reservation.
func (b *budget) release(cost float64) {
	b.mu.Lock()
	b.reserved -= cost
	b.mu.Unlock()
}

// spend counts cost against the limit at once (a batch job, billed
// whole), or fails, before anything is spent, if that would pass it.
func (b *budget) spend(provider string, cost float64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.limit > 0 {
		if spent := b.spent(); spent+b.reserved+cost > b.limit {
			return providers.Permanent(fmt.Errorf("%w: spent $%.4f of the $%.4f budget; the next %s job would cost about $%.4f more", ErrBudget, spent, b.limit, provider, cost))
		}
	}
	b.committed += cost
	return nil
}

// Spent is what the answered requests (and submitted batch jobs) cost,
// from the configured prices.
func (s *Stack) Spent() float64 {
	s.budget.mu.Lock()
	defer s.budget.mu.Unlock()
	return s.budget.spent()
}

// Cost prices chars characters of Hindi sent in requests requests to the
// named provider, by its cost model in pricers. A provider without one
// costs nothing.
func Cost(pricers map[string]providers.Pricer, provider string, chars, requests int64) providers.Estimate {
	if p, ok := pricers[provider]; ok {
		return p.Cost(chars, requests)
	}
	return providers.Estimate{Provider: provider, Chars: chars}
}

// BatchCost prices the same work sent through the provider's batch
// service, when its cost model has a batch price, and is Cost otherwise.
func BatchCost(pricers map[string]providers.Pricer, provider string, chars, requests int64) providers.Estimate {
	if p, ok := pricers[provider].(providers.BatchPricer); ok {
		return p.BatchCost(chars, requests)
	}
	return Cost(pricers, provider, chars, requests)
}

// Pricers returns the cost model of each provider that has one, by name.
func (s *Stack) Pricers() map[string]providers.Pricer { return s.budget.pricers }

// Batcher returns the first provider of the chain, undecorated, when it is
// configured for batch runs (providers.Batcher), with its batch settings.
func (s *Stack) Batcher() (providers.Provider, providers.BatchSettings, bool) {
	if len(s.raw) == 0 {
		return nil, providers.BatchSettings{}, false
	}
	b, ok := s.raw[0].(providers.Batcher)
	if !ok {
		return nil, providers.BatchSettings{}, false
	}
	set, on := b.BatchMode()
	return s.raw[0], set, on
}

// ReserveBatch counts a batch job of chars characters in requests requests
// against the budget, at the batch price, and fails before it is submitted
// if that would pass the limit.
func (s *Stack) ReserveBatch(provider string, chars, requests int64) error {
	return s.budget.spend(provider, BatchCost(s.budget.pricers, provider, chars, requests).USD)
}

// SortedNames returns the provider names of a Calls map in order.
func SortedNames(m map[string]corpus.ProviderCalls) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// unusable stands in for a provider that could not be built, in dry runs.
type unusable struct {
	name string
	err  error
}

func (u unusable) Name() string             { return u.name }
func (u unusable) Model() string            { return "unconfigured" }
func (u unusable) Fingerprint() string      { return "" }
func (u unusable) Limits() providers.Limits { return providers.Limits{} }
func (u unusable) Translate(context.Context, providers.Request) ([]providers.Result, error) {
	return nil, providers.Permanent(u.err)
}
