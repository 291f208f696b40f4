// Package configmap declares configuration options and carries their merged
// values, without knowing where the values come from.
//
// A provider declares its options once, as []Option, and receives its
// values as Settings, which it decodes into its own plain options struct.
// Reading files, environment variables and flags is the job of package
// config (and viper); library packages depend only on this one.
package configmap

import (
	"fmt"
	"sort"

	"github.com/go-viper/mapstructure/v2"
)

// Option declares one configuration key once: its name, help, default and
// whether it is a secret. Flags, environment bindings, defaults, the
// `anuvad config` listing and the documentation are all derived from it.
type Option struct {
	// Key is the key relative to its section, in snake_case ("api_key").
	Key string
	// Help is a one-line description shown in docs and `anuvad config --keys`.
	Help string
	// Default is the value used when nothing else sets the key.
	Default any
	// Sensitive marks secrets: they are redacted wherever they are shown.
	Sensitive bool
	// Env lists conventional environment variables read as a fallback after
	// the ANUVAD_* one (for example OPENAI_API_KEY).
	Env []string
	// Flag is the command-line flag that sets the key, if any ("workers").
	Flag string
	// Short is the one-letter flag alias, if any.
	Short string
	// Limits marks a provider option that bounds one request: LimitSegments
	// or LimitChars. Such an option and the global batch.size or
	// batch.chars are reconciled by internal/stack.BatchingFor.
	Limits Limit
}

// Limit names what a provider option bounds in one request.
type Limit string

// The limits a provider option can declare.
const (
	LimitSegments Limit = "segments"
	LimitChars    Limit = "chars"
)

// PricesSection names the section that gathers the price keys every
// provider declares, so that they read "prices.KEY" whatever the provider.
const PricesSection = "prices"

// Section is a named group of options, such as the settings of one provider
// under "providers.openai".
type Section struct {
	Name    string
	Options []Option
	// Validate, if set, checks the merged values of the section; its
	// error is a configuration error.
	Validate func(Settings) error
}

// Settings is the raw key/value view of one section after all layers
// (default, file, environment, flags) have been merged.
type Settings map[string]any

// Decode fills out, a pointer to a struct with `mapstructure` tags, from s.
// Strings such as "30s" decode into time.Duration fields and comma separated
// strings into slices.
func (s Settings) Decode(out any) error {
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		Result:           out,
		WeaklyTypedInput: true,
		ErrorUnused:      false,
		DecodeHook: mapstructure.ComposeDecodeHookFunc(
			mapstructure.StringToTimeDurationHookFunc(),
			mapstructure.StringToSliceHookFunc(","),
		),
	})
	if err != nil {
		return err
	}
	if err := dec.Decode(map[string]any(s)); err != nil {
		return fmt.Errorf("decode settings: %w", err)
	}
	return nil
}

// Keys returns the section's keys in sorted order.
func (s Settings) Keys() []string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
