package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
)

// Word lists for generated Hindi news sentences. Every sentence carries its
// own serial number, so n sentences are n distinct sentences.
var (
	genPlaces   = []string{"दिल्ली", "मुंबई", "पटना", "जयपुर", "लखनऊ", "भोपाल", "चेन्नई", "कोलकाता", "हैदराबाद", "पुणे", "अहमदाबाद", "रांची"}
	genSubjects = []string{"सरकार", "प्रधानमंत्री", "मंत्रालय", "पुलिस", "अदालत", "कंपनी", "विश्वविद्यालय", "किसान संगठन", "चुनाव आयोग", "नगर निगम", "रेलवे", "बैंक"}
	genObjects  = []string{"नई योजना", "वार्षिक रिपोर्ट", "जांच", "बजट", "सड़क परियोजना", "स्वास्थ्य शिविर", "भर्ती प्रक्रिया", "नया कानून", "बिजली संयंत्र", "जल आपूर्ति"}
	genVerbs    = []string{"की घोषणा की", "को मंजूरी दी", "पर चर्चा की", "का उद्घाटन किया", "की समीक्षा की", "के आदेश दिए", "पर रोक लगाई", "शुरू की"}
	genNouns    = []string{"लोगों", "किसानों", "छात्रों", "कर्मचारियों", "परिवारों", "मरीजों", "यात्रियों", "दुकानदारों"}
	genTails    = []string{"", " और अधिकारियों ने इसे ऐतिहासिक बताया", " लेकिन विपक्ष ने इसकी आलोचना की", " जिससे बाज़ार में उत्साह है", " क्योंकि पिछले साल बारिश कम हुई थी", " ताकि काम समय पर पूरा हो"}
)

// generate writes n distinct Hindi news-like sentences to w, eight to a
// paragraph, reproducibly for a seed.
func generate(w io.Writer, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 13))
	bw := bufio.NewWriterSize(w, 1<<16)
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	for i := range n {
		fmt.Fprintf(bw, "%s में %s ने %s %s और %d %s को लाभ मिला%s।",
			pick(genPlaces), pick(genSubjects), pick(genObjects), pick(genVerbs), i+1, pick(genNouns), pick(genTails))
		if i%8 == 7 || i == n-1 {
			bw.WriteString("\n\n")
		} else {
			bw.WriteByte(' ')
		}
	}
	return bw.Flush()
}
