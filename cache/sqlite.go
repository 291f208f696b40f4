package cache

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/greatroar/blobloom"
	// The pure-Go SQLite driver (registered as "sqlite") and its result codes.
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// schema keeps the entries in insertion order (the rowid), so a commit
// appends to the end of the table instead of writing into pages all over
// the file. An entry is found by its key, the first eight bytes of the key
// hash as an integer; the whole hash is kept beside it and checked on every
// read, so two keys that share those eight bytes (about one pair in 10^5
// among 10^9 entries) never answer for each other: the later one replaces
// the earlier, which is translated again when asked for. The provider,
// model, fingerprint and languages of the entries are stored once, in
// contexts; each entry also keeps its source text, so the cache can be
// exported as a translation memory. The view translations shows the
// entries with their context, for the sqlite3 shell.
//
// Keys are random, so an index of them gets its new keys all over its
// pages: once it has more pages than a commit has entries, nearly every
// entry committed would rewrite a page of it. The entries committed since
// the last merge are found through recent_keys, small enough for each
// commit to rewrite few pages; once it holds mergeAt keys, they are merged
// into entry_keys, which rewrites each page of it at most once for all of
// them, in one transaction for each range of keys of about 16 MB of pages,
// so that the write-ahead log stays small. A key is in one of the two tables: storing it
// again deletes its row and its entry first. A commit does not give the
// ids of the entries it inserts, and the columns have no NOT NULL
// constraints (the program never stores a NULL): either would make every
// INSERT of several rows keep a statement journal, a copy of each page it
// changes, in case a row made it stop halfway.
//
// Versions 1 and 2 clustered the table on the key hash (WITHOUT ROWID),
// versions 3 and 4 kept every key field in each entry under a 32-byte blob
// key, and versions 5 and 6 found entries through a unique index on their
// key. Such files are converted when they are opened. Version 2 added the
// batch job tables.
const schema = `
CREATE TABLE IF NOT EXISTS contexts (
	id          INTEGER PRIMARY KEY,
	provider    TEXT NOT NULL,
	model       TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	source_lang TEXT NOT NULL,
	target_lang TEXT NOT NULL,
	UNIQUE (provider, model, fingerprint, source_lang, target_lang)
);
CREATE TABLE IF NOT EXISTS entries (
	id          INTEGER PRIMARY KEY,
	key         INTEGER,
	hash        BLOB,
	context     INTEGER,
	source      TEXT,
	translation TEXT,
	created_at  INTEGER
);
CREATE TABLE IF NOT EXISTS entry_keys (key INTEGER PRIMARY KEY, id INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS recent_keys (key INTEGER PRIMARY KEY, id INTEGER) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS translations AS
	SELECT c.provider, c.model, c.fingerprint, c.source_lang, c.target_lang,
		e.source, e.translation, e.created_at
	FROM entries e JOIN contexts c ON c.id = e.context;
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
PRAGMA user_version = 7;
`

// keyContext is what the entries of one context share: everything in a
// Key but the text.
type keyContext struct {
	provider, model, fingerprint, source, target string
}

func contextOf(k Key) keyContext {
	return keyContext{k.Provider, k.Model, k.Fingerprint, k.Source, k.Target}
}

