package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/MakeNowJust/heredoc/v2"
	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/review"
)

// ReviewOptions are the parsed arguments of `anuvad review`.
type ReviewOptions struct {
	// Addr is the loopback address to listen on.
	Addr string
	Cmd  *cobra.Command
}

// NewCmdReview builds `anuvad review`.
func NewCmdReview(f *Factory, runF func(context.Context, *ReviewOptions) error) *cobra.Command {
	opts := &ReviewOptions{}
	cmd := &cobra.Command{
		Use:   "review [--out DIR] [--addr 127.0.0.1:0]",
		Short: "Serve a page on which a person checks, corrects, accepts and rejects the pairs of a run",
		Long: heredoc.Doc(`
			Serves the output folder of a run (its pairs.jsonl) as a web page on
			the loopback interface and prints the page's address, which carries a
			random token every request must present. Nothing is opened by itself:
			open the address in a browser.

			On the page, pairs are shown side by side in document order and can be
			filtered by quality flag, provider, document, review status and text.
			The keyboard does everything: j/k next and previous pair, e edit the
			English (Enter saves, Esc cancels), a accept, r reject, u undo, n/p
			next and previous page, / search.

			A corrected English is saved at once in the cache as a human
			translation, which later runs use in place of any provider's. Every
			decision is appended to reviews.jsonl in the folder and synced to
			disk before the page shows it. Run "anuvad export --reviewed" to
			write the corpus files with the decisions applied.
		`),
		Example: heredoc.Doc(`
			anuvad review
			anuvad review --out corpus/ --addr 127.0.0.1:8700
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Cmd = cmd
			if err := checkLoopback(opts.Addr); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return reviewRun(cmd.Context(), f, opts)
		},
	}
	config.AddFlags(cmd.Flags(), "out", "cache.path", "source_lang", "target_lang")
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:0", "loopback address to listen on (port 0: any free port)")
	return cmd
}

// checkLoopback refuses an address other interfaces could reach: the page
// is guarded by its token alone and must not be served to the network.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usageErrorf("--addr %q: %v", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return usageErrorf("--addr %q is not a loopback address: the review page is served to this machine only (use 127.0.0.1, ::1 or localhost)", addr)
}

func reviewRun(ctx context.Context, f *Factory, opts *ReviewOptions) error {
	cfg, _, err := loadConfig(f, opts.Cmd)
	if err != nil {
		return err
	}
	log := newLogger(f.IO.ErrOut, cfg.Log)
	store, err := cache.Open(ctx, cfg.Cache.Path)
	if err != nil {
		return err
	}
	defer store.Close()
	token, err := review.NewToken()
	if err != nil {
		return err
	}
	srv, err := review.New(review.Options{Dir: cfg.Out, Store: store, Source: cfg.SourceLang, Target: cfg.TargetLang, Token: token, Logger: log})
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	fmt.Fprintf(f.IO.Out, "anuvad: reviewing %s of %s; open this address (Ctrl-C stops):\n%s\n",
		plural(srv.Len(), "pair"), cfg.Out, "http://"+ln.Addr().String()+"/?token="+token)
	select {
	case err := <-done:
		return fmt.Errorf("review: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("review: %w", err)
	}
	return nil
}

// ExportOptions are the parsed arguments of `anuvad export`.
type ExportOptions struct {
	// Reviewed applies the decisions of reviews.jsonl.
	Reviewed bool
	Cmd      *cobra.Command
}

// NewCmdExport builds `anuvad export`.
func NewCmdExport(f *Factory, runF func(context.Context, *ExportOptions) error) *cobra.Command {
	opts := &ExportOptions{}
	cmd := &cobra.Command{
		Use:   "export [--reviewed] [--out DIR]",
		Short: "Write the corpus files of an output folder again from its pairs.jsonl",
		Long: heredoc.Doc(`
			Writes pairs.tsv, pairs.jsonl, pairs.tmx and corpus.hi/corpus.en of the
			output folder again from its pairs.jsonl (the formats of --formats).

			With --reviewed, the decisions made on the review page (reviews.jsonl)
			are applied: corrected English replaces the machine's and is credited
			to the provider "human"; accepted and edited pairs are marked
			("reviewed" in pairs.jsonl, an x-reviewed property in TMX); rejected
			pairs are left out of tsv, tmx and moses and kept, marked, in
			pairs.jsonl so that the review can go on.
		`),
		Example: heredoc.Doc(`
			anuvad export --reviewed
			anuvad export --reviewed --out corpus/ --formats tmx
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Cmd = cmd
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return exportRun(cmd.Context(), f, opts)
		},
	}
	config.AddFlags(cmd.Flags(), "out", "formats", "filter", "source_lang", "target_lang")
	cmd.Flags().BoolVar(&opts.Reviewed, "reviewed", false, "apply the review decisions of reviews.jsonl")
	return cmd
}

func exportRun(ctx context.Context, f *Factory, opts *ExportOptions) error {
	cfg, _, err := loadConfig(f, opts.Cmd)
	if err != nil {
		return err
	}
	st, err := review.Export(ctx, cfg.Out, output.Options{
		Formats: cfg.Formats,
		Filter:  cfg.Filter,
		Meta:    output.Meta{Tool: "anuvad", ToolVersion: f.Version, SourceLang: cfg.SourceLang, TargetLang: cfg.TargetLang},
	}, opts.Reviewed)
	if err != nil {
		return err
	}
	if !cfg.Quiet {
		fmt.Fprintf(f.IO.ErrOut, "anuvad: exported %s to %s (%d accepted, %d edited, %d rejected)\n",
			plural(st.Pairs, "pair"), cfg.Out, st.Accepted, st.Edited, st.Rejected)
	}
	return nil
}
