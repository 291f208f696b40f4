package batchrun_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/cache/storetest"
	"github.com/anuvad/anuvad/internal/batchrun"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/openai"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
	"github.com/anuvad/anuvad/providers/providertest"
)

// store is a cache with batch job records.
type store interface {
	cache.Store
	cache.JobStore
}

// eachStore runs body on a fresh SQLite cache and, when
// ANUVAD_TEST_POSTGRES names a server, on a fresh PostgreSQL one.
func eachStore(t *testing.T, body func(t *testing.T, st store)) {
	t.Run("sqlite", func(t *testing.T) { body(t, openStore(t, filepath.Join(t.TempDir(), "cache.db"))) })
	t.Run("postgres", func(t *testing.T) { body(t, openStore(t, storetest.PostgresURL(t))) })
}

func openStore(t *testing.T, location string) store {
	t.Helper()
	s, err := cache.Open(context.Background(), location)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s.(store)
}

// setup returns a batch-mode provider on a fake server.
func setup(t *testing.T, o openaitest.Options) (*openaitest.Server, *openai.Provider) {
	t.Helper()
	s := openaitest.NewServer(t, o)
	p, err := openai.New(openai.Options{BaseURL: s.BaseURL(), Mode: openai.ModeBatch, BatchPoll: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return s, p
}

func requests(n int) []providers.Request {
	var out []providers.Request
	for i := range n {
		out = append(out, providers.Request{Source: "hi", Target: "en", Segments: []providers.Segment{
			{ID: "a", Text: fmt.Sprintf("पहला %d।", i)}, {ID: "b", Text: fmt.Sprintf("दूसरा %d।", i)},
		}})
	}
	return out
}

func options(p *openai.Provider, store store) batchrun.Options {
	set, _ := p.BatchMode()
	return batchrun.Options{Provider: p, Store: store, Jobs: store, Source: "hi", Target: "en", Settings: set}
}

// cached asserts that every segment of reqs is cached with the fake's
// translation.
func cached(t *testing.T, p *openai.Provider, store store, reqs []providers.Request) {
	t.Helper()
	g := batchrun.NewGatherer(p, store, "hi", "en")
	for _, q := range reqs {
		found, err := g.Lookup(context.Background(), q)
		hits := providertest.Answered(found)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range q.Segments {
			if h, ok := hits[s.ID]; !ok || h.Text != openaitest.Translate(s.Text) {
				t.Errorf("%q cached as %+v", s.Text, h)
			}
		}
	}
}

// placeholder records a submission of reqs that never got an answer.
func placeholder(t *testing.T, p *openai.Provider, store store, tag string, age time.Duration, reqs []providers.Request) {
	t.Helper()
	j := cache.Job{ID: batchrun.SubmittingPrefix + tag, Provider: p.Name(), Model: p.Model(), Fingerprint: p.Fingerprint(),
		Source: "hi", Target: "en", Status: batchrun.StatusSubmitting, Submitted: time.Now().Add(-age)}
	for i, q := range reqs {
		jr := cache.JobRequest{CustomID: fmt.Sprintf("r%d", i+1)}
		for _, s := range q.Segments {
			jr.Texts = append(jr.Texts, s.Text)
		}
		j.Requests = append(j.Requests, jr)
	}
	if err := store.PutJob(context.Background(), j); err != nil {
		t.Fatal(err)
	}
}

func TestRunSplitsIntoFilesAndCaches(t *testing.T) {
	eachStore(t, func(t *testing.T, store store) {
		s, p := setup(t, openaitest.Options{})
		p2, err := openai.New(openai.Options{BaseURL: s.BaseURL(), Mode: openai.ModeBatch, BatchPoll: time.Millisecond, BatchMaxRequests: 2})
		if err != nil {
			t.Fatal(err)
		}
		reqs := requests(5)
		var progress strings.Builder
		o := options(p2, store)
		o.Progress = &progress
		rep, err := batchrun.Run(context.Background(), o, reqs)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Submitted) != 3 || len(s.Jobs()) != 3 || rep.Collected != 10 || len(rep.Unanswered) != 0 {
			t.Fatalf("report %+v, %d jobs at the fake; want 3 jobs of at most 2 requests", rep, len(s.Jobs()))
		}
		cached(t, p, store, reqs)
		for _, j := range s.Jobs() {
			if !strings.Contains(progress.String(), "batch "+j.ID+": completed") {
				t.Errorf("no progress for %s:\n%s", j.ID, progress.String())
			}
		}
		all, err := store.Jobs(context.Background(), false)
		if err != nil || len(all) != 3 {
			t.Fatalf("records %+v, %v", all, err)
		}
		for _, j := range all {
			if j.Open() || j.Status != "completed" || strings.HasPrefix(j.ID, batchrun.SubmittingPrefix) {
				t.Errorf("record %+v, want completed and collected", j)
			}
		}
	})
}

func TestRunAdoptsAJobWhoseSubmissionWasNotAnswered(t *testing.T) {
	eachStore(t, func(t *testing.T, store store) {
		s, p := setup(t, openaitest.Options{})
		reqs := requests(2)
		// A job created at the service, whose creator died before recording it.
		var lines []providers.BatchLine
		for i, q := range reqs {
			lines = append(lines, providers.BatchLine{ID: fmt.Sprintf("r%d", i+1), Request: q})
		}
		if _, err := p.SubmitBatch(context.Background(), lines, "lost"); err != nil {
			t.Fatal(err)
		}
		placeholder(t, p, store, "lost", time.Hour, reqs)
		rep, err := batchrun.Run(context.Background(), options(p, store), reqs)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Jobs()) != 1 || len(rep.Submitted) != 0 || len(rep.Earlier) != 1 || rep.Earlier[0].ID != s.Jobs()[0].ID {
			t.Fatalf("report %+v, jobs %+v; want the lost job adopted and nothing submitted", rep, s.Jobs())
		}
		cached(t, p, store, reqs)
		all, _ := store.Jobs(context.Background(), false)
		if len(all) != 1 || all[0].ID != s.Jobs()[0].ID {
			t.Errorf("records %+v, want only the adopted job", all)
		}
	})
}

