package providers

import (
	"fmt"
	"testing"
)

func TestChunk(t *testing.T) {
	segs := []Segment{{Text: "एक"}, {Text: "दो"}, {Text: "तीन"}, {Text: "बहुत लंबा वाक्य"}, {Text: "पाँच"}}
	tests := []struct {
		name string
		idx  []int
		l    Limits
		want string
	}{
		{"no limits", Indexes(5), Limits{}, "[[0 1 2 3 4]]"},
		{"by count", Indexes(5), Limits{MaxSegments: 2}, "[[0 1] [2 3] [4]]"},
		{"by characters", Indexes(5), Limits{MaxChars: 6}, "[[0 1] [2] [3] [4]]"},
		{"subset keeps order", []int{4, 1, 0}, Limits{MaxSegments: 2}, "[[4 1] [0]]"},
		{"empty", nil, Limits{MaxSegments: 1}, "[]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(Chunk(segs, tt.idx, tt.l)); got != tt.want {
			t.Errorf("%s: Chunk = %s, want %s", tt.name, got, tt.want)
		}
	}
}
