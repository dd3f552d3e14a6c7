/*
 * analysis.c - accord_analysis_render: the analysis object
 * (src/analysis/compose.c) walked through as an analyst's questions, in
 * about two screens of text, or one JSON document holding each part's own
 * document and everything the text shows.  Nothing is computed here.
 */
#include "render.h"
#include "report.h"
#include "text.h"
#include "number.h"

#include "../model/model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct style {
    const char *bold, *dim, *red, *green, *reset; /* as acc__style */
    int section;  /* the last section number used */
    size_t width; /* the columns text wraps at */
} style;

/* The JSON document, written member by member (json.h): each part's own
 * document embedded as its renderer printed it, nothing parsed again. */
typedef struct jdoc {
    acc__str s;
    bool first;
} jdoc;

/* Member `key` with a JSON document text (consumed; NULL: out of memory). */
static void jdoc_text(jdoc *d, const char *key, char *text)
{
    if (!text || !acc__json_member(&d->s, d->first, 1, key) || !acc__json_embed(&d->s, text, 1))
        d->s.failed = 1;
    d->first = false;
    accord_free(text);
}

/* Member `key` with a value (consumed). */
static void jdoc_json(jdoc *d, const char *key, json_t *v)
{
    if (!acc__json_member(&d->s, d->first, 1, key)) {
        json_decref(v);
        d->s.failed = 1;
    } else if (!acc__json_append(&d->s, v, 1, 15)) {
        d->s.failed = 1;
    }
    d->first = false;
}

/* A part rendered as JSON by its public renderer, as a member. */
#define JDOC_RENDER(d, key, call)                                                                  \
    do {                                                                                           \
        char *t_ = NULL;                                                                           \
        accord_status r_ = (call);                                                                 \
        if (r_) {                                                                                  \
            (d)->s.failed = 1;                                                                     \
            return r_;                                                                             \
        }                                                                                          \
        jdoc_text((d), (key), t_);                                                                 \
    } while (0)
#define JDOC_OUT (&t_)



/* A numbered section heading. */
static void heading(acc__str *s, style *st, const char *text)
{
    acc__str_printf(s, "\n%s%d. %s%s\n", st->bold, ++st->section, text, st->reset);
}

/* ------------------------------------------------------------------------ */
/* 1 and 2: proposals                                                        */

static void section_proposals(acc__str *s, style *st, const accord_model *m,
                              const accord_evaluation *ev)
{
    const accord_agreement *ag = m->agreement;
    heading(s, st, "Who accepts each proposal, and why");
    for (size_t q = 0; q < ev->n_proposals; q++) {
        const accord_proposal_evaluation *pe = &ev->proposals[q];
        const accord_proposal *pr = &ag->proposals[pe->proposal];
        acc__str t = {0};
        acc__str_printf(&t, "%s%s%s (%s", st->bold, pr->name, st->reset, pr->id);
        if (pr->by)
            acc__str_printf(&t, ", by %s", pr->by);
        if (pr->date)
            acc__str_printf(&t, ", %s", pr->date);
        acc__str_puts(&t, ")");
        acc__str_puts(s, "  ");
        acc__wrap(s, acc__str_text(&t, &s->failed), 2, 4, st->width);
        acc__str_clear(&t);
        if (pe->rational) {
            acc__str_puts(&t, "accepted by every party");
        } else {
            acc__str_puts(&t, "accepted by");
            size_t n = 0;
            for (size_t i = 0; i < ev->n_parties; i++)
                if (pe->parties[i].acceptable)
                    acc__str_printf(&t, "%s %s", n++ ? "," : "", m->parties[i].name);
            acc__str_printf(&t, "%s; rejected by", n ? "" : " no party");
            n = 0;
            for (size_t i = 0; i < ev->n_parties; i++)
                if (!pe->parties[i].acceptable)
                    acc__str_printf(&t, "%s %s", n++ ? "," : "", m->parties[i].name);
        }
        acc__str_puts(s, "    ");
        acc__wrap(s, acc__str_text(&t, &s->failed), 4, 6, st->width);
        for (size_t i = 0; i < ev->n_parties; i++) {
            const accord_party_verdict *pv = &pe->parties[i];
            if (pv->acceptable)
                continue;
            acc__str_clear(&t);
            acc__str_printf(&t, "%s%s%s rejects it (%.2f; no deal %.2f): ", st->red, m->parties[pv->party].name,
                            st->reset, pv->utility, pv->reservation);
            if (pv->verdict == ACCORD_VERDICT_RED_LINE) {
                const accord_preference *pref = &ag->preferences[pv->party];
                acc__str_printf(&t, "red line%s ", pv->n_broken > 1 ? "s" : "");
                for (size_t b = 0; b < pv->n_broken; b++)
                    acc__str_printf(&t, "%s\"%s\"", b ? ", " : "", pref->red_lines[pv->broken[b]].text);
            } else {
                acc__str_printf(&t, "%.2f below its no-deal value", pv->reservation - pv->utility);
            }
            acc__str_puts(s, "    ");
            acc__wrap(s, acc__str_text(&t, &s->failed), 4, 8, st->width);
            /* the deciding provisions: what costs this party most */
            if (pv->n_costs) {
                acc__str_clear(&t);
                acc__str_printf(&t, "%scosts it most:", st->dim);
                for (size_t c = 0; c < pv->n_costs && c < 3; c++) {
                    const accord_issue_cost *ic = &pv->costs[c];
                    acc__str_printf(&t, "%s %s -%.2f", c ? "," : "", ag->issues[ic->issue].name, ic->loss);
                }
                acc__str_puts(&t, st->reset);
                acc__str_puts(s, "      ");
                acc__wrap(s, acc__str_text(&t, &s->failed), 6, 8, st->width);
            }
        }
        acc__str_free(&t);
    }

    heading(s, st, "Compared with no deal (utility minus no-deal value; + is better than no deal)");
    /* columns as wide as the longest name and id: nothing is cut; rows of
     * proposals that would pass the width continue in a further block */
    int nw = 4, cw = 6;
    for (size_t i = 0; i < ev->n_parties; i++)
        nw = (int)strlen(m->parties[i].name) > nw ? (int)strlen(m->parties[i].name) : nw;
    for (size_t q = 0; q < ev->n_proposals; q++) {
        int l = (int)strlen(ag->proposals[ev->proposals[q].proposal].id);
        cw = l > cw ? l : cw;
    }
    size_t per = (st->width > (size_t)nw + 3 ? (st->width - (size_t)nw - 2) / (size_t)(cw + 1) : 1);
    per = per ? per : 1;
    for (size_t q0 = 0; q0 < ev->n_proposals; q0 += per) {
        size_t q1 = q0 + per < ev->n_proposals ? q0 + per : ev->n_proposals;
        acc__str_printf(s, "%s  %-*s", q0 ? "\n" : "", nw, "");
        for (size_t q = q0; q < q1; q++)
            acc__str_printf(s, " %*s", cw, ag->proposals[ev->proposals[q].proposal].id);
        acc__str_puts(s, "\n");
        for (size_t i = 0; i < ev->n_parties; i++) {
            acc__str_printf(s, "  %-*s", nw, m->parties[i].name);
            for (size_t q = q0; q < q1; q++) {
                const accord_party_verdict *pv = &ev->proposals[q].parties[i];
                acc__str_printf(s, " %+*.2f", cw, pv->utility - pv->reservation);
            }
            acc__str_puts(s, "\n");
        }
    }
    acc__str_printf(s, "  %s(a proposal that breaks a party's red line is unacceptable to it whatever this number)%s\n",
                    st->dim, st->reset);
}

