package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/normalize"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/segment"
)

// maxParagraph is the size at which a paragraph without blank lines is split
// early: every sentence but the last is emitted and the rest is carried on,
// so one enormous paragraph never sits in memory whole.
const maxParagraph = 1 << 20

// readBuffer is the reader's buffer size.
const readBuffer = 256 << 10

// InvalidUTF8Error reports the first invalid byte sequence of a document:
// its byte offset, and its line, from 1.
type InvalidUTF8Error struct {
	Doc    string
	Offset int64
	Line   int
}

func (e *InvalidUTF8Error) Error() string {
	return fmt.Sprintf("%s:%d: invalid UTF-8 at byte offset %d", e.Doc, e.Line, e.Offset)
}

// Sentence is one sentence of a document as read: normalised, split (or
// taken a line at a time) and placed. translate pairs these sentences,
// split prints them and align aligns them.
type Sentence struct {
	// Doc names the document.
	Doc string
	// ID is the record's id, for jsonl input.
	ID string
	// Index is the sentence's position in its document (in its record,
	// for jsonl input), from 0; with Lines input it is the line number
	// less one.
	Index int
	// Text is the sentence, normalised, with runs of spaces and line
	// breaks made one space.
	Text string
	// Start and End are the sentence's offsets in code points in its
	// normalised document (record, for jsonl).
	Start, End int
	// Err is set, and Text empty, for a line of Lines input longer than
	// ReadOptions.MaxSentence: it is not read into memory, and not
	// translated.
	Err error
}

// ReadOptions configure ReadSentences.
type ReadOptions struct {
	// Format says how text becomes sentences.
	Format Format
	// Split splits normalised text into sentences; nil uses segment.Split.
	Split func(string) []segment.Span
	// Document, if set, is called as each document is started.
	Document func(name string)
	// Record, if set, is called for each record of a jsonl document, with
	// its id as written, before the record's sentences (a record may have
	// none).
	Record func(doc string, id json.RawMessage)
	// MaxSentence is the longest sentence, in characters, handed on whole
	// (0: DefaultMaxSentence). A longer stretch of text without a sentence
	// end is cut into parts of at most MaxSentence characters, at
	// grapheme-cluster boundaries and after whitespace where there is some;
	// a longer line of Lines input is handed on with Err set. It bounds the
	// memory a hostile input can take.
	MaxSentence int
	// DocError receives what could not be read: a document (skipped whole
	// when its invalid UTF-8 is found before any of it is read, cut short
	// otherwise), or one line of a jsonl document. Reading goes on with the
	// next one. Offset is the byte offset of the problem, or -1.
	DocError func(doc string, offset int64, err error)
}

// ReadSentences reads docs in order and hands every sentence to emit, in
// order. It is the one reader of documents: files, folders and standard
// input, as text, lines or jsonl. A document that cannot be read is given
// to opts.DocError and skipped; ReadSentences returns only emit's first
// error or ctx's.
func ReadSentences(ctx context.Context, docs []Document, opts ReadOptions, emit func(Sentence) error) error {
	if opts.Split == nil {
		opts.Split = segment.Split
	}
	if opts.DocError == nil {
		opts.DocError = func(string, int64, error) {}
	}
	if opts.MaxSentence <= 0 {
		opts.MaxSentence = DefaultMaxSentence
	}
	// A part kept over while a long paragraph is read must stay well under
	// the size at which the paragraph is flushed.
	opts.MaxSentence = min(opts.MaxSentence, maxParagraph/8)
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if opts.Document != nil {
			opts.Document(d.Name)
		}
		if d.Rereadable {
			if off, err := validate(d); err != nil {
				opts.DocError(d.Name, off, err)
				continue
			}
		}
		dr := &docReader{opts: &opts, ctx: ctx, doc: d.Name, emitFn: emit}
		err := dr.readDoc(d)
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, errEmit) {
			return dr.emitErr
		}
		var inv *InvalidUTF8Error
		if errors.As(err, &inv) {
			opts.DocError(d.Name, inv.Offset, err)
			continue
		}
		opts.DocError(d.Name, -1, err)
	}
	return nil
}

