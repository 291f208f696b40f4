package align

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"
)

// Glosser produces rough English glosses of Hindi sentences, one per input
// sentence and in input order. Any translator will do: the glosses are only
// compared word by word with the English side, so word order does not
// matter. A sentence that could not be glossed may be given as "".
type Glosser interface {
	Gloss(ctx context.Context, hindi []string) ([]string, error)
}

// GlossFunc adapts a batch function to the Glosser interface.
type GlossFunc func(ctx context.Context, hindi []string) ([]string, error)

// Gloss calls f.
func (f GlossFunc) Gloss(ctx context.Context, hindi []string) ([]string, error) {
	return f(ctx, hindi)
}

// GlossEach adapts a per-sentence translation function to the Glosser
// interface.
func GlossEach(f func(hindi string) string) Glosser {
	return GlossFunc(func(ctx context.Context, hindi []string) ([]string, error) {
		out := make([]string, len(hindi))
		for i, s := range hindi {
			if i%64 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			out[i] = f(s)
		}
		return out, nil
	})
}

// Options configure Align. The zero value is ready to use: length, numbers,
// Latin-script words, transliterated names and the built-in word list.
type Options struct {
	// Gloss, if set, translates the Hindi side; its words are matched with
	// the English side (Bleualign's idea).
	Gloss Glosser
	// Lexicon, if set, adds English candidates for Hindi words to those of
	// the built-in word list.
	Lexicon Lexicon
	// NoBuiltinLexicon disables the built-in Hindi→English word list.
	NoBuiltinLexicon bool
	// MaxBead is the largest bead considered: 2 (default) allows 1-1, 1-0,
	// 0-1, 2-1 and 1-2; 3 adds 2-2, 3-1 and 1-3. Values below 2 mean 2.
	MaxBead int
	// Band is the initial half-width, in sentences, of the search band
	// around the anchor path for long documents (default 32). The band
	// doubles while the best path touches its edge, up to about 8 million
	// cells.
	Band int
}

// Link is one bead of an alignment: Hindi sentence indices Hi align with
// English sentence indices En (ascending, contiguous). One side may be empty
// (an unaligned sentence).
//
// Score is in [0,1], higher is better: the logistic of the bead's score,
// which for a 1-1 bead is the log-odds (at even prior odds) that the two
// sentences translate each other, as estimated from their lengths and from
// the numbers, names and words that do and do not find a partner. Scores
// near 1 are confident pairs; below 0.5 the evidence leans against the pair
// (a reasonable MinScore for corpus output is 0.5). Links with an empty side
// have Score 0: they are not pairs.
type Link struct {
	Hi    []int
	En    []int
	Score float64
}

// IsPair reports whether the link has sentences on both sides.
func (l Link) IsPair() bool { return len(l.Hi) > 0 && len(l.En) > 0 }

// Text returns the link's Hindi and English text: its sentences of hi and
// en joined by single spaces.
func (l Link) Text(hi, en []string) (string, string) {
	return joinIdx(hi, l.Hi), joinIdx(en, l.En)
}

func joinIdx(s []string, idx []int) string {
	switch len(idx) {
	case 0:
		return ""
	case 1:
		return s[idx[0]]
	}
	var b strings.Builder
	for k, i := range idx {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i])
	}
	return b.String()
}

// fullLimit is the largest n*m aligned by a full dynamic programme;
// larger inputs are aligned in a band around an anchor path.
const fullLimit = 250_000

