package align

import (
	"context"
	"testing"
)

// BenchmarkAlign10k aligns a synthetic bitext of 10,000 Hindi sentences
// with its English side (merges, deletions and insertions included) and
// reports sentences per second and the strict F1 against the true links.
func BenchmarkAlign10k(b *testing.B) {
	hi, en, gold := synthBitext(10_000, 42)
	b.ReportAllocs()
	b.ResetTimer()
	var links []Link
	for b.Loop() {
		var err error
		links, err = Align(context.Background(), hi, en, Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(hi)+len(en))*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(strictF1(gold, links), "F1")
}
