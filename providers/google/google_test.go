package google_test

import (
	"context"
	"net/http"
	"testing"

	"cloud.google.com/go/translate/apiv3/translatepb"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/google"
	"github.com/anuvad/anuvad/providers/providertest"
)

func TestConformanceV2(t *testing.T) {
	providertest.Run(t, providertest.Options{
		New:  func(t *testing.T) providers.Provider { return newV2(t, newV2Server(t, nil), google.Options{}) },
		Want: translation,
		NewBlocking: func(t *testing.T) (providers.Provider, <-chan struct{}) {
			started := make(chan struct{}, 1)
			s := newV2Server(t, func(_ int, _ http.ResponseWriter, r *http.Request) bool {
				started <- struct{}{}
				<-r.Context().Done()
				return true
			})
			return newV2(t, s, google.Options{}), started
		},
	})
}

func TestConformanceV3(t *testing.T) {
	providertest.Run(t, providertest.Options{
		New:  func(t *testing.T) providers.Provider { return newV3(t, newV3Server(t, nil), google.Options{}) },
		Want: translation,
		NewBlocking: func(t *testing.T) (providers.Provider, <-chan struct{}) {
			started := make(chan struct{}, 1)
			s := newV3Server(t, func(ctx context.Context, _ int, _ *translatepb.TranslateTextRequest) (*translatepb.TranslateTextResponse, error) {
				started <- struct{}{}
				<-ctx.Done()
				return nil, ctx.Err()
			})
			return newV3(t, s, google.Options{}), started
		},
	})
}
