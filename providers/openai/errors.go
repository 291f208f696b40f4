package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/redact"
)

// httpStatus returns the HTTP status and error code of a go-openai error.
func httpStatus(err error) (status int, code string, ok bool) {
	var aerr *goopenai.APIError
	if errors.As(err, &aerr) {
		if s, isStr := aerr.Code.(string); isStr {
			code = s
		}
		return aerr.HTTPStatusCode, code, true
	}
	var rerr *goopenai.RequestError
	if errors.As(err, &rerr) {
		return rerr.HTTPStatusCode, "", true
	}
	return 0, "", false
}

// tooLong reports whether err says the request exceeds the model's context,
// which a smaller batch fixes.
func tooLong(err error) bool {
	status, code, ok := httpStatus(err)
	return ok && (status == http.StatusRequestEntityTooLarge || code == "context_length_exceeded")
}

// classify turns an error of the client into a classified error that does
// not contain the API key. header is the response's, if any.
func (p *Provider) classify(ctx context.Context, err error, header http.Header) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("openai: %w", cerr)
	}
	se := &scrubbed{msg: "openai: " + p.scrub(err.Error()), err: err}
	if status, code, ok := httpStatus(err); ok {
		switch {
		case status == http.StatusTooManyRequests && code == "insufficient_quota":
			return providers.Permanent(fmt.Errorf("quota exhausted (check the plan and billing of the account): %w", se))
		case status == http.StatusTooManyRequests:
			return providers.RateLimited(se, providers.RetryAfterHeader(header))
		case status == http.StatusRequestTimeout || status == http.StatusConflict || status >= 500:
			return providers.Retryable(se)
		case status == http.StatusUnauthorized || status == http.StatusForbidden:
			return providers.Permanent(fmt.Errorf("authentication failed (check providers.openai.api_key / OPENAI_API_KEY and base_url): %w", se))
		case status == http.StatusNotFound:
			return providers.Permanent(fmt.Errorf("not found (check providers.openai.base_url and model %q): %w", p.opt.Model, se))
		case status == http.StatusBadRequest && strings.Contains(strings.ToLower(err.Error()), "response_format"):
			return providers.Permanent(fmt.Errorf("the server refused response_format %s (try json_object or text): %w", p.opt.ResponseFormat, se))
		case status >= 400:
			return providers.Permanent(fmt.Errorf("request refused: %w", se))
		}
	}
	var nerr net.Error
	var uerr *url.Error
	var serr *json.SyntaxError
	switch {
	case errors.As(err, &nerr) && nerr.Timeout(), errors.As(err, &uerr):
		return providers.Retryable(se)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.As(err, &serr):
		// The server answered 2xx with a body that did not decode.
		return providers.Retryable(se)
	case header == nil:
		// No response at all and no network error: the client refused the
		// request itself (an option the model does not accept).
		return providers.Permanent(fmt.Errorf("request not sent (reasoning models need temperature -1 to omit it): %w", se))
	}
	return providers.Retryable(se)
}

// scrub removes the API key from s.
func (p *Provider) scrub(s string) string {
	return redact.Secrets(s, p.opt.APIKey)
}

type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }

// Unwrap gives access to the go-openai error (status, code), which holds
// the response body but not the request or its headers.
func (e *scrubbed) Unwrap() error { return e.err }
