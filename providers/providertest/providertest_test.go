package providertest_test

import (
	"testing"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/fake"
	"github.com/anuvad/anuvad/providers/providertest"
)

// TestFake runs the suite on the fake provider without limits; the fake
// package runs it again with limits and a blocking service.
func TestFake(t *testing.T) {
	providertest.Run(t, providertest.Options{
		New:  func(*testing.T) providers.Provider { return fake.New(fake.Options{}) },
		Want: fake.Prefix,
	})
}
