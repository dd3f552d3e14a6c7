/*
 * space.c - one party's own preferences as its agent sees them, with an
 * index to find "the outcome with the smallest utility >= target, ties to
 * the smallest enumeration index" (docs/contract.md §4) without scanning the space.
 *
 * Two indexes give the same answers:
 *  - sorted (N <= max_sorted): every allowed outcome's key
 *    (grid utility, enumeration index) packed in one uint64, radix-sorted
 *    once; an offer is one binary search.  O(N) memory.
 *  - split (larger spaces): a meet-in-the-middle search.  The issues are cut
 *    into a prefix half A and a suffix half B; A's partial outcomes keep
 *    their exact partial sums, B's are sorted by their sum.  For each prefix
 *    a (ascending, so that the first hit of a utility level has the smallest
 *    index) a binary search finds the suffixes whose total can reach the
 *    target, and only the window that could beat the best so far is
 *    checked exactly.  O(A + B) memory, O(A log B + window) per search.
 * A complete outcome's utility is the one accord_utility gives, bit for bit,
 * so the grid values agree with every other analysis: the double of its
 * exact fraction (exact.h; the numerators are summed as whole numbers), of
 * a non-linear utility's fraction, or else the fold 0 + c_0 + c_1 + ... in
 * issue order.  The split index searches on the folds, with margins, and
 * decides on the exact value.
 */
#include "negotiation.h"

#include "../model/expr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GRID_SCALE 1073741824.0 /* 2^30 */
#define KEY_BIAS ((int64_t)1 << 31)

void acc__decode(const uint32_t *radix, size_t n_issues, uint64_t index, uint32_t *terms)
{
    for (size_t i = n_issues; i-- > 0;) {
        terms[i] = (uint32_t)(index % radix[i]);
        index /= radix[i];
    }
}

/* nearbyint(u * 2^30) under round-to-nearest-even, the default mode (which
 * acc__grid also relies on): adding and subtracting 1.5 * 2^52 rounds to an
 * integer for |x| < 2^51; larger values cannot be utilities and go through
 * acc__grid. */
static inline int64_t grid_fast(double u)
{
    double x = u * GRID_SCALE;
    if (!(x > -0x1p50 && x < 0x1p50))
        return acc__grid(u);
    double y = x + 0x1.8p52;
    return (int64_t)(y - 0x1.8p52);
}

static double capped(const acc__self *s, double u) { return s->cap && u > 1 ? 1 : u; }

/* The double of a numerator sum (exact parties). */
static double from_num(const acc__self *s, acc__i128 n)
{
    return acc__exact_ratio(s->cap && n > s->den ? s->den : n, s->den);
}

double acc__self_utility(const acc__self *s, const uint32_t *terms)
{
    if (s->nonlinear)
        return acc__nonlinear_utility_of(s->issues, s->nonlinear, terms, NULL);
    if (s->num) {
        acc__i128 n = 0;
        for (size_t i = 0; i < s->n_issues; i++)
            n += s->num[s->offset[i] + terms[i]];
        return from_num(s, n);
    }
    double u = 0;
    for (size_t i = 0; i < s->n_issues; i++)
        u += s->contrib[s->offset[i] + terms[i]];
    return capped(s, u);
}

int64_t acc__self_grid(const acc__self *s, const uint32_t *terms)
{
    return acc__grid(acc__self_utility(s, terms));
}

static bool breaks_any(const accord_expr *const *lines, size_t n, const uint32_t *terms)
{
    for (size_t r = 0; r < n; r++)
        if (accord_expr_eval_outcome(lines[r], terms))
            return true;
    return false;
}

bool acc__self_breaks(const acc__self *s, const uint32_t *terms)
{
    return breaks_any(s->red_lines, s->n_red_lines, terms);
}

