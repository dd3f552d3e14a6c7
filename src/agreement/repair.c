/*
 * repair.c - the fewest provisions to change so that every party accepts.
 *
 * For k = 0, 1, 2, ... a depth-first branch and bound decides, issue by
 * issue, whether to keep the original option or change it, with exactly k
 * changes in all.  A party's bound at a node is its utility so far, plus
 * what it gets from the remaining issues kept as they are, plus its k' best
 * gains among them (k' = the changes still to make): when that cannot reach
 * its reservation, the branch is cut.  Parties alone are weak bounds when
 * every issue trades one party's gain for another's loss, so the same bound
 * is also applied to sums of utilities (every group of two or more parties,
 * or for more than four parties the pairs and the whole): a group's
 * utilities must reach the sum of its reservations, and its k' best gains
 * are those of the sum.  Red lines are checked as soon as every issue they
 * mention is fixed.  The first k with a rational outcome is the minimum
 * (every smaller k was searched exhaustively).  At that k the repairs are
 * counted until more than max_repairs are known; from then on a branch is
 * also cut when even the parties' bounds cannot give a Nash product as good
 * as the worst one kept.
 */
#include "../model/model.h"
#include "../zopa/rational_search.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

typedef struct repair_search {
    const accord_model *m;
    const uint32_t *orig;
    size_t np, ni, T;
    uint32_t *order;      /* issues in search order */
    size_t *depth_of;
    /* red lines checked at depth d: [check_start[d], check_start[d+1]) */
    const accord_expr **checks;
    size_t *check_start;
    double *keep_rest;    /* (ni+1) x np: utility of issues order[d..] kept */
    double *topgain;      /* (ni+1) x np x (ni+1): sum of the b best gains in order[d..] */
    /* groups of parties whose summed utility is bounded too */
    size_t ng;
    uint64_t *group;      /* ng: bit p set for party p */
    double *g_target;     /* ng: the sum of the group's reservations, less a margin */
    double *g_keep_rest;  /* (ni+1) x ng */
    double *g_topgain;    /* (ni+1) x ng x (ni+1) */
    double *partial;      /* (ni+1) x np */
    uint32_t *terms;
    size_t k;             /* changes to make */
    uint64_t nodes;       /* search nodes so far */
    accord_progress_fn progress;
    void *progress_ctx;
    /* results */
    size_t max_keep, n_found;
    accord_repair_item *best; /* up to max_keep, best first */
    size_t n_best;
    accord_status rc;
} repair_search;

void accord_repair_result_free(accord_repair_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_repairs; i++) {
        acc__free(r->repairs[i].terms);
        acc__free(r->repairs[i].changed);
        acc__free(r->repairs[i].utility);
    }
    acc__free(r->repairs);
    acc__free(r->original);
    acc__free(r->label);
    acc__free(r->ignored_red_lines);
    acc__free(r);
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The gain of changing issue i for the parties in `in` (summed): their best
 * option's contribution less the original's (never negative). */
static double gain_of(const repair_search *s, const bool *in, size_t i, double *orig)
{
    const accord_utility_table *t = &s->m->agreement->table;
    double o = 0, best = -INFINITY;
    for (size_t p = 0; p < s->np; p++)
        if (in[p])
            o += t->contrib[p * s->T + t->offset[i] + s->orig[i]];
    for (size_t k = 0; k < s->m->agreement->issues[i].n_options; k++) {
        double x = 0;
        for (size_t p = 0; p < s->np; p++)
            if (in[p])
                x += t->contrib[p * s->T + t->offset[i] + k];
        best = fmax(best, x);
    }
    *orig = o;
    return best - o;
}

/* The suffix bounds of the parties in `in`, summed: keep_rest[d * ks] (the
 * issues order[d..] kept) and top[d * ts + b] (the sum of their b largest
 * gains), d = 0..ni.  scratch: 3 * ni doubles.  O(ni m n + ni^2 log ni). */
static void suffix_bounds(const repair_search *s, const bool *in, double *scratch,
                          double *keep_rest, size_t ks, double *top, size_t ts)
{
    size_t ni = s->ni;
    double *gain = scratch, *keep = scratch + ni, *sorted = scratch + 2 * ni;
    for (size_t i = 0; i < ni; i++)
        gain[i] = gain_of(s, in, i, &keep[i]);
    for (size_t d = ni + 1; d-- > 0;) {
        size_t n = 0;
        double k = 0;
        for (size_t e = d; e < ni; e++) {
            k += keep[s->order[e]];
            sorted[n++] = gain[s->order[e]];
        }
        qsort(sorted, n, sizeof *sorted, cmp_desc);
        keep_rest[d * ks] = k;
        double *tg = top + d * ts;
        tg[0] = 0;
        for (size_t b = 1; b <= ni; b++)
            tg[b] = tg[b - 1] + (b <= n ? sorted[b - 1] : 0);
    }
}

