package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// The batch job records live in two tables of the cache file: batch_jobs
// (one row a job, its requests as JSON) and batch_job_keys (the cache key
// of every segment of a job), created when the file is opened.
//
// Every change of a job record first commits the translations queued by
// Put: a job is never marked collected or removed before what was
// collected from it is durable.

// PutJob implements JobStore.
func (s *SQLite) PutJob(ctx context.Context, j Job) error {
	if err := s.Flush(ctx); err != nil {
		return fmt.Errorf("cache: record batch job %s: %w", j.ID, err)
	}
	reqs, err := json.Marshal(j.Requests)
	if err != nil {
		return fmt.Errorf("cache: record batch job %s: %w", j.ID, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cache: record batch job %s: %w", j.ID, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM batch_job_keys WHERE job = ?`, j.ID); err != nil {
		return fmt.Errorf("cache: record batch job %s: %w", j.ID, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO batch_jobs
		(id, provider, model, fingerprint, source_lang, target_lang, input_file, status, total, completed, failed, submitted_at, collected_at, requests)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		j.ID, j.Provider, j.Model, j.Fingerprint, j.Source, j.Target, j.InputFile, j.Status, j.Total, j.Completed, j.Failed,
		unixOrZero(j.Submitted), unixOrZero(j.Collected), string(reqs))
	if err != nil {
		return fmt.Errorf("cache: record batch job %s: %w", j.ID, err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO batch_job_keys (job, key) VALUES (?, ?)`)
	if err != nil {
		return fmt.Errorf("cache: record batch job %s: %w", j.ID, err)
	}
	defer stmt.Close()
	for _, k := range j.Keys() {
		sum := k.sum()
		if _, err := stmt.ExecContext(ctx, j.ID, sum[:]); err != nil {
			return fmt.Errorf("cache: record batch job %s: %w", j.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cache: record batch job %s: %w", j.ID, err)
	}
	return nil
}

// SetJobState implements JobStore.
func (s *SQLite) SetJobState(ctx context.Context, id string, st JobState) error {
	if err := s.Flush(ctx); err != nil {
		return fmt.Errorf("cache: update batch job %s: %w", id, err)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE batch_jobs SET status = ?, total = ?, completed = ?, failed = ?,
		collected_at = CASE WHEN ? > 0 THEN ? ELSE collected_at END WHERE id = ?`,
		st.Status, st.Total, st.Completed, st.Failed, unixOrZero(st.Collected), unixOrZero(st.Collected), id)
	if err != nil {
		return fmt.Errorf("cache: update batch job %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("cache: update batch job %s: %w", id, ErrNoJob)
	}
	return nil
}

// DeleteJob implements JobStore.
func (s *SQLite) DeleteJob(ctx context.Context, id string) error {
	if err := s.Flush(ctx); err != nil {
		return fmt.Errorf("cache: delete batch job %s: %w", id, err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM batch_jobs WHERE id = ?`, id); err != nil {
		return fmt.Errorf("cache: delete batch job %s: %w", id, err)
	}
	return nil
}

const jobColumns = `id, provider, model, fingerprint, source_lang, target_lang, input_file, status, total, completed, failed, submitted_at, collected_at, requests`

// Job implements JobStore.
func (s *SQLite) Job(ctx context.Context, id string) (Job, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+jobColumns+` FROM batch_jobs WHERE id = ?`, id)
	if err != nil {
		return Job{}, fmt.Errorf("cache: read batch job %s: %w", id, err)
	}
	jobs, err := scanJobs(rows)
	if err != nil {
		return Job{}, err
	}
	if len(jobs) == 0 {
		return Job{}, fmt.Errorf("cache: batch job %s: %w", id, ErrNoJob)
	}
	return jobs[0], nil
}

// Jobs implements JobStore.
func (s *SQLite) Jobs(ctx context.Context, open bool) ([]Job, error) {
	q := `SELECT ` + jobColumns + ` FROM batch_jobs`
	if open {
		q += ` WHERE collected_at = 0`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY submitted_at, id`)
	if err != nil {
		return nil, fmt.Errorf("cache: read batch jobs: %w", err)
	}
	return scanJobs(rows)
}

func scanJobs(rows *sql.Rows) ([]Job, error) {
	defer rows.Close()
	var out []Job
	for rows.Next() {
		var j Job
		var submitted, collected int64
		var reqs string
		if err := rows.Scan(&j.ID, &j.Provider, &j.Model, &j.Fingerprint, &j.Source, &j.Target, &j.InputFile, &j.Status,
			&j.Total, &j.Completed, &j.Failed, &submitted, &collected, &reqs); err != nil {
			return nil, fmt.Errorf("cache: read batch jobs: %w", err)
		}
		j.Submitted = timeOrZero(submitted)
		j.Collected = timeOrZero(collected)
		if err := json.Unmarshal([]byte(reqs), &j.Requests); err != nil {
			return nil, fmt.Errorf("cache: batch job %s: requests: %w", j.ID, err)
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cache: read batch jobs: %w", err)
	}
	return out, nil
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func timeOrZero(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
