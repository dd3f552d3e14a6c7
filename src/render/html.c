/*
 * html.c - accord_report_html: the document, its header (title, model,
 * parties, sources, provenance) and footer, and the analyses the sections
 * draw from.  The sections are in html_sections.c (agreement),
 * html_explore.c (robustness, explorer), html_conflict.c and
 * html_evidence.c (the texts side by side, the timeline, each number's
 * provenance).
 *
 * The page is self-contained: inline CSS (html_assets.c), inline SVG,
 * inline script, and the explorer's data as JSON in a <script
 * type="application/json"> element.  Nothing is fetched.
 */
#include "report.h"
#include "json.h"

#include <stdio.h>
#include <string.h>

void accord_report_options_init(accord_report_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->samples = ACCORD_DEFAULT_SAMPLES;
}

void acc__report_chart_id(acc__report *r, const char *kind, char *buf, size_t size)
{
    snprintf(buf, size, "%s%zu", kind, r->n_charts++);
}

void acc__report_party_headers(acc__str *s, const accord_model *m)
{
    for (size_t p = 0; p < m->n_parties; p++) {
        acc__str_puts(s, "<th scope=\"col\"><abbr title=\"");
        acc__html_escape(s, m->parties[p].name);
        acc__str_puts(s, "\">");
        acc__html_escape(s, m->parties[p].id);
        acc__str_puts(s, "</abbr></th>");
    }
}


/* ------------------------------------------------------------------------ */
/* Header                                                                    */

static void source_item(acc__str *s, size_t i, const accord_source *src)
{
    acc__str_printf(s, "<li id=\"src-%zu\"><span class=\"src-id\">", i);
    acc__html_escape(s, src->id);
    acc__str_puts(s, "</span> ");
    bool link = acc__url_linkable(src->url);
    if (link) {
        acc__str_puts(s, "<a href=\"");
        acc__html_escape(s, src->url);
        acc__str_puts(s, "\" rel=\"noopener noreferrer\" target=\"_blank\">");
    }
    acc__html_escape(s, src->title ? src->title : src->url ? src->url : src->id);
    if (link)
        acc__str_puts(s, "</a>");
    else if (src->url) {
        acc__str_puts(s, " <span class=\"muted\">(");
        acc__html_escape(s, src->url);
        acc__str_puts(s, ")</span>");
    }
    if (src->date) {
        acc__str_puts(s, ", ");
        acc__html_escape(s, src->date);
    }
    if (src->note) {
        acc__str_puts(s, " <span class=\"muted\">\xE2\x80\x94 ");
        acc__html_escape(s, src->note);
        acc__str_puts(s, "</span>");
    }
    acc__str_puts(s, "</li>\n");
}

static accord_status provenance(acc__report *r)
{
    acc__str *s = r->s;
    accord_unsourced *u = NULL;
    accord_status rc = accord_provenance_check(r->m, &u);
    if (rc)
        return rc == ACCORD_E_NOMEM ? rc : ACCORD_OK;
    if (u->count == 0) {
        acc__str_puts(s, "<p class=\"provenance ok\"><strong>Every number in this model has a "
                         "source or a written assumption.</strong> The figures below are computed "
                         "from those numbers and nothing else: where they are assumptions, so are "
                         "the conclusions. (<code>accord check --provenance</code>)");
        if (r->m->agreement)
            acc__str_puts(s, " <a href=\"#evidence\">Each number and its source</a>.");
        acc__str_puts(s, "</p>\n");
    } else {
        acc__str_printf(s, "<details class=\"provenance warn\"><summary><strong>%zu number%s in "
                           "this model ha%s neither a source nor a written assumption.</strong> "
                           "Every other number is sourced or an assumption; the figures below "
                           "rest on all of them.</summary>\n<ul>\n",
                        u->count, u->count == 1 ? "" : "s", u->count == 1 ? "s" : "ve");
        if (r->m->agreement)
            acc__str_puts(s, "<p><a href=\"#evidence\">Each number and its source</a></p>\n");
        for (size_t i = 0; i < u->count; i++) {
            acc__str_puts(s, "<li>");
            acc__html_escape(s, u->items[i].what);
            if (u->items[i].loc.line)
                acc__str_printf(s, " <span class=\"muted\">(line %d)</span>", u->items[i].loc.line);
            acc__str_puts(s, "</li>\n");
        }
        acc__str_puts(s, "</ul></details>\n");
    }
    accord_unsourced_free(u);
    return ACCORD_OK;
}

