package cli

import (
	"context"
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/config"
)

// ConfigOptions are the parsed arguments of `anuvad config`.
type ConfigOptions struct {
	Keys     bool
	Markdown bool
	Cmd      *cobra.Command
}

// NewCmdConfig builds `anuvad config`.
func NewCmdConfig(f *Factory, runF func(context.Context, *ConfigOptions) error) *cobra.Command {
	opts := &ConfigOptions{}
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show the effective configuration, secrets redacted",
		Long: "Shows every configuration key with its effective value after the file, the\n" +
			"ANUVAD_* environment and defaults are merged. Secrets are shown as REDACTED.\n" +
			"With --keys, shows each key's environment variable and description.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Cmd = cmd
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return configRun(f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Keys, "keys", false, "list every key's environment variable and description")
	cmd.Flags().BoolVar(&opts.Markdown, "markdown", false, "print the key reference as a Markdown table (defaults, not effective values)")
	return cmd
}

func configRun(f *Factory, opts *ConfigOptions) error {
	cfg, l, err := loadConfig(f, opts.Cmd)
	if err != nil {
		return err
	}
	if opts.Markdown {
		return configMarkdown(f, l)
	}
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	if cfg.File != "" {
		fmt.Fprintf(w, "# file: %s\n", cfg.File)
	}
	for _, e := range l.Effective() {
		if opts.Keys {
			fmt.Fprintf(w, "%s\t%v\t%s\t%s\n", e.Key, e.Value, e.Env, e.Help)
		} else {
			fmt.Fprintf(w, "%s\t%v\n", e.Key, e.Value)
		}
	}
	return w.Flush()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// configMarkdown prints the reference of every key, as in README.md.
func configMarkdown(f *Factory, l *config.Loader) error {
	fmt.Fprintln(f.IO.Out, "| key | environment | flag | default | description |")
	fmt.Fprintln(f.IO.Out, "|---|---|---|---|---|")
	for _, e := range l.Reference() {
		def := fmt.Sprint(e.Default)
		if def == "" {
			def = " "
		}
		flag := ""
		if e.Flag != "" {
			flag = "`--" + e.Flag + "`"
		}
		env := "`" + e.Env + "`"
		for _, extra := range e.ExtraEnv {
			env += ", `" + extra + "`"
		}
		fmt.Fprintf(f.IO.Out, "| `%s` | %s | %s | `%s` | %s |\n", e.Key, env, flag, def, e.Help)
	}
	return nil
}