// Align aligns Hindi sentences hi with English sentences en and returns the
// links in document order. Every sentence of both sides appears in exactly
// one link.
func Align(ctx context.Context, hi, en []string, opts Options) ([]Link, error) {
	if len(hi) == 0 && len(en) == 0 {
		return nil, nil
	}
	if len(hi) == 0 || len(en) == 0 {
		return unaligned(len(hi), len(en)), nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var glosses []string
	if opts.Gloss != nil {
		g, err := opts.Gloss.Gloss(ctx, hi)
		if err != nil {
			return nil, fmt.Errorf("align: gloss: %w", err)
		}
		if len(g) != len(hi) {
			return nil, fmt.Errorf("align: glosser returned %d glosses for %d sentences", len(g), len(hi))
		}
		glosses = g
	}
	p := defaultParams(glosses != nil)
	return alignWith(ctx, hi, en, glosses, opts, &p)
}

// alignWith aligns with the given glosses (nil for none) and weights.
func alignWith(ctx context.Context, hi, en, glosses []string, opts Options, p *params) ([]Link, error) {
	in := &interner{ids: make(map[string]int32, len(hi)+len(en))}
	lc := &lexCache{user: opts.Lexicon, memo: make(map[string][]string)}
	if !opts.NoBuiltinLexicon {
		lc.builtin = lexiconTable()
	}
	hs := hindiSide(in, hi, glosses, lc)
	es := englishSide(in, en)
	pp := *p
	pp.ratio = estimateRatio(hs, es, p.ratio)
	sc := newScorer(hs, es, len(in.ids), &pp)
	beads := beadTypes(opts.MaxBead, &pp)

	n, m := len(hi), len(en)
	var pts [][2]int
	if n*m > fullLimit {
		pts = anchorPoints(hs, es, len(in.ids))
		if r, ok := anchorRatio(pts, hs, es, p.ratio); ok {
			pp.ratio = r
		}
	}
	path, err := search(ctx, sc, beads, pts, opts.Band)
	if err != nil {
		return nil, err
	}
	// The length model's ratio came from the whole document (or the
	// anchors); re-estimate it from the confident pairs found and search
	// again if it moved.
	if r, ok := pairRatio(path, sc, p.ratio); ok && math.Abs(r/pp.ratio-1) > 0.05 {
		pp.ratio = r
		if path, err = search(ctx, sc, beads, pts, opts.Band); err != nil {
			return nil, err
		}
	}
	return linksFromPath(path, sc), nil
}

// Long documents are aligned window by window: a window covers
// windowRows+overlapRows Hindi sentences, starts where the path kept so far
// ends and keeps its path up to windowRows rows; the overlap lets the path
// settle before it is cut. Time and memory per sentence do not depend on
// the document's length.
const (
	windowRows  = 2048
	overlapRows = 256
	// maxHalfWidth bounds the widening of a window's band (at most about
	// 26 MB of cells).
	maxHalfWidth = 256
)

// search runs the dynamic programme: over all cells when pts is nil,
// otherwise window by window, in a band around the guide through the
// anchor points pts, moved to pass through the window's start. A window's
// band is widened while the best path touches its edge.
func search(ctx context.Context, sc *scorer, beads []beadType, pts [][2]int, w int) ([]step, error) {
	n, m := len(sc.h.sents), len(sc.e.sents)
	if pts == nil {
		path, _, err := dp(ctx, sc, beads, fullBand(n, m), false)
		return path, err
	}
	if w <= 0 {
		w = 32
	}
	g := make([]int, n+1)
	for _, p := range guideByLength(pts, sc.h, sc.e) {
		g[p[0]] = p[1]
	}
	var path []step
	i0, j0 := 0, 0
	for {
		i1 := min(n, i0+windowRows+overlapRows)
		last := i1 == n
		var part []step
		for ww := w; ; ww *= 2 {
			p, touched, err := dp(ctx, sc, beads, windowBand(g, i0, j0, i1, m, ww, last), !last)
			if err != nil {
				return nil, err
			}
			part = p
			if !touched || ww >= maxHalfWidth {
				break
			}
		}
		if last {
			return append(path, part...), nil
		}
		keep := 0
		for keep < len(part) && part[keep].i <= i0+windowRows {
			keep++
		}
		path = append(path, part[:keep]...)
		i0, j0 = part[keep-1].i, part[keep-1].j
	}
}

// windowBand builds the band of rows i0..i1 of half-width w around the
// guide g moved to pass through (i0, j0), where the path starts. The last
// window's band reaches the corner (i1, m).
func windowBand(g []int, i0, j0, i1, m, w int, last bool) *band {
	rows := i1 - i0 + 1
	b := &band{r0: i0, n: i1, m: m, lo: make([]int, rows), hi: make([]int, rows)}
	shift := j0 - g[i0]
	for r := 0; r < rows; r++ {
		c := g[i0+r] + shift
		lo, hi := max(c-w, j0), min(c+w, m)
		if r > 0 {
			lo = max(lo, b.lo[r-1])
			hi = max(hi, b.hi[r-1])
		}
		b.lo[r], b.hi[r] = lo, max(hi, lo)
	}
	b.lo[0] = j0
	if last {
		b.hi[rows-1] = m
	}
	// rows must overlap so that every row is reachable from the one before
	for r := rows - 1; r > 0; r-- {
		if b.lo[r] > b.hi[r-1]+1 {
			b.hi[r-1] = b.lo[r] - 1
		}
	}
	for r := 1; r < rows; r++ {
		b.hi[r] = max(b.hi[r], b.hi[r-1])
		b.lo[r] = min(b.lo[r], b.hi[r])
	}
	b.finish()
	return b
}

// pairRatio estimates the character ratio from the 1-1 links of a path
// that score as confident pairs; ok is false when there are too few.
func pairRatio(path []step, sc *scorer, def float64) (float64, bool) {
	th, te, k := 0, 0, 0
	for _, st := range path {
		if st.dh != 1 || st.de != 1 || sc.pair(st.i-1, st.i, st.j-1, st.j) < 2 {
			continue
		}
		th += sc.h.sents[st.i-1].chars
		te += sc.e.sents[st.j-1].chars
		k++
	}
	if k < 8 {
		return 0, false
	}
	return shrinkRatio(te, th, def), true
}

func unaligned(n, m int) []Link {
	links := make([]Link, 0, n+m)
	for i := 0; i < n; i++ {
		links = append(links, Link{Hi: []int{i}, En: []int{}})
	}
	for j := 0; j < m; j++ {
		links = append(links, Link{Hi: []int{}, En: []int{j}})
	}
	return links
}

// Ratio estimates are shrunk towards the default with the weight of this
// many characters, and kept within a factor maxRatioShift of it: a document
// whose sides differ in content (a missing tail, say) must not teach the
// length model that English is three times longer than Hindi.
const (
	ratioPrior    = 3000.0
	maxRatioShift = 1.3
)

// estimateRatio returns the English/Hindi character ratio of the document.
func estimateRatio(h, e *side, def float64) float64 {
	th, te := 0, 0
	for _, s := range h.sents {
		th += s.chars
	}
	for _, s := range e.sents {
		te += s.chars
	}
	return shrinkRatio(te, th, def)
}

func shrinkRatio(te, th int, def float64) float64 {
	r := (float64(te) + ratioPrior*def) / (float64(th) + ratioPrior)
	return min(max(r, def/maxRatioShift), def*maxRatioShift)
}

// anchorRatio estimates the character ratio from the anchor sentences
// (pts without its two corners), which are known to be translations; ok is
// false when there are too few anchors to say.
func anchorRatio(pts [][2]int, h, e *side, def float64) (float64, bool) {
	if len(pts) < 12 {
		return 0, false
	}
	th, te := 0, 0
	for _, p := range pts[1 : len(pts)-1] {
		th += h.sents[p[0]].chars
		te += e.sents[p[1]].chars
	}
	return shrinkRatio(te, th, def), true
}

// hasEmpty reports whether one of sentences [a,b) is empty.
func (s *side) hasEmpty(a, b int) bool {
	for k := a; k < b; k++ {
		if s.sents[k].chars == 0 {
			return true
		}
	}
	return false
}

// step is one bead of a path: it ends at (i, j).
type step struct {
	i, j   int
	dh, de int
}

// band is the set of DP cells considered: row i (Hindi sentences consumed,
// r0 <= i <= n) spans columns lo[i-r0]..hi[i-r0] inclusive; off[i-r0]
// indexes row i's first cell. A path through it starts at (r0, lo[0]).
type band struct {
	r0, n, m int
	lo, hi   []int
	off      []int
}

func fullBand(n, m int) *band {
	b := &band{n: n, m: m, lo: make([]int, n+1), hi: make([]int, n+1)}
	for i := range b.hi {
		b.hi[i] = m
	}
	b.finish()
	return b
}

func (b *band) finish() {
	rows := b.n - b.r0 + 1
	b.off = make([]int, rows+1)
	for r := 0; r < rows; r++ {
		b.off[r+1] = b.off[r] + b.hi[r] - b.lo[r] + 1
	}
}

func (b *band) cells() int { return b.off[len(b.off)-1] }

func (b *band) index(i, j int) int {
	r := i - b.r0
	if r < 0 || i > b.n || j < b.lo[r] || j > b.hi[r] {
		return -1
	}
	return b.off[r] + j - b.lo[r]
}

// dp finds the best path through the band. touched reports whether the
// path runs along the band's edge, where a wider band might do better.
//
// The path starts at (b.r0, b.lo[0]) and ends at (b.n, b.m), or, with
// freeEnd, at the best cell of row b.n.
func dp(ctx context.Context, sc *scorer, beads []beadType, b *band, freeEnd bool) ([]step, bool, error) {
	scores, err := pairScores(ctx, sc, beads, b)
	if err != nil {
		return nil, false, err
	}
	negInf := float32(math.Inf(-1))
	best := make([]float32, b.cells())
	back := make([]uint8, b.cells())
	for k := range best {
		best[k] = negInf
	}
	i0, j0 := b.r0, b.lo[0]
	best[b.index(i0, j0)] = 0
	skip := sc.p.skip
	for i := i0; i <= b.n; i++ {
		if i&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, false, err
			}
		}
		for j := b.lo[i-i0]; j <= b.hi[i-i0]; j++ {
			here := b.index(i, j)
			if i == i0 && j == j0 {
				continue
			}
			bestV := float64(negInf)
			bestK := -1
			for k, bt := range beads {
				pi, pj := i-bt.dh, j-bt.de
				if pi < 0 || pj < 0 {
					continue
				}
				prev := b.index(pi, pj)
				if prev < 0 || best[prev] == negInf {
					continue
				}
				var v float64
				switch {
				case bt.dh == 0:
					v = skip
					if sc.e.sents[pj].chars == 0 {
						v = 0
					}
				case bt.de == 0:
					v = skip
					if sc.h.sents[pi].chars == 0 {
						v = 0
					}
				case (bt.dh > 1 && sc.h.hasEmpty(pi, i)) || (bt.de > 1 && sc.e.hasEmpty(pj, j)):
					// an empty line is left unaligned rather than merged
					continue
				default:
					v = scores[k][here]
				}
				v += float64(best[prev])
				if v > bestV {
					bestV, bestK = v, k
				}
			}
			if bestK >= 0 {
				best[here] = float32(bestV)
				back[here] = uint8(bestK)
			}
		}
	}
	endJ := b.m
	if freeEnd {
		r := b.n - i0
		endJ = b.lo[r]
		for j := b.lo[r] + 1; j <= b.hi[r]; j++ {
			if best[b.index(b.n, j)] > best[b.index(b.n, endJ)] {
				endJ = j
			}
		}
	}
	end := b.index(b.n, endJ)
	if end < 0 || best[end] == negInf {
		return nil, false, errors.New("align: no path through the search band")
	}
	var path []step
	touched := false
	i, j := b.n, endJ
	for i > i0 || j > j0 {
		k := b.index(i, j)
		bt := beads[back[k]]
		// A pair on the band's edge suggests that the best path lies
		// outside. Runs of unaligned sentences along an edge do not: they
		// can move between neighbouring rows at no cost.
		r := i - i0
		if bt.dh > 0 && bt.de > 0 && ((j == b.lo[r] && j > j0) || (j == b.hi[r] && j < b.m)) {
			touched = true
		}
		path = append(path, step{i: i, j: j, dh: bt.dh, de: bt.de})
		i -= bt.dh
		j -= bt.de
	}
	for l, r := 0, len(path)-1; l < r; l, r = l+1, r-1 {
		path[l], path[r] = path[r], path[l]
	}
	return path, touched, nil
}

