package cache

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// PruneFilter selects the entries Prune deletes. Empty fields match every
// entry; a zero Before matches every age.
type PruneFilter struct {
	Provider string
	Model    string
	// Before selects entries created before this time.
	Before time.Time
}

// Maintainer is a Store that can delete entries and give the space they
// took back. It is optional: commands find it by type assertion.
type Maintainer interface {
	// Prune deletes the entries matching f and returns how many it deleted.
	Prune(ctx context.Context, f PruneFilter) (int64, error)
	// Vacuum rewrites the store so that deleted entries take no space, and
	// returns its size in bytes before and after.
	Vacuum(ctx context.Context) (before, after int64, err error)
}

var (
	_ Maintainer = (*SQLite)(nil)
	_ Maintainer = (*Postgres)(nil)
)

// where writes the filter as a WHERE clause (empty when it matches
// everything) with its arguments, placeholders made by param(i) for the
// i-th argument, from 1.
func (f PruneFilter) where(param func(int) string) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		conds = append(conds, cond+param(len(args)))
	}
	if f.Provider != "" {
		add("provider = ", f.Provider)
	}
	if f.Model != "" {
		add("model = ", f.Model)
	}
	if !f.Before.IsZero() {
		add("created_at < ", f.Before.Unix())
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Prune implements Maintainer.
func (s *SQLite) Prune(ctx context.Context, f PruneFilter) (int64, error) {
	// Queued entries are committed first, so that none outlives the
	// deletion.
	if err := s.Flush(ctx); err != nil {
		return 0, err
	}
	// The provider and model are those of the entry's context.
	var conds []string
	var args []any
	if f.Provider != "" || f.Model != "" {
		conds = append(conds, "context IN (SELECT id FROM contexts WHERE (? = '' OR provider = ?) AND (? = '' OR model = ?))")
		args = append(args, f.Provider, f.Provider, f.Model, f.Model)
	}
	if !f.Before.IsZero() {
		conds = append(conds, "created_at < ?")
		args = append(args, f.Before.Unix())
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	// The keys of the entries deleted go with them, in one transaction.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("cache: prune: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "DELETE FROM entries"+where, args...)
	if err != nil {
		return 0, fmt.Errorf("cache: prune: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("cache: prune: %w", err)
	}
	if n > 0 {
		for _, table := range []string{"recent_keys", "entry_keys"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = "+table+".id)"); err != nil {
				return 0, fmt.Errorf("cache: prune: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("cache: prune: %w", err)
	}
	return n, nil
}

// Vacuum implements Maintainer: the write-ahead log is checkpointed into
// the file and the file rebuilt without free pages.
func (s *SQLite) Vacuum(ctx context.Context) (before, after int64, err error) {
	if err := s.Flush(ctx); err != nil {
		return 0, 0, err
	}
	before = s.size()
	if _, err := s.db.ExecContext(ctx, "VACUUM"); err != nil {
		return before, before, fmt.Errorf("cache: vacuum: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return before, s.size(), fmt.Errorf("cache: vacuum: %w", err)
	}
	return before, s.size(), nil
}

// size is the bytes of the file and its write-ahead log.
func (s *SQLite) size() int64 {
	var n int64
	for _, p := range []string{s.path, s.path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// Prune implements Maintainer.
func (p *Postgres) Prune(ctx context.Context, f PruneFilter) (int64, error) {
	where, args := f.where(func(i int) string { return "$" + strconv.Itoa(i) })
	tag, err := p.pool.Exec(ctx, "DELETE FROM "+pgTable+where, args...)
	if err != nil {
		return 0, fmt.Errorf("cache: prune: %w", err)
	}
	return tag.RowsAffected(), nil
}

// Vacuum implements Maintainer with VACUUM FULL, which rewrites the table
// and its indexes (it locks the table meanwhile). Sizes are the table's,
// indexes included.
func (p *Postgres) Vacuum(ctx context.Context) (before, after int64, err error) {
	size := func() (int64, error) {
		var n int64
		err := p.pool.QueryRow(ctx, "SELECT pg_total_relation_size('"+pgTable+"')").Scan(&n)
		return n, err
	}
	if before, err = size(); err != nil {
		return 0, 0, fmt.Errorf("cache: vacuum: %w", err)
	}
	if _, err := p.pool.Exec(ctx, "VACUUM FULL "+pgTable); err != nil {
		return before, before, fmt.Errorf("cache: vacuum: %w", err)
	}
	if after, err = size(); err != nil {
		return before, before, fmt.Errorf("cache: vacuum: %w", err)
	}
	return before, after, nil
}
