/* test_evidence.c - how each party's numbers are backed
 * (accord_provenance_summary) and the report's evidence sections: the
 * summary of shares, each number's provenance row and link, the texts side
 * by side, the timeline's order and the red lines that block every
 * agreement, on a small model with known answers
 * (tests/models/report/evidence.yaml) and on the built-in scenario, where
 * the page must agree with the library's own counts. */
#include "support.h"

#include "render/report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
__attribute__((noinline))
#endif
static char *report(const accord_model *m)
{
    char *html = NULL;
    accord_report_options o;
    accord_report_options_init(&o);
    o.samples = 50;
    o.threads = 1;
    accord_diagnostics diag = {0};
    assert_int_equal(accord_report_html(m, &o, &html, &diag), ACCORD_OK);
    accord_diagnostics_clear(&diag);
    assert_non_null(html);
    return html;
}

/* The text between `from` (included) and the next `to` after it, as a new
 * string (freed with free); fails the test when either is missing. */
static char *between(const char *hay, const char *from, const char *to)
{
    const char *a = strstr(hay, from);
    if (!a)
        fail_msg("missing: %s", from);
    const char *b = strstr(a + strlen(from), to);
    if (!b)
        fail_msg("missing after %s: %s", from, to);
    size_t n = (size_t)(b - a);
    char *out = malloc(n + 1);
    assert_non_null(out);
    memcpy(out, a, n);
    out[n] = 0;
    return out;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
        n++;
    return n;
}

/* ------------------------------------------------------------------------ */
/* The library's counts                                                      */

static void test_summary_counts(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/evidence.yaml");
    accord_provenance_counts c[2];
    memset(c, 0xff, sizeof c);
    assert_int_equal(accord_provenance_summary(m, c), ACCORD_OK);
    /* Alpha: reservation (assumption, range), weight of x (source), weight
     * of y (source and assumption: sourced), values keep (source), move
     * (source), split (neither); the integer issue's points not counted */
    assert_int_equal(c[0].total, 6);
    assert_int_equal(c[0].sourced, 4);
    assert_int_equal(c[0].assumed, 1);
    assert_int_equal(c[0].neither, 1);
    assert_int_equal(c[0].sampled, 1);
    assert_int_equal(c[0].unwritten, 0);
    /* Beta: the reservation left out (the default 0), weight of x and value
     * keep plain, value move an assumed range, value split sourced */
    assert_int_equal(c[1].total, 4);
    assert_int_equal(c[1].sourced, 1);
    assert_int_equal(c[1].assumed, 1);
    assert_int_equal(c[1].neither, 2);
    assert_int_equal(c[1].sampled, 1);
    assert_int_equal(c[1].unwritten, 1);
    /* the numbers with neither are exactly those accord check --provenance lists */
    accord_unsourced *u = NULL;
    assert_int_equal(accord_provenance_check(m, &u), ACCORD_OK);
    assert_int_equal(u->count, c[0].neither + c[1].neither);
    accord_unsourced_free(u);
    assert_int_equal(accord_provenance_summary(NULL, c), ACCORD_E_ARG);
    assert_int_equal(accord_provenance_summary(m, NULL), ACCORD_E_ARG);
    accord_model_free(m);
}

/* A model without an agreement section: zeros. */
static void test_summary_no_agreement(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\nparties: [A, B]\nconflict:\n  options:\n"
                                       "    A: [x]\n    B: [y]\n  preferences:\n"
                                       "    A: {priorities: [\"A.x\"]}\n"
                                       "    B: {priorities: [\"B.y\"]}\n");
    accord_provenance_counts c[2];
    memset(c, 0xff, sizeof c);
    assert_int_equal(accord_provenance_summary(m, c), ACCORD_OK);
    for (size_t p = 0; p < 2; p++) {
        assert_int_equal(c[p].total, 0);
        assert_int_equal(c[p].sourced + c[p].assumed + c[p].neither + c[p].sampled + c[p].unwritten, 0);
    }
    char *html = report(m);
    assert_null(strstr(html, "id=\"evidence\""));
    assert_null(strstr(html, "id=\"texts\""));
    accord_free(html);
    accord_model_free(m);
}

/* ------------------------------------------------------------------------ */
/* The page, on the small model                                              */

