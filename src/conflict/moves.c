/* moves.c - per-party sub-blocks and level-sorted chains of a graph model. */
#include "moves.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned bits_for(uint64_t v)
{
    unsigned b = 0;
    while (b < 64 && (v >> b))
        b++;
    return b;
}

/* Digit d of a state's sort key (sub-block key, level): the level's 8-bit
 * digits first (nl of them), then the sub-block key's. */
static inline unsigned sort_digit(uint32_t level, uint64_t key, unsigned d, unsigned nl)
{
    return d < nl ? (level >> (8 * d)) & 255 : (unsigned)(key >> (8 * (d - nl))) & 255;
}

/* The chain of a party: the state indices sorted by (sub-block key =
 * code & keymask, level, index), by an LSD radix sort of the indices on
 * 8-bit digits, least significant first, stable from index order.  A
 * state's digit is computed from its index when the state is moved (no key
 * array: the sort holds the chain and one copy, 8 bytes a state, where
 * sorting keys with their indices held 16; issue #16); the counts of every
 * digit come from one sweep in index order, and digits where every state
 * agrees are skipped.  Errors: ACCORD_E_NOMEM.  O(|S| * digits). */
static accord_status sort_chain(const accord_conflict *cf, acc__narrow lv, uint64_t keymask,
                                unsigned lb, uint32_t *chain)
{
    size_t S = cf->n_states;
    unsigned nl = (lb + 7) / 8, nd = nl + (unsigned)(cf->n_options + 7) / 8;
    size_t(*count)[257] = acc__calloc(nd ? nd : 1, sizeof *count);
    uint32_t *tmp = acc__malloc((S ? S : 1) * sizeof *tmp);
    if (!count || !tmp) {
        acc__free(count);
        acc__free(tmp);
        return ACCORD_E_NOMEM;
    }
    for (size_t i = 0; i < S; i++) {
        uint32_t level = acc__narrow_get(lv, i);
        uint64_t key = acc__state_code(cf, i) & keymask;
        chain[i] = (uint32_t)i;
        for (unsigned d = 0; d < nd; d++)
            count[d][sort_digit(level, key, d, nl) + 1]++;
    }
    uint32_t *src = chain, *dst = tmp;
    for (unsigned d = 0; d < nd; d++) {
        size_t *c = count[d];
        bool single = false;
        for (int v = 1; v <= 256; v++)
            if (c[v] == S)
                single = true;
        if (single)
            continue;
        for (int v = 0; v < 256; v++)
            c[v + 1] += c[v];
        for (size_t i = 0; i < S; i++) {
            uint32_t x = src[i];
            dst[c[sort_digit(acc__narrow_get(lv, x), acc__state_code(cf, x) & keymask, d, nl)]++] = x;
        }
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != chain)
        memcpy(chain, src, S * sizeof *chain);
    acc__free(count);
    acc__free(tmp);
    return ACCORD_OK;
}

/* The direct key -> sub-block table, when the key space (2^(options that
 * are not two-way)) is at most a few times the number of states. */
static accord_status build_dense(const accord_conflict *cf, acc__party_moves *pm)
{
    size_t n = cf->n_options, S = cf->n_states;
    uint64_t all = n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1, keep = all & ~pm->two_way;
    unsigned bits = (unsigned)__builtin_popcountll(keep);
    if (bits > 30 || ((uint64_t)1 << bits) > 4 * (uint64_t)S + 4096)
        return ACCORD_OK; /* sparse: binary search */
    pm->compress = acc__calloc(8, sizeof *pm->compress);
    pm->dense = acc__calloc((size_t)1 << bits, sizeof *pm->dense);
    if (!pm->compress || !pm->dense) {
        acc__free(pm->compress);
        acc__free(pm->dense);
        pm->compress = NULL;
        pm->dense = NULL;
        return ACCORD_E_NOMEM;
    }
    /* compress[j][v]: the bits of v (byte j of a key) at their ranks among
     * the kept bits */
    for (unsigned j = 0; j < 8; j++)
        for (unsigned v = 0; v < 256; v++) {
            uint64_t c = 0;
            for (unsigned t = 0; t < 8; t++) {
                unsigned pos = 8 * j + t;
                if (!((v >> t) & 1) || pos >= 64 || !((keep >> pos) & 1))
                    continue;
                unsigned rank = (unsigned)__builtin_popcountll(keep & (((uint64_t)1 << pos) - 1));
                c |= (uint64_t)1 << rank;
            }
            pm->compress[j][v] = c;
        }
    for (size_t b = 0; b < pm->n_blocks; b++) {
        uint64_t key = pm->block_key[b], c = 0;
        for (unsigned j = 0; j < 8; j++)
            c += pm->compress[j][(key >> (8 * j)) & 255];
        pm->dense[c] = (uint32_t)b + 1;
    }
    return ACCORD_OK;
}

