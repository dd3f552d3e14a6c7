/* test_repair_search.c - accord_repair is minimal and picks the best repair,
 * checked against brute force on seeded random models. */
#include "random_model.h"

#include <math.h>
#include <string.h>

/* Brute force: the fewest changes, how many rational outcomes have that
 * many, and the best by Nash product, then welfare, then enumeration order. */
static bool brute(const accord_model *m, const uint32_t *orig, size_t *changes, size_t *count,
                  uint32_t *best)
{
    size_t ni = m->agreement->n_issues, np = m->n_parties;
    uint32_t t[16] = {0};
    size_t min = SIZE_MAX;
    double best_nash = 0, best_w = 0;
    *count = 0;
    do {
        if (!rational(m, t))
            continue;
        size_t d = 0;
        for (size_t i = 0; i < ni; i++)
            d += t[i] != orig[i];
        double nash = 1, w = 0;
        for (size_t p = 0; p < np; p++) {
            double u = accord_utility(m, p, t);
            nash *= u - m->agreement->table.reservation[p];
            w += u;
        }
        bool take = false;
        if (d < min) {
            min = d;
            *count = 0;
            take = true;
        } else if (d == min) {
            /* enumeration order visits smaller indices first: ties keep the first */
            take = fabs(nash - best_nash) > 1e-12 ? nash > best_nash : w > best_w + 1e-12;
        }
        if (d == min)
            ++*count;
        if (take) {
            best_nash = nash;
            best_w = w;
            memcpy(best, t, ni * sizeof *t);
        }
    } while (next_outcome(m, t));
    *changes = min;
    return min != SIZE_MAX;
}

static void test_repair_minimal(void **state)
{
    (void)state;
    test_rng rng = {77};
    int checked = 0, feasible = 0, nonzero = 0;
    for (int trial = 0; trial < 300; trial++) {
        char yaml[16384];
        int np = 2 + (int)rng_below(&rng, 3), ni = 2 + (int)rng_below(&rng, 5);
        random_model_yaml(&rng, np, ni, 0.2, 0.7, 2, yaml, sizeof yaml);
        accord_model *m = load_yaml_string(yaml);
        for (size_t q = 0; q < m->agreement->n_proposals; q++) {
            const uint32_t *orig = m->agreement->proposals[q].terms;
            size_t changes, count;
            uint32_t best[16];
            bool ok = brute(m, orig, &changes, &count, best);
            accord_repair_result *r = NULL;
            accord_repair_options ro = {.terms = orig, .max_repairs = 3};
            assert_int_equal(accord_repair_compute(m, &ro, &r, NULL), ACCORD_OK);
            assert_int_equal(r->feasible, ok);
            checked++;
            if (ok) {
                feasible++;
                nonzero += changes > 0;
                assert_int_equal(r->changes, changes);
                assert_int_equal(r->n_repairs, count < 3 ? count : 3);
                assert_int_equal(r->more, count > 3);
                assert_memory_equal(r->repairs[0].terms, best, m->agreement->n_issues * sizeof *best);
                for (size_t k = 0; k < r->n_repairs; k++) {
                    assert_true(rational(m, r->repairs[k].terms));
                    assert_int_equal(r->repairs[k].n_changed, changes);
                }
            }
            accord_repair_result_free(r);
        }
        accord_model_free(m);
    }
    /* the generator must exercise every case */
    assert_true(feasible > 50);
    assert_true(nonzero > 30);
    assert_true(checked - feasible > 10);
}

/* Repair scales: 24 issues, found exactly without enumerating 3^24 outcomes. */
static void test_repair_many_issues(void **state)
{
    (void)state;
    char yaml[65536];
    size_t len = 0;
#define OUT(...) len += (size_t)snprintf(yaml + len, sizeof yaml - len, __VA_ARGS__)
    OUT("accord: 1\nparties: [A, B]\nagreement:\n  issues:\n");
    for (int i = 0; i < 24; i++)
        OUT("    - {id: i%d, options: [a, b, c]}\n", i);
    OUT("  proposals:\n    - {id: p, terms: {");
    for (int i = 0; i < 24; i++)
        OUT("%si%d: a", i ? ", " : "", i);
    OUT("}}\n  preferences:\n");
    /* A likes a, B likes c; both are fine with b.  B needs 0.5: three issues
       moved from a to c (0.125 each, since B gets 0 from a, 1/24 ... ) */
    OUT("    A: {reservation: 0.6, weights: {");
    for (int i = 0; i < 24; i++)
        OUT("%si%d: 1", i ? ", " : "", i);
    OUT("}, values: {");
    for (int i = 0; i < 24; i++)
        OUT("%si%d: {a: 1, b: 0.8, c: 0}", i ? ", " : "", i);
    OUT("}}\n    B: {reservation: 0.25, weights: {");
    for (int i = 0; i < 24; i++)
        OUT("%si%d: 1", i ? ", " : "", i);
    OUT("}, values: {");
    for (int i = 0; i < 24; i++)
        OUT("%si%d: {a: 0, b: 0.5, c: 1}", i ? ", " : "", i);
    OUT("}}\n");
#undef OUT
    accord_model *m = load_yaml_string(yaml);
    accord_repair_result *r = NULL;
    assert_int_equal(accord_repair_compute(m, &(accord_repair_options){.terms = m->agreement->proposals[0].terms}, &r, NULL), ACCORD_OK);
    assert_true(r->feasible);
    /* B gets 1/24 per c and 1/48 per b: it needs 0.25 = 6 c's (A: 18/24 = 0.75
       >= 0.6) or 12 b's; 6 changes to c is the fewest (5 give at most 5/24). */
    assert_int_equal(r->changes, 6);
    assert_true(r->more); /* C(24, 6) choices */
    assert_true(fabs(r->repairs[0].utility[1] - 0.25) < 1e-12);
    accord_repair_result_free(r);
    accord_model_free(m);
}

static void test_repair_errors(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\nparties: [A]\nagreement:\n  issues: [{id: x, options: [a, b]}]\n"
                                       "  preferences: {A: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}}\n");
    uint32_t bad[] = {7};
    accord_repair_result *r = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(accord_repair_compute(m, &(accord_repair_options){.terms = bad}, &r, &diag), ACCORD_E_ARG);
    assert_null(r);
    assert_true(diag_find(&diag, "out of range") >= 0);
    accord_diagnostics_clear(&diag);
    uint32_t fine[] = {1};
    assert_int_equal(accord_repair_compute(m, &(accord_repair_options){.terms = fine}, &r, NULL), ACCORD_OK);
    assert_int_equal(r->changes, 0); /* reservation 0: everything is acceptable */
    accord_repair_result_free(r);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repair_minimal),
        cmocka_unit_test(test_repair_many_issues),
        cmocka_unit_test(test_repair_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
