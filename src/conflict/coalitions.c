/*
 * coalitions.c - coalition analysis of the Nash equilibria (docs/contract.md §2).
 *
 * A coalition H of two or more parties blocks a Nash equilibrium s when some
 * t in R_H(s), the states reachable from s by a legal sequence of moves of
 * H's members, is strictly preferred to s by every member (coalition
 * improvement: Kilgour, Hipel, Fang & Peng 2001, "Coalition analysis in
 * group decision support", Group Decision and Negotiation 10; Inohara &
 * Hipel 2008; Xu, Hipel, Kilgour & Fang 2018, ch. 7).  Coalitional Nash
 * equilibria are the Nash equilibria no coalition blocks.
 *
 * For each (equilibrium, coalition) a breadth-first search over the
 * members' moves (search.c) stops at the first layer that holds a state
 * every member prefers: the target reported is reached in the fewest moves,
 * the smallest state index among those.  The searches' worst case is
 * estimated once the equilibria are known and refused up front above
 * accord_stability_options.max_work (docs/algorithms-conflict.md §5).
 */
#include "moves.h"

#include <math.h>
#include <string.h>

typedef struct goal_ctx {
    const accord_conflict *cf;
    uint64_t members;
    size_t n_parties;
    uint32_t from;
} goal_ctx;

static bool every_member_prefers(void *ctx, uint32_t y)
{
    const goal_ctx *g = ctx;
    for (size_t k = 0; k < g->n_parties; k++) {
        if (!((g->members >> k) & 1))
            continue;
        const acc__narrow lv = acc__levels(g->cf, k);
        if (acc__narrow_get(lv, y) <= acc__narrow_get(lv, g->from))
            return false;
    }
    return true;
}

static void free_entry(accord_coalition_entry *e)
{
    for (size_t b = 0; b < e->n_blocks; b++)
        acc__free(e->blocks[b].path);
    acc__free(e->blocks);
    e->blocks = NULL;
    e->n_blocks = 0;
}

void accord_coalitions_free(accord_coalitions *c)
{
    if (!c)
        return;
    for (size_t e = 0; e < c->n_equilibria; e++)
        free_entry(&c->equilibria[e]);
    acc__free(c->equilibria);
    acc__free(c);
}

/*
 * The worst-case work of the searches from one equilibrium, in sub-block
 * lookups: a search of coalition H from s reaches only feasible states that
 * agree with s outside the n_H options H's members control, so at most
 * min(|S|, 2^n_H) of them, and expands each for every member k by 2^f_k
 * sub-block lookups (f_k: k's one-way options).  *widest: the largest
 * number of states one search may reach.  O(2^P * P).
 */
static double search_work(const acc__moves *mv, double *widest)
{
    size_t P = mv->n_parties;
    double S = (double)mv->n_states, work = 0;
    *widest = 0;
    for (uint64_t members = 0; members < ((uint64_t)1 << P); members++) {
        if (__builtin_popcountll(members) < 2)
            continue;
        uint64_t mask = 0;
        double expand = 0;
        for (size_t k = 0; k < P; k++) {
            const acc__party_moves *pm = &mv->party[k];
            if (!((members >> k) & 1) || !pm->mask)
                continue;
            mask |= pm->mask;
            expand += ldexp(1, __builtin_popcountll(pm->forward | pm->backward));
        }
        double reach = fmin(S, ldexp(1, __builtin_popcountll(mask)));
        work += reach * expand;
        *widest = fmax(*widest, reach);
    }
    return work;
}

/* Refuse up front (ACCORD_E_LIMIT) an analysis of E equilibria whose
 * searches may take more than the work bound. */
static accord_status work_check(const accord_model *m, const acc__moves *mv, size_t E,
                                size_t n_coalitions, const accord_stability_options *opts,
                                accord_diagnostics *diag)
{
    uint64_t bound = opts && opts->max_work ? opts->max_work : ACCORD_DEFAULT_MAX_WORK;
    double widest, work = (double)E * search_work(mv, &widest);
    if (work <= (double)bound)
        return ACCORD_OK;
    acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
              "the coalition analysis of %zu Nash equilibri%s and %zu coalition%s could take "
              "about %.3g sub-block lookups (a search per equilibrium and coalition, each over up "
              "to %.0f states), more than the limit of %.3g; raise it: "
              "accord_stability_options.max_work",
              E, E == 1 ? "um" : "a", n_coalitions, n_coalitions == 1 ? "" : "s", work, widest,
              (double)bound);
    return ACCORD_E_LIMIT;
}

