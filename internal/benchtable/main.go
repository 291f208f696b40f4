// Command benchtable measures anuvad's performance figures in one run and
// prints them as a markdown table, each next to its baseline measured in
// the same run. `make bench` runs it on a fresh build.
//
//	go run ./internal/benchtable -bin bin/anuvad          # the whole table
//	go run ./internal/benchtable gen -n 100000 > in.txt   # the input generator
//	go run ./internal/benchtable align -n 200000          # one alignment run
//
// Every command runs as a child process, so its peak resident memory
// (getrusage's ru_maxrss, what /usr/bin/time -f %M prints) is its own. CPU
// seconds (user and system) are printed beside wall times: on a machine
// shared with other work, they are the steadier figure. The splitter and
// translation figures are medians of three rounds, each ratio the median
// of the three rounds' ratios, with their range.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "gen":
			fs := flag.NewFlagSet("gen", flag.ExitOnError)
			n := fs.Int("n", 100000, "sentences")
			seed := fs.Uint64("seed", 1, "random seed")
			_ = fs.Parse(os.Args[2:])
			if err := generate(os.Stdout, *n, *seed); err != nil {
				fail(err)
			}
			return
		case "align":
			fs := flag.NewFlagSet("align", flag.ExitOnError)
			n := fs.Int("n", 10000, "sentence pairs")
			fs.IntVar(&numRange, "numbers", numRange, "numbers in the sentences range up to this")
			_ = fs.Parse(os.Args[2:])
			start := time.Now()
			r, err := alignSynthetic(*n, 1)
			if err != nil {
				fail(err)
			}
			fmt.Printf("lines %d seconds %.3f recall %.5f\n", *n, time.Since(start).Seconds(), r)
			return
		}
	}
	bin := flag.String("bin", "bin/anuvad", "the anuvad binary to measure")
	n := flag.Int("n", 100000, "sentences of the main input")
	big := flag.Int("big", 0, "also translate this many sentences, with and without the cache (10000000 for the memory target; takes minutes)")
	alignMax := flag.Int("align", 200000, "largest alignment, in lines (0: none)")
	latency := flag.Bool("latency", true, "run the latency benchmark of the OpenAI provider (go test)")
	flag.Parse()
	if err := table(*bin, *n, *big, *alignMax, *latency); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchtable:", err)
	os.Exit(1)
}

// run is one child process's figures.
type run struct {
	wall, cpu time.Duration
	rssMiB    float64
	out       []byte
}

// measure runs a command and returns its wall time, CPU time and peak RSS,
// and its output if keepOut. The output of the others is thrown away as it
// comes: a child's peak RSS as the kernel reports it is at least this
// process's own peak, whose memory it shares until it starts its program,
// so this process holds little.
func measure(keepOut bool, name string, args ...string) (run, error) {
	cmd := exec.Command(name, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errOut
	if keepOut {
		cmd.Stdout = &out
	}
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return run{}, fmt.Errorf("%s %v: %w: %s", name, args, err, errOut.Bytes())
	}
	r := run{wall: time.Since(start), out: out.Bytes()}
	st := cmd.ProcessState
	r.cpu = st.UserTime() + st.SystemTime()
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		r.rssMiB = float64(ru.Maxrss) / 1024
	}
	return r, nil
}

