package openai_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/middleware"
	"github.com/anuvad/anuvad/providers/openai"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
	"github.com/anuvad/anuvad/providers/providertest"
)

// harness wraps a provider in the Retry → Concurrency → RateLimit stack with
// instant, recorded waits and a short per-request timeout.
type harness struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (h *harness) sleep(ctx context.Context, d time.Duration) error {
	h.mu.Lock()
	h.waits = append(h.waits, d)
	h.mu.Unlock()
	return ctx.Err()
}

func (h *harness) stack(p providers.Provider) providers.Provider {
	pol := middleware.FastPolicy(6, 200*time.Millisecond)
	pol.Sleep = h.sleep
	lim := middleware.Limits{RequestsPerMinute: 600_000, Sleep: h.sleep}
	return middleware.Retry(middleware.Concurrency(middleware.RateLimit(p, lim), 4), pol, nil)
}

func batch(n int) providers.Request {
	req := providers.Request{Source: "hi", Target: "en"}
	for i := range n {
		text := providertest.Texts[i%len(providertest.Texts)]
		req.Segments = append(req.Segments, providers.Segment{ID: fmt.Sprintf("doc-%02d", n-i), Text: fmt.Sprintf("%d. %s", i, text)})
	}
	return req
}

func checkPairs(t *testing.T, req providers.Request, res []providers.Result, err error) {
	t.Helper()
	providertest.CheckPairs(t, req, res, err, translation, openai.Name)
}

