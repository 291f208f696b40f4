package segment

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// checkSpans fails t unless spans are a valid sentence split of text: in
// order, non-overlapping, non-empty, trimmed, Text == text[Start:End], and
// nothing but white space between them.
func checkSpans(t testing.TB, text string, spans []Span) {
	t.Helper()
	prev := 0
	for i, sp := range spans {
		if sp.Start < prev || sp.End <= sp.Start || sp.End > len(text) {
			t.Fatalf("span %d [%d,%d) out of order or empty (previous end %d, len %d)", i, sp.Start, sp.End, prev, len(text))
		}
		if sp.Text != text[sp.Start:sp.End] {
			t.Fatalf("span %d: Text %q != text[%d:%d] %q", i, sp.Text, sp.Start, sp.End, text[sp.Start:sp.End])
		}
		if r, _ := utf8.DecodeRuneInString(sp.Text); isSpace(r) {
			t.Fatalf("span %d %q starts with white space", i, sp.Text)
		}
		if r, _ := utf8.DecodeLastRuneInString(sp.Text); isSpace(r) {
			t.Fatalf("span %d %q ends with white space", i, sp.Text)
		}
		if gap := text[prev:sp.Start]; !allSpace(gap) {
			t.Fatalf("characters %q before span %d are lost", gap, i)
		}
		prev = sp.End
	}
	if gap := text[prev:]; !allSpace(gap) {
		t.Fatalf("characters %q after the last span are lost", gap)
	}
}

// allSpace reports whether s holds only white-space runes (invalid bytes
// are not white space).
func allSpace(s string) bool {
	for len(s) > 0 {
		r, w := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && w == 1 || !isSpace(r) {
			return false
		}
		s = s[w:]
	}
	return true
}

func texts(spans []Span) []string {
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = sp.Text
	}
	return out
}

type splitCase struct {
	name string
	text string
	want []string
}

func runCases(t *testing.T, cases []splitCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spans := Split(c.text)
			checkSpans(t, c.text, spans)
			got := texts(spans)
			if strings.Join(got, "\x00") != strings.Join(c.want, "\x00") {
				t.Errorf("Split(%q)\n got  %q\n want %q", c.text, got, c.want)
			}
		})
	}
}

