// Package openaitest provides a fake OpenAI chat completion server for
// tests, in the manner of net/http/httptest.
//
// The server listens on loopback, checks the wire contract of every request
// the openai provider sends (a system message with the instructions, a user
// message holding {"segments":[{"id","text"}]} and, optionally, a "context"
// array of strings, which is recorded and never answered; a temperature of
// about zero; the API key) and answers each segment with Translate(text),
// keyed by id.
// A Fault can answer a call itself or rewrite the translations first, to
// simulate rate limits, server errors and malformed replies.
//
// The server also speaks the Files and Batch APIs (batch.go): a JSONL file
// uploaded with purpose batch becomes a job whose lines are each run
// through the same chat completion handler, faults included, with faults
// of its own (failed lines, lines left out, jobs that expire).
package openaitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Prefix starts every translation the fake makes.
const Prefix = "en:"

// Translate is the fake's deterministic translation of text.
func Translate(text string) string { return Prefix + text }

// Segment is one {"id","text"} element of a request or a reply.
type Segment struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// JSONSchema is the json_schema member of a response_format.
type JSONSchema struct {
	Name   string          `json:"name"`
	Strict bool            `json:"strict"`
	Schema json.RawMessage `json:"schema"`
}

// ResponseFormat is the response_format of a request.
type ResponseFormat struct {
	Type       string      `json:"type"`
	JSONSchema *JSONSchema `json:"json_schema"`
}

// Request is the part of a chat completion request the fake reads.
type Request struct {
	Model          string          `json:"model"`
	Messages       []Message       `json:"messages"`
	Temperature    *float64        `json:"temperature"`
	ResponseFormat *ResponseFormat `json:"response_format"`
	// Key is the bearer token of the Authorization header.
	Key string `json:"-"`
	// Segments are decoded from the last user message.
	Segments []Segment `json:"-"`
	// Context is the optional "context" array of the last user message.
	Context []string `json:"-"`
	// Batch is the id of the batch job that carried the request; empty
	// for a request sent on its own.
	Batch string `json:"-"`
}

// Texts returns the texts of the request's segments, in order.
func (r *Request) Texts() []string {
	out := make([]string, len(r.Segments))
	for i, s := range r.Segments {
		out[i] = s.Text
	}
	return out
}

// Fault may answer a call (numbered from 1) itself, returning true, or
// rewrite the translations the server is about to send in out and return
// false. It runs after the request passed the contract checks.
type Fault func(call int, w http.ResponseWriter, r *http.Request, req *Request, out *[]Segment) bool

// Omit is a Fault that leaves the translations of the given source texts
// out of every reply, as a model that skips a segment does.
func Omit(texts ...string) Fault {
	return func(_ int, _ http.ResponseWriter, _ *http.Request, _ *Request, out *[]Segment) bool {
		*out = slices.DeleteFunc(*out, func(o Segment) bool {
			for _, t := range texts {
				if o.Text == Translate(t) {
					return true
				}
			}
			return false
		})
		return false
	}
}

// Options configure a Server.
type Options struct {
	// Key, if set, is the API key the server requires: a request without
	// "Authorization: Bearer Key" is refused with 401 invalid_api_key.
	Key string
	// Fault, if set, can replace or alter answers.
	Fault Fault
	// Headers are sent with every chat completion answer (rate-limit
	// headers, for example).
	Headers http.Header
	// BatchPolls is the number of times a new batch job is reported
	// in_progress before its lines are processed (default 1).
	BatchPolls int
	// BatchFault, if set, may fail one line (numbered from 1) of the job
	// numbered from 1: it returns 0 to process the line, an HTTP status to
	// answer it in the error file with that status, or -1 to leave it out
	// of both files.
	BatchFault func(job, line int, customID string) int
	// BatchExpire, if set, makes the job numbered from 1 expire before it
	// processed the lines (numbered from 1) for which it returns true: as
	// at OpenAI, the lines processed are in the output file, the others
	// in the error file with code batch_expired, and the job is expired.
	BatchExpire func(job, line int) bool
	// BatchRefuse, if set, may fail the job numbered from 1 as a whole when
	// it is created, as the service does for a job over the account's
	// queue limit: it returns the error code and message, or "" to accept.
	BatchRefuse func(job int) (code, message string)
	// OnBatchCreate, if set, is called with the number of each job created,
	// before the creation is answered: a test can kill the client there.
	OnBatchCreate func(job int)
}

// Server is a fake chat completion endpoint at URL + "/v1/chat/completions".
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:port, without /v1.
	URL string

	srv   *httptest.Server
	t     testing.TB
	opt   Options
	calls atomic.Int64
	mu    sync.Mutex
	reqs  []*Request
	// Files and Batch API state (batch.go), guarded by mu.
	files   map[string]*storedFile
	batches []*batchJob
}

