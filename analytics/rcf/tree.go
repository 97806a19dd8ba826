package rcf

import "math"

// tree is one robust random cut tree over at most capacity points (Guha et al., ICML 2016, §2.2), held in
// preallocated arrays so that an update allocates nothing. Internal nodes and leaves live in separate arrays:
// a reference r ≥ 0 is internal node r, r < 0 is leaf ^r. An internal node is 16 bytes plus its bounding box; a
// leaf is its point. A point inserted twice is one leaf whose mass counts the copies. Keeping leaves apart
// roughly halves a tree's memory (about 12 KB for 256 one-dimensional points), which a descent draws from.
type tree struct {
	dims int
	root int32 // a reference; noRoot when the tree is empty

	in     []inode
	inBox  []float64 // bounding box of internal node n: its lows then its highs at inBox[2·n·dims:]
	inMass []int32   // points under each internal node
	freeIn []int16

	leafPt     []float64 // the point of leaf l at leafPt[l·dims:]
	leafParent []int16
	leafMass   []int32
	freeLeaf   []int16

	// The time-decayed reservoir: a max-heap of (weight, leaf) of the sampled points.
	heapW    []float64
	heapLeaf []int32
	seen     int64 // points offered to the sampler

	floor      float64 // u ≤ floor leaves a point out, for points up to floorUntil (see offer)
	floorUntil int64

	path []int32 // scratch for attribute
}

// inode is an internal node: its cut and its links (references; parent -1 at the root).
type inode struct {
	cutVal      float64
	left, right int16
	parent      int16
	cutDim      int16
}

const noRoot = math.MinInt32

func newTree(dims, capacity int) *tree {
	t := &tree{
		dims:       dims,
		root:       noRoot,
		in:         make([]inode, capacity),
		inBox:      make([]float64, 2*capacity*dims),
		inMass:     make([]int32, capacity),
		freeIn:     make([]int16, 0, capacity),
		leafPt:     make([]float64, capacity*dims),
		leafParent: make([]int16, capacity),
		leafMass:   make([]int32, capacity),
		freeLeaf:   make([]int16, 0, capacity),
		heapW:      make([]float64, 0, capacity),
		heapLeaf:   make([]int32, 0, capacity),
		path:       make([]int32, 0, capacity),
	}
	for n := capacity - 1; n >= 0; n-- {
		t.freeIn = append(t.freeIn, int16(n))
		t.freeLeaf = append(t.freeLeaf, int16(n))
	}
	return t
}

// point returns leaf l's point.
func (t *tree) point(l int32) []float64 {
	d := t.dims
	return t.leafPt[int(l)*d : int(l)*d+d : int(l)*d+d]
}

// box returns the bounding box of reference r: a leaf's is its point.
func (t *tree) box(r int32) (lo, hi []float64) {
	if r < 0 {
		p := t.point(^r)
		return p, p
	}
	d := t.dims
	i := 2 * int(r) * d
	return t.inBox[i : i+d : i+d], t.inBox[i+d : i+2*d : i+2*d]
}

func (t *tree) parentOf(r int32) int32 {
	if r < 0 {
		return int32(t.leafParent[^r])
	}
	return int32(t.in[r].parent)
}

func (t *tree) setParent(r, p int32) {
	if r < 0 {
		t.leafParent[^r] = int16(p)
	} else {
		t.in[r].parent = int16(p)
	}
}

func (t *tree) massOf(r int32) int32 {
	if r < 0 {
		return t.leafMass[^r]
	}
	return t.inMass[r]
}

func (t *tree) newLeaf(p []float64) int32 {
	l := int32(t.freeLeaf[len(t.freeLeaf)-1])
	t.freeLeaf = t.freeLeaf[:len(t.freeLeaf)-1]
	t.leafParent[l], t.leafMass[l] = -1, 1
	copy(t.point(l), p)
	return l
}

func (t *tree) newInternal() int32 {
	n := int32(t.freeIn[len(t.freeIn)-1])
	t.freeIn = t.freeIn[:len(t.freeIn)-1]
	return n
}

