/*
 * claims.c - the model's claims answered from the analysis (docs/claims.md):
 * each claim maps to one question; its answer, verdict, what it depends on
 * and the smallest change of an assumption that flips it are computed here
 * from the parts accord_analysis_compute already holds (the agreement's
 * questions) or in claims_conflict.c (the conflict's).
 */
#include "claims.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* building an answer                                                        */

const char *acc__claim_printf(acc__claim_ctx *c, const char *fmt, ...)
{
    acc__str s = {0};
    va_list ap;
    va_start(ap, fmt);
    acc__str_vprintf(&s, fmt, ap);
    va_end(ap);
    const char *r = s.failed ? NULL : acc__arena_strdup(c->A, s.data ? s.data : "");
    acc__str_free(&s);
    if (!r)
        c->nomem = true;
    return r;
}

static const char *dup(acc__claim_ctx *c, const char *s)
{
    if (!s)
        return NULL;
    const char *r = acc__arena_strdup(c->A, s);
    if (!r)
        c->nomem = true;
    return r;
}

void acc__claim_depends(acc__claim_ctx *c, const char *what, const char *value, const char *source,
                        const char *assumption)
{
    accord_claim_answer *o = c->out;
    if (acc__grow((void **)&o->depends_on, &c->cap_depends, o->n_depends + 1, sizeof *o->depends_on)) {
        c->nomem = true;
        return;
    }
    o->depends_on[o->n_depends++] =
        (accord_claim_dependency){dup(c, what), dup(c, value), dup(c, source), dup(c, assumption)};
}

void acc__claim_flip(acc__claim_ctx *c, const char *kind, const char *change, const char *effect)
{
    accord_claim_answer *o = c->out;
    if (acc__grow((void **)&o->flips_if, &c->cap_flips, o->n_flips + 1, sizeof *o->flips_if)) {
        c->nomem = true;
        return;
    }
    o->flips_if[o->n_flips++] = (accord_claim_flip){dup(c, kind), dup(c, change), dup(c, effect)};
}

void acc__claim_verdict(acc__claim_ctx *c, const char *verdict)
{
    c->out->verdict = dup(c, verdict);
}

/* "0.47" or "0.47 (assumed range 0.35 to 0.60)" */
static const char *number_text(acc__claim_ctx *c, const accord_number *n)
{
    if (n->is_range)
        return acc__claim_printf(c, "%.2f (range %.2f to %.2f)", n->value, n->low, n->high);
    return acc__claim_printf(c, "%.2f", n->value);
}


static const char *party_id(const acc__claim_ctx *c, size_t p)
{
    return c->m->parties[p].id;
}

/* A red line with its provenance (and its firmness, when it may not hold). */
static void red_line_dependency(acc__claim_ctx *c, size_t p, size_t k)
{
    const accord_preference *pr = &c->m->agreement->preferences[p];
    const accord_red_line_info *info = pr->red_line_info ? &pr->red_line_info[k] : NULL;
    const char *value = pr->red_lines[k].text;
    if (info && info->firmness.value < 1)
        value = acc__claim_printf(c, "%s (holds with probability %.2f: %s)", value, info->firmness.value,
                                  info->firmness.assumption ? info->firmness.assumption : "firmness as written");
    acc__claim_depends(c, acc__claim_printf(c, "%s red line", party_id(c, p)), value, info ? info->source : NULL,
                       info ? info->assumption : NULL);
}

static void reservation_dependency(acc__claim_ctx *c, size_t p)
{
    const accord_number *r = &c->m->agreement->preferences[p].reservation;
    acc__claim_depends(c, acc__claim_printf(c, "%s no-deal value", party_id(c, p)), number_text(c, r),
                       r->source, r->assumption);
}

/* The parties of a verdict kind as "RU, US" into s ("nobody" when none). */
static void parties_where(acc__claim_ctx *c, acc__str *s, const accord_proposal_evaluation *pe, bool accepting)
{
    size_t n = 0;
    for (size_t p = 0; p < c->m->n_parties; p++)
        if (pe->parties[p].acceptable == accepting)
            acc__str_printf(s, "%s%s", n++ ? ", " : "", party_id(c, p));
    if (!n)
        acc__str_puts(s, "nobody");
}