// rowKey is the integer an entry is found by: the first eight bytes of
// its key hash.
func rowKey(sum [sha256.Size]byte) int64 {
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

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
// Flush and Close). Queued entries are answered by Get at once. A crash of
// the process loses no committed entry, only those queued after the last
// commit (at most CommitInterval's worth); a crash of the machine can also
// lose the commits since the last checkpoint, and never corrupts the file.
// A commit that fails is reported by the next Put, Flush or Close.
type SQLite struct {
	db   *sql.DB // readers
	wdb  *sql.DB // the writer's one connection
	path string

	mu      sync.Mutex
	queue   []queued                      // entries not yet committed, oldest first
	spare   []queued                      // an empty array for the next queue
	pending map[[sha256.Size]byte]*queued // the same, by raw key sum, for Get
	failed  *NotStoredError               // a background commit's failure, not yet reported
	closed  bool
	// human is set once a human translation is put through this handle.
	human bool
	// contexts holds the ids of the contexts the file is known to hold.
	contexts map[keyContext]int64
	// shared holds one copy of each context put, for the queued entries
	// to point to.
	shared map[keyContext]*keyContext
	// fresh holds the contexts the file held no entry of when this handle
	// first looked. A key of one is in the file only if this handle stored
	// it (own may say so, never wrongly says not) or another connection
	// stored entries since the handle opened (foreign). Lookups of other
	// keys of a fresh context skip the index: a first run with a provider
	// configuration does not search for what cannot be there.
	fresh   map[keyContext]bool
	own     ownFilter
	seed    maphash.Seed // of ownHash
	foreign bool
	// lastID is the largest entry id once this handle's last commit is
	// done (set before the commit, so a lookup that already sees the
	// commit does not take it for another connection's).
	lastID int64

	wake      chan struct{} // something was queued (capacity 1)
	flushes   chan chan error
	stop      chan struct{}
	writerEnd chan struct{}
	stopErr   *NotStoredError
	closeOnce sync.Once

	// recent is about the number of keys in recent_keys.
	recent atomic.Int64
	// mergeAt gives the number of keys in recent_keys that makes a commit
	// merge them into entry_keys (the function mergeAt; tests change it).
	mergeAt func(entries int64) int64
	// mergeParts gives the number of parts of a merge (the function
	// mergeParts; tests change it).
	mergeParts func(entries int64) uint64

	// lastOf is the writer's map from key sums to their last place in a
	// commit (lastOfEachKey).
	lastOf map[[sha256.Size]byte]int

	// stmts holds the statements of lookups, prepared once (stmt).
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
}

// Write grouping. A commit touches each B-tree page it changes once, so
// committing thousands of entries together writes far fewer pages per
// entry than committing each batch alone.
const (
	// CommitInterval is the longest an entry waits in the queue.
	CommitInterval = time.Second
	// GroupMax is the number of queued entries that triggers a commit at
	// once; Put waits for a commit when twice as many are queued.
	GroupMax = 8192
)

var (
	_ Store      = (*SQLite)(nil)
	_ JobStore   = (*SQLite)(nil)
	_ Flusher    = (*SQLite)(nil)
	_ IntoGetter = (*SQLite)(nil)

	_ HumanHolder = (*SQLite)(nil)
)

// queued is an entry waiting for its commit, with its key's raw hash. Its
// context is shared with the other entries of that context, so a queue of
// thousands holds little more than their texts.
type queued struct {
	sum               [sha256.Size]byte
	context           *keyContext
	text, translation string
	created           int64 // Unix seconds, as stored
	// mayExist is false for a key the file cannot hold yet: one of a
	// fresh context that this handle had not stored when it was queued.
	mayExist bool
}

// entry returns q as the Entry of key k.
func (q *queued) entry(k Key) Entry {
	return Entry{Key: k, Translation: q.translation, Created: time.Unix(q.created, 0).UTC()}
}

// OpenSQLite opens (creating if needed) the cache file at path.
func OpenSQLite(path string) (*SQLite, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("cache: create %s: %w", dir, err)
		}
	}
	if err := create(path); err != nil {
		return nil, err
	}
	// busy_timeout first: switching to WAL needs a lock that another
	// process opening the same file may hold. With synchronous NORMAL in WAL
	// mode a commit is safe from a crash of the process; the WAL is synced
	// at checkpoints.
	db, err := openDB(path, "busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)",
		fmt.Sprintf("cache_size(%d)", -readerCacheKiB))
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
	var pageSize int
	if err := db.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
		db.Close()
		return nil, fmt.Errorf("cache: open %s: %w", path, err)
	}
	// The writer's commits copy the write-ahead log into the file every
	// CheckpointBytes, while the run goes on, so that little is left to
	// copy when the store closes.
	wdb, err := openDB(path, "busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)",
		fmt.Sprintf("cache_size(%d)", -writerCacheKiB), "temp_store(MEMORY)",
		fmt.Sprintf("wal_autocheckpoint(%d)", max(CheckpointBytes/pageSize, 1)), "foreign_keys(ON)")
	if err != nil {
		db.Close()
		return nil, err
	}
	wdb.SetMaxOpenConns(1)
	var lastID, recent int64
	err = db.QueryRow("SELECT (SELECT COALESCE(MAX(id), 0) FROM entries), (SELECT COUNT(*) FROM recent_keys)").Scan(&lastID, &recent)
	if err != nil {
		db.Close()
		wdb.Close()
		return nil, fmt.Errorf("cache: open %s: %w", path, err)
	}
	s := &SQLite{
		lastID: lastID,
		db:     db, wdb: wdb, path: path,
		pending:    make(map[[sha256.Size]byte]*queued, 2*GroupMax),
		contexts:   map[keyContext]int64{},
		shared:     map[keyContext]*keyContext{},
		seed:       maphash.MakeSeed(),
		mergeAt:    mergeAt,
		mergeParts: mergeParts,
		fresh:      map[keyContext]bool{},
		wake:       make(chan struct{}, 1),
		flushes:    make(chan chan error),
		stop:       make(chan struct{}), writerEnd: make(chan struct{}),
	}
	s.recent.Store(recent)
	go s.writer()
	return s, nil
}

// PageSize is the page size of a new cache file, in bytes. Entries are
// appended, so a commit writes mostly whole new pages; with 16 KiB pages
// it takes a quarter of the system calls 4 KiB pages would, and a lookup
// still reads little more than the entry it asks for.
const PageSize = 16384

// The page caches of the connections, in KiB. Outside the Go heap, they
// are what grows when the file does: a small file fits in them, a large
// one fills them. Lookups read pages at random (a rerun takes each entry
// page once, in order; a first run searches only the keys the filter of
// its own keys cannot rule out), so a page they keep is seldom read again
// and a small cache serves them as well as a large one. The writer's
// holds the pages a commit changes; it may grow past its size while a
// transaction keeps them.
const (
	readerCacheKiB = 512
	writerCacheKiB = 4096
)

// CheckpointBytes is the size the write-ahead log grows to before a
// commit copies it into the file.
const CheckpointBytes = 8 << 20

