/* test_drop.c - red lines treated as dropped (`--drop`) in evaluate, the
 * frontier (rational frontier, ZOPA, bargaining solutions) and robust, with
 * hand-worked values; robust's `threads` option; the text rounding of
 * utilities shared by evaluate, repair and frontier. */
#include "support.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "agreement/agreement.h"
#include "render/number.h"

/* x decides, y breaks ties: u = 0.9 v_x + 0.1 v_y for both parties, with
 * v_x(a, b, c) = (1, 0.6, 0) for A and (0, 0.6, 1) for B, v_y(d, e) = (1, 0)
 * for both, reservations 0.5.  Only x = b clears both reservations:
 * (b, d) = (0.64, 0.64) and (b, e) = (0.54, 0.54); (b, d) dominates.  Red
 * lines, numbered party by party: 0 A "x = c" (never in play), 1 B
 * "x = b & y = d", 2 B "x = b & y = e" (both span two issues). */
static const char *MODEL =
    "accord: 1\n"
    "parties: [A, B]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [a, b, c]}\n"
    "    - {id: y, options: [d, e]}\n"
    "  proposals:\n"
    "    - {id: p, terms: {x: b, y: d}}\n"
    "  preferences:\n"
    "    A:\n"
    "      reservation: 0.5\n"
    "      weights: {x: 9, y: 1}\n"
    "      values: {x: {a: 1, b: 0.6, c: 0}, y: {d: 1, e: 0}}\n"
    "      red_lines: [\"x = c\"]\n"
    "    B:\n"
    "      reservation: 0.5\n"
    "      weights: {x: 9, y: 1}\n"
    "      values: {x: {a: 0, b: 0.6, c: 1}, y: {d: 1, e: 0}}\n"
    "      red_lines: [\"x = b & y = d\", \"x = b & y = e\"]\n";

static accord_frontier *frontier_dropping(const accord_model *m, const bool *ignored)
{
    accord_frontier_options fo;
    accord_frontier_options_init(&fo);
    fo.ignored_red_lines = ignored;
    accord_frontier *f = NULL;
    assert_int_equal(accord_frontier_compute(m, &fo, &f, NULL), ACCORD_OK);
    /* the enumeration agrees on the same flags */
    accord_frontier *naive = NULL;
    assert_int_equal(acc__frontier_bruteforce_ignoring(m, NULL, ignored, 1e6, &naive), ACCORD_OK);
    assert_int_equal(naive->n_rational, f->n_rational);
    assert_true(naive->zopa_size == f->zopa_size);
    for (size_t k = 0; k < f->n_rational; k++)
        assert_memory_equal(point_terms(naive, &naive->rational[k]), point_terms(f, &f->rational[k]),
                            2 * sizeof(uint32_t));
    accord_frontier_free(naive);
    return f;
}

static void test_frontier(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    /* as written: both rational outcomes are blocked */
    accord_frontier *f = frontier_dropping(m, NULL);
    assert_null(f->ignored_red_lines);
    assert_int_equal(f->n_points, 3); /* (a,d) (b,d) (c,d) */
    assert_int_equal(f->n_rational, 0);
    assert_true(f->zopa_empty);
    assert_null(f->nash);
    accord_frontier_free(f);
    /* A's red line dropped: nothing changes */
    bool a_only[3] = {true, false, false};
    f = frontier_dropping(m, a_only);
    assert_int_equal(f->n_rational, 0);
    accord_frontier_free(f);
    /* B's first dropped: (b, d) is the rational frontier and every solution */
    bool b1[3] = {false, true, false};
    f = frontier_dropping(m, b1);
    assert_int_equal(f->n_rational, 1);
    assert_int_equal(point_terms(f, &f->rational[0])[0], 1);
    assert_int_equal(point_terms(f, &f->rational[0])[1], 0);
    assert_true(fabs(f->rational[0].utility[0] - 0.64) < 1e-12);
    assert_true(fabs(f->rational[0].utility[1] - 0.64) < 1e-12);
    assert_false(f->zopa_empty);
    assert_true(f->zopa_size == 1);
    assert_ptr_equal(f->nash, &f->rational[0]);
    assert_ptr_equal(f->kalai_smorodinsky, &f->rational[0]);
    assert_ptr_equal(f->egalitarian, &f->rational[0]);
    assert_non_null(f->ignored_red_lines);
    assert_true(f->ignored_red_lines[1] && !f->ignored_red_lines[0] && !f->ignored_red_lines[2]);
    accord_frontier_free(f);
    /* B's second dropped: (b, e), which (b, d) dominates among all outcomes */
    bool b2[3] = {false, false, true};
    f = frontier_dropping(m, b2);
    assert_int_equal(f->n_rational, 1);
    assert_int_equal(point_terms(f, &f->rational[0])[1], 1);
    assert_true(fabs(f->rational[0].utility[0] - 0.54) < 1e-12);
    assert_true(f->zopa_size == 1);
    accord_frontier_free(f);
    /* both of B's: two rational outcomes, one on the frontier */
    bool both[3] = {false, true, true};
    f = frontier_dropping(m, both);
    assert_int_equal(f->n_rational, 1);
    assert_int_equal(point_terms(f, &f->rational[0])[1], 0);
    assert_true(f->zopa_size == 2);
    accord_frontier_free(f);
    /* every red line dropped: the frontier restricted to the reservations */
    bool all[3] = {true, true, true};
    f = frontier_dropping(m, all);
    assert_int_equal(f->n_rational, 1);
    assert_true(f->zopa_size == 2);
    accord_frontier_free(f);
    accord_model_free(m);
}

