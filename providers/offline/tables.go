package offline

// Hand-written tables of the closed word classes. Keys are lookup keys
// (see hindi.Key): no nukta, anusvara for nasal + consonant.

type cat uint8

const (
	cNone  cat = iota
	cNoun      // common noun or noun phrase head
	cName      // proper name
	cAdj       // adjective
	cDet       // determiner, quantifier, possessive pronoun
	cNum       // number
	cPron      // personal or demonstrative pronoun
	cPost      // postposition: English preposition in en
	cGen       // genitive का / के / की
	cErg       // ergative ने
	cKo        // को
	cVerb      // main verb
	cAux       // auxiliary or vector verb
	cNeg       // negation
	cConj      // clause connective
	cAnd       // coordinating और / तथा / एवं / या
	cAdv       // adverb or particle
	cPunct     // punctuation
	cLatin     // Latin-script word or number kept as is
)

type fword struct {
	en string
	c  cat
}

// Simple and compound postpositions. A compound starting with के / की /
// से is matched as a whole before the genitive is considered.
var postpositions = map[string]string{
	"में": "in", "मे": "in", "पर": "on", "पे": "on", "से": "from", "तक": "until", "द्वारा": "by",
	"के लिए": "for", "के लिये": "for", "की लिए": "for", "लिए": "for",
	"के साथ": "with", "के साथ साथ": "along with", "साथ": "with",
	"के बाद": "after", "के पहले": "before", "से पहले": "before", "से पूर्व": "before", "के पूर्व": "before",
	"के बारे में": "about", "के विषय में": "about", "के संबंध में": "regarding", "के संदर्भ में": "in the context of",
	"के खिलाफ": "against", "के विरुद्ध": "against", "के विरूद्ध": "against", "के विपरीत": "contrary to",
	"के दौरान": "during", "के तहत": "under", "के अंतर्गत": "under", "के अधीन": "under",
	"के अनुसार": "according to", "के मुताबिक": "according to", "अनुसार": "according to",
	"के बीच": "between", "के बीच में": "between", "के मध्य": "between",
	"के पास": possMark, "रूप से": lyMark, "तौर पर": lyMark, "ढंग से": lyMark, "तरीके से": lyMark,
	"तौर से": lyMark, "प्रकार से": lyMark, "के निकट": "near", "के करीब": "near",
	"के अलावा": "besides", "के अतिरिक्त": "besides", "के सिवा": "except", "के सिवाय": "except",
	"के बजाय": "instead of", "के बजाए": "instead of", "की बजाय": "instead of", "की बजाए": "instead of",
	"के कारण": "because of", "की वजह से": "because of", "के चलते": "because of", "के मारे": "because of",
	"के ऊपर": "on", "के उपर": "on", "के नीचे": "under", "के अंदर": "inside", "के भीतर": "within",
	"के बाहर": "outside", "के सामने": "in front of", "के समक्ष": "before", "के पीछे": "behind", "के आगे": "ahead of",
	"के जरिए": "through", "के जरिये": "through", "के माध्यम से": "through", "के द्वारा": "by",
	"के हवाले से": "quoting", "की ओर": "towards", "की ओर से": "on behalf of", "की तरफ": "towards", "की तरफ से": "on behalf of",
	"की तरह": "like", "के समान": "like", "जैसे": "like", "की भांति": "like",
	"के बावजूद": "despite", "के रूप में": "as", "के तौर पर": "as", "के बिना": "without", "बिना": "without",
	"के आसपास": "around", "के आस पास": "around", "के मामले में": "in the case of",
	"की तुलना में": "compared to", "के मुकाबले": "compared to", "के प्रति": "towards", "के बदले": "in exchange for",
	"के बदले में": "in exchange for", "के मद्देनजर": "in view of", "के बराबर": "equal to", "के लायक": "worth",
	"के अनुरूप": "in line with", "के हिसाब से": "according to", "के नाम": "to", "के नाम पर": "in the name of",
	"के बिल्कुल": "right", "के अंत में": "at the end of", "के शुरू में": "at the start of", "की शुरुआत में": "in early",
	"के बगल में": "next to", "के किनारे": "along", "के पार": "across", "के लिहाज से": "in terms of",
	"में से": "out of", "पर से": "from", "से लेकर": "from", "तक के": "up to", "के बाबत": "about", "के संग": "with",
	"के सहारे": "with the help of", "की मदद से": "with the help of", "के साथ ही": "along with",
	"के बारे": "about", "के नाम से": "as", "नाम से": "as", "वजह से": "because of", "से ज्यादा": "more than", "से अधिक": "more than", "से कम": "less than",
	"से ऊपर": "above", "से बाहर": "out of", "से दूर": "away from", "से बेहतर": "better than", "से बड़ा": "bigger than",
	"से बड़ी": "bigger than", "से बड़े": "bigger than",
	"के बावजूद भी": "despite", "के बीचोंबीच": "in the middle of", "के अलावा भी": "besides", "के स्थान पर": "instead of",
	"की जगह": "instead of", "के जैसा": "like", "के जैसे": "like", "की तरह ही": "just like", "के बराबर का": "equal to", "सहित": "including", "समेत": "including", "वाले": "", "वाला": "", "वाली": "",
}

// Markers used as the English of a postposition that a rule rewrites.
const (
	possMark = "\x00poss" // X के पास Y है → X has Y
	lyMark   = "\x00ly"   // ADJ रूप से → ADJ-ly
)

// genitive pronouns before the tail of a compound postposition (इसके
// खिलाफ → against this) and the object form they take in English.
var genitiveObject = map[string]string{
	"इसके": "this", "इसकी": "this", "उसके": "him", "उसकी": "her", "उनके": "them", "उनकी": "them",
	"इनके": "them", "इनकी": "them", "मेरे": "me", "मेरी": "me", "हमारे": "us", "हमारी": "us",
	"आपके": "you", "आपकी": "you", "अपने": "themselves", "अपनी": "themselves", "जिसके": "which",
	"जिसकी": "which", "जिनके": "whom", "जिनकी": "whom", "तुम्हारे": "you", "किसके": "whom",
}

