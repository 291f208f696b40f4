// Command anuvad turns Hindi text into aligned Hindi–English sentence pairs.
package main

import (
	"os"

	"github.com/anuvad/anuvad/internal/cli"
	"github.com/anuvad/anuvad/providers/all"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(cli.Main(version, all.Registry()))
}