static void test_evaluation(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_evaluation *e = NULL;
    assert_int_equal(accord_evaluation_compute(m, NULL, &e, NULL), ACCORD_OK);
    const accord_party_verdict *b = &e->proposals[0].parties[1];
    assert_int_equal(b->verdict, ACCORD_VERDICT_RED_LINE);
    assert_int_equal(b->n_broken, 1);
    assert_int_equal(b->broken[0], 0);
    assert_false(e->proposals[0].rational);
    accord_evaluation_free(e);

    accord_evaluation_options eo;
    accord_evaluation_options_init(&eo);
    bool b1[3] = {false, true, false};
    eo.ignored_red_lines = b1;
    assert_int_equal(accord_evaluation_compute(m, &eo, &e, NULL), ACCORD_OK);
    b = &e->proposals[0].parties[1];
    assert_int_equal(b->verdict, ACCORD_VERDICT_ACCEPTABLE);
    assert_true(b->acceptable);
    assert_int_equal(b->n_broken, 0);
    assert_true(fabs(b->utility - 0.64) < 1e-12);
    assert_true(e->proposals[0].rational);
    assert_int_equal(e->proposals[0].n_accepting, 2);
    assert_non_null(e->ignored_red_lines); /* kept for the renderers */
    assert_true(e->ignored_red_lines[1] && !e->ignored_red_lines[0] && !e->ignored_red_lines[2]);
    accord_evaluation_free(e);

    /* the wrong one dropped: B still rejects */
    bool b2[3] = {false, false, true};
    eo.ignored_red_lines = b2;
    assert_int_equal(accord_evaluation_compute(m, &eo, &e, NULL), ACCORD_OK);
    assert_int_equal(e->proposals[0].parties[1].verdict, ACCORD_VERDICT_RED_LINE);
    accord_evaluation_free(e);
    accord_model_free(m);
}

static accord_robust *robust_dropping(const accord_model *m, const bool *ignored, int threads)
{
    accord_robust_options o;
    accord_robust_options_init(&o);
    o.samples = 2000;
    o.seed = 5;
    o.ignored_red_lines = ignored;
    o.threads = threads;
    accord_robust *r = NULL;
    assert_int_equal(accord_robust_compute(m, &o, &r, NULL), ACCORD_OK);
    return r;
}

static void test_robust(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_robust *r = robust_dropping(m, NULL, 0);
    assert_false(r->point_acceptable[1]);
    assert_true(r->acceptable[1] == 0.0);
    assert_true(r->zopa_nonempty == 0.0);
    accord_robust_free(r);
    bool b1[3] = {false, true, false};
    r = robust_dropping(m, b1, 0);
    assert_true(r->point_acceptable[1]);
    assert_true(r->acceptable[1] == 1.0);
    assert_true(r->all_acceptable[0] == 1.0);
    assert_true(r->zopa_nonempty == 1.0);
    assert_true(r->ignored_red_lines && r->ignored_red_lines[1] && !r->ignored_red_lines[2]);
    accord_robust_free(r);
    /* the other of B's lines: p still blocked, but (b, e) is rational */
    bool b2[3] = {false, false, true};
    r = robust_dropping(m, b2, 0);
    assert_true(r->acceptable[1] == 0.0);
    assert_true(r->zopa_nonempty == 1.0);
    accord_robust_free(r);
    accord_model_free(m);
}

/* A red line of firmness 1/2 is a structural assumption; dropped, it is
 * none, and B accepts p in every sample. */
static void test_robust_soft(void **state)
{
    (void)state;
    char yaml[4096];
    snprintf(yaml, sizeof yaml, "%.*s      red_lines: [{when: \"x = b & y = d\", firmness: 0.5}]\n",
             (int)(strstr(MODEL, "      red_lines: [\"x = b") - MODEL), MODEL);
    accord_model *m = load_yaml_string(yaml);
    accord_robust *r = robust_dropping(m, NULL, 0);
    assert_int_equal(r->n_structural, 1);
    assert_true(r->acceptable[1] > 0.4 && r->acceptable[1] < 0.6);
    accord_robust_free(r);
    bool drop[2] = {false, true};
    r = robust_dropping(m, drop, 0);
    assert_int_equal(r->n_structural, 0);
    assert_true(r->acceptable[1] == 1.0);
    accord_robust_free(r);
    accord_model_free(m);
}

