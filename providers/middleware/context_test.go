package middleware_test

import (
	"context"
	"slices"
	"testing"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/fake"
	"github.com/anuvad/anuvad/providers/middleware"
)

// TestSplitRequestsKeepTheirContext checks that every request the
// decorators derive from one (rate-limit parts, retried halves, fallback
// remainders) carries the original's Context.
func TestSplitRequestsKeepTheirContext(t *testing.T) {
	first := fake.New(fake.Options{Name: "first", Limits: providers.Limits{MaxSegments: 2}, FailSegment: func(call int, s providers.Segment) error {
		if call == 1 || s.ID == "s03" {
			return providers.Retryable(errBoom)
		}
		return nil
	}})
	second := fake.New(fake.Options{Name: "second"})
	rec := &recorder{}
	p := middleware.Fallback(
		middleware.Retry(middleware.RateLimit(first, middleware.Limits{}), rec.policy(2), rec.report),
		second,
	)
	req := request(5)
	req.Context = []string{"पहले", "फिर"}
	res, err := p.Translate(context.Background(), req)
	checkAll(t, req, res, err)
	if len(first.Requests()) < 4 || len(second.Requests()) != 1 {
		t.Fatalf("first made %d calls, second %d: the test no longer splits", len(first.Requests()), len(second.Requests()))
	}
	for _, f := range []*fake.Provider{first, second} {
		for i, r := range f.Requests() {
			if !slices.Equal(r.Context, req.Context) {
				t.Errorf("%s call %d: context %q, want %q", f.Name(), i+1, r.Context, req.Context)
			}
		}
	}
}
