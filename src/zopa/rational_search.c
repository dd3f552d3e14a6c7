/* rational_search.c - existence of a rational outcome by branch and bound. */
#include "rational_search.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* An option and how promising it is. */
typedef struct scored {
    double score;
    uint32_t k;
} scored;

struct acc__rational_search {
    const accord_model *m;
    size_t np, ni;
    uint32_t *order;     /* issues in search order: red-line issues first, then by size */
    size_t *depth_of;    /* issue -> position in order */
    /* red lines checked at the depth where their last issue is assigned */
    size_t n_checks;
    struct check {
        size_t depth; /* check once order[0..depth] are assigned */
        size_t global; /* the red line's number, party by party */
        const accord_expr *expr;
    } *checks;
    const bool *ignored; /* by global red-line number, or NULL */
    size_t *check_start; /* per depth: first check (checks sorted by depth), ni + 1 entries */
    double *rest_max;    /* (ni + 1) x np: best completion from depth d on, per party */
    double *partial;     /* (ni + 1) x np */
    uint32_t *terms;     /* current assignment, by issue */
    uint32_t *next;      /* per depth: the next option to try (index into its order) */
    /* groups of parties: summed utilities bounded like one party's */
    size_t ng;
    uint64_t *group;
    double *g_rest;      /* (ni + 1) x ng: best summed completion from depth d on */
    double *g_target;    /* ng */
    /* per depth: the issue's options, most promising first */
    size_t *opt_start;   /* ni + 1 offsets into opts */
    uint32_t *opts;
    scored *score;       /* per option of the issue being ordered */
};

size_t acc__party_groups(size_t np, uint64_t *out)
{
    size_t n = 0;
    if (np < 2 || np > 64)
        return 0;
    if (np <= 4) {
        for (uint64_t g = 1; g < ((uint64_t)1 << np); g++)
            if (g & (g - 1)) /* two or more parties */
                out[n++] = g;
        return n;
    }
    for (size_t a = 0; a < np && n + 1 < ACC_MAX_GROUPS; a++)
        for (size_t b = a + 1; b < np && n + 1 < ACC_MAX_GROUPS; b++)
            out[n++] = ((uint64_t)1 << a) | ((uint64_t)1 << b);
    out[n++] = np == 64 ? UINT64_MAX : ((uint64_t)1 << np) - 1;
    return n;
}

static int cmp_checks(const void *a, const void *b)
{
    const struct check *x = a, *y = b;
    if (x->depth != y->depth)
        return x->depth < y->depth ? -1 : 1;
    return x->global < y->global ? -1 : x->global > y->global;
}

size_t acc__red_line_count(const accord_model *m)
{
    size_t n = 0;
    for (size_t p = 0; m->agreement && p < m->n_parties; p++)
        n += m->agreement->preferences[p].n_red_lines;
    return n;
}

const bool *acc__red_lines_ignored(const accord_model *m, const bool *ignored, size_t p)
{
    if (!ignored)
        return NULL;
    for (size_t q = 0; q < p; q++)
        ignored += m->agreement->preferences[q].n_red_lines;
    return ignored;
}

accord_status acc__red_lines_ignored_copy(const accord_model *m, const bool *ignored, bool **out)
{
    *out = NULL;
    if (!ignored)
        return ACCORD_OK;
    size_t n = acc__red_line_count(m);
    if (!(*out = acc__calloc(n + 1, sizeof **out)))
        return ACCORD_E_NOMEM;
    memcpy(*out, ignored, n * sizeof **out);
    return ACCORD_OK;
}

void acc__rational_search_ignore(acc__rational_search *s, const bool *ignored) { s->ignored = ignored; }

void acc__rational_search_free(acc__rational_search *s)
{
    if (!s)
        return;
    acc__free(s->order);
    acc__free(s->depth_of);
    acc__free(s->checks);
    acc__free(s->check_start);
    acc__free(s->rest_max);
    acc__free(s->partial);
    acc__free(s->terms);
    acc__free(s->next);
    acc__free(s->group);
    acc__free(s->g_rest);
    acc__free(s->g_target);
    acc__free(s->opt_start);
    acc__free(s->opts);
    acc__free(s->score);
    acc__free(s);
}

