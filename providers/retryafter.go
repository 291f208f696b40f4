package providers

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryAfterHeader reads the delay a service asks for before the next
// request: retry-after-ms (milliseconds, as some OpenAI-compatible servers
// send), else Retry-After as seconds (whole or fractional) or an HTTP date.
// It returns zero when h says nothing usable or the delay has passed.
func RetryAfterHeader(h http.Header) time.Duration {
	return retryAfterAt(h, time.Now())
}

func retryAfterAt(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	if ms, err := strconv.ParseFloat(strings.TrimSpace(h.Get("retry-after-ms")), 64); err == nil && ms > 0 {
		return time.Duration(ms * float64(time.Millisecond))
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s > 0 {
			return time.Duration(s * float64(time.Second))
		}
		return 0
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