// replaceChild makes reference c take old's place under old's parent (or at the root).
func (t *tree) replaceChild(old, c int32) {
	g := t.parentOf(old)
	t.setParent(c, g)
	switch {
	case g < 0:
		t.root = c
	case int32(t.in[g].left) == old:
		t.in[g].left = int16(c)
	default:
		t.in[g].right = int16(c)
	}
}

// insert adds p and returns its leaf. From the root down, it draws a random cut over the node's box extended by
// p (dimension with probability proportional to its extended range, value uniform in it); a cut that separates p
// from the node's box makes a new internal node with p's new leaf on one side and the node on the other,
// otherwise p follows the node's own cut. The tree is then distributed as if built on the sample plus p
// (Guha et al. 2016, Theorem 2; rrcf docs/insert-and-delete.md).
func (t *tree) insert(p []float64, rng *source) int32 {
	if t.root == noRoot {
		l := t.newLeaf(p)
		t.root = ^l
		return l
	}
	r := t.root
	for {
		lo, hi := t.box(r)
		var total float64
		for i, x := range p {
			total += math.Max(hi[i], x) - math.Min(lo[i], x)
		}
		if total == 0 { // a leaf holding p already
			t.leafMass[^r]++
			return ^r
		}
		u := rng.float64() * total
		dim, cut := -1, 0.0
		for i, x := range p {
			l, h := math.Min(lo[i], x), math.Max(hi[i], x)
			w := h - l
			if w <= 0 {
				continue
			}
			dim, cut = i, l+u
			if u < w {
				break
			}
			u -= w
		}
		l, h := math.Min(lo[dim], p[dim]), math.Max(hi[dim], p[dim])
		if cut >= h {
			cut = math.Nextafter(h, math.Inf(-1))
		}
		if cut < l {
			cut = l
		}
		if cut < lo[dim] || cut >= hi[dim] { // separates p from r's box
			leaf := t.newLeaf(p)
			k := t.newInternal()
			t.in[k].cutDim, t.in[k].cutVal = int16(dim), cut
			t.replaceChild(r, k)
			t.setParent(r, k)
			t.leafParent[leaf] = int16(k)
			if p[dim] <= cut {
				t.in[k].left, t.in[k].right = int16(^leaf), int16(r)
			} else {
				t.in[k].left, t.in[k].right = int16(r), int16(^leaf)
			}
			t.inMass[k] = t.massOf(r) + 1
			klo, khi := t.box(k)
			for i, x := range p {
				klo[i], khi[i] = math.Min(lo[i], x), math.Max(hi[i], x)
			}
			return leaf
		}
		// p goes below r: r's box grows to hold it (r is internal: a leaf's box is a point, always separated).
		t.inMass[r]++
		for i, x := range p {
			lo[i], hi[i] = math.Min(lo[i], x), math.Max(hi[i], x)
		}
		if nd := &t.in[r]; p[nd.cutDim] <= nd.cutVal {
			r = int32(nd.left)
		} else {
			r = int32(nd.right)
		}
	}
}

// remove takes one copy of leaf's point out: the masses on its path drop by one; the last copy removes the leaf
// and its parent, the sibling takes the parent's place, and the boxes above shrink to their children's.
func (t *tree) remove(leaf int32) {
	t.leafMass[leaf]--
	for a := int32(t.leafParent[leaf]); a >= 0; a = int32(t.in[a].parent) {
		t.inMass[a]--
	}
	if t.leafMass[leaf] > 0 {
		return
	}
	t.freeLeaf = append(t.freeLeaf, int16(leaf))
	p := int32(t.leafParent[leaf])
	if p < 0 {
		t.root = noRoot
		return
	}
	sib := int32(t.in[p].left)
	if sib == ^leaf {
		sib = int32(t.in[p].right)
	}
	t.replaceChild(p, sib)
	t.freeIn = append(t.freeIn, int16(p))
	for a := t.parentOf(sib); a >= 0; a = int32(t.in[a].parent) {
		lo, hi := t.box(a)
		llo, lhi := t.box(int32(t.in[a].left))
		rlo, rhi := t.box(int32(t.in[a].right))
		changed := false
		for i := range lo {
			nl, nh := math.Min(llo[i], rlo[i]), math.Max(lhi[i], rhi[i])
			if nl != lo[i] || nh != hi[i] {
				lo[i], hi[i], changed = nl, nh, true
			}
		}
		if !changed {
			break
		}
	}
}

