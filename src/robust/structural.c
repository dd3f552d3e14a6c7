/*
 * structural.c - the conflict part of `accord robust`: per sample, each
 * option that may be irreversible is drawn irreversible (moves forward
 * only) or not, and each party with alternative orders takes one of them
 * or its base order; the stability of the status quo and of the named
 * states is computed once per distinct configuration (a hash table over
 * the drawn bytes) by the conflict analysis itself, on a copy of the
 * conflict with the drawn moves and levels.
 */
#include "structural.h"
#include "../conflict/moves.h"

#include <string.h>

accord_status acc__conflict_part_init(const accord_model *m, acc__conflict_part *cp)
{
    memset(cp, 0, sizeof *cp);
    cp->m = m;
    const accord_conflict *cf = m->conflict;
    if (!cf || !cf->n_states)
        return ACCORD_OK;
    cp->irr = acc__calloc(cf->n_options + 1, sizeof *cp->irr);
    cp->ord = acc__calloc(m->n_parties + 1, sizeof *cp->ord);
    cp->alt_first = acc__calloc(m->n_parties + 1, sizeof *cp->alt_first);
    if (!cp->irr || !cp->ord || !cp->alt_first)
        return ACCORD_E_NOMEM;
    for (size_t o = 0; o < cf->n_options; o++)
        if (cf->options[o].irreversible.loc.line)
            cp->irr[cp->n_irr++] = o;
    for (size_t p = 0; p < m->n_parties; p++)
        if (cf->preferences[p].n_alternatives) {
            cp->alt_first[cp->n_ord] = cp->n_alt;
            cp->ord[cp->n_ord++] = p;
            cp->n_alt += cf->preferences[p].n_alternatives;
        }
    cp->width = cp->n_irr + cp->n_ord;
    if (cp->width)
        cp->n_subjects = (cf->has_status_quo ? 1 : 0) + cf->n_named;
    cp->words = (cf->n_states + 63) / 64;
    return ACCORD_OK;
}

void acc__conflict_part_free(acc__conflict_part *cp)
{
    acc__free(cp->irr);
    acc__free(cp->ord);
    acc__free(cp->alt_first);
    acc__free(cp->alt_lv);
    acc__free(cp->alt_nl);
    acc__free(cp->named);
    memset(cp, 0, sizeof *cp);
}

double acc__conflict_part_bytes(const acc__conflict_part *cp)
{
    if (!cp->width)
        return 0;
    const accord_conflict *cf = cp->m->conflict;
    return (4.0 * (double)cf->n_states + 4) * (double)cp->n_alt +
           8.0 * (double)cp->words * (double)cf->n_named + 24.0 * (double)cp->m->n_parties;
}

double acc__conflict_part_analysis_bytes(const acc__conflict_part *cp)
{
    if (!cp->width)
        return 0;
    const accord_conflict *cf = cp->m->conflict;
    size_t S = cf->n_states, P = cp->m->n_parties;
    double result = (double)cp->words * 8 * ACCORD_N_CONCEPTS * (double)(P + 1);
    /* the configuration's levels (4 bytes, acc__conflict_variant), its
     * options, the result, the move structure (its lower bound, plus the
     * chains at 4 bytes) and one pass (a word per graph node and two
     * values per state, 4 bytes each: at least 12 bytes a state) */
    return 4.0 * (double)(P * S + P) + (double)cf->n_options * sizeof *cf->options + result +
           (double)acc__moves_bytes(S, P) + 3.0 * (double)(P * S) + 12.0 * (double)S;
}

accord_status acc__conflict_part_prepare(acc__conflict_part *cp)
{
    if (!cp->width)
        return ACCORD_OK;
    const accord_model *m = cp->m;
    const accord_conflict *cf = m->conflict;
    size_t S = cf->n_states;
    cp->alt_lv = acc__calloc(cp->n_alt * S + 1, sizeof *cp->alt_lv);
    cp->alt_nl = acc__calloc(cp->n_alt + 1, sizeof *cp->alt_nl);
    cp->named = acc__calloc(cp->words * cf->n_named + 1, sizeof *cp->named);
    if (!cp->alt_lv || !cp->alt_nl || !cp->named)
        return ACCORD_E_NOMEM;
    for (size_t j = 0; j < cp->n_ord; j++) {
        const accord_conflict_preference *pr = &cf->preferences[cp->ord[j]];
        for (size_t a = 0; a < pr->n_alternatives; a++) {
            size_t k = cp->alt_first[j] + a;
            /* checked at load: only running out of memory can fail here */
            accord_status rc = acc__conflict_levels(m, cp->ord[j], &pr->alternatives[a].order,
                                                    cp->alt_lv + k * S, &cp->alt_nl[k], NULL, NULL);
            if (rc)
                return rc;
        }
    }
    for (size_t k = 0; k < cf->n_named; k++)
        for (size_t i = 0; i < S; i++)
            if (acc__condition_matches(&cf->named[k].condition, acc__state_code(cf, i)))
                cp->named[k * cp->words + i / 64] |= (uint64_t)1 << (i % 64);
    return ACCORD_OK;
}

