// Command benchtable measures anuvad's performance figures in one run and
// prints them as a markdown table, each with its baseline measured in the
// same run. `make bench` runs it.
//
//	go run ./internal/benchtable gen -n 100000 > in.txt   # the input generator
//	go run ./internal/benchtable -bin bin/anuvad          # the whole table
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "gen" {
		fs := flag.NewFlagSet("gen", flag.ExitOnError)
		n := fs.Int("n", 100000, "sentences")
		seed := fs.Uint64("seed", 1, "random seed")
		fs.Parse(os.Args[2:])
		if err := generate(os.Stdout, *n, *seed); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "align" {
		fs := flag.NewFlagSet("align", flag.ExitOnError)
		n := fs.Int("n", 10000, "sentence pairs")
		fs.IntVar(&numRange, "numbers", numRange, "numbers in sentences range up to this")
		fs.Parse(os.Args[2:])
		start := time.Now()
		r, err := alignSynthetic(*n, 1)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%d lines %.3f s recall %.5f\n", *n, time.Since(start).Seconds(), r)
		return
	}
}