/* Is candidate a better than b: Nash product, then welfare, then the
 * smaller enumeration index (lexicographic terms, first issue first). */
static bool better(const repair_search *s, const accord_repair_item *a, const accord_repair_item *b)
{
    if (fabs(a->nash_product - b->nash_product) > 1e-12)
        return a->nash_product > b->nash_product;
    double wa = 0, wb = 0;
    for (size_t p = 0; p < s->np; p++) {
        wa += a->utility[p];
        wb += b->utility[p];
    }
    if (fabs(wa - wb) > 1e-12)
        return wa > wb;
    for (size_t i = 0; i < s->ni; i++)
        if (a->terms[i] != b->terms[i])
            return a->terms[i] < b->terms[i];
    return false;
}

static void offer(repair_search *s)
{
    const accord_utility_table *t = &s->m->agreement->table;
    s->n_found++;
    accord_repair_item cand = {0};
    double u[64];
    double *util = s->np <= 64 ? u : NULL;
    if (!util)
        util = acc__calloc(s->np, sizeof *util);
    if (!util) {
        s->rc = ACCORD_E_NOMEM;
        return;
    }
    double nash = 1;
    for (size_t p = 0; p < s->np; p++) {
        util[p] = accord_utility(s->m, p, s->terms);
        nash *= util[p] - t->reservation[p];
    }
    cand.terms = s->terms;
    cand.utility = util;
    cand.nash_product = nash;
    /* position among the kept ones */
    size_t pos = s->n_best;
    while (pos > 0 && better(s, &cand, &s->best[pos - 1]))
        pos--;
    if (pos >= s->max_keep) {
        if (util != u)
            acc__free(util);
        return;
    }
    accord_repair_item item = {0};
    item.terms = acc__calloc(s->ni + 1, sizeof *item.terms);
    item.utility = acc__calloc(s->np + 1, sizeof *item.utility);
    item.changed = acc__calloc(s->k + 1, sizeof *item.changed);
    if (!item.terms || !item.utility || !item.changed) {
        acc__free(item.terms);
        acc__free(item.utility);
        acc__free(item.changed);
        if (util != u)
            acc__free(util);
        s->rc = ACCORD_E_NOMEM;
        return;
    }
    memcpy(item.terms, s->terms, s->ni * sizeof *item.terms);
    memcpy(item.utility, util, s->np * sizeof *item.utility);
    if (util != u)
        acc__free(util);
    item.nash_product = nash;
    for (size_t i = 0; i < s->ni; i++)
        if (s->terms[i] != s->orig[i])
            item.changed[item.n_changed++] = i;
    if (s->n_best == s->max_keep) { /* drop the last */
        accord_repair_item *last = &s->best[s->n_best - 1];
        acc__free(last->terms);
        acc__free(last->utility);
        acc__free(last->changed);
        s->n_best--;
    }
    memmove(&s->best[pos + 1], &s->best[pos], (s->n_best - pos) * sizeof *s->best);
    s->best[pos] = item;
    s->n_best++;
}

static bool red_lines_clear(const repair_search *s, size_t d)
{
    for (size_t c = s->check_start[d]; c < s->check_start[d + 1]; c++)
        if (accord_expr_eval_outcome(s->checks[c], s->terms))
            return false;
    return true;
}

