/* test_report.c - the HTML report, its SVG charts and the DOT graphs:
 * structure, escaping of hostile model text, determinism, goldens, limits
 * and allocation failures.
 *
 * Goldens live in tests/golden/report/ (*.svg, *.dot); this test has the
 * label golden too, so that `ACCORD_UPDATE_GOLDEN=1 ctest -L golden`
 * rewrites them with the CLI's after an intended change (tests/README.md). */
#include "support.h"

#include "model/expr.h"
#include "render/report.h"
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
        n++;
    return n;
}

/* Not inlined: gcc 12 at -O2 then takes the returned pointer for one to the
 * local `html` (a false -Wdangling-pointer). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static char *report(const accord_model *m, const accord_report_options *o)
{
    char *html = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(accord_report_html(m, o, &html, &diag), ACCORD_OK);
    accord_diagnostics_clear(&diag);
    assert_non_null(html);
    return html;
}

/* Compare text with tests/golden/report/<name>; on a difference the text
 * goes to <name>.actual.  With ACCORD_UPDATE_GOLDEN=1 the golden file is
 * rewritten instead, as tests/golden/run.cmake does for the CLI's cases
 * (`ACCORD_UPDATE_GOLDEN=1 ctest -L golden` runs this test too); the
 * .actual is removed when the file is updated or matches. */
static void golden(const char *name, const char *text)
{
    char path[4096], actual[4200];
    snprintf(path, sizeof path, "%s/tests/golden/report/%s", ACCORD_SOURCE_DIR, name);
    snprintf(actual, sizeof actual, "%s.actual", path);
    const char *update = getenv("ACCORD_UPDATE_GOLDEN");
    if (update && !strcmp(update, "1")) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_true(fputs(text, f) >= 0);
        assert_int_equal(fclose(f), 0);
        remove(actual);
        return;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("golden file %s is missing (ACCORD_UPDATE_GOLDEN=1 writes it)", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *expected = malloc((size_t)size + 1);
    assert_non_null(expected);
    assert_int_equal(fread(expected, 1, (size_t)size, f), (size_t)size);
    expected[size] = '\0';
    fclose(f);
    if (strcmp(expected, text) != 0) {
        FILE *a = fopen(actual, "wb");
        if (a) {
            fputs(text, a);
            fclose(a);
        }
        free(expected);
        fail_msg("%s differs from the output (written to %s)", path, actual);
    }
    free(expected);
    remove(actual);
}

/* The strings of tests/models/report/escape.yaml that must never reach the
 * page unescaped. */
static const char *const hostile[] = {
    "<script>alert(1)</script>", "<script>window.__xss", "</title><script>", "<img src=x",
    "<svg onload", "<a href=\"javascript:", "<b>bold</b>", "<i>first</i>",
    "</article></section><h1>", "</li><li>injected", "<!-- a comment", "</text></svg>",
    "<![CDATA[", "\"&'<>", "<limit>", "<units>", "<2025>", "<b>hold</b>"};

static void assert_no_hostile(const char *text)
{
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++)
        if (strstr(text, hostile[i]))
            fail_msg("unescaped model text \"%s\" in the output", hostile[i]);
}

/* ------------------------------------------------------------------------ */
/* The report                                                                */

static void test_options_init(void **state)
{
    (void)state;
    accord_report_options o;
    memset(&o, 0xff, sizeof o);
    accord_report_options_init(&o);
    assert_int_equal(o.samples, 1000);
    assert_int_equal(o.seed, 0);
    assert_int_equal(o.max_points, 0);
    assert_null(o.model_path);
    accord_report_options_init(NULL); /* no crash */
}

