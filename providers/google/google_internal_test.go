package google

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"google.golang.org/api/option"

	"github.com/anuvad/anuvad/providers"
)

func TestV2ChunksByEncodedLength(t *testing.T) {
	p, err := New(context.Background(), Options{APIKey: "k", Endpoint: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Limits().MaxSegments != V2MaxSegments || p.Limits().MaxChars != V2MaxChars {
		t.Errorf("limits %+v", p.Limits())
	}
	sentence := strings.Repeat("क", 100) // 900 encoded bytes
	var req providers.Request
	var send []int
	for i := range 40 {
		req.Segments = append(req.Segments, providers.Segment{ID: fmt.Sprint(i), Text: sentence})
		send = append(send, i)
	}
	req.Segments = append(req.Segments, providers.Segment{ID: "huge", Text: strings.Repeat("क", 2000)})
	send = append(send, 40)
	chunks, tooLong := p.chunks(req, send)
	if len(tooLong) != 1 || tooLong[0] != 40 {
		t.Errorf("tooLong = %v", tooLong)
	}
	n := 0
	for _, c := range chunks {
		bytes, chars := 0, 0
		for _, i := range c {
			bytes += len("&q=") + len(url.QueryEscape(req.Segments[i].Text))
			chars += 100
		}
		if bytes > V2MaxQueryBytes || chars > V2MaxChars {
			t.Errorf("chunk of %d segments: %d bytes, %d chars", len(c), bytes, chars)
		}
		n += len(c)
	}
	if n != 40 {
		t.Errorf("%d segments chunked, want 40", n)
	}
}

func TestOptionsValidation(t *testing.T) {
	ctx := context.Background()
	noAuth := []option.ClientOption{option.WithoutAuthentication()}
	if _, err := New(ctx, Options{API: "v2", Glossary: "g", ClientOptions: noAuth}); !providers.IsPermanent(err) {
		t.Errorf("glossary with v2: %v", err)
	}
	if _, err := New(ctx, Options{API: "v3", ClientOptions: noAuth}); !providers.IsPermanent(err) || !strings.Contains(err.Error(), "project") {
		t.Errorf("v3 without project: %v", err)
	}
	p, err := New(ctx, Options{Project: "p", MaxChars: 99_999, Endpoint: "127.0.0.1:1", ClientOptions: noAuth})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.opt.API != "v3" || p.Limits().MaxChars != V3MaxChars || p.Model() != "v3/general/nmt" {
		t.Errorf("api %s limits %+v model %s", p.opt.API, p.Limits(), p.Model())
	}
	for in, want := range map[string]string{
		"http://h:1":                   "http://h:1/language/translate/",
		"https://h/language/translate": "https://h/language/translate/",
		"https://h/custom/path/":       "https://h/custom/path/",
	} {
		if got, err := v2Endpoint(in); err != nil || got != want {
			t.Errorf("v2Endpoint(%q) = %q, %v", in, got, err)
		}
	}
}

func TestSpec(t *testing.T) {
	s := Spec()
	if s.Configured(map[string]any{"api_key": nil, "project": ""}) {
		t.Error("configured without key or project")
	}
	if !s.Configured(map[string]any{"api_key": "x"}) {
		t.Error("not configured with a key")
	}
	for _, o := range s.Options {
		if o.Key == "api_key" && (!o.Sensitive || len(o.Env) == 0 || o.Env[0] != "GOOGLE_API_KEY") {
			t.Errorf("api_key option %+v", o)
		}
	}
}
