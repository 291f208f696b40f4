package config

import (
	"os"
	"strings"
	"testing"
)

func TestUnknownKeysNameTheClosestKnownOne(t *testing.T) {
	t.Setenv("ANUVAD_WOKERS", "8")
	l, _ := newTestLoader(t, "wokers: 3\nproviders:\n  demo:\n    modle: big\n")
	_, err := l.Load()
	if err == nil {
		t.Fatal("unknown keys accepted")
	}
	for _, want := range []string{
		"unknown key wokers: did you mean workers?",
		"unknown key providers.demo.modle: did you mean providers.demo.model?",
		"ANUVAD_WOKERS: unknown variable: did you mean ANUVAD_WORKERS?",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestUnknownKeyWithNothingClose(t *testing.T) {
	l, _ := newTestLoader(t, "colour: blue\n")
	_, err := l.Load()
	if err == nil || !strings.Contains(err.Error(), "unknown key colour: see anuvad config --keys") {
		t.Errorf("err = %v", err)
	}
}

func TestMapValuedKeyAndTestSwitchesAreKnown(t *testing.T) {
	t.Setenv("ANUVAD_TEST_SOMETHING", "1")
	t.Setenv("ANUVAD_REQUIRE_BROWSER", "1")
	sections := []Section{{Name: "providers.demo", Options: []Option{{Key: "glossary", Default: ""}}}}
	l := NewLoader(sections)
	path := t.TempDir() + "/anuvad.yaml"
	writeTestFile(t, path, "providers:\n  demo:\n    glossary:\n      लोकसभा: Lok Sabha\n")
	if err := l.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Load(); err != nil {
		t.Errorf("a glossary map or a test switch refused: %v", err)
	}
}

func TestBadValuesNameTheirSource(t *testing.T) {
	t.Setenv("ANUVAD_WORKERS", "abc")
	t.Setenv("ANUVAD_RETRY_MAX", "soon")
	l, _ := newTestLoader(t, "budget: lots\nquiet: maybe\n")
	_, err := l.Load()
	if err == nil {
		t.Fatal("bad values accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		"ANUVAD_WORKERS=abc: not a whole number",
		"ANUVAD_RETRY_MAX=soon: not a duration",
		`anuvad.yaml: budget: "lots" is not a number`,
		`anuvad.yaml: quiet: "maybe" is not true or false`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "mapstructure") || strings.Contains(msg, "strconv") || strings.Contains(msg, "decod") {
		t.Errorf("decoder internals shown:\n%s", msg)
	}
}

func TestAbsurdValuesRefused(t *testing.T) {
	for _, tc := range []struct{ env, value, want string }{
		{"ANUVAD_WORKERS", "100000", "workers: 100000 is not between 1 and 256"},
		{"ANUVAD_ALIGN_MIN_SCORE", "1.5", "align.min_score: 1.5 is not between 0 and 1"},
		{"ANUVAD_ALIGN_MIN_SCORE", "-0.1", "align.min_score: -0.1 is not between 0 and 1"},
		{"ANUVAD_SOURCE_LANG", "hindi language", `source_lang: "hindi language" is not a language tag`},
	} {
		t.Run(tc.env+"="+tc.value, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			l, _ := newTestLoader(t, "")
			if _, err := l.Load(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	l, _ := newTestLoader(t, "", "--formats=")
	if _, err := l.Load(); err == nil || !strings.Contains(err.Error(), "formats: at least one format is needed") {
		t.Errorf("empty --formats: err = %v", err)
	}
}

func TestOriginOfEachLayer(t *testing.T) {
	t.Setenv("ANUVAD_PROVIDER", "demo")
	t.Setenv("DEMO_API_KEY", "k")
	l, _ := newTestLoader(t, "workers: 3\nformats: tsv\n", "--formats", "jsonl")
	if err := l.SetForProvider("model", []string{"model"}, "large"); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"window":                 "default",
		"workers":                "file ",
		"provider":               "env ANUVAD_PROVIDER",
		"providers.demo.api_key": "env DEMO_API_KEY",
		"formats":                "flag --formats",
		"providers.demo.model":   "flag --model",
	} {
		if got := l.Origin(key).String(); !strings.HasPrefix(got, want) {
			t.Errorf("origin of %s = %q, want %q", key, got, want)
		}
	}
	c, err := l.Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.Providers["demo"]["model"] != "large" {
		t.Errorf("--model not applied: %v", c.Providers["demo"])
	}
	if err := l.SetForProvider("base-url", []string{"base_url", "endpoint"}, "http://x"); err == nil || !strings.Contains(err.Error(), "provider demo has no base_url or endpoint setting") {
		t.Errorf("--base-url for a provider without one: %v", err)
	}
}

func writeTestFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDeployScriptVariablesAreNotKeys(t *testing.T) {
	for _, name := range ScriptVariables {
		t.Setenv(name, "x")
	}
	l, _ := newTestLoader(t, "")
	if _, err := l.Load(); err != nil {
		t.Errorf("a deployment script's variable refused: %v", err)
	}
}
