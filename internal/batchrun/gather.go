package batchrun

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/providers"
)

// errGathered answers the segments a Gatherer takes: nobody reads it.
var errGathered = errors.New("gathered for a batch job")

// Gatherer collects the cache misses of a run, so that they can be sent as
// a few large batch jobs instead of one request per pipeline batch. It is a
// provider and a cache looker for one pass of the pipeline over the input:
// Lookup answers from the store, Translate records each request it gets
// (its context included) and translates nothing.
type Gatherer struct {
	p              providers.Provider
	store          cache.Store
	source, target string

	mu   sync.Mutex
	seen map[string]bool
	reqs []providers.Request
}

var (
	_ providers.Provider = (*Gatherer)(nil)
	_ providers.Looker   = (*Gatherer)(nil)
)

// NewGatherer gathers the misses of p (the raw provider whose batch
// service will translate them) for the language pair, looking them up in
// store; store may be nil.
func NewGatherer(p providers.Provider, store cache.Store, source, target string) *Gatherer {
	return &Gatherer{p: p, store: store, source: source, target: target, seen: map[string]bool{}}
}

// Name implements providers.Provider.
func (g *Gatherer) Name() string { return g.p.Name() }

// Model implements providers.Provider.
func (g *Gatherer) Model() string { return g.p.Model() }

// Fingerprint implements providers.Provider.
func (g *Gatherer) Fingerprint() string { return g.p.Fingerprint() }

// Limits implements providers.Provider: those of p, so each request
// gathered is one request of a batch file.
func (g *Gatherer) Limits() providers.Limits { return g.p.Limits() }

// Lookup implements providers.Looker from the store.
func (g *Gatherer) Lookup(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	out := make([]providers.Result, len(req.Segments))
	if g.store == nil || len(req.Segments) == 0 {
		return out, nil
	}
	keys := make([]cache.Key, len(req.Segments))
	for i, s := range req.Segments {
		keys[i] = keyOf(g.p, g.source, g.target, s.Text)
	}
	found, err := g.store.Get(ctx, keys)
	if err != nil {
		return nil, err
	}
	for i, s := range req.Segments {
		if e := found[i]; e.Found() {
			out[i] = providers.Result{ID: s.ID, Text: e.Translation, Provider: g.p.Name(), Model: g.p.Model(), Cached: true}
		}
	}
	return out, nil
}

// Translate implements providers.Provider: it records the request's
// non-blank segments not gathered before.
func (g *Gatherer) Translate(_ context.Context, req providers.Request) ([]providers.Result, error) {
	keep := providers.Request{Source: req.Source, Target: req.Target, Context: req.Context}
	out := make([]providers.Result, len(req.Segments))
	g.mu.Lock()
	for i, s := range req.Segments {
		out[i] = providers.Result{ID: s.ID, Err: errGathered}
		h := keyOf(g.p, g.source, g.target, s.Text).Hash()
		if strings.TrimSpace(s.Text) == "" || g.seen[h] {
			continue
		}
		g.seen[h] = true
		keep.Segments = append(keep.Segments, providers.Segment{ID: s.ID, Text: s.Text})
	}
	if len(keep.Segments) > 0 {
		g.reqs = append(g.reqs, keep)
	}
	g.mu.Unlock()
	return out, nil
}

// Requests returns the gathered requests.
func (g *Gatherer) Requests() []providers.Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]providers.Request(nil), g.reqs...)
}

// keyOf is the cache key of text translated by p, as the cache decorator
// computes it for p.
func keyOf(p providers.Provider, source, target, text string) cache.Key {
	return cache.Key{Provider: p.Name(), Model: p.Model(), Fingerprint: p.Fingerprint(), Source: source, Target: target, Text: text}
}
