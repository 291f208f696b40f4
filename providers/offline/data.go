package offline

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"strings"
	"sync"
)

//go:generate go run ./internal/gen -out data -cldr /tmp/cldr/node_modules

//go:embed data/*.tsv.gz
var dataFS embed.FS

// candidate is one English rendering of a Hindi dictionary entry.
type candidate struct {
	en  string
	pos byte // n v a r p o c x, as in the FreeDict tags
}

type analysis struct {
	lemma string
	pos   string // n adj vblex adv np num
	tags  string // the remaining tags, dot separated
}

type name struct {
	en   string
	kind string // place lang month day
}

// tables are the generated lexical resources, read once and never written
// afterwards.
type tables struct {
	lex   map[string][]candidate
	morph map[string][]analysis
	names map[string]name
	loans map[string][]string
	verbs map[string]bool
	// maxPhrase is the longest dictionary key in words.
	maxPhrase int
}

var (
	loadOnce sync.Once
	loaded   *tables
	loadErr  error
)

// loadTables parses the embedded tables on first use.
func loadTables() (*tables, error) {
	loadOnce.Do(func() { loaded, loadErr = parseTables() })
	return loaded, loadErr
}

func eachLine(file string, fn func(fields []string)) error {
	raw, err := dataFS.ReadFile("data/" + file)
	if err != nil {
		return fmt.Errorf("offline: read table %s: %w", file, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("offline: table %s: %w", file, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fn(strings.Split(sc.Text(), "\t"))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("offline: table %s: %w", file, err)
	}
	return nil
}

func parseTables() (*tables, error) {
	t := &tables{
		lex:   make(map[string][]candidate, 24000),
		morph: make(map[string][]analysis, 64000),
		names: make(map[string]name, 900),
		loans: make(map[string][]string, 62000),
		verbs: make(map[string]bool, 8500),
	}
	words := func(k string) int { return strings.Count(k, " ") + 1 }
	err := eachLine("lex.tsv.gz", func(f []string) {
		if len(f) != 2 {
			return
		}
		var cs []candidate
		for _, c := range strings.Split(f[1], "|") {
			en, pos, _ := strings.Cut(c, "/")
			if pos == "" {
				pos = "x"
			}
			cs = append(cs, candidate{en: en, pos: pos[0]})
		}
		t.lex[f[0]] = cs
		if n := words(f[0]); n > t.maxPhrase {
			t.maxPhrase = n
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("morph.tsv.gz", func(f []string) {
		if len(f) != 2 {
			return
		}
		for _, a := range strings.Split(f[1], ";") {
			parts := strings.SplitN(a, ".", 3)
			if len(parts) < 2 {
				continue
			}
			an := analysis{lemma: parts[0], pos: parts[1]}
			if len(parts) == 3 {
				an.tags = parts[2]
			}
			t.morph[f[0]] = append(t.morph[f[0]], an)
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("names.tsv.gz", func(f []string) {
		if len(f) == 3 {
			t.names[f[0]] = name{en: f[1], kind: f[2]}
			if n := words(f[0]); n > t.maxPhrase {
				t.maxPhrase = n
			}
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("loan.tsv.gz", func(f []string) {
		if len(f) == 2 {
			t.loans[f[0]] = strings.Split(f[1], "|")
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("verbs.tsv.gz", func(f []string) { t.verbs[f[0]] = true })
	if err != nil {
		return nil, err
	}
	if t.maxPhrase > 6 {
		t.maxPhrase = 6
	}
	return t, nil
}
