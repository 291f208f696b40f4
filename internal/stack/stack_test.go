package stack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/fake"
	googleprov "github.com/anuvad/anuvad/providers/google"
	openaiprov "github.com/anuvad/anuvad/providers/openai"
	"github.com/anuvad/anuvad/providers/providertest"
)

// registry holds two fake providers: "first", which fails segments that
// contain "x", and "second", which answers everything.
func registry(first, second *fake.Provider) *providers.Registry {
	r := providers.NewRegistry()
	for name, p := range map[string]*fake.Provider{"first": first, "second": second} {
		r.Register(providers.Spec{Name: name, New: func(context.Context, config.Settings, *slog.Logger) (providers.Provider, error) { return p, nil }})
	}
	return r
}

func testConfig(t *testing.T, chain ...string) config.Config {
	t.Helper()
	return testConfigFor(t, providers.NewRegistry(), chain...)
}

func testConfigFor(t *testing.T, r *providers.Registry, chain ...string) config.Config {
	t.Helper()
	l := config.NewLoader(r.Sections())
	l.Set("provider", strings.Join(chain, ","))
	l.Set("retry.attempts", 1)
	l.Set("retry.initial", "1ms")
	c, err := l.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func request(texts ...string) providers.Request {
	r := providers.Request{Source: "hi", Target: "en"}
	for i, s := range texts {
		r.Segments = append(r.Segments, providers.Segment{ID: fmt.Sprint(i), Text: s})
	}
	return r
}

func TestChainCachesUnderTheProviderThatAnswered(t *testing.T) {
	ctx := context.Background()
	first := fake.New(fake.Options{Name: "first", FailSegment: func(_ int, s providers.Segment) error {
		if strings.Contains(s.Text, "x") {
			return providers.Retryable(errors.New("refused"))
		}
		return nil
	}})
	second := fake.New(fake.Options{Name: "second"})
	store, err := cache.OpenSQLite(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	st, err := Build(ctx, Options{Config: testConfig(t, "first", "second"), Registry: registry(first, second), Store: store})
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.Provider.Translate(ctx, request("क", "x ख"))
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Provider != "first" || res[1].Provider != "second" || res[1].Text != fake.Prefix("x ख") {
		t.Fatalf("results = %+v", res)
	}
	calls := st.Calls()
	if calls["first"].Calls == 0 || calls["second"].Segments != 1 || calls["first"].Failures != 1 {
		t.Errorf("calls = %+v", calls)
		found, err := st.Lookup.Lookup(ctx, request("क", "x ख", "new"))
		hits := providertest.Answered(found)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits["0"].Provider != "first" || !hits["0"].Cached {
			t.Errorf("lookup = %+v, want only the first provider's translation", hits)
		}
		// Asked again, the chain tries the first provider for the sentence it
		// failed, then the second provider's cache answers without a call.
		before := second.Calls()
		res, err = st.Provider.Translate(ctx, request("x ख"))
		if err != nil {
			t.Fatal(err)
		}
		if !res[0].Cached || res[0].Provider != "second" || second.Calls() != before {
			t.Errorf("second pass = %+v, second provider calls %d → %d", res, before, second.Calls())
		}
	}
}

func TestBudgetStopsBeforeSpending(t *testing.T) {
	ctx := context.Background()
	google := fake.New(fake.Options{Name: "google"})
	r := providers.NewRegistry()
	r.Register(providers.Spec{
		Name:   "google",
		New:    func(context.Context, config.Settings, *slog.Logger) (providers.Provider, error) { return google, nil },
		Prices: googleprov.PriceOptions(),
		Pricer: googleprov.NewPricer,
	})
	cfg := testConfigFor(t, r, "google")
	// $20 per million characters: 100 characters cost $0.002.
	cfg.Budget = 0.003
	st, err := Build(ctx, Options{Config: cfg, Registry: r})
	if err != nil {
		t.Fatal(err)
	}
	hundred := strings.Repeat("क", 100)
	if _, err := st.Provider.Translate(ctx, request(hundred)); err != nil {
		t.Fatalf("first request within budget: %v", err)
	}
	_, err = st.Provider.Translate(ctx, request(hundred))
	if !errors.Is(err, ErrBudget) || !providers.IsPermanent(err) {
		t.Fatalf("second request: err = %v, want a permanent budget error", err)
	}
	if google.Calls() != 1 {
		t.Errorf("provider called %d times, want 1", google.Calls())
	}
}

func TestCostEstimates(t *testing.T) {
	p := map[string]providers.Pricer{
		"google": googleprov.Prices{PerMillionChars: 20},
		"openai": openaiprov.Prices{PerMillionInput: 1, PerMillionOutput: 2, HindiCharsPerToken: 2, BatchDiscount: 0.5},
	}
	if e := Cost(p, "google", 1_000_000, 10); e.USD != 20 {
		t.Errorf("google = %+v", e)
	}
	e := Cost(p, "openai", 1000, 2)
	if e.TokensIn != 500+2*250 || e.TokensOut != 250+2*20 {
		t.Errorf("openai tokens = %+v", e)
	}
	// 1000 tokens in at $1 and 290 out at $2 a million.
	if want := (1000*1 + 290*2) / 1e6; math.Abs(e.USD-want) > 1e-12 {
		t.Errorf("openai cost = %g, want %g", e.USD, want)
	}
	if b := BatchCost(p, "openai", 1000, 2); math.Abs(b.USD-e.USD/2) > 1e-12 {
		t.Errorf("openai batch cost = %g, want half of %g", b.USD, e.USD)
	}
	if Cost(p, "offline", 1000, 1).USD != 0 || BatchCost(p, "google", 1_000_000, 1).USD != 20 {
		t.Errorf("offline or google batch cost wrong")
	}
}

// TestPricesFromConfiguration checks that the price keys the providers
// declare are read from the prices section and validated there.
func TestPricesFromConfiguration(t *testing.T) {
	r := providers.NewRegistry()
	r.Register(openaiprov.Spec())
	l := config.NewLoader(r.Sections())
	l.Set("prices.openai_per_million_input_tokens", 2.0)
	c, err := l.Load()
	if err != nil {
		t.Fatal(err)
	}
	pricers, err := r.Pricers(c.Prices)
	if err != nil {
		t.Fatal(err)
	}
	if got := pricers["openai"].(openaiprov.Prices); got.PerMillionInput != 2 || got.PerMillionOutput != openaiprov.DefaultPerMillionOutput {
		t.Errorf("prices = %+v", got)
	}
	l.Set("prices.openai_batch_discount", 1.5)
	if _, err := l.Load(); err == nil || !strings.Contains(err.Error(), "prices.openai_batch_discount") {
		t.Errorf("a discount of 1.5 loads: %v", err)
	}
}

func TestBatchCostIsTheReadmeExample(t *testing.T) {
	// The defaults, and the example of README's "Batch runs".
	r := providers.NewRegistry()
	r.Register(googleprov.Spec())
	r.Register(openaiprov.Spec())
	p, err := r.Pricers(testConfigFor(t, r, "offline").Prices)
	if err != nil {
		t.Fatal(err)
	}
	chat, batch := Cost(p, "openai", 1_000_000, 500), BatchCost(p, "openai", 1_000_000, 500)
	if chat.TokensIn != 525_000 || chat.TokensOut != 260_000 || math.Abs(chat.USD-0.23475) > 1e-9 {
		t.Errorf("chat = %+v", chat)
	}
	if batch.TokensIn != chat.TokensIn || math.Abs(batch.USD-0.117375) > 1e-9 {
		t.Errorf("batch = %+v", batch)
	}
	if g := BatchCost(p, "google", 1_000_000, 1); g.USD != 20 {
		t.Errorf("google has no batch discount: %+v", g)
	}
}

func TestUnknownProvider(t *testing.T) {
	_, err := Build(context.Background(), Options{Config: testConfig(t, "nosuch"), Registry: providers.NewRegistry()})
	if err == nil || !strings.Contains(err.Error(), "nosuch") {
		t.Errorf("err = %v", err)
	}
}

// contextual is a fake provider that wants n sentences of context.
type contextual struct {
	*fake.Provider
	n int
}

func (c contextual) ContextSentences() int { return c.n }

func TestContextThroughTheStack(t *testing.T) {
	first := fake.New(fake.Options{Name: "first", FailSegment: func(_ int, s providers.Segment) error {
		if strings.Contains(s.Text, "x") {
			return providers.Retryable(errors.New("refused"))
		}
		return nil
	}})
	second := fake.New(fake.Options{Name: "second"})
	r := providers.NewRegistry()
	for name, p := range map[string]providers.Provider{"first": contextual{first, 1}, "second": contextual{second, 3}} {
		r.Register(providers.Spec{Name: name, New: func(context.Context, config.Settings, *slog.Logger) (providers.Provider, error) { return p, nil }})
	}
	store, err := cache.OpenSQLite(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	s, err := Build(context.Background(), Options{Config: testConfig(t, "first", "second"), Registry: r, Store: store})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := s.ContextSentences(); n != 3 {
		t.Errorf("ContextSentences() = %d, want 3, the most of the chain", n)
	}
	req := request("क", "x ख")
	req.Context = []string{"पहले", "फिर"}
	if _, err := s.Provider.Translate(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*fake.Provider{first, second} {
		calls := p.Requests()
		if len(calls) == 0 {
			t.Fatalf("%s was not called", p.Name())
		}
		for _, c := range calls {
			if strings.Join(c.Context, "|") != "पहले|फिर" {
				t.Errorf("%s got context %q, want the request's", p.Name(), c.Context)
			}
		}
	}

	one, err := Build(context.Background(), Options{Config: testConfig(t, "second"), Registry: registry(first, second)})
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	if n := one.ContextSentences(); n != 0 {
		t.Errorf("ContextSentences() = %d without a provider that wants context", n)
	}
}