/* Assign order[d..]; `left` changes still to make. */
static void search(repair_search *s, size_t d, size_t left)
{
    if (s->rc)
        return;
    if ((++s->nodes & ((1u << 22) - 1)) == 0 && s->progress)
        s->progress(s->progress_ctx, "repair", s->k, s->ni, (size_t)s->nodes);
    const accord_agreement *ag = s->m->agreement;
    const accord_utility_table *t = &ag->table;
    size_t np = s->np, ni = s->ni;
    if (d == ni) {
        /* the bounds kept a margin for rounding; the outcome is decided exactly */
        bool rational = left == 0;
        for (size_t p = 0; p < np && rational; p++)
            rational = acc__reaches_reservation(acc__exact_of(s->m, t, p), p, t->offset, ni, s->terms,
                                                s->partial[d * np + p], t->cap[p], t->reservation[p]);
        if (rational)
            offer(s);
        return;
    }
    if (left > ni - d)
        return;
    size_t i = s->order[d];
    const accord_issue *is = &ag->issues[i];
    /* keep first (fewer changes explored early), then every other option */
    for (uint32_t pass = 0; pass <= is->n_options; pass++) {
        uint32_t k;
        if (pass == 0)
            k = s->orig[i];
        else if (pass - 1 == s->orig[i])
            continue;
        else
            k = pass - 1;
        bool change = pass != 0;
        if (change && left == 0)
            break;
        size_t left2 = left - (change ? 1 : 0);
        s->terms[i] = k;
        if (!red_lines_clear(s, d))
            continue;
        bool ok = true;
        double nash_bound = 1;
        const double *v = s->partial + (d + 1) * np;
        for (size_t p = 0; p < np && ok; p++) {
            s->partial[(d + 1) * np + p] =
                s->partial[d * np + p] + t->contrib[p * s->T + t->offset[i] + k];
            double bound = v[p] + s->keep_rest[(d + 1) * np + p] +
                           s->topgain[((d + 1) * np + p) * (ni + 1) + left2];
            if (t->cap[p] && bound > 1)
                bound = 1;
            if (bound < t->reservation[p] - ACC_BOUND_EPS)
                ok = false;
            nash_bound *= fmax(0, bound - t->reservation[p]);
        }
        for (size_t g = 0; g < s->ng && ok; g++) {
            double sum = s->g_keep_rest[(d + 1) * s->ng + g] +
                         s->g_topgain[((d + 1) * s->ng + g) * (ni + 1) + left2];
            for (size_t p = 0; p < np; p++)
                if ((s->group[g] >> p) & 1u)
                    sum += v[p];
            ok = sum >= s->g_target[g] - ACC_BOUND_EPS;
        }
        /* the list is full and "more" settled: only better products matter */
        if (ok && s->n_found > s->max_keep && s->n_best == s->max_keep &&
            nash_bound < s->best[s->n_best - 1].nash_product - 1e-12)
            ok = false;
        if (ok)
            search(s, d + 1, left2);
        if (s->rc)
            return;
    }
    s->terms[i] = s->orig[i];
}

/* Every option of the terms exists. */
static accord_status check_terms(const accord_agreement *ag, const uint32_t *terms,
                                 accord_diagnostics *diag)
{
    for (size_t i = 0; i < ag->n_issues; i++)
        if (terms[i] >= ag->issues[i].n_options) {
            acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "option %u of issue \"%s\" is out of range (it has %zu)",
                      terms[i], ag->issues[i].id, ag->issues[i].n_options);
            return ACCORD_E_ARG;
        }
    return ACCORD_OK;
}

/* The search's arrays for its issues, parties and groups of parties, and
 * nred red lines. */
static accord_status search_alloc(repair_search *s, size_t nred)
{
    size_t np = s->np, ni = s->ni;
    s->order = acc__calloc(ni + 1, sizeof *s->order);
    s->depth_of = acc__calloc(ni + 1, sizeof *s->depth_of);
    s->checks = acc__calloc(nred + 1, sizeof *s->checks);
    s->check_start = acc__calloc(ni + 2, sizeof *s->check_start);
    s->keep_rest = acc__calloc((ni + 1) * np + 1, sizeof *s->keep_rest);
    s->topgain = acc__calloc((ni + 1) * np * (ni + 1) + 1, sizeof *s->topgain);
    s->partial = acc__calloc((ni + 1) * np + 1, sizeof *s->partial);
    s->terms = acc__calloc(ni + 1, sizeof *s->terms);
    s->group = acc__calloc(ACC_MAX_GROUPS, sizeof *s->group);
    s->ng = s->group ? acc__party_groups(np, s->group) : 0;
    s->g_target = acc__calloc(s->ng + 1, sizeof *s->g_target);
    s->g_keep_rest = acc__calloc((ni + 1) * s->ng + 1, sizeof *s->g_keep_rest);
    s->g_topgain = acc__calloc((ni + 1) * s->ng * (ni + 1) + 1, sizeof *s->g_topgain);
    if (!s->order || !s->depth_of || !s->checks || !s->check_start || !s->keep_rest ||
        !s->topgain || !s->partial || !s->terms || !s->group || !s->g_target || !s->g_keep_rest ||
        !s->g_topgain)
        return ACCORD_E_NOMEM;
    return ACCORD_OK;
}

