/*
 * protocol.c - the stacked alternating offers protocol (docs/contract.md §4; after
 * Aydoğan, Festen, Hindriks & Jonker 2017, "Alternating offers protocols
 * for multilateral negotiation"), and the per-model setup it runs on.
 *
 * Parties p0..p(n-1) take turns in model order, p0 first; in round r every
 * party takes one turn, all at time t = r / (R - 1).  A turn: the agent
 * decides what it would offer now, w*.  With no standing offer it offers w*.
 * Otherwise it accepts the standing offer when, on the 2^-30 grid,
 * u(standing) >= u(w*) and the standing offer is acceptable to it (breaks
 * none of its red lines and reaches its reservation; for the agents here the
 * latter follows from the first condition whenever some outcome reaches the
 * reservation); else w* becomes the standing offer.  Agreement when the
 * other n - 1 parties have accepted one after another.  An offer made in the
 * last turn is never answered; without agreement every party gets its
 * reservation value.
 */
#include "negotiation.h"

#include <math.h>
#include <string.h>

void accord_negotiation_setup_free(accord_negotiation_setup *s)
{
    if (!s)
        return;
    for (size_t p = 0; s->selves && p < s->n_parties; p++)
        acc__self_clear(&s->selves[p]);
    acc__free(s->selves);
    acc__free(s->radix);
    acc__free(s->offset);
    acc__quality_ref_clear(&s->quality);
    acc__free(s);
}

accord_status acc__negotiation_setup(const accord_model *m, const accord_negotiation_options *opts,
                                     bool force_split, accord_negotiation_setup **out,
                                     accord_diagnostics *diag)
{
    *out = NULL;
    if (!m->agreement) {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "the model has no agreement section; a negotiation is over its issues");
        return ACCORD_E_NODATA;
    }
    const accord_agreement *ag = m->agreement;
    if (ag->n_issues == 0 || !(ag->outcomes >= 1)) {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0, "the agreement has no outcomes to negotiate");
        return ACCORD_E_INVALID;
    }
    if (ag->outcomes > 0x1p62) {
        if (isinf(ag->outcomes))
            acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                      "the outcome space has more than 10^308 outcomes; negotiations handle "
                      "at most 2^62");
        else
            acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                      "the outcome space has %.3g outcomes; negotiations handle at most 2^62",
                      ag->outcomes);
        return ACCORD_E_LIMIT;
    }
    accord_status rc = ACCORD_OK;
    accord_negotiation_setup *s = acc__calloc(1, sizeof *s);
    if (!s)
        return ACCORD_E_NOMEM;
    s->model = m;
    s->n_parties = m->n_parties;
    s->n_issues = ag->n_issues;
    s->radix = acc__calloc(ag->n_issues, sizeof *s->radix);
    s->offset = acc__calloc(ag->n_issues, sizeof *s->offset);
    s->selves = acc__calloc(m->n_parties ? m->n_parties : 1, sizeof *s->selves);
    if (!s->radix || !s->offset || !s->selves) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    s->n_outcomes = 1;
    for (size_t i = 0; i < ag->n_issues; i++) {
        s->radix[i] = (uint32_t)ag->issues[i].n_options;
        s->offset[i] = ag->table.offset[i];
        s->n_outcomes *= s->radix[i];
    }
    uint64_t max_sorted = opts && opts->max_sorted ? opts->max_sorted : ACCORD_DEFAULT_MAX_SORTED;
    for (size_t p = 0; p < m->n_parties; p++) {
        accord_status one = acc__self_init(&s->selves[p], m, p, s->radix, s->offset, s->n_outcomes,
                                           max_sorted, force_split, diag);
        if (one && (!rc || one == ACCORD_E_NOMEM))
            rc = one;
        if (one == ACCORD_E_NOMEM || one == ACCORD_E_LIMIT)
            break; /* the same for every party: one message is enough */
    }
    if (rc)
        goto out;
    if (!(opts && opts->no_quality))
        rc = acc__quality_ref_init(&s->quality, m, diag);
