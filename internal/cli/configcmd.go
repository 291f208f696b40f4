package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/config"
)

// ConfigOptions are the parsed arguments of `anuvad config`.
type ConfigOptions struct {
	Keys     bool
	Markdown bool
	// ShowOrigin adds where each value came from: default, file, env or flag.
	ShowOrigin bool
	Cmd        *cobra.Command
}

// NewCmdConfig builds `anuvad config`.
func NewCmdConfig(f *Factory, runF func(context.Context, *ConfigOptions) error) *cobra.Command {
	opts := &ConfigOptions{}
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show the effective configuration, secrets redacted",
		Long: "Shows every configuration key with its effective value after the file, the\n" +
			"ANUVAD_* environment and defaults are merged. Secrets are shown as REDACTED.\n" +
			"With --keys, shows each key's environment variable and description; with\n" +
			"--show-origin, where each value came from: default, file, env or flag.",
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
	cmd.Flags().BoolVar(&opts.ShowOrigin, "show-origin", false, "say where each value came from: default, file (with its path), env (with the variable) or flag")
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
		line := e.Key + "\t" + displayValue(e.Value)
		if opts.ShowOrigin {
			line += "\t" + l.Origin(e.Key).String()
		}
		if opts.Keys {
			line += "\t" + e.Env + "\t" + e.Help
		}
		fmt.Fprintln(w, line)
	}
	return w.Flush()
}

// displayValue writes a value for people: lists comma separated, maps as
// key=value pairs, never Go's bracket syntax.
func displayValue(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case []string:
		return strings.Join(t, ",")
	case []any:
		parts := make([]string, len(t))
		for i, x := range t {
			parts[i] = displayValue(x)
		}
		return strings.Join(parts, ",")
	case map[string]any:
		parts := make([]string, 0, len(t))
		for _, k := range sortedKeys(t) {
			parts = append(parts, k+"="+displayValue(t[k]))
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v)
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