func TestTerminators(t *testing.T) {
	runCases(t, []splitCase{
		{"danda", "राम घर गया। सीता बाज़ार गई।",
			[]string{"राम घर गया।", "सीता बाज़ार गई।"}},
		{"spaced danda", "राम घर गया । सीता बाज़ार गई ।",
			[]string{"राम घर गया ।", "सीता बाज़ार गई ।"}},
		{"double danda", "धर्म की जय हो॥ अधर्म का नाश हो॥",
			[]string{"धर्म की जय हो॥", "अधर्म का नाश हो॥"}},
		{"verse numbers", "कर्मण्येवाधिकारस्ते मा फलेषु कदाचन ॥ ४७ ॥ योगस्थः कुरु कर्माणि ॥४८॥",
			[]string{"कर्मण्येवाधिकारस्ते मा फलेषु कदाचन ॥ ४७ ॥", "योगस्थः कुरु कर्माणि ॥४८॥"}},
		{"question and exclamation", "क्या तुम आओगे? हाँ, मैं आऊँगा! ठीक है।",
			[]string{"क्या तुम आओगे?", "हाँ, मैं आऊँगा!", "ठीक है।"}},
		{"runs", "सच में?! अद्भुत!!! चलो।",
			[]string{"सच में?!", "अद्भुत!!!", "चलो।"}},
		{"period attached", "उसने कहा. फिर वह चला गया.",
			[]string{"उसने कहा.", "फिर वह चला गया."}},
		{"period spaced", "उसने कहा . फिर वह चला गया .",
			[]string{"उसने कहा .", "फिर वह चला गया ."}},
		{"mixed", "पहला वाक्य। दूसरा वाक्य. तीसरा वाक्य? चौथा वाक्य . पाँचवाँ",
			[]string{"पहला वाक्य।", "दूसरा वाक्य.", "तीसरा वाक्य?", "चौथा वाक्य .", "पाँचवाँ"}},
		{"ellipsis", "मैं सोचता रहा... अंत में मैंने फ़ैसला किया। वह बोला… हम चलेंगे।",
			[]string{"मैं सोचता रहा...", "अंत में मैंने फ़ैसला किया।", "वह बोला…", "हम चलेंगे।"}},
		{"ellipsis inside a word", "यह...वह और वो…जो सब।",
			[]string{"यह...वह और वो…जो सब।"}},
		{"ellipsis before a conjunction", "लोग कर्ज़ ले रहे हैं... जबकि बचत घट रही है।",
			[]string{"लोग कर्ज़ ले रहे हैं... जबकि बचत घट रही है।"}},
		{"ellipsis in an open quotation", "उसने कहा, “रुको… मैं आता हूँ।” सब रुक गए।",
			[]string{"उसने कहा, “रुको… मैं आता हूँ।”", "सब रुक गए।"}},
		{"leading ellipsis", "... और फिर सब बदल गया।",
			[]string{"... और फिर सब बदल गया।"}},
		{"danda glued to next word", "वह आया।फिर गया।",
			[]string{"वह आया।", "फिर गया।"}},
		{"pipe for danda", "राम घर गया | सीता बाज़ार गई|| कीमत a|b है।",
			[]string{"राम घर गया |", "सीता बाज़ार गई||", "कीमत a|b है।"}},
		{"stray punctuation", "यह सच है । । अब आगे बढ़ें ।",
			[]string{"यह सच है । ।", "अब आगे बढ़ें ।"}},
		{"abbreviation then full stop", "उसने पढ़ाई की एम.फिल.. फिर नौकरी की.",
			[]string{"उसने पढ़ाई की एम.फिल..", "फिर नौकरी की."}},
	})
}

func TestQuotesAndBrackets(t *testing.T) {
	runCases(t, []splitCase{
		{"curly quote attached", "उसने कहा, “मैं आऊँगा।” फिर वह चला गया।",
			[]string{"उसने कहा, “मैं आऊँगा।”", "फिर वह चला गया।"}},
		{"curly quote spaced", "उसने कहा , “ मैं आऊँगा । ” फिर वह गया ।",
			[]string{"उसने कहा , “ मैं आऊँगा । ”", "फिर वह गया ।"}},
		{"single quote after period", "वह बोला, 'ठीक है.' सब हँसे.",
			[]string{"वह बोला, 'ठीक है.'", "सब हँसे."}},
		{"single curly quote", "नारा था ‘जय हिंद।’ भीड़ गूँज उठी।",
			[]string{"नारा था ‘जय हिंद।’", "भीड़ गूँज उठी।"}},
		{"ascii quote spaced closes", `उसने कहा , " मैं आऊँगा । " फिर वह गया । "नया" शब्द है।`,
			[]string{`उसने कहा , " मैं आऊँगा । "`, "फिर वह गया ।", `"नया" शब्द है।`}},
		{"ascii quote opens next sentence", `वह गया। "क्यों?" किसी ने पूछा।`,
			[]string{"वह गया।", `"क्यों?"`, "किसी ने पूछा।"}},
		{"bracket", "(यह पुरानी बात है।) अब नया दौर है।",
			[]string{"(यह पुरानी बात है।)", "अब नया दौर है।"}},
		{"bracket spaced", "( यह पुरानी बात है । ) अब नया दौर है ।",
			[]string{"( यह पुरानी बात है । )", "अब नया दौर है ।"}},
		{"quotation over two sentences", `उन्होंने कहा , " पहला काम हो गया । दूसरा बाकी है । " फिर वे चले गए ।`,
			[]string{`उन्होंने कहा , " पहला काम हो गया ।`, `दूसरा बाकी है । "`, "फिर वे चले गए ।"}},
		{"apostrophe is not a quote", "He didn't go. ' यह ' शब्द है ।",
			[]string{"He didn't go.", "' यह ' शब्द है ।"}},
		{"quote then danda", "उसने पूछा, “क्या?”। सब चुप रहे।",
			[]string{"उसने पूछा, “क्या?”।", "सब चुप रहे।"}},
	})
}

