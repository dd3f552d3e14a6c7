/*
 * stability.c - Nash, GMR, SMR and SEQ stability of every state for every
 * party (docs/contract.md §2).
 *
 * Definitions (Fang, Hipel & Kilgour 1993, "Interactive Decision Making:
 * The Graph Model for Conflict Resolution", ch. 3; Fang, Hipel, Kilgour &
 * Peng 2003, "A decision support system for interactive decision making",
 * part I, for the legal sequences of coalition moves; Xu, Hipel, Kilgour &
 * Fang 2018, "Conflict Resolution Using the Graph Model", ch. 4, for
 * R_H(s) as the reachable list of a legal sequence).  For party i, state s
 * and every unilateral improvement s1 of i from s:
 *   Nash: i has no UI from s;
 *   GMR:  some s2 in R_{N-i}(s1) has level_i(s2) <= level_i(s);
 *   SMR:  some s2 in R_{N-i}(s1) has level_i(s2) <= level_i(s) and
 *         level_i(s3) <= level_i(s) for every move s2 -> s3 of i;
 *   SEQ:  some s2 in R+_{N-i}(s1) (UIs only) has level_i(s2) <= level_i(s).
 *
 * Reformulation.  Let gmin(s1) = min level_i over R_{N-i}(s1), smin(s1) =
 * min over R_{N-i}(s1) of key(s2) = max(level_i(s2), max level_i over i's
 * moves from s2), qmin(s1) = min level_i over R+_{N-i}(s1).  Then s is GMR
 * stable for i iff gmin(s1) <= level_i(s) for every UI s1, i.e. iff
 * max over UIs s1 of gmin(s1) <= level_i(s); likewise SMR with smin and SEQ
 * with qmin.  The minima come from reach.c: one pass per party and kind of
 * move.  The maxima over UIs are suffix maxima along party i's chain: the UIs
 * of i from s are, in each sub-block i can reach, the suffix of positions
 * above level_i(s).
 *
 * Why reach.c counts s1 itself in R_{N-i}(s1): level_i(s1) > level_i(s)
 * and key(s1) >= level_i(s1), so s1 never satisfies a condition above.
 */
#include "moves.h"

#include <omp.h>
#include <string.h>

const char *accord_concept_name(accord_concept c)
{
    static const char *const names[] = {"nash", "gmr", "smr", "seq"};
    return (unsigned)c < ACCORD_N_CONCEPTS ? names[c] : "?";
}

static inline void bit_set(uint64_t *set, size_t k) { set[k / 64] |= (uint64_t)1 << (k % 64); }
static inline bool bit_get(const uint64_t *set, size_t k) { return (set[k / 64] >> (k % 64)) & 1; }

static uint64_t *row(accord_stability *st, accord_concept c, size_t p)
{
    return st->stable + ((size_t)c * st->n_parties + p) * st->words;
}

/* key(y) = max(level_i(y), the best level i can move to from y) (SMR).
 * The top of every sub-block i can reach from y will do: y's own
 * sub-block holds y, so counting y itself changes nothing. */
static void smr_keys(const acc__moves *mv, size_t i, void *key)
{
    const accord_conflict *cf = mv->cf;
    const acc__party_moves *pm = &mv->party[i];
    const acc__narrow lv = acc__levels(cf, i);
    for (size_t y = 0; y < mv->n_states; y++) {
        uint32_t best = acc__narrow_get(lv, y);
        uint64_t x = acc__state_code(cf, y), F = acc__moves_free_bits(pm, x), t = 0;
        do {
            long b = acc__moves_block(pm, (x ^ t) & ~pm->two_way);
            if (b >= 0) {
                uint32_t top = acc__moves_block_top(pm, (size_t)b);
                if (top > best)
                    best = top;
            }
            t = acc__next_subset(t, F);
        } while (t);
        acc__narrow_put(key, lv.bytes, y, best);
    }
}

/* sm[r] = max of succ over the chain positions of run r and the runs after
 * it in its sub-block: the UIs from a state below run r's level.  Kept per
 * run, as a UI search ends at a run (moves.h). */
