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
	"github.com/anuvad/anuvad/internal/stack"
	"github.com/anuvad/anuvad/providers"
)

// CacheOptions are the parsed arguments of `anuvad cache` subcommands.
type CacheOptions struct {
	Action   string // init, stats, export, import, prune or vacuum
	Format   string // tmx or tsv
	Output   string // export: file, "-" for stdout
	Inputs   []string
	Provider string // import: key entries under this provider; prune: delete its entries
	Model    string // prune: delete entries of this model
	// OlderThan (prune) deletes entries created longer ago than this.
	OlderThan time.Duration
	// All (prune) deletes every entry.
	All bool
	Cmd *cobra.Command
}

// NewCmdCache builds `anuvad cache` and its subcommands.
func NewCmdCache(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Inspect, export and import the translation cache (a translation memory)",
	}
	config.AddFlags(cmd.PersistentFlags(), "cache.path")
	cmd.AddCommand(newCmdCacheInit(f, nil), newCmdCacheStats(f, nil), newCmdCacheExport(f, nil), newCmdCacheImport(f, nil),
		newCmdCachePrune(f, nil), newCmdCacheVacuum(f, nil))
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
			return runCacheCmd(cmd, f, opts, runF)
		},
	}
}

func newCmdCachePrune(f *Factory, runF func(context.Context, *CacheOptions) error) *cobra.Command {
	opts := &CacheOptions{Action: "prune"}
	var olderThan string
	cmd := &cobra.Command{
		Use:   "prune [flags]",
		Short: "Delete cached translations by provider, model and age",
		Long: heredoc.Doc(`
			Deletes the cached translations matching every filter given: made by
			--provider, with --model, created longer ago than --older-than. At least
			one filter, or --all, is needed. The file keeps its size until
			"anuvad cache vacuum".
		`),
		Example: heredoc.Doc(`
			anuvad cache prune --provider openai --model gpt-4o-mini --older-than 30d
			anuvad cache prune --provider offline
		`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if olderThan != "" {
				d, err := parseAge(olderThan)
				if err != nil {
					return usageErrorf("--older-than: %v", err)
				}
				opts.OlderThan = d
			}
			filtered := opts.Provider != "" || opts.Model != "" || opts.OlderThan > 0
			if !filtered && !opts.All {
				return usageErrorf("prune needs --provider, --model or --older-than (or --all to empty the cache)")
			}
			if filtered && opts.All {
				return usageErrorf("--all deletes every entry: give it no filter")
			}
			return runCacheCmd(cmd, f, opts, runF)
		},
	}
	cmd.Flags().StringVar(&opts.Provider, "provider", "", "delete translations made by this provider")
	cmd.Flags().StringVar(&opts.Model, "model", "", "delete translations made with this model")
	cmd.Flags().StringVar(&olderThan, "older-than", "", "delete translations older than this: 30d, 12h, 90m")
	cmd.Flags().BoolVar(&opts.All, "all", false, "delete every translation")
	return cmd
}

func newCmdCacheVacuum(f *Factory, runF func(context.Context, *CacheOptions) error) *cobra.Command {
	opts := &CacheOptions{Action: "vacuum"}
	return &cobra.Command{
		Use:   "vacuum",
		Short: "Give back the space of deleted translations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCacheCmd(cmd, f, opts, runF)
		},
	}
}

// runCacheCmd runs a cache subcommand whose flags are checked: runF, when
// a test gives one, or else cacheRun.
func runCacheCmd(cmd *cobra.Command, f *Factory, opts *CacheOptions, runF func(context.Context, *CacheOptions) error) error {
	opts.Cmd = cmd
	if runF != nil {
		return runF(cmd.Context(), opts)
	}
	return cacheRun(cmd.Context(), f, opts)
}

// parseAge reads an age such as 30d, 12h or 1h30m: Go durations, plus d for
// days.
func parseAge(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 {
			return 0, fmt.Errorf("%q is not a number of days such as 30d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not an age such as 30d, 12h or 90m", s)
	}
	return d, nil
}