// errEmit marks a failure of the emit function, which ends the reading.
var errEmit = errors.New("emit failed")

// docReader reads one document and emits its sentences.
type docReader struct {
	opts    *ReadOptions
	ctx     context.Context
	doc     string
	emitFn  func(Sentence) error
	emitErr error
	index   int
}

// emit hands one sentence on.
func (dr *docReader) emit(id, text string, start, end int) error {
	return dr.emitSentence(Sentence{Doc: dr.doc, ID: id, Text: text, Start: start, End: end})
}

// emitSpan hands on the sentence text[from:to], whose first character is
// at code point startRunes of the document, cut into parts of at most
// MaxSentence characters. It returns the code point offset after it.
func (dr *docReader) emitSpan(id, text string, from, to, startRunes int) (int, error) {
	span := text[from:to]
	parts := append(cutLong(span, dr.opts.MaxSentence), len(span))
	prev := 0
	for _, cut := range parts {
		part := span[prev:cut]
		n := utf8.RuneCountInString(part)
		if err := dr.emit(id, normalize.Spaces(part), startRunes, startRunes+n); err != nil {
			return 0, err
		}
		startRunes += n
		prev = cut
	}
	return startRunes, nil
}

func (dr *docReader) emitSentence(s Sentence) error {
	s.Index = dr.index
	dr.index++
	if err := dr.emitFn(s); err != nil {
		dr.emitErr = err
		return errEmit
	}
	return nil
}

func (r *runner) read(ctx context.Context, docs []Document, ordered chan<- *item, jobs chan<- *job) error {
	defer close(ordered)
	defer close(jobs)
	e := &emitter{r: r, ctx: ctx, ordered: ordered, jobs: jobs, dedup: newDedup(r.opts.Dedup)}
	opts := ReadOptions{
		Format:      r.opts.Format,
		Split:       r.opts.Split,
		MaxSentence: r.opts.MaxSentence,
		Document:    func(string) { r.c.documents.Add(1) },
		DocError:    r.docError,
	}
	return ReadSentences(ctx, docs, opts, e.emit)
}

func (r *runner) docError(doc string, off int64, err error) {
	r.opts.Logger.Error("document skipped", "doc", doc, "offset", off, "err", err)
	r.c.docErrors = append(r.c.docErrors, corpus.DocError{Doc: doc, Offset: off, Error: err.Error()})
}

// validate reads a document once to find invalid UTF-8 before any of it is
// emitted, so a bad file is skipped whole.
func validate(d Document) (int64, error) {
	rc, err := d.Open()
	if err != nil {
		return -1, err
	}
	defer rc.Close()
	src, closeDecoder, err := decode(d.Name, rc)
	if err != nil {
		return -1, err
	}
	defer closeDecoder()
	buf := make([]byte, readBuffer+utf8.UTFMax)
	var base int64
	carry := 0
	line := 1
	for {
		n, err := io.ReadFull(src, buf[carry:carry+readBuffer])
		n += carry
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return -1, fmt.Errorf("%s: %w", d.Name, err)
		}
		chunk := buf[:n]
		// Hold back an incomplete rune at the end of a chunk unless the
		// document ends there.
		keep := 0
		if !eof {
			keep = incompleteTail(chunk)
		}
		if i := normalize.FirstInvalid(chunk[:n-keep]); i >= 0 {
			off := base + int64(i)
			return off, &InvalidUTF8Error{Doc: d.Name, Offset: off, Line: line + bytes.Count(chunk[:i], []byte{'\n'})}
		}
		if eof {
			return -1, nil
		}
		line += bytes.Count(chunk[:n-keep], []byte{'\n'})
		copy(buf, chunk[n-keep:])
		base += int64(n - keep)
		carry = keep
	}
}

