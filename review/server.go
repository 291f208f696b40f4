// Package review serves a run's output folder as a web page on which a
// person checks the pairs before the corpus ships: reads them side by side,
// filters them, corrects the English and accepts or rejects each pair.
//
// pairs.jsonl is the source of truth; it is indexed once (see Index) and
// read a page at a time, so a million pairs page as fast as a hundred.
// Decisions go to reviews.jsonl (see Journal), and a corrected English is
// also stored in the translation cache as a human translation, which later
// runs prefer to any provider's. Export writes the corpus files again with
// the decisions applied.
//
// The Server refuses every request without its token and reads no file but
// pairs.jsonl and reviews.jsonl of its folder.
package review

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/corpus"
)

//go:embed assets
var assets embed.FS

// TokenHeader carries the token on requests made by the page's script.
const TokenHeader = "X-Anuvad-Token"

// DefaultPageSize is the number of pairs on a page.
const DefaultPageSize = 50

// Options configure a Server.
type Options struct {
	// Dir is the output folder holding pairs.jsonl.
	Dir string
	// Store receives corrected translations as human translations.
	Store cache.Store
	// Source and Target are the languages of the cache entries written.
	Source, Target string
	// Token must accompany every request; NewToken makes one.
	Token    string
	PageSize int
	Logger   *slog.Logger
}

// Server is the review page's http.Handler.
type Server struct {
	opts    Options
	mux     *http.ServeMux
	page    *template.Template
	journal *Journal
	log     *slog.Logger

	mu       sync.RWMutex // guards ix and the state column
	ix       *Index
	searches *lru.Cache[string, []uint64]
}

// NewToken returns a random token of 128 bits, hex encoded.
func NewToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("review: token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// New opens the journal of o.Dir and indexes its pairs.jsonl.
func New(o Options) (*Server, error) {
	if o.Token == "" {
		return nil, errors.New("review: a token is required")
	}
	if o.Store == nil {
		return nil, errors.New("review: a cache is required to store corrections")
	}
	if o.PageSize <= 0 {
		o.PageSize = DefaultPageSize
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if _, err := os.Stat(filepath.Join(o.Dir, PairsFile)); err != nil {
		return nil, fmt.Errorf("review: no %s to review in %s (write one with anuvad translate --out %s): %w", PairsFile, o.Dir, o.Dir, err)
	}
	page, err := template.New("page.html").Funcs(template.FuncMap{
		"score": func(f *float64) string { return strconv.FormatFloat(*f, 'f', 2, 64) },
	}).ParseFS(assets, "assets/page.html")
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	j, err := OpenJournal(o.Dir)
	if err != nil {
		return nil, err
	}
	searches, _ := lru.New[string, []uint64](16)
	s := &Server{opts: o, page: page, journal: j, log: o.Logger, searches: searches}
	if _, err := s.index(); err != nil {
		j.Close()
		return nil, err
	}
	static, _ := fs.Sub(assets, "assets/static")
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /{$}", s.servePage)
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /api/pairs", s.servePairs)
	s.mux.HandleFunc("POST /api/pairs/{n}", s.serveDecision)
	return s, nil
}

// Len is the number of pairs served.
func (s *Server) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.ix.Len()
}

// Close releases the files.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return errors.Join(s.ix.Close(), s.journal.Close())
}