/* The built-in scenario: every section, every chart, one document. */
static void test_builtin_structure(void **state)
{
    (void)state;
    accord_model *m = load_builtin();
    char *html = report(m, NULL);
    assert_true(!strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 32));
    size_t len = strlen(html);
    assert_true(len > 7 && !strcmp(html + len - 8, "</html>\n"));
    static const char *const sections[] = {"id=\"proposals\"", "id=\"heatmap\"", "id=\"frontier\"",
                                           "id=\"repair\"",    "id=\"robust\"",  "id=\"explorer\"",
                                           "id=\"conflict\"",  "id=\"sources\""};
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
        if (!strstr(html, sections[i]))
            fail_msg("section %s missing", sections[i]);
    const accord_agreement *ag = m->agreement;
    size_t n = m->n_parties, pairs = n * (n - 1) / 2;
    /* bars and a heat map per proposal, a frontier per pair, the evolution */
    size_t charts = 2 * ag->n_proposals + pairs + 1;
    assert_true(count(html, "<svg xmlns=") >= charts);
    assert_int_equal(count(html, "<svg xmlns="), count(html, "</svg>"));
    assert_int_equal(count(html, "<script"), 2);
    assert_int_equal(count(html, "<script type=\"application/json\" id=\"accord-data\">"), 1);
    /* every proposal and party is named; sources are safe links */
    for (size_t k = 0; k < ag->n_proposals; k++)
        assert_non_null(strstr(html, ag->proposals[k].id));
    assert_int_equal(count(html, "rel=\"noopener noreferrer\""), m->n_sources);
    /* nothing outside the page: no external scripts, styles or images */
    assert_null(strstr(html, "<script src"));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "@import"));
    /* the provenance statement and the stability tableau */
    assert_non_null(strstr(html, "Every number in this model has a source or a written assumption"));
    assert_non_null(strstr(html, "class=\"tableau\""));
    accord_free(html);
    accord_model_free(m);
}

/* Two renders are byte-identical (no time, no addresses, stable order). */
static void test_determinism(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/small.yaml");
    char *a = report(m, NULL), *b = report(m, NULL);
    assert_string_equal(a, b);
    accord_free(a);
    accord_free(b);
    accord_evaluation *e = NULL;
    assert_int_equal(accord_evaluation_compute(m, NULL, &e, NULL), ACCORD_OK);
    for (size_t k = 0; k < m->agreement->n_proposals; k++) {
        char *x = NULL, *y = NULL;
        assert_int_equal(accord_svg_utility_bars(m, e, k, &x), ACCORD_OK);
        assert_int_equal(accord_svg_utility_bars(m, e, k, &y), ACCORD_OK);
        assert_string_equal(x, y);
        accord_free(x);
        accord_free(y);
        assert_int_equal(accord_svg_heatmap(m, e, k, &x), ACCORD_OK);
        assert_int_equal(accord_svg_heatmap(m, e, k, &y), ACCORD_OK);
        assert_string_equal(x, y);
        accord_free(x);
        accord_free(y);
    }
    accord_evaluation_free(e);
    accord_model_free(m);
}

static void test_small_sections(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/small.yaml");
    accord_report_options o;
    accord_report_options_init(&o);
    o.model_path = "small.yaml";
    char *html = report(m, &o);
    /* the ZOPA is not empty: solutions and repairs are shown */
    assert_non_null(strstr(html, "acceptable to every party (the ZOPA)"));
    assert_non_null(strstr(html, "Acceptable to every party."));
    assert_non_null(strstr(html, "change"));
    /* ranges are sampled, the seed is reported */
    assert_non_null(strstr(html, "1000 times (seed 0"));
    /* named states and the status quo appear */
    assert_non_null(strstr(html, "both at the table"));
    assert_non_null(strstr(html, "status quo"));
    assert_non_null(strstr(html, "<code>small.yaml</code>"));
    /* the explorer starts at the first proposal's terms */
    assert_non_null(strstr(html, "<option value=\"0\" selected>Port closed"));
    assert_int_equal(count(html, "class=\"x-opt\""), m->agreement->n_issues);
    accord_free(html);
    /* no sampling when asked for none */
    o.skip_robust = true;
    html = report(m, &o);
    assert_null(strstr(html, "id=\"robust\""));
    accord_free(html);
    accord_model_free(m);
}

