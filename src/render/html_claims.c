/*
 * html_claims.c - the report's first section: the claims the model lists,
 * each with its question, the answer computed from the model, the verdict,
 * what it rests on (with sources and assumptions) and the smallest changes
 * that would flip it (accord_analysis.claims; docs/claims.md).
 */
#include "report.h"
#include "render.h"

static void depends_table(acc__str *s, const accord_model *m, const accord_claim_answer *c)
{
    if (!c->n_depends)
        return;
    acc__str_puts(s, "<details class=\"claim-rests\"><summary>Rests on (");
    acc__str_printf(s, "%zu)</summary>\n<div class=\"scroll\"><table class=\"claim-depends\"><thead><tr>"
                       "<th>What</th><th>Value or statement</th><th>Where it comes from</th></tr></thead><tbody>\n",
                    c->n_depends);
    for (size_t k = 0; k < c->n_depends; k++) {
        const accord_claim_dependency *d = &c->depends_on[k];
        acc__str_puts(s, "<tr><td>");
        acc__html_escape(s, d->what);
        acc__str_puts(s, "</td><td><code>");
        acc__html_escape(s, d->value);
        acc__str_puts(s, "</code></td><td class=\"prov\">");
        if (d->source)
            acc__html_source_link(s, m, d->source);
        if (d->assumption) {
            acc__str_puts(s, d->source ? "<br>" : "");
            acc__str_puts(s, "<span class=\"assumption\">Assumption: ");
            acc__html_escape(s, d->assumption);
            acc__str_puts(s, "</span>");
        }
        if (!d->source && !d->assumption)
            acc__str_puts(s, "<span class=\"muted\">as written in the model</span>");
        acc__str_puts(s, "</td></tr>\n");
    }
    acc__str_puts(s, "</tbody></table></div></details>\n");
}

static void flips_list(acc__str *s, const accord_claim_answer *c)
{
    acc__str_puts(s, "<h4>Would change if</h4>\n");
    if (!c->n_flips) {
        acc__str_puts(s, "<p class=\"muted\">No single change that accord tests flips this answer.</p>\n");
        return;
    }
    acc__str_puts(s, "<ul class=\"claim-flips\">\n");
    for (size_t k = 0; k < c->n_flips; k++) {
        const accord_claim_flip *f = &c->flips_if[k];
        acc__str_puts(s, "<li><span class=\"flip-kind\">");
        for (const char *k = f->kind ? f->kind : ""; *k; k++) /* "red_line" as "red line" */
            acc__str_append(s, *k == '_' ? " " : k, 1);
        acc__str_puts(s, "</span> ");
        acc__html_escape(s, f->change);
        acc__str_puts(s, " <span aria-hidden=\"true\">\xE2\x86\x92</span><span class=\"sr-only\"> then </span> ");
        acc__html_escape(s, f->effect);
        acc__str_puts(s, "</li>\n");
    }
    acc__str_puts(s, "</ul>\n");
}

static void claim_article(acc__str *s, const accord_model *m, const accord_claim_answer *c, size_t i)
{
    const accord_claim *cl = c->claim;
    acc__str_puts(s, "<article class=\"claim\" id=\"claim-");
    acc__html_escape(s, cl->id);
    acc__str_printf(s, "\">\n<h3>%zu. ", i + 1);
    acc__html_escape(s, cl->question ? cl->question : cl->id);
    acc__str_printf(s, " <span class=\"muted\">(%s)</span></h3>\n", acc__claim_kind_name(cl->kind));
    if (cl->statement) {
        acc__str_puts(s, "<blockquote class=\"claim-text\"><p>");
        acc__html_escape(s, cl->statement);
        acc__str_puts(s, "</p>");
        if (cl->note || cl->source) {
            acc__str_puts(s, "<footer>");
            acc__html_escape(s, cl->note);
            if (cl->source) {
                acc__str_puts(s, cl->note ? " \xE2\x80\x94 " : "");
                acc__html_source_link(s, m, cl->source);
            }
            acc__str_puts(s, "</footer>");
        }
        acc__str_puts(s, "</blockquote>\n");
    }
    if (c->verdict) {
        acc__str_puts(s, "<p class=\"claim-verdict\"><strong>Verdict:</strong> ");
        acc__html_escape(s, c->verdict);
        acc__str_puts(s, "</p>\n");
    }
    if (c->answer && *c->answer) {
        acc__str_puts(s, "<p class=\"claim-answer\">");
        acc__html_escape(s, c->answer);
        acc__str_puts(s, "</p>\n");
    }
    if (c->note) {
        acc__str_puts(s, "<p class=\"muted\">");
        acc__html_escape(s, c->note);
        acc__str_puts(s, "</p>\n");
    }
    depends_table(s, m, c);
    flips_list(s, c);
    acc__str_puts(s, "</article>\n");
}

accord_status acc__section_claims(acc__report *r)
{
    const accord_analysis *a = r->a;
    acc__str *s = r->s;
    if (!a || !a->n_claims)
        return ACCORD_OK;
    acc__str_puts(s, "<section id=\"claims\">\n<h2>The claims tested</h2>\n"
                     "<p class=\"lede\">Each claim the model lists is mapped to a question. The answer is "
                     "computed from the model; below it, what the answer rests on (with the source or the "
                     "written assumption of each) and the smallest changes to an assumption that would flip "
                     "it, each found by changing the model and analysing it again. accord takes no side: "
                     "the answer holds only as far as its assumptions do.</p>\n");
    for (size_t i = 0; i < a->n_claims; i++)
        claim_article(s, r->m, &a->claims[i], i);
    acc__str_puts(s, "</section>\n");
    return ACCORD_OK;
}
