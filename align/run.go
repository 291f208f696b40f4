package align

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"golang.org/x/sync/errgroup"

	"github.com/anuvad/anuvad/corpus"
)

// Document is one side of a document pair, read into sentences.
type Document struct {
	Sentences []string
	// Start and End hold each sentence's offsets in code points in its
	// normalised document (see corpus.Pair).
	Start, End []int
}

// Reader reads the document at path into sentences.
type Reader func(ctx context.Context, path string) (Document, error)

// Job is one document pair to align: a name for outputs and the paths of
// its two sides.
type Job struct {
	Name   string
	Hi, En string
}

// Result is an aligned document pair.
type Result struct {
	Job    Job
	Hi, En Document
	Links  []Link
	// Err is why the pair could not be read or aligned.
	Err error
}

// RunOptions configure Run.
type RunOptions struct {
	// Align configures the aligner.
	Align Options
	// Read reads each side of a pair.
	Read Reader
	// Workers is the number of pairs aligned at once (default 1).
	Workers int
	// MinScore keeps links scoring below it out of the corpus pairs.
	MinScore float64
	// Check, if set, returns the quality flags of a pair.
	Check func(hi, en string) []string
}

// Writer receives aligned document pairs, in input order.
type Writer interface {
	WriteResult(r Result, pairs []corpus.Pair) error
}

// WriterFunc adapts a function to Writer.
type WriterFunc func(r Result, pairs []corpus.Pair) error

// WriteResult implements Writer.
func (f WriterFunc) WriteResult(r Result, pairs []corpus.Pair) error { return f(r, pairs) }

// Run reads and aligns every job, opts.Workers at a time, and hands each
// result to w in the order of jobs, with its corpus pairs: the links with
// both sides scoring at least opts.MinScore, their text, offsets and
// quality flags. A pair that cannot be read or aligned is handed on with
// its Err set and counted in the summary; Run itself fails only when w
// does or ctx is done.
func Run(ctx context.Context, jobs []Job, opts RunOptions, w Writer) (*corpus.AlignSummary, error) {
	workers := max(opts.Workers, 1)
	sum := &corpus.AlignSummary{Links: map[string]int{}}
	var scoreSum float64
	var scored int
	g, gctx := errgroup.WithContext(ctx)
	results := make(chan chan Result, workers)
	g.Go(func() error {
		defer close(results)
		sem := make(chan struct{}, workers)
		for _, j := range jobs {
			ch := make(chan Result, 1)
			select {
			case results <- ch:
			case <-gctx.Done():
				return gctx.Err()
			}
			select {
			case sem <- struct{}{}:
			case <-gctx.Done():
				return gctx.Err()
			}
			g.Go(func() error {
				defer func() { <-sem }()
				ch <- alignJob(gctx, j, opts)
				return nil
			})
		}
		return nil
	})
	g.Go(func() error {
		for ch := range results {
			var r Result
			select {
			case r = <-ch:
			case <-gctx.Done():
				return gctx.Err()
			}
			sum.Documents++
			if r.Err != nil {
				sum.Failed = append(sum.Failed, corpus.DocError{Doc: r.Job.Name, Offset: -1, Error: r.Err.Error()})
				if err := w.WriteResult(r, nil); err != nil {
					return err
				}
				continue
			}
			var pairs []corpus.Pair
			for i, l := range r.Links {
				sum.Links[strconv.Itoa(len(l.Hi))+"-"+strconv.Itoa(len(l.En))]++
				if !l.IsPair() {
					continue
				}
				scoreSum += l.Score
				scored++
				if l.Score < opts.MinScore {
					sum.BelowMinScore++
					continue
				}
				pairs = append(pairs, corpusPair(r, i, l, opts.Check))
			}
			sum.Pairs += len(pairs)
			if err := w.WriteResult(r, pairs); err != nil {
				return err
			}
		}
		return nil
	})
	err := g.Wait()
	if scored > 0 {
		sum.MeanScore = scoreSum / float64(scored)
	}
	return sum, err
}

func alignJob(ctx context.Context, j Job, opts RunOptions) Result {
	r := Result{Job: j}
	if r.Hi, r.Err = opts.Read(ctx, j.Hi); r.Err != nil {
		return r
	}
	if r.En, r.Err = opts.Read(ctx, j.En); r.Err != nil {
		return r
	}
	r.Links, r.Err = Align(ctx, r.Hi.Sentences, r.En.Sentences, opts.Align)
	return r
}

// corpusPair is link i of r as a corpus pair. Start and End span its
// Hindi sentences.
func corpusPair(r Result, i int, l Link, check func(hi, en string) []string) corpus.Pair {
	score := l.Score
	hi, en := l.Text(r.Hi.Sentences, r.En.Sentences)
	p := corpus.Pair{Doc: r.Job.Name, Index: i, HiLines: l.Hi, EnLines: l.En, Hi: hi, En: en, Provider: "aligned", Score: &score}
	if first, last := l.Hi[0], l.Hi[len(l.Hi)-1]; last < len(r.Hi.Start) && last < len(r.Hi.End) {
		p.Start, p.End = r.Hi.Start[first], r.Hi.End[last]
	}
	if check != nil {
		p.Flags = check(p.Hi, p.En)
	}
	return p
}

// PairFolders matches the files of two folders by name, in name order.
// keep, if set, chooses the files considered (say *.txt). Files of either
// folder without a namesake in the other are returned in unmatched, each
// with its folder.
func PairFolders(hiDir, enDir string, keep func(name string) bool) (jobs []Job, unmatched []string, err error) {
	list := func(dir string) (map[string]bool, error) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("align: %w", err)
		}
		names := map[string]bool{}
		for _, e := range entries {
			if e.IsDir() || (keep != nil && !keep(e.Name())) {
				continue
			}
			names[e.Name()] = true
		}
		return names, nil
	}
	hi, err := list(hiDir)
	if err != nil {
		return nil, nil, err
	}
	en, err := list(enDir)
	if err != nil {
		return nil, nil, err
	}
	for name := range hi {
		if en[name] {
			jobs = append(jobs, Job{Name: name, Hi: filepath.Join(hiDir, name), En: filepath.Join(enDir, name)})
		} else {
			unmatched = append(unmatched, filepath.Join(hiDir, name))
		}
	}
	for name := range en {
		if !hi[name] {
			unmatched = append(unmatched, filepath.Join(enDir, name))
		}
	}
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].Name < jobs[b].Name })
	sort.Strings(unmatched)
	return jobs, unmatched, nil
}
