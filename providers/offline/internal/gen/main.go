// Command gen rebuilds the embedded tables of the offline provider from
// their public sources. It needs the Debian packages dict-freedict-eng-hin,
// apertium-hin, lttoolbox-dev (for lt-expand) and wordnet, and the npm
// packages cldr-localenames-full and cldr-dates-full:
//
//	apt-get install -y dict-freedict-eng-hin apertium-hin lttoolbox-dev wordnet
//	mkdir -p /tmp/cldr && (cd /tmp/cldr && npm install cldr-localenames-full cldr-dates-full)
//	go run ./providers/offline/internal/gen -cldr /tmp/cldr/node_modules -out providers/offline/data
//
// run from the repository root, or `go generate ./providers/offline/`
// (which runs the same command with CLDR expected in
// /tmp/cldr/node_modules). The tables committed were built from
// dict-freedict-eng-hin 2022.04.21-1, apertium-hin 0.1.0~r59158-4,
// lttoolbox 3.7.1, wordnet-base 1:3.0-37 and CLDR 48.2.0; the output is
// deterministic for given inputs.
//
// It writes five gzipped tab-separated tables:
//
//	lex.tsv.gz    Hindi key → ranked English candidates with part of speech
//	              (FreeDict eng-hin inverted, ranked by WordNet sense counts)
//	morph.tsv.gz  Hindi surface form → lemma and tags (apertium-hin)
//	names.tsv.gz  Hindi → English names of countries, languages, months,
//	              weekdays and time-zone cities (CLDR)
//	loan.tsv.gz   consonant skeleton → English words (WordNet vocabulary), to
//	              recognise English loanwords written in Devanagari
//	verbs.tsv.gz  English words that can be verbs (WordNet)
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/anuvad/anuvad/internal/hindi"
)

func main() {
	var (
		out      = flag.String("out", "data", "output directory")
		freedict = flag.String("freedict", "/usr/share/dictd/freedict-eng-hin.dict.dz", "FreeDict eng-hin dictd file")
		dix      = flag.String("dix", "/usr/share/apertium/apertium-hin/apertium-hin.hin.dix", "apertium-hin monolingual dictionary")
		wordnet  = flag.String("wordnet", "/usr/share/wordnet", "WordNet dict directory")
		cldr     = flag.String("cldr", "/tmp/cldr/node_modules", "node_modules directory holding the CLDR packages")
	)
	flag.Parse()
	if err := run(*out, *freedict, *dix, *wordnet, *cldr); err != nil {
		log.Fatal(err)
	}
}

func run(out, freedict, dix, wn, cldr string) error {
	freq, err := readCntlist(filepath.Join(wn, "cntlist.rev"))
	if err != nil {
		return err
	}
	entries, err := readFreeDict(freedict)
	if err != nil {
		return err
	}
	cased, err := readCased(wn)
	if err != nil {
		return err
	}
	if err := writeLex(filepath.Join(out, "lex.tsv.gz"), entries, freq, cased); err != nil {
		return err
	}
	if err := writeMorph(filepath.Join(out, "morph.tsv.gz"), dix); err != nil {
		return err
	}
	if err := writeNames(filepath.Join(out, "names.tsv.gz"), cldr); err != nil {
		return err
	}
	return writeLoans(filepath.Join(out, "loan.tsv.gz"), wn, freq)
}

// readCntlist sums WordNet's sense-tagged counts per lemma.
func readCntlist(path string) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("wordnet counts: %w", err)
	}
	defer f.Close()
	freq := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 {
			continue
		}
		lemma, _, _ := strings.Cut(fs[0], "%")
		n, _ := strconv.Atoi(fs[2])
		freq[strings.ReplaceAll(lemma, "_", " ")] += n
	}
	return freq, sc.Err()
}

type sense struct {
	english string
	pos     string
	num     int      // sense number, 1 first
	hindi   []string // equivalents in order
}

var (
	headRe  = regexp.MustCompile(`^(\S.*?)(?: /[^/]*/)? <([A-Za-z.]+)>$`)
	senseRe = regexp.MustCompile(`^(\d+)\. (.*)$`)
	annotRe = regexp.MustCompile(`\{[^}]*\}|\([^)]*\)|\[[^\]]*\]`)
)

