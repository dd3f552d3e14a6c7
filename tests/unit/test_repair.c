/* test_repair.c - accord_repair against brute force: the fewest changes,
 * every listed repair rational with exactly that many changes, the first the
 * best by Nash product, the count and the "more" flag; capped utilities
 * (normalize: false), red lines over several issues, and no ZOPA at all. */
#include "random_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t distance(const uint32_t *a, const uint32_t *b, size_t n)
{
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        d += a[i] != b[i];
    return d;
}

static double nash(const accord_model *m, const uint32_t *t)
{
    double x = 1;
    for (size_t p = 0; p < m->n_parties; p++)
        x *= accord_utility(m, p, t) - m->agreement->table.reservation[p];
    return x;
}

static int desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Check accord_repair on terms `orig` against enumeration. */
static void check_repair(const accord_model *m, const uint32_t *orig, size_t max)
{
    size_t ni = m->agreement->n_issues, best_d = SIZE_MAX, count = 0;
    double best_nash = -INFINITY;
    uint32_t t[16] = {0};
    /* the Nash products of the repairs of the fewest changes, for the order */
    static double products[1 << 16];
    do { /* the fewest changes and the best product at that distance */
        if (!rational(m, t))
            continue;
        size_t d = distance(t, orig, ni);
        if (d < best_d) {
            best_d = d;
            count = 0;
            best_nash = -INFINITY;
        }
        if (d == best_d) {
            assert_true(count < sizeof products / sizeof *products);
            products[count++] = nash(m, t);
            best_nash = fmax(best_nash, nash(m, t));
        }
    } while (next_outcome(m, t));
    qsort(products, count, sizeof *products, desc);

    accord_repair_result *r = NULL;
    accord_repair_options o = {.terms = orig, .max_repairs = max, .label = "test"};
    assert_int_equal(accord_repair_compute(m, &o, &r, NULL), ACCORD_OK);
    assert_string_equal(r->label, "test");
    assert_memory_equal(r->original, orig, ni * sizeof *orig);
    if (best_d == SIZE_MAX) {
        assert_false(r->feasible);
        assert_int_equal(r->n_repairs, 0);
        accord_repair_result_free(r);
        return;
    }
    assert_true(r->feasible);
    assert_int_equal(r->changes, best_d);
    assert_int_equal(r->n_repairs, count < max ? count : max);
    assert_true(r->more == (count > max));
    assert_true(fabs(r->repairs[0].nash_product - best_nash) <= 1e-12);
    for (size_t a = 0; a < r->n_repairs; a++) {
        const accord_repair_item *it = &r->repairs[a];
        assert_true(rational(m, it->terms));
        assert_int_equal(distance(it->terms, orig, ni), best_d);
        assert_int_equal(it->n_changed, best_d);
        for (size_t c = 0; c < it->n_changed; c++) {
            assert_true(it->terms[it->changed[c]] != orig[it->changed[c]]);
            if (c > 0)
                assert_true(it->changed[c] > it->changed[c - 1]);
        }
        for (size_t p = 0; p < m->n_parties; p++)
            assert_true(it->utility[p] == accord_utility(m, p, it->terms));
        assert_true(fabs(it->nash_product - nash(m, it->terms)) <= 1e-12);
        /* the a-th best product of all (ties may list either outcome) */
        assert_true(fabs(it->nash_product - products[a]) <= 1e-12);
        if (a > 0) { /* by Nash product, distinct */
            assert_true(it->nash_product <= r->repairs[a - 1].nash_product + 1e-12);
            assert_true(memcmp(it->terms, r->repairs[a - 1].terms, ni * sizeof *orig) != 0);
        }
    }
    accord_repair_result_free(r);
}

static void run(uint64_t seed, bool capped, size_t max)
{
    test_rng rng = {seed};
    for (int trial = 0; trial < 120; trial++) {
        static char yaml[16384], edited[20000];
        int np = 2 + (int)rng_below(&rng, 3), ni = 2 + (int)rng_below(&rng, 5);
        random_model_yaml_red(&rng, np, ni, 0.1, 0.7, 2, -1, yaml, sizeof yaml);
        const char *text = yaml;
        if (capped) { /* weights as written (they sum past 1): utilities capped at 1 */
            size_t len = 0;
            for (const char *p = yaml; *p; p++) {
                if (!strncmp(p, "      reservation:", 18))
                    len += (size_t)snprintf(edited + len, sizeof edited - len, "      normalize: false\n");
                edited[len++] = *p;
            }
            edited[len] = '\0';
            text = edited;
        }
        accord_model *m = load_yaml_string(text);
        for (size_t q = 0; q < m->agreement->n_proposals; q++)
            check_repair(m, m->agreement->proposals[q].terms, max);
        accord_model_free(m);
    }
}

