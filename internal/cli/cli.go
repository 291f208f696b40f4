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
	f := &Factory{
		IO: IOStreams{
			In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
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
	err := root.ExecuteContext(ctx)
	code := ExitCode(err)
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintln(f.IO.ErrOut, "anuvad: "+config.RedactURLs(err.Error()))
		if code == ExitUsage {
			fmt.Fprintln(f.IO.ErrOut, "Run 'anuvad --help' for usage.")
		}
	}
	return code
}

// usageError marks bad flags, arguments or configuration.
type usageError struct{ err error }

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
	return root
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
		return config.Config{}, nil, &usageError{err: err}
	}
	cfg, err := l.Load()
	if err != nil {
		return config.Config{}, nil, &usageError{err: err}
	}
	return cfg, l, nil
}

// newLogger builds the run's logger on ErrOut.
func newLogger(w io.Writer, c config.LogConfig) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level)) // validated by config
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: config.RedactAttr}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