// create makes a new cache file with PageSize pages, in WAL mode, unless
// the file exists already: the page size of a file is set before its
// first page is written, and the DSN's pragmas come in an order that sets
// the journal mode (which writes the first page) first.
func create(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 || err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil // opening it reports any error
	}
	db, err := openDB(path, "busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(fmt.Sprintf("PRAGMA page_size = %d; PRAGMA journal_mode = WAL", PageSize))
	if err != nil && !isBusy(err) { // busy: another process is creating it
		return fmt.Errorf("cache: create %s: %w", path, err)
	}
	return nil
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

// prepare creates the schema, or converts a file of an older layout. When several
// processes open a file at once, SQLite can refuse the schema change at once
// with SQLITE_BUSY rather than wait (the waiting would deadlock), so it is
// tried again for a while.
func prepare(db *sql.DB) error {
	const patience = 10 * time.Second
	deadline := time.Now().Add(patience)
	wait := 10 * time.Millisecond
	for {
		err := prepareOnce(db)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
		wait = min(2*wait, 500*time.Millisecond)
	}
}

func prepareOnce(db *sql.DB) error {
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// BEGIN IMMEDIATE (the _txlock of the DSN): no other process changes
	// the layout between the check and the change.
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	var ddl string
	err = tx.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'entries'").Scan(&ddl)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	converted := strings.Contains(ddl, "provider")
	switch {
	case converted:
		// Versions 1 to 4: every key field in each entry.
		err = convertOldEntries(ctx, tx)
	case version < 5:
		_, err = tx.ExecContext(ctx, schema)
	case version < 7:
		converted = true
		err = rebuildEntries(ctx, tx)
	default:
		return nil // this layout, or a newer one that keeps its statements
	}
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if converted {
		// The conversion went through the write-ahead log, which would
		// otherwise keep the size of the whole cache on disk. The pages
		// of the old table are free pages of the file, taken by new
		// entries first (cache vacuum gives them back).
		_, err = conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	return err
}

// rebuildEntries gives a file of versions 5 and 6, whose entries were
// found through a unique index on their key, the present layout: the
// entries are copied in their order into a table without it, and their
// keys into entry_keys in key order.
func rebuildEntries(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `DROP VIEW IF EXISTS translations;
		ALTER TABLE entries RENAME TO entries_old;`+schema+`
		INSERT INTO entries (id, key, hash, context, source, translation, created_at)
			SELECT id, key, hash, context, source, translation, created_at FROM entries_old ORDER BY id;
		DROP TABLE entries_old;
		INSERT INTO entry_keys (key, id) SELECT key, id FROM entries ORDER BY key;`)
	return err
}

// convertOldEntries moves the entries of a file of versions 1 to 4 into
// the present layout, a page of entries at a time in key order.
func convertOldEntries(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `ALTER TABLE entries RENAME TO entries_old;
		DROP INDEX IF EXISTS entries_human;`+schema+`
		INSERT OR IGNORE INTO contexts (provider, model, fingerprint, source_lang, target_lang)
			SELECT DISTINCT provider, model, fingerprint, source_lang, target_lang FROM entries_old;`)
	if err != nil {
		return err
	}
	ids := map[keyContext]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT id, provider, model, fingerprint, source_lang, target_lang FROM contexts`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var c keyContext
		if err := rows.Scan(&id, &c.provider, &c.model, &c.fingerprint, &c.source, &c.target); err != nil {
			rows.Close()
			return err
		}
		ids[c] = id
	}
	if err := rows.Close(); err != nil {
		return err
	}
	type old struct {
		hash               []byte
		ctx                keyContext
		source, translated string
		created            int64
	}
	const page = 4096
	after := []byte{}
	for {
		rows, err := tx.QueryContext(ctx, `SELECT key, provider, model, fingerprint, source_lang, target_lang, source, translation, created_at
			FROM entries_old WHERE key > ? ORDER BY key LIMIT ?`, after, page)
		if err != nil {
			return err
		}
		var got []old
		for rows.Next() {
			var o old
			c := &o.ctx
			if err := rows.Scan(&o.hash, &c.provider, &c.model, &c.fingerprint, &c.source, &c.target, &o.source, &o.translated, &o.created); err != nil {
				rows.Close()
				return err
			}
			got = append(got, o)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if len(got) == 0 {
			break
		}
		for _, o := range got {
			if len(o.hash) != sha256.Size {
				continue
			}
			sum := [sha256.Size]byte(o.hash)
			if _, err := tx.ExecContext(ctx, `INSERT INTO entries (key, hash, context, source, translation, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				rowKey(sum), o.hash, ids[o.ctx], o.source, o.translated, o.created); err != nil {
				return err
			}
		}
		after = got[len(got)-1].hash
	}
	// Of two entries whose hashes share their first eight bytes, the later
	// one stays.
	_, err = tx.ExecContext(ctx, `DROP TABLE entries_old;
		INSERT OR REPLACE INTO entry_keys (key, id) SELECT key, id FROM entries ORDER BY key, id;
		DELETE FROM entries WHERE NOT EXISTS (SELECT 1 FROM entry_keys k WHERE k.key = entries.key AND k.id = entries.id);`)
	return err
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

