package main

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/anuvad/anuvad/align"
)

// Word lists for generated Hindi–English sentence pairs.
var (
	bitextNames = [][2]string{
		{"राम", "Ram"}, {"सीता", "Sita"}, {"मोहन", "Mohan"}, {"गीता", "Geeta"}, {"अर्जुन", "Arjun"},
		{"प्रिया", "Priya"}, {"विकास", "Vikas"}, {"सुनीता", "Sunita"}, {"करण", "Karan"}, {"नेहा", "Neha"},
		{"लंदन", "London"}, {"दिल्ली", "Delhi"}, {"मुंबई", "Mumbai"}, {"पेरिस", "Paris"}, {"टोक्यो", "Tokyo"},
		{"कोलकाता", "Kolkata"}, {"बर्लिन", "Berlin"}, {"चेन्नई", "Chennai"}, {"जयपुर", "Jaipur"}, {"पटना", "Patna"},
	}
	bitextNouns = [][2]string{
		{"किताबें", "books"}, {"घर", "houses"}, {"पेड़", "trees"}, {"गाड़ियाँ", "cars"}, {"स्कूल", "schools"},
		{"कंप्यूटर", "computers"}, {"पत्र", "letters"}, {"टिकट", "tickets"}, {"कुर्सियाँ", "chairs"}, {"फोन", "phones"},
	}
	bitextVerbs = [][2]string{
		{"खरीदे", "bought"}, {"बेचे", "sold"}, {"देखे", "saw"}, {"बनाए", "built"}, {"भेजे", "sent"},
		{"गिने", "counted"}, {"दान किए", "donated"}, {"मंगवाए", "ordered"},
	}
	bitextTails = [][2]string{
		{"", ""}, {" और सब खुश थे", " and everyone was happy"}, {" लेकिन किसी ने ध्यान नहीं दिया", " but nobody noticed"},
		{" क्योंकि बाज़ार में छूट थी", " because there was a sale in the market"},
		{" जबकि बारिश हो रही थी", " while it was raining"},
	}
)

// numRange bounds the numbers of generated sentences.
var numRange = 1_000_000

// bitext generates n Hindi–English sentence pairs and deletes a share del
// of the sentences, half of them on each side. It returns both sides and
// the true 1-1 links, as (Hindi, English) positions. Numbers range up to a
// million, as dates and amounts do in news, so that long documents have
// rare tokens to anchor on.
func bitext(n int, del float64, seed uint64) (hi, en []string, gold [][2]int) {
	r := rand.New(rand.NewPCG(seed, 11))
	hi, en, gold = make([]string, 0, n), make([]string, 0, n), make([][2]int, 0, n)
	pick := func(s [][2]string) [2]string { return s[r.IntN(len(s))] }
	for range n {
		a, b, no, v, t := pick(bitextNames), pick(bitextNames), pick(bitextNouns), pick(bitextVerbs), pick(bitextTails)
		num := r.IntN(numRange) + 2
		h := fmt.Sprintf("%s ने %s में %d %s %s%s।", a[0], b[0], num, no[0], v[0], t[0])
		e := fmt.Sprintf("%s %s %d %s in %s%s.", a[1], v[1], num, no[1], b[1], t[1])
		switch x := r.Float64(); {
		case x < del/2:
			hi = append(hi, h) // no English
		case x < del:
			en = append(en, e) // no Hindi
		default:
			gold = append(gold, [2]int{len(hi), len(en)})
			hi = append(hi, h)
			en = append(en, e)
		}
	}
	return hi, en, gold
}

// recall is the share of the true 1-1 links found as 1-1 links.
func recall(gold [][2]int, links []align.Link) float64 {
	found := make(map[[2]int]bool, len(links))
	for _, l := range links {
		if len(l.Hi) == 1 && len(l.En) == 1 {
			found[[2]int{l.Hi[0], l.En[0]}] = true
		}
	}
	n := 0
	for _, g := range gold {
		if found[g] {
			n++
		}
	}
	return float64(n) / float64(max(len(gold), 1))
}

// alignSynthetic aligns a generated bitext of n pairs with 1.5% deletions
// and returns its recall of the true 1-1 links.
func alignSynthetic(n int, seed uint64) (float64, error) {
	hi, en, gold := bitext(n, 0.015, seed)
	links, err := align.Align(context.Background(), hi, en, align.Options{})
	if err != nil {
		return 0, err
	}
	return recall(gold, links), nil
}
