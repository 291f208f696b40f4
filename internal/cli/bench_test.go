package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/cache/storetest"
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
