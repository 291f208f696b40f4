// Package config loads anuvad's configuration from defaults, a YAML file,
// ANUVAD_* environment variables and command-line flags, in that order of
// increasing precedence, into a typed, validated Config.
//
// Every key is declared once as an Option (in this package for the general
// keys, in each provider's Spec for provider keys). Defaults, environment
// bindings, flags, the `anuvad config` listing and the key reference in the
// README are all derived from those declarations.
//
// Only this package touches viper, and it never uses viper's global
// instance.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"golang.org/x/text/language"

	"github.com/anuvad/anuvad/configmap"
	"github.com/anuvad/anuvad/pipeline"
	"github.com/anuvad/anuvad/providers/middleware"
	"github.com/anuvad/anuvad/redact"
)

// EnvPrefix prefixes every environment variable anuvad reads for its keys.
const EnvPrefix = "ANUVAD"

// DefaultFile is the configuration file read from the working directory when
// --config is not given and the file exists.
const DefaultFile = "anuvad.yaml"

// Config is the effective configuration of a run.
type Config struct {
	Provider    []string    `mapstructure:"provider"`
	SourceLang  string      `mapstructure:"source_lang"`
	TargetLang  string      `mapstructure:"target_lang"`
	Out         string      `mapstructure:"out"`
	Formats     []string    `mapstructure:"formats"`
	InputFormat string      `mapstructure:"input_format"`
	Workers     int         `mapstructure:"workers"`
	Window      int         `mapstructure:"window"`
	MaxSentence int         `mapstructure:"max_sentence_chars"`
	Budget      float64     `mapstructure:"budget"`
	Filter      bool        `mapstructure:"filter"`
	Quiet       bool        `mapstructure:"quiet"`
	Cache       CacheConfig `mapstructure:"cache"`
	Batch       BatchConfig `mapstructure:"batch"`
	Retry       RetryConfig `mapstructure:"retry"`
	Limits      RateConfig  `mapstructure:"limits"`
	Log         LogConfig   `mapstructure:"log"`
	// Prices holds the "prices" section: the price keys the providers
	// declare (providers.Spec.Prices).
	Prices    Settings     `mapstructure:"-"`
	Align     AlignConfig  `mapstructure:"align"`
	Providers ProviderKeys `mapstructure:"-"`
	// File is the configuration file that was read, if any.
	File string `mapstructure:"-"`
	// explicit holds the keys the user set: in the file, the environment,
	// a flag or Loader.Set, as opposed to keys left at their default.
	explicit map[string]bool
}

// Explicit reports whether the user set key (in the configuration file,
// the environment, a flag or by Loader.Set) rather than leaving it at its
// default. Keys are full ("batch.size", "providers.openai.batch_size").
func (c Config) Explicit(key string) bool { return c.explicit[key] }

// CacheConfig locates the translation cache.
type CacheConfig struct {
	Path     string `mapstructure:"path"`
	Disabled bool   `mapstructure:"disabled"`
}

// BatchConfig is the batching policy: a batch is sent when it holds Size
// sentences or Chars characters, or when Wait has passed since its first
// sentence arrived.
type BatchConfig struct {
	Size  int           `mapstructure:"size"`
	Chars int           `mapstructure:"chars"`
	Wait  time.Duration `mapstructure:"wait"`
}

// RetryConfig is the single retry policy applied to every provider.
type RetryConfig struct {
	Attempts       int           `mapstructure:"attempts"`
	Initial        time.Duration `mapstructure:"initial"`
	Max            time.Duration `mapstructure:"max"`
	RequestTimeout time.Duration `mapstructure:"request_timeout"`
}

// RateConfig caps the rate of provider requests. Zero means unlimited.
type RateConfig struct {
	RequestsPerMinute int `mapstructure:"requests_per_minute"`
	CharsPerMinute    int `mapstructure:"chars_per_minute"`
	TokensPerMinute   int `mapstructure:"tokens_per_minute"`
}

// LogConfig sets the structured logger.
type LogConfig struct {
	Level  string `mapstructure:"level"`
	Format string `mapstructure:"format"`
}

// AlignConfig tunes `anuvad align`.
type AlignConfig struct {
	MinScore float64 `mapstructure:"min_score"`
}

// PricesSection is the section of the price keys that providers declare.
const PricesSection = configmap.PricesSection

// ProviderKeys holds the merged settings of every provider section, keyed by
// provider name.
type ProviderKeys map[string]Settings

