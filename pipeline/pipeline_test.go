package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/segment"
)

// upper is a test provider that "translates" by wrapping text in brackets,
// after an optional random delay, and can be told to fail.
type upper struct {
	calls    atomic.Int64
	segments atomic.Int64
	maxDelay time.Duration
	failText string        // segments containing it fail
	fatal    bool          // fail every call permanently
	block    chan struct{} // if set, calls not holding the first sentence wait on it
	mu       sync.Mutex
	seen     map[string]int
}

func (u *upper) Name() string               { return "upper" }
func (u *upper) Model() string              { return "u1" }
func (u *upper) Fingerprint() string        { return "" }
func (u *upper) Limits() providers.Limits   { return providers.Limits{MaxSegments: 8} }
func (u *upper) translated(s string) string { return "[" + s + "]" }

func (u *upper) Translate(ctx context.Context, req providers.Request) ([]providers.Result, error) {
	u.calls.Add(1)
	u.segments.Add(int64(len(req.Segments)))
	if u.fatal {
		return nil, providers.Permanent(errors.New("401 unauthorised"))
	}
	// Workers may send batches in any order: block every batch but the
	// one that holds the document's first sentence.
	if u.block != nil && !strings.Contains(req.Segments[0].Text, "संख्या 0 ") {
		select {
		case <-u.block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if u.maxDelay > 0 {
		time.Sleep(time.Duration(rand.Int64N(int64(u.maxDelay))))
	}
	u.mu.Lock()
	if u.seen == nil {
		u.seen = map[string]int{}
	}
	out := make([]providers.Result, len(req.Segments))
	for i, s := range req.Segments {
		u.seen[s.Text]++
		if u.failText != "" && strings.Contains(s.Text, u.failText) {
			out[i] = providers.Result{ID: s.ID, Err: errors.New("refused")}
			continue
		}
		out[i] = providers.Result{ID: s.ID, Text: u.translated(s.Text)}
	}
	u.mu.Unlock()
	return out, nil
}

type memSink struct {
	pairs    []corpus.Pair
	failures []corpus.Failure
}

func (m *memSink) WritePair(p corpus.Pair) error { m.pairs = append(m.pairs, p); return nil }
func (m *memSink) WriteFailure(f corpus.Failure) error {
	m.failures = append(m.failures, f)
	return nil
}

func textDoc(name, text string) Document {
	return Document{Name: name, Rereadable: true, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(text)), nil
	}}
}

// splitDanda is a simple splitter so these tests do not depend on the real
// one's rules: it ends a sentence after "।".
func splitDanda(text string) []segment.Span {
	var out []segment.Span
	start := 0
	add := func(end int) {
		s, e := start, end
		for s < e && (text[s] == ' ' || text[s] == '\n') {
			s++
		}
		for e > s && (text[e-1] == ' ' || text[e-1] == '\n') {
			e--
		}
		if s < e {
			out = append(out, segment.Span{Start: s, End: e, Text: text[s:e]})
		}
	}
	for i := 0; i < len(text); {
		if strings.HasPrefix(text[i:], "।") {
			i += len("।")
			add(i)
			start = i
			continue
		}
		i++
	}
	add(len(text))
	return out
}

func baseOptions(p providers.Provider) Options {
	return Options{Provider: p, Source: "hi", Target: "en", Split: splitDanda, Workers: 4, BatchSize: 5, BatchWait: 5 * time.Millisecond}
}

func numbered(n int, dup int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "वाक्य संख्या %d है। ", i%dup)
		if i%7 == 6 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

func TestOrderKeptUnderConcurrency(t *testing.T) {
	p := &upper{maxDelay: 2 * time.Millisecond}
	sink := &memSink{}
	opts := baseOptions(p)
	opts.Window = 16
	sum, err := Run(context.Background(), opts, []Document{textDoc("a", numbered(300, 1000)), textDoc("b", numbered(50, 1000))}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.pairs) != 350 || sum.Pairs != 350 || sum.Sentences != 350 {
		t.Fatalf("pairs=%d summary=%+v", len(sink.pairs), sum)
	}
	for i, pr := range sink.pairs {
		doc, idx := "a", i
		if i >= 300 {
			doc, idx = "b", i-300
		}
		want := fmt.Sprintf("वाक्य संख्या %d है।", idx)
		if pr.Doc != doc || pr.Index != idx || pr.Hi != want || pr.En != "["+want+"]" {
			t.Fatalf("pair %d = %+v, want %s/%d %q", i, pr, doc, idx, want)
		}
		if pr.Provider != "upper" || pr.Model != "u1" {
			t.Fatalf("pair %d provider = %s/%s", i, pr.Provider, pr.Model)
		}
	}
	if p.segments.Load() != 300 {
		t.Errorf("provider saw %d segments, want 300 (b repeats a)", p.segments.Load())
	}
}