// Get implements Store. Keys of a context the file holds no entry of are
// not asked for.
func (s *SQLite) Get(ctx context.Context, keys []Key) ([]Entry, error) {
	out := make([]Entry, len(keys))
	if err := s.GetInto(ctx, keys, out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetInto implements IntoGetter.
func (s *SQLite) GetInto(ctx context.Context, keys []Key, out []Entry) error {
	if len(out) != len(keys) {
		return fmt.Errorf("cache: lookup: %d entries for %d keys", len(out), len(keys))
	}
	absent, err := s.absentContexts(ctx, keys)
	if err != nil {
		return fmt.Errorf("cache: lookup: %w", err)
	}
	if err := s.checkForeign(ctx); err != nil {
		return fmt.Errorf("cache: lookup: %w", err)
	}
	// maybe holds the keys that may be queued or in the file. A key of a
	// fresh context is so only if this handle stored it, which the filter
	// of its own keys tells without the key's SHA-256 hash.
	maybe := make([]int, 0, len(keys))
	var last keyContext
	var fresh bool
	var mix uint64
	s.mu.Lock()
	for i := range keys {
		// Keys of one context mostly come together.
		if c := contextOf(keys[i]); i == 0 || c != last {
			last = c
			fresh = s.fresh[c] && !s.foreign
			mix = s.contextMix(c)
		}
		if !fresh || s.own.has(s.ownHash(mix, keys[i].Text)) {
			maybe = append(maybe, i)
		}
	}
	s.mu.Unlock()
	// first holds the index of each key asked of the file, and repeats
	// the later indexes of the same keys, answered by copying.
	var first map[[sha256.Size]byte]int
	var repeats [][2]int
	var ask []any
	var askAt []int // the index of each key of ask
	var sums [hashedAtOnce][sha256.Size]byte
	for from := 0; from < len(maybe); from += hashedAtOnce {
		// The hashes of a few keys at a time are computed before taking
		// the lock that stores and the writer share.
		chunk := maybe[from:min(from+hashedAtOnce, len(maybe))]
		for j, i := range chunk {
			sums[j] = keys[i].sum()
		}
		s.mu.Lock()
		for j, i := range chunk {
			k, sum := &keys[i], sums[j]
			if q, ok := s.pending[sum]; ok {
				out[i] = q.entry(*k)
				continue
			}
			if absent[contextOf(*k)] {
				continue
			}
			if first == nil {
				first = make(map[[sha256.Size]byte]int, len(maybe)-from)
				ask = make([]any, 0, len(maybe)-from)
			}
			if f, dup := first[sum]; dup {
				repeats = append(repeats, [2]int{i, f})
				continue
			}
			first[sum] = i
			ask = append(ask, rowKey(sum))
			askAt = append(askAt, i)
		}
		s.mu.Unlock()
	}
	// The table of keys that holds more of them first; the other one for
	// the keys not found.
	tables := [...]string{"recent_keys", "entry_keys"}
	if recent := s.recent.Load(); recent < s.lastIDNow()-recent {
		tables[0], tables[1] = tables[1], tables[0]
	}
	for _, table := range tables {
		for rest := ask; len(rest) > 0; {
			n := min(len(rest), getChunk)
			if err := s.getChunk(ctx, table, rest[:n], func(hash []byte, tr string, created int64) {
				if len(hash) != sha256.Size {
					return
				}
				// Only the entry of the very key asked answers it.
				if i, ok := first[[sha256.Size]byte(hash)]; ok {
					out[i] = Entry{Key: keys[i], Translation: tr, Created: time.Unix(created, 0).UTC()}
				}
			}); err != nil {
				return fmt.Errorf("cache: lookup: %w", err)
			}
			rest = rest[n:]
		}
		missing := ask[:0:0]
		for j, i := range askAt {
			if !out[i].Found() {
				missing = append(missing, ask[j])
				askAt[len(missing)-1] = i
			}
		}
		ask, askAt = missing, askAt[:len(missing)]
	}
	for _, r := range repeats {
		out[r[0]] = out[r[1]]
	}
	return nil
}

// hashedAtOnce is the number of keys whose hashes Get and Put compute
// before taking the lock for them.
const hashedAtOnce = 64

// contextMix is the part of the hashes of a context's keys in the filter
// of a handle's own keys (ownHash) that their context gives.
func (s *SQLite) contextMix(c keyContext) uint64 {
	return maphash.Comparable(s.seed, c)
}

// ownHash is the hash of the key of text in the context of mix in the
// filter of a handle's own keys: a fast hash, of this process only, since
// the filter lives no longer.
func (s *SQLite) ownHash(mix uint64, text string) uint64 {
	return maphash.String(s.seed, text) ^ mix
}

// absentContexts returns the contexts of keys the file holds no entry of.
// A context once stored is remembered; one not yet stored is asked for at
// each lookup, since another process may add it.
func (s *SQLite) absentContexts(ctx context.Context, keys []Key) (map[keyContext]bool, error) {
	absent := map[keyContext]bool{}
	for _, c := range s.unknownContexts(len(keys), func(i int) keyContext { return contextOf(keys[i]) }) {
		var id int64
		st, err := s.stmt(selectContext)
		if err == nil {
			err = st.QueryRowContext(ctx, c.args()...).Scan(&id)
		}
		switch {
		case errors.Is(err, sql.ErrNoRows):
			absent[c] = true
			s.markFresh(c)
		case err != nil:
			return nil, err
		default:
			s.mu.Lock()
			s.contexts[c] = id
			s.mu.Unlock()
		}
	}
	return absent, nil
}

// markFresh records that the file held no entry of c when this handle
// first looked, unless it knows better by now.
func (s *SQLite) markFresh(c keyContext) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, known := s.contexts[c]; known || s.fresh[c] {
		return
	}
	s.fresh[c] = true
	// Entries of c queued, or being committed, are this handle's too.
	mix := s.contextMix(c)
	for _, q := range s.pending {
		if *q.context == c {
			s.own.add(s.ownHash(mix, q.text))
		}
	}
}

// unknownContexts returns, once each, the contexts of the n entries
// context(i) that this handle does not know the file to hold.
func (s *SQLite) unknownContexts(n int, context func(i int) keyContext) []keyContext {
	var out []keyContext
	seen := map[keyContext]bool{}
	var last keyContext
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range n {
		c := context(i)
		if i > 0 && c == last || seen[c] {
			continue // keys of one context mostly come together
		}
		last, seen[c] = c, true
		if _, known := s.contexts[c]; !known {
			out = append(out, c)
		}
	}
	return out
}

// selectContext finds the id of a context, given its args.
const selectContext = `SELECT id FROM contexts
	WHERE provider = ? AND model = ? AND fingerprint = ? AND source_lang = ? AND target_lang = ?`

func (c keyContext) args() []any {
	return []any{c.provider, c.model, c.fingerprint, c.source, c.target}
}

// ownFilter holds the keys a handle stored of fresh contexts, in Bloom
// filters: it never says a key stored is absent, and says so of about one
// key in a hundred never stored (each one found costs a search of the
// file). It starts small and adds a filter four times the size of the last
// one whenever that one is full, up to ownMaxBits in all: the filter that
// reaches that bound takes every later key. Its memory is thus bounded
// and follows the number of keys below the bound (about 1.2 bytes each);
// beyond it, more keys never stored are found (in all, about 1.5% at five
// million keys, 8.5% at ten million and half at twenty million).
type ownFilter struct {
	filters []*blobloom.Filter
	// room is the number of keys the newest filter takes before the next
	// is made; -1 for the last one.
	room int
	bits uint64 // of all the filters
}

// Sizing of ownFilter.
const (
	ownFirst     = 250_000
	ownGrowth    = 4
	ownFalseRate = 0.01
	ownMaxBits   = 64 << 20 // 8 MiB
)

func (f *ownFilter) add(h uint64) {
	if f.room == 0 {
		capacity := uint64(ownFirst)
		for range f.filters {
			capacity *= ownGrowth
		}
		bits, hashes := blobloom.Optimize(blobloom.Config{Capacity: capacity, FPRate: ownFalseRate})
		after, _ := blobloom.Optimize(blobloom.Config{Capacity: capacity * ownGrowth, FPRate: ownFalseRate})
		f.room = int(capacity)
		if f.bits+bits+after > ownMaxBits {
			// No room for the next one: this one is the last, and has
			// all the room left.
			bits, f.room = max(ownMaxBits-f.bits, bits), -1
		}
		next := blobloom.New(bits, hashes)
		f.filters = append(f.filters, next)
		f.bits += next.NumBits()
	}
	f.filters[len(f.filters)-1].Add(h)
	if f.room > 0 {
		f.room--
	}
}

func (f *ownFilter) has(h uint64) bool {
	// The newest filter holds the most keys.
	for i := len(f.filters) - 1; i >= 0; i-- {
		if f.filters[i].Has(h) {
			return true
		}
	}
	return false
}

// lastIDNow returns lastID.
func (s *SQLite) lastIDNow() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastID
}

