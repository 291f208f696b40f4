// Package batchrun translates the cache misses of a run through a
// provider's batch service (providers.Batcher), durably:
//
//	gather misses → skip those in open recorded jobs → plan input files →
//	submit → record → poll → collect → validate → cache → ask failures again
//
// Every job is recorded in the store's cache.JobStore before anything waits
// on it, so a run that is killed or interrupted loses nothing: the next run
// with the same input finds the open jobs, submits none of their segments
// again and collects them when they finish. A job that failed, expired or
// was cancelled releases the segments it did not answer. Segments a job
// failed to translate are asked again in a follow-up job, or left to the
// provider's synchronous path when the provider says so
// (BatchSettings.RetryByChat).
//
// The runner waits, polls and caches; the provider only calls its service.
package batchrun

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/middleware"
)

// DefaultRounds bounds the follow-up jobs of a run.
const DefaultRounds = 3

// Options configure Run.
type Options struct {
	// Provider is the raw provider whose batch service is used; it names
	// the cache keys and must implement providers.Batcher.
	Provider providers.Provider
	// Store receives the valid translations; Jobs records the jobs (the
	// same store, normally).
	Store cache.Store
	Jobs  cache.JobStore
	// Source and Target are the run's languages.
	Source, Target string
	// Settings are the provider's batch settings.
	Settings providers.BatchSettings
	// Reserve, if set, is told the characters and requests of each job
	// before it is submitted; an error stops the run (the budget).
	Reserve func(chars, requests int64) error
	// Detach submits and returns without waiting.
	Detach bool
	// Rounds bounds the follow-up jobs (default DefaultRounds).
	Rounds int
	// Progress receives a line whenever a job's counts change; nil for
	// none.
	Progress io.Writer
	Logger   *slog.Logger
}

// Report says what a run did.
type Report struct {
	// Submitted are the jobs submitted by this run, in order.
	Submitted []cache.Job
	// Earlier are the open jobs recorded by earlier runs that hold some of
	// this run's segments.
	Earlier []cache.Job
	// Reused counts segments found in open jobs recorded earlier.
	Reused int
	// Collected counts segments whose translation was cached.
	Collected int
	// Unanswered holds, by cache key hash, the segments still without a
	// translation and why (empty when detached).
	Unanswered map[string]error
}

