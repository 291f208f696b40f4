package offline

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/anuvad/anuvad/configmap"
	"github.com/anuvad/anuvad/providers"
)

// Name is the registry name of the provider.
const Name = "offline"

// Model names the rule set and tables; it changes whenever output does.
const Model = "gloss-4"

// Spec describes the offline provider for the registry.
func Spec() providers.Spec {
	return providers.Spec{
		Name: Name,
		Description: "Offline Hindi→English gloss: dictionary, morphology and word-order rules; " +
			"no network, no key, no model (quality is a rough gloss)",
		Sources: []string{"hi"},
		Targets: []string{"en"},
		Options: []configmap.Option{
			{Key: "keep_devanagari", Help: "leave unknown words in Devanagari instead of romanising them", Default: false},
			{Key: "no_reorder", Help: "skip the clause word-order rules and articles (the verb stays last, as in Hindi)", Default: false},
			{Key: "no_dev_set", Help: "leave out the word-list entries written while reading the development evaluation sentences (to score held-out text fairly)", Default: false},
		},
		New: func(_ context.Context, s configmap.Settings, _ *slog.Logger) (providers.Provider, error) {
			var o Options
			if err := s.Decode(&o); err != nil {
				return nil, fmt.Errorf("offline provider settings: %w", err)
			}
			return NewProvider(o)
		},
	}
}

// Provider adapts a Translator to providers.Provider.
type Provider struct {
	tr *Translator
}

// NewProvider returns the offline provider with the given options.
func NewProvider(o Options) (*Provider, error) {
	tr, err := New(o)
	if err != nil {
		return nil, providers.Permanent(fmt.Errorf("offline provider: %w", err))
	}
	return &Provider{tr: tr}, nil
}

// Name implements providers.Provider.
func (p *Provider) Name() string { return Name }

// Model implements providers.Provider.
func (p *Provider) Model() string { return Model }

// Fingerprint implements providers.Provider: it lists the options that
// change output. no_dev_set is named only when set, so that caches written
// before it existed stay valid.
func (p *Provider) Fingerprint() string {
	fp := "keep_devanagari=" + strconv.FormatBool(p.tr.opts.KeepDevanagari) +
		";no_reorder=" + strconv.FormatBool(p.tr.opts.NoReorder)
	if p.tr.opts.NoDevSet {
		fp += ";no_dev_set=true"
	}
	return fp
}

// Limits implements providers.Provider. The translator is local and fast,
// so the limits are generous.
func (p *Provider) Limits() providers.Limits {
	return providers.Limits{MaxSegments: 10000, MaxChars: 1_000_000}
}

// Translator returns the underlying translator.
func (p *Provider) Translator() *Translator { return p.tr }

// Translate implements providers.Provider.
func (p *Provider) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	if !isLang(req.Source, "hi") || !isLang(req.Target, "en") {
		return nil, providers.Permanent(fmt.Errorf("offline provider: language pair %s→%s not supported (only hi→en)", req.Source, req.Target))
	}
	if len(req.Segments) > 0 {
		if err := p.tr.Load(); err != nil {
			return nil, providers.Permanent(fmt.Errorf("offline provider: %w", err))
		}
	}
	out := make([]providers.Result, len(req.Segments))
	for i, s := range req.Segments {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("offline provider: %w", err)
		}
		out[i] = providers.Result{ID: s.ID, Text: p.tr.Gloss(s.Text), Provider: Name, Model: Model}
	}
	return out, nil
}

// isLang accepts a BCP-47 tag whose primary subtag is want ("hi", "hi-IN").
func isLang(tag, want string) bool {
	tag = strings.ToLower(strings.TrimSpace(tag))
	primary, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	return primary == want
}
