package offline

import (
	"testing"
)

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

func BenchmarkTranslate(b *testing.B) {
	tr := newTr(b)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		tr.Gloss(benchSentences[i%len(benchSentences)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}