// verbPhrases are fixed expressions that act as a whole verb group.
var verbPhrases = map[string]string{
	"का कहना है": "says", "का कहना था": "said", "का मानना है": "believes", "का मानना था": "believed",
	"की राय है": "thinks", "का दावा है": "claims", "का आरोप है": "alleges", "का अनुमान है": "estimates",
	"को लगता है": "thinks", "को लगा": "felt", "पता चला": "found", "पता चलता है": "shows",
	"इसका मतलब है": "this means", "इसका अर्थ है": "this means", "का मतलब है": "means", "का अर्थ है": "means",
	"उसका मानना है": "he believes", "उनका मानना है": "they believe", "मेरा मानना है": "I believe",
	"हमारा मानना है": "we believe", "उसका कहना है": "he says", "उनका कहना है": "they say", "उसका कहना था": "he said",
	"उनका कहना था": "they said", "उनका मानना था": "they believed", "उसका मानना था": "he believed",
	"की जरूरत है": "need", "की जरूरत थी": "needed", "की आवश्यकता है": "need", "की आवश्यकता थी": "needed",
	"की जरूरत होगी": "will need", "की जरूरत नहीं है": "do not need",
	"मुझे लगता है": "I think", "हमें लगता है": "we think", "उन्हें लगता है": "they think", "उसे लगता है": "he thinks",
	"आपको लगता है": "you think", "मुझे लगा": "I felt", "उन्हें लगा": "they felt", "उसे लगा": "he felt", "हमें लगा": "we felt",
}

var pronouns = map[string]string{
	"मैं": "I", "मुझे": "me", "मुझ": "me", "मुझको": "me", "मैंने": "I", "मुझसे": "from me",
	"हम": "we", "हमें": "us", "हमको": "us", "हमने": "we", "हमसे": "from us", "हममें": "among us",
	"आप": "you", "आपको": "you", "आपने": "you", "आपसे": "from you",
	"तुम": "you", "तुम्हें": "you", "तुमने": "you", "तू": "you", "तुझे": "you",
	"वह": "he", "वो": "he", "उसे": "him", "उसको": "him", "उसने": "he", "उससे": "from him", "उसमें": "in it", "उसपर": "on it",
	"वे": "they", "उन्हें": "them", "उनको": "them", "उन्होंने": "they", "उनसे": "from them", "उनमें": "among them", "उनपर": "on them",
	"यह": "it", "ये": "these", "इसे": "it", "इसको": "it", "इसने": "it", "इससे": "from this", "इसमें": "in this", "इसपर": "on this",
	"इन्हें": "them", "इन्होंने": "they", "इनसे": "from these", "इनमें": "among these",
	"कोई": "someone", "किसी": "any", "किसे": "whom", "किसने": "who", "किसको": "whom",
	"कौन": "who", "क्या": "what", "जो": "who", "जिसे": "which", "जिसने": "who", "जिसमें": "in which", "जिससे": "from which",
	"जिन्हें": "which", "जिन्होंने": "who", "जिनमें": "in which", "जिनसे": "from whom", "जिसपर": "on which",
	"सब": "all", "सभी": "all", "स्वयं": "himself", "खुद": "himself", "एक दूसरे": "each other",
	"यही": "this", "वही": "that", "इसी": "this", "उसी": "the same", "इन्हीं": "these", "उन्हीं": "those",
	"कुछ": "some", "अन्य": "other", "दूसरे": "other", "बाकी": "rest",
}

var determiners = map[string]string{
	"मेरा": "my", "मेरी": "my", "मेरे": "my", "हमारा": "our", "हमारी": "our", "हमारे": "our",
	"आपका": "your", "आपकी": "your", "आपके": "your", "तुम्हारा": "your", "तुम्हारी": "your", "तुम्हारे": "your",
	"उसका": "his", "उसकी": "his", "उसके": "his", "उनका": "their", "उनकी": "their", "उनके": "their",
	"इसका": "its", "इसकी": "its", "इसके": "its", "इनका": "their", "इनकी": "their", "इनके": "their",
	"अपना": "their", "अपनी": "their", "अपने": "their", "जिसका": "whose", "जिसकी": "whose", "जिसके": "whose",
	"जिनका": "whose", "जिनकी": "whose", "जिनके": "whose", "किसका": "whose", "किसकी": "whose", "किसके": "whose",
	"इस": "this", "उस": "that", "इन": "these", "उन": "those", "जिस": "which", "जिन": "which", "किस": "which",
	"हर": "every", "प्रत्येक": "each", "कई": "many", "अनेक": "many", "बहुत": "many", "बहुत से": "many", "बहुत सारे": "many",
	"सारा": "all", "सारी": "all", "सारे": "all", "पूरा": "entire", "पूरी": "entire", "पूरे": "entire",
	"ऐसा": "such", "ऐसी": "such", "ऐसे": "such", "वैसा": "such", "कैसा": "what kind of", "ज्यादातर": "most", "अधिकतर": "most",
	"अधिकांश": "most", "कम": "less", "ज्यादा": "more", "अधिक": "more", "थोड़ा": "a little", "थोड़ी": "a little", "थोड़े": "a few",
	"दोनों": "both", "कितना": "how much", "कितनी": "how many", "कितने": "how many", "इतना": "so much", "इतनी": "so much", "इतने": "so many",
	"उतना": "that much", "उतनी": "that much", "उतने": "that many", "जितना": "as much as", "जितनी": "as much as", "जितने": "as many as",
	"विभिन्न": "various", "सबसे": "most", "एक": "a", "किन": "which",
}

var numbers = map[string]string{
	"शून्य": "zero", "दो": "two", "तीन": "three", "चार": "four", "पांच": "five", "छह": "six", "छः": "six", "सात": "seven",
	"आठ": "eight", "नौ": "nine", "दस": "ten", "ग्यारह": "eleven", "बारह": "twelve", "तेरह": "thirteen", "चौदह": "fourteen",
	"पंद्रह": "fifteen", "सोलह": "sixteen", "सत्रह": "seventeen", "अठारह": "eighteen", "उन्नीस": "nineteen", "बीस": "twenty",
	"पच्चीस": "twenty-five", "तीस": "thirty", "चालीस": "forty", "पचास": "fifty", "साठ": "sixty", "सत्तर": "seventy",
	"अस्सी": "eighty", "नब्बे": "ninety", "सौ": "hundred", "हजार": "thousand", "लाख": "lakh", "करोड़": "crore",
	"अरब": "billion", "मिलियन": "million", "बिलियन": "billion", "पहला": "first", "पहली": "first",
	"दूसरा": "second", "दूसरी": "second", "तीसरा": "third", "तीसरी": "third", "तीसरे": "third", "चौथा": "fourth", "चौथी": "fourth",
	"पांचवां": "fifth", "पांचवीं": "fifth", "आधा": "half", "आधी": "half", "आधे": "half", "दर्जनों": "dozens of", "सैकड़ों": "hundreds of",
	"हजारों": "thousands of", "लाखों": "hundreds of thousands of", "करोड़ों": "tens of millions of", "प्रतिशत": "percent", "डेढ़": "one and a half", "ढाई": "two and a half",
	"अंतिम": "last", "आखिरी": "last", "पिछला": "last", "पिछली": "last", "पिछले": "last", "अगला": "next", "अगली": "next", "अगले": "next",
}