void acc__self_clear(acc__self *s)
{
    if (!s)
        return;
    acc__free(s->contrib);
    acc__free(s->num);
    acc__free(s->red_lines);
    acc__free(s->keys);
    acc__free(s->a_index);
    acc__free(s->a_sum);
    acc__free(s->b_index);
    acc__free(s->b_sum);
    acc__free(s->mixed);
    memset(s, 0, sizeof *s);
}

/* Advance the options of issues [from, to) like an odometer (the last
 * fastest).  Returns false after the last combination; else *changed is the
 * first issue whose option changed. */
static bool odometer_next(const uint32_t *radix, uint32_t *terms, size_t from, size_t to,
                          size_t *changed)
{
    for (size_t i = to; i > from;) {
        i--;
        if (++terms[i] < radix[i]) {
            *changed = i;
            return true;
        }
        terms[i] = 0;
    }
    return false;
}

/* ---- sorted index ---- */

/* Stable LSD radix sort of keys by their high 32 bits (the low bits, the
 * enumeration index, are already ascending in input order), RADIX_BITS per
 * pass, every pass's histogram counted in one read. */
#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
static accord_status radix_sort_high(uint64_t *keys, size_t n)
{
    if (n < 2)
        return ACCORD_OK;
    uint32_t lo = UINT32_MAX, hi = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t h = (uint32_t)(keys[k] >> 32);
        lo = h < lo ? h : lo;
        hi = h > hi ? h : hi;
    }
    uint32_t span = hi - lo;
    unsigned passes = 0;
    while (passes * RADIX_BITS < 32 && (span >> (passes * RADIX_BITS)) != 0)
        passes++;
    if (passes == 0)
        return ACCORD_OK;
    int ok = 1;
    size_t bytes = acc__mul(n, sizeof(uint64_t), &ok);
    uint64_t *tmp = ok ? acc__malloc(bytes) : NULL; /* every element is written before read */
    size_t *count = acc__calloc((size_t)passes * RADIX_SIZE, sizeof *count);
    if (!tmp || !count) {
        acc__free(tmp);
        acc__free(count);
        return ACCORD_E_NOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        uint32_t d = (uint32_t)(keys[k] >> 32) - lo;
        for (unsigned q = 0; q < passes; q++)
            count[q * RADIX_SIZE + ((d >> (q * RADIX_BITS)) & (RADIX_SIZE - 1))]++;
    }
    uint64_t *src = keys, *dst = tmp;
    for (unsigned q = 0; q < passes; q++) {
        size_t *c = count + q * RADIX_SIZE, sum = 0;
        for (size_t d = 0; d < RADIX_SIZE; d++) {
            size_t x = c[d];
            c[d] = sum;
            sum += x;
        }
        unsigned shift = q * RADIX_BITS;
        for (size_t k = 0; k < n; k++)
            dst[c[(((uint32_t)(src[k] >> 32) - lo) >> shift) & (RADIX_SIZE - 1)]++] = src[k];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != keys)
        memcpy(keys, src, n * sizeof *keys);
    acc__free(tmp);
    acc__free(count);
    return ACCORD_OK;
}

/* Enumerate every outcome with an odometer keeping the fold's partial sums
 * per level (about one addition per outcome).  Returns ACCORD_E_LIMIT when
 * the grid span does not fit the packed key (the caller falls back to the
 * split index). */
