package cli

import (
	"context"
	"fmt"
	"sync/atomic"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/internal/stack"
	"github.com/anuvad/anuvad/pipeline"
	"github.com/anuvad/anuvad/providers"
)

// countingProvider stands in for the real stack during a dry run: it counts
// what would be sent and translates nothing.
type countingProvider struct {
	name, model string
	limits      providers.Limits
	segments    atomic.Int64
	chars       atomic.Int64
	requests    atomic.Int64
}

func (c *countingProvider) Name() string             { return c.name }
func (c *countingProvider) Model() string            { return c.model }
func (c *countingProvider) Fingerprint() string      { return "" }
func (c *countingProvider) Limits() providers.Limits { return c.limits }
func (c *countingProvider) Translate(_ context.Context, req providers.Request) ([]providers.Result, error) {
	c.requests.Add(1)
	c.segments.Add(int64(len(req.Segments)))
	out := make([]providers.Result, len(req.Segments))
	for i, s := range req.Segments {
		c.chars.Add(int64(utf8.RuneCountInString(s.Text)))
		out[i] = providers.Result{ID: s.ID}
	}
	return out, nil
}

type discardSink struct{}

func (discardSink) WritePair(corpus.Pair) error       { return nil }
func (discardSink) WriteFailure(corpus.Failure) error { return nil }

func dryRun(ctx context.Context, f *Factory, cfg config.Config, st *stack.Stack, popts pipeline.Options, docs []pipeline.Document) error {
	counter := &countingProvider{name: st.Provider.Name(), model: st.Provider.Model(), limits: st.Provider.Limits()}
	popts.Provider = counter
	sum, err := pipeline.Run(ctx, popts, docs, discardSink{})
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "documents\t%d\n", sum.Documents)
	fmt.Fprintf(w, "sentences\t%d\n", sum.Sentences)
	fmt.Fprintf(w, "unique sentences\t%d\n", sum.UniqueSentences)
	fmt.Fprintf(w, "cache hits\t%d\n", sum.CacheHits)
	fmt.Fprintf(w, "to translate\t%s, %s, %s\n", plural(int(counter.segments.Load()), "sentence"),
		plural(int(counter.chars.Load()), "character"), plural(int(counter.requests.Load()), "request"))
	w.Flush()
	fmt.Fprintln(f.IO.Out)
	w = tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "provider\tcharacters\test. tokens in/out\test. cost (USD)")
	batcher, _, batch := st.Batcher()
	for i, name := range cfg.Provider {
		e := stack.Cost(st.Pricers(), name, counter.chars.Load(), counter.requests.Load())
		if batch && i == 0 && name == batcher.Name() {
			// The first provider sends the misses as batch jobs.
			e = stack.BatchCost(st.Pricers(), name, counter.chars.Load(), counter.requests.Load())
			name += " (batch)"
		}
		tokens := "-"
		if e.TokensIn > 0 {
			tokens = fmt.Sprintf("%d / %d", e.TokensIn, e.TokensOut)
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%.4f\n", name, e.Chars, tokens, e.USD)
	}
	w.Flush()
	for _, d := range sum.DocumentErrors {
		fmt.Fprintf(f.IO.ErrOut, "anuvad: %s\n", d.Error)
	}
	if len(sum.DocumentErrors) > 0 {
		return &partialError{msg: fmt.Sprintf("%s could not be read", plural(len(sum.DocumentErrors), "document"))}
	}
	return nil
}
