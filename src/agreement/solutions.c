/*
 * solutions.c - accord_frontier_compute: the two frontiers, the bargaining
 * solutions on them (docs/contract.md §1), and the size of the ZOPA.
 *
 *  - Nash (1950): the rational outcome maximising prod_p (u_p - d_p).
 *  - Kalai & Smorodinsky (1975): the rational-frontier point maximising
 *    min_p (u_p - d_p) / (ideal_p - d_p); a party whose ideal equals its
 *    reservation is left out of the minimum (every rational outcome gives
 *    it exactly d_p).
 *  - Egalitarian (Kalai 1977): maximising min_p (u_p - d_p).
 *  - Maximum welfare: maximising sum_p u_p over all outcomes.
 * Each maximiser lies on its frontier (the objectives are monotone and ties
 * go to higher welfare, which a dominated point never has), so the search
 * runs over the frontier points only.  When every party has exact
 * fractions (exact.h), the candidates within 1e-9 of the best in floating
 * point are compared exactly (products and cross-products in acc__big), ties
 * going to the higher welfare, then to the smaller enumeration index
 * (docs/algorithms-agreement.md §2).  Otherwise objective values within
 * ACC_TIE_EPS of the best tie, and welfare within ACC_TIE_EPS.
 */
#include "agreement.h"

#include "../core/bignum.h"
#include "../model/exact.h"
#include "../zopa/rational_search.h"

#include <math.h>
#include <string.h>

/* Most parties whose solutions are picked with exact products (the
 * product of their numerators must fit acc__big). */
#define ACC_EXACT_PICK_MAX 16

/* The count also gives up early, once it has visited ZOPA_PROJECT_MIN
 * nodes, when the share of the outcome space it has decided projects its
 * total beyond ZOPA_PROJECT_FACTOR times the budget (checked every
 * ZOPA_PROJECT_EVERY nodes): on a zone far too large to count it would
 * otherwise spend the whole budget to say so (docs/algorithms-agreement.md,
 * "The ZOPA's size"). */
#define ZOPA_PROJECT_MIN ((uint64_t)1 << 12)
#define ZOPA_PROJECT_EVERY ((uint64_t)1 << 10)
#define ZOPA_PROJECT_FACTOR 4.0

typedef struct frontier_store {
    acc__pointset all, rational;
} frontier_store;

