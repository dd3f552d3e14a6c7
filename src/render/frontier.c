/* frontier_render.c - the frontier and the bargaining solutions as text or JSON. */
#include "agreement.h"
#include "render.h"
#include "dropped.h"
#include "number.h"
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Points listed per frontier in text unless verbose. */
#define TEXT_POINTS 20

/* The bargaining solutions: JSON key (docs/contract.md §3) and name for people. */
#define N_SOLUTIONS 4
static const struct {
    const char *key, *label;
} SOLUTIONS[N_SOLUTIONS] = {{"nash", "Nash"},
                            {"kalai_smorodinsky", "Kalai-Smorodinsky"},
                            {"egalitarian", "Egalitarian"},
                            {"max_welfare", "Max welfare"}};

static const accord_frontier_point *solution(const accord_frontier *f, size_t k)
{
    const accord_frontier_point *pt[N_SOLUTIONS] = {f->nash, f->kalai_smorodinsky, f->egalitarian,
                                                    f->max_welfare};
    return pt[k];
}

/* ---- JSON: the document in pieces (json.h), the points written directly
 * from their parts' jansson texts ---- */

#define DIGITS 15 /* as acc__json_finish */

typedef struct terms_cache {
    const accord_agreement *ag;
    const accord_frontier *f;
    char **key;      /* per issue: its quoted id */
    char **opt;      /* per option (utility-table index): its value's text, on demand */
    uint32_t *terms; /* the point being written */
} terms_cache;

static char *dump_any(json_t *v)
{
    if (!v)
        return NULL;
    char *t = acc__json_dumps(v, ACC_JSON_FLAGS(DIGITS) | JSON_ENCODE_ANY);
    json_decref(v);
    return t;
}

static void cache_free(terms_cache *c)
{
    const accord_agreement *ag = c->ag;
    for (size_t i = 0; c->key && i < ag->n_issues; i++)
        acc__free(c->key[i]);
    for (size_t k = 0; c->opt && k < ag->table.total_options; k++)
        acc__free(c->opt[k]);
    acc__free(c->key);
    acc__free(c->opt);
    acc__free(c->terms);
}

static bool cache_init(terms_cache *c, const accord_model *m, const accord_frontier *f)
{
    const accord_agreement *ag = m->agreement;
    *c = (terms_cache){ag, f, acc__calloc(ag->n_issues + 1, sizeof *c->key),
                       acc__calloc(ag->table.total_options + 1, sizeof *c->opt),
                       acc__calloc(ag->n_issues + 1, sizeof *c->terms)};
    if (!c->key || !c->opt || !c->terms)
        return false;
    for (size_t i = 0; i < ag->n_issues; i++)
        if (!(c->key[i] = dump_any(json_string(ag->issues[i].id))))
            return false;
    return true;
}

/* One point at `depth`: {"utility": [...], "terms": {...}}. */
static bool point_text_json(acc__str *s, terms_cache *c, size_t np, const accord_frontier_point *pt,
                            int depth)
{
    const accord_agreement *ag = c->ag;
    acc__str_puts(s, "{");
    acc__json_newline(s, depth + 1);
    acc__str_puts(s, "\"utility\": [");
    for (size_t p = 0; p < np; p++) {
        if (p)
            acc__str_puts(s, ",");
        acc__json_newline(s, depth + 2);
        if (!acc__json_append(s, json_real(acc__json_round(pt->utility[p])), depth + 2, DIGITS))
            return false;
    }
    acc__json_newline(s, depth + 1);
    acc__str_puts(s, "],");
    acc__json_newline(s, depth + 1);
    acc__str_puts(s, "\"terms\": {");
    accord_frontier_terms(c->f, pt, c->terms);
    for (size_t i = 0; i < ag->n_issues; i++) {
        size_t k = ag->table.offset[i] + c->terms[i];
        if (!c->opt[k] && !(c->opt[k] = dump_any(acc__json_option(&ag->issues[i], c->terms[i]))))
            return false;
        if (i)
            acc__str_puts(s, ",");
        acc__json_newline(s, depth + 2);
        acc__str_puts(s, c->key[i]);
        acc__str_puts(s, ": ");
        acc__str_puts(s, c->opt[k]);
    }
    if (ag->n_issues > 0)
        acc__json_newline(s, depth + 1);
    acc__str_puts(s, "}");
    acc__json_newline(s, depth);
    acc__str_puts(s, "}");
    return !s->failed;
}