// checkForeign notices entries another connection stored since this
// handle's last commit, while lookups skip keys of fresh contexts: from
// then on every key is searched for.
func (s *SQLite) checkForeign(ctx context.Context) error {
	s.mu.Lock()
	skipping := len(s.fresh) > 0 && !s.foreign
	s.mu.Unlock()
	if !skipping {
		return nil
	}
	var maxID int64
	st, err := s.stmt("SELECT COALESCE(MAX(id), 0) FROM entries")
	if err != nil {
		return err
	}
	if err := st.QueryRowContext(ctx).Scan(&maxID); err != nil {
		return err
	}
	s.mu.Lock()
	if maxID > s.lastID {
		s.foreign = true
	}
	s.mu.Unlock()
	return nil
}

// lookupSizes are the numbers of keys of the lookups prepared: a chunk is
// padded with its first key to the next of them, so that a few statements
// serve every lookup.
var lookupSizes = [...]int{8, 32, 128, 256, getChunk}

// getChunk looks up at most getChunk row keys in the table of keys table
// and calls found for each entry found.
func (s *SQLite) getChunk(ctx context.Context, table string, rowKeys []any, found func(hash []byte, translation string, created int64)) error {
	size := getChunk
	for _, n := range lookupSizes {
		if n >= len(rowKeys) {
			size = n
			break
		}
	}
	if len(rowKeys) < size {
		padded := make([]any, size)
		copy(padded, rowKeys)
		for i := len(rowKeys); i < size; i++ {
			padded[i] = rowKeys[0] // the same key again finds nothing more
		}
		rowKeys = padded
	}
	st, err := s.stmt(selectKeys(table, size))
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, rowKeys...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var hash []byte
	var tr string
	var created int64
	for rows.Next() {
		if err := rows.Scan(&hash, &tr, &created); err != nil {
			return err
		}
		found(hash, tr, created)
	}
	return rows.Err()
}

// selectKeys is the lookup of n row keys in the table of keys table.
func selectKeys(table string, n int) string {
	return "SELECT e.hash, e.translation, e.created_at FROM " + table + " k JOIN entries e ON e.id = k.id WHERE k.key IN (?" + strings.Repeat(",?", n-1) + ")"
}

// HasHuman implements HumanHolder: it asks the small table of contexts,
// which has one for human translations once any was stored, so it sees
// those another process committed a moment ago.
func (s *SQLite) HasHuman(ctx context.Context) (bool, error) {
	s.mu.Lock()
	queued := s.human
	s.mu.Unlock()
	if queued {
		return true, nil
	}
	var found bool
	st, err := s.stmt("SELECT EXISTS (SELECT 1 FROM contexts WHERE provider = 'human')")
	if err == nil {
		err = st.QueryRowContext(ctx).Scan(&found)
	}
	if err != nil {
		return false, fmt.Errorf("cache: lookup: %w", err)
	}
	return found, nil
}

// stmt returns query prepared on the readers, preparing it the first time.
func (s *SQLite) stmt(query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if st := s.stmts[query]; st != nil {
		return st, nil
	}
	st, err := s.db.Prepare(query)
	if err != nil {
		return nil, err
	}
	if s.stmts == nil {
		s.stmts = map[string]*sql.Stmt{}
	}
	s.stmts[query] = st
	return st, nil
}

