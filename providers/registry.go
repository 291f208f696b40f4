package providers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"

	"github.com/anuvad/anuvad/configmap"
)

// Spec describes one provider: its name, its options (declared once) and how
// to build it from settings. Each provider package also exports a plain
// options struct and a constructor taking it, for library users.
type Spec struct {
	Name        string
	Description string
	Options     []configmap.Option
	// Configured reports whether the settings are enough to use the provider
	// (for example an API key or endpoint is present). Nil means always.
	Configured func(configmap.Settings) bool
	// Sources and Targets list the languages the provider translates from
	// and to (primary subtags such as "hi"); nil means any, or not known
	// before a request is sent.
	Sources []string
	Targets []string
	// New builds the provider from its settings. The logger receives the
	// provider's own records (never nil).
	New func(ctx context.Context, settings configmap.Settings, logger *slog.Logger) (Provider, error)
	// Prices declares the provider's price keys. They live in the shared
	// section configmap.PricesSection ("prices.KEY"), so each key starts
	// with the provider's name. Nil for a provider that costs nothing.
	Prices []configmap.Option
	// Pricer builds the provider's cost model from the values of the
	// prices section, and rejects values that make no sense. Nil for a
	// provider that costs nothing.
	Pricer func(prices configmap.Settings) (Pricer, error)
}

// Registry holds the known providers. It is a value: build one with
// NewRegistry and pass it explicitly.
type Registry struct {
	specs map[string]Spec
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{specs: map[string]Spec{}} }

// Register adds a provider. It panics on a duplicate name, which is a
// programming error.
func (r *Registry) Register(s Spec) {
	if _, dup := r.specs[s.Name]; dup {
		panic("providers: duplicate registration of " + s.Name)
	}
	r.specs[s.Name] = s
}

// Lookup finds a provider by name.
func (r *Registry) Lookup(name string) (Spec, error) {
	s, ok := r.specs[name]
	if !ok {
		return Spec{}, fmt.Errorf("unknown provider %q (known: %s)", name, strings.Join(r.Names(), ", "))
	}
	return s, nil
}

// Names lists registered providers in sorted order.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.specs))
	for n := range r.specs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Specs lists registered providers in name order.
func (r *Registry) Specs() []Spec {
	out := make([]Spec, 0, len(r.specs))
	for _, n := range r.Names() {
		out = append(out, r.specs[n])
	}
	return out
}

// Sections returns the configuration sections of all providers, named
// "providers.NAME", preceded by the prices section that gathers every
// provider's price keys.
func (r *Registry) Sections() []configmap.Section {
	prices := configmap.Section{Name: configmap.PricesSection, Validate: func(s configmap.Settings) error {
		_, err := r.Pricers(s)
		return err
	}}
	var out []configmap.Section
	for _, s := range r.Specs() {
		prices.Options = append(prices.Options, s.Prices...)
		out = append(out, configmap.Section{Name: "providers." + s.Name, Options: s.Options})
	}
	return append([]configmap.Section{prices}, out...)
}

// Pricers builds the cost model of every provider that has one, by name,
// from the values of the prices section.
func (r *Registry) Pricers(prices configmap.Settings) (map[string]Pricer, error) {
	out := map[string]Pricer{}
	var errs []error
	for _, s := range r.Specs() {
		if s.Pricer == nil {
			continue
		}
		p, err := s.Pricer(prices)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[s.Name] = p
	}
	return out, errors.Join(errs...)
}

// CheckLanguages returns an error when the spec declares the languages it
// takes and source or target is not among them. Tags are compared by their
// primary subtag ("hi-IN" is "hi").
func (s Spec) CheckLanguages(source, target string) error {
	primary := func(tag string) string {
		tag = strings.ToLower(strings.TrimSpace(tag))
		p, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
		return p
	}
	if s.Sources != nil && !slices.Contains(s.Sources, primary(source)) {
		return fmt.Errorf("provider %s translates only from %s, not from %s", s.Name, strings.Join(s.Sources, ", "), source)
	}
	if s.Targets != nil && !slices.Contains(s.Targets, primary(target)) {
		return fmt.Errorf("provider %s translates only into %s, not into %s", s.Name, strings.Join(s.Targets, ", "), target)
	}
	return nil
}
