/*
 * html_evidence.c - the report's evidence, so that a reader can trace every
 * number: the texts side by side (issues by proposals, in date order), a
 * dated timeline of the texts and of the sources the parties' numbers rest
 * on, and each party's numbers with their provenance (source, assumption or
 * neither; sampled or not) under a summary of the shares
 * (accord_provenance_summary).
 *
 * Every string of the model is escaped with acc__html_escape; a source is
 * linked to its entry in the header's list (id "src-<index>", as
 * source_item in html.c writes it).
 */
#include "report.h"
#include "../model/model.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Small pieces                                                              */

/* A number as written, to ten significant digits ("0.45", "800000"). */
static void number(acc__str *s, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.10g", v);
    acc__str_puts(s, buf);
}

/* A share of a total as a whole percentage; never "0%" for a non-zero
 * part nor "100%" for a part short of the total. */
static void percent(acc__str *s, size_t part, size_t total)
{
    if (total == 0) {
        acc__str_puts(s, "\xE2\x80\x94");
        return;
    }
    double v = 100.0 * (double)part / (double)total;
    if (part > 0 && v < 0.5)
        acc__str_puts(s, "&lt;1%");
    else if (part < total && v >= 99.5)
        acc__str_puts(s, "&gt;99%");
    else
        acc__str_printf(s, "%.0f%%", v);
}

/* The party named `id` (its name), or the id as written. */
static void party_name(acc__str *s, const accord_model *m, const char *id)
{
    long p = id ? acc__model_find(m, ACC_IX_PARTY, id) : -1;
    acc__html_escape(s, p >= 0 ? m->parties[p].name : id);
}

/* A source: its title linked to its entry in the list of sources, with its
 * id; an id the model does not list shows as written. */
void acc__html_source_link(acc__str *s, const accord_model *m, const char *id)
{
    long i = acc__model_find(m, ACC_IX_SOURCE, id);
    if (i < 0) {
        acc__str_puts(s, "<span class=\"src-id\">");
        acc__html_escape(s, id);
        acc__str_puts(s, "</span>");
        return;
    }
    const accord_source *src = &m->sources[i];
    acc__str_printf(s, "<a class=\"src-ref\" href=\"#src-%ld\">", i);
    acc__html_escape(s, src->title ? src->title : src->id);
    acc__str_puts(s, "</a> <span class=\"src-id\">");
    acc__html_escape(s, src->id);
    acc__str_puts(s, "</span>");
}

/* Where a number comes from: its source, its assumption, both, or the mark
 * that it has neither; its note after. */
static void provenance_cell(acc__str *s, const accord_model *m, const accord_number *num)
{
    acc__str_puts(s, "<td class=\"prov\">");
    if (num->loc.line == 0) {
        acc__str_puts(s, "<span class=\"muted\">not written in the model (a default, or an "
                         "imported number)</span>");
    } else if (!num->source && !num->assumption) {
        acc__str_puts(s, "<span class=\"badge red\">no source or assumption</span>");
    }
    if (num->source)
        acc__html_source_link(s, m, num->source);
    if (num->assumption) {
        acc__str_puts(s, num->source ? "<br>" : "");
        acc__str_puts(s, "<span class=\"assume\">Assumption:</span> ");
        acc__html_escape(s, num->assumption);
    }
    if (num->note) {
        acc__str_puts(s, " <span class=\"muted\">\xE2\x80\x94 ");
        acc__html_escape(s, num->note);
        acc__str_puts(s, "</span>");
    }
    if (num->loc.line)
        acc__str_printf(s, " <span class=\"muted\">(line %d)</span>", num->loc.line);
    acc__str_puts(s, "</td>");
}

/* One row of a party's table: what the number is (`what`, trusted markup
 * built from escaped text), its value and range, sampled or not, and its
 * provenance. */
