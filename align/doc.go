// Package align aligns the sentences of a Hindi document with those of its
// English counterpart, producing the links (beads) that pair them: 1-1,
// 2-1, 1-2 (and, with Options.MaxBead 3, 2-2, 3-1 and 1-3), and 1-0 / 0-1
// for sentences without a counterpart.
//
// # Method
//
// A dynamic programme chooses the sequence of beads with the highest total
// score. Every term of a bead's score is a log-likelihood ratio of "these
// sentences translate each other" against "they are unrelated", so beads of
// different shapes compare on one scale:
//
//   - Length (Gale–Church): the English character count should be the Hindi
//     count times a ratio estimated from the document itself (from its
//     totals or its anchors, shrunk towards a default for short documents and
//     kept near it), with a variance proportional to length. When the
//     confident 1-1 pairs of the result imply another ratio, the search runs
//     once more with that ratio, so a side with extra content does not skew
//     the length model.
//   - Evidence tokens. Each content token of one side that finds a partner on
//     the other side adds to the score, each that finds none subtracts, with
//     weights per token class: numbers (Devanagari digits and group
//     separators normalised) weigh most; Latin-script words and English
//     capitalised words (names) next; common words least.
//   - Transliteration: a Devanagari word and an English word match when their
//     consonant skeletons agree within one edit (ओबामा/Obama → BM/BM,
//     शुमैन/Schulman → SMN/SLMN). Near matches are found by exact look-up of
//     one-deletion variants, so matching costs constant time per token.
//     Acronyms spelled out in Devanagari letter names match their Latin form
//     (बीबीसी/BBC).
//   - Lexicon: a small built-in Hindi→English word list (matched on Hindi
//     stems and English stems) and, optionally, a caller's Lexicon.
//   - Glosses: when Options.Gloss is set, each Hindi sentence is translated
//     and the gloss's content words are matched with the English words, as
//     in Bleualign.
//
// The weights of these terms (per token class, for a token that finds a
// partner and for one that does not, plus the share of tokens matched on
// each side) come from a logistic regression of true sentence pairs against
// unrelated pairs and against true pairs with a neighbouring sentence merged
// in, so the score of a 1-1 bead is the log-odds that it is a translation
// pair. There is one set of weights for alignment with glosses and one for
// alignment without.
//
// Leaving a sentence unaligned has a fixed cost, so a sentence is dropped
// (1-0 or 0-1) only when no bead explains it well; merged beads have a prior
// cost, and the unmatched tokens of an unrelated sentence keep it out of a
// merge.
//
// # Long documents
//
// Small inputs are aligned by a full dynamic programme. Larger ones first
// find anchors: Hindi sentences that share a rare number or at least two
// rare names or words with exactly one best English sentence. The longest
// chain of anchors increasing on both sides is the guide; between anchors
// the guide follows cumulative character counts. The programme then runs in
// a band around the guide, doubling the band while the best path touches its
// edge, so time and memory grow linearly with document length.
package align
