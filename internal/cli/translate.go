package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"

	"github.com/MakeNowJust/heredoc/v2"
	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/internal/stack"
	"github.com/anuvad/anuvad/pipeline"
	"github.com/anuvad/anuvad/quality"
	"github.com/anuvad/anuvad/redact"
	"github.com/anuvad/anuvad/segment"
)

// TranslateOptions are the parsed arguments of `anuvad translate`.
type TranslateOptions struct {
	Paths  []string
	DryRun bool
	// Detach submits batch jobs and returns without waiting (batch mode).
	Detach bool
	// Shard, when set, limits the run to one part of the unique sentences.
	Shard Shard
	// Include chooses the files read from folders (a glob); empty: *.txt,
	// or *.jsonl for jsonl input.
	Include string
	// Config is the effective configuration, flags included.
	Config config.Config
}

// NewCmdTranslate builds `anuvad translate`.
func NewCmdTranslate(f *Factory, runF func(context.Context, *TranslateOptions) error) *cobra.Command {
	opts := &TranslateOptions{}
	var shard string
	cmd := &cobra.Command{
		Use:   "translate [flags] PATH...",
		Short: "Split Hindi documents into sentences, translate them and write aligned pairs",
		Long: heredoc.Doc(`
			Reads each PATH (a file, a folder searched recursively for *.txt, or "-"
			for standard input), splits the text into sentences, translates every
			sentence not already in the cache and writes the pairs, in input order,
			to the output folder: pairs.tsv, pairs.jsonl, pairs.tmx, corpus.hi and
			corpus.en, summary.json, and failures.jsonl when a sentence failed.

			Exit status: 0 when every pair was written, 1 when some sentences or
			files failed (each is named), 2 for a usage or configuration error,
			130 when interrupted.
		`),
		Example: heredoc.Doc(`
			anuvad translate seeds/
			anuvad translate --provider openai,offline --out corpus/ news/
			anuvad translate --input-format lines --formats moses --out out/ sentences.hi
			cat article.txt | anuvad translate --dry-run -
		`),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("translate needs at least one PATH (a file, a folder or -)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if shard != "" {
				s, err := ParseShard(shard)
				if err != nil {
					return &usageError{err: err}
				}
				opts.Shard = s
			}
			cfg, _, err := loadConfig(f, cmd)
			if err != nil {
				return err
			}
			opts.Config = cfg
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return translateRun(cmd.Context(), f, opts)
		},
	}
	fs := cmd.Flags()
	config.AddFlags(fs, "provider", "out", "formats", "input_format", "cache.path", "cache.disabled",
		"workers", "batch.size", "budget", "filter", "source_lang", "target_lang")
	addProviderFlags(cmd)
	includeFlag(cmd, &opts.Include)
	fs.BoolVar(&opts.DryRun, "dry-run", false, "count sentences, cache hits and estimated cost per provider; make no calls")
	fs.BoolVar(&opts.Detach, "detach", false, "batch mode: submit the batch jobs, print their ids and exit; a later run collects them")
	fs.StringVar(&shard, "shard", "", "I/N: translate only part I (0 to N-1) of the unique sentences into the shared cache; write only summary.json and failures.jsonl, to OUT/shard-I-of-N")
	return cmd
}