accord_status acc__rational_search_new(const accord_model *m, acc__rational_search **out)
{
    *out = NULL;
    const accord_agreement *ag = m->agreement;
    acc__rational_search *s = acc__calloc(1, sizeof *s);
    if (!s)
        return ACCORD_E_NOMEM;
    accord_status rc = ACCORD_OK;
    size_t np = m->n_parties, ni = ag->n_issues;
    s->m = m;
    s->np = np;
    s->ni = ni;
    size_t nred = 0;
    for (size_t p = 0; p < np; p++)
        nred += ag->preferences[p].n_red_lines;
    s->order = acc__calloc(ni + 1, sizeof *s->order);
    s->depth_of = acc__calloc(ni + 1, sizeof *s->depth_of);
    s->checks = acc__calloc(nred + 1, sizeof *s->checks);
    s->check_start = acc__calloc(ni + 2, sizeof *s->check_start);
    s->rest_max = acc__calloc((ni + 1) * np + 1, sizeof *s->rest_max);
    s->partial = acc__calloc((ni + 1) * np + 1, sizeof *s->partial);
    s->terms = acc__calloc(ni + 1, sizeof *s->terms);
    s->next = acc__calloc(ni + 1, sizeof *s->next);
    s->group = acc__calloc(ACC_MAX_GROUPS, sizeof *s->group);
    s->ng = s->group ? acc__party_groups(np, s->group) : 0;
    s->g_rest = acc__calloc((ni + 1) * s->ng + 1, sizeof *s->g_rest);
    s->g_target = acc__calloc(s->ng + 1, sizeof *s->g_target);
    s->opt_start = acc__calloc(ni + 2, sizeof *s->opt_start);
    size_t *mentions = acc__calloc(ni + 1, sizeof *mentions);
    uint32_t *vars = acc__calloc(ACC_EXPR_MAX_NODES, sizeof *vars);
    if (!s->order || !s->depth_of || !s->checks || !s->check_start || !s->rest_max ||
        !s->partial || !s->terms || !s->next || !s->group || !s->g_rest || !s->g_target ||
        !s->opt_start || !mentions || !vars) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    /* Issues that red lines mention go first (most mentioned first), so that
     * red lines prune near the root; then smaller issues before larger. */
    for (size_t p = 0; p < np; p++)
        for (size_t r = 0; r < ag->preferences[p].n_red_lines; r++) {
            size_t nv = acc__expr_vars(ag->preferences[p].red_lines[r].expr, vars, ACC_EXPR_MAX_NODES);
            for (size_t v = 0; v < nv && v < ACC_EXPR_MAX_NODES; v++)
                mentions[vars[v]]++;
        }
    for (size_t i = 0; i < ni; i++)
        s->order[i] = (uint32_t)i;
    for (size_t a = 1; a < ni; a++) { /* insertion sort: stable, ni is small */
        uint32_t x = s->order[a];
        size_t b = a;
        while (b > 0) {
            uint32_t y = s->order[b - 1];
            bool before = mentions[x] != mentions[y] ? mentions[x] > mentions[y]
                                                     : ag->issues[x].n_options < ag->issues[y].n_options;
            if (!before)
                break;
            s->order[b] = y;
            b--;
        }
        s->order[b] = x;
    }
    size_t most = 1;
    for (size_t d = 0; d < ni; d++) {
        s->depth_of[s->order[d]] = d;
        s->opt_start[d + 1] = s->opt_start[d] + ag->issues[s->order[d]].n_options;
        if (ag->issues[s->order[d]].n_options > most)
            most = ag->issues[s->order[d]].n_options;
    }
    s->opts = acc__calloc(s->opt_start[ni] + 1, sizeof *s->opts);
    s->score = acc__calloc(most + 1, sizeof *s->score);
    if (!s->opts || !s->score) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t p = 0; p < np; p++)
        for (size_t r = 0; r < ag->preferences[p].n_red_lines; r++) {
            const accord_expr *e = ag->preferences[p].red_lines[r].expr;
            size_t nv = acc__expr_vars(e, vars, ACC_EXPR_MAX_NODES), depth = 0;
            for (size_t v = 0; v < nv && v < ACC_EXPR_MAX_NODES; v++)
                if (s->depth_of[vars[v]] > depth)
                    depth = s->depth_of[vars[v]];
            s->checks[s->n_checks] = (struct check){depth, s->n_checks, e};
            s->n_checks++;
        }
    qsort(s->checks, s->n_checks, sizeof *s->checks, cmp_checks);
    for (size_t d = 0, c = 0; d <= ni; d++) {
        while (c < s->n_checks && s->checks[c].depth < d)
            c++;
        s->check_start[d] = c;
    }
    s->check_start[ni + 1] = s->n_checks;
out:
    acc__free(mentions);
    acc__free(vars);
    if (rc) {
        acc__rational_search_free(s);
        return rc;
    }
    *out = s;
    return ACCORD_OK;
}

/* Do the red lines checked at depth d hold off (none broken)? */
static bool red_lines_clear(const acc__rational_search *s, size_t d)
{
    for (size_t c = s->check_start[d]; c < s->check_start[d + 1]; c++)
        if ((!s->ignored || !s->ignored[s->checks[c].global]) &&
            accord_expr_eval_outcome(s->checks[c].expr, s->terms))
            return false;
    return true;
}

