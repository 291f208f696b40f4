package providers

// Estimate is the projected cost of sending some characters to a provider.
type Estimate struct {
	Provider  string
	Chars     int64
	TokensIn  int64
	TokensOut int64
	USD       float64
}

// Pricer is a provider's cost model, built from its price keys
// (Spec.Pricer), for --dry-run and --budget.
type Pricer interface {
	// Cost prices chars characters sent in requests requests.
	Cost(chars, requests int64) Estimate
}

// BatchPricer is an optional ability of a Pricer whose provider also has a
// batch service at another price (see Batcher).
type BatchPricer interface {
	// BatchCost prices the same work sent as batch jobs.
	BatchCost(chars, requests int64) Estimate
}

// TokenCounter is an optional ability of a Pricer whose provider bills
// tokens: it converts characters of source text to tokens, for rate limits
// counted in tokens.
type TokenCounter interface {
	CharsPerToken() float64
}

// UsagePricer is an optional ability of a Pricer whose provider reports
// the tokens the service billed (UsageReporter): it prices them, so that
// --budget counts what was spent, not an estimate.
type UsagePricer interface {
	UsageCost(tokensIn, tokensOut int64) float64
}