func TestAbbreviations(t *testing.T) {
	runCases(t, []splitCase{
		{"titles", "डॉ. शर्मा ने कहा. प्रो. वर्मा सहमत थे. मि. जोशी आए. स्व. इंदिरा गांधी की याद में सभा हुई. श्री. गुप्ता भी थे.",
			[]string{"डॉ. शर्मा ने कहा.", "प्रो. वर्मा सहमत थे.", "मि. जोशी आए.", "स्व. इंदिरा गांधी की याद में सभा हुई.", "श्री. गुप्ता भी थे."}},
		{"company", "टाटा स्टील लि. ने नतीजे घोषित किए. 100 मी. दौड़ में वह जीती.",
			[]string{"टाटा स्टील लि. ने नतीजे घोषित किए.", "100 मी. दौड़ में वह जीती."}},
		{"name parts", "मो. रफी और सै. शाहनवाज हुसैन आए.",
			[]string{"मो. रफी और सै. शाहनवाज हुसैन आए."}},
		{"tokenised periods", "डॉ . मनमोहन सिंह ने कहा . एन . सी . पाधी ने जाँच की .",
			[]string{"डॉ . मनमोहन सिंह ने कहा .", "एन . सी . पाधी ने जाँच की ."}},
		{"pandit", "पं. रविशंकर ने सितार बजाया.",
			[]string{"पं. रविशंकर ने सितार बजाया."}},
		{"units", "गाँव यहाँ से 12 किमी. दूर है. वहाँ रु. 500 का टिकट लगता है. मकान नं. 7 में रहते हैं.",
			[]string{"गाँव यहाँ से 12 किमी. दूर है.", "वहाँ रु. 500 का टिकट लगता है.", "मकान नं. 7 में रहते हैं."}},
		{"devanagari initials", "एन. सी. पाधी ने जाँच की. के. नटवर सिंह विदेश मंत्री थे.",
			[]string{"एन. सी. पाधी ने जाँच की.", "के. नटवर सिंह विदेश मंत्री थे."}},
		{"dotted acronyms", "जी.डी.पी. में वृद्धि हुई. बी.सी. राय अस्पताल गए. उ.प्र. सरकार ने कहा.",
			[]string{"जी.डी.पी. में वृद्धि हुई.", "बी.सी. राय अस्पताल गए.", "उ.प्र. सरकार ने कहा."}},
		{"degrees", "उन्होंने डी. फिल. की उपाधि ली. पीएच.डी. पूरी की.",
			[]string{"उन्होंने डी. फिल. की उपाधि ली.", "पीएच.डी. पूरी की."}},
		{"letter word alone ends a sentence", "वह कल घर आई. फिर सब खुश हुए.",
			[]string{"वह कल घर आई.", "फिर सब खुश हुए."}},
		{"letter word in a chain", "आई. के. गुजराल प्रधानमंत्री थे. के. जी. बालकृष्णन ने कहा.",
			[]string{"आई. के. गुजराल प्रधानमंत्री थे.", "के. जी. बालकृष्णन ने कहा."}},
		{"honorific ji ends a sentence", "सबने कहा धन्यवाद गांधी जी. फिर सभा खत्म हुई.",
			[]string{"सबने कहा धन्यवाद गांधी जी.", "फिर सभा खत्म हुई."}},
		{"native initials", "रा. स्व. संघ की बैठक हुई.",
			[]string{"रा. स्व. संघ की बैठक हुई."}},
		{"conjunct and virama end words", "वह सच्चा भक्त. हम सब उसे जानते हैं. यह विषय बहुत विशद्. इस पर फिर बात होगी.",
			[]string{"वह सच्चा भक्त.", "हम सब उसे जानते हैं.", "यह विषय बहुत विशद्.", "इस पर फिर बात होगी."}},
		{"one-syllable verb ends", "काम हो. सबको पता है. के. आर. नारायणन आए.",
			[]string{"काम हो.", "सबको पता है.", "के. आर. नारायणन आए."}},
	})
}

