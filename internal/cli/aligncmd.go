package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/MakeNowJust/heredoc/v2"
	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/align"
	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/internal/stack"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/pipeline"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/quality"
)

// alignFormats are the formats `anuvad align` prints to standard output.
var alignFormats = []string{"tsv", "jsonl", "tmx", "indices"}

// AlignOptions are the parsed arguments of `anuvad align`.
type AlignOptions struct {
	HiPath, EnPath string
	HiDir, EnDir   string
	Format         string
	// Scores adds each link's score to indices output.
	Scores bool
	// Include chooses the files of --hi-dir and --en-dir (a glob); empty:
	// *.txt.
	Include string
	OutSet  bool // --out given: write corpus files there
	// Config is the effective configuration, flags included.
	Config config.Config
}

// NewCmdAlign builds `anuvad align`.
func NewCmdAlign(f *Factory, runF func(context.Context, *AlignOptions) error) *cobra.Command {
	opts := &AlignOptions{}
	cmd := &cobra.Command{
		Use:   "align [flags] HI EN",
		Short: "Align a Hindi document with its English counterpart, sentence by sentence",
		Long: heredoc.Doc(`
			Aligns the sentences of a Hindi document with those of its English
			counterpart, allowing 1-1, 1-2, 2-1, 1-0 and 0-1 links. Links are
			scored by sentence length, numbers, names, Latin-script words and the
			words of a gloss of the Hindi side made by the configured provider
			(the offline one by default, through the cache).

			Documents are read as translate reads them (normalised, then split,
			or one sentence a line with --input-format lines). With --hi-dir and
			--en-dir, the *.txt files of the two folders are paired by name, and
			every file without a namesake is named.

			Output goes to standard output in one --format, or with --out to a
			folder in the corpus formats of translate, with summary.json.
			--min-score drops weak links from the corpus formats; indices keep
			every link (--scores adds each link's score).
		`),
		Example: heredoc.Doc(`
			anuvad align news.hi.txt news.en.txt
			anuvad align --input-format lines --format indices --scores a.hi a.en
			anuvad align --hi-dir hi/ --en-dir en/ --out corpus/ --min-score 0.5
		`),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.OutSet = cmd.Flags().Changed("out")
			if (opts.HiDir == "") != (opts.EnDir == "") {
				return usageErrorf("--hi-dir and --en-dir go together")
			}
			if opts.HiDir != "" {
				if len(args) != 0 {
					return usageErrorf("give either HI EN or --hi-dir and --en-dir, not both")
				}
				if !opts.OutSet && opts.Format == "" {
					return usageErrorf("--hi-dir needs --out, or a --format for standard output")
				}
			} else {
				if len(args) != 2 {
					return usageErrorf("align needs two documents, HI and EN (got %s)", plural(len(args), "argument"))
				}
				opts.HiPath, opts.EnPath = args[0], args[1]
			}
			if opts.Format == "" && !opts.OutSet {
				opts.Format = "tsv"
			}
			if opts.Format == "moses" {
				return usageErrorf("moses output is two files: use --out DIR (with --formats moses)")
			}
			if opts.Format != "" && !slices.Contains(alignFormats, opts.Format) {
				return usageErrorf("--format must be one of %s", strings.Join(alignFormats, ", "))
			}
			if opts.Scores && opts.Format != "indices" {
				return usageErrorf("--scores goes with --format indices")
			}
			cfg, _, err := loadConfig(f, cmd)
			if err != nil {
				return err
			}
			if cfg.InputFormat != "text" && cfg.InputFormat != "lines" {
				return usageErrorf("align reads text or lines, not %s", cfg.InputFormat)
			}
			opts.Config = cfg
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return alignRun(cmd.Context(), f, opts)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.Format, "format", "", "write one format to standard output: "+strings.Join(alignFormats, ", ")+" (default tsv)")
	fs.StringVar(&opts.HiDir, "hi-dir", "", "folder of Hindi documents (*.txt), aligned with the same names in --en-dir")
	fs.StringVar(&opts.EnDir, "en-dir", "", "folder of English documents")
	includeFlag(cmd, &opts.Include)
	fs.BoolVar(&opts.Scores, "scores", false, "indices output: add each link's score, [0]:[0]:0.9731")
	config.AddFlags(fs, "input_format", "out", "formats", "provider", "cache.path", "cache.disabled", "align.min_score", "filter")
	addProviderFlags(cmd)
	return cmd
}