out:
    if (rc) {
        accord_negotiation_setup_free(s);
        return rc;
    }
    *out = s;
    return ACCORD_OK;
}

accord_status accord_negotiation_setup_new(const accord_model *m, const accord_negotiation_options *opts,
                                           accord_negotiation_setup **out, accord_diagnostics *diag)
{
    return acc__negotiation_setup(m, opts, false, out, diag);
}

void accord_negotiation_free(accord_negotiation *n)
{
    if (!n)
        return;
    acc__free(n->agents);
    acc__free(n->terms);
    acc__free(n->utility);
    acc__free(n->reservation);
    acc__free(n->offer_terms);
    acc__free(n->offer_utility);
    acc__free(n->steps);
    acc__free(n);
}

/* The growing trace of one run. */
typedef struct trace {
    size_t cap_offers, cap_utility, cap_steps;
} trace;

static accord_status record_offer(accord_negotiation *r, trace *tr, const accord_model *m,
                                  const uint32_t *terms)
{
    size_t ni = r->n_issues, np = r->n_parties;
    size_t need_t = (r->n_offers + 1) * ni, need_u = (r->n_offers + 1) * np;
    if (acc__grow((void **)&r->offer_terms, &tr->cap_offers, need_t ? need_t : 1, sizeof *r->offer_terms) ||
        acc__grow((void **)&r->offer_utility, &tr->cap_utility, need_u ? need_u : 1,
                  sizeof *r->offer_utility))
        return ACCORD_E_NOMEM;
    memcpy(r->offer_terms + r->n_offers * ni, terms, ni * sizeof *terms);
    for (size_t p = 0; p < np; p++)
        r->offer_utility[r->n_offers * np + p] = accord_utility(m, p, terms);
    r->n_offers++;
    return ACCORD_OK;
}

static accord_status record_step(accord_negotiation *r, trace *tr, uint32_t round, uint32_t party,
                                 accord_action action, uint32_t offer)
{
    if (acc__grow((void **)&r->steps, &tr->cap_steps, r->n_steps + 1, sizeof *r->steps))
        return ACCORD_E_NOMEM;
    r->steps[r->n_steps++] = (accord_negotiation_step){round, party, action, offer};
    return ACCORD_OK;
}

