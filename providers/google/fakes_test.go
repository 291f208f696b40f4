package google_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"cloud.google.com/go/translate/apiv3/translatepb"
	"google.golang.org/api/option"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/anuvad/anuvad/providers/google"
)

// translation is the fake services' deterministic translation.
func translation(text string) string { return "en:" + text }

// fault lets a test answer a call (numbered from 1) with an error; for v2 it
// writes the response and returns true, for v3 it returns a non-nil error.
type (
	v2Fault func(call int, w http.ResponseWriter, r *http.Request) bool
	v3Fault func(ctx context.Context, call int, req *translatepb.TranslateTextRequest) (*translatepb.TranslateTextResponse, error)
)

// v2Server is a fake of the v2 REST API on loopback.
type v2Server struct {
	*httptest.Server
	calls atomic.Int64
	fault v2Fault
	mu    sync.Mutex
	keys  []string // the key= parameter of each call
}

func newV2Server(t *testing.T, fault v2Fault) *v2Server {
	t.Helper()
	s := &v2Server{fault: fault}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	t.Cleanup(s.Close)
	return s
}

func (s *v2Server) handle(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/language/translate/v2" {
		http.Error(w, `{"error":{"code":404,"message":"no such path"}}`, http.StatusNotFound)
		return
	}
	call := int(s.calls.Add(1))
	if err := r.ParseForm(); err != nil {
		googleError(w, http.StatusBadRequest, "badRequest", err.Error())
		return
	}
	s.mu.Lock()
	s.keys = append(s.keys, r.Form.Get("key"))
	s.mu.Unlock()
	if s.fault != nil && s.fault(call, w, r) {
		return
	}
	q := r.Form["q"]
	switch {
	case r.Form.Get("format") != "text":
		googleError(w, http.StatusBadRequest, "invalid", "format must be text, got "+r.Form.Get("format"))
		return
	case r.Form.Get("target") == "" || len(q) == 0:
		googleError(w, http.StatusBadRequest, "required", "target and q are required")
		return
	case len(q) > google.V2MaxSegments:
		googleError(w, http.StatusBadRequest, "invalid", "too many text segments")
		return
	case len(r.URL.RawQuery) > 16_000:
		http.Error(w, "URI too long", http.StatusRequestURITooLong)
		return
	}
	type tr struct {
		TranslatedText string `json:"translatedText"`
	}
	var resp struct {
		Data struct {
			Translations []tr `json:"translations"`
		} `json:"data"`
	}
	for _, text := range q {
		resp.Data.Translations = append(resp.Data.Translations, tr{translation(text)})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// googleError writes an error in the JSON shape of Google APIs.
func googleError(w http.ResponseWriter, code int, reason, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	body := map[string]any{"error": map[string]any{
		"code": code, "message": msg,
		"errors": []map[string]string{{"reason": reason, "message": msg, "domain": "global"}},
	}}
	_ = json.NewEncoder(w).Encode(body)
}

// newV2 builds a v2 provider against s without authentication.
func newV2(t *testing.T, s *v2Server, o google.Options) *google.Provider {
	t.Helper()
	o.API = "v2"
	o.Endpoint = s.URL
	if o.APIKey == "" {
		o.ClientOptions = append(o.ClientOptions, option.WithoutAuthentication())
	}
	p, err := google.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// v3Server is a fake of the v3 gRPC API on loopback.
type v3Server struct {
	translatepb.UnimplementedTranslationServiceServer
	addr  string
	calls atomic.Int64
	fault v3Fault
	mu    sync.Mutex
	reqs  []*translatepb.TranslateTextRequest
}

func newV3Server(t *testing.T, fault v3Fault) *v3Server {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &v3Server{addr: lis.Addr().String(), fault: fault}
	g := grpc.NewServer()
	translatepb.RegisterTranslationServiceServer(g, s)
	go func() { _ = g.Serve(lis) }()
	t.Cleanup(g.Stop)
	return s
}

func (s *v3Server) TranslateText(ctx context.Context, req *translatepb.TranslateTextRequest) (*translatepb.TranslateTextResponse, error) {
	call := int(s.calls.Add(1))
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	s.mu.Unlock()
	if s.fault != nil {
		if resp, err := s.fault(ctx, call, req); resp != nil || err != nil {
			return resp, err
		}
	}
	chars := 0
	for _, c := range req.GetContents() {
		chars += utf8.RuneCountInString(c)
	}
	switch {
	case req.GetMimeType() != "text/plain":
		return nil, status.Errorf(codes.InvalidArgument, "mime type %q", req.GetMimeType())
	case req.GetParent() == "" || req.GetTargetLanguageCode() == "":
		return nil, status.Error(codes.InvalidArgument, "parent and target are required")
	case len(req.GetContents()) > google.V3MaxSegments || chars > google.V3MaxChars:
		return nil, status.Error(codes.InvalidArgument, "request too large")
	}
	resp := &translatepb.TranslateTextResponse{}
	for _, c := range req.GetContents() {
		resp.Translations = append(resp.Translations, &translatepb.Translation{TranslatedText: translation(c), Model: req.GetModel()})
	}
	return resp, nil
}

// newV3 builds a v3 provider against s without authentication or TLS.
func newV3(t *testing.T, s *v3Server, o google.Options) *google.Provider {
	t.Helper()
	o.API = "v3"
	if o.Project == "" {
		o.Project = "test-project"
	}
	o.Endpoint = s.addr
	o.ClientOptions = append(o.ClientOptions,
		option.WithoutAuthentication(),
		option.WithGRPCDialOption(grpc.WithTransportCredentials(insecure.NewCredentials())),
	)
	p, err := google.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}
