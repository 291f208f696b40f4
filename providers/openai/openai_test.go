package openai_test

import (
	"net/http"
	"testing"

	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/openai"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
	"github.com/anuvad/anuvad/providers/providertest"
)

func TestConformance(t *testing.T) {
	providertest.Run(t, providertest.Options{
		New: func(t *testing.T) providers.Provider {
			return newProvider(t, newServer(t, "sk-test", nil), "sk-test", openai.Options{})
		},
		Want: translation,
		NewBlocking: func(t *testing.T) (providers.Provider, <-chan struct{}) {
			started := make(chan struct{}, 1)
			s := newServer(t, "", func(_ int, _ http.ResponseWriter, r *http.Request, _ *openaitest.Request, _ *[]openaitest.Segment) bool {
				started <- struct{}{}
				<-r.Context().Done()
				return true
			})
			return newProvider(t, s, "", openai.Options{}), started
		},
	})
}