static void number_row(acc__str *s, const accord_model *m, const char *what,
                       const accord_number *num)
{
    acc__str_puts(s, "<tr");
    if (num->loc.line && !num->source && !num->assumption)
        acc__str_puts(s, " class=\"unsourced\"");
    acc__str_puts(s, "><th scope=\"row\">");
    acc__str_puts(s, what);
    acc__str_puts(s, "</th><td class=\"num\">");
    number(s, num->value);
    if (num->is_range) {
        acc__str_puts(s, " <span class=\"muted\">(");
        number(s, num->low);
        acc__str_puts(s, "\xE2\x80\x93");
        number(s, num->high);
        acc__str_puts(s, ")</span>");
    }
    acc__str_printf(s, "</td><td>%s</td>", num->is_range ? "yes" : "no");
    provenance_cell(s, m, num);
    acc__str_puts(s, "</tr>\n");
}

/* The row of an integer issue's piecewise-linear points: they carry no
 * provenance of their own, so the party's note stands beside them. */
static void points_row(acc__str *s, const accord_model *m, size_t p, const accord_issue *is,
                       const accord_valuation *va)
{
    const accord_preference *pr = &m->agreement->preferences[p];
    const char *note = pr->note ? pr->note : m->parties[p].note;
    acc__str_puts(s, "<tr><th scope=\"row\">values of ");
    acc__html_escape(s, is->name);
    acc__str_puts(s, " <span class=\"muted\">(piecewise linear");
    if (is->unit) {
        acc__str_puts(s, ", x in ");
        acc__html_escape(s, is->unit);
    }
    acc__str_puts(s, ")</span></th><td class=\"num\">");
    for (size_t k = 0; k < va->n_points; k++) {
        acc__str_puts(s, k ? " " : "");
        acc__str_puts(s, "(");
        number(s, va->points[k].x);
        acc__str_puts(s, ", ");
        number(s, va->points[k].y);
        acc__str_puts(s, ")");
    }
    acc__str_puts(s, "</td><td>no</td><td class=\"prov\"><span class=\"muted\">points without a "
                     "provenance of their own</span>");
    if (pr->source) {
        acc__str_puts(s, "; the party's source: ");
        acc__html_source_link(s, m, pr->source);
    }
    if (note) {
        acc__str_puts(s, "; the party's note: ");
        acc__html_escape(s, note);
    }
    if (va->loc.line)
        acc__str_printf(s, " <span class=\"muted\">(line %d)</span>", va->loc.line);
    acc__str_puts(s, "</td></tr>\n");
}

/* ------------------------------------------------------------------------ */
/* Evidence: each party's numbers                                            */

static void summary_row(acc__str *s, const accord_provenance_counts *c)
{
    acc__str_printf(s, "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">",
                    c->total, c->sourced);
    percent(s, c->sourced, c->total);
    acc__str_printf(s, "</td><td class=\"num\">%zu</td><td class=\"num\">", c->assumed);
    percent(s, c->assumed, c->total);
    acc__str_printf(s, "</td><td class=\"num%s\">%zu</td><td class=\"num\">%zu</td></tr>\n",
                    c->neither ? " warn" : "", c->neither, c->sampled);
}

/* Per party and for all: numbers, sourced, assumptions, neither, sampled. */
static void summary_table(acc__str *s, const accord_model *m, const accord_provenance_counts *c)
{
    acc__str_puts(s, "<div class=\"scroll\"><table class=\"evidence-summary\"><thead><tr>"
                     "<th scope=\"col\">Party</th><th scope=\"col\">Numbers</th>"
                     "<th scope=\"col\">Sourced</th><th scope=\"col\">%</th>"
                     "<th scope=\"col\">Assumptions</th><th scope=\"col\">%</th>"
                     "<th scope=\"col\">Neither</th><th scope=\"col\">Sampled</th></tr></thead>"
                     "<tbody>\n");
    accord_provenance_counts all = {0};
    for (size_t p = 0; p < m->n_parties; p++) {
        acc__str_printf(s, "<tr id=\"evidence-sum-%zu\"><th scope=\"row\"><a href=\"#evidence-%zu\">",
                        p, p);
        acc__html_escape(s, m->parties[p].name);
        acc__str_puts(s, "</a></th>");
        summary_row(s, &c[p]);
        all.total += c[p].total;
        all.sourced += c[p].sourced;
        all.assumed += c[p].assumed;
        all.neither += c[p].neither;
        all.sampled += c[p].sampled;
    }
    acc__str_puts(s, "</tbody><tfoot><tr><th scope=\"row\">All parties</th>");
    summary_row(s, &all);
    acc__str_puts(s, "</tfoot></table></div>\n");
}

