package middleware

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"syscall"

	"github.com/anuvad/anuvad/providers"
)

// DefaultBreakerThreshold is the number of connection failures in a row
// after which Breaker declares a provider down.
const DefaultBreakerThreshold = 3

// CircuitBreaker is the circuit breaker decorator; see Breaker.
type CircuitBreaker struct {
	inner     providers.Provider
	threshold int
	onDown    func(error)

	mu      sync.Mutex
	inARow  int
	downErr error
}

var (
	_ providers.Provider = (*CircuitBreaker)(nil)
	_ providers.Wrapper  = (*CircuitBreaker)(nil)
)

// Breaker wraps p with a circuit breaker: after threshold connection
// failures in a row (refused, DNS, TLS, a reset connection, or a request
// that timed out with no answer; see ConnectionFailure), with no success in
// between, p is declared down for the rest of the run and every later call
// fails at once, without reaching the service, with an error marked
// providers.Down. onDown, if set, is called once, when that happens.
//
// Put it below Retry, so that it counts every attempt and a retry after
// the breaker opened fails at once instead of waiting out its backoff.
// threshold <= 0 means DefaultBreakerThreshold.
func Breaker(p providers.Provider, threshold int, onDown func(error)) *CircuitBreaker {
	if threshold <= 0 {
		threshold = DefaultBreakerThreshold
	}
	return &CircuitBreaker{inner: p, threshold: threshold, onDown: onDown}
}

// Name implements providers.Provider.
func (b *CircuitBreaker) Name() string { return b.inner.Name() }

// Model implements providers.Provider.
func (b *CircuitBreaker) Model() string { return b.inner.Model() }

// Fingerprint implements providers.Provider.
func (b *CircuitBreaker) Fingerprint() string { return b.inner.Fingerprint() }

// Limits implements providers.Provider.
func (b *CircuitBreaker) Limits() providers.Limits { return b.inner.Limits() }

// Unwrap implements providers.Wrapper.
func (b *CircuitBreaker) Unwrap() providers.Provider { return b.inner }

// Translate implements providers.Provider.
func (b *CircuitBreaker) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	b.mu.Lock()
	down := b.downErr
	b.mu.Unlock()
	if down != nil {
		return nil, down
	}
	res, err := b.inner.Translate(ctx, req)
	if ctx.Err() != nil {
		return res, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err == nil || !ConnectionFailure(err) {
		b.inARow = 0
		return res, err
	}
	b.inARow++
	if b.inARow >= b.threshold && b.downErr == nil {
		b.downErr = providers.Down(fmt.Errorf("%s is down: %d connection failures in a row, the last: %w", b.inner.Name(), b.inARow, err))
		if b.onDown != nil {
			b.onDown(b.downErr)
		}
	}
	return res, err
}

// ConnectionFailure reports whether err says the service could not be
// reached or did not answer at all: a refused or reset connection, a DNS or
// TLS failure, or a request that ran out of time while the caller was
// still waiting. A refusal by the service (an HTTP or gRPC status) is not
// one.
func ConnectionFailure(err error) bool {
	if err == nil {
		return false
	}
	if Unreached(err) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var nerr net.Error
	return errors.As(err, &nerr) && nerr.Timeout()
}

// Unreached reports whether err says a request never reached the service:
// the connection was refused, the name did not resolve, no route, or the
// TLS handshake failed. Such a request costs nothing and sends nothing.
func Unreached(err error) bool {
	if err == nil {
		return false
	}
	var (
		dnsErr   *net.DNSError
		opErr    *net.OpError
		recErr   tls.RecordHeaderError
		certErr  *tls.CertificateVerificationError
		alertErr tls.AlertError
		authErr  x509.UnknownAuthorityError
		hostErr  x509.HostnameError
	)
	switch {
	case errors.As(err, &dnsErr), errors.As(err, &recErr), errors.As(err, &certErr), errors.As(err, &alertErr),
		errors.As(err, &authErr), errors.As(err, &hostErr),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return true
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return true
	}
	// gRPC reports a failed dial as a status whose message is all that is
	// left of the cause.
	msg := err.Error()
	for _, s := range []string{"connection refused", "Error while dialing", "no such host", "tls: ", "x509: "} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
