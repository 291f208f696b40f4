// Package providertest is the conformance suite every provider runs against
// a fake of its service.
//
// A provider's test file calls Run with a constructor:
//
//	func TestConformance(t *testing.T) {
//		providertest.Run(t, providertest.Options{
//			New:  func(t *testing.T) providers.Provider { return newAgainstFakeServer(t) },
//			Want: func(text string) string { return "en:" + text },
//		})
//	}
//
// The suite checks the contract of providers.Provider: one result per
// segment, in input order, with the same ids; Unicode that survives the
// wire; empty and whitespace-only segments; batches larger than the
// provider's Limits (the provider splits them itself); concurrent use; and
// prompt cancellation.
package providertest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anuvad/anuvad/providers"
)

// Options configure Run.
type Options struct {
	// New returns a fresh provider, normally talking to a fake server
	// started for t.
	New func(t *testing.T) providers.Provider
	// Source and Target languages; default "hi" and "en".
	Source, Target string
	// Want returns the translation the fake server gives for text. If nil,
	// the suite only checks that non-blank texts get non-blank translations.
	Want func(text string) string
	// NewBlocking returns a provider whose service holds every request until
	// the request is cancelled, and a channel that receives a value each time
	// a request reaches the service. If nil, only cancellation before the
	// call is tested.
	NewBlocking func(t *testing.T) (providers.Provider, <-chan struct{})
	// HangTimeout bounds how long a cancelled Translate may take before the
	// suite reports a hang; default 30s. It only guards against deadlock.
	HangTimeout time.Duration
}

// Texts used by the suite: Devanagari with nukta, candrabindu, virama
// conjuncts and ZWJ/ZWNJ; combining marks; emoji with ZWJ and skin tones;
// characters that HTML or JSON would escape.
var Texts = []string{
	"भारत एक विशाल देश है।",
	"ज़िंदगी में क़दम-क़दम पर इम्तिहान हैं।",
	"चाँद और सूरज, क्ष त्र ज्ञ श्र।",
	"क्\u200dष और क्\u200cष अलग दिखते हैं।",
	"e\u0301te\u0301 नाइ\u0308व",
	"परिवार 👨\u200d👩\u200d👧\u200d👦 और 👍🏽 ठीक है",
	"उसने कहा, \"मैं आऊँगा\" & <b>'ठीक'</b> \\ / \t टैब",
	"१२३ रुपये — 50% छूट… ₹४५.६७",
}

// Run runs the conformance suite.
func Run(t *testing.T, o Options) {
	t.Helper()
	if o.New == nil {
		t.Fatal("providertest: Options.New is nil")
	}
	if o.Source == "" {
		o.Source = "hi"
	}
	if o.Target == "" {
		o.Target = "en"
	}
	if o.HangTimeout <= 0 {
		o.HangTimeout = 30 * time.Second
	}
	s := &suite{o: o}
	t.Run("Identity", s.identity)
	t.Run("OrderAndIDs", s.orderAndIDs)
	t.Run("Unicode", s.unicode)
	t.Run("Blank", s.blank)
	t.Run("OverSegmentLimit", s.overSegmentLimit)
	t.Run("OverCharLimit", s.overCharLimit)
	t.Run("Concurrent", s.concurrent)
	t.Run("CancelBefore", s.cancelBefore)
	t.Run("CancelInFlight", s.cancelInFlight)
}

type suite struct{ o Options }

func (s *suite) request(segs ...providers.Segment) providers.Request {
	return providers.Request{Source: s.o.Source, Target: s.o.Target, Segments: segs}
}

