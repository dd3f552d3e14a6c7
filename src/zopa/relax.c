/*
 * relax.c - when no outcome is acceptable to every party, the smallest sets
 * of red lines whose removal opens the zone of possible agreement.
 */
#include "rational_search.h"

#include <string.h>

/* Nodes one candidate set's search may visit. */
#define RELAX_NODES 1000000

void accord_relaxations_free(accord_relaxations *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_sets; i++) {
        acc__free(r->sets[i].red_lines);
        acc__free(r->sets[i].witness);
    }
    acc__free(r->sets);
    acc__free(r);
}

/* Global red-line number -> (party, index). */
static void locate(const accord_model *m, size_t g, size_t *party, size_t *index)
{
    for (size_t p = 0; p < m->n_parties; p++) {
        size_t n = m->agreement->preferences[p].n_red_lines;
        if (g < n) {
            *party = p;
            *index = g;
            return;
        }
        g -= n;
    }
}

static accord_status record(const accord_model *m, accord_relaxations *r, size_t *cap,
                            const size_t *combo, size_t k, const uint32_t *witness)
{
    if (acc__grow((void **)&r->sets, cap, r->n_sets + 1, sizeof *r->sets))
        return ACCORD_E_NOMEM;
    accord_relaxation *set = &r->sets[r->n_sets];
    memset(set, 0, sizeof *set);
    set->n = k;
    set->red_lines = acc__calloc(k + 1, sizeof *set->red_lines);
    set->witness = acc__calloc(m->agreement->n_issues + 1, sizeof *set->witness);
    if (!set->red_lines || !set->witness) {
        acc__free(set->red_lines);
        acc__free(set->witness);
        return ACCORD_E_NOMEM;
    }
    for (size_t j = 0; j < k; j++)
        locate(m, combo[j], &set->red_lines[j].party, &set->red_lines[j].red_line);
    memcpy(set->witness, witness, m->agreement->n_issues * sizeof *witness);
    r->n_sets++;
    return ACCORD_OK;
}

void accord_relaxations_options_init(accord_relaxations_options *opts) { memset(opts, 0, sizeof *opts); }

accord_status accord_relaxations_compute(const accord_model *m, const accord_relaxations_options *opts,
                                         accord_relaxations **out, accord_diagnostics *diag)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    if (!m)
        return ACCORD_E_ARG;
    if (!m->agreement)
        return ACCORD_E_NODATA;
    accord_status arc = acc__require_additive(m, "the red-line relaxations", diag);
    if (arc)
        return arc;
    uint64_t parties = opts ? opts->parties : 0;
    size_t max_size = opts ? opts->max_size : 0, max_sets = opts ? opts->max_sets : 0;
    if (max_size == 0)
        max_size = ACCORD_DEFAULT_RELAX_SIZE;
    if (max_size > 64)
        max_size = 64;
    if (max_sets == 0)
        max_sets = 10;
    size_t R = acc__red_line_count(m), ni = m->agreement->n_issues;
    accord_status rc = ACCORD_OK;
    size_t *cand = acc__calloc(R + 1, sizeof *cand), nc = 0; /* droppable red lines */
    if (!cand)
        return ACCORD_E_NOMEM;
    for (size_t g = 0, p = 0; p < m->n_parties; p++)
        for (size_t k = 0; k < m->agreement->preferences[p].n_red_lines; k++, g++)
            if (!parties || (p < 64 && ((parties >> p) & 1)))
                cand[nc++] = g;
    accord_relaxations *r = acc__calloc(1, sizeof *r);
    acc__rational_search *s = NULL;
    bool *ignored = acc__calloc(R + 1, sizeof *ignored);
    uint32_t *witness = acc__calloc(ni + 1, sizeof *witness);
    size_t *combo = acc__calloc(max_size + 1, sizeof *combo);
    size_t cap = 0;
    if (!r || !ignored || !witness || !combo) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    r->decided = true;
    if ((rc = acc__rational_search_new(m, &s)))
        goto out;
    const accord_utility_table *t = &m->agreement->table;
    bool found = false;
    accord_status sr = acc__rational_search_run(s, t, 0, &found, witness);
    if (sr) {
        rc = sr;
        goto out;
    }
    r->zopa_empty = !found;
    if (found)
        goto out;
    /* Without any droppable red line: do the rest alone block? */
    for (size_t c = 0; c < nc; c++)
        ignored[cand[c]] = true;
    acc__rational_search_ignore(s, ignored);
    if ((rc = acc__rational_search_run(s, t, 0, &found, witness)))
        goto out;
    if (!found) {
        r->reservations_block = true;
        goto out;
    }
    /* Sets of k red lines in lexicographic order, k = 1, 2, ...: the first k
     * with a hit is the answer; every set of that size is tried. */
    for (size_t k = 1; k <= max_size && k <= nc && r->n_sets == 0; k++) {
        for (size_t j = 0; j < k; j++)
            combo[j] = j;
        for (;;) {
            memset(ignored, 0, R * sizeof *ignored);
            for (size_t j = 0; j < k; j++)
                ignored[cand[combo[j]]] = true;
            sr = acc__rational_search_run(s, t, RELAX_NODES, &found, witness);
            if (sr == ACCORD_E_LIMIT) {
                r->decided = false;
            } else if (sr) {
                rc = sr;
                goto out;
            } else if (found) {
                if (r->n_sets < max_sets) {
                    size_t chosen[64];
                    for (size_t j = 0; j < k && j < 64; j++)
                        chosen[j] = cand[combo[j]];
                    if ((rc = record(m, r, &cap, chosen, k, witness)))
                        goto out;
                } else {
                    r->more = true;
                }
                r->size = k;
            }
            /* next combination */
            size_t j = k;
            while (j > 0 && combo[j - 1] == nc - k + j - 1)
                j--;
            if (j == 0)
                break;
            combo[j - 1]++;
            for (size_t q = j; q < k; q++)
                combo[q] = combo[q - 1] + 1;
        }
    }
out:
    acc__free(cand);
    acc__rational_search_free(s);
    acc__free(ignored);
    acc__free(witness);
    acc__free(combo);
    if (rc) {
        accord_relaxations_free(r);
        return rc;
    }
    *out = r;
    return ACCORD_OK;
}
