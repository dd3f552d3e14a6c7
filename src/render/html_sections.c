/*
 * html_sections.c - the agreement sections of the report: proposals party
 * by party, the provision heat maps, the Pareto frontier and the repairs.
 */
#include "report.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Small pieces                                                              */

static void badge(acc__str *s, accord_verdict v)
{
    switch (v) {
    case ACCORD_VERDICT_ACCEPTABLE:
        acc__str_puts(s, "<span class=\"badge ok\">\xE2\x9C\x93 accepts</span>");
        break;
    case ACCORD_VERDICT_BELOW_RESERVATION:
        acc__str_puts(s, "<span class=\"badge below\">\xE2\x9C\x97 below reservation</span>");
        break;
    case ACCORD_VERDICT_RED_LINE:
        acc__str_puts(s, "<span class=\"badge red\">\xE2\x9C\x97 red line</span>");
        break;
    }
}

static void num(acc__str *s, double v, int decimals) { acc__fmt_num(s, v, decimals, true); }

/* An option, short: the id with the label as tooltip (discrete), the value
 * with its unit (integer). */
static void option_short(acc__str *s, const accord_issue *is, size_t k)
{
    if (is->kind == ACCORD_ISSUE_DISCRETE) {
        acc__str_puts(s, "<span class=\"opt\" title=\"");
        acc__html_escape(s, is->options[k].label);
        acc__str_puts(s, "\">");
        acc__html_escape(s, is->options[k].id);
        acc__str_puts(s, "</span>");
    } else {
        acc__str t = {0};
        acc__option_label(&t, is, k);
        acc__html_escape(s, acc__scratch(s, &t));
        acc__str_free(&t);
    }
}

/* An option, long: its label (discrete) or value (integer). */
static void option_long(acc__str *s, const accord_issue *is, size_t k)
{
    acc__str t = {0};
    acc__option_label(&t, is, k);
    acc__html_escape(s, acc__scratch(s, &t));
    acc__str_free(&t);
}

static void party_head(acc__str *s, const accord_model *m, size_t p)
{
    acc__str_puts(s, "<abbr title=\"");
    acc__html_escape(s, m->parties[p].name);
    acc__str_puts(s, "\">");
    acc__html_escape(s, m->parties[p].id);
    acc__str_puts(s, "</abbr>");
}

static long source_index(const accord_model *m, const char *id)
{
    for (size_t i = 0; id && i < m->n_sources; i++)
        if (!strcmp(m->sources[i].id, id))
            return (long)i;
    return -1;
}

static void source_ref(acc__str *s, const accord_model *m, const char *id)
{
    long i = source_index(m, id);
    if (i >= 0)
        acc__str_printf(s, "<a href=\"#src-%ld\">", i);
    acc__html_escape(s, id);
    if (i >= 0)
        acc__str_puts(s, "</a>");
}