func readFreeDict(path string) ([]sense, error) {
	cmd := exec.Command("zcat", path)
	raw, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	text := string(raw)
	start := strings.Index(text, "English-Hindi FreeDict Dictionary ver")
	if start < 0 {
		return nil, fmt.Errorf("%s: no dictionary body", path)
	}
	var out []sense
	var head, pos string
	for _, line := range strings.Split(text[start:], "\n")[1:] {
		if m := headRe.FindStringSubmatch(line); m != nil {
			head, pos = m[1], m[2]
			continue
		}
		m := senseRe.FindStringSubmatch(line)
		if m == nil || head == "" {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		s := sense{english: head, pos: normPOS(pos), num: n}
		body := annotRe.ReplaceAllString(m[2], "")
		for _, h := range strings.FieldsFunc(body, func(r rune) bool { return r == ',' || r == ';' || r == '/' }) {
			h = strings.Trim(strings.TrimSpace(h), ".।-!?")
			if h == "" || !hindi.HasDevanagari(h) {
				continue
			}
			s.hindi = append(s.hindi, hindi.Key(h))
		}
		if len(s.hindi) > 0 {
			out = append(out, s)
		}
	}
	if len(out) < 10000 {
		return nil, fmt.Errorf("%s: only %d senses parsed", path, len(out))
	}
	return out, nil
}

func normPOS(p string) string {
	p = strings.ToLower(strings.TrimSuffix(p, "."))
	switch {
	case p == "n" || strings.HasPrefix(p, "n"):
		return "n"
	case p == "v" || p == "vt" || p == "vi" || strings.HasPrefix(p, "v"):
		return "v"
	case strings.HasPrefix(p, "adj"):
		return "a"
	case strings.HasPrefix(p, "adv"):
		return "r"
	case strings.HasPrefix(p, "pre"):
		return "p"
	case strings.HasPrefix(p, "pron"):
		return "o"
	case strings.HasPrefix(p, "conj"):
		return "c"
	}
	return "x"
}

type cand struct {
	english, pos string
	score        float64
}

func writeLex(path string, senses []sense, freq map[string]int, cased map[string]string) error {
	// How many Hindi equivalents each English headword has: a word with a
	// single equivalent is a stronger pairing than one with twenty.
	fan := map[string]int{}
	for _, s := range senses {
		fan[s.english] += len(s.hindi)
	}
	best := map[string]map[string]*cand{}
	for _, s := range senses {
		f := freq[strings.ToLower(s.english)]
		for i, h := range s.hindi {
			sc := math.Log1p(float64(f)) - 1.5*float64(s.num-1) - 0.4*float64(i) - 0.5*math.Log1p(float64(fan[s.english]))
			if strings.Contains(s.english, " ") {
				sc -= 1.5
			}
			if strings.ContainsAny(s.english, "0123456789") {
				sc -= 3
			}
			m := best[h]
			if m == nil {
				m = map[string]*cand{}
				best[h] = m
			}
			key := s.english + "/" + s.pos
			if c, ok := m[key]; !ok || c.score < sc {
				m[key] = &cand{english: s.english, pos: s.pos, score: sc}
			}
		}
	}
	keys := make([]string, 0, len(best))
	for k := range best {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var lines []string
	for _, k := range keys {
		cs := make([]*cand, 0, len(best[k]))
		for _, c := range best[k] {
			cs = append(cs, c)
		}
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].score != cs[j].score {
				return cs[i].score > cs[j].score
			}
			if cs[i].english != cs[j].english {
				return cs[i].english < cs[j].english
			}
			return cs[i].pos < cs[j].pos
		})
		if len(cs) > 5 {
			cs = cs[:5]
		}
		parts := make([]string, len(cs))
		for i, c := range cs {
			e := c.english
			if cs, ok := cased[e]; ok && !strings.Contains(e, " ") {
				e = cs // proper nouns and adjectives: German, Christian
			}
			parts[i] = e + "/" + c.pos
		}
		lines = append(lines, k+"\t"+strings.Join(parts, "|"))
	}
	return writeGz(path, lines)
}

// writeMorph expands the apertium-hin dictionary and keeps single-word
// analyses of open-class words: surface → lemma.tag.tag…
func writeMorph(path, dix string) error {
	raw, err := exec.Command("lt-expand", dix).Output()
	if err != nil {
		return fmt.Errorf("lt-expand %s: %w", dix, err)
	}
	an := map[string][]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		var surf, rest string
		switch {
		case strings.Contains(line, ":<:"):
			continue // generation only
		case strings.Contains(line, ":>:"):
			surf, rest, _ = strings.Cut(line, ":>:")
		default:
			var ok bool
			surf, rest, ok = strings.Cut(line, ":")
			if !ok {
				continue
			}
		}
		if strings.Contains(surf, " ") {
			continue
		}
		lemma, tags, ok := strings.Cut(rest, "<")
		if !ok {
			continue
		}
		tags = strings.ReplaceAll(strings.TrimSuffix("<"+tags, ">"), "><", ".")
		tags = strings.TrimPrefix(tags, "<")
		pos, _, _ := strings.Cut(tags, ".")
		switch pos {
		case "n", "adj", "vblex", "adv", "np", "num":
		default:
			continue
		}
		a := hindi.Key(lemma) + "." + tags
		k := hindi.Key(surf)
		dup := false
		for _, x := range an[k] {
			if x == a {
				dup = true
			}
		}
		if !dup && len(an[k]) < 4 {
			an[k] = append(an[k], a)
		}
	}
	keys := make([]string, 0, len(an))
	for k := range an {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lines := make([]string, 0, len(keys))
	for _, k := range keys {
		lines = append(lines, k+"\t"+strings.Join(an[k], ";"))
	}
	return writeGz(path, lines)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cldr: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("cldr %s: %w", path, err)
	}
	return nil
}