// check asserts the contract for one call and the expected texts.
func (s *suite) check(t *testing.T, p providers.Provider, req providers.Request, res []providers.Result, err error) {
	t.Helper()
	// Errorf and return, not Fatalf: check also runs in goroutines.
	if err != nil {
		t.Errorf("Translate: %v", err)
		return
	}
	if len(res) != len(req.Segments) {
		t.Errorf("got %d results for %d segments", len(res), len(req.Segments))
		return
	}
	for i, seg := range req.Segments {
		r := res[i]
		if r.ID != seg.ID {
			t.Errorf("result %d has id %q, want %q", i, r.ID, seg.ID)
			return
		}
		if r.Err != nil {
			t.Errorf("segment %s: unexpected error: %v", seg.ID, r.Err)
			continue
		}
		blank := strings.TrimSpace(seg.Text) == ""
		switch {
		case blank && strings.TrimSpace(r.Text) != "":
			t.Errorf("segment %s: blank text %q translated to %q", seg.ID, seg.Text, r.Text)
		case !blank && s.o.Want != nil && r.Text != s.o.Want(seg.Text):
			t.Errorf("segment %s: got %q, want %q", seg.ID, r.Text, s.o.Want(seg.Text))
		case !blank && strings.TrimSpace(r.Text) == "":
			t.Errorf("segment %s: empty translation of %q", seg.ID, seg.Text)
		}
		if !blank && r.Provider != "" && r.Provider != p.Name() {
			t.Errorf("segment %s: Provider %q, want %q", seg.ID, r.Provider, p.Name())
		}
	}
}

func (s *suite) identity(t *testing.T) {
	p := s.o.New(t)
	if p.Name() == "" {
		t.Error("Name is empty")
	}
	if p.Model() == "" {
		t.Error("Model is empty")
	}
	if p.Fingerprint() == "" {
		t.Error("Fingerprint is empty")
	}
	l := p.Limits()
	if l.MaxSegments < 0 || l.MaxChars < 0 || l.MaxConcurrent < 0 {
		t.Errorf("negative limits: %+v", l)
	}
}

func (s *suite) orderAndIDs(t *testing.T) {
	p := s.o.New(t)
	// Ids that sort differently from their order, including ones that look
	// like positions, to catch providers that key replies by position.
	ids := []string{"z9", "3", "a1", "0", "m-7", "doc/1#2", "2", "1"}
	var segs []providers.Segment
	for i, id := range ids {
		segs = append(segs, providers.Segment{ID: id, Text: fmt.Sprintf("वाक्य संख्या %d है।", i)})
	}
	req := s.request(segs...)
	res, err := p.Translate(context.Background(), req)
	s.check(t, p, req, res, err)

	// A single segment.
	one := s.request(providers.Segment{ID: "only", Text: "नमस्ते"})
	res, err = p.Translate(context.Background(), one)
	s.check(t, p, one, res, err)

	// No segments at all.
	res, err = p.Translate(context.Background(), s.request())
	if err != nil || len(res) != 0 {
		t.Errorf("empty request: got %d results, err %v", len(res), err)
	}
}

func (s *suite) unicode(t *testing.T) {
	p := s.o.New(t)
	var segs []providers.Segment
	for i, text := range Texts {
		segs = append(segs, providers.Segment{ID: fmt.Sprintf("u%d", i), Text: text})
	}
	req := s.request(segs...)
	res, err := p.Translate(context.Background(), req)
	s.check(t, p, req, res, err)
}

func (s *suite) blank(t *testing.T) {
	p := s.o.New(t)
	req := s.request(
		providers.Segment{ID: "e1", Text: ""},
		providers.Segment{ID: "t1", Text: "पहला वाक्य।"},
		providers.Segment{ID: "e2", Text: "   "},
		providers.Segment{ID: "e3", Text: "\n\t"},
		providers.Segment{ID: "t2", Text: "दूसरा वाक्य।"},
		providers.Segment{ID: "e4", Text: "\u00a0"},
	)
	res, err := p.Translate(context.Background(), req)
	s.check(t, p, req, res, err)

	only := s.request(providers.Segment{ID: "b1", Text: ""}, providers.Segment{ID: "b2", Text: " "})
	res, err = p.Translate(context.Background(), only)
	s.check(t, p, only, res, err)
}

func (s *suite) overSegmentLimit(t *testing.T) {
	p := s.o.New(t)
	n := 300
	if m := p.Limits().MaxSegments; m > 0 {
		n = 2*m + 3
	}
	segs := make([]providers.Segment, n)
	for i := range segs {
		segs[i] = providers.Segment{ID: fmt.Sprintf("s%04d", i), Text: fmt.Sprintf("वाक्य %d।", i)}
	}
	req := s.request(segs...)
	res, err := p.Translate(context.Background(), req)
	s.check(t, p, req, res, err)
}

