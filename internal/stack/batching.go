package stack

import (
	"fmt"
	"strings"

	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/providers"
)

// Batching is the size of the requests a run sends, and why.
type Batching struct {
	// Segments and Chars bound one request.
	Segments, Chars int
	// Notes explain, one sentence each, where the global batch keys and the
	// providers' own limits disagree and which one wins.
	Notes []string
}

// BatchingFor reconciles the global batch.size and batch.chars with the
// per-request limits of the providers named in cfg.Provider (limits is the
// stack's, the tightest of the chain; sections declare which provider keys
// are limits). The tighter value wins, except that a global key left at
// its default never lowers a limit the user set explicitly on a provider:
// then the provider's limit is used.
func BatchingFor(cfg config.Config, sections []config.Section, limits providers.Limits) Batching {
	var b Batching
	b.Segments = reconcile(&b.Notes, cfg, sections, "batch.size", cfg.Batch.Size, config.LimitSegments, limits.MaxSegments, "segments")
	b.Chars = reconcile(&b.Notes, cfg, sections, "batch.chars", cfg.Batch.Chars, config.LimitChars, limits.MaxChars, "characters")
	return b
}

func reconcile(notes *[]string, cfg config.Config, sections []config.Section, globalKey string, global int, kind config.Limit, limit int, unit string) int {
	if limit <= 0 || limit == global {
		return global
	}
	var set, all []string // provider keys of this kind: set by the user, and all
	for _, s := range sections {
		if !inChain(cfg.Provider, s.Name) {
			continue
		}
		for _, o := range s.Options {
			if o.Limits == kind {
				key := s.Name + "." + o.Key
				all = append(all, key)
				if cfg.Explicit(key) {
					set = append(set, key)
				}
			}
		}
	}
	providerSide := fmt.Sprintf("the provider's limit (%d %s)", limit, unit)
	switch {
	case len(set) > 0:
		providerSide = fmt.Sprintf("%s (set: %d %s)", strings.Join(set, ", "), limit, unit)
	case len(all) > 0:
		providerSide = fmt.Sprintf("%s (default: %d %s)", strings.Join(all, ", "), limit, unit)
	}
	globalSide := fmt.Sprintf("%s (default: %d %s)", globalKey, global, unit)
	if cfg.Explicit(globalKey) {
		globalSide = fmt.Sprintf("%s (set: %d %s)", globalKey, global, unit)
	}
	var n string
	switch {
	case limit < global:
		n = fmt.Sprintf("%s is below %s", providerSide, globalSide)
		global = limit
	case len(set) > 0 && !cfg.Explicit(globalKey):
		n = fmt.Sprintf("%s wins over %s", providerSide, globalSide)
		global = limit
	case len(all) == 0:
		return global // a provider's internal cap, not a setting: nothing to explain
	default:
		n = fmt.Sprintf("%s is below %s", globalSide, providerSide)
	}
	*notes = append(*notes, fmt.Sprintf("%s: requests carry at most %d %s", n, global, unit))
	return global
}

func inChain(chain []string, section string) bool {
	for _, name := range chain {
		if section == "providers."+name {
			return true
		}
	}
	return false
}
