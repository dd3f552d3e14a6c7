/*
 * bruteforce.c - the naive reference frontier: enumerate every outcome in
 * enumeration order and keep a list of the undominated vectors seen so far
 * (a vector equal to a kept one is skipped, so the kept outcome is the one
 * with the smallest enumeration index).  O(N * F * n).  Used to check the
 * fast frontier (tests), to measure it (bench/bench_frontier.c), and as the
 * fallback when red lines cannot be tracked (frontier.c).  Utilities are
 * compared exactly: a party with fractions (exact.h) by its numerators, a
 * non-linear party by the double of its exact utility.
 */
#include "agreement.h"

#include "../model/model.h"
#include "../zopa/rational_search.h"

#include <math.h>
#include <string.h>

typedef struct naive_list {
    double *u;
    acc__i128 *k; /* the keys the vectors are compared by */
    uint32_t *terms;
    size_t n, cap_u, cap_k, cap_t;
} naive_list;

/* Offer vector v with keys kv (outcome terms) to the list. */
static accord_status offer(naive_list *l, const double *v, const acc__i128 *kv, const uint32_t *terms,
                           size_t np, size_t ni)
{
    for (size_t a = 0; a < l->n; a++) {
        const acc__i128 *x = l->k + a * np;
        size_t q = 0;
        while (q < np && x[q] >= kv[q])
            q++;
        if (q == np)
            return ACCORD_OK; /* dominated by or equal to a kept vector */
    }
    size_t w = 0;
    for (size_t a = 0; a < l->n; a++) {
        const acc__i128 *x = l->k + a * np;
        size_t q = 0;
        while (q < np && kv[q] >= x[q])
            q++;
        if (q == np)
            continue; /* v dominates it */
        if (w != a) {
            memcpy(l->u + w * np, l->u + a * np, np * sizeof *l->u);
            memcpy(l->k + w * np, x, np * sizeof *l->k);
            memcpy(l->terms + w * ni, l->terms + a * ni, ni * sizeof *l->terms);
        }
        w++;
    }
    l->n = w;
    if (acc__grow((void **)&l->u, &l->cap_u, (l->n + 1) * np + 1, sizeof *l->u) ||
        acc__grow((void **)&l->k, &l->cap_k, (l->n + 1) * np + 1, sizeof *l->k) ||
        acc__grow((void **)&l->terms, &l->cap_t, (l->n + 1) * ni + 1, sizeof *l->terms))
        return ACCORD_E_NOMEM;
    memcpy(l->u + l->n * np, v, np * sizeof *l->u);
    memcpy(l->k + l->n * np, kv, np * sizeof *l->k);
    memcpy(l->terms + l->n * ni, terms, ni * sizeof *l->terms);
    l->n++;
    return ACCORD_OK;
}

typedef struct sort_ctx {
    const naive_list *l;
    size_t np;
} sort_ctx;

/* Lexicographically descending vectors, as a pointset. */
static accord_status to_pointset(const accord_model *m, naive_list *l, acc__pointset *s)
{
    size_t np = m->n_parties, ni = m->agreement->n_issues;
    accord_status rc = ACCORD_OK;
    size_t *idx = acc__calloc(l->n + 1, sizeof *idx);
    if ((rc = acc__pointset_flat(s, m, l->n)) || !idx) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t a = 0; a < l->n; a++) /* insertion sort: the lists are small */
    {
        size_t j = a;
        while (j > 0) {
            const acc__i128 *x = l->k + idx[j - 1] * np, *y = l->k + a * np;
            size_t q = 0;
            while (q < np && x[q] == y[q])
                q++;
            if (q == np || x[q] > y[q])
                break;
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = a;
    }
    for (size_t a = 0; a < l->n; a++) {
        memcpy(s->utility + a * np, l->u + idx[a] * np, np * sizeof *s->utility);
        acc__pointset_set_terms(s, a, l->terms + idx[a] * ni);
    }
out:
    acc__free(idx);
    if (rc)
        acc__pointset_free(s);
    return rc;
}

accord_status acc__frontier_bruteforce(const accord_model *m, const accord_utility_table *table,
                                       double max_outcomes, accord_frontier **out)
{
    return acc__frontier_bruteforce_ignoring(m, table, NULL, max_outcomes, out);
}

