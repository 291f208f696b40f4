// Package pipeline turns Hindi documents into aligned sentence pairs.
//
// A run is a chain of stages joined by bounded channels, all in one errgroup:
//
//	read → normalise → split → de-duplicate ─┬─→ lookup → batch → translate ×N
//	                                         └─→ (in order) ──→ check → write
//
// The reader normalises and splits each document and hands every sentence to
// the writer in input order, through a channel whose capacity (the window)
// bounds memory. Each distinct sentence becomes one job: a sentence that
// recurs while its job is remembered shares it, so it is translated once.
// New jobs go to the cache lookup; misses are batched by count, characters
// and time, and a fixed pool of workers sends the batches to the provider.
// The writer waits on each sentence's job in turn, so output keeps input
// order while translation runs concurrently.
//
// Each stage closes its own output channel, and every send also watches the
// context. A sentence whose translation fails is written to failures, never
// as a pair; only a permanent provider error (authentication, a bad model)
// stops the run. On cancellation the writer writes the finished prefix and
// returns, so every output file stays valid.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"time"
	"unicode/utf8"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/errgroup"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/segment"
)

// Format says how a document's text becomes sentences.
type Format string

// Input formats.
const (
	// Text documents are split into sentences.
	Text Format = "text"
	// Lines documents hold one sentence a line, never split further; empty
	// lines are kept as empty pairs so line i of the output is line i of the
	// input.
	Lines Format = "lines"
	// JSONL documents hold one {"id","text"} object a line; each text is
	// split into sentences.
	JSONL Format = "jsonl"
)

// ParseFormat checks an input format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Text, Lines, JSONL:
		return f, nil
	}
	return "", fmt.Errorf("unknown input format %q (text, lines or jsonl)", s)
}

// Document is one input.
type Document struct {
	// Name identifies the document in outputs and errors ("-" for stdin).
	Name string
	// Open opens the document for reading. It may be called twice for a
	// document that is Rereadable: once to validate it, once to read it.
	Open func() (io.ReadCloser, error)
	// Rereadable is true for files; false for streams such as stdin, which
	// are validated while they are read.
	Rereadable bool
}

// Sink receives the run's results in input order.
type Sink interface {
	WritePair(corpus.Pair) error
	WriteFailure(corpus.Failure) error
}

// Options configure a run.
type Options struct {
	// Provider translates; normally a decorated stack.
	Provider providers.Provider
	// Lookup, if set, answers sentences before they are batched, so that
	// batches hold only misses. The cache decorator implements it.
	Lookup providers.Looker
	// Source and Target are the language codes sent to the provider.
	Source, Target string
	Format         Format
	// Split splits normalised text into sentences (normally segment.Split).
	// Required for the text and jsonl formats.
	Split func(string) []segment.Span
	// Workers is the number of concurrent provider requests.
	Workers int
	// BatchSize and BatchChars bound one request; BatchWait is the longest
	// time a partial batch waits for more sentences.
	BatchSize  int
	BatchChars int
	BatchWait  time.Duration
	// Window is the number of sentences in flight between reader and
	// writer; it bounds memory.
	Window int
	// MaxSentence is the longest sentence, in characters, translated whole;
	// see ReadOptions.MaxSentence (0: DefaultMaxSentence).
	MaxSentence int
	// Dedup is the number of distinct recent sentences remembered for
	// in-run de-duplication (default 8192); with a cache, a sentence that
	// recurs later is answered by the cache.
	Dedup int
	// Context is the number of preceding sentences of its document sent
	// with each request as Request.Context (those of the batch's first
	// sentence); 0 sends none. See providers.ContextUser.
	Context int
	// Flags returns the quality flags that depend on a pair alone; nil
	// means none. It is called once per distinct sentence, by the stage
	// that translates it or finds it in the cache, concurrently, so that
	// the writer does not do this work; it must be safe for concurrent use.
	Flags func(hi, en string) []string
	// Check returns the quality flags of a pair that depend on the pairs
	// before it (a repeat); nil means none. It is called by the writer for
	// every pair in input order, and its flags follow those of Flags.
	Check func(hi, en string) []string
	// Keep, if set, limits the run to the distinct sentences it returns
	// true for (one shard's part of the input): the others are neither
	// looked up nor translated nor written, neither as pairs nor as
	// failures, and are counted in Summary.OtherShards.
	Keep func(text string) bool
	// Drain is the longest wait, once the run stops, for the requests in
	// flight to be answered (default 2 minutes; normally the request
	// timeout). Their answers are cached and written.
	Drain time.Duration
	// OnPair, if set, is called by the writer after each sentence (pair or
	// failure), for progress reporting.
	OnPair func(written, failed int)
	Logger *slog.Logger
}

