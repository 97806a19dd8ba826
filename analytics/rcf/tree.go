package rcf

import "math"

// tree is one robust random cut tree over at most capacity points (Guha et al., ICML 2016, §2.2), held in
// preallocated arrays: nodes are int32 indexes into them, leaves and internal nodes alike, so an update
// allocates nothing. A leaf has left == -1; its bounding box is its point (lo == hi). A point inserted twice is
// one leaf whose mass counts the copies.
type tree struct {
	dims  int
	root  int32
	nodes []node
	mass  []int32   // points under each node (copies of a leaf's point)
	boxes []float64 // bounding box of node n: its lows then its highs at boxes[2·n·dims:], next to each other
	free  []int32   // unused node indexes, a stack

	// The time-decayed reservoir: a max-heap of (weight, leaf) of the sampled points.
	heapW    []float64
	heapLeaf []int32
	seen     int64 // points offered to the sampler

	path []int32 // scratch for attribute
}

// node is one node of a tree in 16 bytes, so that a descent reads little memory per level: node indexes fit in
// int16 (at most 2·MaxSubSampleSize nodes), -1 meaning none; a leaf has left == -1.
type node struct {
	cutVal              float64
	parent, left, right int16
	cutDim              int16
}

func newTree(dims, capacity int) *tree {
	nodes := 2 * capacity
	t := &tree{
		dims:     dims,
		root:     -1,
		nodes:    make([]node, nodes),
		mass:     make([]int32, nodes),
		boxes:    make([]float64, 2*nodes*dims),
		free:     make([]int32, 0, nodes),
		heapW:    make([]float64, 0, capacity),
		heapLeaf: make([]int32, 0, capacity),
		path:     make([]int32, 0, nodes),
	}
	for n := nodes - 1; n >= 0; n-- {
		t.free = append(t.free, int32(n))
	}
	return t
}

func (t *tree) alloc() int32 {
	n := t.free[len(t.free)-1]
	t.free = t.free[:len(t.free)-1]
	return n
}

func (t *tree) box(n int32) (lo, hi []float64) {
	d := t.dims
	i := 2 * int(n) * d
	return t.boxes[i : i+d : i+d], t.boxes[i+d : i+2*d : i+2*d]
}

func (t *tree) newLeaf(p []float64) int32 {
	n := t.alloc()
	t.nodes[n] = node{parent: -1, left: -1, right: -1}
	t.mass[n] = 1
	lo, hi := t.box(n)
	copy(lo, p)
	copy(hi, p)
	return n
}

// replaceChild makes c take old's place under old's parent (or at the root).
func (t *tree) replaceChild(old, c int32) {
	g := int32(t.nodes[old].parent)
	t.nodes[c].parent = int16(g)
	switch {
	case g < 0:
		t.root = c
	case int32(t.nodes[g].left) == old:
		t.nodes[g].left = int16(c)
	default:
		t.nodes[g].right = int16(c)
	}
}

// insert adds p and returns its leaf. From the root down, it draws a random cut over the node's box extended by
// p (dimension with probability proportional to its extended range, value uniform in it); a cut that separates p
// from the node's box makes a new internal node with p's new leaf on one side and the node on the other,
// otherwise p follows the node's own cut. The tree is then distributed as if built on the sample plus p
// (Guha et al. 2016, Theorem 2; rrcf docs/insert-and-delete.md).
func (t *tree) insert(p []float64, rng *source) int32 {
	if t.root < 0 {
		t.root = t.newLeaf(p)
		return t.root
	}
	n := t.root
	for {
		lo, hi := t.box(n)
		var total float64
		for i, x := range p {
			total += math.Max(hi[i], x) - math.Min(lo[i], x)
		}
		if total == 0 { // a leaf holding p already
			t.mass[n]++
			return n
		}
		r := rng.float64() * total
		dim, cut := -1, 0.0
		for i, x := range p {
			l, h := math.Min(lo[i], x), math.Max(hi[i], x)
			w := h - l
			if w <= 0 {
				continue
			}
			dim, cut = i, l+r
			if r < w {
				break
			}
			r -= w
		}
		l, h := math.Min(lo[dim], p[dim]), math.Max(hi[dim], p[dim])
		if cut >= h {
			cut = math.Nextafter(h, math.Inf(-1))
		}
		if cut < l {
			cut = l
		}
		if cut < lo[dim] || cut >= hi[dim] { // separates p from the node's box
			leaf := t.newLeaf(p)
			k := t.alloc()
			t.nodes[k].cutDim, t.nodes[k].cutVal = int16(dim), cut
			t.replaceChild(n, k)
			t.nodes[n].parent, t.nodes[leaf].parent = int16(k), int16(k)
			if p[dim] <= cut {
				t.nodes[k].left, t.nodes[k].right = int16(leaf), int16(n)
			} else {
				t.nodes[k].left, t.nodes[k].right = int16(n), int16(leaf)
			}
			t.mass[k] = t.mass[n] + 1
			klo, khi := t.box(k)
			for i, x := range p {
				klo[i], khi[i] = math.Min(lo[i], x), math.Max(hi[i], x)
			}
			return leaf
		}
		// p goes below n: n's box grows to hold it (n is internal: a leaf's box is a point, always separated).
		t.mass[n]++
		for i, x := range p {
			lo[i], hi[i] = math.Min(lo[i], x), math.Max(hi[i], x)
		}
		if p[int32(t.nodes[n].cutDim)] <= t.nodes[n].cutVal {
			n = int32(t.nodes[n].left)
		} else {
			n = int32(t.nodes[n].right)
		}
	}
}

