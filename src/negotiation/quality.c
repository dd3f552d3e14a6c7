/*
 * quality.c - how good a negotiation's outcome is: Euclidean distance of its
 * utility vector to the Pareto frontier (the nearest frontier point) and to
 * the Nash bargaining solution, and its welfare against the maximum (the
 * usual outcome measures of GENIUS tournaments; Lin et al. 2014, "Genius:
 * an integrated environment for supporting the design of generic automated
 * negotiators").  The frontier and the solutions come from the agreement
 * analysis (accord_frontier_compute); only this file depends on it.
 */
#include "negotiation.h"

#include <math.h>
#include <string.h>

void acc__quality_ref_clear(acc__quality_ref *ref)
{
    acc__free(ref->points);
    acc__free(ref->nash);
    memset(ref, 0, sizeof *ref);
}

accord_status acc__quality_ref_init(acc__quality_ref *ref, const accord_model *m,
                                    accord_diagnostics *diag)
{
    memset(ref, 0, sizeof *ref);
    accord_diagnostics local = {0};
    accord_frontier *f = NULL;
    accord_status rc = accord_frontier_compute(m, NULL, &f, &local);
    if (rc == ACCORD_E_LIMIT) {
        for (size_t k = 0; k < local.count; k++)
            acc__diag(diag, ACCORD_WARNING, local.items[k].file, local.items[k].line,
                      local.items[k].col, "the negotiation's quality metrics are not computed: %s",
                      local.items[k].message);
        accord_diagnostics_clear(&local);
        return ACCORD_OK;
    }
    for (size_t k = 0; k < local.count; k++)
        acc__diag(diag, local.items[k].severity, local.items[k].file, local.items[k].line,
                  local.items[k].col, "%s", local.items[k].message);
    accord_diagnostics_clear(&local);
    if (rc)
        return rc;
    size_t np = f->n_parties;
    ref->n_parties = np;
    ref->n_points = f->n_points;
    ref->points = acc__calloc(f->n_points * np + 1, sizeof *ref->points);
    ref->nash = acc__calloc(np + 1, sizeof *ref->nash);
    if (!ref->points || !ref->nash) {
        accord_frontier_free(f);
        acc__quality_ref_clear(ref);
        return ACCORD_E_NOMEM;
    }
    for (size_t k = 0; k < f->n_points; k++)
        memcpy(ref->points + k * np, f->points[k].utility, np * sizeof *ref->points);
    if (f->nash) {
        ref->has_nash = true;
        memcpy(ref->nash, f->nash->utility, np * sizeof *ref->nash);
    }
    ref->max_welfare = 0;
    if (f->max_welfare)
        for (size_t p = 0; p < np; p++)
            ref->max_welfare += f->max_welfare->utility[p];
    ref->computed = true;
    accord_frontier_free(f);
    return ACCORD_OK;
}

static double distance(const double *a, const double *b, size_t n)
{
    double d = 0;
    for (size_t p = 0; p < n; p++)
        d += (a[p] - b[p]) * (a[p] - b[p]);
    return sqrt(d);
}

void acc__quality_measure(const acc__quality_ref *ref, const double *utility,
                          accord_outcome_quality *q)
{
    memset(q, 0, sizeof *q);
    if (!ref->computed)
        return;
    size_t np = ref->n_parties;
    q->computed = true;
    q->pareto_distance = INFINITY;
    for (size_t k = 0; k < ref->n_points; k++) {
        double d = distance(utility, ref->points + k * np, np);
        if (d < q->pareto_distance)
            q->pareto_distance = d;
    }
    if (ref->n_points == 0)
        q->pareto_distance = 0;
    q->has_nash = ref->has_nash;
    if (ref->has_nash)
        q->nash_distance = distance(utility, ref->nash, np);
    for (size_t p = 0; p < np; p++)
        q->welfare += utility[p];
    q->max_welfare = ref->max_welfare;
}
