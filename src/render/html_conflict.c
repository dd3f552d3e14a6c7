/*
 * html_conflict.c - the conflict section of the report: the options, the
 * stability tableau (states x parties, Nash/GMR/SMR/SEQ, equilibria marked)
 * and the status quo evolution.
 */
#include "report.h"
#include "../model/model.h"

#include <string.h>

/* Most rows the tableau lists when it lists equilibria and named states
 * only. */
#define TABLEAU_MAX_ROWS 200
/* Options shown one column each up to this many; beyond, one pattern. */
#define OPTION_COLUMNS 24

/* The letters of `accord stability`'s tableau: r(ational) for Nash. */
static const char *const concept_letter[ACCORD_N_CONCEPTS] = {"r", "g", "s", "q"};
static const char *const concept_long[ACCORD_N_CONCEPTS] = {"Nash", "GMR", "SMR", "SEQ"};

static unsigned equilibria_of(const accord_stability *st, size_t k)
{
    unsigned c = 0;
    for (int i = 0; i < ACCORD_N_CONCEPTS; i++)
        if (accord_stability_is_equilibrium(st, (accord_concept)i, k))
            c |= 1u << i;
    return c;
}

static void options_table(acc__str *s, const accord_model *m)
{
    const accord_conflict *cf = m->conflict;
    static const char *const moves[] = {"both ways", "forward only (N\xE2\x86\x92Y)",
                                        "backward only (Y\xE2\x86\x92N)"};
    acc__str_puts(s, "<details class=\"terms\"><summary>The options, in pattern order</summary>\n"
                     "<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Party</th>"
                     "<th scope=\"col\">Option</th><th scope=\"col\">Moves</th></tr></thead>\n"
                     "<tbody>\n");
    for (size_t k = 0; k < cf->n_options; k++) {
        const accord_conflict_option *o = &cf->options[k];
        acc__str_printf(s, "<tr><td class=\"num\">%zu</td><td>", k + 1);
        acc__html_escape(s, m->parties[o->party].id);
        acc__str_puts(s, "</td><td><code>");
        acc__html_escape(s, o->id);
        acc__str_puts(s, "</code>");
        if (o->name && strcmp(o->name, o->id) != 0) {
            acc__str_puts(s, " ");
            acc__html_escape(s, o->name);
        }
        acc__str_printf(s, "</td><td>%s</td></tr>\n", moves[o->moves <= 2 ? o->moves : 0]);
    }
    acc__str_puts(s, "</tbody></table></details>\n");
}

static void summary_table(acc__str *s, const accord_model *m, const accord_stability *st)
{
    acc__str_puts(s, "<div class=\"scroll\"><table class=\"counts\">\n<caption>How many states "
                     "are stable, per party and concept</caption>\n<thead><tr><th "
                     "scope=\"col\">Stable for</th>");
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
        acc__str_printf(s, "<th scope=\"col\">%s</th>", concept_long[c]);
    acc__str_puts(s, "</tr></thead>\n<tbody>\n");
    for (size_t p = 0; p < m->n_parties; p++) {
        acc__str_puts(s, "<tr><th scope=\"row\">");
        acc__html_escape(s, m->parties[p].name);
        acc__str_puts(s, "</th>");
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
            size_t n = 0;
            for (size_t k = 0; k < st->n_states; k++)
                n += accord_stability_is_stable(st, (accord_concept)c, p, k);
            acc__str_printf(s, "<td class=\"num\">%zu</td>", n);
        }
        acc__str_puts(s, "</tr>\n");
    }
    acc__str_puts(s, "<tr class=\"eq\"><th scope=\"row\">Equilibria (every party)</th>");
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
        acc__str_printf(s, "<td class=\"num\"><strong>%zu</strong></td>", st->n_equilibria[c]);
    acc__str_puts(s, "</tr>\n</tbody></table></div>\n");
}

