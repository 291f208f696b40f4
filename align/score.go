package align

import (
	"math"
	"math/bits"
)

// params are the weights of the bead score. Every term is a log-likelihood
// ratio of "these sentences translate each other" against "they are
// unrelated", so terms add up and beads of different sizes compare.
type params struct {
	ratio     float64 // English characters per Hindi character
	variance  float64 // variance of the length difference per character
	lenBonus  float64 // intercept: score of a perfect length match with no tokens
	lenWeight float64 // weight of the squared length deviation (negative)
	lenCap    float64 // squared deviations beyond this count as this
	covH      float64 // weight of the fraction of Hindi tokens matched
	covE      float64 // weight of the fraction of English tokens matched
	match     [numClasses]float64
	miss      [numClasses]float64
	skip      float64 // score of leaving one sentence unaligned
	merge     float64 // prior of 2-1 and 1-2 beads
	merge3    float64 // prior of 2-2, 3-1 and 1-3 beads
}

// defaultParams returns the weights for alignment without (gloss false) or
// with glosses. The token weights and the length terms are a logistic
// regression of true against unrelated sentence pairs (and against a true
// pair with a neighbouring sentence merged in), so a 1-1 bead's score is
// the log-odds that the pair is a translation; skip and the bead priors
// were then set on bitexts with merges, deletions and insertions. A shared
// word is seen from both sides (its Hindi token and its English token both
// match), so the two sides' weights share its credit and one of them may be
// negative.
func defaultParams(gloss bool) params {
	p := params{
		ratio:    0.99,
		variance: 2.1,
		lenCap:   28,
		skip:     -2.25,
		merge:    -2.0,
		merge3:   -6.0,
	}
	if !gloss {
		p.lenBonus, p.lenWeight = 2.21, -0.614
		p.covH, p.covE = 1.78, 1.89
		p.match = [numClasses]float64{
			clsHiNumber: 0.30, clsHiLatin: 0.73, clsHiWord: -0.20, clsHiGloss: 0, clsHiPunct: 0.10,
			clsEnNumber: 0.30, clsEnName: 0.47, clsEnWord: 0.70, clsEnPunct: 0.10,
		}
		p.miss = [numClasses]float64{
			clsHiNumber: -2.24, clsHiLatin: -0.35, clsHiWord: -0.07, clsHiGloss: 0, clsHiPunct: -0.62,
			clsEnNumber: -1.52, clsEnName: -0.83, clsEnWord: -0.09, clsEnPunct: -1.03,
		}
		return p
	}
	p.skip, p.merge = -2.5, -2.25
	p.lenBonus, p.lenWeight = 3.01, -0.820
	p.covH, p.covE = 1.45, 1.95
	p.match = [numClasses]float64{
		clsHiNumber: 0.19, clsHiLatin: 0.78, clsHiWord: -0.38, clsHiGloss: -0.01, clsHiPunct: -0.04,
		clsEnNumber: 0.19, clsEnName: 0.67, clsEnWord: 0.78, clsEnPunct: -0.04,
	}
	p.miss = [numClasses]float64{
		clsHiNumber: -1.60, clsHiLatin: -0.15, clsHiWord: -0.05, clsHiGloss: -0.16, clsHiPunct: -0.56,
		clsEnNumber: -1.10, clsEnName: -0.85, clsEnWord: -0.26, clsEnPunct: -1.07,
	}
	return p
}

// beadType is a bead shape: dh Hindi and de English sentences.
type beadType struct {
	dh, de int
	prior  float64
}

func beadTypes(maxBead int, p *params) []beadType {
	bt := []beadType{
		{1, 1, 0}, {1, 0, 0}, {0, 1, 0},
		{2, 1, p.merge}, {1, 2, p.merge},
	}
	if maxBead >= 3 {
		bt = append(bt, beadType{2, 2, p.merge3}, beadType{3, 1, p.merge3}, beadType{1, 3, p.merge3})
	}
	return bt
}