func TestNumbers(t *testing.T) {
	runCases(t, []splitCase{
		{"decimals times dates", "दर 3.5 प्रतिशत रही. बैठक 10.30 बजे 13.07.2024 को हुई.",
			[]string{"दर 3.5 प्रतिशत रही.", "बैठक 10.30 बजे 13.07.2024 को हुई."}},
		{"devanagari decimals", "विकास दर ६.५ प्रतिशत रही।",
			[]string{"विकास दर ६.५ प्रतिशत रही।"}},
		{"number ends a sentence", "कीमत थी 7.5. फिर घटी. कुल संख्या 120. बाकी बाद में.",
			[]string{"कीमत थी 7.5.", "फिर घटी.", "कुल संख्या 120.", "बाकी बाद में."}},
		{"list numbers", "1. चुनाव जल्द होंगे. 2. कर घटेंगे.",
			[]string{"1. चुनाव जल्द होंगे.", "2. कर घटेंगे."}},
	})
}

func TestDateline(t *testing.T) {
	runCases(t, []splitCase{
		{"spaced period", "सोल, 13 जुलाई . उत्तर कोरिया ने बयान जारी किया. यह अहम है.",
			[]string{"सोल, 13 जुलाई . उत्तर कोरिया ने बयान जारी किया.", "यह अहम है."}},
		{"attached period", "नई दिल्ली, 5 मार्च. सरकार ने घोषणा की.",
			[]string{"नई दिल्ली, 5 मार्च. सरकार ने घोषणा की."}},
		{"agency and danda", "मुंबई, 2 जनवरी 2025 (भाषा) । शेयर बाज़ार गिरा ।",
			[]string{"मुंबई, 2 जनवरी 2025 (भाषा) । शेयर बाज़ार गिरा ।"}},
		{"agency with periods", "प्रयागराज, 27 अगस्त (हि.स.)। विश्वविद्यालय के शिक्षक को सदस्यता मिली है।",
			[]string{"प्रयागराज, 27 अगस्त (हि.स.)। विश्वविद्यालय के शिक्षक को सदस्यता मिली है।"}},
		{"place with region", "सियोल (दक्षिण कोरिया), 11 सितंबर (एपी)। किम रूस जाएंगे।",
			[]string{"सियोल (दक्षिण कोरिया), 11 सितंबर (एपी)। किम रूस जाएंगे।"}},
		{"glued danda", "पूर्वी चंपारण,08 सितंबर (हि.स.)।विश्वविद्यालय में सभा हुई।",
			[]string{"पूर्वी चंपारण,08 सितंबर (हि.स.)।विश्वविद्यालय में सभा हुई।"}},
		{"place repeated after a dash", "अलीगढ़, नवम्बर 24 -- अलीगढ़। सम्मेलन में शोध पत्र को सम्मान मिला।",
			[]string{"अलीगढ़, नवम्बर 24 -- अलीगढ़। सम्मेलन में शोध पत्र को सम्मान मिला।"}},
		{"date inside a paragraph", "मैच की तारीख तय हुई. वे खेलेंगे शनिवार, 10 जून. पिछला साल अच्छा था.",
			[]string{"मैच की तारीख तय हुई.", "वे खेलेंगे शनिवार, 10 जून.", "पिछला साल अच्छा था."}},
		{"not a dateline", "उसने कहा कि वह 13 जुलाई . फिर चुप हो गया .",
			[]string{"उसने कहा कि वह 13 जुलाई .", "फिर चुप हो गया ."}},
	})
}