func TestFaults(t *testing.T) {
	type scenario struct {
		name      string
		n         int   // segments
		calls     int   // calls the fake must have seen
		sizes     []int // segments per call, if checked
		wait      time.Duration
		permanent string
		fault     openaitest.Fault
	}
	first := func(k int, f func(w http.ResponseWriter, r *http.Request, req *openaitest.Request, out *[]openaitest.Segment) bool) openaitest.Fault {
		return func(call int, w http.ResponseWriter, r *http.Request, req *openaitest.Request, out *[]openaitest.Segment) bool {
			return call <= k && f(w, r, req, out)
		}
	}
	var srv *openaitest.Server // the scenario's server, for answers with content
	tests := []scenario{
		{name: "429 Retry-After", n: 10, calls: 2, wait: 2 * time.Second, fault: first(1, func(w http.ResponseWriter, _ *http.Request, _ *openaitest.Request, _ *[]openaitest.Segment) bool {
			w.Header().Set("Retry-After", "2")
			openaitest.APIError(w, http.StatusTooManyRequests, "requests", "rate_limit_exceeded", "Rate limit reached")
			return true
		})},
		{name: "500", n: 10, calls: 2, fault: first(1, func(w http.ResponseWriter, _ *http.Request, _ *openaitest.Request, _ *[]openaitest.Segment) bool {
			openaitest.APIError(w, http.StatusInternalServerError, "server_error", "", "The server had an error")
			return true
		})},
		{name: "503 plain body", n: 10, calls: 3, fault: first(2, func(w http.ResponseWriter, _ *http.Request, _ *openaitest.Request, _ *[]openaitest.Segment) bool {
			http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
			return true
		})},
		{name: "timeout", n: 10, calls: 2, fault: first(1, func(_ http.ResponseWriter, r *http.Request, _ *openaitest.Request, _ *[]openaitest.Segment) bool {
			<-r.Context().Done()
			return true
		})},
		{name: "missing id", n: 10, calls: 2, sizes: []int{10, 1}, fault: first(1, func(_ http.ResponseWriter, _ *http.Request, _ *openaitest.Request, out *[]openaitest.Segment) bool {
			*out = slices.Delete(*out, 3, 4)
			return false
		})},
		{name: "ids out of order", n: 10, calls: 1, fault: func(_ int, _ http.ResponseWriter, _ *http.Request, _ *openaitest.Request, out *[]openaitest.Segment) bool {
			slices.Reverse(*out)
			return false
		}},
		{name: "extra and repeated ids", n: 10, calls: 1, fault: func(_ int, _ http.ResponseWriter, _ *http.Request, _ *openaitest.Request, out *[]openaitest.Segment) bool {
			*out = append(*out, openaitest.Segment{ID: "99", Text: "invented"}, openaitest.Segment{ID: "x", Text: "?"}, openaitest.Segment{ID: (*out)[0].ID, Text: "second answer"})
			return false
		}},
		{name: "empty translation", n: 10, calls: 2, sizes: []int{10, 1}, fault: first(1, func(_ http.ResponseWriter, _ *http.Request, _ *openaitest.Request, out *[]openaitest.Segment) bool {
			(*out)[5].Text = " "
			return false
		})},
		{name: "truncated JSON", n: 10, calls: 2, sizes: []int{10, 10}, fault: first(1, func(w http.ResponseWriter, _ *http.Request, req *openaitest.Request, out *[]openaitest.Segment) bool {
			content, _ := json.Marshal(map[string]any{"translations": *out})
			srv.Answer(w, req, string(content[:len(content)/2]), "length")
			return true
		})},
		{name: "prose around fenced JSON", n: 10, calls: 1, fault: func(_ int, w http.ResponseWriter, _ *http.Request, req *openaitest.Request, out *[]openaitest.Segment) bool {
			content, _ := json.Marshal(map[string]any{"translations": *out})
			srv.Answer(w, req, "Here you go:\n```json\n"+string(content)+"\n```", "stop")
			return true
		}},
		{name: "context length halving", n: 10, calls: 8, sizes: []int{10, 10, 5, 5, 3, 2, 3, 2}, fault: func(_ int, w http.ResponseWriter, _ *http.Request, req *openaitest.Request, _ *[]openaitest.Segment) bool {
			if len(req.Segments) > 4 {
				openaitest.APIError(w, http.StatusBadRequest, "invalid_request_error", "context_length_exceeded", "maximum context length exceeded")
				return true
			}
			return false
		}},
		{name: "401", n: 10, calls: 1, permanent: "authentication failed", fault: func(_ int, w http.ResponseWriter, _ *http.Request, _ *openaitest.Request, _ *[]openaitest.Segment) bool {
			openaitest.APIError(w, http.StatusUnauthorized, "invalid_request_error", "invalid_api_key", "Incorrect API key provided")
			return true
		}},
		{name: "429 insufficient_quota", n: 10, calls: 1, permanent: "quota exhausted", fault: func(_ int, w http.ResponseWriter, _ *http.Request, _ *openaitest.Request, _ *[]openaitest.Segment) bool {
			openaitest.APIError(w, http.StatusTooManyRequests, "insufficient_quota", "insufficient_quota", "You exceeded your current quota")
			return true
		}},
		{name: "404 model", n: 10, calls: 1, permanent: "not found", fault: func(_ int, w http.ResponseWriter, _ *http.Request, _ *openaitest.Request, _ *[]openaitest.Segment) bool {
			openaitest.APIError(w, http.StatusNotFound, "invalid_request_error", "model_not_found", "The model does not exist")
			return true
		}},
		{name: "400 response_format", n: 10, calls: 1, permanent: "try json_object", fault: func(_ int, w http.ResponseWriter, _ *http.Request, _ *openaitest.Request, _ *[]openaitest.Segment) bool {
			openaitest.APIError(w, http.StatusBadRequest, "invalid_request_error", "", "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.")
			return true
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv = newServer(t, "sk-test", tt.fault)
			var logs bytes.Buffer
			var h harness
			p := newProvider(t, srv, "sk-test", openai.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			req := batch(tt.n)
			res, err := h.stack(p).Translate(context.Background(), req)
			if tt.permanent != "" {
				if !providers.IsPermanent(err) || !strings.Contains(err.Error(), tt.permanent) {
					t.Fatalf("err = %v, want permanent %q", err, tt.permanent)
				}
			} else {
				checkPairs(t, req, res, err)
			}
			if got := srv.Calls(); got != tt.calls {
				t.Errorf("calls = %d, want %d", got, tt.calls)
			}
			var sizes []int
			for _, r := range srv.Requests() {
				sizes = append(sizes, len(r.Segments))
			}
			if tt.sizes != nil && !slices.Equal(sizes, tt.sizes) {
				t.Errorf("segments per call %v, want %v", sizes, tt.sizes)
			}
			if tt.wait > 0 && (len(h.waits) == 0 || h.waits[0] != tt.wait) {
				t.Errorf("waits = %v, want %s first", h.waits, tt.wait)
			}
			t.Logf("%d segments: %d calls %v, waits %v; log: %s", tt.n, srv.Calls(), sizes, h.waits, strings.TrimSpace(logs.String()))
		})
	}
}

// TestRateHintSlowsDown checks that the limiter waits for the window to
// reset when the service says no requests are left, before it refuses.
func TestRateHintSlowsDown(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.Options{Headers: http.Header{
		"X-Ratelimit-Remaining-Requests": {"0"},
		"X-Ratelimit-Remaining-Tokens":   {"90000"},
		"X-Ratelimit-Reset-Requests":     {"1m0s"},
		"X-Ratelimit-Reset-Tokens":       {"20ms"},
	}})
	p := newProvider(t, s, "", openai.Options{BatchSize: 5})
	var h harness
	req := batch(10)
	res, err := h.stack(p).Translate(context.Background(), req)
	checkPairs(t, req, res, err)
	reqs, toks, resetReqs, _, ok := p.RateHint()
	if !ok || reqs != 0 || toks != 90000 || time.Until(resetReqs) <= 0 {
		t.Errorf("hint = %d %d %v %v", reqs, toks, resetReqs, ok)
	}
	// The first request had no hint; the second waited for the reset.
	if len(h.waits) != 1 || h.waits[0] <= 50*time.Second {
		t.Errorf("waits = %v, want one wait of about a minute", h.waits)
	}
	n, in, out := p.Usage()
	if n != 2 || in != 2*105 || out != 2*50 {
		t.Errorf("usage = %d requests, %d in, %d out", n, in, out)
	}
}