/* ------------------------------------------------------------------------ */
/* 3: does any agreement exist?                                              */

/* The first (best by Nash product) repair of each proposal in `rr`, in
 * words; a proposal without one is skipped, one that could not be computed
 * says why. */
static void repairs_text(acc__str *s, const accord_model *m, accord_repair_result *const *rrs,
                         const accord_analysis_part *parts)
{
    const accord_agreement *ag = m->agreement;
    for (size_t q = 0; q < ag->n_proposals; q++) {
        const accord_repair_result *rr = rrs[q];
        if (!rr && parts[q].status) {
            acc__str_printf(s, "    %s: the repair could not be computed (%s)\n", ag->proposals[q].id,
                            accord_strerror(parts[q].status));
            continue;
        }
        if (!rr || !rr->feasible || rr->changes == 0)
            continue;
        size_t start = s->len;
        acc__str_printf(s, "    %-10s %zu change%s:", ag->proposals[q].id, rr->changes, rr->changes == 1 ? "" : "s");
        size_t col = s->len - start;
        if (rr->n_repairs) {
            const accord_repair_item *it = &rr->repairs[0];
            for (size_t c = 0; c < it->n_changed; c++) {
                const accord_issue *is = &ag->issues[it->changed[c]];
                char b1[64], item[200];
                int w = snprintf(item, sizeof item, "%s %s = %s", c ? "," : "", is->id,
                                 accord_issue_option_text(is, it->terms[it->changed[c]], b1, sizeof b1));
                if (col + (size_t)w > 96) { /* wrap under the first change */
                    acc__str_puts(s, ",\n                   ");
                    col = 19;
                    acc__str_puts(s, item + 1);
                    col += (size_t)w - 1;
                } else {
                    acc__str_puts(s, item);
                    col += (size_t)w;
                }
            }
        }
        acc__str_puts(s, "\n");
    }
}

/* Repair results as JSON: each proposal's id and its repair document (null
 * when it needs none or has none). */
static json_t *repairs_json(const accord_model *m, accord_repair_result *const *rrs)
{
    const accord_agreement *ag = m->agreement;
    json_t *o = json_object();
    for (size_t q = 0; q < ag->n_proposals; q++)
        acc__json_set(o, ag->proposals[q].id, rrs[q] ? acc__repair_json(m, rrs[q]) : json_null());
    return o;
}

/* A relaxation set as JSON: [{party, red_line}]. */
static json_t *relaxation_json(const accord_model *m, const accord_relaxation *set)
{
    json_t *js = json_array();
    for (size_t k = 0; k < set->n; k++) {
        size_t party = set->red_lines[k].party;
        json_t *e = json_object();
        acc__json_set(e, "party", json_string(m->parties[party].id));
        acc__json_set(e, "red_line",
                      json_string(m->agreement->preferences[party].red_lines[set->red_lines[k].red_line].text));
        acc__json_push(js, e);
    }
    return js;
}

/* The zone of agreement and the bargaining solutions, from the frontier;
 * why not when it could not be computed. */
static void solutions_text(acc__str *s, const accord_model *m, const accord_analysis *a)
{
    const accord_agreement *ag = m->agreement;
    const accord_frontier *f = a->frontier;
    if (!f) {
        acc__str_printf(s, "  Yes: some outcomes are acceptable to every party (their frontier could not be\n"
                           "  computed: %s; accord frontier --max-points N raises the limit).\n",
                        accord_strerror(a->frontier_part.status));
        return;
    }
    char buf[64];
    if (f->zopa_size >= 0)
        acc__str_printf(s, "  Yes: %s outcome%s %s acceptable to every party; %zu of them on the Pareto frontier.\n",
                        acc__count_text(f->zopa_size, buf, sizeof buf), f->zopa_size == 1 ? "" : "s",
                        f->zopa_size == 1 ? "is" : "are", f->n_rational);
    else
        acc__str_printf(s, "  Yes: %zu of the outcomes acceptable to every party are on the Pareto frontier.\n",
                        f->n_rational);
    const struct {
        const char *name;
        const accord_frontier_point *pt;
    } sol[] = {{"Nash", f->nash}, {"Kalai-Smorodinsky", f->kalai_smorodinsky}, {"egalitarian", f->egalitarian},
               {"max welfare", f->max_welfare}};
    char num[ACC_FIXED_SIZE];
    acc__str_puts(s, "  Bargaining solutions (utilities in party order; accord frontier for the terms):\n");
    uint32_t *terms = acc__calloc(ag->n_issues + 1, sizeof *terms);
    if (!terms) {
        s->failed = 1;
        return;
    }
    for (size_t k = 0; k < 4; k++) {
        if (!sol[k].pt)
            continue;
        accord_frontier_terms(f, sol[k].pt, terms);
        acc__str_printf(s, "    %-18s", sol[k].name);
        for (size_t p = 0; p < m->n_parties; p++)
            acc__str_printf(s, " %s %s", m->parties[p].id, acc__fixed(sol[k].pt->utility[p], 3, num, sizeof num));
        acc__str_puts(s, "\n      ");
        size_t col = 6;
        for (size_t i = 0; i < ag->n_issues; i++) {
            char item[200], b1[64];
            int w = snprintf(item, sizeof item, "%s%s = %s", i ? ", " : "", ag->issues[i].id,
                             accord_issue_option_text(&ag->issues[i], terms[i], b1, sizeof b1));
            if (col + (size_t)w > 96 && i) {
                acc__str_puts(s, ",\n      ");
                acc__str_puts(s, item + 2);
                col = 6 + (size_t)w - 2;
            } else {
                acc__str_puts(s, item);
                col += (size_t)w;
            }
        }
        acc__str_puts(s, "\n");
    }
    acc__free(terms);
}

/* The frontier's document (solutions, sizes, ZOPA), or its reason. */
static json_t *frontier_json(const accord_model *m, const accord_analysis *a)
{
    if (!a->frontier) {
        json_t *o = json_object();
        acc__json_set(o, "error", json_string(accord_strerror(a->frontier_part.status)));
        acc__json_set(o, "note", a->frontier_part.note ? acc__json_text(a->frontier_part.note) : json_null());
        return o;
    }
    /* the sizes, the solutions, the ZOPA and the ideal; the point lists are
     * `accord frontier --json`'s (they can run to millions) */
    return acc__frontier_summary_json(m, a->frontier);
}

/* The same question for a model with a non-linear utility: the outcomes
 * are enumerated (when few enough); repairs and relaxations need additive
 * utilities and are left out, saying so. */
static void section_agreement_enumerated(acc__str *s, const accord_model *m, const accord_analysis *a, json_t *j)
{
    char buf[64];
    acc__str_puts(s, "  A party's utility is non-linear (GENIUS hyper-rectangles): the answer comes from\n"
                     "  enumerating the outcomes; repairs and red-line relaxations are not computed.\n");
    const accord_frontier *f = a->frontier;
    if (!f) {
        acc__str_printf(s, "  The outcomes could not be enumerated: %s\n",
                        a->frontier_part.note ? a->frontier_part.note : accord_strerror(a->frontier_part.status));
        return;
    }
    acc__json_set(j, "zopa_nonempty", json_boolean(!f->zopa_empty));
    if (f->zopa_empty)
        acc__str_printf(s, "  No: none of the %s possible outcomes is acceptable to every party.\n",
                        acc__count_text(m->agreement->outcomes, buf, sizeof buf));
    else
        solutions_text(s, m, a);
}

/* "RU:1,RU:2": a set of red lines as `accord repair --drop` takes it. */
static void drop_list(acc__str *s, const accord_model *m, const accord_relaxation *set)
{
    for (size_t k = 0; k < set->n; k++)
        acc__str_printf(s, "%s%s:%zu", k ? "," : "", m->parties[set->red_lines[k].party].id,
                        set->red_lines[k].red_line + 1);
}

/* No agreement exists: the sets of red lines that block it, each party's
 * share, the pairs, and the repairs without the first set. */
static void section_blocked(acc__str *s, const accord_model *m, const accord_analysis *a, json_t *j, size_t width)
{
    const accord_agreement *ag = m->agreement;
    const accord_relaxations *rx = a->relaxations;
    char buf[200];
    acc__str_printf(s, "  No: none of the %s possible outcomes is acceptable to every party.\n",
                    acc__count_text(ag->outcomes, buf, sizeof buf));
    acc__str_printf(s, "  Dropping %zu red line%s would open a zone of agreement (no fewer would); %s:\n",
                    rx->size, rx->size == 1 ? "" : "s", rx->n_sets == 1 ? "the only way" : "the ways");
    json_t *sets = json_array();
    for (size_t k = 0; k < rx->n_sets; k++) {
        const accord_relaxation *set = &rx->sets[k];
        acc__str_puts(s, "    -");
        for (size_t j2 = 0; j2 < set->n; j2++) {
            size_t party = set->red_lines[j2].party;
            const char *text = ag->preferences[party].red_lines[set->red_lines[j2].red_line].text;
            if (j2 == 0 || set->red_lines[j2 - 1].party != party)
                acc__str_printf(s, "%s %s:", j2 ? ";" : "", m->parties[party].name);
            else
                acc__str_puts(s, ",");
            acc__str_printf(s, " \"%s\"", text);
        }
        acc__str_puts(s, "\n");
        acc__json_push(sets, relaxation_json(m, set));
    }
    if (rx->more)
        acc__str_puts(s, "    - ... (more sets of the same size)\n");
    acc__json_set(j, "blocking_red_lines", sets);
    /* each party's own share: the fewest of its red lines to drop alone */
    acc__str_puts(s, "  Each party alone, dropping only its own red lines:\n");
    json_t *alone = json_object();
    int nw = 18; /* the name column: as wide as the longest name */
    for (size_t p = 0; p < m->n_parties; p++)
        nw = (int)strlen(m->parties[p].name) > nw ? (int)strlen(m->parties[p].name) : nw;
    for (size_t p = 0; p < m->n_parties && m->n_parties <= 64; p++) {
        size_t nr = ag->preferences[p].n_red_lines;
        const accord_relaxations *one = a->alone[p];
        acc__str_printf(s, "    %-*s ", nw, m->parties[p].name);
        if (nr == 0 || !one) {
            acc__str_puts(s, "has no red lines\n");
            acc__json_set(alone, m->parties[p].id, json_null());
        } else if (one->n_sets) {
            acc__str_printf(s, "%zu of its %zu, e.g.", one->size, nr);
            for (size_t k = 0; k < one->sets[0].n; k++)
                acc__str_printf(s, "%s \"%s\"", k ? "," : "",
                                ag->preferences[p].red_lines[one->sets[0].red_lines[k].red_line].text);
            acc__str_puts(s, "\n");
            acc__json_set(alone, m->parties[p].id, json_integer((json_int_t)one->size));
        } else if (one->reservations_block) {
            acc__str_printf(s, "not enough: even without its %zu, the others' red lines or the\n"
                               "    %-*s reservations exclude every outcome\n", nr, nw, "");
            acc__json_set(alone, m->parties[p].id, json_string("not enough"));
        } else {
            acc__str_printf(s, "more than %d of its %zu\n", ACCORD_DEFAULT_RELAX_SIZE, nr);
            acc__json_set(alone, m->parties[p].id, json_string("more than 3"));
        }
    }
    acc__json_set(j, "red_lines_to_drop_alone", alone);
    /* pairs of parties that cannot open the zone alone but might together */
    json_t *pairs = json_array();
    for (size_t k = 0; k < a->n_pairs; k++) {
        const accord_pair_relaxation *pr = &a->pairs[k];
        const accord_relaxations *two = pr->relaxations;
        size_t p = pr->a, q = pr->b;
        size_t nr = ag->preferences[p].n_red_lines + ag->preferences[q].n_red_lines;
        json_t *jp = json_object();
        acc__json_set(jp, "parties", json_pack("[s,s]", m->parties[p].id, m->parties[q].id));
        acc__str_printf(s, "    %s and %s together: ", m->parties[p].name, m->parties[q].name);
        if (two->n_sets) {
            acc__str_printf(s, "%zu of their %zu, e.g.\n     ", two->size, nr);
            for (size_t x = 0; x < two->sets[0].n; x++) {
                size_t pp = two->sets[0].red_lines[x].party;
                acc__str_printf(s, "%s %s \"%s\"", x ? "," : "", m->parties[pp].id,
                                ag->preferences[pp].red_lines[two->sets[0].red_lines[x].red_line].text);
            }
            acc__str_puts(s, "\n");
            acc__json_set(jp, "size", json_integer((json_int_t)two->size));
            acc__json_set(jp, "example", relaxation_json(m, &two->sets[0]));
        } else {
            acc__str_puts(s, two->reservations_block ? "not enough\n" : "more than 4\n");
            acc__json_set(jp, "size", json_string(two->reservations_block ? "not enough" : "more than 4"));
        }
        acc__json_push(pairs, jp);
    }
    acc__json_set(j, "red_lines_to_drop_in_pairs", pairs);
    if (!rx->decided)
        acc__str_puts(s, "  (some sets could not be decided within the search budget)\n");
    /* the smallest change to each proposal under each side's own set */
    acc__str_printf(s, "  The fewest changes that make each proposal acceptable to every party (the best by\n"
                       "  Nash product) if one side dropped its own smallest set; the sides' positions,\n"
                       "  side by side:\n");
    json_t *by_side = json_array();
    for (size_t k = 0; k < a->n_sides; k++) {
        const accord_side_relaxation *sd = &a->sides[k];
        acc__str_puts(s, "   ");
        for (size_t x = 0; x < sd->set->n; x++) {
            size_t party = sd->set->red_lines[x].party;
            if (x == 0 || sd->set->red_lines[x - 1].party != party)
                acc__str_printf(s, "%s %s drops", x ? ";" : "", m->parties[party].id);
            else
                acc__str_puts(s, ",");
            acc__str_printf(s, " \"%s\"", ag->preferences[party].red_lines[sd->set->red_lines[x].red_line].text);
        }
        acc__str_puts(s, ":\n");
        repairs_text(s, m, sd->repairs, sd->repair_parts);
        acc__str t = {0};
        acc__str_puts(&t, "(accord repair MODEL --proposal ID --drop ");
        drop_list(&t, m, sd->set);
        acc__str_printf(&t, " lists them all%s)",
                        strcmp(m->path, accord_builtin_scenario_name()) == 0 ? "; MODEL: scenarios/plan28.yaml" : "");
        acc__str_puts(s, "    ");
        acc__wrap(s, acc__str_text(&t, &s->failed), 4, 5, width);
        acc__str_free(&t);
        json_t *js = json_object(), *ps = json_array();
        for (size_t p = 0; p < m->n_parties && p < 64; p++)
            if (sd->parties >> p & 1)
                acc__json_push(ps, json_string(m->parties[p].id));
        acc__json_set(js, "parties", ps);
        acc__json_set(js, "red_lines", relaxation_json(m, sd->set));
        acc__json_set(js, "repairs", repairs_json(m, sd->repairs));
        acc__json_push(by_side, js);
    }
    acc__json_set(j, "repairs_by_side", by_side);
}

/* The text, and the "agreement_exists" document into j. */
static void section_agreement(acc__str *s, style *st, const accord_model *m, const accord_analysis *a,
                              json_t *j)
{
    const accord_evaluation *ev = a->evaluation;
    const accord_relaxations *rx = a->relaxations;
    heading(s, st, "Does any agreement exist?");
    acc__json_set(j, "frontier", frontier_json(m, a));
    if (!rx && a->relaxations_part.status == ACCORD_E_UNSUPPORTED) {
        section_agreement_enumerated(s, m, a, j);
        return;
    }
    if (!rx) {
        acc__str_printf(s, "  The search for an acceptable outcome could not run: %s.\n",
                        accord_strerror(a->relaxations_part.status));
        return;
    }
    acc__json_set(j, "zopa_nonempty", json_boolean(!rx->zopa_empty));
    if (!rx->zopa_empty) {
        solutions_text(s, m, a);
        size_t need = 0;
        for (size_t q = 0; q < ev->n_proposals; q++)
            need += !ev->proposals[q].rational;
        if (need) {
            acc__str_puts(s, "  The fewest changes that make each proposal acceptable to all (best by Nash product):\n");
            repairs_text(s, m, a->repairs, a->repair_parts);
        }
        acc__json_set(j, "repairs", repairs_json(m, a->repairs));
    } else if (rx->reservations_block) {
        acc__str_puts(s, "  No. Even without any red line, no outcome gives every party at least its\n"
                         "  no-deal value: the reservations alone leave no zone of agreement.\n");
    } else if (rx->n_sets == 0) {
        acc__str_puts(s, "  No outcome is acceptable to every party, and dropping any 3 red lines\n"
                         "  or fewer does not change that.\n");
    } else {
        section_blocked(s, m, a, j, st->width);
    }
}

/* ------------------------------------------------------------------------ */
/* 4 and 5: the strategic game                                               */

/* A state told by the options that differ from the status quo (or, without
 * one, by the options taken). */
static void describe_state(acc__str *s, const accord_model *m, size_t k)
{
    const accord_conflict *cf = m->conflict;
    uint64_t code = acc__state_code(cf, k);
    char pat[130];
    acc__str_printf(s, "state %zu (%s", k + 1, accord_conflict_state_pattern(cf, code, true, pat, sizeof pat));
    if (cf->has_status_quo) {
        uint64_t d = code ^ cf->status_quo;
        if (!d) {
            acc__str_puts(s, ", the status quo)");
            return;
        }
        acc__str_puts(s, ": vs the status quo");
        for (size_t o = 0; o < cf->n_options; o++)
            if ((d >> o) & 1)
                acc__str_printf(s, " %s%s", (code >> o) & 1 ? "+" : "-", cf->options[o].qualified);
        acc__str_puts(s, ")");
    } else {
        acc__str_puts(s, code ? ":" : ": no option taken");
        for (size_t o = 0; o < cf->n_options; o++)
            if ((code >> o) & 1)
                acc__str_printf(s, " %s", cf->options[o].qualified);
        acc__str_puts(s, ")");
    }
}

static void stability_line(acc__str *s, const accord_model *m, const accord_stability *stb, size_t k)
{
    static const char *names[] = {"Nash", "GMR", "SMR", "SEQ"};
    size_t n = 0;
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
        if (accord_stability_is_equilibrium(stb, (accord_concept)c, k))
            acc__str_printf(s, "%s%s", n++ ? ", " : "an equilibrium under ", names[c]);
    if (n == 0)
        acc__str_puts(s, "not an equilibrium under any concept");
    if (!accord_stability_is_equilibrium(stb, ACCORD_NASH, k)) {
        size_t u = 0;
        for (size_t p = 0; p < m->n_parties; p++)
            if (!accord_stability_is_stable(stb, ACCORD_GMR, p, k))
                acc__str_printf(s, "%s%s", u++ ? ", " : "; unstable even under GMR for ", m->parties[p].id);
    }
    acc__str_puts(s, "\n");
}

/* A party's best unilateral improvement from state k, in words, or NULL. */
static void improvements(acc__str *s, const accord_model *m, size_t k)
{
    const accord_conflict *cf = m->conflict;
    size_t S = cf->n_states;
    for (size_t p = 0; p < m->n_parties; p++) {
        uint64_t mask = 0;
        for (size_t o = 0; o < cf->n_options; o++)
            if (cf->options[o].party == p)
                mask |= (uint64_t)1 << o;
        if (!mask)
            continue;
        /* the best state p can move to alone, by its level (ties: smallest index) */
        size_t best = S;
        uint64_t code = acc__state_code(cf, k);
        uint32_t lk = acc__level(cf, p, k), lbest = 0;
        for (size_t t = 0; t < S; t++) {
            uint64_t y = acc__state_code(cf, t), d = y ^ code;
            if (!d || (d & ~mask))
                continue;
            bool legal = true;
            for (size_t o = 0; o < cf->n_options && legal; o++) {
                if (!((d >> o) & 1))
                    continue;
                bool taking = (y >> o) & 1;
                if ((cf->options[o].moves == ACCORD_MOVES_FORWARD && !taking) ||
                    (cf->options[o].moves == ACCORD_MOVES_BACKWARD && taking))
                    legal = false;
            }
            uint32_t lt = acc__level(cf, p, t);
            if (legal && lt > lk && (best == S || lt > lbest)) {
                best = t;
                lbest = lt;
            }
        }
        if (best == S)
            continue;
        accord_move mv = {p, k, best};
        char *text = accord_move_describe(m, &mv);
        if (!text)
            s->failed = 1;
        acc__str_printf(s, "      %s can improve alone: %s\n", m->parties[p].id, text ? text : "?");
        accord_free(text);
    }
}

