package review

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/anuvad/anuvad/corpus"
)

// benchPairs is the size of the corpus the paging benchmark builds.
const benchPairs = 1_000_000

// writeBenchPairs writes n pairs over 100 documents, three providers and
// two kinds of flags, with one rare word in pair n*7/9.
func writeBenchPairs(b *testing.B, dir string, n int) {
	f, err := os.Create(filepath.Join(dir, PairsFile))
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	provs := []string{"offline", "openai", "google"}
	rare := n * 7 / 9
	for i := range n {
		p := corpus.Pair{
			Doc: fmt.Sprintf("news/%03d.txt", i%100), Index: i / 100,
			Hi:       fmt.Sprintf("समाचार %d: नगर निगम ने आज %d नई सड़कों का उद्घाटन किया।", i, i%977),
			En:       fmt.Sprintf("News %d: the municipal corporation opened %d new roads today.", i, i%977),
			Provider: provs[i%3], Model: "m1", Flags: []string{},
		}
		if i%7 == 0 {
			p.Flags = append(p.Flags, "number_mismatch")
		}
		if i%13 == 0 {
			p.Flags = append(p.Flags, "length_ratio")
		}
		if i == rare {
			p.Hi += " दुर्लभशब्द"
		}
		if err := enc.Encode(p); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

// scanToPage is the baseline: the page read by decoding the file from the
// start, as a server without an index would.
func scanToPage(path string, offset, limit int) ([]corpus.Pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), maxLine)
	var page []corpus.Pair
	for n := 0; sc.Scan() && len(page) < limit; n++ {
		var p corpus.Pair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return nil, err
		}
		if n >= offset {
			page = append(page, p)
		}
	}
	return page, sc.Err()
}

// BenchmarkPaging measures page latency over HTTP on a corpus of a million
// pairs: the index is built once, then any page, filtered or not, reads
// only its own lines. "x-vs-scan" is the latency of decoding the file up to
// the last page (measured once in the same run) divided by the latency of
// the benchmarked request.
//
//	go test -run '^$' -bench Paging -benchtime 200x ./review/
func BenchmarkPaging(b *testing.B) {
	dir := b.TempDir()
	start := time.Now()
	writeBenchPairs(b, dir, benchPairs)
	st, _ := os.Stat(filepath.Join(dir, PairsFile))
	b.Logf("wrote %d pairs (%.0f MB) in %v", benchPairs, float64(st.Size())/1e6, time.Since(start).Round(time.Millisecond))

	last := benchPairs - DefaultPageSize
	start = time.Now()
	if _, err := scanToPage(filepath.Join(dir, PairsFile), last, DefaultPageSize); err != nil {
		b.Fatal(err)
	}
	scan := time.Since(start)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start = time.Now()
	store := openStore(b)
	s, err := New(Options{Dir: dir, Store: store, Source: "hi", Target: "en", Token: testToken})
	if err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.Logf("baseline: decoding the file up to the last page took %v", scan.Round(time.Millisecond))
	b.Logf("index of %d pairs built in %v, %.1f MB of heap", s.Len(), build.Round(time.Millisecond), float64(after.HeapAlloc-before.HeapAlloc)/1e6)
	hs := httptest.NewServer(s)
	defer hs.Close()
	defer s.Close()

	fetch := func(b *testing.B, query string, want int) {
		res, err := hs.Client().Get(hs.URL + "/api/pairs?token=" + testToken + "&" + query)
		if err != nil {
			b.Fatal(err)
		}
		var pg Page
		err = json.NewDecoder(res.Body).Decode(&pg)
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d %v", query, res.StatusCode, err)
		}
		if len(pg.Items) != want {
			b.Fatalf("%s: %d pairs, want %d", query, len(pg.Items), want)
		}
	}
	for _, c := range []struct {
		name, query string
		want        int
	}{
		{"first", "", DefaultPageSize},
		{"middle", fmt.Sprintf("offset=%d", benchPairs/2), DefaultPageSize},
		{"last", fmt.Sprintf("offset=%d", last), DefaultPageSize},
		{"flag-last", fmt.Sprintf("flag=length_ratio&offset=%d", (benchPairs+12)/13-DefaultPageSize), DefaultPageSize},
		{"doc+provider", "doc=news/042.txt&provider=openai&offset=3000", DefaultPageSize},
		{"search-paged", "q=" + url.QueryEscape("दुर्लभशब्द"), 1},
	} {
		b.Run(c.name, func(b *testing.B) {
			fetch(b, c.query, c.want) // a search reads the file once, then is cached
			b.ResetTimer()
			for b.Loop() {
				fetch(b, c.query, c.want)
			}
			b.ReportMetric(float64(scan.Nanoseconds())/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x-vs-scan")
		})
	}
	b.Run("search-uncached", func(b *testing.B) {
		for b.Loop() {
			s.searches.Purge()
			fetch(b, "q="+url.QueryEscape("दुर्लभशब्द"), 1)
		}
		b.ReportMetric(float64(scan.Nanoseconds())/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x-vs-scan")
	})
}
