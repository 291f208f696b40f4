package align

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// synthBitext generates n Hindi–English sentence pairs from a small word
// list, then merges about 10% of adjacent pairs on one side, drops about 5%
// of sentences on one side and inserts about 3% unrelated sentences. It
// returns both sides and the true links.
func synthBitext(n int, seed uint64) (hi, en []string, gold []Link) {
	r := rand.New(rand.NewPCG(seed, 7))
	names := [][2]string{
		{"राम", "Ram"}, {"सीता", "Sita"}, {"मोहन", "Mohan"}, {"गीता", "Geeta"}, {"अर्जुन", "Arjun"},
		{"प्रिया", "Priya"}, {"विकास", "Vikas"}, {"सुनीता", "Sunita"}, {"करण", "Karan"}, {"नेहा", "Neha"},
		{"लंदन", "London"}, {"दिल्ली", "Delhi"}, {"मुंबई", "Mumbai"}, {"पेरिस", "Paris"}, {"टोक्यो", "Tokyo"},
		{"कोलकाता", "Kolkata"}, {"बर्लिन", "Berlin"}, {"चेन्नई", "Chennai"}, {"जयपुर", "Jaipur"}, {"पटना", "Patna"},
	}
	nouns := [][2]string{
		{"किताबें", "books"}, {"घर", "houses"}, {"पेड़", "trees"}, {"गाड़ियाँ", "cars"}, {"स्कूल", "schools"},
		{"कंप्यूटर", "computers"}, {"पत्र", "letters"}, {"टिकट", "tickets"}, {"कुर्सियाँ", "chairs"}, {"फोन", "phones"},
	}
	verbs := [][2]string{
		{"खरीदे", "bought"}, {"बेचे", "sold"}, {"देखे", "saw"}, {"बनाए", "built"}, {"भेजे", "sent"},
		{"गिने", "counted"}, {"दान किए", "donated"}, {"मंगवाए", "ordered"},
	}
	tails := [][2]string{
		{"", ""}, {" और सब खुश थे", " and everyone was happy"}, {" लेकिन किसी ने ध्यान नहीं दिया", " but nobody noticed"},
		{" क्योंकि बाज़ार में छूट थी", " because there was a sale in the market"},
		{" जबकि बारिश हो रही थी", " while it was raining"},
	}
	pair := func() (string, string) {
		a, b := names[r.IntN(len(names))], names[r.IntN(len(names))]
		no, v, t := nouns[r.IntN(len(nouns))], verbs[r.IntN(len(verbs))], tails[r.IntN(len(tails))]
		num := r.IntN(2000) + 2
		h := fmt.Sprintf("%s ने %s में %d %s %s%s।", a[0], b[0], num, no[0], v[0], t[0])
		e := fmt.Sprintf("%s %s %d %s in %s%s.", a[1], v[1], num, no[1], b[1], t[1])
		return h, e
	}
	for k := 0; k < n; {
		x := r.Float64()
		h, e := pair()
		switch {
		case x < 0.05 && k+1 < n: // Hindi 2 : English 1
			h2, e2 := pair()
			gold = append(gold, Link{Hi: []int{len(hi), len(hi) + 1}, En: []int{len(en)}})
			hi = append(hi, h, h2)
			en = append(en, strings.TrimSuffix(e, ".")+", and "+e2)
			k += 2
		case x < 0.10 && k+1 < n: // Hindi 1 : English 2
			h2, e2 := pair()
			gold = append(gold, Link{Hi: []int{len(hi)}, En: []int{len(en), len(en) + 1}})
			hi = append(hi, strings.TrimSuffix(h, "।")+" और "+h2)
			en = append(en, e, e2)
			k += 2
		case x < 0.125: // English dropped
			gold = append(gold, Link{Hi: []int{len(hi)}, En: []int{}})
			hi = append(hi, h)
			k++
		case x < 0.15: // Hindi dropped
			gold = append(gold, Link{Hi: []int{}, En: []int{len(en)}})
			en = append(en, e)
			k++
		case x < 0.165: // unrelated English inserted
			_, e2 := pair()
			gold = append(gold, Link{Hi: []int{}, En: []int{len(en)}})
			en = append(en, e2)
		default:
			gold = append(gold, Link{Hi: []int{len(hi)}, En: []int{len(en)}})
			hi = append(hi, h)
			en = append(en, e)
			k++
		}
	}
	return hi, en, gold
}
