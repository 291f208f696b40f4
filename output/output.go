// Package output writes aligned pairs as parallel corpora: TSV, JSONL,
// TMX 1.4b and Moses plain text, plus failures.jsonl and summary.json.
//
// Every file is written to a temporary name in the output directory, and the
// whole set is renamed into place by Commit (or Close) only when every file
// was written in full. A write error (a full disk) discards the temporary
// files and leaves the previous run's set untouched, so the directory never
// holds a mix of two runs or a cut-off file. An interrupted run still commits
// complete, valid files holding the pairs finished so far. Temporary files
// left by a crashed run are removed by the next Open of the same directory.
package output

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/tmx"
)

// File names written into the output directory.
const (
	TSVFile      = "pairs.tsv"
	JSONLFile    = "pairs.jsonl"
	TMXFile      = "pairs.tmx"
	MosesSource  = "corpus.hi"
	MosesTarget  = "corpus.en"
	FailureFile  = "failures.jsonl"
	SummaryFile  = "summary.json"
	tempSuffix   = ".partial"
	filePerm     = 0o644
	dirPerm      = 0o755
	writerBuffer = 64 << 10
)

// Formats lists the corpus formats in their canonical order.
var Formats = []string{"tsv", "jsonl", "tmx", "moses"}

// Meta describes the run for file headers.
type Meta struct {
	Tool        string
	ToolVersion string
	SourceLang  string
	TargetLang  string
}

// Options select what a Set writes.
type Options struct {
	Formats []string
	// Filter drops pairs carrying quality flags from tsv, tmx and moses;
	// jsonl keeps them with their flags.
	Filter bool
	// KeepLines keeps line i of corpus.hi and corpus.en for sentence i of
	// the input: a failed sentence is written with an empty English line
	// (and left out of the other formats), and a filtered pair too. For
	// inputs read one sentence a line.
	KeepLines bool
	Meta      Meta
}

// Set writes one corpus to a directory in several formats at once. It is not
// safe for concurrent use: the pipeline's single writer stage owns it.
type Set struct {
	dir      string
	opts     Options
	files    []*atomicFile
	pairs    []pairWriter
	moses    *mosesWriter
	failures *atomicFile
	nFail    int
	written  int
	filtered int
	closed   bool
	// err is the first write error; a set with one is never committed.
	err error
}

type pairWriter interface {
	writePair(p corpus.Pair) error
	// filtered reports whether the writer honours Options.Filter.
	filtered() bool
	finish() error
}

// Open creates dir if needed and starts every requested format.
func Open(dir string, opts Options) (*Set, error) {
	for _, f := range opts.Formats {
		if !slices.Contains(Formats, f) {
			return nil, fmt.Errorf("output: unknown format %q (known: %s)", f, strings.Join(Formats, ", "))
		}
	}
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return nil, fmt.Errorf("output: create %s: %w", dir, err)
	}
	if err := RemoveStale(dir); err != nil {
		return nil, err
	}
	s := &Set{dir: dir, opts: opts}
	create := func(name string) (*atomicFile, error) {
		f, err := createAtomic(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		s.files = append(s.files, f)
		return f, nil
	}
	var err error
	for _, format := range Formats {
		if !slices.Contains(opts.Formats, format) {
			continue
		}
		switch format {
		case "tsv":
			var f *atomicFile
			if f, err = create(TSVFile); err == nil {
				s.pairs = append(s.pairs, &tsvWriter{w: f.w})
			}
		case "jsonl":
			var f *atomicFile
			if f, err = create(JSONLFile); err == nil {
				s.pairs = append(s.pairs, &jsonlWriter{enc: json.NewEncoder(f.w)})
			}
		case "tmx":
			var f *atomicFile
			if f, err = create(TMXFile); err == nil {
				s.pairs = append(s.pairs, newTMXWriter(f.w, opts.Meta))
			}
		case "moses":
			var hi, en *atomicFile
			if hi, err = create(MosesSource); err == nil {
				if en, err = create(MosesTarget); err == nil {
					s.moses = &mosesWriter{hi: hi.w, en: en.w}
					s.pairs = append(s.pairs, s.moses)
				}
			}
		}
		if err != nil {
			s.Abort()
			return nil, err
		}
	}
	return s, nil
}

// WritePair writes one pair to every format. After a write error the set
// accepts nothing more and will not be committed. A pair a reviewer
// rejected is left out of tsv, tmx and moses, as Filter leaves out flagged
// pairs; jsonl keeps it with its mark.
func (s *Set) WritePair(p corpus.Pair) error {
	if s.err != nil {
		return s.err
	}
	drop := s.opts.Filter && len(p.Flags) > 0 || p.Reviewed == corpus.Rejected
	if drop {
		s.filtered++
	}
	for _, w := range s.pairs {
		if drop && w.filtered() {
			if w == s.moses && s.opts.KeepLines {
				s.moses.writeLine(p.Hi, "")
			}
			continue
		}
		if err := w.writePair(p); err != nil {
			return s.fail(fmt.Errorf("output: %w", err))
		}
	}
	s.written++
	return nil
}