// incompleteTail returns how many bytes at the end of b start a rune that
// the buffer cuts short.
func incompleteTail(b []byte) int {
	for k := 1; k < utf8.UTFMax && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < utf8.RuneSelf {
			return 0
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-k:]) {
				return k
			}
			return 0
		}
	}
	return 0
}

func (dr *docReader) readDoc(d Document) error {
	rc, err := d.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var src io.Reader = rc
	if !d.Rereadable {
		// A stream (stdin) may block for ever; the run must still stop
		// when it is cancelled.
		cr := newCancelableReader(dr.ctx, rc)
		defer cr.Close()
		src = cr
	}
	src, closeDecoder, err := decode(d.Name, src)
	if err != nil {
		return err
	}
	defer closeDecoder()
	br := bufio.NewReaderSize(src, readBuffer)
	switch dr.opts.Format {
	case Lines:
		return dr.readLines(br)
	case JSONL:
		return dr.readJSONL(br)
	default:
		return dr.readText(br)
	}
}

// lineReader yields lines without their terminator, checking UTF-8 (which
// matters for streams that could not be validated up front).
type lineReader struct {
	doc    string
	br     *bufio.Reader
	offset int64
	line   int
	carry  []byte // start of a character cut by the last piece
}

func (l *lineReader) next() (string, bool, error) {
	s, err := l.br.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, fmt.Errorf("%s: %w", l.doc, err)
	}
	if s == "" && err != nil {
		return "", false, nil
	}
	if i := normalize.FirstInvalid([]byte(s)); i >= 0 {
		return "", false, &InvalidUTF8Error{Doc: l.doc, Offset: l.offset + int64(i), Line: l.line + 1}
	}
	l.offset += int64(len(s))
	l.line++
	return strings.TrimSuffix(s, "\n"), true, nil
}

// piece is part of a line: text mode reads a long line in pieces of at most
// the reader's buffer size, cut between characters, so a document without
// line breaks is never held whole.
type piece struct {
	text string
	// more is true when the line goes on in the next piece.
	more bool
}

// nextPiece returns the next piece of the current line; ok is false at the
// end of the document.
func (l *lineReader) nextPiece() (p piece, ok bool, err error) {
	b, err := l.br.ReadSlice('\n')
	full := errors.Is(err, bufio.ErrBufferFull)
	if err != nil && !full && !errors.Is(err, io.EOF) {
		return piece{}, false, fmt.Errorf("%s: %w", l.doc, err)
	}
	if len(b) == 0 && len(l.carry) == 0 && !full {
		return piece{}, false, nil
	}
	// The bytes of a character the buffer cut wait for the next piece.
	buf := append(l.carry, b...)
	l.carry = nil
	if full {
		if keep := incompleteTail(buf); keep > 0 && keep < len(buf) {
			l.carry = append([]byte(nil), buf[len(buf)-keep:]...)
			buf = buf[:len(buf)-keep]
		}
	}
	if i := normalize.FirstInvalid(buf); i >= 0 {
		return piece{}, false, &InvalidUTF8Error{Doc: l.doc, Offset: l.offset + int64(i), Line: l.line + 1}
	}
	l.offset += int64(len(buf))
	if !full {
		l.line++
	}
	return piece{text: strings.TrimSuffix(string(buf), "\n"), more: full}, true, nil
}

func (dr *docReader) readLines(br *bufio.Reader) error {
	lr := &lineReader{doc: dr.doc, br: br}
	max := dr.opts.MaxSentence
	runes := 0
	var line strings.Builder
	for {
		// A line is read in pieces: one longer than the maximum is
		// counted, not kept.
		line.Reset()
		count, ok := 0, true
		for {
			pc, more, err := lr.nextPiece()
			if err != nil {
				return err
			}
			if !more {
				ok = false
				break
			}
			count += utf8.RuneCountInString(pc.text)
			if count <= max {
				line.WriteString(pc.text)
			}
			if !pc.more {
				break
			}
		}
		if !ok && count == 0 && line.Len() == 0 {
			return nil
		}
		if count > max {
			err := fmt.Errorf("%s:%d: line of %d characters, longer than max_sentence_chars (%d): not translated", dr.doc, lr.line, count, max)
			if err := dr.emitSentence(Sentence{Doc: dr.doc, Start: runes, End: runes + count, Err: err}); err != nil {
				return err
			}
			runes += count + 1
			if !ok {
				return nil
			}
			continue
		}
		norm := normalize.Text(line.String())
		n := utf8.RuneCountInString(norm)
		if err := dr.emit("", normalize.Spaces(norm), runes, runes+n); err != nil {
			return err
		}
		runes += n + 1
		if !ok {
			return nil
		}
	}
}

