package review

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/anuvad/anuvad/corpus"
)

// PairsFile is the file the review page serves: the source of truth.
const PairsFile = "pairs.jsonl"

// maxLine is the longest pairs.jsonl line the index accepts.
const maxLine = 64 << 20

// Index locates every pair of a pairs.jsonl file without holding the pairs:
// the byte offset of each line and a few small columns to filter on
// (document, provider, flags, review state). A million pairs cost about
// 30 MB; the text itself stays on disk and a page reads only its own lines.
type Index struct {
	path    string
	f       *os.File
	size    int64
	modTime time.Time

	offsets []int64  // start of pair n's line
	lengths []uint32 // length of pair n's line
	docs    []uint32
	provs   []uint16
	flags   []uint64
	state   []uint8 // a stateCode of the pair's review decision

	docNames  []string
	provNames []string
	flagNames []string
}

// Review states held per pair in the index.
const (
	stateNone uint8 = iota
	stateAccepted
	stateEdited
	stateRejected
)

func stateCode(decision string) uint8 {
	switch decision {
	case corpus.Accepted:
		return stateAccepted
	case corpus.Edited:
		return stateEdited
	case corpus.Rejected:
		return stateRejected
	}
	return stateNone
}

// indexLine holds the fields of a pair the index needs.
type indexLine struct {
	Doc      string   `json:"doc"`
	Index    int      `json:"index"`
	Hi       string   `json:"hi"`
	Provider string   `json:"provider"`
	Flags    []string `json:"flags"`
	Reviewed string   `json:"reviewed"`
}

// BuildIndex reads path once, streaming, and indexes its pairs. decision
// gives the review decision recorded for a pair, if any; without one, the
// pair's own mark (from an export) stands. A line
// that is not a pair is an error naming the file and line.
func BuildIndex(path string, decision func(doc string, index int, hi string) (string, bool)) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("review: %w", err)
	}
	ix := &Index{path: path, f: f, size: st.Size(), modTime: st.ModTime()}
	docIDs := map[string]uint32{}
	provIDs := map[string]uint16{}
	flagIDs := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), maxLine)
	var pos int64
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		start := pos
		pos += int64(len(b)) + 1
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		var p indexLine
		if err := json.Unmarshal(b, &p); err != nil {
			f.Close()
			return nil, fmt.Errorf("review: %s:%d: not a pair: %w", path, line, err)
		}
		d, ok := docIDs[p.Doc]
		if !ok {
			d = uint32(len(ix.docNames))
			docIDs[p.Doc] = d
			ix.docNames = append(ix.docNames, p.Doc)
		}
		pr, ok := provIDs[p.Provider]
		if !ok {
			if len(ix.provNames) == 1<<16-1 {
				f.Close()
				return nil, fmt.Errorf("review: %s:%d: more than %d providers", path, line, 1<<16-1)
			}
			pr = uint16(len(ix.provNames))
			provIDs[p.Provider] = pr
			ix.provNames = append(ix.provNames, p.Provider)
		}
		var mask uint64
		for _, fl := range p.Flags {
			bit, ok := flagIDs[fl]
			if !ok {
				if len(ix.flagNames) == 64 {
					f.Close()
					return nil, fmt.Errorf("review: %s:%d: more than 64 kinds of flags", path, line)
				}
				bit = len(ix.flagNames)
				flagIDs[fl] = bit
				ix.flagNames = append(ix.flagNames, fl)
			}
			mask |= 1 << bit
		}
		ix.offsets = append(ix.offsets, start)
		ix.docs = append(ix.docs, d)
		ix.provs = append(ix.provs, pr)
		ix.flags = append(ix.flags, mask)
		mark := p.Reviewed
		if d, ok := decision(p.Doc, p.Index, p.Hi); ok {
			mark = d
		}
		ix.state = append(ix.state, stateCode(mark))
		ix.lengths = append(ix.lengths, uint32(len(b)))
	}
	if err := sc.Err(); err != nil {
		f.Close()
		return nil, fmt.Errorf("review: read %s: %w", path, err)
	}
	return ix, nil
}

// Len is the number of pairs.
func (ix *Index) Len() int { return len(ix.offsets) }

// Close releases the file.
func (ix *Index) Close() error { return ix.f.Close() }

// stale reports whether the file changed since the index was built.
func (ix *Index) stale() bool {
	st, err := os.Stat(ix.path)
	return err != nil || st.Size() != ix.size || !st.ModTime().Equal(ix.modTime) || !os.SameFile(st, ix.stat())
}

func (ix *Index) stat() os.FileInfo {
	st, err := ix.f.Stat()
	if err != nil {
		return nil
	}
	return st
}

// Pair reads pair n from the file.
func (ix *Index) Pair(n int) (corpus.Pair, error) {
	if n < 0 || n >= ix.Len() {
		return corpus.Pair{}, fmt.Errorf("review: no pair %d (there are %d)", n, ix.Len())
	}
	buf := make([]byte, ix.lengths[n])
	if _, err := ix.f.ReadAt(buf, ix.offsets[n]); err != nil && !errors.Is(err, io.EOF) {
		return corpus.Pair{}, fmt.Errorf("review: read %s: %w", ix.path, err)
	}
	var p corpus.Pair
	if err := json.Unmarshal(buf, &p); err != nil {
		return corpus.Pair{}, fmt.Errorf("review: %s: pair %d: %w", ix.path, n, err)
	}
	return p, nil
}

