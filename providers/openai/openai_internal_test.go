package openai

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/anuvad/anuvad/providers"
)

func TestSpecDecode(t *testing.T) {
	s := Spec()
	if s.Configured(map[string]any{"api_key": nil, "base_url": DefaultBaseURL}) {
		t.Error("configured without key or custom base_url")
	}
	if !s.Configured(map[string]any{"api_key": "", "base_url": "http://localhost:8080/v1"}) {
		t.Error("a local server needs no key")
	}
	p, err := s.New(context.Background(), map[string]any{
		"base_url": "http://localhost:8080/v1/", "model": "qwen", "batch_size": "7", "max_chars": 900,
		"response_format": "json_object", "temperature": "0.2",
		"glossary": map[string]any{"संसद": "Parliament", "रुपया": "rupee"},
	}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	op := p.(*Provider)
	if op.opt.BaseURL != "http://localhost:8080/v1" || op.Model() != "qwen" || op.Limits().MaxSegments != 7 || op.Limits().MaxChars != 900 {
		t.Errorf("options %+v", op.opt)
	}
	if len(op.terms) != 2 || op.terms[0].hi != "रुपया" || op.temperature() != 0.2 {
		t.Errorf("terms %v temperature %v", op.terms, op.temperature())
	}
	p, err = s.New(context.Background(), map[string]any{"glossary": "क=ka, ख=kha", "api_key": "sk-test"}, slog.New(slog.DiscardHandler))
	if err != nil || len(p.(*Provider).terms) != 2 {
		t.Errorf("comma separated glossary: %v", err)
	}
	for _, bad := range []map[string]any{{"response_format": "yaml"}, {"glossary": "no equals sign"}} {
		if _, err := s.New(context.Background(), bad, slog.New(slog.DiscardHandler)); !providers.IsPermanent(err) {
			t.Errorf("%v: err = %v, want permanent", bad, err)
		}
	}
	for _, o := range s.Options {
		if o.Key == "api_key" && (!o.Sensitive || o.Env[0] != "OPENAI_API_KEY") {
			t.Errorf("api_key option %+v", o)
		}
	}
}

func TestTemperature(t *testing.T) {
	for in, want := range map[float64]float32{0: math.SmallestNonzeroFloat32, 0.7: 0.7, -1: 0} {
		p, err := New(Options{Temperature: in})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.temperature(); got != want {
			t.Errorf("temperature(%v) = %v, want %v", in, got, want)
		}
	}
}

func TestParseReply(t *testing.T) {
	for _, ok := range []string{
		`{"translations":[{"id":"1","text":"a"}]}`,
		"```json\n{\"translations\":[{\"id\":\"1\",\"text\":\"a\"}]}\n```",
		`Sure! {"translations":[]} Hope this helps.`,
		`{"translations":[{"id":1,"text":"a"}]}`,
	} {
		if _, err := parseReply(ok); err != nil {
			t.Errorf("parseReply(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{``, `{"translations":[{"id":"1","text":"a"}`, `{"other":1}`, `[1,2]`, `no json`, `{"translations":[{"id":{},"text":"a"}]}`} {
		if _, err := parseReply(bad); err == nil {
			t.Errorf("parseReply(%q) succeeded", bad)
		}
	}
}

func TestClassify(t *testing.T) {
	p, _ := New(Options{APIKey: "sk-abc"})
	ctx := context.Background()
	h := http.Header{"Retry-After": {"3"}}
	cases := []struct {
		err       error
		header    http.Header
		retryable bool
		limited   bool
		permanent bool
		after     time.Duration
	}{
		{err: &goopenai.APIError{HTTPStatusCode: 429, Message: "slow"}, header: h, retryable: true, limited: true, after: 3 * time.Second},
		{err: &goopenai.APIError{HTTPStatusCode: 429, Code: "insufficient_quota"}, permanent: true},
		{err: &goopenai.RequestError{HTTPStatusCode: 502, Err: errors.New("bad gateway")}, header: http.Header{}, retryable: true},
		{err: &goopenai.APIError{HTTPStatusCode: 401}, permanent: true},
		{err: &goopenai.APIError{HTTPStatusCode: 400, Message: "sk-abc is bad"}, permanent: true},
		{err: goopenai.ErrReasoningModelLimitationsOther, permanent: true},
	}
	for _, c := range cases {
		got := p.classify(ctx, c.err, c.header)
		d, _ := providers.RetryAfter(got)
		if providers.IsRetryable(got) != c.retryable || providers.IsRateLimited(got) != c.limited || providers.IsPermanent(got) != c.permanent || d != c.after {
			t.Errorf("classify(%v) = %v: retryable %v limited %v permanent %v after %v", c.err, got, providers.IsRetryable(got), providers.IsRateLimited(got), providers.IsPermanent(got), d)
		}
		if strings.Contains(got.Error(), "sk-abc") {
			t.Errorf("key in %v", got)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if got := p.classify(cctx, errors.New("x"), nil); !errors.Is(got, context.Canceled) {
		t.Errorf("cancelled: %v", got)
	}
}

func TestSpecNeedsAKeyForThePublicEndpoint(t *testing.T) {
	s := Spec()
	_, err := s.New(context.Background(), map[string]any{"base_url": DefaultBaseURL}, slog.New(slog.DiscardHandler))
	if err == nil || !providers.IsPermanent(err) || !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Errorf("no key for %s: err = %v, want a permanent error naming the key", DefaultBaseURL, err)
	}
	if _, err := s.New(context.Background(), map[string]any{"base_url": "http://127.0.0.1:11434/v1"}, slog.New(slog.DiscardHandler)); err != nil {
		t.Errorf("a local server needs no key: %v", err)
	}
}
