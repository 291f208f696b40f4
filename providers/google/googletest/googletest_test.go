package googletest_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/google"
	"github.com/anuvad/anuvad/providers/google/googletest"
)

var req = providers.Request{Source: "hi", Target: "en", Segments: []providers.Segment{{ID: "a", Text: "नमस्ते"}, {ID: "b", Text: "धन्यवाद"}}}

func check(t *testing.T, res []providers.Result, err error) {
	t.Helper()
	if err != nil || len(res) != 2 || res[0].Text != "en:नमस्ते" || res[1].Text != googletest.Translate("धन्यवाद") {
		t.Fatalf("Translate = %+v, %v", res, err)
	}
}

func TestV2(t *testing.T) {
	s := googletest.NewV2(t, googletest.V2Options{Key: "AIza-right", Fault: func(call int, w http.ResponseWriter, _ *http.Request) bool {
		if call == 2 {
			googletest.Error(w, http.StatusForbidden, "forbidden", "no")
			return true
		}
		return false
	}})
	p, err := google.New(context.Background(), google.Options{APIKey: "AIza-right", Endpoint: s.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	res, err := p.Translate(context.Background(), req)
	check(t, res, err)
	if _, err := p.Translate(context.Background(), req); !providers.IsPermanent(err) {
		t.Errorf("faulty call: err = %v, want permanent", err)
	}
	bad, err := google.New(context.Background(), google.Options{APIKey: "AIza-wrong", Endpoint: s.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	if _, err := bad.Translate(context.Background(), req); !providers.IsPermanent(err) {
		t.Errorf("wrong key: err = %v, want permanent", err)
	}
	r := s.Requests()
	if s.Calls() != 3 || len(r) != 3 || !slices.Equal(s.Keys(), []string{"AIza-right", "AIza-right", "AIza-wrong"}) ||
		r[0].Format != "text" || r[0].Source != "hi" || r[0].Target != "en" || !slices.Equal(r[0].Q, []string{"नमस्ते", "धन्यवाद"}) {
		t.Errorf("calls %d, requests %+v", s.Calls(), r)
	}
}

func TestV3(t *testing.T) {
	s := googletest.NewV3(t, googletest.V3Options{})
	p, err := google.New(context.Background(), google.Options{Project: "p", Endpoint: s.Addr, ClientOptions: s.ClientOptions()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	res, err := p.Translate(context.Background(), req)
	check(t, res, err)
	if r := s.Requests(); s.Calls() != 1 || len(r) != 1 || r[0].GetParent() != "projects/p/locations/global" || r[0].GetMimeType() != "text/plain" {
		t.Errorf("calls %d, requests %v", s.Calls(), r)
	}
}
