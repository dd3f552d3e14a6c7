/*
 * frontier.c - the exact Pareto frontier of an additive agreement, built
 * issue by issue (docs/algorithms-agreement.md).
 *
 * Utilities are sums over issues, so the set of utility vectors is the
 * Minkowski sum of the issues' option sets, and the frontier of a sum lies
 * in the sum of the frontiers: after each issue only the undominated partial
 * vectors are kept.  Stage k holds the frontier of the first k+1 issues;
 * its candidates are every kept point of stage k-1 plus every undominated
 * option of issue k.  Each kept point is a node (parent, option), so an
 * outcome is rebuilt by walking back, and two candidates with equal vectors
 * are ordered by their prefixes (first issue most significant) to keep the
 * smallest enumeration index.
 *
 * Rational outcomes add two constraints that are not additive:
 *  - reservations: u_p >= d_p holds on the final vector; the frontier of the
 *    rational set is the frontier of the red-line-free set restricted to
 *    u >= d.  Partial points that cannot reach a reservation even with the
 *    best remaining options are dropped early (a sound bound).
 *  - red lines: one on a single issue removes options.  One spanning issues
 *    i < j is carried from stage i to stage j in a key: one bit per atom
 *    (issue-option test) of the open red lines, set from the chosen option.
 *    Points are only compared with points of the same key (they have the
 *    same future), and at stage j the red line is evaluated from the bits
 *    and its bits cleared.  Exact, and cheap while few red lines are open at
 *    once; above 64 open atoms the outcomes are enumerated when there are at
 *    most 2^22 of them, and the analysis is refused otherwise.
 *
 * Floating point: a partial sum is computed as accord_utility computes the
 * full one (0 + c_0 + c_1 + ... in issue order), so a final vector is
 * bit-identical to accord_utility of its terms.  A party whose weights are
 * not normalised has u = min(1, sum); with non-negative contributions the
 * cap is applied at every stage (min(1, a + c) = min(1, min(1, a) + c) for
 * c >= 0), otherwise only at the end followed by one more filter.
 */
#include "agreement.h"

#include "../model/exact.h"
#include "../zopa/rational_search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Above this many atom bits open at once, multi-issue red lines are not
 * tracked in keys. */
#define KEY_BITS 64

/* The frontier is refused before it reaches max_points when, with at least
 * EARLY_MIN_POINTS points kept after three or more issues that can change
 * it, the size its growth so far extrapolates to exceeds EARLY_FACTOR times
 * the limit.  On random and trade-off models the extrapolation overshot the
 * final size by at most 15 times with that many points
 * (docs/algorithms-agreement.md, "Limits"), so the margin leaves the
 * frontiers that would fit alone. */
#define EARLY_FACTOR 64

/* Node indices (and a stage's points) are 32-bit. */
#define MAX_NODES ((size_t)UINT32_MAX - 1)

/* With more than four parties the Pareto filter compares each candidate
 * with every point kept (pareto.c), so time, not memory, bounds the
 * frontiers that can be built: without a limit given, at most this many
 * points (the default before the limit came from memory). */
#define MANY_PARTIES_POINTS ((size_t)1 << 20)
#define EARLY_MIN_POINTS 1024

typedef struct red_line {
    const accord_expr *e;
    uint32_t first, last; /* first and last issue it mentions */
    uint8_t *bit;         /* per node: bit of an atom */
    uint64_t mask;        /* every bit it uses */
    bool released;        /* its bits are free again (while assigning bits) */
} red_line;

typedef struct bucket {
    uint64_t key;
    size_t start, count;
} bucket;

typedef struct copy {
    size_t bucket;
    size_t opt;     /* index into the stage's option list */
    uint64_t key;   /* key of the candidates it makes */
    size_t len;
} copy;

typedef struct build {
    const accord_model *m;
    const accord_utility_table *t;
    size_t np, ni;
    bool rational;
    const bool *ignored; /* red lines treated as dropped, or NULL */
    size_t max_points; /* the limit: given, or from the memory (auto_limit) */
    bool auto_limit;   /* no limit given: what fits in ACCORD_DEFAULT_FRONTIER_MEMORY */
    accord_progress_fn progress; /* after every issue, or NULL */
    void *progress_ctx;
    accord_diagnostics *diag;

    bool *cap_stage;   /* np: cap at every stage */
    bool cap_end;      /* some capped party has a negative contribution */
    double *maxrest;   /* (ni + 1) * np: best possible sum of issues k.. */
    double *reservation;

    red_line *rl;
    size_t n_rl;
    bool none_rational; /* a red line holds everywhere, or a reservation is out of reach */

    /* per stage: the options kept, their contributions and key bits */
    size_t *n_opts;
    uint32_t **opt;
    double **opt_vec;
    uint64_t **opt_bits;
    uint64_t *clear_mask; /* ni */
    size_t **closing;     /* ni: red lines whose last issue is k */
    size_t *n_closing;

    acc__outcome_tree *tree; /* the stages' nodes (parent, option), passed on
                              * to the result */
    size_t *sizes;     /* frontier size after each stage, for estimates */
    size_t *active;    /* ni + 1: active[k] = issues among the first k with more
                        * than one option kept (the others cannot change the
                        * frontier's size) */
    double *thr;       /* np: saturation thresholds of the current filter */
} build;

/* ---- helpers ---- */

/* Trim an array grown by doubling to `bytes` (kept as it is when the
 * allocator cannot). */
static void shrink(void **p, size_t bytes)
{
    if (*p && bytes > 0) {
        void *q = acc__realloc(*p, bytes);
        if (q)
            *p = q;
    }
}

/* Compare the outcomes behind candidates (pa, oa) and (pb, ob) of stage k:
 * -1 when the first comes first in enumeration order. */
static int prefix_cmp(const build *b, size_t k, uint32_t pa, uint32_t oa, uint32_t pb, uint32_t ob)
{
    int r = oa < ob ? -1 : oa > ob ? 1 : 0;
    for (size_t s = k; s-- > 0 && pa != pb;) {
        uint32_t xa = acc__tree_option(b->tree, s, pa), xb = acc__tree_option(b->tree, s, pb);
        if (xa != xb)
            r = xa < xb ? -1 : 1;
        pa = b->tree->parent[s][pa];
        pb = b->tree->parent[s][pb];
    }
    return r;
}

