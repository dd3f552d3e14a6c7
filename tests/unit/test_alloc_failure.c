/* test_alloc_failure.c - fail the 1st, 2nd, 3rd ... allocation of a load in
 * turn: every run must end in a clean ACCORD_E_NOMEM (no crash, no leak under
 * the sanitizers) until enough allocations succeed for the load to complete. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *MODEL =
    "accord: 1\n"
    "sources: {s: {title: T}}\n"
    "parties: [{id: A, name: Alpha}, B, C]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [a, b, {id: c, label: C}]}\n"
    "    - {id: n, range: {min: 0, max: 10, step: 2}}\n"
    "  proposals: [{id: p, by: A, terms: {x: b, n: 4}}]\n"
    "  preferences:\n"
    "    A: {reservation: {value: [0.1, 0.3], source: s}, weights: {x: 1, n: 2},\n"
    "        values: {x: {a: 1, b: 0.5, c: 0}, n: {linear: [[0, 0], [10, 1]]}}, red_lines: [\"x = c & n > 4\"]}\n"
    "    B: {weights: {x: 1}, values: {x: {a: 0, b: 0.5, c: 1}}}\n"
    "    C: {weights: {n: 1}, values: {n: {linear: [[0, 1], [10, 0]]}}}\n"
    "conflict:\n"
    "  options: {A: [{go: {moves: forward}}], B: [stop, wait], C: [join]}\n"
    "  infeasible: [\"B.stop & B.wait\", \"- - - Y\"]\n"
    "  status_quo: \"N N N N\"\n"
    "  preferences:\n"
    "    A: {priorities: [A.go, \"-B.stop IF A.go\"]}\n"
    "    B: {ranking: [\"Y Y N N\", [\"Y N Y N\", \"N N N N\"], [\"N Y N N\", \"N N Y N\"], \"Y N N N\"]}\n"
    "    C: {priorities: [\"C.join IF A.go\"]}\n";

static void test_every_allocation_failure(void **state)
{
    (void)state;
    const char *text = MODEL;
    /* the model must load when nothing fails */
    {
        accord_diagnostics diag = {0};
        accord_model *m = NULL;
        accord_status rc = accord_model_load_buffer("m.yaml", text, strlen(text), NULL, &m, &diag);
        for (size_t i = 0; i < diag.count; i++)
            fprintf(stderr, "%d:%d: %s\n", diag.items[i].line, diag.items[i].col, diag.items[i].message);
        assert_int_equal(rc, ACCORD_OK);
        accord_model_free(m);
        accord_diagnostics_clear(&diag);
    }
    /* count the allocations of a successful load */
    test_alloc_fail_at(-1);
    {
        accord_model *m = NULL;
        assert_int_equal(accord_model_load_buffer("m.yaml", text, strlen(text), NULL, &m, NULL), ACCORD_OK);
        accord_model_free(m);
    }
    long total = test_alloc_count();
    long k;
    for (k = 0;; k++) {
        test_alloc_fail_from(k);
        accord_diagnostics diag = {0};
        accord_model *m = NULL;
        accord_status rc = accord_model_load_buffer("m.yaml", text, strlen(text), NULL, &m, &diag);
        accord_diagnostics_clear(&diag);
        if (rc == ACCORD_OK) {
            assert_non_null(m);
            accord_model_free(m);
            break;
        }
        if (rc != ACCORD_E_NOMEM)
            fprintf(stderr, "failing allocation %ld gave status %d\n", k + 1, rc);
        assert_int_equal(rc, ACCORD_E_NOMEM);
        assert_null(m);
    }
    test_alloc_restore();
    /* every allocation of the load was failed once, and only then it succeeded */
    assert_int_equal(k, total);
    assert_true(total > 5);
}

/* The same for a GENIUS folder and for writing YAML. */
static void test_genius_allocation_failure(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/genius/IntegerDomain", ACCORD_FIXTURES);
    long k;
    for (k = 0;; k++) {
        test_alloc_fail_from(k);
        accord_diagnostics diag = {0};
        accord_model *m = NULL;
        accord_status rc = accord_model_load(path, NULL, &m, &diag);
        if (rc == ACCORD_OK) {
            char *yaml = NULL;
            rc = accord_model_to_yaml(m, &yaml, NULL);
            accord_free(yaml);
            accord_model_free(m);
        }
        accord_diagnostics_clear(&diag);
        if (rc == ACCORD_OK)
            break;
        assert_int_equal(rc, ACCORD_E_NOMEM);
    }
    test_alloc_restore();
    assert_true(k > 10);
}

/* The agreement analyses that changed most (repair with its searches, the
 * frontier and its JSON written in pieces) under the same treatment: the
 * model loads normally, then every allocation of the analysis and of its
 * rendering fails in turn. */
static void test_analysis_allocation_failure(void **state)
{
    (void)state;
    accord_model *m = NULL;
    assert_int_equal(accord_model_load_buffer("m.yaml", MODEL, strlen(MODEL), NULL, &m, NULL), ACCORD_OK);
    const uint32_t *terms = m->agreement->proposals[0].terms;
    accord_render_options jo = {.format = ACCORD_FORMAT_JSON};
    for (int what = 0; what < 2; what++) {
        char *reference = NULL;
        long total = 0;
        /* k = -1: nothing fails, the reference text and the allocation count;
         * then the k-th allocation alone fails */
        for (long k = -1; k < total; k++) {
            test_alloc_fail_at(k);
            char *text = NULL;
            accord_status rc;
            if (what == 0) {
                accord_repair_result *r = NULL;
                rc = accord_repair(m, terms, NULL, &r, NULL);
                if (rc == ACCORD_OK)
                    rc = accord_repair_render(m, r, &jo, &text);
                accord_repair_result_free(r);
            } else {
                accord_frontier *f = NULL;
                rc = accord_frontier_compute(m, NULL, &f, NULL);
                if (rc == ACCORD_OK)
                    rc = accord_frontier_render(m, f, &jo, &text);
                accord_frontier_free(f);
            }
            if (k < 0) {
                assert_int_equal(rc, ACCORD_OK);
                reference = text;
                total = test_alloc_count();
                continue;
            }
            if (rc == ACCORD_OK) { /* a success is the whole document, never a part */
                assert_string_equal(text, reference);
                accord_free(text);
            } else {
                assert_int_equal(rc, ACCORD_E_NOMEM);
                assert_null(text);
            }
        }
        test_alloc_restore();
        accord_free(reference);
        assert_true(total > 10);
    }
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_failure),
        cmocka_unit_test(test_genius_allocation_failure),
        cmocka_unit_test(test_analysis_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