// Put implements Store. It queues the entries for the next commit and
// returns at once, unless too many are queued already: then it waits for
// a commit. Its error is that of an earlier commit that failed, if any.
func (s *SQLite) Put(ctx context.Context, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	now := time.Now().Unix()
	// The hashes are computed before taking the lock that lookups and
	// the writer share.
	var room [hashedAtOnce][sha256.Size]byte
	sums := room[:0]
	if len(entries) > hashedAtOnce {
		sums = make([][sha256.Size]byte, 0, len(entries))
	}
	for i := range entries {
		sums = append(sums, entries[i].Key.sum())
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errors.New("cache: store is closed")
	}
	if err := s.failed; err != nil {
		// The last commit failed: report it, with these entries, which
		// are not kept either.
		s.failed = nil
		s.mu.Unlock()
		return err.add(len(entries))
	}
	if s.queue == nil {
		s.queue = make([]queued, 0, GroupMax)
	}
	var last *keyContext
	var fresh bool
	var mix uint64
	for i := range entries {
		e := &entries[i]
		q := queued{sum: sums[i], text: e.Key.Text, translation: e.Translation, created: now}
		if !e.Created.IsZero() {
			q.created = e.Created.Unix()
		}
		// Entries of one context mostly come together.
		if last == nil || contextOf(e.Key) != *last {
			c := contextOf(e.Key)
			if last = s.shared[c]; last == nil {
				last = &c
				s.shared[c] = last
			}
			fresh = s.fresh[c]
			mix = s.contextMix(c)
		}
		q.context = last
		q.mayExist = true
		if fresh {
			h := s.ownHash(mix, q.text)
			q.mayExist = s.foreign || s.own.has(h)
			s.own.add(h)
		}
		s.human = s.human || e.Key.Provider == HumanProvider
		s.queue = append(s.queue, q)
		s.pending[q.sum] = &s.queue[len(s.queue)-1]
	}
	queued := len(s.queue)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	if queued >= 2*GroupMax {
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
			if err != nil {
				err = err.add(s.failed.count())
			} else {
				err = s.failed
			}
			s.failed = nil
			s.mu.Unlock()
			if err != nil {
				done <- err
			} else {
				done <- nil
			}
			continue
		case <-s.stop:
			if err := s.commitQueued(); err != nil {
				s.stopErr = err
			}
			return
		}
		timer.Stop()
		armed = false
		if err := s.commitQueued(); err != nil {
			s.mu.Lock()
			s.failed = err.add(s.failed.count())
			s.mu.Unlock()
		}
	}
}

func (s *SQLite) queued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// NotStoredError reports entries that Put accepted, or was given, and that
// could not be committed.
type NotStoredError struct {
	// Entries is the number of entries lost.
	Entries int
	Err     error
}

func (e *NotStoredError) Error() string {
	return fmt.Sprintf("cache: %d translations not stored: %v", e.Entries, e.Err)
}

func (e *NotStoredError) Unwrap() error { return e.Err }

func (e *NotStoredError) count() int {
	if e == nil {
		return 0
	}
	return e.Entries
}

// add returns e counting n more entries.
func (e *NotStoredError) add(n int) *NotStoredError {
	return &NotStoredError{Entries: e.Entries + n, Err: e.Err}
}

// commitQueued commits the entries queued so far in one transaction. Failed
// or not, they leave the queue.
func (s *SQLite) commitQueued() *NotStoredError {
	s.mu.Lock()
	group := s.queue
	s.queue, s.spare = s.spare[:0], nil
	s.mu.Unlock()
	defer func() {
		// The committed group's array becomes the next spare queue.
		clear(group)
		s.mu.Lock()
		s.spare = group[:0]
		s.mu.Unlock()
	}()
	if len(group) == 0 {
		return nil
	}
	lost, err := s.commitWhatFits(group)
	// A few at a time: Put and Get wait for the lock meanwhile.
	for from := 0; from < len(group); from += 4 * hashedAtOnce {
		s.mu.Lock()
		for i := from; i < min(from+4*hashedAtOnce, len(group)); i++ {
			// Unless the key was queued again since.
			if p, ok := s.pending[group[i].sum]; ok && *p == group[i] {
				delete(s.pending, group[i].sum)
			}
		}
		s.mu.Unlock()
	}
	if lost > 0 {
		return &NotStoredError{Entries: lost, Err: err}
	}
	return nil
}

// commitWhatFits commits group; when the disk is full it commits halves of
// it, and halves of those, so that what fits is kept. It returns the number
// of entries not committed and the first error.
func (s *SQLite) commitWhatFits(group []queued) (int, error) {
	err := s.commit(group)
	if err == nil {
		return 0, nil
	}
	if len(group) == 1 || !isFull(err) {
		return len(group), err
	}
	half := len(group) / 2
	lostA, errA := s.commitWhatFits(group[:half])
	if lostA == half {
		return len(group), errA // nothing fits any more
	}
	lostB, errB := s.commitWhatFits(group[half:])
	if errA == nil {
		errA = errB
	}
	return lostA + lostB, errA
}

// isFull reports SQLITE_FULL: the disk (or the file's size limit) is full.
func isFull(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_FULL
}

// insertRows is the number of entries one INSERT statement stores: fewer
// statements to run, well under SQLite's limit of bound variables.
const insertRows = 64

func (s *SQLite) commit(group []queued) error {
	ctx := context.Background()
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return fmt.Errorf("cache: store: %w", err)
	}
	defer conn.Close()
	// The transaction is begun and ended by statements on the writer's one
	// connection, so the inserts can go to the driver directly (insert).
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("cache: store: %w", err)
	}
	done := false
	defer func() {
		if !done {
			conn.ExecContext(ctx, "ROLLBACK")
		}
	}()
	added, err := s.addContexts(ctx, conn, group)
	if err != nil {
		return fmt.Errorf("cache: store: %w", err)
	}
	// The transaction holds the file's write lock: entries beyond the last
	// commit of this handle are another connection's.
	var before int64
	if err := conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM entries").Scan(&before); err != nil {
		return fmt.Errorf("cache: store: %w", err)
	}
	s.mu.Lock()
	if before != s.lastID {
		s.foreign = true
	}
	foreign := s.foreign
	s.mu.Unlock()
	group = s.lastOfEachKey(group)
	if err := s.dropReplaced(ctx, conn, group, foreign); err != nil {
		return fmt.Errorf("cache: store: %w", err)
	}
	// The entries replaced may have been the last ones.
	base := before
	if err := conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM entries").Scan(&base); err != nil {
		return fmt.Errorf("cache: store: %w", err)
	}
	if err := conn.Raw(func(dc any) error { return s.insert(ctx, dc, group, added, base) }); err != nil {
		return fmt.Errorf("cache: store: %w", err)
	}
	after := base + int64(len(group))
	// recent counts the keys of recent_keys but those other connections
	// stored; they are counted when the count would call for a merge.
	if recent := s.recent.Add(int64(len(group))); recent >= s.mergeAt(after) {
		if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM recent_keys").Scan(&recent); err != nil {
			return fmt.Errorf("cache: store: %w", err)
		}
		s.recent.Store(recent)
	}
	s.mu.Lock()
	s.lastID = after
	s.mu.Unlock()
	done = true
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		// After some errors SQLite has rolled the transaction back by
		// itself, after others (a busy file) it is still open: a ROLLBACK
		// ends it either way.
		conn.ExecContext(ctx, "ROLLBACK")
		// Ids up to after are free again, for any connection to take.
		s.mu.Lock()
		s.lastID, s.foreign = before, true
		s.mu.Unlock()
		return fmt.Errorf("cache: store: %w", err)
	}
	s.mu.Lock()
	maps.Copy(s.contexts, added)
	s.mu.Unlock()
	// The entries are committed; a merge that fails is tried again after
	// the next commit.
	if s.recent.Load() >= s.mergeAt(after) && merge(ctx, conn, s.mergeParts(after)) == nil {
		s.recent.Store(0)
	}
	return nil
}