// alignRun wires the options to align.Run: the reader, the glosser, the
// quality checks and the output.
func alignRun(ctx context.Context, f *Factory, opts *AlignOptions) error {
	cfg := opts.Config
	log := newLogger(f.IO.ErrOut, cfg.Log)
	if err := checkProviders(f, cfg); err != nil {
		return err
	}
	format, err := pipeline.ParseFormat(cfg.InputFormat)
	if err != nil {
		return &usageError{err: err}
	}

	var jobs []align.Job
	var unmatched []string
	if opts.HiDir != "" {
		include, err := includeGlob(opts.Include, format)
		if err != nil {
			return err
		}
		keep := func(name string) bool { return included(include, name) }
		if jobs, unmatched, err = align.PairFolders(opts.HiDir, opts.EnDir, keep); err != nil {
			return &usageError{err: err}
		}
		for _, u := range unmatched {
			fmt.Fprintf(f.IO.ErrOut, "anuvad: %s: no counterpart of the same name\n", u)
		}
		if len(jobs) == 0 {
			return usageErrorf("no %s file in %s has a namesake in %s", include, opts.HiDir, opts.EnDir)
		}
	} else {
		jobs = []align.Job{{Name: opts.HiPath, Hi: opts.HiPath, En: opts.EnPath}}
	}

	st, closeStack, err := openStack(ctx, f, cfg, log, false)
	if err != nil {
		return err
	}
	defer closeStack()
	checker := quality.NewChecker()
	ropts := align.RunOptions{
		Align:    align.Options{Gloss: providerGlosser(st.Provider, cfg, f.Registry.Sections())},
		Read:     documentReader(format),
		Workers:  cfg.Workers,
		MinScore: cfg.Align.MinScore,
		Check:    func(hi, en string) []string { return flagStrings(checker.Check(hi, en)) },
	}

	meta := output.Meta{Tool: "anuvad", ToolVersion: f.Version, SourceLang: cfg.SourceLang, TargetLang: cfg.TargetLang}
	var set *output.Set
	var sink interface {
		WritePair(corpus.Pair) error
		Close() error
	}
	var indices *bufio.Writer
	switch opts.Format {
	case "indices":
		indices = bufio.NewWriter(f.IO.Out)
	case "":
		if set, err = output.Open(cfg.Out, output.Options{Formats: cfg.Formats, Filter: cfg.Filter, Meta: meta}); err != nil {
			return err
		}
	default:
		stream, err := output.NewStream(f.IO.Out, opts.Format, output.Options{Filter: cfg.Filter, Meta: meta})
		if err != nil {
			return err
		}
		sink = stream
	}
	started := time.Now()
	write := align.WriterFunc(func(r align.Result, pairs []corpus.Pair) error {
		if r.Err != nil {
			log.Error("alignment failed", "hi", r.Job.Hi, "en", r.Job.En, "err", r.Err)
			return nil
		}
		if indices != nil {
			if opts.Scores {
				return align.FormatIndicesScores(indices, r.Links)
			}
			return align.FormatIndices(indices, r.Links)
		}
		for _, p := range pairs {
			var err error
			if set != nil {
				err = set.WritePair(p)
			} else {
				err = sink.WritePair(p)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	sum, runErr := align.Run(ctx, jobs, ropts, write)
	sum.Unmatched = append([]string{}, unmatched...)
	var closeErr error
	switch {
	case indices != nil:
		closeErr = indices.Flush()
	case set != nil && runErr != nil:
		set.Abort()
	case set != nil:
		closeErr = set.Commit(alignSummary(cfg, sum, set, started))
	default:
		closeErr = sink.Close()
	}
	if err := errors.Join(runErr, closeErr); err != nil {
		return err
	}
	if opts.OutSet && !cfg.Quiet {
		fmt.Fprintf(f.IO.ErrOut, "anuvad: %s, %s written to %s, %s under --min-score, mean score %.3f\n",
			plural(sum.Documents, "document pair"), plural(sum.Pairs, "aligned pair"), cfg.Out, plural(sum.BelowMinScore, "link"), sum.MeanScore)
	}
	for _, d := range sum.Failed {
		fmt.Fprintf(f.IO.ErrOut, "anuvad: %s: %s\n", d.Doc, d.Error)
	}
	if len(sum.Failed) > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d document pairs failed", len(sum.Failed), len(jobs))}
	}
	return nil
}

// alignSummary is summary.json of an alignment run.
func alignSummary(cfg config.Config, a *corpus.AlignSummary, set *output.Set, started time.Time) corpus.Summary {
	elapsed := time.Since(started).Seconds()
	return corpus.Summary{
		Command:        "align",
		Provider:       strings.Join(cfg.Provider, ","),
		Documents:      a.Documents,
		Pairs:          a.Pairs,
		Filtered:       set.Filtered(),
		DocumentErrors: a.Failed,
		Started:        started.UTC(),
		ElapsedSeconds: elapsed,
		Align:          a,
	}
}

// documentReader reads one side of a document pair with the reader of
// translate and split.
func documentReader(format pipeline.Format) align.Reader {
	return func(ctx context.Context, path string) (align.Document, error) {
		var doc align.Document
		var readErr error
		opts := pipeline.ReadOptions{Format: format, DocError: func(_ string, _ int64, err error) {
			readErr = errors.Join(readErr, err)
		}}
		err := pipeline.ReadSentences(ctx, []pipeline.Document{fileDocument(path)}, opts, func(s pipeline.Sentence) error {
			doc.Sentences = append(doc.Sentences, s.Text)
			doc.Start = append(doc.Start, s.Start)
			doc.End = append(doc.End, s.End)
			return nil
		})
		return doc, errors.Join(err, readErr)
	}
}

// providerGlosser glosses Hindi sentences through the provider stack in
// batches the provider accepts.
func providerGlosser(p providers.Provider, cfg config.Config, sections []config.Section) align.Glosser {
	return align.GlossFunc(func(ctx context.Context, hindi []string) ([]string, error) {
		size := stack.BatchingFor(cfg, sections, p.Limits()).Segments
		out := make([]string, len(hindi))
		for start := 0; start < len(hindi); start += size {
			end := min(start+size, len(hindi))
			req := providers.Request{Source: cfg.SourceLang, Target: cfg.TargetLang}
			for i := start; i < end; i++ {
				req.Segments = append(req.Segments, providers.Segment{ID: fmt.Sprint(i), Text: hindi[i]})
			}
			res, err := p.Translate(ctx, req)
			if err != nil {
				return nil, err
			}
			for i, r := range res {
				if r.Err == nil {
					out[start+i] = r.Text
				}
			}
		}
		return out, nil
	})
}
