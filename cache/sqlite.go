package cache

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	// The pure-Go SQLite driver (registered as "sqlite") and its result codes.
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// schema keeps every entry in one B-tree: the table is clustered on the
// 32-byte key hash (WITHOUT ROWID), so storing a translation writes one
// index, not three. Each entry also keeps its key fields and source text, so
// the cache can be exported as a translation memory.
const schema = `
CREATE TABLE IF NOT EXISTS entries (
	key         BLOB PRIMARY KEY,
	provider    TEXT NOT NULL,
	model       TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	source_lang TEXT NOT NULL,
	target_lang TEXT NOT NULL,
	source      TEXT NOT NULL,
	translation TEXT NOT NULL,
	created_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS batch_jobs (
	id           TEXT PRIMARY KEY,
	provider     TEXT NOT NULL,
	model        TEXT NOT NULL,
	fingerprint  TEXT NOT NULL,
	source_lang  TEXT NOT NULL,
	target_lang  TEXT NOT NULL,
	input_file   TEXT NOT NULL,
	status       TEXT NOT NULL,
	total        INTEGER NOT NULL DEFAULT 0,
	completed    INTEGER NOT NULL DEFAULT 0,
	failed       INTEGER NOT NULL DEFAULT 0,
	submitted_at INTEGER NOT NULL,
	collected_at INTEGER NOT NULL DEFAULT 0,
	requests     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batch_job_keys (
	job TEXT NOT NULL REFERENCES batch_jobs(id) ON DELETE CASCADE,
	key BLOB NOT NULL,
	PRIMARY KEY (job, key)
) WITHOUT ROWID;
PRAGMA user_version = 2;
`

// getChunk bounds the number of keys in one SELECT ... IN (...) query, well
// under SQLite's variable limit.
const getChunk = 500

// SQLite is a Store in one SQLite file, in WAL mode with a busy timeout, so
// several anuvad processes on one machine can share it and a user can open
// it with the sqlite3 shell.
//
// Writes are grouped: Put queues its entries and returns, and one writer
// goroutine commits everything queued in one transaction at most
// CommitInterval later (sooner when GroupMax entries are waiting, and at
// Flush and Close). Queued entries are answered by Get at once. A commit is
// durable when it ends: a crash of the process, or of the machine, loses
// none of it, only the entries queued after the last commit. A commit that
// fails is reported by the next Put, Flush or Close.
type SQLite struct {
	db   *sql.DB // readers
	wdb  *sql.DB // the writer's one connection
	path string

	mu      sync.Mutex
	queue   []Entry          // entries not yet committed, oldest first
	pending map[string]Entry // the same, by raw key sum, for Get
	failed  error            // a background commit's failure, not yet reported
	closed  bool

	wake      chan struct{} // something was queued (capacity 1)
	flushes   chan chan error
	stop      chan struct{}
	writerEnd chan struct{}
	stopErr   error
	closeOnce sync.Once
}

// Write grouping. A commit touches each B-tree page it changes once, so
// committing thousands of entries together writes far fewer pages per
// entry than committing each batch alone.
const (
	// CommitInterval is the longest an entry waits in the queue.
	CommitInterval = 250 * time.Millisecond
	// GroupMax is the number of queued entries that triggers a commit at
	// once; Put waits for a commit when four times as many are queued.
	GroupMax = 8192
)

var (
	_ Store    = (*SQLite)(nil)
	_ JobStore = (*SQLite)(nil)
)

// OpenSQLite opens (creating if needed) the cache file at path.
func OpenSQLite(path string) (*SQLite, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("cache: create %s: %w", dir, err)
		}
	}
	// busy_timeout first: switching to WAL needs a lock that another
	// process opening the same file may hold. The writer syncs each commit
	// (synchronous FULL): commits are few, and a committed entry survives a
	// power cut. Its page cache holds the pages a large commit touches.
	db, err := openDB(path, "busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)")
	if err != nil {
		return nil, err
	}
	if err := prepare(db); err != nil {
		db.Close()
		if isCorrupt(err) {
			return nil, &CorruptError{Path: path, Err: err}
		}
		return nil, fmt.Errorf("cache: prepare %s: %w", path, err)
	}
	if err := check(db); err != nil {
		db.Close()
		return nil, &CorruptError{Path: path, Err: err}
	}
	wdb, err := openDB(path, "busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "cache_size(-16384)", "foreign_keys(ON)")
	if err != nil {
		db.Close()
		return nil, err
	}
	wdb.SetMaxOpenConns(1)
	s := &SQLite{
		db: db, wdb: wdb, path: path,
		pending: map[string]Entry{},
		wake:    make(chan struct{}, 1),
		flushes: make(chan chan error),
		stop:    make(chan struct{}), writerEnd: make(chan struct{}),
	}
	go s.writer()
	return s, nil
}