/* accord_robust_options.threads: the same JSON for 1, 2, 3 and 8 threads
 * (with ranges and a soft red line, so that every sample differs). */
static void test_robust_threads(void **state)
{
    (void)state;
    char yaml[4096];
    snprintf(yaml, sizeof yaml, "%.*s      reservation: [0.45, 0.7]\n%s",
             (int)(strstr(MODEL, "      reservation: 0.5") - MODEL), MODEL,
             strstr(MODEL, "      reservation: 0.5") + strlen("      reservation: 0.5\n"));
    accord_model *m = load_yaml_string(yaml);
    accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
    int threads[4] = {1, 2, 3, 8};
    char *text[4] = {0};
    for (int k = 0; k < 4; k++) {
        accord_robust *r = robust_dropping(m, NULL, threads[k]);
        assert_int_equal(r->n_uncertain, 1);
        assert_int_equal(accord_robust_render(m, r, &ro, &text[k]), ACCORD_OK);
        accord_robust_free(r);
    }
    for (int k = 1; k < 4; k++)
        assert_string_equal(text[0], text[k]);
    for (int k = 0; k < 4; k++)
        accord_free(text[k]);
    accord_model_free(m);
}

/* Every allocation of the three analyses with dropped red lines failing in
 * turn: ACCORD_E_NOMEM and nothing half-made (ASan finds a leak), until the
 * run succeeds. */
static void test_alloc_failures(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    bool b1[3] = {false, true, false};
    for (int which = 0; which < 3; which++) {
        for (long k = 0;; k++) {
            test_alloc_fail_at(k);
            accord_status rc;
            if (which == 0) {
                accord_frontier *f = NULL;
                rc = accord_frontier_compute(m, &(accord_frontier_options){.ignored_red_lines = b1}, &f, NULL);
                assert_true(rc == ACCORD_OK ? f != NULL : f == NULL);
                accord_frontier_free(f);
            } else if (which == 1) {
                accord_evaluation *e = NULL;
                rc = accord_evaluation_compute(m, &(accord_evaluation_options){.ignored_red_lines = b1}, &e, NULL);
                assert_true(rc == ACCORD_OK ? e != NULL : e == NULL);
                accord_evaluation_free(e);
            } else {
                accord_robust *r = NULL;
                rc = accord_robust_compute(m, &(accord_robust_options){.samples = 10, .ignored_red_lines = b1}, &r, NULL);
                assert_true(rc == ACCORD_OK ? r != NULL : r == NULL);
                accord_robust_free(r);
            }
            test_alloc_restore();
            if (rc == ACCORD_OK)
                break;
            assert_int_equal(rc, ACCORD_E_NOMEM);
            assert_true(k < 100000);
        }
    }
    accord_model_free(m);
}

static void test_fixed(void **state)
{
    (void)state;
    char buf[ACC_FIXED_SIZE];
    /* 0.1125's double lies above 0.1125, the sum 0.0375 + 0.075 below:
     * both print as 0.1125 rounded half away from zero */
    assert_true(0.0375 + 0.075 < 0.1125);
    assert_string_equal(acc__fixed(0.1125, 3, buf, sizeof buf), "0.113");
    assert_string_equal(acc__fixed(0.0375 + 0.075, 3, buf, sizeof buf), "0.113");
    assert_string_equal(acc__fixed(0.6625, 3, buf, sizeof buf), "0.663"); /* %.3f: 0.662 */
    assert_string_equal(acc__fixed(-0.1125, 3, buf, sizeof buf), "-0.113");
    assert_string_equal(acc__fixed(0.1124, 3, buf, sizeof buf), "0.112");
    assert_string_equal(acc__fixed(0.11251, 3, buf, sizeof buf), "0.113");
    assert_string_equal(acc__fixed(1, 3, buf, sizeof buf), "1.000");
    assert_string_equal(acc__fixed(0, 3, buf, sizeof buf), "0.000");
    assert_string_equal(acc__fixed(1.2345, 2, buf, sizeof buf), "1.23");
    assert_string_equal(acc__fixed(2.5, 0, buf, sizeof buf), "3");
    assert_string_equal(acc__fixed(INFINITY, 3, buf, sizeof buf), "inf");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frontier),     cmocka_unit_test(test_evaluation),
        cmocka_unit_test(test_robust),       cmocka_unit_test(test_robust_soft),
        cmocka_unit_test(test_robust_threads), cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