static void test_small_evidence(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/evidence.yaml");
    char *html = report(m);
    /* the summary: numbers, sourced (%), assumptions (%), neither, sampled */
    char *sum = between(html, "<table class=\"evidence-summary\"", "</table>");
    assert_non_null(strstr(sum, "Alpha</a></th><td class=\"num\">6</td><td class=\"num\">4</td>"
                                "<td class=\"num\">67%</td><td class=\"num\">1</td>"
                                "<td class=\"num\">17%</td><td class=\"num warn\">1</td>"
                                "<td class=\"num\">1</td></tr>"));
    assert_non_null(strstr(sum, "Beta</a></th><td class=\"num\">4</td><td class=\"num\">1</td>"
                                "<td class=\"num\">25%</td><td class=\"num\">1</td>"
                                "<td class=\"num\">25%</td><td class=\"num warn\">2</td>"
                                "<td class=\"num\">1</td></tr>"));
    assert_non_null(strstr(sum, "All parties</th><td class=\"num\">10</td><td class=\"num\">5</td>"
                                "<td class=\"num\">50%</td><td class=\"num\">2</td>"
                                "<td class=\"num\">20%</td><td class=\"num warn\">3</td>"
                                "<td class=\"num\">2</td></tr>"));
    free(sum);
    /* Alpha's table: its notes, a sourced row linked to the source's entry
     * (early is the second source: src-1), the row with neither marked, the
     * range, both source and assumption, the integer issue's points */
    char *alpha = between(html, "<details class=\"evidence-party\" id=\"evidence-0\">", "</details>");
    assert_non_null(strstr(alpha, "6 numbers, 67% sourced</summary>"));
    assert_non_null(strstr(alpha, "Alpha speaks for the north"));
    assert_non_null(strstr(alpha, "Alpha&#39;s positions as stated in 2024"));
    assert_non_null(strstr(alpha, "<tr><th scope=\"row\">value of Border = Keep the line</th>"
                                  "<td class=\"num\">1</td><td>no</td><td class=\"prov\">"
                                  "<a class=\"src-ref\" href=\"#src-1\">Early text</a> "
                                  "<span class=\"src-id\">early</span>"));
    assert_non_null(strstr(alpha, "<tr class=\"unsourced\"><th scope=\"row\">value of Border = Split "
                                  "the zone</th><td class=\"num\">0.5</td><td>no</td><td class=\"prov\">"
                                  "<span class=\"badge red\">no source or assumption</span>"));
    assert_non_null(strstr(alpha, "<th scope=\"row\">reservation</th><td class=\"num\">0.5 "
                                  "<span class=\"muted\">(0.4\xE2\x80\x93" "0.6)</span></td><td>yes</td>"
                                  "<td class=\"prov\"><span class=\"assume\">Assumption:</span> "
                                  "no-deal guess"));
    assert_non_null(strstr(alpha, "<span class=\"src-id\">early</span><br><span class=\"assume\">"
                                  "Assumption:</span> also assumed"));
    assert_non_null(strstr(alpha, "values of Troops <span class=\"muted\">(piecewise linear, x in k)"
                                  "</span></th><td class=\"num\">(0, 0) (10, 1)</td>"));
    free(alpha);
    /* the entry the link points to exists */
    assert_non_null(strstr(html, "<li id=\"src-1\"><span class=\"src-id\">early</span>"));
    /* Beta's reservation was not written */
    char *beta = between(html, "id=\"evidence-1\">", "</details>");
    assert_non_null(strstr(beta, "<th scope=\"row\">reservation</th><td class=\"num\">0</td><td>no"
                                 "</td><td class=\"prov\"><span class=\"muted\">not written"));
    assert_non_null(strstr(beta, "The model has no note on this party."));
    assert_int_equal(count(beta, "<tr class=\"unsourced\">"), 2);
    free(beta);
    accord_free(html);
    accord_model_free(m);
}

static void test_small_texts(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/evidence.yaml");
    char *html = report(m);
    char *t = between(html, "<section id=\"texts\">", "</section>");
    /* columns in date order: First (2024-02-01), Second (2025-03-01), Undated */
    const char *first = strstr(t, "First text<span");
    const char *second = strstr(t, "Second text<span");
    const char *undated = strstr(t, "Undated text<span");
    assert_true(first && second && undated && first < second && second < undated);
    assert_non_null(strstr(t, "First text<span class=\"small muted\"><br>2024-02-01<br>by Alpha</span>"));
    /* a row: the first column's term, then the differing cells marked */
    assert_non_null(strstr(t, "<tr><th scope=\"row\">Border</th><td>Keep the line</td>"
                              "<td class=\"diff\">Move the line</td><td>Keep the line</td></tr>"));
    assert_non_null(strstr(t, "<tr><th scope=\"row\">Troops</th><td>10 k</td>"
                              "<td class=\"diff\">5 k</td><td class=\"diff\">0 k</td></tr>"));
    /* each text's note stays visible under the table */
    assert_non_null(strstr(t, "Second text <span class=\"pid\">second</span></dt><dd>Troops completed "
                              "by assumption"));
    free(t);
    accord_free(html);
    accord_model_free(m);
}