func (dr *docReader) readText(br *bufio.Reader) error {
	lr := &lineReader{doc: dr.doc, br: br}
	var para strings.Builder
	paraStart, runes := 0, 0
	flush := func(final bool) error {
		text := para.String()
		para.Reset()
		spans := dr.opts.Split(text)
		// Sentences too long to hand on whole are cut into parts.
		type part struct{ from, to int }
		var parts []part
		for _, sp := range spans {
			prev := sp.Start
			for _, cut := range cutLong(text[sp.Start:sp.End], dr.opts.MaxSentence) {
				parts = append(parts, part{prev, sp.Start + cut})
				prev = sp.Start + cut
			}
			parts = append(parts, part{prev, sp.End})
		}
		if !final && len(parts) > 1 {
			// Keep the last part: the paragraph goes on.
			last := parts[len(parts)-1]
			parts = parts[:len(parts)-1]
			defer func(rest string, skip int) {
				para.WriteString(rest)
				paraStart += skip
			}(text[last.from:], utf8.RuneCountInString(text[:last.from]))
		}
		pos, posRunes := 0, paraStart
		for _, p := range parts {
			posRunes += utf8.RuneCountInString(text[pos:p.from])
			startRunes := posRunes
			posRunes += utf8.RuneCountInString(text[p.from:p.to])
			pos = p.to
			if err := dr.emit("", normalize.Spaces(text[p.from:p.to]), startRunes, posRunes); err != nil {
				return err
			}
		}
		return nil
	}
	midLine := false // the last piece did not end its line
	for {
		pc, ok, err := lr.nextPiece()
		if err != nil {
			return err
		}
		if !ok {
			return flush(true)
		}
		norm := normalize.Text(pc.text)
		n := utf8.RuneCountInString(norm)
		if !pc.more {
			n++ // the line break
		}
		if !midLine && !pc.more && strings.TrimSpace(norm) == "" {
			if err := flush(true); err != nil {
				return err
			}
			runes += n
			paraStart = runes
			continue
		}
		if para.Len() > 0 && !midLine {
			para.WriteByte('\n')
		}
		para.WriteString(norm)
		runes += n
		midLine = pc.more
		if para.Len() > maxParagraph {
			if err := flush(false); err != nil {
				return err
			}
		}
	}
}

// jsonlRecord is one line of a jsonl input.
type jsonlRecord struct {
	ID   json.RawMessage `json:"id"`
	Text *string         `json:"text"`
}