// NewServer starts a server that is closed when the test ends.
func NewServer(t testing.TB, o Options) *Server {
	t.Helper()
	o.Headers = o.Headers.Clone()
	s := &Server{t: t, opt: o, files: map[string]*storedFile{}}
	s.srv = httptest.NewServer(s.routes())
	s.URL = s.srv.URL
	t.Cleanup(s.Close)
	return s
}

// BaseURL is the API base URL to configure the provider with: URL + "/v1".
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// Calls returns the number of requests to the chat completion path,
// refused ones and lines of batch jobs included.
func (s *Server) Calls() int { return int(s.calls.Load()) }

// Requests returns the requests that passed the key and contract checks,
// in arrival order.
func (s *Server) Requests() []*Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Request(nil), s.reqs...)
}

// Segments returns the texts of every segment of Requests, in order.
func (s *Server) Segments() []string {
	var out []string
	for _, r := range s.Requests() {
		out = append(out, r.Texts()...)
	}
	return out
}

// Close shuts the server down, waiting for requests in progress. It may be
// called more than once.
func (s *Server) Close() { s.srv.Close() }

// APIError writes an error in the JSON shape of the OpenAI API.
func APIError(w http.ResponseWriter, status int, typ, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": typ, "code": code}})
}

// routes serves the chat completion, Files and Batch endpoints.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) { s.handle(w, r, "") })
	mux.HandleFunc("POST /v1/files", s.authorized(s.uploadFile))
	mux.HandleFunc("GET /v1/files/{id}", s.authorized(s.getFile))
	mux.HandleFunc("GET /v1/files/{id}/content", s.authorized(s.fileContent))
	mux.HandleFunc("POST /v1/batches", s.authorized(s.createBatch))
	mux.HandleFunc("GET /v1/batches", s.authorized(s.listBatches))
	mux.HandleFunc("GET /v1/batches/{id}", s.authorized(s.retrieveBatch))
	mux.HandleFunc("POST /v1/batches/{id}/cancel", s.authorized(s.cancelBatch))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		APIError(w, http.StatusNotFound, "invalid_request_error", "unknown_url", "no route "+r.Method+" "+r.URL.Path)
	})
	return mux
}

// handle answers one chat completion request; batch is the id of the job
// that carried it, if any.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, batch string) {
	call := int(s.calls.Add(1))
	key, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if s.opt.Key != "" && key != s.opt.Key {
		APIError(w, http.StatusUnauthorized, "invalid_request_error", "invalid_api_key", "Incorrect API key provided")
		return
	}
	var req Request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		APIError(w, http.StatusBadRequest, "invalid_request_error", "", "bad JSON: "+err.Error())
		return
	}
	req.Key = key
	req.Batch = batch
	if err := checkContract(&req); err != nil {
		s.t.Errorf("openaitest: call %d breaks the wire contract: %v", call, err)
		APIError(w, http.StatusBadRequest, "invalid_request_error", "", err.Error())
		return
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, &req)
	s.mu.Unlock()
	out := make([]Segment, len(req.Segments))
	for i, seg := range req.Segments {
		out[i] = Segment{ID: seg.ID, Text: Translate(seg.Text)}
	}
	if s.opt.Fault != nil && s.opt.Fault(call, w, r, &req, &out) {
		return
	}
	content, _ := json.Marshal(map[string]any{"translations": out})
	s.Answer(w, &req, string(content), "stop")
}

// Answer writes a chat completion whose message holds content, with the
// server's headers and token usage. Faults use it to send malformed
// replies.
func (s *Server) Answer(w http.ResponseWriter, req *Request, content, finish string) {
	for k, v := range s.opt.Headers {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/json")
	n := len(req.Segments)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": req.Model,
		"choices": []map[string]any{{"index": 0, "finish_reason": finish,
			"message": map[string]any{"role": "assistant", "content": content}}},
		"usage": map[string]any{"prompt_tokens": 100 + n, "completion_tokens": 10 * n, "total_tokens": 100 + 11*n},
	})
}

// checkContract verifies the system/user message contract and decodes the
// segments into req.
func checkContract(req *Request) error {
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
		Context  []string  `json:"context"`
		Segments []Segment `json:"segments"`
	}
	dec := json.NewDecoder(strings.NewReader(last.Content))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return fmt.Errorf("user message is not {\"segments\":[...]} with an optional \"context\":[...]: %w", err)
	}
	if body.Context != nil && len(body.Context) == 0 {
		return fmt.Errorf("empty context sent; leave it out")
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
	if rf := req.ResponseFormat; rf != nil {
		switch {
		case rf.Type == "json_schema" && (rf.JSONSchema == nil || !json.Valid(rf.JSONSchema.Schema)):
			return fmt.Errorf("response_format json_schema without a valid schema")
		case rf.Type != "json_schema" && rf.Type != "json_object" && rf.Type != "text":
			return fmt.Errorf("response_format type %q", rf.Type)
		}
	}
	req.Segments = body.Segments
	req.Context = body.Context
	return nil
}
