package align

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// FormatIndices writes links in the Vecalign/Bleualign "indices" format,
// one link per line: "[0, 1]:[0]" (Hindi 0 and 1 with English 0), "[3]:[]"
// (Hindi 3 unaligned), "[]:[4]".
func FormatIndices(w io.Writer, links []Link) error {
	return formatIndices(w, links, false)
}

// formatIndices writes links one a line, with their scores if scores.
func formatIndices(w io.Writer, links []Link, scores bool) error {
	bw := bufio.NewWriter(w)
	var buf []byte
	for _, l := range links {
		buf = appendIndexList(buf[:0], l.Hi)
		buf = append(buf, ':')
		buf = appendIndexList(buf, l.En)
		if scores {
			buf = append(buf, ':')
			buf = strconv.AppendFloat(buf, l.Score, 'f', 4, 64)
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func appendIndexList(buf []byte, idx []int) []byte {
	buf = append(buf, '[')
	for k, v := range idx {
		if k > 0 {
			buf = append(buf, ',', ' ')
		}
		buf = strconv.AppendInt(buf, int64(v), 10)
	}
	return append(buf, ']')
}

// ParseIndices reads links in the format FormatIndices writes. A third
// ":"-separated field, if present, is read as the score.
func ParseIndices(r io.Reader) ([]Link, error) {
	var links []Link
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		parts := strings.Split(text, ":")
		if len(parts) < 2 {
			return nil, fmt.Errorf("align: line %d: want [..]:[..], got %q", line, text)
		}
		hi, err := parseIndexList(parts[0])
		if err != nil {
			return nil, fmt.Errorf("align: line %d: %w", line, err)
		}
		en, err := parseIndexList(parts[1])
		if err != nil {
			return nil, fmt.Errorf("align: line %d: %w", line, err)
		}
		l := Link{Hi: hi, En: en}
		if len(parts) > 2 {
			if l.Score, err = strconv.ParseFloat(strings.TrimSpace(parts[2]), 64); err != nil {
				return nil, fmt.Errorf("align: line %d: score: %w", line, err)
			}
		}
		links = append(links, l)
	}
	return links, sc.Err()
}

func parseIndexList(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, fmt.Errorf("bad index list %q", s)
	}
	inner := strings.TrimSpace(s[1 : len(s)-1])
	out := []int{}
	if inner == "" {
		return out, nil
	}
	for _, f := range strings.Split(inner, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("bad index list %q", s)
		}
		out = append(out, v)
	}
	return out, nil
}

// FormatIndicesScores writes links as FormatIndices does, each followed by
// its score: "[0, 1]:[0]:0.9731". ParseIndices reads it back.
func FormatIndicesScores(w io.Writer, links []Link) error {
	return formatIndices(w, links, true)
}
