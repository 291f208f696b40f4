// Package redact hides secrets (API keys, passwords and tokens in URLs) in
// text that is shown, logged or written: one place for every part of
// anuvad that handles a secret.
package redact

import (
	"log/slog"
	"net/url"
	"regexp"
	"strings"
)

// Mark is shown in place of a secret.
const Mark = "REDACTED"

// Secrets replaces every occurrence of each non-empty secret in s, as is
// and as it appears in a URL query, by Mark.
func Secrets(s string, secrets ...string) string {
	for _, k := range secrets {
		if k == "" {
			continue
		}
		s = strings.ReplaceAll(s, k, Mark)
		if q := url.QueryEscape(k); q != k {
			s = strings.ReplaceAll(s, q, Mark)
		}
	}
	return s
}

// urlCredentials matches the user information of a URL ("user:password@"
// after "scheme://"), wherever it appears in a text.
var urlCredentials = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#@\s"'<>]+@`)

// URLs replaces the user information of every URL in s ("user:password@"
// or "token@") by Mark, so that a base URL, endpoint or database address
// that carries credentials can be shown, logged or written. Text without
// such URLs is returned as is.
func URLs(s string) string {
	return urlCredentials.ReplaceAllString(s, "${1}"+Mark+"@")
}

// Attr is a slog ReplaceAttr function that applies URLs to every string
// and error value of a record.
func Attr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); urlCredentials.MatchString(s) {
			a.Value = slog.StringValue(URLs(s))
		}
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok {
			if s := err.Error(); urlCredentials.MatchString(s) {
				a.Value = slog.StringValue(URLs(s))
			}
		}
	}
	return a
}
