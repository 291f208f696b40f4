package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/pipeline"
)

// collectDocuments expands paths into documents: files as given, folders
// recursively (files whose name matches the glob include, in lexical
// order), and "-" for stdin. A name matches also with a .gz or .zst
// ending taken off, so compressed documents are found beside plain ones.
// Only regular files are read: a named pipe, device or socket, named or
// found in a folder, would block the run or never end, so it is skipped
// and named. A path that cannot be read is returned in missing, so the run
// goes on with the others and reports it.
func collectDocuments(paths []string, include string, stdin io.Reader) (docs []pipeline.Document, missing []corpus.DocError) {
	for _, p := range paths {
		if p == "-" {
			docs = append(docs, pipeline.Document{Name: "-", Open: func() (io.ReadCloser, error) {
				return io.NopCloser(stdin), nil
			}})
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			missing = append(missing, corpus.DocError{Doc: p, Offset: -1, Error: err.Error()})
			continue
		}
		if !fi.IsDir() {
			if err := regular(p, fi.Mode()); err != nil {
				missing = append(missing, corpus.DocError{Doc: p, Offset: -1, Error: err.Error()})
				continue
			}
			docs = append(docs, fileDocument(p))
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !included(include, d.Name()) {
				return nil
			}
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				fi, err := os.Stat(path)
				if err != nil {
					missing = append(missing, corpus.DocError{Doc: path, Offset: -1, Error: err.Error()})
					return nil
				}
				mode = fi.Mode()
			}
			if err := regular(path, mode); err != nil {
				missing = append(missing, corpus.DocError{Doc: path, Offset: -1, Error: err.Error()})
				return nil
			}
			found = append(found, path)
			return nil
		})
		if err != nil {
			missing = append(missing, corpus.DocError{Doc: p, Offset: -1, Error: fmt.Sprintf("read folder %s: %v", p, err)})
		}
		sort.Strings(found)
		for _, path := range found {
			docs = append(docs, fileDocument(path))
		}
	}
	return docs, missing
}

func fileDocument(path string) pipeline.Document {
	return pipeline.Document{Name: path, Rereadable: true, Open: func() (io.ReadCloser, error) {
		return os.Open(path)
	}}
}

// regular returns an error naming path unless mode is that of a regular
// file.
func regular(path string, mode fs.FileMode) error {
	if mode.IsRegular() {
		return nil
	}
	kind := "not a regular file"
	switch t := mode.Type(); {
	case t&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case t&fs.ModeSocket != 0:
		kind = "a socket"
	case t&fs.ModeDevice != 0, t&fs.ModeCharDevice != 0:
		kind = "a device"
	}
	return fmt.Errorf("%s: skipped: %s, not a regular file (read a stream through -)", path, kind)
}

// included reports whether a file name found in a folder matches the glob
// include, as it is or without a .gz or .zst ending.
func included(include, name string) bool {
	if ok, _ := filepath.Match(include, name); ok {
		return true
	}
	for _, ext := range []string{".gz", ".zst"} {
		if base, found := strings.CutSuffix(name, ext); found {
			if ok, _ := filepath.Match(include, base); ok {
				return true
			}
		}
	}
	return false
}

// includeFlag adds --include to a command that reads folders.
func includeFlag(cmd *cobra.Command, include *string) {
	cmd.Flags().StringVar(include, "include", "", "files read from folders: a glob matched against their names, also without a .gz or .zst ending (default *.txt, *.jsonl for jsonl input)")
}

// includeGlob checks --include, or gives the default for the input format.
func includeGlob(include string, format pipeline.Format) (string, error) {
	if include == "" {
		return "*" + inputExt(format), nil
	}
	if _, err := filepath.Match(include, ""); err != nil {
		return "", usageErrorf("--include %q: %v", include, err)
	}
	return include, nil
}