accord_status acc__frontier_bruteforce_ignoring(const accord_model *m, const accord_utility_table *table,
                                                const bool *ignored, double max_outcomes,
                                                accord_frontier **out)
{
    *out = NULL;
    if (!m->agreement)
        return ACCORD_E_NODATA;
    const accord_agreement *ag = m->agreement;
    const accord_utility_table *t = table ? table : &ag->table;
    size_t np = m->n_parties, ni = ag->n_issues;
    if (ag->outcomes > max_outcomes)
        return ACCORD_E_LIMIT;
    accord_status rc = ACCORD_OK;
    naive_list all = {0}, rat = {0};
    acc__pointset sa = {0}, sr = {0};
    double zopa = 0;
    uint32_t *terms = acc__calloc(ni + 1, sizeof *terms);
    double *sums = acc__calloc((ni + 1) * (np + 1), sizeof *sums);
    double *u = acc__calloc(np + 1, sizeof *u);
    acc__i128 *key = acc__calloc(np + 1, sizeof *key);
    const acc__exact **ex = acc__calloc(np + 1, sizeof *ex);
    const accord_nonlinear **nonlinear = acc__calloc(np + 1, sizeof *nonlinear);
    if (!terms || !sums || !u || !key || !ex || !nonlinear) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t p = 0; p < np; p++) {
        ex[p] = acc__exact_of(m, t, p);
        nonlinear[p] = t == &ag->table ? ag->preferences[p].nonlinear : NULL;
    }
    bool empty = false;
    for (size_t i = 0; i < ni; i++)
        if (ag->issues[i].n_options == 0)
            empty = true;
    /* sums[(i+1)*np + p] = 0 + c_0 + ... + c_i, as accord_utility adds them */
    size_t from = 0; /* first level whose sums are stale */
    while (!empty) {
        for (size_t i = from; i < ni; i++)
            for (size_t p = 0; p < np; p++)
                sums[(i + 1) * np + p] =
                    sums[i * np + p] + t->contrib[p * t->total_options + t->offset[i] + terms[i]];
        bool rational = true;
        for (size_t p = 0; p < np; p++) {
            u[p] = sums[ni * np + p];
            if (t->cap[p] && u[p] > 1)
                u[p] = 1;
            if (nonlinear[p]) /* the double of its exact fraction */
                u[p] = acc__nonlinear_utility(ag, nonlinear[p], terms, NULL);
            key[p] = acc__utility_key(ex[p], p, t->offset, ni, terms, u[p]);
            if (ex[p])
                u[p] = acc__exact_double(ex[p], p, key[p]);
            if (ex[p] ? key[p] < ex[p]->res[p] : u[p] < t->reservation[p])
                rational = false;
            const accord_preference *pr = &ag->preferences[p];
            const bool *dropped = acc__red_lines_ignored(m, ignored, p);
            for (size_t r = 0; r < pr->n_red_lines && rational; r++)
                if (!(dropped && dropped[r]) && acc__expr_eval(pr->red_lines[r].expr, terms, 0))
                    rational = false;
        }
        if ((rc = offer(&all, u, key, terms, np, ni)))
            goto out;
        if (rational) {
            zopa += 1;
            if ((rc = offer(&rat, u, key, terms, np, ni)))
                goto out;
        }
        /* next outcome: the last issue fastest */
        size_t i = ni;
        while (i > 0 && terms[i - 1] + 1 >= ag->issues[i - 1].n_options)
            terms[--i] = 0;
        if (i == 0)
            break;
        terms[i - 1]++;
        from = i - 1;
    }
    if ((rc = to_pointset(m, &all, &sa)) || (rc = to_pointset(m, &rat, &sr)))
        goto out;
    rc = acc__frontier_assemble(m, t, &sa, &sr, zopa, out);
out:
    acc__free(all.u);
    acc__free(all.k);
    acc__free(all.terms);
    acc__free(rat.u);
    acc__free(rat.k);
    acc__free(rat.terms);
    acc__pointset_free(&sa);
    acc__pointset_free(&sr);
    acc__free(terms);
    acc__free(sums);
    acc__free(u);
    acc__free(key);
    acc__free(ex);
    acc__free(nonlinear);
    return rc;
}
