package cache

import (
	"context"
	"fmt"
	"github.com/anuvad/anuvad/providers"
	"sync/atomic"
	"testing"
)

// BenchmarkPutGet stores batches of 32 translations, as the pipeline does,
// then looks them up in chunks of 256.
func BenchmarkPutGet(b *testing.B) {
	ctx := context.Background()
	s, err := OpenSQLite(b.TempDir() + "/bench.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const batch = 32
	n := 0
	for b.Loop() {
		entries := make([]Entry, batch)
		keys := make([]Key, batch)
		for i := range entries {
			keys[i] = Key{Provider: "p", Model: "m", Source: "hi", Target: "en", Text: fmt.Sprintf("यह वाक्य संख्या %d है।", n)}
			entries[i] = Entry{Key: keys[i], Translation: fmt.Sprintf("This is sentence number %d.", n)}
			n++
		}
		if err := s.Put(ctx, entries); err != nil {
			b.Fatal(err)
		}
		got, err := s.Get(ctx, keys)
		if err != nil || countFound(got) != batch {
			b.Fatalf("found %d, %v", countFound(got), err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkPutParallel stores batches of 32 from several workers at once, as
// the pipeline's translation workers do; group commit lets them share
// transactions.
func BenchmarkPutParallel(b *testing.B) {
	ctx := context.Background()
	s, err := OpenSQLite(b.TempDir() + "/bench.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var next atomic.Int64
	b.SetParallelism(2)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			entries := make([]Entry, 32)
			for i := range entries {
				n := next.Add(1)
				entries[i] = Entry{Key: Key{Provider: "p", Text: fmt.Sprintf("वाक्य %d", n)}, Translation: fmt.Sprintf("sentence %d", n)}
			}
			if err := s.Put(ctx, entries); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(next.Load())/b.Elapsed().Seconds(), "sentences/s")
}

// benchSentences are n distinct sentences of news-like length (about 250
// bytes of Devanagari) for the decorator benchmarks.
func benchSentences(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("सरकारी सूत्रों ने बताया कि राज्य की राजधानी में आयोजित बैठक में %d प्रतिनिधियों ने भाग लिया और अगले वर्ष की योजना पर चर्चा की।", i)
	}
	return out
}

// runDecorator drives the decorator as the pipeline does: a lookup of 256
// sentences at a time, then a translation of the misses in requests of 32,
// then a Flush at the end.
func runDecorator(b *testing.B, c *Provider, texts []string) {
	ctx := context.Background()
	for start := 0; start < len(texts); start += 256 {
		req := providers.Request{Source: "hi", Target: "en"}
		for i, t := range texts[start:min(start+256, len(texts))] {
			req.Segments = append(req.Segments, providers.Segment{ID: fmt.Sprint(start + i), Text: t})
		}
		hits, err := c.Lookup(ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		var miss []providers.Segment
		for i, s := range req.Segments {
			if hits == nil || !hits[i].Cached {
				miss = append(miss, s)
			}
		}
		for len(miss) > 0 {
			n := min(len(miss), 32)
			if _, err := c.Translate(ctx, providers.Request{Source: "hi", Target: "en", Segments: miss[:n]}); err != nil {
				b.Fatal(err)
			}
			miss = miss[n:]
		}
	}
	c.Flush(ctx)
	if c.NotCached() != 0 {
		b.Fatalf("%d translations not cached", c.NotCached())
	}
}

// BenchmarkDecoratorCold is a first run: every sentence is looked up,
// missed, translated (by a provider that costs nothing) and stored.
func BenchmarkDecoratorCold(b *testing.B) {
	texts := benchSentences(20000)
	for b.Loop() {
		b.StopTimer()
		s, err := OpenSQLite(b.TempDir() + "/cold.db")
		if err != nil {
			b.Fatal(err)
		}
		c := Wrap(&echo{name: "echo"}, s)
		b.StartTimer()
		runDecorator(b, c, texts)
		b.StopTimer()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkDecoratorWarm is a rerun: every sentence is answered by the
// store.
func BenchmarkDecoratorWarm(b *testing.B) {
	texts := benchSentences(20000)
	path := b.TempDir() + "/warm.db"
	s, err := OpenSQLite(path)
	if err != nil {
		b.Fatal(err)
	}
	runDecorator(b, Wrap(&echo{name: "echo"}, s), texts)
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if s, err = OpenSQLite(path); err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	inner := &echo{name: "echo"}
	c := Wrap(inner, s)
	for b.Loop() {
		runDecorator(b, c, texts)
	}
	if inner.sent.Load() != 0 {
		b.Fatalf("a rerun sent %d sentences to the provider", inner.sent.Load())
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "sentences/s")
}