/* A list of points as the value of a member at depth 1. */
static bool points_text_json(acc__str *s, terms_cache *c, size_t np,
                             const accord_frontier_point *pts, size_t n)
{
    if (n == 0) {
        acc__str_puts(s, "[]");
        return !s->failed;
    }
    acc__str_puts(s, "[");
    for (size_t k = 0; k < n; k++) {
        if (k)
            acc__str_puts(s, ",");
        acc__json_newline(s, 2);
        if (!point_text_json(s, c, np, &pts[k], 2))
            return false;
    }
    acc__json_newline(s, 1);
    acc__str_puts(s, "]");
    return !s->failed;
}

/* The four solutions as the value of a member at depth 1. */
static bool solutions_text_json(acc__str *s, terms_cache *c, size_t np, const accord_frontier *f)
{
    acc__str_puts(s, "{");
    for (size_t k = 0; k < N_SOLUTIONS; k++) {
        const accord_frontier_point *pt = solution(f, k);
        if (!acc__json_member(s, k == 0, 2, SOLUTIONS[k].key))
            return false;
        if (!pt)
            acc__str_puts(s, "null");
        else if (!point_text_json(s, c, np, pt, 2))
            return false;
    }
    acc__json_newline(s, 1);
    acc__str_puts(s, "}");
    return !s->failed;
}

/* The JSON document into s (which may have a sink); false on failure. */
static bool frontier_json_into(acc__str *s, const accord_model *m, const accord_frontier *f)
{
    terms_cache c;
    size_t np = m->n_parties;
    json_t *zopa = json_object();
    bool ok = cache_init(&c, m, f) && acc__json_set(zopa, "empty", json_boolean(f->zopa_empty)) &&
              acc__json_set(zopa, "size", acc__json_count(f->zopa_size));
    acc__str_puts(s, "{");
    ok = ok && acc__json_member(s, true, 1, "parties") &&
         acc__json_append(s, acc__json_party_ids(m), 1, DIGITS) &&
         acc__json_member(s, false, 1, "outcomes") &&
         acc__json_append(s, acc__json_count(f->outcomes), 1, DIGITS) &&
         acc__json_member(s, false, 1, "frontier") &&
         points_text_json(s, &c, np, f->points, f->n_points) &&
         acc__json_member(s, false, 1, "rational_frontier") &&
         points_text_json(s, &c, np, f->rational, f->n_rational) &&
         acc__json_member(s, false, 1, "solutions") && solutions_text_json(s, &c, np, f) &&
         acc__json_member(s, false, 1, "zopa") && acc__json_append(s, json_incref(zopa), 1, DIGITS) &&
         acc__json_member(s, false, 1, "ideal") &&
         acc__json_append(s, f->ideal ? acc__json_reals(f->ideal, np) : json_null(), 1, DIGITS);
    if (ok && f->ignored_red_lines) /* the red lines treated as dropped (--drop) */
        ok = acc__json_member(s, false, 1, "dropped_red_lines") &&
             acc__json_append(s, acc__dropped_json(m, f->ignored_red_lines), 1, DIGITS);
    acc__json_newline(s, 0);
    acc__str_puts(s, "}\n");
    json_decref(zopa);
    cache_free(&c);
    acc__str_flush(s);
    return ok && !s->failed;
}

static char *frontier_json(const accord_model *m, const accord_frontier *f)
{
    acc__str s = {0};
    if (!frontier_json_into(&s, m, f)) {
        acc__str_free(&s);
        return NULL;
    }
    return acc__str_take(&s);
}

/* The caller's writer as a string's sink, remembering whether it failed. */
typedef struct write_sink {
    accord_write_fn write;
    void *ctx;
    bool failed;
} write_sink;

static int to_writer(void *ctx, const char *text, size_t len)
{
    write_sink *w = ctx;
    w->failed = w->failed || w->write(w->ctx, text, len) != 0;
    return w->failed;
}

