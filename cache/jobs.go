package cache

import (
	"context"
	"errors"
	"time"
)

// Job is the durable record of one batch job submitted to a provider's
// batch service. It is written before anuvad waits on the job, so a run
// that is killed, or a teammate sharing the store, finds it again.
type Job struct {
	ID string
	// Provider, Model, Fingerprint, Source and Target are the key fields
	// shared by every segment of the job.
	Provider, Model, Fingerprint, Source, Target string
	InputFile                                    string
	// Status is the service's last reported status.
	Status string
	// Total, Completed and Failed count the job's requests, as last
	// reported.
	Total, Completed, Failed int
	Submitted                time.Time
	// Collected is when the job's results were stored (or its segments
	// released); zero while the job is open.
	Collected time.Time
	// Requests are the job's requests, one per line of its input file.
	Requests []JobRequest
}

// JobRequest is one request (one input line) of a batch job.
type JobRequest struct {
	// CustomID names the line in the job's files.
	CustomID string `json:"custom_id"`
	// Texts are the segments of the request, in order.
	Texts []string `json:"texts"`
	// Context is the request's reference sentences, if any.
	Context []string `json:"context,omitempty"`
}

// Open reports whether the job has not been collected yet.
func (j Job) Open() bool { return j.Collected.IsZero() }

// Keys returns the cache keys of the job's segments, request by request.
func (j Job) Keys() []Key {
	var out []Key
	for _, r := range j.Requests {
		for _, t := range r.Texts {
			out = append(out, Key{Provider: j.Provider, Model: j.Model, Fingerprint: j.Fingerprint, Source: j.Source, Target: j.Target, Text: t})
		}
	}
	return out
}

// Segments counts the segments of the job.
func (j Job) Segments() int {
	n := 0
	for _, r := range j.Requests {
		n += len(r.Texts)
	}
	return n
}

// JobState is what changes in a job's record while it runs.
type JobState struct {
	Status                   string
	Total, Completed, Failed int
	// Collected, when not zero, closes the job.
	Collected time.Time
}

// ErrNoJob is returned for a job id that is not recorded.
var ErrNoJob = errors.New("no such batch job")

// JobStore is an optional ability of a Store: durable records of batch
// jobs, shared by whoever shares the store.
type JobStore interface {
	// PutJob records a job, replacing any record with the same id.
	PutJob(ctx context.Context, j Job) error
	// SetJobState updates a recorded job; ErrNoJob if there is none.
	SetJobState(ctx context.Context, id string, st JobState) error
	// DeleteJob removes a job's record, if there is one.
	DeleteJob(ctx context.Context, id string) error
	// Job returns one recorded job, or ErrNoJob.
	Job(ctx context.Context, id string) (Job, error)
	// Jobs returns every recorded job, oldest first. With open set, only
	// jobs not collected yet.
	Jobs(ctx context.Context, open bool) ([]Job, error)
}