typedef struct order_ctx {
    const build *b;
    size_t stage;
} order_ctx;

/* Candidates of a stage are tagged parent << 32 | option. */
static int stage_order(void *c, uint64_t x, uint64_t y)
{
    const order_ctx *o = c;
    return prefix_cmp(o->b, o->stage, (uint32_t)(x >> 32), (uint32_t)x, (uint32_t)(y >> 32),
                      (uint32_t)y);
}

static int option_order(void *c, uint64_t x, uint64_t y)
{
    (void)c;
    return x < y ? -1 : x > y;
}

/* Evaluate a red line from the atom bits of a key. */
static bool red_line_holds(const red_line *r, uint64_t key)
{
    bool val[ACC_EXPR_MAX_NODES];
    const accord_expr *e = r->e;
    for (uint32_t i = 0; i < e->n; i++) {
        const acc__expr_node *nd = &e->nodes[i];
        val[i] = nd->kind == ACC_EX_ATOM ? (key >> r->bit[i]) & 1u : acc__expr_combine(nd, val);
    }
    return val[e->n - 1];
}

/* ---- setup ---- */

typedef struct opt_key {
    uint64_t bits;
    double u0;
    uint32_t option;
} opt_key;

static int opt_key_cmp(const void *x, const void *y)
{
    const opt_key *a = x, *c = y;
    if (a->bits != c->bits)
        return a->bits < c->bits ? -1 : 1;
    if (a->u0 != c->u0)
        return a->u0 > c->u0 ? -1 : 1;
    return a->option < c->option ? -1 : a->option > c->option;
}

/* The options of issue i the frontier needs: those no one-issue red line
 * bans, and among options with the same red-line bits only the
 * significantly undominated ones.  An option's capped utility may saturate
 * when the best of the other issues can bring the sum to 1. */
static accord_status issue_options(build *b, size_t i, const bool *banned, acc__pareto *f)
{
    const accord_utility_table *t = b->t;
    size_t np = b->np, mo = b->m->agreement->issues[i].n_options, na = 0, nk = 0;
    accord_status rc = ACCORD_OK;
    opt_key *ok = acc__calloc(mo + 1, sizeof *ok);
    double *x = acc__calloc(np + 1, sizeof *x);
    b->opt[i] = acc__calloc(mo + 1, sizeof *b->opt[i]);
    b->opt_bits[i] = acc__calloc(mo + 1, sizeof *b->opt_bits[i]);
    b->opt_vec[i] = acc__calloc((mo + 1) * np, sizeof *b->opt_vec[i]);
    if (!ok || !x || !b->opt[i] || !b->opt_bits[i] || !b->opt_vec[i]) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (uint32_t k = 0; k < mo; k++) {
        if (banned[k])
            continue;
        uint64_t bk = 0;
        for (size_t r = 0; r < b->n_rl; r++) {
            const red_line *y = &b->rl[r];
            if (i < y->first || i > y->last)
                continue;
            for (uint32_t j = 0; j < y->e->n; j++) {
                const acc__expr_node *nd = &y->e->nodes[j];
                if (nd->kind == ACC_EX_ATOM && nd->var == i && acc__atom_holds(nd, k))
                    bk |= (uint64_t)1 << y->bit[j];
            }
        }
        ok[na++] = (opt_key){bk, t->contrib[t->offset[i] + k], k};
    }
    qsort(ok, na, sizeof *ok, opt_key_cmp); /* by bits, then first utility descending */
    for (size_t p = 0; p < np; p++) {
        double others = b->maxrest[p] - (b->maxrest[i * np + p] - b->maxrest[(i + 1) * np + p]);
        b->thr[p] = t->cap[p] ? 1 - others - ACC_NEAR_EPS : INFINITY;
    }
    for (size_t s = 0; s < na && !rc;) {
        size_t e = s;
        acc__pareto_reset(f, ACC_NEAR_EPS, b->thr);
        for (; e < na && ok[e].bits == ok[s].bits && !rc; e++) {
            for (size_t p = 0; p < np; p++)
                x[p] = t->contrib[p * t->total_options + t->offset[i] + ok[e].option];
            rc = acc__pareto_push(f, x, ok[e].option);
        }
        if (!rc)
            rc = acc__pareto_finish(f);
        for (size_t a = 0; a < f->n && !rc; a++, nk++) {
            b->opt[i][nk] = (uint32_t)f->tag[a];
            b->opt_bits[i][nk] = ok[s].bits;
            memcpy(b->opt_vec[i] + nk * np, f->vec + a * np, np * sizeof *x);
        }
        s = e;
    }
    b->n_opts[i] = nk;
out:
    acc__free(ok);
    acc__free(x);
    return rc;
}

/* The build's arrays, per party and per issue. */
static accord_status setup_arrays(build *b)
{
    size_t np = b->np, ni = b->ni;
    b->cap_stage = acc__calloc(np ? np : 1, sizeof *b->cap_stage);
    b->reservation = acc__calloc(np ? np : 1, sizeof *b->reservation);
    b->maxrest = acc__calloc((ni + 1) * (np ? np : 1), sizeof *b->maxrest);
    b->n_opts = acc__calloc(ni + 1, sizeof *b->n_opts);
    b->opt = acc__calloc(ni + 1, sizeof *b->opt);
    b->opt_vec = acc__calloc(ni + 1, sizeof *b->opt_vec);
    b->opt_bits = acc__calloc(ni + 1, sizeof *b->opt_bits);
    b->clear_mask = acc__calloc(ni + 1, sizeof *b->clear_mask);
    b->closing = acc__calloc(ni + 1, sizeof *b->closing);
    b->n_closing = acc__calloc(ni + 1, sizeof *b->n_closing);
    b->tree = acc__calloc(1, sizeof *b->tree);
    b->sizes = acc__calloc(ni + 1, sizeof *b->sizes);
    b->active = acc__calloc(ni + 1, sizeof *b->active);
    b->thr = acc__calloc(np + 1, sizeof *b->thr);
    if (!b->cap_stage || !b->reservation || !b->maxrest || !b->n_opts || !b->opt ||
        !b->opt_vec || !b->opt_bits || !b->clear_mask || !b->closing || !b->n_closing ||
        !b->tree || !b->sizes || !b->active || !b->thr || acc__tree_init(b->tree, b->m->agreement))
        return ACCORD_E_NOMEM;
    return ACCORD_OK;
}

