package batchrun_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/internal/batchrun"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/openai"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
)

// BenchmarkRun sends 10,000 sentences in 500 requests through one batch
// job of the fake service: gathering, planning, submission, recording,
// collection, validation and caching. It reports sentences per second.
func BenchmarkRun(b *testing.B) {
	const requests, per = 500, 20
	var reqs []providers.Request
	for i := range requests {
		q := providers.Request{Source: "hi", Target: "en"}
		for j := range per {
			q.Segments = append(q.Segments, providers.Segment{ID: fmt.Sprint(j), Text: fmt.Sprintf("यह वाक्य संख्या %d-%d है, जिसे अनुवाद करना है।", i, j)})
		}
		reqs = append(reqs, q)
	}
	s := openaitest.NewServer(b, openaitest.Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for n := range b.N {
		b.StopTimer()
		p, err := openai.New(openai.Options{BaseURL: s.BaseURL(), Mode: openai.ModeBatch, BatchPoll: time.Millisecond})
		if err != nil {
			b.Fatal(err)
		}
		store, err := cache.OpenSQLite(filepath.Join(b.TempDir(), fmt.Sprintf("cache-%d.db", n)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		set, _ := p.BatchMode()
		rep, err := batchrun.Run(context.Background(), batchrun.Options{Provider: p, Store: store, Jobs: store, Source: "hi", Target: "en", Settings: set}, reqs)
		if err != nil || rep.Collected != requests*per {
			b.Fatalf("collected %d, %v", rep.Collected, err)
		}
		b.StopTimer()
		store.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.N*requests*per)/b.Elapsed().Seconds(), "sentences/s")
}
