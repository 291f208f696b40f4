package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/output"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/all"
	"github.com/anuvad/anuvad/providers/fake"
	"github.com/anuvad/anuvad/providers/openai/openaitest"
	"github.com/anuvad/anuvad/tmx"
)

const seedsDir = "../../seeds"

// testFactory returns a factory with captured output and the shipped
// providers plus extra ones.
func testFactory(t *testing.T, extra ...providers.Spec) (*Factory, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	reg := all.Registry()
	for _, s := range extra {
		reg.Register(s)
	}
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &Factory{IO: IOStreams{In: strings.NewReader(""), Out: out, ErrOut: errOut}, Registry: reg, Version: "test"}, out, errOut
}

// testFactoryB is testFactory for benchmarks.
func testFactoryB() (*Factory, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &Factory{IO: IOStreams{In: strings.NewReader(""), Out: out, ErrOut: errOut}, Registry: all.Registry(), Version: "test"}, out, errOut
}

// isolate keeps tests away from the user's configuration and cache.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "xdg-cache"))
	t.Setenv("HOME", dir)
	return dir
}

// countingSpec is a registry entry for the fake provider that counts the
// segments it is sent.
func countingSpec(name string, sent *atomic.Int64, hook func(ctx context.Context, call int, req providers.Request) error) providers.Spec {
	return providers.Spec{
		Name:        name,
		Description: "test provider",
		New: func(context.Context, config.Settings, *slog.Logger) (providers.Provider, error) {
			return fake.New(fake.Options{Name: name, FailCall: func(ctx context.Context, call int, req providers.Request) error {
				sent.Add(int64(len(req.Segments)))
				if hook != nil {
					return hook(ctx, call, req)
				}
				return nil
			}}), nil
		},
	}
}