func openDB(path string, pragmas ...string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("cache: open %s: %w", path, err)
	}
	return db, nil
}

// prepare creates the schema. When several processes open a new file at
// once, SQLite can refuse the schema change at once with SQLITE_BUSY rather
// than wait (the waiting would deadlock), so it is tried again for a while.
func prepare(db *sql.DB) error {
	const patience = 10 * time.Second
	deadline := time.Now().Add(patience)
	wait := 10 * time.Millisecond
	for {
		_, err := db.Exec(schema)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
		wait = min(2*wait, 500*time.Millisecond)
	}
}

// CorruptError is returned by OpenSQLite for a file that fails SQLite's
// integrity check: it is a clear error at start, not a flood of failed
// lookups later.
type CorruptError struct {
	Path string
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("cache %s is damaged (%v): run with --no-cache, or move the file aside to start a new cache", e.Path, e.Err)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// check runs SQLite's quick integrity check: it reads every page of the
// file once (about 50 ms for 100,000 entries: BenchmarkOpenCheck) and
// reports the first few problems.
func check(db *sql.DB) error {
	rows, err := db.Query("PRAGMA quick_check(3)")
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, strings.Join(strings.Fields(line), " "))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// isCorrupt reports an error saying the file is not a sound database.
func isCorrupt(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code() & 0xff
		return code == sqlite3.SQLITE_CORRUPT || code == sqlite3.SQLITE_NOTADB
	}
	return false
}

// isBusy reports a lock conflict with another connection or process.
func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code() & 0xff
		return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
	}
	return false
}

// Path returns the file the store lives in.
func (s *SQLite) Path() string { return s.path }

// Get implements Store.
func (s *SQLite) Get(ctx context.Context, keys []Key) (map[string]Entry, error) {
	out := make(map[string]Entry, len(keys))
	byHash := make(map[string]Key, len(keys))
	hashes := make([]any, 0, len(keys))
	s.mu.Lock()
	for _, k := range keys {
		sum := k.sum()
		h := hex.EncodeToString(sum)
		if _, dup := byHash[h]; dup {
			continue
		}
		byHash[h] = k
		if e, ok := s.pending[string(sum)]; ok {
			out[h] = e
			continue
		}
		hashes = append(hashes, sum)
	}
	s.mu.Unlock()
	for len(hashes) > 0 {
		n := min(len(hashes), getChunk)
		chunk := hashes[:n]
		hashes = hashes[n:]
		q := "SELECT key, translation, created_at FROM entries WHERE key IN (?" + strings.Repeat(",?", len(chunk)-1) + ")"
		rows, err := s.db.QueryContext(ctx, q, chunk...)
		if err != nil {
			return nil, fmt.Errorf("cache: lookup: %w", err)
		}
		for rows.Next() {
			var raw []byte
			var tr string
			var created int64
			if err := rows.Scan(&raw, &tr, &created); err != nil {
				rows.Close()
				return nil, fmt.Errorf("cache: lookup: %w", err)
			}
			h := hex.EncodeToString(raw)
			out[h] = Entry{Key: byHash[h], Translation: tr, Created: time.Unix(created, 0).UTC()}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("cache: lookup: %w", err)
		}
	}
	return out, nil
}

// Put implements Store. It queues the entries for the next commit and
// returns at once, unless too many are queued already: then it waits for
// a commit. Its error is that of an earlier commit that failed, if any.
func (s *SQLite) Put(ctx context.Context, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	now := time.Now().UTC()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errors.New("cache: store is closed")
	}
	for _, e := range entries {
		if e.Created.IsZero() {
			e.Created = now
		}
		s.queue = append(s.queue, e)
		s.pending[string(e.Key.sum())] = e
	}
	queued := len(s.queue)
	err := s.failed
	s.failed = nil
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	if err != nil {
		return err
	}
	if queued >= 4*GroupMax {
		return s.Flush(ctx)
	}
	return nil
}

