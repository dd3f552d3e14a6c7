/* test_robust.c - acceptance under uncertainty: probabilities match their
 * definition, are identical for any thread count, and the sensitivity
 * ranking finds the number that decides. */
#include "support.h"

#include <math.h>
#include <stdio.h>
#include <omp.h>
#include <string.h>

#include "zopa/rational_search.h"

/* A's acceptance of p depends only on A's reservation in [0.4, 0.8]:
 * u_A(p) = 0.6, so A accepts when the reservation is <= 0.6: probability
 * 1/2.  B's numbers are ranged too but never decide anything. */
static const char *MODEL =
    "accord: 1\n"
    "parties: [A, B]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [a, b, c]}\n"
    "    - {id: y, options: [d, e]}\n"
    "  proposals:\n"
    "    - {id: p, terms: {x: b, y: d}}\n"
    "    - {id: q, terms: {x: c, y: e}}\n"
    "  preferences:\n"
    "    A:\n"
    "      reservation: [0.4, 0.8]\n"
    "      weights: {x: 1}\n"
    "      values: {x: {a: 1, b: 0.6, c: 0}}\n"
    "    B:\n"
    "      reservation: 0.1\n"
    "      weights: {x: [1, 2], y: 1}\n"
    "      values: {x: {a: 0, b: 0.5, c: 1}, y: {d: [0.5, 1], e: 1}}\n"
    "      red_lines: [\"y = e & x = c\"]\n";

static void test_probabilities(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_robust_options o = {.samples = 20000, .seed = 7};
    accord_robust *r = NULL;
    assert_int_equal(accord_robust_compute(m, &o, &r, NULL), ACCORD_OK);
    assert_int_equal(r->n_uncertain, 3); /* A reservation, B weight x, B value y=d (B weight y is a point) */
    /* A accepts p with probability P(res <= 0.6) = 0.5 */
    assert_true(fabs(r->acceptable[0 * 2 + 0] - 0.5) < 0.02);
    /* B always accepts p (utility >= 0.5*... > 0.1) and never q (red line) */
    assert_true(r->acceptable[0 * 2 + 1] == 1.0);
    assert_true(r->acceptable[1 * 2 + 1] == 0.0);
    assert_true(r->all_acceptable[1] == 0.0);
    /* A never accepts q (utility 0 < 0.4) */
    assert_true(r->acceptable[1 * 2 + 0] == 0.0);
    /* a rational outcome always exists: (b, d) or (a, ...) for low reservations;
       (a, d): u_A = 1 >= any reservation, u_B = w_y*v_d/(...) > 0.1 */
    assert_true(r->zopa_nonempty == 1.0);
    assert_int_equal(r->zopa_undecided, 0);
    /* the number that decides is A's reservation, moving "A accepts p" from 1 to 0 */
    assert_true(r->n_sensitivity >= 1);
    assert_string_equal(r->sensitivity[0].what, "A reservation");
    assert_int_equal(r->sensitivity[0].proposal, 0);
    assert_int_equal(r->sensitivity[0].party, 0);
    assert_true(r->sensitivity[0].p_low > 0.95);
    assert_true(r->sensitivity[0].p_high < 0.05);
    accord_robust_free(r);
    accord_model_free(m);
}

/* Same seed: byte-identical JSON with 1 and 2 threads (OMP_NUM_THREADS, and
 * accord_robust_options.threads 1, 2 and 5); another seed differs. */
static void test_thread_independence(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
    char *text[3] = {0};
    int threads[3] = {1, 2, 2};
    uint64_t seeds[3] = {42, 42, 43};
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(threads[k]);
        accord_robust_options o = {.samples = 3001, .seed = seeds[k]};
        accord_robust *r = NULL;
        assert_int_equal(accord_robust_compute(m, &o, &r, NULL), ACCORD_OK);
        assert_int_equal(accord_robust_render(m, r, &ro, &text[k]), ACCORD_OK);
        accord_robust_free(r);
    }
    assert_string_equal(text[0], text[1]);
    assert_true(strcmp(text[1], text[2]) != 0);
    /* the same through accord_robust_options.threads, whatever the OpenMP
     * default is */
    omp_set_num_threads(3);
    int opt_threads[3] = {1, 2, 5};
    for (int k = 0; k < 3; k++) {
        accord_robust_options o = {.samples = 3001, .seed = 42, .threads = opt_threads[k]};
        accord_robust *r = NULL;
        char *t = NULL;
        assert_int_equal(accord_robust_compute(m, &o, &r, NULL), ACCORD_OK);
        assert_int_equal(accord_robust_render(m, r, &ro, &t), ACCORD_OK);
        assert_string_equal(text[0], t);
        accord_free(t);
        accord_robust_free(r);
    }
    for (int k = 0; k < 3; k++)
        accord_free(text[k]);
    accord_model_free(m);
}

/* Sample counts around the blocks of 64 (one sample, a partial block, one
 * block, two and a sample; then 2 and 4 threads with a partial last
 * block): the same JSON whatever the threads asked for (at most one per
 * 64 samples run), and the probabilities are counts over exactly that
 * many samples. */