/* The party's own notes: about the party, and about its preferences. */
static void party_notes(acc__str *s, const accord_model *m, size_t p)
{
    const accord_party *pa = &m->parties[p];
    const accord_preference *pr = &m->agreement->preferences[p];
    if (pa->note || pa->source) {
        acc__str_puts(s, "<p class=\"small\"><strong>The party:</strong> ");
        acc__html_escape(s, pa->note);
        if (pa->source) {
            acc__str_puts(s, pa->note ? " (" : "");
            acc__html_source_link(s, m, pa->source);
            acc__str_puts(s, pa->note ? ")" : "");
        }
        acc__str_puts(s, "</p>\n");
    }
    if (pr->note || pr->source) {
        acc__str_puts(s, "<p class=\"small\"><strong>Its preferences:</strong> ");
        acc__html_escape(s, pr->note);
        if (pr->source) {
            acc__str_puts(s, pr->note ? " (" : "");
            acc__html_source_link(s, m, pr->source);
            acc__str_puts(s, pr->note ? ")" : "");
        }
        acc__str_puts(s, "</p>\n");
    }
    if (!pa->note && !pa->source && !pr->note && !pr->source)
        acc__str_puts(s, "<p class=\"small muted\">The model has no note on this party.</p>\n");
}

/* At most this many rows in one party's table (the page stays readable
 * and its size bounded for a model of many options, as the explorer's
 * limit does; the summary still counts every number). */
#define EVIDENCE_MAX_ROWS 2000

/* The rows of issue i in party p's table. */
static size_t issue_row_count(const accord_model *m, size_t p, size_t i)
{
    const accord_issue *is = &m->agreement->issues[i];
    const accord_preference *pr = &m->agreement->preferences[p];
    const accord_valuation *va = &pr->valuations[i];
    size_t n = pr->weighted[i] ? 1 : 0;
    if (is->kind == ACCORD_ISSUE_INTEGER && va->n_points)
        return n + 1;
    return n + (va->values ? is->n_options : 0);
}

/* One issue's rows of a party's table: its weight, then its values; at
 * most *left rows, counted down. */
static void issue_rows(acc__str *s, acc__str *what, const accord_model *m, size_t p, size_t i,
                       size_t *left)
{
    const accord_issue *is = &m->agreement->issues[i];
    const accord_preference *pr = &m->agreement->preferences[p];
    const accord_valuation *va = &pr->valuations[i];
    if (pr->weighted[i] && *left) {
        what->len = 0;
        acc__str_puts(what, "weight of ");
        acc__html_escape(what, is->name);
        number_row(s, m, acc__scratch(s, what), &pr->weights[i]);
        --*left;
    }
    if (is->kind == ACCORD_ISSUE_INTEGER && va->n_points) {
        if (*left) {
            points_row(s, m, p, is, va);
            --*left;
        }
        return;
    }
    for (size_t k = 0; va->values && k < is->n_options && *left; k++, --*left) {
        what->len = 0;
        acc__str_puts(what, "value of ");
        acc__html_escape(what, is->name);
        acc__str_puts(what, " = ");
        acc__html_escape(what, is->options[k].label);
        number_row(s, m, acc__scratch(s, what), &va->values[k]);
    }
}