static void suffix_max(const acc__party_moves *pm, acc__narrow succ, void *sm)
{
    for (size_t b = 0; b < pm->n_blocks; b++) {
        uint32_t m = 0;
        for (uint32_t r = pm->block_run[b + 1]; r-- > pm->block_run[b];) {
            for (uint32_t p = pm->run_start[r]; p < pm->run_start[r + 1]; p++) {
                uint32_t v = acc__narrow_get(succ, acc__moves_chain(pm, p));
                if (v > m)
                    m = v;
            }
            acc__narrow_put(sm, succ.bytes, r, m);
        }
    }
}

/*
 * For each state s: does i have a UI (has_ui), and the largest value of
 * sm[] over i's UIs from s.  Then s is stable (for the concept of sm) iff
 * !has_ui or that maximum <= level_i(s).  nc arrays sm[c] are tested at
 * once and set the bits of rows[c].
 */
static void ui_test(const acc__moves *mv, size_t i, size_t nc, const acc__narrow *sm,
                    uint64_t *const *rows, uint64_t *nash_row)
{
    const accord_conflict *cf = mv->cf;
    const acc__party_moves *pm = &mv->party[i];
    const acc__narrow lv = acc__levels(cf, i);
    for (size_t s = 0; s < mv->n_states; s++) {
        uint64_t x = acc__state_code(cf, s), F = acc__moves_free_bits(pm, x), t = 0;
        bool has_ui = false;
        uint32_t worst[4] = {0, 0, 0, 0}, own = acc__narrow_get(lv, s);
        do {
            long b = acc__moves_block(pm, (x ^ t) & ~pm->two_way);
            if (b >= 0) {
                uint32_t r = acc__moves_run_above(pm, (size_t)b, own);
                if (r < pm->block_run[b + 1]) {
                    has_ui = true;
                    for (size_t c = 0; c < nc; c++) {
                        uint32_t v = acc__narrow_get(sm[c], r);
                        if (v > worst[c])
                            worst[c] = v;
                    }
                }
            }
            t = acc__next_subset(t, F);
        } while (t);
        if (nash_row && !has_ui)
            bit_set(nash_row, s);
        for (size_t c = 0; c < nc; c++)
            if (!has_ui || worst[c] <= own)
                bit_set(rows[c], s);
    }
}

void acc__nash_equilibria(const acc__moves *mv, uint64_t *eq, uint64_t *scratch)
{
    size_t words = (mv->n_states + 63) / 64;
    for (size_t w = 0; w < words; w++)
        eq[w] = w + 1 < words || mv->n_states % 64 == 0 ? ~(uint64_t)0
                                                        : ((uint64_t)1 << (mv->n_states % 64)) - 1;
    for (size_t i = 0; i < mv->n_parties; i++) {
        if (!mv->party[i].mask)
            continue;
        memset(scratch, 0, words * sizeof *scratch);
        ui_test(mv, i, 0, NULL, NULL, scratch);
        for (size_t w = 0; w < words; w++)
            eq[w] &= scratch[w];
    }
}

/* Party i's analysis: task 0 = Nash, GMR and SMR (all moves of the
 * others), task 1 = SEQ (their UIs). */