func seedAbs(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs(seedsDir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func readSummary(t *testing.T, dir string) corpus.Summary {
	t.Helper()
	s, err := output.ReadSummary(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestTranslateSeedsOfflineEndToEnd(t *testing.T) {
	seeds := seedAbs(t)
	dir := isolate(t)
	f, _, errOut := testFactory(t)
	out := filepath.Join(dir, "out")
	if code := Run(context.Background(), f, []string{"translate", "--out", out, seeds}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	sum := readSummary(t, out)
	if sum.Sentences < 20 || sum.Pairs != sum.Sentences || sum.Failures != 0 {
		t.Fatalf("summary = %+v", sum)
	}
	if sum.ProviderCalls == 0 || sum.CacheHits != 0 {
		t.Errorf("first run: calls=%d hits=%d", sum.ProviderCalls, sum.CacheHits)
	}

	tsv := lines(t, filepath.Join(out, output.TSVFile))
	if len(tsv) != sum.Sentences {
		t.Errorf("tsv rows %d != sentences %d", len(tsv), sum.Sentences)
	}
	for i, row := range tsv {
		f := strings.Split(row, "\t")
		if len(f) != 2 || f[0] == "" || f[1] == "" {
			t.Errorf("tsv row %d = %q", i, row)
		}
	}
	hi, en := lines(t, filepath.Join(out, output.MosesSource)), lines(t, filepath.Join(out, output.MosesTarget))
	if len(hi) != len(en) || len(hi) != sum.Sentences {
		t.Errorf("moses %d/%d lines, want %d", len(hi), len(en), sum.Sentences)
	}
	jl := lines(t, filepath.Join(out, output.JSONLFile))
	for i, l := range jl {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("jsonl %d: %v", i, err)
		}
		for _, k := range []string{"doc", "index", "hi", "en", "provider", "model", "cached", "flags"} {
			if _, ok := m[k]; !ok {
				t.Errorf("jsonl %d lacks %s", i, k)
			}
		}
		if m["provider"] != "offline" || m["hi"] != hi[i] {
			t.Errorf("jsonl %d = %v", i, m)
		}
	}
	raw, err := os.ReadFile(filepath.Join(out, output.TMXFile))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := tmx.Parse(raw)
	if err != nil {
		t.Fatalf("tmx: %v", err)
	}
	if len(doc.Units) != sum.Sentences || doc.Units[0].Variants[0].Text != hi[0] || doc.Units[0].Variants[1].Text != en[0] {
		t.Errorf("tmx has %d units, first %+v", len(doc.Units), doc.Units[0])
	}
	// The dateline stays with its sentence, and the sign-off is its own.
	if !strings.HasPrefix(hi[1], "सोल, 13 जुलाई .") {
		t.Errorf("second sentence = %q, want the dateline sentence", hi[1])
	}
	if hi[len(hi)-1] != "पीएसके/केआर" {
		t.Errorf("last sentence = %q, want the sign-off", hi[len(hi)-1])
	}
	if !strings.Contains(errOut.String(), "pairs written") {
		t.Errorf("no summary on stderr: %s", errOut)
	}

	// A second run is served wholly from the cache.
	errOut.Reset()
	if code := Run(context.Background(), f, []string{"translate", "--out", out, seeds}); code != ExitOK {
		t.Fatalf("rerun exit %d: %s", code, errOut)
	}
	again := readSummary(t, out)
	if again.ProviderCalls != 0 || again.CacheHits != again.UniqueSentences {
		t.Errorf("rerun: calls=%d hits=%d unique=%d", again.ProviderCalls, again.CacheHits, again.UniqueSentences)
	}
	en2 := lines(t, filepath.Join(out, output.MosesTarget))
	if strings.Join(en2, "\n") != strings.Join(en, "\n") {
		t.Error("cached rerun changed the English side")
	}
}

func TestBadInputLosesNoOtherData(t *testing.T) {
	dir := isolate(t)
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	os.WriteFile(filepath.Join(in, "a.txt"), []byte("पहला वाक्य है। दूसरा वाक्य है।\n"), 0o644)
	bad := []byte("ठीक है। यह \xff टूटा है।\n")
	os.WriteFile(filepath.Join(in, "b.txt"), bad, 0o644)
	os.WriteFile(filepath.Join(in, "c.txt"), []byte("तीसरी फ़ाइल।\n"), 0o644)
	var sent atomic.Int64
	f, _, errOut := testFactory(t, countingSpec("counting", &sent, nil))
	out := filepath.Join(dir, "out")
	code := Run(context.Background(), f, []string{"translate", "--provider", "counting", "--out", out, in})
	if code != ExitPartial {
		t.Fatalf("exit %d, want %d: %s", code, ExitPartial, errOut)
	}
	msg := errOut.String()
	wantOff := strings.Index(string(bad), "\xff")
	if !strings.Contains(msg, "b.txt") || !strings.Contains(msg, fmt.Sprintf("offset %d", wantOff)) {
		t.Errorf("stderr does not name the file and offset: %s", msg)
	}
	hi := lines(t, filepath.Join(out, output.MosesSource))
	if len(hi) != 3 || hi[2] != "तीसरी फ़ाइल।" {
		t.Errorf("corpus.hi = %q", hi)
	}
	sum := readSummary(t, out)
	if len(sum.DocumentErrors) != 1 || sum.DocumentErrors[0].Offset != int64(wantOff) {
		t.Errorf("document errors = %+v", sum.DocumentErrors)
	}
}

func TestInterruptedRunLeavesValidFiles(t *testing.T) {
	seeds := seedAbs(t)
	dir := isolate(t)
	// The request in flight at the interrupt never answers: it is awaited
	// for the request timeout.
	t.Setenv("ANUVAD_RETRY_REQUEST_TIMEOUT", "500ms")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var sent atomic.Int64
	block := func(ctx context.Context, call int, _ providers.Request) error {
		if call >= 3 {
			cancel() // the user presses Ctrl-C while the third request is out
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	}
	f, _, errOut := testFactory(t, countingSpec("slow", &sent, block))
	out := filepath.Join(dir, "out")
	code := Run(ctx, f, []string{"translate", "--provider", "slow", "--batch-size", "2", "--workers", "1", "--out", out, seeds})
	if code != ExitInterrupted {
		t.Fatalf("exit %d, want %d: %s", code, ExitInterrupted, errOut)
	}
	sum := readSummary(t, out)
	if !sum.Interrupted || sum.Pairs == 0 {
		t.Fatalf("summary = %+v", sum)
	}
	hi, en := lines(t, filepath.Join(out, output.MosesSource)), lines(t, filepath.Join(out, output.MosesTarget))
	if len(hi) != sum.Pairs || len(en) != sum.Pairs {
		t.Errorf("moses %d/%d lines for %d pairs", len(hi), len(en), sum.Pairs)
	}
	for i := range hi {
		if en[i] != fake.Prefix(hi[i]) {
			t.Errorf("line %d misaligned: %q / %q", i, hi[i], en[i])
		}
	}
	raw, _ := os.ReadFile(filepath.Join(out, output.TMXFile))
	if doc, err := tmx.Parse(raw); err != nil || len(doc.Units) != sum.Pairs {
		t.Errorf("tmx after interrupt: %d units for %d pairs, %v", len(doc.Units), sum.Pairs, err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(out, "*.partial"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestSplitJSONL(t *testing.T) {
	isolate(t)
	f, out, errOut := testFactory(t)
	f.IO.In = strings.NewReader(`{"id":"d1","text":"राम घर गया। सीता आई।"}` + "\n" + `{"id":2,"text":"एक वाक्य"}` + "\n")
	if code := Run(context.Background(), f, []string{"split", "--jsonl"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	sc := bufio.NewScanner(out)
	var got []splitRecord
	for sc.Scan() {
		var r splitRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if len(got) != 2 || string(got[0].ID) != `"d1"` || len(got[0].Sentences) != 2 || string(got[1].ID) != "2" {
		t.Errorf("split output = %+v", got)
	}
}

func TestConfigRedactsSecrets(t *testing.T) {
	isolate(t)
	t.Setenv("SECRETIVE_API_KEY", "sk-test-zq9x-1234")
	t.Setenv("ANUVAD_PROVIDERS_SECRETIVE_TOKEN", "tok-zq9x-5678")
	secretive := providers.Spec{Name: "secretive", Options: []config.Option{
		{Key: "api_key", Sensitive: true, Env: []string{"SECRETIVE_API_KEY"}, Default: ""},
		{Key: "token", Sensitive: true, Default: ""},
	}}
	f, out, errOut := testFactory(t, secretive)
	if code := Run(context.Background(), f, []string{"config", "--keys"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	s := out.String()
	if strings.Contains(s, "zq9x") {
		t.Fatalf("secret shown:\n%s", s)
	}
	if !strings.Contains(s, "providers.secretive.api_key") || strings.Count(s, config.Redacted) < 2 {
		t.Errorf("api keys not listed as redacted:\n%s", s)
	}
}

func TestUsageErrors(t *testing.T) {
	isolate(t)
	tests := [][]string{
		{"translate"},
		{"translate", "--formats", "xlsx", "x"},
		{"translate", "--no-such-flag", "x"},
		{"align", "only-one"},
		{"translate", "--provider", "nosuch", seedsDir},
	}
	for _, args := range tests {
		f, _, errOut := testFactory(t)
		if code := Run(context.Background(), f, args); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, ExitUsage, errOut)
		}
	}
}

func TestTranslateFlagsParse(t *testing.T) {
	f, _, _ := testFactory(t)
	var got *TranslateOptions
	cmd := NewCmdTranslate(f, func(_ context.Context, o *TranslateOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--dry-run", "--workers", "3", "a.txt", "-"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !got.DryRun || len(got.Paths) != 2 || got.Paths[1] != "-" {
		t.Errorf("options = %+v", got)
	}
	if got.Config.Workers != 3 {
		t.Errorf("workers = %d, want the flag's 3", got.Config.Workers)
	}
}

func TestDryRunMakesNoCalls(t *testing.T) {
	seeds := seedAbs(t)
	isolate(t)
	var sent atomic.Int64
	f, out, errOut := testFactory(t, countingSpec("counting", &sent, nil))
	if code := Run(context.Background(), f, []string{"translate", "--dry-run", "--provider", "counting,offline", seeds}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	s := out.String()
	for _, want := range []string{"sentences", "unique sentences", "cache hits", "counting", "offline", "est. cost"} {
		if !strings.Contains(s, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, s)
		}
	}
	if _, err := os.Stat("out"); !os.IsNotExist(err) {
		t.Error("dry run wrote outputs")
	}
	if sent.Load() != 0 {
		t.Errorf("dry run sent %d segments", sent.Load())
	}
}

func TestReadmeDocumentsEveryKey(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	f, _, _ := testFactory(t)
	l := config.NewLoader(f.Registry.Sections())
	for _, e := range l.Reference() {
		if !strings.Contains(string(readme), "| `"+e.Key+"` |") {
			t.Errorf("README.md does not document %s (regenerate with anuvad config --markdown)", e.Key)
		}
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const (
	alignHi = "दिल्ली में 12 मार्च को बारिश हुई।\nसरकार ने 2024 में नई योजना शुरू की।\nयह वाक्य अंग्रेज़ी में नहीं है।\nमोदी ने 5 देशों की यात्रा की।\n"
	alignEn = "It rained in Delhi on 12 March.\nThe government started a new scheme in 2024.\nModi visited 5 countries.\n"
)

func TestAlignIndices(t *testing.T) {
	dir := isolate(t)
	writeFile(t, filepath.Join(dir, "a.hi"), alignHi)
	writeFile(t, filepath.Join(dir, "a.en"), alignEn)
	f, out, errOut := testFactory(t)
	code := Run(context.Background(), f, []string{"align", "--input-format", "lines", "--format", "indices", "a.hi", "a.en"})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[2]\n"
	if out.String() != want {
		t.Errorf("indices =\n%s\nwant\n%s", out, want)
	}
}

func TestAlignFoldersToCorpus(t *testing.T) {
	dir := isolate(t)
	for _, name := range []string{"one.txt", "two.txt"} {
		writeFile(t, filepath.Join(dir, "hi", name), alignHi)
		writeFile(t, filepath.Join(dir, "en", name), alignEn)
	}
	writeFile(t, filepath.Join(dir, "hi", "lonely.txt"), alignHi)
	f, _, errOut := testFactory(t)
	code := Run(context.Background(), f, []string{"align", "--input-format", "lines", "--hi-dir", "hi", "--en-dir", "en", "--out", "corpus"})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	hi, en := lines(t, filepath.Join(dir, "corpus", output.MosesSource)), lines(t, filepath.Join(dir, "corpus", output.MosesTarget))
	if len(hi) != 6 || len(en) != 6 {
		t.Fatalf("corpus has %d/%d lines, want 6 (3 pairs per document)", len(hi), len(en))
	}
	if en[2] != "Modi visited 5 countries." || !strings.Contains(hi[2], "मोदी") {
		t.Errorf("pair 2 = %q / %q", hi[2], en[2])
	}
	jl := lines(t, filepath.Join(dir, "corpus", output.JSONLFile))
	var p corpus.Pair
	if err := json.Unmarshal([]byte(jl[3]), &p); err != nil {
		t.Fatal(err)
	}
	if p.Doc != "two.txt" || p.Score == nil || *p.Score <= 0 || p.Provider != "aligned" {
		t.Errorf("jsonl pair = %+v", p)
	}
}

func TestTranslateStdinLines(t *testing.T) {
	dir := isolate(t)
	f, _, errOut := testFactory(t)
	f.IO.In = strings.NewReader("भारत एक देश है।\n\nदिल्ली राजधानी है।\n")
	code := Run(context.Background(), f, []string{"translate", "--input-format", "lines", "--formats", "moses", "--out", "o", "-"})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	en := lines(t, filepath.Join(dir, "o", output.MosesTarget))
	if len(en) != 3 || en[1] != "" || en[0] == "" || en[2] == "" {
		t.Errorf("corpus.en = %q, want three lines with the blank one kept", en)
	}
}

// TestConflictingBatchSettingsAreExplained: a provider batch size set by
// the user is not lowered by the global default, and both `anuvad
// providers` and the translate log (once, at info) say what requests carry.
func TestConflictingBatchSettingsAreExplained(t *testing.T) {
	dir := isolate(t)
	t.Setenv("OPENAI_API_KEY", "sk-test")
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_BATCH_SIZE", "50")
	code, out, errOut := run(t, "providers", "--config", writeConfig(t, dir, "provider: openai\n"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"50 segments, 4000 chars", "requests: at most 50 segments and 4000 characters", "providers.openai.batch_size (set: 50 segments) wins over batch.size (default: 32 segments)"} {
		if !strings.Contains(out, want) {
			t.Errorf("providers output lacks %q:\n%s", want, out)
		}
	}

	srv := openaitest.NewServer(t, openaitest.Options{})
	t.Setenv("ANUVAD_PROVIDERS_OPENAI_BASE_URL", srv.URL+"/v1")
	in := filepath.Join(dir, "in.txt")
	var sb strings.Builder
	for i := range 120 {
		fmt.Fprintf(&sb, "वाक्य %d है। ", i)
	}
	if err := os.WriteFile(in, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = run(t, "translate", "--provider", "openai", "--no-cache", "--quiet", "--log-level", "info", "--out", filepath.Join(dir, "out"), in)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if n := strings.Count(errOut, "request size"); n != 1 || !strings.Contains(errOut, "segments=50") {
		t.Errorf("want one info record with segments=50, got %d:\n%s", n, errOut)
	}
	biggest := 0
	for _, r := range srv.Requests() {
		biggest = max(biggest, len(r.Segments))
	}
	if biggest != 50 {
		t.Errorf("largest request held %d segments, want 50", biggest)
	}
}

// writeConfig writes a configuration file in dir and returns its path.
func writeConfig(t *testing.T, dir, yaml string) string {
	t.Helper()
	path := filepath.Join(dir, "conf.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
