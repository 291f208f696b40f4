// Package segment splits Hindi (and mixed Hindi/English) text into sentences.
//
// Split returns byte spans into the text it is given. It never drops, adds or
// changes a character: only the white space between sentences is left out of
// the spans, so joining the spans with the skipped white space gives back the
// input. It does not panic on any input, including invalid UTF-8.
//
// Sentence ends. The danda "।", the double danda "॥" (with a verse number
// such as "॥ ४७ ॥" kept in the verse), "?", "!" and their runs always end a
// sentence, and so does a "|" typed for a danda after Devanagari text. A
// period ends a sentence unless one of the rules below says otherwise. A
// period set apart by a space ("कहा .", as in wire copy) ends one after any
// word but a title or a letter name (tokenised "डॉ . मनमोहन"). An ellipsis
// ("..." or "…") followed by white space ends a sentence too, except inside
// an open quotation or before a conjunction or particle ("... जबकि"), where
// it marks a pause. Nothing ends a sentence where the terminator is followed
// directly by a letter or digit ("3.5", "जी.डी.पी", "?id="), except a danda,
// question mark or exclamation mark glued to the next Devanagari word
// ("है।वह"), which is a typing slip.
//
// Closing quotes and brackets right after the terminator ("।”", ".'", "।)")
// stay with the sentence; after a space ("। ”") they do so if they are
// closing curly quotes or close a quotation or bracket that is still open in
// the paragraph. Stray punctuation after a sentence end ("है । ।") joins that
// sentence.
//
// Periods that do not end a sentence. The word lists live in lexicon.txt,
// one class per section, each with its reason:
//   - titles before a name (डॉ. श्री. प्रो. मि. स्व., Mr. Dr.), units and
//     reference words next to numbers (किमी. रु. नं.), parts of dotted
//     degrees (डी. फिल., पीएच.डी.);
//   - initials: the Devanagari names of the Latin letters (एन. सी. पाधी,
//     के. नटवर सिंह) and single Latin capitals (J. K. Rowling). Letter names
//     that are also Hindi words that can end a sentence (आई "came", जी) and
//     other one-syllable words count as initials only next to another
//     initial (आई. के. गुजराल); a word that ends in a conjunct or a virama
//     (भक्त., विशद्.) is an ordinary word;
//   - dotted acronyms made of short parts (उ.प्र., बी.सी., U.S.); after a
//     Latin acronym or an abbreviation that closes a company name or a
//     list (Ltd., लि., etc.) a sentence ends only if a Latin capital follows;
//   - numbers: a period inside a number, time or date belongs to it, and a
//     number or single letter that opens a sentence ("1.", "क.") numbers a
//     list item;
//   - a wire dateline at the start of the text or of a paragraph ("सोल,
//     13 जुलाई ." or "नई दिल्ली, 5 मार्च (भाषा)।"): place, comma, day and
//     month, perhaps a year, an agency in parentheses or the place again
//     after a dash, stays with the sentence it introduces;
//   - a comma, semicolon or colon after the period, or, after a Latin
//     word, a lower-case Latin word, shows that the sentence goes on.
//
// Sentence ends without punctuation. A clause-final Hindi verb (an auxiliary
// such as है or था, a future form such as करेगा, a perfective form such as
// गया) directly followed by a word that only opens a sentence ends a
// sentence: a connective followed by a comma ("हूं लेकिन, ..."), a sentence
// adverb ("है हालांकि ..."), after an auxiliary or a future form a one-word
// subject with the ergative ने ("चाहती हूँ सीमा ने ..."), and after a modal
// "होना चाहिए" or a negated auxiliary "नहीं है" any word that is not a
// conjunction, relative, particle or correlative pronoun.
//
// Lines. A blank line (or a form feed or paragraph separator) always ends a
// sentence, so a title without punctuation and a sign-off line such as
// "पीएसके/केआर" are sentences of their own. A single line break is a space,
// as in hard-wrapped text, with three exceptions: before a sign-off that
// ends the text or paragraph, before a list item ("- ", "• ", "1. ", "(क) "),
// and after a heading, that is a line that holds the start of a sentence and
// nothing before it, does not end in a comma, colon, dash or similar mark,
// and either comes before a wire dateline or is much shorter than the line
// that follows it (at most 60% as long with up to 12 words, at most half as
// long with up to 25).
package segment