/* A frontier refused as too large is said in the page, not a failure. */
static void test_frontier_limit(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/small.yaml");
    accord_report_options o;
    accord_report_options_init(&o);
    o.max_points = 2;
    o.skip_robust = true;
    char *html = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(accord_report_html(m, &o, &html, &diag), ACCORD_OK);
    assert_non_null(strstr(html, "The frontier was not computed."));
    assert_non_null(strstr(html, "frontier not computed"));
    assert_true(diag.count >= 1);
    assert_int_equal(diag.errors, 0);
    assert_int_equal(diag.items[0].severity, ACCORD_WARNING);
    accord_diagnostics_clear(&diag);
    accord_free(html);
    accord_model_free(m);
}

/* Models with one section only. */
static void test_one_section(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/conflict/elmira.yaml");
    char *html = report(m, NULL);
    assert_null(strstr(html, "id=\"proposals\""));
    assert_null(strstr(html, "id=\"accord-data\""));
    assert_non_null(strstr(html, "id=\"conflict\""));
    assert_non_null(strstr(html, "Stability of every state (12)"));
    assert_int_equal(count(html, "<script"), 1);
    accord_free(html);
    accord_model_free(m);

    m = load_source("tests/models/basic.yaml");
    html = report(m, NULL);
    assert_non_null(strstr(html, "id=\"proposals\""));
    assert_null(strstr(html, "id=\"conflict\""));
    accord_free(html);
    accord_model_free(m);

    m = load_yaml_string("accord: 1\nparties: [A, B]\nconflict:\n  options:\n    A: [x]\n"
                         "    B: [y]\n  preferences:\n    A: {priorities: [A.x]}\n"
                         "    B: {priorities: [B.y]}\n");
    html = report(m, NULL);
    assert_non_null(strstr(html, "no <code>status_quo</code>"));
    accord_free(html);
    accord_model_free(m);
}

/* ------------------------------------------------------------------------ */
/* Escaping                                                                  */

static void test_escape_html(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/escape.yaml");
    char *html = report(m, NULL);
    assert_no_hostile(html);
    /* the report's own two scripts only, and the text shows escaped */
    assert_int_equal(count(html, "<script"), 2);
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(html, "&quot;&amp;&#39;&lt;&gt;"));
    assert_non_null(strstr(html, "<title>&lt;/title&gt;&lt;script&gt;"));
    /* a javascript: URL is shown, never linked */
    assert_null(strstr(html, "href=\"javascript"));
    assert_non_null(strstr(html, "(javascript:window.__xss = 4)"));
    /* the embedded JSON: no '<', '>', '&' or non-ASCII byte (so no
     * "</script>", no U+2028), and it parses back to the model's text */
    const char *open = strstr(html, "id=\"accord-data\">");
    assert_non_null(open);
    open += strlen("id=\"accord-data\">");
    const char *close = strstr(open, "</script>");
    assert_non_null(close);
    for (const char *p = open; p < close; p++) {
        assert_true((unsigned char)*p < 0x80);
        assert_true(*p != '<' && *p != '>' && *p != '&');
    }
    json_error_t err;
    json_t *j = json_loadb(open, (size_t)(close - open), 0, &err);
    assert_non_null(j);
    const char *name = json_string_value(json_object_get(json_array_get(json_object_get(j, "parties"), 0), "name"));
    assert_string_equal(name, "<script>alert(1)</script>");
    name = json_string_value(json_object_get(json_array_get(json_object_get(j, "parties"), 2), "name"));
    assert_non_null(strstr(name, "\xE2\x80\xA8")); /* U+2028 survives as data */
    json_decref(j);
    accord_free(html);
    accord_model_free(m);
}