static void nav_item(acc__str *s, const char *href, const char *text)
{
    acc__str_printf(s, "<li><a href=\"#%s\">%s</a></li>", href, text);
}

static accord_status header(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const char *path = r->opts.model_path ? r->opts.model_path : m->path;
    acc__str_puts(s, "<header class=\"top\">\n<p class=\"kicker\">accord report</p>\n<h1>");
    acc__html_escape(s, m->title ? m->title : path);
    acc__str_puts(s, "</h1>\n");
    if (m->note) {
        acc__str_puts(s, "<p class=\"lede\">");
        acc__html_escape(s, m->note);
        acc__str_puts(s, "</p>\n");
    }
    acc__str_puts(s, "<dl class=\"meta\">\n<dt>Model</dt><dd><code>");
    acc__html_escape(s, path);
    acc__str_puts(s, "</code>");
    if (m->from_genius)
        acc__str_puts(s, " (GENIUS scenario)");
    acc__str_puts(s, "</dd>\n<dt>Parties</dt><dd><ul class=\"parties\">");
    for (size_t p = 0; p < m->n_parties; p++) {
        acc__str_puts(s, "<li><span class=\"pid\">");
        acc__html_escape(s, m->parties[p].id);
        acc__str_puts(s, "</span> ");
        acc__html_escape(s, m->parties[p].name);
        acc__str_puts(s, "</li>");
    }
    acc__str_puts(s, "</ul></dd>\n");
    if (m->agreement) {
        const accord_agreement *ag = m->agreement;
        acc__str_printf(s, "<dt>Agreement</dt><dd>%zu issues, %zu proposals, ", ag->n_issues,
                        ag->n_proposals);
        acc__fmt_count(s, ag->outcomes);
        acc__str_puts(s, " possible outcomes</dd>\n");
    }
    if (m->conflict)
        acc__str_printf(s, "<dt>Conflict</dt><dd>%zu options, %zu feasible states</dd>\n",
                        m->conflict->n_options, m->conflict->n_states);
    acc__str_puts(s, "</dl>\n");
    accord_status rc = provenance(r);
    if (rc)
        return rc;
    if (m->n_sources) {
        acc__str_printf(s, "<details class=\"sources\" id=\"sources\"><summary>Sources (%zu)"
                           "</summary>\n<ol>\n",
                        m->n_sources);
        for (size_t i = 0; i < m->n_sources; i++)
            source_item(s, i, &m->sources[i]);
        acc__str_puts(s, "</ol></details>\n");
    }
    acc__str_puts(s, "</header>\n<nav class=\"toc\" aria-label=\"Sections\"><ul>");
    if (r->a->n_claims)
        nav_item(s, "claims", "Claims");
    if (m->agreement) {
        if (m->agreement->n_proposals) {
            nav_item(s, "proposals", "Proposals");
            nav_item(s, "heatmap", "Provisions");
        }
        nav_item(s, "frontier", "Frontier");
        if (m->agreement->n_proposals)
            nav_item(s, "repair", "Repairs");
        const accord_relaxations *rx = r->a->relaxations;
        if (m->agreement->n_proposals && rx && rx->zopa_empty && rx->n_sets)
            nav_item(s, "relaxations", "Red lines");
        if (r->a->robust || r->a->robust_part.note)
            nav_item(s, "robust", "Uncertainty");
        nav_item(s, "explorer", "Explorer");
    }
    if (m->conflict)
        nav_item(s, "conflict", "Conflict");
    if (m->agreement) {
        if (m->agreement->n_proposals)
            nav_item(s, "texts", "Texts");
        if (m->agreement->n_proposals || m->n_sources)
            nav_item(s, "timeline", "Timeline");
        if (m->n_parties)
            nav_item(s, "evidence", "Evidence");
    }
    if (m->n_sources)
        nav_item(s, "sources", "Sources");
    acc__str_puts(s, "</ul></nav>\n");
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* The document                                                              */

static accord_status document(acc__report *r)
{
    acc__str *s = r->s;
    const accord_model *m = r->m;
    const char *path = r->opts.model_path ? r->opts.model_path : m->path;
    acc__str_printf(s, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta name=\"generator\" content=\"accord %s\">\n<title>",
                    accord_version());
    acc__html_escape(s, m->title ? m->title : path);
    acc__str_puts(s, " \xE2\x80\x94 accord report</title>\n<style>\n");
    acc__str_puts(s, acc__report_css);
    acc__str_puts(s, "</style>\n</head>\n<body>\n");
    accord_status rc;
    if ((rc = header(r)))
        return rc;
    acc__str_puts(s, "<main>\n");
    if ((rc = acc__section_claims(r)))
        return rc;
    if (m->agreement) {
        if ((rc = acc__section_proposals(r)) || (rc = acc__section_heatmap(r)) ||
            (rc = acc__section_frontier(r)) || (rc = acc__section_repair(r)) ||
            (rc = acc__section_robust(r)) || (rc = acc__section_explorer(r)))
            return rc;
    }
    if (m->conflict && (rc = acc__section_conflict(r)))
        return rc;
    if (m->agreement && ((rc = acc__section_texts(r)) || (rc = acc__section_timeline(r)) ||
                         (rc = acc__section_evidence(r))))
        return rc;
    if (!m->agreement && !m->conflict)
        acc__str_puts(s, "<section><p>The model has neither an agreement nor a conflict "
                         "section: there is nothing to analyse.</p></section>\n");
    acc__str_puts(s, "</main>\n<footer>\n<p>Written by <strong>accord ");
    acc__str_puts(s, accord_version());
    acc__str_puts(s, "</strong> from <code>");
    acc__html_escape(s, path);
    acc__str_puts(s, "</code>. Every figure is computed from the model's numbers; the model states "
                     "where each comes from. accord takes no side: change a number and run "
                     "<code>accord report</code> again to see what a conclusion depends on.</p>\n"
                     "</footer>\n");
    if (m->agreement) {
        char *data = NULL;
        rc = accord_report_data_json(m, true, &data);
        if (rc)
            return rc;
        acc__str_puts(s, "<script type=\"application/json\" id=\"accord-data\">");
        acc__str_puts(s, data);
        acc__str_puts(s, "</script>\n");
        acc__free(data);
    }
    acc__str_puts(s, "<script>\n");
    acc__str_puts(s, acc__report_js);
    acc__str_puts(s, "</script>\n</body>\n</html>\n");
    return ACCORD_OK;
}

accord_status accord_report_html(const accord_model *m, const accord_report_options *opts,
                                 char **out, accord_diagnostics *diag)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    if (!m)
        return ACCORD_E_ARG;
    acc__json_init();
    acc__str s = {0};
    acc__report r = {.s = &s, .m = m, .diag = diag};
    if (opts)
        r.opts = *opts;
    else
        accord_report_options_init(&r.opts);
    accord_analysis_options ao;
    accord_analysis_options_init(&ao);
    ao.samples = r.opts.samples;
    ao.skip_robust = r.opts.skip_robust;
    ao.seed = r.opts.seed;
    ao.max_points = r.opts.max_points;
    ao.threads = r.opts.threads;
    accord_analysis *a = NULL;
    accord_status rc = accord_analysis_compute(m, &ao, &a, diag);
    r.a = a;
    if (!rc)
        rc = document(&r);
    accord_analysis_free(a);
    if (rc) {
        acc__str_free(&s);
        return rc;
    }
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
