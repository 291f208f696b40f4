package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anuvad/anuvad/cache/storetest"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
)

// writeCorpus writes n distinct Hindi news-like sentences, eight to a
// paragraph.
func writeCorpus(b *testing.B, path string, n int) {
	b.Helper()
	subjects := []string{"सरकार", "प्रधानमंत्री", "मंत्रालय", "पुलिस", "अदालत", "कंपनी", "विश्वविद्यालय", "किसान संगठन"}
	verbs := []string{"ने नई योजना की घोषणा की", "ने रिपोर्ट जारी की", "ने बैठक में हिस्सा लिया", "ने जांच के आदेश दिए"}
	places := []string{"दिल्ली", "मुंबई", "पटना", "जयपुर", "लखनऊ"}
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "%s में %s %s और %d लोगों को लाभ मिला।", places[i%len(places)], subjects[(i/5)%len(subjects)], verbs[(i/40)%len(verbs)], i)
		if i%8 == 7 {
			sb.WriteString("\n\n")
		} else {
			sb.WriteByte(' ')
		}
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkTranslateOffline runs `anuvad translate` end to end with the
// offline provider: reading, splitting, the cache (cold, then warm),
// translation and all four output formats. It reports sentences per second.
func BenchmarkTranslateOffline(b *testing.B) {
	const n = 20000
	dir := b.TempDir()
	in := filepath.Join(dir, "in.txt")
	writeCorpus(b, in, n)
	for _, mode := range []string{"cold", "warm", "nocache"} {
		b.Run(mode, func(b *testing.B) {
			f, _, errOut := testFactoryB()
			cachePath := filepath.Join(dir, "cache-"+mode+".db")
			args := []string{"translate", "--quiet", "--out", filepath.Join(dir, "out-"+mode), "--cache", cachePath, in}
			if mode == "nocache" {
				args = append(args[:len(args)-1], "--no-cache", in)
			}
			if mode == "warm" {
				if code := Run(context.Background(), f, args); code != ExitOK {
					b.Fatalf("warm-up exit %d: %s", code, errOut)
				}
			}
			for b.Loop() {
				if mode == "cold" {
					b.StopTimer()
					os.Remove(cachePath)
					os.Remove(cachePath + "-wal")
					os.Remove(cachePath + "-shm")
					b.StartTimer()
				}
				if code := Run(context.Background(), f, args); code != ExitOK {
					b.Fatalf("exit %d: %s", code, errOut)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "sentences/s")
		})
	}
}

// BenchmarkFinishingRun measures a fully cached run (the finishing run
// after shards) over 20 000 sentences, with the cache in an SQLite file and
// in PostgreSQL (ANUVAD_TEST_POSTGRES), and reports PostgreSQL's speed as a
// ratio of SQLite's, both measured in this run.
func BenchmarkFinishingRun(b *testing.B) {
	const n = 20000
	dir := b.TempDir()
	in := filepath.Join(dir, "in.txt")
	writeCorpus(b, in, n)
	rate := map[string]float64{}
	for _, store := range []string{"sqlite", "postgres"} {
		b.Run(store, func(b *testing.B) {
			cachePath := filepath.Join(dir, "cache.db")
			if store == "postgres" {
				cachePath = storetest.PostgresURL(b)
			}
			f, _, errOut := testFactoryB()
			args := []string{"translate", "--quiet", "--out", filepath.Join(dir, "out-"+store), "--cache", cachePath, in}
			if code := Run(context.Background(), f, args); code != ExitOK {
				b.Fatalf("warm-up exit %d: %s", code, errOut)
			}
			for b.Loop() {
				if code := Run(context.Background(), f, args); code != ExitOK {
					b.Fatalf("exit %d: %s", code, errOut)
				}
			}
			rate[store] = float64(b.N*n) / b.Elapsed().Seconds()
			b.ReportMetric(rate[store], "sentences/s")
			if store == "postgres" && rate["sqlite"] > 0 {
				b.ReportMetric(rate["postgres"]/rate["sqlite"], "x-sqlite")
			}
		})
	}
}

// BenchmarkLatencyThroughput translates through the OpenAI provider
// against a local fake server that answers every request after 200 ms,
// with providers.openai.batch_size set to 50 and the global batch.size
// left at its default. It reports sentences per second and their ratio to
// the ideal workers × batch / latency.
func BenchmarkLatencyThroughput(b *testing.B) {
	const (
		latency = 200 * time.Millisecond
		batch   = 50
		rounds  = 20
	)
	srv := openaitest.NewServer(b, openaitest.Options{Fault: func(int, http.ResponseWriter, *http.Request, *openaitest.Request, *[]openaitest.Segment) bool {
		time.Sleep(latency)
		return false
	}})
	b.Setenv("OPENAI_API_KEY", "sk-bench")
	b.Setenv("ANUVAD_PROVIDERS_OPENAI_BASE_URL", srv.URL+"/v1")
	b.Setenv("ANUVAD_PROVIDERS_OPENAI_BATCH_SIZE", fmt.Sprint(batch))
	for _, workers := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			dir := b.TempDir()
			in := filepath.Join(dir, "in.txt")
			var sb strings.Builder
			n := workers * batch * rounds
			for i := range n {
				fmt.Fprintf(&sb, "वाक्य %d।\n", i)
			}
			if err := os.WriteFile(in, []byte(sb.String()), 0o644); err != nil {
				b.Fatal(err)
			}
			var rate float64
			for b.Loop() {
				f, _, errOut := testFactoryB()
				out := filepath.Join(dir, "out")
				args := []string{"translate", "--provider", "openai", "--no-cache", "--quiet", "--input-format", "lines", "--workers", fmt.Sprint(workers), "--out", out, in}
				if code := Run(context.Background(), f, args); code != ExitOK {
					b.Fatalf("exit %d: %s", code, errOut)
				}
				raw, err := os.ReadFile(filepath.Join(out, "summary.json"))
				if err != nil {
					b.Fatal(err)
				}
				var sum struct {
					Pairs   int     `json:"pairs"`
					Elapsed float64 `json:"elapsed_seconds"`
				}
				if err := json.Unmarshal(raw, &sum); err != nil || sum.Pairs != n {
					b.Fatalf("summary: %s, %v", raw, err)
				}
				rate = float64(n) / sum.Elapsed
			}
			ideal := float64(workers*batch) / latency.Seconds()
			b.ReportMetric(rate, "sentences/s")
			b.ReportMetric(rate/ideal, "of-ideal")
		})
	}
}
