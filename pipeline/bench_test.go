package pipeline

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/anuvad/anuvad/corpus"
)

// sentenceReader generates n distinct Hindi sentences, eight to a paragraph,
// without holding them in memory.
type sentenceReader struct {
	n, i int
	buf  []byte
}

func (r *sentenceReader) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) && r.i < r.n {
		r.buf = fmt.Appendf(r.buf, "यह परीक्षण का वाक्य संख्या %d है जो पाइपलाइन से गुज़रता है। ", r.i)
		r.i++
		if r.i%8 == 0 {
			r.buf = append(r.buf, "\n\n"...)
		}
	}
	if len(r.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

type countSink struct{ n int }

func (c *countSink) WritePair(p corpus.Pair) error       { c.n++; return nil }
func (c *countSink) WriteFailure(f corpus.Failure) error { return nil }

// BenchmarkRun streams sentences through every stage with an instant
// provider: it measures the pipeline's own overhead per sentence, and the
// live heap at the end shows memory is bounded by the window, not the input.
func BenchmarkRun(b *testing.B) {
	const perOp = 20000
	p := &upper{}
	opts := baseOptions(p)
	opts.BatchSize = 64
	opts.Workers = 2
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		doc := Document{Name: "gen", Open: func() (io.ReadCloser, error) {
			return io.NopCloser(&sentenceReader{n: perOp}), nil
		}}
		sink := &countSink{}
		if _, err := Run(context.Background(), opts, []Document{doc}, sink); err != nil {
			b.Fatal(err)
		}
		if sink.n != perOp {
			b.Fatalf("wrote %d of %d", sink.n, perOp)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	b.ReportMetric(float64(b.N*perOp)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
}
