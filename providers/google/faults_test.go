package google_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/translate/apiv3/translatepb"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/fake"
	"github.com/anuvad/anuvad/providers/google"
	"github.com/anuvad/anuvad/providers/google/googletest"
	"github.com/anuvad/anuvad/providers/middleware"
	"github.com/anuvad/anuvad/providers/providertest"
)

// harness wraps a provider in the Retry → Concurrency → RateLimit stack with
// instant, recorded waits and a short per-request timeout.
type harness struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (h *harness) stack(p providers.Provider) providers.Provider {
	pol := middleware.FastPolicy(6, 200*time.Millisecond)
	pol.Sleep = func(ctx context.Context, d time.Duration) error {
		h.mu.Lock()
		h.waits = append(h.waits, d)
		h.mu.Unlock()
		return ctx.Err()
	}
	return middleware.Retry(middleware.Concurrency(middleware.RateLimit(p, middleware.Limits{RequestsPerMinute: 600_000}), 4), pol, nil)
}

func batch() providers.Request {
	req := providers.Request{Source: "hi", Target: "en"}
	for i, text := range providertest.Texts {
		req.Segments = append(req.Segments, providers.Segment{ID: fmt.Sprintf("p%d", 10-i), Text: text})
	}
	return req
}

// checkPairs asserts every pair is present, correct and in order.
func checkPairs(t *testing.T, req providers.Request, res []providers.Result, err error) {
	t.Helper()
	providertest.CheckPairs(t, req, res, err, translation, google.Name)
}