/* Every coalition that blocks equilibrium e->state, into e->blocks. */
static accord_status analyse(acc__search *srch, const accord_conflict *cf, size_t P,
                             accord_coalition_entry *e)
{
    size_t cap = 0;
    for (uint64_t members = 0; members < ((uint64_t)1 << P); members++) {
        if (__builtin_popcountll(members) < 2)
            continue;
        goal_ctx g = {cf, members, P, (uint32_t)e->state};
        uint32_t target =
            acc__search_run(srch, members, false, (uint32_t)e->state, every_member_prefers, &g);
        if (target == UINT32_MAX)
            continue;
        if (acc__grow((void **)&e->blocks, &cap, e->n_blocks + 1, sizeof *e->blocks))
            return ACCORD_E_NOMEM;
        accord_coalition_block *b = &e->blocks[e->n_blocks];
        b->members = members;
        b->target = target;
        b->n_moves = srch->dist[target];
        b->path = acc__search_path(srch, target);
        if (!b->path)
            return ACCORD_E_NOMEM;
        e->n_blocks++;
    }
    return ACCORD_OK;
}

accord_status accord_coalitions_compute(const accord_model *m, const accord_stability_options *opts,
                                        accord_coalitions **out, accord_diagnostics *diag)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    accord_status rc = acc__conflict_check(m, "the coalition analysis", diag);
    if (rc)
        return rc;
    const accord_conflict *cf = m->conflict;
    size_t S = cf->n_states, P = m->n_parties, words = (S + 63) / 64;
    if (P > ACCORD_MAX_COALITION_PARTIES) {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "coalition analysis takes at most %d parties (2^P coalitions); this conflict "
                  "has %zu",
                  ACCORD_MAX_COALITION_PARTIES, P);
        return ACCORD_E_LIMIT;
    }
    uint64_t need, fixed = acc__moves_bytes(S, P) + (uint64_t)words * 16;
    int threads = acc__fit_threads(opts, S, SIZE_MAX, fixed, acc__search_bytes(S, P), &need);
    if (!threads)
        return acc__memory_check(m, "the coalition analysis", need, acc__memory_bound(opts), diag);

    acc__moves mv = {0};
    uint64_t *eq = acc__calloc(words ? words : 1, sizeof *eq);
    uint64_t *scratch = acc__calloc(words ? words : 1, sizeof *scratch);
    accord_coalitions *res = acc__calloc(1, sizeof *res);
    if (!eq || !scratch || !res) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    rc = acc__moves_build(m, threads, &mv);
    if (rc)
        goto out;
    acc__nash_equilibria(&mv, eq, scratch);
    res->n_parties = P;
    res->n_coalitions = P >= 2 ? ((size_t)1 << P) - P - 1 : 0;
    size_t E = 0;
    for (size_t w = 0; w < words; w++)
        E += (size_t)__builtin_popcountll(eq[w]);
    rc = work_check(m, &mv, E, res->n_coalitions, opts, diag);
    if (rc)
        goto out;
    res->equilibria = acc__calloc(E ? E : 1, sizeof *res->equilibria);
    if (!res->equilibria) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t s = 0; s < S; s++)
        if ((eq[s / 64] >> (s % 64)) & 1)
            res->equilibria[res->n_equilibria++].state = s;
    if (E < (size_t)threads)
        threads = E ? (int)E : 1;
    int failed = 0;
#pragma omp parallel num_threads(threads) reduction(| : failed)
    {
        acc__search srch;
        if (acc__search_init(&srch, &mv)) {
            failed |= 1;
        } else {
#pragma omp for schedule(dynamic, 1)
            for (long e = 0; e < (long)E; e++)
                if (!failed && analyse(&srch, cf, P, &res->equilibria[e]))
                    failed |= 1;
        }
        acc__search_free(&srch);
    }
    if (failed) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t e = 0; e < res->n_equilibria; e++)
        if (res->equilibria[e].n_blocks == 0)
            res->n_coalitional++;
out:
    acc__moves_free(&mv);
    acc__free(eq);
    acc__free(scratch);
    if (rc) {
        accord_coalitions_free(res);
        return rc;
    }
    *out = res;
    return ACCORD_OK;
}