// fail records the set's first write error.
func (s *Set) fail(err error) error {
	if s.err == nil {
		s.err = err
	}
	return s.err
}

// WriteFailure records a sentence that produced no pair in failures.jsonl,
// which is created on the first failure. With KeepLines the sentence also
// keeps its line in corpus.hi, with an empty line in corpus.en.
func (s *Set) WriteFailure(f corpus.Failure) error {
	if s.err != nil {
		return s.err
	}
	if s.failures == nil {
		af, err := createAtomic(filepath.Join(s.dir, FailureFile))
		if err != nil {
			return s.fail(err)
		}
		s.failures = af
		s.files = append(s.files, af)
	}
	s.nFail++
	b, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("output: encode failure: %w", err)
	}
	b = append(b, '\n')
	if _, err := s.failures.w.Write(b); err != nil {
		return s.fail(fmt.Errorf("output: write %s: %w", FailureFile, err))
	}
	if s.moses != nil && s.opts.KeepLines {
		if err := s.moses.writeLine(f.Hi, ""); err != nil {
			return s.fail(fmt.Errorf("output: %w", err))
		}
	}
	return nil
}

// Filtered is the number of pairs dropped from the filtered formats.
func (s *Set) Filtered() int { return s.filtered }

// Close commits the set without a summary; see Commit.
func (s *Set) Close() error { return s.commit(nil) }

// Commit finishes every format, writes sum as summary.json and renames the
// whole set into place. If any file cannot be written in full (a write
// error during the run, or while flushing now), every temporary file is
// removed, the previous set in the directory is left as it was, and the
// error is returned. Files of this package that the set does not hold (a
// format not requested this time, a failures.jsonl when nothing failed) are
// removed, so the directory never mixes two runs.
func (s *Set) Commit(sum corpus.Summary) error { return s.commit(&sum) }

func (s *Set) commit(sum *corpus.Summary) error {
	if s.closed {
		return nil
	}
	if s.err != nil {
		s.Abort()
		return s.err
	}
	files := slices.Clone(s.files)
	err := func() error {
		for _, w := range s.pairs {
			if err := w.finish(); err != nil {
				return err
			}
		}
		if sum != nil {
			f, err := createAtomic(filepath.Join(s.dir, SummaryFile))
			if err != nil {
				return err
			}
			files = append(files, f)
			s.files = files
			enc := json.NewEncoder(f.w)
			enc.SetIndent("", "  ")
			if err := enc.Encode(sum); err != nil {
				return fmt.Errorf("output: encode summary: %w", err)
			}
		}
		for _, f := range files {
			if err := f.finish(); err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		s.Abort()
		return err
	}
	s.closed = true
	var errs []error
	for _, f := range files {
		errs = append(errs, f.rename())
	}
	for _, name := range ownFiles {
		if name == SummaryFile && sum == nil {
			continue
		}
		if !slices.ContainsFunc(files, func(f *atomicFile) bool { return filepath.Base(f.path) == name }) {
			if err := os.Remove(filepath.Join(s.dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Abort removes the temporary files without touching earlier outputs.
func (s *Set) Abort() {
	if s.closed {
		return
	}
	s.closed = true
	for _, f := range s.files {
		f.discard()
	}
}

// ownFiles are the names a Set writes.
// ReadSummary reads the summary.json a run wrote in dir.
func ReadSummary(dir string) (corpus.Summary, error) {
	var s corpus.Summary
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("%s: %w", filepath.Join(dir, SummaryFile), err)
	}
	return s, nil
}

var ownFiles = []string{TSVFile, JSONLFile, TMXFile, MosesSource, MosesTarget, FailureFile, SummaryFile}

// staleName matches the temporary names of ownFiles.
var staleName = regexp.MustCompile(`^(pairs\.(tsv|jsonl|tmx)|corpus\.(hi|en)|failures\.jsonl|summary\.json)\.[0-9]+` + regexp.QuoteMeta(tempSuffix) + `$`)

// RemoveStale removes the temporary files that a run killed before it
// could commit or clean up (kill -9, a power cut) left in dir.
func RemoveStale(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	var errs []error
	for _, e := range entries {
		if e.Type().IsRegular() && staleName.MatchString(e.Name()) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, fmt.Errorf("output: remove stale %s: %w", e.Name(), err))
			}
		}
	}
	return errors.Join(errs...)
}

// WriteSummary writes summary.json into dir atomically.
func WriteSummary(dir string, sum corpus.Summary) error {
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return fmt.Errorf("output: create %s: %w", dir, err)
	}
	f, err := createAtomic(filepath.Join(dir, SummaryFile))
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f.w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sum); err != nil {
		f.discard()
		return fmt.Errorf("output: encode summary: %w", err)
	}
	return f.commit()
}

