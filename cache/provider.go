package cache

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/anuvad/anuvad/providers"
)

// Provider is a decorator that answers from a Store what it can and stores
// every validated translation the wrapped provider returns. Failed segments
// and empty translations of non-empty text are never stored.
//
// A translation the provider returned is never lost to the store: when
// storing fails (a full disk, an I/O error) the results are returned all the
// same, Options.OnPutError hears of it, and the decorator stops writing to
// the store for the rest of its life, counting what it did not keep
// (NotCached).
//
// A human translation of a sentence (stored under HumanKey, by the review
// page) takes precedence over the wrapped provider's own entry and over a
// call to it: this is the one place where that rule lives.
type Provider struct {
	inner providers.Provider
	store Store
	opts  Options
	// name, model and fingerprint are the inner provider's, asked once:
	// they are part of every key.
	name, model, fingerprint string

	putFailed atomic.Bool
	notCached atomic.Int64

	// missed holds the sentences Lookup just failed to find. The pipeline
	// looks up every sentence before batching, so Translate skips the store
	// for those instead of asking it twice.
	mu     sync.Mutex
	missed map[sentence]struct{}

	// buffers holds slices of keys and entries for the store, which keeps
	// neither: a run makes them once, not once a batch.
	buffers sync.Pool
}

// buffer holds slices of keys and entries, kept between calls: the keys
// and answers of a lookup, and the entries of a Put.
type buffer struct {
	keys    []Key
	found   []Entry
	entries []Entry
}

func (c *Provider) buffer() *buffer {
	if b, ok := c.buffers.Get().(*buffer); ok {
		return b
	}
	return &buffer{}
}

// release clears the buffer's slices, which keep no texts alive in the
// pool, and returns it there.
func (c *Provider) release(b *buffer) {
	clear(b.keys)
	clear(b.found)
	clear(b.entries)
	b.keys, b.found, b.entries = b.keys[:0], b.found[:0], b.entries[:0]
	c.buffers.Put(b)
}

// sentence is a text to translate between two languages.
type sentence struct{ source, target, text string }

var (
	_ providers.Provider = (*Provider)(nil)
	_ providers.Looker   = (*Provider)(nil)
	_ providers.Wrapper  = (*Provider)(nil)
)

// Options tune a Provider.
type Options struct {
	// OnPutError, if set, is called with the error of the first Put that
	// failed.
	OnPutError func(error)
}

// Wrap returns p backed by store.
func Wrap(p providers.Provider, store Store) *Provider {
	return WrapOptions(p, store, Options{})
}

// WrapOptions returns p backed by store, with options.
func WrapOptions(p providers.Provider, store Store, o Options) *Provider {
	return &Provider{
		inner: p, store: store, opts: o,
		name: p.Name(), model: p.Model(), fingerprint: p.Fingerprint(),
		missed: map[sentence]struct{}{},
	}
}

// NotCached is the number of translations that could not be stored since a
// Put failed.
func (c *Provider) NotCached() int64 { return c.notCached.Load() }

// Name implements providers.Provider.
func (c *Provider) Name() string { return c.inner.Name() }

// Model implements providers.Provider.
func (c *Provider) Model() string { return c.inner.Model() }

// Fingerprint implements providers.Provider.
func (c *Provider) Fingerprint() string { return c.inner.Fingerprint() }

// Limits implements providers.Provider.
func (c *Provider) Limits() providers.Limits { return c.inner.Limits() }

// Unwrap implements providers.Wrapper.
func (c *Provider) Unwrap() providers.Provider { return c.inner }

// KeyFor returns the cache key of a text for the wrapped provider.
func (c *Provider) KeyFor(source, target, text string) Key {
	return Key{
		Provider:    c.name,
		Model:       c.model,
		Fingerprint: c.fingerprint,
		Source:      source,
		Target:      target,
		Text:        text,
	}
}

// Lookup implements providers.Looker.
func (c *Provider) Lookup(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	out, _, err := c.lookup(ctx, req)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	for i, s := range req.Segments {
		if out == nil || !out[i].Cached {
			c.missed[sentence{req.Source, req.Target, s.Text}] = struct{}{}
		}
	}
	c.mu.Unlock()
	return out, nil
}

// lookup asks the store for the segments of req and for the human
// translations of the same sentences (only if it may hold any), and returns
// a result for each segment (Cached if found, a human translation winning),
// or nil if none is found, and the number found.
func (c *Provider) lookup(ctx context.Context, req providers.Request) ([]providers.Result, int, error) {
	if len(req.Segments) == 0 {
		return nil, 0, nil
	}
	human := true
	if hh, ok := c.store.(HumanHolder); ok {
		var err error
		if human, err = hh.HasHuman(ctx); err != nil {
			return nil, 0, err
		}
	}
	n := len(req.Segments)
	size := n
	if human {
		size = 2 * n
	}
	buf := c.buffer()
	defer c.release(buf)
	keys := slices.Grow(buf.keys, size)[:n]
	for i, s := range req.Segments {
		keys[i] = c.KeyFor(req.Source, req.Target, s.Text)
	}
	if human {
		for _, s := range req.Segments {
			keys = append(keys, HumanKey(req.Source, req.Target, s.Text))
		}
	}
	buf.keys = keys
	var found []Entry
	var err error
	if ig, ok := c.store.(IntoGetter); ok {
		// The pooled slice holds zero entries (release clears it).
		found = slices.Grow(buf.found, size)[:size]
		buf.found = found
		err = ig.GetInto(ctx, keys, found)
	} else {
		found, err = c.store.Get(ctx, keys)
	}
	if err != nil {
		return nil, 0, err
	}
	var out []providers.Result
	hits := 0
	for i, s := range req.Segments {
		var r providers.Result
		switch {
		case human && found[n+i].Found():
			r = providers.Result{ID: s.ID, Text: found[n+i].Translation, Provider: HumanProvider, Cached: true}
		case found[i].Found():
			r = providers.Result{ID: s.ID, Text: found[i].Translation, Provider: c.name, Model: c.model, Cached: true}
		default:
			continue
		}
		if out == nil {
			out = make([]providers.Result, n)
		}
		out[i] = r
		hits++
	}
	return out, hits, nil
}

