/*
 * evolve.c - status quo analysis (docs/contract.md §2): how the conflict can evolve
 * from the status quo by unilateral improvements, and which equilibria it
 * can reach (Li, Kilgour & Hipel 2005, "Status quo analysis in the graph
 * model for conflict resolution", Journal of the Operational Research
 * Society 56; Xu, Hipel, Kilgour & Fang 2018, "Conflict Resolution Using the
 * Graph Model", ch. 8).
 *
 * A breadth-first search over every party's UIs (search.c) gives the fewest
 * moves of a legal sequence to every state: a shortest sequence of UIs never
 * has one party twice in a row, since its two UIs merge into one.
 */
#include "moves.h"

#include <string.h>

void accord_evolution_free(accord_evolution *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n_targets; i++)
        acc__free(e->targets[i].path);
    acc__free(e->targets);
    acc__free(e->moves);
    accord_stability_free(e->stability);
    acc__free(e);
}

static void join(acc__str *s, const accord_conflict *cf, const size_t *opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            acc__str_puts(s, i + 1 == n ? " and " : ", ");
        acc__str_puts(s, cf->options[opts[i]].id);
    }
}

char *accord_move_describe(const accord_model *m, const accord_move *mv)
{
    if (!m || !mv || !m->conflict || mv->from >= m->conflict->n_states ||
        mv->to >= m->conflict->n_states || mv->party >= m->n_parties)
        return NULL;
    const accord_conflict *cf = m->conflict;
    uint64_t a = acc__state_code(cf, mv->from), b = acc__state_code(cf, mv->to);
    size_t takes[64], drops[64], nt = 0, nd = 0;
    for (size_t k = 0; k < cf->n_options; k++) {
        if (!(((a ^ b) >> k) & 1))
            continue;
        if ((b >> k) & 1)
            takes[nt++] = k;
        else
            drops[nd++] = k;
    }
    acc__str s = {0};
    acc__str_printf(&s, "%s ", m->parties[mv->party].id);
    if (nd) {
        acc__str_puts(&s, "drops ");
        join(&s, cf, drops, nd);
    }
    if (nd && nt)
        acc__str_puts(&s, nd > 1 ? ", and " : " and ");
    if (nt) {
        acc__str_puts(&s, "takes ");
        join(&s, cf, takes, nt);
    }
    if (!nd && !nt)
        acc__str_puts(&s, "stays");
    return acc__str_take(&s);
}

accord_status accord_evolve_compute(const accord_model *m, const accord_evolve_options *opts,
                                    accord_evolution **out, accord_diagnostics *diag)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    accord_status rc = acc__conflict_check(m, "the status quo analysis", diag);
    if (rc)
        return rc;
    const accord_conflict *cf = m->conflict;
    size_t S = cf->n_states, P = m->n_parties;
    size_t start;
    if (opts && opts->from) {
        if (opts->from > S) {
            acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                      "the start state %zu does not exist (the conflict has states 1 to %zu)",
                      opts->from, S);
            return ACCORD_E_ARG;
        }
        start = opts->from - 1;
    } else if (cf->has_status_quo) {
        start = cf->status_quo_index;
    } else {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "the conflict has no status_quo; add status_quo: \"Y N ...\" to the conflict "
                  "section, or give a start state (accord_evolve_options.from)");
        return ACCORD_E_NODATA;
    }
    const accord_stability_options *so = opts ? &opts->stability : NULL;
    rc = acc__memory_check(m, "the status quo analysis",
                           acc__moves_bytes(S, P) + acc__search_bytes(S, P) + (uint64_t)S * 4,
                           acc__memory_bound(so), diag);
    if (rc)
        return rc;

    accord_evolution *ev = acc__calloc(1, sizeof *ev);
    acc__moves mv = {0};
    acc__search srch = {0};
    if (!ev)
        return ACCORD_E_NOMEM;
    ev->n_states = S;
    ev->start = start;
    rc = acc__stability_run(m, so, &ev->stability, diag);
    if (rc)
        goto out;
    ev->moves = acc__malloc(S * sizeof *ev->moves);
    if (!ev->moves) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    rc = acc__moves_build(m, so ? so->threads : 0, &mv);
    if (rc || (rc = acc__search_init(&srch, &mv)))
        goto out;
    acc__search_run(&srch, ~(uint64_t)0, true, (uint32_t)start, NULL, NULL);
    memcpy(ev->moves, srch.dist, S * sizeof *ev->moves);
    ev->n_reachable = srch.n_order;
    size_t n = 0;
    for (size_t y = 0; y < S; y++) {
        if (srch.dist[y] == UINT32_MAX)
            continue;
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
            if (accord_stability_is_equilibrium(ev->stability, (accord_concept)c, y)) {
                n++;
                break;
            }
    }
    ev->targets = acc__calloc(n ? n : 1, sizeof *ev->targets);
    if (!ev->targets) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t y = 0; y < S; y++) {
        if (srch.dist[y] == UINT32_MAX)
            continue;
        unsigned concepts = 0;
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
            if (accord_stability_is_equilibrium(ev->stability, (accord_concept)c, y))
                concepts |= 1u << c;
        if (!concepts)
            continue;
        accord_evolve_target *t = &ev->targets[ev->n_targets];
        t->state = y;
        t->concepts = concepts;
        t->n_moves = srch.dist[y];
        t->path = acc__search_path(&srch, (uint32_t)y);
        if (!t->path) {
            rc = ACCORD_E_NOMEM;
            goto out;
        }
        ev->n_targets++;
    }
out:
    acc__search_free(&srch);
    acc__moves_free(&mv);
    if (rc) {
        accord_evolution_free(ev);
        return rc;
    }
    *out = ev;
    return ACCORD_OK;
}
