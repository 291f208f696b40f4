package providers

import (
	"context"
	"fmt"
	"log/slog"
	"sort"

	"github.com/anuvad/anuvad/config"
)

// Spec describes one provider: its name, its options (declared once) and how
// to build it from settings.
type Spec struct {
	Name        string
	Description string
	Options     []config.Option
	// Configured reports whether the settings are enough to use the provider
	// (for example an API key or endpoint is present). Nil means always.
	Configured func(config.Settings) bool
	// New builds the provider from its settings. The logger receives the
	// provider's own records (never nil).
	New func(ctx context.Context, settings config.Settings, logger *slog.Logger) (Provider, error)
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
		return Spec{}, fmt.Errorf("unknown provider %q (known: %v)", name, r.Names())
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
// "providers.NAME".
func (r *Registry) Sections() []config.Section {
	var out []config.Section
	for _, s := range r.Specs() {
		out = append(out, config.Section{Name: "providers." + s.Name, Options: s.Options})
	}
	return out
}
