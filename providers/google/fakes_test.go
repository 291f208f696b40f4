package google_test

import (
	"context"
	"testing"

	"google.golang.org/api/option"

	"github.com/anuvad/anuvad/providers/google"
	"github.com/anuvad/anuvad/providers/google/googletest"
)

// translation is the fake services' deterministic translation.
func translation(text string) string { return googletest.Translate(text) }

// newV2Server starts a v2 fake that accepts any key.
func newV2Server(t *testing.T, fault googletest.V2Fault) *googletest.V2Server {
	t.Helper()
	return googletest.NewV2(t, googletest.V2Options{Fault: fault})
}

// newV2 builds a v2 provider against s, without authentication unless o
// has an API key.
func newV2(t *testing.T, s *googletest.V2Server, o google.Options) *google.Provider {
	t.Helper()
	o.API = "v2"
	o.Endpoint = s.URL
	if o.APIKey == "" {
		o.ClientOptions = append(o.ClientOptions, option.WithoutAuthentication())
	}
	p, err := google.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// newV3Server starts a v3 fake.
func newV3Server(t *testing.T, fault googletest.V3Fault) *googletest.V3Server {
	t.Helper()
	return googletest.NewV3(t, googletest.V3Options{Fault: fault})
}

// newV3 builds a v3 provider against s without authentication or TLS.
func newV3(t *testing.T, s *googletest.V3Server, o google.Options) *google.Provider {
	t.Helper()
	o.API = "v3"
	if o.Project == "" {
		o.Project = "test-project"
	}
	o.Endpoint = s.Addr
	o.ClientOptions = append(o.ClientOptions, s.ClientOptions()...)
	p, err := google.New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}