// parallelCells is the band size from which pairScores uses several
// cores.
const parallelCells = 50_000

// pairScores scores every bead with sentences on both sides that ends in a
// cell of b and starts inside it: scores[k][cell] for bead k (nil for beads
// with an empty side). Scoring is most of the work of the dynamic
// programme and does not depend on its order, so the rows are shared out
// among the cores, each with its own scorer state.
func pairScores(ctx context.Context, sc *scorer, beads []beadType, b *band) ([][]float64, error) {
	cells := b.cells()
	scores := make([][]float64, len(beads))
	for k, bt := range beads {
		if bt.dh > 0 && bt.de > 0 {
			scores[k] = make([]float64, cells)
		}
	}
	rows := b.n - b.r0 + 1
	workers := 1
	if cells >= parallelCells {
		workers = min(runtime.GOMAXPROCS(0), rows)
	}
	per := (rows + workers - 1) / workers
	g, gctx := errgroup.WithContext(ctx)
	for w := range workers {
		r0, r1 := w*per, min(rows, (w+1)*per)
		ws := sc
		if workers > 1 {
			ws = sc.clone()
		}
		g.Go(func() error {
			ws.useBand(b)
			defer func() { ws.cache = nil }()
			for r := r0; r < r1; r++ {
				if r&255 == 0 {
					if err := gctx.Err(); err != nil {
						return err
					}
				}
				i := b.r0 + r
				for j := b.lo[r]; j <= b.hi[r]; j++ {
					here := b.index(i, j)
					for k, bt := range beads {
						if scores[k] == nil {
							continue
						}
						pi, pj := i-bt.dh, j-bt.de
						if pi < b.r0 || pj < 0 || b.index(pi, pj) < 0 ||
							(bt.dh > 1 && ws.h.hasEmpty(pi, i)) || (bt.de > 1 && ws.e.hasEmpty(pj, j)) {
							continue // dp never takes this bead here
						}
						scores[k][here] = ws.pair(pi, i, pj, j) + bt.prior
					}
				}
			}
			return nil
		})
	}
	return scores, g.Wait()
}