static const char *proposal_id(const acc__claim_ctx *c, size_t q)
{
    return c->m->agreement->proposals[q].id;
}

/* ------------------------------------------------------------------------ */
/* acceptability                                                             */

static void why_rejected(acc__claim_ctx *c, acc__str *s, const accord_party_verdict *v)
{
    const accord_preference *pr = &c->m->agreement->preferences[v->party];
    if (v->verdict == ACCORD_VERDICT_RED_LINE) {
        acc__str_printf(s, "%s (red line%s", party_id(c, v->party), v->n_broken == 1 ? "" : "s");
        for (size_t k = 0; k < v->n_broken; k++)
            acc__str_printf(s, "%s\"%s\"", k ? ", " : " ", pr->red_lines[v->broken[k]].text);
        acc__str_puts(s, ")");
    } else {
        acc__str_printf(s, "%s (%.2f, below its no-deal value %.2f)", party_id(c, v->party), v->utility,
                        v->reservation);
    }
}

static void acceptance_sentence(acc__claim_ctx *c, size_t q)
{
    const accord_proposal_evaluation *pe = &c->a->evaluation->proposals[q];
    acc__str *s = &c->answer;
    acc__str_printf(s, "%s%s: accepted by ", s->len ? " " : "", proposal_id(c, q));
    parties_where(c, s, pe, true);
    if (pe->rational) {
        acc__str_puts(s, ".");
        return;
    }
    acc__str_puts(s, "; rejected by ");
    size_t n = 0;
    for (size_t p = 0; p < c->m->n_parties; p++)
        if (!pe->parties[p].acceptable) {
            acc__str_puts(s, n++ ? ", " : "");
            why_rejected(c, s, &pe->parties[p]);
        }
    acc__str_puts(s, ".");
}

/* The focus proposal's per-party flips: red lines dropped, or the no-deal
 * value past the proposal's utility. */
static void party_flips(acc__claim_ctx *c, size_t q)
{
    const accord_proposal_evaluation *pe = &c->a->evaluation->proposals[q];
    const char *qid = proposal_id(c, q);
    for (size_t p = 0; p < c->m->n_parties; p++) {
        const accord_party_verdict *v = &pe->parties[p];
        const accord_number *r = &c->m->agreement->preferences[p].reservation;
        const char *range = r->is_range ? acc__claim_printf(c, "; assumed range %.2f to %.2f%s", r->low, r->high,
                                                            (v->utility >= r->low && v->utility <= r->high)
                                                                ? ", which contains it"
                                                                : ", which does not contain it")
                                        : "";
        reservation_dependency(c, p);
        if (v->verdict == ACCORD_VERDICT_RED_LINE) {
            acc__str t = {0};
            acc__str_printf(&t, "%s drops the red line%s %s breaks:", party_id(c, p), v->n_broken == 1 ? "" : "s",
                            qid);
            for (size_t k = 0; k < v->n_broken; k++) {
                acc__str_printf(&t, "%s\"%s\"", k ? ", " : " ",
                                c->m->agreement->preferences[p].red_lines[v->broken[k]].text);
                red_line_dependency(c, p, v->broken[k]);
            }
            const char *effect =
                v->utility >= v->reservation
                    ? acc__claim_printf(c, "%s accepts %s (%.2f, at least its no-deal value %.2f)", party_id(c, p), qid,
                                        v->utility, v->reservation)
                    : acc__claim_printf(c, "%s still rejects %s: %.2f is below its no-deal value %.2f", party_id(c, p),
                                        qid, v->utility, v->reservation);
            acc__claim_flip(c, "red_line", acc__claim_text(c, &t), effect);
            acc__str_free(&t);
        } else if (v->verdict == ACCORD_VERDICT_BELOW_RESERVATION) {
            acc__claim_flip(c, "reservation",
                            acc__claim_printf(c, "%s's no-deal value at most %.2f (now %.2f%s)", party_id(c, p),
                                              v->utility, v->reservation, range),
                            acc__claim_printf(c, "%s accepts %s", party_id(c, p), qid));
        } else {
            acc__claim_flip(c, "reservation",
                            acc__claim_printf(c, "%s's no-deal value above %.2f (now %.2f%s)", party_id(c, p),
                                              v->utility, v->reservation, range),
                            acc__claim_printf(c, "%s rejects %s", party_id(c, p), qid));
        }
    }
}

