package cache

import (
	"context"
	"fmt"
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