func linksFromPath(path []step, sc *scorer) []Link {
	links := make([]Link, 0, len(path))
	for _, st := range path {
		l := Link{Hi: make([]int, st.dh), En: make([]int, st.de)}
		for k := 0; k < st.dh; k++ {
			l.Hi[k] = st.i - st.dh + k
		}
		for k := 0; k < st.de; k++ {
			l.En[k] = st.j - st.de + k
		}
		if st.dh > 0 && st.de > 0 {
			l.Score = logistic(sc.pair(st.i-st.dh, st.i, st.j-st.de, st.j))
		}
		links = append(links, l)
	}
	return links
}

// anchorPoints finds high-confidence 1-1 pairs from rare shared keys
// (numbers, names, rare words: two shared tokens, or one shared number,
// with no other English sentence sharing as many), keeps the longest
// monotone chain of them and returns it as points (Hindi position, English
// position) of anchor pairs, preceded by (0,0) and followed by (n,m).
func anchorPoints(h, e *side, nkeys int) [][2]int {
	n, m := len(h.sents), len(e.sents)
	dfH := make([]int32, nkeys)
	dfE := make([]int32, nkeys)
	last := make([]int32, nkeys)
	for k := range last {
		last[k] = -1
	}
	count := func(s *side, df []int32) {
		for k := range last {
			last[k] = -1
		}
		for idx, st := range s.sents {
			for _, t := range s.toks[st.t0:st.t1] {
				for _, k := range s.keys[t.k0:t.k1] {
					if last[k] != int32(idx) {
						last[k] = int32(idx)
						df[k]++
					}
				}
			}
		}
	}
	count(h, dfH)
	count(e, dfE)
	// postings of rare English keys
	const rare = 2
	post := make(map[int32][]int32)
	for idx, st := range e.sents {
		for _, t := range e.toks[st.t0:st.t1] {
			for _, k := range e.keys[t.k0:t.k1] {
				if dfE[k] <= rare && dfH[k] >= 1 && dfH[k] <= rare {
					p := post[k]
					if len(p) == 0 || p[len(p)-1] != int32(idx) {
						post[k] = append(p, int32(idx))
					}
				}
			}
		}
	}
	type cand struct{ i, j int }
	var cands []cand
	votes := make(map[int32]int)
	seen := make(map[int32]bool)
	for i, st := range h.sents {
		clear(votes)
		for _, t := range h.toks[st.t0:st.t1] {
			clear(seen)
			w := 1
			if t.cls == clsHiNumber {
				w = 2 // a rare number alone is a good anchor
			}
			for _, k := range h.keys[t.k0:t.k1] {
				for _, j := range post[k] {
					if !seen[j] {
						seen[j] = true
						votes[j] += w
					}
				}
			}
		}
		bestJ, bestV, second := int32(-1), 0, 0
		for j, v := range votes {
			switch {
			case v > bestV:
				second = bestV
				bestJ, bestV = j, v
			case v > second:
				second = v
			}
		}
		if bestV >= 2 && bestV > second {
			cands = append(cands, cand{i, int(bestJ)})
		}
	}
	// longest chain increasing in both i and j (patience sorting)
	sort.Slice(cands, func(a, b int) bool { return cands[a].i < cands[b].i })
	tails := []int{}
	prev := make([]int, len(cands))
	for c, cd := range cands {
		lo, hi := 0, len(tails)
		for lo < hi {
			mid := (lo + hi) / 2
			if cands[tails[mid]].j < cd.j {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo > 0 {
			prev[c] = tails[lo-1]
		} else {
			prev[c] = -1
		}
		if lo == len(tails) {
			tails = append(tails, c)
		} else {
			tails[lo] = c
		}
	}
	var chain []cand
	if len(tails) > 0 {
		for c := tails[len(tails)-1]; c >= 0; c = prev[c] {
			chain = append(chain, cands[c])
		}
	}
	pts := [][2]int{{0, 0}}
	for k := len(chain) - 1; k >= 0; k-- {
		pts = append(pts, [2]int{chain[k].i, chain[k].j})
	}
	return append(pts, [2]int{n, m})
}

// guideByLength expands guide points into one English position per Hindi
// row. Between two anchors the English position follows the cumulative
// character counts of both sides. Before the first anchor and after the last
// one the guide continues the anchors' slope (characters of English per
// character of Hindi) instead of heading for the corners, since one side
// may have a head or tail the other lacks; the band rows reach the corners
// anyway.
func guideByLength(pts [][2]int, h, e *side) [][2]int {
	n, m := len(h.sents), len(e.sents)
	cumH := make([]int, n+1)
	for i, s := range h.sents {
		cumH[i+1] = cumH[i] + s.chars + 1
	}
	cumE := make([]int, m+1)
	for j, s := range e.sents {
		cumE[j+1] = cumE[j] + s.chars + 1
	}
	// position in English whose cumulative length is closest to target
	at := func(target float64) int {
		t := int(math.Round(target))
		if t <= 0 {
			return 0
		}
		if t >= cumE[m] {
			return m
		}
		return sort.SearchInts(cumE, t)
	}
	g := make([]int, n+1)
	for k := 0; k+1 < len(pts); k++ {
		a, b := pts[k], pts[k+1]
		for i := a[0]; i <= b[0]; i++ {
			var f float64
			if span := cumH[b[0]] - cumH[a[0]]; span > 0 {
				f = float64(cumH[i]-cumH[a[0]]) / float64(span)
			}
			g[i] = at(float64(cumE[a[1]]) + f*float64(cumE[b[1]]-cumE[a[1]]))
		}
	}
	if len(pts) > 2 {
		first, last := pts[1], pts[len(pts)-2]
		slope := float64(cumE[m]) / float64(max(cumH[n], 1))
		if dh := cumH[last[0]] - cumH[first[0]]; dh > 0 && last[1] > first[1] {
			slope = float64(cumE[last[1]]-cumE[first[1]]) / float64(dh)
		}
		for i := 0; i < first[0]; i++ {
			g[i] = at(float64(cumE[first[1]]) - slope*float64(cumH[first[0]]-cumH[i]))
		}
		for i := last[0] + 1; i <= n; i++ {
			g[i] = at(float64(cumE[last[1]]) + slope*float64(cumH[i]-cumH[last[0]]))
		}
	}
	out := make([][2]int, n+1)
	for i := range out {
		out[i] = [2]int{i, g[i]}
	}
	return out
}