func TestEnglish(t *testing.T) {
	runCases(t, []splitCase{
		{"english sentences", "The U.S. economy grew. Mr. Smith agreed. I work at Acme Inc. The company is big.",
			[]string{"The U.S. economy grew.", "Mr. Smith agreed.", "I work at Acme Inc.", "The company is big."}},
		{"mixed", "He left early. वह देर से आया. Sunday को बैठक हुई. Dr. Rao ने कहा.",
			[]string{"He left early.", "वह देर से आया.", "Sunday को बैठक हुई.", "Dr. Rao ने कहा."}},
		{"lower case goes on", "Infosys Ltd. ने मुनाफ़ा कमाया. See p. 12 and the notes, e.g. this one.",
			[]string{"Infosys Ltd. ने मुनाफ़ा कमाया.", "See p. 12 and the notes, e.g. this one."}},
		{"initials", "J. K. Rowling wrote it. बाद में फिल्म बनी.",
			[]string{"J. K. Rowling wrote it.", "बाद में फिल्म बनी."}},
		{"url", "देखें example.com/page?id=5 पर. वहाँ सब है.",
			[]string{"देखें example.com/page?id=5 पर.", "वहाँ सब है."}},
	})
}

func TestLines(t *testing.T) {
	runCases(t, []splitCase{
		{"seed layout", "किम जोंग उन ने दोहराया, ‘रूस को हमारा पूरा समर्थन’\n\nसोल, 13 जुलाई . किम ने बात कही. मीडिया ने Sunday को यह जानकारी दी.\n\nपीएसके/केआर",
			[]string{"किम जोंग उन ने दोहराया, ‘रूस को हमारा पूरा समर्थन’", "सोल, 13 जुलाई . किम ने बात कही.", "मीडिया ने Sunday को यह जानकारी दी.", "पीएसके/केआर"}},
		{"wrapped paragraph", "यह वाक्य एक लंबी पंक्ति में लिखा गया है और अगली पंक्ति में\nजारी रहता है जहाँ यह समाप्त होता है।",
			[]string{"यह वाक्य एक लंबी पंक्ति में लिखा गया है और अगली पंक्ति में\nजारी रहता है जहाँ यह समाप्त होता है।"}},
		{"heading", "चुनाव परिणाम घोषित\nइस साल चुनाव में भारी मतदान हुआ और सभी दलों ने अपनी जीत का दावा किया।",
			[]string{"चुनाव परिणाम घोषित", "इस साल चुनाव में भारी मतदान हुआ और सभी दलों ने अपनी जीत का दावा किया।"}},
		{"headline above a dateline", "किम जोंग उन ने दोहराया, ‘यूक्रेन के खिलाफ युद्ध में रूस को हमारा पूरा समर्थन’\nसोल, 13 जुलाई . किम ने बात कही.",
			[]string{"किम जोंग उन ने दोहराया, ‘यूक्रेन के खिलाफ युद्ध में रूस को हमारा पूरा समर्थन’", "सोल, 13 जुलाई . किम ने बात कही."}},
		{"long heading above a long paragraph", "राजधानी में नए पुल का काम पूरा होने के बाद अगले महीने से यातायात शुरू होने की पूरी उम्मीद\nराज्य के पथ निर्माण मंत्री ने सोमवार को पुल का निरीक्षण किया और काम की प्रगति पर संतोष जताया, उन्होंने कहा कि पुल की लंबाई पाँच किलोमीटर से अधिक है और इस पर रोज़ हज़ारों वाहन चल सकेंगे। स्थानीय लोगों में इस खबर से खुशी है।",
			[]string{"राजधानी में नए पुल का काम पूरा होने के बाद अगले महीने से यातायात शुरू होने की पूरी उम्मीद", "राज्य के पथ निर्माण मंत्री ने सोमवार को पुल का निरीक्षण किया और काम की प्रगति पर संतोष जताया, उन्होंने कहा कि पुल की लंबाई पाँच किलोमीटर से अधिक है और इस पर रोज़ हज़ारों वाहन चल सकेंगे।", "स्थानीय लोगों में इस खबर से खुशी है।"}},
		{"sign-off after a single line break", "किम ने बात कही. लावरोव Friday को पहुंचे\nपीएसके/केआर\n",
			[]string{"किम ने बात कही.", "लावरोव Friday को पहुंचे", "पीएसके/केआर"}},
		{"slash word inside a paragraph", "किम ने बात कही. लावरोव Friday को\nदिल्ली/मुंबई\nपहुंचे।",
			[]string{"किम ने बात कही.", "लावरोव Friday को\nदिल्ली/मुंबई\nपहुंचे।"}},
		{"short wrapped line after a sentence end", "पहला वाक्य यहाँ खत्म होता है। दूसरा\nवाक्य यहाँ से बहुत लंबा चलता है और आगे की पंक्ति तक जाता है।",
			[]string{"पहला वाक्य यहाँ खत्म होता है।", "दूसरा\nवाक्य यहाँ से बहुत लंबा चलता है और आगे की पंक्ति तक जाता है।"}},
		{"list", "सामग्री:\n- आलू\n- प्याज\n\n\n   \nअंतिम पंक्ति\r\n\r\nपीएसके/केआर\n",
			[]string{"सामग्री:", "- आलू", "- प्याज", "अंतिम पंक्ति", "पीएसके/केआर"}},
		{"blank line ends unpunctuated text", "पहला भाग बिना विराम\n\nदूसरा भाग",
			[]string{"पहला भाग बिना विराम", "दूसरा भाग"}},
		{"paragraph separator and form feed", "पहला भाग\u2029दूसरा भाग\fतीसरा भाग",
			[]string{"पहला भाग", "दूसरा भाग", "तीसरा भाग"}},
		{"line separator is a line break", "यह वाक्य एक लंबी पंक्ति में लिखा गया है और अगली पंक्ति में\u2028जारी रहता है।",
			[]string{"यह वाक्य एक लंबी पंक्ति में लिखा गया है और अगली पंक्ति में\u2028जारी रहता है।"}},
		{"numbered list", "मुख्य बातें\n1. कर घटेंगे।\n2. नौकरियाँ बढ़ेंगी।",
			[]string{"मुख्य बातें", "1. कर घटेंगे।", "2. नौकरियाँ बढ़ेंगी।"}},
		{"empty", "", nil},
		{"white space only", " \n\t\n ", nil},
	})
}