// Options declares the general keys. Provider keys are declared by the
// providers themselves and passed to New as sections.
func Options() []Option {
	return []Option{
		{Key: "provider", Default: "offline", Flag: "provider", Help: "provider, or comma separated fallback chain (offline, google, openai)"},
		{Key: "source_lang", Default: "hi", Flag: "source-lang", Help: "source language (BCP-47)"},
		{Key: "target_lang", Default: "en", Flag: "target-lang", Help: "target language (BCP-47)"},
		{Key: "out", Default: "out", Flag: "out", Help: "output directory"},
		{Key: "formats", Default: "tsv,jsonl,tmx,moses", Flag: "formats", Help: "output formats: tsv, jsonl, tmx, moses"},
		{Key: "input_format", Default: "text", Flag: "input-format", Help: "text (split into sentences), lines (one sentence a line) or jsonl ({\"id\",\"text\"} a line)"},
		{Key: "workers", Default: 4, Flag: "workers", Help: "concurrent translation requests"},
		{Key: "window", Default: pipeline.DefaultWindow, Help: "sentences in flight between reader and writer (bounds memory)"},
		{Key: "max_sentence_chars", Default: pipeline.DefaultMaxSentence, Help: "longest sentence translated whole: longer text without a sentence end is cut at a character boundary, after a space where it can; a longer line of lines input fails (bounds memory)"},
		{Key: "budget", Default: 0.0, Flag: "budget", Help: "stop before spending more than this many US dollars (0: no limit)"},
		{Key: "filter", Default: false, Flag: "filter", Help: "drop pairs with quality flags from tsv, tmx and moses outputs"},
		{Key: "quiet", Default: false, Flag: "quiet", Short: "q", Help: "errors only on stderr: no progress bar, no summary, no warnings (unless log.level is set)"},
		{Key: "cache.path", Default: "", Flag: "cache", Help: "translation cache: an SQLite file (default: anuvad/cache.db in the user cache directory) or a postgres:// URL of a database shared by many processes"},
		{Key: "cache.disabled", Default: false, Flag: "no-cache", Help: "neither read nor write the cache"},
		{Key: "batch.size", Default: pipeline.DefaultBatchSize, Flag: "batch-size", Help: "sentences per provider request at most (the provider's own limit also applies)"},
		{Key: "batch.chars", Default: pipeline.DefaultBatchChars, Help: "characters per provider request at most"},
		{Key: "batch.wait", Default: pipeline.DefaultBatchWait.String(), Help: "longest wait for a batch to fill before it is sent"},
		{Key: "retry.attempts", Default: middleware.DefaultAttempts, Help: "attempts per request, the first included"},
		{Key: "retry.initial", Default: middleware.DefaultInitial.String(), Help: "first backoff; doubles each retry, with jitter"},
		{Key: "retry.max", Default: middleware.DefaultMax.String(), Help: "longest backoff between attempts"},
		{Key: "retry.request_timeout", Default: "120s", Help: "timeout of one provider request"},
		{Key: "limits.requests_per_minute", Default: 0, Help: "provider requests per minute (0: unlimited)"},
		{Key: "limits.chars_per_minute", Default: 0, Help: "characters sent per minute (0: unlimited)"},
		{Key: "limits.tokens_per_minute", Default: 0, Help: "estimated tokens per minute (0: unlimited)"},
		{Key: "log.level", Default: "warn", Flag: "log-level", Help: "debug, info, warn or error"},
		{Key: "log.format", Default: "text", Flag: "log-format", Help: "text or json"},
		{Key: "align.min_score", Default: 0.0, Flag: "min-score", Help: "drop alignment links scoring below this from corpus outputs"},
	}
}

// Loader owns one viper instance and the declared sections.
type Loader struct {
	v        *viper.Viper
	general  []Option
	sections []Section
	flags    *pflag.FlagSet
	set      map[string]bool
	// keyFlags holds the flag bound to each key; setBy the flag behind
	// each value given with SetFromFlag.
	keyFlags map[string]*pflag.Flag
	setBy    map[string]string
}

// NewLoader builds a loader for the general keys and the given provider
// sections, with defaults set and every key bound to its environment
// variables, so environment-only keys are seen by Unmarshal.
func NewLoader(sections []Section) *Loader {
	l := &Loader{v: viper.New(), general: Options(), sections: sections, set: map[string]bool{},
		keyFlags: map[string]*pflag.Flag{}, setBy: map[string]string{}}
	l.v.SetEnvPrefix(EnvPrefix)
	l.v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	l.v.SetConfigType("yaml")
	for _, o := range l.general {
		l.declare("", o)
	}
	for _, s := range sections {
		for _, o := range s.Options {
			l.declare(s.Name, o)
		}
	}
	return l
}

