package cli

import (
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"sync/atomic"
	"syscall"

	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/pipeline"
)

// StdoutName is the --out value that streams the corpus to standard output.
const StdoutName = "-"

// streamFormats are the formats --out - can write: one stream each.
var streamFormats = []string{"jsonl", "tsv", "tmx"}

// corpusSink receives the pairs of a run and makes them final at the end:
// an output folder (output.Set) or standard output.
type corpusSink interface {
	pipeline.Sink
	Filtered() int
	Commit(corpus.Summary) error
}

// openOutputs opens the run's outputs: the files of the output folder, or
// one format streamed to standard output for --out -.
func openOutputs(f *Factory, cfg config.Config, lines bool, log *slog.Logger) (corpusSink, error) {
	opts := output.Options{
		Formats:   cfg.Formats,
		Filter:    cfg.Filter,
		KeepLines: lines,
		Meta:      output.Meta{Tool: "anuvad", ToolVersion: f.Version, SourceLang: cfg.SourceLang, TargetLang: cfg.TargetLang},
	}
	if cfg.Out != StdoutName {
		return output.Open(cfg.Out, opts)
	}
	if len(cfg.Formats) != 1 || !slices.Contains(streamFormats, cfg.Formats[0]) {
		return nil, usageErrorf("--out - streams one format to standard output: give --formats jsonl, tsv or tmx")
	}
	s, err := output.NewStream(f.IO.Out, cfg.Formats[0], opts)
	if err != nil {
		return nil, &usageError{err: err}
	}
	return &stdoutSink{stream: s, log: log, filter: cfg.Filter}, nil
}

// stdoutSink streams pairs to standard output. Failed sentences are logged
// on standard error, as there is no failures.jsonl beside a stream.
type stdoutSink struct {
	stream   *output.Stream
	log      *slog.Logger
	filter   bool
	filtered int
}

func (s *stdoutSink) WritePair(p corpus.Pair) error {
	if s.filter && len(p.Flags) > 0 {
		s.filtered++
	}
	return s.stream.WritePair(p)
}

func (s *stdoutSink) WriteFailure(f corpus.Failure) error {
	s.log.Error("sentence failed", "doc", f.Doc, "index", f.Index, "err", f.Error)
	return nil
}

func (s *stdoutSink) Filtered() int { return s.filtered }

// Commit flushes the stream; there is no summary.json beside it.
func (s *stdoutSink) Commit(corpus.Summary) error { return s.stream.Close() }

// pipeWatch passes writes to a standard stream and remembers whether its
// reader went away (EPIPE: `anuvad ... | head`). SIGPIPE is ignored by
// Main, so such a write fails instead of killing the process.
type pipeWatch struct {
	w      io.Writer
	closed atomic.Bool
}

func (p *pipeWatch) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	if errors.Is(err, syscall.EPIPE) {
		p.closed.Store(true)
	}
	return n, err
}

// readerGone reports whether the reader of standard output went away.
func (f *Factory) readerGone() bool {
	if w, ok := f.IO.Out.(*pipeWatch); ok {
		return w.closed.Load()
	}
	return false
}

// failuresWhere says where a run's failed sentences are listed.
func failuresWhere(out string) string {
	if out == StdoutName {
		return "logged above"
	}
	return "see " + filepath.Join(out, output.FailureFile)
}

// outName names the run's outputs for messages.
func outName(out string) string {
	if out == StdoutName {
		return "standard output"
	}
	return out
}