func TestRunReleasesASubmissionThatNeverHappened(t *testing.T) {
	eachStore(t, func(t *testing.T, store store) {
		s, p := setup(t, openaitest.Options{})
		reqs := requests(2)
		placeholder(t, p, store, "never", time.Hour, reqs)
		rep, err := batchrun.Run(context.Background(), options(p, store), reqs)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Jobs()) != 1 || len(rep.Submitted) != 1 || len(rep.Unanswered) != 0 {
			t.Fatalf("report %+v, %d jobs; want the sentences submitted anew", rep, len(s.Jobs()))
		}
		cached(t, p, store, reqs)
	})
}

func TestRunLeavesASubmissionInProgressAlone(t *testing.T) {
	eachStore(t, func(t *testing.T, store store) {
		s, p := setup(t, openaitest.Options{})
		reqs := requests(2)
		placeholder(t, p, store, "now", 0, reqs[:1])
		rep, err := batchrun.Run(context.Background(), options(p, store), reqs)
		if err != nil {
			t.Fatal(err)
		}
		byJob := map[string][]string{}
		for _, r := range s.Requests() {
			byJob[r.Batch] = append(byJob[r.Batch], r.Texts()...)
		}
		if len(s.Jobs()) != 1 || len(byJob[s.Jobs()[0].ID]) != 2 || len(rep.Unanswered) != 2 {
			t.Fatalf("report %+v, sent %v; want only the second request submitted, the first unanswered", rep, byJob)
		}
		for _, err := range rep.Unanswered {
			if !strings.Contains(err.Error(), "another run is submitting") {
				t.Errorf("unanswered because %v", err)
			}
		}
		if open, _ := store.Jobs(context.Background(), true); len(open) != 1 || open[0].Status != batchrun.StatusSubmitting {
			t.Errorf("open records %+v, want the other run's submission kept", open)
		}
	})
}

func TestRunStopsOnARefusedSubmission(t *testing.T) {
	eachStore(t, func(t *testing.T, store store) {
		s := openaitest.NewServer(t, openaitest.Options{Key: "sk-right"})
		p, err := openai.New(openai.Options{BaseURL: s.BaseURL(), APIKey: "sk-wrong", Mode: openai.ModeBatch, BatchPoll: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		_, err = batchrun.Run(context.Background(), options(p, store), requests(1))
		if !providers.IsPermanent(err) {
			t.Errorf("err = %v, want the permanent authentication error", err)
		}
		if all, _ := store.Jobs(context.Background(), false); len(all) != 0 {
			t.Errorf("records %+v left after a refused submission", all)
		}
	})
}

func TestAnsweringSendsOnlyWhatIsNotUnanswered(t *testing.T) {
	_, p := setup(t, openaitest.Options{})
	fail := errors.New("expired twice")
	k := cache.Key{Provider: p.Name(), Model: p.Model(), Fingerprint: p.Fingerprint(), Source: "hi", Target: "en", Text: "पहला 0।"}
	a := batchrun.Answering(p, p, "hi", "en", map[string]error{k.Hash(): fail})
	res, err := a.Translate(context.Background(), requests(1)[0])
	if err != nil || len(res) != 2 {
		t.Fatalf("Translate = %+v, %v", res, err)
	}
	if !errors.Is(res[0].Err, fail) || !errors.Is(res[0].Err, batchrun.ErrUnanswered) || res[0].ID != "a" {
		t.Errorf("unanswered segment: %+v", res[0])
	}
	if res[1].Err != nil || res[1].Text != openaitest.Translate("दूसरा 0।") || res[1].ID != "b" {
		t.Errorf("other segment: %+v", res[1])
	}
}