func (dr *docReader) readJSONL(br *bufio.Reader) error {
	lr := &lineReader{doc: dr.doc, br: br}
	for {
		start := lr.offset
		line, ok, err := lr.next()
		if err != nil || !ok {
			return err
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		var rec jsonlRecord
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec.Text == nil {
			if err == nil {
				err = errors.New(`no "text" field`)
			}
			dr.opts.DocError(dr.doc, start, fmt.Errorf("%s:%d: bad JSON line: %w", dr.doc, lr.line, err))
			continue
		}
		if dr.opts.Record != nil {
			dr.opts.Record(dr.doc, rec.ID)
		}
		id := strings.Trim(string(rec.ID), `"`)
		dr.index = 0
		text := normalize.Text(*rec.Text)
		pos, posRunes := 0, 0
		for _, sp := range dr.opts.Split(text) {
			posRunes += utf8.RuneCountInString(text[pos:sp.Start])
			end, err := dr.emitSpan(id, text, sp.Start, sp.End, posRunes)
			if err != nil {
				return err
			}
			posRunes, pos = end, sp.End
		}
	}
}

// emitter hands the sentences the reader finds to the pipeline: each to
// the writer, in order, and each new one to the translation stages.
type emitter struct {
	r       *runner
	ctx     context.Context
	ordered chan<- *item
	jobs    chan<- *job
	dedup   *lru.Cache[string, *job]
	seq     int64
	// recent holds the last Options.Context non-blank sentences of the
	// document (of the record, for jsonl), oldest first.
	recent []string
}

// remember adds a sentence to the document's recent ones, keeping the last
// Options.Context.
func (e *emitter) remember(text string) {
	n := e.r.opts.Context
	if n <= 0 || strings.TrimSpace(text) == "" {
		return
	}
	if len(e.recent) == n {
		copy(e.recent, e.recent[1:])
		e.recent = e.recent[:n-1]
	}
	e.recent = append(e.recent, text)
}

// emit hands one sentence to the writer and, if it is new, its job to the
// translation stages.
func (e *emitter) emit(s Sentence) error {
	r := e.r
	if s.Index == 0 {
		// A new document or record: its context starts afresh.
		e.recent = e.recent[:0]
	}
	r.c.sentences.Add(1)
	if s.Err != nil {
		// A line that could not be read is a failure of its own.
		e.seq++
		r.c.unique.Add(1)
		j := &job{id: jobID(e.seq), done: make(chan struct{})}
		j.resolve(providers.Result{ID: j.id, Err: s.Err})
		it := &item{doc: s.Doc, index: s.Index, id: s.ID, start: s.Start, end: s.End, job: j}
		select {
		case e.ordered <- it:
		case <-e.ctx.Done():
			return e.ctx.Err()
		}
		return nil
	}
	j, seen := e.dedup.Get(s.Text)
	if !seen {
		e.seq++
		j = &job{id: jobID(e.seq), text: s.Text, done: make(chan struct{})}
		e.dedup.Add(s.Text, j)
		r.c.unique.Add(1)
		if strings.TrimSpace(s.Text) == "" {
			j.resolve(providers.Result{ID: j.id, Provider: r.opts.Provider.Name(), Model: r.opts.Provider.Model()})
		} else {
			if len(e.recent) > 0 {
				j.context = slices.Clone(e.recent)
			}
			select {
			case e.jobs <- j:
			case <-e.ctx.Done():
				return e.ctx.Err()
			}
		}
	}
	e.remember(s.Text)
	it := &item{doc: s.Doc, index: s.Index, id: s.ID, text: s.Text, start: s.Start, end: s.End, job: j}
	select {
	case e.ordered <- it:
	case <-e.ctx.Done():
		return e.ctx.Err()
	}
	return nil
}

// cancelableReader reads from r in a goroutine of its own, so that Read
// returns as soon as ctx is done even while the read below blocks (a pipe
// or terminal that nobody writes to). A read still blocked then is left
// behind with a buffer of its own, never the caller's.
type cancelableReader struct {
	ctx  context.Context
	reqs chan []byte
	done chan readResult
	buf  []byte
}

type readResult struct {
	n   int
	err error
}

func newCancelableReader(ctx context.Context, r io.Reader) *cancelableReader {
	c := &cancelableReader{ctx: ctx, reqs: make(chan []byte), done: make(chan readResult, 1)}
	go func() {
		for p := range c.reqs {
			n, err := r.Read(p)
			c.done <- readResult{n, err}
		}
	}()
	return c
}

// Read implements io.Reader.
func (c *cancelableReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if cap(c.buf) < len(p) {
		c.buf = make([]byte, len(p))
	}
	buf := c.buf[:len(p)]
	select {
	case c.reqs <- buf:
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
	}
	select {
	case res := <-c.done:
		return copy(p, buf[:res.n]), res.err
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
	}
}

// Close ends the reading goroutine once its current read returns.
func (c *cancelableReader) Close() error {
	close(c.reqs)
	return nil
}