/* One relaxation set as "RU drops "a", "b"". */
static const char *relaxation_text(acc__claim_ctx *c, const accord_relaxation *x)
{
    acc__str t = {0};
    size_t last = SIZE_MAX;
    for (size_t k = 0; k < x->n; k++) {
        size_t p = x->red_lines[k].party;
        if (p != last)
            acc__str_printf(&t, "%s%s drops ", k ? "; " : "", party_id(c, p));
        else
            acc__str_puts(&t, ", ");
        acc__str_printf(&t, "\"%s\"", c->m->agreement->preferences[p].red_lines[x->red_lines[k].red_line].text);
        last = p;
    }
    const char *r = acc__claim_printf(c, "%s", acc__claim_text(c, &t));
    acc__str_free(&t);
    return r;
}

static void repair_text(acc__claim_ctx *c, acc__str *s, const accord_repair_result *r);

/* No agreement: every side's own smallest relaxation, side by side, with
 * the focus proposal's repair under it. */
static void zone_flips(acc__claim_ctx *c)
{
    const accord_analysis *a = c->a;
    long f = c->out->claim->proposal;
    for (size_t k = 0; k < a->n_sides; k++) {
        const accord_side_relaxation *sd = &a->sides[k];
        acc__str e = {0};
        acc__str_puts(&e, "some outcome becomes acceptable to every party");
        const accord_repair_result *rr = f >= 0 ? sd->repairs[f] : NULL;
        if (rr && rr->feasible && rr->n_repairs) {
            acc__str_printf(&e, "; %s then needs ", proposal_id(c, (size_t)f));
            repair_text(c, &e, rr);
        }
        acc__claim_flip(c, "red_line", relaxation_text(c, sd->set), acc__claim_text(c, &e));
        acc__str_free(&e);
    }
}

static void repair_text(acc__claim_ctx *c, acc__str *s, const accord_repair_result *r)
{
    const accord_agreement *ag = c->m->agreement;
    const accord_repair_item *best = &r->repairs[0];
    acc__str_printf(s, "%zu change%s (", best->n_changed, best->n_changed == 1 ? "" : "s");
    for (size_t k = 0; k < best->n_changed; k++) {
        size_t i = best->changed[k];
        char buf[64];
        acc__str_printf(s, "%s%s = %s", k ? ", " : "", ag->issues[i].id,
                        accord_issue_option_text(&ag->issues[i], best->terms[i], buf, sizeof buf));
    }
    acc__str_puts(s, ")");
}