// offer presents the seq-th point to the time-decayed reservoir: it draws the point's weight
// log(−log u) − decay·seq and keeps the capacity smallest weights, so a newer point is likelier to stay
// (weighted reservoir sampling with exponential decay, Efraimidis–Spirakis; AWS's CompactSampler). While the
// sample fills every point is taken. It reports whether p entered the sample (and the tree).
func (t *tree) offer(p []float64, decay float64, rng *source) bool {
	t.seen++
	u := rng.float64()
	for u == 0 {
		u = rng.float64()
	}
	if len(t.heapW) < cap(t.heapW) {
		w := math.Log(-math.Log(u)) - decay*float64(t.seen)
		leaf := t.insert(p, rng)
		t.heapW = append(t.heapW, w)
		t.heapLeaf = append(t.heapLeaf, leaf)
		t.siftUp(len(t.heapW) - 1)
		return true
	}
	// The point enters when w < the heap's largest weight M, that is when u > θ(seq) = exp(−exp(M + decay·seq)),
	// which falls as seq grows. θ at the end of a short span of points is a floor under θ for the whole span:
	// u at or below it is left out without the two logarithms, which most points of a long stream are.
	if t.seen > t.floorUntil {
		t.floorUntil = t.seen + floorSpan
		t.floor = math.Exp(-math.Exp(t.heapW[0] + decay*float64(t.floorUntil)))
	}
	if u <= t.floor {
		return false
	}
	w := math.Log(-math.Log(u)) - decay*float64(t.seen)
	if w >= t.heapW[0] {
		return false
	}
	t.remove(t.heapLeaf[0])
	t.heapW[0], t.heapLeaf[0] = w, t.insert(p, rng)
	t.siftDown(0)
	t.floorUntil = 0 // M changed
	return true
}

// floorSpan is how many points the sampler's floor on u serves before it is computed again.
const floorSpan = 64

func (t *tree) siftUp(i int) {
	for i > 0 {
		j := (i - 1) / 2
		if t.heapW[j] >= t.heapW[i] {
			return
		}
		t.heapW[i], t.heapW[j] = t.heapW[j], t.heapW[i]
		t.heapLeaf[i], t.heapLeaf[j] = t.heapLeaf[j], t.heapLeaf[i]
		i = j
	}
}

func (t *tree) siftDown(i int) {
	n := len(t.heapW)
	for {
		m := i
		if l := 2*i + 1; l < n && t.heapW[l] > t.heapW[m] {
			m = l
		}
		if r := 2*i + 2; r < n && t.heapW[r] > t.heapW[m] {
			m = r
		}
		if m == i {
			return
		}
		t.heapW[i], t.heapW[m] = t.heapW[m], t.heapW[i]
		t.heapLeaf[i], t.heapLeaf[m] = t.heapLeaf[m], t.heapLeaf[i]
		i = m
	}
}

// descend returns the leaf p's cuts lead to and its depth (the root has depth 0).
func (t *tree) descend(p []float64) (int32, int) {
	in := t.in
	r, depth := t.root, 0
	for r >= 0 {
		nd := &in[r]
		if p[nd.cutDim] <= nd.cutVal {
			r = int32(nd.left)
		} else {
			r = int32(nd.right)
		}
		depth++
	}
	return ^r, depth
}

