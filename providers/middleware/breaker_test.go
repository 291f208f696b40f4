package middleware_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"syscall"
	"testing"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/fake"
	"github.com/anuvad/anuvad/providers/middleware"
)

func TestBreaker(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	serverError := providers.Retryable(errors.New("HTTP 500"))
	var next error
	var calls int
	p := fake.New(fake.Options{Name: "svc", FailCall: func(context.Context, int, providers.Request) error {
		calls++
		return next
	}})
	var downs []error
	b := middleware.Breaker(p, 3, func(err error) { downs = append(downs, err) })
	req := providers.Request{Segments: []providers.Segment{{ID: "1", Text: "वाक्य"}}}
	call := func(err error) error {
		next = err
		_, got := b.Translate(context.Background(), req)
		return got
	}

	// Failures of the service, however many, and a success in between,
	// keep it up.
	for range 5 {
		call(serverError)
	}
	call(refused)
	call(refused)
	if err := call(nil); err != nil {
		t.Fatalf("success: %v", err)
	}
	call(refused)
	call(refused)
	if len(downs) != 0 {
		t.Fatalf("declared down after %d calls: %v", calls, downs)
	}
	// The third connection failure in a row declares it down.
	if err := call(refused); !errors.Is(err, syscall.ECONNREFUSED) || providers.IsDown(err) {
		t.Fatalf("third failure: %v", err)
	}
	if len(downs) != 1 || !providers.IsDown(downs[0]) {
		t.Fatalf("downs = %v", downs)
	}
	before := calls
	err := call(nil)
	if !providers.IsDown(err) || providers.IsRetryable(err) || providers.IsPermanent(err) || calls != before {
		t.Errorf("after the breaker opened: err %v (retryable %v), %d calls reached the service", err, providers.IsRetryable(err), calls-before)
	}
	if len(downs) != 1 {
		t.Errorf("onDown called %d times", len(downs))
	}
}

func TestConnectionFailureKinds(t *testing.T) {
	for _, tc := range []struct {
		err         error
		unreached   bool
		connFailure bool
	}{
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true, true},
		{&net.DNSError{Err: "no such host", Name: "x.invalid"}, true, true},
		{context.DeadlineExceeded, false, true},
		{syscall.ECONNRESET, false, true},
		{providers.Retryable(errors.New("HTTP 503")), false, false},
		{errors.New(http.StatusText(http.StatusBadGateway)), false, false},
	} {
		if got := middleware.Unreached(tc.err); got != tc.unreached {
			t.Errorf("Unreached(%v) = %v", tc.err, got)
		}
		if got := middleware.ConnectionFailure(tc.err); got != tc.connFailure {
			t.Errorf("ConnectionFailure(%v) = %v", tc.err, got)
		}
	}
}