static void answer_acceptability(acc__claim_ctx *c)
{
    const accord_claim *cl = c->out->claim;
    const accord_analysis *a = c->a;
    const accord_agreement *ag = c->m->agreement;
    for (size_t q = 0; q < ag->n_proposals; q++)
        acceptance_sentence(c, q);
    const accord_relaxations *rx = a->relaxations;
    char count[64];
    acc__count_text(ag->outcomes, count, sizeof count);
    acc__str *s = &c->answer;
    if (rx && rx->zopa_empty) {
        acc__str_printf(s, " None of the %s possible outcomes is acceptable to every party.", count);
        if (rx->n_sets)
            acc__str_printf(s, " Dropping %zu red line%s would open a zone of agreement (each side's own "
                               "smallest set is listed under \"would change if\").",
                            rx->size, rx->size == 1 ? "" : "s");
    } else if (rx) {
        acc__str_printf(s, " Some of the %s possible outcomes are acceptable to every party.", count);
    }
    if (cl->proposal >= 0 && a->repairs && a->repairs[cl->proposal] && a->repairs[cl->proposal]->n_repairs) {
        acc__str_printf(s, " The fewest changes to %s that every party accepts: ", proposal_id(c, (size_t)cl->proposal));
        repair_text(c, s, a->repairs[cl->proposal]);
        acc__str_puts(s, ".");
    }
    if (a->robust && a->robust->n_uncertain + a->robust->n_structural) {
        acc__str_printf(s, " Over %llu samples of the ranges and of the red lines' firmness, some outcome is "
                           "acceptable to every party in %.1f%% of them",
                        (unsigned long long)a->robust->samples, 100.0 * a->robust->zopa_nonempty);
        if (cl->proposal >= 0)
            acc__str_printf(s, ", and every party accepts %s in %.1f%%", proposal_id(c, (size_t)cl->proposal),
                            100.0 * a->robust->all_acceptable[cl->proposal]);
        acc__str_puts(s, ".");
    }
    /* the verdict */
    acc__str v = {0};
    if (cl->proposal >= 0) {
        const accord_proposal_evaluation *pe = &a->evaluation->proposals[cl->proposal];
        acc__str_printf(&v, "%s: ", proposal_id(c, (size_t)cl->proposal));
        if (pe->rational) {
            acc__str_puts(&v, "accepted by every party");
        } else {
            acc__str_puts(&v, "rejected by ");
            parties_where(c, &v, pe, false);
        }
        acc__str_puts(&v, "; ");
        party_flips(c, (size_t)cl->proposal);
    }
    acc__str_puts(&v, rx && rx->zopa_empty ? "no outcome is acceptable to every party"
                                          : "some outcome is acceptable to every party");
    acc__claim_verdict(c, acc__claim_text(c, &v));
    acc__str_free(&v);
    if (rx && rx->zopa_empty)
        zone_flips(c);
}

/* ------------------------------------------------------------------------ */
/* no deal                                                                   */

static void margins_sentence(acc__claim_ctx *c, size_t q, size_t baseline)
{
    const accord_proposal_evaluation *pe = &c->a->evaluation->proposals[q];
    acc__str *s = &c->answer;
    acc__str_printf(s, "%s%s against no deal:", s->len ? " " : "", proposal_id(c, q));
    for (size_t p = 0; p < c->m->n_parties; p++) {
        const accord_party_verdict *v = &pe->parties[p];
        acc__str_printf(s, "%s %s %+.2f", p ? "," : "", party_id(c, p), v->utility - v->reservation);
    }
    if (baseline != SIZE_MAX && baseline != q) {
        const accord_proposal_evaluation *be = &c->a->evaluation->proposals[baseline];
        acc__str_printf(s, "; against %s:", proposal_id(c, baseline));
        for (size_t p = 0; p < c->m->n_parties; p++)
            acc__str_printf(s, "%s %s %+.2f", p ? "," : "", party_id(c, p),
                            pe->parties[p].utility - be->parties[p].utility);
    }
    acc__str_puts(s, ".");
}

static void answer_no_deal(acc__claim_ctx *c)
{
    const accord_claim *cl = c->out->claim;
    const accord_agreement *ag = c->m->agreement;
    size_t base = cl->baseline >= 0 ? (size_t)cl->baseline : SIZE_MAX;
    acc__str_puts(&c->answer, "Utility minus no-deal value (+: better than no deal; red lines aside).");
    for (size_t q = 0; q < ag->n_proposals; q++)
        margins_sentence(c, q, base);
    size_t f = cl->proposal >= 0 ? (size_t)cl->proposal : 0;
    if (!ag->n_proposals) {
        acc__claim_verdict(c, "the model has no proposals");
        return;
    }
    const accord_proposal_evaluation *pe = &c->a->evaluation->proposals[f];
    acc__str v = {0}, better = {0}, worse = {0};
    for (size_t p = 0; p < c->m->n_parties; p++) {
        const accord_party_verdict *pv = &pe->parties[p];
        acc__str *into = pv->utility >= pv->reservation ? &better : &worse;
        acc__str_printf(into, "%s%s", into->len ? ", " : "", party_id(c, p));
        const accord_number *r = &ag->preferences[p].reservation;
        bool inside = r->is_range && pv->utility >= r->low && pv->utility <= r->high;
        reservation_dependency(c, p);
        acc__claim_flip(c, "reservation",
                        acc__claim_printf(c, "%s's no-deal value %s %.2f (now %.2f%s)", party_id(c, p),
                                          pv->utility >= pv->reservation ? "above" : "at most", pv->utility,
                                          pv->reservation,
                                          !r->is_range ? ""
                                          : inside     ? "; inside its assumed range"
                                                       : "; outside its assumed range"),
                        acc__claim_printf(c, "%s is %s for %s than no deal", proposal_id(c, f),
                                          pv->utility >= pv->reservation ? "worse" : "better", party_id(c, p)));
    }
    if (better.failed || worse.failed)
        c->nomem = true;
    acc__str_printf(&v, "%s: better than no deal for %s; worse for %s", proposal_id(c, f),
                    better.len ? acc__claim_text(c, &better) : "nobody",
                    worse.len ? acc__claim_text(c, &worse) : "nobody");
    acc__claim_verdict(c, acc__claim_text(c, &v));
    acc__str_free(&v);
    acc__str_free(&better);
    acc__str_free(&worse);
}