/* Per party: whether the cap can be applied at every stage, the
 * reservation, and the best possible sum of issues k.. (maxrest); a
 * reservation out of reach leaves no outcome rational. */
static void setup_bounds(build *b)
{
    const accord_agreement *ag = b->m->agreement;
    const accord_utility_table *t = b->t;
    size_t np = b->np, ni = b->ni;
    for (size_t p = 0; p < np; p++) {
        const double *row = t->contrib + p * t->total_options;
        bool nonneg = true;
        for (size_t k = 0; k < t->total_options; k++)
            if (row[k] < 0)
                nonneg = false;
        b->cap_stage[p] = t->cap[p] && nonneg;
        if (t->cap[p] && !nonneg)
            b->cap_end = true;
        b->reservation[p] = t->reservation[p];
        for (size_t i = ni; i-- > 0;) {
            double best = -INFINITY;
            for (size_t k = 0; k < ag->issues[i].n_options; k++)
                best = fmax(best, row[t->offset[i] + k]);
            b->maxrest[i * np + p] = b->maxrest[(i + 1) * np + p] + best;
        }
        if (b->rational && (b->maxrest[p] < b->reservation[p] - ACC_BOUND_EPS ||
                            (t->cap[p] && b->reservation[p] > 1)))
            b->none_rational = true;
    }
}

/* Red lines of every party: constant ones decide at once, single-issue
 * ones remove options (banned[issue][option]), the others go to b->rl to
 * get bits. */
static accord_status setup_red_lines(build *b, bool **banned)
{
    const accord_agreement *ag = b->m->agreement;
    size_t np = b->np;
    accord_status rc = ACCORD_OK;
    uint32_t vars[ACC_EXPR_MAX_NODES];
    size_t total_rl = 0;
    if (b->rational)
        for (size_t p = 0; p < np; p++)
            total_rl += ag->preferences[p].n_red_lines;
    b->rl = acc__calloc(total_rl + 1, sizeof *b->rl);
    uint32_t *scratch = acc__calloc(b->ni + 1, sizeof *scratch);
    if (!b->rl || !scratch)
        rc = ACCORD_E_NOMEM;
    for (size_t p = 0; p < np && b->rational && !rc; p++) {
        const accord_preference *pr = &ag->preferences[p];
        const bool *dropped = acc__red_lines_ignored(b->m, b->ignored, p);
        for (size_t r = 0; r < pr->n_red_lines; r++) {
            if (dropped && dropped[r])
                continue;
            const accord_expr *e = pr->red_lines[r].expr;
            size_t nv = acc__expr_vars(e, vars, ACC_EXPR_MAX_NODES);
            if (nv == 0) {
                if (acc__expr_eval(e, scratch, 0))
                    b->none_rational = true;
            } else if (nv == 1) {
                const accord_issue *is = &ag->issues[vars[0]];
                for (uint32_t k = 0; k < is->n_options; k++) {
                    scratch[vars[0]] = k;
                    if (acc__expr_eval(e, scratch, 0))
                        banned[vars[0]][k] = true;
                }
                scratch[vars[0]] = 0;
            } else {
                red_line *x = &b->rl[b->n_rl++];
                x->e = e;
                x->first = UINT32_MAX;
                x->last = 0;
                for (size_t v = 0; v < nv; v++) {
                    if (vars[v] < x->first)
                        x->first = vars[v];
                    if (vars[v] > x->last)
                        x->last = vars[v];
                }
                if (!(x->bit = acc__calloc(e->n, sizeof *x->bit)))
                    rc = ACCORD_E_NOMEM;
            }
        }
    }
    acc__free(scratch);
    return rc;
}

/* Bits: red lines by first issue; a red line's bits are free again after
 * its last issue (interval colouring).  Then, per issue, the bits to clear
 * and the red lines that close there.  Sets *fallback when the red lines
 * need more than KEY_BITS bits at once. */
static accord_status assign_bits(build *b, bool *fallback)
{
    size_t *order = acc__calloc(b->n_rl + 1, sizeof *order);
    if (!order)
        return ACCORD_E_NOMEM;
    for (size_t r = 0; r < b->n_rl; r++)
        order[r] = r;
    for (size_t r = 1; r < b->n_rl; r++) { /* insertion sort by first issue */
        size_t x = order[r], j = r;
        while (j > 0 && b->rl[order[j - 1]].first > b->rl[x].first) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = x;
    }
    uint64_t used = 0;
    for (size_t a = 0; a < b->n_rl && !*fallback; a++) {
        red_line *x = &b->rl[order[a]];
        for (size_t c = 0; c < a; c++) { /* release each finished red line once */
            red_line *y = &b->rl[order[c]];
            if (y->last < x->first && !y->released) {
                used &= ~y->mask;
                y->released = true;
            }
        }
        for (uint32_t i = 0; i < x->e->n; i++) {
            if (x->e->nodes[i].kind != ACC_EX_ATOM)
                continue;
            if (used == UINT64_MAX) {
                *fallback = true;
                break;
            }
            uint8_t bit = 0;
            while ((used >> bit) & 1u)
                bit++;
            used |= (uint64_t)1 << bit;
            x->mask |= (uint64_t)1 << bit;
            x->bit[i] = bit;
        }
    }
    acc__free(order);
    accord_status rc = ACCORD_OK;
    for (size_t r = 0; r < b->n_rl; r++) {
        b->clear_mask[b->rl[r].last] |= b->rl[r].mask;
        b->n_closing[b->rl[r].last]++;
    }
    for (size_t i = 0; i < b->ni && !rc; i++) {
        if (!(b->closing[i] = acc__calloc(b->n_closing[i] + 1, sizeof **b->closing)))
            rc = ACCORD_E_NOMEM;
        b->n_closing[i] = 0;
    }
    for (size_t r = 0; r < b->n_rl && !rc; r++)
        b->closing[b->rl[r].last][b->n_closing[b->rl[r].last]++] = r;
    return rc;
}

