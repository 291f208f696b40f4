package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/providers/openai/openaitest"
)

// goSlice matches Go's printing of a slice of words: [a b c].
var goSlice = regexp.MustCompile(`\[[a-z]+( [a-z]+)+\]`)

func TestUsageErrorsEndWithTheCommandsUsage(t *testing.T) {
	isolate(t)
	for _, tc := range []struct {
		args  []string
		usage string
	}{
		{[]string{"version"}, "Usage: anuvad COMMAND"},
		{[]string{"cache", "import"}, "Usage: anuvad cache import [flags] FILE..."},
		{[]string{"cache", "frob"}, "Usage: anuvad cache [flags]"},
		{[]string{"cache", "stats", "extra"}, "anuvad cache stats takes no arguments, not \"extra\"\nUsage: anuvad cache stats [flags]"},
		{[]string{"cache", "import", "--format", "xlsx", "f.tmx"}, "Usage: anuvad cache import [flags] FILE..."},
		{[]string{"translate"}, "Usage: anuvad translate [flags] PATH..."},
		{[]string{"translate", "--workers", "many", "x"}, "Usage: anuvad translate [flags] PATH..."},
		{[]string{"cache", "prune"}, "Usage: anuvad cache prune [flags]"},
	} {
		f, _, errOut := testFactory(t)
		code := Run(context.Background(), f, tc.args)
		msg := errOut.String()
		if code != ExitUsage || !strings.Contains(msg, tc.usage) || strings.Contains(msg, "Run 'anuvad --help'") && len(tc.args) > 1 {
			t.Errorf("%v: exit %d, want %d with %q:\n%s", tc.args, code, ExitUsage, tc.usage, msg)
		}
	}
}

func TestConfigurationErrorsExit2(t *testing.T) {
	seeds := seedAbs(t)
	dir := isolate(t)
	for _, tc := range []struct {
		env, file string
		args      []string
		want      string
	}{
		{file: "wokers: 3\n", args: []string{"translate", seeds}, want: "unknown key wokers: did you mean workers?"},
		{env: "ANUVAD_WOKERS=3", args: []string{"config"}, want: "ANUVAD_WOKERS: unknown variable: did you mean ANUVAD_WORKERS?"},
		{env: "ANUVAD_WORKERS=abc", args: []string{"translate", seeds}, want: "ANUVAD_WORKERS=abc: not a whole number"},
		{args: []string{"translate", "--workers", "5000", seeds}, want: "workers: 5000 is not between 1 and 256"},
		{args: []string{"translate", "--formats", "", seeds}, want: "formats: at least one format is needed"},
		{args: []string{"align", "--min-score", "1.5", "a", "b"}, want: "align.min_score: 1.5 is not between 0 and 1"},
		{args: []string{"translate", "--source-lang", "ur", seeds}, want: "provider offline translates only from hi, not from ur"},
		{args: []string{"translate", "--provider", "nosuch", seeds}, want: "unknown provider \"nosuch\" (known: google, offline, openai)"},
		{args: []string{"translate", "--model", "big", seeds}, want: "--model: provider offline has no model setting"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			os.Remove(filepath.Join(dir, "anuvad.yaml"))
			if tc.file != "" {
				writeFile(t, filepath.Join(dir, "anuvad.yaml"), tc.file)
			}
			if k, v, ok := strings.Cut(tc.env, "="); ok {
				t.Setenv(k, v)
			}
			f, _, errOut := testFactory(t)
			code := Run(context.Background(), f, tc.args)
			msg := errOut.String()
			if code != ExitUsage || !strings.Contains(msg, tc.want) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, ExitUsage, tc.want, msg)
			}
			if strings.Contains(msg, "Usage:") || goSlice.MatchString(msg) || strings.Contains(msg, "mapstructure") {
				t.Errorf("a configuration error shows a usage line, Go slice syntax or decoder internals:\n%s", msg)
			}
		})
	}
}

func TestConfigShowOrigin(t *testing.T) {
	dir := isolate(t)
	writeFile(t, filepath.Join(dir, "anuvad.yaml"), "workers: 3\nprovider: [openai, offline]\n")
	t.Setenv("ANUVAD_BATCH_SIZE", "7")
	f, out, errOut := testFactory(t)
	if code := Run(context.Background(), f, []string{"config", "--show-origin", "--log-level", "info"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		`(?m)^workers +3 +file anuvad.yaml$`,
		`(?m)^provider +openai,offline +file anuvad.yaml$`,
		`(?m)^batch.size +7 +env ANUVAD_BATCH_SIZE$`,
		`(?m)^log.level +info +flag --log-level$`,
		`(?m)^window +4096 +default$`,
	} {
		if !regexp.MustCompile(want).MatchString(out.String()) {
			t.Errorf("no line %s in:\n%s", want, out)
		}
	}
	if goSlice.MatchString(out.String()) {
		t.Errorf("Go slice syntax:\n%s", out)
	}
}

func TestModelAndBaseURLFlags(t *testing.T) {
	dir, seeds := cloudEnv(t)
	s := openaitest.NewServer(t, openaitest.Options{Key: openaiKey})
	t.Setenv("OPENAI_API_KEY", openaiKey)
	code, _, stderr := run(t, "translate", "--provider", "openai", "--model", "tiny-mt", "--base-url", s.BaseURL(), "--out", filepath.Join(dir, "out"), seeds)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if len(s.Requests()) == 0 {
		t.Fatal("--base-url: no request reached the server")
	}
	for _, r := range s.Requests() {
		if r.Model != "tiny-mt" {
			t.Fatalf("request for model %q, want tiny-mt", r.Model)
		}
	}
	for _, p := range readPairs(t, filepath.Join(dir, "out")) {
		if p.Model != "tiny-mt" {
			t.Fatalf("pair credited to model %q", p.Model)
		}
	}
}

func TestMessagesSayOneNotOnes(t *testing.T) {
	dir := isolate(t)
	path := filepath.Join(dir, "one.txt")
	writeFile(t, path, "राम घर गया।\n")
	f, out, errOut := testFactory(t)
	if code := Run(context.Background(), f, []string{"translate", "--dry-run", path}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out.String(), "1 sentence, ") || !strings.Contains(out.String(), "1 request") || strings.Contains(out.String(), "1 sentences") {
		t.Errorf("dry run:\n%s", out)
	}
	for n, want := range map[int]string{0: "0 documents", 1: "1 document", 2: "2 documents"} {
		if got := plural(n, "document"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
	if got := plural(3, "batch"); got != "3 batches" {
		t.Errorf("plural(3, batch) = %q", got)
	}
	if got := plural(2, "entry"); got != "2 entries" {
		t.Errorf("plural(2, entry) = %q", got)
	}
}