/* ------------------------------------------------------------------------ */
/* stated objectives                                                         */

/* Single-term changes of `terms` that make objective o hold, as flips. */
static void objective_flips(acc__claim_ctx *c, size_t q, const accord_objective *o)
{
    const accord_agreement *ag = c->m->agreement;
    uint32_t *t = acc__malloc((ag->n_issues + 1) * sizeof *t);
    if (!t) {
        c->nomem = true;
        return;
    }
    memcpy(t, ag->proposals[q].terms, ag->n_issues * sizeof *t);
    size_t found = 0;
    for (size_t i = 0; i < ag->n_issues && found < 3; i++) {
        uint32_t was = t[i];
        for (uint32_t k = 0; k < ag->issues[i].n_options && found < 3; k++) {
            if (k == was)
                continue;
            t[i] = k;
            if (accord_expr_eval_outcome(o->condition.expr, t)) {
                char buf[64];
                acc__claim_flip(c, "terms",
                                acc__claim_printf(c, "%s with %s = %s", ag->proposals[q].id, ag->issues[i].id,
                                                  accord_issue_option_text(&ag->issues[i], k, buf, sizeof buf)),
                                acc__claim_printf(c, "meets %s's objective \"%s\"", party_id(c, o->party), o->name));
                found++;
                break; /* the first option that does it, per issue */
            }
        }
        t[i] = was;
    }
    if (!found)
        acc__claim_flip(c, "terms",
                        acc__claim_printf(c, "%s changed in two or more issues", ag->proposals[q].id),
                        acc__claim_printf(c, "meets %s's objective \"%s\" (no single change does)",
                                          party_id(c, o->party), o->name));
    acc__free(t);
}

static void objectives_sentence(acc__claim_ctx *c, size_t q, acc__str *s)
{
    const accord_model *m = c->m;
    const uint32_t *terms = m->agreement->proposals[q].terms;
    acc__str_printf(s, "%s%s meets", s->len ? " " : "", proposal_id(c, q));
    for (size_t p = 0; p < m->n_parties; p++) {
        size_t n = 0, met = 0;
        acc__str names = {0};
        for (size_t i = 0; i < m->n_objectives; i++) {
            if (m->objectives[i].party != p)
                continue;
            n++;
            if (accord_expr_eval_outcome(m->objectives[i].condition.expr, terms)) {
                acc__str_printf(&names, "%s%s", met ? ", " : "", m->objectives[i].id);
                met++;
            }
        }
        if (n)
            acc__str_printf(s, " %s %zu of %zu%s%s%s;", party_id(c, p), met, n, met ? " (" : "",
                            acc__claim_text(c, &names), met ? ")" : "");
        acc__str_free(&names);
    }
    if (s->len && s->data[s->len - 1] == ';')
        s->data[s->len - 1] = '.';
}