void acc__conflict_part_draw(const acc__conflict_part *cp, uint64_t *state, uint8_t *cfg,
                             uint8_t *holds)
{
    const accord_conflict *cf = cp->m->conflict;
    for (size_t k = 0; k < cp->n_irr; k++) {
        double q = cf->options[cp->irr[k]].irreversible.value;
        cfg[k] = holds[k] = acc__uniform01(state) < q;
    }
    for (size_t j = 0; j < cp->n_ord; j++) {
        const accord_conflict_preference *pr = &cf->preferences[cp->ord[j]];
        double u = acc__uniform01(state), cum = 0;
        size_t pick = 0;
        for (size_t a = 0; a < pr->n_alternatives && !pick; a++) {
            cum += pr->alternatives[a].probability.value;
            if (u < cum)
                pick = a + 1;
        }
        cfg[cp->n_irr + j] = (uint8_t)pick;
        for (size_t a = 0; a < pr->n_alternatives; a++)
            holds[cp->n_irr + cp->alt_first[j] + a] = pick == a + 1;
    }
}

/* The verdicts of one stability result. */
static void verdicts_of(const acc__conflict_part *cp, const accord_stability *st, uint8_t *out)
{
    const accord_conflict *cf = cp->m->conflict;
    size_t k = 0;
    if (cf->has_status_quo) {
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
            out[c] = accord_stability_is_equilibrium(st, (accord_concept)c, cf->status_quo_index);
        k++;
    }
    for (size_t n = 0; n < cf->n_named; n++, k++)
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
            const uint64_t *eq = st->equilibria + (size_t)c * st->words;
            const uint64_t *match = cp->named + n * cp->words;
            bool any = false;
            for (size_t w = 0; w < cp->words && !any; w++)
                any = (eq[w] & match[w]) != 0;
            out[k * ACCORD_N_CONCEPTS + (size_t)c] = any;
        }
}

accord_status acc__conflict_part_verdicts(const acc__conflict_part *cp, const uint8_t *cfg,
                                          uint64_t max_memory, uint8_t *out,
                                          accord_diagnostics *diag)
{
    const accord_model *m = cp->m;
    const accord_conflict *cf = m->conflict;
    size_t S = cf->n_states, P = m->n_parties;
    accord_stability_options so = {.max_memory = max_memory, .threads = cp->threads};
    accord_stability *st = NULL;
    if (!cfg) {
        accord_status rc = acc__stability_run(m, &so, &st, diag);
        if (!rc)
            verdicts_of(cp, st, out);
        accord_stability_free(st);
        return rc;
    }
    acc__conflict_variant v;
    accord_status rc = acc__conflict_variant_init(&v, cf, P, ACC_VARIANT_OPTIONS | ACC_VARIANT_LEVELS);
    if (rc)
        return rc;
    accord_model mc = *m;
    mc.conflict = &v.cf;
    for (size_t k = 0; k < cp->n_irr; k++)
        if (cfg[k])
            v.options[cp->irr[k]].moves = ACCORD_MOVES_FORWARD;
    for (size_t j = 0; j < cp->n_ord; j++) {
        size_t pick = cfg[cp->n_irr + j], p = cp->ord[j];
        if (!pick)
            continue;
        size_t a = cp->alt_first[j] + pick - 1;
        memcpy(v.level + p * S, cp->alt_lv + a * S, S * sizeof *v.level);
        v.n_levels[p] = cp->alt_nl[a];
    }
    rc = acc__stability_run(&mc, &so, &st, diag);
    if (!rc)
        verdicts_of(cp, st, out);
    accord_stability_free(st);
    acc__conflict_variant_free(&v);
    return rc;
}

