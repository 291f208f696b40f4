// Package segment splits Hindi (and mixed Hindi/English) text into sentences.
package segment

// Span is one sentence of a text: Text is text[Start:End], where Start and
// End are byte offsets into the text given to Split, and the span carries no
// leading or trailing white space.
type Span struct {
	Start int
	End   int
	Text  string
}
