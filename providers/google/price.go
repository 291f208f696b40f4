package google

import (
	"fmt"

	"github.com/anuvad/anuvad/configmap"
	"github.com/anuvad/anuvad/providers"
)

// DefaultPerMillionChars is Cloud Translation's list price per million
// characters, in US dollars.
const DefaultPerMillionChars = 20.0

// Prices is the price table of the provider, in US dollars. The
// mapstructure tags are its keys in the prices section.
type Prices struct {
	PerMillionChars float64 `mapstructure:"google_per_million_chars"`
}

var _ providers.Pricer = Prices{}

// PriceOptions declares the price keys.
func PriceOptions() []configmap.Option {
	return []configmap.Option{
		{Key: "google_per_million_chars", Default: DefaultPerMillionChars, Help: "Google Cloud Translation price per million characters (USD)"},
	}
}

// NewPricer decodes the provider's keys of the prices section.
func NewPricer(s configmap.Settings) (providers.Pricer, error) {
	var p Prices
	if err := s.Decode(&p); err != nil {
		return nil, fmt.Errorf("prices: %w", err)
	}
	if p.PerMillionChars < 0 {
		return nil, fmt.Errorf("prices.google_per_million_chars: %g is negative", p.PerMillionChars)
	}
	return p, nil
}

// Cost implements providers.Pricer: Google bills characters.
func (p Prices) Cost(chars, _ int64) providers.Estimate {
	return providers.Estimate{Provider: Name, Chars: chars, USD: float64(chars) * p.PerMillionChars / 1e6}
}
