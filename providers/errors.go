package providers

import (
	"errors"
	"fmt"
	"time"
)

// permanentError marks an error that retrying cannot fix (bad request,
// authentication, unknown model). The run stops with a clear message.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as not worth retrying and fatal for the run.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err, or an error it wraps, was marked Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// retryAfterError marks an error as transient, optionally with the delay the
// service asked for (Retry-After).
type retryAfterError struct {
	err   error
	after time.Duration
	limit bool
}

func (e *retryAfterError) Error() string { return e.err.Error() }
func (e *retryAfterError) Unwrap() error { return e.err }

// Retryable marks err as transient: a later identical request may succeed.
func Retryable(err error) error {
	if err == nil {
		return nil
	}
	return &retryAfterError{err: err}
}

// RateLimited marks err as a rate-limit or quota refusal, with the delay the
// service asked for (zero if it gave none). Rate limiting is retryable and
// also tells the concurrency controller to slow down.
func RateLimited(err error, after time.Duration) error {
	if err == nil {
		return nil
	}
	return &retryAfterError{err: err, after: after, limit: true}
}

// RetryAfter returns the delay requested by the service, if any.
func RetryAfter(err error) (time.Duration, bool) {
	var r *retryAfterError
	if errors.As(err, &r) && r.after > 0 {
		return r.after, true
	}
	return 0, false
}

// IsRetryable reports whether err was marked Retryable or RateLimited.
func IsRetryable(err error) bool {
	var r *retryAfterError
	return errors.As(err, &r)
}

// IsRateLimited reports whether err was marked RateLimited.
func IsRateLimited(err error) bool {
	var r *retryAfterError
	return errors.As(err, &r) && r.limit
}

// SegmentError describes why one segment could not be translated.
type SegmentError struct {
	ID  string
	Err error
}

func (e *SegmentError) Error() string { return fmt.Sprintf("segment %s: %v", e.ID, e.Err) }
func (e *SegmentError) Unwrap() error { return e.Err }