static void search_free(repair_search *s)
{
    if (s->best) {
        for (size_t i = 0; i < s->n_best; i++) {
            acc__free(s->best[i].terms);
            acc__free(s->best[i].utility);
            acc__free(s->best[i].changed);
        }
        acc__free(s->best);
    }
    acc__free(s->order);
    acc__free(s->depth_of);
    acc__free(s->checks);
    acc__free(s->check_start);
    acc__free(s->keep_rest);
    acc__free(s->topgain);
    acc__free(s->partial);
    acc__free(s->terms);
    acc__free(s->group);
    acc__free(s->g_target);
    acc__free(s->g_keep_rest);
    acc__free(s->g_topgain);
}

/* The search order: issues with the most red-line mentions first (they
 * prune early), then the issues whose change can give a party the most:
 * once they are decided, what is left to gain is small and the bounds are
 * tight (on a 3-party, 20-issue trade-off model this took a search from
 * 28 s to a millisecond). */
static accord_status search_order(repair_search *s)
{
    const accord_agreement *ag = s->m->agreement;
    size_t np = s->np, ni = s->ni;
    uint32_t vars[ACC_EXPR_MAX_NODES];
    double *gains = acc__calloc(ni + 1, sizeof *gains);
    size_t *mentions = acc__calloc(ni + 1, sizeof *mentions);
    bool *in = acc__calloc(np + 1, sizeof *in);
    accord_status rc = gains && mentions && in ? ACCORD_OK : ACCORD_E_NOMEM;
    for (size_t p = 0; p < np && !rc; p++)
        for (size_t q = 0; q < ag->preferences[p].n_red_lines; q++) {
            size_t nv = acc__expr_vars(ag->preferences[p].red_lines[q].expr, vars, ACC_EXPR_MAX_NODES);
            for (size_t v = 0; v < nv && v < ACC_EXPR_MAX_NODES; v++)
                mentions[vars[v]]++;
        }
    for (size_t i = 0; i < ni && !rc; i++) {
        s->order[i] = (uint32_t)i;
        gains[i] = 0; /* the most a change of issue i gives any party */
        for (size_t p = 0; p < np; p++) {
            double orig;
            memset(in, 0, np * sizeof *in);
            in[p] = true;
            gains[i] = fmax(gains[i], gain_of(s, in, i, &orig));
        }
    }
    for (size_t a = 1; a < ni && !rc; a++) {
        uint32_t x = s->order[a];
        size_t b = a;
        while (b > 0 && (mentions[s->order[b - 1]] < mentions[x] ||
                         (mentions[s->order[b - 1]] == mentions[x] && gains[s->order[b - 1]] < gains[x]))) {
            s->order[b] = s->order[b - 1];
            b--;
        }
        s->order[b] = x;
    }
    for (size_t d = 0; d < ni && !rc; d++)
        s->depth_of[s->order[d]] = d;
    acc__free(gains);
    acc__free(mentions);
    acc__free(in);
    return rc;
}

/* The red lines (those not ignored) by the depth at which their last issue
 * is fixed. */
static void red_line_checks(repair_search *s, const bool *ignored)
{
    const accord_agreement *ag = s->m->agreement;
    size_t np = s->np, ni = s->ni, nc = 0;
    uint32_t vars[ACC_EXPR_MAX_NODES];
    for (size_t d = 0; d < ni; d++) {
        s->check_start[d] = nc;
        for (size_t p = 0, g = 0; p < np; p++)
            for (size_t q = 0; q < ag->preferences[p].n_red_lines; q++, g++) {
                const accord_expr *e = ag->preferences[p].red_lines[q].expr;
                if (ignored && ignored[g])
                    continue;
                size_t nv = acc__expr_vars(e, vars, ACC_EXPR_MAX_NODES), deepest = 0;
                for (size_t v = 0; v < nv && v < ACC_EXPR_MAX_NODES; v++)
                    if (s->depth_of[vars[v]] > deepest)
                        deepest = s->depth_of[vars[v]];
                if (deepest == d)
                    s->checks[nc++] = e;
            }
    }
    s->check_start[ni] = s->check_start[ni + 1] = nc;
}

/* The bounds: for every party, and every group of parties summed
 * (rational_search.h), what the issues ahead give kept and their b best
 * gains. */