static void test_escape_charts(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/escape.yaml");
    accord_evaluation *e = NULL;
    assert_int_equal(accord_evaluation_compute(m, NULL, &e, NULL), ACCORD_OK);
    char *svg = NULL;
    for (size_t k = 0; k < m->agreement->n_proposals; k++) {
        assert_int_equal(accord_svg_utility_bars(m, e, k, &svg), ACCORD_OK);
        assert_no_hostile(svg);
        accord_free(svg);
        assert_int_equal(accord_svg_heatmap(m, e, k, &svg), ACCORD_OK);
        assert_no_hostile(svg);
        assert_non_null(strstr(svg, "&lt;svg onload="));
        accord_free(svg);
    }
    accord_evaluation_free(e);
    accord_frontier *f = NULL;
    assert_int_equal(accord_frontier_compute(m, NULL, &f, NULL), ACCORD_OK);
    assert_int_equal(accord_svg_frontier(m, f, 0, 1, &svg), ACCORD_OK);
    assert_no_hostile(svg);
    accord_free(svg);
    accord_frontier_free(f);
    accord_evolution *ev = NULL;
    assert_int_equal(accord_evolve_compute(m, NULL, &ev, NULL), ACCORD_OK);
    assert_int_equal(accord_svg_evolution(m, ev, &svg), ACCORD_OK);
    assert_no_hostile(svg);
    accord_free(svg);
    char *dot = NULL;
    assert_int_equal(accord_evolution_render_dot(m, ev, &dot), ACCORD_OK);
    assert_non_null(strstr(dot, "\\\"deadlock\\\"")); /* quotes escaped for DOT */
    accord_free(dot);
    assert_int_equal(accord_stability_render_dot(m, ev->stability, NULL, &dot, NULL), ACCORD_OK);
    assert_null(strstr(dot, "\"deadlock\""));
    accord_free(dot);
    accord_evolution_free(ev);
    accord_model_free(m);
}

