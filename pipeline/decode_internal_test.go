package pipeline

import (
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestLooksUTF16(t *testing.T) {
	enc := func(s string, order binary.AppendByteOrder) []byte {
		var out []byte
		for _, u := range utf16.Encode([]rune(s)) {
			out = order.AppendUint16(out, u)
		}
		return out
	}
	text := "राम घर गया। Ram went home. सीता आई।"
	for _, c := range []struct {
		name string
		b    []byte
		want bool
	}{
		{"UTF-16LE", enc(text, binary.LittleEndian), true},
		{"UTF-16BE", enc(text, binary.BigEndian), true},
		{"UTF-8", []byte(text), false},
		{"UTF-8 with tabs", []byte(strings.Repeat("a\tb\t\t\tc\n", 10)), false},
		{"short", enc("ab", binary.LittleEndian), false},
	} {
		head := c.b[:min(64, len(c.b))]
		if got := looksUTF16(head); got != c.want {
			t.Errorf("%s: looksUTF16 = %v", c.name, got)
		}
	}
}
