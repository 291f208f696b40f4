package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/MakeNowJust/heredoc/v2"
	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"github.com/anuvad/anuvad/align"
	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/internal/stack"
	"github.com/anuvad/anuvad/normalize"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/quality"
	"github.com/anuvad/anuvad/segment"
)

// alignFormats are the formats `anuvad align` prints to standard output.
var alignFormats = []string{"tsv", "jsonl", "tmx", "indices"}

// AlignOptions are the parsed arguments of `anuvad align`.
type AlignOptions struct {
	HiPath, EnPath string
	HiDir, EnDir   string
	Format         string
	OutSet         bool // --out given: write corpus files there
	Cmd            *cobra.Command
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

			Output goes to standard output in one --format, or with --out to a
			folder in the corpus formats of translate. --min-score drops weak
			links from the corpus formats; indices keep every link.
		`),
		Example: heredoc.Doc(`
			anuvad align news.hi.txt news.en.txt
			anuvad align --input-format lines --format indices a.hi a.en
			anuvad align --hi-dir hi/ --en-dir en/ --out corpus/ --min-score 0.5
		`),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Cmd = cmd
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
					return usageErrorf("align needs two documents, HI and EN (got %d arguments)", len(args))
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
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return alignRun(cmd.Context(), f, opts)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.Format, "format", "", "write one format to standard output: "+strings.Join(alignFormats, ", ")+" (default tsv)")
	fs.StringVar(&opts.HiDir, "hi-dir", "", "folder of Hindi documents, aligned with the same names in --en-dir")
	fs.StringVar(&opts.EnDir, "en-dir", "", "folder of English documents")
	config.AddFlags(fs, "input_format", "out", "formats", "provider", "cache.path", "cache.disabled", "align.min_score", "filter")
	addProviderFlags(cmd)
	return cmd
}

// alignJob is one document pair.
type alignJob struct {
	name   string
	hi, en string
}

// alignResult is the outcome of one document pair.
type alignResult struct {
	job   alignJob
	hi    []string
	en    []string
	links []align.Link
	err   error
}

func alignRun(ctx context.Context, f *Factory, opts *AlignOptions) error {
	cfg, _, err := loadConfig(f, opts.Cmd)
	if err != nil {
		return err
	}
	if cfg.InputFormat != "text" && cfg.InputFormat != "lines" {
		return usageErrorf("align reads text or lines, not %s", cfg.InputFormat)
	}
	log := newLogger(f.IO.ErrOut, cfg.Log)
	if err := checkProviders(f, cfg); err != nil {
		return err
	}

	var jobs []alignJob
	if opts.HiDir != "" {
		if jobs, err = pairFolders(opts.HiDir, opts.EnDir); err != nil {
			return err
		}
	} else {
		jobs = []alignJob{{name: opts.HiPath, hi: opts.HiPath, en: opts.EnPath}}
	}

	st, closeStack, err := openStack(ctx, f, cfg, log, false)
	if err != nil {
		return err
	}
	defer closeStack()
	aopts := align.Options{Gloss: providerGlosser(st.Provider, cfg, f.Registry.Sections())}

	meta := output.Meta{Tool: "anuvad", ToolVersion: f.Version, SourceLang: cfg.SourceLang, TargetLang: cfg.TargetLang}
	var sink alignSink
	var indices *bufio.Writer
	switch opts.Format {
	case "indices":
		indices = bufio.NewWriter(f.IO.Out)
		sink = &flushSink{w: indices}
	case "":
		set, err := output.Open(cfg.Out, output.Options{Formats: cfg.Formats, Filter: cfg.Filter, Meta: meta})
		if err != nil {
			return err
		}
		sink = &setSink{set: set}
	default:
		stream, err := output.NewStream(f.IO.Out, opts.Format, output.Options{Filter: cfg.Filter, Meta: meta})
		if err != nil {
			return err
		}
		sink = stream
	}

	// Align pairs concurrently; write results in input order.
	g, gctx := errgroup.WithContext(ctx)
	results := make(chan chan alignResult, cfg.Workers)
	g.Go(func() error {
		defer close(results)
		for _, j := range jobs {
			ch := make(chan alignResult, 1)
			select {
			case results <- ch:
			case <-gctx.Done():
				return gctx.Err()
			}
			g.Go(func() error {
				ch <- alignOne(gctx, j, cfg.InputFormat, aopts)
				return nil
			})
		}
		return nil
	})
	checker := quality.NewChecker()
	var failed []string
	var pairs, dropped int
	g.Go(func() error {
		for ch := range results {
			var r alignResult
			select {
			case r = <-ch:
			case <-gctx.Done():
				return gctx.Err()
			}
			if r.err != nil {
				log.Error("alignment failed", "hi", r.job.hi, "en", r.job.en, "err", r.err)
				failed = append(failed, fmt.Sprintf("%s: %v", r.job.name, r.err))
				continue
			}
			if indices != nil {
				if err := align.FormatIndices(indices, r.links); err != nil {
					return err
				}
				continue
			}
			for i, l := range r.links {
				if !l.IsPair() {
					continue
				}
				if l.Score < cfg.Align.MinScore {
					dropped++
					continue
				}
				score := l.Score
				hi, en := l.Text(r.hi, r.en)
				p := corpus.Pair{Doc: r.job.name, Index: i, HiLines: l.Hi, EnLines: l.En, Hi: hi, En: en, Provider: "aligned", Score: &score}
				p.Flags = flagStrings(checker.Check(p.Hi, p.En))
				if err := sink.WritePair(p); err != nil {
					return err
				}
				pairs++
			}
		}
		return nil
	})
	runErr := g.Wait()
	if err := sink.Close(); err != nil {
		return errors.Join(runErr, err)
	}
	if runErr != nil {
		return runErr
	}
	if opts.OutSet && !cfg.Quiet {
		fmt.Fprintf(f.IO.ErrOut, "anuvad: %d document pairs, %d aligned pairs written to %s, %d links under --min-score\n", len(jobs), pairs, cfg.Out, dropped)
	}
	for _, msg := range failed {
		fmt.Fprintln(f.IO.ErrOut, "anuvad: "+msg)
	}
	if len(failed) > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d document pairs failed", len(failed), len(jobs))}
	}
	return nil
}

func alignOne(ctx context.Context, j alignJob, format string, opts align.Options) alignResult {
	r := alignResult{job: j}
	if r.hi, r.err = readSentences(j.hi, format); r.err != nil {
		return r
	}
	if r.en, r.err = readSentences(j.en, format); r.err != nil {
		return r
	}
	r.links, r.err = align.Align(ctx, r.hi, r.en, opts)
	return r
}

// readSentences reads a document as one sentence a line (lines) or splits
// it (text). Invalid UTF-8 is an error naming the byte offset.
func readSentences(path, format string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if i := normalize.FirstInvalid(b); i >= 0 {
		return nil, fmt.Errorf("%s: invalid UTF-8 at byte offset %d", path, i)
	}
	text := normalize.Text(string(b))
	var out []string
	if format == "lines" {
		sc := bufio.NewScanner(strings.NewReader(text))
		sc.Buffer(make([]byte, 1<<20), len(text)+1)
		for sc.Scan() {
			out = append(out, normalize.Sentence(sc.Text()))
		}
		// A final newline does not start another line.
		return out, sc.Err()
	}
	for _, para := range strings.Split(text, "\n\n") {
		for _, s := range segment.Split(para) {
			out = append(out, normalize.Sentence(s.Text))
		}
	}
	return out, nil
}

// pairFolders matches files by name in two folders.
func pairFolders(hiDir, enDir string) ([]alignJob, error) {
	entries, err := os.ReadDir(hiDir)
	if err != nil {
		return nil, &usageError{err: err}
	}
	var jobs []alignJob
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		en := filepath.Join(enDir, e.Name())
		if _, err := os.Stat(en); err != nil {
			continue
		}
		jobs = append(jobs, alignJob{name: e.Name(), hi: filepath.Join(hiDir, e.Name()), en: en})
	}
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].name < jobs[b].name })
	if len(jobs) == 0 {
		return nil, usageErrorf("no file in %s has a namesake in %s", hiDir, enDir)
	}
	return jobs, nil
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

// alignSink receives aligned pairs.
type alignSink interface {
	WritePair(corpus.Pair) error
	Close() error
}

type setSink struct{ set *output.Set }

func (s *setSink) WritePair(p corpus.Pair) error { return s.set.WritePair(p) }
func (s *setSink) Close() error                  { return s.set.Close() }

// flushSink only flushes: indices are written by the caller.
type flushSink struct{ w *bufio.Writer }

func (s *flushSink) WritePair(corpus.Pair) error { return nil }
func (s *flushSink) Close() error                { return s.w.Flush() }
