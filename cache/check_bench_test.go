package cache

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkOpenCheck opens a cache of 100,000 entries, integrity check
// included, and reports the time of the check alone (check-ms/op, run a
// second time after the open's own check).
func BenchmarkOpenCheck(b *testing.B) {
	ctx := context.Background()
	path := b.TempDir() + "/check.db"
	s, err := OpenSQLite(path)
	if err != nil {
		b.Fatal(err)
	}
	const entries = 100_000
	for n := 0; n < entries; n += 1000 {
		batch := make([]Entry, 1000)
		for i := range batch {
			batch[i] = Entry{Key: Key{Provider: "p", Model: "m", Source: "hi", Target: "en", Text: fmt.Sprintf("यह सरकारी रिपोर्ट का वाक्य संख्या %d है और इसमें कई शब्द हैं।", n+i)},
				Translation: fmt.Sprintf("This is sentence number %d of a government report, and it has many words.", n+i)}
		}
		if err := s.Put(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	s.Close()
	var checking time.Duration
	n := 0
	for b.Loop() {
		s, err := OpenSQLite(path)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := check(s.db); err != nil {
			b.Fatal(err)
		}
		checking += time.Since(start)
		n++
		s.Close()
	}
	b.ReportMetric(float64(checking.Milliseconds())/float64(n), "check-ms/op")
	b.ReportMetric(float64(entries), "entries")
}
