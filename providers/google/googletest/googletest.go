// Package googletest provides fake Google Cloud Translation services for
// tests, in the manner of net/http/httptest: the v2 REST API (NewV2) and the
// v3 gRPC API (NewV3), both on loopback.
//
// The fakes check what the google provider must send (format=text, target
// and q for v2, within the API's limits; mime type, parent and target for
// v3) and answer each text with Translate(text), in order. Fault hooks let a
// test answer a call itself with an error or a malformed reply.
package googletest

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

// Prefix starts every translation the fakes make.
const Prefix = "en:"

// Translate is the fakes' deterministic translation of text.
func Translate(text string) string { return Prefix + text }

// V2Path is the path of the v2 translate method.
const V2Path = "/language/translate/v2"

// V2MaxQueryBytes is the longest raw query the v2 fake accepts.
const V2MaxQueryBytes = 16_000

// V2Fault may answer a v2 call (numbered from 1) itself: it writes the
// response and returns true. Returning false lets the fake answer.
type V2Fault func(call int, w http.ResponseWriter, r *http.Request) bool

// V2Options configure a V2Server.
type V2Options struct {
	// Key, if set, is the API key the server requires: a call whose key=
	// parameter (or X-Goog-Api-Key header) differs is refused with 400
	// keyInvalid, as the service does.
	Key string
	// Fault, if set, runs after the key check and before the fake answers.
	Fault V2Fault
}

// V2Request is what the v2 fake read from one call.
type V2Request struct {
	Key    string // the key= parameter or X-Goog-Api-Key header
	Source string
	Target string
	Format string
	Model  string
	Q      []string
}

// V2Server is a fake of the v2 REST API.
type V2Server struct {
	// URL is the server's base URL, http://127.0.0.1:port; configure it as
	// the provider's endpoint.
	URL string

	srv   *httptest.Server
	opt   V2Options
	calls atomic.Int64
	mu    sync.Mutex
	reqs  []V2Request
}

// NewV2 starts a v2 fake that is closed when the test ends.
func NewV2(t testing.TB, o V2Options) *V2Server {
	t.Helper()
	s := &V2Server{opt: o}
	s.srv = httptest.NewServer(http.HandlerFunc(s.handle))
	s.URL = s.srv.URL
	t.Cleanup(s.Close)
	return s
}

// Calls returns the number of calls to the translate method, refused ones
// included.
func (s *V2Server) Calls() int { return int(s.calls.Load()) }

// Requests returns every call to the translate method whose form parsed,
// in arrival order, refused ones included.
func (s *V2Server) Requests() []V2Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]V2Request(nil), s.reqs...)
}

// Keys returns the API key of each call in Requests.
func (s *V2Server) Keys() []string {
	var out []string
	for _, r := range s.Requests() {
		out = append(out, r.Key)
	}
	return out
}

// Close shuts the server down, waiting for calls in progress. It may be
// called more than once.
func (s *V2Server) Close() { s.srv.Close() }

// Error writes an error in the JSON shape of Google APIs, with one error
// item carrying reason.
func Error(w http.ResponseWriter, code int, reason, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	body := map[string]any{"error": map[string]any{
		"code": code, "message": msg,
		"errors": []map[string]string{{"reason": reason, "message": msg, "domain": "global"}},
	}}
	_ = json.NewEncoder(w).Encode(body)
}

func (s *V2Server) handle(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != V2Path {
		http.Error(w, `{"error":{"code":404,"message":"no such path"}}`, http.StatusNotFound)
		return
	}
	call := int(s.calls.Add(1))
	if err := r.ParseForm(); err != nil {
		Error(w, http.StatusBadRequest, "badRequest", err.Error())
		return
	}
	key := r.Form.Get("key")
	if key == "" {
		key = r.Header.Get("X-Goog-Api-Key")
	}
	q := r.Form["q"]
	s.mu.Lock()
	s.reqs = append(s.reqs, V2Request{Key: key, Source: r.Form.Get("source"), Target: r.Form.Get("target"),
		Format: r.Form.Get("format"), Model: r.Form.Get("model"), Q: append([]string(nil), q...)})
	s.mu.Unlock()
	if s.opt.Key != "" && key != s.opt.Key {
		Error(w, http.StatusBadRequest, "keyInvalid", "API key not valid. Please pass a valid API key.")
		return
	}
	if s.opt.Fault != nil && s.opt.Fault(call, w, r) {
		return
	}
	switch {
	case r.Form.Get("format") != "text":
		Error(w, http.StatusBadRequest, "invalid", "format must be text, got "+r.Form.Get("format"))
		return
	case r.Form.Get("target") == "" || len(q) == 0:
		Error(w, http.StatusBadRequest, "required", "target and q are required")
		return
	case len(q) > google.V2MaxSegments:
		Error(w, http.StatusBadRequest, "invalid", "too many text segments")
		return
	case len(r.URL.RawQuery) > V2MaxQueryBytes:
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
		resp.Data.Translations = append(resp.Data.Translations, tr{Translate(text)})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// V3Fault may answer a v3 call (numbered from 1) itself by returning a
// response or an error; returning neither lets the fake answer.
type V3Fault func(ctx context.Context, call int, req *translatepb.TranslateTextRequest) (*translatepb.TranslateTextResponse, error)

// V3Options configure a V3Server.
type V3Options struct {
	// Fault, if set, runs before the fake answers.
	Fault V3Fault
}

// V3Server is a fake of the v3 gRPC API, without TLS or authentication:
// connect with the options of ClientOptions.
type V3Server struct {
	translatepb.UnimplementedTranslationServiceServer

	// Addr is the server's host:port; configure it as the provider's
	// endpoint.
	Addr string

	grpc  *grpc.Server
	opt   V3Options
	calls atomic.Int64
	mu    sync.Mutex
	reqs  []*translatepb.TranslateTextRequest
}

// NewV3 starts a v3 fake that is stopped when the test ends.
func NewV3(t testing.TB, o V3Options) *V3Server {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &V3Server{Addr: lis.Addr().String(), opt: o, grpc: grpc.NewServer()}
	translatepb.RegisterTranslationServiceServer(s.grpc, s)
	go func() { _ = s.grpc.Serve(lis) }()
	t.Cleanup(s.Close)
	return s
}

// ClientOptions are the client options that reach the fake: no
// authentication and no TLS.
func (s *V3Server) ClientOptions() []option.ClientOption {
	return []option.ClientOption{
		option.WithoutAuthentication(),
		option.WithGRPCDialOption(grpc.WithTransportCredentials(insecure.NewCredentials())),
	}
}

// Calls returns the number of TranslateText calls.
func (s *V3Server) Calls() int { return int(s.calls.Load()) }

// Requests returns every TranslateText request, in arrival order.
func (s *V3Server) Requests() []*translatepb.TranslateTextRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*translatepb.TranslateTextRequest(nil), s.reqs...)
}

// Close stops the server at once. It may be called more than once.
func (s *V3Server) Close() { s.grpc.Stop() }

// TranslateText implements translatepb.TranslationServiceServer.
func (s *V3Server) TranslateText(ctx context.Context, req *translatepb.TranslateTextRequest) (*translatepb.TranslateTextResponse, error) {
	call := int(s.calls.Add(1))
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	s.mu.Unlock()
	if s.opt.Fault != nil {
		if resp, err := s.opt.Fault(ctx, call, req); resp != nil || err != nil {
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
		resp.Translations = append(resp.Translations, &translatepb.Translation{TranslatedText: Translate(c), Model: req.GetModel()})
	}
	return resp, nil
}
