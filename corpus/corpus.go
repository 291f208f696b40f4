// Package corpus holds the records that flow out of anuvad: aligned pairs,
// per-sentence failures and the run summary. Producers (the translation
// pipeline, the aligner) and consumers (the output writers) share them.
package corpus

import "time"

// Pair is one aligned Hindi–English sentence pair.
type Pair struct {
	// Doc names the document the pair comes from (its path, or "-").
	Doc string `json:"doc"`
	// Index is the pair's position in its document, from 0.
	Index int `json:"index"`
	// ID is the caller's identifier for jsonl input; empty otherwise.
	ID string `json:"id,omitempty"`
	// Start and End are the source sentence's character (code point)
	// offsets in its normalised document, when known.
	Start int `json:"start"`
	End   int `json:"end"`
	// HiLines and EnLines are the sentence numbers joined into this pair
	// by the aligner (empty for translated pairs).
	HiLines []int  `json:"hi_lines,omitempty"`
	EnLines []int  `json:"en_lines,omitempty"`
	Hi      string `json:"hi"`
	En      string `json:"en"`
	// Provider and Model name who produced the English ("aligned" for
	// pairs found by the aligner).
	Provider string `json:"provider"`
	Model    string `json:"model,omitempty"`
	Cached   bool   `json:"cached"`
	// Score is the aligner's confidence in the link, from 0 to 1.
	Score *float64 `json:"score,omitempty"`
	// Flags are the quality checks the pair failed.
	Flags []string `json:"flags"`
	// Reviewed is a person's decision on the pair (Accepted, Edited or
	// Rejected); empty when nobody has reviewed it.
	Reviewed string `json:"reviewed,omitempty"`
}

// Review decisions a person can take on a pair.
const (
	Accepted = "accepted"
	// Edited pairs carry a human translation and count as accepted.
	Edited   = "edited"
	Rejected = "rejected"
)

// Failure is a sentence that could not be turned into a pair.
type Failure struct {
	Doc   string `json:"doc"`
	Index int    `json:"index"`
	// Line is the sentence's line number in its document, from 1, for
	// inputs read one sentence a line.
	Line  int    `json:"line,omitempty"`
	ID    string `json:"id,omitempty"`
	Hi    string `json:"hi"`
	Error string `json:"error"`
}

// DocError is a document that could not be read, with the byte offset of
// the problem when there is one.
type DocError struct {
	Doc    string `json:"doc"`
	Offset int64  `json:"offset"`
	Error  string `json:"error"`
}

// ProviderCalls counts the requests made to one provider. Retries counts
// the attempts made again (0 when a request never is: retry.attempts 1);
// Failures the segments the provider failed, which a later provider of a
// chain may have translated; Served the pairs written with this provider's
// translation, from the cache or not; USD what the calls the service
// answered cost, from the configured prices (the tokens it reported, or the
// characters it answered).
type ProviderCalls struct {
	Calls     int64   `json:"calls"`
	Segments  int64   `json:"segments"`
	Chars     int64   `json:"chars"`
	Failures  int64   `json:"failures"`
	Retries   int64   `json:"retries"`
	Served    int64   `json:"served"`
	USD       float64 `json:"cost_usd"`
	TokensIn  int64   `json:"tokens_in,omitempty"`
	TokensOut int64   `json:"tokens_out,omitempty"`
}

// Summary describes a finished run.
type Summary struct {
	Command         string `json:"command"`
	Provider        string `json:"provider"`
	Documents       int    `json:"documents"`
	Sentences       int    `json:"sentences"`
	UniqueSentences int    `json:"unique_sentences"`
	Pairs           int    `json:"pairs"`
	Filtered        int    `json:"filtered"`
	CacheHits       int    `json:"cache_hits"`
	// NotCached counts translations written but not stored in the cache
	// (the cache could not be written).
	NotCached     int64 `json:"not_cached"`
	ProviderCalls int64 `json:"provider_calls"`
	CharsSent     int64 `json:"chars_sent"`
	Failures      int   `json:"failures"`
	// Unfinished counts the sentences read but neither written nor failed
	// when the run stopped early (an error or an interrupt).
	Unfinished     int                      `json:"unfinished,omitempty"`
	DocumentErrors []DocError               `json:"document_errors,omitempty"`
	Flags          map[string]int           `json:"flags,omitempty"`
	Providers      map[string]ProviderCalls `json:"providers,omitempty"`
	// CostUSD is the cost of the run's answered requests, and Budget the
	// limit it ran under (0: none), in US dollars.
	CostUSD     float64 `json:"cost_usd"`
	Budget      float64 `json:"budget"`
	Interrupted bool    `json:"interrupted"`
	// Error is why the run stopped early (a permanent provider error such
	// as a refused API key), if it did.
	Error              string    `json:"error,omitempty"`
	Started            time.Time `json:"started"`
	ElapsedSeconds     float64   `json:"elapsed_seconds"`
	SentencesPerSecond float64   `json:"sentences_per_second"`
	// Batch describes the batch jobs of a batch-mode run, if any.
	Batch *BatchSummary `json:"batch,omitempty"`

	// Shard is "I/N" when the run translated only part I of N of the
	// unique sentences (translate --shard); OtherShards counts the unique
	// sentences it left to the other parts.
	Shard       string `json:"shard,omitempty"`
	OtherShards int    `json:"other_shards,omitempty"`
	// Align describes the links of an alignment run, if it was one.
	Align *AlignSummary `json:"align,omitempty"`
}

// AlignSummary describes an alignment run.
type AlignSummary struct {
	// Documents counts the document pairs, Failed those that could not be
	// read or aligned.
	Documents int        `json:"documents"`
	Failed    []DocError `json:"failed,omitempty"`
	// Pairs counts the pairs written; BelowMinScore the links with both
	// sides left out for scoring under --min-score.
	Pairs         int `json:"pairs"`
	BelowMinScore int `json:"below_min_score"`
	// Links counts the links by type, Hindi-English sentences: "1-1",
	// "2-1", "1-0"...
	Links map[string]int `json:"links"`
	// MeanScore is the mean score of the links with both sides.
	MeanScore float64 `json:"mean_score"`
	// Unmatched names the files of --hi-dir and --en-dir without a
	// namesake in the other folder.
	Unmatched []string `json:"unmatched"`
}

// BatchSummary describes the batch jobs of a run: their translations
// reach the pairs through the cache.
type BatchSummary struct {
	// Jobs are the ids of the jobs the run waited on: those it submitted
	// and those earlier runs left open.
	Jobs []string `json:"jobs"`
	// Submitted counts the jobs the run submitted, follow-ups included.
	Submitted int `json:"submitted"`
	// Collected counts the translations collected and cached.
	Collected int `json:"collected"`
	// Unanswered counts the sentences no job translated.
	Unanswered int `json:"unanswered"`
}