/* The compact chain (moves.h) where every code is feasible and the party
 * has at most 16 two-way options: 1 or 2 bytes a position instead of 4
 * (issue #16).  The state at a position is its sub-block's key (the codes
 * are the indices) with the two-way bits of its rank.  Errors:
 * ACCORD_E_NOMEM.  O(|S| * two-way options). */
static accord_status compact_chain(const accord_conflict *cf, acc__party_moves *pm)
{
    unsigned nb = acc__popcount64(pm->two_way);
    size_t S = cf->n_states;
    if (cf->state_bytes_ != 0 || nb > 16 || pm->n_blocks << nb != S)
        return ACCORD_OK;
    unsigned pos_of[64], k = 0; /* the two-way options, ascending */
    for (unsigned o = 0; o < 64; o++)
        if ((pm->two_way >> o) & 1)
            pos_of[k++] = o;
    pm->offset_bytes = nb <= 8 ? 1 : 2;
    pm->expand = acc__malloc(((size_t)1 << nb) * sizeof *pm->expand);
    pm->offset = acc__malloc(S * pm->offset_bytes);
    if (!pm->expand || !pm->offset)
        return ACCORD_E_NOMEM;
    for (uint32_t r = 0; r < (uint32_t)1 << nb; r++) {
        uint32_t bits = 0;
        for (unsigned j = 0; j < nb; j++)
            bits |= ((r >> j) & 1u) << pos_of[j];
        pm->expand[r] = bits;
    }
    for (size_t i = 0; i < S; i++) {
        uint32_t x = pm->chain[i], rank = 0;
        for (unsigned j = 0; j < nb; j++)
            rank |= ((x >> pos_of[j]) & 1u) << j;
        acc__narrow_put(pm->offset, pm->offset_bytes, i, rank);
    }
    pm->sub_bits = nb;
    acc__free(pm->chain);
    pm->chain = NULL;
    return ACCORD_OK;
}

/* Party p's chain: its states sorted by (sub-block key, level, index),
 * compacted where it can be (compact_chain); and its sub-blocks and runs. */
