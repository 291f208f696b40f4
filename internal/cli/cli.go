// Package cli holds anuvad's commands. Each command is a constructor
// NewCmdX(f, runF) that parses flags into an XOptions value and hands it to
// xRun (or to runF in tests), so flag parsing and behaviour are tested
// separately.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/redact"
)

// Exit codes.
const (
	ExitOK          = 0
	ExitPartial     = 1 // some sentences or files failed, each named
	ExitUsage       = 2 // bad flags, arguments or configuration
	ExitInterrupted = 130
)

// IOStreams are the command's standard streams.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// ErrTerminal is true when ErrOut is a terminal: progress bars are
	// drawn only then.
	ErrTerminal bool
}

// Factory carries what commands need, built once in Main and replaced in
// tests.
type Factory struct {
	IO       IOStreams
	Registry *providers.Registry
	Version  string
}

// Main runs anuvad with the process's arguments and returns its exit code.
// The first interrupt cancels the run gracefully (finished pairs are
// written, files stay valid); a second one kills the process.
func Main(version string, registry *providers.Registry) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // restore default handling: a second interrupt ends the process
	}()
	// A reader that goes away (`anuvad ... | head`) makes writes fail with
	// EPIPE instead of killing the process with half-written files.
	signal.Ignore(syscall.SIGPIPE)
	f := &Factory{
		IO: IOStreams{
			In: os.Stdin, Out: &pipeWatch{w: os.Stdout}, ErrOut: os.Stderr,
			ErrTerminal: isatty.IsTerminal(os.Stderr.Fd()) || isatty.IsCygwinTerminal(os.Stderr.Fd()),
		},
		Registry: registry,
		Version:  version,
	}
	return Run(ctx, f, os.Args[1:])
}

// Run executes the command line args and returns the exit code. Errors are
// printed once, here.
func Run(ctx context.Context, f *Factory, args []string) int {
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil && cmd != nil && !cmd.Runnable() && ExitCode(err) != ExitUsage {
		// Cobra's own refusal of an unknown command.
		err = &usageError{err: err}
	}
	if err != nil && f.readerGone() {
		// The reader of standard output has all it wanted: not an error.
		return ExitOK
	}
	code := ExitCode(err)
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintln(f.IO.ErrOut, "anuvad: "+redact.URLs(err.Error()))
		var ue *usageError
		if errors.As(err, &ue) && !ue.config && cmd != nil {
			printUsageLine(f.IO.ErrOut, cmd)
		}
	}
	return code
}

// printUsageLine ends a usage error with the usage of the command that
// refused it.
func printUsageLine(w io.Writer, cmd *cobra.Command) {
	use := cmd.UseLine()
	if !cmd.HasParent() {
		var names []string
		for _, c := range cmd.Commands() {
			if c.IsAvailableCommand() {
				names = append(names, c.Name())
			}
		}
		use = cmd.Name() + " COMMAND [flags] (commands: " + strings.Join(names, ", ") + ")"
	}
	fmt.Fprintf(w, "Usage: %s\nRun '%s --help' for more.\n", use, cmd.CommandPath())
}

// usageError marks bad flags, arguments or configuration (exit code 2).
// Errors in arguments end with the command's usage line; configuration
// errors (config set true) do not.
type usageError struct {
	err    error
	config bool
}

// configError marks a bad configuration: a usage error printed without the
// command's usage line.
func configError(err error) error { return &usageError{err: err, config: true} }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usageErrorf returns a usage error (exit code 2).
func usageErrorf(format string, a ...any) error {
	return &usageError{err: fmt.Errorf(format, a...)}
}

// partialError marks a run that finished but lost some sentences or files;
// the details have already been reported.
type partialError struct{ msg string }

func (e *partialError) Error() string { return e.msg }

// errReported wraps errors whose message was already printed.
var errReported = errors.New("reported")

// ExitCode maps an error returned by a command to the process exit code.
func ExitCode(err error) int {
	var ue *usageError
	var pe *partialError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &ue):
		return ExitUsage
	case errors.As(err, &pe):
		return ExitPartial
	default:
		return ExitPartial
	}
}

