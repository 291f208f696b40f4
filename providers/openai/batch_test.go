package openai_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/openai"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
)

// batchLines makes n lines of two segments each, with context.
func batchLines(n int) []providers.BatchLine {
	var out []providers.BatchLine
	for i := range n {
		out = append(out, providers.BatchLine{ID: fmt.Sprintf("r%d", i+1), Request: providers.Request{
			Source: "hi", Target: "en", Context: []string{fmt.Sprintf("संदर्भ %d।", i)},
			Segments: []providers.Segment{{ID: "0", Text: fmt.Sprintf("वाक्य %d क।", i)}, {ID: "1", Text: fmt.Sprintf("वाक्य %d ख।", i)}},
		}})
	}
	return out
}

// finish polls a job until the service has finished it.
func finish(t *testing.T, p *openai.Provider, id string) providers.BatchJob {
	t.Helper()
	for range 100 {
		j, err := p.BatchStatus(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Finished {
			return j
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("job %s never finished", id)
	return providers.BatchJob{}
}

func TestBatchSendsTheChatRequestBody(t *testing.T) {
	s := newServer(t, "sk-test", nil)
	p := newProvider(t, s, "sk-test", openai.Options{Mode: openai.ModeBatch, Context: 1, Glossary: []string{"लोकसभा=Lok Sabha"}})
	if set, on := p.BatchMode(); !on || set.Poll != openai.DefaultBatchPoll || set.RetryByChat {
		t.Errorf("BatchMode = %+v, %v; want batch, 30s, follow-up batches", set, on)
	}
	lines := batchLines(3)
	job, err := p.SubmitBatch(context.Background(), lines, "tag")
	if err != nil {
		t.Fatal(err)
	}
	jobs := s.Jobs()
	if len(jobs) != 1 || jobs[0].ID != job.ID || jobs[0].Window != "24h" || !slices.Equal(jobs[0].CustomIDs, []string{"r1", "r2", "r3"}) {
		t.Fatalf("server jobs %+v, submitted %+v", jobs, job)
	}
	// The input file: one POST /v1/chat/completions line per request.
	data, _ := s.FileContent(job.InputFile)
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		var l struct {
			CustomID string          `json:"custom_id"`
			Method   string          `json:"method"`
			URL      string          `json:"url"`
			Body     json.RawMessage `json:"body"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil || l.Method != http.MethodPost || l.URL != "/v1/chat/completions" || l.CustomID != lines[n].ID {
			t.Errorf("input line %d: %s (%v)", n+1, sc.Text(), err)
		}
		n++
	}
	if n != 3 {
		t.Errorf("%d input lines, want 3", n)
	}
	done := finish(t, p, job.ID)
	if done.Status != "completed" || done.Total != 3 || done.Completed != 3 || done.Failed != 0 {
		t.Errorf("finished job %+v", done)
	}
	answers, err := p.BatchResults(context.Background(), done, lines)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		a := answers[l.ID]
		if a.Err != nil || len(a.Results) != 2 {
			t.Fatalf("answer %s = %+v", l.ID, a)
		}
		for i, r := range a.Results {
			if r.Err != nil || r.ID != l.Request.Segments[i].ID || r.Text != translation(l.Request.Segments[i].Text) || r.Provider != "openai" {
				t.Errorf("answer %s result %d = %+v", l.ID, i, r)
			}
		}
	}
	// The same requests by chat carry the very same messages.
	batched := s.Requests()
	for _, l := range lines {
		if _, err := p.Translate(context.Background(), l.Request); err != nil {
			t.Fatal(err)
		}
	}
	all := s.Requests()
	chat := all[len(batched):]
	if len(chat) != 3 {
		t.Fatalf("%d chat requests, want 3", len(chat))
	}
	for i := range chat {
		if batched[i].Batch != job.ID || chat[i].Batch != "" {
			t.Errorf("request %d: carried by %q and %q", i, batched[i].Batch, chat[i].Batch)
		}
		if !reflect.DeepEqual(batched[i].Messages, chat[i].Messages) || !reflect.DeepEqual(batched[i].ResponseFormat, chat[i].ResponseFormat) || *batched[i].Temperature != *chat[i].Temperature {
			t.Errorf("request %d differs between batch and chat:\n%+v\n%+v", i, batched[i], chat[i])
		}
	}
}

func TestBatchPlanKeepsFilesWithinLimits(t *testing.T) {
	s := newServer(t, "", nil)
	lines := batchLines(7)
	p := newProvider(t, s, "", openai.Options{Mode: openai.ModeBatch, BatchMaxRequests: 3})
	var sizes []int
	for _, g := range p.PlanBatch(lines) {
		sizes = append(sizes, len(g))
	}
	if !slices.Equal(sizes, []int{3, 3, 1}) {
		t.Errorf("groups by requests %v, want [3 3 1]", sizes)
	}
	// About two and a half lines a file by bytes: every file holds two.
	one, err := p.SubmitBatch(context.Background(), lines[:1], "tag")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := s.FileContent(one.InputFile)
	limit := len(data)*5/2 + 2
	p = newProvider(t, s, "", openai.Options{Mode: openai.ModeBatch, BatchMaxBytes: limit})
	groups := p.PlanBatch(lines)
	sizes = sizes[:0]
	var got []providers.BatchLine
	for _, g := range groups {
		sizes = append(sizes, len(g))
		got = append(got, g...)
		job, err := p.SubmitBatch(context.Background(), g, "tag")
		if err != nil {
			t.Fatal(err)
		}
		if data, _ := s.FileContent(job.InputFile); len(data) > limit {
			t.Errorf("input file of %d bytes, the limit is %d", len(data), limit)
		}
	}
	if !slices.Equal(sizes, []int{2, 2, 2, 1}) || !reflect.DeepEqual(got, lines) {
		t.Errorf("groups by bytes %v (limit %d, a line %d bytes)", sizes, limit, len(data))
	}
}

func TestBatchResultsFaults(t *testing.T) {
	lines := batchLines(5)
	var s *openaitest.Server
	s = openaitest.NewServer(t, openaitest.Options{
		// r2 fails with a 500, r3 is missing from both files.
		BatchFault: func(_, line int, _ string) int {
			return map[int]int{2: http.StatusInternalServerError, 3: -1}[line]
		},
		Fault: func(_ int, w http.ResponseWriter, _ *http.Request, req *openaitest.Request, out *[]openaitest.Segment) bool {
			switch req.Segments[0].Text {
			case lines[3].Request.Segments[0].Text: // r4: the second id is missing
				*out = (*out)[:1]
			case lines[4].Request.Segments[0].Text: // r5: not JSON at all
				s.Answer(w, req, "Here you go: translations!", "stop")
				return true
			}
			return false
		},
	})
	p := newProvider(t, s, "", openai.Options{Mode: openai.ModeBatch})
	job, err := p.SubmitBatch(context.Background(), lines, "tag")
	if err != nil {
		t.Fatal(err)
	}
	done := finish(t, p, job.ID)
	if done.Completed != 3 || done.Failed != 1 || done.Total != 5 || done.ErrorFile == "" || done.OutputFile == "" {
		t.Errorf("job %+v", done)
	}
	answers, err := p.BatchResults(context.Background(), done, lines)
	if err != nil {
		t.Fatal(err)
	}
	if a := answers["r1"]; a.Err != nil || a.Results[0].Err != nil || a.Results[1].Err != nil {
		t.Errorf("r1 = %+v, want both translated", a)
	}
	if a := answers["r2"]; a.Err == nil || !strings.Contains(a.Err.Error(), "status 500") {
		t.Errorf("r2 = %+v, want a failure with status 500", a)
	}
	if a, ok := answers["r3"]; ok {
		t.Errorf("r3 = %+v, want no answer", a)
	}
	if a := answers["r4"]; a.Err != nil || a.Results[0].Err != nil || a.Results[1].Err == nil || !providers.IsRetryable(a.Results[1].Err) {
		t.Errorf("r4 = %+v, want the first translated and the second failed", a)
	}
	if a := answers["r5"]; a.Err != nil || a.Results[0].Err == nil || a.Results[1].Err == nil || a.Results[0].Text != "" {
		t.Errorf("r5 = %+v, want both failed (unparseable reply)", a)
	}
}

func TestBatchExpiredAndCancelled(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.Options{Key: "sk-test", BatchPolls: 3, BatchExpire: func(job, _ int) bool { return job == 1 }})
	p := newProvider(t, s, "sk-test", openai.Options{Mode: openai.ModeBatch})
	lines := batchLines(2)
	expiring, err := p.SubmitBatch(context.Background(), lines, "tag")
	if err != nil {
		t.Fatal(err)
	}
	cancelled, err := p.SubmitBatch(context.Background(), lines, "tag")
	if err != nil {
		t.Fatal(err)
	}
	j, err := p.CancelBatch(context.Background(), cancelled.ID)
	if err != nil || j.Status != "cancelled" || !j.Finished {
		t.Errorf("CancelBatch = %+v, %v", j, err)
	}
	if _, err := p.CancelBatch(context.Background(), cancelled.ID); err == nil {
		t.Error("a cancelled job was cancelled again")
	}
	for _, id := range []string{expiring.ID, cancelled.ID} {
		done := finish(t, p, id)
		answers, err := p.BatchResults(context.Background(), done, lines)
		for _, a := range answers {
			if a.Err == nil {
				t.Errorf("job %+v answered %+v", done, a)
			}
		}
		if err != nil || done.OutputFile != "" {
			t.Errorf("job %+v: %v; want no output file", done, err)
		}
	}
	if j := finish(t, p, expiring.ID); j.Status != "expired" {
		t.Errorf("job 1 %+v, want expired", j)
	}
	wrong := newProvider(t, s, "sk-wrong", openai.Options{Mode: openai.ModeBatch})
	if _, err := wrong.SubmitBatch(context.Background(), lines, "tag"); !providers.IsPermanent(err) || !strings.Contains(err.Error(), "authentication") {
		t.Errorf("SubmitBatch with a wrong key: %v, want a permanent authentication error", err)
	}
	if _, err := p.BatchStatus(context.Background(), "batch_404"); !providers.IsPermanent(err) {
		t.Errorf("BatchStatus of an unknown job: %v, want a permanent error", err)
	}
}

func TestBatchModeOptions(t *testing.T) {
	s := newServer(t, "", nil)
	for _, o := range []openai.Options{{Mode: "later"}, {Mode: openai.ModeBatch, BatchRetry: "never"}} {
		o.BaseURL = s.BaseURL()
		if _, err := openai.New(o); !providers.IsPermanent(err) {
			t.Errorf("New(%+v) = %v, want a permanent error", o, err)
		}
	}
	p := newProvider(t, s, "", openai.Options{})
	if _, on := p.BatchMode(); on {
		t.Error("chat is not the default mode")
	}
	p = newProvider(t, s, "", openai.Options{Mode: openai.ModeBatch, BatchRetry: openai.ModeChat, BatchPoll: time.Second})
	if set, on := p.BatchMode(); !on || !set.RetryByChat || set.Poll != time.Second {
		t.Errorf("BatchMode = %+v, %v", set, on)
	}
	if a, b := newProvider(t, s, "", openai.Options{}).Fingerprint(), p.Fingerprint(); a != b {
		t.Errorf("the mode changes the fingerprint (%q, %q): batch translations would not serve chat runs", a, b)
	}
}

func TestBatchNotFoundOnlyWhereTheBatchAPIAnswers(t *testing.T) {
	s := newServer(t, "", nil)
	p := newProvider(t, s, "", openai.Options{Mode: openai.ModeBatch})
	if _, err := p.BatchStatus(context.Background(), "batch_404"); !errors.Is(err, providers.ErrBatchNotFound) {
		t.Errorf("unknown job: %v, want ErrBatchNotFound", err)
	}
	// A base URL where nothing answers is a configuration mistake: the
	// recorded job must not be given up for it.
	wrong, err := openai.New(openai.Options{BaseURL: s.URL + "/nowhere/v1", Mode: openai.ModeBatch})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.BatchStatus(context.Background(), "batch_1"); errors.Is(err, providers.ErrBatchNotFound) || !providers.IsPermanent(err) {
		t.Errorf("wrong base URL: %v, want a permanent error other than ErrBatchNotFound", err)
	}
}

func TestFindBatchByTag(t *testing.T) {
	s := newServer(t, "", nil)
	p := newProvider(t, s, "", openai.Options{Mode: openai.ModeBatch})
	var ids []string
	for i := range 3 {
		j, err := p.SubmitBatch(context.Background(), batchLines(1), fmt.Sprintf("tag-%d", i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	for i, id := range ids {
		j, found, err := p.FindBatch(context.Background(), fmt.Sprintf("tag-%d", i))
		if err != nil || !found || j.ID != id {
			t.Errorf("FindBatch(tag-%d) = %+v, %v, %v; want %s", i, j, found, err, id)
		}
	}
	if j, found, err := p.FindBatch(context.Background(), "tag-9"); err != nil || found {
		t.Errorf("FindBatch of an unknown tag = %+v, %v, %v", j, found, err)
	}
}