func (l *Loader) declare(section string, o Option) {
	key := o.Key
	if section != "" {
		key = section + "." + o.Key
	}
	l.v.SetDefault(key, o.Default)
	names := append([]string{key, EnvName(key)}, o.Env...)
	// BindEnv only fails when given no key.
	_ = l.v.BindEnv(names...)
}

// EnvName is the environment variable for a key: ANUVAD_ and the key in
// upper case with dots replaced by underscores.
func EnvName(key string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(key))
}

// AddFlags adds a flag to fs for each general option in keys that declares
// one. Values are read back through BindFlags, so a flag only wins when the
// user set it.
func AddFlags(fs *pflag.FlagSet, keys ...string) {
	for _, o := range Options() {
		if o.Flag == "" || !slices.Contains(keys, o.Key) {
			continue
		}
		if fs.Lookup(o.Flag) != nil {
			continue
		}
		switch d := o.Default.(type) {
		case bool:
			fs.BoolP(o.Flag, o.Short, d, o.Help)
		case int:
			fs.IntP(o.Flag, o.Short, d, o.Help)
		case float64:
			fs.Float64P(o.Flag, o.Short, d, o.Help)
		default:
			fs.StringP(o.Flag, o.Short, fmt.Sprint(d), o.Help)
		}
	}
}

// BindFlags binds every declared flag present in fs to its key.
func (l *Loader) BindFlags(fs *pflag.FlagSet) error {
	l.flags = fs
	for _, o := range l.general {
		if o.Flag == "" {
			continue
		}
		if f := fs.Lookup(o.Flag); f != nil {
			if err := l.v.BindPFlag(o.Key, f); err != nil {
				return fmt.Errorf("bind flag --%s: %w", o.Flag, err)
			}
			l.keyFlags[o.Key] = f
		}
	}
	return nil
}

// Set overrides a key, above every other layer.
func (l *Loader) Set(key string, value any) {
	l.v.Set(key, value)
	l.set[key] = true
}

// explicit reports whether the user set key, declared by o, in any layer
// above the defaults.
func (l *Loader) explicit(key string, o Option) bool {
	if l.set[key] || l.v.InConfig(key) {
		return true
	}
	for _, name := range append([]string{EnvName(key)}, o.Env...) {
		if v, ok := os.LookupEnv(name); ok && v != "" {
			return true
		}
	}
	if o.Flag != "" && l.flags != nil {
		if f := l.flags.Lookup(o.Flag); f != nil && f.Changed {
			return true
		}
	}
	return false
}

// SetFromFlag overrides a key with the value of a flag that is not the
// key's own (such as --model for the chosen provider's model), so that the
// key's origin names the flag.
func (l *Loader) SetFromFlag(key string, value any, flag string) {
	l.Set(key, value)
	l.setBy[key] = flag
}

// ReadFile reads the configuration file. With an empty path it reads
// DefaultFile from the working directory if it exists; a path that was named
// explicitly must exist.
func (l *Loader) ReadFile(path string) error {
	explicit := path != ""
	if !explicit {
		path = DefaultFile
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil
		}
	}
	l.v.SetConfigFile(path)
	if err := l.v.ReadInConfig(); err != nil {
		return fmt.Errorf("read config file %s: %w", path, err)
	}
	return nil
}