func (s *suite) overCharLimit(t *testing.T) {
	p := s.o.New(t)
	m := p.Limits().MaxChars
	if m <= 0 {
		t.Skip("provider declares no character limit")
	}
	const word = "शब्द " // 5 code points
	per := m/4/len([]rune(word)) + 1
	text := strings.TrimSpace(strings.Repeat(word, per))
	segs := make([]providers.Segment, 10)
	for i := range segs {
		segs[i] = providers.Segment{ID: fmt.Sprintf("c%d", i), Text: fmt.Sprintf("%d %s", i, text)}
	}
	req := s.request(segs...)
	if req.Chars() <= m {
		t.Fatalf("test bug: %d chars do not exceed the limit %d", req.Chars(), m)
	}
	res, err := p.Translate(context.Background(), req)
	s.check(t, p, req, res, err)
}

func (s *suite) concurrent(t *testing.T) {
	p := s.o.New(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var segs []providers.Segment
			for i := range 5 {
				segs = append(segs, providers.Segment{ID: fmt.Sprintf("g%d-%d", g, i), Text: fmt.Sprintf("समूह %d वाक्य %d", g, i)})
			}
			req := s.request(segs...)
			res, err := p.Translate(context.Background(), req)
			s.check(t, p, req, res, err)
		}()
	}
	wg.Wait()
}

func (s *suite) cancelBefore(t *testing.T) {
	p := s.o.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.translateBounded(t, p, ctx, s.request(providers.Segment{ID: "1", Text: "रद्द"}))
	if err == nil {
		t.Fatal("Translate with a cancelled context returned no error")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
	if providers.IsPermanent(err) {
		t.Errorf("cancellation %v is marked permanent", err)
	}
}

func (s *suite) cancelInFlight(t *testing.T) {
	if s.o.NewBlocking == nil {
		t.Skip("no blocking service")
	}
	p, started := s.o.NewBlocking(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-started:
		case <-time.After(s.o.HangTimeout):
		}
		cancel()
	}()
	_, err := s.translateBounded(t, p, ctx, s.request(providers.Segment{ID: "1", Text: "रुको"}, providers.Segment{ID: "2", Text: "ठहरो"}))
	if err == nil {
		t.Fatal("cancelled Translate returned no error")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
}

// translateBounded calls Translate and fails the test if it does not return
// within HangTimeout.
func (s *suite) translateBounded(t *testing.T, p providers.Provider, ctx context.Context, req providers.Request) ([]providers.Result, error) {
	t.Helper()
	type answer struct {
		res []providers.Result
		err error
	}
	done := make(chan answer, 1)
	go func() {
		res, err := p.Translate(ctx, req)
		done <- answer{res, err}
	}()
	select {
	case a := <-done:
		return a.res, a.err
	case <-time.After(s.o.HangTimeout):
		t.Fatalf("Translate did not return within %s of cancellation", s.o.HangTimeout)
		return nil, nil
	}
}

// CheckPairs asserts that res answers req completely: no error for the
// call, one result per segment in order with the same id, no segment error,
// the text want(source) and, if provider is not empty, that provider. Fault
// tests of providers and decorators call it after each scenario.
func CheckPairs(t testing.TB, req providers.Request, res []providers.Result, err error, want func(string) string, provider string) {
	t.Helper()
	if err != nil {
		t.Fatalf("Translate: %v", err)
	}
	if len(res) != len(req.Segments) {
		t.Fatalf("%d results for %d segments", len(res), len(req.Segments))
	}
	for i, s := range req.Segments {
		r := res[i]
		if r.ID != s.ID || r.Err != nil || r.Text != want(s.Text) || (provider != "" && r.Provider != provider) {
			t.Errorf("pair %d: %+v, want id %s, text %q from %q", i, r, s.ID, want(s.Text), provider)
		}
	}
}

// Answered returns the results of a providers.Looker's Lookup that it
// answered (Cached), by segment id.
func Answered(results []providers.Result) map[string]providers.Result {
	out := map[string]providers.Result{}
	for _, r := range results {
		if r.Cached {
			out[r.ID] = r
		}
	}
	return out
}
