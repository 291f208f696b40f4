package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/internal/stack"
	"github.com/anuvad/anuvad/providers"
)

// ProvidersOptions are the parsed arguments of `anuvad providers`.
type ProvidersOptions struct {
	Cmd *cobra.Command
}

// NewCmdProviders builds `anuvad providers`.
func NewCmdProviders(f *Factory, runF func(context.Context, *ProvidersOptions) error) *cobra.Command {
	opts := &ProvidersOptions{}
	return &cobra.Command{
		Use:   "providers",
		Short: "List translation providers, whether each is configured, and its model",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Cmd = cmd
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return providersRun(cmd.Context(), f, opts)
		},
	}
}

func providersRun(ctx context.Context, f *Factory, opts *ProvidersOptions) error {
	cfg, _, err := loadConfig(f, opts.Cmd)
	if err != nil {
		return err
	}
	sections := f.Registry.Sections()
	limits := map[string]providers.Limits{}
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tCONFIGURED\tMODEL\tREQUEST\tDESCRIPTION")
	for _, s := range f.Registry.Specs() {
		settings := cfg.Providers[s.Name]
		configured := "yes"
		if s.Configured != nil && !s.Configured(settings) {
			configured = "no"
		}
		model := "-"
		if m, ok := settings["model"]; ok && fmt.Sprint(m) != "" {
			model = fmt.Sprint(m)
		}
		request := "-"
		if configured == "yes" {
			// Ask the provider itself: it knows its default model and limits.
			if p, err := stack.New(ctx, f.Registry, cfg, s.Name, nil); err == nil {
				model = p.Model()
				limits[s.Name] = p.Limits()
				alone := cfg
				alone.Provider = []string{s.Name}
				b := stack.BatchingFor(alone, sections, p.Limits())
				request = fmt.Sprintf("%d segments, %d chars", b.Segments, b.Chars)
				stack.CloseProvider(p)
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", s.Name, configured, model, request, s.Description)
	}
	fmt.Fprintf(w, "\nin use: %s\n", strings.Join(cfg.Provider, ", "))
	var chain providers.Limits
	for _, name := range cfg.Provider {
		chain = tighter(chain, limits[name])
	}
	b := stack.BatchingFor(cfg, sections, chain)
	fmt.Fprintf(w, "requests: at most %d segments and %d characters\n", b.Segments, b.Chars)
	for _, n := range b.Notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
	return w.Flush()
}

// tighter combines per-request limits as a fallback chain does: the
// smallest non-zero value of each.
func tighter(a, b providers.Limits) providers.Limits {
	pick := func(x, y int) int {
		if y > 0 && (x == 0 || y < x) {
			return y
		}
		return x
	}
	return providers.Limits{MaxSegments: pick(a.MaxSegments, b.MaxSegments), MaxChars: pick(a.MaxChars, b.MaxChars), MaxConcurrent: pick(a.MaxConcurrent, b.MaxConcurrent)}
}
