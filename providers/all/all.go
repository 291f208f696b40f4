// Package all lists every provider anuvad ships, for the command line.
// Library users who want fewer build their own providers.Registry.
package all

import (
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/google"
	"github.com/anuvad/anuvad/providers/offline"
	"github.com/anuvad/anuvad/providers/openai"
)

// Registry returns a registry holding the offline, Google and
// OpenAI-compatible providers.
func Registry() *providers.Registry {
	r := providers.NewRegistry()
	r.Register(offline.Spec())
	r.Register(google.Spec())
	r.Register(openai.Spec())
	return r
}