// scorer evaluates beads. It reuses two stamp arrays indexed by key id so
// that a bead costs time linear in its number of keys.
type scorer struct {
	h, e         *side
	p            *params
	markH, markE []uint32
	stamp        uint32

	// Sentences of at most 64 tokens have one bit mask per token class
	// (clsH, clsE); a bead of such sentences is scored from the cached
	// per-pair masks of which tokens found a partner (see cache).
	clsH, clsE [][numClasses]uint64
	smallH     []bool
	smallE     []bool
	cache      *pairCache
}

// pairCache memoises, for single sentence pairs (a, b) inside a band, which
// tokens of Hindi a have a partner in English b (h) and the reverse (e).
type pairCache struct {
	b    *band
	h, e []uint64
	have []bool
}

func newScorer(h, e *side, nkeys int, p *params) *scorer {
	sc := &scorer{h: h, e: e, p: p, markH: make([]uint32, nkeys), markE: make([]uint32, nkeys)}
	sc.clsH, sc.smallH = classMasks(h)
	sc.clsE, sc.smallE = classMasks(e)
	return sc
}

func classMasks(s *side) ([][numClasses]uint64, []bool) {
	masks := make([][numClasses]uint64, len(s.sents))
	small := make([]bool, len(s.sents))
	for i, st := range s.sents {
		if st.t1-st.t0 > 64 {
			continue
		}
		small[i] = true
		for k, t := range s.toks[st.t0:st.t1] {
			masks[i][t.cls] |= 1 << uint(k)
		}
	}
	return masks, small
}

// clone returns a scorer over the same documents with its own working
// state, for use by another goroutine.
func (sc *scorer) clone() *scorer {
	c := *sc
	c.markH = make([]uint32, len(sc.markH))
	c.markE = make([]uint32, len(sc.markE))
	c.stamp = 0
	c.cache = nil
	return &c
}

// useBand makes the scorer cache pair masks for the cells of b.
func (sc *scorer) useBand(b *band) {
	n := b.cells()
	sc.cache = &pairCache{b: b, h: make([]uint64, n), e: make([]uint64, n), have: make([]bool, n)}
}

// pairMasks returns which tokens of Hindi sentence a find a partner in
// English sentence b, and which tokens of b find one in a; both sentences
// have at most 64 tokens.
func (sc *scorer) pairMasks(a, b int) (uint64, uint64) {
	c := sc.cache
	idx := -1
	if c != nil {
		if idx = c.b.index(a+1, b+1); idx >= 0 && c.have[idx] {
			return c.h[idx], c.e[idx]
		}
	}
	h, e := sc.h, sc.e
	sc.stamp++
	if sc.stamp == 0 {
		clear(sc.markH)
		clear(sc.markE)
		sc.stamp = 1
	}
	st := sc.stamp
	es, hs := e.sents[b], h.sents[a]
	for _, t := range e.toks[es.t0:es.t1] {
		for _, k := range e.keys[t.k0:t.k1] {
			sc.markE[k] = st
		}
	}
	var mh, me uint64
	for n, t := range h.toks[hs.t0:hs.t1] {
		for _, k := range h.keys[t.k0:t.k1] {
			sc.markH[k] = st
			if sc.markE[k] == st {
				mh |= 1 << uint(n)
			}
		}
	}
	for n, t := range e.toks[es.t0:es.t1] {
		for _, k := range e.keys[t.k0:t.k1] {
			if sc.markH[k] == st {
				me |= 1 << uint(n)
				break
			}
		}
	}
	if idx >= 0 {
		c.h[idx], c.e[idx], c.have[idx] = mh, me, true
	}
	return mh, me
}

// evidence is what a bead's score is computed from: the squared
// Gale–Church deviation of its lengths and, per token class, how many tokens
// found a partner on the other side and how many did not.
type evidence struct {
	d2        float64
	hit, miss [numClasses]int32
}

// score combines evidence into the bead's log-likelihood ratio.
func (p *params) score(ev *evidence) float64 {
	s := p.lenBonus + p.lenWeight*min(ev.d2, p.lenCap)
	for c := range ev.hit {
		s += p.match[c]*float64(ev.hit[c]) + p.miss[c]*float64(ev.miss[c])
	}
	ch, ce := ev.coverage()
	return s + p.covH*ch + p.covE*ce
}

