package openai

import (
	"errors"
	"fmt"

	"github.com/anuvad/anuvad/configmap"
	"github.com/anuvad/anuvad/providers"
)

// Default prices, in US dollars per million tokens, and the Hindi
// characters a token holds on average.
const (
	DefaultPerMillionInput  = 0.15
	DefaultPerMillionOutput = 0.60
	DefaultCharsPerToken    = 2.5
	DefaultBatchDiscount    = 0.5
)

// Prices is the price table of the provider. The mapstructure tags are its
// keys in the prices section.
type Prices struct {
	PerMillionInput  float64 `mapstructure:"openai_per_million_input_tokens"`
	PerMillionOutput float64 `mapstructure:"openai_per_million_output_tokens"`
	// HindiCharsPerToken is the Hindi characters a prompt token holds.
	HindiCharsPerToken float64 `mapstructure:"openai_chars_per_token_hindi"`
	// BatchDiscount is the share of the chat price the Batch API takes
	// off (0.5: half price).
	BatchDiscount float64 `mapstructure:"openai_batch_discount"`
}

var (
	_ providers.Pricer       = Prices{}
	_ providers.BatchPricer  = Prices{}
	_ providers.TokenCounter = Prices{}
)

// PriceOptions declares the price keys.
func PriceOptions() []configmap.Option {
	return []configmap.Option{
		{Key: "openai_per_million_input_tokens", Default: DefaultPerMillionInput, Help: "OpenAI-compatible price per million input tokens (USD)"},
		{Key: "openai_per_million_output_tokens", Default: DefaultPerMillionOutput, Help: "OpenAI-compatible price per million output tokens (USD)"},
		{Key: "openai_chars_per_token_hindi", Default: DefaultCharsPerToken, Help: "Hindi characters per token, for token estimates"},
		{Key: "openai_batch_discount", Default: DefaultBatchDiscount, Help: "share of the OpenAI price taken off for batch jobs (0.5: half price)"},
	}
}

// NewPricer decodes the provider's keys of the prices section.
func NewPricer(s configmap.Settings) (providers.Pricer, error) {
	var p Prices
	if err := s.Decode(&p); err != nil {
		return nil, fmt.Errorf("prices: %w", err)
	}
	var errs []error
	if d := p.BatchDiscount; d < 0 || d >= 1 {
		errs = append(errs, fmt.Errorf("prices.openai_batch_discount: %g is not at least 0 and below 1", d))
	}
	if p.PerMillionInput < 0 || p.PerMillionOutput < 0 {
		errs = append(errs, fmt.Errorf("prices.openai_per_million_*_tokens: %g and %g must not be negative", p.PerMillionInput, p.PerMillionOutput))
	}
	return p, errors.Join(errs...)
}

// CharsPerToken implements providers.TokenCounter.
func (p Prices) CharsPerToken() float64 {
	if p.HindiCharsPerToken <= 0 {
		return DefaultCharsPerToken
	}
	return p.HindiCharsPerToken
}

// Cost implements providers.Pricer. Chat models bill tokens, estimated from
// characters plus a fixed overhead of instructions and JSON framing per
// request.
func (p Prices) Cost(chars, requests int64) providers.Estimate {
	e := providers.Estimate{Provider: Name, Chars: chars}
	const promptOverhead = 250
	e.TokensIn = int64(float64(chars)/p.CharsPerToken()) + requests*promptOverhead
	// English runs about four characters a token, and an English sentence
	// is about as long as its Hindi source.
	e.TokensOut = chars/4 + requests*20
	e.USD = float64(e.TokensIn)*p.PerMillionInput/1e6 + float64(e.TokensOut)*p.PerMillionOutput/1e6
	return e
}

// UsageCost implements providers.UsagePricer: the tokens the service
// reported, at the chat price.
func (p Prices) UsageCost(tokensIn, tokensOut int64) float64 {
	return float64(tokensIn)*p.PerMillionInput/1e6 + float64(tokensOut)*p.PerMillionOutput/1e6
}

// BatchCost implements providers.BatchPricer: the chat cost less the batch
// discount.
func (p Prices) BatchCost(chars, requests int64) providers.Estimate {
	e := p.Cost(chars, requests)
	e.USD *= 1 - p.BatchDiscount
	return e
}