static void test_random(void **state)
{
    (void)state;
    run(101, false, 20);
    run(202, true, 20);
    run(303, false, 2); /* truncated lists */
}

/* Issues that trade one party's gain for the others' loss, tight
 * reservations: the parties' bounds alone prune little, the groups' bounds
 * and the Nash-product bound do the work; random terms to repair. */
static void test_tradeoffs(void **state)
{
    (void)state;
    test_rng rng = {404};
    for (int trial = 0; trial < 80; trial++) {
        static char yaml[16384];
        size_t len = 0, np = 2 + rng_below(&rng, 3), ni = 3 + rng_below(&rng, 4), nopt[8];
#define PUT(...) len += (size_t)snprintf(yaml + len, sizeof yaml - len, __VA_ARGS__)
        PUT("accord: 1\nparties: [");
        for (size_t p = 0; p < np; p++)
            PUT("%sP%zu", p ? ", " : "", p);
        PUT("]\nagreement:\n  issues:\n");
        double share[8][6][4]; /* issue, option, party: a split of 1 */
        for (size_t i = 0; i < ni; i++) {
            nopt[i] = 2 + rng_below(&rng, 4);
            PUT("    - {id: i%zu, options: [", i);
            for (size_t k = 0; k < nopt[i]; k++) {
                double sum = 0;
                for (size_t p = 0; p < np; p++)
                    sum += share[i][k][p] = 0.05 + rng_uniform(&rng);
                for (size_t p = 0; p < np; p++)
                    share[i][k][p] /= sum;
                PUT("%so%zu", k ? ", " : "", k);
            }
            PUT("]}\n");
        }
        PUT("  preferences:\n");
        for (size_t p = 0; p < np; p++) {
            PUT("    P%zu:\n      reservation: %.17g\n      weights: {", p,
                (0.8 + 0.3 * rng_uniform(&rng)) / (double)np);
            for (size_t i = 0; i < ni; i++)
                PUT("%si%zu: %.17g", i ? ", " : "", i, 0.2 + rng_uniform(&rng));
            PUT("}\n      values:\n");
            for (size_t i = 0; i < ni; i++) {
                PUT("        i%zu: {", i);
                for (size_t k = 0; k < nopt[i]; k++)
                    PUT("%so%zu: %.17g", k ? ", " : "", k, share[i][k][p]);
                PUT("}\n");
            }
        }
#undef PUT
        accord_model *m = load_yaml_string(yaml);
        uint32_t orig[8];
        for (size_t i = 0; i < ni; i++)
            orig[i] = rng_below(&rng, (uint32_t)nopt[i]);
        check_repair(m, orig, 1 + rng_below(&rng, 4));
        accord_model_free(m);
    }
}

static const char *TWO =
    "accord: 1\n"
    "parties: [A, B]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [a, b, c]}\n"
    "    - {id: y, options: [p, q]}\n"
    "  proposals: [{id: start, terms: {x: a, y: p}}]\n"
    "  preferences:\n"
    "    A: {reservation: 0.3, weights: {x: 1, y: 1}, values: {x: {a: 1, b: 0.5, c: 0}, y: {p: 1, q: 0}}}\n"
    "    B: {reservation: 0.3, weights: {x: 1, y: 1}, values: {x: {a: 0, b: 0.6, c: 1}, y: {p: 0, q: 1}}%s}\n";

static accord_model *two(const char *red_lines)
{
    char yaml[1024];
    snprintf(yaml, sizeof yaml, TWO, red_lines);
    return load_yaml_string(yaml);
}

/* (a,p) gives (1, 0): B wants 0.3.  One change: (a,q) and (c,p) both give
 * (0.5, 0.5), Nash product 0.04, and (b,p) gives (0.75, 0.3), product 0:
 * (a,q) first (the smaller outcome of the tie), then (c,p), then (b,p). */
