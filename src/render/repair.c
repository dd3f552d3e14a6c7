/* repair.c - accord_repair_render: the fewest changes, as text or JSON. */
#include "agreement.h"
#include "render.h"
#include "dropped.h"
#include "number.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

/* Is red line g (numbered party by party) one the repair treated as dropped? */
static bool dropped(const accord_repair_result *r, size_t g)
{
    return r->ignored_red_lines && r->ignored_red_lines[g];
}

void acc__dropped_text(acc__str *s, const accord_model *m, const bool *ignored, const char *before,
                       const char *after)
{
    size_t parties = 0;
    for (size_t p = 0, g0 = 0; ignored && p < m->n_parties; g0 += m->agreement->preferences[p].n_red_lines, p++) {
        size_t n = 0, nr = m->agreement->preferences[p].n_red_lines;
        for (size_t k = 0; k < nr; k++)
            n += ignored[g0 + k];
        if (!n)
            continue;
        acc__str_printf(s, "%s%s's red line%s", parties++ ? "; " : before, m->parties[p].id, n == 1 ? "" : "s");
        for (size_t k = 0, j = 0; k < nr; k++)
            if (ignored[g0 + k])
                acc__str_printf(s, "%s %zu", j++ ? "," : "", k + 1);
    }
    if (parties)
        acc__str_puts(s, after);
}

/* " (with RU's red lines 1, 3 dropped)" when the repair dropped some. */
static void dropped_text(acc__str *s, const accord_model *m, const accord_repair_result *r)
{
    acc__dropped_text(s, m, r->ignored_red_lines, " (with ", " dropped)");
}

json_t *acc__dropped_json(const accord_model *m, const bool *ignored)
{
    if (!ignored)
        return NULL;
    const accord_agreement *ag = m->agreement;
    json_t *dr = json_array();
    for (size_t p = 0, g0 = 0; p < m->n_parties; g0 += ag->preferences[p].n_red_lines, p++)
        for (size_t k = 0; k < ag->preferences[p].n_red_lines; k++)
            if (ignored[g0 + k]) {
                json_t *e = json_object();
                acc__json_set(e, "party", json_string(m->parties[p].id));
                acc__json_set(e, "red_line", json_string(ag->preferences[p].red_lines[k].text));
                acc__json_push(dr, e);
            }
    return dr;
}

json_t *acc__repair_json(const accord_model *m, const accord_repair_result *r)
{
    const accord_agreement *ag = m->agreement;
    json_t *o = json_object(), *reps = json_array();
    acc__json_set(o, "parties", acc__json_party_ids(m));
    if (r->label)
        acc__json_set(o, "proposal", json_string(r->label));
    acc__json_set(o, "original", acc__json_terms(m, r->original));
    acc__json_set(o, "changes", r->feasible ? json_integer((json_int_t)r->changes) : json_null());
    for (size_t k = 0; k < r->n_repairs; k++) {
        const accord_repair_item *it = &r->repairs[k];
        json_t *j = json_object(), *ch = json_array();
        acc__json_set(j, "terms", acc__json_terms(m, it->terms));
        for (size_t c = 0; c < it->n_changed; c++) {
            size_t i = it->changed[c];
            json_t *e = json_object();
            acc__json_set(e, "issue", json_string(ag->issues[i].id));
            acc__json_set(e, "from", acc__json_option(&ag->issues[i], r->original[i]));
            acc__json_set(e, "to", acc__json_option(&ag->issues[i], it->terms[i]));
            acc__json_push(ch, e);
        }
        acc__json_set(j, "changed", ch);
        acc__json_set(j, "utility", acc__json_reals(it->utility, r->n_parties));
        acc__json_set(j, "nash_product", json_real(acc__json_round(it->nash_product)));
        acc__json_push(reps, j);
    }
    acc__json_set(o, "repairs", reps);
    acc__json_set(o, "more", json_boolean(r->more));
    if (r->ignored_red_lines) /* the red lines treated as dropped */
        acc__json_set(o, "dropped_red_lines", acc__dropped_json(m, r->ignored_red_lines));
    return o;
}

static void option_text(const accord_issue *is, uint32_t k, char *buf, size_t size)
{
    if (is->kind == ACCORD_ISSUE_INTEGER)
        snprintf(buf, size, "%lld", (long long)accord_issue_option_value(is, k));
    else
        snprintf(buf, size, "%s", is->options[k].label);
}