// Translate implements providers.Provider: cached segments are answered from
// the store, the rest are sent to the wrapped provider in one request with
// the Context of req. Entries are keyed by the sentence, never its Context.
func (c *Provider) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	// Ask the store only for segments Lookup has not just missed.
	ask := providers.Request{Source: req.Source, Target: req.Target}
	var askAt []int // the index in req of each segment of ask
	c.mu.Lock()
	for i, s := range req.Segments {
		k := sentence{req.Source, req.Target, s.Text}
		if _, ok := c.missed[k]; ok {
			delete(c.missed, k)
			continue
		}
		ask.Segments = append(ask.Segments, s)
		askAt = append(askAt, i)
	}
	c.mu.Unlock()
	if len(req.Segments) == 0 {
		return []providers.Result{}, nil
	}
	var out []providers.Result
	hits := 0
	if len(ask.Segments) > 0 {
		found, n, err := c.lookup(ctx, ask)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			hits = n
			out = make([]providers.Result, len(req.Segments))
			for j, r := range found {
				if r.Cached {
					out[askAt[j]] = r
				}
			}
		}
	}
	// miss is what the store did not answer: all of req, usually.
	var missAt []int // the index in req of each segment of miss, if not all
	miss := req
	if hits > 0 {
		miss.Segments = make([]providers.Segment, 0, len(req.Segments)-hits)
		missAt = make([]int, 0, cap(miss.Segments))
		for i, s := range req.Segments {
			if !out[i].Cached {
				miss.Segments = append(miss.Segments, s)
				missAt = append(missAt, i)
			}
		}
		if len(miss.Segments) == 0 {
			return out, nil
		}
	}
	res, err := c.inner.Translate(ctx, miss)
	if err != nil {
		return nil, err
	}
	if len(res) != len(miss.Segments) {
		return nil, fmt.Errorf("%s returned %d results for %d segments", c.name, len(res), len(miss.Segments))
	}
	if missAt == nil {
		out = res
	}
	buf := c.buffer()
	defer c.release(buf)
	entries := slices.Grow(buf.entries, len(res))
	for i, r := range res {
		s := miss.Segments[i]
		if r.ID != s.ID {
			return nil, fmt.Errorf("%s returned id %q at position %d, want %q", c.name, r.ID, i, s.ID)
		}
		if r.Provider == "" {
			r.Provider, r.Model = c.name, c.model
		}
		if missAt == nil {
			out[i] = r
		} else {
			out[missAt[i]] = r
		}
		// Behind a fallback chain another provider may have answered;
		// its translation belongs under its own key, not this one.
		if r.Err == nil && r.Provider == c.name && (strings.TrimSpace(r.Text) != "" || strings.TrimSpace(s.Text) == "") {
			entries = append(entries, Entry{Key: c.KeyFor(req.Source, req.Target, s.Text), Translation: r.Text})
		}
	}
	buf.entries = entries
	c.put(ctx, entries)
	return out, nil
}

// put stores entries, unless an earlier Put failed. A failure is reported
// once and never fails the translations: they are returned all the same.
func (c *Provider) put(ctx context.Context, entries []Entry) {
	if len(entries) == 0 {
		return
	}
	if c.putFailed.Load() {
		c.notCached.Add(int64(len(entries)))
		return
	}
	// The answers are paid for: store them even when the run is stopping.
	c.failed(c.store.Put(context.WithoutCancel(ctx), entries), len(entries))
}

// Flush waits until every translation stored so far is durable, for a
// Store that groups its writes (Flusher); a failure is handled as a failed
// Put. Call it before counting NotCached at the end of a run.
func (c *Provider) Flush(ctx context.Context) {
	if f, ok := c.store.(Flusher); ok {
		c.failed(f.Flush(context.WithoutCancel(ctx)), 0)
	}
}

// failed records a failure of the store, if err is one: the translations
// it names (a NotStoredError counts those a grouped write lost), or else
// the n just given, are counted as not cached.
func (c *Provider) failed(err error, n int) {
	if err == nil {
		return
	}
	var ns *NotStoredError
	if errors.As(err, &ns) {
		n = ns.Entries
	}
	c.notCached.Add(int64(n))
	if c.putFailed.CompareAndSwap(false, true) && c.opts.OnPutError != nil {
		c.opts.OnPutError(err)
	}
}