/* A point as a value: {"utility": [...], "terms": {...}}. */
static json_t *point_json(const accord_model *m, const accord_frontier *f,
                          const accord_frontier_point *pt)
{
    if (!pt)
        return json_null();
    uint32_t *terms = acc__calloc(f->n_issues + 1, sizeof *terms);
    if (!terms)
        return NULL;
    accord_frontier_terms(f, pt, terms);
    json_t *o = json_object();
    acc__json_set(o, "utility", acc__json_reals(pt->utility, m->n_parties));
    acc__json_set(o, "terms", acc__json_terms(m, terms));
    acc__free(terms);
    return o;
}

json_t *acc__frontier_summary_json(const accord_model *m, const accord_frontier *f)
{
    json_t *o = json_object(), *sol = json_object(), *zopa = json_object();
    acc__json_set(o, "parties", acc__json_party_ids(m));
    acc__json_set(o, "outcomes", acc__json_count(f->outcomes));
    for (size_t k = 0; k < N_SOLUTIONS; k++)
        acc__json_set(sol, SOLUTIONS[k].key, point_json(m, f, solution(f, k)));
    acc__json_set(o, "solutions", sol);
    acc__json_set(zopa, "empty", json_boolean(f->zopa_empty));
    acc__json_set(zopa, "size", acc__json_count(f->zopa_size));
    acc__json_set(o, "zopa", zopa);
    acc__json_set(o, "ideal", f->ideal ? acc__json_reals(f->ideal, m->n_parties) : json_null());
    acc__json_set(o, "frontier_points", json_integer((json_int_t)f->n_points));
    acc__json_set(o, "rational_frontier_points", json_integer((json_int_t)f->n_rational));
    if (f->ignored_red_lines)
        acc__json_set(o, "dropped_red_lines", acc__dropped_json(m, f->ignored_red_lines));
    return o;
}

static size_t col_width(const accord_model *m, size_t p)
{
    size_t w = strlen(m->parties[p].id);
    return w < 6 ? 6 : w > 16 ? 16 : w;
}

static void utility_header(acc__str *s, const accord_model *m)
{
    for (size_t p = 0; p < m->n_parties; p++) {
        acc__str_puts(s, " ");
        size_t w = col_width(m, p), l = strlen(m->parties[p].id);
        for (size_t c = l; c < w; c++)
            acc__str_puts(s, " ");
        acc__ag_pad(s, m->parties[p].id, l < w ? l : w);
    }
}

static void utility_cells(acc__str *s, const accord_model *m, const double *u)
{
    char num[ACC_FIXED_SIZE];
    for (size_t p = 0; p < m->n_parties; p++)
        acc__str_printf(s, " %*s", (int)col_width(m, p), acc__fixed(u[p], 3, num, sizeof num));
}

static void points_text(acc__str *s, const accord_model *m, const accord_frontier *f,
                        const char *title, const accord_frontier_point *pts, size_t n,
                        uint32_t *terms, const accord_render_options *o)
{
    size_t shown = o && o->verbose ? n : (n < TEXT_POINTS ? n : TEXT_POINTS);
    acc__style sty = acc__style_of(o);
    acc__str_printf(s, "\n%s%s%s: %zu point%s, by %s's utility\n", sty.bold, title, sty.reset, n,
                    n == 1 ? "" : "s", m->parties[0].id);
    if (n == 0)
        return;
    acc__str_puts(s, "     #");
    utility_header(s, m);
    acc__str_puts(s, "  terms\n");
    size_t indent = 6 + 2;
    for (size_t p = 0; p < m->n_parties; p++)
        indent += 1 + col_width(m, p);
    for (size_t k = 0; k < shown; k++) {
        acc__str_printf(s, "  %4zu", k + 1);
        utility_cells(s, m, pts[k].utility);
        acc__str_puts(s, "  ");
        accord_frontier_terms(f, &pts[k], terms);
        acc__ag_terms_line(s, m, terms, indent, acc__width_of(o));
        acc__str_puts(s, "\n");
    }
    if (shown < n)
        acc__str_printf(s, "  ... %zu more (--verbose or --json lists them all)\n", n - shown);
}

