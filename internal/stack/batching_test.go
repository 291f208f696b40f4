package stack

import (
	"os"
	"strings"
	"testing"

	"github.com/anuvad/anuvad/config"
	"github.com/anuvad/anuvad/providers"
	"github.com/anuvad/anuvad/providers/all"
)

// TestBatchingFor checks the reconciliation of the global batch keys with
// a provider's limits, with each key set or left at its default.
func TestBatchingFor(t *testing.T) {
	reg := all.Registry()
	tests := []struct {
		name         string
		yaml         string
		env          map[string]string
		limits       providers.Limits
		wantSegments int
		wantChars    int
		wantNote     string
	}{
		{name: "provider set, global default: the provider's value", yaml: "provider: openai\n",
			env: map[string]string{"ANUVAD_PROVIDERS_OPENAI_BATCH_SIZE": "50"}, limits: providers.Limits{MaxSegments: 50, MaxChars: 4000},
			wantSegments: 50, wantChars: 4000, wantNote: "providers.openai.batch_size (set: 50 segments) wins over batch.size (default: 32 segments)"},
		{name: "both set: the tighter", yaml: "provider: openai\nbatch:\n  size: 40\n",
			env: map[string]string{"ANUVAD_PROVIDERS_OPENAI_BATCH_SIZE": "50"}, limits: providers.Limits{MaxSegments: 50, MaxChars: 4000},
			wantSegments: 40, wantChars: 4000, wantNote: "batch.size (set: 40 segments) is below providers.openai.batch_size (set: 50 segments)"},
		{name: "provider default below global default", yaml: "provider: openai\n", limits: providers.Limits{MaxSegments: 20, MaxChars: 4000},
			wantSegments: 20, wantChars: 4000, wantNote: "providers.openai.max_chars (default: 4000 characters) is below batch.chars (default: 6000 characters)"},
		{name: "provider default above global default: the global", yaml: "provider: google\n", limits: providers.Limits{MaxSegments: 128, MaxChars: 1300},
			wantSegments: 32, wantChars: 1300, wantNote: "batch.size (default: 32 segments) is below providers.google.max_segments (default: 128 segments)"},
		{name: "no limit settings: nothing to explain", yaml: "provider: offline\n", limits: providers.Limits{MaxSegments: 10000, MaxChars: 1 << 20},
			wantSegments: 32, wantChars: 6000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			l := config.NewLoader(reg.Sections())
			path := t.TempDir() + "/anuvad.yaml"
			writeFile(t, path, tt.yaml)
			if err := l.ReadFile(path); err != nil {
				t.Fatal(err)
			}
			cfg, err := l.Load()
			if err != nil {
				t.Fatal(err)
			}
			b := BatchingFor(cfg, reg.Sections(), tt.limits)
			if b.Segments != tt.wantSegments || b.Chars != tt.wantChars {
				t.Errorf("got %d segments, %d chars; want %d, %d", b.Segments, b.Chars, tt.wantSegments, tt.wantChars)
			}
			notes := strings.Join(b.Notes, "\n")
			if tt.wantNote == "" && notes != "" || !strings.Contains(notes, tt.wantNote) {
				t.Errorf("notes:\n%s\nwant one containing %q", notes, tt.wantNote)
			}
		})
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