var conjunctions = map[string]string{
	"कि": "that", "लेकिन": "but", "परंतु": "but", "किंतु": "but", "मगर": "but", "बल्कि": "but rather",
	"क्योंकि": "because", "इसलिए": "so", "इसलिये": "so", "अतः": "therefore", "तो": "then", "यदि": "if", "अगर": "if",
	"जब": "when", "तब": "then", "जबकि": "while", "ताकि": "so that", "चाहे": "whether", "हालांकि": "although",
	"यद्यपि": "although", "जहां": "where", "जहाँ": "where", "जैसा कि": "as", "क्योंकि वह": "because he", "वरना": "otherwise",
	"अन्यथा": "otherwise", "जब तक": "until", "जबतक": "until", "इसके बाद": "after that", "इसके अलावा": "besides",
	"इसके बावजूद": "nevertheless", "फिर भी": "still", "साथ ही": "also", "यानी": "that is", "अर्थात": "that is", "बशर्ते": "provided",
	"जैसे ही": "as soon as", "जिसके बाद": "after which", "इसी तरह": "similarly", "उदाहरण के लिए": "for example",
	"वहीं": "meanwhile", "दरअसल": "in fact", "वास्तव में": "in fact", "आखिरकार": "finally", "अंततः": "eventually",
}

var coordinators = map[string]string{"और": "and", "तथा": "and", "एवं": "and", "व": "and", "या": "or", "अथवा": "or", "एवम": "and"}

var adverbs = map[string]string{
	"भी": "also", "ही": "", "नहीं": "not", "न": "not", "मत": "not", "ना": "not",
	"बहुत": "very", "बहुत ही": "very", "काफी": "quite", "अत्यंत": "extremely", "बेहद": "extremely", "बिल्कुल": "absolutely",
	"केवल": "only", "सिर्फ": "only", "मात्र": "only", "लगभग": "about", "करीब": "about", "तकरीबन": "about", "प्रति": "per",
	"अब": "now", "अभी": "now", "अभी भी": "still", "अब भी": "still", "आज": "today", "कल": "yesterday", "परसों": "day after tomorrow",
	"हमेशा": "always", "कभी": "ever", "कभी नहीं": "never", "कभी कभी": "sometimes", "अक्सर": "often", "फिर": "again", "फिर से": "again",
	"दोबारा": "again", "पहले": "before", "बाद": "after", "बाद में": "later", "पहले से": "already", "पहले ही": "already", "तुरंत": "immediately",
	"जल्द": "soon", "जल्दी": "quickly", "जल्द ही": "soon", "धीरे": "slowly", "यहां": "here", "यहाँ": "here", "वहां": "there", "वहाँ": "there",
	"कहां": "where", "कहाँ": "where", "कब": "when", "क्यों": "why", "कैसे": "how", "इधर": "here", "उधर": "there",
	"शायद": "perhaps", "जरूर": "surely", "सचमुच": "really", "वाकई": "really", "ठीक": "right", "सही": "right", "भर": "throughout",
	"आगे": "ahead", "पीछे": "behind", "ऊपर": "up", "नीचे": "down", "बाहर": "out", "अंदर": "inside", "साथ में": "together",
	"एक साथ": "together", "इस तरह": "thus", "इसी तरह": "similarly", "उसी तरह": "similarly", "इस प्रकार": "thus",
	"मूल रूप से": "originally", "विशेष रूप से": "especially", "खास तौर पर": "especially", "खासकर": "especially",
	"आमतौर पर": "usually", "आम तौर पर": "usually", "सामान्यतः": "usually", "पूरी तरह": "completely", "पूरी तरह से": "completely",
	"अलग": "separately", "अलग से": "separately", "एक बार": "once", "एक बार फिर": "once again", "इतना ही नहीं": "not only that",
	"भी नहीं": "not even", "कतई": "at all", "बेशक": "of course", "निश्चित रूप से": "certainly", "संभवतः": "possibly",
	"हाल ही में": "recently", "हाल में": "recently", "हाल ही": "recently", "वर्तमान में": "currently", "फिलहाल": "currently",
	"अंत में": "finally", "शुरू में": "initially", "सबसे पहले": "first of all", "अब तक": "so far", "तब तक": "until then",
	"पहले भी": "before", "इस बीच": "meanwhile", "इसके बजाय": "instead", "लगातार": "continuously", "सीधे": "directly",
	"कथित तौर पर": "reportedly", "तेजी से": "rapidly", "आसानी से": "easily", "ध्यान से": "carefully", "गंभीरता से": "seriously",
	"सफलतापूर्वक": "successfully", "धीरे से": "slowly", "धीरे धीरे": "gradually", "जल्दी से": "quickly", "अच्छी तरह": "well",
	"अच्छी तरह से": "well", "सीधे तौर पर": "directly", "खुशी से": "happily", "मुश्किल से": "barely", "सख्ती से": "strictly",
	"बड़े पैमाने पर": "on a large scale", "बड़ी संख्या में": "in large numbers", "इससे पहले": "before this", "उससे पहले": "before that", "इसके पहले": "before this", "पहली बार": "for the first time", "कई बार": "many times", "दूसरी बार": "a second time",
	"इस बार": "this time", "हर बार": "every time", "आखिरी बार": "the last time", "पिछली बार": "last time", "तभी": "only then",
	"अभी तक": "so far", "तब से": "since then", "तभी से": "since then", "यहां तक कि": "even", "यहाँ तक कि": "even",
	"दूसरी ओर": "on the other hand", "दूसरी तरफ": "on the other hand", "एक ओर": "on the one hand", "उदाहरणस्वरूप": "for example",
	"परिणामस्वरूप": "as a result", "फलस्वरूप": "as a result", "कुछ समय के लिए": "for some time", "लंबे समय तक": "for a long time",
	"लंबे समय से": "for a long time", "उसी समय": "at the same time", "इस समय": "at this time", "उस समय": "at that time", "इसी वजह से": "for this reason", "इस वजह से": "for this reason", "इसी कारण": "for this reason",
	"इस कारण": "for this reason", "नहीं तो": "otherwise", "वरना तो": "otherwise", "मुख्य रूप से": "mainly", "मुख्यतः": "mainly", "आस पास": "around", "आसपास": "around", "इधर उधर": "here and there", "आधिकारिक तौर पर": "officially", "व्यक्तिगत रूप से": "personally", "कम से कम": "at least",
	"ज्यादा से ज्यादा": "at most", "अधिक से अधिक": "at most", "थोड़ा सा": "a little", "प्रतिदिन": "daily", "रोज": "every day",
}

