package providers

import "unicode/utf8"

// Chunk groups the segments at the indexes idx (in that order) into runs
// that fit Limits: at most MaxSegments segments and MaxChars characters a
// run, zero meaning no limit. A single segment longer than MaxChars gets a
// run of its own. Providers use it to split a batch into requests.
func Chunk(segs []Segment, idx []int, l Limits) [][]int {
	var out [][]int
	var cur []int
	chars := 0
	for _, i := range idx {
		n := utf8.RuneCountInString(segs[i].Text)
		full := len(cur) > 0 && ((l.MaxSegments > 0 && len(cur) >= l.MaxSegments) || (l.MaxChars > 0 && chars+n > l.MaxChars))
		if full {
			out = append(out, cur)
			cur, chars = nil, 0
		}
		cur = append(cur, i)
		chars += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// Indexes returns 0, 1, ..., n-1.
func Indexes(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}