static void tableau(acc__str *s, const accord_model *m, const accord_stability *st, size_t limit,
                    char *pat)
{
    const accord_conflict *cf = m->conflict;
    size_t S = cf->n_states;
    bool all = S <= limit;
    bool columns = cf->n_options <= OPTION_COLUMNS;
    size_t listed = 0, eligible = 0;
    for (size_t k = 0; k < S; k++)
        eligible += all || equilibria_of(st, k) || (cf->has_status_quo && k == cf->status_quo_index);
    acc__str_puts(s, "<div class=\"scroll\"><table class=\"tableau\">\n<caption>");
    if (all)
        acc__str_printf(s, "Stability of every state (%zu)", S);
    else
        acc__str_printf(s, "Stability of the equilibria and the status quo (%zu of %zu states%s)",
                        eligible < TABLEAU_MAX_ROWS ? eligible : TABLEAU_MAX_ROWS, S,
                        eligible > TABLEAU_MAX_ROWS ? "; the first listed" : "");
    acc__str_puts(s, "</caption>\n<thead><tr><th scope=\"col\" rowspan=\"2\">State</th>");
    if (columns) {
        for (size_t k = 0; k < cf->n_options;) {
            size_t j = k;
            while (j < cf->n_options && cf->options[j].party == cf->options[k].party)
                j++;
            acc__str_printf(s, "<th scope=\"colgroup\" colspan=\"%zu\" class=\"grp\">", j - k);
            acc__html_escape(s, m->parties[cf->options[k].party].id);
            acc__str_puts(s, "</th>");
            k = j;
        }
    } else {
        acc__str_puts(s, "<th scope=\"col\" rowspan=\"2\">Options (Y/N)</th>");
    }
    acc__str_printf(s, "<th scope=\"colgroup\" colspan=\"%zu\" class=\"grp\">Stable for "
                       "<span class=\"muted small\">(r Nash, g GMR, s SMR, q SEQ)</span></th>"
                       "<th scope=\"col\" rowspan=\"2\">Equilibrium</th></tr>\n<tr>",
                    m->n_parties);
    if (columns)
        for (size_t k = 0; k < cf->n_options; k++) {
            acc__str_puts(s, "<th scope=\"col\" class=\"opt-col\"><span title=\"");
            acc__html_escape(s, cf->options[k].qualified);
            if (cf->options[k].name && strcmp(cf->options[k].name, cf->options[k].id) != 0) {
                acc__str_puts(s, ": ");
                acc__html_escape(s, cf->options[k].name);
            }
            acc__str_puts(s, "\">");
            acc__html_escape(s, cf->options[k].id);
            acc__str_puts(s, "</span></th>");
        }
    acc__report_party_headers(s, m);
    acc__str_puts(s, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < S && listed < TABLEAU_MAX_ROWS; k++) {
        unsigned eq = equilibria_of(st, k);
        const char *name = acc__state_name(cf, k);
        bool sq = cf->has_status_quo && k == cf->status_quo_index;
        if (!all && !eq && !sq)
            continue;
        listed++;
        acc__str_printf(s, "<tr%s><th scope=\"row\">%zu", eq ? " class=\"eq\"" : "", k + 1);
        if (sq)
            acc__str_puts(s, " <span class=\"tag\">status quo</span>");
        if (name) {
            acc__str_puts(s, "<div class=\"sname\">");
            acc__html_escape(s, name);
            acc__str_puts(s, "</div>");
        }
        acc__str_puts(s, "</th>");
        if (columns) {
            for (size_t o = 0; o < cf->n_options; o++) {
                bool y = (acc__state_code(cf, k) >> o) & 1;
                bool edge = o + 1 < cf->n_options && cf->options[o + 1].party != cf->options[o].party;
                acc__str_printf(s, "<td class=\"yn %s%s\">%s</td>", y ? "y" : "n",
                                edge ? " sep" : "", y ? "Y" : "N");
            }
        } else {
            acc__str_printf(s, "<td class=\"mono\">%s</td>",
                            accord_conflict_state_pattern(cf, acc__state_code(cf, k), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)));
        }
        for (size_t p = 0; p < m->n_parties; p++) {
            acc__str_puts(s, "<td class=\"stab\">");
            for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
                bool on = accord_stability_is_stable(st, (accord_concept)c, p, k);
                acc__str_printf(s, "<span class=\"%s\" title=\"%s %s\">%s</span>", on ? "on" : "off",
                                concept_long[c], on ? "stable" : "unstable",
                                on ? concept_letter[c] : "\xC2\xB7");
            }
            acc__str_puts(s, "</td>");
        }
        acc__str_puts(s, "<td>");
        if (eq) {
            acc__str_puts(s, "<strong>\xE2\x98\x85 ");
            acc__concepts_text(s, eq, ", ");
            acc__str_puts(s, "</strong>");
        }
        acc__str_puts(s, "</td></tr>\n");
    }
    acc__str_puts(s, "</tbody></table></div>\n");
}