// Auxiliaries and the verb forms that build tense, aspect and voice.
type auxKind uint8

const (
	aNone   auxKind = iota
	aPres           // है हैं हूँ हो
	aPast           // था थी थे
	aProg           // रहा रही रहे
	aPass           // जा (गया जाता जाएगा ...) after a perfective participle
	aCan            // सक
	aDone           // चुक
	aWill           // होगा होगी होंगे
	aShould         // चाहिए
	aVector         // दे ले डाल पा बैठ उठ (compound verb second member)
	aHua            // हुआ हुई हुए
	aMust           // पड़
	aBegin          // लग (लगा: began)
)

type auxWord struct {
	k    auxKind
	form string // perf impf fut prs inf
	pl   bool
}

var auxiliaries = map[string]auxWord{
	"है": {aPres, "", false}, "हैं": {aPres, "", true}, "हूं": {aPres, "", false}, "हो": {aPres, "prs", true},
	"था": {aPast, "", false}, "थी": {aPast, "", false}, "थे": {aPast, "", true}, "थीं": {aPast, "", true},
	"रहा": {aProg, "", false}, "रही": {aProg, "", false}, "रहे": {aProg, "", true}, "रहीं": {aProg, "", true},
	"गया": {aPass, "perf", false}, "गई": {aPass, "perf", false}, "गयी": {aPass, "perf", false}, "गए": {aPass, "perf", true},
	"गये": {aPass, "perf", true}, "गईं": {aPass, "perf", true}, "गयीं": {aPass, "perf", true},
	"जाता": {aPass, "impf", false}, "जाती": {aPass, "impf", false}, "जाते": {aPass, "impf", true}, "जातीं": {aPass, "impf", true},
	"जाएगा": {aPass, "fut", false}, "जाएगी": {aPass, "fut", false}, "जाएंगे": {aPass, "fut", true}, "जाएंगी": {aPass, "fut", true},
	"जायेगा": {aPass, "fut", false}, "जायेगी": {aPass, "fut", false}, "जायेंगे": {aPass, "fut", true}, "जाएगें": {aPass, "fut", true},
	"जाना": {aPass, "inf", false}, "जाने": {aPass, "inf", false}, "जानी": {aPass, "inf", false}, "जाए": {aPass, "prs", false},
	"जाये": {aPass, "prs", false}, "जाएं": {aPass, "prs", true}, "जायें": {aPass, "prs", true}, "जा": {aPass, "stem", false},
	"सकता": {aCan, "impf", false}, "सकती": {aCan, "impf", false}, "सकते": {aCan, "impf", true}, "सकतीं": {aCan, "impf", true},
	"सका": {aCan, "perf", false}, "सकी": {aCan, "perf", false}, "सके": {aCan, "prs", true}, "सकें": {aCan, "prs", true},
	"सकेगा": {aCan, "fut", false}, "सकेगी": {aCan, "fut", false}, "सकेंगे": {aCan, "fut", true}, "सकूं": {aCan, "prs", false},
	"चुका": {aDone, "", false}, "चुकी": {aDone, "", false}, "चुके": {aDone, "", true}, "चुकीं": {aDone, "", true},
	"होगा": {aWill, "", false}, "होगी": {aWill, "", false}, "होंगे": {aWill, "", true}, "होंगी": {aWill, "", true}, "होगें": {aWill, "", true},
	"चाहिए": {aShould, "", false}, "चाहिये": {aShould, "", false},
	"हुआ": {aHua, "perf", false}, "हुई": {aHua, "perf", false}, "हुए": {aHua, "perf", true}, "हुईं": {aHua, "perf", true},
	"पड़ा": {aMust, "perf", false}, "पड़ी": {aMust, "perf", false}, "पड़े": {aMust, "perf", true}, "पड़ता": {aMust, "impf", false},
	"पड़ती": {aMust, "impf", false}, "पड़ते": {aMust, "impf", true}, "पड़ेगा": {aMust, "fut", false}, "पड़ेगी": {aMust, "fut", false},
	"पड़ेंगे": {aMust, "fut", true},
	"दिया":    {aVector, "perf", false}, "दी": {aVector, "perf", false}, "दिए": {aVector, "perf", true}, "दिये": {aVector, "perf", true},
	"दीं": {aVector, "perf", true}, "देता": {aVector, "impf", false}, "देती": {aVector, "impf", false}, "देते": {aVector, "impf", true},
	"देगा": {aVector, "fut", false}, "देगी": {aVector, "fut", false}, "देंगे": {aVector, "fut", true}, "दें": {aVector, "prs", true},
	"लिया": {aVector, "perf", false}, "ली": {aVector, "perf", false}, "लिये": {aVector, "perf", true},
	"लेता": {aVector, "impf", false}, "लेती": {aVector, "impf", false}, "लेते": {aVector, "impf", true}, "लेगा": {aVector, "fut", false},
	"लेगी": {aVector, "fut", false}, "लेंगे": {aVector, "fut", true}, "लें": {aVector, "prs", true},
	"डाला": {aVector, "perf", false}, "डाली": {aVector, "perf", false}, "डाले": {aVector, "perf", true},
	"पाया": {aCan, "perf", false}, "पाई": {aCan, "perf", false}, "पाए": {aCan, "perf", true}, "पाता": {aCan, "impf", false},
	"पाती": {aCan, "impf", false}, "पाते": {aCan, "impf", true}, "पाएगा": {aCan, "fut", false}, "पाएगी": {aCan, "fut", false},
	"पाएंगे": {aCan, "fut", true},
	"लगा":    {aBegin, "perf", false}, "लगी": {aBegin, "perf", false}, "लगे": {aBegin, "perf", true}, "लगीं": {aBegin, "perf", true},
}

