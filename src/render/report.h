/*
 * report.h - library-internal pieces of the HTML report and its charts:
 * escaping (escape.c), the SVG drawing kit (svg.c), the conflict's move
 * graph (graph.c) and the report's embedded data (data.c).
 *
 * Every chart is written into an acc__str; an out-of-memory append marks
 * the string failed, and the caller turns that into ACCORD_E_NOMEM once at
 * the end (acc__str_take returns NULL).
 */
#ifndef ACCORD_REPORT_INTERNAL_H
#define ACCORD_REPORT_INTERNAL_H

#include "../core/internal.h"
#include "text.h"

#include <jansson.h>

/* The text of a scratch string t, or "" (marking `into` failed) when
 * building t ran out of memory. */
static inline const char *acc__scratch(acc__str *into, const acc__str *t)
{
    return acc__str_text(t, &into->failed);
}

/* ---- escaping (escape.c) ---- */

/* Append `text` escaped for HTML text and attribute values: & < > " ' become
 * entities; invalid UTF-8 becomes U+FFFD; control characters other than tab
 * and newline are dropped.  NULL appends nothing.  O(|text|). */
void acc__html_escape(acc__str *s, const char *text);
/* The same for at most n bytes of text. */
void acc__html_escape_n(acc__str *s, const char *text, size_t n);

/* Append `text` as the inside of a DOT double-quoted string: " and \ are
 * escaped, a newline becomes \n, other control characters are dropped,
 * invalid UTF-8 becomes U+FFFD.  O(|text|). */
void acc__dot_escape(acc__str *s, const char *text);

/* Is `text` a URL that may be linked (http:, https: or mailto:, no
 * whitespace or control characters)?  Anything else (javascript:, data:,
 * relative paths) is shown as text only. */
bool acc__url_linkable(const char *text);

/* A JSON string value for untrusted text: invalid UTF-8 replaced by U+FFFD.
 * NULL text gives JSON null.  NULL only when out of memory. */
json_t *acc__json_text(const char *text);

/* json_t -> text safe inside an HTML <script> element: compact, key order
 * preserved, every non-ASCII character and every < > & written as \uXXXX
 * (so neither "</script" nor "<!--" nor U+2028/2029 can appear).  Reals
 * keep 17 significant digits, so the page computes with the very doubles
 * the library uses.  Consumes j.  O(size). */
accord_status acc__json_script(json_t *j, char **out);

/* ---- the SVG drawing kit (svg.c) ---- */

/* Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008), black excluded. */
#define ACC_N_PALETTE 7
extern const char *const acc__palette[ACC_N_PALETTE];

/* Distinct marker shapes, used together with the palette so that series
 * stay apart in black and white. */
#define ACC_N_MARKERS 8

/* A coordinate with one decimal, never "-0.0". */
void acc__svg_num(acc__str *s, double v);
/* A number for people, with `decimals` digits, never "-0.00"; the minus is
 * U+2212 when `typographic`. */
void acc__fmt_num(acc__str *s, double v, int decimals, bool typographic);

/* acc__fmt_count: text.h */

/* <svg ...> with its <title> and <desc> (escaped), ids `<id>-t`, `<id>-d`,
 * role="img" and a viewBox of w x h. */
void acc__svg_open(acc__str *s, const char *id, double w, double h, const char *title,
                   const char *desc);
void acc__svg_close(acc__str *s);
/* <text> at (x, y) with an anchor ("start", "middle", "end"), optional
 * extra attributes (trusted, written as they are) and escaped content. */
void acc__svg_text(acc__str *s, double x, double y, const char *anchor, const char *attrs,
                   const char *text);
/* The same, the text cut to at most max_chars characters (an ellipsis
 * ending a cut text; 0: no limit). */
void acc__svg_text_fit(acc__str *s, double x, double y, const char *anchor, const char *attrs,
                       const char *text, size_t max_chars);
/* Escaped text cut to at most max_chars characters (0: no limit). */
void acc__escape_fit(acc__str *s, const char *text, size_t max_chars);
/* <line> from (x1, y1) to (x2, y2) with extra attributes (trusted). */
void acc__svg_line(acc__str *s, double x1, double y1, double x2, double y2, const char *attrs);
/* Marker `shape` (0..ACC_N_MARKERS-1) of radius r centred at (x, y). */
void acc__svg_marker(acc__str *s, int shape, double x, double y, double r, const char *fill,
                     const char *stroke);

/* The name the model gives state k (the first `named_states` entry that
 * matches it), or NULL. */
const char *acc__state_name(const accord_conflict *cf, size_t k);

/* "Nash, GMR" etc. for a bitmask of concepts (bit c: concept c). */
void acc__concepts_text(acc__str *s, unsigned concepts, const char *sep);