static void test_small_timeline(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/evidence.yaml");
    char *html = report(m);
    char *t = between(html, "<section id=\"timeline\">", "</section>");
    /* the dated items in date order, then the undated ones */
    static const char *const order[] = {
        "<span class=\"tl-date\">2023-05-05</span> <span class=\"tl-kind\">Source</span> "
        "<a class=\"src-ref\" href=\"#src-3\">Background reading</a>",
        "<span class=\"tl-date\">2024-01-15</span> <span class=\"tl-kind\">Stated position</span> "
        "<a class=\"src-ref\" href=\"#src-1\">Early text</a>",
        "<span class=\"tl-date\">2024-02-01</span> <span class=\"tl-kind\">Text</span> "
        "<strong>First text</strong>, by Alpha",
        "<span class=\"tl-date\">2025-03-01</span> <span class=\"tl-kind\">Text</span> "
        "<strong>Second text</strong>, by Beta",
        "<span class=\"tl-date\">2025-06-01</span> <span class=\"tl-kind\">Stated position</span> "
        "<a class=\"src-ref\" href=\"#src-0\">Late statement</a>",
        "<h3>Undated</h3>",
        "<span class=\"tl-date\">undated</span> <span class=\"tl-kind\">Text</span> "
        "<strong>Undated text</strong>",
        "<span class=\"tl-date\">undated</span> <span class=\"tl-kind\">Stated position</span> "
        "<a class=\"src-ref\" href=\"#src-2\">Undated memo</a>",
    };
    const char *at = t;
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        const char *next = strstr(at, order[k]);
        if (!next)
            fail_msg("timeline item %zu missing or out of order: %s", k, order[k]);
        at = next + 1;
    }
    assert_int_equal(count(t, "<li class="), 7);
    /* who cites what: Alpha's 4 numbers rest on early (weights x, y, value
     * keep) ... */
    assert_non_null(strstr(t, "Early text</a> <span class=\"src-id\">early</span><br>"
                              "<span class=\"small muted\">cited by Alpha (3 numbers); the text "
                              "First text</span>"));
    assert_non_null(strstr(t, "cited by Alpha (1 number); the text Second text</span>"));
    assert_non_null(strstr(t, "cited by Beta (1 number)</span>"));
    assert_non_null(strstr(t, "Background reading</a> <span class=\"src-id\">unused</span><br>"
                              "<span class=\"small muted\">cited by no entry of the model</span>"));
    free(t);
    accord_free(html);
    accord_model_free(m);
}

/* No outcome is acceptable to both: the two single red lines of Beta that
 * would each open the zone, side by side, and the nav link to them. */
static void test_small_relaxations(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/evidence.yaml");
    char *html = report(m);
    assert_non_null(strstr(html, "<li><a href=\"#relaxations\">Red lines</a></li>"));
    char *rx = between(html, "<h3 id=\"relaxations\">", "<div class=\"sides\">");
    assert_non_null(strstr(rx, "Dropping 1 red line would open a zone of agreement"));
    assert_non_null(strstr(rx, "<ul><li><strong>Beta</strong>: <q>x = keep</q></li>"
                               "<li><strong>Beta</strong>: <q>x = split</q></li></ul>"));
    assert_non_null(strstr(rx, "<th scope=\"row\">Alpha</th><td>not enough alone</td>"));
    assert_non_null(strstr(rx, "<th scope=\"row\">Beta</th><td>1 of 2</td><td><strong>Beta</strong>: "
                               "<q>x = keep</q></td>"));
    free(rx);
    /* the repairs under each side's own set say which set that is: Beta is
     * the only side with one of its own */
    char *rep = between(html, "<div class=\"sides\">", "</section>");
    assert_non_null(strstr(rep, "<div class=\"side\"><h3>Without <strong>Beta</strong>: <q>x = keep</q></h3>"));
    assert_null(strstr(rep + 1, "<div class=\"side\"><h3>Without <strong>Beta</strong>: <q>x = split</q>"));
    assert_non_null(strstr(rep, "<strong>Border</strong>: <span class=\"opt\" title=\"Move the line\">"
                                "move</span> \xE2\x86\x92 <span class=\"opt\" title=\"Keep the line\">"
                                "keep</span>"));
    free(rep);
    accord_free(html);
    accord_model_free(m);
}