// remove takes one copy of leaf's point out: the masses on its path drop by one; the last copy removes the leaf
// and its parent, the sibling takes the parent's place, and the boxes above shrink to their children's.
func (t *tree) remove(leaf int32) {
	for a := leaf; a >= 0; a = int32(t.nodes[a].parent) {
		t.mass[a]--
	}
	if t.mass[leaf] > 0 {
		return
	}
	p := int32(t.nodes[leaf].parent)
	if p < 0 {
		t.root = -1
		t.free = append(t.free, leaf)
		return
	}
	sib := int32(t.nodes[p].left)
	if sib == leaf {
		sib = int32(t.nodes[p].right)
	}
	t.replaceChild(p, sib)
	g := int32(t.nodes[sib].parent)
	t.free = append(t.free, leaf, p)
	for a := g; a >= 0; a = int32(t.nodes[a].parent) {
		lo, hi := t.box(a)
		llo, lhi := t.box(int32(t.nodes[a].left))
		rlo, rhi := t.box(int32(t.nodes[a].right))
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
	w := math.Log(-math.Log(u)) - decay*float64(t.seen)
	if len(t.heapW) < cap(t.heapW) {
		leaf := t.insert(p, rng)
		t.heapW = append(t.heapW, w)
		t.heapLeaf = append(t.heapLeaf, leaf)
		t.siftUp(len(t.heapW) - 1)
		return true
	}
	if w >= t.heapW[0] {
		return false
	}
	t.remove(t.heapLeaf[0])
	t.heapW[0], t.heapLeaf[0] = w, t.insert(p, rng)
	t.siftDown(0)
	return true
}

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
	nodes := t.nodes
	n, depth := t.root, 0
	for {
		nd := &nodes[n]
		if nd.left < 0 {
			return n, depth
		}
		if p[nd.cutDim] <= nd.cutVal {
			n = int32(nd.left)
		} else {
			n = int32(nd.right)
		}
		depth++
	}
}

// score is the tree's anomaly score of p, before normalisation: the expected inverse depth at which p would be
// isolated. At the leaf p reaches, an unseen point scores 1/(depth+1); a point equal to the leaf's scores
// 1/(depth+log2(mass+1)), damped by 1−mass/(2·treeMass) for how much of the sample it is. Going up, each node
// whose box would have to grow by a fraction q to take p in separates p there with probability q, which mixes
// in 1/(depth+1) of that node (the scoring AWS's open-source RCF documents in CommonUtils and its anomaly score
// visitor). A node whose box holds p ends the walk: every box above it holds p too.
func (t *tree) score(p []float64) float64 {
	leaf, depth := t.descend(p)
	llo, _ := t.box(leaf)
	equal := true
	for i, x := range p {
		if llo[i] != x {
			equal = false
			break
		}
	}
	if equal {
		m := float64(t.mass[leaf])
		return (1 - m/(2*float64(t.mass[t.root]))) / (float64(depth) + math.Log2(m+1))
	}
	s := 1 / float64(depth+1)
	for a := int32(t.nodes[leaf].parent); a >= 0; a = int32(t.nodes[a].parent) {
		depth--
		lo, hi := t.box(a)
		var grow, span float64
		for i, x := range p {
			l, h := lo[i], hi[i]
			span += h - l
			if x < l {
				grow += l - x
			} else if x > h {
				grow += x - h
			}
		}
		if grow == 0 {
			break
		}
		q := grow / (span + grow)
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
	llo, _ := t.box(leaf)
	var dist float64
	for i, x := range p {
		dist += math.Abs(x - llo[i])
	}
	if dist == 0 {
		m := float64(t.mass[leaf])
		s := (1 - m/(2*float64(t.mass[t.root]))) / (float64(depth) + math.Log2(m+1))
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
	for a := int32(t.nodes[leaf].parent); a >= 0; a = int32(t.nodes[a].parent) {
		if _, ok := t.separation(a, p); !ok {
			break
		}
		path = append(path, a)
	}
	keep := scale
	for k := len(path) - 1; k >= 0; k-- {
		a := path[k]
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
		if x > llo[i] {
			high[i] += w * ((x - llo[i]) / dist)
		} else {
			low[i] += w * ((llo[i] - x) / dist)
		}
	}
}

// separation is the probability q that a random cut of node a's box extended by p separates p, and whether it
// is positive.
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
