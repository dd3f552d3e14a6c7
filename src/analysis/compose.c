/*
 * compose.c - accord_analysis_compute: every analysis the model supports,
 * run once into one result object that text, JSON and HTML only render
 * (src/render/analysis.c, src/render/html*.c).
 */
#include "claims.h"

#include <stdio.h>
#include <string.h>

void accord_analysis_options_init(accord_analysis_options *o)
{
    memset(o, 0, sizeof *o);
    o->samples = ACCORD_DEFAULT_SAMPLES;
    o->seed = 0;
}

/* Record why a part is missing: its status, and its diagnostics as one
 * note of sentences (capital first letter, full stop), each also passed on
 * to the caller's diag as a warning. */
static accord_status note_part(accord_analysis_part *part, accord_status rc, accord_diagnostics *d,
                               accord_diagnostics *diag)
{
    part->status = rc;
    part->note = NULL;
    accord_status st = ACCORD_OK;
    if (rc) {
        acc__str s = {0};
        for (size_t i = 0; i < d->count; i++) {
            const accord_diagnostic *x = &d->items[i];
            if (s.len)
                acc__str_puts(&s, " ");
            size_t at = s.len, len = strlen(x->message);
            acc__str_puts(&s, x->message);
            if (!s.failed && s.data[at] >= 'a' && s.data[at] <= 'z')
                s.data[at] = (char)(s.data[at] - 'a' + 'A');
            if (len && x->message[len - 1] != '.')
                acc__str_puts(&s, ".");
            if (acc__diag(diag, ACCORD_WARNING, x->file, x->line, x->col, "%s", x->message))
                st = ACCORD_E_NOMEM;
        }
        if (!s.len) {
            acc__str_puts(&s, accord_strerror(rc));
            acc__str_puts(&s, ".");
        }
        if (!(part->note = acc__str_take(&s)))
            st = ACCORD_E_NOMEM;
    }
    accord_diagnostics_clear(d);
    return rc == ACCORD_E_NOMEM ? ACCORD_E_NOMEM : st;
}

/* Run one part: on success ACCORD_OK; a failure other than NOMEM is kept
 * in *part and is not an error of the whole analysis. */
#define RUN_PART(part, call)                                                                       \
    do {                                                                                           \
        accord_diagnostics d_ = {0};                                                               \
        accord_status r_ = (call);                                                                 \
        if (r_ == ACCORD_E_NOMEM) {                                                                \
            accord_diagnostics_clear(&d_);                                                         \
            return ACCORD_E_NOMEM;                                                                 \
        }                                                                                          \
        if (note_part(&(part), r_, &d_, diag))                                                     \
            return ACCORD_E_NOMEM;                                                                 \
    } while (0)
#define DIAG (&d_)

/* The repair of every proposal (0 changes for one every party accepts),
 * with the red lines `ignored` flags dropped, into out[]. */
static accord_status repairs(const accord_model *m, const accord_analysis_options *o, const bool *ignored,
                             accord_repair_result **out, accord_analysis_part *parts, accord_diagnostics *diag)
{
    const accord_agreement *ag = m->agreement;
    for (size_t q = 0; q < ag->n_proposals; q++) {
        accord_repair_options ro = {.terms = ag->proposals[q].terms, .max_repairs = o->max_repairs,
                                    .label = ag->proposals[q].id, .ignored_red_lines = ignored};
        RUN_PART(parts[q], accord_repair_compute(m, &ro, &out[q], DIAG));
    }
    return ACCORD_OK;
}