static accord_status build_party(const accord_conflict *cf, size_t p, acc__party_moves *pm)
{
    size_t S = cf->n_states;
    const acc__narrow lv = acc__levels(cf, p);
    uint64_t keymask = ~pm->two_way;
    unsigned lb = bits_for(cf->n_levels[p] ? cf->n_levels[p] - 1 : 0);
    accord_status rc = ACCORD_OK;

    pm->chain = acc__malloc(S * sizeof *pm->chain);
    if (!pm->chain)
        return ACCORD_E_NOMEM;
    if ((rc = sort_chain(cf, lv, keymask, lb, pm->chain)))
        return rc;
    size_t nblocks = 0;
    for (size_t i = 0; i < S; i++)
        if (i == 0 || (acc__state_code(cf, pm->chain[i]) & keymask) != (acc__state_code(cf, pm->chain[i - 1]) & keymask))
            nblocks++;
    pm->block_key = acc__malloc((nblocks ? nblocks : 1) * sizeof *pm->block_key);
    pm->block_start = acc__malloc((nblocks + 1) * sizeof *pm->block_start);
    if (!pm->block_key || !pm->block_start) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    size_t b = 0;
    for (size_t i = 0; i < S; i++) {
        uint64_t key = acc__state_code(cf, pm->chain[i]) & keymask;
        if (i == 0 || key != pm->block_key[b - 1]) {
            pm->block_key[b] = key;
            pm->block_start[b++] = (uint32_t)i;
        }
    }
    pm->block_start[b] = (uint32_t)S;
    pm->n_blocks = nblocks;
    pm->block_end = acc__calloc(S / 64 + 1, sizeof *pm->block_end);
    if (!pm->block_end) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t k = 1; k <= nblocks; k++) {
        size_t last = pm->block_start[k] - 1;
        pm->block_end[last / 64] |= (uint64_t)1 << (last % 64);
    }
    /* runs of one level within a sub-block: counted, then listed */
    size_t nruns = 0;
    for (size_t i = 0; i < S; i++)
        if (i == 0 || ((pm->block_end[(i - 1) / 64] >> ((i - 1) % 64)) & 1) ||
            acc__narrow_get(lv, pm->chain[i]) != acc__narrow_get(lv, pm->chain[i - 1]))
            nruns++;
    uint32_t top = cf->n_levels[p] ? cf->n_levels[p] - 1 : 0;
    pm->level_bytes = acc__narrow_bytes(top);
    pm->run_start = acc__malloc((nruns + 1) * sizeof *pm->run_start);
    pm->run_level = acc__malloc((nruns ? nruns : 1) * pm->level_bytes);
    pm->block_run = acc__malloc((nblocks + 1) * sizeof *pm->block_run);
    if (!pm->run_start || !pm->run_level || !pm->block_run) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    size_t r = 0, blk = 0;
    for (size_t i = 0; i < S; i++) {
        bool block_first = i == 0 || ((pm->block_end[(i - 1) / 64] >> ((i - 1) % 64)) & 1);
        uint32_t level = acc__narrow_get(lv, pm->chain[i]);
        if (block_first)
            pm->block_run[blk++] = (uint32_t)r;
        if (block_first || level != acc__narrow_get(lv, pm->chain[i - 1])) {
            pm->run_start[r] = (uint32_t)i;
            acc__narrow_put(pm->run_level, pm->level_bytes, r++, level);
        }
    }
    pm->run_start[nruns] = (uint32_t)S;
    pm->block_run[nblocks] = (uint32_t)nruns;
    pm->n_runs = nruns;
    if (!(rc = build_dense(cf, pm)))
        rc = compact_chain(cf, pm);
out:
    return rc;
}

uint64_t acc__moves_bytes(size_t n_states, size_t n_parties)
{
    /* at least: per party a chain of 1 byte a state (compact; 2 or 4 bytes
     * in other models), and while one party's chain is sorted, that chain
     * in 4 bytes and its copy; the sub-block and run arrays depend on the
     * model (acc__moves_size, once built) */
    return (uint64_t)n_parties * n_states + (uint64_t)n_states * 8 + (uint64_t)n_parties * 20000;
}

uint64_t acc__moves_size(const acc__moves *mv)
{
    uint64_t bytes = 0;
    for (size_t p = 0; p < mv->n_parties; p++) {
        const acc__party_moves *pm = &mv->party[p];
        if (!pm->mask)
            continue;
        /* chain, block_end; block_key, block_start, block_run; run_start,
         * run_level */
        bytes += (uint64_t)mv->n_states * (pm->chain ? 4 : pm->offset_bytes) +
                 (pm->chain ? 0 : ((uint64_t)4 << pm->sub_bits)) + (mv->n_states / 64 + 1) * 8 +
                 pm->n_blocks * 16 + 8 + pm->n_runs * (4 + pm->level_bytes) + 4;
        if (pm->dense) {
            uint64_t keep = ~pm->two_way & (mv->cf->n_options >= 64 ? ~(uint64_t)0
                                                                    : ((uint64_t)1 << mv->cf->n_options) - 1);
            bytes += ((uint64_t)4 << __builtin_popcountll(keep)) + 8 * 256 * 8;
        }
    }
    return bytes;
}

accord_status acc__moves_build(const accord_model *m, int threads, acc__moves *mv)
{
    const accord_conflict *cf = m->conflict;
    memset(mv, 0, sizeof *mv);
    mv->cf = cf;
    mv->n_parties = m->n_parties;
    mv->n_states = cf->n_states;
    mv->party = acc__calloc(m->n_parties ? m->n_parties : 1, sizeof *mv->party);
    if (!mv->party)
        return ACCORD_E_NOMEM;
    for (size_t k = 0; k < cf->n_options; k++) {
        acc__party_moves *pm = &mv->party[cf->options[k].party];
        uint64_t bit = (uint64_t)1 << k;
        pm->mask |= bit;
        switch (cf->options[k].moves) {
        case ACCORD_MOVES_FORWARD: pm->forward |= bit; break;
        case ACCORD_MOVES_BACKWARD: pm->backward |= bit; break;
        default: pm->two_way |= bit; break;
        }
    }
    int failed = 0;
    long np = (long)m->n_parties;
    int nt = acc__default_threads(threads, cf->n_states);
    if (nt > np)
        nt = np > 0 ? (int)np : 1;
#pragma omp parallel for schedule(dynamic, 1) num_threads(nt) reduction(| : failed)
    for (long p = 0; p < np; p++)
        if (mv->party[p].mask && build_party(cf, (size_t)p, &mv->party[p]))
            failed |= 1;
    if (failed) {
        acc__moves_free(mv);
        return ACCORD_E_NOMEM;
    }
    return ACCORD_OK;
}