// Verbs whose English the dictionary ranks poorly, by stem.
var verbStems = map[string]string{
	"कर": "do", "हो": "be", "दे": "give", "ले": "take", "जा": "go", "आ": "come", "कह": "say", "बता": "tell",
	"रह": "live", "बन": "become", "बना": "make", "मिल": "meet", "लग": "seem", "चाह": "want", "सक": "can",
	"दिखा": "show", "देख": "see", "सुन": "hear", "बोल": "speak", "पढ़": "read", "लिख": "write", "खा": "eat",
	"पी": "drink", "सो": "sleep", "उठ": "rise", "चल": "walk", "दौड़": "run", "खेल": "play",
	"समझ": "understand", "जान": "know", "पूछ": "ask", "रख": "keep", "ला": "bring", "भेज": "send",
	"खरीद": "buy", "बेच": "sell", "खो": "lose", "जीत": "win", "हार": "lose", "मार": "kill", "पहुंच": "reach",
	"लौट": "return", "निकल": "leave", "निकाल": "remove", "बढ़": "increase", "बढ़ा": "increase", "घट": "decrease",
	"घटा": "reduce", "शुरू": "start", "खत्म": "end", "बदल": "change", "चुन": "choose", "माने": "believe", "मान": "believe",
	"दोहरा": "repeat", "पा": "get", "छोड़": "leave", "डाल": "put", "भर": "fill", "उतर": "land", "गिर": "fall",
	"लड़": "fight", "बच": "escape", "बचा": "save", "सीख": "learn", "सिखा": "teach", "बुला": "call", "रुक": "stop",
	"रोक": "stop", "खोल": "open", "बंद": "close", "तोड़": "break", "फैल": "spread", "लगा": "put",
	"उठा": "raise", "चला": "run", "पकड़": "catch", "मांग": "demand", "दिख": "appear", "जुड़": "join", "हट": "move",
	"हटा": "remove", "भाग": "flee", "बिता": "spend", "जी": "live", "मर": "die", "गुजर": "pass", "झेल": "face",
	"सह": "bear", "ढूंढ": "search", "खोज": "search", "पहचान": "recognize", "संभाल": "handle", "अपना": "adopt",
	"टाल": "avoid", "चुका": "pay", "कमा": "earn", "सौंप": "hand over", "उड़": "fly", "तैर": "swim",
	"पहन": "wear", "गा": "sing", "नाच": "dance", "हंस": "laugh", "रो": "cry", "जगा": "wake", "सुना": "tell",
	"समझा": "explain", "मना": "celebrate", "घूम": "roam", "फेंक": "throw", "काट": "cut",
	"दर्शा": "show", "निपट": "deal with", "जता": "express", "दिला": "give", "नकार": "deny", "सुधार": "improve",
	"बिक": "sell", "बिखर": "scatter", "टकरा": "collide", "सुलझा": "solve", "उबर": "recover",
	"भुगत": "suffer", "घेर": "surround", "चुरा": "steal", "छिप": "hide", "छिपा": "hide",
	"ठहर": "stay", "थक": "tire", "दबा": "press", "धकेल": "push",
	"पनप": "thrive", "पहुंचा": "deliver", "पिघल": "melt", "फंस": "get stuck", "बरत": "exercise", "बुझ": "go out",
	"मिटा": "erase", "लुभा": "lure", "संवार": "groom", "सिमट": "shrink", "हिला": "shake",
	"उतार": "take down", "उभर": "emerge", "उगा": "grow", "कटा": "cut", "खींच": "pull", "गिना": "count",
	"चमक": "shine", "छा": "spread", "जमा": "deposit", "झुक": "bend", "टूट": "break", "डूब": "drown", "तैरा": "float",
	"दौड़ा": "run", "निभा": "play", "पछता": "regret", "पाल": "raise", "फैला": "spread", "बदला": "change", "बसा": "settle",
	"बैठा": "seat", "भटक": "wander", "मुड़": "turn", "मोड़": "turn", "रच": "create", "लटक": "hang", "संभल": "recover",
	"बैठ": "sit", "बिछा": "spread", "सुलग": "smoulder", "जल": "burn",
	"जला": "burn", "चढ़": "climb", "उड़ा": "blow up", "गुजार": "spend", "निकला": "emerge", "निखर": "shine",
	"पहुँच": "reach", "बुन": "weave", "माप": "measure", "मिला": "mix", "लिपट": "wrap",
	"सोच": "think", "चौंक": "be startled", "चौंका": "surprise", "डर": "fear", "डरा": "frighten",
	"थाम": "hold", "नाप": "measure", "पढ़ा": "teach", "बांट": "distribute",
	"भुला": "forget", "भूल": "forget", "मुस्कुरा": "smile", "रुला": "make cry", "लौटा": "return",
	"समा": "fit", "सराह": "praise", "सुधर": "improve", "हंसा": "make laugh", "हिल": "shake",
	"आज़मा": "try", "आजमा": "try", "ओढ़": "cover", "कांप": "tremble",
	"खिला": "feed", "खिसक": "slip", "गंवा": "lose", "गुजरा": "pass", "घुस": "enter", "चाट": "lick", "चीख": "scream",
	"छीन": "snatch", "छू": "touch", "छुपा": "hide", "जीता": "win", "जुटा": "gather", "झपट": "pounce", "टिक": "last",
	"ठुकरा": "reject", "ढक": "cover", "तोल": "weigh", "धो": "wash", "नहा": "bathe",
	"निहार": "gaze", "पटक": "slam", "पसार": "spread", "पिला": "give a drink", "पीट": "beat", "पुकार": "call", "पूज": "worship",
	"फिसल": "slip", "बरसा": "shower", "बिगड़": "deteriorate", "बिगाड़": "spoil", "बुझा": "extinguish",
	"भिड़": "clash", "भून": "roast", "मचा": "create", "मनवा": "get accepted", "रोप": "plant", "लड़ा": "fight",
	"लूट": "loot", "समेट": "wrap up", "सिल": "sew", "सींच": "irrigate", "सूख": "dry", "सौंपा": "handed over", "हड़प": "grab",
	"हिचकिचा": "hesitate", "जोड़": "add",
	"छप": "be printed", "छाप": "print", "खुल": "open", "लिपटा": "wrapped", "उभरा": "emerged", "सुझा": "suggest", "हिचक": "hesitate", "अटक": "get stuck",
}

