package cache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/anuvad/anuvad/redact"
)

// pgTable is the table the PostgreSQL store keeps its entries in. Its
// columns are those of the SQLite file, so exports look the same.
const pgTable = "anuvad_cache_entries"

// pgSchema creates the table. It runs under an advisory lock, since
// concurrent CREATE TABLE IF NOT EXISTS statements can still collide in the
// catalog when several processes start against an empty database at once.
const pgSchema = `
CREATE TABLE IF NOT EXISTS ` + pgTable + ` (
	key         bytea PRIMARY KEY,
	provider    text NOT NULL,
	model       text NOT NULL,
	fingerprint text NOT NULL,
	source_lang text NOT NULL,
	target_lang text NOT NULL,
	source      text NOT NULL,
	translation text NOT NULL,
	created_at  bigint NOT NULL
)`

// pgSchemaLock is the advisory lock key taken while creating the table.
const pgSchemaLock = 0x616e7576 // "anuv"

// pgGetChunk bounds the keys sent in one = ANY($1) lookup.
const pgGetChunk = 2000

// pgDefaultConns is the size of the connection pool unless the URL sets
// pool_max_conns: enough for the pipeline's lookups and its workers' stores.
const pgDefaultConns = 8

// pgPutChunk bounds the entries written by one INSERT statement.
const pgPutChunk = 2000

// Postgres is a Store (and a JobStore) in a PostgreSQL table, shared by any number of anuvad
// processes on any number of machines. Lookups send a batch of keys in one
// query; stores write a batch in one statement (INSERT ... SELECT FROM
// unnest(...) ON CONFLICT DO UPDATE), committed when Put returns.
type Postgres struct {
	pool *pgxpool.Pool
	url  string // redacted, for display
}

var _ Store = (*Postgres)(nil)

// IsPostgresURL reports whether a cache location names a PostgreSQL
// database (a postgres:// or postgresql:// URL) rather than a file.
func IsPostgresURL(path string) bool {
	lower := strings.ToLower(path)
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}

// OpenPostgres connects to the database at url and creates the cache table
// if it does not exist. Errors never show the URL's password.
func OpenPostgres(ctx context.Context, dsn string) (*Postgres, error) {
	shown := redact.URLs(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("cache: %s: %w", shown, scrub(err, dsn))
	}
	if !strings.Contains(dsn, "pool_max_conns=") && cfg.MaxConns < pgDefaultConns {
		cfg.MaxConns = pgDefaultConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("cache: %s: %w", shown, scrub(err, dsn))
	}
	p := &Postgres{pool: pool, url: shown}
	if err := p.init(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("cache: %s: %w", shown, scrub(err, dsn))
	}
	return p, nil
}

// scrub removes the password of dsn from an error's text, should a driver
// error ever quote it.
func scrub(err error, dsn string) error {
	u, perr := url.Parse(dsn)
	if perr != nil || u.User == nil {
		return err
	}
	pw, _ := u.User.Password()
	msg := redact.URLs(redact.Secrets(err.Error(), pw))
	if msg == err.Error() {
		return err
	}
	return errors.New(msg)
}

// init creates the table, once, under an advisory lock.
func (p *Postgres) init(ctx context.Context) error {
	return pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(pgSchemaLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, pgSchema); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, pgJobSchema)
		return err
	})
}

// PoolSize returns the most connections the store opens.
func (p *Postgres) PoolSize() int32 { return p.pool.Config().MaxConns }

// URL returns the database URL with its password redacted.
func (p *Postgres) URL() string { return p.url }