static uint64_t config_hash(const uint8_t *cfg, size_t width)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t k = 0; k < width; k++)
        h = (h ^ cfg[k]) * 0x100000001b3ULL;
    return h ^ (h >> 29);
}

/* Slots of the memo table for `rows` samples: a power of two at least
 * twice the distinct configurations possible (and the rows). */
static size_t memo_slots(const acc__conflict_part *cp, uint64_t rows)
{
    const accord_conflict *cf = cp->m->conflict;
    double possible = 1;
    for (size_t k = 0; k < cp->n_irr && possible < 1e12; k++)
        possible *= 2;
    for (size_t j = 0; j < cp->n_ord && possible < 1e12; j++)
        possible *= (double)(cf->preferences[cp->ord[j]].n_alternatives + 1);
    double want = 2 * ((double)rows < possible ? (double)rows : possible);
    size_t slots = 16;
    while ((double)slots < want)
        slots *= 2;
    return slots;
}

/* Distinct configurations possible for `rows` samples: at most one per
 * row, and at most the product of the assumptions' choices. */
static size_t memo_capacity(const acc__conflict_part *cp, uint64_t rows)
{
    return memo_slots(cp, rows) / 2;
}

double acc__conflict_part_memo_bytes(const acc__conflict_part *cp, uint64_t rows)
{
    if (!cp->width)
        return 0;
    double nv = (double)cp->n_subjects * ACCORD_N_CONCEPTS;
    return 8.0 * (double)memo_slots(cp, rows) + (16 + nv) * (double)memo_capacity(cp, rows);
}

void acc__conflict_part_holds(const acc__conflict_part *cp, const uint8_t *cfg, uint8_t *holds)
{
    const accord_conflict *cf = cp->m->conflict;
    for (size_t k = 0; k < cp->n_irr; k++)
        holds[k] = cfg[k] != 0;
    for (size_t j = 0; j < cp->n_ord; j++) {
        size_t n_alt = cf->preferences[cp->ord[j]].n_alternatives;
        for (size_t a = 0; a < n_alt; a++)
            holds[cp->n_irr + cp->alt_first[j] + a] = cfg[cp->n_irr + j] == a + 1;
    }
}

void acc__conflict_tally_free(acc__conflict_tally *t)
{
    acc__free(t->first);
    acc__free(t->count);
    acc__free(t->verdicts);
    memset(t, 0, sizeof *t);
}

accord_status acc__conflict_part_run(const acc__conflict_part *cp, const uint8_t *configs,
                                     uint64_t rows, uint64_t max_memory, acc__conflict_tally *t,
                                     accord_diagnostics *diag)
{
    memset(t, 0, sizeof *t);
    if (!cp->width)
        return ACCORD_OK;
    size_t slots = memo_slots(cp, rows), cap = memo_capacity(cp, rows);
    size_t nv = cp->n_subjects * ACCORD_N_CONCEPTS;
    uint64_t *slot = acc__calloc(slots, sizeof *slot); /* distinct index + 1; 0: free */
    t->first = acc__calloc(cap + 1, sizeof *t->first);
    t->count = acc__calloc(cap + 1, sizeof *t->count);
    t->verdicts = acc__calloc(cap * nv + 1, 1);
    accord_status rc = ACCORD_OK;
    if (!slot || !t->first || !t->count || !t->verdicts)
        rc = ACCORD_E_NOMEM;
    for (uint64_t s = 0; s < rows && !rc; s++) {
        const uint8_t *cfg = configs + s * cp->width;
        size_t h = (size_t)config_hash(cfg, cp->width) & (slots - 1);
        while (slot[h] && memcmp(configs + t->first[slot[h] - 1] * cp->width, cfg, cp->width))
            h = (h + 1) & (slots - 1);
        if (slot[h]) {
            t->count[slot[h] - 1]++;
            continue;
        }
        size_t d = t->distinct++;
        slot[h] = d + 1;
        t->first[d] = s;
        t->count[d] = 1;
        rc = acc__conflict_part_verdicts(cp, cfg, max_memory, t->verdicts + d * nv, diag);
    }
    acc__free(slot);
    if (rc)
        acc__conflict_tally_free(t);
    return rc;
}