int acc__terms_cmp(const uint32_t *a, const uint32_t *b, size_t n_issues)
{
    for (size_t i = 0; i < n_issues; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

void accord_frontier_terms(const accord_frontier *f, const accord_frontier_point *pt, uint32_t *terms)
{
    const frontier_store *st = f->internal_;
    acc__tree_terms((pt->list_ ? &st->rational : &st->all)->tree, pt->outcome_, terms);
}

void acc__frontier_take(accord_frontier *f, bool rational, acc__pointset *out)
{
    frontier_store *st = f->internal_;
    acc__pointset *from = rational ? &st->rational : &st->all;
    *out = *from;
    if (rational && from->shared) { /* the tree goes with it */
        out->shared = false;
        st->all.shared = true;
    }
    memset(from, 0, sizeof *from);
}

void accord_frontier_free(accord_frontier *f)
{
    if (!f)
        return;
    frontier_store *st = f->internal_;
    if (st) {
        acc__pointset_free(&st->rational); /* may share all's tree */
        acc__pointset_free(&st->all);
        acc__free(st);
    }
    acc__free(f->points);
    acc__free(f->rational);
    acc__free(f->ideal);
    acc__free(f->ignored_red_lines);
    acc__free(f);
}

typedef enum objective { OBJ_NASH, OBJ_KS, OBJ_EGAL, OBJ_WELFARE } objective;

static double welfare(const double *u, size_t np)
{
    double w = 0;
    for (size_t p = 0; p < np; p++)
        w += u[p];
    return w;
}

static double objective_value(objective o, const double *u, const double *d, const double *ideal,
                              size_t np)
{
    switch (o) {
    case OBJ_NASH: {
        double x = 1;
        for (size_t p = 0; p < np; p++)
            x *= u[p] - d[p];
        return x;
    }
    case OBJ_KS: {
        double x = INFINITY;
        for (size_t p = 0; p < np; p++)
            if (ideal[p] - d[p] > 0)
                x = fmin(x, (u[p] - d[p]) / (ideal[p] - d[p]));
        return isinf(x) ? 0 : x;
    }
    case OBJ_EGAL: {
        double x = INFINITY;
        for (size_t p = 0; p < np; p++)
            x = fmin(x, u[p] - d[p]);
        return np ? x : 0;
    }
    default: return welfare(u, np);
    }
}

/* ---- exact comparisons, when every party has fractions (exact.h) ---- */

typedef struct exact_ctx {
    const acc__exact *e;
    const size_t *offset;
    size_t np, ni;
    acc__i128 ideal[ACC_EXACT_PICK_MAX]; /* KS: the ideal numerators */
} exact_ctx;

/* Party p's numerator minus its reservation's, for the point's terms. */
static void gains(const exact_ctx *x, const uint32_t *terms, acc__i128 *g)
{
    for (size_t p = 0; p < x->np; p++)
        g[p] = acc__exact_sum(x->e, p, x->offset, x->ni, terms) - x->e->res[p];
}

/* a/b against c/d (b, d > 0), exactly. */
static int frac_cmp(acc__i128 a, acc__i128 b, acc__i128 c, acc__i128 d)
{
    acc__big l, r;
    acc__big_set(&l, a);
    acc__big_mul(&l, d);
    acc__big_set(&r, c);
    acc__big_mul(&r, b);
    return acc__big_cmp(&l, &r);
}

/* The smallest of the fractions num[p]/den[p] over parties with den > 0
 * (KS) or all parties (egalitarian), as (*n, *d); 0/1 when none. */
static void min_frac(const exact_ctx *x, objective o, const acc__i128 *g, acc__i128 *n, acc__i128 *d)
{
    bool any = false;
    *n = 0;
    *d = 1;
    for (size_t p = 0; p < x->np; p++) {
        acc__i128 den = o == OBJ_KS ? x->ideal[p] - x->e->res[p] : x->e->den[p];
        if (den <= 0)
            continue;
        if (!any || frac_cmp(g[p], den, *n, *d) < 0) {
            *n = g[p];
            *d = den;
            any = true;
        }
    }
}

/* Objective o at gains a against gains b: -1, 0 or 1.  Welfare compares
 * the sums of the utilities (the reservations cancel). */
static int objective_cmp(const exact_ctx *x, objective o, const acc__i128 *a, const acc__i128 *b)
{
    size_t np = x->np;
    acc__big l, r;
    switch (o) {
    case OBJ_NASH: /* the common denominator prod den[p] cancels */
        acc__big_set(&l, 1);
        acc__big_set(&r, 1);
        for (size_t p = 0; p < np; p++) {
            acc__big_mul(&l, a[p]);
            acc__big_mul(&r, b[p]);
        }
        return acc__big_cmp(&l, &r);
    case OBJ_KS:
    case OBJ_EGAL: {
        acc__i128 an, ad, bn, bd;
        min_frac(x, o, a, &an, &ad);
        min_frac(x, o, b, &bn, &bd);
        return frac_cmp(an, ad, bn, bd);
    }
    default: { /* sign of sum_p (a_p - b_p) * prod_{q != p} den[q] */
        acc__big sum, t;
        acc__big_set(&sum, 0);
        for (size_t p = 0; p < np; p++) {
            acc__big_set(&t, a[p] - b[p]);
            for (size_t q = 0; q < np; q++)
                if (q != p)
                    acc__big_mul(&t, x->e->den[q]);
            acc__big_add(&sum, &t);
        }
        acc__big_set(&t, 0);
        return acc__big_cmp(&sum, &t);
    }
    }
}

/* Scratch for the outcomes pick() compares. */
typedef struct pick_terms {
    const accord_frontier *f;
    uint32_t *a, *r; /* n_issues each */
} pick_terms;

/* The terms of pts[a] into tt->a, and -1, 0 or 1 as they come before,
 * equal or after those of the best so far (tt->r). */
static int terms_vs_best(const pick_terms *tt, const accord_frontier_point *pts, size_t a)
{
    accord_frontier_terms(tt->f, &pts[a], tt->a);
    return acc__terms_cmp(tt->a, tt->r, tt->f->n_issues);
}

/* The maximiser with the tie rules; -1 when there is no point.  Builds the
 * terms of the points that tie (and, with fractions, of those within
 * rounding of the best) only. */
static long pick(const pick_terms *tt, const accord_frontier_point *pts, size_t n, size_t np,
                 objective o, const double *d, const double *ideal, const exact_ctx *x)
{
    size_t ni = tt->f->n_issues;
    if (n == 0)
        return -1;
    if (x) {
        /* floating point finds the candidates (within far more than its
         * rounding), the fractions decide among them */
        double best = -INFINITY;
        for (size_t a = 0; a < n; a++)
            best = fmax(best, objective_value(o, pts[a].utility, d, ideal, np));
        double slack = 1e-9 * fmax(1, fabs(best));
        long r = -1;
        acc__i128 gr[ACC_EXACT_PICK_MAX], ga[ACC_EXACT_PICK_MAX];
        for (size_t a = 0; a < n; a++) {
            if (objective_value(o, pts[a].utility, d, ideal, np) < best - slack)
                continue;
            int t = terms_vs_best(tt, pts, a);
            gains(x, tt->a, ga);
            int c = r < 0 ? 1 : objective_cmp(x, o, ga, gr);
            if (c == 0 && o != OBJ_WELFARE)
                c = objective_cmp(x, OBJ_WELFARE, ga, gr);
            if (c == 0)
                c = t < 0 ? 1 : -1;
            if (c > 0) {
                r = (long)a;
                memcpy(gr, ga, np * sizeof *ga);
                memcpy(tt->r, tt->a, ni * sizeof *tt->r);
            }
        }
        return r;
    }
    double best = -INFINITY, bestw = -INFINITY;
    for (size_t a = 0; a < n; a++)
        best = fmax(best, objective_value(o, pts[a].utility, d, ideal, np));
    for (size_t a = 0; a < n; a++)
        if (objective_value(o, pts[a].utility, d, ideal, np) >= best - ACC_TIE_EPS)
            bestw = fmax(bestw, welfare(pts[a].utility, np));
    long r = -1;
    for (size_t a = 0; a < n; a++) {
        if (objective_value(o, pts[a].utility, d, ideal, np) < best - ACC_TIE_EPS ||
            welfare(pts[a].utility, np) < bestw - ACC_TIE_EPS)
            continue;
        if (r < 0 || terms_vs_best(tt, pts, a) < 0) {
            r = (long)a;
            accord_frontier_terms(tt->f, &pts[a], tt->r);
        }
    }
    return r;
}

static accord_frontier_point *wrap(const acc__pointset *s, uint32_t list)
{
    accord_frontier_point *p = acc__calloc(s->n + 1, sizeof *p);
    if (!p)
        return NULL;
    for (size_t a = 0; a < s->n; a++)
        p[a] = (accord_frontier_point){s->utility + a * s->n_parties, s->leaf[a], list};
    return p;
}

accord_status acc__frontier_assemble(const accord_model *m, const accord_utility_table *table,
                                     acc__pointset *all, acc__pointset *rational,
                                     double zopa_size, accord_frontier **out)
{
    const accord_agreement *ag = m->agreement;
    size_t np = m->n_parties, ni = ag->n_issues;
    accord_status rc = ACCORD_OK;
    accord_frontier *f = acc__calloc(1, sizeof *f);
    frontier_store *st = acc__calloc(1, sizeof *st);
    *out = NULL;
    if (!f || !st) {
        acc__free(f);
        acc__free(st);
        return ACCORD_E_NOMEM;
    }
    st->all = *all;
    st->rational = *rational;
    memset(all, 0, sizeof *all);
    memset(rational, 0, sizeof *rational);
    f->internal_ = st;
    f->n_parties = np;
    f->n_issues = ni;
    f->outcomes = ag->outcomes;
    f->n_points = st->all.n;
    f->n_rational = st->rational.n;
    f->points = wrap(&st->all, 0);
    f->rational = wrap(&st->rational, 1);
    pick_terms tt = {f, acc__calloc(ni + 1, sizeof *tt.a), acc__calloc(ni + 1, sizeof *tt.r)};
    if (!f->points || !f->rational || !tt.a || !tt.r) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    f->zopa_empty = f->n_rational == 0;
    f->zopa_size = zopa_size;
    const accord_utility_table *t = table ? table : &ag->table;
    const double *d = t->reservation;
    /* exact ties when every party has fractions (and few enough parties for
     * the products to fit acc__big) */
    exact_ctx exs, *ex = np <= ACC_EXACT_PICK_MAX ? &exs : NULL;
    for (size_t p = 0; p < np && ex; p++)
        if (!acc__exact_of(m, t, p))
            ex = NULL;
    if (ex)
        *ex = (exact_ctx){.e = acc__exact_of(m, t, 0), .offset = t->offset, .np = np, .ni = ni};
    if (!f->zopa_empty) {
        if (!(f->ideal = acc__calloc(np + 1, sizeof *f->ideal))) {
            rc = ACCORD_E_NOMEM;
            goto out;
        }
        for (size_t p = 0; p < np; p++) {
            f->ideal[p] = -INFINITY;
            for (size_t a = 0; a < f->n_rational; a++)
                f->ideal[p] = fmax(f->ideal[p], f->rational[a].utility[p]);
        }
        if (ex) /* the ideal exactly: the largest numerator, among the points
                 * within far more than rounding of the largest double */
            for (size_t p = 0; p < np; p++) {
                ex->ideal[p] = ex->e->res[p];
                double slack = 1e-9 * fmax(1, fabs(f->ideal[p]));
                for (size_t a = 0; a < f->n_rational; a++) {
                    if (f->rational[a].utility[p] < f->ideal[p] - slack)
                        continue;
                    accord_frontier_terms(f, &f->rational[a], tt.a);
                    acc__i128 v = acc__exact_sum(ex->e, p, ex->offset, ni, tt.a);
                    ex->ideal[p] = v > ex->ideal[p] ? v : ex->ideal[p];
                }
            }
        long x = pick(&tt, f->rational, f->n_rational, np, OBJ_NASH, d, f->ideal, ex);
        f->nash = &f->rational[x];
        x = pick(&tt, f->rational, f->n_rational, np, OBJ_KS, d, f->ideal, ex);
        f->kalai_smorodinsky = &f->rational[x];
        x = pick(&tt, f->rational, f->n_rational, np, OBJ_EGAL, d, f->ideal, ex);
        f->egalitarian = &f->rational[x];
    }
    long w = pick(&tt, f->points, f->n_points, np, OBJ_WELFARE, d, NULL, ex);
    f->max_welfare = w < 0 ? NULL : &f->points[w];
out:
    acc__free(tt.a);
    acc__free(tt.r);
    if (rc) {
        accord_frontier_free(f);
        f = NULL;
    }
    *out = f;
    return rc;
}

/* ---- counting the ZOPA ---- */

typedef struct zopa_dfs {
    const accord_model *m;
    const accord_utility_table *t;
    size_t np, ni;
    uint32_t *terms;
    double *sums;       /* (ni + 1) * np partial sums */
    double *maxrest;    /* (ni + 1) * np */
    double *minrest;    /* (ni + 1) * np */
    double *allowed;    /* ni + 1: product of the allowed option counts of issues i.. */
    double *share;      /* ni + 1: the share of all outcomes behind one node at depth i */
    double decided;     /* the share of all outcomes counted or ruled out so far */
    size_t free_from;   /* no multi-issue red line mentions an issue >= this */
    const accord_expr **rl; /* multi-issue red lines, grouped by last issue */
    size_t *rl_start;   /* ni + 1 */
    bool *banned;       /* total_options: broken by a one-issue red line */
    const acc__exact **ex; /* np: exact parties' fractions, or NULL */
    uint64_t nodes, budget;
    double count;
} zopa_dfs;

/* Give up: over budget, or the share decided so far projects the count
 * far beyond it. */
static bool zopa_give_up(const zopa_dfs *z)
{
    if (z->nodes > z->budget)
        return true;
    if (z->nodes < ZOPA_PROJECT_MIN || z->nodes % ZOPA_PROJECT_EVERY != 0)
        return false;
    return (double)z->nodes > z->decided * ZOPA_PROJECT_FACTOR * (double)z->budget;
}

static bool zopa_visit(zopa_dfs *z, size_t i)
{
    size_t np = z->np;
    const accord_utility_table *t = z->t;
    ++z->nodes;
    if (zopa_give_up(z))
        return false;
    if (i >= z->free_from && i < z->ni) {
        /* no red line left to check: when even the worst completion clears
         * every reservation (with a margin for rounding), count them all */
        bool all = true;
        for (size_t p = 0; p < np && all; p++)
            all = z->sums[i * np + p] + z->minrest[i * np + p] >= t->reservation[p] + ACC_BOUND_EPS;
        if (all) {
            z->count += z->allowed[i];
            z->decided += z->share[i];
            return true;
        }
    }
    if (i == z->ni) {
        z->decided += z->share[i];
        for (size_t p = 0; p < np; p++)
            if (!acc__reaches_reservation(z->ex[p], p, t->offset, z->ni, z->terms, z->sums[i * np + p],
                                          t->cap[p], t->reservation[p]))
                return true;
        z->count += 1;
        return true;
    }
    const accord_issue *is = &z->m->agreement->issues[i];
    for (uint32_t k = 0; k < is->n_options; k++) {
        if (z->banned[t->offset[i] + k]) {
            z->decided += z->share[i + 1];
            continue;
        }
        bool ok = true;
        for (size_t p = 0; p < np; p++) {
            double s = z->sums[i * np + p] + t->contrib[p * t->total_options + t->offset[i] + k];
            z->sums[(i + 1) * np + p] = s;
            if (s + z->maxrest[(i + 1) * np + p] < t->reservation[p] - ACC_BOUND_EPS)
                ok = false;
        }
        if (!ok) {
            z->decided += z->share[i + 1];
            continue;
        }
        z->terms[i] = k;
        for (size_t r = z->rl_start[i]; r < z->rl_start[i + 1] && ok; r++)
            ok = !acc__expr_eval(z->rl[r], z->terms, 0);
        if (!ok)
            z->decided += z->share[i + 1];
        else if (!zopa_visit(z, i + 1))
            return false;
    }
    return true;
}

accord_status acc__zopa_count(const accord_model *m, const accord_utility_table *table,
                              const bool *ignored, uint64_t budget, double *count,
                              uint64_t *visited)
{
    const accord_agreement *ag = m->agreement;
    const accord_utility_table *t = table ? table : &ag->table;
    size_t np = m->n_parties, ni = ag->n_issues, nrl = 0;
    zopa_dfs z = {0};
    z.m = m;
    z.t = t;
    z.np = np;
    z.ni = ni;
    z.budget = budget;
    uint32_t vars[ACC_EXPR_MAX_NODES];
    accord_status rc = ACCORD_E_NOMEM;
    bool never = false;
    *count = -1;
    for (size_t p = 0; p < np; p++)
        nrl += ag->preferences[p].n_red_lines;
    z.terms = acc__calloc(ni + 1, sizeof *z.terms);
    z.sums = acc__calloc((ni + 1) * (np + 1), sizeof *z.sums);
    z.maxrest = acc__calloc((ni + 1) * (np + 1), sizeof *z.maxrest);
    z.minrest = acc__calloc((ni + 1) * (np + 1), sizeof *z.minrest);
    z.allowed = acc__calloc(ni + 1, sizeof *z.allowed);
    z.share = acc__calloc(ni + 1, sizeof *z.share);
    z.rl = acc__calloc(nrl + 1, sizeof *z.rl);
    z.rl_start = acc__calloc(ni + 2, sizeof *z.rl_start);
    z.banned = acc__calloc(t->total_options + 1, sizeof *z.banned);
    z.ex = acc__calloc(np + 1, sizeof *z.ex);
    if (!z.ex || !z.terms || !z.sums || !z.maxrest || !z.minrest || !z.allowed || !z.share || !z.rl || !z.rl_start ||
        !z.banned)
        goto out;
    for (size_t p = 0; p < np; p++)
        z.ex[p] = acc__exact_of(m, t, p);
    /* red lines: constant ones decide, one-issue ones ban options, the rest
     * are checked at their last issue (counting sort by last issue) */
    size_t *last = acc__calloc(nrl + 1, sizeof *last);
    const accord_expr **multi = acc__calloc(nrl + 1, sizeof *multi);
    size_t nm = 0;
    if (!last || !multi) {
        acc__free(last);
        acc__free(multi);
        goto out;
    }
    for (size_t p = 0; p < np; p++) {
        const accord_preference *pr = &ag->preferences[p];
        const bool *dropped = acc__red_lines_ignored(m, ignored, p);
        for (size_t r = 0; r < pr->n_red_lines; r++) {
            if (dropped && dropped[r])
                continue;
            const accord_expr *e = pr->red_lines[r].expr;
            size_t nv = acc__expr_vars(e, vars, ACC_EXPR_MAX_NODES);
            if (nv == 0) {
                if (acc__expr_eval(e, z.terms, 0))
                    never = true;
            } else if (nv == 1) {
                for (uint32_t k = 0; k < ag->issues[vars[0]].n_options; k++) {
                    z.terms[vars[0]] = k;
                    if (acc__expr_eval(e, z.terms, 0))
                        z.banned[t->offset[vars[0]] + k] = true;
                }
                z.terms[vars[0]] = 0;
            } else {
                size_t l = 0;
                for (size_t v = 0; v < nv; v++)
                    if (vars[v] > l)
                        l = vars[v];
                last[nm] = l;
                multi[nm++] = e;
                z.rl_start[l + 1]++;
            }
        }
    }
    for (size_t i = 0; i < ni; i++)
        z.rl_start[i + 1] += z.rl_start[i];
    {
        size_t *fill = acc__calloc(ni + 1, sizeof *fill);
        if (!fill) {
            acc__free(last);
            acc__free(multi);
            goto out;
        }
        for (size_t a = 0; a < nm; a++)
            z.rl[z.rl_start[last[a]] + fill[last[a]]++] = multi[a];
        acc__free(fill);
    }
    acc__free(last);
    acc__free(multi);
    /* bounds over the allowed options of the issues still open */
    z.allowed[ni] = 1;
    for (size_t i = ni; i-- > 0;) {
        size_t n_ok = 0;
        for (size_t k = 0; k < ag->issues[i].n_options; k++)
            n_ok += !z.banned[t->offset[i] + k];
        z.allowed[i] = z.allowed[i + 1] * (double)n_ok;
        for (size_t p = 0; p < np; p++) {
            const double *row = t->contrib + p * t->total_options + t->offset[i];
            double best = -INFINITY, worst = INFINITY;
            for (size_t k = 0; k < ag->issues[i].n_options; k++)
                if (!z.banned[t->offset[i] + k]) {
                    best = fmax(best, row[k]);
                    worst = fmin(worst, row[k]);
                }
            z.maxrest[i * np + p] = z.maxrest[(i + 1) * np + p] + best;
            z.minrest[i * np + p] = z.minrest[(i + 1) * np + p] + worst;
        }
    }
    z.share[0] = 1;
    for (size_t i = 0; i < ni; i++)
        z.share[i + 1] = z.share[i] / (double)(ag->issues[i].n_options ? ag->issues[i].n_options : 1);
    z.free_from = 0;
    for (size_t i = 0; i < ni; i++)
        if (z.rl_start[i + 1] > z.rl_start[i])
            z.free_from = i + 1;
    rc = ACCORD_OK;
    if (never) {
        *count = 0;
        goto out;
    }
    for (size_t p = 0; p < np; p++)
        if (z.maxrest[p] < t->reservation[p] - ACC_BOUND_EPS || (t->cap[p] && t->reservation[p] > 1)) {
            *count = 0;
            goto out;
        }
    if (zopa_visit(&z, 0))
        *count = z.count;
out:
    if (visited)
        *visited = z.nodes;
    acc__free(z.terms);
    acc__free(z.share);
    acc__free(z.sums);
    acc__free(z.maxrest);
    acc__free(z.minrest);
    acc__free(z.allowed);
    acc__free(z.rl);
    acc__free(z.rl_start);
    acc__free(z.banned);
    acc__free(z.ex);
    return rc;
}

/* ---- the public entry point ---- */

/* Without red lines the rational outcomes are those with u >= d, a set
 * closed upwards: whatever dominates a rational outcome is rational too.  So
 * the rational frontier is the frontier's points with u >= d (each with the
 * same smallest outcome), and no second build is needed. */
static bool has_red_lines(const accord_model *m, const bool *ignored)
{
    for (size_t p = 0; p < m->n_parties; p++) {
        const bool *dropped = acc__red_lines_ignored(m, ignored, p);
        for (size_t r = 0; r < m->agreement->preferences[p].n_red_lines; r++)
            if (!(dropped && dropped[r]))
                return true;
    }
    return false;
}

/* The points of `all` that clear every reservation, in order; they share
 * all's tree of outcomes. */
static accord_status restrict_rational(const accord_model *m, const accord_utility_table *t,
                                       const acc__pointset *all, acc__pointset *out)
{
    size_t np = all->n_parties, ni = all->n_issues, n = 0;
    *out = (acc__pointset){.n_parties = np, .n_issues = ni, .tree = all->tree, .shared = true};
    out->utility = acc__calloc(all->n * np + 1, sizeof *out->utility);
    out->leaf = acc__calloc(all->n + 1, sizeof *out->leaf);
    uint32_t *terms = acc__calloc(ni + 1, sizeof *terms);
    if (!out->utility || !out->leaf || !terms) {
        acc__free(terms);
        acc__pointset_free(out);
        return ACCORD_E_NOMEM;
    }
    for (size_t a = 0; a < all->n; a++) {
        const double *u = all->utility + a * np;
        bool ok = true;
        acc__pointset_terms(all, a, terms);
        for (size_t p = 0; p < np && ok; p++)
            ok = acc__reaches_reservation(acc__exact_of(m, t, p), p, t->offset, ni, terms, u[p],
                                          t->cap[p], t->reservation[p]);
        if (!ok)
            continue;
        memcpy(out->utility + n * np, u, np * sizeof *u);
        out->leaf[n++] = all->leaf[a];
    }
    out->n = n;
    acc__free(terms);
    return ACCORD_OK;
}

/* The result keeps the red lines it dropped, for the renderers; on failure
 * the result is freed. */
static accord_status keep_ignored(const accord_model *m, const bool *ignored, accord_frontier **out)
{
    accord_status rc = acc__red_lines_ignored_copy(m, ignored, &(*out)->ignored_red_lines);
    if (rc) {
        accord_frontier_free(*out);
        *out = NULL;
    }
    return rc;
}

accord_status accord_frontier_compute(const accord_model *m, const accord_frontier_options *opts,
                                      accord_frontier **out, accord_diagnostics *diag)
{
    acc__pointset all = {0}, rational = {0};
    accord_status rc = ACCORD_OK;
    *out = NULL;
    if (!m || !m->agreement)
        return ACCORD_E_NODATA;
    size_t max_points = opts ? opts->max_points : 0;
    const accord_utility_table *t = &m->agreement->table;
    accord_progress_fn progress = opts ? opts->progress : NULL;
    void *pctx = opts ? opts->progress_ctx : NULL;
    const bool *ignored = opts ? opts->ignored_red_lines : NULL;
    if (!acc__agreement_additive(m->agreement, m->n_parties)) {
        /* a utility that is not a sum over issues: enumerate (both
         * frontiers, the ZOPA) when the outcomes are few enough */
        if ((rc = acc__enumeration_allowed(m, diag)))
            return rc;
        rc = acc__frontier_bruteforce_ignoring(m, t, ignored, ACC_ENUMERATE_MAX, out);
        return rc ? rc : keep_ignored(m, ignored, out);
    }
    if ((rc = acc__frontier_build_progress(m, t, ACC_FRONTIER_ALL, max_points, NULL, progress, pctx,
                                           &all, diag)))
        goto out;
    if (!has_red_lines(m, ignored))
        rc = restrict_rational(m, t, &all, &rational);
    else
        rc = acc__frontier_build_progress(m, t, ACC_FRONTIER_RATIONAL, max_points, ignored, progress,
                                          pctx, &rational, diag);
    if (rc)
        goto out;
    double zopa = 0;
    if (rational.n > 0 && (rc = acc__zopa_count(m, t, ignored, ACC_ZOPA_COUNT_BUDGET, &zopa, NULL)))
        goto out;
    if (!(rc = acc__frontier_assemble(m, t, &all, &rational, zopa, out)))
        rc = keep_ignored(m, ignored, out);
out:
    acc__pointset_free(&all);
    acc__pointset_free(&rational);
    return rc;
}