// mergeAt is the number of keys in recent_keys that makes the next commit
// merge them into entry_keys, for a file of about n entries. Between two
// merges, a commit rewrites about as many pages of recent_keys as the
// merge rewrites of entry_keys, counted per entry: the size that makes the
// sum of both smallest grows with the square root of n. It is at least
// 262,144, so that a cache of a few hundred thousand entries, whose keys
// all fit in a few pages anyway, is looked up in one table.
func mergeAt(n int64) int64 {
	return max(1<<18, int64(128*math.Sqrt(float64(n))))
}

// merge moves the keys of recent_keys into entry_keys, in key order: each
// page of entry_keys is rewritten once for all of them. It does so in
// parts, ranges of keys, one transaction each, so that the write-ahead log
// holds the pages of one part at a time instead of the whole table. A key
// is in one of the two tables all along; a merge stopped halfway leaves
// recent_keys with fewer keys, which the next one moves.
func merge(ctx context.Context, conn *sql.Conn, parts uint64) error {
	for i := range parts {
		if err := mergePart(ctx, conn, i, parts); err != nil {
			return err
		}
	}
	return nil
}

// mergePart moves the keys of part i of parts (mergeRange) in one
// transaction.
func mergePart(ctx context.Context, conn *sql.Conn, i, parts uint64) error {
	from, to := mergeRange(i, parts)
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	_, err := conn.ExecContext(ctx, `INSERT OR IGNORE INTO entry_keys (key, id)
			SELECT key, id FROM recent_keys WHERE key BETWEEN ?1 AND ?2 ORDER BY key;
		DELETE FROM recent_keys WHERE key BETWEEN ?1 AND ?2;`, from, to)
	if err == nil {
		_, err = conn.ExecContext(ctx, "COMMIT")
	}
	if err != nil {
		conn.ExecContext(ctx, "ROLLBACK")
	}
	return err
}

// mergeRange returns the keys of part i of parts, from and to included:
// the parts share the range of int64 evenly, as the keys do.
func mergeRange(i, parts uint64) (from, to int64) {
	// The unsigned u stands for the key int64(u ^ 1<<63), in the same
	// order.
	step := math.MaxUint64 / parts
	lo, hi := i*step, (i+1)*step-1
	if i == parts-1 {
		hi = math.MaxUint64
	}
	return int64(lo ^ 1<<63), int64(hi ^ 1<<63)
}

// mergeParts is the number of parts a merge into entry_keys is made in,
// for a file of about n entries: one for each 2^20 keys of entry_keys,
// about 16 MB of its pages.
func mergeParts(n int64) uint64 {
	return uint64(max(1, (n+1<<20-1)>>20))
}

// lastOfEachKey returns group without the entries queued again later in
// it. Only the writer calls it: it reuses one map for every commit.
func (s *SQLite) lastOfEachKey(group []queued) []queued {
	if s.lastOf == nil {
		s.lastOf = make(map[[sha256.Size]byte]int, GroupMax)
	}
	last := s.lastOf
	defer clear(last)
	for i := range group {
		last[group[i].sum] = i
	}
	if len(last) == len(group) {
		return group
	}
	out := make([]queued, 0, len(last))
	for i := range group {
		if last[group[i].sum] == i {
			out = append(out, group[i])
		}
	}
	return out
}

