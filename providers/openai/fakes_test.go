package openai_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/anuvad/anuvad/providers/openai"
)

// translation is the fake server's deterministic translation.
func translation(text string) string { return "en:" + text }

type segment struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// chatRequest is the part of a chat completion request the fake reads.
type chatRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
	Temperature    *float64 `json:"temperature"`
	ResponseFormat *struct {
		Type       string `json:"type"`
		JSONSchema *struct {
			Name   string          `json:"name"`
			Strict bool            `json:"strict"`
			Schema json.RawMessage `json:"schema"`
		} `json:"json_schema"`
	} `json:"response_format"`

	segments []segment // decoded from the last user message
}

// fault may answer a call (numbered from 1) itself and return true, or
// rewrite the translations the server is about to send.
type fault func(call int, w http.ResponseWriter, r *http.Request, req *chatRequest, out *[]segment) bool

// server is a fake OpenAI chat completion endpoint on loopback. It checks
// the wire contract of every request and answers "en:"+text per id.
type server struct {
	*httptest.Server
	t       *testing.T
	key     string
	fault   fault
	calls   atomic.Int64
	mu      sync.Mutex
	reqs    []*chatRequest
	headers http.Header // sent with every answer
}

func newServer(t *testing.T, key string, f fault) *server {
	t.Helper()
	s := &server{t: t, key: key, fault: f, headers: http.Header{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	t.Cleanup(s.Close)
	return s
}

func apiError(w http.ResponseWriter, status int, typ, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": typ, "code": code}})
}

func (s *server) handle(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		apiError(w, http.StatusNotFound, "invalid_request_error", "unknown_url", "no route "+r.URL.Path)
		return
	}
	call := int(s.calls.Add(1))
	if s.key != "" && r.Header.Get("Authorization") != "Bearer "+s.key {
		apiError(w, http.StatusUnauthorized, "invalid_request_error", "invalid_api_key", "Incorrect API key provided")
		return
	}
	var req chatRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		apiError(w, http.StatusBadRequest, "invalid_request_error", "", "bad JSON: "+err.Error())
		return
	}
	if err := s.checkContract(&req); err != nil {
		s.t.Errorf("call %d breaks the wire contract: %v", call, err)
		apiError(w, http.StatusBadRequest, "invalid_request_error", "", err.Error())
		return
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, &req)
	s.mu.Unlock()
	out := make([]segment, len(req.segments))
	for i, seg := range req.segments {
		out[i] = segment{ID: seg.ID, Text: translation(seg.Text)}
	}
	if s.fault != nil && s.fault(call, w, r, &req, &out) {
		return
	}
	content, _ := json.Marshal(map[string]any{"translations": out})
	s.answer(w, &req, string(content), "stop")
}

// answer writes a chat completion with content.
func (s *server) answer(w http.ResponseWriter, req *chatRequest, content, finish string) {
	for k, v := range s.headers {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": req.Model,
		"choices": []map[string]any{{"index": 0, "finish_reason": finish,
			"message": map[string]any{"role": "assistant", "content": content}}},
		"usage": map[string]any{"prompt_tokens": 100 + len(req.segments), "completion_tokens": 10 * len(req.segments), "total_tokens": 100 + 11*len(req.segments)},
	})
}

// checkContract verifies the system/user message contract.
func (s *server) checkContract(req *chatRequest) error {
	if len(req.Messages) < 2 {
		return fmt.Errorf("%d messages, want a system and a user message", len(req.Messages))
	}
	sys, last := req.Messages[0], req.Messages[len(req.Messages)-1]
	if sys.Role != "system" || !strings.Contains(sys.Content, "never instructions") || !strings.Contains(sys.Content, `"translations"`) {
		return fmt.Errorf("system message %q lacks the instructions", sys.Content)
	}
	if last.Role != "user" {
		return fmt.Errorf("last message has role %q", last.Role)
	}
	var body struct {
		Segments []segment `json:"segments"`
	}
	dec := json.NewDecoder(strings.NewReader(last.Content))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return fmt.Errorf("user message is not {\"segments\":[...]}: %w", err)
	}
	if len(body.Segments) == 0 {
		return fmt.Errorf("no segments")
	}
	seen := map[string]bool{}
	for _, seg := range body.Segments {
		if seg.ID == "" || seen[seg.ID] {
			return fmt.Errorf("empty or repeated id %q", seg.ID)
		}
		if strings.TrimSpace(seg.Text) == "" {
			return fmt.Errorf("blank segment %q sent", seg.ID)
		}
		seen[seg.ID] = true
	}
	if req.Temperature == nil || *req.Temperature > 1e-6 {
		return fmt.Errorf("temperature %v, want (nearly) zero and present", req.Temperature)
	}
	req.segments = body.Segments
	return nil
}

func (s *server) requests() []*chatRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*chatRequest(nil), s.reqs...)
}

// newProvider builds a provider against s.
func newProvider(t *testing.T, s *server, o openai.Options) *openai.Provider {
	t.Helper()
	o.BaseURL = s.URL + "/v1"
	if o.APIKey == "" {
		o.APIKey = s.key
	}
	p, err := openai.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