func TestDuplicatesTranslatedOnce(t *testing.T) {
	p := &upper{}
	sink := &memSink{}
	sum, err := Run(context.Background(), baseOptions(p), []Document{textDoc("a", numbered(100, 10))}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if sum.UniqueSentences != 10 || len(sink.pairs) != 100 {
		t.Fatalf("unique=%d pairs=%d", sum.UniqueSentences, len(sink.pairs))
	}
	for text, n := range p.seen {
		if n != 1 {
			t.Errorf("%q sent %d times", text, n)
		}
	}
}

func TestBatchesRespectLimits(t *testing.T) {
	p := &upper{}
	opts := baseOptions(p)
	opts.BatchSize = 100 // the provider's MaxSegments (8) wins
	opts.BatchWait = time.Second
	if _, err := Run(context.Background(), opts, []Document{textDoc("a", numbered(80, 1000))}, &memSink{}); err != nil {
		t.Fatal(err)
	}
	if c := p.calls.Load(); c != 10 {
		t.Errorf("80 sentences in batches of 8 took %d calls, want 10", c)
	}
}

type mapLooker map[string]string

func (m mapLooker) Lookup(_ context.Context, req providers.Request) ([]providers.Result, error) {
	out := make([]providers.Result, len(req.Segments))
	for i, s := range req.Segments {
		if t, ok := m[s.Text]; ok {
			out[i] = providers.Result{ID: s.ID, Text: t, Provider: "upper", Model: "u1", Cached: true}
		}
	}
	return out, nil
}

func TestLookupAnswersBeforeBatching(t *testing.T) {
	p := &upper{}
	opts := baseOptions(p)
	opts.Lookup = mapLooker{"वाक्य संख्या 1 है।": "from cache"}
	sink := &memSink{}
	sum, err := Run(context.Background(), opts, []Document{textDoc("a", numbered(3, 100))}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if sum.CacheHits != 1 || p.segments.Load() != 2 {
		t.Fatalf("hits=%d sent=%d", sum.CacheHits, p.segments.Load())
	}
	if !sink.pairs[1].Cached || sink.pairs[1].En != "from cache" || sink.pairs[0].Cached {
		t.Errorf("pairs = %+v", sink.pairs)
	}
}

func TestFailedSentencesReportedNotWritten(t *testing.T) {
	p := &upper{failText: "संख्या 3 "}
	sink := &memSink{}
	sum, err := Run(context.Background(), baseOptions(p), []Document{textDoc("a", numbered(6, 100))}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.pairs) != 5 || len(sink.failures) != 1 || sum.Failures != 1 {
		t.Fatalf("pairs=%d failures=%+v", len(sink.pairs), sink.failures)
	}
	f := sink.failures[0]
	if f.Doc != "a" || f.Index != 3 || f.Error != "refused" {
		t.Errorf("failure = %+v", f)
	}
	for _, pr := range sink.pairs {
		if pr.En != "["+pr.Hi+"]" {
			t.Errorf("misaligned pair %+v", pr)
		}
	}
}

func TestPermanentErrorStopsRun(t *testing.T) {
	p := &upper{fatal: true}
	_, err := Run(context.Background(), baseOptions(p), []Document{textDoc("a", numbered(50, 100))}, &memSink{})
	if !providers.IsPermanent(err) {
		t.Fatalf("err = %v, want a permanent error", err)
	}
	if c := p.calls.Load(); c > 8 {
		t.Errorf("%d calls after a permanent error", c)
	}
}

func TestInvalidUTF8SkipsOnlyThatDocument(t *testing.T) {
	bad := "पहला वाक्य। दूसरा \xff वाक्य।"
	sink := &memSink{}
	sum, err := Run(context.Background(), baseOptions(&upper{}), []Document{
		textDoc("one.txt", "एक। दो।"), textDoc("bad.txt", bad), textDoc("three.txt", "तीन।"),
	}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.pairs) != 3 {
		t.Fatalf("pairs = %+v", sink.pairs)
	}
	if len(sum.DocumentErrors) != 1 {
		t.Fatalf("document errors = %+v", sum.DocumentErrors)
	}
	de := sum.DocumentErrors[0]
	want := int64(strings.Index(bad, "\xff"))
	if de.Doc != "bad.txt" || de.Offset != want || !strings.Contains(de.Error, "bad.txt:1:") || !strings.Contains(de.Error, fmt.Sprint(want)) {
		t.Errorf("document error = %+v, want bad.txt at %d", de, want)
	}
}

func TestInvalidUTF8InStream(t *testing.T) {
	stream := Document{Name: "-", Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader("ठीक।\nफिर \xfe।\n")), nil
	}}
	sink := &memSink{}
	sum, err := Run(context.Background(), baseOptions(&upper{}), []Document{stream}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.DocumentErrors) != 1 || sum.DocumentErrors[0].Offset != int64(len("ठीक।\nफिर ")) || !strings.HasPrefix(sum.DocumentErrors[0].Error, "-:2: ") {
		t.Errorf("document errors = %+v", sum.DocumentErrors)
	}
}