/* ------------------------------------------------------------------------ */
/* The page, on the built-in scenario: it agrees with the library           */

/* The summary row the page must show for counts c. */
static void summary_cells(char *buf, size_t size, const accord_provenance_counts *c)
{
    snprintf(buf, size, "</a></th><td class=\"num\">%zu</td><td class=\"num\">%zu</td>", c->total,
             c->sourced);
}

static void test_builtin_evidence(void **state)
{
    (void)state;
    accord_model *m = load_builtin();
    char *html = report(m);
    for (size_t k = 0; k < 3; k++) {
        static const char *const ids[] = {"id=\"texts\"", "id=\"timeline\"", "id=\"evidence\""};
        assert_non_null(strstr(html, ids[k]));
        char nav[64];
        snprintf(nav, sizeof nav, "<a href=\"#%.*s\">", (int)strlen(ids[k]) - 5, ids[k] + 4);
        assert_non_null(strstr(html, nav));
    }
    /* the summary shows the library's counts, and every number of a party
     * has its row */
    accord_provenance_counts *c = calloc(m->n_parties, sizeof *c);
    assert_non_null(c);
    assert_int_equal(accord_provenance_summary(m, c), ACCORD_OK);
    size_t total = 0;
    for (size_t p = 0; p < m->n_parties; p++) {
        char cells[200], id[64];
        summary_cells(cells, sizeof cells, &c[p]);
        snprintf(id, sizeof id, "<tr id=\"evidence-sum-%zu\">", p);
        char *row = between(html, id, "</tr>");
        assert_non_null(strstr(row, cells));
        free(row);
        snprintf(id, sizeof id, "id=\"evidence-%zu\">", p);
        char *table = between(html, id, "</details>");
        assert_int_equal(count(table, "<tr class=\"unsourced\">"), c[p].neither);
        assert_int_equal(count(table, "<td>yes</td>"), c[p].sampled);
        /* rows: the reservation, weights and values, one per integer issue */
        size_t integer = 0;
        for (size_t i = 0; i < m->agreement->n_issues; i++)
            integer += m->agreement->issues[i].kind == ACCORD_ISSUE_INTEGER &&
                       m->agreement->preferences[p].valuations[i].n_points > 0;
        assert_int_equal(count(table, "<th scope=\"row\">"), c[p].total + c[p].unwritten + integer);
        free(table);
        assert_int_equal(c[p].sourced + c[p].assumed + c[p].neither, c[p].total);
        total += c[p].total;
    }
    assert_true(total > 100);
    free(c);
    /* the matrix: each proposal's term on the first issue is in its column */
    const accord_agreement *ag = m->agreement;
    char *t = between(html, "<section id=\"texts\">", "</section>");
    char *row = between(t, "<tbody>\n<tr", "</tr>");
    for (size_t q = 0; q < ag->n_proposals; q++) {
        const accord_issue *is = &ag->issues[0];
        assert_int_equal(is->kind, ACCORD_ISSUE_DISCRETE);
        assert_non_null(strstr(row, is->options[ag->proposals[q].terms[0]].label));
    }
    free(row);
    free(t);
    /* the timeline: dates never decrease; the first and the last dated
     * items are the model's earliest and latest dates */
    char *tl = between(html, "<ol class=\"timeline\">", "</ol>");
    const char *lo = NULL, *hi = NULL;
    for (size_t i = 0; i < m->n_sources; i++) {
        const char *d = m->sources[i].date;
        if (d && (!lo || strcmp(d, lo) < 0))
            lo = d;
        if (d && (!hi || strcmp(d, hi) > 0))
            hi = d;
    }
    for (size_t q = 0; q < ag->n_proposals; q++) {
        const char *d = ag->proposals[q].date;
        if (d && (!lo || strcmp(d, lo) < 0))
            lo = d;
        if (d && (!hi || strcmp(d, hi) > 0))
            hi = d;
    }
    assert_non_null(lo);
    char prev[64] = "", first[64] = "";
    for (const char *p = strstr(tl, "tl-date\">"); p; p = strstr(p + 1, "tl-date\">")) {
        p += strlen("tl-date\">");
        const char *e = strchr(p, '<');
        char d[64];
        snprintf(d, sizeof d, "%.*s", (int)(e - p), p);
        assert_true(strcmp(prev, d) <= 0);
        if (!*first)
            snprintf(first, sizeof first, "%s", d);
        snprintf(prev, sizeof prev, "%s", d);
    }
    assert_string_equal(first, lo);
    assert_string_equal(prev, hi);
    free(tl);
    accord_free(html);
    accord_model_free(m);
}

