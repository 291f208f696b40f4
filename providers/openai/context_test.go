package openai_test

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/openai"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
)

func TestContextIsSentNotTranslated(t *testing.T) {
	// The fake also answers the context with an id nobody asked for, as a
	// careless model might: the provider must drop it.
	s := newServer(t, "sk-test", func(_ int, _ http.ResponseWriter, _ *http.Request, req *openaitest.Request, out *[]openaitest.Segment) bool {
		for _, c := range req.Context {
			*out = append(*out, openaitest.Segment{ID: "c", Text: translation(c)})
		}
		return false
	})
	p := newProvider(t, s, "sk-test", openai.Options{Context: 2, BatchSize: 2})
	if p.ContextSentences() != 2 {
		t.Errorf("ContextSentences() = %d, want 2", p.ContextSentences())
	}
	req := providers.Request{
		Source: "hi", Target: "en",
		Context:  []string{"पहला वाक्य।", "दूसरा वाक्य।", " ", "तीसरा वाक्य।"},
		Segments: []providers.Segment{{ID: "a", Text: "क।"}, {ID: "b", Text: "ख।"}, {ID: "c", Text: "ग।"}},
	}
	res, err := p.Translate(context.Background(), req)
	if err != nil || len(res) != 3 {
		t.Fatalf("Translate = %+v, %v", res, err)
	}
	for i, r := range res {
		if r.Err != nil || r.ID != req.Segments[i].ID || r.Text != translation(req.Segments[i].Text) {
			t.Errorf("result %d = %+v, want the translation of %q", i, r, req.Segments[i].Text)
		}
		for _, c := range req.Context {
			if strings.TrimSpace(c) != "" && strings.Contains(r.Text, c) {
				t.Errorf("result %d %q holds the context sentence %q", i, r.Text, c)
			}
		}
	}
	reqs := s.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 (batch size 2)", len(reqs))
	}
	want := []string{"दूसरा वाक्य।", "तीसरा वाक्य।"}
	for i, r := range reqs {
		if !slices.Equal(r.Context, want) {
			t.Errorf("request %d: context %q, want the last two non-blank sentences %q", i, r.Context, want)
		}
		if slices.Contains(r.Texts(), want[0]) || slices.Contains(r.Texts(), want[1]) {
			t.Errorf("request %d: a context sentence was sent as a segment: %q", i, r.Texts())
		}
		if !strings.Contains(r.Messages[0].Content, `"context"`) {
			t.Errorf("request %d: the system prompt does not explain the context", i)
		}
	}
}

func TestNoContextKeepsTheWire(t *testing.T) {
	s := newServer(t, "", nil)
	p := newProvider(t, s, "", openai.Options{})
	req := providers.Request{Source: "hi", Target: "en", Context: []string{"पहला वाक्य।"}, Segments: []providers.Segment{{ID: "a", Text: "क।"}}}
	if _, err := p.Translate(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	reqs := s.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	for _, m := range reqs[0].Messages {
		if strings.Contains(m.Content, "context") || strings.Contains(m.Content, "पहला") {
			t.Errorf("%s message mentions context without the option: %s", m.Role, m.Content)
		}
	}
	if reqs[0].Context != nil {
		t.Errorf("context %q sent without the option", reqs[0].Context)
	}
	// A request without context sends no "context" field either.
	p = newProvider(t, s, "", openai.Options{Context: 3})
	req.Context = nil
	if _, err := p.Translate(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if last := s.Requests()[1].Messages; strings.Contains(last[len(last)-1].Content, "context") {
		t.Errorf("empty context sent: %s", last[len(last)-1].Content)
	}
}

func TestContextOption(t *testing.T) {
	none, err := openai.New(openai.Options{})
	if err != nil {
		t.Fatal(err)
	}
	two, err := openai.New(openai.Options{Context: 2})
	if err != nil {
		t.Fatal(err)
	}
	if none.Fingerprint() == two.Fingerprint() || !strings.Contains(two.Fingerprint(), "context=2") {
		t.Errorf("fingerprints %q and %q: want them to differ by the context count", none.Fingerprint(), two.Fingerprint())
	}
	p, err := openai.Spec().New(context.Background(), map[string]any{"context": "2", "api_key": "sk-test"}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if n := p.(providers.ContextUser).ContextSentences(); n != 2 {
		t.Errorf("context from settings = %d, want 2", n)
	}
	if _, err := openai.New(openai.Options{Context: -1}); !providers.IsPermanent(err) {
		t.Errorf("negative context: err = %v, want permanent", err)
	}
}
