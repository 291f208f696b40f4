package align

import "math"

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
// were then set on bitexts with merges, deletions and insertions.
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
}

func newScorer(h, e *side, nkeys int, p *params) *scorer {
	return &scorer{h: h, e: e, p: p, markH: make([]uint32, nkeys), markE: make([]uint32, nkeys)}
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
	for i := i0; i < i1; i++ {
		lh += h.sents[i].chars
	}
	for j := j0; j < j1; j++ {
		le += e.sents[j].chars
	}
	c := p.ratio
	l := max((float64(lh)+float64(le)/c)/2, 1)
	d := (float64(le) - c*float64(lh)) / math.Sqrt(p.variance*l)
	ev.d2 = d * d

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