/* Red lines, bits and per-issue options.  Sets *fallback when the red lines
 * need more than KEY_BITS bits at once. */
static accord_status setup(build *b, bool *fallback)
{
    const accord_agreement *ag = b->m->agreement;
    size_t ni = b->ni;
    bool **banned = NULL; /* per issue, per option: broken by a single-issue red line */
    acc__pareto f = {0};
    *fallback = false;
    accord_status rc = setup_arrays(b);
    if (rc)
        return rc;
    setup_bounds(b);
    banned = acc__calloc(ni + 1, sizeof *banned);
    if (!banned)
        return ACCORD_E_NOMEM;
    for (size_t i = 0; i < ni && !rc; i++)
        if (!(banned[i] = acc__calloc(ag->issues[i].n_options + 1, sizeof **banned)))
            rc = ACCORD_E_NOMEM;
    if (!rc)
        rc = setup_red_lines(b, banned);
    if (!rc)
        rc = assign_bits(b, fallback);
    /* Options per issue: not banned; among options with the same bits only
     * the significantly undominated ones (the first of equal ones). */
    if (!rc && !*fallback)
        rc = acc__pareto_init(&f, b->np, option_order, NULL);
    for (size_t i = 0; i < ni && !rc && !*fallback; i++) {
        rc = issue_options(b, i, banned[i], &f);
        b->active[i + 1] = b->active[i] + (b->n_opts[i] > 1);
    }
    for (size_t i = 0; i < ni; i++)
        acc__free(banned[i]);
    acc__free(banned);
    acc__pareto_free(&f);
    return rc;
}

static void build_free(build *b)
{
    for (size_t i = 0; i < b->ni; i++) {
        if (b->opt)
            acc__free(b->opt[i]);
        if (b->opt_vec)
            acc__free(b->opt_vec[i]);
        if (b->opt_bits)
            acc__free(b->opt_bits[i]);
        if (b->closing)
            acc__free(b->closing[i]);
    }
    for (size_t r = 0; r < b->n_rl; r++)
        acc__free(b->rl[r].bit);
    acc__free(b->rl);
    acc__free(b->cap_stage);
    acc__free(b->reservation);
    acc__free(b->maxrest);
    acc__free(b->n_opts);
    acc__free(b->opt);
    acc__free(b->opt_vec);
    acc__free(b->opt_bits);
    acc__free(b->clear_mask);
    acc__free(b->closing);
    acc__free(b->n_closing);
    if (b->tree)
        acc__tree_free(b->tree);
    acc__free(b->tree);
    acc__free(b->sizes);
    acc__free(b->active);
    acc__free(b->thr);
}

/* ---- one stage ---- */

/* Copies merged by scanning their heads rather than in a heap. */
#define SCAN_COPIES 16

typedef struct heap_item {
    double u0;
    size_t copy, pos;
} heap_item;

static void heap_sift_down(heap_item *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && h[l].u0 > h[m].u0)
            m = l;
        if (r < n && h[r].u0 > h[m].u0)
            m = r;
        if (m == i)
            return;
        heap_item x = h[i];
        h[i] = h[m];
        h[m] = x;
        i = m;
    }
}

static inline double shifted(const build *b, const double *pv, const double *ov, size_t p)
{
    double v = pv[p] + ov[p];
    return b->cap_stage[p] && v > 1 ? 1 : v;
}

/* Merge the copies [c0, c1) by first coordinate into the filter, dropping
 * candidates that cannot reach a reservation.  Fails with ACCORD_E_LIMIT
 * (*limit_hit) when the filter keeps more than `room` points. */
static accord_status merge_copies(const build *b, size_t k, const copy *cp, size_t c0, size_t c1,
                                  const double *curU, const bucket *bk, acc__pareto *f,
                                  size_t room, heap_item **heap, size_t *heap_cap, double *v)
{
    size_t np = b->np, nh = 0, pushed = 0;
    const double *rest = b->maxrest + (k + 1) * np;
    accord_status rc = ACCORD_OK;
    if (acc__grow((void **)heap, heap_cap, c1 - c0 + 1, sizeof **heap))
        return ACCORD_E_NOMEM;
    heap_item *h = *heap;
    for (size_t c = c0; c < c1; c++) {
        if (cp[c].len == 0)
            continue;
        const bucket *B = &bk[cp[c].bucket];
        h[nh++] = (heap_item){shifted(b, curU + B->start * np, b->opt_vec[k] + cp[c].opt * np, 0),
                              c, 0};
    }
    /* a few copies (every issue's options, without red lines): a
     * branch-free scan for the largest head beats a heap's unpredictable
     * branches */
    bool scan = nh <= SCAN_COPIES;
    for (size_t i = nh / 2; !scan && i-- > 0;)
        heap_sift_down(h, nh, i);
    while (nh > 0) {
        size_t top = 0;
        if (scan) {
            double best = h[0].u0;
            for (size_t i = 1; i < nh; i++) {
                bool ahead = h[i].u0 > best;
                best = ahead ? h[i].u0 : best;
                top = ahead ? i : top;
            }
        }
        const copy *c = &cp[h[top].copy];
        size_t node = bk[c->bucket].start + h[top].pos;
        const double *pv = curU + node * np, *ov = b->opt_vec[k] + c->opt * np;
        bool ok = true;
        for (size_t p = 0; p < np; p++) {
            v[p] = shifted(b, pv, ov, p);
            if (b->rational && v[p] + rest[p] < b->reservation[p] - ACC_BOUND_EPS)
                ok = false;
        }
        if (ok) {
            uint64_t tag = (uint64_t)node << 32 | b->opt[k][c->opt];
            if ((rc = acc__pareto_push(f, v, tag)))
                return rc;
            if ((++pushed & 0xfff) == 0 && f->n > room)
                return ACCORD_E_LIMIT;
        }
        if (++h[top].pos < c->len)
            h[top].u0 = shifted(b, curU + (node + 1) * np, ov, 0);
        else
            h[top] = h[--nh];
        if (!scan)
            heap_sift_down(h, nh, 0);
    }
    return ACCORD_OK;
}