// Run translates the segments of reqs through the batch service and caches
// the answers. reqs are requests of at most the provider's limits, as a
// Gatherer collects them.
func Run(ctx context.Context, o Options, reqs []providers.Request) (Report, error) {
	b, ok := o.Provider.(providers.Batcher)
	if !ok {
		return Report{}, fmt.Errorf("%s has no batch service", o.Provider.Name())
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	if o.Rounds <= 0 {
		o.Rounds = DefaultRounds
	}
	r := &runner{o: o, b: b, seen: map[string]string{}, report: Report{Unanswered: map[string]error{}}}
	return r.run(ctx, reqs)
}

type runner struct {
	o      Options
	b      providers.Batcher
	report Report
	// seen holds the progress line last shown for each job, by id.
	seen map[string]string
}

func (r *runner) key(text string) cache.Key {
	return keyOf(r.o.Provider, r.o.Source, r.o.Target, text)
}

// mine reports whether a recorded job was made for this provider, model,
// options and language pair.
func (r *runner) mine(j cache.Job) bool {
	p := r.o.Provider
	return j.Provider == p.Name() && j.Model == p.Model() && j.Fingerprint == p.Fingerprint() && j.Source == r.o.Source && j.Target == r.o.Target
}

func (r *runner) run(ctx context.Context, reqs []providers.Request) (Report, error) {
	need := map[string]bool{}
	for _, q := range reqs {
		for _, s := range q.Segments {
			need[r.key(s.Text).Hash()] = true
		}
	}
	open, err := r.o.Jobs.Jobs(ctx, true)
	if err != nil {
		return r.report, err
	}
	var watch []cache.Job
	pending := map[string]bool{}
	elsewhere := map[string]bool{} // needed keys another run is submitting now
	for _, j := range open {
		if !r.mine(j) {
			continue
		}
		if j.Status == StatusSubmitting {
			adopted, busy, err := r.resolve(ctx, j)
			switch {
			case err != nil:
				return r.report, err
			case busy:
				for _, k := range j.Keys() {
					pending[k.Hash()] = true
					if need[k.Hash()] {
						elsewhere[k.Hash()] = true
					}
				}
				continue
			case adopted == nil:
				continue
			}
			j = *adopted
		}
		mine := 0
		for _, k := range j.Keys() {
			h := k.Hash()
			pending[h] = true
			if need[h] {
				mine++
			}
		}
		if mine > 0 {
			r.report.Reused += mine
			watch = append(watch, j)
			fmt.Fprintf(r.o.Progress, "batch %s: recorded earlier (%s), holds %d of these sentences; they are not submitted again\n", j.ID, j.Status, mine)
		}
	}
	r.report.Earlier = append([]cache.Job(nil), watch...)
	if len(watch) > 0 {
		r.o.Logger.Info("batch jobs recorded earlier hold some of the sentences; they are not submitted again", "jobs", len(watch), "segments", r.report.Reused)
	}
	defer func() {
		for h := range elsewhere {
			r.report.Unanswered[h] = errSubmittedElsewhere
		}
	}()
	todo := withoutKeys(reqs, pending, r.key)
	for round := 0; ; round++ {
		if len(todo) > 0 {
			jobs, err := r.submit(ctx, todo)
			watch = append(watch, jobs...)
			if err != nil {
				return r.report, err
			}
		}
		if r.o.Detach {
			return r.report, nil
		}
		failed, err := r.wait(ctx, watch, need)
		if err != nil {
			return r.report, err
		}
		watch = nil
		if len(failed) == 0 {
			return r.report, nil
		}
		if r.o.Settings.RetryByChat || round >= r.o.Rounds {
			for _, f := range failed {
				r.report.Unanswered[r.key(f.text).Hash()] = f.err
			}
			return r.report, nil
		}
		todo = r.lines(failed)
		r.o.Logger.Info("asking again in a follow-up batch job", "segments", len(failed), "round", round+1)
	}
}

// withoutKeys drops the segments of reqs whose key is in skip.
func withoutKeys(reqs []providers.Request, skip map[string]bool, key func(string) cache.Key) []providers.Request {
	var out []providers.Request
	for _, q := range reqs {
		keep := providers.Request{Source: q.Source, Target: q.Target, Context: q.Context}
		for _, s := range q.Segments {
			if !skip[key(s.Text).Hash()] {
				keep.Segments = append(keep.Segments, s)
			}
		}
		if len(keep.Segments) > 0 {
			out = append(out, keep)
		}
	}
	return out
}

// failure is a segment a job did not translate.
type failure struct {
	text    string
	context []string
	err     error
}

// lines groups failed segments into requests within the provider's limits.
func (r *runner) lines(failed []failure) []providers.Request {
	segs := make([]providers.Segment, len(failed))
	for i, f := range failed {
		segs[i] = providers.Segment{ID: strconv.Itoa(i), Text: f.text}
	}
	var out []providers.Request
	for _, idx := range providers.Chunk(segs, providers.Indexes(len(segs)), r.o.Provider.Limits()) {
		q := providers.Request{Source: r.o.Source, Target: r.o.Target, Context: failed[idx[0]].context}
		for _, i := range idx {
			q.Segments = append(q.Segments, segs[i])
		}
		out = append(out, q)
	}
	return out
}

// StatusSubmitting is the status of a job's record while it is being
// submitted: the record is written, under the id SubmittingPrefix + tag,
// before the job is created at the service and replaced by the real
// record once the service answers. A run that finds one left over (its
// submitter died before hearing back) asks the service for the job by tag:
// it adopts the job if it exists and releases the segments if not.
const (
	StatusSubmitting = "submitting"
	SubmittingPrefix = "submitting-"
)

// submitGrace is how long a submission may take: a record younger than
// this that the service does not know yet may belong to a run submitting
// right now, and is left alone.
const submitGrace = 2 * time.Minute

var errSubmittedElsewhere = errors.New("another run is submitting this sentence as a batch job right now; run again later to collect it")

// resolve settles a submitting record left by an earlier run: the job it
// became (adopted, now recorded under its id), or busy when it may still
// be on its way, or neither when it was released or is recorded already.
func (r *runner) resolve(ctx context.Context, j cache.Job) (adopted *cache.Job, busy bool, err error) {
	tag := strings.TrimPrefix(j.ID, SubmittingPrefix)
	bj, found, err := r.b.FindBatch(ctx, tag)
	if err != nil {
		return nil, false, err
	}
	if !found {
		if time.Since(j.Submitted) < submitGrace {
			return nil, true, nil
		}
		r.o.Logger.Warn("a batch job submission was never answered and no such job exists; its sentences are released", "record", j.ID)
		return nil, false, r.o.Jobs.DeleteJob(ctx, j.ID)
	}
	if _, err := r.o.Jobs.Job(ctx, bj.ID); err == nil {
		return nil, false, r.o.Jobs.DeleteJob(ctx, j.ID)
	}
	real := j
	real.ID, real.InputFile, real.Status = bj.ID, bj.InputFile, bj.Status
	real.Total, real.Completed, real.Failed = bj.Total, bj.Completed, bj.Failed
	if err := r.o.Jobs.PutJob(ctx, real); err != nil {
		return nil, false, err
	}
	r.o.Logger.Info("adopted a batch job whose submission was never answered", "job", real.ID)
	return &real, false, r.o.Jobs.DeleteJob(ctx, j.ID)
}

// newTag returns a random submission tag.
func newTag() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // never fails
	return hex.EncodeToString(b[:])
}