void acc__moves_free(acc__moves *mv)
{
    if (!mv || !mv->party)
        return;
    for (size_t p = 0; p < mv->n_parties; p++) {
        acc__free(mv->party[p].chain);
        acc__free(mv->party[p].offset);
        acc__free(mv->party[p].expand);
        acc__free(mv->party[p].block_key);
        acc__free(mv->party[p].block_start);
        acc__free(mv->party[p].block_end);
        acc__free(mv->party[p].block_run);
        acc__free(mv->party[p].run_start);
        acc__free(mv->party[p].run_level);
        acc__free(mv->party[p].dense);
        acc__free(mv->party[p].compress);
    }
    acc__free(mv->party);
    mv->party = NULL;
}

accord_status acc__conflict_check(const accord_model *m, const char *analysis,
                                  accord_diagnostics *diag)
{
    if (!m)
        return ACCORD_E_ARG;
    if (!m->conflict || m->conflict->n_states == 0) {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "the model has no conflict section, which %s needs (add conflict: with "
                  "options and preferences; see docs/model-format.md)",
                  analysis);
        return ACCORD_E_NODATA;
    }
    if (m->conflict->n_options > 48) { /* reach.c packs option masks in 48 bits */
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "%s handles at most 48 options; this conflict has %zu", analysis,
                  m->conflict->n_options);
        return ACCORD_E_LIMIT;
    }
    /* Each state's moves by party k are found among at most 2^f sub-blocks,
     * f = k's one-way options: refuse what would take too long. */
    const accord_conflict *cf = m->conflict;
    for (size_t p = 0; p < m->n_parties; p++) {
        unsigned f = 0;
        for (size_t o = 0; o < cf->n_options; o++)
            if (cf->options[o].party == p && cf->options[o].moves != ACCORD_MOVES_BOTH)
                f++;
        if (f > 24 || ((uint64_t)cf->n_states << f) > ((uint64_t)1 << 34)) {
            acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                      "party %s has %u one-way options (forward or backward): %s would examine up "
                      "to 2^%u groups of its moves from each of %zu states; make some of them "
                      "two-way (moves: both) or fewer",
                      m->parties[p].id, f, analysis, f, cf->n_states);
            return ACCORD_E_LIMIT;
        }
    }
    if (m->conflict->n_states >= UINT32_MAX / 2) {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "%s handles fewer than 2^31 states; this conflict has %zu (lower accord_load_options.max_states)",
                  analysis, m->conflict->n_states);
        return ACCORD_E_LIMIT;
    }
    return ACCORD_OK;
}

/* "12.5 MiB" or "3.2 GiB" */
static void size_text(uint64_t bytes, char *buf, size_t size)
{
    if (bytes < ((uint64_t)1 << 30))
        snprintf(buf, size, "%.1f MiB", (double)bytes / (1 << 20));
    else
        snprintf(buf, size, "%.1f GiB", (double)bytes / (1 << 30));
}

accord_status acc__memory_check(const accord_model *m, const char *analysis, uint64_t bytes,
                                uint64_t bound, accord_diagnostics *diag)
{
    if (bytes <= bound)
        return ACCORD_OK;
    char need[32], have[32];
    size_text(bytes, need, sizeof need);
    size_text(bound, have, sizeof have);
    acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
              "%s of %zu states and %zu parties needs about %s of working memory, more than the "
              "bound of %s (raise it: accord_stability_options.max_memory; or refuse such models at "
              "load with a lower accord_load_options.max_states)",
              analysis, m->conflict->n_states, m->n_parties, need, have);
    return ACCORD_E_LIMIT;
}