/* A party's folded table of numbers. */
static void party_evidence(acc__str *s, const accord_model *m, size_t p,
                           const accord_provenance_counts *c)
{
    const accord_preference *pr = &m->agreement->preferences[p];
    acc__str_printf(s, "<details class=\"evidence-party\" id=\"evidence-%zu\"><summary><strong>", p);
    acc__html_escape(s, m->parties[p].name);
    acc__str_puts(s, "</strong> <span class=\"pid\">");
    acc__html_escape(s, m->parties[p].id);
    if (c->total) {
        acc__str_printf(s, "</span> \xE2\x80\x94 %zu number%s, ", c->total, c->total == 1 ? "" : "s");
        percent(s, c->sourced, c->total);
        acc__str_puts(s, " sourced</summary>\n");
    } else {
        acc__str_puts(s, "</span> \xE2\x80\x94 no number written in the model</summary>\n");
    }
    party_notes(s, m, p);
    acc__str_puts(s, "<div class=\"scroll\"><table class=\"evidence\"><thead><tr>"
                     "<th scope=\"col\">Number</th><th scope=\"col\">Value (range)</th>"
                     "<th scope=\"col\">Sampled</th><th scope=\"col\">Source or assumption</th>"
                     "</tr></thead><tbody>\n");
    number_row(s, m, "reservation", &pr->reservation);
    if (pr->nonlinear) {
        acc__str_puts(s, "<tr><th scope=\"row\">utility</th><td colspan=\"3\" class=\"muted\">"
                         "non-linear (hyper-rectangles): not listed number by number</td>"
                         "</tr>\n");
    } else {
        acc__str what = {0};
        size_t left = EVIDENCE_MAX_ROWS - 1, rows = 0;
        for (size_t i = 0; i < m->agreement->n_issues; i++) {
            rows += issue_row_count(m, p, i);
            issue_rows(s, &what, m, p, i, &left);
        }
        acc__str_free(&what);
        if (rows > EVIDENCE_MAX_ROWS - 1)
            acc__str_printf(s, "<tr><td colspan=\"4\" class=\"muted\">\xE2\x80\xA6 and %zu more "
                               "rows, not listed (at most %d per party); the summary counts every "
                               "number, and <code>accord check --provenance</code> lists those with "
                               "neither a source nor an assumption</td></tr>\n",
                            rows - (EVIDENCE_MAX_ROWS - 1), EVIDENCE_MAX_ROWS);
    }
    acc__str_puts(s, "</tbody></table></div>\n</details>\n");
}