// submit plans input files for reqs, submits a job for each and records
// it before going on.
func (r *runner) submit(ctx context.Context, reqs []providers.Request) ([]cache.Job, error) {
	lines := make([]providers.BatchLine, len(reqs))
	for i, q := range reqs {
		lines[i] = providers.BatchLine{ID: customID(i+1, q, r.key), Request: q}
	}
	var jobs []cache.Job
	for _, group := range r.b.PlanBatch(lines) {
		if r.o.Reserve != nil {
			chars := 0
			for _, l := range group {
				chars += l.Request.Chars()
			}
			if err := r.o.Reserve(int64(chars), int64(len(group))); err != nil {
				return jobs, err
			}
		}
		p := r.o.Provider
		tag := newTag()
		j := cache.Job{
			ID: SubmittingPrefix + tag, Provider: p.Name(), Model: p.Model(), Fingerprint: p.Fingerprint(), Source: r.o.Source, Target: r.o.Target,
			Status: StatusSubmitting, Total: len(group), Submitted: time.Now().UTC(),
		}
		for _, l := range group {
			jr := cache.JobRequest{CustomID: l.ID, Context: l.Request.Context}
			for _, s := range l.Request.Segments {
				jr.Texts = append(jr.Texts, s.Text)
			}
			j.Requests = append(j.Requests, jr)
		}
		if err := r.o.Jobs.PutJob(ctx, j); err != nil {
			return jobs, err
		}
		placeholder := j.ID
		bj, err := r.submitOne(ctx, group, tag)
		if err != nil {
			if ctx.Err() == nil {
				// Refused for good: no job exists.
				_ = r.o.Jobs.DeleteJob(context.WithoutCancel(ctx), placeholder)
			}
			return jobs, err
		}
		j.ID, j.InputFile, j.Status = bj.ID, bj.InputFile, bj.Status
		j.Total, j.Completed, j.Failed = bj.Total, bj.Completed, bj.Failed
		if err := r.o.Jobs.PutJob(ctx, j); err != nil {
			return jobs, fmt.Errorf("batch job %s was submitted but could not be recorded (a later run finds it again): %w", bj.ID, err)
		}
		if err := r.o.Jobs.DeleteJob(ctx, placeholder); err != nil {
			return jobs, err
		}
		jobs = append(jobs, j)
		r.report.Submitted = append(r.report.Submitted, j)
		fmt.Fprintf(r.o.Progress, "batch %s: submitted %d requests, %d sentences (input file %s)\n", j.ID, len(j.Requests), j.Segments(), j.InputFile)
	}
	return jobs, nil
}