func newCmdCacheStats(f *Factory, runF func(context.Context, *CacheOptions) error) *cobra.Command {
	opts := &CacheOptions{Action: "stats"}
	return &cobra.Command{
		Use:   "stats",
		Short: "Show the cache's location, size and entries per provider",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCacheCmd(cmd, f, opts, runF)
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
			if opts.Format == "" {
				opts.Format = formatFromName(opts.Output, "tmx")
			}
			if opts.Format != "tmx" && opts.Format != "tsv" {
				return usageErrorf("--format must be tmx or tsv, not %q", opts.Format)
			}
			return runCacheCmd(cmd, f, opts, runF)
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
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("import needs at least one FILE (TMX or TSV)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			if opts.Format != "" && opts.Format != "tmx" && opts.Format != "tsv" {
				return usageErrorf("--format must be tmx or tsv, not %q", opts.Format)
			}
			return runCacheCmd(cmd, f, opts, runF)
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
	if opts.Action != "import" && opts.Action != "init" && !cache.IsPostgresURL(cfg.Cache.Path) {
		// Only init and import may create the cache file: the others read
		// or shrink it.
		if _, err := os.Stat(cfg.Cache.Path); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("no cache at %s: nothing has been cached there yet (the file is made by cache init, the first translate run or an import)", cfg.Cache.Path)
		}
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
		fmt.Fprintf(f.IO.Out, "cache ready at %s (%s)\n", st.Path, plural(int(st.Entries), "entry"))
		return nil
	case "stats":
		return cacheStats(ctx, f, store)
	case "export":
		return cacheExport(ctx, f, store, opts)
	case "import":
		return cacheImport(ctx, f, cfg, store, opts)
	case "prune":
		return cachePrune(ctx, f, store, opts)
	case "vacuum":
		m, ok := store.(cache.Maintainer)
		if !ok {
			return errors.New("this cache cannot be vacuumed")
		}
		before, after, err := m.Vacuum(ctx)
		if err != nil {
			return err
		}
		st, err := store.Stats(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(f.IO.ErrOut, "anuvad: cache %s: %s before, %s after\n", st.Path, byteSize(before), byteSize(after))
		return nil
	}
	return usageErrorf("unknown cache action %q", opts.Action)
}

func cacheStats(ctx context.Context, f *Factory, store cache.Store) error {
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
}

func cacheExport(ctx context.Context, f *Factory, store cache.Store, opts *CacheOptions) error {
	var w io.Writer = f.IO.Out
	var file *os.File
	var err error
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
	fmt.Fprintf(f.IO.ErrOut, "anuvad: exported %s\n", plural(n, "translation"))
	return nil
}

func cacheImport(ctx context.Context, f *Factory, cfg config.Config, store cache.Store, opts *CacheOptions) error {
	log := newLogger(f.IO.ErrOut, cfg.Log)
	name := opts.Provider
	if name == "" {
		name = cfg.Provider[0]
	}
	keys := &importKeys{ctx: ctx, f: f, cfg: cfg, log: log, made: map[string]importKey{}}
	defer keys.close()
	def, err := keys.key(name, "")
	if err != nil {
		return &usageError{err: err}
	}
	var total cache.ImportReport
	for _, path := range opts.Inputs {
		rep, err := importFile(ctx, store, path, opts.Format, def, keys.key)
		total = total.Add(rep)
		if err != nil && total == (cache.ImportReport{}) {
			return err
		}
		if err != nil {
			return fmt.Errorf("%s, then: %w", importSummary(total), err)
		}
	}
	fmt.Fprintf(f.IO.ErrOut, "anuvad: %s\n", importSummary(total))
	return nil
}

func importSummary(r cache.ImportReport) string {
	return fmt.Sprintf("imported %d new and %d replaced %s, skipped %d",
		r.New, r.Replaced, pluralWord(r.Stored(), "translation"), r.Skipped)
}

// importKeys builds the providers that units name, once each, for their
// current model and fingerprint.
type importKeys struct {
	ctx  context.Context
	f    *Factory
	cfg  config.Config
	log  *slog.Logger
	made map[string]importKey
	open []providers.Provider
}

type importKey struct {
	key cache.Key
	err error
}

// key returns the key of translations by provider name with model (the
// provider's configured model when empty).
func (k *importKeys) key(name, model string) (cache.Key, error) {
	ik, ok := k.made[name]
	if !ok {
		p, err := stack.New(k.ctx, k.f.Registry, k.cfg, name, k.log)
		if err != nil {
			ik.err = err
			k.log.Warn("units skipped: their provider is not available", "provider", name, "err", err)
		} else {
			k.open = append(k.open, p)
			ik.key = cache.Key{Provider: p.Name(), Model: p.Model(), Fingerprint: p.Fingerprint(), Source: k.cfg.SourceLang, Target: k.cfg.TargetLang}
		}
		k.made[name] = ik
	}
	if ik.err != nil {
		return cache.Key{}, ik.err
	}
	out := ik.key
	if model != "" {
		out.Model = model
	}
	return out, nil
}

func (k *importKeys) close() {
	for _, p := range k.open {
		stack.CloseProvider(p)
	}
}

func cachePrune(ctx context.Context, f *Factory, store cache.Store, opts *CacheOptions) error {
	m, ok := store.(cache.Maintainer)
	if !ok {
		return errors.New("this cache cannot be pruned")
	}
	filter := cache.PruneFilter{Provider: opts.Provider, Model: opts.Model}
	if opts.OlderThan > 0 {
		filter.Before = time.Now().Add(-opts.OlderThan)
	}
	n, err := m.Prune(ctx, filter)
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "anuvad: deleted %s; \"anuvad cache vacuum\" gives their space back\n", plural(int(n), "translation"))
	return nil
}

// byteSize writes n bytes for people: 512 B, 1.5 MB.
func byteSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

func importFile(ctx context.Context, store cache.Store, path, format string, def cache.Key, keyFor cache.KeyFor) (cache.ImportReport, error) {
	fh, err := os.Open(path)
	if err != nil {
		return cache.ImportReport{}, err
	}
	defer fh.Close()
	if format == "" {
		format = formatFromName(path, "tsv")
	}
	if format == "tmx" {
		return cache.ImportTMX(ctx, store, fh, path, def, keyFor)
	}
	return cache.ImportTSV(ctx, store, fh, path, def)
}