func localeNames(cldr, loc, file, field string) (map[string]string, error) {
	var doc struct {
		Main map[string]struct {
			LocaleDisplayNames map[string]map[string]string `json:"localeDisplayNames"`
		} `json:"main"`
	}
	if err := readJSON(filepath.Join(cldr, "cldr-localenames-full", "main", loc, file), &doc); err != nil {
		return nil, err
	}
	return doc.Main[loc].LocaleDisplayNames[field], nil
}

func calendar(cldr, loc string) (months, days map[string]string, err error) {
	var doc struct {
		Main map[string]struct {
			Dates struct {
				Calendars struct {
					Gregorian struct {
						Months struct {
							Format struct {
								Wide map[string]string `json:"wide"`
							} `json:"format"`
						} `json:"months"`
						Days struct {
							Format struct {
								Wide map[string]string `json:"wide"`
							} `json:"format"`
						} `json:"days"`
					} `json:"gregorian"`
				} `json:"calendars"`
			} `json:"dates"`
		} `json:"main"`
	}
	if err := readJSON(filepath.Join(cldr, "cldr-dates-full", "main", loc, "ca-gregorian.json"), &doc); err != nil {
		return nil, nil, err
	}
	g := doc.Main[loc].Dates.Calendars.Gregorian
	return g.Months.Format.Wide, g.Days.Format.Wide, nil
}

// cities returns the exemplar cities of the CLDR time zones, by zone id,
// in Hindi and in English (the English name defaults to the zone id).
func cities(cldr string) (hi, en map[string]string, err error) {
	read := func(loc string) (map[string]string, error) {
		var doc struct {
			Main map[string]struct {
				Dates struct {
					TimeZoneNames struct {
						Zone map[string]json.RawMessage `json:"zone"`
					} `json:"timeZoneNames"`
				} `json:"dates"`
			} `json:"main"`
		}
		if err := readJSON(filepath.Join(cldr, "cldr-dates-full", "main", loc, "timeZoneNames.json"), &doc); err != nil {
			return nil, err
		}
		out := map[string]string{}
		var walk func(prefix string, raw json.RawMessage)
		walk = func(prefix string, raw json.RawMessage) {
			var m map[string]json.RawMessage
			if json.Unmarshal(raw, &m) != nil {
				return
			}
			if c, ok := m["exemplarCity"]; ok {
				var name string
				if json.Unmarshal(c, &name) == nil {
					out[prefix] = name
				}
			}
			for k, v := range m {
				if k != "exemplarCity" && k != "long" && k != "short" {
					walk(prefix+"/"+k, v)
				}
			}
		}
		for k, v := range doc.Main[loc].Dates.TimeZoneNames.Zone {
			walk(k, v)
		}
		return out, nil
	}
	if hi, err = read("hi"); err != nil {
		return nil, nil, err
	}
	if en, err = read("en"); err != nil {
		return nil, nil, err
	}
	for id := range hi {
		if en[id] == "" {
			en[id] = strings.ReplaceAll(id[strings.LastIndexByte(id, '/')+1:], "_", " ")
		}
	}
	return hi, en, nil
}

