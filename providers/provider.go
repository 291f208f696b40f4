// Package providers defines the contract between the translation pipeline and
// the translation back ends, and a registry of the back ends that exist.
//
// A provider only talks to its service and classifies errors. Retrying, rate
// limiting, caching and fallback are decorators (package middleware) that
// wrap a Provider and are composed in one place.
package providers

import (
	"context"
	"errors"
	"time"
	"unicode/utf8"
)

// Segment is one unit of text to translate, identified by an id that is
// unique within a request.
type Segment struct {
	ID   string
	Text string
}

// Request asks for the translation of segments from one language to another.
// Languages are BCP-47 codes such as "hi" and "en".
type Request struct {
	Source   string
	Target   string
	Segments []Segment
	// Context holds the sentences that come just before the first segment
	// in its document, oldest first, for reference only: they are not
	// translated and have no results. Providers that cannot use context
	// ignore it.
	Context []string
}

// Chars returns the number of characters (code points) in all segments.
func (r Request) Chars() int {
	n := 0
	for _, s := range r.Segments {
		n += utf8.RuneCountInString(s.Text)
	}
	return n
}

// Result is the outcome for one segment. Exactly one of Text (with Err nil)
// or Err is meaningful. Provider and Model name who produced the text, which
// matters behind a fallback chain; Cached is set when it came from the cache.
type Result struct {
	ID       string
	Text     string
	Err      error
	Provider string
	Model    string
	Cached   bool
}

// Limits describe how much one request may carry and how many requests a
// provider accepts at once. Zero means no limit.
type Limits struct {
	MaxSegments   int // segments per request
	MaxChars      int // characters (code points) per request
	MaxConcurrent int // requests in flight
}

// Provider translates batches of segments.
//
// Translate returns exactly one Result per input segment, in input order and
// with the same ids. A failure that concerns single segments is reported in
// their Result.Err; a failure of the whole request (network, authentication,
// quota) is returned as the error, classified with the helpers in errors.go.
// Translate must honour ctx cancellation promptly.
type Provider interface {
	// Name is the registry name, such as "offline" or "openai".
	Name() string
	// Model names the model or engine version; it is part of the cache key.
	Model() string
	// Fingerprint summarises every option that changes output (prompt,
	// glossary, temperature, API version...) for the cache key. It must not
	// contain secrets.
	Fingerprint() string
	// Limits reports request size and concurrency limits.
	Limits() Limits
	// Translate translates one batch.
	Translate(ctx context.Context, req Request) ([]Result, error)
}

// Wrapper is implemented by decorators so the layers of a provider stack can
// be inspected.
type Wrapper interface {
	Unwrap() Provider
}

// Looker is an optional ability: a provider (normally the cache decorator)
// that can answer some segments without doing any work. Lookup returns one
// Result per segment of req, in order, or nil if it answers none: those it
// answers have Cached set, the others are zero Results, and must be
// translated.
type Looker interface {
	Lookup(ctx context.Context, req Request) ([]Result, error)
}

// ContextUser is an optional ability of providers that use Request.Context.
// ContextSentences returns how many preceding sentences the provider wants;
// zero means none.
type ContextUser interface {
	ContextSentences() int
}

// Closer is an optional ability for providers holding connections.
type Closer interface {
	Close() error
}

// RateHinter is an optional ability of providers that learn their
// remaining quota from the service (OpenAI's x-ratelimit-* headers), so the
// rate limiter can wait for the window to reset before the service refuses.
//
// RateHint returns the requests and tokens left in the current windows and
// when each window resets. A negative remaining count means unknown; ok is
// false when the provider has not seen any hint yet.
type RateHinter interface {
	RateHint() (remainingRequests, remainingTokens int, resetRequests, resetTokens time.Time, ok bool)
}

// UsageReporter is an optional ability of providers that count what they
// used, for the run summary and cost estimates: requests sent and tokens
// billed (zero for services that bill by character).
type UsageReporter interface {
	Usage() (requests, promptTokens, completionTokens int64)
}

// BatchLine is one request of a batch job: the request and the custom id
// that names it in the job's input, output and error files.
type BatchLine struct {
	ID      string
	Request Request
}

// BatchJob describes one job of a provider's batch service.
type BatchJob struct {
	ID        string
	InputFile string
	// Status is the service's own word (validating, in_progress,
	// completed, expired...).
	Status string
	// Total, Completed and Failed count the job's requests.
	Total, Completed, Failed int
	// OutputFile and ErrorFile name the result files, once there are any.
	OutputFile, ErrorFile string
	// Errors are the service's reasons for failing the job as a whole
	// ("code: message"), if it did.
	Errors []string
	// Finished is true when the service will not change the job any more
	// (completed, failed, expired or cancelled): what it answered can be
	// collected, and what it did not must be asked again.
	Finished bool
}

// BatchAnswer is the outcome of one line of a finished batch job.
type BatchAnswer struct {
	// ID is the line's custom id.
	ID string
	// Results holds one result per segment of the line's request, in
	// order, with the segment ids of the request; failed segments carry
	// Err. It is nil when the line failed as a whole.
	Results []Result
	// Err is the failure of the whole line (an error file entry, a status
	// other than 200, a reply that does not parse).
	Err error
}

// BatchSettings are a provider's batch-run settings.
type BatchSettings struct {
	// Poll is the time between two looks at a pending job.
	Poll time.Duration
	// RetryByChat sends the segments a batch failed to translate through
	// the provider's synchronous Translate instead of a follow-up batch.
	RetryByChat bool
}

// ErrBatchNotFound is wrapped by Batcher methods when the service does
// not know a job (it was made with another account or endpoint, or
// deleted): its record can only be released.
var ErrBatchNotFound = errors.New("batch job not found")

// Batcher is an optional ability of providers that also offer an
// asynchronous batch service: requests uploaded together as a file and
// answered within a window, at a lower price. The provider only calls the
// service; recording jobs, waiting, caching and asking again belong to the
// caller.
type Batcher interface {
	// BatchMode reports whether the provider is configured for batch runs,
	// and how.
	BatchMode() (BatchSettings, bool)
	// PlanBatch splits lines into groups that each fit one input file of
	// the service (requests and bytes per file).
	PlanBatch(lines []BatchLine) [][]BatchLine
	// SubmitBatch uploads lines as one input file and starts a job on it,
	// labelled with tag so that FindBatch can find it again.
	SubmitBatch(ctx context.Context, lines []BatchLine, tag string) (BatchJob, error)
	// FindBatch looks for the job submitted with tag among the jobs of the
	// last two days: it tells a job that was created (whose creator died
	// before it heard back) from one that never was.
	FindBatch(ctx context.Context, tag string) (job BatchJob, found bool, err error)
	// BatchStatus retrieves a job.
	BatchStatus(ctx context.Context, id string) (BatchJob, error)
	// BatchResults downloads a finished job's output and error files and
	// validates each line as an answer to the request of the same id in
	// lines. A line found in neither file has no answer in the map.
	BatchResults(ctx context.Context, job BatchJob, lines []BatchLine) (map[string]BatchAnswer, error)
	// CancelBatch asks the service to cancel a job.
	CancelBatch(ctx context.Context, id string) (BatchJob, error)
}