/* Every string of the model in the new sections is escaped. */
static void test_escape(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/escape.yaml");
    char *html = report(m);
    assert_int_equal(count(html, "<script"), 2);
    const char *ev = strstr(html, "<section id=\"texts\">");
    assert_non_null(ev);
    assert_null(strstr(ev, "<script>alert"));
    assert_null(strstr(ev, "<img"));
    assert_null(strstr(ev, "<b>"));
    accord_free(html);
    accord_model_free(m);
}

/* A party's table lists at most 2000 rows and says how many it leaves out;
 * the summary counts every number. */
static void test_row_limit(void **state)
{
    (void)state;
    enum { N = 2100 };
    acc__str y = {0};
    acc__str_puts(&y, "accord: 1\nparties: [A, B]\nagreement:\n  issues:\n    - id: x\n      options: [");
    for (int k = 0; k < N; k++)
        acc__str_printf(&y, "%so%d", k ? ", " : "", k);
    acc__str_puts(&y, "]\n    - {id: z, options: [p, q]}\n  preferences:\n    A:\n"
                      "      reservation: 0.1\n      weights: {x: 1}\n"
                      "      values: {x: {");
    for (int k = 0; k < N; k++)
        acc__str_printf(&y, "%so%d: {value: %d, assumption: \"scale\"}", k ? ", " : "", k, k % 2);
    acc__str_puts(&y, "}}\n    B: {weights: {z: 1}, values: {z: {p: 1, q: 0}}}\n");
    assert_false(y.failed);
    accord_model *m = load_yaml_string(y.data);
    acc__str_free(&y);
    accord_provenance_counts c[2];
    assert_int_equal(accord_provenance_summary(m, c), ACCORD_OK);
    assert_int_equal(c[0].total, N + 2);
    assert_int_equal(c[0].assumed, N);
    assert_int_equal(c[0].neither, 2);
    char *html = report(m);
    char *a = between(html, "id=\"evidence-0\">", "</details>");
    assert_int_equal(count(a, "<th scope=\"row\">"), 2000);
    /* 1 reservation + 1 weight + 2100 values, 2000 shown */
    assert_non_null(strstr(a, "\xE2\x80\xA6 and 102 more rows, not listed (at most 2000 per party)"));
    assert_non_null(strstr(a, "value of x = o1997</th>"));
    assert_null(strstr(a, "value of x = o1998</th>"));
    free(a);
    char *b = between(html, "id=\"evidence-1\">", "</details>");
    assert_null(strstr(b, "more rows"));
    free(b);
    accord_free(html);
    accord_model_free(m);
}

/* Out of memory anywhere in the evidence: a clean ACCORD_E_NOMEM. */
static void test_allocation_failure(void **state)
{
    (void)state;
    accord_model *m = load_source("tests/models/report/evidence.yaml");
    acc__str s = {0};
    accord_analysis *a = NULL;
    assert_int_equal(accord_analysis_compute(m, NULL, &a, NULL), ACCORD_OK);
    acc__report r = {.s = &s, .m = m, .a = a};
    accord_report_options_init(&r.opts);
    accord_status (*const sections[])(acc__report *) = {acc__section_texts, acc__section_timeline,
                                                        acc__section_evidence};
    for (size_t k = 0; k < 3; k++) {
        size_t failed = 0;
        for (long at = 0;; at++) {
            acc__str_free(&s);
            test_alloc_fail_at(at);
            accord_status rc = sections[k](&r);
            bool hit = test_alloc_failed();
            test_alloc_restore();
            if (!hit) {
                assert_int_equal(rc, ACCORD_OK);
                break;
            }
            /* a failed section returns NOMEM or marks the string failed */
            assert_true(rc == ACCORD_E_NOMEM || s.failed);
            failed++;
        }
        assert_true(failed > 0);
        acc__str_free(&s);
    }
    accord_analysis_free(a);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_counts),
        cmocka_unit_test(test_summary_no_agreement),
        cmocka_unit_test(test_small_evidence),
        cmocka_unit_test(test_small_texts),
        cmocka_unit_test(test_small_timeline),
        cmocka_unit_test(test_small_relaxations),
        cmocka_unit_test(test_builtin_evidence),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_row_limit),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
