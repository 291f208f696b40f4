# Developer shortcuts. The two commands that matter are in README.md:
#   go run ./cmd/anuvad translate seeds/     (the main job)
#   go test ./...                            (every test; .ci/run adds lint)

GO ?= go
BIN ?= bin/anuvad
EVAL ?= ../shared/eval/report

.PHONY: build test ci lint bench bench-go fuzz eval data clean

build:
	$(GO) build -o $(BIN) ./cmd/anuvad

test:
	$(GO) test ./...

ci:
	bash .ci/run

lint:
	gofmt -l $$(git ls-files '*.go')
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# The performance table of README.md, measured in one run on generated
# inputs, each figure beside its baseline of the same run (add ARGS=-big
# 10000000 for the 10-million-sentence rows, with and without the cache;
# they take about five minutes).
bench: build
	$(GO) run ./internal/benchtable -bin $(BIN) $(ARGS)

# The package benchmarks (go test -bench; sentences/s, bytes/op), for
# comparisons with benchstat on a quiet machine.
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./segment/ ./providers/offline/ ./align/ ./pipeline/ ./review/ ./internal/batchrun/ ./quality/ ./cache/

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzSplit -fuzztime 60s ./segment/

# Scores a built binary on the evaluation sets beside this checkout, if any.
eval: build
	$(EVAL) $(BIN)

# Rebuilds the offline provider's embedded tables from the Debian and npm
# packages named in providers/offline/internal/gen.
CLDR ?= /tmp/cldr/node_modules
data:
	$(GO) run ./providers/offline/internal/gen -cldr $(CLDR) -out providers/offline/data

clean:
	rm -rf bin out