// Defaults of Options, which the configuration's defaults also are.
const (
	DefaultBatchSize  = 32
	DefaultBatchChars = 6000
	DefaultBatchWait  = 100 * time.Millisecond
	DefaultWindow     = 4096
)

func (o *Options) setDefaults() {
	if o.Format == "" {
		o.Format = Text
	}
	if o.Workers < 1 {
		o.Workers = 1
	}
	if o.BatchSize < 1 {
		o.BatchSize = DefaultBatchSize
	}
	if o.BatchChars < 1 {
		o.BatchChars = DefaultBatchChars
	}
	if o.BatchWait <= 0 {
		o.BatchWait = DefaultBatchWait
	}
	if o.Window < 1 {
		o.Window = DefaultWindow
	}
	if o.Drain <= 0 {
		o.Drain = 2 * time.Minute
	}
	if o.Dedup < 1 {
		o.Dedup = 1 << 13
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if l := o.Provider.Limits(); l.MaxSegments > 0 && l.MaxSegments < o.BatchSize {
		o.BatchSize = l.MaxSegments
	}
	if l := o.Provider.Limits(); l.MaxChars > 0 && l.MaxChars < o.BatchChars {
		o.BatchChars = l.MaxChars
	}
}

// job is one distinct sentence to translate. It is resolved exactly once:
// res is written before done is closed, and read only after. context holds
// the sentences before its first occurrence (Options.Context); the stage
// that holds the job drops it once it is no longer needed.
type job struct {
	id      string
	text    string
	chars   int // counted by the batch stage
	context []string
	done    chan struct{}
	res     providers.Result
	// flags are Options.Flags of the sentence and its translation, when
	// flagged is set: computed before done is closed.
	flags   []string
	flagged bool
}

func (j *job) resolve(r providers.Result) {
	j.res = r
	close(j.done)
}

// resolveChecked resolves j with r after computing its Options.Flags, if
// r is a translation.
func (o *Options) resolveChecked(j *job, r providers.Result) {
	if o.Flags != nil && r.Err == nil {
		j.flags, j.flagged = o.Flags(j.text, r.Text), true
	}
	j.resolve(r)
}

func (j *job) isDone() bool {
	select {
	case <-j.done:
		return true
	default:
		return false
	}
}

// item is one sentence occurrence, in input order.
type item struct {
	doc   string
	index int
	id    string
	text  string
	start int
	end   int
	job   *job
}

// counters are updated by several stages.
type counters struct {
	documents  atomic.Int64
	sentences  atomic.Int64
	unique     atomic.Int64
	cacheHits  atomic.Int64
	others     atomic.Int64
	pairs      atomic.Int64
	failures   atomic.Int64
	docErrors  []corpus.DocError
	flagCounts map[string]int
}

// Run translates docs and writes the pairs to sink, in input order. It
// returns a summary of the run; the error is non-nil when the run stopped
// early (cancellation or a permanent provider error). Per-sentence failures
// and unreadable documents are reported in the summary, not as an error.
func Run(ctx context.Context, opts Options, docs []Document, sink Sink) (corpus.Summary, error) {
	if opts.Provider == nil {
		return corpus.Summary{}, errors.New("pipeline: no provider")
	}
	if opts.Split == nil && opts.Format != Lines {
		return corpus.Summary{}, errors.New("pipeline: no sentence splitter")
	}
	opts.setDefaults()
	start := time.Now()
	c := &counters{flagCounts: map[string]int{}}
	r := &runner{opts: opts, c: c}

	g, gctx := errgroup.WithContext(ctx)
	ordered := make(chan *item, opts.Window)
	jobs := make(chan *job, opts.Window)
	misses := make(chan *job, opts.Window)
	batches := make(chan []*job, opts.Workers)

	// Requests already sent when the run stops (an interrupt, a fatal
	// error) are not cancelled: their answers are paid for, so they are
	// awaited, cached and written. They run on calls, which ends only
	// Options.Drain after the stop; the stop signal it carries keeps the
	// provider stack from sending anything new.
	calls, endCalls := context.WithCancel(providers.WithStop(context.WithoutCancel(ctx), gctx.Done()))
	defer endCalls()
	go func() {
		select {
		case <-gctx.Done():
		case <-calls.Done():
			return
		}
		t := time.NewTimer(opts.Drain)
		defer t.Stop()
		select {
		case <-t.C:
			endCalls()
		case <-calls.Done():
		}
	}()
	r.workersDone = make(chan struct{})

	g.Go(func() error { return r.read(gctx, docs, ordered, jobs) })
	found := make(chan []hit, runtime.GOMAXPROCS(0))
	g.Go(func() error { return r.lookup(gctx, jobs, misses, found) })
	for range runtime.GOMAXPROCS(0) {
		g.Go(func() error { return r.resolveHits(found) })
	}
	g.Go(func() error { return r.batch(gctx, misses, batches) })
	workers, wctx := errgroup.WithContext(gctx)
	for range opts.Workers {
		workers.Go(func() error { return r.translate(wctx, calls, batches) })
	}
	g.Go(func() error {
		defer close(r.workersDone)
		return workers.Wait()
	})
	g.Go(func() error { return r.write(gctx, ordered, sink) })
	err := g.Wait()

	elapsed := time.Since(start)
	sum := corpus.Summary{
		Provider:        opts.Provider.Name(),
		Documents:       int(c.documents.Load()),
		Sentences:       int(c.sentences.Load()),
		UniqueSentences: int(c.unique.Load()),
		Pairs:           int(c.pairs.Load()),
		CacheHits:       int(c.cacheHits.Load()),
		OtherShards:     int(c.others.Load()),
		Failures:        int(c.failures.Load()),
		DocumentErrors:  c.docErrors,
		Flags:           c.flagCounts,
		Started:         start.UTC(),
		ElapsedSeconds:  elapsed.Seconds(),
	}
	if s := elapsed.Seconds(); s > 0 {
		sum.SentencesPerSecond = float64(sum.Pairs+sum.Failures) / s
	}
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	sum.Interrupted = errors.Is(err, context.Canceled)
	return sum, err
}

type runner struct {
	opts Options
	c    *counters
	// workersDone is closed when no translation worker is left: no job is
	// resolved after that.
	workersDone chan struct{}
}

// errOtherShard resolves the jobs Options.Keep leaves to other shards; the
// writer skips their sentences.
var errOtherShard = errors.New("left to another shard")

// lookup answers new jobs from the cache, a handful at a time, and passes
// the misses on. Jobs Options.Keep refuses are resolved at once, unasked.
func (r *runner) lookup(ctx context.Context, in <-chan *job, out chan<- *job, found chan<- []hit) error {
	defer close(out)
	defer close(found)
	const most = 256
	pending := make([]*job, 0, most)
	keep := func(j *job) bool {
		if r.opts.Keep == nil || r.opts.Keep(j.text) {
			return true
		}
		r.c.others.Add(1)
		j.context = nil
		j.resolve(providers.Result{ID: j.id, Err: errOtherShard})
		return false
	}
	// stop resolves the answers in hand, which are written all the same,
	// when the run stops.
	stop := func(answered []hit) error {
		for _, h := range answered {
			r.opts.resolveChecked(h.job, h.res)
		}
		return ctx.Err()
	}
	for j := range in {
		pending = pending[:0]
		if keep(j) {
			pending = append(pending, j)
		}
	drain:
		for len(pending) < most {
			select {
			case j, ok := <-in:
				if !ok {
					break drain
				}
				if keep(j) {
					pending = append(pending, j)
				}
			default:
				break drain
			}
		}
		if len(pending) == 0 {
			continue
		}
		hits := r.lookupHits(ctx, pending)
		var answered []hit
		for i, j := range pending {
			if hits != nil && hits[i].Cached {
				res := hits[i]
				r.c.cacheHits.Add(1)
				j.context = nil
				if r.opts.Flags == nil {
					j.resolve(res)
				} else {
					answered = append(answered, hit{j, res})
				}
				continue
			}
			select {
			case out <- j:
			case <-ctx.Done():
				return stop(answered)
			}
		}
		if len(answered) > 0 {
			select {
			case found <- answered:
			case <-ctx.Done():
				return stop(answered)
			}
		}
	}
	return nil
}

// hit is a job the cache answered.
type hit struct {
	job *job
	res providers.Result
}

// resolveHits computes the Options.Flags of jobs the cache answered and
// resolves them. Several run at once, so that a rerun answered from the
// cache checks its pairs on every core.
func (r *runner) resolveHits(in <-chan []hit) error {
	for hits := range in {
		for _, h := range hits {
			r.opts.resolveChecked(h.job, h.res)
		}
	}
	return nil
}

// lookupHits returns the answers of the cache for jobs, one for each (a
// miss is not Cached), or nil.
func (r *runner) lookupHits(ctx context.Context, jobs []*job) []providers.Result {
	if r.opts.Lookup == nil {
		return nil
	}
	req := providers.Request{Source: r.opts.Source, Target: r.opts.Target, Segments: make([]providers.Segment, len(jobs))}
	for i, j := range jobs {
		req.Segments[i] = providers.Segment{ID: j.id, Text: j.text}
	}
	hits, err := r.opts.Lookup.Lookup(ctx, req)
	if err == nil && hits != nil && len(hits) != len(jobs) {
		err = fmt.Errorf("%d answers for %d sentences", len(hits), len(jobs))
	}
	if err != nil {
		if ctx.Err() == nil {
			r.opts.Logger.Warn("cache lookup failed; translating instead", "err", err)
		}
		return nil
	}
	return hits
}

// batch groups jobs into requests by count and characters, flushing a
// partial batch when BatchWait has passed since its first job, and at the
// end of input.
func (r *runner) batch(ctx context.Context, in <-chan *job, out chan<- []*job) error {
	defer close(out)
	var cur []*job
	chars := 0
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	flush := func() error {
		if len(cur) == 0 {
			return nil
		}
		timer.Stop()
		select {
		case out <- cur:
		case <-ctx.Done():
			return ctx.Err()
		}
		cur, chars = nil, 0
		return nil
	}
	for {
		select {
		case j, ok := <-in:
			if !ok {
				return flush()
			}
			// Counted here, for the sentences the cache did not answer.
			j.chars = utf8.RuneCountInString(j.text)
			if len(cur) > 0 && chars+j.chars > r.opts.BatchChars {
				if err := flush(); err != nil {
					return err
				}
			}
			if len(cur) == 0 {
				timer.Reset(r.opts.BatchWait)
			}
			cur = append(cur, j)
			chars += j.chars
			if len(cur) >= r.opts.BatchSize || chars >= r.opts.BatchChars {
				if err := flush(); err != nil {
					return err
				}
			}
		case <-timer.C:
			if err := flush(); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// translate sends batches to the provider and resolves their jobs. The
// request's context is that of the batch's first job. Requests run on
// calls (see Run), so that a request in flight when the run stops is
// answered; no batch is sent once ctx is done. A permanent error, or a
// provider declared down with no other to take its sentences, stops the
// run; any other error fails the batch's sentences, which the writer
// reports.
func (r *runner) translate(ctx, calls context.Context, in <-chan []*job) error {
	for {
		var batch []*job
		select {
		case b, ok := <-in:
			if !ok {
				return nil
			}
			batch = b
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		req := providers.Request{Source: r.opts.Source, Target: r.opts.Target, Context: batch[0].context, Segments: make([]providers.Segment, len(batch))}
		for i, j := range batch {
			req.Segments[i] = providers.Segment{ID: j.id, Text: j.text}
			j.context = nil
		}
		res, err := r.opts.Provider.Translate(calls, req)
		if err == nil && len(res) != len(batch) {
			err = fmt.Errorf("%s returned %d results for %d segments", r.opts.Provider.Name(), len(res), len(batch))
		}
		if err != nil {
			if providers.IsPermanent(err) {
				return fmt.Errorf("%s: %w", r.opts.Provider.Name(), err)
			}
			if calls.Err() != nil && !errors.Is(err, providers.ErrStopped) {
				err = fmt.Errorf("%w: %w", providers.ErrStopped, err)
			}
			for _, j := range batch {
				j.resolve(providers.Result{ID: j.id, Err: err})
			}
			if providers.IsDown(err) {
				return err
			}
			continue
		}
		var down error
		for i, j := range batch {
			rr := res[i]
			if rr.ID != j.id {
				rr = providers.Result{ID: j.id, Err: fmt.Errorf("%s answered id %q in place of %q", r.opts.Provider.Name(), rr.ID, j.id)}
			}
			if rr.Err != nil && providers.IsDown(rr.Err) && down == nil {
				down = rr.Err
			}
			r.opts.resolveChecked(j, rr)
		}
		if down != nil {
			return down
		}
	}
}

// unfinished reports a result that is no verdict on its sentence: its
// request was never sent because the run was stopping, or its provider
// (every provider of a chain) is down and the run stops. A later run
// translates the sentence.
func unfinished(res providers.Result) bool {
	return res.Err != nil && (errors.Is(res.Err, providers.ErrStopped) || providers.IsDown(res.Err))
}

// write consumes sentences in input order, waits for each translation,
// checks the pair and hands it to the sink. On cancellation it writes the
// sentences already finished, in order, up to the first unfinished one.
func (r *runner) write(ctx context.Context, in <-chan *item, sink Sink) error {
	written, failed := 0, 0
	emit := func(it *item) error {
		res := it.job.res
		if res.Err == errOtherShard {
			return nil
		}
		if res.Err != nil {
			failed++
			r.c.failures.Add(1)
			r.opts.Logger.Warn("sentence not translated", "doc", it.doc, "index", it.index, "err", res.Err)
			f := corpus.Failure{Doc: it.doc, Index: it.index, ID: it.id, Hi: it.text, Error: res.Err.Error()}
			if r.opts.Format == Lines {
				f.Line = it.index + 1
			}
			return sink.WriteFailure(f)
		}
		p := corpus.Pair{
			Doc: it.doc, Index: it.index, ID: it.id, Start: it.start, End: it.end,
			Hi: it.text, En: res.Text, Provider: res.Provider, Model: res.Model, Cached: res.Cached,
		}
		if p.Provider == "" {
			p.Provider, p.Model = r.opts.Provider.Name(), r.opts.Provider.Model()
		}
		switch {
		case it.job.flagged:
			p.Flags = it.job.flags
		case r.opts.Flags != nil:
			p.Flags = r.opts.Flags(p.Hi, p.En)
		}
		if r.opts.Check != nil {
			if more := r.opts.Check(p.Hi, p.En); len(more) > 0 {
				// A job's flags are shared by its repeats: never append to them.
				p.Flags = slices.Concat(p.Flags, more)
			}
		}
		if r.opts.Flags != nil || r.opts.Check != nil {
			for _, f := range p.Flags {
				r.c.flagCounts[f]++
			}
		}
		written++
		r.c.pairs.Add(1)
		return sink.WritePair(p)
	}
	// finish writes, once the run is stopping and the requests in flight
	// are answered, the sentences finished in order, up to the first one
	// that is not.
	finish := func(it *item) error {
		<-ctx.Done()
		<-r.workersDone
		for ; it != nil; it = <-in {
			if !it.job.isDone() || unfinished(it.job.res) {
				break
			}
			if err := emit(it); err != nil {
				return err
			}
		}
		return ctx.Err()
	}
	for it := range in {
		select {
		case <-it.job.done:
		case <-ctx.Done():
			return finish(it)
		}
		if unfinished(it.job.res) {
			// The run is stopping: a stop or a provider down comes with
			// the cancellation of ctx.
			return finish(it)
		}
		if err := emit(it); err != nil {
			return err
		}
		if r.opts.OnPair != nil {
			r.opts.OnPair(written, failed)
		}
	}
	return nil
}

// jobID numbers jobs for provider requests.
func jobID(n int64) string { return strconv.FormatInt(n, 36) }

// newDedup returns the memory of recent distinct sentences.
func newDedup(size int) *lru.Cache[string, *job] {
	c, err := lru.New[string, *job](size)
	if err != nil {
		panic(err) // only for a non-positive size, which setDefaults prevents
	}
	return c
}
