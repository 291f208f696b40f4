package cache

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestSQLiteJobsSurviveReopening(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cache.db")
	s, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	submitted := time.Now().UTC().Truncate(time.Millisecond)
	job := Job{
		ID: "batch_1", Provider: "openai", Model: "m", Fingerprint: "f", Source: "hi", Target: "en",
		InputFile: "file-1", Status: "validating", Total: 2, Submitted: submitted,
		Requests: []JobRequest{{CustomID: "r1", Texts: []string{"क।", "ख।"}, Context: []string{"ग।"}}, {CustomID: "r2", Texts: []string{"घ।"}}},
	}
	other := job
	other.ID, other.Submitted = "batch_2", submitted.Add(time.Second)
	for _, j := range []Job{job, other} {
		if err := s.PutJob(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetJobState(ctx, "batch_2", JobState{Status: "completed", Total: 2, Completed: 2, Collected: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetJobState(ctx, "batch_9", JobState{Status: "completed"}); !errors.Is(err, ErrNoJob) {
		t.Errorf("SetJobState of an unknown job: %v, want ErrNoJob", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	open, err := s.Jobs(ctx, true)
	if err != nil || len(open) != 1 || !reflect.DeepEqual(open[0], job) {
		t.Fatalf("open jobs after reopening = %+v, %v; want %+v", open, err, job)
	}
	all, err := s.Jobs(ctx, false)
	if err != nil || len(all) != 2 || all[1].ID != "batch_2" || all[1].Open() || all[1].Completed != 2 || all[1].Status != "completed" {
		t.Fatalf("all jobs = %+v, %v", all, err)
	}
	if _, err := s.Job(ctx, "batch_9"); !errors.Is(err, ErrNoJob) {
		t.Errorf("Job of an unknown id: %v, want ErrNoJob", err)
	}
	if got := job.Segments(); got != 3 {
		t.Errorf("Segments() = %d, want 3", got)
	}
	// Each segment's key is recorded with its job.
	var keys int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM batch_job_keys WHERE job = ?`, "batch_1").Scan(&keys); err != nil || keys != 3 {
		t.Errorf("%d keys recorded for batch_1 (%v), want 3", keys, err)
	}
	for _, k := range job.Keys() {
		var n int
		sum := k.sum()
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM batch_job_keys WHERE key = ?`, sum[:]).Scan(&n); err != nil || n != 2 {
			t.Errorf("key of %q recorded %d times (%v), want once per job", k.Text, n, err)
		}
	}
}

func TestJobTablesAddedToAnOlderCache(t *testing.T) {
	// A cache file written before batch jobs existed: entries only.
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE entries (key BLOB PRIMARY KEY, provider TEXT NOT NULL, model TEXT NOT NULL, fingerprint TEXT NOT NULL,
		source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, source TEXT NOT NULL, translation TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
		PRAGMA user_version = 1;`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.PutJob(context.Background(), Job{ID: "batch_1", Submitted: time.Now()}); err != nil {
		t.Fatalf("PutJob on an older cache file: %v", err)
	}
}
