package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/agnivade/levenshtein"
	"github.com/spf13/cast"
)

// Where a value came from, in increasing precedence.
const (
	OriginDefault = "default"
	OriginFile    = "file"
	OriginEnv     = "env"
	OriginFlag    = "flag"
)

// Origin says where a key's effective value came from: Kind is one of the
// Origin* constants and Detail names the file, variable or flag.
type Origin struct {
	Kind   string
	Detail string
}

func (o Origin) String() string {
	if o.Detail == "" {
		return o.Kind
	}
	return o.Kind + " " + o.Detail
}

// MaxWorkers caps `workers`: more concurrent requests than this only earns
// rate-limit refusals.
const MaxWorkers = 256

// ScriptVariables are ANUVAD_* variables read by the deployment scripts in
// deploy/ (Slurm, Kubernetes), not by anuvad: they are not keys.
var ScriptVariables = []string{"ANUVAD_ARGS", "ANUVAD_BIN", "ANUVAD_INPUT", "ANUVAD_SHARDS"}

// notKey reports ANUVAD_* variables that are not configuration keys: those
// of the deployment scripts and the switches of anuvad's own tests and CI.
func notKey(name string) bool {
	return slices.Contains(ScriptVariables, name) ||
		strings.HasPrefix(name, EnvPrefix+"_TEST_") || strings.HasPrefix(name, EnvPrefix+"_REQUIRE_") ||
		strings.HasSuffix(name, "_CHILD") || name == EnvPrefix+"_REVIEW_SCREENSHOT"
}

// keys lists every declared key, general keys first.
func (l *Loader) keys() []string {
	var out []string
	l.each(func(key string, _ Option) { out = append(out, key) })
	return out
}

// option returns the declaration of key.
func (l *Loader) option(key string) (Option, bool) {
	var found Option
	var ok bool
	l.each(func(k string, o Option) {
		if k == key {
			found, ok = o, true
		}
	})
	return found, ok
}

// known reports whether key is declared or lies inside a declared key
// whose value is a map (a glossary written as a map).
func (l *Loader) known(key string) bool {
	for _, k := range l.keys() {
		if key == k || strings.HasPrefix(key, k+".") {
			return true
		}
	}
	return false
}