func TestRequestShape(t *testing.T) {
	s := newServer(t, "", nil)
	p := newProvider(t, s, "", openai.Options{Model: "local-model", Glossary: []string{"संसद=Parliament", " लोकसभा = Lok Sabha "}})
	res, err := p.Translate(context.Background(), providers.Request{Source: "hi", Target: "en", Segments: []providers.Segment{{ID: "a", Text: "संसद"}}})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res)
	}
	r := s.Requests()[0]
	sys := r.Messages[0].Content
	if r.Model != "local-model" || !strings.Contains(sys, "- संसद = Parliament") || !strings.Contains(sys, "- लोकसभा = Lok Sabha") || !strings.Contains(sys, "from Hindi into English") {
		t.Errorf("model %q, system prompt:\n%s", r.Model, sys)
	}
	if rf := r.ResponseFormat; rf == nil || rf.Type != "json_schema" || rf.JSONSchema == nil || !rf.JSONSchema.Strict || !json.Valid(rf.JSONSchema.Schema) {
		t.Errorf("response_format %+v", rf)
	}

	for _, format := range []string{openai.FormatJSONObject, openai.FormatText} {
		p := newProvider(t, s, "", openai.Options{ResponseFormat: format})
		if _, err := p.Translate(context.Background(), providers.Request{Source: "hi", Target: "en", Segments: []providers.Segment{{ID: "a", Text: "क"}}}); err != nil {
			t.Fatal(err)
		}
		r := s.Requests()[len(s.Requests())-1]
		switch {
		case format == openai.FormatText && r.ResponseFormat != nil:
			t.Errorf("text format sent response_format %+v", r.ResponseFormat)
		case format == openai.FormatJSONObject && (r.ResponseFormat == nil || r.ResponseFormat.Type != "json_object"):
			t.Errorf("json_object format sent %+v", r.ResponseFormat)
		}
	}
	if p.Fingerprint() == newProvider(t, s, "", openai.Options{Model: "local-model"}).Fingerprint() {
		t.Error("the glossary does not change the fingerprint")
	}
}

const secret = "sk-test-SECRET-1234"

// TestSecretsNeverLeak runs failing requests with a recognisable key and
// checks that neither errors nor logs contain it.
func TestSecretsNeverLeak(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var texts []string
	record := func(res []providers.Result, err error) {
		if err != nil {
			texts = append(texts, err.Error(), fmt.Sprintf("%+v", err))
		}
		for _, r := range res {
			if r.Err != nil {
				texts = append(texts, r.Err.Error())
			}
		}
	}
	s := newServer(t, secret, func(call int, w http.ResponseWriter, r *http.Request, req *openaitest.Request, out *[]openaitest.Segment) bool {
		switch call {
		case 1:
			openaitest.APIError(w, http.StatusBadRequest, "invalid_request_error", "", "bad request from key "+r.Header.Get("Authorization"))
		case 2:
			http.Error(w, "proxy error for "+r.Header.Get("Authorization"), http.StatusBadGateway)
		case 3:
			w.Header().Set("Retry-After", "1")
			openaitest.APIError(w, http.StatusTooManyRequests, "requests", "", "slow down "+secret)
		case 4:
			*out = (*out)[:1]
			return false
		default:
			return false
		}
		return true
	})
	p := newProvider(t, s, secret, openai.Options{Logger: logger})
	req := batch(3)
	for range 4 {
		record(p.Translate(context.Background(), req))
	}
	res, err := p.Translate(context.Background(), req)
	checkPairs(t, req, res, err)

	// A key that the server refuses, and a server that is gone.
	bad := newProvider(t, s, "", openai.Options{APIKey: secret + "-wrong", Logger: logger})
	record(bad.Translate(context.Background(), req))
	s.Close()
	record(p.Translate(context.Background(), req))

	texts = append(texts, logs.String(), p.Fingerprint(), p.Model())
	if len(texts) < 8 {
		t.Fatalf("only %d texts captured", len(texts))
	}
	for _, s := range texts {
		if strings.Contains(s, "SECRET") {
			t.Errorf("key leaked: %s", s)
		}
	}
}
