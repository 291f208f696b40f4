// Package fake is a deterministic in-memory provider for tests.
//
// It honours the provider contract: one result per segment, in order, with
// the same ids; requests larger than its Limits are split into several
// calls; whitespace-only segments are answered without a call; cancellation
// is checked before every call. Its translation is Prefix ("en:" + text) by
// default, and hooks let a test fail whole calls or single segments.
package fake

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/anuvad/anuvad/configmap"
	"github.com/anuvad/anuvad/providers"
)

// Default names reported by a provider built without them.
const (
	DefaultName  = "fake"
	DefaultModel = "fake-1"
)

// Prefix is the default translation: "en:" followed by the text.
func Prefix(text string) string { return "en:" + text }

// Unprefix reverses Prefix; ok is false when text does not carry the prefix.
func Unprefix(text string) (string, bool) { return strings.CutPrefix(text, "en:") }

// Options configure a fake provider. The zero value is usable.
type Options struct {
	Name   string           // default DefaultName
	Model  string           // default DefaultModel
	Limits providers.Limits // request limits; a larger request is split into calls
	// Translate computes a translation; default Prefix.
	Translate func(text string) string
	// FailCall, if set, runs before each call (numbered from 1) and may
	// block on ctx or return an error for the whole call. Translate returns
	// that error as is when no earlier call of the same request succeeded,
	// else it becomes the Err of the call's and all later segments.
	FailCall func(ctx context.Context, call int, req providers.Request) error
	// FailSegment, if set, may return an error for one segment of a call.
	FailSegment func(call int, seg providers.Segment) error
}

// Provider is the fake provider. It is safe for concurrent use.
type Provider struct {
	opt Options

	mu    sync.Mutex
	calls []providers.Request
}

var _ providers.Provider = (*Provider)(nil)

// New returns a fake provider.
func New(o Options) *Provider {
	if o.Name == "" {
		o.Name = DefaultName
	}
	if o.Model == "" {
		o.Model = DefaultModel
	}
	if o.Translate == nil {
		o.Translate = Prefix
	}
	return &Provider{opt: o}
}

// Spec describes the fake provider for a registry, so pipeline and command
// tests can select it by name. Its options are max_segments and max_chars.
func Spec() providers.Spec {
	return providers.Spec{
		Name:        DefaultName,
		Description: "deterministic test provider that answers \"en:\"+text",
		Options: []configmap.Option{
			{Key: "max_segments", Default: 0, Help: "segments per call (0: no limit)", Limits: configmap.LimitSegments},
			{Key: "max_chars", Default: 0, Help: "characters per call (0: no limit)", Limits: configmap.LimitChars},
		},
		New: func(_ context.Context, s configmap.Settings, _ *slog.Logger) (providers.Provider, error) {
			var o struct {
				MaxSegments int `mapstructure:"max_segments"`
				MaxChars    int `mapstructure:"max_chars"`
			}
			if err := s.Decode(&o); err != nil {
				return nil, fmt.Errorf("fake: %w", err)
			}
			return New(Options{Limits: providers.Limits{MaxSegments: o.MaxSegments, MaxChars: o.MaxChars}}), nil
		},
	}
}

// Name implements providers.Provider.
func (p *Provider) Name() string { return p.opt.Name }

// Model implements providers.Provider.
func (p *Provider) Model() string { return p.opt.Model }

// Fingerprint implements providers.Provider.
func (p *Provider) Fingerprint() string { return "fake" }

// Limits implements providers.Provider.
func (p *Provider) Limits() providers.Limits { return p.opt.Limits }

// Calls returns the number of calls made so far (one per chunk sent).
func (p *Provider) Calls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.calls)
}

// Requests returns a copy of every call made so far, in call order.
func (p *Provider) Requests() []providers.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]providers.Request(nil), p.calls...)
}

// Translate implements providers.Provider.
func (p *Provider) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	out := make([]providers.Result, len(req.Segments))
	var send []int // indexes of segments that need a call
	for i, s := range req.Segments {
		out[i] = providers.Result{ID: s.ID, Provider: p.opt.Name, Model: p.opt.Model}
		if strings.TrimSpace(s.Text) == "" {
			out[i].Text = s.Text
			continue
		}
		send = append(send, i)
	}
	chunks := providers.Chunk(req.Segments, send, p.opt.Limits)
	for n, chunk := range chunks {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("fake: %w", err)
		}
		sub := providers.Request{Source: req.Source, Target: req.Target, Context: req.Context, Segments: make([]providers.Segment, len(chunk))}
		for j, i := range chunk {
			sub.Segments[j] = req.Segments[i]
		}
		p.mu.Lock()
		p.calls = append(p.calls, sub)
		call := len(p.calls)
		p.mu.Unlock()
		if p.opt.FailCall != nil {
			if err := p.opt.FailCall(ctx, call, sub); err != nil {
				if n == 0 {
					return nil, err
				}
				for _, rest := range chunks[n:] {
					for _, i := range rest {
						out[i].Err = err
					}
				}
				return out, nil
			}
		}
		for j, i := range chunk {
			if p.opt.FailSegment != nil {
				if err := p.opt.FailSegment(call, sub.Segments[j]); err != nil {
					out[i].Err = &providers.SegmentError{ID: sub.Segments[j].ID, Err: err}
					continue
				}
			}
			out[i].Text = p.opt.Translate(sub.Segments[j].Text)
		}
	}
	return out, nil
}