// atomicFile is a buffered file written under a temporary name and renamed
// to its final name on commit.
type atomicFile struct {
	path string
	tmp  *os.File
	w    *bufio.Writer
	done bool // finished: flushed, synced and closed
}

func createAtomic(path string) (*atomicFile, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*"+tempSuffix)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	return &atomicFile{path: path, tmp: tmp, w: bufio.NewWriterSize(tmp, writerBuffer)}, nil
}

func (f *atomicFile) commit() error {
	if err := f.finish(); err != nil {
		f.discard()
		return err
	}
	return f.rename()
}

// finish flushes, syncs and closes the temporary file: once it returns nil
// the data is on disk under the temporary name.
func (f *atomicFile) finish() error {
	if f.done {
		return nil
	}
	if err := f.w.Flush(); err != nil {
		return fmt.Errorf("output: write %s: %w", f.path, err)
	}
	if err := f.tmp.Chmod(filePerm); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if err := f.tmp.Sync(); err != nil {
		return fmt.Errorf("output: write %s: %w", f.path, err)
	}
	if err := f.tmp.Close(); err != nil {
		return fmt.Errorf("output: close %s: %w", f.path, err)
	}
	f.done = true
	return nil
}

// rename moves the finished temporary file to its final name.
func (f *atomicFile) rename() error {
	if err := os.Rename(f.tmp.Name(), f.path); err != nil {
		_ = os.Remove(f.tmp.Name())
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

func (f *atomicFile) discard() {
	_ = f.tmp.Close()
	_ = os.Remove(f.tmp.Name())
}

type tsvWriter struct{ w *bufio.Writer }

func (t *tsvWriter) writePair(p corpus.Pair) error {
	t.w.WriteString(tmx.OneLine(p.Hi))
	t.w.WriteByte('\t')
	t.w.WriteString(tmx.OneLine(p.En))
	return t.w.WriteByte('\n')
}
func (t *tsvWriter) filtered() bool { return true }
func (t *tsvWriter) finish() error  { return nil }

type mosesWriter struct{ hi, en *bufio.Writer }

func (m *mosesWriter) writePair(p corpus.Pair) error { return m.writeLine(p.Hi, p.En) }

func (m *mosesWriter) writeLine(hi, en string) error {
	m.hi.WriteString(tmx.OneLine(hi))
	if err := m.hi.WriteByte('\n'); err != nil {
		return err
	}
	m.en.WriteString(tmx.OneLine(en))
	return m.en.WriteByte('\n')
}
func (m *mosesWriter) filtered() bool { return true }
func (m *mosesWriter) finish() error  { return nil }

type jsonlWriter struct{ enc *json.Encoder }

func (j *jsonlWriter) writePair(p corpus.Pair) error {
	if p.Flags == nil {
		p.Flags = []string{}
	}
	return j.enc.Encode(p)
}
func (j *jsonlWriter) filtered() bool { return false }
func (j *jsonlWriter) finish() error  { return nil }

// Stream writes pairs in one format (tsv, jsonl or tmx) to a writer such
// as standard output. Moses needs two files and is only written by Set.
type Stream struct {
	bw     *bufio.Writer
	pw     pairWriter
	filter bool
}

// NewStream starts a stream of pairs in format on w.
func NewStream(w io.Writer, format string, opts Options) (*Stream, error) {
	s := &Stream{bw: bufio.NewWriterSize(w, writerBuffer), filter: opts.Filter}
	switch format {
	case "tsv":
		s.pw = &tsvWriter{w: s.bw}
	case "jsonl":
		s.pw = &jsonlWriter{enc: json.NewEncoder(s.bw)}
	case "tmx":
		s.pw = newTMXWriter(s.bw, opts.Meta)
	default:
		return nil, fmt.Errorf("output: %q cannot be streamed (tsv, jsonl or tmx)", format)
	}
	return s, nil
}

// WritePair writes one pair, unless Filter drops it.
func (s *Stream) WritePair(p corpus.Pair) error {
	if (s.filter && len(p.Flags) > 0 || p.Reviewed == corpus.Rejected) && s.pw.filtered() {
		return nil
	}
	return s.pw.writePair(p)
}

// Writer returns the stream's buffered writer, for output written beside
// the pairs (such as alignment indices).
func (s *Stream) Writer() *bufio.Writer { return s.bw }

// Close finishes the format and flushes.
func (s *Stream) Close() error {
	if err := s.pw.finish(); err != nil {
		return err
	}
	return s.bw.Flush()
}