func writeNames(path, cldr string) error {
	pairs := map[string]string{}
	alt := map[string]bool{}
	add := func(hi, en map[string]string, kind string) {
		codes := make([]string, 0, len(hi))
		for c := range hi {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		for _, code := range codes {
			base, _, _ := strings.Cut(code, "-alt-")
			e := en[code] // the English alternative matches the Hindi one (Hong Kong)
			if e == "" {
				e = en[base]
			}
			if e == "" || strings.ContainsAny(e, "()") {
				continue
			}
			k := hindi.Key(hi[code])
			// The first table wins (places before languages: तुर्की is
			// Turkey before Turkish); within a table a main name wins over
			// an alternative.
			prev, ok := pairs[k]
			if !ok || (!strings.Contains(code, "-alt-") && strings.HasSuffix(prev, "\t"+kind) && alt[k]) {
				pairs[k] = e + "\t" + kind
				alt[k] = strings.Contains(code, "-alt-")
			}
		}
	}
	for _, f := range []struct{ file, field, kind string }{
		{"territories.json", "territories", "place"},
		{"languages.json", "languages", "lang"},
	} {
		hi, err := localeNames(cldr, "hi", f.file, f.field)
		if err != nil {
			return err
		}
		en, err := localeNames(cldr, "en", f.file, f.field)
		if err != nil {
			return err
		}
		add(hi, en, f.kind)
	}
	hm, hd, err := calendar(cldr, "hi")
	if err != nil {
		return err
	}
	em, ed, err := calendar(cldr, "en")
	if err != nil {
		return err
	}
	add(hm, em, "month")
	add(hd, ed, "day")
	hc, ec, err := cities(cldr)
	if err != nil {
		return err
	}
	add(hc, ec, "city")
	keys := make([]string, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lines := make([]string, 0, len(keys))
	for _, k := range keys {
		lines = append(lines, k+"\t"+pairs[k])
	}
	return writeGz(path, lines)
}

// readCased returns WordNet's single-word lemmas, lower case → spelling,
// keeping a capital only where WordNet has no lower-case use.
func readCased(wn string) (map[string]string, error) {
	cased := map[string]string{}
	for _, p := range []string{"noun", "verb", "adj", "adv"} {
		f, err := os.Open(filepath.Join(wn, "data."+p))
		if err != nil {
			return nil, fmt.Errorf("wordnet: %w", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "  ") {
				continue
			}
			fs := strings.Fields(line)
			if len(fs) < 5 {
				continue
			}
			n, err := strconv.ParseInt(fs[3], 16, 32)
			if err != nil {
				continue
			}
			for i := 0; i < int(n) && 4+2*i < len(fs); i++ {
				w := fs[4+2*i]
				if i := strings.IndexByte(w, '('); i > 0 {
					w = w[:i]
				}
				if strings.ContainsAny(w, "_-.'0123456789") || len(w) < 3 {
					continue
				}
				lw := strings.ToLower(w)
				if prev, ok := cased[lw]; !ok || (prev != lw && w == lw) {
					cased[lw] = w
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("wordnet %s: %w", p, err)
		}
	}
	return cased, nil
}

// writeLoans maps each consonant skeleton to the most frequent English
// word having it, from the WordNet vocabulary (with the capitalisation of
// proper nouns kept).
func writeLoans(path, wn string, freq map[string]int) error {
	cased, err := readCased(wn)
	if err != nil {
		return err
	}
	type best struct {
		word string
		f    int
	}
	bySkel := map[string][]best{}
	for lw, w := range cased {
		f := freq[lw]
		for _, sk := range hindi.EnglishSkeletons(lw) {
			if len(strings.TrimPrefix(sk, "_")) < 2 {
				continue
			}
			bySkel[sk] = append(bySkel[sk], best{w, f})
		}
	}
	keys := make([]string, 0, len(bySkel))
	for k := range bySkel {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lines := make([]string, 0, len(keys))
	for _, k := range keys {
		bs := bySkel[k]
		sort.Slice(bs, func(i, j int) bool {
			if bs[i].f != bs[j].f {
				return bs[i].f > bs[j].f
			}
			return bs[i].word < bs[j].word
		})
		if len(bs) > 24 {
			bs = bs[:24]
		}
		ws := make([]string, len(bs))
		for i, b := range bs {
			ws[i] = b.word
		}
		lines = append(lines, k+"\t"+strings.Join(ws, "|"))
	}
	if err := writeGz(path, lines); err != nil {
		return err
	}
	return writeVerbs(filepath.Join(filepath.Dir(path), "verbs.tsv.gz"), wn)
}

// writeVerbs lists the single-word English verbs of WordNet, used to turn
// a Hindi noun + light verb (समर्थन करना) into an English verb (support).
func writeVerbs(path, wn string) error {
	f, err := os.Open(filepath.Join(wn, "index.verb"))
	if err != nil {
		return fmt.Errorf("wordnet: %w", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, " ") {
			continue
		}
		w, _, _ := strings.Cut(line, " ")
		if strings.ContainsAny(w, "_-.'0123456789") {
			continue
		}
		lines = append(lines, w)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("wordnet index.verb: %w", err)
	}
	return writeGz(path, lines)
}

func writeGz(path string, lines []string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create table: %w", err)
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	zw.ModTime = zeroTime
	w := bufio.NewWriter(zw)
	for _, l := range lines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	log.Printf("%s: %d rows", path, len(lines))
	return f.Close()
}

var zeroTime = time.Time{}