// dropReplaced deletes, in the transaction of conn, the entries that those
// of group replace: those under the same key. Only keys that may be in the
// file are looked for (queued.mayExist), unless another connection has
// stored entries since this handle's last commit (foreign).
func (s *SQLite) dropReplaced(ctx context.Context, conn *sql.Conn, group []queued, foreign bool) error {
	var keys []any
	for i := range group {
		if foreign || group[i].mayExist {
			keys = append(keys, rowKey(group[i].sum))
		}
	}
	var old []any
	for len(keys) > 0 {
		n := min(len(keys), getChunk)
		in := "(?" + strings.Repeat(",?", n-1) + ")"
		// An entry is replaced only if it has the key: the id of an entry
		// deleted may have been given to another since.
		rows, err := conn.QueryContext(ctx, "SELECT k.key, k.id, e.key FROM recent_keys k LEFT JOIN entries e ON e.id = k.id WHERE k.key IN "+in+
			" UNION ALL SELECT k.key, k.id, e.key FROM entry_keys k LEFT JOIN entries e ON e.id = k.id WHERE k.key IN "+in,
			append(slices.Clone(keys[:n]), keys[:n]...)...)
		if err != nil {
			return err
		}
		var found []any
		for rows.Next() {
			var key, id int64
			var entryKey sql.NullInt64
			if err := rows.Scan(&key, &id, &entryKey); err != nil {
				rows.Close()
				return err
			}
			found = append(found, key)
			if entryKey.Valid && entryKey.Int64 == key {
				old = append(old, id)
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		// A key is in one table of keys at most: the stores and the merge
		// then never meet a key already there, and never replace a row.
		if len(found) > 0 {
			in := "(?" + strings.Repeat(",?", len(found)-1) + ")"
			for _, table := range [...]string{"recent_keys", "entry_keys"} {
				if _, err := conn.ExecContext(ctx, "DELETE FROM "+table+" WHERE key IN "+in, found...); err != nil {
					return err
				}
			}
		}
		keys = keys[n:]
	}
	for len(old) > 0 {
		n := min(len(old), getChunk)
		if _, err := conn.ExecContext(ctx, "DELETE FROM entries WHERE id IN (?"+strings.Repeat(",?", n-1)+")", old[:n]...); err != nil {
			return err
		}
		old = old[n:]
	}
	return nil
}

// insert stores group through dc, the writer's driver connection, in its
// open transaction, where before is the largest id, and their keys in
// recent_keys. Going past database/sql, one slice of arguments serves
// every statement instead of a new one for each.
func (s *SQLite) insert(ctx context.Context, dc any, group []queued, added map[keyContext]int64, before int64) error {
	prep, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return fmt.Errorf("driver connection %T cannot prepare statements", dc)
	}
	stmts := map[string]driver.StmtExecContext{}
	defer func() {
		for _, st := range stmts {
			st.(driver.Stmt).Close()
		}
	}()
	prepared := func(q string) (driver.StmtExecContext, error) {
		if st, ok := stmts[q]; ok {
			return st, nil
		}
		st, err := prep.PrepareContext(ctx, q)
		if err != nil {
			return nil, err
		}
		se, ok := st.(driver.StmtExecContext)
		if !ok {
			st.Close()
			return nil, fmt.Errorf("driver statement %T cannot execute with a context", st)
		}
		stmts[q] = se
		return se, nil
	}
	args := make([]driver.NamedValue, 7*insertRows)
	for i := range args {
		args[i].Ordinal = i + 1
	}
	var last *keyContext // the context of the entries since ctxID was found
	var ctxID int64
	id := before
	for len(group) > 0 {
		n := min(len(group), insertRows)
		// The ids are not given: SQLite numbers the rows from the
		// largest id up, in order, as this transaction holds the file.
		// (A given id is checked to be an integer, and a statement of
		// several rows that could stop halfway keeps a statement journal.)
		rows, err := prepared(`INSERT INTO entries (key, hash, context, source, translation, created_at)
		VALUES (?, ?, ?, ?, ?, ?)` + strings.Repeat(", (?, ?, ?, ?, ?, ?)", n-1))
		if err != nil {
			return err
		}
		keys, err := prepared(`INSERT OR IGNORE INTO recent_keys (key, id) VALUES (?, ?)` + strings.Repeat(", (?, ?)", n-1))
		if err != nil {
			return err
		}
		for i := range group[:n] {
			q := &group[i]
			if q.context != last {
				last = q.context
				if ctxID, ok = added[*last]; !ok {
					s.mu.Lock()
					ctxID = s.contexts[*last]
					s.mu.Unlock()
				}
			}
			a := args[6*i : 6*i+6]
			a[0].Value, a[1].Value, a[2].Value = rowKey(q.sum), q.sum[:], ctxID
			a[3].Value, a[4].Value, a[5].Value = q.text, q.translation, q.created
		}
		res, err := rows.ExecContext(ctx, args[:6*n])
		if err != nil {
			return err
		}
		if last, err := res.LastInsertId(); err != nil || last != id+int64(n) {
			return fmt.Errorf("entries stored under ids up to %d, not %d (%v)", last, id+int64(n), err)
		}
		for i := range group[:n] {
			a := args[2*i : 2*i+2]
			a[0].Value, a[1].Value = rowKey(group[i].sum), id+int64(i)+1
		}
		if _, err := keys.ExecContext(ctx, args[:2*n]); err != nil {
			return err
		}
		id += int64(n)
		group = group[n:]
	}
	return nil
}

// execQuerier runs statements: a transaction, or a connection.
type execQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// addContexts stores, through tx, the contexts of group the file is not
// known to hold, and returns their ids.
func (s *SQLite) addContexts(ctx context.Context, tx execQuerier, group []queued) (map[keyContext]int64, error) {
	added := map[keyContext]int64{}
	for _, c := range s.unknownContexts(len(group), func(i int) keyContext { return *group[i].context }) {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO contexts (provider, model, fingerprint, source_lang, target_lang)
			VALUES (?, ?, ?, ?, ?)`, c.args()...); err != nil {
			return nil, err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, selectContext, c.args()...).Scan(&id); err != nil {
			return nil, err
		}
		added[c] = id
	}
	return added, nil
}

// Each implements Store. Entries come oldest first.
func (s *SQLite) Each(ctx context.Context, fn func(Entry) error) error {
	if err := s.Flush(ctx); err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT c.provider, c.model, c.fingerprint, c.source_lang, c.target_lang,
			e.source, e.translation, e.created_at
		FROM entries e JOIN contexts c ON c.id = e.context ORDER BY e.created_at, e.id`)
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
	rows, err := s.db.QueryContext(ctx, `SELECT c.provider, c.model, COUNT(*)
		FROM entries e JOIN contexts c ON c.id = e.context
		GROUP BY c.provider, c.model ORDER BY c.provider, c.model`)
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
	var err error
	switch {
	case s.stopErr != nil:
		err = s.stopErr.add(s.failed.count())
	case s.failed != nil:
		err = s.failed
	}
	s.stopErr, s.failed = nil, nil
	s.mu.Unlock()
	s.stmtMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
	s.stmtMu.Unlock()
	if cerr := errors.Join(s.wdb.Close(), s.db.Close()); cerr != nil && err == nil {
		err = fmt.Errorf("cache: close: %w", cerr)
	}
	return err
}
