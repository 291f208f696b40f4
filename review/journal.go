package review

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/anuvad/anuvad/cache"
	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/quality"
)

// JournalFile is the name of the review journal in the output folder.
const JournalFile = "reviews.jsonl"

// Record is one review decision, a line of reviews.jsonl. A pair is named by
// its document, its index and its Hindi text, so a decision never lands on
// another sentence after the corpus is made again.
type Record struct {
	Time  time.Time `json:"time"`
	Doc   string    `json:"doc"`
	Index int       `json:"index"`
	Hi    string    `json:"hi"`
	// Decision is corpus.Accepted, corpus.Edited or corpus.Rejected, or
	// empty when a decision was withdrawn.
	Decision string `json:"decision"`
	// En is the English a person wrote, for Edited.
	En string `json:"en,omitempty"`
}

// Journal is the append-only record of review decisions of one output
// folder. Each decision is one line, written with a single write and
// synced to disk before Append returns, so a decision acknowledged to the
// reader survives a crash; a line cut short by a crash is dropped when the
// journal is opened again. The latest decision for a pair wins.
type Journal struct {
	mu     sync.Mutex
	path   string
	f      *os.File
	latest map[string]Record
}

// OpenJournal reads dir's journal, creating it if needed, and opens it for
// appending. A malformed complete line is an error naming its position.
func OpenJournal(dir string) (*Journal, error) {
	path := filepath.Join(dir, JournalFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	j := &Journal{path: path, f: f, latest: map[string]Record{}}
	good, err := j.load()
	if err != nil {
		f.Close()
		return nil, err
	}
	// Drop a torn last line so that the next record starts on its own.
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, fmt.Errorf("review: %s: %w", path, err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("review: %s: %w", path, err)
	}
	if err := syncDir(dir); err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

// load reads every complete line and returns the length of the complete
// part of the file.
func (j *Journal) load() (int64, error) {
	r := bufio.NewReaderSize(j.f, 64<<10)
	var good int64
	for line := 1; ; line++ {
		b, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			// A last line without its newline was cut short by a crash.
			return good, nil
		}
		if err != nil {
			return 0, fmt.Errorf("review: read %s: %w", j.path, err)
		}
		if len(bytes.TrimSpace(b)) > 0 {
			var rec Record
			if err := json.Unmarshal(b, &rec); err != nil {
				return 0, fmt.Errorf("review: %s:%d: %w", j.path, line, err)
			}
			j.latest[pairKey(rec.Doc, rec.Index, rec.Hi)] = rec
		}
		good += int64(len(b))
	}
}

// Append records a decision durably.
func (j *Journal) Append(rec Record) error {
	if rec.Time.IsZero() {
		rec.Time = time.Now().UTC()
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("review: encode decision: %w", err)
	}
	b = append(b, '\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(b); err != nil {
		return fmt.Errorf("review: write %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("review: sync %s: %w", j.path, err)
	}
	j.latest[pairKey(rec.Doc, rec.Index, rec.Hi)] = rec
	return nil
}

// Decision returns the latest decision on a pair, if any; a withdrawn
// decision is one with an empty Decision.
func (j *Journal) Decision(p corpus.Pair) (Record, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	rec, ok := j.latest[pairKey(p.Doc, p.Index, p.Hi)]
	return rec, ok
}

// Edits returns the pairs whose English a person wrote, by pair key.
func (j *Journal) edits() map[string]string {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := map[string]string{}
	for k, rec := range j.latest {
		if rec.Decision == corpus.Edited {
			out[k] = rec.En
		}
	}
	return out
}

// Close closes the journal file.
func (j *Journal) Close() error { return j.f.Close() }

// Apply returns p with the decision rec applied: the mark, and for an edit
// the English a person wrote, credited to the human provider, with its
// quality flags checked again.
func Apply(p corpus.Pair, rec Record) corpus.Pair {
	p.Reviewed = rec.Decision
	if rec.Decision == corpus.Edited {
		p.En, p.Provider, p.Model = rec.En, cache.HumanProvider, ""
		p.Flags = flagStrings(quality.Flags(p.Hi, p.En))
	}
	return p
}

func pairKey(doc string, index int, hi string) string {
	return doc + "\x00" + strconv.Itoa(index) + "\x00" + hi
}

// syncDir makes a file created in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("review: sync %s: %w", dir, err)
	}
	return nil
}

func flagStrings(flags []quality.Flag) []string {
	out := make([]string, len(flags))
	for i, f := range flags {
		out[i] = string(f)
	}
	return out
}