accord_status accord_negotiation_run(const accord_negotiation_setup *s, const accord_agent *agents,
                                     size_t n_agents, const accord_negotiation_options *opts,
                                     accord_negotiation **out, accord_diagnostics *diag)
{
    *out = NULL;
    const accord_model *m = s->model;
    size_t np = s->n_parties, ni = s->n_issues;
    if (n_agents != np) {
        acc__str ids = {0};
        for (size_t p = 0; p < np; p++)
            acc__str_printf(&ids, "%s%s", p ? ", " : "", m->parties[p].id);
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0,
                  "%zu agent%s given for %zu parties (%s): give one agent per party, in party order",
                  n_agents, n_agents == 1 ? "" : "s", np, ids.data ? ids.data : "");
        acc__str_free(&ids);
        return ACCORD_E_ARG;
    }
    uint32_t R = opts && opts->rounds ? opts->rounds : ACCORD_DEFAULT_ROUNDS;
    if (R < 2 || R > ACCORD_MAX_ROUNDS) {
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0,
                  "%u rounds: a negotiation needs between 2 and %u rounds (time runs from 0 in "
                  "the first to 1 in the last)",
                  R, ACCORD_MAX_ROUNDS);
        return ACCORD_E_ARG;
    }
    bool keep_trace = !(opts && opts->no_trace);
    uint64_t seed = opts ? opts->seed : 0;

    accord_status rc = ACCORD_OK;
    acc__history h = {0};
    trace tr = {0};
    acc__agent *ag = acc__calloc(np, sizeof *ag);
    uint32_t *terms = acc__calloc(ni, sizeof *terms);
    acc__scratch scratch = {acc__calloc(ni, sizeof *scratch.terms)};
    accord_negotiation *r = acc__calloc(1, sizeof *r);
    if (!ag || !terms || !scratch.terms || !r || acc__history_init(&h, np)) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    r->n_parties = np;
    r->n_issues = ni;
    r->rounds = R;
    r->seed = seed;
    r->agents = acc__calloc(np, sizeof *r->agents);
    r->utility = acc__calloc(np, sizeof *r->utility);
    r->reservation = acc__calloc(np, sizeof *r->reservation);
    if (!r->agents || !r->utility || !r->reservation) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t p = 0; p < np; p++) {
        r->agents[p] = agents[p];
        r->reservation[p] = m->agreement->table.reservation[p];
        acc__agent_init(&ag[p], &agents[p], &s->selves[p], acc__seed_mix(seed, p));
    }

    bool standing = false, done = false;
    uint64_t standing_outcome = 0;
    uint32_t standing_offer = 0; /* its index in r->offers */
    size_t accepts = 0;
    for (uint32_t round = 0; round < R && !done; round++) {
        double t = (double)round / (double)(R - 1);
        for (uint32_t p = 0; p < np && !done; p++) {
            const acc__self *self = &s->selves[p];
            uint64_t w;
            int64_t gw;
            acc__agent_decide(&ag[p], t, &h, &scratch, &w, &gw);
            r->decisions++;
            if (standing) {
                acc__decode(s->radix, ni, standing_outcome, terms);
                int64_t g = acc__self_grid(self, terms);
                if (g >= gw && g >= self->g_reservation && !acc__self_breaks(self, terms)) {
                    accepts++;
                    if (keep_trace && (rc = record_step(r, &tr, round, p, ACCORD_ACTION_ACCEPT, standing_offer)))
                        goto out;
                    if (accepts + 1 >= np) {
                        done = true;
                        r->agreement = true;
                        r->round = round;
                    }
                    continue;
                }
            }
            if ((rc = acc__history_push(&h, round, p, w)))
                goto out;
            standing = true;
            standing_outcome = w;
            accepts = 0;
            r->n_offer_actions++;
            if (keep_trace) {
                acc__decode(s->radix, ni, w, terms);
                standing_offer = (uint32_t)r->n_offers;
                if ((rc = record_offer(r, &tr, m, terms)) ||
                    (rc = record_step(r, &tr, round, p, ACCORD_ACTION_OFFER, standing_offer)))
                    goto out;
            }
            if (np == 1) { /* nobody else to accept */
                done = true;
                r->agreement = true;
                r->round = round;
            }
        }
    }
    if (r->agreement) {
        r->terms = acc__calloc(ni, sizeof *r->terms);
        if (!r->terms) {
            rc = ACCORD_E_NOMEM;
            goto out;
        }
        acc__decode(s->radix, ni, standing_outcome, r->terms);
        for (size_t p = 0; p < np; p++)
            r->utility[p] = accord_utility(m, p, r->terms);
    } else {
        memcpy(r->utility, r->reservation, np * sizeof *r->utility);
    }
    acc__quality_measure(&s->quality, r->utility, &r->quality);
out:
    acc__history_clear(&h);
    acc__free(ag);
    acc__free(terms);
    acc__free(scratch.terms);
    if (rc) {
        accord_negotiation_free(r);
        return rc;
    }
    *out = r;
    return ACCORD_OK;
}

accord_status accord_negotiate(const accord_model *m, const accord_agent *agents, size_t n_agents,
                               const accord_negotiation_options *opts, accord_negotiation **out,
                               accord_diagnostics *diag)
{
    *out = NULL;
    if (m->agreement && n_agents != m->n_parties) {
        /* say so before the (possibly long) setup */
        accord_negotiation_setup tmp = {.model = m, .n_parties = m->n_parties};
        return accord_negotiation_run(&tmp, agents, n_agents, opts, out, diag);
    }
    accord_negotiation_setup *s = NULL;
    accord_status rc = accord_negotiation_setup_new(m, opts, &s, diag);
    if (!rc)
        rc = accord_negotiation_run(s, agents, n_agents, opts, out, diag);
    accord_negotiation_setup_free(s);
    return rc;
}
