package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/internal/stack"
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
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tCONFIGURED\tMODEL\tDESCRIPTION")
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
		if configured == "yes" {
			// Ask the provider itself: it knows its default model.
			if p, err := stack.New(ctx, f.Registry, cfg, s.Name, nil); err == nil {
				model = p.Model()
				stack.CloseProvider(p)
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", s.Name, configured, model, s.Description)
	}
	fmt.Fprintf(w, "\nin use: %v\n", cfg.Provider)
	return w.Flush()
}