static accord_status build_sorted(acc__self *s)
{
    size_t n = s->n_issues;
    uint64_t N = s->n_outcomes;
    accord_status rc = ACCORD_OK;
    uint32_t *terms = acc__calloc(n + 1, sizeof *terms);
    double *partial = acc__calloc(n + 1, sizeof *partial);
    acc__i128 *pnum = acc__calloc(n + 1, sizeof *pnum); /* exact partial sums */
    int ok = 1;
    size_t bytes = acc__mul((size_t)N, sizeof *s->keys, &ok);
    s->keys = ok ? acc__malloc(bytes) : NULL; /* written before read, up to n_keys */
    if (!terms || !partial || !pnum || !s->keys) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        partial[i + 1] = partial[i] + s->contrib[s->offset[i]];
        if (s->num)
            pnum[i + 1] = pnum[i] + s->num[s->offset[i]];
    }
    size_t kept = 0;
    bool any = false;
    for (uint64_t idx = 0; idx < N; idx++) {
        double u = s->nonlinear ? acc__self_utility(s, terms)
                   : s->num     ? from_num(s, pnum[n])
                                : capped(s, partial[n]);
        if (!s->n_red_lines || !acc__self_breaks(s, terms)) {
            int64_t g = grid_fast(u) + KEY_BIAS;
            if (g < 0 || g > (int64_t)UINT32_MAX) {
                rc = ACCORD_E_LIMIT;
                goto out;
            }
            s->keys[kept++] = ((uint64_t)g << 32) | idx;
            if (!any || u > s->umax)
                s->umax = u;
            if (!any || u < s->umin)
                s->umin = u;
            any = true;
        }
        size_t i;
        if (!odometer_next(s->radix, terms, 0, n, &i))
            break;
        for (size_t j = i; j < n; j++) {
            partial[j + 1] = partial[j] + s->contrib[s->offset[j] + terms[j]];
            if (s->num)
                pnum[j + 1] = pnum[j] + s->num[s->offset[j] + terms[j]];
        }
    }
    s->n_keys = kept;
    s->gbase = -KEY_BIAS;
    rc = radix_sort_high(s->keys, kept);
out:
    acc__free(terms);
    acc__free(partial);
    acc__free(pnum);
    if (rc) {
        acc__free(s->keys);
        s->keys = NULL;
        s->n_keys = 0;
    }
    return rc;
}

/* ---- split index ---- */

typedef struct suffix_entry {
    double sum;
    uint64_t index;
} suffix_entry;