// Common nouns and adjectives whose dictionary ranking puts a rare sense
// first. These are plain dictionary facts, not corpus-specific choices.
var contentWords = map[string]fword{
	"समर्थन": {"support", cNoun}, "सरकार": {"government", cNoun}, "बात": {"matter", cNoun}, "जानकारी": {"information", cNoun},
	"लोग": {"people", cNoun}, "लोगों": {"people", cNoun}, "साल": {"year", cNoun}, "वर्ष": {"year", cNoun}, "दिन": {"day", cNoun},
	"समय": {"time", cNoun}, "वक्त": {"time", cNoun}, "बार": {"time", cNoun}, "तरह": {"way", cNoun}, "प्रकार": {"type", cNoun},
	"देश": {"country", cNoun}, "दुनिया": {"world", cNoun}, "विश्व": {"world", cNoun}, "शहर": {"city", cNoun}, "राज्य": {"state", cNoun},
	"कंपनी": {"company", cNoun}, "व्यक्ति": {"person", cNoun}, "आदमी": {"man", cNoun}, "महिला": {"woman", cNoun}, "बच्चा": {"child", cNoun},
	"बच्चे": {"children", cNoun}, "बच्चों": {"children", cNoun}, "परिवार": {"family", cNoun}, "घर": {"home", cNoun}, "काम": {"work", cNoun},
	"पैसा": {"money", cNoun}, "पैसे": {"money", cNoun}, "नाम": {"name", cNoun}, "सवाल": {"question", cNoun}, "प्रश्न": {"question", cNoun},
	"जवाब": {"answer", cNoun}, "मामला": {"case", cNoun}, "मामले": {"case", cNoun}, "खबर": {"news", cNoun}, "समाचार": {"news", cNoun},
	"रिपोर्ट": {"report", cNoun}, "अध्ययन": {"study", cNoun}, "शोध": {"research", cNoun}, "अनुसंधान": {"research", cNoun},
	"विशेषज्ञ": {"expert", cNoun}, "वैज्ञानिक": {"scientist", cNoun}, "पुलिस": {"police", cNoun}, "अधिकारी": {"official", cNoun},
	"अधिकारियों": {"officials", cNoun}, "नेता": {"leader", cNoun}, "राष्ट्रपति": {"president", cNoun}, "प्रधानमंत्री": {"prime minister", cNoun},
	"मंत्री": {"minister", cNoun}, "मंत्रालय": {"ministry", cNoun}, "विदेश मंत्री": {"foreign minister", cNoun}, "सदस्य": {"member", cNoun},
	"पार्टी": {"party", cNoun}, "चुनाव": {"election", cNoun}, "अभियान": {"campaign", cNoun}, "नीति": {"policy", cNoun},
	"कानून": {"law", cNoun}, "अदालत": {"court", cNoun}, "न्यायालय": {"court", cNoun}, "फैसला": {"decision", cNoun}, "निर्णय": {"decision", cNoun},
	"युद्ध": {"war", cNoun}, "सेना": {"army", cNoun}, "सैनिक": {"soldier", cNoun}, "हमला": {"attack", cNoun}, "हमले": {"attacks", cNoun},
	"संकट": {"crisis", cNoun}, "समस्या": {"problem", cNoun}, "मुद्दा": {"issue", cNoun}, "मुद्दों": {"issues", cNoun}, "मुद्दे": {"issue", cNoun},
	"बैठक": {"meeting", cNoun}, "वार्ता": {"talks", cNoun}, "बातचीत": {"conversation", cNoun}, "समझौता": {"agreement", cNoun},
	"समझौते": {"agreement", cNoun}, "समझौतों": {"agreements", cNoun}, "संबंध": {"relation", cNoun}, "रिश्ता": {"relationship", cNoun},
	"कदम": {"step", cNoun}, "तरीका": {"way", cNoun}, "तरीके": {"way", cNoun}, "तरीकों": {"ways", cNoun}, "कारण": {"reason", cNoun},
	"उद्देश्य": {"purpose", cNoun}, "लक्ष्य": {"goal", cNoun}, "योजना": {"plan", cNoun}, "परियोजना": {"project", cNoun},
	"विकास": {"development", cNoun}, "अर्थव्यवस्था": {"economy", cNoun}, "बाजार": {"market", cNoun}, "व्यापार": {"trade", cNoun},
	"उद्योग": {"industry", cNoun}, "कीमत": {"price", cNoun}, "मूल्य": {"value", cNoun}, "लागत": {"cost", cNoun}, "खर्च": {"expense", cNoun},
	"स्थान": {"place", cNoun}, "जगह": {"place", cNoun}, "क्षेत्र": {"area", cNoun}, "इलाका": {"area", cNoun}, "इलाके": {"area", cNoun},
	"सीमा": {"border", cNoun}, "पानी": {"water", cNoun}, "हवा": {"air", cNoun}, "जमीन": {"land", cNoun}, "पृथ्वी": {"earth", cNoun},
	"शरीर": {"body", cNoun}, "जीवन": {"life", cNoun}, "मौत": {"death", cNoun}, "मृत्यु": {"death", cNoun}, "स्वास्थ्य": {"health", cNoun},
	"अस्पताल": {"hospital", cNoun}, "डॉक्टर": {"doctor", cNoun}, "बीमारी": {"disease", cNoun}, "इलाज": {"treatment", cNoun},
	"शिक्षा": {"education", cNoun}, "स्कूल": {"school", cNoun}, "छात्र": {"student", cNoun}, "शिक्षक": {"teacher", cNoun},
	"भाषा": {"language", cNoun}, "शब्द": {"word", cNoun}, "किताब": {"book", cNoun}, "पुस्तक": {"book", cNoun}, "लेख": {"article", cNoun},
	"कहानी": {"story", cNoun}, "फिल्म": {"film", cNoun}, "संगीत": {"music", cNoun}, "खेल": {"game", cNoun}, "टीम": {"team", cNoun},
	"खिलाड़ी": {"player", cNoun}, "मैच": {"match", cNoun}, "जीत": {"victory", cNoun}, "हार": {"defeat", cNoun},
	"इतिहास": {"history", cNoun}, "संस्कृति": {"culture", cNoun}, "धर्म": {"religion", cNoun}, "समाज": {"society", cNoun},
	"संस्था": {"institution", cNoun}, "संगठन": {"organization", cNoun}, "समूह": {"group", cNoun}, "समिति": {"committee", cNoun},
	"प्रतिनिधि": {"representative", cNoun}, "प्रवक्ता": {"spokesman", cNoun}, "अध्यक्ष": {"president", cNoun}, "प्रमुख": {"chief", cNoun},
	"संस्थापक": {"founder", cNoun}, "मालिक": {"owner", cNoun}, "कर्मचारी": {"employee", cNoun}, "मजदूर": {"worker", cNoun},
	"यात्री": {"passenger", cNoun}, "यात्रा": {"journey", cNoun}, "विमान": {"plane", cNoun}, "उड़ान": {"flight", cNoun},
	"गाड़ी": {"car", cNoun}, "सड़क": {"road", cNoun}, "रास्ता": {"way", cNoun}, "नदी": {"river", cNoun}, "समुद्र": {"sea", cNoun},
	"पहाड़": {"mountain", cNoun}, "जंगल": {"forest", cNoun}, "जानवर": {"animal", cNoun}, "पशु": {"animal", cNoun}, "पक्षी": {"bird", cNoun},
	"पेड़": {"tree", cNoun}, "फल": {"fruit", cNoun}, "भोजन": {"food", cNoun}, "खाना": {"food", cNoun}, "सुरक्षा": {"security", cNoun},
	"हिंसा": {"violence", cNoun}, "हत्या": {"murder", cNoun}, "अपराध": {"crime", cNoun}, "आरोप": {"charge", cNoun}, "जेल": {"jail", cNoun},
	"मदद": {"help", cNoun}, "सहायता": {"help", cNoun}, "सहयोग": {"cooperation", cNoun}, "प्रयास": {"effort", cNoun}, "कोशिश": {"attempt", cNoun},
	"सफलता": {"success", cNoun}, "परिणाम": {"result", cNoun}, "नतीजा": {"result", cNoun}, "असर": {"effect", cNoun}, "प्रभाव": {"impact", cNoun},
	"संख्या": {"number", cNoun}, "हिस्सा": {"part", cNoun}, "भाग": {"part", cNoun}, "स्तर": {"level", cNoun}, "दर": {"rate", cNoun},
	"शुरुआत": {"beginning", cNoun}, "अंत": {"end", cNoun}, "बीच": {"middle", cNoun}, "ओर": {"side", cNoun}, "तरफ": {"side", cNoun},
	"सच": {"truth", cNoun}, "विचार": {"idea", cNoun}, "राय": {"opinion", cNoun}, "सोच": {"thinking", cNoun}, "भावना": {"feeling", cNoun},
	"अधिकार": {"right", cNoun}, "शक्ति": {"power", cNoun}, "सत्ता": {"power", cNoun}, "ताकत": {"strength", cNoun}, "दबाव": {"pressure", cNoun},
	"जरूरत": {"need", cNoun}, "आवश्यकता": {"need", cNoun}, "संभावना": {"possibility", cNoun}, "अवसर": {"opportunity", cNoun}, "मौका": {"chance", cNoun},
	"चेतावनी": {"warning", cNoun}, "बयान": {"statement", cNoun}, "टिप्पणी": {"comment", cNoun}, "घोषणा": {"announcement", cNoun},
	"संदेश": {"message", cNoun}, "पत्र": {"letter", cNoun}, "चिट्ठी": {"letter", cNoun}, "फोन": {"phone", cNoun}, "तस्वीर": {"picture", cNoun},
	"चीज": {"thing", cNoun}, "चीजें": {"things", cNoun}, "चीजों": {"things", cNoun}, "वस्तु": {"object", cNoun}, "सामान": {"goods", cNoun},
	"माता": {"mother", cNoun}, "मां": {"mother", cNoun}, "पिता": {"father", cNoun}, "बेटा": {"son", cNoun}, "बेटी": {"daughter", cNoun},
	"भाई": {"brother", cNoun}, "बहन": {"sister", cNoun}, "पति": {"husband", cNoun}, "पत्नी": {"wife", cNoun}, "दोस्त": {"friend", cNoun},
	"मित्र": {"friend", cNoun}, "सप्ताह": {"week", cNoun}, "हफ्ते": {"week", cNoun}, "हफ्ता": {"week", cNoun}, "महीना": {"month", cNoun},
	"महीने": {"month", cNoun}, "महीनों": {"months", cNoun}, "घंटा": {"hour", cNoun}, "घंटे": {"hours", cNoun}, "मिनट": {"minute", cNoun},
	"रात": {"night", cNoun}, "सुबह": {"morning", cNoun}, "शाम": {"evening", cNoun}, "दौर": {"round", cNoun}, "दशक": {"decade", cNoun},
	"सदी": {"century", cNoun}, "शताब्दी": {"century", cNoun}, "तकनीक": {"technology", cNoun}, "प्रौद्योगिकी": {"technology", cNoun},
	"मीडिया": {"media", cNoun}, "एजेंसी": {"agency", cNoun}, "प्रणाली": {"system", cNoun}, "व्यवस्था": {"system", cNoun},
	"सेवा": {"service", cNoun}, "सुविधा": {"facility", cNoun}, "उपयोग": {"use", cNoun}, "इस्तेमाल": {"use", cNoun}, "प्रयोग": {"use", cNoun},
	"निर्माण": {"construction", cNoun}, "उत्पादन": {"production", cNoun}, "बिक्री": {"sales", cNoun}, "ग्राहक": {"customer", cNoun},
	"नौकरी": {"job", cNoun}, "रोजगार": {"employment", cNoun}, "विरोध": {"opposition", cNoun}, "प्रदर्शन": {"performance", cNoun},
	"आंदोलन": {"movement", cNoun}, "स्थिति": {"situation", cNoun}, "हालत": {"condition", cNoun}, "घटना": {"incident", cNoun},
	"दुर्घटना": {"accident", cNoun}, "आग": {"fire", cNoun}, "बारिश": {"rain", cNoun}, "मौसम": {"weather", cNoun}, "गर्मी": {"heat", cNoun},
	"नेतृत्व": {"leadership", cNoun}, "साझेदारी": {"partnership", cNoun}, "गठबंधन": {"alliance", cNoun}, "रक्षा": {"defence", cNoun},
	"शिखर वार्ता": {"summit", cNoun}, "शिखर सम्मेलन": {"summit", cNoun}, "सम्मेलन": {"conference", cNoun}, "चर्चा": {"discussion", cNoun},
	"मुलाकात": {"meeting", cNoun}, "समकक्ष": {"counterpart", cNoun}, "क्रियान्वयन": {"implementation", cNoun}, "कार्यान्वयन": {"implementation", cNoun},
	"प्रोत्साहन": {"encouragement", cNoun}, "शर्त": {"condition", cNoun}, "मूल": {"root", cNoun}, "स्तर पर": {"at the level", cAdv},
	"आरोपी": {"accused", cNoun}, "गवाह": {"witness", cNoun}, "जांच": {"investigation", cNoun}, "जाँच": {"investigation", cNoun},
	"सबूत": {"evidence", cNoun}, "कार्रवाई": {"action", cNoun}, "कार्यक्रम": {"program", cNoun}, "आयोजन": {"event", cNoun},
	"बड़ा": {"big", cAdj}, "बड़ी": {"big", cAdj}, "बड़े": {"big", cAdj}, "छोटा": {"small", cAdj}, "छोटी": {"small", cAdj}, "छोटे": {"small", cAdj},
	"नया": {"new", cAdj}, "नई": {"new", cAdj}, "नए": {"new", cAdj}, "नयी": {"new", cAdj}, "नये": {"new", cAdj}, "पुराना": {"old", cAdj},
	"पुरानी": {"old", cAdj}, "पुराने": {"old", cAdj}, "अच्छा": {"good", cAdj}, "अच्छी": {"good", cAdj}, "अच्छे": {"good", cAdj},
	"बुरा": {"bad", cAdj}, "बुरी": {"bad", cAdj}, "बुरे": {"bad", cAdj}, "लंबा": {"long", cAdj}, "लंबी": {"long", cAdj}, "लंबे": {"long", cAdj},
	"ऊंचा": {"high", cAdj}, "ऊंची": {"high", cAdj}, "ऊंचे": {"high", cAdj}, "सरकारी": {"state", cAdj}, "राष्ट्रीय": {"national", cAdj},
	"अंतरराष्ट्रीय": {"international", cAdj}, "अंतर्राष्ट्रीय": {"international", cAdj}, "स्थानीय": {"local", cAdj}, "विदेशी": {"foreign", cAdj},
	"रणनीतिक": {"strategic", cAdj}, "राजनीतिक": {"political", cAdj}, "आर्थिक": {"economic", cAdj}, "सामाजिक": {"social", cAdj},
	"सैन्य": {"military", cAdj}, "निजी": {"private", cAdj}, "सार्वजनिक": {"public", cAdj}, "आम": {"common", cAdj}, "खास": {"special", cAdj},
	"विशेष": {"special", cAdj}, "मुख्य": {"main", cAdj}, "महत्वपूर्ण": {"important", cAdj}, "जरूरी": {"necessary", cAdj}, "आवश्यक": {"necessary", cAdj},
	"संभव": {"possible", cAdj}, "असंभव": {"impossible", cAdj}, "आसान": {"easy", cAdj}, "मुश्किल": {"difficult", cAdj}, "कठिन": {"difficult", cAdj},
	"समान": {"similar", cAdj}, "अलग": {"different", cAdj}, "भिन्न": {"different", cAdj}, "उत्तरी": {"northern", cAdj}, "दक्षिणी": {"southern", cAdj},
	"पूर्वी": {"eastern", cAdj}, "पश्चिमी": {"western", cAdj}, "उत्तर": {"north", cAdj}, "दक्षिण": {"south", cAdj}, "पूर्व": {"former", cAdj},
	"पश्चिम": {"west", cAdj}, "जारी": {"ongoing", cAdj}, "ईमानदारी": {"honesty", cNoun}, "ईमानदारी से": {"honestly", cAdv},
	"सक्षम": {"able", cAdj}, "उपलब्ध": {"available", cAdj}, "तैयार": {"ready", cAdj}, "खुश": {"happy", cAdj}, "दुखी": {"sad", cAdj},
	"गलत": {"wrong", cAdj}, "सच्चा": {"true", cAdj}, "झूठा": {"false", cAdj}, "बेहतर": {"better", cAdj},
	"बेहतरीन": {"excellent", cAdj}, "सर्वश्रेष्ठ": {"best", cAdj}, "मजबूत": {"strong", cAdj}, "कमजोर": {"weak", cAdj},
	"अमीर": {"rich", cAdj}, "गरीब": {"poor", cAdj}, "युवा": {"young", cAdj}, "बूढ़ा": {"old", cAdj}, "कुल": {"total", cAdj},
	"ऑनलाइन": {"online", cAdj}, "डिजिटल": {"digital", cAdj}, "सोशल": {"social", cAdj}, "रूसी": {"Russian", cAdj}, "अमेरिकी": {"American", cAdj},
	"भारतीय": {"Indian", cAdj}, "चीनी": {"Chinese", cAdj}, "ब्रिटिश": {"British", cAdj}, "यूरोपीय": {"European", cAdj}, "कोरियाई": {"Korean", cAdj},
	"जापानी": {"Japanese", cAdj}, "पाकिस्तानी": {"Pakistani", cAdj}, "फ्रांसीसी": {"French", cAdj}, "जर्मन": {"German", cAdj},
	"इस्लामिक": {"Islamic", cAdj}, "मुस्लिम": {"Muslim", cAdj}, "हिंदू": {"Hindu", cAdj}, "ईसाई": {"Christian", cAdj},
	"श्री": {"Mr.", cDet}, "श्रीमान": {"Mr.", cDet}, "श्रीमती": {"Mrs.", cDet}, "डॉ": {"Dr", cDet},
	"जी": {"", cAdv}, "वाला": {"", cAdv},
}