// score is the tree's anomaly score of p, before normalisation: the expected inverse depth at which p would be
// isolated. At the leaf p reaches, an unseen point scores 1/(depth+1); a point equal to the leaf's scores
// 1/(depth+log2(mass+1)), damped by 1−mass/(2·treeMass) for how much of the sample it is. Going up, each node
// whose box would have to grow by a fraction q to take p in separates p there with probability q, which mixes
// in 1/(depth+1) of that node (the scoring AWS's open-source RCF documents in CommonUtils and its anomaly score
// visitor). A node whose box holds p ends the walk: every box above it holds p too.
func (t *tree) score(p []float64) float64 {
	leaf, depth := t.descend(p)
	lp := t.point(leaf)
	equal := true
	for i, x := range p {
		if lp[i] != x {
			equal = false
			break
		}
	}
	if equal {
		m := float64(t.leafMass[leaf])
		return (1 - m/(2*float64(t.massOf(t.root)))) / (float64(depth) + math.Log2(m+1))
	}
	s := 1 / float64(depth+1)
	for a := int32(t.leafParent[leaf]); a >= 0; a = int32(t.in[a].parent) {
		depth--
		q, ok := t.separation(a, p)
		if !ok {
			break
		}
		s = q/float64(depth+1) + (1-q)*s
	}
	return s
}

// attribute adds to high and low (one entry per dimension) scale times the tree's score of p, split over the
// dimensions and the side p lies on: the same walk as score, with each node's separation probability split by
// the dimension and side its box would grow on, so the parts sum to the score. At the leaf, an unseen point's
// part goes by its distance to the leaf's point per dimension; a point equal to the leaf's spreads evenly.
func (t *tree) attribute(p, high, low []float64, scale float64) {
	leaf, depth := t.descend(p)
	lp := t.point(leaf)
	var dist float64
	for i, x := range p {
		dist += math.Abs(x - lp[i])
	}
	if dist == 0 {
		m := float64(t.leafMass[leaf])
		s := (1 - m/(2*float64(t.massOf(t.root)))) / (float64(depth) + math.Log2(m+1))
		each := scale * s / float64(2*len(p))
		for i := range p {
			high[i] += each
			low[i] += each
		}
		return
	}
	// The score is Σ over the path's separating nodes a of q(a)/(depth(a)+1) · Π(1−q) over the nodes above a,
	// plus the leaf's 1/(depth+1) · Π(1−q) over the whole path: collect the path, then go down from its top.
	path := t.path[:0]
	for a := int32(t.leafParent[leaf]); a >= 0; a = int32(t.in[a].parent) {
		if _, ok := t.separation(a, p); !ok {
			break
		}
		path = append(path, a)
	}
	keep := scale
	for k := len(path) - 1; k >= 0; k-- {
		lo, hi := t.box(path[k])
		var grow, span float64
		for i, x := range p {
			span += hi[i] - lo[i]
			if x < lo[i] {
				grow += lo[i] - x
			} else if x > hi[i] {
				grow += x - hi[i]
			}
		}
		d := depth - 1 - k // the path's k-th node is k+1 levels above the leaf
		f, ext := keep/float64(d+1), span+grow
		for i, x := range p {
			if x < lo[i] {
				low[i] += f * ((lo[i] - x) / ext)
			} else if x > hi[i] {
				high[i] += f * ((x - hi[i]) / ext)
			}
		}
		keep *= span / (span + grow)
	}
	w := keep / float64(depth+1)
	for i, x := range p {
		if x > lp[i] {
			high[i] += w * ((x - lp[i]) / dist)
		} else {
			low[i] += w * ((lp[i] - x) / dist)
		}
	}
}

// separation is the probability q that a random cut of internal node a's box extended by p separates p, and
// whether it is positive.
func (t *tree) separation(a int32, p []float64) (float64, bool) {
	lo, hi := t.box(a)
	var grow, span float64
	for i, x := range p {
		span += hi[i] - lo[i]
		if x < lo[i] {
			grow += lo[i] - x
		} else if x > hi[i] {
			grow += x - hi[i]
		}
	}
	if grow == 0 {
		return 0, false
	}
	return grow / (span + grow), true
}
