package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

var testSection = Section{Name: "providers.demo", Options: []Option{
	{Key: "model", Default: "small", Help: "model"},
	{Key: "api_key", Default: "", Sensitive: true, Env: []string{"DEMO_API_KEY"}, Help: "key"},
}}

func newTestLoader(t *testing.T, yaml string, args ...string) (*Loader, *pflag.FlagSet) {
	t.Helper()
	l := NewLoader([]Section{testSection})
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	AddFlags(fs, "workers", "provider", "formats", "quiet")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if err := l.BindFlags(fs); err != nil {
		t.Fatal(err)
	}
	if yaml != "" {
		path := filepath.Join(t.TempDir(), "anuvad.yaml")
		if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := l.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
	return l, fs
}

func TestPrecedence(t *testing.T) {
	const file = "workers: 7\nproviders:\n  demo:\n    model: from-file\n"
	tests := []struct {
		name        string
		env         map[string]string
		args        []string
		wantWorkers int
		wantModel   string
	}{
		{name: "default", wantWorkers: 7, wantModel: "from-file"},
		{name: "env over file", env: map[string]string{"ANUVAD_WORKERS": "9", "ANUVAD_PROVIDERS_DEMO_MODEL": "from-env"}, wantWorkers: 9, wantModel: "from-env"},
		{name: "flag over env", env: map[string]string{"ANUVAD_WORKERS": "9"}, args: []string{"--workers", "11"}, wantWorkers: 11, wantModel: "from-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			l, _ := newTestLoader(t, file, tt.args...)
			c, err := l.Load()
			if err != nil {
				t.Fatal(err)
			}
			if c.Workers != tt.wantWorkers {
				t.Errorf("workers = %d, want %d", c.Workers, tt.wantWorkers)
			}
			if got := c.Providers["demo"]["model"]; got != tt.wantModel {
				t.Errorf("model = %v, want %s", got, tt.wantModel)
			}
		})
	}
}

func TestDefaultsWithoutFile(t *testing.T) {
	l, _ := newTestLoader(t, "")
	c, err := l.Load()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Provider, ",") != "offline" {
		t.Errorf("provider = %v, want [offline]", c.Provider)
	}
	if strings.Join(c.Formats, ",") != "tsv,jsonl,tmx,moses" {
		t.Errorf("formats = %v", c.Formats)
	}
	if c.Cache.Path == "" {
		t.Error("cache path not defaulted")
	}
}

func TestEnvOnlyKeysAndLists(t *testing.T) {
	t.Setenv("ANUVAD_PROVIDER", "demo,offline")
	t.Setenv("ANUVAD_BATCH_WAIT", "2s")
	t.Setenv("DEMO_API_KEY", "k-123")
	l, _ := newTestLoader(t, "")
	c, err := l.Load()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Provider, "|") != "demo|offline" {
		t.Errorf("provider = %v", c.Provider)
	}
	if c.Batch.Wait.String() != "2s" {
		t.Errorf("batch.wait = %v", c.Batch.Wait)
	}
	if c.Providers["demo"]["api_key"] != "k-123" {
		t.Errorf("conventional env fallback not read: %v", c.Providers["demo"]["api_key"])
	}
}

func TestEffectiveRedactsSecrets(t *testing.T) {
	t.Setenv("ANUVAD_PROVIDERS_DEMO_API_KEY", "sk-very-secret")
	l, _ := newTestLoader(t, "")
	found := false
	for _, e := range l.Effective() {
		if strings.Contains(fmt.Sprint(e.Value), "sk-very-secret") {
			t.Fatalf("secret shown for %s", e.Key)
		}
		if e.Key == "providers.demo.api_key" {
			found = true
			if e.Value != Redacted {
				t.Errorf("api_key shown as %v, want %s", e.Value, Redacted)
			}
		}
	}
	if !found {
		t.Fatal("providers.demo.api_key not listed")
	}
}

func TestValidateRejectsBadValues(t *testing.T) {
	l, _ := newTestLoader(t, "formats: tsv,xlsx\nworkers: 0\ninput_format: pdf\n")
	_, err := l.Load()
	if err == nil {
		t.Fatal("expected an error")
	}
	for _, want := range []string{"xlsx", "workers", "pdf"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestSettingsDecode(t *testing.T) {
	var out struct {
		Model   string   `mapstructure:"model"`
		Terms   []string `mapstructure:"terms"`
		Retries int      `mapstructure:"retries"`
	}
	err := Settings{"model": "m", "terms": "a,b", "retries": "3"}.Decode(&out)
	if err != nil {
		t.Fatal(err)
	}
	if out.Model != "m" || len(out.Terms) != 2 || out.Retries != 3 {
		t.Errorf("decoded %+v", out)
	}
}

func TestExplicitKnowsWhatTheUserSet(t *testing.T) {
	t.Setenv("DEMO_API_KEY", "k")
	t.Setenv("ANUVAD_BATCH_CHARS", "")
	l, _ := newTestLoader(t, "providers:\n  demo:\n    model: big\n", "--workers", "3")
	l.Set("budget", 2.5)
	c, err := l.Load()
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]bool{
		"providers.demo.model":   true,  // file
		"providers.demo.api_key": true,  // conventional environment variable
		"workers":                true,  // flag
		"budget":                 true,  // Set
		"batch.size":             false, // default
		"batch.chars":            false, // empty environment variable
		"provider":               false, // flag declared but not given
	} {
		if got := c.Explicit(key); got != want {
			t.Errorf("Explicit(%q) = %v, want %v", key, got, want)
		}
	}
	t.Setenv("ANUVAD_BATCH_SIZE", "50")
	l, _ = newTestLoader(t, "")
	if c, err := l.Load(); err != nil || !c.Explicit("batch.size") {
		t.Errorf("ANUVAD_BATCH_SIZE set: Explicit = %v, %v", c.Explicit("batch.size"), err)
	}
}