static int copy_cmp(const void *x, const void *y)
{
    const copy *a = x, *c = y;
    if (a->key != c->key)
        return a->key < c->key ? -1 : 1;
    if (a->bucket != c->bucket)
        return a->bucket < c->bucket ? -1 : 1;
    return a->opt < c->opt ? -1 : a->opt > c->opt;
}

/* ---- the whole build ---- */

typedef struct final_ctx {
    const build *b;
    const uint32_t *node; /* per candidate: its node in the last stage */
} final_ctx;

/* Final candidates are tagged by their index; node[] names their nodes. */
static int final_order(void *c, uint64_t x, uint64_t y)
{
    const final_ctx *fc = c;
    size_t last = fc->b->ni - 1;
    const acc__outcome_tree *t = fc->b->tree;
    uint32_t a = fc->node[x], d = fc->node[y];
    return prefix_cmp(fc->b, last, t->parent[last][a], acc__tree_option(t, last, a),
                      t->parent[last][d], acc__tree_option(t, last, d));
}

/* A candidate of the final filter, by its first coordinate for the sweep. */
typedef struct final_cand {
    uint32_t cand;
    double first;
} final_cand;

static int final_cand_cmp(const void *x, const void *y)
{
    const final_cand *a = x, *c = y;
    if (a->first != c->first)
        return a->first > c->first ? -1 : 1;
    return a->cand < c->cand ? -1 : a->cand > c->cand;
}

typedef struct rank_item {
    acc__i128 key;
    uint32_t cand;
} rank_item;

static int rank_item_cmp(const void *x, const void *y)
{
    const rank_item *a = x, *c = y;
    return a->key < c->key ? -1 : a->key > c->key;
}

/*
 * The last stage's nodes -> the result.  The stages before kept every point
 * that rounding could make tie or win (significant dominance), so here each
 * node's utilities are computed exactly (exact.h), reservations are checked
 * exactly, and one plain dominance filter decides on exact values: on the
 * doubles of the fractions when each party's denominator is below 2^53
 * (distinct fractions then have distinct doubles), on each fraction's rank
 * among the candidates otherwise.  A party without fractions keeps its
 * floating-point sums (capped).  O(n (ni + np log n)).
 */
static accord_status finish(build *b, double **Up, size_t n, acc__pointset *res)
{
    const double *U = *Up;
    size_t np = b->np, ni = b->ni, kept = 0, nc = 0;
    accord_status rc = ACCORD_OK;
    acc__pareto f = {0};
    uint32_t *cnode = acc__calloc(n + 1, sizeof *cnode);
    final_ctx fc = {b, cnode};
    const acc__exact **ex = acc__calloc(np + 1, sizeof *ex);
    double *v = acc__calloc(np + 1, sizeof *v);
    double *val = acc__calloc(n * np + 1, sizeof *val); /* utilities per candidate */
    acc__i128 *key = NULL;                                /* fractions, when ranked */
    rank_item *ranks = NULL;
    final_cand *cand = acc__calloc(n + 1, sizeof *cand);
    uint32_t *terms = acc__calloc(ni + 1, sizeof *terms);
    if (!cnode || !ex || !v || !val || !cand || !terms || acc__pareto_init(&f, np, final_order, &fc)) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    bool ranked = false;
    for (size_t p = 0; p < np; p++) {
        ex[p] = acc__exact_of(b->m, b->t, p);
        if (ex[p] && ex[p]->den[p] >= ((acc__i128)1 << 53))
            ranked = true;
    }
    if (ranked && !(key = acc__calloc(n * np + 1, sizeof *key))) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t x = 0; x < n; x++) {
        bool alive = true;
        acc__tree_terms(b->tree, (uint32_t)x, terms);
        for (size_t p = 0; p < np && alive; p++) {
            double u;
            if (ex[p]) {
                acc__i128 N = acc__exact_sum(ex[p], p, b->t->offset, ni, terms);
                alive = !b->rational || N >= ex[p]->res[p];
                u = acc__exact_double(ex[p], p, N);
                if (key)
                    key[nc * np + p] = N;
            } else {
                u = U[x * np + p];
                if (b->t->cap[p] && u > 1)
                    u = 1;
                alive = !b->rational || u >= b->reservation[p];
            }
            val[nc * np + p] = u;
        }
        if (alive) {
            cnode[nc] = (uint32_t)x;
            cand[nc] = (final_cand){(uint32_t)nc, val[nc * np]};
            nc++;
        }
    }
    acc__free(*Up); /* the last stage's vectors: val holds what is kept */
    *Up = NULL;
    if (ranked) {
        /* each coordinate replaced by its dense rank among the candidates */
        if (!(ranks = acc__calloc(nc + 1, sizeof *ranks))) {
            rc = ACCORD_E_NOMEM;
            goto out;
        }
        for (size_t p = 0; p < np; p++) {
            for (size_t c = 0; c < nc; c++) {
                acc__i128 k = ex[p] ? key[c * np + p] : acc__double_key(val[c * np + p]);
                ranks[c] = (rank_item){k, (uint32_t)c};
            }
            qsort(ranks, nc, sizeof *ranks, rank_item_cmp);
            double r = 0;
            for (size_t c = 0; c < nc; c++) {
                if (c > 0 && ranks[c].key != ranks[c - 1].key)
                    r++;
                key[ranks[c].cand * np + p] = (acc__i128)r;
            }
        }
        for (size_t c = 0; c < nc; c++)
            cand[c].first = (double)key[c * np];
    }
    qsort(cand, nc, sizeof *cand, final_cand_cmp); /* the sweep's order */
    for (size_t a = 0; a < nc && !rc; a++) {
        size_t c = cand[a].cand;
        for (size_t p = 0; p < np; p++)
            v[p] = ranked ? (double)key[c * np + p] : val[c * np + p];
        rc = acc__pareto_push(&f, v, c);
    }
    acc__free(cand);
    cand = NULL;
    if (!rc)
        rc = acc__pareto_finish(&f);
    if (rc)
        goto out;
    /* the result: utilities and the last stage's node of each point; the
     * outcomes stay in the build's tree, which the result takes over */
    kept = f.n;
    res->n = kept;
    res->n_parties = np;
    res->n_issues = ni;
    if (!ranked && f.vec) {
        /* the filter kept the candidates' utilities themselves, in order:
         * they become the result's (one copy fewer at the peak) */
        res->utility = f.vec;
        f.vec = NULL;
        f.cap_vec = 0;
        shrink((void **)&res->utility, (kept * np + 1) * sizeof *res->utility);
        acc__free(val);
        val = NULL;
    } else if ((res->utility = acc__calloc(kept * np + 1, sizeof *res->utility))) {
        for (size_t a = 0; a < kept; a++)
            memcpy(res->utility + a * np, val + (size_t)f.tag[a] * np, np * sizeof *val);
    }
    res->leaf = acc__calloc(kept + 1, sizeof *res->leaf);
    if (!res->utility || !res->leaf) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t a = 0; a < kept; a++)
        res->leaf[a] = cnode[f.tag[a]];
    res->tree = b->tree;
    b->tree = NULL;