static void test_block_edges(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
    uint64_t counts[6] = {1, 63, 64, 129, 257, 641};
    for (int c = 0; c < 6; c++) {
        char *first = NULL;
        for (int t = 1; t <= 4; t++) {
            accord_robust_options o = {.samples = counts[c], .seed = 7, .threads = t};
            accord_robust *r = NULL;
            char *text = NULL;
            assert_int_equal(accord_robust_compute(m, &o, &r, NULL), ACCORD_OK);
            for (size_t k = 0; k < r->n_proposals * r->n_parties; k++) {
                double n = r->acceptable[k] * (double)counts[c];
                assert_true(n >= 0 && n <= (double)counts[c] && fabs(n - round(n)) < 1e-9);
            }
            assert_int_equal(accord_robust_render(m, r, &ro, &text), ACCORD_OK);
            if (!first)
                first = text;
            else {
                assert_string_equal(first, text);
                accord_free(text);
            }
            accord_robust_free(r);
        }
        accord_free(first);
    }
    accord_model_free(m);
}

/* The search agrees with enumeration on random models. */
static void test_search_matches_enumeration(void **state)
{
    (void)state;
    test_rng rng = {2024};
    for (int trial = 0; trial < 200; trial++) {
        char yaml[8192];
        size_t len = 0;
        int np = 2 + (int)rng_below(&rng, 3), ni = 1 + (int)rng_below(&rng, 5);
        len += (size_t)snprintf(yaml + len, sizeof yaml - len, "accord: 1\nparties: [");
        for (int p = 0; p < np; p++)
            len += (size_t)snprintf(yaml + len, sizeof yaml - len, "%sP%d", p ? ", " : "", p);
        len += (size_t)snprintf(yaml + len, sizeof yaml - len, "]\nagreement:\n  issues:\n");
        int nopt[8];
        for (int i = 0; i < ni; i++) {
            nopt[i] = 2 + (int)rng_below(&rng, 3);
            len += (size_t)snprintf(yaml + len, sizeof yaml - len, "    - {id: i%d, options: [", i);
            for (int k = 0; k < nopt[i]; k++)
                len += (size_t)snprintf(yaml + len, sizeof yaml - len, "%so%d", k ? ", " : "", k);
            len += (size_t)snprintf(yaml + len, sizeof yaml - len, "]}\n");
        }
        len += (size_t)snprintf(yaml + len, sizeof yaml - len, "  preferences:\n");
        for (int p = 0; p < np; p++) {
            len += (size_t)snprintf(yaml + len, sizeof yaml - len, "    P%d:\n      reservation: %.3f\n      weights: {",
                                    p, 0.3 + 0.6 * rng_uniform(&rng));
            for (int i = 0; i < ni; i++)
                len += (size_t)snprintf(yaml + len, sizeof yaml - len, "%si%d: %.3f", i ? ", " : "", i,
                                        0.1 + rng_uniform(&rng));
            len += (size_t)snprintf(yaml + len, sizeof yaml - len, "}\n      values:\n");
            for (int i = 0; i < ni; i++) {
                len += (size_t)snprintf(yaml + len, sizeof yaml - len, "        i%d: {", i);
                for (int k = 0; k < nopt[i]; k++)
                    len += (size_t)snprintf(yaml + len, sizeof yaml - len, "%so%d: %.3f", k ? ", " : "", k,
                                            rng_uniform(&rng));
                len += (size_t)snprintf(yaml + len, sizeof yaml - len, "}\n");
            }
            if (rng_below(&rng, 2))
                len += (size_t)snprintf(yaml + len, sizeof yaml - len, "      red_lines: [\"i0 = o%u | i%d != o0\"]\n",
                                        rng_below(&rng, 2), (int)rng_below(&rng, (uint32_t)ni));
        }
        accord_model *m = load_yaml_string(yaml);
        /* enumerate */
        bool exists = false;
        uint32_t t[8] = {0};
        for (;;) {
            bool all = true;
            for (int p = 0; p < np && all; p++)
                all = accord_acceptable(m, (size_t)p, t);
            if (all) {
                exists = true;
                break;
            }
            int i = ni;
            while (i > 0 && ++t[i - 1] == (uint32_t)nopt[i - 1])
                t[--i] = 0;
            if (i == 0)
                break;
        }
        acc__rational_search *s = NULL;
        assert_int_equal(acc__rational_search_new(m, &s), ACCORD_OK);
        bool found = false;
        uint32_t witness[8];
        assert_int_equal(acc__rational_search_run(s, &m->agreement->table, 0, &found, witness), ACCORD_OK);
        assert_int_equal(found, exists);
        if (found)
            for (int p = 0; p < np; p++)
                assert_true(accord_acceptable(m, (size_t)p, witness));
        acc__rational_search_free(s);
        accord_model_free(m);
    }
}

static void test_errors(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\nparties: [A]\nconflict: {options: {A: [x]}, preferences: {A: {priorities: [A.x]}}}\n");
    accord_robust *r = NULL;
    assert_int_equal(accord_robust_compute(m, NULL, &r, NULL), ACCORD_E_NODATA);
    assert_null(r);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probabilities),
        cmocka_unit_test(test_thread_independence),
        cmocka_unit_test(test_block_edges),
        cmocka_unit_test(test_search_matches_enumeration),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