// closest returns the candidate nearest to name, or "" when none is near.
func closest(name string, candidates []string) string {
	// Ties go to the candidate of the same length: a transposition
	// ("modle") is nearer to "model" than to "mode".
	best, bestD := "", 0
	gap := func(c string) int { return max(len(c)-len(name), len(name)-len(c)) }
	for _, c := range candidates {
		d := levenshtein.ComputeDistance(strings.ToLower(name), strings.ToLower(c))
		if best == "" || d < bestD || d == bestD && gap(c) < gap(best) {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(2, len(name)/3) {
		return ""
	}
	return best
}

// suggest ends an unknown-name message with the closest known name.
func suggest(name string, candidates []string, fallback string) string {
	if c := closest(name, candidates); c != "" {
		return "did you mean " + c + "?"
	}
	return fallback
}

// checkUnknown refuses keys of the file and ANUVAD_* variables that no
// option declares, naming the closest known one.
func (l *Loader) checkUnknown() error {
	var errs []error
	if file := l.v.ConfigFileUsed(); file != "" {
		var unknown []string
		for _, k := range l.v.AllKeys() {
			if l.v.InConfig(k) && !l.known(k) {
				unknown = append(unknown, k)
			}
		}
		slices.Sort(unknown)
		for _, k := range unknown {
			errs = append(errs, fmt.Errorf("%s: unknown key %s: %s", file, k,
				suggest(k, l.keys(), "see anuvad config --keys")))
		}
	}
	envs := map[string]bool{}
	var envNames []string
	l.each(func(key string, o Option) {
		envs[EnvName(key)] = true
		envNames = append(envNames, EnvName(key))
	})
	var unknown []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, EnvPrefix+"_") && !envs[name] && !notKey(name) {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	for _, name := range unknown {
		errs = append(errs, fmt.Errorf("%s: unknown variable: %s", name,
			suggest(name, envNames, "see anuvad config --keys")))
	}
	return errors.Join(errs...)
}

// Origin returns where key's effective value comes from.
func (l *Loader) Origin(key string) Origin {
	if flag, ok := l.setBy[key]; ok {
		return Origin{Kind: OriginFlag, Detail: "--" + flag}
	}
	if f, ok := l.keyFlags[key]; ok && f.Changed {
		return Origin{Kind: OriginFlag, Detail: "--" + f.Name}
	}
	if name, ok := l.envSource(key); ok {
		return Origin{Kind: OriginEnv, Detail: name}
	}
	if l.v.InConfig(key) {
		return Origin{Kind: OriginFile, Detail: l.v.ConfigFileUsed()}
	}
	return Origin{Kind: OriginDefault}
}

// envSource returns the environment variable that sets key, if any: the
// first non-empty one of its names, as viper reads them.
func (l *Loader) envSource(key string) (string, bool) {
	o, ok := l.option(key)
	if !ok {
		return "", false
	}
	for _, name := range append([]string{EnvName(key)}, o.Env...) {
		if v, ok := os.LookupEnv(name); ok && v != "" {
			return name, true
		}
	}
	return "", false
}

// kind is what a key's default says its values must be.
func kind(def any) string {
	switch d := def.(type) {
	case int:
		return "int"
	case float64:
		return "float"
	case bool:
		return "bool"
	case string:
		if _, err := time.ParseDuration(d); err == nil {
			return "duration"
		}
	}
	return ""
}

// checkValues refuses values of the wrong kind, naming the variable or the
// file and key, so that no decoder's message reaches the user.
func (l *Loader) checkValues() error {
	var errs []error
	l.each(func(key string, o Option) {
		var problem string
		raw := l.v.Get(key)
		switch kind(o.Default) {
		case "int":
			if _, err := cast.ToIntE(raw); err != nil {
				problem = "not a whole number"
			}
		case "float":
			if _, err := cast.ToFloat64E(raw); err != nil {
				problem = "not a number"
			}
		case "bool":
			if _, err := cast.ToBoolE(raw); err != nil {
				problem = "not true or false"
			}
		case "duration":
			if _, err := cast.ToDurationE(raw); err != nil {
				problem = "not a duration such as 500ms, 30s or 2m"
			}
		}
		if problem == "" {
			return
		}
		switch org := l.Origin(key); org.Kind {
		case OriginEnv:
			errs = append(errs, fmt.Errorf("%s=%v: %s", org.Detail, raw, problem))
		case OriginFile:
			errs = append(errs, fmt.Errorf("%s: %s: %q is %s", filepath.Base(org.Detail), key, fmt.Sprint(raw), problem))
		default:
			errs = append(errs, fmt.Errorf("%s: %q is %s", key, fmt.Sprint(raw), problem))
		}
	})
	return errors.Join(errs...)
}

// Chain returns the provider chain as configured so far (before Load).
func (l *Loader) Chain() []string {
	var raw []string
	switch v := l.v.Get("provider").(type) {
	case string:
		raw = []string{v}
	default:
		raw = cast.ToStringSlice(v)
	}
	return splitList(raw)
}

// SetForProvider gives the first provider of the chain the value of a
// per-run flag (--model, --base-url): it sets the first of keys that the
// provider declares. A provider with none of them is an error.
func (l *Loader) SetForProvider(flag string, keys []string, value any) error {
	chain := l.Chain()
	if len(chain) == 0 {
		return fmt.Errorf("--%s: no provider is configured", flag)
	}
	name := chain[0]
	for _, s := range l.sections {
		if s.Name != "providers."+name {
			continue
		}
		for _, k := range keys {
			for _, o := range s.Options {
				if o.Key == k {
					l.SetFromFlag(s.Name+"."+k, value, flag)
					return nil
				}
			}
		}
	}
	return fmt.Errorf("--%s: provider %s has no %s setting", flag, name, strings.Join(keys, " or "))
}
