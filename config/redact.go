package config

import (
	"log/slog"
	"regexp"
)

// urlCredentials matches the user information of a URL ("user:password@"
// after "scheme://"), wherever it appears in a text.
var urlCredentials = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#@\s"'<>]+@`)

// RedactURLs replaces the credentials of every URL in s ("user:password@"
// or "token@") by Redacted, so that a base URL or endpoint that carries them
// can be shown, logged or written. Text without such URLs is returned as is.
func RedactURLs(s string) string {
	return urlCredentials.ReplaceAllString(s, "${1}"+Redacted+"@")
}

// RedactAttr is a slog ReplaceAttr function that applies RedactURLs to every
// string and error value of a record.
func RedactAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); urlCredentials.MatchString(s) {
			a.Value = slog.StringValue(RedactURLs(s))
		}
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok {
			if s := err.Error(); urlCredentials.MatchString(s) {
				a.Value = slog.StringValue(RedactURLs(s))
			}
		}
	}
	return a
}
