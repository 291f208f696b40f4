package fake

import (
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/anuvad/anuvad/providers"
)

func TestSplitAndHooks(t *testing.T) {
	boom := errors.New("boom")
	p := New(Options{
		Limits: providers.Limits{MaxSegments: 2},
		FailCall: func(_ context.Context, call int, _ providers.Request) error {
			if call == 2 {
				return providers.Retryable(boom)
			}
			return nil
		},
		FailSegment: func(_ int, s providers.Segment) error {
			if s.ID == "b" {
				return providers.Retryable(boom)
			}
			return nil
		},
	})
	req := providers.Request{Segments: []providers.Segment{{ID: "a", Text: "क"}, {ID: "b", Text: "ख"}, {ID: "c", Text: "ग"}, {ID: "d", Text: " "}, {ID: "e", Text: "घ"}}}
	res, err := p.Translate(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Text != "en:क" || res[0].Err != nil {
		t.Errorf("a: %+v", res[0])
	}
	if !providers.IsRetryable(res[1].Err) {
		t.Errorf("b: %+v", res[1])
	}
	if !errors.Is(res[2].Err, boom) || !errors.Is(res[4].Err, boom) {
		t.Errorf("c, e: %+v %+v", res[2], res[4])
	}
	if res[3].Err != nil || res[3].Text != " " {
		t.Errorf("d: %+v", res[3])
	}
	if got := p.Calls(); got != 2 {
		t.Errorf("calls = %d, want 2", got)
	}
	if s, ok := Unprefix(res[0].Text); !ok || s != "क" {
		t.Errorf("Unprefix(%q) = %q, %v", res[0].Text, s, ok)
	}
}

func TestFirstCallErrorIsWhole(t *testing.T) {
	p := New(Options{FailCall: func(context.Context, int, providers.Request) error {
		return providers.Permanent(errors.New("bad key"))
	}})
	_, err := p.Translate(context.Background(), providers.Request{Segments: []providers.Segment{{ID: "1", Text: "क"}}})
	if !providers.IsPermanent(err) {
		t.Fatalf("err = %v", err)
	}
}

func TestSpec(t *testing.T) {
	p, err := Spec().New(context.Background(), map[string]any{"max_segments": "3"}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if p.Limits().MaxSegments != 3 {
		t.Errorf("limits %+v", p.Limits())
	}
}