/* Where the terms stand now: the utilities, then each party that does not
 * accept them and why (below its reservation, the first red line broken). */
static void original_text(acc__str *s, const accord_model *m, const accord_repair_result *r)
{
    const accord_agreement *ag = m->agreement;
    char num[ACC_FIXED_SIZE];
    acc__str_puts(s, "\n  now: utilities");
    for (size_t p = 0; p < r->n_parties; p++)
        acc__str_printf(s, " %s %s", m->parties[p].id,
                        acc__fixed(accord_utility(m, p, r->original), 3, num, sizeof num));
    acc__str_puts(s, "\n");
    for (size_t p = 0, g0 = 0; p < r->n_parties; g0 += ag->preferences[p].n_red_lines, p++) {
        const accord_preference *pr = &ag->preferences[p];
        bool below = accord_utility(m, p, r->original) < ag->table.reservation[p];
        size_t n_broken = 0;
        for (size_t k = 0; k < pr->n_red_lines; k++)
            n_broken += !dropped(r, g0 + k) && accord_expr_eval_outcome(pr->red_lines[k].expr, r->original);
        if (!below && n_broken == 0)
            continue;
        acc__str_printf(s, "     %s: ", m->parties[p].id);
        if (below)
            acc__str_printf(s, "below its reservation %s%s", acc__fixed(ag->table.reservation[p], 3, num, sizeof num),
                            n_broken ? "; " : "");
        if (n_broken)
            acc__str_printf(s, "breaks its red line%s", n_broken == 1 ? "" : "s");
        for (size_t k = 0, j = 0; k < pr->n_red_lines; k++)
            if (!dropped(r, g0 + k) && accord_expr_eval_outcome(pr->red_lines[k].expr, r->original))
                acc__str_printf(s, "%s \"%s\"", j++ ? "," : "", pr->red_lines[k].text);
        acc__str_puts(s, "\n");
    }
}

accord_status accord_repair_render(const accord_model *m, const accord_repair_result *r,
                                   const accord_render_options *opts, char **out)
{
    acc__json_init();
    if (opts && opts->format == ACCORD_FORMAT_JSON)
        return acc__json_finish(acc__repair_json(m, r), out);
    const accord_agreement *ag = m->agreement;
    const char *what = r->label ? r->label : "The given terms";
    acc__str s = {0};
    char b1[256], b2[256], num[ACC_FIXED_SIZE];
    if (!r->feasible) {
        acc__str_printf(&s, "No repair of %s exists", r->label ? r->label : "the given terms");
        dropped_text(&s, m, r);
        acc__str_puts(&s, ": no outcome is acceptable to every party\n"
                          "(see accord analyze for the red lines that block every agreement).\n");
    } else if (r->changes == 0) {
        acc__str_printf(&s, "%s %s already acceptable to every party", what, r->label ? "is" : "are");
        dropped_text(&s, m, r);
        acc__str_puts(&s, ".\n");
    } else {
        acc__str_printf(&s, "%s become%s acceptable to every party", what, r->label ? "s" : "");
        dropped_text(&s, m, r);
        acc__str_printf(&s, " with %zu change%s; %zu such repair%s%s", r->changes, r->changes == 1 ? "" : "s",
                        r->n_repairs, r->n_repairs == 1 ? "" : "s",
                        r->more ? " listed (more exist; --max raises the limit)" : "");
        acc__str_puts(&s, ", best Nash product first:\n");
        original_text(&s, m, r);
        for (size_t k = 0; k < r->n_repairs; k++) {
            const accord_repair_item *it = &r->repairs[k];
            acc__str_printf(&s, "\n  %zu. utilities", k + 1);
            for (size_t p = 0; p < r->n_parties; p++)
                acc__str_printf(&s, " %s %s", m->parties[p].id, acc__fixed(it->utility[p], 3, num, sizeof num));
            acc__str_printf(&s, " (Nash product %.4g)\n", it->nash_product);
            for (size_t c = 0; c < it->n_changed; c++) {
                const accord_issue *is = &ag->issues[it->changed[c]];
                option_text(is, r->original[it->changed[c]], b1, sizeof b1);
                option_text(is, it->terms[it->changed[c]], b2, sizeof b2);
                acc__str_printf(&s, "     %s: %s -> %s\n", is->name, b1, b2);
            }
        }
    }
    return acc__text_finish(&s, opts, out);
}
