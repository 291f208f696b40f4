package providers

import (
	"context"
	"errors"
)

// ErrStopped is the error of a segment whose request was never sent
// because the run was stopping (an interrupt, a fatal error elsewhere). It
// is not a failure of the segment: a later run translates it.
var ErrStopped = errors.New("not sent: the run is stopping")

type stopKey struct{}

// WithStop returns ctx carrying stop. Once stop is closed, the decorators
// below send no new request and wait no longer between attempts, while
// requests already sent finish: their answers are paid for.
func WithStop(ctx context.Context, stop <-chan struct{}) context.Context {
	return context.WithValue(ctx, stopKey{}, stop)
}

// Stopping reports whether the stop signal carried by ctx (WithStop) has
// been given.
func Stopping(ctx context.Context) bool {
	select {
	case <-StopSignal(ctx):
		return true
	default:
		return false
	}
}

// StopSignal returns the stop channel carried by ctx, or nil (which never
// fires) when it carries none.
func StopSignal(ctx context.Context) <-chan struct{} {
	stop, _ := ctx.Value(stopKey{}).(<-chan struct{})
	return stop
}

// downError marks a provider declared down (see middleware.Breaker). It
// keeps only the message of its cause, so that the cause's classification
// (retryable) does not show through.
type downError struct{ msg string }

func (e *downError) Error() string { return e.msg }

// Down marks err as the refusal of a provider that has been declared down:
// its service cannot be reached. It is neither retryable nor permanent,
// whatever err was: a fallback chain passes the segments to its next
// provider, and a run with no provider left stops.
func Down(err error) error {
	if err == nil {
		return nil
	}
	return &downError{msg: err.Error()}
}

// IsDown reports whether err, or an error it wraps, was marked Down.
func IsDown(err error) bool {
	var d *downError
	return errors.As(err, &d)
}