accord_status acc__section_evidence(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    if (!m->agreement || !m->n_parties)
        return ACCORD_OK;
    accord_provenance_counts *c = acc__calloc(m->n_parties, sizeof *c);
    if (!c)
        return ACCORD_E_NOMEM;
    accord_status rc = accord_provenance_summary(m, c);
    if (rc) {
        acc__free(c);
        return rc;
    }
    acc__str_puts(s, "<section id=\"evidence\">\n<h2>Evidence: where each number comes from</h2>\n"
                     "<p class=\"intro\">Every number of each party's preferences as the model "
                     "writes it: the source it rests on, or the assumption written in its place, "
                     "or the mark that it has neither. A number written as a range is sampled by "
                     "the uncertainty analysis; the point analyses use its midpoint. A number with "
                     "both a source and an assumption counts as sourced.</p>\n");
    summary_table(s, m, c);
    for (size_t p = 0; p < m->n_parties; p++)
        party_evidence(s, m, p, &c[p]);
    acc__str_puts(s, "</section>\n");
    acc__free(c);
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* The texts side by side                                                    */

/* Something dated: a proposal (kind 0) or a source (kind 1), index i. */
typedef struct dated {
    const char *date;
    int kind;
    size_t i;
} dated;

/* Dated before undated; dates as strings (ISO dates sort so); then kind,
 * then the model's order. */
static int dated_cmp(const void *x, const void *y)
{
    const dated *a = x, *b = y;
    if (!a->date != !b->date)
        return a->date ? -1 : 1;
    int c = a->date ? strcmp(a->date, b->date) : 0;
    if (c)
        return c;
    if (a->kind != b->kind)
        return a->kind - b->kind;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The proposals in date order (undated last, then in file order). */
static dated *proposals_by_date(const accord_agreement *ag)
{
    dated *d = acc__calloc(ag->n_proposals, sizeof *d);
    if (!d)
        return NULL;
    for (size_t q = 0; q < ag->n_proposals; q++)
        d[q] = (dated){ag->proposals[q].date, 0, q};
    qsort(d, ag->n_proposals, sizeof *d, dated_cmp);
    return d;
}

static void texts_head(acc__str *s, const accord_model *m, const dated *order)
{
    const accord_agreement *ag = m->agreement;
    acc__str_puts(s, "<thead><tr><th scope=\"col\">Issue</th>");
    for (size_t c = 0; c < ag->n_proposals; c++) {
        const accord_proposal *pr = &ag->proposals[order[c].i];
        acc__str_puts(s, "<th scope=\"col\">");
        acc__html_escape(s, pr->name);
        acc__str_puts(s, "<span class=\"small muted\">");
        if (pr->date) {
            acc__str_puts(s, "<br>");
            acc__html_escape(s, pr->date);
        }
        if (pr->by) {
            acc__str_puts(s, "<br>by ");
            party_name(s, m, pr->by);
        }
        acc__str_puts(s, "</span></th>");
    }
    acc__str_puts(s, "</tr></thead>\n");
}

/* One issue's row: each proposal's term, marked where it differs from the
 * first column's. */
static void texts_row(acc__str *s, const accord_agreement *ag, size_t i, const dated *order)
{
    const accord_issue *is = &ag->issues[i];
    uint32_t first = ag->proposals[order[0].i].terms[i];
    bool same = true;
    for (size_t c = 1; c < ag->n_proposals; c++)
        same = same && ag->proposals[order[c].i].terms[i] == first;
    acc__str_printf(s, "<tr%s><th scope=\"row\">", same ? " class=\"same\"" : "");
    acc__html_escape(s, is->name);
    acc__str_puts(s, "</th>");
    acc__str t = {0};
    for (size_t c = 0; c < ag->n_proposals; c++) {
        uint32_t k = ag->proposals[order[c].i].terms[i];
        acc__str_puts(s, c && k != first ? "<td class=\"diff\">" : "<td>");
        acc__str_clear(&t);
        acc__option_label(&t, is, k);
        acc__html_escape(s, acc__scratch(s, &t));
        acc__str_puts(s, "</td>");
    }
    acc__str_free(&t);
    acc__str_puts(s, "</tr>\n");
}

/* Each proposal's note and source under the table. */
static void texts_notes(acc__str *s, const accord_model *m, const dated *order)
{
    const accord_agreement *ag = m->agreement;
    acc__str_puts(s, "<dl class=\"text-notes\">\n");
    for (size_t c = 0; c < ag->n_proposals; c++) {
        const accord_proposal *pr = &ag->proposals[order[c].i];
        acc__str_puts(s, "<dt>");
        acc__html_escape(s, pr->name);
        acc__str_puts(s, " <span class=\"pid\">");
        acc__html_escape(s, pr->id);
        acc__str_puts(s, "</span></dt><dd>");
        if (pr->note)
            acc__html_escape(s, pr->note);
        else
            acc__str_puts(s, "<span class=\"muted\">no note</span>");
        if (pr->source) {
            acc__str_puts(s, " <span class=\"small\">(source: ");
            acc__html_source_link(s, m, pr->source);
            acc__str_puts(s, ")</span>");
        }
        acc__str_puts(s, "</dd>\n");
    }
    acc__str_puts(s, "</dl>\n");
}

accord_status acc__section_texts(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const accord_agreement *ag = m->agreement;
    if (!ag || !ag->n_proposals)
        return ACCORD_OK;
    dated *order = proposals_by_date(ag);
    if (!order)
        return ACCORD_E_NOMEM;
    acc__str_puts(s, "<section id=\"texts\">\n<h2>The texts side by side</h2>\n"
                     "<p class=\"intro\">Each proposal's term on every issue, the proposals in date "
                     "order (undated ones last). A shaded cell differs from the first column's "
                     "term; the notes below each text say where the model completed a term by "
                     "assumption.</p>\n<div class=\"scroll\"><table class=\"texts\">");
    texts_head(s, m, order);
    acc__str_puts(s, "<tbody>\n");
    for (size_t i = 0; i < ag->n_issues; i++)
        texts_row(s, ag, i, order);
    acc__str_puts(s, "</tbody></table></div>\n");
    texts_notes(s, m, order);
    acc__str_puts(s, "</section>\n");
    acc__free(order);
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* The timeline                                                              */

/* Who cites each source: numbers per party (n_sources x n_parties), the
 * proposals (a list threaded through next_prop), and other entries of the
 * model (parties, preferences, issues, options, conflict options). */
typedef struct citations {
    size_t *numbers;   /* [src * n_parties + p] */
    size_t *others;    /* [src] */
    long *first_prop;  /* [src]: a proposal citing it, or -1 */
    long *next_prop;   /* [proposal]: the next proposal citing the same source */
} citations;

static void cite(const accord_model *m, size_t *counts, const char *id)
{
    long i = id ? acc__model_find(m, ACC_IX_SOURCE, id) : -1;
    if (i >= 0)
        counts[i]++;
}

static void cite_number(const accord_model *m, citations *c, size_t p, const accord_number *num)
{
    long i = num->source ? acc__model_find(m, ACC_IX_SOURCE, num->source) : -1;
    if (i >= 0)
        c->numbers[(size_t)i * m->n_parties + p]++;
}

/* Every party's numbers (the reservation, weights and values). */
static void cite_numbers(const accord_model *m, citations *c)
{
    const accord_agreement *ag = m->agreement;
    for (size_t p = 0; p < m->n_parties; p++) {
        const accord_preference *pr = &ag->preferences[p];
        cite_number(m, c, p, &pr->reservation);
        for (size_t i = 0; !pr->nonlinear && i < ag->n_issues; i++) {
            if (pr->weighted[i])
                cite_number(m, c, p, &pr->weights[i]);
            for (size_t k = 0; pr->valuations[i].values && k < ag->issues[i].n_options; k++)
                cite_number(m, c, p, &pr->valuations[i].values[k]);
        }
    }
}

/* Every other entry of the model that names a source. */
static void cite_others(const accord_model *m, citations *c)
{
    const accord_agreement *ag = m->agreement;
    for (size_t p = 0; p < m->n_parties; p++) {
        cite(m, c->others, m->parties[p].source);
        cite(m, c->others, ag->preferences[p].source);
    }
    for (size_t i = 0; i < ag->n_issues; i++) {
        cite(m, c->others, ag->issues[i].source);
        for (size_t k = 0; ag->issues[i].options && k < ag->issues[i].n_options; k++)
            cite(m, c->others, ag->issues[i].options[k].source);
    }
    for (size_t o = 0; m->conflict && o < m->conflict->n_options; o++)
        cite(m, c->others, m->conflict->options[o].source);
    for (size_t q = ag->n_proposals; q-- > 0;) {
        const char *id = ag->proposals[q].source;
        long i = id ? acc__model_find(m, ACC_IX_SOURCE, id) : -1;
        if (i >= 0) {
            c->next_prop[q] = c->first_prop[i];
            c->first_prop[i] = (long)q;
        }
    }
}

static void citations_free(citations *c)
{
    acc__free(c->numbers);
    acc__free(c->others);
    acc__free(c->first_prop);
    acc__free(c->next_prop);
    memset(c, 0, sizeof *c);
}

static accord_status citations_compute(const accord_model *m, citations *c)
{
    size_t ns = m->n_sources, np = m->agreement->n_proposals;
    memset(c, 0, sizeof *c);
    if (m->n_parties && ns > SIZE_MAX / sizeof(size_t) / m->n_parties)
        return ACCORD_E_NOMEM;
    c->numbers = acc__calloc(ns * m->n_parties + 1, sizeof *c->numbers);
    c->others = acc__calloc(ns + 1, sizeof *c->others);
    c->first_prop = acc__calloc(ns + 1, sizeof *c->first_prop);
    c->next_prop = acc__calloc(np + 1, sizeof *c->next_prop);
    if (!c->numbers || !c->others || !c->first_prop || !c->next_prop) {
        citations_free(c);
        return ACCORD_E_NOMEM;
    }
    for (size_t i = 0; i < ns; i++)
        c->first_prop[i] = -1;
    cite_numbers(m, c);
    cite_others(m, c);
    return ACCORD_OK;
}

/* A proposal's row: its date, "text", name, by whom, its source. */
static void timeline_proposal(acc__str *s, const accord_model *m, const accord_proposal *pr)
{
    acc__str_puts(s, "<li class=\"tl-text\"><span class=\"tl-date\">");
    acc__html_escape(s, pr->date ? pr->date : "undated");
    acc__str_puts(s, "</span> <span class=\"tl-kind\">Text</span> <strong>");
    acc__html_escape(s, pr->name);
    acc__str_puts(s, "</strong>");
    if (pr->by) {
        acc__str_puts(s, ", by ");
        party_name(s, m, pr->by);
    }
    if (pr->source) {
        acc__str_puts(s, " <span class=\"small\">(");
        acc__html_source_link(s, m, pr->source);
        acc__str_puts(s, ")</span>");
    }
    acc__str_puts(s, "</li>\n");
}

/* Who cites source `i`: parties with their numbers, proposals, others. */
static void cited_by(acc__str *s, const accord_model *m, const citations *c, size_t i)
{
    const char *sep = "";
    acc__str_puts(s, "<span class=\"small muted\">");
    for (size_t p = 0; p < m->n_parties; p++) {
        size_t n = c->numbers[i * m->n_parties + p];
        if (!n)
            continue;
        acc__str_puts(s, *sep ? sep : "cited by ");
        acc__html_escape(s, m->parties[p].name);
        acc__str_printf(s, " (%zu number%s)", n, n == 1 ? "" : "s");
        sep = "; ";
    }
    for (long q = c->first_prop[i]; q >= 0; q = c->next_prop[q]) {
        acc__str_puts(s, *sep ? sep : "cited by ");
        acc__str_puts(s, "the text ");
        acc__html_escape(s, m->agreement->proposals[q].name);
        sep = "; ";
    }
    if (c->others[i]) {
        acc__str_puts(s, *sep ? sep : "cited by ");
        acc__str_printf(s, "%zu other entr%s of the model", c->others[i],
                        c->others[i] == 1 ? "y" : "ies");
        sep = "; ";
    }
    acc__str_puts(s, *sep ? "</span>" : "cited by no entry of the model</span>");
}

/* A source's row: a stated position when some party's numbers rest on it. */
static void timeline_source(acc__str *s, const accord_model *m, const citations *c, size_t i)
{
    const accord_source *src = &m->sources[i];
    bool position = false;
    for (size_t p = 0; p < m->n_parties; p++)
        position = position || c->numbers[i * m->n_parties + p] > 0;
    acc__str_printf(s, "<li class=\"%s\"><span class=\"tl-date\">",
                    position ? "tl-position" : "tl-source");
    acc__html_escape(s, src->date ? src->date : "undated");
    acc__str_printf(s, "</span> <span class=\"tl-kind\">%s</span> ",
                    position ? "Stated position" : "Source");
    acc__html_source_link(s, m, src->id);
    if (src->note) {
        acc__str_puts(s, " <span class=\"muted\">\xE2\x80\x94 ");
        acc__html_escape(s, src->note);
        acc__str_puts(s, "</span>");
    }
    acc__str_puts(s, "<br>");
    cited_by(s, m, c, i);
    acc__str_puts(s, "</li>\n");
}

accord_status acc__section_timeline(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const accord_agreement *ag = m->agreement;
    size_t n = ag ? ag->n_proposals + m->n_sources : 0;
    if (!n)
        return ACCORD_OK;
    citations c;
    accord_status rc = citations_compute(m, &c);
    dated *items = rc ? NULL : acc__calloc(n, sizeof *items);
    if (!items) {
        citations_free(&c);
        return ACCORD_E_NOMEM;
    }
    for (size_t q = 0; q < ag->n_proposals; q++)
        items[q] = (dated){ag->proposals[q].date, 0, q};
    for (size_t i = 0; i < m->n_sources; i++)
        items[ag->n_proposals + i] = (dated){m->sources[i].date, 1, i};
    qsort(items, n, sizeof *items, dated_cmp);
    acc__str_puts(s, "<section id=\"timeline\">\n<h2>Timeline of texts and stated positions</h2>\n"
                     "<p class=\"intro\">The proposals and the sources in date order, as the model "
                     "dates them; a source is a stated position when some party's numbers rest "
                     "on it. Undated items follow, in the model's order.</p>\n"
                     "<ol class=\"timeline\">\n");
    for (size_t k = 0; k < n; k++) {
        if (!items[k].date && (k == 0 || items[k - 1].date))
            acc__str_puts(s, "</ol>\n<h3>Undated</h3>\n<ol class=\"timeline undated\">\n");
        if (items[k].kind == 0)
            timeline_proposal(s, m, &ag->proposals[items[k].i]);
        else
            timeline_source(s, m, &c, items[k].i);
    }
    acc__str_puts(s, "</ol>\n</section>\n");
    acc__free(items);
    citations_free(&c);
    return ACCORD_OK;
}
