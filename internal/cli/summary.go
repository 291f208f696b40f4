package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/anuvad/anuvad/corpus"
)

// servedSink counts the pairs written with each provider's translation.
type servedSink struct {
	corpusSink
	by map[string]int64
}

func (s *servedSink) WritePair(p corpus.Pair) error {
	s.by[p.Provider]++
	return s.corpusSink.WritePair(p)
}

// addTo records the counts in the summary's providers, and what a stopped
// run left untranslated.
func (s *servedSink) addTo(sum *corpus.Summary) {
	if sum.Providers == nil {
		sum.Providers = map[string]corpus.ProviderCalls{}
	}
	for name, n := range s.by {
		c := sum.Providers[name]
		c.Served = n
		sum.Providers[name] = c
	}
	if sum.Interrupted || sum.Error != "" {
		sum.Unfinished = max(0, sum.Sentences-sum.Pairs-sum.Failures)
	}
}

// printSummary writes the end-of-run summary on stderr: a few lines for
// people, or one JSON record with --log-format json.
func printSummary(w io.Writer, logFormat string, s corpus.Summary, out string) {
	if logFormat == "json" {
		rec := struct {
			Time    time.Time      `json:"time"`
			Level   string         `json:"level"`
			Msg     string         `json:"msg"`
			Out     string         `json:"out"`
			Summary corpus.Summary `json:"summary"`
		}{time.Now(), "INFO", "summary", out, s}
		_ = json.NewEncoder(w).Encode(rec)
		return
	}
	pr := message.NewPrinter(language.English)
	count := func(n int64, noun string) string { return pr.Sprintf("%d ", n) + pluralWord(int(n), noun) }
	fmt.Fprintf(w, "anuvad: %s, %s (%d unique), %s written to %s\n",
		count(int64(s.Documents), "document"), count(int64(s.Sentences), "sentence"), s.UniqueSentences, count(int64(s.Pairs), "pair"), out)
	names := make([]string, 0, len(s.Providers))
	for name := range s.Providers {
		names = append(names, name)
	}
	// The chain's order is not in the map: most served first.
	slices.SortStableFunc(names, func(a, b string) int {
		if d := s.Providers[b].Served - s.Providers[a].Served; d != 0 {
			return int(d)
		}
		return strings.Compare(a, b)
	})
	var served []string
	for _, name := range names {
		if n := s.Providers[name].Served; n > 0 {
			served = append(served, pr.Sprintf("%s %d", name, n))
		}
	}
	if len(served) > 0 {
		fmt.Fprintf(w, "  served: %s (%s from the cache)\n", strings.Join(served, " · "), count(int64(s.CacheHits), "pair"))
	}
	for _, name := range names {
		c := s.Providers[name]
		if c.Calls == 0 && c.Served > 0 {
			continue // served from the cache alone
		}
		line := fmt.Sprintf("  %s: %s, %s, %s", name, count(c.Calls, "call"), count(c.Chars, "character"), count(c.Retries, "retry"))
		if c.Failures > 0 {
			line += ", " + count(c.Failures, "sentence") + " failed"
		}
		if c.USD > 0 {
			line += fmt.Sprintf(", about $%.4f", c.USD)
		}
		fmt.Fprintln(w, line)
	}
	if b := s.Batch; b != nil {
		fmt.Fprintf(w, "  batch jobs: %d waited on (%d submitted by this run), %s collected, %s unanswered\n",
			len(b.Jobs), b.Submitted, count(int64(b.Collected), "translation"), count(int64(b.Unanswered), "sentence"))
	}
	if s.CostUSD > 0 || s.Budget > 0 {
		budget := "no budget"
		if s.Budget > 0 {
			budget = fmt.Sprintf("budget $%.4f", s.Budget)
		}
		fmt.Fprintf(w, "  cost about $%.4f (%s)\n", s.CostUSD, budget)
	}
	if s.NotCached > 0 {
		fmt.Fprintf(w, "  %s written but not cached (the cache could not be written)\n", count(s.NotCached, "translation"))
	}
	fmt.Fprintf(w, "  %s, %s, %d filtered; %.1fs, %.0f sentences/s\n",
		count(int64(s.Failures), "failed sentence"), count(int64(len(s.DocumentErrors)), "document error"), s.Filtered, s.ElapsedSeconds, s.SentencesPerSecond)
	for _, d := range s.DocumentErrors {
		fmt.Fprintf(w, "  error: %s\n", d.Error)
	}
	if s.Shard != "" {
		fmt.Fprintf(w, "  shard %s: %s left to the other shards; a run without --shard writes the pairs\n", s.Shard, count(int64(s.OtherShards), "unique sentence"))
	}
	if s.Interrupted {
		fmt.Fprintf(w, "  interrupted: %s not translated; the files hold the pairs finished before the interrupt\n", count(int64(s.Unfinished), "sentence"))
	}
	if s.Error != "" {
		fmt.Fprintf(w, "  stopped early: %s not translated; the files hold the %s finished before the error\n", count(int64(s.Unfinished), "sentence"), count(int64(s.Pairs), "pair"))
	}
}