out:
    acc__pareto_free(&f);
    acc__free(ex);
    acc__free(v);
    acc__free(val);
    acc__free(key);
    acc__free(ranks);
    acc__free(cand);
    acc__free(terms);
    acc__free(cnode);
    return rc;
}

/* ---- limits ---- */

/*
 * The frontier's size after the last issue, extrapolated from `reached`
 * points after issue k: sizes grow roughly polynomially with the number of
 * issues that can change them (b->active), so the exponent is fitted over
 * the second half of those merged so far.  `reached` when no growth is seen.
 */
static double frontier_estimate(const build *b, size_t k, size_t reached)
{
    double x = (double)b->active[k + 1], X = (double)b->active[b->ni];
    if (x < 2 || X <= x)
        return (double)reached;
    /* j: the last stage with at most half of those issues merged */
    size_t lo = 0, hi = k, half = b->active[k + 1] / 2;
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (b->active[mid + 1] <= half)
            lo = mid;
        else
            hi = mid - 1;
    }
    double xj = (double)b->active[lo + 1];
    if (xj < 1 || b->sizes[lo] == 0 || reached <= b->sizes[lo])
        return (double)reached;
    double alpha = log((double)reached / (double)b->sizes[lo]) / log(x / xj);
    return (double)reached * pow(X / x, alpha);
}

/*
 * Bytes one point of the frontier takes at the peak of the build, from the
 * build's own structures: its history (a parent index and an option per
 * node of every stage: the ratio of nodes to points so far, projected over
 * every issue), and the larger of two moments.  In the last stage: the
 * previous stage's utility vectors (grown by doubling: 1.5 times on
 * average) and the stage's Pareto filter, whose vectors become the stage's
 * (measured on `f` when it holds enough points).  In
 * finish(): the last stage's vectors or the final filter (one after the
 * other), each candidate's utilities and node, and its sweep entry or the
 * result's point (utilities, node, accord_frontier_point).  Against peak
 * RSS / points on the trade-off and independent families (bench_frontier's
 * models) see docs/algorithms-agreement.md, "Limits".
 */
static double point_bytes(const build *b, size_t k, size_t reached, const acc__pareto *f)
{
    double np = (double)b->np, ni = (double)b->ni, nodes = (double)reached;
    for (size_t s = 0; s < k; s++)
        nodes += (double)b->sizes[s];
    double history = nodes / (double)(reached ? reached : 1) * ni / (double)(k + 1) *
                     (double)(sizeof(uint32_t) + b->tree->width);
    double vec = np * sizeof(double);
    double filter = f && f->n >= 256 ? (double)acc__pareto_bytes(f) / (double)f->n
                                     : vec + sizeof(uint64_t);
    bool ranked = false;
    for (size_t p = 0; p < b->np; p++) {
        const acc__exact *ex = acc__exact_of(b->m, b->t, p);
        ranked = ranked || (ex && ex->den[p] >= ((acc__i128)1 << 53));
    }
    double stage = 1.5 * vec + filter; /* the next stage's vectors are the filter's */
    double result = vec + sizeof(uint32_t) + sizeof(accord_frontier_point);
    double final = vec + sizeof(uint32_t) + fmax(1.5 * vec, filter) +
                   fmax((double)sizeof(final_cand), result) +
                   (ranked ? np * sizeof(acc__i128) + sizeof(rank_item) : 0);
    return history + fmax(stage, final);
}

/* "12.5 MiB", "3.2 GiB" or "4.1e+03 TiB" */
static void size_text(double bytes, char *buf, size_t size)
{
    if (bytes < 0x1p30)
        snprintf(buf, size, "%.1f MiB", bytes / 0x1p20);
    else if (bytes < 0x1p40)
        snprintf(buf, size, "%.1f GiB", bytes / 0x1p30);
    else
        snprintf(buf, size, "%.3g TiB", bytes / 0x1p40);
}

/* What the limit was when none was given: " (the default: what fits in
 * 2.0 GiB)" or " (the default with more than four parties)"; "" when it
 * was given.  buf holds the text. */
static const char *limit_note(const build *b, char *buf, size_t size)
{
    char mem[16];
    size_text((double)ACCORD_DEFAULT_FRONTIER_MEMORY, mem, sizeof mem);
    if (b->auto_limit && b->max_points == MANY_PARTIES_POINTS && b->np > 4)
        snprintf(buf, size, " (the default with more than four parties)");
    else
        snprintf(buf, size, " (the default: what fits in %s)", mem);
    return b->auto_limit ? buf : "";
}

/* The frontier reached more than max_points points in stage k. */
static accord_status limit_error(const build *b, size_t k, size_t reached, const acc__pareto *f)
{
    double est = frontier_estimate(b, k, reached);
    est = est < 1e9 ? ceil(est) : est;
    char note[64];
    acc__diag(b->diag, ACCORD_ERROR, b->m->path, 0, 0,
              "the %sPareto frontier is too large: more than %zu points%s after %zu of %zu issues "
              "(estimated %.*g in all); raise the limit: accord_frontier_options.max_points "
              "(each point takes about %.0f bytes)",
              b->rational ? "rational " : "", b->max_points, limit_note(b, note, sizeof note),
              k + 1, b->ni, est < 1e9 ? 9 : 3, est,
              point_bytes(b, k, reached, f));
    return ACCORD_E_LIMIT;
}

