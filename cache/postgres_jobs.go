package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// The batch job records live in two tables next to the entries, as in the
// SQLite file: one row a job (its requests as JSON) and the cache key of
// every segment of a job. A job submitted by one machine is found by every
// process sharing the database.
const pgJobSchema = `
CREATE TABLE IF NOT EXISTS anuvad_batch_jobs (
	id           text PRIMARY KEY,
	provider     text NOT NULL,
	model        text NOT NULL,
	fingerprint  text NOT NULL,
	source_lang  text NOT NULL,
	target_lang  text NOT NULL,
	input_file   text NOT NULL,
	status       text NOT NULL,
	total        integer NOT NULL DEFAULT 0,
	completed    integer NOT NULL DEFAULT 0,
	failed       integer NOT NULL DEFAULT 0,
	submitted_at bigint NOT NULL,
	collected_at bigint NOT NULL DEFAULT 0,
	requests     text NOT NULL
);
CREATE TABLE IF NOT EXISTS anuvad_batch_job_keys (
	job text NOT NULL REFERENCES anuvad_batch_jobs(id) ON DELETE CASCADE,
	key bytea NOT NULL,
	PRIMARY KEY (job, key)
)`

var _ JobStore = (*Postgres)(nil)

// PutJob implements JobStore.
func (p *Postgres) PutJob(ctx context.Context, j Job) error {
	reqs, err := json.Marshal(j.Requests)
	if err != nil {
		return fmt.Errorf("cache: record batch job %s: %w", j.ID, err)
	}
	var sums [][]byte
	seen := map[string]bool{}
	for _, k := range j.Keys() {
		sum := k.sum()
		if !seen[string(sum[:])] {
			seen[string(sum[:])] = true
			sums = append(sums, sum[:])
		}
	}
	err = pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM anuvad_batch_job_keys WHERE job = $1`, j.ID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO anuvad_batch_jobs
			(id, provider, model, fingerprint, source_lang, target_lang, input_file, status, total, completed, failed, submitted_at, collected_at, requests)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (id) DO UPDATE SET provider = EXCLUDED.provider, model = EXCLUDED.model, fingerprint = EXCLUDED.fingerprint,
				source_lang = EXCLUDED.source_lang, target_lang = EXCLUDED.target_lang, input_file = EXCLUDED.input_file,
				status = EXCLUDED.status, total = EXCLUDED.total, completed = EXCLUDED.completed, failed = EXCLUDED.failed,
				submitted_at = EXCLUDED.submitted_at, collected_at = EXCLUDED.collected_at, requests = EXCLUDED.requests`,
			j.ID, j.Provider, j.Model, j.Fingerprint, j.Source, j.Target, j.InputFile, j.Status, j.Total, j.Completed, j.Failed,
			unixOrZero(j.Submitted), unixOrZero(j.Collected), string(reqs))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO anuvad_batch_job_keys (job, key) SELECT $1, unnest($2::bytea[]) ON CONFLICT DO NOTHING`, j.ID, sums)
		return err
	})
	if err != nil {
		return fmt.Errorf("cache: record batch job %s: %w", j.ID, err)
	}
	return nil
}

// SetJobState implements JobStore.
func (p *Postgres) SetJobState(ctx context.Context, id string, st JobState) error {
	tag, err := p.pool.Exec(ctx, `UPDATE anuvad_batch_jobs SET status = $1, total = $2, completed = $3, failed = $4,
		collected_at = CASE WHEN $5::bigint > 0 THEN $5::bigint ELSE collected_at END WHERE id = $6`,
		st.Status, st.Total, st.Completed, st.Failed, unixOrZero(st.Collected), id)
	if err != nil {
		return fmt.Errorf("cache: update batch job %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("cache: update batch job %s: %w", id, ErrNoJob)
	}
	return nil
}

// DeleteJob implements JobStore.
func (p *Postgres) DeleteJob(ctx context.Context, id string) error {
	if _, err := p.pool.Exec(ctx, `DELETE FROM anuvad_batch_jobs WHERE id = $1`, id); err != nil {
		return fmt.Errorf("cache: delete batch job %s: %w", id, err)
	}
	return nil
}

// Job implements JobStore.
func (p *Postgres) Job(ctx context.Context, id string) (Job, error) {
	jobs, err := p.queryJobs(ctx, `SELECT `+jobColumns+` FROM anuvad_batch_jobs WHERE id = $1`, id)
	if err != nil {
		return Job{}, fmt.Errorf("cache: read batch job %s: %w", id, err)
	}
	if len(jobs) == 0 {
		return Job{}, fmt.Errorf("cache: batch job %s: %w", id, ErrNoJob)
	}
	return jobs[0], nil
}

// Jobs implements JobStore.
func (p *Postgres) Jobs(ctx context.Context, open bool) ([]Job, error) {
	q := `SELECT ` + jobColumns + ` FROM anuvad_batch_jobs`
	if open {
		q += ` WHERE collected_at = 0`
	}
	jobs, err := p.queryJobs(ctx, q+` ORDER BY submitted_at, id`)
	if err != nil {
		return nil, fmt.Errorf("cache: read batch jobs: %w", err)
	}
	return jobs, nil
}

func (p *Postgres) queryJobs(ctx context.Context, q string, args ...any) ([]Job, error) {
	rows, err := p.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []Job
	var j Job
	var submitted, collected int64
	var reqs string
	_, err = pgx.ForEachRow(rows, []any{&j.ID, &j.Provider, &j.Model, &j.Fingerprint, &j.Source, &j.Target, &j.InputFile, &j.Status,
		&j.Total, &j.Completed, &j.Failed, &submitted, &collected, &reqs}, func() error {
		job := j
		job.Submitted = timeOrZero(submitted)
		job.Collected = timeOrZero(collected)
		job.Requests = nil
		if err := json.Unmarshal([]byte(reqs), &job.Requests); err != nil {
			return errors.Join(fmt.Errorf("batch job %s: requests", job.ID), err)
		}
		out = append(out, job)
		return nil
	})
	return out, err
}