static void answer_objectives(acc__claim_ctx *c)
{
    const accord_claim *cl = c->out->claim;
    const accord_model *m = c->m;
    const accord_agreement *ag = m->agreement;
    if (!m->n_objectives) {
        acc__str_puts(&c->answer, "The model states no objectives (add an objectives: section).");
        acc__claim_verdict(c, "no objectives stated");
        return;
    }
    for (size_t q = 0; q < ag->n_proposals; q++)
        objectives_sentence(c, q, &c->answer);
    for (size_t i = 0; i < m->n_objectives; i++) {
        const accord_objective *o = &m->objectives[i];
        acc__claim_depends(c, acc__claim_printf(c, "%s objective \"%s\"", party_id(c, o->party), o->name),
                           o->condition.text, o->source, o->assumption);
    }
    if (!ag->n_proposals) {
        acc__claim_verdict(c, "the model has no proposals");
        return;
    }
    size_t f = cl->proposal >= 0 ? (size_t)cl->proposal : 0;
    acc__str v = {0};
    objectives_sentence(c, f, &v);
    if (v.len && v.data[v.len - 1] == '.')
        v.data[--v.len] = 0;
    acc__claim_verdict(c, acc__claim_text(c, &v));
    acc__str_free(&v);
    for (size_t i = 0; i < m->n_objectives; i++)
        if (!accord_expr_eval_outcome(m->objectives[i].condition.expr, ag->proposals[f].terms))
            objective_flips(c, f, &m->objectives[i]);
}

/* ------------------------------------------------------------------------ */
/* sanctions in the agreement: the weight at which a verdict turns           */

/* The value party p gives option k of issue i (point values). */
static double option_value(const accord_model *m, size_t p, size_t i, uint32_t k)
{
    const accord_issue *is = &m->agreement->issues[i];
    const accord_valuation *va = &m->agreement->preferences[p].valuations[i];
    if (va->values)
        return va->values[k].value;
    if (va->n_points)
        return acc__piecewise(va->points, va->n_points, (double)accord_issue_option_value(is, k));
    return 0;
}

/* Party p's verdict on proposal q as the weight of issue i varies, others
 * fixed (normalised weights): accepts iff w * (vs - r) >= r * W' - U'. */
static void weight_flip(acc__claim_ctx *c, size_t p, size_t q, size_t i)
{
    const accord_model *m = c->m;
    const accord_preference *pr = &m->agreement->preferences[p];
    const accord_party_verdict *v = &c->a->evaluation->proposals[q].parties[p];
    const char *pid = party_id(c, p), *qid = proposal_id(c, q), *iid = m->agreement->issues[i].id;
    if (v->verdict == ACCORD_VERDICT_RED_LINE) {
        acc__str_printf(&c->answer, " %s rejects %s on its red lines whatever the weight of %s.", pid, qid, iid);
        return;
    }
    double W = 0;
    for (size_t j = 0; j < m->agreement->n_issues; j++)
        W += pr->weighted[j] ? pr->weights[j].value : 0;
    double ws = pr->weighted[i] ? pr->weights[i].value : 0, r = v->reservation;
    double vs = option_value(m, p, i, m->agreement->proposals[q].terms[i]);
    double Wr = W - ws, Ur = v->utility * W - ws * vs; /* the other issues, unnormalised */
    if (fabs(vs - r) < 1e-12 || W <= 0) {
        acc__str_printf(&c->answer, " No weight of %s changes %s's verdict on %s.", iid, pid, qid);
        return;
    }
    double w = (r * Wr - Ur) / (vs - r);
    bool accepts_above = vs > r;
    if (w < 0) {
        acc__str_printf(&c->answer, " %s %s %s at any weight of %s.", pid, accepts_above ? "accepts" : "rejects",
                        qid, iid);
        return;
    }
    const char *now = number_text(c, &pr->weights[i]);
    acc__claim_flip(c, "weight",
                    acc__claim_printf(c, "%s's weight of %s %s %.3g (now %s, of %.3g in all)", pid, iid,
                                      v->acceptable ? (accepts_above ? "below" : "above")
                                                    : (accepts_above ? "at least" : "at most"),
                                      w, now ? now : "?", W),
                    acc__claim_printf(c, "%s %s %s", pid, v->acceptable ? "rejects" : "accepts", qid));
}

