package cli

import (
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/pipeline"
)

// rateAfter is how long a run goes before its rate and time left are shown:
// earlier figures are noise (a first pair after a millisecond is not a rate
// of a thousand a second).
const rateAfter = time.Second

// progress draws a bar on a terminal (and nothing elsewhere) against the
// input's size, counted up front: the bytes of every file. A pair's place
// in its document (its end offset) says how far the run is; the document's
// characters are counted when the pipeline first reads it, to turn
// characters into bytes. Standard input has no size: the bar then counts
// sentences alone.
type progress struct {
	bar   *progressbar.ProgressBar
	print *message.Printer
	what  string
	start time.Time

	mu        sync.Mutex
	docs      map[string]*docSize
	total     int64 // bytes of every input, 0 when unknown
	sentences int
	done      int64 // bytes of input behind the last pair
	shown     time.Time
}

// docSize is what the bar knows of one input document.
type docSize struct {
	before int64 // bytes of the documents before it
	size   int64
	runes  atomic.Int64 // characters, once the document was read through
}

// newProgress returns a progress bar for docs on stderr, or one that draws
// nothing when stderr is not a terminal or the run is quiet. The documents
// it returns count their characters as they are read.
func newProgress(f *Factory, quiet bool, what string, docs []pipeline.Document) (*progress, []pipeline.Document) {
	p := &progress{print: message.NewPrinter(language.English), what: what, start: time.Now(), docs: map[string]*docSize{}}
	if quiet || !f.IO.ErrTerminal {
		return p, docs
	}
	out := make([]pipeline.Document, len(docs))
	for i, d := range docs {
		out[i] = d
		if !d.Rereadable {
			p.total = -1
			continue
		}
		fi, err := os.Stat(d.Name)
		if err != nil {
			p.total = -1
			continue
		}
		ds := &docSize{before: max(p.total, 0), size: fi.Size()}
		if p.total >= 0 {
			p.total += fi.Size()
		}
		p.docs[d.Name] = ds
		open := d.Open
		out[i].Open = func() (io.ReadCloser, error) {
			rc, err := open()
			if err != nil || ds.runes.Load() > 0 {
				return rc, err
			}
			return &runeCounter{ReadCloser: rc, doc: ds}, nil
		}
	}
	max := p.total
	if max <= 0 {
		max, p.total = -1, 0
	}
	p.bar = progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(f.IO.ErrOut),
		progressbar.OptionSetDescription(what),
		progressbar.OptionSetWidth(20),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionThrottle(0), // step throttles
		progressbar.OptionSpinnerType(14),
		progressbar.OptionSetRenderBlankState(false),
	)
	return p, out
}

// runeCounter counts the characters of a document read through to its end.
type runeCounter struct {
	io.ReadCloser
	doc   *docSize
	runes int64
	tail  []byte
}

func (r *runeCounter) Read(b []byte) (int, error) {
	n, err := r.ReadCloser.Read(b)
	r.tail = append(r.tail, b[:n]...)
	// Count whole runes only; an incomplete one waits for the next read.
	cut := len(r.tail)
	for k := 1; k < utf8.UTFMax && k <= len(r.tail); k++ {
		if utf8.RuneStart(r.tail[len(r.tail)-k]) {
			if !utf8.FullRune(r.tail[len(r.tail)-k:]) {
				cut = len(r.tail) - k
			}
			break
		}
	}
	r.runes += int64(utf8.RuneCount(r.tail[:cut]))
	r.tail = append(r.tail[:0], r.tail[cut:]...)
	if err == io.EOF {
		r.doc.runes.Store(max(r.runes, 1))
	}
	return n, err
}

// logWriter writes log records above the bar, never on it: the bar is
// cleared, the record printed, and the bar drawn again with the next
// sentence.
func (p *progress) logWriter(w io.Writer) io.Writer {
	if p.bar == nil {
		return w
	}
	return &barLog{p: p, w: w}
}

type barLog struct {
	p *progress
	w io.Writer
}

func (l *barLog) Write(b []byte) (int, error) {
	l.p.mu.Lock()
	defer l.p.mu.Unlock()
	if l.p.bar != nil {
		_ = l.p.bar.Clear()
		l.p.shown = time.Time{}
	}
	return l.w.Write(b)
}

// sink wraps s so that every pair and failure moves the bar.
func (p *progress) sink(s corpusSink) corpusSink {
	if p.bar == nil {
		return s
	}
	return &progressSink{corpusSink: s, p: p}
}

type progressSink struct {
	corpusSink
	p *progress
}

func (s *progressSink) WritePair(pair corpus.Pair) error {
	s.p.step(pair.Doc, pair.End)
	return s.corpusSink.WritePair(pair)
}

func (s *progressSink) WriteFailure(f corpus.Failure) error {
	s.p.step(f.Doc, -1)
	return s.corpusSink.WriteFailure(f)
}

// step records one more sentence of doc, ending at character end (-1 when
// unknown).
func (p *progress) step(doc string, end int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sentences++
	if d, ok := p.docs[doc]; ok {
		done := d.before
		if runes := d.runes.Load(); runes > 0 && end >= 0 {
			done += min(d.size, int64(end)*d.size/runes)
		}
		p.done = max(p.done, done)
	}
	now := time.Now()
	if now.Sub(p.shown) < 100*time.Millisecond {
		return
	}
	p.shown = now
	p.bar.Describe(p.describe(now))
	if p.total > 0 {
		_ = p.bar.Set64(p.done)
	} else {
		_ = p.bar.Add64(1)
	}
	_ = p.bar.RenderBlank() // with the percentage Set64 just computed
}

// describe writes "translating 1,240/18,500 sentences · 52/s · ETA 5m31s".
// The total is estimated from the share of the input's bytes done; the
// rate and time left appear once they mean something.
func (p *progress) describe(now time.Time) string {
	elapsed := now.Sub(p.start)
	text := p.what + " " + p.print.Sprintf("%d", p.sentences)
	if p.total > 0 && p.done > 0 {
		text += p.print.Sprintf("/%d", max(int64(p.sentences), int64(p.sentences)*p.total/p.done))
	}
	text += " sentences"
	if elapsed < rateAfter {
		return text
	}
	text += p.print.Sprintf(" · %.0f/s", float64(p.sentences)/elapsed.Seconds())
	if p.total > 0 && p.done > 0 {
		left := time.Duration(float64(elapsed) * float64(p.total-p.done) / float64(p.done))
		text += " · ETA " + left.Round(time.Second).String()
	}
	return text
}

// finish prints what the bar still holds and takes the bar away.
func (p *progress) finish() {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Describe(p.describe(time.Now()))
	_ = p.bar.Finish()
	_ = p.bar.Clear()
	p.bar = nil
}