// Load merges all layers into a Config and validates it.
func (l *Loader) Load() (Config, error) {
	if err := l.checkUnknown(); err != nil {
		return Config{}, err
	}
	if err := l.checkValues(); err != nil {
		return Config{}, err
	}
	var c Config
	if err := l.v.Unmarshal(&c); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	c.Provider = splitList(c.Provider)
	c.Formats = splitList(c.Formats)
	c.File = l.v.ConfigFileUsed()
	c.explicit = map[string]bool{}
	l.each(func(key string, o Option) {
		if l.explicit(key, o) {
			c.explicit[key] = true
		}
	})
	c.Providers = ProviderKeys{}
	c.Prices = Settings{}
	var errs []error
	for _, s := range l.sections {
		st := Settings{}
		for _, o := range s.Options {
			st[o.Key] = l.v.Get(s.Name + "." + o.Key)
		}
		if s.Validate != nil {
			if err := s.Validate(st); err != nil {
				errs = append(errs, err)
			}
		}
		if s.Name == PricesSection {
			c.Prices = st
			continue
		}
		c.Providers[strings.TrimPrefix(s.Name, "providers.")] = st
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	if c.Cache.Path == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		c.Cache.Path = filepath.Join(dir, "anuvad", "cache.db")
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// splitList accepts both YAML lists and comma separated strings.
func splitList(in []string) []string {
	var out []string
	for _, s := range in {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// Formats accepted in Config.Formats.
var knownFormats = []string{"tsv", "jsonl", "tmx", "moses"}

// Validate checks values that the types alone do not constrain.
func (c Config) Validate() error {
	var errs []error
	if len(c.Provider) == 0 {
		errs = append(errs, errors.New("provider: at least one provider is needed"))
	}
	for _, f := range c.Formats {
		if !slices.Contains(knownFormats, f) {
			errs = append(errs, fmt.Errorf("formats: unknown format %q (known: %s)", f, strings.Join(knownFormats, ", ")))
		}
	}
	switch c.InputFormat {
	case "text", "lines", "jsonl":
	default:
		errs = append(errs, fmt.Errorf("input_format: %q is not text, lines or jsonl", c.InputFormat))
	}
	if c.Workers < 1 || c.Workers > MaxWorkers {
		errs = append(errs, fmt.Errorf("workers: %d is not between 1 and %d", c.Workers, MaxWorkers))
	}
	if len(c.Formats) == 0 {
		errs = append(errs, fmt.Errorf("formats: at least one format is needed (%s)", strings.Join(knownFormats, ", ")))
	}
	if s := c.Align.MinScore; s < 0 || s > 1 {
		errs = append(errs, fmt.Errorf("align.min_score: %g is not between 0 and 1", s))
	}
	for _, l := range []struct{ key, tag string }{{"source_lang", c.SourceLang}, {"target_lang", c.TargetLang}} {
		if _, err := language.Parse(l.tag); err != nil {
			errs = append(errs, fmt.Errorf("%s: %q is not a language tag such as hi or en", l.key, l.tag))
		}
	}
	if c.MaxSentence < 100 || c.MaxSentence > 100_000 {
		errs = append(errs, fmt.Errorf("max_sentence_chars: %d is not between 100 and 100000", c.MaxSentence))
	}
	if c.Window < 1 {
		errs = append(errs, fmt.Errorf("window: %d is less than 1", c.Window))
	}
	if c.Batch.Size < 1 || c.Batch.Chars < 1 {
		errs = append(errs, fmt.Errorf("batch: size (%d) and chars (%d) must be positive", c.Batch.Size, c.Batch.Chars))
	}
	if c.Retry.Attempts < 1 {
		errs = append(errs, fmt.Errorf("retry.attempts: %d is less than 1", c.Retry.Attempts))
	}
	if c.Budget < 0 {
		errs = append(errs, fmt.Errorf("budget: %g is negative", c.Budget))
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("log.format: %q is not text or json", c.Log.Format))
	}
	switch strings.ToLower(c.Log.Level) {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log.level: %q is not debug, info, warn or error", c.Log.Level))
	}
	return errors.Join(errs...)
}

// Entry is one key of the effective configuration, for display.
type Entry struct {
	Key    string
	Value  any
	Env    string
	Help   string
	Secret bool
}

// Effective lists every declared key with its effective value, secrets
// replaced by Redacted (or left empty when unset) and the credentials of
// URLs (a base URL with "user:password@") redacted.
func (l *Loader) Effective() []Entry {
	var out []Entry
	l.each(func(key string, o Option) {
		val := l.v.Get(key)
		if o.Sensitive {
			if s := fmt.Sprint(val); val != nil && s != "" {
				val = Redacted
			}
		}
		if s, ok := val.(string); ok {
			val = redact.URLs(s)
		}
		out = append(out, Entry{Key: key, Value: val, Env: EnvName(key), Help: o.Help, Secret: o.Sensitive})
	})
	return out
}

// each calls fn for every declared key, general keys first.
func (l *Loader) each(fn func(key string, o Option)) {
	for _, o := range l.general {
		fn(o.Key, o)
	}
	for _, s := range l.sections {
		for _, o := range s.Options {
			fn(s.Name+"."+o.Key, o)
		}
	}
}

// RefEntry documents one declared key.
type RefEntry struct {
	Key      string
	Env      string
	ExtraEnv []string
	Flag     string
	Default  any
	Help     string
}

// Reference lists every declared key with its default, environment
// variables and flag, for documentation.
func (l *Loader) Reference() []RefEntry {
	var out []RefEntry
	l.each(func(key string, o Option) {
		out = append(out, RefEntry{Key: key, Env: EnvName(key), ExtraEnv: o.Env, Flag: o.Flag, Default: o.Default, Help: o.Help})
	})
	return out
}