static void test_worked(void **state)
{
    (void)state;
    accord_model *m = two("");
    const uint32_t start[2] = {0, 0};
    accord_repair_result *r = NULL;
    assert_int_equal(accord_repair_compute(m, &(accord_repair_options){.terms = start}, &r, NULL), ACCORD_OK);
    assert_true(r->feasible);
    assert_int_equal(r->changes, 1);
    assert_int_equal(r->n_repairs, 3);
    assert_false(r->more);
    assert_int_equal(r->repairs[0].terms[0], 0);
    assert_int_equal(r->repairs[0].terms[1], 1);
    assert_true(fabs(r->repairs[0].nash_product - 0.04) < 1e-12);
    assert_int_equal(r->repairs[1].terms[0], 2);
    assert_int_equal(r->repairs[1].terms[1], 0);
    assert_int_equal(r->repairs[2].terms[0], 1);
    assert_int_equal(r->repairs[2].terms[1], 0);
    char *text = NULL;
    accord_render_options jo = {.format = ACCORD_FORMAT_JSON};
    assert_int_equal(accord_repair_render(m, r, &jo, &text), ACCORD_OK);
    assert_non_null(strstr(text, "\"changes\": 1"));
    assert_non_null(strstr(text, "\"issue\": \"y\""));
    assert_non_null(strstr(text, "\"from\": \"p\""));
    assert_non_null(strstr(text, "\"to\": \"q\""));
    accord_free(text);
    accord_repair_result_free(r);

    /* already rational: no change */
    const uint32_t fine[2] = {0, 1};
    assert_int_equal(accord_repair_compute(m, &(accord_repair_options){.terms = fine}, &r, NULL), ACCORD_OK);
    assert_int_equal(r->changes, 0);
    assert_int_equal(r->n_repairs, 1);
    assert_int_equal(r->repairs[0].n_changed, 0);
    accord_repair_result_free(r);

    /* an option index out of range */
    const uint32_t bad[2] = {3, 0};
    accord_diagnostics diag = {0};
    assert_int_equal(accord_repair_compute(m, &(accord_repair_options){.terms = bad}, &r, &diag), ACCORD_E_ARG);
    assert_null(r);
    assert_true(diag.count > 0);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);

    /* B's red lines leave no outcome at all: "changes": null */
    m = two(", red_lines: [\"y = p\", \"y = q\"]");
    assert_int_equal(accord_repair_compute(m, &(accord_repair_options){.terms = start}, &r, NULL), ACCORD_OK);
    assert_false(r->feasible);
    assert_int_equal(accord_repair_render(m, r, &jo, &text), ACCORD_OK);
    assert_non_null(strstr(text, "\"changes\": null"));
    assert_non_null(strstr(text, "\"repairs\": []"));
    accord_free(text);
    accord_repair_result_free(r);
    accord_model_free(m);
}

typedef struct calls {
    size_t n, last_k, total, bad;
} calls;

static void record(void *ctx, const char *what, size_t done, size_t total, size_t nodes)
{
    calls *c = ctx;
    (void)nodes;
    if (strcmp(what, "repair") != 0 || done < c->last_k)
        c->bad++;
    c->last_k = done;
    c->total = total;
    c->n++;
}

/* The progress callback sees every number of changes tried, in order. */
static void test_progress(void **state)
{
    (void)state;
    accord_model *m = two("");
    const uint32_t start[2] = {0, 0};
    calls c = {0};
    accord_repair_options o = {.terms = start, .progress = record, .progress_ctx = &c};
    accord_repair_result *r = NULL, *plain = NULL;
    assert_int_equal(accord_repair_compute(m, &o, &r, NULL), ACCORD_OK);
    assert_int_equal(accord_repair_compute(m, &(accord_repair_options){.terms = start}, &plain, NULL), ACCORD_OK);
    assert_int_equal(r->changes, 1);
    assert_int_equal(c.bad, 0);
    assert_int_equal(c.n, 2); /* 0 changes, then 1 */
    assert_int_equal(c.last_k, 1);
    assert_int_equal(c.total, 2);
    assert_int_equal(r->n_repairs, plain->n_repairs);
    for (size_t a = 0; a < r->n_repairs; a++)
        assert_memory_equal(r->repairs[a].terms, plain->repairs[a].terms, 2 * sizeof(uint32_t));
    accord_repair_result_free(r);
    accord_repair_result_free(plain);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_tradeoffs),
        cmocka_unit_test(test_progress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