/* After stage k (`reached` points): refuse now when the frontier's growth
 * so far says it will far exceed max_points (EARLY_FACTOR), rather than
 * after hours of stages.  Only the frontier of all outcomes (the rational
 * one is pruned harder near the end) and only without a cap that may
 * saturate (it can stop the growth). */
static accord_status early_check(const build *b, size_t k, size_t reached, const acc__pareto *f)
{
    if (b->rational || reached < EARLY_MIN_POINTS || b->active[k + 1] < 3)
        return ACCORD_OK;
    for (size_t p = 0; p < b->np; p++)
        if (b->t->cap[p] && b->maxrest[p] > 1)
            return ACCORD_OK;
    double est = frontier_estimate(b, k, reached);
    if (est <= (double)EARLY_FACTOR * (double)b->max_points)
        return ACCORD_OK;
    double per = point_bytes(b, k, reached, f);
    char need[32], note[64];
    size_text(est * per, need, sizeof need);
    acc__diag(b->diag, ACCORD_ERROR, b->m->path, 0, 0,
              "the Pareto frontier is too large: %zu points after %zu of %zu issues, growing to "
              "about %.3g in all, far more than the limit of %zu%s; raise the limit: "
              "accord_frontier_options.max_points (each point takes about %.0f bytes: %s for "
              "%.3g points)",
              reached, k + 1, b->ni, est, b->max_points, limit_note(b, note, sizeof note), per,
              need, est);
    return ACCORD_E_LIMIT;
}

/* The default limit: the points that fit in ACCORD_DEFAULT_FRONTIER_MEMORY
 * at `per` bytes each (at least one; node indices are 32-bit); with more
 * than four parties at most MANY_PARTIES_POINTS. */
static size_t memory_limit(const build *b, double per)
{
    double n = (double)ACCORD_DEFAULT_FRONTIER_MEMORY / fmax(per, 1);
    size_t most = b->np > 4 ? MANY_PARTIES_POINTS : MAX_NODES;
    return n < 1 ? 1 : n > (double)most ? most : (size_t)n;
}

static accord_status run_build(build *b, acc__pointset *res)
{
    size_t np = b->np, ni = b->ni;
    accord_status rc = ACCORD_OK;
    double *U[2] = {NULL, NULL}, *v = NULL;
    size_t capU[2] = {0, 0};
    bucket *B[2] = {NULL, NULL};
    size_t capB[2] = {0, 0}, nB[2] = {0, 0}, N[2] = {0, 0};
    int cur = 0;
    size_t cap_copies = 0, heap_cap = 0, cap_par = 0, cap_opt = 0;
    copy *copies = NULL;
    heap_item *heap = NULL;
    order_ctx oc = {b, 0};
    acc__pareto f = {0};
    acc__outcome_tree *tree = b->tree;

    if (b->auto_limit) /* until a stage measures it: every issue as large as the first */
        b->max_points = memory_limit(b, point_bytes(b, 0, 1, NULL));
    /* stage -1: the empty outcome, utility 0 */
    v = acc__calloc(np + 1, sizeof *v);
    if (!v || acc__pareto_init(&f, np, stage_order, &oc) ||
        acc__grow((void **)&U[0], &capU[0], np, sizeof *U[0]) ||
        acc__grow((void **)&B[0], &capB[0], 1, sizeof *B[0])) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    memset(U[0], 0, np * sizeof *U[0]);
    B[0][0] = (bucket){0, 0, 1};
    nB[0] = N[0] = b->none_rational ? 0 : 1;

    for (size_t k = 0; k < ni && N[cur] > 0; k++) {
        int nx = 1 - cur;
        size_t no = b->n_opts[k], nc = 0;
        if (acc__grow((void **)&copies, &cap_copies, nB[cur] * no + 1, sizeof *copies)) {
            rc = ACCORD_E_NOMEM;
            goto out;
        }
        /* every bucket shifted by every option: a copy; red lines closing
         * here decide whole copies */
        for (size_t x = 0; x < nB[cur]; x++)
            for (size_t o = 0; o < no; o++) {
                uint64_t key = B[cur][x].key | b->opt_bits[k][o];
                bool broken = false;
                for (size_t r = 0; r < b->n_closing[k] && !broken; r++)
                    broken = red_line_holds(&b->rl[b->closing[k][r]], key);
                if (!broken)
                    copies[nc++] = (copy){x, o, key & ~b->clear_mask[k], B[cur][x].count};
            }
        qsort(copies, nc, sizeof *copies, copy_cmp);
        /* only significant dominance may drop a point: ties and rounding are
         * decided exactly in finish() */
        for (size_t p = 0; p < np; p++)
            b->thr[p] = b->t->cap[p] ? 1 - b->maxrest[(k + 1) * np + p] - ACC_NEAR_EPS : INFINITY;
        oc.stage = k;
        N[nx] = nB[nx] = 0;
        for (size_t g0 = 0; g0 < nc;) {
            size_t g1 = g0 + 1;
            while (g1 < nc && copies[g1].key == copies[g0].key)
                g1++;
            /* the copies with one key: merged, filtered, one bucket */
            acc__pareto_reset(&f, ACC_NEAR_EPS, b->thr);
            size_t room = b->max_points - N[nx];
            rc = merge_copies(b, k, copies, g0, g1, U[cur], B[cur], &f, room, &heap, &heap_cap, v);
            if (!rc)
                rc = acc__pareto_finish(&f);
            if (!rc && f.n > room)
                rc = ACCORD_E_LIMIT;
            if (rc == ACCORD_E_LIMIT)
                rc = limit_error(b, k, N[nx] + f.n, &f);
            if (rc)
                goto out;
            if (f.n > 0) {
                size_t need = N[nx] + f.n;
                if (N[nx] == 0) {
                    /* the first bucket: the filter's vectors become the
                     * stage's, no copy (with one bucket, the usual case,
                     * the stage never holds them twice) */
                    double *u = U[nx];
                    size_t cu = capU[nx];
                    U[nx] = f.vec;
                    capU[nx] = f.cap_vec;
                    f.vec = u;
                    f.cap_vec = cu;
                } else if (acc__grow((void **)&U[nx], &capU[nx], need * np, sizeof *U[nx])) {
                    rc = ACCORD_E_NOMEM;
                    goto out;
                } else {
                    memcpy(U[nx] + N[nx] * np, f.vec, f.n * np * sizeof *U[nx]);
                }
                if (acc__grow((void **)&tree->parent[k], &cap_par, need, sizeof(uint32_t)) ||
                    acc__grow(&tree->option[k], &cap_opt, need, tree->width) ||
                    acc__grow((void **)&B[nx], &capB[nx], nB[nx] + 1, sizeof *B[nx])) {
                    rc = ACCORD_E_NOMEM;
                    goto out;
                }
                for (size_t a = 0; a < f.n; a++) {
                    tree->parent[k][N[nx] + a] = (uint32_t)(f.tag[a] >> 32);
                    acc__tree_set_option(tree, k, N[nx] + a, (uint32_t)f.tag[a]);
                }
                B[nx][nB[nx]++] = (bucket){copies[g0].key, N[nx], f.n};
                N[nx] = need;
            }
            g0 = g1;
        }
        /* the stage's nodes are history: trimmed to size (they were grown
         * by doubling), they stay until the result is freed */
        tree->n_nodes[k] = N[nx];
        shrink((void **)&tree->parent[k], N[nx] * sizeof(uint32_t));
        shrink(&tree->option[k], N[nx] * tree->width);
        cap_par = cap_opt = 0;
        b->sizes[k] = N[nx];
        cur = nx;
        if (b->progress)
            b->progress(b->progress_ctx, b->rational ? "rational frontier" : "frontier", k + 1, ni, N[cur]);
        if (b->auto_limit)
            b->max_points = memory_limit(b, point_bytes(b, k, N[cur], &f));
        if ((rc = early_check(b, k, N[cur], &f)))
            goto out;
    }
    if (ni > 0 && N[cur] == 0) { /* no outcome left */
        res->n_parties = np;
        res->n_issues = ni;
        goto out;
    }
    /* what finish() does not need goes first: the peak of the whole build
     * is in finish() */
    acc__pareto_free(&f);
    acc__free(U[1 - cur]);
    U[1 - cur] = NULL;
    acc__free(copies);
    copies = NULL;
    acc__free(heap);
    heap = NULL;
    rc = finish(b, &U[cur], N[cur], res);
out:
    acc__pareto_free(&f);
    acc__free(v);
    acc__free(U[0]);
    acc__free(U[1]);
    acc__free(B[0]);
    acc__free(B[1]);
    acc__free(copies);
    acc__free(heap);
    return rc;
}

