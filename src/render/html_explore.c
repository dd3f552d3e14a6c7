/*
 * html_explore.c - the robustness section (acceptance under uncertainty,
 * the sensitivity ranking) and the interactive explorer of the report.
 *
 * The explorer is written complete for the first proposal (so that the page
 * reads without script and prints), and the page's script recomputes it
 * from the embedded data (accord_report_data_json) as options change.
 */
#include "report.h"

#include <string.h>

/* Larger outcome tables make the embedded data too big to be useful in a
 * page; the explorer is left out with a note. */
#define EXPLORER_MAX_OPTIONS 50000
/* Integer issues with more options get a slider instead of a list. */
#define SELECT_MAX_OPTIONS 200

static void percent(acc__str *s, double p)
{
    acc__fmt_num(s, p * 100, 1, true);
    acc__str_puts(s, "%");
}

static void prob_cell(acc__str *s, double p, int point, const char *cls)
{
    acc__str_printf(s, "<td class=\"prob%s%s\"", cls ? " " : "", cls ? cls : "");
    if (point >= 0)
        acc__str_printf(s, " title=\"at the point values: %s\"", point ? "accepts" : "rejects");
    acc__str_puts(s, "><span class=\"pbar\"><span style=\"width:");
    acc__fmt_num(s, p * 100, 1, false);
    acc__str_puts(s, "%\"></span></span><span class=\"pnum\">");
    percent(s, p);
    acc__str_puts(s, "</span></td>");
}

/* The structural assumptions drawn (each with its probability of holding)
 * and the conflict's stability over them. */
static void structural_tables(acc__str *s, const accord_robust *rb)
{
    static const char *const concept[ACCORD_N_CONCEPTS] = {"Nash", "GMR", "SMR", "SEQ"};
    if (!rb->n_structural)
        return;
    acc__str_printf(s, "<p>The model also makes %zu structural assumption%s, each drawn per sample with "
                       "its probability: a red line that may not hold, a move that may be "
                       "irreversible, an alternative preference order.</p>\n<details class=\"structural\">"
                       "<summary>The structural assumptions</summary>\n<div class=\"scroll\"><table>"
                       "<thead><tr><th scope=\"col\">Assumption</th><th scope=\"col\">Holds in</th>"
                       "</tr></thead><tbody>\n",
                    rb->n_structural, rb->n_structural == 1 ? "" : "s");
    for (size_t k = 0; k < rb->n_structural; k++) {
        acc__str_puts(s, "<tr><th scope=\"row\">");
        acc__html_escape(s, rb->structural[k].what);
        acc__str_puts(s, "</th><td class=\"num\">");
        percent(s, rb->structural[k].probability);
        acc__str_puts(s, "</td></tr>\n");
    }
    acc__str_puts(s, "</tbody></table></div></details>\n");
    if (!rb->n_subjects)
        return;
    acc__str_printf(s, "<div class=\"scroll\"><table class=\"robust\">\n<caption>Probability that each state "
                       "is an equilibrium (a named state: some state it matches), over %zu distinct "
                       "configurations of the conflict's assumptions (\xE2\x80\xA2: an equilibrium in the model as "
                       "written)</caption>\n<thead><tr>"
                       "<th scope=\"col\">State</th>",
                    rb->n_configurations);
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
        acc__str_printf(s, "<th scope=\"col\">%s</th>", concept[c]);
    acc__str_puts(s, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < rb->n_subjects; k++) {
        acc__str_puts(s, "<tr><th scope=\"row\">");
        acc__html_escape(s, rb->subject[k]);
        acc__str_puts(s, "</th>");
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
            prob_cell(s, rb->stable[k * ACCORD_N_CONCEPTS + (size_t)c], -1,
                      rb->point_stable[k * ACCORD_N_CONCEPTS + (size_t)c] ? "point" : NULL);
        acc__str_puts(s, "</tr>\n");
    }
    acc__str_puts(s, "</tbody></table></div>\n");
}