/* Add a side (its relaxation borrowed) to a->sides. */
static accord_status add_side(accord_analysis *a, const accord_relaxation *set)
{
    accord_side_relaxation *sd = acc__realloc(a->sides, (a->n_sides + 1) * sizeof *a->sides);
    if (!sd)
        return ACCORD_E_NOMEM;
    a->sides = sd;
    accord_side_relaxation *x = &a->sides[a->n_sides++];
    *x = (accord_side_relaxation){0};
    x->set = set;
    for (size_t k = 0; k < set->n; k++)
        x->parties |= (uint64_t)1 << set->red_lines[k].party;
    x->repairs = acc__calloc(a->n_proposals + 1, sizeof *x->repairs);
    x->repair_parts = acc__calloc(a->n_proposals + 1, sizeof *x->repair_parts);
    return x->repairs && x->repair_parts ? ACCORD_OK : ACCORD_E_NOMEM;
}

/* Each side's own smallest relaxation (every party alone, then the pairs;
 * the first overall set when no side has one), and every proposal repaired
 * under each: the sides' positions side by side. */
static accord_status sides(const accord_model *m, const accord_analysis_options *o, accord_analysis *a,
                           accord_diagnostics *diag)
{
    const accord_agreement *ag = m->agreement;
    accord_status rc = ACCORD_OK;
    for (size_t p = 0; !rc && p < m->n_parties; p++)
        if (a->alone[p] && a->alone[p]->n_sets)
            rc = add_side(a, &a->alone[p]->sets[0]);
    for (size_t k = 0; !rc && k < a->n_pairs; k++)
        if (a->pairs[k].relaxations->n_sets)
            rc = add_side(a, &a->pairs[k].relaxations->sets[0]);
    if (!rc && !a->n_sides)
        rc = add_side(a, &a->relaxations->sets[0]);
    size_t R = 0;
    for (size_t p = 0; p < m->n_parties; p++)
        R += ag->preferences[p].n_red_lines;
    bool *ignored = rc ? NULL : acc__calloc(R + 1, sizeof *ignored);
    if (!rc && !ignored)
        rc = ACCORD_E_NOMEM;
    for (size_t k = 0; !rc && k < a->n_sides; k++) {
        /* the side's red lines dropped: flags in the relaxations' numbering */
        memset(ignored, 0, (R + 1) * sizeof *ignored);
        const accord_relaxation *set = a->sides[k].set;
        for (size_t j = 0; j < set->n; j++) {
            size_t g = set->red_lines[j].red_line;
            for (size_t p = 0; p < set->red_lines[j].party; p++)
                g += ag->preferences[p].n_red_lines;
            ignored[g] = true;
        }
        rc = repairs(m, o, ignored, a->sides[k].repairs, a->sides[k].repair_parts, diag);
    }
    acc__free(ignored);
    return rc;
}

/* When no agreement exists: each party alone, the pairs that cannot alone,
 * and every proposal repaired with the first blocking set dropped. */
static accord_status blocked(const accord_model *m, const accord_analysis_options *o, accord_analysis *a,
                             accord_diagnostics *diag)
{
    const accord_agreement *ag = m->agreement;
    size_t np = m->n_parties;
    if (np > 64) /* parties are bits of a 64-bit mask */
        return ACCORD_OK;
    accord_status rc;
    for (size_t p = 0; p < np; p++)
        if (ag->preferences[p].n_red_lines &&
            (rc = accord_relaxations_compute(m, &(accord_relaxations_options){.parties = (uint64_t)1 << p, .max_sets = 1},
                                             &a->alone[p], NULL)))
            return rc;
    for (size_t p = 0; p < np; p++)
        for (size_t q = p + 1; q < np; q++) {
            if (!a->alone[p] || !a->alone[q] || a->alone[p]->n_sets || a->alone[q]->n_sets)
                continue; /* one of them can open the zone alone */
            accord_pair_relaxation *pr = acc__realloc(a->pairs, (a->n_pairs + 1) * sizeof *a->pairs);
            if (!pr)
                return ACCORD_E_NOMEM;
            a->pairs = pr;
            accord_pair_relaxation *x = &a->pairs[a->n_pairs];
            *x = (accord_pair_relaxation){p, q, NULL};
            accord_relaxations_options ro = {.parties = ((uint64_t)1 << p) | ((uint64_t)1 << q),
                                             .max_size = ACCORD_DEFAULT_RELAX_SIZE + 1, .max_sets = 1};
            if ((rc = accord_relaxations_compute(m, &ro, &x->relaxations, NULL)))
                return rc;
            a->n_pairs++;
        }
    return sides(m, o, a, diag);
}

