/*
 * graph.c - the moves of a conflict listed one by one, for the drawings
 * (DOT, the evolution graph).  The analyses never list moves (they work on
 * whole sub-blocks, src/conflict/moves.h); a drawing has to, so this is
 * bounded by the caller's edge limit.
 *
 * Party p moves from x to y (docs/contract.md §2) when y is feasible, y != x, and
 * y differs from x only in p's options, each changed in a direction its
 * `moves` allows: so y = x ^ t for a non-empty subset t of the options p
 * can change at x (two-way ones, forward ones not taken, backward ones
 * taken).
 */
#include "report.h"

#include <stdlib.h>

/* Options a party may enumerate subsets of: 2^24 targets per state at most. */
#define MAX_PARTY_OPTIONS 24

static int by_target(const void *a, const void *b)
{
    const acc__graph_edge *x = a, *y = b;
    return x->to < y->to ? -1 : x->to > y->to;
}

accord_status acc__graph_moves(const accord_model *m, const uint32_t *from_states, size_t n,
                               bool ui_only, size_t max_edges, acc__graph_edge **edges,
                               size_t *count)
{
    *edges = NULL;
    *count = 0;
    const accord_conflict *cf = m->conflict;
    if (!cf)
        return ACCORD_E_NODATA;
    size_t P = m->n_parties, S = cf->n_states;
    uint64_t *two_way = acc__calloc(P ? P : 1, sizeof *two_way);
    uint64_t *forward = acc__calloc(P ? P : 1, sizeof *forward);
    uint64_t *backward = acc__calloc(P ? P : 1, sizeof *backward);
    accord_status rc = ACCORD_OK;
    size_t cap = 0;
    if (!two_way || !forward || !backward) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t k = 0; k < cf->n_options; k++) {
        const accord_conflict_option *o = &cf->options[k];
        uint64_t bit = (uint64_t)1 << k;
        if (o->moves == ACCORD_MOVES_FORWARD)
            forward[o->party] |= bit;
        else if (o->moves == ACCORD_MOVES_BACKWARD)
            backward[o->party] |= bit;
        else
            two_way[o->party] |= bit;
    }
    for (size_t p = 0; p < P; p++)
        if (__builtin_popcountll(two_way[p] | forward[p] | backward[p]) > MAX_PARTY_OPTIONS) {
            rc = ACCORD_E_LIMIT;
            goto out;
        }
    for (size_t i = 0; i < n; i++) {
        uint32_t x = from_states ? from_states[i] : (uint32_t)i;
        if (x >= S) {
            rc = ACCORD_E_ARG;
            goto out;
        }
        uint64_t code = acc__state_code(cf, x);
        for (size_t p = 0; p < P; p++) {
            uint64_t free_bits = two_way[p] | (forward[p] & ~code) | (backward[p] & code);
            size_t first = *count;
            /* every non-empty subset t of free_bits, in increasing order */
            for (uint64_t t = free_bits & -free_bits; t; t = ((t | ~free_bits) + 1) & free_bits) {
                long y = accord_conflict_state_index(cf, code ^ t);
                if (y < 0)
                    continue;
                bool ui = acc__level(cf, p, (size_t)y) > acc__level(cf, p, x);
                if (ui_only && !ui)
                    continue;
                if (*count >= max_edges) {
                    rc = ACCORD_E_LIMIT;
                    goto out;
                }
                if ((rc = acc__grow((void **)edges, &cap, *count + 1, sizeof **edges)))
                    goto out;
                (*edges)[(*count)++] = (acc__graph_edge){x, (uint32_t)y, (uint32_t)p, ui};
            }
            if (*count - first > 1)
                qsort(*edges + first, *count - first, sizeof **edges, by_target);
        }
    }
out:
    acc__free(two_way);
    acc__free(forward);
    acc__free(backward);
    if (rc) {
        acc__free(*edges);
        *edges = NULL;
        *count = 0;
    }
    return rc;
}
