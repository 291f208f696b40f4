package review

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/output"
)

// ExportStats counts what Export wrote.
type ExportStats struct {
	Pairs    int // pairs read from pairs.jsonl
	Accepted int // accepted without change
	Edited   int
	Rejected int // left out of tsv, tmx and moses
	Failures int // carried over from failures.jsonl
}

// Export writes the corpus files of dir again from its pairs.jsonl, in
// opts.Formats and always in jsonl. With reviewed, the decisions of reviews.jsonl are applied
// first: edited English replaces the machine's, accepted and edited pairs
// are marked, rejected pairs are left out of tsv, tmx and moses (pairs.jsonl
// keeps them, marked, so that the review can go on). failures.jsonl is
// carried over; summary.json is left as the run wrote it.
func Export(ctx context.Context, dir string, opts output.Options, reviewed bool) (ExportStats, error) {
	var st ExportStats
	path := filepath.Join(dir, PairsFile)
	in, err := os.Open(path)
	if err != nil {
		return st, fmt.Errorf("review: %w", err)
	}
	defer in.Close()
	var journal *Journal
	if reviewed {
		j, err := OpenJournal(dir)
		if err != nil {
			return st, err
		}
		defer j.Close()
		journal = j
	}
	// pairs.jsonl is the source of truth: it is always written, or the
	// set, which removes the formats it does not hold, would remove it.
	if !slices.Contains(opts.Formats, "jsonl") {
		opts.Formats = append(slices.Clone(opts.Formats), "jsonl")
	}
	set, err := output.Open(dir, opts)
	if err != nil {
		return st, err
	}
	if err := exportPairs(ctx, in, path, set, journal, &st); err != nil {
		set.Abort()
		return st, err
	}
	if err := copyFailures(filepath.Join(dir, output.FailureFile), set, &st); err != nil {
		set.Abort()
		return st, err
	}
	return st, set.Close()
}

func exportPairs(ctx context.Context, in *os.File, path string, set *output.Set, journal *Journal, st *ExportStats) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), maxLine)
	for line := 1; sc.Scan(); line++ {
		if line%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var p corpus.Pair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return fmt.Errorf("review: %s:%d: not a pair: %w", path, line, err)
		}
		st.Pairs++
		if journal != nil {
			if rec, ok := journal.Decision(p); ok {
				p = Apply(p, rec)
			}
		}
		switch p.Reviewed {
		case corpus.Accepted:
			st.Accepted++
		case corpus.Edited:
			st.Edited++
		case corpus.Rejected:
			st.Rejected++
		}
		if err := set.WritePair(p); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("review: read %s: %w", path, err)
	}
	return nil
}

// copyFailures writes the failures of the run again: the output set
// replaces failures.jsonl with what it is given.
func copyFailures(path string, set *output.Set, st *ExportStats) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), maxLine)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var fl corpus.Failure
		if err := json.Unmarshal(sc.Bytes(), &fl); err != nil {
			return fmt.Errorf("review: %s:%d: not a failure record: %w", path, line, err)
		}
		if err := set.WriteFailure(fl); err != nil {
			return err
		}
		st.Failures++
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("review: read %s: %w", path, err)
	}
	return nil
}