// submitOne submits one input file, trying again a few times, a poll
// interval apart, when the service fails transiently.
func (r *runner) submitOne(ctx context.Context, group []providers.BatchLine, tag string) (providers.BatchJob, error) {
	const attempts = 3
	for a := 1; ; a++ {
		bj, err := r.b.SubmitBatch(ctx, group, tag)
		if err == nil {
			return bj, nil
		}
		if ctx.Err() != nil || providers.IsPermanent(err) || a == attempts {
			return bj, fmt.Errorf("submit batch job: %w", err)
		}
		// The job may exist even though the answer was lost.
		if bj, found, ferr := r.b.FindBatch(ctx, tag); ferr == nil && found {
			return bj, nil
		}
		r.o.Logger.Warn("batch job not submitted; trying again", "attempt", a, "err", err)
		if err := middleware.Sleep(ctx, r.o.Settings.Poll); err != nil {
			return bj, err
		}
	}
}

// customID names a request in a job's files: its line number and a digest
// of its segments' keys.
func customID(n int, q providers.Request, key func(string) cache.Key) string {
	h := sha256.New()
	for _, s := range q.Segments {
		h.Write([]byte(key(s.Text).Hash()))
	}
	return "r" + strconv.Itoa(n) + "-" + hex.EncodeToString(h.Sum(nil)[:8])
}

// wait polls the jobs until each has finished and been collected, and
// returns the segments they failed to translate that this run needs.
func (r *runner) wait(ctx context.Context, jobs []cache.Job, need map[string]bool) ([]failure, error) {
	var failed []failure
	for len(jobs) > 0 {
		var still []cache.Job
		for _, j := range jobs {
			bj, err := r.b.BatchStatus(ctx, j.ID)
			if errors.Is(err, providers.ErrBatchNotFound) {
				// Nothing to collect: the job's segments are released.
				r.o.Logger.Warn("the service does not know a recorded batch job; its sentences are asked again", "job", j.ID, "err", err)
				bj = providers.BatchJob{ID: j.ID, Status: "not_found", Total: j.Total, Finished: true}
				err = nil
			}
			if err != nil {
				if ctx.Err() != nil || providers.IsPermanent(err) {
					return nil, err
				}
				r.o.Logger.Warn("batch job status unknown; looking again later", "job", j.ID, "err", err)
				still = append(still, j)
				continue
			}
			r.show(bj)
			st := cache.JobState{Status: bj.Status, Total: bj.Total, Completed: bj.Completed, Failed: bj.Failed}
			if !bj.Finished {
				if err := r.o.Jobs.SetJobState(ctx, j.ID, st); err != nil {
					return nil, err
				}
				still = append(still, j)
				continue
			}
			f, err := r.collect(ctx, j, bj)
			if err != nil {
				if ctx.Err() != nil || providers.IsPermanent(err) {
					return nil, err
				}
				r.o.Logger.Warn("batch job results not collected; trying again later", "job", j.ID, "err", err)
				still = append(still, j)
				continue
			}
			st.Collected = time.Now().UTC()
			if err := r.o.Jobs.SetJobState(ctx, j.ID, st); err != nil {
				return nil, err
			}
			for _, x := range f {
				if need[r.key(x.text).Hash()] {
					failed = append(failed, x)
				}
			}
		}
		jobs = still
		if len(jobs) > 0 {
			if err := middleware.Sleep(ctx, r.o.Settings.Poll); err != nil {
				return nil, err
			}
		}
	}
	return failed, nil
}

// show prints a job's progress when it changed.
func (r *runner) show(bj providers.BatchJob) {
	line := fmt.Sprintf("batch %s: %s, %d completed, %d failed of %d requests", bj.ID, bj.Status, bj.Completed, bj.Failed, bj.Total)
	if r.seen[bj.ID] == line {
		return
	}
	r.seen[bj.ID] = line
	fmt.Fprintln(r.o.Progress, line)
}