static int scored_cmp(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* Order the options of the issue at depth d, most promising first: by the
 * smallest margin over the parties' reservations that the optimistic bound
 * leaves, largest first (ties: option order).  O(m (n + log m)). */
static void order_options(acc__rational_search *s, const accord_utility_table *t, size_t d)
{
    size_t np = s->np, i = s->order[d], n = s->m->agreement->issues[i].n_options;
    const double *part = s->partial + d * np, *rest = s->rest_max + (d + 1) * np;
    uint32_t *o = s->opts + s->opt_start[d];
    for (uint32_t k = 0; k < n; k++) {
        double worst = INFINITY;
        for (size_t p = 0; p < np; p++) {
            double m = part[p] + t->contrib[p * t->total_options + t->offset[i] + k] + rest[p] -
                       t->reservation[p];
            worst = m < worst ? m : worst;
        }
        s->score[k] = (scored){worst, k};
    }
    qsort(s->score, n, sizeof *s->score, scored_cmp);
    for (size_t j = 0; j < n; j++)
        o[j] = s->score[j].k;
}

accord_status acc__rational_search_run(acc__rational_search *s, const accord_utility_table *t,
                                       uint64_t max_nodes, bool *found, uint32_t *witness)
{
    const accord_agreement *ag = s->m->agreement;
    size_t np = s->np, ni = s->ni, ng = s->ng, T = t->total_options;
    *found = false;
    /* rest_max[d][p]: the most party p can add from issues order[d..ni-1];
     * g_rest[d][g]: the most group g's summed utility can add */
    for (size_t p = 0; p < np; p++)
        s->rest_max[ni * np + p] = 0;
    for (size_t g = 0; g < ng; g++) {
        s->g_rest[ni * ng + g] = 0;
        s->g_target[g] = -1e-9; /* far above rounding: only clear misses are cut */
        for (size_t p = 0; p < np; p++)
            if ((s->group[g] >> p) & 1u)
                s->g_target[g] += t->reservation[p];
    }
    for (size_t d = ni; d-- > 0;) {
        size_t i = s->order[d];
        for (size_t p = 0; p < np; p++) {
            const double *row = t->contrib + p * T + t->offset[i];
            double best = row[0];
            for (size_t k = 1; k < ag->issues[i].n_options; k++)
                if (row[k] > best)
                    best = row[k];
            s->rest_max[d * np + p] = s->rest_max[(d + 1) * np + p] + best;
        }
        for (size_t g = 0; g < ng; g++) {
            double best = -INFINITY;
            for (size_t k = 0; k < ag->issues[i].n_options; k++) {
                double x = 0;
                for (size_t p = 0; p < np; p++)
                    if ((s->group[g] >> p) & 1u)
                        x += t->contrib[p * T + t->offset[i] + k];
                best = x > best ? x : best;
            }
            s->g_rest[d * ng + g] = s->g_rest[(d + 1) * ng + g] + best;
        }
    }
    for (size_t p = 0; p < np; p++) {
        s->partial[p] = 0;
        double bound = s->rest_max[p];
        if (t->cap[p] && bound > 1)
            bound = 1;
        if (bound < t->reservation[p] - ACC_BOUND_EPS)
            return ACCORD_OK; /* not even the party's best outcome is enough */
    }
    for (size_t g = 0; g < ng; g++)
        if (s->g_rest[g] < s->g_target[g] - ACC_BOUND_EPS)
            return ACCORD_OK; /* no outcome gives the group enough */
    if (ni == 0) {
        *found = true;
        return ACCORD_OK;
    }
    uint64_t nodes = 0;
    size_t d = 0;
    s->next[0] = 0;
    order_options(s, t, 0);
    for (;;) {
        size_t i = s->order[d];
        if (s->next[d] >= ag->issues[i].n_options) {
            if (d == 0)
                return ACCORD_OK; /* exhausted: no rational outcome */
            d--;
            continue;
        }
        uint32_t k = s->opts[s->opt_start[d] + s->next[d]++];
        if (max_nodes && ++nodes > max_nodes)
            return ACCORD_E_LIMIT;
        s->terms[i] = k;
        bool ok = red_lines_clear(s, d);
        const double *v = s->partial + (d + 1) * np;
        for (size_t p = 0; ok && p < np; p++) {
            s->partial[(d + 1) * np + p] = s->partial[d * np + p] + t->contrib[p * T + t->offset[i] + k];
            double bound = v[p] + s->rest_max[(d + 1) * np + p];
            if (t->cap[p] && bound > 1)
                bound = 1;
            if (bound < t->reservation[p] - ACC_BOUND_EPS)
                ok = false;
        }
        for (size_t g = 0; ok && g < ng; g++) {
            double sum = s->g_rest[(d + 1) * ng + g];
            for (size_t p = 0; p < np; p++)
                if ((s->group[g] >> p) & 1u)
                    sum += v[p];
            ok = sum >= s->g_target[g] - ACC_BOUND_EPS;
        }
        if (ok && d + 1 == ni) /* complete: decided exactly (the bounds had a margin) */
            for (size_t p = 0; ok && p < np; p++)
                ok = acc__reaches_reservation(acc__exact_of(s->m, t, p), p, t->offset, ni, s->terms,
                                              v[p], t->cap[p], t->reservation[p]);
        if (!ok)
            continue;
        if (d + 1 == ni) {
            /* a complete outcome that every party accepts: rational */
            *found = true;
            if (witness)
                memcpy(witness, s->terms, ni * sizeof *witness);
            return ACCORD_OK;
        }
        d++;
        s->next[d] = 0;
        order_options(s, t, d);
    }
}
