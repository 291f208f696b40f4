package align

import (
	"strings"

	"github.com/anuvad/anuvad/internal/hindi"
)

// Lexicon gives English candidate translations of one Hindi word. The word
// is passed as it appears in the text (inflected); an implementation may
// lemmatise it. Candidates may be inflected English words or short phrases;
// the aligner stems them itself.
type Lexicon interface {
	Lookup(hindiWord string) []string
}

// LexiconFunc adapts a function to the Lexicon interface.
type LexiconFunc func(hindiWord string) []string

// Lookup calls f.
func (f LexiconFunc) Lookup(hindiWord string) []string { return f(hindiWord) }

// builtinLexicon is a small hand-written Hindi→English word list covering
// frequent content words of news and encyclopaedic text: time words,
// numbers, places, institutions and common verbs and nouns. Entries are
// "hindi=english,english" separated by white space; the Hindi side is looked
// up both as written and after hindi.Stem.
const builtinLexicon = `
सोमवार=monday मंगलवार=tuesday बुधवार=wednesday गुरुवार=thursday बृहस्पतिवार=thursday
शुक्रवार=friday शनिवार=saturday रविवार=sunday
जनवरी=january फरवरी=february फ़रवरी=february मार्च=march अप्रैल=april अप्रेल=april मई=may
जून=june जुलाई=july अगस्त=august सितंबर=september सितम्बर=september अक्टूबर=october
अक्तूबर=october नवंबर=november नवम्बर=november दिसंबर=december दिसम्बर=december
साल=year वर्ष=year,years सालों=years वर्षों=years महीने=month,months महीना=month माह=month
सप्ताह=week हफ्ते=week हफ़्ते=week दिन=day,days दिनों=days रात=night सुबह=morning शाम=evening
घंटे=hour,hours घंटा=hour मिनट=minute,minutes सदी=century शताब्दी=century दशक=decade
आज=today कल=yesterday,tomorrow पहले=before,earlier,first,previously बाद=after,later
दो=two तीन=three चार=four पांच=five पाँच=five छह=six सात=seven आठ=eight नौ=nine दस=ten
बीस=twenty सौ=hundred हजार=thousand हज़ार=thousand लाख=lakh करोड़=crore,million
दर्जन=dozen आधा=half आधे=half पहला=first पहली=first दूसरा=second दूसरे=second,other
तीसरा=third प्रतिशत=percent फीसदी=percent
सरकार=government सरकारी=government राष्ट्रपति=president प्रधानमंत्री=prime,minister
मंत्री=minister मंत्रालय=ministry अध्यक्ष=president,chairman,chair नेता=leader
राजा=king रानी=queen सम्राट=emperor राज्य=state,kingdom राज्यों=states देश=country,nation
देशों=countries राष्ट्र=nation राष्ट्रीय=national अंतरराष्ट्रीय=international
अंतर्राष्ट्रीय=international शहर=city,town नगर=city,town गांव=village गाँव=village
क्षेत्र=area,region,field द्वीप=island नदी=river समुद्र=sea,ocean पहाड़=mountain पर्वत=mountain
झील=lake जंगल=forest तट=coast दुनिया=world विश्व=world पृथ्वी=earth
सेना=army सैनिक=soldier,soldiers युद्ध=war लड़ाई=battle,fight हमला=attack हमले=attack,attacks
पुलिस=police अदालत=court न्यायालय=court कानून=law क़ानून=law न्यायाधीश=judge जज=judge
चुनाव=election,elections मतदान=vote,voting वोट=vote मतदाता=voter,voters पार्टी=party दल=party
संसद=parliament,congress सांसद=lawmaker,senator विधेयक=bill
कंपनी=company कंपनियों=companies कम्पनी=company बाजार=market बाज़ार=market व्यापार=trade,business
अर्थव्यवस्था=economy पैसा=money पैसे=money धन=money,wealth कीमत=price,cost क़ीमत=price
लागत=cost डॉलर=dollar,dollars रुपये=rupees रुपए=rupees कर=tax
स्कूल=school विद्यालय=school विश्वविद्यालय=university कॉलेज=college छात्र=student,students
शिक्षक=teacher शिक्षा=education पुस्तक=book किताब=book लेख=article पत्र=letter,paper
अखबार=newspaper समाचार=news खबर=news ख़बर=news रिपोर्ट=report
लोग=people लोगों=people व्यक्ति=person,individual आदमी=man पुरुष=man,men महिला=woman
महिलाओं=women औरत=woman बच्चे=child,children बच्चों=children बच्चा=child लड़का=boy लड़की=girl
परिवार=family पिता=father माता=mother मां=mother माँ=mother भाई=brother बहन=sister
बेटा=son बेटी=daughter पत्नी=wife पति=husband दोस्त=friend मित्र=friend
जीवन=life मृत्यु=death मौत=death जन्म=birth,born
पानी=water जल=water भोजन=food खाना=food,eat घर=house,home मकान=house इमारत=building
भवन=building सड़क=road,street रास्ता=way,road पुल=bridge कार=car गाड़ी=car,vehicle
ट्रेन=train जहाज=ship विमान=plane,aircraft
भाषा=language भाषाओं=languages शब्द=word,words नाम=name धर्म=religion मंदिर=temple
चर्च=church इतिहास=history संस्कृति=culture कला=art संगीत=music फिल्म=film,movie
खेल=game,sport,sports टीम=team खिलाड़ी=player,players मैच=match
वैज्ञानिक=scientist,scientists,scientific विज्ञान=science शोध=research अनुसंधान=research
अध्ययन=study डॉक्टर=doctor अस्पताल=hospital बीमारी=disease रोग=disease स्वास्थ्य=health
दवा=drug,medicine इलाज=treatment
पशु=animal,animals जानवर=animal,animals पक्षी=bird,birds पेड़=tree,trees पौधे=plant,plants
मछली=fish कुत्ता=dog कुत्ते=dog,dogs बिल्ली=cat घोड़ा=horse
बड़ा=big,large,great बड़ी=big,large बड़े=big,large,great छोटा=small,little छोटी=small
छोटे=small नया=new नई=new नए=new पुराना=old पुरानी=old पुराने=old लंबा=long लंबी=long
उच्च=high ऊंचा=high अच्छा=good अच्छी=good बुरा=bad सबसे=most अधिक=more,most ज्यादा=more
ज़्यादा=more कम=less,few,low सभी=all सब=all कई=many,several अनेक=many,several
महत्वपूर्ण=important प्रसिद्ध=famous,known मुख्य=main,chief आम=common,general
पहली=first अंतिम=last,final आखिरी=last
काम=work कार्य=work,task नौकरी=job शक्ति=power ताकत=power सत्ता=power
विकास=development योजना=plan,scheme परियोजना=project नीति=policy समस्या=problem
सवाल=question प्रश्न=question जवाब=answer उत्तर=answer,north दक्षिण=south पूर्व=east,former
पश्चिम=west पश्चिमी=western पूर्वी=eastern उत्तरी=northern दक्षिणी=southern
संयुक्त=united अमेरिका=america,american,us अमेरिकी=american,us भारत=india भारतीय=indian
चीन=china चीनी=chinese जापान=japan रूस=russia रूसी=russian जर्मनी=germany फ्रांस=france
ब्रिटेन=britain,british,uk इंग्लैंड=england यूरोप=europe,european यूरोपीय=european अफ्रीका=africa
एशिया=asia पाकिस्तान=pakistan
संघ=union,federation संगठन=organization,organisation समूह=group संस्था=institution,organization
समिति=committee आयोग=commission विभाग=department एजेंसी=agency
अधिकारी=official,officials,officer अधिकारियों=officials कर्मचारी=employee,employees,staff
सदस्य=member,members प्रतिनिधि=representative,representatives
समर्थन=support विरोध=opposition,protest प्रदर्शन=protest,demonstration,performance
बयान=statement घोषणा=announcement,announced फैसला=decision निर्णय=decision
समझौता=agreement सौदा=deal संबंध=relation,relations,relationship रिश्ता=relationship
बैठक=meeting सम्मेलन=conference
कहा=said कहते=say,said कहना=say बताया=said,told लिखा=wrote,written पढ़=read
देखा=saw,seen देखने=see सुना=heard बोला=spoke जाना=go आया=came आए=came आना=come
मिला=found,got मिली=found,got पाया=found बनाया=made,built बनाने=make,build बना=made,became
शुरू=start,started,began शुरुआत=beginning,start खत्म=end,ended समाप्त=end,ended
खोला=opened खुला=open बंद=closed,close,shut
मारा=killed मारे=killed हत्या=murder,killing गिरफ्तार=arrested
दिखाया=showed दिखाई=showed,appeared जीता=won जीत=win,victory हार=defeat,lost
बढ़=increase,grow,rise घट=decrease,fall
मदद=help सहायता=help,aid,assistance सहायक=assistant सुरक्षा=security,safety
खतरा=danger,threat ख़तरा=danger,threat डर=fear
उपयोग=use इस्तेमाल=use प्रयोग=use,experiment
लगभग=about,nearly,almost करीब=about,nearly क़रीब=about,nearly केवल=only सिर्फ=only सिर्फ़=only
फिर=again,then अब=now अभी=now,yet हमेशा=always कभी=ever,never
मूल=original,originally आधिकारिक=official निजी=private सार्वजनिक=public
स्थान=place,location,venue जगह=place ऑनलाइन=online इंटरनेट=internet
सोशल=social मीडिया=media डिजिटल=digital तकनीक=technology प्रौद्योगिकी=technology
वेबसाइट=website कंप्यूटर=computer फोन=phone फ़ोन=phone
मौसम=weather जलवायु=climate गर्मी=heat,summer सर्दी=winter,cold बारिश=rain
आग=fire तूफान=storm तूफ़ान=storm भूकंप=earthquake
अलग=different,separate थोड़ा=little,bit बहुत=very,much,lot
कारण=reason,because,due परिणाम=result,results प्रभाव=effect,impact,influence
संख्या=number आबादी=population जनसंख्या=population
सोना=gold चांदी=silver
ईश्वर=god भगवान=god
`

// lexiconTable parses builtinLexicon into a map from Hindi word (surface
// and stem) to English candidates. It is built per alignment call; the
// package keeps no state between calls.
func lexiconTable() map[string][]string {
	m := make(map[string][]string, 600)
	for _, entry := range strings.Fields(builtinLexicon) {
		hi, en, ok := strings.Cut(entry, "=")
		if !ok {
			continue
		}
		words := strings.Split(en, ",")
		m[hi] = append(m[hi], words...)
		if st := hindi.Stem(hi); st != hi {
			m[st] = append(m[st], words...)
		}
	}
	return m
}
