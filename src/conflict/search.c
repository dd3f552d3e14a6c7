/* search.c - breadth-first search for shortest legal sequences of moves. */
#include "moves.h"

#include <string.h>

uint64_t acc__search_bytes(size_t n_states, size_t n_parties)
{
    return (uint64_t)n_states * (4 * 4 + (uint64_t)n_parties * 8);
}

accord_status acc__search_init(acc__search *s, const acc__moves *mv)
{
    size_t S = mv->n_states, P = mv->n_parties;
    memset(s, 0, sizeof *s);
    s->mv = mv;
    s->dist = acc__malloc(S * sizeof *s->dist);
    s->parent = acc__malloc(S * sizeof *s->parent);
    s->mover = acc__malloc(S * sizeof *s->mover);
    s->order = acc__malloc(S * sizeof *s->order);
    s->mark = acc__calloc(P ? P : 1, sizeof *s->mark);
    s->touched = acc__calloc(P ? P : 1, sizeof *s->touched);
    s->n_touched = acc__calloc(P ? P : 1, sizeof *s->n_touched);
    if (!s->dist || !s->parent || !s->mover || !s->order || !s->mark || !s->touched ||
        !s->n_touched)
        goto fail;
    for (size_t i = 0; i < S; i++)
        s->dist[i] = UINT32_MAX;
    for (size_t p = 0; p < P; p++) {
        const acc__party_moves *pm = &mv->party[p];
        if (!pm->mask)
            continue;
        s->mark[p] = acc__malloc(pm->n_blocks * sizeof *s->mark[p]);
        s->touched[p] = acc__malloc(pm->n_blocks * sizeof *s->touched[p]);
        if (!s->mark[p] || !s->touched[p])
            goto fail;
        for (size_t b = 0; b < pm->n_blocks; b++)
            s->mark[p][b] = pm->block_start[b + 1];
    }
    return ACCORD_OK;
fail:
    acc__search_free(s);
    return ACCORD_E_NOMEM;
}

void acc__search_free(acc__search *s)
{
    if (!s || !s->mv)
        return;
    for (size_t p = 0; p < s->mv->n_parties; p++) {
        if (s->mark)
            acc__free(s->mark[p]);
        if (s->touched) /* may be missing when its allocation failed */
            acc__free(s->touched[p]);
    }
    acc__free(s->dist);
    acc__free(s->parent);
    acc__free(s->mover);
    acc__free(s->order);
    acc__free(s->mark);
    acc__free(s->touched);
    acc__free(s->n_touched);
    memset(s, 0, sizeof *s);
}

static void reset(acc__search *s)
{
    for (size_t i = 0; i < s->n_order; i++)
        s->dist[s->order[i]] = UINT32_MAX;
    s->n_order = 0;
    for (size_t p = 0; p < s->mv->n_parties; p++) {
        const acc__party_moves *pm = &s->mv->party[p];
        for (size_t i = 0; i < s->n_touched[p]; i++) {
            uint32_t b = s->touched[p][i];
            s->mark[p][b] = pm->block_start[b + 1];
        }
        s->n_touched[p] = 0;
    }
}

uint32_t acc__search_run(acc__search *s, uint64_t movers, bool ui, uint32_t start,
                         acc__search_goal goal, void *ctx)
{
    const acc__moves *mv = s->mv;
    const accord_conflict *cf = mv->cf;
    reset(s);
    s->dist[start] = 0;
    s->order[s->n_order++] = start;
    size_t layer_begin = 0;
    for (uint32_t d = 0;; d++) {
        size_t layer_end = s->n_order;
        if (layer_begin == layer_end)
            return UINT32_MAX;
        if (goal && d > 0) {
            uint32_t best = UINT32_MAX;
            for (size_t i = layer_begin; i < layer_end; i++)
                if (s->order[i] < best && goal(ctx, s->order[i]))
                    best = s->order[i];
            if (best != UINT32_MAX)
                return best;
        }
        for (size_t i = layer_begin; i < layer_end; i++) {
            uint32_t x = s->order[i];
            uint64_t code = acc__state_code(cf, x);
            for (size_t k = 0; k < mv->n_parties; k++) {
                const acc__party_moves *pm = &mv->party[k];
                if (!(k < 64 ? (movers >> k) & 1 : movers == ~(uint64_t)0) || !pm->mask)
                    continue;
                const acc__narrow lv = acc__levels(cf, k);
                uint64_t F = acc__moves_free_bits(pm, code), t = 0;
                do {
                    long b = acc__moves_block(pm, (code ^ t) & ~pm->two_way);
                    if (b >= 0) {
                        uint32_t p = ui ? acc__moves_first_above(pm, (size_t)b, acc__narrow_get(lv, x))
                                        : pm->block_start[b];
                        uint32_t *mk = &s->mark[k][b];
                        if (p < *mk) {
                            if (*mk == pm->block_start[b + 1])
                                s->touched[k][s->n_touched[k]++] = (uint32_t)b;
                            for (uint32_t q = p; q < *mk; q++) {
                                uint32_t y = acc__moves_chain(pm, q);
                                if (s->dist[y] == UINT32_MAX) {
                                    s->dist[y] = d + 1;
                                    s->parent[y] = x;
                                    s->mover[y] = (uint32_t)k;
                                    s->order[s->n_order++] = y;
                                }
                            }
                            *mk = p;
                        }
                    }
                    t = acc__next_subset(t, F);
                } while (t);
            }
        }
        layer_begin = layer_end;
    }
}

accord_move *acc__search_path(const acc__search *s, uint32_t y)
{
    uint32_t n = s->dist[y];
    accord_move *path = acc__calloc(n ? n : 1, sizeof *path);
    if (!path)
        return NULL;
    for (uint32_t i = n; i-- > 0;) {
        path[i] = (accord_move){.party = s->mover[y], .from = s->parent[y], .to = y};
        y = s->parent[y];
    }
    return path;
}
