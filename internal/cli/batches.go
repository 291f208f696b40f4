package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/MakeNowJust/heredoc/v2"
	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/internal/batchrun"
	"github.com/anuvad/anuvad/internal/stack"
	"github.com/anuvad/anuvad/pipeline"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/redact"
)

// batchOutcome is what batchPass leaves for the pipeline.
type batchOutcome struct {
	// provider writes the corpus: served from the cache, save for what the
	// jobs could not translate.
	provider providers.Provider
	summary  *corpus.BatchSummary
	// detached is set when the jobs were only submitted.
	detached bool
	// cleanup removes the copies of standard input; never nil.
	cleanup func()
}

// batchPass runs before the pipeline when the first provider is in batch
// mode: one pass over the input gathers the cache misses, which go to the
// provider's batch service as a few large jobs (recorded, polled,
// collected and cached by batchrun). Standard input is copied to a
// temporary file first, in place in docs, so that the pipeline can read
// it again.
func batchPass(ctx context.Context, f *Factory, cfg config.Config, log *slog.Logger, st *stack.Stack, popts pipeline.Options, docs []pipeline.Document, detach bool) (batchOutcome, error) {
	out := batchOutcome{cleanup: func() {}}
	raw, set, _ := st.Batcher()
	jobs, ok := st.Store.(cache.JobStore)
	if !ok {
		return out, usageErrorf("batch mode records its jobs in the cache: it cannot run with --no-cache")
	}
	cleanup, err := spool(docs)
	if err != nil {
		return out, err
	}
	out.cleanup = cleanup
	g := batchrun.NewGatherer(raw, st.Store, cfg.SourceLang, cfg.TargetLang)
	gather := popts
	gather.Provider, gather.Lookup = g, g
	gather.Logger = slog.New(slog.DiscardHandler) // every miss "fails" here by design
	gather.Flags, gather.Check, gather.OnPair = nil, nil, nil
	// One worker: gathering makes no call, and the job's lines then follow
	// the input's order, whatever the timing.
	gather.Workers = 1
	if _, err := pipeline.Run(ctx, gather, docs, discardSink{}); err != nil {
		return out, err
	}
	var progress io.Writer = f.IO.ErrOut
	if cfg.Quiet {
		progress = nil
	}
	rep, err := batchrun.Run(ctx, batchrun.Options{
		Provider: raw, Store: st.Store, Jobs: jobs, Source: cfg.SourceLang, Target: cfg.TargetLang,
		Settings: set, Detach: detach, Progress: progress, Logger: log,
		Reserve: func(chars, requests int64) error { return st.ReserveBatch(raw.Name(), chars, requests) },
	}, g.Requests())
	switch {
	case errors.Is(err, context.Canceled):
		if len(rep.Submitted)+len(rep.Earlier) > 0 {
			fmt.Fprintln(f.IO.ErrOut, "anuvad: interrupted; the batch jobs are recorded: run the same command again to collect them")
		}
		return out, err
	case err != nil && !detach:
		// Refused (a bad key, the budget): as in chat mode, the run writes
		// what the cache holds and stops, with the reason in summary.json.
		out.provider = refused{Provider: st.Provider, err: err}
		return out, nil
	case err != nil:
		return out, err
	}
	if detach {
		for _, j := range append(rep.Earlier, rep.Submitted...) {
			fmt.Fprintln(f.IO.Out, j.ID)
		}
		if !cfg.Quiet {
			fmt.Fprintf(f.IO.ErrOut, "anuvad: %d batch jobs submitted, %d open from earlier runs; run the same command again to collect them\n", len(rep.Submitted), len(rep.Earlier))
		}
		out.detached = true
		return out, nil
	}
	out.summary = &corpus.BatchSummary{Jobs: []string{}, Submitted: len(rep.Submitted), Collected: rep.Collected, Unanswered: len(rep.Unanswered)}
	for _, j := range append(rep.Earlier, rep.Submitted...) {
		out.summary.Jobs = append(out.summary.Jobs, j.ID)
	}
	out.provider = st.Provider
	if !set.RetryByChat {
		out.provider = batchrun.Answering(st.Provider, raw, cfg.SourceLang, cfg.TargetLang, rep.Unanswered)
	}
	return out, nil
}

// refused answers every request with the error that stopped the batch
// jobs.
type refused struct {
	providers.Provider
	err error
}

func (r refused) Translate(context.Context, providers.Request) ([]providers.Result, error) {
	return nil, r.err
}

