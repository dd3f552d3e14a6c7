/*
 * evaluate.c - each proposal, party by party: utility, verdict, the red lines
 * broken, each issue's contribution, and the provisions that cost the party
 * most compared with its best option for that issue.
 */
#include "../model/model.h"
#include "../zopa/rational_search.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void accord_evaluation_free(accord_evaluation *e)
{
    if (!e)
        return;
    for (size_t q = 0; q < e->n_proposals; q++) {
        accord_proposal_evaluation *pe = &e->proposals[q];
        for (size_t p = 0; pe->parties && p < e->n_parties; p++) {
            acc__free(pe->parties[p].broken);
            acc__free(pe->parties[p].contribution);
            acc__free(pe->parties[p].costs);
        }
        acc__free(pe->parties);
    }
    acc__free(e->proposals);
    acc__free(e->owned_terms_);
    acc__free(e->ignored_red_lines);
    acc__free(e);
}


/* One party's verdict on one outcome. */
static accord_status judge(const accord_model *m, size_t p, const uint32_t *terms,
                           const bool *ignored, accord_party_verdict *pv)
{
    const bool *dropped = acc__red_lines_ignored(m, ignored, p);
    const accord_agreement *ag = m->agreement;
    const accord_utility_table *t = &ag->table;
    const accord_preference *pr = &ag->preferences[p];
    size_t ni = ag->n_issues;
    pv->party = p;
    pv->utility = accord_utility(m, p, terms);
    pv->reservation = t->reservation[p];
    pv->broken = acc__calloc(pr->n_red_lines + 1, sizeof *pv->broken);
    pv->contribution = acc__calloc(ni + 1, sizeof *pv->contribution);
    pv->costs = acc__calloc(ni + 1, sizeof *pv->costs);
    if (!pv->broken || !pv->contribution || !pv->costs)
        return ACCORD_E_NOMEM;
    for (size_t r = 0; r < pr->n_red_lines; r++)
        if (!(dropped && dropped[r]) && accord_expr_eval_outcome(pr->red_lines[r].expr, terms))
            pv->broken[pv->n_broken++] = r;
    pv->verdict = pv->n_broken ? ACCORD_VERDICT_RED_LINE
                  : acc__reaches_reservation(acc__exact_of(m, t, p), p, t->offset, ni, terms, pv->utility,
                                             t->cap[p], t->reservation[p])
                      ? ACCORD_VERDICT_ACCEPTABLE
                                                   : ACCORD_VERDICT_BELOW_RESERVATION;
    pv->acceptable = pv->verdict == ACCORD_VERDICT_ACCEPTABLE;
    const double *row = t->contrib + p * t->total_options;
    for (size_t i = 0; i < ni; i++) {
        const double *c = row + t->offset[i];
        pv->contribution[i] = c[terms[i]];
        uint32_t best = 0;
        for (uint32_t k = 1; k < ag->issues[i].n_options; k++)
            if (c[k] > c[best])
                best = k;
        double loss = c[best] - c[terms[i]];
        if (loss > 0)
            pv->costs[pv->n_costs++] = (accord_issue_cost){i, terms[i], best, c[terms[i]], loss};
    }
    /* largest loss first; ties in issue order (insertion sort is stable) */
    for (size_t a = 1; a < pv->n_costs; a++) {
        accord_issue_cost x = pv->costs[a];
        size_t b = a;
        while (b > 0 && pv->costs[b - 1].loss < x.loss) {
            pv->costs[b] = pv->costs[b - 1];
            b--;
        }
        pv->costs[b] = x;
    }
    return ACCORD_OK;
}

/* Evaluate n outcomes: proposal q's terms, or (given != NULL) those; the
 * red lines flagged in `ignored` (NULL: none) count as dropped. */
static accord_status evaluate(const accord_model *m, const uint32_t *given, const bool *ignored,
                              accord_evaluation **out)
{
    *out = NULL;
    if (!m->agreement)
        return ACCORD_E_NODATA;
    const accord_agreement *ag = m->agreement;
    size_t n = given ? 1 : ag->n_proposals;
    for (size_t i = 0; given && i < ag->n_issues; i++)
        if (given[i] >= ag->issues[i].n_options)
            return ACCORD_E_ARG;
    accord_status rc = ACCORD_OK;
    accord_evaluation *e = acc__calloc(1, sizeof *e);
    if (!e)
        return ACCORD_E_NOMEM;
    e->n_parties = m->n_parties;
    e->n_issues = ag->n_issues;
    e->proposals = acc__calloc(n + 1, sizeof *e->proposals);
    if (given && (e->owned_terms_ = acc__calloc(ag->n_issues + 1, sizeof *e->owned_terms_)))
        memcpy(e->owned_terms_, given, ag->n_issues * sizeof *given);
    if (!e->proposals || (given && !e->owned_terms_)) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    if ((rc = acc__red_lines_ignored_copy(m, ignored, &e->ignored_red_lines)))
        goto out;
    for (size_t q = 0; q < n; q++) {
        accord_proposal_evaluation *pe = &e->proposals[q];
        e->n_proposals = q + 1;
        pe->proposal = given ? SIZE_MAX : q;
        pe->terms = given ? e->owned_terms_ : ag->proposals[q].terms;
        pe->parties = acc__calloc(m->n_parties + 1, sizeof *pe->parties);
        if (!pe->parties) {
            rc = ACCORD_E_NOMEM;
            goto out;
        }
        pe->rational = true;
        for (size_t p = 0; p < m->n_parties; p++) {
            if ((rc = judge(m, p, pe->terms, ignored, &pe->parties[p])))
                goto out;
            pe->n_accepting += pe->parties[p].acceptable;
            pe->rational = pe->rational && pe->parties[p].acceptable;
        }
    }
out:
    if (rc) {
        accord_evaluation_free(e);
        return rc;
    }
    *out = e;
    return ACCORD_OK;
}

void accord_evaluation_options_init(accord_evaluation_options *opts) { memset(opts, 0, sizeof *opts); }

accord_status accord_evaluation_compute(const accord_model *m, const accord_evaluation_options *opts,
                                        accord_evaluation **out, accord_diagnostics *diag)
{
    (void)diag; /* nothing to report: a bad option index is ACCORD_E_ARG */
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    if (!m)
        return ACCORD_E_ARG;
    return evaluate(m, opts ? opts->terms : NULL, opts ? opts->ignored_red_lines : NULL, out);
}
