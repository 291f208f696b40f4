package fake_test

import (
	"context"
	"testing"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/fake"
	"github.com/anuvad/anuvad/providers/providertest"
)

func TestConformance(t *testing.T) {
	providertest.Run(t, providertest.Options{
		New: func(t *testing.T) providers.Provider {
			return fake.New(fake.Options{Limits: providers.Limits{MaxSegments: 4, MaxChars: 200}})
		},
		Want: fake.Prefix,
		NewBlocking: func(t *testing.T) (providers.Provider, <-chan struct{}) {
			started := make(chan struct{}, 1)
			return fake.New(fake.Options{FailCall: func(ctx context.Context, _ int, _ providers.Request) error {
				started <- struct{}{}
				<-ctx.Done()
				return ctx.Err()
			}}), started
		},
	})
}