// TestInvalidUTF8NamesTheLine checks that a document found invalid before
// it is read names the line of the bad byte, also past the first buffer.
func TestInvalidUTF8NamesTheLine(t *testing.T) {
	long := strings.Repeat("एक लंबी पंक्ति।\n", readBuffer/20)
	text := long + "ठीक।\n\nफिर \xfe।\n"
	doc := Document{Name: "a.txt", Rereadable: true, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(text)), nil
	}}
	sum, err := Run(context.Background(), baseOptions(&upper{}), []Document{doc}, &memSink{})
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Count(long, "\n") + 3
	if len(sum.DocumentErrors) != 1 || !strings.HasPrefix(sum.DocumentErrors[0].Error, fmt.Sprintf("a.txt:%d: invalid UTF-8", line)) {
		t.Errorf("document errors = %+v, want line %d", sum.DocumentErrors, line)
	}
}

func TestValidateAcrossBufferBoundary(t *testing.T) {
	// A long valid document whose multi-byte characters straddle the
	// validator's buffer boundaries.
	text := strings.Repeat("क", readBuffer) + "।"
	if off, err := validate(textDoc("long", text)); err != nil {
		t.Fatalf("valid text rejected at %d: %v", off, err)
	}
	bad := strings.Repeat("ख", readBuffer/3+7) + "\xc3"
	off, err := validate(textDoc("bad", bad))
	if err == nil || off != int64(len(bad)-1) {
		t.Errorf("truncated rune: off=%d err=%v", off, err)
	}
}

func TestLinesFormatKeepsEveryLine(t *testing.T) {
	opts := baseOptions(&upper{})
	opts.Format = Lines
	sink := &memSink{}
	if _, err := Run(context.Background(), opts, []Document{textDoc("l", "एक। दो।\n\n  तीन  \r\n")}, sink); err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, p := range sink.pairs {
		got = append(got, p.Hi+"|"+p.En)
	}
	want := []string{"एक। दो।|[एक। दो।]", "|", "तीन|[तीन]"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("pairs = %q, want %q", got, want)
	}
}

func TestJSONLFormat(t *testing.T) {
	opts := baseOptions(&upper{})
	opts.Format = JSONL
	in := `{"id":"x1","text":"एक। दो।"}` + "\n" + `not json` + "\n" + `{"id":7,"text":"तीन।"}` + "\n"
	sink := &memSink{}
	sum, err := Run(context.Background(), opts, []Document{textDoc("in.jsonl", in)}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.pairs) != 3 || sink.pairs[0].ID != "x1" || sink.pairs[1].Index != 1 || sink.pairs[2].ID != "7" || sink.pairs[2].Index != 0 {
		t.Errorf("pairs = %+v", sink.pairs)
	}
	if len(sum.DocumentErrors) != 1 || !strings.Contains(sum.DocumentErrors[0].Error, "in.jsonl:2") {
		t.Errorf("document errors = %+v", sum.DocumentErrors)
	}
}

func TestOffsetsPointIntoNormalisedDocument(t *testing.T) {
	doc := "शीर्षक\n\nपहला वाक्य। दूसरा वाक्य।\nतीसरा।"
	sink := &memSink{}
	if _, err := Run(context.Background(), baseOptions(&upper{}), []Document{textDoc("d", doc)}, sink); err != nil {
		t.Fatal(err)
	}
	runes := []rune(doc)
	for _, p := range sink.pairs {
		if got := string(runes[p.Start:p.End]); got != p.Hi {
			t.Errorf("offsets %d:%d give %q, pair has %q", p.Start, p.End, got, p.Hi)
		}
	}
	if len(sink.pairs) != 4 {
		t.Errorf("pairs = %d, want 4", len(sink.pairs))
	}
}

