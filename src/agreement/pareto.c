/*
 * pareto.c - maxima of a set of vectors (the Pareto frontier of a finite
 * set), on points sorted by their first coordinate, not increasing.
 *
 * The sweep of Kung, Luccio & Preparata (1975): walk the points in that
 * order; a point is dominated exactly when some point kept before it is at
 * least as large in every other coordinate.
 *  - 2 coordinates: the largest second coordinate kept: O(1) a point.
 *  - 3 coordinates: the 2-dimensional maxima (a "staircase") of the (second,
 *    third) coordinates kept, in a flat array of sorted blocks: one
 *    successor search a query (two branch-free binary searches over small,
 *    contiguous arrays), and an insertion removes the steps it covers:
 *    O(log S + B + S/B) for blocks of B steps, amortised.  (It replaced a
 *    treap whose pointer chasing and mispredicted branches dominated.)
 *  - 4 coordinates: a Fenwick tree over the ranks of the second coordinate
 *    whose nodes are staircases of the third and fourth: O(log^2 n).
 *  - more: compare with every point kept: O(F) a point.
 * Points with equal first coordinates are sorted by the others (and by
 * enumeration order), so equal vectors are adjacent and the first of them,
 * the smallest outcome, is the one kept.  The input need only be
 * non-increasing in the first coordinate: that is what shifting a sorted
 * list by a constant keeps in floating point, where rounding may tie first
 * coordinates and so disorder the others.
 *
 * Significant dominance (frontier.c): at the stages before the last, a
 * point may only be dropped when no completion can make it tie with the
 * point that drops it, or the outcome with the smallest enumeration index
 * of a final vector could be lost.  So with eps > 0, y drops x when y >= x
 * everywhere and either y == x, or y_q > x_q + eps in some coordinate q
 * that cannot saturate for x (x_q < thr[q]: a capped utility that may still
 * reach 1 forgets differences).  eps = 0 and thr = NULL is plain dominance.
 * The relation is transitive in the direction needed (if z drops y and y >= x
 * then z drops x), so comparing with the kept points suffices.
 */
#include "agreement.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- a merge sort of indices with a context comparator ---- */

typedef int (*idx_cmp_fn)(const void *ctx, size_t a, size_t b);