/* Does the model have a structural assumption to sample (a red line that
 * may not hold, an option that may be one-way, an alternative order)? */
static bool has_structural(const accord_model *m)
{
    const accord_agreement *ag = m->agreement;
    for (size_t p = 0; p < m->n_parties; p++) {
        const accord_preference *pr = &ag->preferences[p];
        for (size_t k = 0; pr->red_line_info && k < pr->n_red_lines; k++)
            if (pr->red_line_info[k].firmness.value < 1)
                return true;
    }
    const accord_conflict *cf = m->conflict;
    for (size_t o = 0; cf && o < cf->n_options; o++)
        if (cf->options[o].irreversible.loc.line)
            return true;
    for (size_t p = 0; cf && p < m->n_parties; p++)
        if (cf->preferences[p].n_alternatives)
            return true;
    return false;
}

/* Does the model have a number written as a range or a structural
 * assumption (so that sampling means something)? */
static bool has_ranges(const accord_model *m)
{
    const accord_agreement *ag = m->agreement;
    if (has_structural(m))
        return true;
    for (size_t p = 0; p < m->n_parties; p++) {
        const accord_preference *pr = &ag->preferences[p];
        if (pr->reservation.is_range)
            return true;
        for (size_t i = 0; i < ag->n_issues; i++) {
            if (pr->weights && pr->weights[i].is_range)
                return true;
            const accord_valuation *v = &pr->valuations[i];
            for (size_t k = 0; v->values && k < ag->issues[i].n_options; k++)
                if (v->values[k].is_range)
                    return true;
        }
    }
    return false;
}

static accord_status agreement(const accord_model *m, const accord_analysis_options *o, accord_analysis *a,
                               accord_diagnostics *diag)
{
    accord_status rc;
    if ((rc = accord_evaluation_compute(m, NULL, &a->evaluation, diag)))
        return rc;
    accord_frontier_options fo = {.max_points = o->max_points};
    RUN_PART(a->frontier_part, accord_frontier_compute(m, &fo, &a->frontier, DIAG));
    accord_relaxations_options xo = {.max_sets = ACCORD_DEFAULT_RELAX_SETS};
    RUN_PART(a->relaxations_part, accord_relaxations_compute(m, &xo, &a->relaxations, DIAG));
    const accord_relaxations *rx = a->relaxations;
    if (rx && !rx->zopa_empty) {
        if ((rc = repairs(m, o, NULL, a->repairs, a->repair_parts, diag)))
            return rc;
    } else if (rx && rx->n_sets > 0 && (rc = blocked(m, o, a, diag))) {
        return rc;
    }
    if (!o->skip_robust && !has_ranges(m)) {
        a->robust_part.status = ACCORD_E_NODATA; /* nothing to sample */
    } else if (!o->skip_robust) {
        accord_robust_options ro = {.samples = o->samples, .seed = o->seed, .top = ACCORD_DEFAULT_TOP};
        RUN_PART(a->robust_part, accord_robust_compute(m, &ro, &a->robust, DIAG));
    }
    return ACCORD_OK;
}

static accord_status conflict(const accord_model *m, const accord_analysis_options *o, accord_analysis *a,
                              accord_diagnostics *diag)
{
    accord_stability_options so = {.threads = o->threads};
    if (m->conflict->has_status_quo) {
        accord_evolve_options eo = {.stability = so};
        RUN_PART(a->evolution_part, accord_evolve_compute(m, &eo, &a->evolution, DIAG));
        a->stability_part = a->evolution_part;
        if (a->evolution) {
            a->stability = a->evolution->stability; /* owned by the evolution */
            a->stability_part.note = NULL;
        } else if (a->evolution_part.note && !(a->stability_part.note = acc__strdup(a->evolution_part.note))) {
            return ACCORD_E_NOMEM;
        }
        return ACCORD_OK;
    }
    RUN_PART(a->stability_part, accord_stability_compute(m, &so, &a->stability, DIAG));
    return ACCORD_OK;
}

