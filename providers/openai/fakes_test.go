package openai_test

import (
	"testing"

	"github.com/anuvad/anuvad/providers/openai"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
)

// translation is the fake server's deterministic translation.
func translation(text string) string { return openaitest.Translate(text) }

// newServer starts a fake server requiring key (none if empty).
func newServer(t *testing.T, key string, f openaitest.Fault) *openaitest.Server {
	t.Helper()
	return openaitest.NewServer(t, openaitest.Options{Key: key, Fault: f})
}

// newProvider builds a provider against s, with key unless o has one.
func newProvider(t *testing.T, s *openaitest.Server, key string, o openai.Options) *openai.Provider {
	t.Helper()
	o.BaseURL = s.BaseURL()
	if o.APIKey == "" {
		o.APIKey = key
	}
	p, err := openai.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