static char *frontier_text(const accord_model *m, const accord_frontier *f,
                           const accord_render_options *o)
{
    acc__str s = {0};
    acc__style sty = acc__style_of(o);
    const char *bold = sty.bold, *reset = sty.reset;
    acc__str_printf(&s, "%sPareto frontier%s of %s%s%s%s\n", bold, reset, m->path,
                    m->title ? " (" : "", m->title ? m->title : "", m->title ? ")" : "");
    acc__str_printf(&s, "  %zu parties, %zu issues, ", m->n_parties, f->n_issues);
    acc__fmt_count(&s, f->outcomes);
    acc__str_printf(&s, " outcomes\n  frontier: %zu point%s; rational frontier: %zu point%s\n",
                    f->n_points, f->n_points == 1 ? "" : "s", f->n_rational,
                    f->n_rational == 1 ? "" : "s");
    acc__dropped_text(&s, m, f->ignored_red_lines, "  as if these red lines were dropped: ", "\n");
    if (f->zopa_empty) {
        acc__str_puts(&s, "  ZOPA: empty: no outcome is acceptable to every party (reservations "
                          "and red lines)\n");
    } else {
        acc__str_puts(&s, "  ZOPA: ");
        if (f->zopa_size >= 0) {
            acc__fmt_count(&s, f->zopa_size);
            acc__str_printf(&s, " outcome%s acceptable to every party\n", f->zopa_size == 1 ? "" : "s");
        } else {
            acc__str_puts(&s, "not empty (too large to count)\n");
        }
    }
    acc__str_printf(&s, "\n%sBargaining solutions%s (the first three among rational outcomes; "
                        "max welfare among all)\n",
                    bold, reset);
    acc__str_puts(&s, "  ");
    acc__ag_pad(&s, "solution", 17);
    utility_header(&s, m);
    acc__str_puts(&s, "  welfare  terms\n");
    size_t indent = 2 + 17 + 2 + 7 + 2;
    for (size_t p = 0; p < m->n_parties; p++)
        indent += 1 + col_width(m, p);
    uint32_t *terms = acc__calloc(f->n_issues + 1, sizeof *terms);
    if (!terms) {
        acc__str_free(&s);
        return NULL;
    }
    for (size_t k = 0; k < N_SOLUTIONS; k++) {
        const accord_frontier_point *pt = solution(f, k);
        acc__str_puts(&s, "  ");
        acc__ag_pad(&s, SOLUTIONS[k].label, 17);
        if (!pt) {
            acc__str_puts(&s, "  none: the ZOPA is empty\n");
            continue;
        }
        utility_cells(&s, m, pt->utility);
        double w = 0;
        for (size_t p = 0; p < m->n_parties; p++)
            w += pt->utility[p];
        char num[ACC_FIXED_SIZE];
        acc__str_printf(&s, "  %7s  ", acc__fixed(w, 3, num, sizeof num));
        accord_frontier_terms(f, pt, terms);
        acc__ag_terms_line(&s, m, terms, indent, acc__width_of(o));
        acc__str_puts(&s, "\n");
    }
    points_text(&s, m, f, "Rational frontier", f->rational, f->n_rational, terms, o);
    points_text(&s, m, f, "Pareto frontier", f->points, f->n_points, terms, o);
    acc__free(terms);
    char *text = NULL;
    return acc__text_finish(&s, o, &text) ? NULL : text;
}

accord_status accord_frontier_render_write(const accord_model *m, const accord_frontier *f,
                                           const accord_render_options *opts, accord_write_fn write,
                                           void *ctx)
{
    if (!m || !m->agreement || !f || !write)
        return ACCORD_E_ARG;
    acc__json_init();
    if (opts && opts->format == ACCORD_FORMAT_JSON) {
        write_sink w = {write, ctx, false};
        acc__str s = {.sink = to_writer, .sink_ctx = &w};
        bool ok = frontier_json_into(&s, m, f);
        acc__str_free(&s);
        return ok ? ACCORD_OK : w.failed ? ACCORD_E_IO : ACCORD_E_NOMEM;
    }
    char *text = frontier_text(m, f, opts);
    if (!text)
        return ACCORD_E_NOMEM;
    int w = write(ctx, text, strlen(text));
    acc__free(text);
    return w ? ACCORD_E_IO : ACCORD_OK;
}

accord_status accord_frontier_render(const accord_model *m, const accord_frontier *f,
                                     const accord_render_options *opts, char **out)
{
    *out = NULL;
    if (!m || !m->agreement || !f)
        return ACCORD_E_ARG;
    acc__json_init();
    if (opts && opts->format == ACCORD_FORMAT_JSON) {
        *out = frontier_json(m, f);
        return *out ? ACCORD_OK : ACCORD_E_NOMEM;
    }
    *out = frontier_text(m, f, opts);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