func writeInput(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := generate(w, n, 1); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// row is one line of the table.
type row struct{ measure, figure, baseline, ratio, target string }

func rate(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }

func table(bin string, n, big, alignMax int, latency bool) error {
	dir, err := os.MkdirTemp("", "benchtable")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	small := n / 10
	in, inSmall := filepath.Join(dir, "in.txt"), filepath.Join(dir, "small.txt")
	if err := writeInput(in, n); err != nil {
		return err
	}
	if err := writeInput(inSmall, small); err != nil {
		return err
	}
	translate := func(input string, extra ...string) (run, error) {
		args := append([]string{"translate", "--quiet", "--out", filepath.Join(dir, "out")}, extra...)
		return measure(false, bin, append(args, input)...)
	}
	var rows []row
	add := func(r row) {
		rows = append(rows, r)
		fmt.Fprintf(os.Stderr, "%s: %s\n", r.measure, r.figure)
	}

	// The splitter, the no-cache run and the two cached runs are measured
	// in turns, rounds times, and each figure is the median of its runs:
	// one run of a second or two varies by a tenth on a shared machine.
	var splits, noCaches, colds, warms []run
	var entryBytes float64
	for round := range rounds {
		split, err := measure(false, bin, "split", in)
		if err != nil {
			return err
		}
		noCache, err := translate(in, "--no-cache")
		if err != nil {
			return err
		}
		cachePath := filepath.Join(dir, fmt.Sprintf("cache%d.db", round))
		cold, err := translate(in, "--cache", cachePath)
		if err != nil {
			return err
		}
		warm, err := translate(in, "--cache", cachePath)
		if err != nil {
			return err
		}
		if fi, err := os.Stat(cachePath); err == nil {
			entryBytes = float64(fi.Size()) / float64(n)
		}
		splits, noCaches, colds, warms = append(splits, split), append(noCaches, noCache), append(colds, cold), append(warms, warm)
	}
	split, noCache, cold, warm := medianRun(splits), medianRun(noCaches), medianRun(colds), medianRun(warms)
	add(row{fmt.Sprintf("`anuvad split`, %d sentences", n), perSecond(n, split), "", "", "baseline"})
	add(row{"offline translation, no cache", perSecond(n, noCache), "", "", ""})
	add(row{"first run with the cache (cold)", perSecond(n, cold), "no cache: " + secs(noCache),
		ratios(colds, noCaches) + " no cache's", "≤ 1.25×"})
	add(row{"fully cached rerun (warm)", fmt.Sprintf("%s; runs %s", perSecond(n, warm), rates(n, warms)), "split: " + secs(split),
		ratios(warms, splits) + " split's", "≥ 100k/s, ≤ 3×"})
	add(row{"cache file", fmt.Sprintf("%.0f bytes an entry", entryBytes), "", "", ""})

	rssSmall, err := translate(inSmall, "--no-cache")
	if err != nil {
		return err
	}
	add(row{fmt.Sprintf("peak RSS, %d sentences, no cache", n), mib(noCache), fmt.Sprintf("%d sentences: %s", small, mib(rssSmall)),
		fmt.Sprintf("%.2f×", noCache.rssMiB/rssSmall.rssMiB), "< 200 MiB"})
	add(row{fmt.Sprintf("peak RSS, %d sentences, cold cache", n), mib(cold), "no cache: " + mib(noCache), fmt.Sprintf("%.2f×", cold.rssMiB/noCache.rssMiB), ""})
	if big > 0 {
		if err := bigRows(dir, n, big, translate, add); err != nil {
			return err
		}
	}

	self, err := os.Executable()
	if err != nil {
		return err
	}
	var base run
	baseLines := 1000
	for _, lines := range []int{1000, 10000, 100000, alignMax} {
		if lines > alignMax || lines <= 0 {
			continue
		}
		r, err := measure(true, self, "align", "-n", strconv.Itoa(lines))
		if err != nil {
			return err
		}
		m := regexp.MustCompile(`recall ([0-9.]+)`).FindSubmatch(r.out)
		if m == nil {
			return fmt.Errorf("align -n %d printed %q", lines, r.out)
		}
		perLine := r.cpu.Seconds() / float64(lines) * 1e6
		memPerLine := r.rssMiB * 1024 / float64(lines)
		if lines == baseLines {
			base = r
			add(row{fmt.Sprintf("alignment, %d × %d lines", lines, lines), fmt.Sprintf("%s CPU, %.0f µs a line; %s; recall %s", dur(r.cpu), perLine, mib(r), m[1]), "", "", "baseline"})
			continue
		}
		basePerLine := base.cpu.Seconds() / float64(baseLines) * 1e6
		add(row{fmt.Sprintf("alignment, %d × %d lines", lines, lines), fmt.Sprintf("%s CPU (%s wall), %.0f µs a line; %s (%.1f KiB a line); recall %s", dur(r.cpu), dur(r.wall), perLine, mib(r), memPerLine, m[1]),
			fmt.Sprintf("1k: %.0f µs a line", basePerLine), fmt.Sprintf("%.2f× per line", perLine/basePerLine), alignTarget(lines)})
	}

	if latency {
		out, err := exec.Command("go", "test", "-run", "^$", "-bench", "LatencyThroughput", "-benchtime", "1x", "./internal/cli/").CombinedOutput()
		if err != nil {
			return fmt.Errorf("latency benchmark: %w: %s", err, out)
		}
		re := regexp.MustCompile(`workers=(\d+)\S*\s+\d+\s+\d+ ns/op\s+([0-9.]+) of-ideal\s+([0-9.]+) sentences/s`)
		for _, m := range re.FindAllSubmatch(out, -1) {
			w, _ := strconv.Atoi(string(m[1]))
			workers := "workers"
			if w == 1 {
				workers = "worker"
			}
			add(row{fmt.Sprintf("OpenAI at 0.2 s latency, %d %s, batch_size 50", w, workers), string(m[3]) + " sentences/s",
				fmt.Sprintf("ideal %d/s", w*50*5), string(m[2]), "≥ 0.95"})
		}
	}

	fmt.Printf("| measure | figure | baseline (same run) | ratio | target |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Printf("| %s | %s | %s | %s | %s |\n", r.measure, r.figure, r.baseline, r.ratio, r.target)
	}
	return nil
}

// rounds is the number of times each figure of the cache is measured.
const rounds = 3

// medianRun returns the run of median wall time.
func medianRun(runs []run) run {
	sorted := slices.Clone(runs)
	slices.SortFunc(sorted, func(a, b run) int { return cmp.Compare(a.wall, b.wall) })
	return sorted[len(sorted)/2]
}

// bigRows measures the memory target: translations of big sentences,
// with and without the cache, against the same commands on n sentences
// (one run each: a run of ten million takes minutes), and the first run
// with the cache at that size. Only the TSV output is written, which keeps
// the output files smaller than the input.
func bigRows(dir string, n, big int, translate func(input string, extra ...string) (run, error), add func(row)) error {
	var sizes [2]struct{ noCache, cold run }
	for i, size := range [...]int{n, big} {
		in := filepath.Join(dir, "big.txt")
		if err := writeInput(in, size); err != nil {
			return err
		}
		cachePath := filepath.Join(dir, "big.db")
		noCache, err := translate(in, "--no-cache", "--formats", "tsv")
		if err != nil {
			return err
		}
		cold, err := translate(in, "--cache", cachePath, "--formats", "tsv")
		if err != nil {
			return err
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(cachePath + suffix)
		}
		os.Remove(in)
		sizes[i].noCache, sizes[i].cold = noCache, cold
	}
	small, large := sizes[0], sizes[1]
	add(row{fmt.Sprintf("peak RSS, %d sentences, no cache (TSV only)", big), fmt.Sprintf("%s (%s)", mib(large.noCache), secs(large.noCache)),
		fmt.Sprintf("%d: %s", n, mib(small.noCache)), fmt.Sprintf("%.2f×", large.noCache.rssMiB/small.noCache.rssMiB), "≤ 1.10×, < 200 MiB"})
	add(row{fmt.Sprintf("peak RSS, %d sentences, cold cache (TSV only)", big), fmt.Sprintf("%s (%s)", mib(large.cold), secs(large.cold)),
		fmt.Sprintf("%d: %s", n, mib(small.cold)), fmt.Sprintf("%.2f×", large.cold.rssMiB/small.cold.rssMiB), "≤ 1.10×, < 200 MiB"})
	add(row{fmt.Sprintf("first run with the cache, %d sentences", big), secs(large.cold), "no cache: " + secs(large.noCache),
		fmt.Sprintf("%.2f× wall, %.2f× CPU", large.cold.wall.Seconds()/large.noCache.wall.Seconds(), large.cold.cpu.Seconds()/large.noCache.cpu.Seconds()), "≤ 1.25×"})
	return nil
}

// ratios gives the median and the range of the ratios of runs to their
// baselines of the same round, of wall and of CPU time.
func ratios(runs, baselines []run) string {
	var wall, cpu []float64
	for i := range runs {
		wall = append(wall, runs[i].wall.Seconds()/baselines[i].wall.Seconds())
		cpu = append(cpu, runs[i].cpu.Seconds()/baselines[i].cpu.Seconds())
	}
	slices.Sort(wall)
	slices.Sort(cpu)
	return fmt.Sprintf("%.2f× wall (%.2f–%.2f), %.2f× CPU (%.2f–%.2f) of the", wall[len(wall)/2], wall[0], wall[len(wall)-1], cpu[len(cpu)/2], cpu[0], cpu[len(cpu)-1])
}

// rates lists the sentences a second of each run.
func rates(n int, runs []run) string {
	var out []string
	for _, r := range runs {
		out = append(out, fmt.Sprintf("%.0f", rate(n, r.wall)))
	}
	return strings.Join(out, ", ")
}

func alignTarget(lines int) string {
	if lines >= 200000 {
		return "≤ 20 s, ≤ 400 MiB, recall ≥ .999"
	}
	return "constant per line, recall ≥ .999"
}

func perSecond(n int, r run) string {
	return fmt.Sprintf("%.0f sentences/s (%s wall, %s CPU)", rate(n, r.wall), dur(r.wall), dur(r.cpu))
}

func secs(r run) string { return fmt.Sprintf("%s wall, %s CPU", dur(r.wall), dur(r.cpu)) }

func mib(r run) string { return fmt.Sprintf("%.0f MiB", r.rssMiB) }

func dur(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