// Filter selects pairs. Empty fields match every pair.
type Filter struct {
	Flag     string `json:"flag,omitempty"`
	Provider string `json:"provider,omitempty"`
	Doc      string `json:"doc,omitempty"`
	// Status is unreviewed, accepted (edited included), edited or rejected.
	Status string `json:"status,omitempty"`
	// Text is searched in both sides, ignoring case.
	Text string `json:"q,omitempty"`
}

// Statuses lists the values of Filter.Status.
var Statuses = []string{"unreviewed", corpus.Accepted, corpus.Edited, corpus.Rejected}

// matcher returns the test of f on pair numbers, or nil when f names a
// value no pair has. text, if not nil, marks the pairs matching f.Text.
func (ix *Index) matcher(f Filter, text []uint64) func(n int) bool {
	var doc, prov = -1, -1
	var mask uint64
	if f.Doc != "" {
		if doc = slices.Index(ix.docNames, f.Doc); doc < 0 {
			return nil
		}
	}
	if f.Provider != "" {
		if prov = slices.Index(ix.provNames, f.Provider); prov < 0 {
			return nil
		}
	}
	if f.Flag != "" {
		bit := slices.Index(ix.flagNames, f.Flag)
		if bit < 0 {
			return nil
		}
		mask = 1 << bit
	}
	status := -1
	switch f.Status {
	case "":
	case "unreviewed":
		status = int(stateNone)
	case corpus.Accepted, corpus.Edited, corpus.Rejected:
		status = int(stateCode(f.Status))
	default:
		return nil
	}
	return func(n int) bool {
		if doc >= 0 && ix.docs[n] != uint32(doc) || prov >= 0 && ix.provs[n] != uint16(prov) || ix.flags[n]&mask != mask {
			return false
		}
		if status >= 0 {
			s := ix.state[n]
			if status == int(stateAccepted) {
				if s != stateAccepted && s != stateEdited {
					return false
				}
			} else if int(s) != status {
				return false
			}
		}
		return text == nil || text[n/64]&(1<<(n%64)) != 0
	}
}

// Select returns the numbers of the pairs matching f from the offset-th
// match on, at most limit of them, and the number of matches. text is the
// result of Search for f.Text, or nil without a text filter.
func (ix *Index) Select(f Filter, text []uint64, offset, limit int) ([]int, int) {
	match := ix.matcher(f, text)
	if match == nil {
		return nil, 0
	}
	if f == (Filter{}) {
		var page []int
		for n := offset; n < min(offset+limit, ix.Len()); n++ {
			page = append(page, n)
		}
		return page, ix.Len()
	}
	var page []int
	total := 0
	for n := range ix.Len() {
		if !match(n) {
			continue
		}
		if total >= offset && len(page) < limit {
			page = append(page, n)
		}
		total++
	}
	return page, total
}

// Search marks the pairs whose Hindi or English contains text, ignoring
// case, reading the file once from start to end. edits holds English
// written by reviewers, by pair key, searched instead of the file's;
// edited tells which pairs have such an edit.
func (ix *Index) Search(text string, edits map[string]string, edited []bool) ([]uint64, error) {
	needle := strings.ToLower(text)
	raw := []byte(needle)
	// The raw line can be searched first unless JSON escapes the needle.
	quick := rawSearchable(needle)
	bits := make([]uint64, (ix.Len()+63)/64)
	r := io.NewSectionReader(ix.f, 0, ix.size)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), maxLine)
	var lower []byte
	n := 0
	var pos int64
	for sc.Scan() {
		b := sc.Bytes()
		start := pos
		pos += int64(len(b)) + 1
		if n >= ix.Len() || start != ix.offsets[n] {
			continue // a blank line
		}
		i := n
		n++
		if quick && !edited[i] {
			lower = appendLower(lower[:0], b)
			if !bytes.Contains(lower, raw) {
				continue
			}
		}
		var p struct {
			Doc   string `json:"doc"`
			Index int    `json:"index"`
			Hi    string `json:"hi"`
			En    string `json:"en"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, fmt.Errorf("review: %s: pair %d: %w", ix.path, i, err)
		}
		en := p.En
		if e, ok := edits[pairKey(p.Doc, p.Index, p.Hi)]; ok {
			en = e
		}
		if strings.Contains(strings.ToLower(p.Hi), needle) || strings.Contains(strings.ToLower(en), needle) {
			bits[i/64] |= 1 << (i % 64)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("review: read %s: %w", ix.path, err)
	}
	return bits, nil
}

// appendLower appends b with ASCII letters lowered, a cheap first test
// before a line is decoded.
func appendLower(dst, b []byte) []byte {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// rawSearchable reports whether needle can be found in a JSON line as it
// is: JSON escapes none of its characters, and no character has a case
// that appendLower would miss.
func rawSearchable(needle string) bool {
	for _, r := range needle {
		switch {
		case r < 0x20, r == '<', r == '>', r == '&', r == '"', r == '\\', r == '\u2028', r == '\u2029', r == utf8.RuneError:
			return false
		case r >= utf8.RuneSelf && (unicode.ToUpper(r) != r || unicode.ToLower(r) != r):
			return false
		}
	}
	return true
}