// index returns the index of pairs.jsonl, built again when the file
// changed (a new run or an export wrote it).
func (s *Server) index() (*Index, error) {
	s.mu.RLock()
	ix := s.ix
	s.mu.RUnlock()
	if ix != nil && !ix.stale() {
		return ix, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ix != nil && !s.ix.stale() {
		return s.ix, nil
	}
	fresh, err := BuildIndex(filepath.Join(s.opts.Dir, PairsFile), func(doc string, index int, hi string) (string, bool) {
		rec, ok := s.journal.Decision(corpus.Pair{Doc: doc, Index: index, Hi: hi})
		return rec.Decision, ok
	})
	if err != nil {
		return nil, err
	}
	if s.ix != nil {
		// Requests still reading the old index keep its file open; the
		// file is closed when the old index is no longer reachable.
		s.log.Info("pairs changed; indexed again", "pairs", fresh.Len())
	}
	s.ix = fresh
	s.searches.Purge()
	return fresh, nil
}

// ServeHTTP checks the request's origin and token, then serves it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	if !loopbackHost(r.Host) {
		// A page on another site that resolves its own name to 127.0.0.1
		// (DNS rebinding) must not reach the server.
		http.Error(w, "review: requests must name a loopback host", http.StatusForbidden)
		return
	}
	token := r.Header.Get(TokenHeader)
	if token == "" {
		token = r.URL.Query().Get("token")
	}
	if token == "" {
		http.Error(w, "review: the token from the printed address is required", http.StatusUnauthorized)
		return
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(s.opts.Token)) != 1 {
		http.Error(w, "review: wrong token", http.StatusForbidden)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// loopbackHost reports whether a Host header names the loopback interface.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Item is a pair as the page shows it: the pair with its decision applied,
// and its number in the file.
type Item struct {
	N int `json:"n"`
	corpus.Pair
	// MachineEn is the English in pairs.jsonl when a person replaced it
	// and no export has written the replacement there yet.
	MachineEn string `json:"machine_en,omitempty"`
}

// Page is one page of pairs matching a filter.
type Page struct {
	Filter Filter `json:"filter"`
	Offset int    `json:"offset"`
	Total  int    `json:"total"`
	// Pairs counts every pair of the file.
	Pairs int    `json:"pairs"`
	Items []Item `json:"items"`
}

func filterFrom(q url.Values) Filter {
	return Filter{Flag: q.Get("flag"), Provider: q.Get("provider"), Doc: q.Get("doc"), Status: q.Get("status"), Text: strings.TrimSpace(q.Get("q"))}
}

// Query returns the page of pairs matching f from offset on.
func (s *Server) Query(f Filter, offset int) (Page, error) {
	ix, err := s.index()
	if err != nil {
		return Page{}, err
	}
	var text []uint64
	if f.Text != "" {
		if text, err = s.search(ix, f.Text); err != nil {
			return Page{}, err
		}
	}

	s.mu.RLock()
	defer s.mu.RUnlock()
	ns, total := ix.Select(f, text, max(offset, 0), s.opts.PageSize)
	pg := Page{Filter: f, Offset: max(offset, 0), Total: total, Pairs: ix.Len(), Items: make([]Item, 0, len(ns))}
	for _, n := range ns {
		it, err := s.item(ix, n)
		if err != nil {
			return Page{}, err
		}
		pg.Items = append(pg.Items, it)
	}
	return pg, nil
}

func (s *Server) item(ix *Index, n int) (Item, error) {
	p, err := ix.Pair(n)
	if err != nil {
		return Item{}, err
	}
	it := Item{N: n, Pair: p}
	if rec, ok := s.journal.Decision(p); ok {
		it.Pair = Apply(p, rec)
		if rec.Decision == corpus.Edited && p.En != rec.En {
			it.MachineEn = p.En
		}
	}
	if it.Flags == nil {
		it.Flags = []string{}
	}
	return it, nil
}

// search returns the pairs matching a text, from a small cache of recent
// searches: paging through results does not read the file again.
func (s *Server) search(ix *Index, text string) ([]uint64, error) {
	// Keyed by the index too: a search of an earlier pairs.jsonl never
	// answers for the current one.
	key := fmt.Sprintf("%p\x00%s", ix, strings.ToLower(text))
	if bits, ok := s.searches.Get(key); ok {
		return bits, nil
	}
	s.mu.RLock()
	edited := make([]bool, ix.Len())
	for n, st := range ix.state {
		edited[n] = st == stateEdited
	}
	s.mu.RUnlock()
	bits, err := ix.Search(text, s.journal.edits(), edited)
	if err != nil {
		return nil, err
	}
	s.searches.Add(key, bits)
	return bits, nil
}

func (s *Server) servePairs(w http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	pg, err := s.Query(filterFrom(r.URL.Query()), offset)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, pg)
}

// DecisionRequest is the body of POST /api/pairs/{n}.
type DecisionRequest struct {
	// Doc and Index must name pair n, so a decision made on a page that
	// is out of date is refused rather than applied to another pair.
	Doc   string `json:"doc"`
	Index int    `json:"index"`
	// Action is accept, reject, edit or clear.
	Action string `json:"action"`
	// En is the corrected English, for edit.
	En string `json:"en,omitempty"`
}

func (s *Server) serveDecision(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		http.Error(w, "review: bad pair number", http.StatusBadRequest)
		return
	}
	var req DecisionRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		http.Error(w, "review: bad request body: "+err.Error(), http.StatusBadRequest)
		return
	}
	it, status, err := s.Decide(r.Context(), n, req)
	if err != nil {
		if status == 0 {
			s.fail(w, err)
		} else {
			http.Error(w, err.Error(), status)
		}
		return
	}
	writeJSON(w, http.StatusOK, it)
}