accord_status acc__enumeration_allowed(const accord_model *m, accord_diagnostics *diag)
{
    if (m->agreement->outcomes <= ACC_ENUMERATE_MAX)
        return ACCORD_OK;
    const char *who = NULL;
    for (size_t p = 0; p < m->n_parties && !who; p++)
        if (m->agreement->preferences[p].nonlinear)
            who = m->parties[p].id;
    if (who)
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "%s's utility is non-linear (GENIUS hyper-rectangles), so the outcomes are "
                  "enumerated one by one, and %.3g outcomes are too many (at most %.0f)",
                  who, m->agreement->outcomes, ACC_ENUMERATE_MAX);
    else
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "the analysis enumerates the outcomes one by one, and %.3g outcomes are too many "
                  "(at most %.0f)",
                  m->agreement->outcomes, ACC_ENUMERATE_MAX);
    return ACCORD_E_LIMIT;
}

accord_status acc__frontier_build(const accord_model *m, const accord_utility_table *table,
                                  acc__frontier_kind kind, size_t max_points, acc__pointset *out,
                                  accord_diagnostics *diag)
{
    return acc__frontier_build_progress(m, table, kind, max_points, NULL, NULL, NULL, out, diag);
}

accord_status acc__frontier_build_progress(const accord_model *m, const accord_utility_table *table,
                                           acc__frontier_kind kind, size_t max_points,
                                           const bool *ignored, accord_progress_fn progress,
                                           void *progress_ctx, acc__pointset *out,
                                           accord_diagnostics *diag)
{
    memset(out, 0, sizeof *out);
    if (!m->agreement)
        return ACCORD_E_NODATA;
    if (m->n_parties == 0)
        return ACCORD_E_NODATA;
    build b = {0};
    b.m = m;
    b.t = table ? table : &m->agreement->table;
    b.np = m->n_parties;
    b.ni = m->agreement->n_issues;
    b.rational = kind == ACC_FRONTIER_RATIONAL;
    b.ignored = ignored;
    b.auto_limit = max_points == 0;
    b.max_points = max_points < MAX_NODES ? max_points : MAX_NODES;
    b.progress = progress;
    b.progress_ctx = progress_ctx;
    b.diag = diag;
    bool fallback = false;
    bool additive = b.t != &m->agreement->table || acc__agreement_additive(m->agreement, b.np);
    accord_status rc = additive ? setup(&b, &fallback) : ACCORD_OK;
    if (!rc && !additive) {
        /* a utility that is not a sum over issues: enumerate */
        fallback = true;
        rc = acc__enumeration_allowed(m, diag);
    }
    if (!rc && fallback) {
        /* Too many red-line conditions open at once to track: enumerate. */
        if (m->agreement->outcomes > ACC_ENUMERATE_MAX) {
            acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                          "the red lines span too many issues at once (more than %d conditions "
                          "open between their first and last issue) for the exact frontier, and the "
                          "%.3g outcomes are too many to enumerate (at most %.0f); split or simplify "
                          "the red lines",
                          KEY_BITS, m->agreement->outcomes, ACC_ENUMERATE_MAX);
            rc = ACCORD_E_LIMIT;
        } else {
            accord_frontier *f = NULL;
            rc = acc__frontier_bruteforce_ignoring(m, b.t, ignored, ACC_ENUMERATE_MAX, &f);
            if (!rc) /* take the rational or full list out of the result */
                acc__frontier_take(f, b.rational, out);
            accord_frontier_free(f);
        }
    } else if (!rc) {
        rc = run_build(&b, out);
    }
    if (rc)
        acc__pointset_free(out);
    build_free(&b);
    return rc;
}