static void answer_sanctions_agreement(acc__claim_ctx *c)
{
    const accord_claim *cl = c->out->claim;
    const accord_model *m = c->m;
    if (cl->issue < 0 || !m->agreement || !c->a->evaluation)
        return;
    size_t i = (size_t)cl->issue;
    for (size_t p = 0; p < m->n_parties && p < 64; p++) {
        if (!(cl->against >> p & 1))
            continue;
        const accord_preference *pr = &m->agreement->preferences[p];
        if (pr->nonlinear || !pr->normalize)
            continue;
        acc__claim_depends(c, acc__claim_printf(c, "%s weight of %s", party_id(c, p), m->agreement->issues[i].id),
                           number_text(c, &pr->weights[i]), pr->weights[i].source, pr->weights[i].assumption);
        for (size_t q = 0; q < m->agreement->n_proposals; q++)
            if (cl->proposal < 0 || (size_t)cl->proposal == q)
                weight_flip(c, p, q, i);
    }
}

/* ------------------------------------------------------------------------ */
/* the driver                                                                */

static accord_status answer_one(acc__claim_ctx *c)
{
    const accord_claim *cl = c->out->claim;
    bool agreement = cl->kind != ACCORD_CLAIM_STATE && cl->kind != ACCORD_CLAIM_SANCTIONS;
    if (agreement && !c->a->evaluation) {
        c->out->status = ACCORD_E_NODATA;
        c->out->note = acc__claim_printf(c, "the agreement was not evaluated");
        return c->nomem ? ACCORD_E_NOMEM : ACCORD_OK;
    }
    accord_status rc = ACCORD_OK;
    switch (cl->kind) {
    case ACCORD_CLAIM_ACCEPTABILITY: answer_acceptability(c); break;
    case ACCORD_CLAIM_NO_DEAL: answer_no_deal(c); break;
    case ACCORD_CLAIM_OBJECTIVES: answer_objectives(c); break;
    case ACCORD_CLAIM_STATE: rc = acc__claim_state(c); break;
    case ACCORD_CLAIM_SANCTIONS:
        rc = acc__claim_sanctions_conflict(c);
        if (rc != ACCORD_E_NOMEM)
            answer_sanctions_agreement(c);
        break;
    }
    if (rc == ACCORD_E_NOMEM || c->nomem || c->answer.failed)
        return ACCORD_E_NOMEM;
    if (rc) { /* a part too large: the note says which */
        c->out->status = rc;
        if (!c->out->note)
            c->out->note = acc__claim_printf(c, "part of the answer could not be computed: %s", accord_strerror(rc));
        rc = ACCORD_OK;
    }
    c->out->answer = acc__claim_printf(c, "%s", c->answer.data ? c->answer.data : "");
    return c->nomem ? ACCORD_E_NOMEM : rc;
}

accord_status acc__analysis_claims(const accord_model *m, accord_analysis *a)
{
    if (!m->n_claims)
        return ACCORD_OK;
    acc__arena *A = acc__calloc(1, sizeof *A);
    if (!A)
        return ACCORD_E_NOMEM;
    a->store_ = A;
    if (!(a->claims = acc__arena_calloc(A, m->n_claims, sizeof *a->claims)))
        return ACCORD_E_NOMEM;
    for (size_t k = 0; k < m->n_claims; k++) {
        accord_claim_answer *o = &a->claims[k];
        o->claim = &m->claims[k];
        acc__claim_ctx c = {.m = m, .a = a, .A = A, .out = o};
        accord_status rc = answer_one(&c);
        acc__str_free(&c.answer);
        a->n_claims = k + 1;
        if (rc)
            return rc;
    }
    return ACCORD_OK;
}

void acc__analysis_claims_free(accord_analysis *a)
{
    for (size_t k = 0; k < a->n_claims; k++) {
        acc__free(a->claims[k].depends_on);
        acc__free(a->claims[k].flips_if);
    }
    if (a->store_) {
        acc__arena_free(a->store_);
        acc__free(a->store_);
    }
}
