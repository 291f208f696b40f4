package offline

import "testing"

// benchSentences are ordinary news-style sentences of varied shape.
var benchSentences = []string{
	"प्रधानमंत्री ने सोमवार को दिल्ली में एक बैठक के दौरान नई योजना की घोषणा की।",
	"पुलिस के अनुसार, दुर्घटना में तीन लोग घायल हो गए और उन्हें अस्पताल ले जाया गया।",
	"कंपनी का कहना है कि अगले साल उसकी बिक्री में बीस प्रतिशत की बढ़ोतरी होगी।",
	"बच्चे स्कूल के मैदान में फुटबॉल खेल रहे थे जब बारिश शुरू हुई।",
	"वैज्ञानिकों ने पाया कि समुद्र का तापमान पिछले दशक में तेजी से बढ़ा है।",
	"हमारे पास इस समस्या का कोई आसान समाधान नहीं है, लेकिन हम कोशिश कर सकते हैं।",
	"जापान और दक्षिण कोरिया के नेताओं ने व्यापार समझौते पर हस्ताक्षर किए।",
	"किताब को २०१९ में प्रकाशित किया गया था और यह बहुत लोकप्रिय हुई।",
}

// nameSentences are full of names, loanwords and words no list holds,
// which go down the slow end of lookup: the analyser, suffix stripping,
// loanword matching and romanisation.
var nameSentences = []string{
	"माइक्रोसॉफ्ट के प्रमुख सत्या नडेला ने सैन फ्रांसिस्को में नए सॉफ्टवेयर की जानकारी दी।",
	"ऑस्ट्रेलियाई क्रिकेटर स्टीव स्मिथ ने मेलबर्न टेस्ट में शानदार शतक बनाया।",
	"यूनेस्को की रिपोर्ट के अनुसार ग्रामीण इलाकों में इंटरनेट की पहुंच अब भी सीमित है।",
	"वैज्ञानिक प्रयोगशाला में प्लास्टिक कचरे को ईंधन में बदलने की तकनीक पर काम कर रहे हैं।",
	"फुटबॉल क्लब ने अपने नए कोच के रूप में पूर्व डिफेंडर कार्लोस मेंडेस को नियुक्त किया।",
	"हेलसिंकी और कोपेनहेगन के बीच नई फेरी सेवा अगले महीने शुरू होगी।",
	"टेलीकॉम कंपनियों ने डेटा की कीमतों में दस प्रतिशत की कटौती का ऐलान किया।",
	"संग्रहालय में रखी पेंटिंग्स को देखने के लिए हजारों पर्यटक पहुंचे।",
}

func BenchmarkTranslate(b *testing.B) { benchGloss(b, benchSentences) }

func BenchmarkTranslateNames(b *testing.B) { benchGloss(b, nameSentences) }

// benchGloss glosses the sentences in turn and reports sentences per
// second of wall time and per second of the process's CPU time (user and
// system, garbage collection on other cores included), which a busy
// machine disturbs less.
func benchGloss(b *testing.B, sentences []string) {
	tr := newTr(b)
	tr.Gloss(sentences[0]) // load the tables outside the timing
	b.ReportAllocs()
	cpu0 := processCPU()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		tr.Gloss(sentences[i%len(sentences)])
		n++
	}
	b.StopTimer()
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
	if cpu := processCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "sentences/cpu-s")
	}
}