static accord_status search_bounds(repair_search *s)
{
    size_t np = s->np, ni = s->ni;
    bool *in = acc__calloc(np + 1, sizeof *in);
    double *scratch = acc__calloc(3 * ni + 1, sizeof *scratch);
    if (!in || !scratch) {
        acc__free(in);
        acc__free(scratch);
        return ACCORD_E_NOMEM;
    }
    for (size_t p = 0; p < np; p++) {
        memset(in, 0, np * sizeof *in);
        in[p] = true;
        suffix_bounds(s, in, scratch, s->keep_rest + p, np, s->topgain + p * (ni + 1), np * (ni + 1));
    }
    for (size_t g = 0; g < s->ng; g++) {
        for (size_t p = 0; p < np; p++)
            if ((in[p] = (s->group[g] >> p) & 1u))
                s->g_target[g] += s->m->agreement->table.reservation[p];
        /* far above rounding; only a group that misses clearly is cut */
        s->g_target[g] -= 1e-9;
        suffix_bounds(s, in, scratch, s->g_keep_rest + g, s->ng, s->g_topgain + g * (ni + 1),
                      s->ng * (ni + 1));
    }
    acc__free(in);
    acc__free(scratch);
    return ACCORD_OK;
}

/* For k = 0, 1, 2, ... the search with exactly k changes, until one finds
 * a repair: s->k is then the fewest changes. */
static accord_status search_fewest(repair_search *s)
{
    for (s->k = 0; s->k <= s->ni; s->k++) {
        if (s->progress)
            s->progress(s->progress_ctx, "repair", s->k, s->ni, (size_t)s->nodes);
        search(s, 0, s->k);
        if (s->rc)
            return s->rc;
        if (s->n_found)
            break;
    }
    return ACCORD_OK;
}

void accord_repair_options_init(accord_repair_options *opts) { memset(opts, 0, sizeof *opts); }

accord_status accord_repair_compute(const accord_model *m, const accord_repair_options *opts,
                                    accord_repair_result **out, accord_diagnostics *diag)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    if (!m || !opts || !opts->terms)
        return ACCORD_E_ARG;
    const uint32_t *terms = opts->terms;
    if (!m->agreement)
        return ACCORD_E_NODATA;
    accord_status rc = acc__require_additive(m, "repair", diag);
    if (rc)
        return rc;
    const accord_agreement *ag = m->agreement;
    size_t np = m->n_parties, ni = ag->n_issues;
    if ((rc = check_terms(ag, terms, diag)))
        return rc;
    repair_search s = {.m = m, .orig = terms, .np = np, .ni = ni, .T = ag->table.total_options};
    acc__rational_search *rs = NULL;
    accord_repair_result *r = acc__calloc(1, sizeof *r);
    if (!r)
        return ACCORD_E_NOMEM;
    r->n_parties = np;
    r->n_issues = ni;
    r->original = acc__calloc(ni + 1, sizeof *r->original);
    if (!r->original || (opts && opts->label && !(r->label = acc__strdup(opts->label)))) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    memcpy(r->original, terms, ni * sizeof *terms);
    /* kept so that renderers can say what was dropped */
    if ((rc = acc__red_lines_ignored_copy(m, opts->ignored_red_lines, &r->ignored_red_lines)))
        goto out;
    /* Is anything rational at all?  (An exact search; cheap when the red
     * lines or reservations rule everything out near the root.) */
    bool found = false;
    const bool *ignored = opts ? opts->ignored_red_lines : NULL;
    if (!(rc = acc__rational_search_new(m, &rs)))
        acc__rational_search_ignore(rs, ignored);
    if (rc || (rc = acc__rational_search_run(rs, &ag->table, 0, &found, NULL)))
        goto out;
    r->feasible = found;
    if (!found)
        goto out;

    size_t nred = 0;
    for (size_t p = 0; p < np; p++)
        nred += ag->preferences[p].n_red_lines;
    if ((rc = search_alloc(&s, nred)) || (rc = search_order(&s)))
        goto out;
    red_line_checks(&s, ignored);
    if ((rc = search_bounds(&s)))
        goto out;
    memcpy(s.terms, terms, ni * sizeof *terms);
    s.max_keep = opts && opts->max_repairs ? opts->max_repairs : ACCORD_DEFAULT_MAX_REPAIRS;
    s.best = acc__calloc(s.max_keep + 1, sizeof *s.best);
    if (!s.best) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    s.progress = opts ? opts->progress : NULL;
    s.progress_ctx = opts ? opts->progress_ctx : NULL;
    if ((rc = search_fewest(&s)))
        goto out;
    r->changes = s.k;
    r->repairs = s.best;
    r->n_repairs = s.n_best;
    r->more = s.n_found > s.n_best;
    s.best = NULL;
out:
    search_free(&s);
    acc__rational_search_free(rs);
    if (rc) {
        accord_repair_result_free(r);
        return rc;
    }
    *out = r;
    return ACCORD_OK;
}
