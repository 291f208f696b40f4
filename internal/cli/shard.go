package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/internal/stack"
)

// Shard is part Index of Count of a run's unique sentences (translate
// --shard I/N). A sentence belongs to the part its cache key falls in
// (cache.Key.Part), so shards of one input never overlap, need no
// coordination but the shared cache, and a shard run again picks the same
// sentences.
type Shard struct {
	Index, Count int
}

// ParseShard reads "I/N", with 0 <= I < N.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	index, err1 := strconv.Atoi(strings.TrimSpace(i))
	count, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("--shard %q: want I/N, such as 0/4 (I from 0 to N-1)", s)
	}
	if count < 1 || index < 0 || index >= count {
		return Shard{}, fmt.Errorf("--shard %q: I must be from 0 to N-1 and N at least 1", s)
	}
	return Shard{Index: index, Count: count}, nil
}

// String returns "I/N", or "" for no shard.
func (s Shard) String() string {
	if s.Count == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Dir is the folder a shard writes its summary.json (and failures.jsonl)
// to, inside the run's output folder, so that shards sharing one output
// volume never overwrite each other.
func (s Shard) Dir(out string) string {
	return filepath.Join(out, fmt.Sprintf("shard-%d-of-%d", s.Index, s.Count))
}

// keep returns the filter of the shard's sentences: those whose cache key
// for the first provider of the stack falls in the shard's part.
func (s Shard) keep(st *stack.Stack, cfg config.Config) (func(string) bool, error) {
	c, ok := st.Lookup.(*cache.Provider)
	if !ok {
		return nil, errors.New("--shard needs the cache that all shards share: remove --no-cache and set --cache")
	}
	return func(text string) bool {
		return c.KeyFor(cfg.SourceLang, cfg.TargetLang, text).Part(s.Count) == s.Index
	}, nil
}