func TestClauseEnds(t *testing.T) {
	runCases(t, []splitCase{
		{"connective with comma", "मैं यहीं रहना चाहता हूं लेकिन, मेरे पास पैसे नहीं हैं।",
			[]string{"मैं यहीं रहना चाहता हूं", "लेकिन, मेरे पास पैसे नहीं हैं।"}},
		{"two-word connective", "बैठक खत्म हो गई इसके बाद, सब घर चले गए।",
			[]string{"बैठक खत्म हो गई", "इसके बाद, सब घर चले गए।"}},
		{"sentence adverb", "यह आसान नहीं है हालांकि सरकार कोशिश कर रही है।",
			[]string{"यह आसान नहीं है", "हालांकि सरकार कोशिश कर रही है।"}},
		{"conjunction is not an adverb", "हमें जल्दी जाना होगा इससे पहले कि बारिश शुरू हो।",
			[]string{"हमें जल्दी जाना होगा इससे पहले कि बारिश शुरू हो।"}},
		{"ergative subject", "मैं घर लौटना चाहती हूँ मीरा ने कहा।",
			[]string{"मैं घर लौटना चाहती हूँ", "मीरा ने कहा।"}},
		{"modal", "इस पर बहस होनी चाहिए मंत्री इससे सहमत हैं।",
			[]string{"इस पर बहस होनी चाहिए", "मंत्री इससे सहमत हैं।"}},
		{"correlative pronoun", "जो सबसे आगे था उसी ने जीत हासिल की।",
			[]string{"जो सबसे आगे था उसी ने जीत हासिल की।"}},
		{"negated auxiliary", "यह हमारा इरादा नहीं है सरकार ने बयान जारी किया।",
			[]string{"यह हमारा इरादा नहीं है", "सरकार ने बयान जारी किया।"}},
		{"negated auxiliary then correlative", "जो संभव नहीं है उसके लिए कोशिश बेकार है।",
			[]string{"जो संभव नहीं है उसके लिए कोशिश बेकार है।"}},
		{"negated auxiliary then conjunction", "वह गठबंधन में शामिल नहीं है बल्कि बाहर से समर्थन दे रहा है।",
			[]string{"वह गठबंधन में शामिल नहीं है बल्कि बाहर से समर्थन दे रहा है।"}},
		{"negation before a vector verb", "यह काम पूरा नहीं हो सका।",
			[]string{"यह काम पूरा नहीं हो सका।"}},
		{"modal then conjunction", "हमें पढ़ना चाहिए ताकि आगे बढ़ सकें।",
			[]string{"हमें पढ़ना चाहिए ताकि आगे बढ़ सकें।"}},
		{"comma before connective", "वह आया है, लेकिन देर से।",
			[]string{"वह आया है, लेकिन देर से।"}},
		{"participle is not a clause end", "हमले में मारे गए लोगों ने पहले शिकायत की थी।",
			[]string{"हमले में मारे गए लोगों ने पहले शिकायत की थी।"}},
	})
}

