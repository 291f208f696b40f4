package offline

// cat is the class of a token, as lookup and the rules see it.
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

// fword is a content word's English and class.
type fword struct {
	en string
	c  cat
}

// Markers used as the English of a postposition that a rule rewrites.
const (
	possMark = "\x00poss" // X के पास Y है → X has Y
	lyMark   = "\x00ly"   // ADJ रूप से → ADJ-ly
)

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

// auxWord is what an auxiliary adds to its verb group.
type auxWord struct {
	k    auxKind
	form string // perf impf fut prs inf
	pl   bool
}
