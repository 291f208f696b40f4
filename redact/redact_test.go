package redact

import "testing"

func TestURLs(t *testing.T) {
	for in, want := range map[string]string{
		"http://user:pw@host:8080/v1":                  "http://REDACTED@host:8080/v1",
		"https://token@api.example.com/":               "https://REDACTED@api.example.com/",
		`Post "http://a:b@127.0.0.1/v1/x": refused`:    `Post "http://REDACTED@127.0.0.1/v1/x": refused`,
		"https://api.openai.com/v1":                    "https://api.openai.com/v1",
		"mail me at a@b.c, see http://x/y?u=a@b":       "mail me at a@b.c, see http://x/y?u=a@b",
		"two: http://a:1@x and grpc+tls://b:2@y:443/z": "two: http://REDACTED@x and grpc+tls://REDACTED@y:443/z",
		"postgres://u:pw@h:5432/db?sslmode=disable":    "postgres://REDACTED@h:5432/db?sslmode=disable",
		"postgres://u:p%40w@[::1/db":                   "postgres://REDACTED@[::1/db",
		"/home/u/.cache/anuvad/cache.db":               "/home/u/.cache/anuvad/cache.db",
	} {
		if got := URLs(in); got != want {
			t.Errorf("URLs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSecrets(t *testing.T) {
	const key = "sk-a/b+c"
	in := "key " + key + " and in a query ?key=sk-a%2Fb%2Bc; empty secrets change nothing"
	want := "key REDACTED and in a query ?key=REDACTED; empty secrets change nothing"
	if got := Secrets(in, "", key); got != want {
		t.Errorf("Secrets = %q, want %q", got, want)
	}
}