static void merge_sort(size_t *a, size_t *tmp, size_t n, idx_cmp_fn cmp, const void *ctx)
{
    if (n < 2)
        return;
    if (n <= 16) { /* insertion sort: stable */
        for (size_t i = 1; i < n; i++) {
            size_t x = a[i], j = i;
            while (j > 0 && cmp(ctx, a[j - 1], x) > 0) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    merge_sort(a, tmp, h, cmp, ctx);
    merge_sort(a + h, tmp, n - h, cmp, ctx);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp(ctx, a[j], a[i]) < 0 ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}


/* ---- staircases of 2-d maxima in treaps sharing one node pool (the
 * 4-coordinate filter's Fenwick trees); the nodes of the steps an insertion
 * covers go back to the pool, so it holds the live steps, not every step
 * ever inserted ---- */

typedef struct stair_node {
    double key, val;
    uint32_t left, right, prio;
} stair_node;

/* ---- flat staircases: sorted blocks (3 coordinates) ----
 *
 * A staircase of 2-d maxima as a sequence of steps (key, val) sorted by key
 * ascending, val strictly descending, cut into blocks of at most FLAT_B
 * consecutive steps.  The directory lists the non-empty blocks in key order
 * with each one's largest key (last[i] == the last key of block id[i]), so a
 * search is a binary search of the directory (small, cache resident) and one
 * within a block.  The step with the smallest key >= k has the largest val
 * among the keys >= k.  An insertion removes the run of covered steps just
 * before its place (each step is removed once: amortised O(1)) and splits a
 * full block in halves. */

#define FLAT_B 64

typedef struct flat_block {
    uint32_t n;
    double key[FLAT_B], val[FLAT_B]; /* key[n..FLAT_B) = +inf: searches
                                      * cover FLAT_B keys, a fixed count */
} flat_block;

static void flat_pad(flat_block *b)
{
    for (size_t i = b->n; i < FLAT_B; i++)
        b->key[i] = INFINITY;
}

typedef struct flat_stair {
    double *last;        /* per directory entry: the block's largest key */
    uint32_t *id;        /* per directory entry: the block's index in blk */
    size_t nb, cap_last, cap_id;
    flat_block *blk;     /* blocks, used or free */
    size_t n_blk, cap_blk;
    uint32_t *free_id;   /* blocks freed by removals */
    size_t n_free, cap_free;
} flat_stair;

typedef struct stair_pool {
    stair_node *node; /* per tree: key ascending, val strictly descending */
    size_t n, cap;    /* node 0 is the null node */
    uint32_t free;    /* nodes of removed steps, linked through `right` */
    uint32_t seed;
    bool failed;      /* out of memory */
    flat_stair all, lagged; /* 3 coordinates */
} stair_pool;

static void pool_init(stair_pool *s)
{
    memset(s, 0, sizeof *s);
    s->seed = 2463534242u;
}

static void flat_free(flat_stair *fs)
{
    acc__free(fs->last);
    acc__free(fs->id);
    acc__free(fs->blk);
    acc__free(fs->free_id);
}

static void flat_clear(flat_stair *fs) { fs->nb = fs->n_blk = fs->n_free = 0; }

static void pool_free(stair_pool *s)
{
    acc__free(s->node);
    flat_free(&s->all);
    flat_free(&s->lagged);
}

/* An empty block's index, or UINT32_MAX without memory. */
static uint32_t flat_new_block(flat_stair *fs)
{
    if (fs->n_free > 0)
        return fs->free_id[--fs->n_free];
    if (fs->n_blk >= UINT32_MAX - 1 ||
        acc__grow((void **)&fs->blk, &fs->cap_blk, fs->n_blk + 1, sizeof *fs->blk))
        return UINT32_MAX;
    return (uint32_t)fs->n_blk++;
}

/* Open directory entry i (for block b, largest key k). */
static bool flat_dir_insert(flat_stair *fs, size_t i, uint32_t b, double k)
{
    if (acc__grow((void **)&fs->last, &fs->cap_last, fs->nb + 1, sizeof *fs->last) ||
        acc__grow((void **)&fs->id, &fs->cap_id, fs->nb + 1, sizeof *fs->id))
        return false;
    memmove(fs->last + i + 1, fs->last + i, (fs->nb - i) * sizeof *fs->last);
    memmove(fs->id + i + 1, fs->id + i, (fs->nb - i) * sizeof *fs->id);
    fs->last[i] = k;
    fs->id[i] = b;
    fs->nb++;
    return true;
}

/* Drop directory entry i, its block becoming free. */
static bool flat_dir_remove(flat_stair *fs, size_t i)
{
    if (acc__grow((void **)&fs->free_id, &fs->cap_free, fs->n_free + 1, sizeof *fs->free_id))
        return false;
    fs->free_id[fs->n_free++] = fs->id[i];
    memmove(fs->last + i, fs->last + i + 1, (fs->nb - i - 1) * sizeof *fs->last);
    memmove(fs->id + i, fs->id + i + 1, (fs->nb - i - 1) * sizeof *fs->id);
    fs->nb--;
    return true;
}

/* The first of the n ascending keys that is >= k (strict: > k), known to
 * exist (the last key qualifies).  Branch-free: the loop runs a number of
 * times fixed by n and the comparisons become conditional moves, so the
 * unpredictable outcomes cost no mispredictions. */
static inline size_t first_from(const double *key, size_t n, double k, bool strict)
{
    size_t lo = 0;
    if (strict) {
        while (n > 1) {
            size_t half = n / 2;
            lo = key[lo + half - 1] > k ? lo : lo + half;
            n -= half;
        }
    } else {
        while (n > 1) {
            size_t half = n / 2;
            lo = key[lo + half - 1] >= k ? lo : lo + half;
            n -= half;
        }
    }
    return lo;
}

/* The place of the step with the smallest key >= k (strict: > k): block
 * fs->id[*bi], index *j; false when there is none. */
static inline bool flat_find(const flat_stair *fs, double k, bool strict, size_t *bi, size_t *j)
{
    if (fs->nb == 0)
        return false;
    double top = fs->last[fs->nb - 1];
    if (!(strict ? top > k : top >= k))
        return false;
    *bi = first_from(fs->last, fs->nb, k, strict);
    const flat_block *b = &fs->blk[fs->id[*bi]];
    *j = first_from(b->key, FLAT_B, k, strict); /* < b->n: the padding comes later */
    return true;
}

/* The value of the step with the smallest key >= k (strict: > k): the
 * largest value among those keys; -inf when there is none. */
static double flat_max_from(const flat_stair *fs, double k, bool strict)
{
    size_t bi, j;
    if (!flat_find(fs, k, strict, &bi, &j))
        return -INFINITY;
    return fs->blk[fs->id[bi]].val[j];
}

/* Add (k, v), known not to be covered (every step with key >= k has val
 * < v), removing the steps it covers: those with key <= k and val <= v,
 * which end just before the first key > k.  `found`, bi, j: flat_find(k,
 * non-strict) (keys are distinct, so the first key > k is that one or the
 * next). */
static void flat_insert_at(stair_pool *s, flat_stair *fs, bool found, size_t bi, size_t j,
                           double k, double v)
{
    if (fs->nb == 0) {
        uint32_t id = flat_new_block(fs);
        if (id == UINT32_MAX || !flat_dir_insert(fs, 0, id, k)) {
            s->failed = true;
            return;
        }
        fs->blk[id].n = 1;
        fs->blk[id].key[0] = k;
        fs->blk[id].val[0] = v;
        flat_pad(&fs->blk[id]);
        return;
    }
    flat_block *b;
    if (!found) {
        bi = fs->nb - 1;
        b = &fs->blk[fs->id[bi]];
        j = b->n;
    } else {
        b = &fs->blk[fs->id[bi]];
        if (b->key[j] == k)
            j++; /* covered: its val < v */
    }
    /* remove the covered run ending at j, here and in earlier blocks */
    size_t j0 = j;
    while (j0 > 0 && b->val[j0 - 1] <= v)
        j0--;
    if (j0 < j) {
        memmove(b->key + j0, b->key + j, (b->n - j) * sizeof *b->key);
        memmove(b->val + j0, b->val + j, (b->n - j) * sizeof *b->val);
        b->n -= (uint32_t)(j - j0);
        flat_pad(b);
    }
    while (j0 == 0 && bi > 0) {
        flat_block *p = &fs->blk[fs->id[bi - 1]];
        uint32_t t = p->n;
        while (t > 0 && p->val[t - 1] <= v)
            t--;
        if (t == p->n)
            break;
        if (t > 0) {
            p->n = t;
            flat_pad(p);
            fs->last[bi - 1] = p->key[t - 1];
            break;
        }
        if (!flat_dir_remove(fs, bi - 1)) {
            s->failed = true;
            return;
        }
        bi--;
    }
    /* insert at (bi, j0), splitting a full block */
    if (b->n == FLAT_B) {
        uint32_t nid = flat_new_block(fs);
        if (nid == UINT32_MAX) {
            s->failed = true;
            return;
        }
        b = &fs->blk[fs->id[bi]]; /* blk may have moved */
        flat_block *u = &fs->blk[nid];
        uint32_t h = FLAT_B / 2;
        u->n = FLAT_B - h;
        memcpy(u->key, b->key + h, u->n * sizeof *u->key);
        memcpy(u->val, b->val + h, u->n * sizeof *u->val);
        b->n = h;
        flat_pad(b);
        flat_pad(u);
        fs->last[bi] = b->key[h - 1];
        if (!flat_dir_insert(fs, bi + 1, nid, u->key[u->n - 1])) {
            s->failed = true;
            return;
        }
        if (j0 > h) {
            bi++;
            j0 -= h;
            b = u;
        }
    }
    memmove(b->key + j0 + 1, b->key + j0, (b->n - j0) * sizeof *b->key);
    memmove(b->val + j0 + 1, b->val + j0, (b->n - j0) * sizeof *b->val);
    b->key[j0] = k;
    b->val[j0] = v;
    b->n++;
    fs->last[bi] = b->key[b->n - 1];
}

/* Add (k, v) unless a step covers it. */
static void flat_add(stair_pool *s, flat_stair *fs, double k, double v)
{
    size_t bi = 0, j = 0;
    bool found = flat_find(fs, k, false, &bi, &j);
    if (!found || fs->blk[fs->id[bi]].val[j] < v)
        flat_insert_at(s, fs, found, bi, j, k, v);
}

static uint32_t pool_new(stair_pool *s)
{
    uint32_t x = s->free;
    if (x) {
        s->free = s->node[x].right;
    } else if (s->n >= UINT32_MAX - 1 ||
               acc__grow((void **)&s->node, &s->cap, s->n + 2, sizeof *s->node)) {
        s->failed = true;
        return 0;
    } else {
        x = (uint32_t)++s->n;
    }
    s->seed ^= s->seed << 13;
    s->seed ^= s->seed >> 17;
    s->seed ^= s->seed << 5;
    s->node[x].left = s->node[x].right = 0;
    s->node[x].prio = s->seed;
    return x;
}

/* Return the nodes of tree t to the free list, without a stack: a left
 * child is rotated up until there is none, then the root goes.  O(|t|). */
static void pool_release(stair_pool *s, uint32_t t)
{
    while (t) {
        stair_node *n = &s->node[t];
        if (n->left) {
            uint32_t l = n->left;
            n->left = s->node[l].right;
            s->node[l].right = t;
            t = l;
        } else {
            uint32_t r = n->right;
            n->right = s->free;
            s->free = t;
            t = r;
        }
    }
}

/* split t into keys <= k (left) and > k (right) */
static void split_key(stair_pool *s, uint32_t t, double k, uint32_t *l, uint32_t *r)
{
    if (!t) {
        *l = *r = 0;
        return;
    }
    if (s->node[t].key <= k) {
        split_key(s, s->node[t].right, k, &s->node[t].right, r);
        *l = t;
    } else {
        split_key(s, s->node[t].left, k, l, &s->node[t].left);
        *r = t;
    }
}

/* split t into val > v (left: the smaller keys) and val <= v (right) */
static void split_val(stair_pool *s, uint32_t t, double v, uint32_t *l, uint32_t *r)
{
    if (!t) {
        *l = *r = 0;
        return;
    }
    if (s->node[t].val > v) {
        split_val(s, s->node[t].right, v, &s->node[t].right, r);
        *l = t;
    } else {
        split_val(s, s->node[t].left, v, l, &s->node[t].left);
        *r = t;
    }
}

static uint32_t merge_trees(stair_pool *s, uint32_t a, uint32_t b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    if (s->node[a].prio > s->node[b].prio) {
        s->node[a].right = merge_trees(s, s->node[a].right, b);
        return a;
    }
    s->node[b].left = merge_trees(s, a, s->node[b].left);
    return b;
}

/* The value of the step with the smallest key >= k (strict: > k) in tree
 * `root`: the largest value among those keys; -inf when there is none. */
static double stair_max_from(const stair_pool *s, uint32_t root, double k, bool strict)
{
    uint32_t t = root, succ = 0;
    while (t) {
        if (s->node[t].key > k || (!strict && s->node[t].key == k)) {
            succ = t;
            t = s->node[t].left;
        } else {
            t = s->node[t].right;
        }
    }
    return succ ? s->node[succ].val : -INFINITY;
}

/* Add (k, v), known not to be covered, to tree *root, removing the steps
 * it covers. */
static void stair_insert(stair_pool *s, uint32_t *root, double k, double v)
{
    uint32_t l, r, l1, l2;
    split_key(s, *root, k, &l, &r);
    split_val(s, l, v, &l1, &l2); /* l2: keys <= k with val <= v, covered */
    pool_release(s, l2);
    /* the new step takes the node of a covered one when there is one (its
     * neighbours in memory are this tree's) */
    uint32_t x = pool_new(s);
    if (!x) { /* out of memory: the filter fails (pool->failed) */
        *root = merge_trees(s, l1, r);
        return;
    }
    s->node[x].key = k;
    s->node[x].val = v;
    *root = merge_trees(s, merge_trees(s, l1, x), r);
}

/* Add (k, v) to tree *root unless a step covers it. */
static void stair_add(stair_pool *s, uint32_t *root, double k, double v)
{
    if (stair_max_from(s, *root, k, false) < v)
        stair_insert(s, root, k, v);
}

/* ---- 3-d dominance: a Fenwick tree over the ranks of the first of three
 * coordinates (largest first), each node a staircase of the other two ---- */

typedef struct dom3 {
    const double *ranks; /* distinct first coordinates, descending */
    size_t n_ranks;
    uint32_t *root;      /* n_ranks + 1 Fenwick nodes */
} dom3;

/* How many ranks hold a value >= a (strict: > a). */
static size_t rank_count(const dom3 *d, double a, bool strict)
{
    size_t lo = 0, hi = d->n_ranks;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->ranks[mid] > a || (!strict && d->ranks[mid] == a))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void dom3_add(stair_pool *s, dom3 *d, const double *y)
{
    size_t r = rank_count(d, y[0], false); /* 1-based position of y[0] */
    for (size_t i = r; i <= d->n_ranks; i += i & (~i + 1))
        stair_add(s, &d->root[i], y[1], y[2]);
}

/* Is there a point y with y0 >= a0, y1 >= a1, y2 >= a2 (each strict when
 * asked)? */
static bool dom3_any(const stair_pool *s, const dom3 *d, const double *a, const bool *strict)
{
    for (size_t i = rank_count(d, a[0], strict[0]); i > 0; i -= i & (~i + 1)) {
        double v = stair_max_from(s, d->root[i], a[1], strict[1]);
        if (v > a[2] || (!strict[2] && v == a[2]))
            return true;
    }
    return false;
}

/* ---- the streaming filter ---- */

/* A 4-coordinate filter processes its input in batches of this many points
 * (its rank universe is rebuilt per batch). */
#define BATCH_4D ((size_t)1 << 20)

static bool same_vector(const double *x, const double *y, size_t np)
{
    for (size_t q = 0; q < np; q++)
        if (x[q] != y[q])
            return false;
    return true;
}

typedef struct group_ctx {
    const double *vec;
    const uint64_t *tag;
    size_t np;
    acc__order_fn order;
    void *octx;
} group_ctx;

/* Lexicographically descending on coordinates 1.., then enumeration order. */
static int rest_desc_cmp(const void *c, size_t a, size_t b)
{
    const group_ctx *g = c;
    const double *x = g->vec + a * g->np, *y = g->vec + b * g->np;
    for (size_t q = 1; q < g->np; q++) {
        if (x[q] > y[q])
            return -1;
        if (x[q] < y[q])
            return 1;
    }
    return g->order(g->octx, g->tag[a], g->tag[b]);
}

accord_status acc__pareto_init(acc__pareto *f, size_t np, acc__order_fn order, void *ctx)
{
    memset(f, 0, sizeof *f);
    f->np = np;
    f->order = order;
    f->ctx = ctx;
    f->thr = acc__calloc(np + 1, sizeof *f->thr);
    f->prev = acc__calloc(np + 1, sizeof *f->prev);
    f->pool = acc__calloc(1, sizeof(stair_pool));
    if (!f->thr || !f->prev || !f->pool)
        return ACCORD_E_NOMEM;
    pool_init(f->pool);
    acc__pareto_reset(f, 0, NULL);
    return ACCORD_OK;
}

void acc__pareto_reset(acc__pareto *f, double eps, const double *thr)
{
    f->eps = eps;
    f->use_thr = thr != NULL;
    for (size_t q = 0; q < f->np; q++)
        f->thr[q] = thr ? thr[q] : INFINITY;
    f->n = f->gn = f->lag = 0;
    f->has_prev = false;
    f->lag_best = f->best = -INFINITY;
    if (f->pool) {
        ((stair_pool *)f->pool)->n = 0;
        ((stair_pool *)f->pool)->free = 0;
        ((stair_pool *)f->pool)->failed = false;
        flat_clear(&((stair_pool *)f->pool)->all);
        flat_clear(&((stair_pool *)f->pool)->lagged);
    }
    f->failed = false;
}

void acc__pareto_free(acc__pareto *f)
{
    if (!f)
        return;
    acc__free(f->vec);
    acc__free(f->tag);
    acc__free(f->gvec);
    acc__free(f->gtag);
    acc__free(f->run);
    acc__free(f->tmp);
    acc__free(f->thr);
    acc__free(f->prev);
    acc__free(f->ranks);
    acc__free(f->all4);
    acc__free(f->lagged4);
    if (f->pool) {
        pool_free(f->pool);
        acc__free(f->pool);
    }
    memset(f, 0, sizeof *f);
}

static uint64_t flat_bytes(const flat_stair *fs)
{
    return (uint64_t)fs->cap_last * sizeof *fs->last + (uint64_t)fs->cap_id * sizeof *fs->id +
           (uint64_t)fs->cap_blk * sizeof *fs->blk + (uint64_t)fs->cap_free * sizeof *fs->free_id;
}

uint64_t acc__pareto_bytes(const acc__pareto *f)
{
    size_t np = f->np;
    uint64_t b = ((uint64_t)f->cap_vec + f->cap_gvec) * sizeof(double) +
                 ((uint64_t)f->cap_tag + f->cap_gtag) * sizeof(uint64_t) +
                 ((uint64_t)f->cap_run + f->cap_tmp) * sizeof(size_t) + 2 * (np + 1) * sizeof(double);
    if (f->ranks) /* allocated for (at least) n_ranks distinct ranks */
        b += (uint64_t)f->n_ranks * (sizeof *f->ranks + 2 * sizeof *f->all4);
    const stair_pool *s = f->pool;
    if (s)
        b += sizeof *s + (uint64_t)s->cap * sizeof *s->node + flat_bytes(&s->all) + flat_bytes(&s->lagged);
    return b;
}

/* Decide the point x (tag t): append it to the output unless dropped. */
static void decide(acc__pareto *f, const double *x, uint64_t t)
{
    size_t np = f->np;
    stair_pool *pool = f->pool;
    double eps = f->eps;
    if (f->has_prev && same_vector(f->prev, x, np))
        return; /* equal to the point before: that one is the smaller outcome */
    memcpy(f->prev, x, np * sizeof *x);
    f->has_prev = true;
    bool sat[4] = {false, false, false, false};
    for (size_t q = 0; q < np && q < 4; q++)
        sat[q] = x[q] >= f->thr[q];
    bool dropped = false;
    if (np == 2) {
        /* kept points well ahead in the first coordinate */
        while (f->lag < f->n && f->vec[f->lag * 2] > x[0] + eps)
            f->lag_best = fmax(f->lag_best, f->vec[f->lag++ * 2 + 1]);
        dropped = (!sat[0] && f->lag_best >= x[1]) || (!sat[1] && f->best > x[1] + eps);
        if (!dropped)
            f->best = fmax(f->best, x[1]);
    } else if (np == 3) {
        /* one query decides most points: nothing kept covers x at all (and
         * the lagged points are among the kept), or what covers x is well
         * ahead in the third coordinate */
        size_t bi = 0, j = 0;
        bool found = flat_find(&pool->all, x[1], false, &bi, &j);
        double v = found ? pool->all.blk[pool->all.id[bi]].val[j] : -INFINITY;
        if (v < x[2]) {
            flat_insert_at(pool, &pool->all, found, bi, j, x[1], x[2]);
        } else if (eps == 0 && !f->use_thr) {
            dropped = true; /* a kept point >= x that is not x dominates it */
        } else if (!sat[2] && v > x[2] + eps) {
            dropped = true;
        } else {
            /* rare: near ties or saturation; bring the lagged staircase up
             * to date only now */
            while (f->lag < f->n && f->vec[f->lag * 3] > x[0] + eps) {
                const double *y = f->vec + f->lag++ * 3;
                flat_add(pool, &pool->lagged, y[1], y[2]);
            }
            dropped = (!sat[0] && flat_max_from(&pool->lagged, x[1], false) >= x[2]) ||
                      (!sat[1] && flat_max_from(&pool->all, x[1] + eps, true) >= x[2]);
        }
    } else if (np == 4) {
        dom3 all = {f->ranks, f->n_ranks, f->all4}, lagged = {f->ranks, f->n_ranks, f->lagged4};
        const double *r = x + 1;
        bool ge[3] = {false, false, false};
        bool covered = dom3_any(pool, &all, r, ge);
        if (covered && eps == 0 && !f->use_thr)
            dropped = true; /* a kept point >= x that is not x dominates it */
        if (covered && !dropped) {
            while (f->lag < f->n && f->vec[f->lag * 4] > x[0] + eps)
                dom3_add(pool, &lagged, f->vec + f->lag++ * 4 + 1);
            dropped = !sat[0] && dom3_any(pool, &lagged, r, ge);
        }
        for (size_t q = 0; q < 3 && covered && !dropped; q++) {
            if (sat[q + 1])
                continue;
            double a[3] = {r[0], r[1], r[2]};
            bool st[3] = {false, false, false};
            a[q] += eps;
            st[q] = true;
            dropped = dom3_any(pool, &all, a, st);
        }
        if (!dropped)
            dom3_add(pool, &all, r);
    } else {
        for (size_t j = 0; j < f->n && !dropped; j++) {
            const double *y = f->vec + j * np;
            bool ge = true, ahead = false;
            for (size_t q = 0; q < np && ge; q++) {
                if (y[q] < x[q])
                    ge = false;
                else if (y[q] > x[q] + eps && x[q] < f->thr[q])
                    ahead = true;
            }
            dropped = ge && ahead;
        }
    }
    if (pool->failed) {
        f->failed = true;
        return;
    }
    if (dropped)
        return;
    if (acc__grow((void **)&f->vec, &f->cap_vec, (f->n + 1) * np, sizeof *f->vec) ||
        acc__grow((void **)&f->tag, &f->cap_tag, f->n + 1, sizeof *f->tag)) {
        f->failed = true;
        return;
    }
    memcpy(f->vec + f->n * np, x, np * sizeof *x);
    f->tag[f->n++] = t;
}

/* Sort and decide the buffered points [from, to) of equal first coordinate. */
static void decide_group(acc__pareto *f, size_t from, size_t to)
{
    size_t len = to - from;
    if (acc__grow((void **)&f->run, &f->cap_run, len, sizeof *f->run) ||
        acc__grow((void **)&f->tmp, &f->cap_tmp, len, sizeof *f->tmp)) {
        f->failed = true;
        return;
    }
    for (size_t i = 0; i < len; i++)
        f->run[i] = from + i;
    group_ctx g = {f->gvec, f->gtag, f->np, f->order, f->ctx};
    merge_sort(f->run, f->tmp, len, rest_desc_cmp, &g);
    for (size_t i = 0; i < len && !f->failed; i++)
        decide(f, f->gvec + f->run[i] * f->np, f->gtag[f->run[i]]);
}

static int double_desc(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a > b ? -1 : a < b;
}

/* Decide everything buffered.  With 4 coordinates the rank universe is the
 * second coordinates of the kept points and of the buffer, and the kept
 * points are inserted again. */
static void flush(acc__pareto *f)
{
    size_t np = f->np;
    if (f->gn == 0 || f->failed)
        return;
    if (np == 4) {
        size_t nr = f->n + f->gn;
        stair_pool *pool = f->pool;
        acc__free(f->ranks);
        acc__free(f->all4);
        acc__free(f->lagged4);
        f->ranks = acc__calloc(nr + 1, sizeof *f->ranks);
        f->all4 = acc__calloc(nr + 2, sizeof *f->all4);
        f->lagged4 = acc__calloc(nr + 2, sizeof *f->lagged4);
        if (!f->ranks || !f->all4 || !f->lagged4) {
            f->failed = true;
            return;
        }
        for (size_t i = 0; i < f->n; i++)
            f->ranks[i] = f->vec[i * 4 + 1];
        for (size_t i = 0; i < f->gn; i++)
            f->ranks[f->n + i] = f->gvec[i * 4 + 1];
        qsort(f->ranks, nr, sizeof *f->ranks, double_desc);
        size_t r = 0;
        for (size_t i = 0; i < nr; i++)
            if (r == 0 || f->ranks[r - 1] != f->ranks[i])
                f->ranks[r++] = f->ranks[i];
        f->n_ranks = r;
        pool->n = 0;
        pool->free = 0;
        f->lag = 0;
        dom3 all = {f->ranks, f->n_ranks, f->all4};
        for (size_t i = 0; i < f->n; i++)
            dom3_add(pool, &all, f->vec + i * 4 + 1);
        if (pool->failed) {
            f->failed = true;
            return;
        }
    }
    for (size_t s = 0; s < f->gn && !f->failed;) {
        size_t e = s + 1;
        while (e < f->gn && f->gvec[e * np] == f->gvec[s * np])
            e++;
        if (e == s + 1)
            decide(f, f->gvec + s * np, f->gtag[s]);
        else
            decide_group(f, s, e);
        s = e;
    }
    f->gn = 0;
}

accord_status acc__pareto_push(acc__pareto *f, const double *x, uint64_t tag)
{
    size_t np = f->np;
    if (f->failed)
        return ACCORD_E_NOMEM;
    /* a new first coordinate closes the buffered group (for 4 coordinates,
     * the batch once it is large) */
    if (f->gn > 0 && f->gvec[(f->gn - 1) * np] != x[0] && (np != 4 || f->gn >= BATCH_4D))
        flush(f);
    if (acc__grow((void **)&f->gvec, &f->cap_gvec, (f->gn + 1) * np, sizeof *f->gvec) ||
        acc__grow((void **)&f->gtag, &f->cap_gtag, f->gn + 1, sizeof *f->gtag))
        f->failed = true;
    if (f->failed)
        return ACCORD_E_NOMEM;
    memcpy(f->gvec + f->gn * np, x, np * sizeof *x);
    f->gtag[f->gn++] = tag;
    return ACCORD_OK;
}

accord_status acc__pareto_finish(acc__pareto *f)
{
    flush(f);
    return f->failed ? ACCORD_E_NOMEM : ACCORD_OK;
}