accord_status accord_analysis_compute(const accord_model *m, const accord_analysis_options *opts,
                                      accord_analysis **out, accord_diagnostics *diag)
{
    if (!out || !m)
        return ACCORD_E_ARG;
    *out = NULL;
    accord_analysis_options o;
    accord_analysis_options_init(&o);
    if (opts) {
        o = *opts;
        if (!o.samples)
            o.samples = ACCORD_DEFAULT_SAMPLES;
    }
    if (!o.max_repairs)
        o.max_repairs = ACCORD_DEFAULT_ANALYSIS_REPAIRS;
    accord_analysis *a = acc__calloc(1, sizeof *a);
    if (!a)
        return ACCORD_E_NOMEM;
    a->n_parties = m->n_parties;
    accord_status rc = ACCORD_OK;
    if (m->agreement) {
        size_t nq = a->n_proposals = m->agreement->n_proposals;
        a->alone = acc__calloc(m->n_parties + 1, sizeof *a->alone);
        a->repairs = acc__calloc(nq + 1, sizeof *a->repairs);
        a->repair_parts = acc__calloc(nq + 1, sizeof *a->repair_parts);
        if (!a->alone || !a->repairs || !a->repair_parts)
            rc = ACCORD_E_NOMEM;
        if (!rc)
            rc = agreement(m, &o, a, diag);
    }
    if (!rc && m->conflict)
        rc = conflict(m, &o, a, diag);
    if (!rc)
        rc = acc__analysis_claims(m, a);
    if (rc) {
        accord_analysis_free(a);
        return rc;
    }
    *out = a;
    return ACCORD_OK;
}

static void part_free(accord_analysis_part *p)
{
    acc__free(p->note);
    p->note = NULL;
}

void accord_analysis_free(accord_analysis *a)
{
    if (!a)
        return;
    accord_evaluation_free(a->evaluation);
    accord_frontier_free(a->frontier);
    part_free(&a->frontier_part);
    accord_relaxations_free(a->relaxations);
    part_free(&a->relaxations_part);
    for (size_t p = 0; a->alone && p < a->n_parties; p++)
        accord_relaxations_free(a->alone[p]);
    acc__free(a->alone);
    for (size_t k = 0; k < a->n_pairs; k++)
        accord_relaxations_free(a->pairs[k].relaxations);
    acc__free(a->pairs);
    for (size_t q = 0; q < a->n_proposals; q++) {
        if (a->repairs)
            accord_repair_result_free(a->repairs[q]);
        if (a->repair_parts)
            part_free(&a->repair_parts[q]);
    }
    acc__free(a->repairs);
    for (size_t k = 0; k < a->n_sides; k++) {
        for (size_t q = 0; q < a->n_proposals; q++) {
            accord_repair_result_free(a->sides[k].repairs ? a->sides[k].repairs[q] : NULL);
            if (a->sides[k].repair_parts)
                part_free(&a->sides[k].repair_parts[q]);
        }
        acc__free(a->sides[k].repairs);
        acc__free(a->sides[k].repair_parts);
    }
    acc__free(a->sides);
    acc__free(a->repair_parts);
    accord_robust_free(a->robust);
    part_free(&a->robust_part);
    if (a->evolution)
        accord_evolution_free(a->evolution); /* and its stability */
    else
        accord_stability_free(a->stability);
    part_free(&a->stability_part);
    part_free(&a->evolution_part);
    acc__analysis_claims_free(a);
    acc__free(a);
}
