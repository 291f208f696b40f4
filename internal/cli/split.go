package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/MakeNowJust/heredoc/v2"
	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/pipeline"
)

// SplitOptions are the parsed arguments of `anuvad split`.
type SplitOptions struct {
	Paths  []string
	Format pipeline.Format
	// Include chooses the files read from folders (see translate).
	Include string
	Stats   bool
}

// NewCmdSplit builds `anuvad split`.
func NewCmdSplit(f *Factory, runF func(context.Context, *SplitOptions) error) *cobra.Command {
	opts := &SplitOptions{}
	var format string
	var jsonl bool
	cmd := &cobra.Command{
		Use:   "split [PATH...]",
		Short: "Split Hindi text into sentences, one a line",
		Long: heredoc.Doc(`
			Reads each PATH as translate does (a file, a folder searched for *.txt,
			or *.jsonl with --input-format jsonl, or "-" for standard input, the
			default) and prints the sentences translate would pair, one a line:
			normalised, split, with line breaks and runs of spaces inside a
			sentence made one space. Blank lines end a paragraph, and so a
			sentence.

			With --input-format jsonl every input line is an object
			{"id": ..., "text": ...} and every output line is
			{"id": ..., "sentences": [...]}, in the same order.
		`),
		Example: heredoc.Doc(`
			anuvad split seeds/
			anuvad split --input-format jsonl < docs.jsonl > sentences.jsonl
		`),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if len(opts.Paths) == 0 {
				opts.Paths = []string{"-"}
			}
			if jsonl {
				fmt.Fprintln(f.IO.ErrOut, "anuvad: --jsonl is deprecated; use --input-format jsonl")
				if cmd.Flags().Changed("input-format") && format != string(pipeline.JSONL) {
					return usageErrorf("--jsonl and --input-format %s contradict each other", format)
				}
				format = string(pipeline.JSONL)
			}
			var err error
			if opts.Format, err = pipeline.ParseFormat(format); err != nil {
				return &usageError{err: err}
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return splitRun(cmd.Context(), f, opts)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&format, "input-format", string(pipeline.Text), `text (split into sentences), lines (one sentence a line) or jsonl ({"id","text"} a line)`)
	fs.BoolVar(&jsonl, "jsonl", false, "the same as --input-format jsonl")
	_ = fs.MarkHidden("jsonl") // the older spelling, still accepted
	includeFlag(cmd, &opts.Include)
	fs.BoolVar(&opts.Stats, "stats", false, "print the number of sentences and sentences per second to stderr")
	return cmd
}

// splitRecord is one output line of jsonl input.
type splitRecord struct {
	ID        json.RawMessage `json:"id"`
	Sentences []string        `json:"sentences"`
}

func splitRun(ctx context.Context, f *Factory, opts *SplitOptions) error {
	out := bufio.NewWriterSize(f.IO.Out, 256<<10)
	defer out.Flush()
	start := time.Now()
	include, err := includeGlob(opts.Include, opts.Format)
	if err != nil {
		return err
	}
	docs, missing := collectDocuments(opts.Paths, include, f.IO.In)
	var errs []string
	for _, m := range missing {
		errs = append(errs, m.Error)
	}
	if len(docs) == 0 && len(missing) == 0 {
		return usageErrorf("no %s files found in %s", include, strings.Join(opts.Paths, ", "))
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	var rec *splitRecord
	flushRecord := func() error {
		if rec == nil {
			return nil
		}
		r := rec
		rec = nil
		return enc.Encode(r)
	}
	total := 0
	ropts := pipeline.ReadOptions{
		Format: opts.Format,
		DocError: func(_ string, _ int64, err error) {
			errs = append(errs, err.Error())
		},
		Record: func(_ string, id json.RawMessage) {
			if err := flushRecord(); err == nil {
				rec = &splitRecord{ID: id, Sentences: []string{}}
			}
		},
	}
	err = pipeline.ReadSentences(ctx, docs, ropts, func(s pipeline.Sentence) error {
		total++
		if s.Err != nil {
			errs = append(errs, s.Err.Error()) // its line stays, empty
		}
		if opts.Format == pipeline.JSONL {
			if rec != nil {
				rec.Sentences = append(rec.Sentences, s.Text)
			}
			return nil
		}
		out.WriteString(s.Text)
		return out.WriteByte('\n')
	})
	if err == nil {
		err = flushRecord()
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		return err
	}
	if opts.Stats {
		secs := time.Since(start).Seconds()
		fmt.Fprintf(f.IO.ErrOut, "split: %s in %.3fs (%.0f sentences/s)\n", plural(total, "sentence"), secs, float64(total)/secs)
	}
	for _, msg := range errs {
		fmt.Fprintln(f.IO.ErrOut, "anuvad: "+msg)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s had errors: %w", plural(len(errs), "input"), errReported)
	}
	return nil
}

// inputExt is the file name ending a folder is searched for.
func inputExt(format pipeline.Format) string {
	if format == pipeline.JSONL {
		return ".jsonl"
	}
	return ".txt"
}
