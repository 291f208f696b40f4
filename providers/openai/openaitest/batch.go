package openaitest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// storedFile is an uploaded file.
type storedFile struct {
	ID      string
	Purpose string
	Name    string
	Data    []byte
	Created int64
}

// batchJob is the server's state of one batch job.
type batchJob struct {
	n          int
	id         string
	input      string
	key        string
	window     string
	endpoint   string
	status     string
	created    int64
	polls      int
	total      int
	completed  int
	failed     int
	output     string
	errorFile  string
	customIDs  []string
	errs       []map[string]any
	doneAt     map[string]int64
	metadata   map[string]any
	processing bool
}

// Job describes a batch job the server received, for tests.
type Job struct {
	ID     string
	Input  string
	Status string
	// CustomIDs are those of the job's input lines, in order.
	CustomIDs []string
	// Window is the completion window asked for.
	Window string
}

// Jobs returns the batch jobs created so far, in creation order.
func (s *Server) Jobs() []Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Job, len(s.batches))
	for i, b := range s.batches {
		out[i] = Job{ID: b.id, Input: b.input, Status: b.status, CustomIDs: append([]string(nil), b.customIDs...), Window: b.window}
	}
	return out
}

// SetBatchPolls changes Options.BatchPolls for the jobs not processed yet:
// a test can hold jobs in progress and release them later.
func (s *Server) SetBatchPolls(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opt.BatchPolls = n
}

// FileContent returns the content of an uploaded or written file.
func (s *Server) FileContent(id string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[id]
	if !ok {
		return nil, false
	}
	return f.Data, true
}

// authorized refuses requests without the server's key.
func (s *Server) authorized(h func(w http.ResponseWriter, r *http.Request, key string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if s.opt.Key != "" && key != s.opt.Key {
			APIError(w, http.StatusUnauthorized, "invalid_request_error", "invalid_api_key", "Incorrect API key provided")
			return
		}
		h(w, r, key)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *storedFile) object() map[string]any {
	return map[string]any{"id": f.ID, "object": "file", "bytes": len(f.Data), "created_at": f.Created,
		"filename": f.Name, "purpose": f.Purpose, "status": "processed"}
}

// uploadFile takes a multipart upload with a purpose and a file.
func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request, _ string) {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		APIError(w, http.StatusBadRequest, "invalid_request_error", "", "not a multipart upload: "+err.Error())
		return
	}
	purpose := r.FormValue("purpose")
	if purpose == "" {
		APIError(w, http.StatusBadRequest, "invalid_request_error", "", "purpose is required")
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		APIError(w, http.StatusBadRequest, "invalid_request_error", "", "file is required: "+err.Error())
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		APIError(w, http.StatusBadRequest, "invalid_request_error", "", err.Error())
		return
	}
	s.mu.Lock()
	f := s.addFile(purpose, hdr.Filename, data)
	obj := f.object()
	s.mu.Unlock()
	writeJSON(w, obj)
}

// addFile stores a file; s.mu is held.
func (s *Server) addFile(purpose, name string, data []byte) *storedFile {
	f := &storedFile{ID: fmt.Sprintf("file-%d", len(s.files)+1), Purpose: purpose, Name: name, Data: data, Created: time.Now().Unix()}
	s.files[f.ID] = f
	return f
}

func (s *Server) getFile(w http.ResponseWriter, r *http.Request, _ string) {
	s.mu.Lock()
	f, ok := s.files[r.PathValue("id")]
	var obj map[string]any
	if ok {
		obj = f.object()
	}
	s.mu.Unlock()
	if !ok {
		APIError(w, http.StatusNotFound, "invalid_request_error", "", "No such File object: "+r.PathValue("id"))
		return
	}
	writeJSON(w, obj)
}

