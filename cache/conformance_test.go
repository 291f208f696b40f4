package cache_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/cache/storetest"
)

func TestSQLiteConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) string { return filepath.Join(t.TempDir(), "cache.db") })
}

func TestPostgresConformance(t *testing.T) {
	storetest.SkipWithoutPostgres(t)
	storetest.Run(t, func(t *testing.T) string { return storetest.PostgresURL(t) })
}

func TestPostgresErrorsHideThePassword(t *testing.T) {
	const secret = "s3cret-Pa55"
	ctx := context.Background()
	for _, dsn := range []string{
		"postgres://anuvad:" + secret + "@127.0.0.1:1/db?sslmode=disable&connect_timeout=2", // nothing listens
		"postgresql://anuvad:" + secret + "@127.0.0.1:5432/db?sslmode=bogus",                // bad option
		"postgres://anuvad:" + secret + "@[::1/db",                                          // bad URL
	} {
		s, err := cache.Open(ctx, dsn)
		if err == nil {
			s.Close()
			t.Fatalf("%s: opened", "the URL")
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error shows the password: %v", err)
		}
	}
	if os.Getenv(storetest.PostgresEnv) != "" {
		base := storetest.PostgresURL(t)
		// A wrong password against a real server.
		u := strings.Replace(base, "@", "x"+secret+"@", 1)
		if _, err := cache.Open(ctx, u); err == nil || strings.Contains(err.Error(), secret) {
			t.Errorf("wrong password: %v", err)
		}
		s, err := cache.Open(ctx, base)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		st, err := s.Stats(ctx)
		if err != nil || strings.Contains(st.Path, passwordOf(base)) || !strings.Contains(st.Path, "REDACTED") {
			t.Errorf("stats path %q, %v", st.Path, err)
		}
	}
}

func passwordOf(dsn string) string {
	rest := dsn[strings.Index(dsn, "://")+3:]
	userinfo := rest[:strings.LastIndex(rest, "@")]
	_, pw, _ := strings.Cut(userinfo, ":")
	return pw
}

// BenchmarkStores measures batched lookups and stores of both stores, in
// batches of 256 keys as the pipeline's lookup stage sends them. Each store
// starts with 20000 entries.
func BenchmarkStores(b *testing.B) {
	for _, st := range []struct {
		name string
		loc  func(b *testing.B) string
	}{
		{"sqlite", func(b *testing.B) string { return filepath.Join(b.TempDir(), "cache.db") }},
		{"postgres", func(b *testing.B) string { return storetest.PostgresURL(b) }},
	} {
		b.Run(st.name, func(b *testing.B) {
			ctx := context.Background()
			s, err := cache.Open(ctx, st.loc(b))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			const batch, preload = 256, 20000
			entry := func(i int) cache.Entry {
				k := cache.Key{Provider: "p", Model: "m", Source: "hi", Target: "en", Text: fmt.Sprintf("यह वाक्य संख्या %d है।", i)}
				return cache.Entry{Key: k, Translation: fmt.Sprintf("This is sentence number %d.", i)}
			}
			var all []cache.Entry
			for i := range preload {
				all = append(all, entry(i))
			}
			if err := s.Put(ctx, all); err != nil {
				b.Fatal(err)
			}
			b.Run("get", func(b *testing.B) {
				n := 0
				keys := make([]cache.Key, batch)
				for b.Loop() {
					for i := range keys {
						keys[i] = all[(n+i*7919)%preload].Key
					}
					got, err := s.Get(ctx, keys)
					if err != nil || countFound(got) != batch {
						b.Fatalf("found %d, %v", countFound(got), err)
					}
					n += batch
				}
				b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "gets/s")
			})
			b.Run("put", func(b *testing.B) {
				n := preload
				for b.Loop() {
					es := make([]cache.Entry, batch)
					for i := range es {
						es[i] = entry(n + i)
					}
					if err := s.Put(ctx, es); err != nil {
						b.Fatal(err)
					}
					n += batch
				}
				b.ReportMetric(float64(n-preload)/b.Elapsed().Seconds(), "puts/s")
			})
		})
	}
}

func TestPostgresPoolSize(t *testing.T) {
	base := storetest.PostgresURL(t)
	for _, tc := range []struct {
		query string
		want  int32
	}{{"", 8}, {"&pool_max_conns=2", 2}, {"&pool_max_conns=20", 20}} {
		s, err := cache.OpenPostgres(context.Background(), base+tc.query)
		if err != nil {
			t.Fatal(err)
		}
		got := s.PoolSize()
		s.Close()
		if got != tc.want {
			t.Errorf("pool size with %q = %d, want %d", tc.query, got, tc.want)
		}
	}
}

// countFound is the number of entries Get found.
func countFound(entries []cache.Entry) int {
	n := 0
	for _, e := range entries {
		if e.Found() {
			n++
		}
	}
	return n
}