/* ---- the conflict's move graph (graph.c) ---- */

/* One move of the graph: `party` moves from state `from` to state `to`
 * (0-based), a unilateral improvement when `ui`. */
typedef struct acc__graph_edge {
    uint32_t from, to;
    uint32_t party;
    bool ui;
} acc__graph_edge;

/*
 * Every move (docs/contract.md §2) from each state in `from_states` (n 0-based
 * indices; NULL with n = n_states for all states), ordered by source in
 * the given order, then party, then target index.  With ui_only, only
 * unilateral improvements.  At most max_edges edges, else ACCORD_E_LIMIT
 * (also when a party has more than 24 options).  Errors: ACCORD_E_NODATA,
 * ACCORD_E_ARG (a state out of range), ACCORD_E_LIMIT, ACCORD_E_NOMEM; on
 * error *edges is NULL.  *edges is freed with acc__free.
 * O(n * sum_p 2^(options of p) * log |S|).
 */
accord_status acc__graph_moves(const accord_model *m, const uint32_t *from_states, size_t n,
                               bool ui_only, size_t max_edges, acc__graph_edge **edges,
                               size_t *count);

/* ---- helpers of the charts shared by html.c ---- */

/* Utilities of proposal `k` for every party into u (n_parties). */
void acc__proposal_utilities(const accord_model *m, size_t k, double *u);

/* The text of option k of issue i for people: the option's label
 * (discrete) or the value with the unit (integer). */
void acc__option_label(acc__str *s, const accord_issue *is, size_t k);

/* Chart bodies with an id prefix (so that several charts can share one
 * HTML document without id clashes); the public accord_svg_* call these. */
accord_status acc__svg_bars(acc__str *s, const accord_model *m, const accord_evaluation *e, size_t k,
                            const char *id);
accord_status acc__svg_heatmap(acc__str *s, const accord_model *m, const accord_evaluation *e,
                               size_t k, double scale, const char *id);
accord_status acc__svg_frontier(acc__str *s, const accord_model *m, const accord_frontier *f,
                                size_t px, size_t py, const char *id);
accord_status acc__svg_sensitivity(acc__str *s, const accord_model *m, const accord_robust *r,
                                   const char *id);
accord_status acc__svg_evolution(acc__str *s, const accord_model *m, const accord_evolution *ev,
                                 size_t max_nodes, const char *id, size_t *shown);

/* The largest loss (cost against the party's best option) in an evaluation,
 * used as the common scale of the heat maps. */
double acc__heatmap_scale(const accord_evaluation *e);

/* ---- the HTML report (html.c, html_sections.c, html_conflict.c, html_evidence.c) ---- */

/* What the report is being built from, shared by the section writers. */
typedef struct acc__report {
    acc__str *s;
    const accord_model *m;
    accord_report_options opts;
    accord_diagnostics *diag;
    size_t n_charts; /* SVG charts written, for unique ids */
    /* every analysis, computed once (accord_analysis_compute); the page
     * only renders it */
    const accord_analysis *a;
} acc__report;

/* A unique id for the next chart: "<kind><n>". */
void acc__report_chart_id(acc__report *r, const char *kind, char *buf, size_t size);

/* One column header per party: its id, its name as the abbreviation's title. */
void acc__report_party_headers(acc__str *s, const accord_model *m);

/* Sections, each written only when the model has its data. */
accord_status acc__section_proposals(acc__report *r);
accord_status acc__section_heatmap(acc__report *r);
accord_status acc__section_frontier(acc__report *r);
accord_status acc__section_repair(acc__report *r);
accord_status acc__section_robust(acc__report *r);
accord_status acc__section_explorer(acc__report *r);
accord_status acc__section_conflict(acc__report *r);
/* The evidence (html_evidence.c), for a model with an agreement section:
 * the texts side by side (issues by proposals in date order), the timeline
 * of texts and sources, and each party's numbers with their provenance.
 * Errors: ACCORD_E_NOMEM.  O(n_parties * total options + n_issues *
 * n_proposals + (n_sources + n_proposals) log of that). */
accord_status acc__section_texts(acc__report *r);
accord_status acc__section_timeline(acc__report *r);
accord_status acc__section_evidence(acc__report *r);
/* A source id as a link to its entry in the list of sources (its title and
 * id); an id the model does not list shows as written (html_evidence.c). */
void acc__html_source_link(acc__str *s, const accord_model *m, const char *id);
/* The claims the model lists, answered (html_claims.c). */
accord_status acc__section_claims(acc__report *r);

/* The page's stylesheet and script (html_assets.c). */
extern const char acc__report_css[];
extern const char acc__report_js[];

#endif