/* Invalid UTF-8 and control characters never reach the output. */
static void test_escape_bytes(void **state)
{
    (void)state;
    acc__str s = {0};
    acc__html_escape(&s, "a\xFF" "b\xC0\xAF" "c\x01" "d\xED\xA0\x80" "e\xE2\x82\xAC<>&\"'\tz");
    char *t = acc__str_take(&s);
    assert_string_equal(t, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "cd\xEF\xBF\xBD\xEF\xBF\xBD"
                           "\xEF\xBF\xBD" "e\xE2\x82\xAC&lt;&gt;&amp;&quot;&#39;\tz");
    acc__free(t);
    acc__dot_escape(&s, "say \"hi\"\\\nnext\x02");
    t = acc__str_take(&s);
    assert_string_equal(t, "say \\\"hi\\\"\\\\\\nnext");
    acc__free(t);
    assert_true(acc__url_linkable("https://example.org/a?b=1&c=2"));
    assert_true(acc__url_linkable("HTTP://EXAMPLE.ORG"));
    assert_false(acc__url_linkable("javascript:alert(1)"));
    assert_false(acc__url_linkable(" https://x.org"));
    assert_false(acc__url_linkable("https://x.org/\nx"));
    assert_false(acc__url_linkable("data:text/html,<script>"));
    assert_false(acc__url_linkable("https://"));
    assert_false(acc__url_linkable(NULL));
    /* cutting text never splits a character */
    acc__escape_fit(&s, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3);
    t = acc__str_take(&s);
    assert_string_equal(t, "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
    acc__free(t);
    acc__fmt_count(&s, 35271936);
    acc__str_puts(&s, " ");
    acc__fmt_num(&s, -0.0001, 3, true);
    acc__str_puts(&s, " ");
    acc__fmt_num(&s, -0.25, 2, true);
    acc__str_puts(&s, " ");
    acc__svg_num(&s, -0.04);
    t = acc__str_take(&s);
    assert_string_equal(t, "35,271,936 0.000 \xE2\x88\x92" "0.25 0");
    acc__free(t);
}

/* ------------------------------------------------------------------------ */
/* The explorer's data                                                       */

/* Evaluate a red line's JSON node array as the page's script does. */
static bool eval_json_expr(json_t *expr, const uint32_t *t)
{
    size_t n = json_array_size(expr);
    bool v[ACC_EXPR_MAX_NODES];
    assert_true(n > 0 && n <= ACC_EXPR_MAX_NODES);
    for (size_t i = 0; i < n; i++) {
        json_t *node = json_array_get(expr, i);
        const char *k = json_string_value(json_array_get(node, 0));
        long a = (long)json_integer_value(json_array_get(node, 1));
        long b = (long)json_integer_value(json_array_get(node, 2));
        if (!strcmp(k, "atom")) {
            const char *op = json_string_value(json_array_get(node, 2));
            long x = (long)t[a], arg = (long)json_integer_value(json_array_get(node, 3));
            v[i] = !strcmp(op, "=") ? x == arg : !strcmp(op, "!=") ? x != arg
                 : !strcmp(op, ">=") ? x >= arg : x < arg;
        } else if (!strcmp(k, "not")) {
            v[i] = !v[a];
        } else if (!strcmp(k, "and")) {
            v[i] = v[a] && v[b];
        } else if (!strcmp(k, "or")) {
            v[i] = v[a] || v[b];
        } else if (!strcmp(k, "implies")) {
            v[i] = !v[a] || v[b];
        } else if (!strcmp(k, "iff")) {
            v[i] = v[a] == v[b];
        } else {
            assert_string_equal(k, "const");
            v[i] = a != 0;
        }
    }
    return v[n - 1];
}

/* Over every outcome, the data gives exactly the library's utilities and
 * red-line verdicts. */
static void test_data_json(void **state)
{
    (void)state;
    static const char *const models[] = {"tests/models/report/small.yaml",
                                         "tests/models/report/escape.yaml",
                                         "tests/models/basic.yaml"};
    for (size_t mi = 0; mi < 3; mi++) {
        accord_model *m = load_source(models[mi]);
        const accord_agreement *ag = m->agreement;
        char *text = NULL;
        assert_int_equal(accord_report_data_json(m, false, &text), ACCORD_OK);
        json_error_t err;
        json_t *j = json_loads(text, 0, &err);
        assert_non_null(j);
        accord_free(text);
        json_t *contrib = json_object_get(j, "contrib"), *red = json_object_get(j, "red_lines");
        assert_int_equal(json_array_size(json_object_get(j, "issues")), ag->n_issues);
        assert_int_equal(json_array_size(json_object_get(j, "proposals")), ag->n_proposals);
        uint32_t t[16] = {0};
        assert_true(ag->n_issues <= 16);
        for (;;) {
            for (size_t p = 0; p < m->n_parties; p++) {
                double u = 0;
                for (size_t i = 0; i < ag->n_issues; i++)
                    u += json_real_value(json_array_get(json_array_get(json_array_get(contrib, p), i), t[i]));
                bool cap = json_is_true(json_array_get(json_object_get(j, "cap"), p));
                if (cap && u > 1)
                    u = 1;
                json_t *ex = json_array_get(json_object_get(j, "exact"), p);
                if (json_is_object(ex)) { /* the page's BigInt sum, in long long here */
                    long long n = 0, den = atoll(json_string_value(json_object_get(ex, "den")));
                    for (size_t i = 0; i < ag->n_issues; i++)
                        n += atoll(json_string_value(
                            json_array_get(json_array_get(json_object_get(ex, "num"), i), t[i])));
                    if (cap && n > den)
                        n = den;
                    assert_true((double)n / (double)den == accord_utility(m, p, t)); /* bit-identical */
                    long long res = atoll(json_string_value(json_object_get(ex, "res")));
                    assert_true((n >= res) == (accord_utility(m, p, t) >= ag->table.reservation[p]));
                }
                assert_true(fabs(u - accord_utility(m, p, t)) < 1e-12);
                json_t *lines = json_array_get(red, p);
                assert_int_equal(json_array_size(lines), ag->preferences[p].n_red_lines);
                for (size_t r = 0; r < json_array_size(lines); r++)
                    assert_int_equal(eval_json_expr(json_object_get(json_array_get(lines, r), "expr"), t),
                                     accord_expr_eval_outcome(ag->preferences[p].red_lines[r].expr, t));
            }
            size_t i = ag->n_issues;
            while (i > 0 && ++t[i - 1] == ag->issues[i - 1].n_options)
                t[--i] = 0;
            if (i == 0)
                break;
        }
        json_decref(j);
        /* script-safe form: ASCII without < > & */
        assert_int_equal(accord_report_data_json(m, true, &text), ACCORD_OK);
        for (const char *p = text; *p; p++)
            assert_true((unsigned char)*p < 0x80 && *p != '<' && *p != '>' && *p != '&');
        accord_free(text);
        accord_model_free(m);
    }
    accord_model *m = load_source("tests/models/conflict/elmira.yaml");
    char *text = NULL;
    assert_int_equal(accord_report_data_json(m, false, &text), ACCORD_E_NODATA);
    assert_null(text);
    accord_model_free(m);
}

/* ------------------------------------------------------------------------ */
/* Charts: goldens and arguments                                             */

static void test_svg_goldens(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/small.yaml");
    accord_evaluation *e = NULL;
    char *svg = NULL;
    assert_int_equal(accord_evaluation_compute(m, NULL, &e, NULL), ACCORD_OK);
    assert_int_equal(accord_svg_utility_bars(m, e, 0, &svg), ACCORD_OK);
    golden("bars-north_plan.svg", svg);
    accord_free(svg);
    assert_int_equal(accord_svg_heatmap(m, e, 1, &svg), ACCORD_OK);
    golden("heatmap-compromise.svg", svg);
    accord_free(svg);
    accord_evaluation_free(e);
    accord_frontier *f = NULL;
    assert_int_equal(accord_frontier_compute(m, NULL, &f, NULL), ACCORD_OK);
    assert_int_equal(accord_svg_frontier(m, f, 0, 1, &svg), ACCORD_OK);
    golden("frontier-N-S.svg", svg);
    accord_free(svg);
    assert_int_equal(accord_svg_frontier(m, NULL, 0, 2, &svg), ACCORD_OK);
    golden("frontier-none-N-M.svg", svg);
    accord_free(svg);
    accord_frontier_free(f);
    accord_robust *r = NULL;
    accord_robust_options ro = {.samples = 400, .seed = 7, .top = 5};
    assert_int_equal(accord_robust_compute(m, &ro, &r, NULL), ACCORD_OK);
    assert_int_equal(accord_svg_sensitivity(m, r, &svg), ACCORD_OK);
    golden("sensitivity.svg", svg);
    accord_free(svg);
    accord_robust_free(r);
    accord_evolution *ev = NULL;
    assert_int_equal(accord_evolve_compute(m, NULL, &ev, NULL), ACCORD_OK);
    assert_int_equal(accord_svg_evolution(m, ev, &svg), ACCORD_OK);
    golden("evolution.svg", svg);
    accord_free(svg);
    accord_evolution_free(ev);
    accord_model_free(m);
}

static void test_svg_arguments(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/small.yaml");
    accord_model *other = load_source("tests/models/basic.yaml");
    accord_evaluation *e = NULL;
    assert_int_equal(accord_evaluation_compute(m, NULL, &e, NULL), ACCORD_OK);
    char *svg = (char *)"x";
    assert_int_equal(accord_svg_utility_bars(m, e, 3, &svg), ACCORD_E_ARG);
    assert_null(svg);
    assert_int_equal(accord_svg_heatmap(other, e, 0, &svg), ACCORD_E_ARG);
    assert_int_equal(accord_svg_utility_bars(m, NULL, 0, &svg), ACCORD_E_ARG);
    assert_int_equal(accord_svg_utility_bars(m, e, 0, NULL), ACCORD_E_ARG);
    assert_int_equal(accord_svg_frontier(m, NULL, 1, 1, &svg), ACCORD_E_ARG);
    assert_int_equal(accord_svg_frontier(m, NULL, 0, 3, &svg), ACCORD_E_ARG);
    assert_int_equal(accord_svg_sensitivity(m, NULL, &svg), ACCORD_E_ARG);
    assert_int_equal(accord_svg_evolution(m, NULL, &svg), ACCORD_E_ARG);
    assert_int_equal(accord_report_html(NULL, NULL, &svg, NULL), ACCORD_E_ARG);
    assert_int_equal(accord_report_html(m, NULL, NULL, NULL), ACCORD_E_ARG);
    accord_evaluation_free(e);
    accord_model_free(other);
    accord_model_free(m);
}

/* ------------------------------------------------------------------------ */
/* DOT                                                                       */

static void test_dot(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/small.yaml");
    accord_stability *st = NULL;
    assert_int_equal(accord_stability_compute(m, NULL, &st, NULL), ACCORD_OK);
    char *dot = NULL;
    assert_int_equal(accord_stability_render_dot(m, st, NULL, &dot, NULL), ACCORD_OK);
    golden("stability.dot", dot);
    /* one node per state, equilibria double, the status quo a house */
    /* (the graph's own label is the +1) */
    assert_int_equal(count(dot, "[label=\""), 1 + m->conflict->n_states + count(dot, " -> "));
    size_t eq = 0;
    for (size_t k = 0; k < st->n_states; k++)
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
            if (accord_stability_is_equilibrium(st, (accord_concept)c, k)) {
                eq++;
                break;
            }
    assert_int_equal(count(dot, "peripheries=2"), eq);
    assert_int_equal(count(dot, "shape=house"), 1);
    assert_true(count(dot, "style=bold") > 0 && count(dot, "style=dashed") > 0);
    accord_free(dot);
    accord_dot_options o = {.ui_only = true};
    assert_int_equal(accord_stability_render_dot(m, st, &o, &dot, NULL), ACCORD_OK);
    golden("stability-ui.dot", dot);
    assert_int_equal(count(dot, "style=dashed"), 0);
    accord_free(dot);
    /* limits */
    accord_diagnostics diag = {0};
    o = (accord_dot_options){.max_states = 5};
    assert_int_equal(accord_stability_render_dot(m, st, &o, &dot, &diag), ACCORD_E_LIMIT);
    assert_null(dot);
    assert_true(diag_find(&diag, "24 feasible states") >= 0);
    accord_diagnostics_clear(&diag);
    o = (accord_dot_options){.max_edges = 3};
    assert_int_equal(accord_stability_render_dot(m, st, &o, &dot, &diag), ACCORD_E_LIMIT);
    assert_true(diag_find(&diag, "more than 3 moves") >= 0);
    accord_diagnostics_clear(&diag);
    accord_stability_free(st);

    accord_evolution *ev = NULL;
    assert_int_equal(accord_evolve_compute(m, NULL, &ev, NULL), ACCORD_OK);
    assert_int_equal(accord_evolution_render_dot(m, ev, &dot), ACCORD_OK);
    golden("evolution.dot", dot);
    assert_int_equal(count(dot, "[label=\"") - count(dot, " -> "), 1 + ev->n_reachable);
    accord_free(dot);
    accord_evolution_free(ev);

    accord_model *a = load_source("tests/models/basic.yaml");
    assert_int_equal(accord_stability_render_dot(a, NULL, NULL, &dot, &diag), ACCORD_E_NODATA);
    accord_diagnostics_clear(&diag);
    accord_model_free(a);
    accord_model_free(m);
}

/* The moves listed one by one agree with the definition: party p moves from
 * s to t when t is feasible and differs from s only in p's options, each
 * changed in an allowed direction. */
static void test_graph_moves(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/small.yaml");
    const accord_conflict *cf = m->conflict;
    acc__graph_edge *edges = NULL;
    size_t n = 0;
    assert_int_equal(acc__graph_moves(m, NULL, cf->n_states, false, 100000, &edges, &n), ACCORD_OK);
    size_t expected = 0;
    for (size_t s = 0; s < cf->n_states; s++)
        for (size_t t = 0; t < cf->n_states; t++)
            for (size_t p = 0; p < m->n_parties; p++) {
                uint64_t diff = accord_conflict_state_code(cf, s) ^ accord_conflict_state_code(cf, t);
                bool ok = s != t;
                for (size_t k = 0; k < cf->n_options && ok; k++) {
                    if (!((diff >> k) & 1))
                        continue;
                    const accord_conflict_option *o = &cf->options[k];
                    bool taken = (accord_conflict_state_code(cf, t) >> k) & 1;
                    ok = o->party == p && (o->moves == ACCORD_MOVES_BOTH ||
                                           (o->moves == ACCORD_MOVES_FORWARD && taken) ||
                                           (o->moves == ACCORD_MOVES_BACKWARD && !taken));
                }
                if (!ok)
                    continue;
                expected++;
                bool found = false;
                for (size_t e = 0; e < n && !found; e++)
                    found = edges[e].from == s && edges[e].to == t && edges[e].party == p &&
                            edges[e].ui == (accord_conflict_level(cf, p, t) > accord_conflict_level(cf, p, s));
                assert_true(found);
            }
    assert_int_equal(n, expected);
    acc__free(edges);
    accord_model_free(m);
}

/* ------------------------------------------------------------------------ */
/* Allocation failures                                                       */

/* Fail the k-th allocation of `run` for every k (or every `stride`-th) and
 * expect a clean ACCORD_E_NOMEM each time (ASan checks for leaks). */
static void fail_each(accord_status (*run)(void *), void *arg, long stride)
{
    test_alloc_fail_at(-1);
    assert_int_equal(run(arg), ACCORD_OK);
    long total = test_alloc_count();
    for (long k = 0; k < total; k += stride) {
        test_alloc_fail_from(k);
        accord_status rc = run(arg);
        if (rc != ACCORD_E_NOMEM && rc != ACCORD_OK)
            fail_msg("failing allocation %ld of %ld gave status %d", k + 1, total, rc);
    }
    test_alloc_restore();
}

typedef struct alloc_case {
    const accord_model *m;
    const accord_evaluation *e;
    const accord_evolution *ev;
    const accord_frontier *f;
} alloc_case;

static accord_status run_charts(void *arg)
{
    alloc_case *c = arg;
    char *out = NULL;
    accord_status rc;
    if ((rc = accord_svg_utility_bars(c->m, c->e, 0, &out)))
        return rc;
    accord_free(out);
    if ((rc = accord_svg_heatmap(c->m, c->e, 1, &out)))
        return rc;
    accord_free(out);
    if ((rc = accord_svg_frontier(c->m, c->f, 0, 1, &out)))
        return rc;
    accord_free(out);
    if ((rc = accord_svg_evolution(c->m, c->ev, &out)))
        return rc;
    accord_free(out);
    if ((rc = accord_evolution_render_dot(c->m, c->ev, &out)))
        return rc;
    accord_free(out);
    if ((rc = accord_stability_render_dot(c->m, c->ev->stability, NULL, &out, NULL)))
        return rc;
    accord_free(out);
    if ((rc = accord_report_data_json(c->m, true, &out)))
        return rc;
    accord_free(out);
    return ACCORD_OK;
}

static accord_status run_report(void *arg)
{
    alloc_case *c = arg;
    char *out = NULL;
    accord_diagnostics diag = {0};
    accord_report_options o;
    accord_report_options_init(&o);
    o.samples = 20;
    o.threads = 1;
    accord_status rc = accord_report_html(c->m, &o, &out, &diag);
    accord_diagnostics_clear(&diag);
    accord_free(out);
    return rc;
}

static void test_allocation_failure(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/small.yaml");
    alloc_case c = {.m = m};
    accord_evaluation *e = NULL;
    accord_frontier *f = NULL;
    accord_evolution *ev = NULL;
    assert_int_equal(accord_evaluation_compute(m, NULL, &e, NULL), ACCORD_OK);
    assert_int_equal(accord_frontier_compute(m, NULL, &f, NULL), ACCORD_OK);
    assert_int_equal(accord_evolve_compute(m, NULL, &ev, NULL), ACCORD_OK);
    c.e = e;
    c.f = f;
    c.ev = ev;
    fail_each(run_charts, &c, 1);
    /* the whole report: every 7th allocation, to keep the test short */
    fail_each(run_report, &c, 7);
    accord_evaluation_free(e);
    accord_frontier_free(f);
    accord_evolution_free(ev);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_init),
        cmocka_unit_test(test_builtin_structure),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_small_sections),
        cmocka_unit_test(test_frontier_limit),
        cmocka_unit_test(test_one_section),
        cmocka_unit_test(test_escape_html),
        cmocka_unit_test(test_escape_charts),
        cmocka_unit_test(test_escape_bytes),
        cmocka_unit_test(test_data_json),
        cmocka_unit_test(test_svg_goldens),
        cmocka_unit_test(test_svg_arguments),
        cmocka_unit_test(test_dot),
        cmocka_unit_test(test_graph_moves),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
