package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/MakeNowJust/heredoc/v2"
	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/internal/stack"
)

// CacheOptions are the parsed arguments of `anuvad cache` subcommands.
type CacheOptions struct {
	Action   string // init, stats, export or import
	Format   string // tmx or tsv
	Output   string // export: file, "-" for stdout
	Inputs   []string
	Provider string // import: key entries under this provider
	Cmd      *cobra.Command
}

// NewCmdCache builds `anuvad cache` and its subcommands.
func NewCmdCache(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Inspect, export and import the translation cache (a translation memory)",
	}
	config.AddFlags(cmd.PersistentFlags(), "cache.path")
	cmd.AddCommand(newCmdCacheInit(f, nil), newCmdCacheStats(f, nil), newCmdCacheExport(f, nil), newCmdCacheImport(f, nil))
	return cmd
}

func newCmdCacheInit(f *Factory, runF func(context.Context, *CacheOptions) error) *cobra.Command {
	opts := &CacheOptions{Action: "init"}
	return &cobra.Command{
		Use:   "init",
		Short: "Create the cache (the SQLite file, or the table in a PostgreSQL database) if it does not exist",
		Long: heredoc.Doc(`
			Creates the cache at cache.path if it does not exist yet: the SQLite
			file, or, for a postgres:// URL, the table anuvad_cache_entries in that
			database. Translate creates it on first use too; init lets a cluster job
			check the database and its credentials before any shard starts.
		`),
		Example: heredoc.Doc(`
			anuvad cache init --cache 'postgres://anuvad@db.internal:5432/corpus?sslmode=require'
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Cmd = cmd
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return cacheRun(cmd.Context(), f, opts)
		},
	}
}

func newCmdCacheStats(f *Factory, runF func(context.Context, *CacheOptions) error) *cobra.Command {
	opts := &CacheOptions{Action: "stats"}
	return &cobra.Command{
		Use:   "stats",
		Short: "Show the cache's location, size and entries per provider",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Cmd = cmd
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return cacheRun(cmd.Context(), f, opts)
		},
	}
}

func newCmdCacheExport(f *Factory, runF func(context.Context, *CacheOptions) error) *cobra.Command {
	opts := &CacheOptions{Action: "export"}
	cmd := &cobra.Command{
		Use:   "export [flags]",
		Short: "Write every cached translation as TMX 1.4b or TSV",
		Example: heredoc.Doc(`
			anuvad cache export --format tmx -o memory.tmx
			anuvad cache export --format tsv > memory.tsv
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Cmd = cmd
			if opts.Format == "" {
				opts.Format = formatFromName(opts.Output, "tmx")
			}
			if opts.Format != "tmx" && opts.Format != "tsv" {
				return usageErrorf("--format must be tmx or tsv, not %q", opts.Format)
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return cacheRun(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "", "tmx or tsv (default: from the output name, else tmx)")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "-", "file to write, - for standard output")
	return cmd
}

func newCmdCacheImport(f *Factory, runF func(context.Context, *CacheOptions) error) *cobra.Command {
	opts := &CacheOptions{Action: "import"}
	cmd := &cobra.Command{
		Use:   "import [flags] FILE...",
		Short: "Load translations from TMX or TSV files into the cache",
		Long: heredoc.Doc(`
			Loads Hindi–English translation units into the cache, so that a later
			translate run uses them instead of calling a provider. Units exported by
			anuvad keep the provider, model and options they were made with. Other
			units are stored as translations of --provider (default: the first
			configured provider) with its current model and options, so they are
			found when that provider is used.
		`),
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Cmd = cmd
			opts.Inputs = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return cacheRun(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "", "tmx or tsv (default: from each file's extension)")
	cmd.Flags().StringVar(&opts.Provider, "provider", "", "provider whose translations the units become (default: the first configured)")
	return cmd
}

func formatFromName(name, fallback string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".tmx":
		return "tmx"
	case ".tsv", ".txt":
		return "tsv"
	}
	return fallback
}

func cacheRun(ctx context.Context, f *Factory, opts *CacheOptions) error {
	cfg, _, err := loadConfig(f, opts.Cmd)
	if err != nil {
		return err
	}
	store, err := cache.Open(ctx, cfg.Cache.Path)
	if err != nil {
		return err
	}
	defer store.Close()
	switch opts.Action {
	case "init":
		st, err := store.Stats(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(f.IO.Out, "cache ready at %s (%d entries)\n", st.Path, st.Entries)
		return nil
	case "stats":
		st, err := store.Stats(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
		fmt.Fprintf(w, "path\t%s\n", st.Path)
		fmt.Fprintf(w, "entries\t%d\n", st.Entries)
		fmt.Fprintf(w, "size\t%d bytes\n", st.Bytes)
		if st.Entries > 0 {
			fmt.Fprintf(w, "oldest\t%s\n", st.Oldest.Format("2006-01-02 15:04:05Z"))
			fmt.Fprintf(w, "newest\t%s\n", st.Newest.Format("2006-01-02 15:04:05Z"))
		}
		for _, k := range sortedKeys(st.ByProvider) {
			fmt.Fprintf(w, "  %s\t%d\n", k, st.ByProvider[k])
		}
		return w.Flush()
	case "export":
		var w io.Writer = f.IO.Out
		var file *os.File
		if opts.Output != "-" {
			if file, err = os.Create(opts.Output); err != nil {
				return err
			}
			defer file.Close()
			w = file
		}
		var n int
		if opts.Format == "tsv" {
			n, err = cache.ExportTSV(ctx, store, w)
		} else {
			n, err = cache.ExportTMX(ctx, store, w, f.Version)
		}
		if err != nil {
			return err
		}
		if file != nil {
			if err := file.Close(); err != nil {
				return err
			}
		}
		fmt.Fprintf(f.IO.ErrOut, "anuvad: exported %d translations\n", n)
		return nil
	case "import":
		name := opts.Provider
		if name == "" {
			name = cfg.Provider[0]
		}
		p, err := stack.New(ctx, f.Registry, cfg, name, newLogger(f.IO.ErrOut, cfg.Log))
		if err != nil {
			return &usageError{err: err}
		}
		defer stack.CloseProvider(p)
		def := cache.Key{Provider: p.Name(), Model: p.Model(), Fingerprint: p.Fingerprint(), Source: cfg.SourceLang, Target: cfg.TargetLang}
		total := 0
		for _, path := range opts.Inputs {
			n, err := importFile(ctx, store, path, opts.Format, def)
			total += n
			if err != nil {
				return fmt.Errorf("imported %d translations, then: %w", total, err)
			}
		}
		fmt.Fprintf(f.IO.ErrOut, "anuvad: imported %d translations\n", total)
		return nil
	}
	return usageErrorf("unknown cache action %q", opts.Action)
}

func importFile(ctx context.Context, store cache.Store, path, format string, def cache.Key) (int, error) {
	fh, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer fh.Close()
	if format == "" {
		format = formatFromName(path, "tsv")
	}
	if format == "tmx" {
		return cache.ImportTMX(ctx, store, fh, path, def)
	}
	return cache.ImportTSV(ctx, store, fh, path, def)
}
