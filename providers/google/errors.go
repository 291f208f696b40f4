package google

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"google.golang.org/api/googleapi"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/redact"
)

// DailyQuotaWait is the Retry-After given to a refusal for a spent daily
// quota when the service names none: longer than any retry policy waits, so
// the segments go to the next provider of a fallback chain at once.
const DailyQuotaWait = time.Hour

// rateReasons are the error reasons of 403 answers that mean "slow down",
// not "forbidden".
var rateReasons = []string{"ratelimitexceeded", "userratelimitexceeded", "dailylimitexceeded", "quotaexceeded", "rate_limit_exceeded", "resource_exhausted"}

// classify turns an error of the client into a classified error that does
// not contain the API key.
func (p *Provider) classify(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("google: %w", cerr)
	}
	se := p.sanitize(err)
	var gerr *googleapi.Error
	if errors.As(err, &gerr) {
		return p.classifyHTTP(se, gerr)
	}
	if st, ok := status.FromError(err); ok {
		return p.classifyGRPC(se, st)
	}
	var nerr net.Error
	var uerr *url.Error
	switch {
	case errors.As(err, &nerr) && nerr.Timeout():
		return providers.Retryable(se)
	case errors.As(err, &uerr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return providers.Retryable(se)
	}
	return se
}

func (p *Provider) classifyHTTP(se error, gerr *googleapi.Error) error {
	code := gerr.Code
	switch {
	case code == http.StatusTooManyRequests:
		return providers.RateLimited(se, providers.RetryAfterHeader(gerr.Header))
	case code == http.StatusForbidden && rateLimited(gerr):
		after := providers.RetryAfterHeader(gerr.Header)
		if after == 0 && strings.Contains(strings.ToLower(reasons(gerr)), "dailylimitexceeded") {
			after = DailyQuotaWait
		}
		return providers.RateLimited(se, after)
	case code == http.StatusRequestTimeout || code >= 500:
		return providers.Retryable(se)
	case code == http.StatusUnauthorized, code == http.StatusBadRequest && keyInvalid(gerr):
		return providers.Permanent(fmt.Errorf("authentication failed (check providers.google.api_key or the application default credentials): %w", se))
	case code == http.StatusForbidden:
		return providers.Permanent(fmt.Errorf("permission denied (is the Cloud Translation API enabled, and may these credentials use it?): %w", se))
	case code == http.StatusNotFound:
		return providers.Permanent(fmt.Errorf("not found (check endpoint, model and languages): %w", se))
	case code >= 400:
		return providers.Permanent(fmt.Errorf("request refused: %w", se))
	}
	return se
}

func (p *Provider) classifyGRPC(se error, st *status.Status) error {
	switch st.Code() {
	case codes.ResourceExhausted:
		var after time.Duration
		for _, d := range st.Details() {
			if ri, ok := d.(*errdetails.RetryInfo); ok {
				after = ri.GetRetryDelay().AsDuration()
			}
		}
		return providers.RateLimited(se, after)
	case codes.Unavailable, codes.DeadlineExceeded, codes.Aborted, codes.Internal:
		return providers.Retryable(se)
	case codes.Unauthenticated:
		return providers.Permanent(fmt.Errorf("authentication failed (check the application default credentials): %w", se))
	case codes.PermissionDenied:
		return providers.Permanent(fmt.Errorf("permission denied (is the Cloud Translation API enabled for the project, and may these credentials use it?): %w", se))
	case codes.NotFound:
		return providers.Permanent(fmt.Errorf("not found (check project, location, model and glossary): %w", se))
	case codes.InvalidArgument, codes.FailedPrecondition, codes.OutOfRange, codes.Unimplemented:
		return providers.Permanent(fmt.Errorf("request refused: %w", se))
	}
	return se
}

// keyInvalid reports the service's answer to a bad API key, which comes as
// HTTP 400 (reason keyInvalid, API_KEY_INVALID), not 401.
func keyInvalid(gerr *googleapi.Error) bool {
	r := strings.ToLower(reasons(gerr) + " " + gerr.Message)
	return strings.Contains(r, "keyinvalid") || strings.Contains(r, "api_key_invalid") || strings.Contains(r, "api key not valid")
}

func reasons(gerr *googleapi.Error) string {
	var b strings.Builder
	for _, it := range gerr.Errors {
		b.WriteString(it.Reason)
		b.WriteByte(' ')
	}
	b.WriteString(gerr.Message)
	b.WriteByte(' ')
	b.WriteString(gerr.Body)
	return b.String()
}

func rateLimited(gerr *googleapi.Error) bool {
	r := strings.ToLower(reasons(gerr))
	for _, s := range rateReasons {
		if strings.Contains(r, s) {
			return true
		}
	}
	return false
}

var keyParam = regexp.MustCompile(`([?&](?:key|access_token)=)[^&\s"']+`)

// scrub removes the API key from s.
func (p *Provider) scrub(s string) string {
	return keyParam.ReplaceAllString(redact.Secrets(s, p.opt.APIKey), "${1}"+redact.Mark)
}

// sanitize returns an error with err's message, scrubbed, that still
// unwraps to what callers may inspect: a *url.Error is rebuilt with its URL
// scrubbed, since the v2 client puts the key in the URL.
func (p *Provider) sanitize(err error) error {
	inner, msg := err, err.Error()
	var uerr *url.Error
	if errors.As(err, &uerr) {
		// The query holds the key and every text of the batch: drop it.
		short := uerr.URL
		if u, perr := url.Parse(uerr.URL); perr == nil {
			u.RawQuery, u.User = "", nil
			short = u.String()
		} else if i := strings.IndexByte(short, '?'); i >= 0 {
			short = short[:i]
		}
		msg = strings.ReplaceAll(msg, uerr.URL, short)
		inner = &url.Error{Op: uerr.Op, URL: p.scrub(short), Err: uerr.Err}
	}
	var gerr *googleapi.Error
	if errors.As(err, &gerr) {
		inner = gerr
	}
	return &scrubbed{msg: "google " + p.opt.API + ": " + p.scrub(msg), err: inner}
}

type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }
