/* evaluation.c - accord_evaluation_render: each proposal, party by party, as
 * text or JSON. */
#include "agreement.h"
#include "render.h"
#include "number.h"
#include "dropped.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

/* How outcomes given as accord_evaluation_options.terms are named. */
static const accord_proposal given = {.id = "terms", .name = "The given terms"};

static const char *verdict_key(accord_verdict v)
{
    switch (v) {
    case ACCORD_VERDICT_ACCEPTABLE: return "acceptable";
    case ACCORD_VERDICT_BELOW_RESERVATION: return "below_reservation";
    case ACCORD_VERDICT_RED_LINE: return "red_line";
    }
    return "?";
}

json_t *acc__evaluation_json(const accord_model *m, const accord_evaluation *e)
{
    const accord_agreement *ag = m->agreement;
    json_t *o = json_object(), *props = json_array();
    acc__json_set(o, "parties", acc__json_party_ids(m));
    for (size_t q = 0; q < e->n_proposals; q++) {
        const accord_proposal_evaluation *pe = &e->proposals[q];
        const accord_proposal *pr = pe->proposal < ag->n_proposals ? &ag->proposals[pe->proposal] : &given;
        json_t *jp = json_object(), *parties = json_array();
        acc__json_set(jp, "id", json_string(pr->id));
        acc__json_set(jp, "name", json_string(pr->name));
        acc__json_set(jp, "rational", json_boolean(pe->rational));
        acc__json_set(jp, "terms", acc__json_terms(m, pe->terms));
        for (size_t p = 0; p < e->n_parties; p++) {
            const accord_party_verdict *pv = &pe->parties[p];
            const accord_preference *pref = &ag->preferences[p];
            json_t *v = json_object(), *red = json_array(), *contrib = json_object(), *costs = json_array();
            acc__json_set(v, "party", json_string(m->parties[p].id));
            acc__json_set(v, "utility", json_real(acc__json_round(pv->utility)));
            acc__json_set(v, "reservation", json_real(acc__json_round(pv->reservation)));
            acc__json_set(v, "acceptable", json_boolean(pv->acceptable));
            acc__json_set(v, "verdict", json_string(verdict_key(pv->verdict)));
            for (size_t b = 0; b < pv->n_broken; b++)
                acc__json_push(red, json_string(pref->red_lines[pv->broken[b]].text));
            acc__json_set(v, "red_lines", red);
            for (size_t i = 0; i < e->n_issues; i++)
                acc__json_set(contrib, ag->issues[i].id, json_real(acc__json_round(pv->contribution[i])));
            acc__json_set(v, "contributions", contrib);
            for (size_t c = 0; c < pv->n_costs; c++) {
                const accord_issue_cost *ic = &pv->costs[c];
                const accord_issue *is = &ag->issues[ic->issue];
                json_t *jc = json_object();
                acc__json_set(jc, "issue", json_string(is->id));
                acc__json_set(jc, "option", acc__json_option(is, ic->option));
                acc__json_set(jc, "best", acc__json_option(is, ic->best));
                acc__json_set(jc, "loss", json_real(acc__json_round(ic->loss)));
                acc__json_push(costs, jc);
            }
            acc__json_set(v, "costs", costs);
            acc__json_push(parties, v);
        }
        acc__json_set(jp, "parties", parties);
        acc__json_push(props, jp);
    }
    acc__json_set(o, "proposals", props);
    return o;
}

/* An option for text output: integer values, or labels cut at 40 characters
 * (on a UTF-8 boundary) so that lines stay readable. */
/* An option as people read it: its label whole, or an integer's value. */
static const char *option_text(const accord_issue *is, uint32_t k, char *buf, size_t size)
{
    if (is->kind == ACCORD_ISSUE_INTEGER) {
        snprintf(buf, size, "%lld", (long long)accord_issue_option_value(is, k));
        return buf;
    }
    return is->options[k].label;
}