static int suffix_cmp(const void *x, const void *y)
{
    const suffix_entry *a = x, *b = y;
    if (a->sum != b->sum)
        return a->sum < b->sum ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Exact utility of prefix position ai and suffix position bj; fills terms
 * (all issues when full, else only the suffix). */
static double split_utility(const acc__self *s, size_t ai, size_t bj, uint32_t *terms, bool full)
{
    size_t n = s->n_issues, h = s->h;
    if (full)
        acc__decode(s->radix, h, s->a_index[ai], terms);
    acc__decode(s->radix + h, n - h, s->b_index[bj], terms + h);
    if (s->num) { /* the exact value of the whole outcome */
        if (!full)
            acc__decode(s->radix, h, s->a_index[ai], terms);
        return acc__self_utility(s, terms);
    }
    double u = s->a_sum[ai];
    for (size_t i = h; i < n; i++)
        u += s->contrib[s->offset[i] + terms[i]];
    return capped(s, u);
}

static bool split_mixed_breaks(const acc__self *s, size_t ai, uint32_t *terms)
{
    if (!s->n_mixed)
        return false;
    acc__decode(s->radix, s->h, s->a_index[ai], terms);
    return breaks_any(s->mixed, s->n_mixed, terms);
}

/* Pick the cut h minimising the larger half, both within max. */
static bool choose_cut(const uint32_t *radix, size_t n, uint64_t N, uint64_t max, size_t *h_out,
                       uint64_t *na, uint64_t *nb)
{
    uint64_t prefix = 1, best = UINT64_MAX;
    bool found = false;
    for (size_t h = 0; h <= n; h++) {
        uint64_t a = prefix, b = N / prefix;
        uint64_t big = a > b ? a : b;
        if (a <= max && b <= max && big < best) {
            best = big;
            *h_out = h;
            *na = a;
            *nb = b;
            found = true;
        }
        if (h < n) {
            if (prefix > UINT64_MAX / radix[h])
                break;
            prefix *= radix[h];
        }
    }
    return found;
}

static accord_status build_split(acc__self *s, uint64_t max_sorted, const accord_model *m,
                                 accord_diagnostics *diag)
{
    size_t n = s->n_issues;
    accord_status rc = ACCORD_OK;
    const accord_expr **a_lines = NULL, **b_lines = NULL;
    uint32_t *vars = NULL, *terms = NULL;
    double *partial = NULL;
    suffix_entry *suffix = NULL;
    if (!choose_cut(s->radix, n, s->n_outcomes, max_sorted, &s->h, &s->nA, &s->nB)) {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "the outcome space has %.0f outcomes; the negotiation agents search it in two "
                  "halves of issues, and no cut keeps both halves within %llu partial outcomes "
                  "(raise the limit: accord_negotiation_options.max_sorted)",
                  (double)s->n_outcomes, (unsigned long long)max_sorted);
        return ACCORD_E_LIMIT;
    }
    size_t h = s->h;
    size_t n_a_lines = 0, n_b_lines = 0;
    a_lines = acc__calloc(s->n_red_lines + 1, sizeof *a_lines);
    b_lines = acc__calloc(s->n_red_lines + 1, sizeof *b_lines);
    s->mixed = acc__calloc(s->n_red_lines + 1, sizeof *s->mixed);
    vars = acc__calloc(n + 1, sizeof *vars);
    terms = acc__calloc(n + 1, sizeof *terms);
    partial = acc__calloc(n + 1, sizeof *partial);
    s->a_index = acc__calloc((size_t)s->nA, sizeof *s->a_index);
    s->a_sum = acc__calloc((size_t)s->nA, sizeof *s->a_sum);
    suffix = acc__calloc((size_t)s->nB, sizeof *suffix);
    if (!a_lines || !b_lines || !s->mixed || !vars || !terms || !partial || !s->a_index ||
        !s->a_sum || !suffix) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    /* A red line is checked on the half it reads; one reading both halves
     * is checked per candidate. */
    for (size_t r = 0; r < s->n_red_lines; r++) {
        size_t nv = acc__expr_vars(s->red_lines[r], vars, n);
        bool in_a = false, in_b = false;
        for (size_t k = 0; k < nv && k < n; k++) {
            if (vars[k] < h)
                in_a = true;
            else
                in_b = true;
        }
        if (in_a && in_b)
            s->mixed[s->n_mixed++] = s->red_lines[r];
        else if (in_b)
            b_lines[n_b_lines++] = s->red_lines[r];
        else
            a_lines[n_a_lines++] = s->red_lines[r];
    }
    /* prefixes, ascending, with their exact partial folds */
    memset(terms, 0, (n + 1) * sizeof *terms);
    for (size_t i = 0; i < h; i++)
        partial[i + 1] = partial[i] + s->contrib[s->offset[i]];
    for (uint64_t a = 0; a < s->nA; a++) {
        if (!breaks_any(a_lines, n_a_lines, terms)) {
            s->a_index[s->n_a] = a;
            s->a_sum[s->n_a++] = partial[h];
        }
        size_t i;
        if (!odometer_next(s->radix, terms, 0, h, &i))
            break;
        for (size_t j = i; j < h; j++)
            partial[j + 1] = partial[j] + s->contrib[s->offset[j] + terms[j]];
    }
    /* suffixes with their folds from 0 */
    memset(terms, 0, (n + 1) * sizeof *terms);
    partial[h] = 0;
    for (size_t i = h; i < n; i++)
        partial[i + 1] = partial[i] + s->contrib[s->offset[i]];
    size_t nb = 0;
    for (uint64_t b = 0; b < s->nB; b++) {
        if (!breaks_any(b_lines, n_b_lines, terms)) {
            suffix[nb].sum = partial[n];
            suffix[nb++].index = b;
        }
        size_t i;
        if (!odometer_next(s->radix, terms, h, n, &i))
            break;
        for (size_t j = i; j < n; j++)
            partial[j + 1] = partial[j] + s->contrib[s->offset[j] + terms[j]];
    }
    qsort(suffix, nb, sizeof *suffix, suffix_cmp);
    s->b_index = acc__calloc(nb + 1, sizeof *s->b_index);
    s->b_sum = acc__calloc(nb + 1, sizeof *s->b_sum);
    if (!s->b_index || !s->b_sum) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t k = 0; k < nb; k++) {
        s->b_index[k] = suffix[k].index;
        s->b_sum[k] = suffix[k].sum;
    }
    s->n_b = nb;

    /* Extremes over the allowed outcomes: per prefix, scan the suffixes from
     * the top (bottom) until no exact total can beat the best. */
    bool found = false, at_cap = false;
    for (size_t ai = 0; ai < s->n_a && !at_cap; ai++)
        for (size_t j = s->n_b; j-- > 0;) {
            double approx = capped(s, s->a_sum[ai] + s->b_sum[j]);
            if (found && approx < s->umax - ACC_NEG_EPS)
                break;
            double u = split_utility(s, ai, j, terms, false);
            if (split_mixed_breaks(s, ai, terms))
                continue;
            if (!found || u > s->umax)
                s->umax = u;
            found = true;
            if (s->cap && s->umax >= 1) {
                at_cap = true; /* nothing exceeds the cap */
                break;
            }
        }
    bool found_min = false;
    for (size_t ai = 0; ai < s->n_a; ai++)
        for (size_t j = 0; j < s->n_b; j++) {
            double approx = capped(s, s->a_sum[ai] + s->b_sum[j]);
            if (found_min && approx > s->umin + ACC_NEG_EPS)
                break;
            double u = split_utility(s, ai, j, terms, false);
            if (split_mixed_breaks(s, ai, terms))
                continue;
            if (!found_min || u < s->umin)
                s->umin = u;
            found_min = true;
        }
    if (!found)
        s->n_a = 0; /* nothing allowed: reported by the caller */