// collect downloads the results of a finished job, caches every valid
// translation and returns the segments without one.
func (r *runner) collect(ctx context.Context, j cache.Job, bj providers.BatchJob) ([]failure, error) {
	lines := make([]providers.BatchLine, len(j.Requests))
	for i, jr := range j.Requests {
		q := providers.Request{Source: j.Source, Target: j.Target, Context: jr.Context}
		for n, t := range jr.Texts {
			q.Segments = append(q.Segments, providers.Segment{ID: strconv.Itoa(n), Text: t})
		}
		lines[i] = providers.BatchLine{ID: jr.CustomID, Request: q}
	}
	answers, err := r.b.BatchResults(ctx, bj, lines)
	if err != nil {
		return nil, err
	}
	var failed []failure
	var entries []cache.Entry
	for _, l := range lines {
		a, ok := answers[l.ID]
		for n, s := range l.Request.Segments {
			var err error
			switch {
			case !ok && len(bj.Errors) > 0:
				err = fmt.Errorf("batch job %s (%s) did not answer request %s: %s", j.ID, bj.Status, l.ID, strings.Join(bj.Errors, "; "))
			case !ok:
				err = fmt.Errorf("batch job %s (%s) did not answer request %s", j.ID, bj.Status, l.ID)
			case a.Err != nil:
				err = a.Err
			case n >= len(a.Results):
				err = fmt.Errorf("batch job %s: request %s has no result for segment %d", j.ID, l.ID, n)
			case a.Results[n].Err != nil:
				err = a.Results[n].Err
			case strings.TrimSpace(a.Results[n].Text) == "":
				err = fmt.Errorf("batch job %s: empty translation", j.ID)
			}
			if err != nil {
				failed = append(failed, failure{text: s.Text, context: l.Request.Context, err: err})
				continue
			}
			entries = append(entries, cache.Entry{Key: r.key(s.Text), Translation: a.Results[n].Text})
		}
	}
	if err := r.o.Store.Put(ctx, entries); err != nil {
		return nil, err
	}
	r.report.Collected += len(entries)
	if len(failed) > 0 {
		r.o.Logger.Warn("batch job left segments without a translation; they are asked again", "job", j.ID, "status", bj.Status, "segments", len(failed), "first_error", failed[0].err)
	}
	return failed, nil
}

// ErrUnanswered is the error of a segment no batch job translated.
var ErrUnanswered = errors.New("not translated by the batch jobs")

// Answering returns p with the segments in unanswered (by cache key hash of
// raw, for the language pair) answered with their error instead of sent:
// what the batch jobs could not translate is reported, not paid for again
// at the full price. When p is a fallback chain, only its first member
// answers so, and the next members still get those segments.
func Answering(p, raw providers.Provider, source, target string, unanswered map[string]error) providers.Provider {
	if len(unanswered) == 0 {
		return p
	}
	if c, ok := p.(*middleware.Chain); ok {
		ms := c.Providers()
		ms[0] = Answering(ms[0], raw, source, target, unanswered)
		return middleware.Fallback(ms...)
	}
	return &answering{inner: p, raw: raw, source: source, target: target, errs: unanswered}
}

type answering struct {
	inner, raw     providers.Provider
	source, target string
	errs           map[string]error
}

var (
	_ providers.Provider = (*answering)(nil)
	_ providers.Wrapper  = (*answering)(nil)
)

func (a *answering) Name() string               { return a.inner.Name() }
func (a *answering) Model() string              { return a.inner.Model() }
func (a *answering) Fingerprint() string        { return a.inner.Fingerprint() }
func (a *answering) Limits() providers.Limits   { return a.inner.Limits() }
func (a *answering) Unwrap() providers.Provider { return a.inner }

func (a *answering) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	out := make([]providers.Result, len(req.Segments))
	rest := providers.Request{Source: req.Source, Target: req.Target, Context: req.Context}
	var at []int
	for i, s := range req.Segments {
		if err, ok := a.errs[keyOf(a.raw, a.source, a.target, s.Text).Hash()]; ok {
			out[i] = providers.Result{ID: s.ID, Err: fmt.Errorf("%w: %w", ErrUnanswered, err)}
			continue
		}
		rest.Segments = append(rest.Segments, s)
		at = append(at, i)
	}
	if len(rest.Segments) == 0 {
		return out, nil
	}
	res, err := a.inner.Translate(ctx, rest)
	if err != nil {
		return nil, err
	}
	if len(res) != len(at) {
		return nil, fmt.Errorf("%s returned %d results for %d segments", a.inner.Name(), len(res), len(at))
	}
	for j, i := range at {
		out[i] = res[j]
	}
	return out, nil
}