static accord_status section_conflict(acc__str *s, style *st, const accord_model *m, const accord_analysis *a,
                                      jdoc *doc)
{
    const accord_conflict *cf = m->conflict;
    static const char *names[] = {"Nash", "GMR", "SMR", "SEQ"};
    heading(s, st, "The strategic game");
    acc__str_printf(s, "  %zu options, %zu feasible states.", cf->n_options, cf->n_states);
    const accord_stability *stb = a->stability;
    if (!stb) {
        acc__str_printf(s, " The stability analysis could not run: %s.\n",
                        accord_strerror(a->stability_part.status));
        return ACCORD_OK;
    }
    acc__str_puts(s, " Equilibria:");
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
        acc__str_printf(s, " %zu %s%s", stb->n_equilibria[c], names[c], c + 1 < ACCORD_N_CONCEPTS ? "," : ".\n");
    /* the strongest equilibria: Nash ones first, else SEQ */
    accord_concept show = stb->n_equilibria[ACCORD_NASH] ? ACCORD_NASH : ACCORD_SEQ;
    size_t shown = 0;
    for (size_t k = 0; k < cf->n_states && shown < 4; k++) {
        if (!accord_stability_is_equilibrium(stb, show, k))
            continue;
        acc__str_printf(s, "    %s equilibrium: ", names[show]);
        describe_state(s, m, k);
        acc__str_puts(s, "\n");
        shown++;
    }
    if (stb->n_equilibria[show] > shown)
        acc__str_printf(s, "    ... and %zu more (accord stability MODEL lists them all)\n",
                        stb->n_equilibria[show] - shown);
    accord_render_options jo = {.format = ACCORD_FORMAT_JSON};
    JDOC_RENDER(doc, "stability", accord_stability_render(m, stb, &jo, JDOC_OUT));

    if (cf->has_status_quo) {
        acc__str_printf(s, "  The status quo (state %zu) is ", cf->status_quo_index + 1);
        stability_line(s, m, stb, cf->status_quo_index);
        improvements(s, m, cf->status_quo_index);
        const accord_evolution *evo = a->evolution;
        if (evo) {
            acc__str_printf(s, "  From the status quo, unilateral improvements reach %zu state%s", evo->n_reachable,
                            evo->n_reachable == 1 ? "" : "s");
            size_t nt = 0;
            for (size_t t = 0; t < evo->n_targets; t++)
                nt += (evo->targets[t].concepts >> ACCORD_SEQ) & 1;
            acc__str_printf(s, ", %zu of them %s%s\n", nt, nt == 1 ? "a SEQ equilibrium" : "SEQ equilibria",
                            nt ? ":" : ".");
            size_t listed = 0;
            for (size_t t = 0; t < evo->n_targets && listed < 3; t++) {
                const accord_evolve_target *tg = &evo->targets[t];
                if (!((tg->concepts >> ACCORD_SEQ) & 1))
                    continue;
                listed++;
                acc__str_puts(s, "    ");
                describe_state(s, m, tg->state);
                acc__str_printf(s, " in %zu move%s", tg->n_moves, tg->n_moves == 1 ? "" : "s");
                acc__str_puts(s, tg->n_moves ? ":\n" : "\n");
                for (size_t mv = 0; mv < tg->n_moves && mv < 6; mv++) {
                    char *text = accord_move_describe(m, &tg->path[mv]);
                    if (!text)
                        s->failed = 1;
                    acc__str_printf(s, "      %zu. %s\n", mv + 1, text ? text : "?");
                    accord_free(text);
                }
            }
            JDOC_RENDER(doc, "evolution", accord_evolution_render(m, evo, &jo, JDOC_OUT));
        }
    }

    if (cf->n_named) {
        heading(s, st, "Named states");
        json_t *named = json_array();
        for (size_t n = 0; n < cf->n_named; n++) {
            const struct accord_named_state *ns = &cf->named[n];
            size_t hits = 0, eq = 0;
            for (size_t k = 0; k < cf->n_states; k++)
                if (acc__condition_matches(&ns->condition, acc__state_code(cf, k))) {
                    hits++;
                    eq += accord_stability_is_equilibrium(stb, ACCORD_SEQ, k);
                }
            acc__str t = {0};
            acc__str_printf(&t, "%s\"%s\"%s (%s): %zu state%s, %zu of %s %s", st->bold, ns->name, st->reset,
                            ns->condition.text, hits, hits == 1 ? "" : "s", eq, hits == 1 ? "it" : "them",
                            eq == 1 ? "a SEQ equilibrium" : "SEQ equilibria");
            acc__str_puts(s, "  ");
            acc__wrap(s, acc__str_text(&t, &s->failed), 2, 4, st->width);
            acc__str_free(&t);
            json_t *jn = json_object(), *ids = json_array(), *eqs = json_array();
            acc__json_set(jn, "name", json_string(ns->name));
            acc__json_set(jn, "condition", json_string(ns->condition.text));
            /* tell one: a SEQ equilibrium if there is one, else the state
             * nearest the status quo (fewest options changed) */
            size_t pick = cf->n_states;
            int pick_d = 99;
            for (size_t k = 0; k < cf->n_states; k++) {
                if (!acc__condition_matches(&ns->condition, acc__state_code(cf, k)))
                    continue;
                acc__json_push(ids, json_integer((json_int_t)k + 1));
                bool eqk = accord_stability_is_equilibrium(stb, ACCORD_SEQ, k);
                if (eqk)
                    acc__json_push(eqs, json_integer((json_int_t)k + 1));
                uint64_t ref = cf->has_status_quo ? cf->status_quo : 0;
                int d = eqk ? -1 : __builtin_popcountll(acc__state_code(cf, k) ^ ref);
                if (d < pick_d) {
                    pick_d = d;
                    pick = k;
                }
            }
            size_t listed = 0;
            if (pick < cf->n_states) {
                listed = 1;
                acc__str_puts(s, "    ");
                describe_state(s, m, pick);
                acc__str_puts(s, ":\n      ");
                stability_line(s, m, stb, pick);
                improvements(s, m, pick);
            }
            if (hits > listed)
                acc__str_printf(s, "    ... and %zu more state%s\n", hits - listed, hits - listed == 1 ? "" : "s");
            acc__json_set(jn, "states", ids);
            acc__json_set(jn, "seq_equilibria", eqs);
            acc__json_push(named, jn);
        }
        jdoc_json(doc, "named_states", named);
    }
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* 6: robustness                                                             */

/* At most this many sensitivity entries in the text (the JSON has all). */
#define TEXT_SENSITIVITY 5

static accord_status section_robust(acc__str *s, style *st, const accord_model *m, const accord_analysis *a,
                                    jdoc *doc)
{
    heading(s, st, "How robust are these verdicts?");
    const accord_robust *r = a->robust;
    if (!r && a->robust_part.status != ACCORD_E_NODATA) {
        acc__str_printf(s, "  The sampling could not run: %s.\n", accord_strerror(a->robust_part.status));
        return ACCORD_OK;
    }
    accord_status rc;
    if (!r || (r->n_uncertain == 0 && r->n_structural == 0)) {
        acc__str_puts(s, "  The model has no ranges: every number is a point value, so there is nothing\n"
                         "  to sample. Write uncertain numbers as [low, high] to see what the verdicts depend on.\n");
    } else {
        char *text = NULL;
        accord_render_options to = {.format = ACCORD_FORMAT_TEXT, .color = st->bold[0] != '\0', .width = st->width - 2};
        accord_robust shown = *r; /* the text lists the most decisive only */
        if (shown.n_sensitivity > TEXT_SENSITIVITY)
            shown.n_sensitivity = TEXT_SENSITIVITY;
        if ((rc = accord_robust_render(m, &shown, &to, &text)))
            return rc;
        /* indent the robust report by two spaces; a line that would pass
         * the width wraps under its own indentation */
        acc__str line = {0};
        for (const char *p = text; *p;) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            acc__str_clear(&line);
            acc__str_append(&line, p, len);
            const char *l = acc__str_text(&line, &s->failed);
            size_t lead = strspn(l, " ");
            if (len && len + 2 > st->width) {
                acc__str_printf(s, "  %.*s", (int)lead, l);
                acc__wrap(s, l + lead, 2 + lead, 4 + lead, st->width);
            } else {
                acc__str_printf(s, "%s%s\n", len ? "  " : "", l);
            }
            p += len + (e ? 1 : 0);
        }
        acc__str_free(&line);
        accord_free(text);
    }
    if (!r)
        return ACCORD_OK;
    jdoc_json(doc, "robust", acc__robust_json(m, r));
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */

accord_status accord_analysis_render(const accord_model *m, const accord_analysis *a,
                                     const accord_render_options *ropts, char **out)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    if (!m || !a)
        return ACCORD_E_ARG;
    acc__json_init();
    acc__style a_ = acc__style_of(ropts);
    style st = {a_.bold, a_.dim, a_.red, a_.green, a_.reset, 0, acc__width_of(ropts)};
    acc__str s = {0};
    jdoc doc = {.first = true};
    jdoc *d = &doc;
    acc__str_puts(&d->s, "{");
    accord_status rc = ACCORD_OK;
    const accord_evaluation *ev = a->evaluation;
    jdoc_json(d, "model", acc__summary_json(m));

    /* the header: what the model is and where its numbers come from */
    acc__str_printf(&s, "%s%s%s\n", st.bold, m->title ? m->title : m->path, st.reset);
    acc__str_printf(&s, "%zu parties:", m->n_parties);
    for (size_t p = 0; p < m->n_parties; p++) {
        acc__str_printf(&s, "%s %s", p ? "," : "", m->parties[p].name);
        if (strcmp(m->parties[p].name, m->parties[p].id) != 0)
            acc__str_printf(&s, " (%s)", m->parties[p].id);
    }
    acc__str_puts(&s, "\n");
    if (m->agreement) {
        char cnt[64];
        acc__str_printf(&s, "%zu issue%s, %s possible agreements, %zu proposal%s.\n", m->agreement->n_issues,
                        m->agreement->n_issues == 1 ? "" : "s", acc__count_text(m->agreement->outcomes, cnt, sizeof cnt),
                        m->agreement->n_proposals, m->agreement->n_proposals == 1 ? "" : "s");
    }
    if (m->agreement && !m->from_genius) {
        accord_unsourced *u = NULL;
        if ((rc = accord_provenance_check(m, &u)))
            goto out;
        bool builtin = strcmp(m->path, accord_builtin_scenario_name()) == 0;
        acc__str_printf(&s, "%sEvery number below follows from the positions and assumptions in %s", st.dim,
                        builtin ? "the built-in scenario" : m->path);
        if (u->count)
            acc__str_printf(&s, " (%zu without a stated source or assumption: accord check --provenance)", u->count);
        if (builtin)
            acc__str_printf(&s, ";\nto change them, copy scenarios/plan28.yaml, edit it and run accord analyze FILE.%s\n",
                            st.reset);
        else
            acc__str_printf(&s, ";\nedit them there and run accord analyze FILE again.%s\n", st.reset);
        accord_unsourced_free(u);
    }

    if (m->agreement && ev) {
        if (ev->n_proposals)
            section_proposals(&s, &st, m, ev);
        jdoc_json(d, "evaluation", acc__evaluation_json(m, ev));
        json_t *j = json_object();
        section_agreement(&s, &st, m, a, j);
        jdoc_json(d, "agreement_exists", j);
    }
    if (m->conflict && (rc = section_conflict(&s, &st, m, a, d)))
        goto out;
    if (m->agreement && (a->robust || a->robust_part.status) && (rc = section_robust(&s, &st, m, a, d)))
        goto out;
    if (a->n_claims) {
        heading(&s, &st, "The claims tested");
        acc__str_puts(&s, "  Each claim the model lists, mapped to a question; the answers are computed from\n"
                          "  the model, with what they rest on and the smallest change that would flip them.\n");
        acc__claims_text(&s, a, st.bold, st.reset, st.width);
        jdoc_json(d, "claims", acc__claims_json(a));
    }
    acc__json_newline(&d->s, 0);
    acc__str_puts(&d->s, "}\n");

out:
    if (rc) {
        acc__str_free(&s);
        acc__str_free(&d->s);
        return rc;
    }
    bool json = ropts && ropts->format == ACCORD_FORMAT_JSON;
    acc__str_free(json ? &s : &d->s);
    if (!json) /* whatever still passes the width (fixed sentences, state lines) wraps */
        return acc__text_finish(&s, ropts, out);
    *out = acc__str_take(&d->s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