/* The states the model names: how many states each condition matches, and
 * which of them are equilibria. */
static void named_table(acc__str *s, const accord_model *m, const accord_stability *st, char *pat)
{
    const accord_conflict *cf = m->conflict;
    if (!cf->n_named)
        return;
    acc__str_puts(s, "<div class=\"scroll\"><table class=\"named\">\n<caption>The states the "
                     "model names</caption>\n<thead><tr><th scope=\"col\">Name</th>"
                     "<th scope=\"col\">Condition</th><th scope=\"col\">States</th>"
                     "<th scope=\"col\">Equilibria among them</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < cf->n_named; i++) {
        const struct accord_named_state *ns = &cf->named[i];
        size_t count = 0, listed = 0;
        bool sq = false;
        for (size_t k = 0; k < cf->n_states; k++)
            if (acc__condition_matches(&ns->condition, acc__state_code(cf, k))) {
                count++;
                sq = sq || (cf->has_status_quo && k == cf->status_quo_index);
            }
        acc__str_puts(s, "<tr><th scope=\"row\">");
        acc__html_escape(s, ns->name);
        acc__str_puts(s, "</th><td><code>");
        acc__html_escape(s, ns->condition.text);
        acc__str_printf(s, "</code></td><td class=\"num\">%zu%s</td><td>", count,
                        sq ? " <span class=\"tag\">status quo</span>" : "");
        for (size_t k = 0; k < cf->n_states && listed < 20; k++) {
            unsigned eq = equilibria_of(st, k);
            if (!eq || !acc__condition_matches(&ns->condition, acc__state_code(cf, k)))
                continue;
            acc__str_printf(s, "%s<strong>%zu</strong> <code>%s</code> (", listed ? "; " : "", k + 1,
                            accord_conflict_state_pattern(cf, acc__state_code(cf, k), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)));
            acc__concepts_text(s, eq, ", ");
            acc__str_puts(s, ")");
            listed++;
        }
        if (!listed)
            acc__str_puts(s, "<span class=\"muted\">none</span>");
        acc__str_puts(s, "</td></tr>\n");
    }
    acc__str_puts(s, "</tbody></table></div>\n");
}