accord_status acc__section_robust(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const accord_agreement *ag = m->agreement;
    const accord_robust *rb = r->a->robust;
    if (!rb && !r->a->robust_part.note)
        return ACCORD_OK;
    acc__str_puts(s, "<section id=\"robust\">\n<h2>Acceptance under uncertainty</h2>\n");
    if (!rb) {
        acc__str_puts(s, "<p class=\"notice\">The sampling could not run: ");
        acc__html_escape(s, r->a->robust_part.note);
        acc__str_puts(s, "</p>\n</section>\n");
        return ACCORD_OK;
    }
    acc__str_printf(s, "<p class=\"intro\">The model writes %zu number%s as a range "
                       "[low, high]: a judgement, not a measurement. Each is drawn uniformly "
                       "from its range, %llu times (seed %llu, so the figures are reproducible), "
                       "and every verdict is recomputed per draw. A probability near 0 or 1 means "
                       "the verdict does not depend on where in its range a number lies.</p>\n",
                    rb->n_uncertain, rb->n_uncertain == 1 ? "" : "s",
                    (unsigned long long)rb->samples, (unsigned long long)rb->seed);
    structural_tables(s, rb);
    acc__str_puts(s, "<div class=\"scroll\"><table class=\"robust\">\n<caption>Probability that "
                     "each party accepts each proposal</caption>\n<thead><tr><th scope=\"col\">"
                     "Proposal</th>");
    acc__report_party_headers(s, m);
    acc__str_puts(s, "<th scope=\"col\">Every party</th></tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < rb->n_proposals; k++) {
        acc__str_puts(s, "<tr><th scope=\"row\">");
        acc__html_escape(s, ag->proposals[k].id);
        acc__str_puts(s, "</th>");
        for (size_t p = 0; p < rb->n_parties; p++)
            prob_cell(s, rb->acceptable[k * rb->n_parties + p],
                      rb->point_acceptable[k * rb->n_parties + p], NULL);
        prob_cell(s, rb->all_acceptable[k], -1, "all");
        acc__str_puts(s, "</tr>\n");
    }
    acc__str_puts(s, "</tbody></table></div>\n<p>Some outcome is acceptable to every party in "
                     "<strong>");
    percent(s, rb->zopa_nonempty);
    acc__str_puts(s, "</strong> of the samples");
    if (rb->zopa_undecided)
        acc__str_printf(s, " (%llu samples undecided: the search hit its node budget)",
                        (unsigned long long)rb->zopa_undecided);
    acc__str_puts(s, ".</p>\n<h3>The numbers that decide</h3>\n");
    if (!rb->n_sensitivity) {
        acc__str_puts(s, "<p>No uncertain number moves any verdict beyond sampling noise: within "
                         "their ranges, the verdicts are decided by the point values and the red "
                         "lines.</p>\n</section>\n");
        return ACCORD_OK;
    }
    acc__str_puts(s, "<figure class=\"chart\">");
    char id[32];
    acc__report_chart_id(r, "sens", id, sizeof id);
    accord_status rc = acc__svg_sensitivity(s, m, rb, id);
    acc__str_puts(s, "</figure>\n");
    if (rc)
        return rc;
    acc__str_puts(s, "<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Number</th>"
                     "<th scope=\"col\">Range</th><th scope=\"col\">Verdict it moves most</th>"
                     "<th scope=\"col\">Lower half / does not hold</th><th scope=\"col\">Upper half / holds</th>"
                     "<th scope=\"col\">Swing</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < rb->n_sensitivity; i++) {
        const accord_sensitivity *x = &rb->sensitivity[i];
        acc__str_puts(s, "<tr><th scope=\"row\">");
        acc__html_escape(s, x->what);
        acc__str_puts(s, "</th><td class=\"num\">");
        if (x->kind != ACCORD_ASSUME_NUMBER) {
            acc__str_puts(s, "holds with probability ");
            acc__fmt_num(s, rb->structural[x->structural].probability, 2, true);
        } else {
            acc__fmt_num(s, x->low, 3, true);
            acc__str_puts(s, " to ");
            acc__fmt_num(s, x->high, 3, true);
        }
        acc__str_puts(s, "</td><td>");
        char vb[256];
        acc__html_escape(s, accord_robust_verdict(m, rb, x, vb, sizeof vb));
        acc__str_puts(s, "</td><td class=\"num\">");
        percent(s, x->p_low);
        acc__str_puts(s, "</td><td class=\"num\">");
        percent(s, x->p_high);
        acc__str_puts(s, "</td><td class=\"num\">");
        if (x->swing > 0)
            acc__str_puts(s, "+");
        acc__fmt_num(s, x->swing * 100, 1, true);
        acc__str_puts(s, " pts</td></tr>\n");
    }
    acc__str_puts(s, "</tbody></table></div>\n</section>\n");
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* Explorer                                                                  */

static void xbadge(acc__str *s, accord_verdict v)
{
    static const char *const cls[] = {"ok", "below", "red"};
    static const char *const text[] = {"\xE2\x9C\x93 accepts", "\xE2\x9C\x97 below reservation",
                                       "\xE2\x9C\x97 red line"};
    acc__str_printf(s, "<span class=\"badge %s\">%s</span>", cls[v], text[v]);
}

accord_status acc__section_explorer(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const accord_agreement *ag = m->agreement;
    acc__str_puts(s, "<section id=\"explorer\">\n<h2>Explore: choose the terms</h2>\n");
    if (ag->table.total_options > EXPLORER_MAX_OPTIONS || !ag->n_issues) {
        acc__str_printf(s, "<p class=\"notice\">The explorer is left out: the model has %zu "
                           "options in all (at most %d fit in a page).</p>\n</section>\n",
                        ag->table.total_options, EXPLORER_MAX_OPTIONS);
        return ACCORD_OK;
    }
    uint32_t *terms = acc__calloc(ag->n_issues, sizeof *terms);
    if (!terms)
        return ACCORD_E_NOMEM;
    if (ag->n_proposals)
        memcpy(terms, ag->proposals[0].terms, ag->n_issues * sizeof *terms);
    acc__str_puts(s, "<p class=\"intro\">Choose an option for each issue: every party's utility "
                     "and verdict are recomputed in this page, from the model's own numbers "
                     "(ranges at their midpoints), exactly as accord computes them. Changed "
                     "issues are marked.</p>\n<noscript><p class=\"notice\">The explorer needs "
                     "JavaScript; shown are the values of the first proposal.</p></noscript>\n"
                     "<div class=\"explorer\">\n<form class=\"x-terms card\" id=\"x-form\" "
                     "autocomplete=\"off\">\n");
    if (ag->n_proposals) {
        acc__str_puts(s, "<p class=\"x-base\"><label for=\"x-base\">Start from</label> "
                         "<select id=\"x-base\">");
        for (size_t k = 0; k < ag->n_proposals; k++) {
            acc__str_printf(s, "<option value=\"%zu\"%s>", k, k ? "" : " selected");
            acc__html_escape(s, ag->proposals[k].id);
            acc__str_puts(s, " \xE2\x80\x94 ");
            acc__escape_fit(s, ag->proposals[k].name, 60);
            acc__str_puts(s, "</option>");
        }
        acc__str_puts(s, "</select> <button type=\"button\" id=\"x-reset\">Reset</button></p>\n");
    }
    acc__str_puts(s, "<table class=\"x-issues\"><tbody>\n");
    for (size_t i = 0; i < ag->n_issues; i++) {
        const accord_issue *is = &ag->issues[i];
        acc__str_printf(s, "<tr><th scope=\"row\"><label for=\"x-i%zu\">", i);
        acc__html_escape(s, is->name);
        acc__str_puts(s, "</label></th><td>");
        if (is->kind == ACCORD_ISSUE_INTEGER && is->n_options > SELECT_MAX_OPTIONS) {
            acc__str_printf(s, "<input type=\"range\" class=\"x-opt\" id=\"x-i%zu\" "
                               "data-issue=\"%zu\" min=\"0\" max=\"%zu\" step=\"1\" "
                               "value=\"%u\"> <output id=\"x-o%zu\" for=\"x-i%zu\">",
                            i, i, is->n_options - 1, terms[i], i, i);
            acc__str t = {0};
            acc__option_label(&t, is, terms[i]);
            acc__html_escape(s, acc__scratch(s, &t));
            acc__str_free(&t);
            acc__str_puts(s, "</output>");
        } else {
            acc__str_printf(s, "<select class=\"x-opt\" id=\"x-i%zu\" data-issue=\"%zu\">", i, i);
            for (size_t k = 0; k < is->n_options; k++) {
                acc__str_printf(s, "<option value=\"%zu\"%s>", k,
                                k == terms[i] ? " selected" : "");
                acc__str t = {0};
                acc__option_label(&t, is, k);
                acc__escape_fit(s, acc__scratch(s, &t), 90);
                acc__str_free(&t);
                acc__str_puts(s, "</option>");
            }
            acc__str_puts(s, "</select>");
        }
        acc__str_puts(s, "</td></tr>\n");
    }
    acc__str_puts(s, "</tbody></table>\n</form>\n<div class=\"x-out card\" aria-live=\"polite\">\n"
                     "<table class=\"x-parties\">\n<thead><tr><th scope=\"col\">Party</th>"
                     "<th scope=\"col\">Utility <span class=\"muted small\">(tick: "
                     "reservation)</span></th><th scope=\"col\">Verdict</th></tr></thead>\n"
                     "<tbody>\n");
    size_t accepting = 0;
    for (size_t p = 0; p < m->n_parties; p++) {
        double u = accord_utility(m, p, terms), d = ag->table.reservation[p];
        long broken = accord_red_line_broken(m, p, terms);
        accord_verdict v = broken >= 0 ? ACCORD_VERDICT_RED_LINE
                           : u < d     ? ACCORD_VERDICT_BELOW_RESERVATION
                                       : ACCORD_VERDICT_ACCEPTABLE;
        accepting += v == ACCORD_VERDICT_ACCEPTABLE;
        double uc = u < 0 ? 0 : u > 1 ? 1 : u, dc = d < 0 ? 0 : d > 1 ? 1 : d;
        acc__str_puts(s, "<tr><th scope=\"row\">");
        acc__html_escape(s, m->parties[p].name);
        acc__str_printf(s, "</th><td><div class=\"xbar\"><span class=\"fill v%d\" id=\"x-bar-%zu\" "
                           "style=\"width:",
                        (int)v, p);
        acc__fmt_num(s, uc * 100, 1, false);
        acc__str_puts(s, "%\"></span><i style=\"left:");
        acc__fmt_num(s, dc * 100, 1, false);
        acc__str_printf(s, "%%\"></i></div><span class=\"u\" id=\"x-u-%zu\">", p);
        acc__fmt_num(s, u, 3, true);
        acc__str_puts(s, "</span> <span class=\"muted small\">/ ");
        acc__fmt_num(s, d, 3, true);
        acc__str_printf(s, "</span></td><td><span id=\"x-v-%zu\">", p);
        xbadge(s, v);
        acc__str_printf(s, "</span><div class=\"small\" id=\"x-r-%zu\">", p);
        const accord_preference *pr = &ag->preferences[p];
        bool first = true;
        for (size_t k = 0; k < pr->n_red_lines; k++)
            if (accord_expr_eval_outcome(pr->red_lines[k].expr, terms)) {
                acc__str_puts(s, first ? "breaks <code class=\"redline\">" : ", <code class=\"redline\">");
                acc__html_escape(s, pr->red_lines[k].text);
                acc__str_puts(s, "</code>");
                first = false;
            }
        acc__str_puts(s, "</div></td></tr>\n");
    }
    acc__str_printf(s, "</tbody></table>\n<p id=\"x-summary\" class=\"verdict %s\"><strong>",
                    accepting == m->n_parties ? "yes" : "no");
    if (accepting == m->n_parties)
        acc__str_puts(s, "Acceptable to every party.");
    else
        acc__str_printf(s, "Accepted by %zu of %zu parties.", accepting, m->n_parties);
    acc__str_puts(s, "</strong></p>\n</div>\n</div>\n</section>\n");
    acc__free(terms);
    return ACCORD_OK;
}