func TestInvalidUTF8(t *testing.T) {
	for _, text := range []string{"\xff\xfe।\xe0\xa5", "क.\xe0", "।\xe2\x80", "\xe2\x80\xa6\xe2", ". . .", "।।।", "\n\n.", "\u2029।\u2028"} {
		checkSpans(t, text, Split(text))
	}
}

func TestLexicon(t *testing.T) {
	lex := defaultLexicon
	for w, want := range map[string]wordClass{
		"डॉ": classTitle, "mr": classTitle, "MR": classTitle, "किमी": classUnit,
		"के": classLetter, "आई": classLetterWord, "है": classFinal | classAux | classLink,
		"जुलाई": classMonth, "इसके अलावा": classConnective | classOpener,
		"स्\u200dव": classTitle, // a joiner inside the word is ignored
	} {
		if got := lex.class(w); got != want {
			t.Errorf("class(%q) = %b, want %b", w, got, want)
		}
	}
	if got := aksharas("क्ष"); got != 1 {
		t.Errorf("aksharas(क्ष) = %d, want 1", got)
	}
	if got := aksharas("भक्त"); got != 2 {
		t.Errorf("aksharas(भक्त) = %d, want 2", got)
	}
}

func TestConcurrent(t *testing.T) {
	text := strings.Repeat(benchText, 3)
	want := texts(Split(text))
	done := make(chan []string)
	for range 8 {
		go func() { done <- texts(Split(text)) }()
	}
	for range 8 {
		if got := <-done; strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatal("concurrent Split calls disagree")
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		benchText, "", "।", "डॉ. ए. बी. सी.", "सोल, 13 जुलाई . x", "a.b. C. d", "है हालांकि", "\xff.\n\n\xe0\xa5\xa4",
		"“।” ’) ।)", "1. क. ॥ १ ॥", "होना चाहिए राम", "...…", "\r\n\r\n", "चुनाव\nलंबी पंक्ति है यहाँ।",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, Split(text))
	})
}
