package review

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/corpus"
)

const testToken = "0123456789abcdef0123456789abcdef"

func score(f float64) *float64 { return &f }

// samplePairs are the pairs of a small run over two documents.
func samplePairs() []corpus.Pair {
	return []corpus.Pair{
		{Doc: "a.txt", Index: 0, Hi: "आज बारिश हुई।", En: "It rained today.", Provider: "offline", Model: "g1", Flags: []string{}},
		{Doc: "a.txt", Index: 1, Hi: "बच्चे स्कूल गए।", En: "The children went to school.", Provider: "openai", Model: "m", Flags: []string{}},
		{Doc: "a.txt", Index: 2, Hi: "दाम 40 रुपये है।", En: "The price is 45 rupees.", Provider: "offline", Model: "g1", Flags: []string{"number_mismatch"}},
		{Doc: "b.txt", Index: 0, Hi: "नदी में पानी कम है।", En: "नदी", Provider: "offline", Model: "g1", Flags: []string{"devanagari_in_target", "length_ratio"}},
		{Doc: "b.txt", Index: 1, Hi: "Delhi में <मेला> & उत्सव", En: "A <fair> & festival in DELHI", Provider: "aligned", Score: score(0.875), Flags: []string{}},
	}
}

// writePairs writes pairs as pairs.jsonl in a new folder.
func writePairs(t testing.TB, pairs []corpus.Pair) string {
	t.Helper()
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, PairsFile))
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	for _, p := range pairs {
		if err := enc.Encode(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func openStore(t testing.TB) *cache.SQLite {
	t.Helper()
	s, err := cache.OpenSQLite(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// serve starts a Server on dir behind a real loopback listener.
func serve(t *testing.T, dir string, store cache.Store, pageSize int) (*Server, *httptest.Server) {
	t.Helper()
	s, err := New(Options{Dir: dir, Store: store, Source: "hi", Target: "en", Token: testToken, PageSize: pageSize})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	t.Cleanup(func() { hs.Close(); s.Close() })
	return s, hs
}

func get(t *testing.T, hs *httptest.Server, path string, header http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", hs.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func pageOf(t *testing.T, hs *httptest.Server, query string) Page {
	t.Helper()
	code, body := get(t, hs, "/api/pairs?token="+testToken+"&"+query, nil)
	if code != 200 {
		t.Fatalf("GET /api/pairs?%s: %d %s", query, code, body)
	}
	var pg Page
	if err := json.Unmarshal([]byte(body), &pg); err != nil {
		t.Fatal(err)
	}
	return pg
}

func post(t *testing.T, hs *httptest.Server, n int, token string, body any) (int, string) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/pairs/%d", hs.URL, n), strings.NewReader(string(b)))
	if token != "" {
		req.Header.Set(TokenHeader, token)
	}
	res, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

func numbers(pg Page) string {
	var s []string
	for _, it := range pg.Items {
		s = append(s, fmt.Sprint(it.N))
	}
	return strings.Join(s, ",")
}

func TestEveryRequestNeedsTheToken(t *testing.T) {
	_, hs := serve(t, writePairs(t, samplePairs()), openStore(t), 0)
	for _, path := range []string{"/", "/api/pairs", "/static/review.js", "/static/review.css"} {
		if code, body := get(t, hs, path, nil); code != http.StatusUnauthorized || strings.Contains(body, "आज") {
			t.Errorf("GET %s without token: %d", path, code)
		}
		for _, bad := range []string{"wrong", testToken[:31], testToken + "0", strings.ToUpper(testToken)} {
			if code, _ := get(t, hs, path+"?token="+bad, nil); code != http.StatusForbidden {
				t.Errorf("GET %s with token %q: %d, want 403", path, bad, code)
			}
			if code, _ := get(t, hs, path, http.Header{TokenHeader: {bad}}); code != http.StatusForbidden {
				t.Errorf("GET %s with header token %q: %d, want 403", path, bad, code)
			}
		}
		if code, _ := get(t, hs, path+"?token="+testToken, nil); code != http.StatusOK {
			t.Errorf("GET %s with token: %d", path, code)
		}
		if code, _ := get(t, hs, path, http.Header{TokenHeader: {testToken}}); code != http.StatusOK {
			t.Errorf("GET %s with header token: %d", path, code)
		}
	}
	if code, _ := post(t, hs, 0, "", DecisionRequest{Doc: "a.txt", Index: 0, Action: "reject"}); code != http.StatusUnauthorized {
		t.Errorf("POST without token: %d", code)
	}
	if code, _ := post(t, hs, 0, "nope", DecisionRequest{Doc: "a.txt", Index: 0, Action: "reject"}); code != http.StatusForbidden {
		t.Errorf("POST with a wrong token: %d", code)
	}
	if pg := pageOf(t, hs, "status=rejected"); pg.Total != 0 {
		t.Errorf("a refused request changed a pair: %+v", pg.Items)
	}
}

func TestRequestsMustNameLoopback(t *testing.T) {
	_, hs := serve(t, writePairs(t, samplePairs()), openStore(t), 0)
	for host, want := range map[string]int{"attacker.example": 403, "attacker.example:80": 403, "10.0.0.1": 403, "localhost": 200, "[::1]:9": 200, "127.0.0.1": 200} {
		req, _ := http.NewRequest("GET", hs.URL+"/?token="+testToken, nil)
		req.Host = host
		res, err := hs.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, res.StatusCode, want)
		}
	}
}

// rawGet sends path exactly as written, without the client cleaning it.
func rawGet(t *testing.T, hs *httptest.Server, path string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", hs.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s: %s\r\nConnection: close\r\n\r\n", path, TokenHeader, testToken)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestNoPathOutsideTheAssetsIsServed(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := writePairs(t, samplePairs())
	b, _ := os.ReadFile(filepath.Join(src, PairsFile))
	os.WriteFile(filepath.Join(dir, PairsFile), b, 0o644)
	os.WriteFile(filepath.Join(parent, "secret.txt"), []byte("TOP-SECRET"), 0o644)
	os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("TOP-SECRET"), 0o644)
	_, hs := serve(t, dir, openStore(t), 0)
	for _, path := range []string{
		"/pairs.jsonl", "/reviews.jsonl", "/secret.txt", "/../secret.txt",
		"/static/../pairs.jsonl", "/static/../../secret.txt", "/static/..%2f..%2fsecret.txt",
		"/static/%2e%2e/%2e%2e/secret.txt", "/static/..\\..\\secret.txt", "/static//etc/passwd",
		"/static/../../../../../../etc/passwd", "/static/page.html", "/api/../../secret.txt",
		"/static/%2e%2e%2fpage.html", "/static/../assets/page.html",
	} {
		code, body := rawGet(t, hs, path)
		if code == http.StatusOK || strings.Contains(body, "TOP-SECRET") || strings.Contains(body, "आज बारिश") || strings.Contains(body, "root:") {
			t.Errorf("GET %s: %d %.80q", path, code, body)
		}
	}
	if code, body := rawGet(t, hs, "/static/review.js"); code != 200 || !strings.Contains(body, "X-Anuvad-Token") {
		t.Errorf("the script itself is not served: %d", code)
	}
}

func TestPageShowsPairsWithEverything(t *testing.T) {
	_, hs := serve(t, writePairs(t, samplePairs()), openStore(t), 0)
	code, body := get(t, hs, "/?token="+testToken, nil)
	if code != 200 {
		t.Fatal(code, body)
	}
	for _, want := range []string{"आज बारिश हुई।", "It rained today.", "a.txt", "#2", "openai", "number_mismatch", "0.88", "A &lt;fair&gt; &amp; festival"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Index(body, "आज बारिश") > strings.Index(body, "नदी में") {
		t.Error("pairs are not in document order")
	}
	res, err := hs.Client().Get(hs.URL + "/?token=" + testToken)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("security headers: %v", res.Header)
	}
}

func TestFiltersAndPaging(t *testing.T) {
	_, hs := serve(t, writePairs(t, samplePairs()), openStore(t), 2)
	for _, c := range []struct{ query, want string }{
		{"", "0,1"},
		{"offset=2", "2,3"},
		{"offset=4", "4"},
		{"flag=length_ratio", "3"},
		{"flag=number_mismatch", "2"},
		{"provider=offline", "0,2"},
		{"provider=offline&offset=2", "3"},
		{"doc=b.txt", "3,4"},
		{"doc=b.txt&provider=offline", "3"},
		{"q=" + url.QueryEscape("स्कूल"), "1"},
		{"q=delhi", "4"},
		{"q=" + url.QueryEscape("<FAIR> &"), "4"},
		{"q=rupees&doc=b.txt", ""},
		{"flag=no_such_flag", ""},
		{"status=unreviewed&doc=b.txt", "3,4"},
	} {
		if got := numbers(pageOf(t, hs, c.query)); got != c.want {
			t.Errorf("?%s: pairs %q, want %q", c.query, got, c.want)
		}
	}
	pg := pageOf(t, hs, "provider=offline")
	if pg.Total != 3 || pg.Pairs != 5 || pg.Items[0].Model != "g1" {
		t.Errorf("page = %+v", pg)
	}
	if pg := pageOf(t, hs, "doc=b.txt"); pg.Items[1].Score == nil || *pg.Items[1].Score != 0.875 {
		t.Errorf("aligned pair lost its score: %+v", pg.Items[1])
	}
}

func TestDecisionsAreStoredAndShown(t *testing.T) {
	ctx := context.Background()
	dir := writePairs(t, samplePairs())
	store := openStore(t)
	_, hs := serve(t, dir, store, 0)
	code, body := post(t, hs, 2, testToken, DecisionRequest{Doc: "a.txt", Index: 2, Action: "edit", En: "  The price is 40 rupees.\n"})
	if code != 200 {
		t.Fatal(code, body)
	}
	var it Item
	json.Unmarshal([]byte(body), &it)
	if it.En != "The price is 40 rupees." || it.Reviewed != corpus.Edited || it.Provider != cache.HumanProvider || it.MachineEn != "The price is 45 rupees." || len(it.Flags) != 0 {
		t.Errorf("edited item = %+v (flags checked again: the numbers now agree)", it)
	}
	got, err := store.Get(ctx, []cache.Key{cache.HumanKey("hi", "en", "दाम 40 रुपये है।")})
	if err != nil || len(got) != 1 || !got[0].Found() {
		t.Fatalf("cache after edit: %v %v", got, err)
	}
	for _, e := range got {
		if e.Translation != "The price is 40 rupees." {
			t.Errorf("cached human translation = %q", e.Translation)
		}
	}
	for n, a := range map[int]string{0: "accept", 3: "reject", 1: "reject"} {
		p := samplePairs()[n]
		if code, body := post(t, hs, n, testToken, DecisionRequest{Doc: p.Doc, Index: p.Index, Action: a}); code != 200 {
			t.Fatal(code, body)
		}
	}
	if code, _ := post(t, hs, 1, testToken, DecisionRequest{Doc: "a.txt", Index: 1, Action: "clear"}); code != 200 {
		t.Fatal("clear", code)
	}
	// Accepting an edited pair keeps the edit.
	if code, body := post(t, hs, 2, testToken, DecisionRequest{Doc: "a.txt", Index: 2, Action: "accept"}); code != 200 || !strings.Contains(body, "40 rupees") {
		t.Errorf("accept after edit: %d %s", code, body)
	}
	for q, want := range map[string]string{"status=accepted": "0,2", "status=edited": "2", "status=rejected": "3", "status=unreviewed": "1,4", "q=40+rupees": "2", "q=45+rupees": ""} {
		if got := numbers(pageOf(t, hs, q)); got != want {
			t.Errorf("?%s: %q, want %q", q, got, want)
		}
	}
	for _, c := range []struct {
		n    int
		req  DecisionRequest
		code int
	}{
		{0, DecisionRequest{Doc: "b.txt", Index: 0, Action: "accept"}, http.StatusConflict},
		{0, DecisionRequest{Doc: "a.txt", Index: 0, Action: "ship"}, http.StatusBadRequest},
		{0, DecisionRequest{Doc: "a.txt", Index: 0, Action: "edit", En: " \n"}, http.StatusBadRequest},
		{99, DecisionRequest{Doc: "a.txt", Index: 0, Action: "accept"}, http.StatusNotFound},
	} {
		if code, body := post(t, hs, c.n, testToken, c.req); code != c.code {
			t.Errorf("%+v: %d %s, want %d", c.req, code, body, c.code)
		}
	}

	// A new server on the folder (after a restart) sees the same state.
	_, hs2 := serve(t, dir, store, 0)
	if got := numbers(pageOf(t, hs2, "status=rejected")); got != "3" {
		t.Errorf("after restart, rejected = %q", got)
	}
	if pg := pageOf(t, hs2, "status=edited"); len(pg.Items) != 1 || pg.Items[0].En != "The price is 40 rupees." {
		t.Errorf("after restart, edited = %+v", pg.Items)
	}
}

func TestChangedPairsAreIndexedAgain(t *testing.T) {
	dir := writePairs(t, samplePairs())
	_, hs := serve(t, dir, openStore(t), 0)
	if pg := pageOf(t, hs, ""); pg.Total != 5 {
		t.Fatal(pg.Total)
	}
	src := writePairs(t, samplePairs()[:2])
	b, _ := os.ReadFile(filepath.Join(src, PairsFile))
	tmp := filepath.Join(dir, "pairs.jsonl.new")
	os.WriteFile(tmp, b, 0o644)
	if err := os.Rename(tmp, filepath.Join(dir, PairsFile)); err != nil {
		t.Fatal(err)
	}
	if pg := pageOf(t, hs, ""); pg.Total != 2 || numbers(pg) != "0,1" {
		t.Errorf("after a new run: %+v", pg)
	}
}

func TestBadPairsFileIsNamed(t *testing.T) {
	dir := writePairs(t, samplePairs())
	f, _ := os.OpenFile(filepath.Join(dir, PairsFile), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\n{\"doc\": broken\n")
	f.Close()
	_, err := New(Options{Dir: dir, Store: openStore(t), Token: testToken})
	if err == nil || !strings.Contains(err.Error(), PairsFile+":7") {
		t.Errorf("err = %v, want the file and line 7 named", err)
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

func TestFolderWithoutPairs(t *testing.T) {
	dir := t.TempDir()
	_, err := New(Options{Dir: dir, Store: openStore(t), Token: testToken})
	if err == nil || !strings.Contains(err.Error(), PairsFile) || !strings.Contains(err.Error(), "anuvad translate") {
		t.Errorf("err = %v, want pairs.jsonl and the remedy named", err)
	}
	if _, err := os.Stat(filepath.Join(dir, JournalFile)); err == nil {
		t.Error("a journal was created in a folder with nothing to review")
	}
}

// TestConcurrentRequests runs searches, pages and decisions at once; run
// with -race it checks the server's locking.
func TestConcurrentRequests(t *testing.T) {
	_, hs := serve(t, writePairs(t, samplePairs()), openStore(t), 2)
	pairs := samplePairs()
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 4 {
		wg.Go(func() {
			for i := range 10 {
				n := (g + i) % len(pairs)
				p := pairs[n]
				req := DecisionRequest{Doc: p.Doc, Index: p.Index, Action: []string{"accept", "reject", "edit", "clear"}[i%4], En: fmt.Sprintf("edit %d of %d", i, g)}
				b, _ := json.Marshal(req)
				hr, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/pairs/%d", hs.URL, n), strings.NewReader(string(b)))
				hr.Header.Set(TokenHeader, testToken)
				if res, err := hs.Client().Do(hr); err != nil || res.StatusCode != 200 {
					errs <- fmt.Sprint("decision: ", err, res.StatusCode)
				} else {
					res.Body.Close()
				}
				res, err := hs.Client().Get(hs.URL + "/api/pairs?token=" + testToken + "&q=edit&status=edited&offset=" + fmt.Sprint(i%3))
				if err != nil || res.StatusCode != 200 {
					errs <- fmt.Sprint("query: ", err)
				} else {
					res.Body.Close()
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	// Whatever the interleaving, the page agrees with the journal.
	pg := pageOf(t, hs, "status=edited")
	for _, it := range pg.Items {
		if !strings.HasPrefix(it.En, "edit ") || it.Provider != cache.HumanProvider {
			t.Errorf("edited item %+v", it)
		}
	}
}
