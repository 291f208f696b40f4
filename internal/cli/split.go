package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/MakeNowJust/heredoc/v2"
	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/normalize"
	"github.com/anuvad/anuvad/segment"
)

// SplitOptions are the parsed arguments of `anuvad split`.
type SplitOptions struct {
	Paths []string
	JSONL bool
	Stats bool
}

// NewCmdSplit builds `anuvad split`.
func NewCmdSplit(f *Factory, runF func(context.Context, *SplitOptions) error) *cobra.Command {
	opts := &SplitOptions{}
	cmd := &cobra.Command{
		Use:   "split [PATH...]",
		Short: "Split Hindi text into sentences, one a line",
		Long: heredoc.Doc(`
			Splits each PATH (standard input when none, or "-") into sentences and
			prints one sentence a line. Blank lines end a paragraph, and so a
			sentence. The text itself is not changed: line breaks inside a sentence
			become spaces, nothing else.

			With --jsonl every input line is an object {"id": ..., "text": ...} and
			every output line is {"id": ..., "sentences": [...]}, in the same order.
		`),
		Example: heredoc.Doc(`
			anuvad split seeds/*.txt
			anuvad split --jsonl < docs.jsonl > sentences.jsonl
		`),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if len(opts.Paths) == 0 {
				opts.Paths = []string{"-"}
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return splitRun(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSONL, "jsonl", false, `read {"id","text"} lines and write {"id","sentences"} lines`)
	cmd.Flags().BoolVar(&opts.Stats, "stats", false, "print the number of sentences and sentences per second to stderr")
	return cmd
}

func splitRun(ctx context.Context, f *Factory, opts *SplitOptions) error {
	out := bufio.NewWriterSize(f.IO.Out, 256<<10)
	defer out.Flush()
	start := time.Now()
	var total int
	var errs []error
	for _, path := range opts.Paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := splitPath(f, path, opts.JSONL, out)
		total += n
		if err != nil {
			errs = append(errs, err)
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if opts.Stats {
		secs := time.Since(start).Seconds()
		fmt.Fprintf(f.IO.ErrOut, "split: %s in %.3fs (%.0f sentences/s)\n", plural(total, "sentence"), secs, float64(total)/secs)
	}
	for _, err := range errs {
		fmt.Fprintln(f.IO.ErrOut, "anuvad: "+err.Error())
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s had errors: %w", plural(len(errs), "input"), errReported)
	}
	return nil
}

// splitPath splits one input ("-" for standard input).
func splitPath(f *Factory, path string, jsonl bool, out *bufio.Writer) (int, error) {
	var in io.Reader = f.IO.In
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return 0, err
		}
		defer fh.Close()
		in = fh
	}
	if jsonl {
		return splitJSONL(path, in, out)
	}
	return splitText(path, in, out)
}

// splitText streams paragraphs (separated by blank lines) through the
// splitter.
func splitText(name string, in io.Reader, out *bufio.Writer) (int, error) {
	br := bufio.NewReaderSize(in, 256<<10)
	var para strings.Builder
	n := 0
	var offset int64
	var errs []error
	flush := func() {
		for _, s := range segment.Split(para.String()) {
			out.WriteString(oneLine(s.Text))
			out.WriteByte('\n')
			n++
		}
		para.Reset()
	}
	for {
		line, err := br.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return n, fmt.Errorf("%s: %w", name, err)
		}
		if line == "" && err != nil {
			break
		}
		if i := normalize.FirstInvalid([]byte(line)); i >= 0 {
			errs = append(errs, fmt.Errorf("%s: invalid UTF-8 at byte offset %d; line skipped", name, offset+int64(i)))
			offset += int64(len(line))
			continue
		}
		offset += int64(len(line))
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		para.WriteString(line)
	}
	flush()
	return n, errors.Join(errs...)
}

type splitRecord struct {
	ID        json.RawMessage `json:"id"`
	Sentences []string        `json:"sentences"`
}

func splitJSONL(name string, in io.Reader, out *bufio.Writer) (int, error) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	n, line := 0, 0
	var errs []error
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var rec struct {
			ID   json.RawMessage `json:"id"`
			Text *string         `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil || rec.Text == nil {
			if err == nil {
				err = errors.New(`no "text" field`)
			}
			errs = append(errs, fmt.Errorf("%s:%d: %w", name, line, err))
			continue
		}
		spans := segment.Split(*rec.Text)
		res := splitRecord{ID: rec.ID, Sentences: make([]string, len(spans))}
		for i, s := range spans {
			res.Sentences[i] = s.Text
		}
		if err := enc.Encode(res); err != nil {
			return n, err
		}
		n += len(spans)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s:%d: %w", name, line+1, err))
	}
	return n, errors.Join(errs...)
}

// oneLine turns line breaks inside a sentence into spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