func TestFaultsV2(t *testing.T) {
	hold := func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	tests := []struct {
		name      string
		fails     int // calls answered by the fault
		fault     func(w http.ResponseWriter, r *http.Request)
		calls     int
		wait      time.Duration // a wait the stack must have made
		permanent string        // expected permanent error text
	}{
		{name: "429 Retry-After", fails: 1, calls: 2, wait: 2 * time.Second, fault: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "2")
			googletest.Error(w, http.StatusTooManyRequests, "rateLimitExceeded", "Too many requests")
		}},
		{name: "403 userRateLimitExceeded", fails: 2, calls: 3, fault: func(w http.ResponseWriter, _ *http.Request) {
			googletest.Error(w, http.StatusForbidden, "userRateLimitExceeded", "User Rate Limit Exceeded")
		}},
		{name: "500", fails: 1, calls: 2, fault: func(w http.ResponseWriter, _ *http.Request) {
			googletest.Error(w, http.StatusInternalServerError, "backendError", "Internal error")
		}},
		{name: "503", fails: 3, calls: 4, fault: func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
		}},
		{name: "timeout", fails: 1, calls: 2, fault: hold},
		{name: "short reply", fails: 1, calls: 2, fault: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"data":{"translations":[{"translatedText":"en:only one"}]}}`)
		}},
		{name: "401", fails: 99, calls: 1, permanent: "authentication failed", fault: func(w http.ResponseWriter, _ *http.Request) {
			googletest.Error(w, http.StatusUnauthorized, "unauthorized", "API key not valid")
		}},
		{name: "403 forbidden", fails: 99, calls: 1, permanent: "permission denied", fault: func(w http.ResponseWriter, _ *http.Request) {
			googletest.Error(w, http.StatusForbidden, "forbidden", "Cloud Translation API has not been used in project")
		}},
		{name: "400", fails: 99, calls: 1, permanent: "request refused", fault: func(w http.ResponseWriter, _ *http.Request) {
			googletest.Error(w, http.StatusBadRequest, "invalid", "Invalid Value")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newV2Server(t, func(call int, w http.ResponseWriter, r *http.Request) bool {
				if call > tt.fails {
					return false
				}
				tt.fault(w, r)
				return true
			})
			var h harness
			req := batch()
			res, err := h.stack(newV2(t, s, google.Options{})).Translate(context.Background(), req)
			if tt.permanent != "" {
				if !providers.IsPermanent(err) || !strings.Contains(err.Error(), tt.permanent) {
					t.Fatalf("err = %v, want permanent %q", err, tt.permanent)
				}
			} else {
				checkPairs(t, req, res, err)
			}
			if got := s.Calls(); got != tt.calls {
				t.Errorf("calls = %d, want %d", got, tt.calls)
			}
			if tt.wait > 0 && (len(h.waits) == 0 || h.waits[0] != tt.wait) {
				t.Errorf("waits = %v, want %s first", h.waits, tt.wait)
			}
			t.Logf("%d segments, %d calls, waits %v", len(req.Segments), s.Calls(), h.waits)
		})
	}
}

// A spent daily quota is not waited for: the segments go straight to the
// next provider of the chain.
func TestDailyQuotaFallsBack(t *testing.T) {
	s := newV2Server(t, func(_ int, w http.ResponseWriter, _ *http.Request) bool {
		googletest.Error(w, http.StatusForbidden, "dailyLimitExceeded", "Daily Limit Exceeded")
		return true
	})
	var h harness
	backup := fake.New(fake.Options{Name: "offline"})
	chain := middleware.Fallback(h.stack(newV2(t, s, google.Options{})), backup)
	req := batch()
	res, err := chain.Translate(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Err != nil || r.Provider != "offline" || r.Text != fake.Prefix(req.Segments[i].Text) {
			t.Errorf("%d: %+v", i, r)
		}
	}
	if got := s.Calls(); got != 1 {
		t.Errorf("google calls = %d, want 1", got)
	}
}

func TestFaultsV3(t *testing.T) {
	hold := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	exhausted := func() error {
		st, _ := status.New(codes.ResourceExhausted, "quota").WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(3 * time.Second)})
		return st.Err()
	}
	tests := []struct {
		name      string
		fails     int
		fault     func(ctx context.Context) error // nil error: a short reply
		calls     int
		wait      time.Duration
		permanent string
	}{
		{name: "ResourceExhausted RetryInfo", fails: 1, calls: 2, wait: 3 * time.Second, fault: func(context.Context) error { return exhausted() }},
		{name: "Unavailable", fails: 2, calls: 3, fault: func(context.Context) error { return status.Error(codes.Unavailable, "try again") }},
		{name: "Internal", fails: 1, calls: 2, fault: func(context.Context) error { return status.Error(codes.Internal, "oops") }},
		{name: "DeadlineExceeded", fails: 1, calls: 2, fault: func(context.Context) error { return status.Error(codes.DeadlineExceeded, "slow backend") }},
		{name: "timeout", fails: 1, calls: 2, fault: hold},
		{name: "short reply", fails: 1, calls: 2, fault: func(context.Context) error { return nil }},
		{name: "Unauthenticated", fails: 99, calls: 1, permanent: "authentication failed", fault: func(context.Context) error { return status.Error(codes.Unauthenticated, "no credentials") }},
		{name: "PermissionDenied", fails: 99, calls: 1, permanent: "permission denied", fault: func(context.Context) error { return status.Error(codes.PermissionDenied, "API disabled") }},
		{name: "NotFound", fails: 99, calls: 1, permanent: "not found", fault: func(context.Context) error { return status.Error(codes.NotFound, "no such model") }},
		{name: "InvalidArgument", fails: 99, calls: 1, permanent: "request refused", fault: func(context.Context) error { return status.Error(codes.InvalidArgument, "bad language") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newV3Server(t, func(ctx context.Context, call int, _ *translatepb.TranslateTextRequest) (*translatepb.TranslateTextResponse, error) {
				if call > tt.fails {
					return nil, nil
				}
				if err := tt.fault(ctx); err != nil {
					return nil, err
				}
				return &translatepb.TranslateTextResponse{Translations: []*translatepb.Translation{{TranslatedText: "en:only one"}}}, nil
			})
			var h harness
			req := batch()
			res, err := h.stack(newV3(t, s, google.Options{})).Translate(context.Background(), req)
			if tt.permanent != "" {
				if !providers.IsPermanent(err) || !strings.Contains(err.Error(), tt.permanent) {
					t.Fatalf("err = %v, want permanent %q", err, tt.permanent)
				}
			} else {
				checkPairs(t, req, res, err)
			}
			if got := s.Calls(); got != tt.calls {
				t.Errorf("calls = %d, want %d", got, tt.calls)
			}
			if tt.wait > 0 && (len(h.waits) == 0 || h.waits[0] != tt.wait) {
				t.Errorf("waits = %v, want %s first", h.waits, tt.wait)
			}
		})
	}
}

func TestV3RequestShape(t *testing.T) {
	s := newV3Server(t, nil)
	p := newV3(t, s, google.Options{Project: "proj", Location: "us-central1", Model: "general/translation-llm", Glossary: "terms"})
	res, err := p.Translate(context.Background(), providers.Request{Source: "hi", Target: "en", Segments: []providers.Segment{{ID: "1", Text: "नमस्ते"}}})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res)
	}
	r := s.Requests()[0]
	if r.GetParent() != "projects/proj/locations/us-central1" ||
		r.GetModel() != "projects/proj/locations/us-central1/models/general/translation-llm" ||
		r.GetGlossaryConfig().GetGlossary() != "projects/proj/locations/us-central1/glossaries/terms" ||
		r.GetSourceLanguageCode() != "hi" || r.GetTargetLanguageCode() != "en" {
		t.Errorf("request %v", r)
	}
	if p.Model() != "v3/general/translation-llm" || res[0].Model != p.Model() {
		t.Errorf("Model %q, result %q", p.Model(), res[0].Model)
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
			texts = append(texts, err.Error(), fmt.Sprintf("%+v %#v", err, err))
		}
		for _, r := range res {
			if r.Err != nil {
				texts = append(texts, r.Err.Error(), fmt.Sprintf("%+v", r.Err))
			}
		}
	}
	s := googletest.NewV2(t, googletest.V2Options{Key: secret, Fault: func(call int, w http.ResponseWriter, r *http.Request) bool {
		switch call {
		case 1:
			googletest.Error(w, http.StatusBadRequest, "keyInvalid", "API key not valid: "+r.URL.String())
		case 2:
			googletest.Error(w, http.StatusForbidden, "rateLimitExceeded", "slow down")
		case 3:
			<-r.Context().Done()
		default:
			return false
		}
		return true
	}})
	p := newV2(t, s, google.Options{APIKey: secret, Logger: logger})
	req := batch()
	for range 2 {
		record(p.Translate(context.Background(), req))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	record(p.Translate(ctx, req))
	cancel()
	res, err := p.Translate(context.Background(), req)
	checkPairs(t, req, res, err)
	if keys := s.Keys(); keys[len(keys)-1] != secret {
		t.Errorf("server saw key %q: the key was not sent", keys[len(keys)-1])
	}

	// A key the server refuses: a permanent error that does not repeat it.
	bad := newV2(t, s, google.Options{APIKey: secret + "-wrong", Logger: logger})
	_, err = bad.Translate(context.Background(), req)
	if !providers.IsPermanent(err) {
		t.Errorf("wrong key: err = %v, want permanent", err)
	}
	record(nil, err)

	// A connection error: the client's url.Error holds the URL with key=.
	s.Close()
	record(p.Translate(context.Background(), req))
	_, err = google.Spec().New(context.Background(), map[string]any{"api": "v9", "api_key": secret}, slog.New(slog.DiscardHandler))
	record(nil, err)

	texts = append(texts, logs.String(), p.Fingerprint(), p.Model())
	if len(texts) < 8 {
		t.Fatalf("only %d error texts captured", len(texts))
	}
	for _, s := range texts {
		if strings.Contains(s, secret) || strings.Contains(s, "SECRET") {
			t.Errorf("key leaked: %s", s)
		}
	}
}
