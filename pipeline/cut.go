package pipeline

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// DefaultMaxSentence is the longest sentence, in characters (code points),
// that the reader hands on whole; see ReadOptions.MaxSentence.
const DefaultMaxSentence = 3000

// cutLong returns the byte offsets at which s is cut into parts of at most
// max code points: each cut falls at a grapheme-cluster boundary (never in
// the middle of an akshara), just after the last whitespace of the part
// when it has some. Only a single cluster longer than max is cut between
// code points. A text of at most max code points is not cut (nil).
func cutLong(s string, max int) []int {
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return nil
	}
	var cuts []int
	start := 0
	for utf8.RuneCountInString(s[start:]) > max {
		cut := cutPoint(s[start:], max)
		cuts = append(cuts, start+cut)
		start += cut
	}
	return cuts
}

// cutPoint returns where to end the first part of s, which is longer than
// max code points.
func cutPoint(s string, max int) int {
	runes, pos := 0, 0
	lastBoundary, lastSpace := 0, 0
	state := -1
	rest := s
	for len(rest) > 0 {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		n := utf8.RuneCountInString(cluster)
		if runes+n > max {
			break
		}
		runes += n
		pos += len(cluster)
		lastBoundary = pos
		if r, _ := utf8.DecodeRuneInString(cluster); unicode.IsSpace(r) {
			lastSpace = pos
		}
	}
	switch {
	case lastSpace > 0:
		return lastSpace
	case lastBoundary > 0:
		return lastBoundary
	}
	// One cluster longer than max: cut it between code points.
	cut := 0
	for range max {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
	}
	return cut
}