// coverage returns the fraction of Hindi and of English tokens that found
// a partner (with one pseudo-token of no match on each side, so that
// sentences with few tokens stay uncertain).
func (ev *evidence) coverage() (float64, float64) {
	var hh, th, he, te int32
	for c := range ev.hit {
		t := ev.hit[c] + ev.miss[c]
		if c < clsEnNumber {
			hh += ev.hit[c]
			th += t
		} else {
			he += ev.hit[c]
			te += t
		}
	}
	return float64(hh) / float64(th+1), float64(he) / float64(te+1)
}

// pair scores Hindi sentences [i0,i1) against English [j0,j1), both
// non-empty, without the bead prior.
func (sc *scorer) pair(i0, i1, j0, j1 int) float64 {
	var ev evidence
	sc.evidence(&ev, i0, i1, j0, j1)
	return sc.p.score(&ev)
}

// evidence fills ev for Hindi sentences [i0,i1) and English [j0,j1).
func (sc *scorer) evidence(ev *evidence, i0, i1, j0, j1 int) {
	h, e, p := sc.h, sc.e, sc.p
	lh, le := i1-i0-1, j1-j0-1 // joining spaces
	small := true
	for i := i0; i < i1; i++ {
		lh += h.sents[i].chars
		small = small && sc.smallH[i]
	}
	for j := j0; j < j1; j++ {
		le += e.sents[j].chars
		small = small && sc.smallE[j]
	}
	c := p.ratio
	l := max((float64(lh)+float64(le)/c)/2, 1)
	d := (float64(le) - c*float64(lh)) / math.Sqrt(p.variance*l)
	ev.d2 = d * d
	if small && i1-i0 <= 3 && j1-j0 <= 3 {
		sc.maskEvidence(ev, i0, i1, j0, j1)
		return
	}
	sc.keyEvidence(ev, i0, i1, j0, j1)
}

// maskEvidence counts matched tokens of a bead from the pair masks: a
// token of a Hindi sentence is matched if it is matched in any English
// sentence of the bead, and the reverse.
func (sc *scorer) maskEvidence(ev *evidence, i0, i1, j0, j1 int) {
	var orE [3]uint64
	for a := i0; a < i1; a++ {
		var orH uint64
		for b := j0; b < j1; b++ {
			mh, me := sc.pairMasks(a, b)
			orH |= mh
			orE[b-j0] |= me
		}
		for c, m := range sc.clsH[a] {
			if m == 0 {
				continue
			}
			hit := int32(bits.OnesCount64(m & orH))
			ev.hit[c] += hit
			ev.miss[c] += int32(bits.OnesCount64(m)) - hit
		}
	}
	for b := j0; b < j1; b++ {
		for c, m := range sc.clsE[b] {
			if m == 0 {
				continue
			}
			hit := int32(bits.OnesCount64(m & orE[b-j0]))
			ev.hit[c] += hit
			ev.miss[c] += int32(bits.OnesCount64(m)) - hit
		}
	}
}

// keyEvidence counts matched tokens of a bead by marking the keys of its
// sentences, for beads the masks cannot describe.
func (sc *scorer) keyEvidence(ev *evidence, i0, i1, j0, j1 int) {
	h, e := sc.h, sc.e
	sc.stamp++
	if sc.stamp == 0 {
		clear(sc.markH)
		clear(sc.markE)
		sc.stamp = 1
	}
	st := sc.stamp
	for _, t := range e.toks[e.sents[j0].t0:e.sents[j1-1].t1] {
		for _, k := range e.keys[t.k0:t.k1] {
			sc.markE[k] = st
		}
	}
	for _, t := range h.toks[h.sents[i0].t0:h.sents[i1-1].t1] {
		hit := false
		for _, k := range h.keys[t.k0:t.k1] {
			sc.markH[k] = st
			if sc.markE[k] == st {
				hit = true
			}
		}
		if hit {
			ev.hit[t.cls]++
		} else {
			ev.miss[t.cls]++
		}
	}
	for _, t := range e.toks[e.sents[j0].t0:e.sents[j1-1].t1] {
		hit := false
		for _, k := range e.keys[t.k0:t.k1] {
			if sc.markH[k] == st {
				hit = true
				break
			}
		}
		if hit {
			ev.hit[t.cls]++
		} else {
			ev.miss[t.cls]++
		}
	}
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