// Get implements Store.
func (p *Postgres) Get(ctx context.Context, keys []Key) ([]Entry, error) {
	out := make([]Entry, len(keys))
	first := make(map[[sha256.Size]byte]int, len(keys)) // the first index of each key
	sums := make([][sha256.Size]byte, len(keys))
	ask := make([][]byte, 0, len(keys))
	for i, k := range keys {
		sums[i] = k.sum()
		if _, dup := first[sums[i]]; !dup {
			first[sums[i]] = i
			ask = append(ask, sums[i][:])
		}
	}
	for len(ask) > 0 {
		n := min(len(ask), pgGetChunk)
		chunk := ask[:n]
		ask = ask[n:]
		rows, err := p.pool.Query(ctx, "SELECT key, translation, created_at FROM "+pgTable+" WHERE key = ANY($1)", chunk)
		if err != nil {
			return nil, fmt.Errorf("cache: lookup: %w", err)
		}
		var raw []byte
		var tr string
		var created int64
		_, err = pgx.ForEachRow(rows, []any{&raw, &tr, &created}, func() error {
			if len(raw) != sha256.Size {
				return nil
			}
			if i, ok := first[[sha256.Size]byte(raw)]; ok {
				out[i] = Entry{Key: keys[i], Translation: tr, Created: time.Unix(created, 0).UTC()}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("cache: lookup: %w", err)
		}
	}
	for i := range out {
		if j := first[sums[i]]; j != i {
			out[i] = out[j]
		}
	}
	return out, nil
}

// Put implements Store. Entries with the same key keep the last; rows are
// written in key order, so concurrent Puts from several processes lock
// rows in the same order and never deadlock.
func (p *Postgres) Put(ctx context.Context, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	type row struct {
		sum []byte
		e   Entry
	}
	rows := make([]row, 0, len(entries))
	now := time.Now().UTC()
	for _, e := range entries {
		if e.Created.IsZero() {
			e.Created = now
		}
		sum := e.Key.sum()
		rows = append(rows, row{sum: sum[:], e: e})
	}
	// Stable sort, then keep the last of equal keys: one statement may not
	// update a row twice.
	slices.SortStableFunc(rows, func(a, b row) int { return bytes.Compare(a.sum, b.sum) })
	uniq := rows[:0]
	for i, r := range rows {
		if i+1 < len(rows) && bytes.Equal(rows[i+1].sum, r.sum) {
			continue
		}
		uniq = append(uniq, r)
	}
	rows = uniq
	for len(rows) > 0 {
		n := min(len(rows), pgPutChunk)
		chunk := rows[:n]
		rows = rows[n:]
		var (
			keys                                        = make([][]byte, n)
			prov, model, fp, src, tgt, text, translated = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
			created                                     = make([]int64, n)
		)
		for i, r := range chunk {
			k := r.e.Key
			keys[i] = r.sum
			prov[i], model[i], fp[i], src[i], tgt[i], text[i] = k.Provider, k.Model, k.Fingerprint, k.Source, k.Target, k.Text
			translated[i] = r.e.Translation
			created[i] = r.e.Created.Unix()
		}
		_, err := p.pool.Exec(ctx, `INSERT INTO `+pgTable+`
			(key, provider, model, fingerprint, source_lang, target_lang, source, translation, created_at)
			SELECT * FROM unnest($1::bytea[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[])
			ON CONFLICT (key) DO UPDATE SET
				provider = EXCLUDED.provider, model = EXCLUDED.model, fingerprint = EXCLUDED.fingerprint,
				source_lang = EXCLUDED.source_lang, target_lang = EXCLUDED.target_lang, source = EXCLUDED.source,
				translation = EXCLUDED.translation, created_at = EXCLUDED.created_at`,
			keys, prov, model, fp, src, tgt, text, translated, created)
		if err != nil {
			return fmt.Errorf("cache: store: %w", err)
		}
	}
	return nil
}

// Each implements Store. Entries come oldest first.
func (p *Postgres) Each(ctx context.Context, fn func(Entry) error) error {
	rows, err := p.pool.Query(ctx, `SELECT provider, model, fingerprint, source_lang, target_lang, source, translation, created_at
		FROM `+pgTable+` ORDER BY created_at, key`)
	if err != nil {
		return fmt.Errorf("cache: read: %w", err)
	}
	var e Entry
	var created int64
	var stopped error
	k := &e.Key
	_, err = pgx.ForEachRow(rows, []any{&k.Provider, &k.Model, &k.Fingerprint, &k.Source, &k.Target, &k.Text, &e.Translation, &created}, func() error {
		e.Created = time.Unix(created, 0).UTC()
		stopped = fn(e)
		return stopped
	})
	if stopped != nil {
		return stopped
	}
	if err != nil {
		return fmt.Errorf("cache: read: %w", err)
	}
	return nil
}

// Stats implements Store. Bytes is the table's size on disk, indexes and
// TOAST included.
func (p *Postgres) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Path: p.url, ByProvider: map[string]int64{}}
	var oldest, newest *int64
	err := p.pool.QueryRow(ctx, `SELECT COUNT(*), MIN(created_at), MAX(created_at), pg_total_relation_size('`+pgTable+`') FROM `+pgTable).
		Scan(&st.Entries, &oldest, &newest, &st.Bytes)
	if err != nil {
		return st, fmt.Errorf("cache: stats: %w", err)
	}
	if oldest != nil {
		st.Oldest = time.Unix(*oldest, 0).UTC()
		st.Newest = time.Unix(*newest, 0).UTC()
	}
	rows, err := p.pool.Query(ctx, `SELECT provider, model, COUNT(*) FROM `+pgTable+` GROUP BY provider, model ORDER BY provider, model`)
	if err != nil {
		return st, fmt.Errorf("cache: stats: %w", err)
	}
	var prov, model string
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&prov, &model, &n}, func() error {
		st.ByProvider[prov+"/"+model] = n
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("cache: stats: %w", err)
	}
	return st, nil
}

// Close implements Store.
func (p *Postgres) Close() error {
	p.pool.Close()
	return nil
}