// Flush commits every queued entry and returns once they are durable, with
// the error of that commit or of an earlier one not yet reported.
func (s *SQLite) Flush(ctx context.Context) error {
	done := make(chan error, 1)
	select {
	case s.flushes <- done:
	case <-s.writerEnd:
		return errors.New("cache: store is closed")
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writer commits the queue CommitInterval after something was queued, at
// once when GroupMax entries are waiting, and on Flush and Close.
func (s *SQLite) writer() {
	defer close(s.writerEnd)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	armed := false
	for {
		select {
		case <-s.wake:
			if s.queued() < GroupMax {
				if !armed {
					timer.Reset(CommitInterval)
					armed = true
				}
				continue
			}
		case <-timer.C:
		case done := <-s.flushes:
			err := s.commitQueued()
			s.mu.Lock()
			if err == nil {
				err, s.failed = s.failed, nil
			}
			s.mu.Unlock()
			done <- err
			continue
		case <-s.stop:
			s.stopErr = s.commitQueued()
			return
		}
		timer.Stop()
		armed = false
		if err := s.commitQueued(); err != nil {
			s.mu.Lock()
			s.failed = err
			s.mu.Unlock()
		}
	}
}

func (s *SQLite) queued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// commitQueued commits the entries queued so far in one transaction. Failed
// or not, they leave the queue.
func (s *SQLite) commitQueued() error {
	s.mu.Lock()
	group := s.queue
	s.queue = nil
	s.mu.Unlock()
	if len(group) == 0 {
		return nil
	}
	err := s.commit(group)
	s.mu.Lock()
	for _, e := range group {
		k := string(e.Key.sum())
		if p, ok := s.pending[k]; ok && p == e {
			delete(s.pending, k)
		}
	}
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("cache: %d translations not stored: %w", len(group), err)
	}
	return nil
}

func (s *SQLite) commit(group []Entry) error {
	ctx := context.Background()
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cache: store: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO entries
		(key, provider, model, fingerprint, source_lang, target_lang, source, translation, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("cache: store: %w", err)
	}
	defer stmt.Close()
	for _, e := range group {
		k := e.Key
		if _, err := stmt.ExecContext(ctx, k.sum(), k.Provider, k.Model, k.Fingerprint, k.Source, k.Target, k.Text, e.Translation, e.Created.Unix()); err != nil {
			return fmt.Errorf("cache: store: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cache: store: %w", err)
	}
	return nil
}

// Each implements Store. Entries come oldest first.
func (s *SQLite) Each(ctx context.Context, fn func(Entry) error) error {
	if err := s.Flush(ctx); err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT provider, model, fingerprint, source_lang, target_lang, source, translation, created_at
		FROM entries ORDER BY created_at, key`)
	if err != nil {
		return fmt.Errorf("cache: read: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e Entry
		var created int64
		k := &e.Key
		if err := rows.Scan(&k.Provider, &k.Model, &k.Fingerprint, &k.Source, &k.Target, &k.Text, &e.Translation, &created); err != nil {
			return fmt.Errorf("cache: read: %w", err)
		}
		e.Created = time.Unix(created, 0).UTC()
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cache: read: %w", err)
	}
	return nil
}

// Stats implements Store.
func (s *SQLite) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Path: s.path, ByProvider: map[string]int64{}}
	if err := s.Flush(ctx); err != nil {
		return st, err
	}
	var oldest, newest sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), MIN(created_at), MAX(created_at) FROM entries`).Scan(&st.Entries, &oldest, &newest)
	if err != nil {
		return st, fmt.Errorf("cache: stats: %w", err)
	}
	if oldest.Valid {
		st.Oldest = time.Unix(oldest.Int64, 0).UTC()
		st.Newest = time.Unix(newest.Int64, 0).UTC()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT provider, model, COUNT(*) FROM entries GROUP BY provider, model ORDER BY provider, model`)
	if err != nil {
		return st, fmt.Errorf("cache: stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p, m string
		var n int64
		if err := rows.Scan(&p, &m, &n); err != nil {
			return st, fmt.Errorf("cache: stats: %w", err)
		}
		st.ByProvider[p+"/"+m] = n
	}
	if fi, err := os.Stat(s.path); err == nil {
		st.Bytes = fi.Size()
	}
	if fi, err := os.Stat(s.path + "-wal"); err == nil {
		st.Bytes += fi.Size()
	}
	return st, rows.Err()
}

// Close implements Store. It commits the queued entries first and returns
// the error of that commit or of an earlier one not yet reported.
func (s *SQLite) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		close(s.stop)
	})
	<-s.writerEnd
	s.mu.Lock()
	err := s.stopErr
	if err == nil {
		err = s.failed
	}
	s.stopErr, s.failed = nil, nil
	s.mu.Unlock()
	if cerr := errors.Join(s.wdb.Close(), s.db.Close()); cerr != nil && err == nil {
		err = fmt.Errorf("cache: close: %w", cerr)
	}
	return err
}