accord_status accord_evaluation_render(const accord_model *m, const accord_evaluation *e,
                                       const accord_render_options *opts, char **out)
{
    acc__json_init();
    if (opts && opts->format == ACCORD_FORMAT_JSON)
        return acc__json_finish(acc__evaluation_json(m, e), out);
    const accord_agreement *ag = m->agreement;
    acc__style sty = acc__style_of(opts);
    const char *bold = sty.bold, *reset = sty.reset, *red = sty.red, *green = sty.green;
    size_t shown_costs = opts && opts->verbose ? SIZE_MAX : 3;
    acc__str s = {0}, t = {0};
    size_t width = acc__width_of(opts);
    int nw = 5; /* the party column: as wide as the longest name, none cut */
    for (size_t p = 0; p < e->n_parties; p++)
        nw = (int)strlen(m->parties[p].name) > nw ? (int)strlen(m->parties[p].name) : nw;
    char b1[256], b2[256], n1[ACC_FIXED_SIZE], n2[ACC_FIXED_SIZE];
    acc__dropped_text(&s, m, e->ignored_red_lines, "As if these red lines were dropped: ", "\n\n");
    if (e->n_proposals == 0)
        acc__str_puts(&s, "The model has no proposals to evaluate.\n");
    for (size_t q = 0; q < e->n_proposals; q++) {
        const accord_proposal_evaluation *pe = &e->proposals[q];
        const accord_proposal *pr = pe->proposal < ag->n_proposals ? &ag->proposals[pe->proposal] : &given;
        acc__str_clear(&t);
        acc__str_printf(&t, "%s%s%s (%s)", bold, pr->name, reset, pr->id);
        if (pr->by)
            acc__str_printf(&t, ", by %s", pr->by);
        if (pr->date)
            acc__str_printf(&t, ", %s", pr->date);
        acc__str_printf(&t, ": %s", pe->rational ? "acceptable to every party" : "not acceptable to every party");
        acc__str_puts(&s, q ? "\n" : "");
        acc__wrap(&s, acc__str_text(&t, &s.failed), 0, 2, width);
        acc__str_printf(&s, "  %-*s %8s %12s  %s\n", nw, "party", "utility", "reservation", "verdict");
        for (size_t p = 0; p < e->n_parties; p++) {
            const accord_party_verdict *pv = &pe->parties[p];
            acc__str_printf(&s, "  %-*s %8s %12s  ", nw, m->parties[p].name,
                            acc__fixed(pv->utility, 3, n1, sizeof n1),
                            acc__fixed(pv->reservation, 3, n2, sizeof n2));
            size_t col = acc__column(&s);
            acc__str_clear(&t);
            if (pv->acceptable)
                acc__str_printf(&t, "%saccepts%s", green, reset);
            else if (pv->verdict == ACCORD_VERDICT_BELOW_RESERVATION)
                acc__str_printf(&t, "%srejects%s: %s below its reservation", red, reset,
                                acc__fixed(pv->reservation - pv->utility, 3, n1, sizeof n1));
            else {
                acc__str_printf(&t, "%srejects%s: breaks", red, reset);
                for (size_t b = 0; b < pv->n_broken; b++)
                    acc__str_printf(&t, "%s \"%s\"", b ? "," : "",
                                    ag->preferences[p].red_lines[pv->broken[b]].text);
            }
            acc__wrap(&s, acc__str_text(&t, &s.failed), col, col + 2 <= width / 2 ? col + 2 : 8, width);
            for (size_t c = 0; c < pv->n_costs && c < shown_costs; c++) {
                const accord_issue_cost *ic = &pv->costs[c];
                const accord_issue *is = &ag->issues[ic->issue];
                acc__str_clear(&t);
                /* typographic quotes: a label wraps like the words around it */
                acc__str_printf(&t, "costs %s: %s is \xE2\x80\x9C%s\xE2\x80\x9D (best for it: \xE2\x80\x9C%s\xE2\x80\x9D)",
                                acc__fixed(ic->loss, 3, n1, sizeof n1), is->name,
                                option_text(is, ic->option, b1, sizeof b1), option_text(is, ic->best, b2, sizeof b2));
                acc__str_puts(&s, "      ");
                acc__wrap(&s, acc__str_text(&t, &s.failed), 6, 8, width);
            }
        }
    }
    acc__str_free(&t);
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