func TestLongParagraphIsStreamed(t *testing.T) {
	// One paragraph far over maxParagraph, with no blank line.
	var b strings.Builder
	n := 0
	for b.Len() < 3*maxParagraph {
		fmt.Fprintf(&b, "लंबा अनुच्छेद वाक्य %d। ", n)
		n++
	}
	sink := &memSink{}
	if _, err := Run(context.Background(), baseOptions(&upper{}), []Document{textDoc("long", b.String())}, sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.pairs) != n {
		t.Fatalf("pairs = %d, want %d", len(sink.pairs), n)
	}
	runes := []rune(b.String())
	for i, p := range sink.pairs {
		if want := fmt.Sprintf("लंबा अनुच्छेद वाक्य %d।", i); p.Hi != want {
			t.Fatalf("pair %d = %q, want %q", i, p.Hi, want)
		}
		if string(runes[p.Start:p.End]) != p.Hi {
			t.Fatalf("pair %d offsets %d:%d wrong", i, p.Start, p.End)
		}
	}
}

func TestCancellationWritesInOrderPrefix(t *testing.T) {
	p := &upper{block: make(chan struct{})}
	opts := baseOptions(p)
	opts.Workers = 2
	// The requests in flight never end: wait for them only briefly.
	opts.Drain = 50 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	sink := &memSink{}
	opts.OnPair = func(written, _ int) {
		if written == 3 {
			cancel()
		}
	}
	sum, err := Run(ctx, opts, []Document{textDoc("a", numbered(200, 1000))}, sink)
	if !errors.Is(err, context.Canceled) || !sum.Interrupted {
		t.Fatalf("err = %v interrupted=%v", err, sum.Interrupted)
	}
	if len(sink.pairs) < 3 || len(sink.pairs) >= 200 {
		t.Fatalf("wrote %d pairs", len(sink.pairs))
	}
	for i, pr := range sink.pairs {
		if pr.Index != i {
			t.Fatalf("pair %d has index %d: not an in-order prefix", i, pr.Index)
		}
	}
}

func TestQualityCheckFlags(t *testing.T) {
	opts := baseOptions(&upper{})
	opts.Check = func(hi, en string) []string {
		if strings.Contains(hi, "2") {
			return []string{"number_mismatch"}
		}
		return nil
	}
	sink := &memSink{}
	sum, err := Run(context.Background(), opts, []Document{textDoc("a", numbered(4, 100))}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.pairs[2].Flags) != 1 || len(sink.pairs[1].Flags) != 0 || sum.Flags["number_mismatch"] != 1 {
		t.Errorf("flags = %v / %v", sink.pairs, sum.Flags)
	}
}

// TestFlagsOncePerSentenceThenCheckInOrder: Options.Flags runs once per
// distinct sentence, whether the cache or the provider answered it, and
// Check, called for every pair in input order, adds its flags after them
// without touching the flags the repeats of a sentence share.
func TestFlagsOncePerSentenceThenCheckInOrder(t *testing.T) {
	opts := baseOptions(&upper{maxDelay: time.Millisecond})
	cached := mapLooker{}
	for i := 0; i < 20; i += 2 {
		text := fmt.Sprintf("वाक्य संख्या %d है।", i)
		cached[text] = "(" + text + ")"
	}
	opts.Lookup = cached
	var mu sync.Mutex
	flagged := map[string]int{}
	opts.Flags = func(hi, en string) []string {
		mu.Lock()
		flagged[hi]++
		mu.Unlock()
		if strings.HasPrefix(en, "(") {
			return []string{"from_cache"}
		}
		return nil
	}
	seen := map[string]bool{} // the writer alone calls Check
	var order []string
	opts.Check = func(hi, en string) []string {
		order = append(order, hi)
		if seen[hi] {
			return []string{"repeat"}
		}
		seen[hi] = true
		return nil
	}
	sink := &memSink{}
	sum, err := Run(context.Background(), opts, []Document{textDoc("a", numbered(60, 20))}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.pairs) != 60 || len(order) != 60 {
		t.Fatalf("pairs=%d checks=%d", len(sink.pairs), len(order))
	}
	for hi, n := range flagged {
		if n != 1 {
			t.Errorf("Flags of %q computed %d times", hi, n)
		}
	}
	if len(flagged) != 20 {
		t.Errorf("Flags computed for %d sentences, want 20", len(flagged))
	}
	for i, p := range sink.pairs {
		if order[i] != p.Hi {
			t.Fatalf("check %d was of %q, pair is %q", i, order[i], p.Hi)
		}
		var want []string
		if i%20%2 == 0 {
			want = append(want, "from_cache")
		}
		if i >= 20 {
			want = append(want, "repeat")
		}
		if !slices.Equal(p.Flags, want) {
			t.Errorf("pair %d (%q) flags %v, want %v", i, p.Hi, p.Flags, want)
		}
	}
	if sum.Flags["from_cache"] != 30 || sum.Flags["repeat"] != 40 {
		t.Errorf("summary flags %v", sum.Flags)
	}
}