static accord_status party_task(const acc__moves *mv, size_t i, int task, accord_stability *st)
{
    size_t S = mv->n_states, P = mv->n_parties;
    const acc__narrow lv = acc__levels(mv->cf, i);
    unsigned lb = lv.bytes; /* values and their minima are levels */
    if (!mv->party[i].mask) { /* no options, no UI: stable everywhere */
        for (int c = task ? ACCORD_SEQ : ACCORD_NASH; c <= (task ? ACCORD_SEQ : ACCORD_SMR); c++)
            for (size_t s = 0; s < S; s++)
                bit_set(row(st, (accord_concept)c, i), s);
        return ACCORD_OK;
    }
    accord_status rc = ACCORD_OK;
    size_t R = mv->party[i].n_runs;
    size_t *others = acc__malloc((P ? P : 1) * sizeof *others), n_others = 0;
    void *a = acc__malloc(S * lb), *b = task == 0 ? acc__malloc(S * lb) : NULL;
    void *ra = NULL, *rb = NULL; /* per run of i: suffix maxima */
    if (!others || !a || (task == 0 && !b)) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t k = 0; k < P; k++)
        if (k != i)
            others[n_others++] = k;
    if (task == 0) {
        /* b = key (SMR values), in place of its minima (reach.c reads a
         * state's value before it writes its minima); a = gmin, b = smin */
        smr_keys(mv, i, b);
        const void *vals[2] = {lv.p, b};
        void *outs[2] = {a, b};
        rc = acc__reach_min(mv, others, n_others, false, 2, vals, outs);
        ra = rc ? NULL : acc__malloc((R ? R : 1) * lb);
        rb = rc ? NULL : acc__malloc((R ? R : 1) * lb);
        if (!rc && (!ra || !rb))
            rc = ACCORD_E_NOMEM;
        if (rc)
            goto out;
        suffix_max(&mv->party[i], (acc__narrow){a, lb}, ra); /* sufmax gmin */
        suffix_max(&mv->party[i], (acc__narrow){b, lb}, rb); /* sufmax smin */
        acc__narrow sm[2] = {{ra, lb}, {rb, lb}};
        uint64_t *rows[2] = {row(st, ACCORD_GMR, i), row(st, ACCORD_SMR, i)};
        ui_test(mv, i, 2, sm, rows, row(st, ACCORD_NASH, i));
    } else {
        const void *vals[1] = {lv.p};
        void *outs[1] = {a};
        rc = acc__reach_min(mv, others, n_others, true, 1, vals, outs);
        ra = rc ? NULL : acc__malloc((R ? R : 1) * lb);
        if (!rc && !ra)
            rc = ACCORD_E_NOMEM;
        if (rc)
            goto out;
        suffix_max(&mv->party[i], (acc__narrow){a, lb}, ra);
        acc__narrow sm[1] = {{ra, lb}};
        uint64_t *rows[1] = {row(st, ACCORD_SEQ, i)};
        ui_test(mv, i, 1, sm, rows, NULL);
    }
out:
    acc__free(others);
    acc__free(a);
    acc__free(b);
    acc__free(ra);
    acc__free(rb);
    return rc;
}

/* Bytes of one party task (exact, given the move structure). */
static uint64_t task_bytes(const acc__moves *mv, size_t i, int task)
{
    size_t *others = NULL, n = 0;
    uint64_t bytes = 0;
    others = acc__malloc((mv->n_parties ? mv->n_parties : 1) * sizeof *others);
    if (!others)
        return UINT64_MAX;
    for (size_t k = 0; k < mv->n_parties; k++)
        if (k != i)
            others[n++] = k;
    /* the values and minima (S each), the suffix maxima (one per run) */
    uint64_t kinds = task ? 1 : 2;
    bytes = acc__reach_bytes(mv, others, n, task == 1, kinds) +
            ((uint64_t)mv->n_states + mv->party[i].n_runs) * mv->cf->level_bytes_ * kinds;
    acc__free(others);
    return bytes;
}

/* The memory bound of the analyses. */
uint64_t acc__memory_bound(const accord_stability_options *opts)
{
    return opts && opts->max_memory ? opts->max_memory : ACCORD_DEFAULT_MAX_MEMORY;
}

/* Threads: as asked (or OpenMP's default), at most one per task, and as
 * many as fit in the memory bound with `fixed` bytes shared and `per` bytes
 * per thread; 0 when not even one fits.  *need: the bytes for the threads
 * chosen (or for one). */
int acc__default_threads(int asked, size_t n_states)
{
    if (asked > 0)
        return asked;
    return n_states < ACC_PARALLEL_MIN_STATES ? 1 : omp_get_max_threads();
}

int acc__fit_threads(const accord_stability_options *opts, size_t n_states, size_t tasks, uint64_t fixed,
                     uint64_t per, uint64_t *need)
{
    uint64_t bound = acc__memory_bound(opts);
    int t = acc__default_threads(opts ? opts->threads : 0, n_states);
    if ((size_t)t > tasks)
        t = tasks ? (int)tasks : 1;
    if (t < 1)
        t = 1;
    while (t > 1 && fixed + (uint64_t)t * per > bound)
        t--;
    *need = fixed + (uint64_t)t * per;
    return *need <= bound ? t : 0;
}

accord_status accord_stability_compute(const accord_model *m, const accord_stability_options *opts,
                                       accord_stability **out, accord_diagnostics *diag)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    return acc__stability_run(m, opts, out, diag);
}