// NewCmdRoot builds the root command and its subcommands.
func NewCmdRoot(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "anuvad",
		Short: "Turn Hindi text into aligned Hindi–English sentence pairs",
		Long: strings.TrimSpace(`
anuvad splits Hindi documents into sentences, translates them with a
pluggable provider (offline by default, Google Cloud Translation, or any
OpenAI-compatible model), caches every translation, checks each pair and
writes parallel corpora: TSV, JSONL, TMX 1.4b and Moses plain text. It also
aligns an existing Hindi document with its English counterpart.`),
		Version:       f.Version,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &usageError{err: err}
	})
	pf := root.PersistentFlags()
	pf.String("config", "", "configuration file (default ./"+config.DefaultFile+" if present)")
	config.AddFlags(pf, "log.level", "log.format", "quiet")

	root.AddCommand(
		NewCmdTranslate(f, nil),
		NewCmdSplit(f, nil),
		NewCmdAlign(f, nil),
		NewCmdCache(f),
		NewCmdReview(f, nil),
		NewCmdExport(f, nil),
		NewCmdConfig(f, nil),
		NewCmdProviders(f, nil),
		NewCmdBatches(f, nil),
	)
	strictArgs(root)
	return root
}

// strictArgs makes every refusal of arguments a usage error, and gives
// commands that only group others one that names an unknown subcommand.
func strictArgs(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		strictArgs(c)
	}
	if cmd.HasParent() && !cmd.Runnable() && cmd.HasSubCommands() {
		cmd.Args = cobra.ArbitraryArgs
		cmd.RunE = func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return c.Help()
			}
			var names []string
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name())
				}
			}
			return usageErrorf("unknown command %q for %q (commands: %s)", args[0], c.CommandPath(), strings.Join(names, ", "))
		}
	}
	if args := cmd.Args; args != nil {
		cmd.Args = func(c *cobra.Command, a []string) error {
			err := args(c, a)
			var ue *usageError
			switch {
			case err == nil || errors.As(err, &ue):
				return err
			case !c.HasSubCommands() && strings.HasPrefix(err.Error(), "unknown command"):
				// Cobra's words for an argument to a command that takes none.
				return usageErrorf("%s takes no arguments, not %q", c.CommandPath(), strings.Join(a, " "))
			}
			return &usageError{err: err}
		}
	}
}

// loadConfig reads the configuration for cmd: file, environment and the
// flags set on the command line.
func loadConfig(f *Factory, cmd *cobra.Command) (config.Config, *config.Loader, error) {
	l := config.NewLoader(f.Registry.Sections())
	flags := pflag.NewFlagSet("all", pflag.ContinueOnError)
	flags.AddFlagSet(cmd.Flags())
	flags.AddFlagSet(cmd.InheritedFlags())
	if err := l.BindFlags(flags); err != nil {
		return config.Config{}, nil, err
	}
	path, _ := flags.GetString("config")
	if err := l.ReadFile(path); err != nil {
		return config.Config{}, nil, configError(err)
	}
	for _, pf := range providerFlags {
		if fl := flags.Lookup(pf.flag); fl != nil && fl.Changed && fl.Annotations[providerFlagMark] != nil {
			if err := l.SetForProvider(pf.flag, pf.keys, fl.Value.String()); err != nil {
				return config.Config{}, nil, configError(err)
			}
		}
	}
	cfg, err := l.Load()
	if err != nil {
		return config.Config{}, nil, configError(err)
	}
	if cfg.Quiet && l.Origin("log.level").Kind == config.OriginDefault {
		// --quiet: errors only, unless a log level was asked for.
		cfg.Log.Level = "error"
	}
	return cfg, l, nil
}

// providerFlags are per-run flags for the settings people change most,
// applied to the first provider of the chain: each sets the first of keys
// that provider declares.
var providerFlags = []struct {
	flag string
	keys []string
	help string
}{
	{"model", []string{"model"}, "model of the first provider (providers.NAME.model)"},
	{"base-url", []string{"base_url", "endpoint"}, "service address of the first provider (providers.openai.base_url, providers.google.endpoint)"},
}

// addProviderFlags adds --model and --base-url to a command that builds
// providers.
func addProviderFlags(cmd *cobra.Command) {
	for _, pf := range providerFlags {
		cmd.Flags().String(pf.flag, "", pf.help)
		_ = cmd.Flags().SetAnnotation(pf.flag, providerFlagMark, []string{"true"})
	}
}

// providerFlagMark tells a per-run provider flag from a command's own flag
// of the same name (cache prune --model).
const providerFlagMark = "anuvad-provider-flag"

// newLogger builds the run's logger on ErrOut.
func newLogger(w io.Writer, c config.LogConfig) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level)) // validated by config
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: redact.Attr}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
