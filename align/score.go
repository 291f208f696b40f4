package align

import "math"

// params are the weights of the bead score. Every term is a log-likelihood
// ratio of "these sentences translate each other" against "they are
// unrelated", so terms add up and beads of different sizes compare.
type params struct {
	ratio    float64 // English characters per Hindi character
	variance float64 // variance of the length difference per character
	lenBonus float64 // length term of a perfect length match
	lenFloor float64 // lowest length term
	match    [numClasses]float64
	miss     [numClasses]float64
	skip     float64 // score of leaving one sentence unaligned
	bias     float64 // added before the logistic that gives Link.Score
}

func defaultParams() params {
	p := params{
		ratio:    0.99,
		variance: 2.1,
		lenBonus: 2.0,
		lenFloor: -12,
		skip:     -2.0,
		bias:     -2.0,
	}
	p.match = [numClasses]float64{
		clsHiNumber: 2.0, clsHiLatin: 1.5, clsHiWord: 1.0, clsHiGloss: 0.5, clsHiPunct: 0.5,
		clsEnNumber: 2.0, clsEnName: 1.0, clsEnWord: 0.7, clsEnPunct: 0.5,
	}
	p.miss = [numClasses]float64{
		clsHiNumber: -1.5, clsHiLatin: -0.5, clsHiWord: -0.1, clsHiGloss: -0.3, clsHiPunct: -0.3,
		clsEnNumber: -1.5, clsEnName: -0.4, clsEnWord: -0.05, clsEnPunct: -0.3,
	}
	return p
}

// beadType is a bead shape: dh Hindi and de English sentences.
type beadType struct {
	dh, de int
	prior  float64
}

func beadTypes(maxBead int) []beadType {
	bt := []beadType{
		{1, 1, 0}, {1, 0, 0}, {0, 1, 0},
		{2, 1, -1.0}, {1, 2, -1.0},
	}
	if maxBead >= 2 {
		bt = append(bt, beadType{2, 2, -3.0})
	}
	if maxBead >= 3 {
		bt = append(bt, beadType{3, 1, -3.0}, beadType{1, 3, -3.0})
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

// lengthScore is the Gale–Church term for lh Hindi and le English
// characters.
func (sc *scorer) lengthScore(lh, le int) float64 {
	p := sc.p
	c := p.ratio
	l := (float64(lh) + float64(le)/c) / 2
	if l < 1 {
		l = 1
	}
	d := (float64(le) - c*float64(lh)) / math.Sqrt(p.variance*l)
	s := p.lenBonus - d*d/2
	if s < p.lenFloor {
		s = p.lenFloor
	}
	return s
}

// pair scores Hindi sentences [i0,i1) against English [j0,j1), both non-empty,
// without the bead prior.
func (sc *scorer) pair(i0, i1, j0, j1 int) float64 {
	h, e, p := sc.h, sc.e, sc.p
	lh, le := i1-i0-1, j1-j0-1 // joining spaces
	for i := i0; i < i1; i++ {
		lh += h.sents[i].chars
	}
	for j := j0; j < j1; j++ {
		le += e.sents[j].chars
	}
	s := sc.lengthScore(lh, le)

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
			s += p.match[t.cls]
		} else {
			s += p.miss[t.cls]
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
			s += p.match[t.cls]
		} else {
			s += p.miss[t.cls]
		}
	}
	return s
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