accord_status acc__stability_run(const accord_model *m, const accord_stability_options *opts,
                                 accord_stability **out, accord_diagnostics *diag)
{
    accord_status rc = acc__conflict_check(m, "the stability analysis", diag);
    if (rc)
        return rc;
    const accord_conflict *cf = m->conflict;
    size_t S = cf->n_states, P = m->n_parties, tasks = 2 * P;
    acc__moves mv = {0};
    accord_stability *st = NULL;
    uint64_t bound = acc__memory_bound(opts), need;

    /* Refuse up front what surely cannot fit: first the move structure (a
     * lower bound), then, once it is built, its exact size and that of the
     * party tasks. */
    uint64_t result = (uint64_t)((S + 63) / 64) * 8 * ACCORD_N_CONCEPTS * (P + 1);
    rc = acc__memory_check(m, "the stability analysis", acc__moves_bytes(S, P) + result, bound, diag);
    if (rc)
        return rc;
    st = acc__calloc(1, sizeof *st);
    if (!st)
        return ACCORD_E_NOMEM;
    st->n_parties = P;
    st->n_states = S;
    st->words = (S + 63) / 64;
    st->stable = acc__calloc(st->words * ACCORD_N_CONCEPTS * (P ? P : 1), sizeof *st->stable);
    st->equilibria = acc__calloc(st->words * ACCORD_N_CONCEPTS, sizeof *st->equilibria);
    if (!st->stable || !st->equilibria) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    int threads = opts && opts->threads > 0 ? opts->threads : 0;
    rc = acc__moves_build(m, threads, &mv);
    if (rc)
        goto out;
    uint64_t per = 0;
    for (size_t t = 0; t < tasks; t++) {
        uint64_t b = task_bytes(&mv, t / 2, (int)(t % 2));
        if (b > per)
            per = b;
    }
    threads = acc__fit_threads(opts, m->conflict->n_states, tasks, acc__moves_size(&mv) + result, per, &need);
    if (!threads) {
        rc = acc__memory_check(m, "the stability analysis", need, bound, diag);
        goto out;
    }
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) reduction(max : failed)
    for (long t = 0; t < (long)tasks; t++) {
        accord_status r = party_task(&mv, (size_t)t / 2, (int)(t % 2), st);
        if ((int)r > failed)
            failed = (int)r;
    }
    if (failed) {
        rc = (accord_status)failed;
        if (rc == ACCORD_E_LIMIT)
            acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                      "the stability analysis of %zu states and %zu parties needs more than 2^32 "
                      "graph nodes (lower accord_load_options.max_states)",
                      S, P);
        goto out;
    }
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
        uint64_t *eq = st->equilibria + (size_t)c * st->words;
        for (size_t w = 0; w < st->words; w++) {
            uint64_t all = w + 1 < st->words || S % 64 == 0 ? ~(uint64_t)0
                                                           : ((uint64_t)1 << (S % 64)) - 1;
            for (size_t p = 0; p < P; p++)
                all &= row(st, (accord_concept)c, p)[w];
            eq[w] = all;
            st->n_equilibria[c] += (size_t)__builtin_popcountll(all);
        }
    }
out:
    acc__moves_free(&mv);
    if (rc) {
        accord_stability_free(st);
        return rc;
    }
    *out = st;
    return ACCORD_OK;
}

bool accord_stability_is_stable(const accord_stability *st, accord_concept c, size_t party,
                                size_t state)
{
    if (!st || (unsigned)c >= ACCORD_N_CONCEPTS || party >= st->n_parties || state >= st->n_states)
        return false;
    return bit_get(st->stable + ((size_t)c * st->n_parties + party) * st->words, state);
}

bool accord_stability_is_equilibrium(const accord_stability *st, accord_concept c, size_t state)
{
    if (!st || (unsigned)c >= ACCORD_N_CONCEPTS || state >= st->n_states)
        return false;
    return bit_get(st->equilibria + (size_t)c * st->words, state);
}

void accord_stability_free(accord_stability *st)
{
    if (!st)
        return;
    acc__free(st->stable);
    acc__free(st->equilibria);
    acc__free(st);
}