static accord_status chart(acc__report *r, accord_status rc)
{
    acc__str_puts(r->s, "</figure>\n");
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Proposals                                                                 */

static void overview(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const accord_evaluation *e = r->a->evaluation;
    acc__str_puts(s, "<div class=\"scroll\"><table class=\"overview\">\n<caption>Who accepts "
                     "which proposal: utility and verdict</caption>\n<thead><tr><th scope=\"col\">"
                     "Proposal</th>");
    for (size_t p = 0; p < m->n_parties; p++) {
        acc__str_puts(s, "<th scope=\"col\">");
        party_head(s, m, p);
        acc__str_puts(s, "</th>");
    }
    acc__str_puts(s, "<th scope=\"col\">Accepted by</th></tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < e->n_proposals; k++) {
        const accord_proposal_evaluation *pe = &e->proposals[k];
        acc__str_printf(s, "<tr%s><th scope=\"row\"><a href=\"#proposal-%zu\">",
                        pe->rational ? " class=\"rational\"" : "", k);
        acc__html_escape(s, r->m->agreement->proposals[k].id);
        acc__str_puts(s, "</a></th>");
        for (size_t p = 0; p < m->n_parties; p++) {
            acc__str_puts(s, "<td><span class=\"u\">");
            num(s, pe->parties[p].utility, 3);
            acc__str_puts(s, "</span> ");
            badge(s, pe->parties[p].verdict);
            acc__str_puts(s, "</td>");
        }
        acc__str_printf(s, "<td class=\"count\">%zu of %zu%s</td></tr>\n", pe->n_accepting,
                        m->n_parties, pe->rational ? " \xE2\x80\x94 every party" : "");
    }
    acc__str_puts(s, "</tbody></table></div>\n");
}

/* "Why" for one party: red lines broken, the margin, and the provisions
 * that cost it most against its best option per issue. */
static void why(acc__str *s, const accord_model *m, const accord_party_verdict *v)
{
    const accord_agreement *ag = m->agreement;
    const accord_preference *pr = &ag->preferences[v->party];
    if (v->n_broken) {
        acc__str_puts(s, "<p>Breaks ");
        for (size_t b = 0; b < v->n_broken; b++) {
            if (b)
                acc__str_puts(s, b + 1 == v->n_broken ? " and " : ", ");
            acc__str_puts(s, "<code class=\"redline\">");
            acc__html_escape(s, pr->red_lines[v->broken[b]].text);
            acc__str_puts(s, "</code>");
        }
        acc__str_puts(s, ".</p>");
    }
    acc__str_puts(s, "<p>");
    if (v->utility >= v->reservation) {
        acc__str_puts(s, "Above its reservation by ");
        num(s, v->utility - v->reservation, 3);
    } else {
        acc__str_puts(s, "Short of its reservation by ");
        num(s, v->reservation - v->utility, 3);
    }
    acc__str_puts(s, ".</p>");
    if (v->n_costs) {
        acc__str_puts(s, "<p class=\"costs\">Costs it most: ");
        size_t n = v->n_costs < 3 ? v->n_costs : 3;
        for (size_t c = 0; c < n; c++) {
            const accord_issue_cost *x = &v->costs[c];
            const accord_issue *is = &ag->issues[x->issue];
            if (c)
                acc__str_puts(s, "; ");
            acc__str_puts(s, "<span class=\"cost\">");
            acc__html_escape(s, is->name);
            acc__str_puts(s, " ");
            option_short(s, is, x->option);
            acc__str_puts(s, " <span class=\"loss\">");
            num(s, -x->loss, 3);
            acc__str_puts(s, "</span> <span class=\"muted\">(best: ");
            option_short(s, is, x->best);
            acc__str_puts(s, ")</span></span>");
        }
        if (v->n_costs > n)
            acc__str_printf(s, "; and %zu more", v->n_costs - n);
        acc__str_puts(s, ".</p>");
    } else {
        acc__str_puts(s, "<p class=\"costs\">Gives it its best option on every issue.</p>");
    }
}

accord_status acc__section_proposals(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const accord_agreement *ag = m->agreement;
    const accord_evaluation *e = r->a->evaluation;
    if (!ag->n_proposals)
        return ACCORD_OK;
    acc__str_puts(s, "<section id=\"proposals\">\n<h2>Proposals, party by party</h2>\n"
                     "<p class=\"intro\">A party's utility runs from 0 (its worst outcome on "
                     "every issue) to 1 (its best on every issue). Its <em>reservation</em> is "
                     "the utility it expects without an agreement. A party accepts a proposal "
                     "when its utility is at least its reservation and the proposal breaks none "
                     "of its red lines; a red line decides before utility does.</p>\n");
    if (!e) {
        acc__str_puts(s, "<p class=\"notice\">The proposals could not be evaluated.</p>\n"
                         "</section>\n");
        return ACCORD_OK;
    }
    overview(r);
    for (size_t k = 0; k < ag->n_proposals; k++) {
        const accord_proposal *pr = &ag->proposals[k];
        const accord_proposal_evaluation *pe = &e->proposals[k];
        acc__str_printf(s, "<article class=\"card proposal\" id=\"proposal-%zu\">\n<h3>", k);
        acc__html_escape(s, pr->name);
        acc__str_puts(s, " <span class=\"pid\">");
        acc__html_escape(s, pr->id);
        acc__str_puts(s, "</span></h3>\n<p class=\"byline\">");
        bool any = false;
        if (pr->by) {
            long b = accord_model_party_index(m, pr->by);
            acc__str_puts(s, "Proposed by ");
            acc__html_escape(s, b >= 0 ? m->parties[b].name : pr->by);
            any = true;
        }
        if (pr->date) {
            acc__str_puts(s, any ? ", " : "");
            acc__html_escape(s, pr->date);
            any = true;
        }
        if (pr->source) {
            acc__str_puts(s, any ? ". Source: " : "Source: ");
            source_ref(s, m, pr->source);
            any = true;
        }
        acc__str_puts(s, any ? ".</p>\n" : "</p>\n");
        if (pr->note) {
            acc__str_puts(s, "<p class=\"note\">");
            acc__html_escape(s, pr->note);
            acc__str_puts(s, "</p>\n");
        }
        acc__str_printf(s, "<p class=\"verdict %s\">", pe->rational ? "yes" : "no");
        if (pe->rational)
            acc__str_puts(s, "<strong>Acceptable to every party.</strong>");
        else
            acc__str_printf(s, "<strong>Accepted by %zu of %zu parties.</strong>", pe->n_accepting,
                            m->n_parties);
        for (int kind = 0; kind < 3; kind++) {
            static const char *const lead[] = {" Accept: ", " Below their reservation: ",
                                               " Red line broken: "};
            bool first = true;
            for (size_t p = 0; p < m->n_parties; p++) {
                if ((int)pe->parties[p].verdict != kind)
                    continue;
                acc__str_puts(s, first ? lead[kind] : ", ");
                acc__html_escape(s, m->parties[p].name);
                first = false;
            }
            if (!first)
                acc__str_puts(s, ".");
        }
        acc__str_puts(s, "</p>\n<figure class=\"chart\">");
        char id[32];
        acc__report_chart_id(r, "bars", id, sizeof id);
        accord_status rc = chart(r, acc__svg_bars(s, m, e, k, id));
        if (rc)
            return rc;
        acc__str_puts(s, "<div class=\"scroll\"><table class=\"verdicts\">\n<thead><tr>"
                         "<th scope=\"col\">Party</th><th scope=\"col\">Utility</th>"
                         "<th scope=\"col\">Reservation</th><th scope=\"col\">Verdict</th>"
                         "<th scope=\"col\">Why: red lines, margin, deciding provisions</th>"
                         "</tr></thead>\n<tbody>\n");
        for (size_t p = 0; p < m->n_parties; p++) {
            const accord_party_verdict *v = &pe->parties[p];
            acc__str_puts(s, "<tr><th scope=\"row\">");
            acc__html_escape(s, m->parties[p].name);
            acc__str_puts(s, "</th><td class=\"num\">");
            num(s, v->utility, 3);
            acc__str_puts(s, "</td><td class=\"num\">");
            num(s, v->reservation, 3);
            acc__str_puts(s, "</td><td>");
            badge(s, v->verdict);
            acc__str_puts(s, "</td><td class=\"why\">");
            why(s, m, v);
            acc__str_puts(s, "</td></tr>\n");
        }
        acc__str_puts(s, "</tbody></table></div>\n<details class=\"terms\"><summary>The terms, "
                         "issue by issue</summary>\n<table>\n<tbody>\n");
        for (size_t i = 0; i < ag->n_issues; i++) {
            acc__str_puts(s, "<tr><th scope=\"row\">");
            acc__html_escape(s, ag->issues[i].name);
            acc__str_puts(s, "</th><td>");
            option_long(s, &ag->issues[i], pr->terms[i]);
            acc__str_puts(s, "</td></tr>\n");
        }
        acc__str_puts(s, "</tbody></table></details>\n</article>\n");
    }
    acc__str_puts(s, "</section>\n");
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* Provision heat maps                                                       */

accord_status acc__section_heatmap(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const accord_agreement *ag = m->agreement;
    const accord_evaluation *e = r->a->evaluation;
    if (!ag->n_proposals || !e)
        return ACCORD_OK;
    double scale = acc__heatmap_scale(e);
    acc__str_puts(s, "<section id=\"heatmap\">\n<h2>What each provision costs each party</h2>\n"
                     "<p class=\"intro\">One row per party, one column per issue. A cell is the "
                     "utility the party gives up on that issue under the proposal, against the "
                     "option it likes best on that issue (the issue's weight included): "
                     "<em>best</em> means the proposal gives it that option, a dash that the "
                     "party does not weigh the issue. Darker is costlier; every map uses the same "
                     "scale, up to ");
    num(s, scale, 3);
    acc__str_puts(s, ". Hover over a cell for the options.</p>\n<div class=\"tabs\" "
                     "role=\"tablist\" aria-label=\"Proposal\" data-tabs=\"heat\">");
    for (size_t k = 0; k < ag->n_proposals; k++) {
        acc__str_printf(s, "<button type=\"button\" role=\"tab\" id=\"heat-tab-%zu\" "
                           "aria-controls=\"heat-panel-%zu\" aria-selected=\"%s\">",
                        k, k, k ? "false" : "true");
        acc__html_escape(s, ag->proposals[k].id);
        acc__str_puts(s, "</button>");
    }
    acc__str_puts(s, "</div>\n");
    for (size_t k = 0; k < ag->n_proposals; k++) {
        acc__str_printf(s, "<div class=\"panel\" role=\"tabpanel\" id=\"heat-panel-%zu\" "
                           "aria-labelledby=\"heat-tab-%zu\">\n<figure class=\"chart\">",
                        k, k);
        char id[32];
        acc__report_chart_id(r, "heat", id, sizeof id);
        accord_status rc = chart(r, acc__svg_heatmap(s, m, e, k, scale, id));
        if (rc)
            return rc;
        acc__str_puts(s, "</div>\n");
    }
    acc__str_puts(s, "</section>\n");
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* Frontier                                                                  */

#define MAX_PAIR_CHARTS 15

static void solution_row(acc__str *s, const accord_model *m, const accord_frontier *f,
                         const char *name, const char *definition, const accord_frontier_point *pt)
{
    const accord_agreement *ag = m->agreement;
    acc__str_puts(s, "<tr><th scope=\"row\">");
    acc__str_puts(s, name);
    acc__str_printf(s, "<div class=\"muted small\">%s</div></th>", definition);
    if (!pt) {
        acc__str_printf(s, "<td colspan=\"%zu\" class=\"muted\">none: no outcome is acceptable "
                           "to every party</td></tr>\n",
                        m->n_parties + 2);
        return;
    }
    double welfare = 0;
    for (size_t p = 0; p < m->n_parties; p++) {
        acc__str_puts(s, "<td class=\"num\">");
        num(s, pt->utility[p], 3);
        acc__str_puts(s, "</td>");
        welfare += pt->utility[p];
    }
    acc__str_puts(s, "<td class=\"num\">");
    num(s, welfare, 3);
    acc__str_puts(s, "</td><td><details><summary>terms</summary><ul class=\"plain\">");
    uint32_t *terms = acc__calloc(ag->n_issues + 1, sizeof *terms);
    if (!terms) {
        s->failed = 1;
        return;
    }
    accord_frontier_terms(f, pt, terms);
    for (size_t i = 0; i < ag->n_issues; i++) {
        acc__str_puts(s, "<li>");
        acc__html_escape(s, ag->issues[i].name);
        acc__str_puts(s, ": ");
        option_short(s, &ag->issues[i], terms[i]);
        acc__str_puts(s, "</li>");
    }
    acc__free(terms);
    acc__str_puts(s, "</ul></details></td></tr>\n");
}

accord_status acc__section_frontier(acc__report *r)
{
    char cnt[64];
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const accord_agreement *ag = m->agreement;
    const accord_frontier *f = r->a->frontier;
    acc__str_puts(s, "<section id=\"frontier\">\n<h2>The Pareto frontier and the bargaining "
                     "solutions</h2>\n<p class=\"intro\">An outcome is on the Pareto frontier "
                     "when no other outcome is at least as good for every party and better for "
                     "one. It is <em>rational</em> when every party accepts it (utility at least "
                     "the reservation, no red line broken); the rational outcomes are the zone "
                     "of possible agreement (ZOPA). The frontier is exact: computed issue by "
                     "issue, never by listing the ");
    acc__fmt_count(s, ag->outcomes);
    acc__str_puts(s, " outcomes.</p>\n");
    if (!f) {
        acc__str_puts(s, "<p class=\"notice\"><strong>The frontier was not computed.</strong> ");
        acc__html_escape(s, r->a->frontier_part.note);
        acc__str_puts(s, " The charts below show the proposals and the reservations only.</p>\n");
    } else {
        acc__str_puts(s, "<p>The frontier has <strong>");
        acc__fmt_count(s, (double)f->n_points);
        acc__str_puts(s, "</strong> distinct utility vectors. ");
        if (f->zopa_empty)
            acc__str_puts(s, "<strong>No outcome is acceptable to every party: the ZOPA is "
                             "empty.</strong> The Nash, Kalai\xE2\x80\x93Smorodinsky and "
                             "egalitarian solutions, defined on the ZOPA, do not exist.</p>\n");
        else if (f->zopa_size >= 0)
            acc__str_printf(s, "<strong>%s outcome%s</strong> %s acceptable to every party (the "
                               "ZOPA); the rational frontier, the best of %s, has %zu point%s.</p>\n",
                            acc__count_text(f->zopa_size, cnt, sizeof cnt), f->zopa_size == 1 ? "" : "s",
                            f->zopa_size == 1 ? "is" : "are", f->zopa_size == 1 ? "it" : "them",
                            f->n_rational, f->n_rational == 1 ? "" : "s");
        else
            acc__str_printf(s, "More outcomes than can be counted are acceptable to every party; "
                               "%zu are on the rational frontier.</p>\n",
                            f->n_rational);
        acc__str_puts(s, "<div class=\"scroll\"><table class=\"solutions\">\n<caption>Bargaining "
                         "solutions (utilities; ties go to higher welfare, then to the first "
                         "outcome)</caption>\n<thead><tr><th scope=\"col\">Solution</th>");
        for (size_t p = 0; p < m->n_parties; p++) {
            acc__str_puts(s, "<th scope=\"col\">");
            party_head(s, m, p);
            acc__str_puts(s, "</th>");
        }
        acc__str_puts(s, "<th scope=\"col\">Welfare</th><th scope=\"col\">Outcome</th></tr>"
                         "</thead>\n<tbody>\n");
        solution_row(s, m, f, "Nash", "maximises the product of the gains over the reservations",
                     f->nash);
        solution_row(s, m, f, "Kalai\xE2\x80\x93Smorodinsky",
                     "equal shares of each party's best possible gain", f->kalai_smorodinsky);
        solution_row(s, m, f, "Egalitarian", "maximises the smallest gain", f->egalitarian);
        solution_row(s, m, f, "Max welfare", "maximises the sum of utilities, acceptable or not",
                     f->max_welfare);
        acc__str_puts(s, "</tbody></table></div>\n");
    }
    size_t n = m->n_parties, pairs = n * (n - (n ? 1 : 0)) / 2;
    if (n < 2) {
        acc__str_puts(s, "<p>With one party there is no pair of parties to plot.</p>\n</section>\n");
        return ACCORD_OK;
    }
    acc__str_printf(s, "<p class=\"intro\">The frontier seen from each pair of parties%s: grey, every frontier "
                       "point (several may share a dot); blue, the rational ones; the black "
                       "staircase, the points the two parties could not both improve on; "
                       "the shaded region, where both are above their reservations, which is "
                       "necessary for agreement but not enough (the other parties and the red "
                       "lines decide too).</p>\n<div class=\"grid\">\n",
                    pairs > MAX_PAIR_CHARTS ? " (the first 15 pairs)" : "");
    size_t drawn = 0;
    for (size_t a = 0; a < n && drawn < MAX_PAIR_CHARTS; a++)
        for (size_t b = a + 1; b < n && drawn < MAX_PAIR_CHARTS; b++, drawn++) {
            acc__str_puts(s, "<figure class=\"chart\">");
            char id[32];
            acc__report_chart_id(r, "front", id, sizeof id);
            accord_status rc = chart(r, acc__svg_frontier(s, m, f, a, b, id));
            if (rc)
                return rc;
        }
    acc__str_puts(s, "</div>\n</section>\n");
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* Repairs                                                                   */

static void repair_table(acc__str *s, const accord_model *m, const accord_repair_result *res,
                         const accord_repair_item *it)
{
    const accord_agreement *ag = m->agreement;
    acc__str_puts(s, "<ul class=\"changes\">");
    for (size_t c = 0; c < it->n_changed; c++) {
        size_t i = it->changed[c];
        acc__str_puts(s, "<li><strong>");
        acc__html_escape(s, ag->issues[i].name);
        acc__str_puts(s, "</strong>: ");
        option_short(s, &ag->issues[i], res->original[i]);
        acc__str_puts(s, " \xE2\x86\x92 ");
        option_short(s, &ag->issues[i], it->terms[i]);
        acc__str_puts(s, "</li>");
    }
    acc__str_puts(s, "</ul><p class=\"small\">Utilities after the change: ");
    for (size_t p = 0; p < m->n_parties; p++) {
        if (p)
            acc__str_puts(s, ", ");
        acc__html_escape(s, m->parties[p].id);
        acc__str_puts(s, " ");
        num(s, it->utility[p], 3);
    }
    acc__str_puts(s, "; Nash product ");
    acc__str_printf(s, "%.3g", it->nash_product);
    acc__str_puts(s, ".</p>");
}

/* One repair result in a card's body. */
static void repair_body(acc__str *s, const accord_model *m, const accord_repair_result *res,
                        const accord_analysis_part *part)
{
    if (!res) {
        acc__str_puts(s, "<p class=\"notice\">The repair could not be computed: ");
        acc__html_escape(s, part->note);
        acc__str_puts(s, "</p>\n");
    } else if (!res->feasible) {
        acc__str_puts(s, "<p><strong>No outcome is acceptable to every party;</strong> no "
                         "change of terms makes this proposal acceptable.</p>\n");
    } else if (res->changes == 0) {
        acc__str_puts(s, "<p><strong>Already acceptable to every party:</strong> nothing to "
                         "repair.</p>\n");
    } else {
        acc__str_printf(s, "<p><strong>%zu change%s</strong> make%s it acceptable to every "
                           "party%s.</p>\n",
                        res->changes, res->changes == 1 ? "" : "s", res->changes == 1 ? "s" : "",
                        res->n_repairs > 1 || res->more ? "; the best of these repairs" : "");
        if (res->n_repairs)
            repair_table(s, m, res, &res->repairs[0]);
        if (res->n_repairs > 1) {
            acc__str_printf(s, "<details><summary>%zu other repair%s with %zu change%s%s"
                               "</summary>\n",
                            res->n_repairs - 1, res->n_repairs == 2 ? "" : "s", res->changes,
                            res->changes == 1 ? "" : "s", res->more ? " (and more)" : "");
            for (size_t i = 1; i < res->n_repairs; i++)
                repair_table(s, m, res, &res->repairs[i]);
            acc__str_puts(s, "</details>\n");
        }
    }
}

/* Every proposal's card with its repair. */
static void repair_cards(acc__str *s, const accord_model *m, accord_repair_result *const *results,
                         const accord_analysis_part *parts)
{
    const accord_agreement *ag = m->agreement;
    for (size_t k = 0; k < ag->n_proposals; k++) {
        const accord_proposal *pr = &ag->proposals[k];
        acc__str_puts(s, "<article class=\"card repair\"><h3>");
        acc__html_escape(s, pr->name);
        acc__str_puts(s, " <span class=\"pid\">");
        acc__html_escape(s, pr->id);
        acc__str_puts(s, "</span></h3>\n");
        repair_body(s, m, results[k], &parts[k]);
        acc__str_puts(s, "</article>\n");
    }
}

/* "Party: "line", "line"; Party: ..." for a set of red lines. */
static void red_line_set(acc__str *s, const accord_model *m, const accord_relaxation *set)
{
    const accord_agreement *ag = m->agreement;
    for (size_t k = 0; k < set->n; k++) {
        size_t p = set->red_lines[k].party;
        if (k == 0 || set->red_lines[k - 1].party != p) {
            acc__str_puts(s, k ? "; <strong>" : "<strong>");
            acc__html_escape(s, m->parties[p].name);
            acc__str_puts(s, "</strong>: ");
        } else {
            acc__str_puts(s, ", ");
        }
        acc__str_puts(s, "<q>");
        acc__html_escape(s, ag->preferences[p].red_lines[set->red_lines[k].red_line].text);
        acc__str_puts(s, "</q>");
    }
}

/* No agreement exists: the smallest sets of red lines that block it (the
 * same question asked of every set, every party and every pair), and each
 * proposal's repair with the first set dropped. */
static void relaxations(acc__str *s, const accord_model *m, const accord_analysis *a)
{
    const accord_relaxations *rx = a->relaxations;
    acc__str_printf(s, "<h3 id=\"relaxations\">The red lines that block every agreement</h3>\n"
                       "<p>Dropping %zu red line%s would open a zone of agreement, and no fewer "
                       "would. Each of these sets does; they are the parties' stated positions that "
                       "conflict, listed side by side in the model's order, not advice to any "
                       "party.</p>\n<ul>",
                    rx->size, rx->size == 1 ? "" : "s");
    for (size_t k = 0; k < rx->n_sets; k++) {
        acc__str_puts(s, "<li>");
        red_line_set(s, m, &rx->sets[k]);
        acc__str_puts(s, "</li>");
    }
    if (rx->more)
        acc__str_puts(s, "<li>\xE2\x80\xA6 and more sets of the same size</li>");
    acc__str_puts(s, "</ul>\n<table class=\"relax\"><thead><tr><th scope=\"col\">Each party "
                     "alone, dropping only its own red lines</th><th scope=\"col\">Fewest</th>"
                     "<th scope=\"col\">For example</th></tr></thead><tbody>\n");
    for (size_t p = 0; p < m->n_parties; p++) {
        const accord_relaxations *one = a->alone ? a->alone[p] : NULL;
        acc__str_puts(s, "<tr><th scope=\"row\">");
        acc__html_escape(s, m->parties[p].name);
        acc__str_puts(s, "</th><td>");
        if (!one)
            acc__str_puts(s, "no red lines</td><td></td>");
        else if (one->n_sets) {
            acc__str_printf(s, "%zu of %zu</td><td>", one->size, m->agreement->preferences[p].n_red_lines);
            red_line_set(s, m, &one->sets[0]);
            acc__str_puts(s, "</td>");
        } else {
            acc__str_puts(s, one->reservations_block ? "not enough alone" : "more than 3");
            acc__str_puts(s, "</td><td></td>");
        }
        acc__str_puts(s, "</tr>\n");
    }
    for (size_t k = 0; k < a->n_pairs; k++) {
        const accord_pair_relaxation *pr = &a->pairs[k];
        acc__str_puts(s, "<tr><th scope=\"row\">");
        acc__html_escape(s, m->parties[pr->a].name);
        acc__str_puts(s, " and ");
        acc__html_escape(s, m->parties[pr->b].name);
        acc__str_puts(s, " together</th><td>");
        if (pr->relaxations->n_sets) {
            acc__str_printf(s, "%zu</td><td>", pr->relaxations->size);
            red_line_set(s, m, &pr->relaxations->sets[0]);
            acc__str_puts(s, "</td>");
        } else {
            acc__str_puts(s, pr->relaxations->reservations_block ? "not enough" : "more than 4");
            acc__str_puts(s, "</td><td></td>");
        }
        acc__str_puts(s, "</tr>\n");
    }
    acc__str_puts(s, "</tbody></table>\n");
    /* every side's own set, side by side, each with the repairs under it */
    acc__str_puts(s, "<div class=\"sides\">\n");
    for (size_t k = 0; k < a->n_sides; k++) {
        acc__str_puts(s, "<div class=\"side\"><h3>Without ");
        red_line_set(s, m, a->sides[k].set);
        acc__str_puts(s, "</h3>\n<p>The fewest changes that would make each proposal acceptable to every "
                         "party if this side dropped these red lines.</p>\n");
        repair_cards(s, m, a->sides[k].repairs, a->sides[k].repair_parts);
        acc__str_puts(s, "</div>\n");
    }
    acc__str_puts(s, "</div>\n");
}

accord_status acc__section_repair(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const accord_analysis *a = r->a;
    if (!m->agreement->n_proposals)
        return ACCORD_OK;
    acc__str_puts(s, "<section id=\"repair\">\n<h2>The smallest repair of each proposal</h2>\n"
                     "<p class=\"intro\">The fewest issues to change in a proposal so that every "
                     "party accepts it, found by an exact search; of the repairs with that many "
                     "changes, the one with the largest Nash product comes first.</p>\n");
    const accord_relaxations *rx = a->relaxations;
    bool empty = rx ? rx->zopa_empty : a->frontier && a->frontier->zopa_empty;
    if (empty) {
        acc__str_puts(s, "<p class=\"notice\"><strong>No outcome is acceptable to every party, "
                         "so no proposal can be repaired:</strong> whatever is changed, some party "
                         "rejects. Agreement needs a change in the parties' positions (a red line "
                         "or a reservation), not in the terms.</p>\n");
        if (rx && rx->n_sets)
            relaxations(s, m, a);
    } else if (rx) {
        repair_cards(s, m, a->repairs, a->repair_parts);
    } else {
        acc__str_puts(s, "<p class=\"notice\">");
        acc__html_escape(s, a->relaxations_part.note);
        acc__str_puts(s, "</p>\n");
    }
    acc__str_puts(s, "</section>\n");
    return ACCORD_OK;
}
