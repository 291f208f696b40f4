package pipeline_test

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/anuvad/anuvad/corpus"
	"github.com/anuvad/anuvad/pipeline"
	"github.com/anuvad/anuvad/providers/fake"
	"github.com/anuvad/anuvad/segment"
)

// printSink prints each pair as it arrives, in input order.
type printSink struct{}

func (printSink) WritePair(p corpus.Pair) error {
	fmt.Printf("%s#%d %s => %s\n", p.Doc, p.Index, p.Hi, p.En)
	return nil
}

func (printSink) WriteFailure(f corpus.Failure) error {
	fmt.Printf("%s#%d failed: %s\n", f.Doc, f.Index, f.Error)
	return nil
}

// Translating a document with a provider, here the deterministic fake one.
func Example() {
	doc := pipeline.Document{
		Name: "news.txt",
		Open: func() (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader("दिल्ली में बारिश हुई। स्कूल बंद रहे।\n\nदिल्ली में बारिश हुई।")), nil
		},
	}
	sum, err := pipeline.Run(context.Background(), pipeline.Options{
		Provider: fake.New(fake.Options{}),
		Source:   "hi",
		Target:   "en",
		Split:    segment.Split,
	}, []pipeline.Document{doc}, printSink{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d sentences, %d unique\n", sum.Sentences, sum.UniqueSentences)
	// Output:
	// news.txt#0 दिल्ली में बारिश हुई। => en:दिल्ली में बारिश हुई।
	// news.txt#1 स्कूल बंद रहे। => en:स्कूल बंद रहे।
	// news.txt#2 दिल्ली में बारिश हुई। => en:दिल्ली में बारिश हुई।
	// 3 sentences, 2 unique
}