func (s *Server) fileContent(w http.ResponseWriter, r *http.Request, _ string) {
	data, ok := s.FileContent(r.PathValue("id"))
	if !ok {
		APIError(w, http.StatusNotFound, "invalid_request_error", "", "No such File object: "+r.PathValue("id"))
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(data)
}

// inputLine is one line of a batch input file.
type inputLine struct {
	CustomID string          `json:"custom_id"`
	Method   string          `json:"method"`
	URL      string          `json:"url"`
	Body     json.RawMessage `json:"body"`
}

// createBatch validates the input file, as the service does before it
// accepts a job, and records the job.
func (s *Server) createBatch(w http.ResponseWriter, r *http.Request, key string) {
	var req struct {
		InputFileID      string         `json:"input_file_id"`
		Endpoint         string         `json:"endpoint"`
		CompletionWindow string         `json:"completion_window"`
		Metadata         map[string]any `json:"metadata"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		APIError(w, http.StatusBadRequest, "invalid_request_error", "", "bad JSON: "+err.Error())
		return
	}
	if req.Endpoint != "/v1/chat/completions" || req.CompletionWindow != "24h" {
		APIError(w, http.StatusBadRequest, "invalid_request_error", "", fmt.Sprintf("endpoint %q, completion_window %q", req.Endpoint, req.CompletionWindow))
		return
	}
	s.mu.Lock()
	f, ok := s.files[req.InputFileID]
	if !ok || f.Purpose != "batch" {
		s.mu.Unlock()
		APIError(w, http.StatusBadRequest, "invalid_request_error", "", "input_file_id must name a file uploaded with purpose batch")
		return
	}
	b := &batchJob{n: len(s.batches) + 1, input: f.ID, key: key, window: req.CompletionWindow, endpoint: req.Endpoint,
		status: "validating", created: time.Now().Unix(), metadata: req.Metadata, doneAt: map[string]int64{}}
	b.id = fmt.Sprintf("batch_%d", b.n)
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(f.Data))
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		var l inputLine
		err := json.Unmarshal(sc.Bytes(), &l)
		switch {
		case err != nil:
			b.errs = append(b.errs, map[string]any{"code": "invalid_json_line", "message": err.Error(), "line": n})
		case l.CustomID == "" || seen[l.CustomID]:
			b.errs = append(b.errs, map[string]any{"code": "duplicate_custom_id", "message": "custom_id empty or repeated: " + l.CustomID, "line": n})
		case l.Method != http.MethodPost || l.URL != req.Endpoint:
			b.errs = append(b.errs, map[string]any{"code": "invalid_url", "message": l.Method + " " + l.URL, "line": n})
		}
		seen[l.CustomID] = true
		b.customIDs = append(b.customIDs, l.CustomID)
	}
	if len(b.customIDs) == 0 {
		b.errs = append(b.errs, map[string]any{"code": "empty_file", "message": "the input file has no lines"})
	}
	if len(b.errs) > 0 {
		s.t.Errorf("openaitest: batch input %s is invalid: %v", f.ID, b.errs)
	} else if s.opt.BatchRefuse != nil {
		if code, msg := s.opt.BatchRefuse(b.n); code != "" {
			b.errs = append(b.errs, map[string]any{"code": code, "message": msg})
		}
	}
	if len(b.errs) > 0 {
		b.status = "failed"
		b.doneAt["failed_at"] = time.Now().Unix()
	}
	b.total = len(b.customIDs)
	s.batches = append(s.batches, b)
	obj := b.object()
	s.mu.Unlock()
	if s.opt.OnBatchCreate != nil {
		s.opt.OnBatchCreate(b.n)
	}
	writeJSON(w, obj)
}

// object is the job as the API describes it; s.mu is held.
func (b *batchJob) object() map[string]any {
	o := map[string]any{
		"id": b.id, "object": "batch", "endpoint": b.endpoint, "input_file_id": b.input,
		"completion_window": b.window, "status": b.status, "created_at": b.created,
		"request_counts": map[string]int{"total": b.total, "completed": b.completed, "failed": b.failed},
		"metadata":       b.metadata, "output_file_id": nil, "error_file_id": nil, "errors": nil,
	}
	if b.output != "" {
		o["output_file_id"] = b.output
	}
	if b.errorFile != "" {
		o["error_file_id"] = b.errorFile
	}
	if len(b.errs) > 0 {
		o["errors"] = map[string]any{"object": "list", "data": b.errs}
	}
	for k, v := range b.doneAt {
		o[k] = v
	}
	return o
}

func (s *Server) findBatch(id string) *batchJob {
	for _, b := range s.batches {
		if b.id == id {
			return b
		}
	}
	return nil
}

// retrieveBatch reports a job, processing it once it has been seen
// in_progress BatchPolls times.
func (s *Server) retrieveBatch(w http.ResponseWriter, r *http.Request, _ string) {
	s.mu.Lock()
	b := s.findBatch(r.PathValue("id"))
	if b == nil {
		s.mu.Unlock()
		APIError(w, http.StatusNotFound, "invalid_request_error", "", "No such Batch object: "+r.PathValue("id"))
		return
	}
	polls := max(s.opt.BatchPolls, 1) // s.mu is held
	process := false
	switch b.status {
	case "validating":
		b.status = "in_progress"
		b.doneAt["in_progress_at"] = time.Now().Unix()
		b.polls = 1
	case "in_progress":
		b.polls++
		if b.polls > polls && !b.processing {
			b.processing = true
			process = true
		}
	}
	s.mu.Unlock()
	if process {
		s.process(b)
	}
	s.mu.Lock()
	obj := b.object()
	s.mu.Unlock()
	writeJSON(w, obj)
}

// process runs every line of b through the chat completion handler and
// writes the output and error files.
func (s *Server) process(b *batchJob) {
	s.mu.Lock()
	data := s.files[b.input].Data
	s.mu.Unlock()
	var out, errOut bytes.Buffer
	completed, failed := 0, 0
	expired := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		var l inputLine
		_ = json.Unmarshal(sc.Bytes(), &l) // validated at creation
		if s.opt.BatchExpire != nil && s.opt.BatchExpire(b.n, n) {
			expired = true
			failed++
			line, _ := json.Marshal(map[string]any{
				"id": fmt.Sprintf("batch_req_%d_%d", b.n, n), "custom_id": l.CustomID, "response": nil,
				"error": map[string]any{"code": "batch_expired", "message": "This request could not be executed before the completion window expired."},
			})
			errOut.Write(line)
			errOut.WriteByte('\n')
			continue
		}
		status := 0
		if s.opt.BatchFault != nil {
			status = s.opt.BatchFault(b.n, n, l.CustomID)
		}
		var body []byte
		switch {
		case status < 0:
			continue
		case status > 0:
			body, _ = json.Marshal(map[string]any{"error": map[string]any{"message": "injected failure", "type": "server_error"}})
		default:
			rec := httptest.NewRecorder()
			hr := httptest.NewRequest(http.MethodPost, "/v1/chat/completions", bytes.NewReader(l.Body))
			hr.Header.Set("Authorization", "Bearer "+b.key)
			hr.Header.Set("Content-Type", "application/json")
			s.handle(rec, hr, b.id)
			status, body = rec.Code, rec.Body.Bytes()
		}
		line, _ := json.Marshal(map[string]any{
			"id": fmt.Sprintf("batch_req_%d_%d", b.n, n), "custom_id": l.CustomID,
			"response": map[string]any{"status_code": status, "request_id": fmt.Sprintf("req_%d_%d", b.n, n), "body": json.RawMessage(bytes.TrimSpace(body))},
			"error":    nil,
		})
		if status == http.StatusOK {
			completed++
			out.Write(line)
			out.WriteByte('\n')
		} else {
			failed++
			errOut.Write(line)
			errOut.WriteByte('\n')
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.status != "in_progress" {
		return // cancelled meanwhile
	}
	if out.Len() > 0 {
		b.output = s.addFile("batch_output", b.id+"_output.jsonl", out.Bytes()).ID
	}
	if errOut.Len() > 0 {
		b.errorFile = s.addFile("batch_output", b.id+"_error.jsonl", errOut.Bytes()).ID
	}
	b.completed, b.failed = completed, failed
	if expired {
		b.status = "expired"
		b.doneAt["expired_at"] = time.Now().Unix()
		return
	}
	b.status = "completed"
	b.doneAt["completed_at"] = time.Now().Unix()
}

func (s *Server) cancelBatch(w http.ResponseWriter, r *http.Request, _ string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.findBatch(r.PathValue("id"))
	if b == nil {
		APIError(w, http.StatusNotFound, "invalid_request_error", "", "No such Batch object: "+r.PathValue("id"))
		return
	}
	switch b.status {
	case "validating", "in_progress":
		b.status = "cancelled"
		b.doneAt["cancelled_at"] = time.Now().Unix()
	default:
		APIError(w, http.StatusConflict, "invalid_request_error", "", "Cannot cancel a batch with status "+b.status)
		return
	}
	writeJSON(w, b.object())
}

// listBatches lists jobs newest first, a page of limit (default 20) after
// the job named by after.
func (s *Server) listBatches(w http.ResponseWriter, r *http.Request, _ string) {
	limit := 20
	if n, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && n > 0 {
		limit = n
	}
	after := r.URL.Query().Get("after")
	s.mu.Lock()
	defer s.mu.Unlock()
	var data []map[string]any
	more := false
	started := after == ""
	for i := len(s.batches) - 1; i >= 0; i-- {
		b := s.batches[i]
		if !started {
			started = b.id == after
			continue
		}
		if len(data) == limit {
			more = true
			break
		}
		data = append(data, b.object())
	}
	if data == nil {
		data = []map[string]any{}
	}
	writeJSON(w, map[string]any{"object": "list", "data": data, "has_more": more})
}