// Decide records a decision on pair n. An edit is stored in the cache as a
// human translation before it is journalled. The status is the HTTP status
// of a refused request, 0 for a failure of the server.
func (s *Server) Decide(ctx context.Context, n int, req DecisionRequest) (Item, int, error) {
	ix, err := s.index()
	if err != nil {
		return Item{}, 0, err
	}
	if n < 0 || n >= ix.Len() {
		return Item{}, http.StatusNotFound, fmt.Errorf("review: no pair %d", n)
	}
	p, err := ix.Pair(n)
	if err != nil {
		return Item{}, 0, err
	}
	if p.Doc != req.Doc || p.Index != req.Index {
		return Item{}, http.StatusConflict, fmt.Errorf("review: pair %d is now %s #%d, not %s #%d; reload the page", n, p.Doc, p.Index, req.Doc, req.Index)
	}
	rec := Record{Doc: p.Doc, Index: p.Index, Hi: p.Hi}
	switch req.Action {
	case "accept":
		rec.Decision = corpus.Accepted
		// Accepting an edited pair keeps the edit.
		if prev, ok := s.journal.Decision(p); ok && prev.Decision == corpus.Edited {
			rec.Decision, rec.En = corpus.Edited, prev.En
		}
	case "reject":
		rec.Decision = corpus.Rejected
	case "clear":
		rec.Decision = ""
	case "edit":
		en := strings.TrimSpace(req.En)
		if en == "" {
			return Item{}, http.StatusBadRequest, errors.New("review: the English may not be empty; reject the pair instead")
		}
		if strings.ContainsAny(en, "\t\n\r") {
			en = strings.Join(strings.Fields(en), " ")
		}
		rec.Decision, rec.En = corpus.Edited, en
		entry := cache.Entry{Key: cache.HumanKey(s.opts.Source, s.opts.Target, p.Hi), Translation: en}
		if err := cache.PutNow(ctx, s.opts.Store, []cache.Entry{entry}); err != nil {
			return Item{}, 0, fmt.Errorf("review: store the correction: %w", err)
		}
	default:
		return Item{}, http.StatusBadRequest, fmt.Errorf("review: unknown action %q (accept, reject, edit or clear)", req.Action)
	}
	rec.Time = time.Now().UTC()
	if err := s.journal.Append(rec); err != nil {
		return Item{}, 0, err
	}
	s.mu.Lock()
	if s.ix == ix {
		ix.state[n] = stateCode(rec.Decision)
	}
	s.mu.Unlock()
	if req.Action == "edit" {
		s.searches.Purge()
	}
	s.log.Info("review decision", "doc", p.Doc, "index", p.Index, "decision", rec.Decision)
	s.mu.RLock()
	defer s.mu.RUnlock()
	it, err := s.item(ix, n)
	return it, 0, err
}

func (s *Server) fail(w http.ResponseWriter, err error) {
	s.log.Error("review request failed", "err", err)
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// pageData is what page.html renders.
type pageData struct {
	Page
	Token     string
	PageSize  int
	Docs      []string
	Providers []string
	Flags     []string
	Statuses  []string
	Prev      string // link to the previous page, or empty
	Next      string
	First     int // 1-based number of the first pair shown
	Last      int
}

func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	pg, err := s.Query(filterFrom(q), offset)
	if err != nil {
		s.fail(w, err)
		return
	}
	s.mu.RLock()
	d := pageData{
		Page: pg, Token: s.opts.Token, PageSize: s.opts.PageSize,
		Docs: s.ix.docNames, Providers: s.ix.provNames, Flags: s.ix.flagNames, Statuses: Statuses,
	}
	s.mu.RUnlock()
	link := func(offset int) string {
		v := url.Values{"token": {s.opts.Token}}
		for k, val := range map[string]string{"flag": pg.Filter.Flag, "provider": pg.Filter.Provider, "doc": pg.Filter.Doc, "status": pg.Filter.Status, "q": pg.Filter.Text} {
			if val != "" {
				v.Set(k, val)
			}
		}
		if offset > 0 {
			v.Set("offset", strconv.Itoa(offset))
		}
		return "/?" + v.Encode()
	}
	if pg.Offset > 0 {
		d.Prev = link(max(pg.Offset-s.opts.PageSize, 0))
	}
	if pg.Offset+len(pg.Items) < pg.Total {
		d.Next = link(pg.Offset + s.opts.PageSize)
	}
	if len(pg.Items) > 0 {
		d.First, d.Last = pg.Offset+1, pg.Offset+len(pg.Items)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.page.Execute(w, d); err != nil {
		s.log.Error("review page", "err", err)
	}
}