// spool copies every document that cannot be read twice (standard input)
// to a temporary file and replaces it in docs by that file. The returned
// function removes the copies.
func spool(docs []pipeline.Document) (func(), error) {
	dir := ""
	cleanup := func() {
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	for i, d := range docs {
		if d.Rereadable {
			continue
		}
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp("", "anuvad-input-"); err != nil {
				return cleanup, fmt.Errorf("copy %s for batch mode: %w", d.Name, err)
			}
		}
		path := filepath.Join(dir, strconv.Itoa(i))
		if err := copyTo(path, d); err != nil {
			cleanup()
			return func() {}, fmt.Errorf("copy %s for batch mode: %w", d.Name, err)
		}
		docs[i] = pipeline.Document{Name: d.Name, Rereadable: true, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
	}
	return cleanup, nil
}

func copyTo(path string, d pipeline.Document) error {
	in, err := d.Open()
	if err != nil {
		return err
	}
	defer in.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, in); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// BatchesOptions are the parsed arguments of `anuvad batches`.
type BatchesOptions struct {
	// Cancel is the id of the job to cancel; empty to list.
	Cancel string
	// Refresh asks the service for the status of open jobs before listing.
	Refresh bool
	Cmd     *cobra.Command
}

// NewCmdBatches builds `anuvad batches` and `anuvad batches cancel`.
func NewCmdBatches(f *Factory, runF func(context.Context, *BatchesOptions) error) *cobra.Command {
	opts := &BatchesOptions{}
	cmd := &cobra.Command{
		Use:   "batches",
		Short: "List the recorded batch jobs with their status and counts",
		Long: heredoc.Doc(`
			Lists the batch jobs recorded in the cache (providers.openai.mode: batch),
			oldest first, with the status and request counts last seen and whether
			their results were collected. With --refresh the service is asked for
			the status of open jobs first. A translate run with the same input
			collects open jobs.
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Cmd = cmd
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return batchesRun(cmd.Context(), f, opts)
		},
	}
	config.AddFlags(cmd.PersistentFlags(), "cache.path")
	cmd.Flags().BoolVar(&opts.Refresh, "refresh", false, "ask the service for the status of open jobs first")
	cmd.AddCommand(newCmdBatchesCancel(f, runF))
	return cmd
}

func newCmdBatchesCancel(f *Factory, runF func(context.Context, *BatchesOptions) error) *cobra.Command {
	opts := &BatchesOptions{}
	return &cobra.Command{
		Use:   "cancel ID",
		Short: "Cancel a batch job; a later run submits its untranslated sentences again",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("batches cancel needs one job id")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Cancel, opts.Cmd = args[0], cmd
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return batchesRun(cmd.Context(), f, opts)
		},
	}
}

func batchesRun(ctx context.Context, f *Factory, opts *BatchesOptions) error {
	cfg, _, err := loadConfig(f, opts.Cmd)
	if err != nil {
		return err
	}
	opened, err := cache.Open(ctx, cfg.Cache.Path)
	if err != nil {
		return err
	}
	defer opened.Close()
	store, ok := opened.(cache.JobStore)
	if !ok {
		return fmt.Errorf("the cache at %s keeps no batch job records", redact.URLs(cfg.Cache.Path))
	}
	if opts.Cancel != "" {
		return cancelBatch(ctx, f, cfg, store, opts.Cancel)
	}
	if opts.Refresh {
		if err := refreshJobs(ctx, f, cfg, store); err != nil {
			return err
		}
	}
	jobs, err := store.Jobs(ctx, false)
	if err != nil {
		return err
	}
	if len(jobs) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "no batch jobs recorded in %s\n", redact.URLs(cfg.Cache.Path))
		return nil
	}
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "job\tprovider/model\tstatus\tcompleted\tfailed\ttotal\tsentences\tsubmitted\tcollected")
	for _, j := range jobs {
		collected := "-"
		if !j.Open() {
			collected = j.Collected.Local().Format(time.DateTime)
		}
		fmt.Fprintf(w, "%s\t%s/%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", j.ID, j.Provider, j.Model, j.Status,
			j.Completed, j.Failed, j.Total, j.Segments(), j.Submitted.Local().Format(time.DateTime), collected)
	}
	return w.Flush()
}

// refreshJobs records the status the service reports for each open job.
// Collecting is left to translate runs.
func refreshJobs(ctx context.Context, f *Factory, cfg config.Config, store cache.JobStore) error {
	open, err := store.Jobs(ctx, true)
	if err != nil {
		return err
	}
	log := newLogger(f.IO.ErrOut, cfg.Log)
	built := map[string]providers.Batcher{}
	for _, j := range open {
		b, ok := built[j.Provider]
		if !ok {
			p, err := stack.New(ctx, f.Registry, cfg, j.Provider, log)
			if err != nil {
				return err
			}
			defer stack.CloseProvider(p)
			if b, ok = p.(providers.Batcher); !ok {
				return fmt.Errorf("provider %s has no batch service", j.Provider)
			}
			built[j.Provider] = b
		}
		bj, err := b.BatchStatus(ctx, j.ID)
		if err != nil {
			fmt.Fprintf(f.IO.ErrOut, "anuvad: %s: %v\n", j.ID, err)
			continue
		}
		if err := store.SetJobState(ctx, j.ID, cache.JobState{Status: bj.Status, Total: bj.Total, Completed: bj.Completed, Failed: bj.Failed}); err != nil {
			return err
		}
	}
	return nil
}

// cancelBatch cancels a recorded job at its provider. The record stays
// open: the next run collects what the job answered and submits the rest.
func cancelBatch(ctx context.Context, f *Factory, cfg config.Config, store cache.JobStore, id string) error {
	j, err := store.Job(ctx, id)
	if err != nil {
		return &usageError{err: err}
	}
	log := newLogger(f.IO.ErrOut, cfg.Log)
	p, err := stack.New(ctx, f.Registry, cfg, j.Provider, log)
	if err != nil {
		return err
	}
	defer stack.CloseProvider(p)
	b, ok := p.(providers.Batcher)
	if !ok {
		return fmt.Errorf("provider %s has no batch service", j.Provider)
	}
	bj, err := b.CancelBatch(ctx, id)
	if err != nil {
		return err
	}
	if err := store.SetJobState(ctx, id, cache.JobState{Status: bj.Status, Total: bj.Total, Completed: bj.Completed, Failed: bj.Failed}); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "%s %s\n", id, strings.TrimSpace(bj.Status))
	return nil
}