out:
    acc__free(a_lines);
    acc__free(b_lines);
    acc__free(vars);
    acc__free(terms);
    acc__free(partial);
    acc__free(suffix);
    return rc;
}

accord_status acc__self_init(acc__self *s, const accord_model *m, size_t p, const uint32_t *radix,
                             const size_t *offset, uint64_t n_outcomes, uint64_t max_sorted,
                             bool force_split, accord_diagnostics *diag)
{
    const accord_agreement *ag = m->agreement;
    const accord_utility_table *t = &ag->table;
    const accord_preference *pr = &ag->preferences[p];
    memset(s, 0, sizeof *s);
    s->party = p;
    s->n_issues = ag->n_issues;
    s->radix = radix;
    s->offset = offset;
    s->cap = t->cap[p];
    s->reservation = t->reservation[p];
    s->g_reservation = acc__grid(s->reservation);
    s->n_outcomes = n_outcomes;
    s->contrib = acc__calloc(t->total_options + 1, sizeof *s->contrib);
    s->red_lines = acc__calloc(pr->n_red_lines + 1, sizeof *s->red_lines);
    if (!s->contrib || !s->red_lines) {
        acc__self_clear(s);
        return ACCORD_E_NOMEM;
    }
    memcpy(s->contrib, t->contrib + p * t->total_options, t->total_options * sizeof *s->contrib);
    const acc__exact *e = acc__exact_of(m, t, p);
    if (e) {
        if (!(s->num = acc__calloc(t->total_options + 1, sizeof *s->num))) {
            acc__self_clear(s);
            return ACCORD_E_NOMEM;
        }
        memcpy(s->num, e->num + p * t->total_options, t->total_options * sizeof *s->num);
        s->den = e->den[p];
    }
    s->issues = ag->issues;
    s->nonlinear = pr->nonlinear;
    s->n_red_lines = pr->n_red_lines;
    for (size_t r = 0; r < pr->n_red_lines; r++)
        s->red_lines[r] = pr->red_lines[r].expr;

    accord_status rc = ACCORD_E_LIMIT;
    if (!force_split && n_outcomes <= max_sorted && n_outcomes <= ((uint64_t)1 << 32)) {
        rc = build_sorted(s);
        if (!rc)
            s->sorted = true;
        else if (rc != ACCORD_E_LIMIT) {
            acc__self_clear(s);
            return rc;
        }
    }
    if (!s->sorted && s->nonlinear) {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "%s's utility is non-linear (GENIUS hyper-rectangles), so its agent enumerates "
                  "the outcomes one by one, and %.3g outcomes are too many (at most %llu)",
                  m->parties[p].id, ag->outcomes, (unsigned long long)max_sorted);
        acc__self_clear(s);
        return ACCORD_E_LIMIT;
    }
    if (!s->sorted) {
        rc = build_split(s, max_sorted, m, diag);
        if (rc) {
            acc__self_clear(s);
            return rc;
        }
    }
    if ((s->sorted && s->n_keys == 0) || (!s->sorted && s->n_a == 0)) {
        acc__diag(diag, ACCORD_ERROR, m->path, pr->loc.line, pr->loc.col,
                  "every outcome breaks one of %s's red lines, so its negotiation agent could "
                  "make no offer",
                  m->parties[p].id);
        acc__self_clear(s);
        return ACCORD_E_INVALID;
    }
    s->gmax = acc__grid(s->umax);
    return ACCORD_OK;
}