func translateRun(ctx context.Context, f *Factory, opts *TranslateOptions) error {
	cfg := opts.Config
	if err := checkProviders(f, cfg); err != nil {
		return err
	}
	format, err := pipeline.ParseFormat(cfg.InputFormat)
	if err != nil {
		return &usageError{err: err}
	}
	include, err := includeGlob(opts.Include, format)
	if err != nil {
		return err
	}
	docs, missing := collectDocuments(opts.Paths, include, f.IO.In)
	bar, docs := newProgress(f, cfg.Quiet || opts.DryRun, "translating", docs)
	defer bar.finish()
	log := newLogger(bar.logWriter(f.IO.ErrOut), cfg.Log)
	for _, m := range missing {
		log.Error("input skipped", "doc", m.Doc, "err", m.Error)
	}
	if len(docs) == 0 && len(missing) == 0 {
		return usageErrorf("no %s files found in %s", include, strings.Join(opts.Paths, ", "))
	}
	if len(docs) == 0 {
		// Nothing to read: leave the outputs of an earlier run alone.
		return &partialError{msg: fmt.Sprintf("none of the %s could be read; nothing written", plural(len(missing), "input"))}
	}

	limitHeap()
	st, closeStack, err := openStack(ctx, f, cfg, log, opts.DryRun)
	if err != nil {
		return err
	}
	defer closeStack()

	batching := stack.BatchingFor(cfg, f.Registry.Sections(), st.Provider.Limits())
	if len(batching.Notes) > 0 {
		log.Info("request size", "segments", batching.Segments, "chars", batching.Chars, "why", strings.Join(batching.Notes, "; "))
	}
	popts := pipeline.Options{
		Provider:    st.Provider,
		Lookup:      st.Lookup,
		Source:      cfg.SourceLang,
		Target:      cfg.TargetLang,
		Format:      format,
		Split:       segment.Split,
		Workers:     cfg.Workers,
		BatchSize:   batching.Segments,
		BatchChars:  batching.Chars,
		BatchWait:   cfg.Batch.Wait,
		Window:      cfg.Window,
		MaxSentence: cfg.MaxSentence,
		Context:     st.ContextSentences(),
		Drain:       cfg.Retry.RequestTimeout,
		Logger:      log,
	}
	if opts.Shard.Count > 0 {
		if popts.Keep, err = opts.Shard.keep(st, cfg); err != nil {
			return &usageError{err: err}
		}
		// A shard's pairs come from the finishing run without --shard.
		cfg.Out, cfg.Formats = opts.Shard.Dir(cfg.Out), nil
	}
	if opts.DryRun {
		return dryRun(ctx, f, cfg, st, popts, docs)
	}
	var batchSum *corpus.BatchSummary
	if _, _, batch := st.Batcher(); batch {
		bo, err := batchPass(ctx, f, cfg, log, st, popts, docs, opts.Detach)
		defer bo.cleanup()
		if err != nil || bo.detached {
			return err
		}
		popts.Provider, batchSum = bo.provider, bo.summary
	} else if opts.Detach {
		return usageErrorf("--detach needs a first provider in batch mode (providers.openai.mode: batch)")
	}

	checker := quality.NewChecker()
	popts.Flags = func(hi, en string) []string { return flagStrings(quality.Flags(hi, en)) }
	popts.Check = func(hi, en string) []string {
		if checker.Repeat(hi, en) {
			return []string{string(quality.DuplicatePair)}
		}
		return nil
	}

	set, err := openOutputs(f, cfg, format == pipeline.Lines, log)
	if err != nil {
		return err
	}
	served := &servedSink{corpusSink: bar.sink(set), by: map[string]int64{}}
	sum, runErr := pipeline.Run(ctx, popts, docs, redactingSink{served})
	bar.finish()
	sum.Command = "translate"
	sum.Batch = batchSum
	sum.Shard = opts.Shard.String()
	sum.Filtered = set.Filtered()
	sum.Providers = st.Calls()
	for _, c := range sum.Providers {
		sum.ProviderCalls += c.Calls
		sum.CharsSent += c.Chars
	}
	st.FlushCache(ctx)
	sum.NotCached = st.NotCached()
	sum.CostUSD = st.Spent()
	sum.Budget = cfg.Budget
	sum.DocumentErrors = append(sum.DocumentErrors, missing...)
	if runErr != nil && !sum.Interrupted {
		sum.Error = redact.URLs(runErr.Error())
	}
	served.addTo(&sum)
	for i := range sum.DocumentErrors {
		sum.DocumentErrors[i].Error = redact.URLs(sum.DocumentErrors[i].Error)
	}
	// The set is committed whole or not at all: after a write error the
	// previous run's files stay as they were.
	if err := set.Commit(sum); err != nil {
		if cfg.Out == StdoutName {
			return err
		}
		return fmt.Errorf("%w; nothing written: the files in %s are those of the previous run", err, cfg.Out)
	}
	if !cfg.Quiet {
		printSummary(f.IO.ErrOut, cfg.Log.Format, sum, outName(cfg.Out))
	}
	if runErr != nil {
		return runErr
	}
	return partialFailure(sum, cfg.Out)
}

// redactingSink removes URL credentials from the errors of failures.
type redactingSink struct{ pipeline.Sink }

func (s redactingSink) WriteFailure(f corpus.Failure) error {
	f.Error = redact.URLs(f.Error)
	return s.Sink.WriteFailure(f)
}

// partialFailure describes what a finished run lost, or returns nil.
func partialFailure(sum corpus.Summary, out string) error {
	var parts []string
	if sum.Failures > 0 {
		parts = append(parts, fmt.Sprintf("%s failed (%s)", plural(sum.Failures, "sentence"), failuresWhere(out)))
	}
	if n := len(sum.DocumentErrors); n > 0 {
		parts = append(parts, fmt.Sprintf("%s could not be read (named above)", plural(n, "document")))
	}
	if len(parts) > 0 {
		return &partialError{msg: strings.Join(parts, "; ")}
	}
	return nil
}

func flagStrings(flags []quality.Flag) []string {
	if len(flags) == 0 {
		return nil
	}
	out := make([]string, len(flags))
	for i, f := range flags {
		out[i] = string(f)
	}
	return out
}

// openStack opens the cache (unless disabled) and builds the provider stack
// on it. The returned function releases both.
func openStack(ctx context.Context, f *Factory, cfg config.Config, log *slog.Logger, dryRun bool) (*stack.Stack, func(), error) {
	var store cache.Store
	if !cfg.Cache.Disabled {
		s, err := cache.Open(ctx, cfg.Cache.Path)
		if err != nil {
			return nil, nil, err
		}
		store = s
	}
	opts := stack.Options{Config: cfg, Registry: f.Registry, Logger: log, DryRun: dryRun}
	if store != nil {
		opts.Store = store
	}
	st, err := stack.Build(ctx, opts)
	if err != nil {
		if store != nil {
			store.Close()
		}
		return nil, nil, configError(err)
	}
	return st, func() {
		st.Close()
		if store != nil {
			if err := store.Close(); err != nil {
				log.Warn("cache not fully written", "err", err)
			}
		}
	}, nil
}

// checkProviders rejects unknown provider names, and languages a provider
// is known not to take, before any work starts.
func checkProviders(f *Factory, cfg config.Config) error {
	for _, name := range cfg.Provider {
		spec, err := f.Registry.Lookup(name)
		if err != nil {
			return configError(err)
		}
		if err := spec.CheckLanguages(cfg.SourceLang, cfg.TargetLang); err != nil {
			return configError(err)
		}
	}
	return nil
}

// translateHeapLimit is the soft limit of the Go heap during a translation
// run, unless GOMEMLIMIT sets another. A run streams, so its live heap is
// about constant (the offline tables, the sentences in flight, the
// de-duplication window and the duplicate filter); without a limit the
// garbage collector lets the heap grow to twice that before collecting.
const translateHeapLimit = 150 << 20

func limitHeap() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(translateHeapLimit)
	}
}