static void evolution_text(acc__str *s, const accord_model *m, const accord_evolution *ev,
                           char *pat)
{
    const accord_conflict *cf = m->conflict;
    acc__str_printf(s, "<p>From the status quo, state %zu (<code>%s</code>), unilateral "
                       "improvements reach <strong>%zu state%s</strong>",
                    ev->start + 1,
                    accord_conflict_state_pattern(cf, acc__state_code(cf, ev->start), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)),
                    ev->n_reachable, ev->n_reachable == 1 ? "" : "s");
    if (!ev->n_targets) {
        acc__str_puts(s, " and no equilibrium.</p>\n");
        return;
    }
    acc__str_printf(s, " and %zu equilibri%s:</p>\n<ol class=\"paths\">\n", ev->n_targets,
                    ev->n_targets == 1 ? "um" : "a");
    for (size_t t = 0; t < ev->n_targets; t++) {
        const accord_evolve_target *tg = &ev->targets[t];
        const char *name = acc__state_name(cf, tg->state);
        acc__str_printf(s, "<li><strong>state %zu</strong> <code>%s</code>", tg->state + 1,
                        accord_conflict_state_pattern(cf, acc__state_code(cf, tg->state), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)));
        if (name) {
            acc__str_puts(s, " <em>");
            acc__html_escape(s, name);
            acc__str_puts(s, "</em>");
        }
        acc__str_puts(s, " \xE2\x80\x94 ");
        acc__concepts_text(s, tg->concepts, ", ");
        if (!tg->n_moves)
            acc__str_puts(s, ": the status quo itself");
        else
            acc__str_printf(s, ", in %zu move%s: ", tg->n_moves, tg->n_moves == 1 ? "" : "s");
        for (size_t i = 0; i < tg->n_moves; i++) {
            char *what = accord_move_describe(m, &tg->path[i]);
            if (i)
                acc__str_puts(s, "; then ");
            acc__html_escape(s, what ? what : "?");
            if (!what)
                s->failed = 1;
            accord_free(what);
        }
        acc__str_puts(s, "</li>\n");
    }
    acc__str_puts(s, "</ol>\n");
}

accord_status acc__section_conflict(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const accord_conflict *cf = m->conflict;
    accord_status rc = ACCORD_OK;
    const accord_stability *st = r->a->stability;
    const accord_evolution *ev = r->a->evolution;
    char *pat = acc__malloc(ACCORD_STATE_PATTERN_MAX(cf->n_options));
    if (!pat)
        return ACCORD_E_NOMEM;
    acc__str_puts(s, "<section id=\"conflict\">\n<h2>The conflict: stability and evolution</h2>\n"
                     "<p class=\"intro\">The Graph Model for Conflict Resolution. Each party "
                     "controls some options; a state says which options are taken (Y) or not "
                     "(N). A state is <em>stable</em> for a party when it has no move to a "
                     "state it prefers (Nash), or when every such move can be answered: by some "
                     "reply of the others that leaves it no better off (GMR), a reply it cannot "
                     "escape (SMR), or a reply the others would themselves gain from (SEQ). An "
                     "<em>equilibrium</em> is stable for every party.</p>\n");
    options_table(s, m);
    if (!st) {
        acc__str_puts(s, "<p class=\"notice\"><strong>The stability analysis could not run.</strong> ");
        acc__html_escape(s, r->a->stability_part.note);
        acc__str_puts(s, "</p>\n</section>\n");
        goto out;
    }
    summary_table(s, m, st);
    tableau(s, m, st, r->opts.tableau_states ? r->opts.tableau_states : ACCORD_REPORT_TABLEAU_STATES,
            pat);
    named_table(s, m, st, pat);
    if (ev) {
        acc__str_puts(s, "<h3>How the conflict can evolve from the status quo</h3>\n");
        evolution_text(s, m, ev, pat);
        acc__str_puts(s, "<figure class=\"chart\">");
        char id[32];
        acc__report_chart_id(r, "evol", id, sizeof id);
        size_t mark = s->len;
        rc = acc__svg_evolution(s, m, ev, r->opts.graph_states, id, NULL);
        if (rc && s->data) { /* drop the half-written chart */
            s->len = mark;
            s->data[mark] = '\0';
        }
        acc__str_puts(s, "</figure>\n");
        if (rc == ACCORD_E_LIMIT) {
            acc__str_puts(s, "<p class=\"notice\">The evolution graph is too large to draw.</p>\n");
            rc = ACCORD_OK;
        }
        if (rc)
            goto out;
    } else {
        acc__str_puts(s, "<p>The model has no <code>status_quo</code>, so there is no status quo "
                         "analysis.</p>\n");
    }
    acc__str_puts(s, "<p class=\"small muted\">The whole state graph, with every unilateral move, "
                     "is available as Graphviz DOT: <code>accord stability MODEL --dot | dot "
                     "-Tsvg</code>; the evolution graph: <code>accord evolve MODEL --dot</code>."
                     "</p>\n</section>\n");
out:
    acc__free(pat);
    return rc;
}