static void find_sorted(const acc__self *s, int64_t target, uint64_t *index, int64_t *grid)
{
    int64_t biased = target - s->gbase;
    uint64_t key = biased <= 0 ? 0 : (uint64_t)biased << 32;
    size_t lo = acc__lower_bound_u64(s->keys, s->n_keys, key);
    if (lo == s->n_keys) /* target above gmax: the caller clamps, this is a guard */
        lo = s->n_keys - 1;
    *index = s->keys[lo] & 0xffffffffu;
    *grid = (int64_t)(s->keys[lo] >> 32) + s->gbase;
}

static size_t lower_bound_sum(const double *v, size_t n, double x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void find_split(const acc__self *s, int64_t target, uint32_t *terms, uint64_t *index,
                       int64_t *grid)
{
    /* Any total whose grid value is >= target is >= vlo (rounding to nearest). */
    double vlo = ((double)target - 0.5) / GRID_SCALE - ACC_NEG_EPS;
    int64_t best_g = INT64_MAX;
    uint64_t best_idx = UINT64_MAX;
    size_t best_ai = SIZE_MAX;
    for (size_t ai = 0; ai < s->n_a; ai++) {
        double a = s->a_sum[ai];
        size_t j = lower_bound_sum(s->b_sum, s->n_b, vlo - a - ACC_NEG_EPS);
        for (; j < s->n_b; j++) {
            double approx = a + s->b_sum[j];
            if (best_g != INT64_MAX) {
                /* a later prefix must be strictly better; the same prefix
                 * may tie with a smaller suffix index */
                double limit = best_ai == ai ? ((double)best_g + 0.5) / GRID_SCALE
                                             : ((double)best_g - 0.5) / GRID_SCALE;
                bool unbounded = s->cap && best_ai == ai && best_g >= ACC_GRID_ONE;
                if (!unbounded && approx > limit + ACC_NEG_EPS)
                    break;
            }
            double u = split_utility(s, ai, j, terms, false);
            int64_t g = acc__grid(u);
            if (g < target || g > best_g)
                continue;
            uint64_t idx = s->a_index[ai] * s->nB + s->b_index[j];
            if (g == best_g && idx >= best_idx)
                continue;
            if (split_mixed_breaks(s, ai, terms))
                continue;
            best_g = g;
            best_idx = idx;
            best_ai = ai;
        }
        if (best_g == target)
            break; /* nothing later can be lower, and ties come later in order */
    }
    *index = best_idx;
    *grid = best_g;
}

void acc__self_find(const acc__self *s, int64_t target, acc__scratch *scratch, uint64_t *index,
                    int64_t *grid)
{
    if (target > s->gmax)
        target = s->gmax;
    if (s->sorted)
        find_sorted(s, target, index, grid);
    else
        find_split(s, target, scratch->terms, index, grid);
}
