/* test_frontier.c - the exact Pareto frontier and the bargaining solutions,
 * checked against the naive enumeration and against their definitions. */
#include "support.h"

#include <jansson.h>

#include "agreement/agreement.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

static accord_frontier *fast(const accord_model *m)
{
    accord_frontier *f = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_frontier_compute(m, NULL, &f, &diag);
    if (rc)
        for (size_t i = 0; i < diag.count; i++)
            fprintf(stderr, "%s\n", diag.items[i].message);
    accord_diagnostics_clear(&diag);
    assert_int_equal(rc, ACCORD_OK);
    return f;
}

static accord_frontier *naive(const accord_model *m)
{
    accord_frontier *f = NULL;
    assert_int_equal(acc__frontier_bruteforce(m, NULL, 1e7, &f), ACCORD_OK);
    return f;
}

static bool dominates_or_equal(const double *a, const double *b, size_t np)
{
    for (size_t p = 0; p < np; p++)
        if (a[p] < b[p])
            return false;
    return true;
}

static void assert_same_points(const accord_frontier *fa, const accord_frontier_point *a, size_t na,
                               const accord_frontier *fb, const accord_frontier_point *b, size_t nb,
                               size_t np, size_t ni, const char *what)
{
    if (na != nb)
        fprintf(stderr, "%s: %zu points, expected %zu\n", what, na, nb);
    assert_int_equal(na, nb);
    for (size_t k = 0; k < na; k++) {
        for (size_t p = 0; p < np; p++)
            assert_true(fabs(a[k].utility[p] - b[k].utility[p]) <= 1e-9);
        int c = acc__terms_cmp(point_terms(fa, &a[k]), point_terms(fb, &b[k]), ni);
        if (c != 0)
            fprintf(stderr, "%s: point %zu has other terms than the enumeration\n", what, k);
        assert_int_equal(c, 0);
    }
}

static void assert_same_solution(const accord_frontier *fa, const accord_frontier_point *a,
                                 const accord_frontier *fb, const accord_frontier_point *b,
                                 size_t np, size_t ni, const char *what)
{
    if ((a == NULL) != (b == NULL))
        fprintf(stderr, "%s: one solution is null\n", what);
    assert_true((a == NULL) == (b == NULL));
    if (!a)
        return;
    for (size_t p = 0; p < np; p++)
        assert_true(fabs(a->utility[p] - b->utility[p]) <= 1e-9);
    assert_int_equal(acc__terms_cmp(point_terms(fa, a), point_terms(fb, b), ni), 0);
}

/* Properties that hold for any frontier: sorted, undominated, utilities equal
 * to accord_utility of the terms, rational points acceptable, the solutions
 * on their frontiers. */
static void check_properties(const accord_model *m, const accord_frontier *f)
{
    size_t np = f->n_parties;
    const accord_frontier_point *lists[2] = {f->points, f->rational};
    size_t sizes[2] = {f->n_points, f->n_rational};
    for (int l = 0; l < 2; l++) {
        const accord_frontier_point *pts = lists[l];
        for (size_t a = 0; a < sizes[l]; a++) {
            for (size_t p = 0; p < np; p++)
                assert_true(pts[a].utility[p] == accord_utility(m, p, point_terms(f, &pts[a])));
            if (l == 1)
                for (size_t p = 0; p < np; p++)
                    assert_true(accord_acceptable(m, p, point_terms(f, &pts[a])));
            if (a > 0) /* lexicographically descending, hence distinct */
            {
                size_t q = 0;
                while (q < np && pts[a - 1].utility[q] == pts[a].utility[q])
                    q++;
                assert_true(q < np && pts[a - 1].utility[q] > pts[a].utility[q]);
            }
            for (size_t b = 0; b < sizes[l]; b++)
                if (b != a)
                    assert_false(dominates_or_equal(pts[b].utility, pts[a].utility, np));
        }
    }
    assert_true(f->zopa_empty == (f->n_rational == 0));
    if (f->zopa_empty) {
        assert_null(f->nash);
        assert_null(f->kalai_smorodinsky);
        assert_null(f->egalitarian);
    } else {
        assert_true(f->nash >= f->rational && f->nash < f->rational + f->n_rational);
        assert_true(f->kalai_smorodinsky >= f->rational &&
                    f->kalai_smorodinsky < f->rational + f->n_rational);
        assert_true(f->egalitarian >= f->rational && f->egalitarian < f->rational + f->n_rational);
    }
    if (f->n_points)
        assert_true(f->max_welfare >= f->points && f->max_welfare < f->points + f->n_points);
}

static void compare_with_naive(const accord_model *m)
{
    accord_frontier *a = fast(m), *b = naive(m);
    size_t np = a->n_parties, ni = a->n_issues;
    check_properties(m, a);
    assert_same_points(a, a->points, a->n_points, b, b->points, b->n_points, np, ni, "frontier");
    assert_same_points(a, a->rational, a->n_rational, b, b->rational, b->n_rational, np, ni,
                       "rational frontier");
    assert_same_solution(a, a->nash, b, b->nash, np, ni, "nash");
    assert_same_solution(a, a->kalai_smorodinsky, b, b->kalai_smorodinsky, np, ni, "ks");
    assert_same_solution(a, a->egalitarian, b, b->egalitarian, np, ni, "egalitarian");
    assert_same_solution(a, a->max_welfare, b, b->max_welfare, np, ni, "max_welfare");
    assert_true(a->zopa_empty == b->zopa_empty);
    assert_true(a->zopa_size == b->zopa_size);
    accord_frontier_free(a);
    accord_frontier_free(b);
}

/* ---- GENIUS fixtures ---- */

static void test_genius_fixtures(void **state)
{
    (void)state;
    static const char *names[] = {"Amsterdam", "Camera", "Dinner3P", "EnglandZimbabwe",
                                  "EnglandvsZimbabweB", "Grocery", "IntegerDomain",
                                  "ItexvsCypress", "Laptop", "SmartEnergyGrid3P", "Travel",
                                  "Energy"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        accord_model *m = load_fixture(names[i]);
        compare_with_naive(m);
        accord_model_free(m);
    }
}

/* ---- seeded random scenarios ---- */

typedef struct gen_opts {
    size_t parties, issues, max_options;
    bool grid;      /* values and weights on a coarse grid: many exact ties */
    bool normalize; /* false: weights as written, utility capped at 1 */
    size_t red_lines; /* per party */
} gen_opts;

static void appendf(char *buf, size_t size, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void appendf(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, size - *len, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < size - *len);
    *len += (size_t)n;
}

/* A random atom over issue i: discrete issues have options o0.., integer
 * issues (odd i when integers are on) have values 0, 10, 20, ... */
static void random_atom(test_rng *r, char *buf, size_t size, size_t *len, size_t i,
                        const size_t *nopt, const bool *integer)
{
    uint32_t k = rng_below(r, (uint32_t)nopt[i]);
    if (integer[i]) {
        static const char *ops[] = {"<", "<=", ">", ">="};
        appendf(buf, size, len, "x%zu %s %u", i, ops[rng_below(r, 4)], 10 * k + 5 * rng_below(r, 2));
    } else {
        appendf(buf, size, len, "x%zu %s o%u", i, rng_below(r, 3) ? "=" : "!=", k);
    }
}

static accord_model *random_model(test_rng *r, const gen_opts *g)
{
    static char yaml[65536];
    size_t len = 0, nopt[64];
    bool integer[64];
    assert_true(g->issues <= 64);
    appendf(yaml, sizeof yaml, &len, "accord: 1\nparties:\n");
    for (size_t p = 0; p < g->parties; p++)
        appendf(yaml, sizeof yaml, &len, "  - {id: P%zu}\n", p);
    appendf(yaml, sizeof yaml, &len, "agreement:\n  issues:\n");
    for (size_t i = 0; i < g->issues; i++) {
        nopt[i] = 2 + rng_below(r, (uint32_t)(g->max_options - 1));
        integer[i] = rng_below(r, 4) == 0;
        if (integer[i]) {
            appendf(yaml, sizeof yaml, &len, "    - {id: x%zu, range: {min: 0, max: %zu, step: 10}}\n",
                    i, 10 * (nopt[i] - 1));
        } else {
            appendf(yaml, sizeof yaml, &len, "    - {id: x%zu, options: [", i);
            for (size_t k = 0; k < nopt[i]; k++)
                appendf(yaml, sizeof yaml, &len, "%so%zu", k ? ", " : "", k);
            appendf(yaml, sizeof yaml, &len, "]}\n");
        }
    }
    appendf(yaml, sizeof yaml, &len, "  preferences:\n");
    for (size_t p = 0; p < g->parties; p++) {
        appendf(yaml, sizeof yaml, &len, "    P%zu:\n", p);
        if (!g->normalize)
            appendf(yaml, sizeof yaml, &len, "      normalize: false\n");
        double res = g->grid ? 0.1 * rng_below(r, 6) : 0.5 * rng_uniform(r);
        appendf(yaml, sizeof yaml, &len, "      reservation: %.17g\n", res);
        appendf(yaml, sizeof yaml, &len, "      weights: {");
        for (size_t i = 0; i < g->issues; i++) {
            double w = g->grid ? (double)(1 + rng_below(r, 3)) : 0.05 + rng_uniform(r);
            if (!g->normalize)
                w = g->grid ? 0.125 * (1 + rng_below(r, 4)) : 0.1 + 0.4 * rng_uniform(r);
            appendf(yaml, sizeof yaml, &len, "%sx%zu: %.17g", i ? ", " : "", i, w);
        }
        appendf(yaml, sizeof yaml, &len, "}\n      values:\n");
        for (size_t i = 0; i < g->issues; i++) {
            if (integer[i]) {
                double a = g->grid ? 0.25 * rng_below(r, 5) : rng_uniform(r);
                double c = g->grid ? 0.25 * rng_below(r, 5) : rng_uniform(r);
                appendf(yaml, sizeof yaml, &len, "        x%zu: {linear: [[0, %.17g], [%zu, %.17g]]}\n", i,
                        a, 10 * (nopt[i] - 1), c);
                continue;
            }
            appendf(yaml, sizeof yaml, &len, "        x%zu: {", i);
            for (size_t k = 0; k < nopt[i]; k++) {
                double v = g->grid ? 0.25 * rng_below(r, 5) : rng_uniform(r);
                appendf(yaml, sizeof yaml, &len, "%so%zu: %.17g", k ? ", " : "", k, v);
            }
            appendf(yaml, sizeof yaml, &len, "}\n");
        }
        if (g->red_lines) {
            appendf(yaml, sizeof yaml, &len, "      red_lines: [");
            for (size_t j = 0; j < g->red_lines; j++) {
                appendf(yaml, sizeof yaml, &len, "%s\"", j ? ", " : "");
                size_t a = rng_below(r, (uint32_t)g->issues), b = rng_below(r, (uint32_t)g->issues);
                random_atom(r, yaml, sizeof yaml, &len, a, nopt, integer);
                if (a != b && rng_below(r, 4)) {
                    static const char *ops[] = {" & ", " | ", " IF ", " & NOT "};
                    appendf(yaml, sizeof yaml, &len, "%s", ops[rng_below(r, 4)]);
                    random_atom(r, yaml, sizeof yaml, &len, b, nopt, integer);
                }
                appendf(yaml, sizeof yaml, &len, "\"");
            }
            appendf(yaml, sizeof yaml, &len, "]\n");
        }
    }
    const char *dump = getenv("ACCORD_TEST_DUMP"); /* debugging: keep the last model */
    if (dump) {
        FILE *fp = fopen(dump, "w");
        if (fp) {
            fputs(yaml, fp);
            fclose(fp);
        }
    }
    return load_yaml_string(yaml);
}

static void run_random(uint64_t seed, size_t rounds, gen_opts g, size_t max_issues)
{
    test_rng r = {seed};
    const char *scale = getenv("ACCORD_TEST_SCALE"); /* longer property runs by hand */
    if (scale && atoi(scale) > 0)
        rounds *= (size_t)atoi(scale);
    for (size_t round = 0; round < rounds; round++) {
        gen_opts x = g;
        x.issues = 1 + rng_below(&r, (uint32_t)max_issues);
        x.grid = rng_below(&r, 2);
        x.normalize = rng_below(&r, 3) != 0;
        x.red_lines = rng_below(&r, 3);
        accord_model *m = random_model(&r, &x);
        compare_with_naive(m);
        accord_model_free(m);
    }
}

static void test_random_two_parties(void **state)
{
    (void)state;
    run_random(11, 300, (gen_opts){.parties = 2, .max_options = 5}, 7);
}

static void test_random_three_parties(void **state)
{
    (void)state;
    run_random(22, 200, (gen_opts){.parties = 3, .max_options = 5}, 6);
}

/* Issues of up to 40 options that trade one party's utility against the
 * others' (so most are undominated): more copies than frontier.c merges by
 * scanning, which it merges in a heap. */
static void test_many_undominated_options(void **state)
{
    (void)state;
    test_rng r = {66};
    for (size_t round = 0; round < 20; round++) {
        static char yaml[65536];
        size_t len = 0, np = 2 + round % 2, ni = 1 + rng_below(&r, 3), nopt[3];
        appendf(yaml, sizeof yaml, &len, "accord: 1\nparties: [P0, P1%s]\nagreement:\n  issues:\n",
                np == 3 ? ", P2" : "");
        for (size_t i = 0; i < ni; i++) {
            nopt[i] = 17 + rng_below(&r, 24);
            appendf(yaml, sizeof yaml, &len, "    - {id: x%zu, options: [", i);
            for (size_t k = 0; k < nopt[i]; k++)
                appendf(yaml, sizeof yaml, &len, "%so%zu", k ? ", " : "", k);
            appendf(yaml, sizeof yaml, &len, "]}\n");
        }
        appendf(yaml, sizeof yaml, &len, "  preferences:\n");
        double *share = calloc(ni * 40, sizeof *share);
        assert_non_null(share);
        for (size_t i = 0; i < ni; i++)
            for (size_t k = 0; k < nopt[i]; k++)
                share[i * 40 + k] = rng_uniform(&r);
        for (size_t p = 0; p < np; p++) {
            appendf(yaml, sizeof yaml, &len, "    P%zu:\n      reservation: 0.2\n      weights: {", p);
            for (size_t i = 0; i < ni; i++)
                appendf(yaml, sizeof yaml, &len, "%sx%zu: %.17g", i ? ", " : "", i, 0.1 + rng_uniform(&r));
            appendf(yaml, sizeof yaml, &len, "}\n      values:\n");
            for (size_t i = 0; i < ni; i++) {
                appendf(yaml, sizeof yaml, &len, "        x%zu: {", i);
                for (size_t k = 0; k < nopt[i]; k++) {
                    double x = share[i * 40 + k];
                    double v = p == 0 ? x : (1 - x) * (p == 1 ? 0.3 + 0.7 * rng_uniform(&r) : 0.5);
                    appendf(yaml, sizeof yaml, &len, "%so%zu: %.17g", k ? ", " : "", k, v);
                }
                appendf(yaml, sizeof yaml, &len, "}\n");
            }
        }
        free(share);
        accord_model *m = load_yaml_string(yaml);
        compare_with_naive(m);
        accord_model_free(m);
    }
}

/* An issue of 300 options: the outcomes' history keeps option indices in
 * two bytes (one byte holds 256), and every index up to 299 is on the
 * frontier, so a truncated index would show against the enumeration. */
static void test_wide_issue(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(
        "accord: 1\nparties: [A, B]\nagreement:\n  issues:\n"
        "    - {id: a, options: [p, q, r]}\n"
        "    - {id: n, range: {min: 0, max: 299}}\n"
        "    - {id: b, options: [s, t]}\n"
        "  preferences:\n"
        "    A: {reservation: 0.3, weights: {a: 1, n: 3, b: 1},\n"
        "        values: {a: {p: 0, q: 0.6, r: 1}, n: {linear: [[0, 0], [299, 1]]}, b: {s: 1, t: 0}}}\n"
        "    B: {reservation: 0.3, weights: {a: 1, n: 2, b: 1},\n"
        "        values: {a: {p: 1, q: 0.5, r: 0}, n: {linear: [[0, 1], [299, 0]]}, b: {s: 0, t: 1}}}\n");
    accord_frontier *f = fast(m);
    bool wide = false;
    for (size_t k = 0; k < f->n_points; k++)
        wide = wide || point_terms(f, &f->points[k])[1] > 255;
    assert_true(wide);
    accord_frontier_free(f);
    compare_with_naive(m);
    accord_model_free(m);
}

/* The ZOPA count gives up at once on a zone far too large to count (the
 * share of outcomes it decides projects far beyond its budget), and still
 * counts exactly a zone that takes it many more nodes than it needs to
 * judge. */
static void test_zopa_count_gives_up_early(void **state)
{
    (void)state;
    test_rng r = {909};
    accord_model *m = random_model(&r, &(gen_opts){.parties = 2, .issues = 40, .max_options = 4,
                                                   .normalize = true});
    double count = 0;
    uint64_t visited = 0;
    assert_int_equal(acc__zopa_count(m, NULL, NULL, (uint64_t)1 << 20, &count, &visited), ACCORD_OK);
    assert_true(count == -1);
    assert_true(visited <= ((uint64_t)1 << 13)); /* the budget is 2^20 */
    accord_model_free(m);
    size_t judged = 0;
    for (size_t round = 0; round < 6; round++) {
        m = random_model(&r, &(gen_opts){.parties = 3, .issues = 9, .max_options = 6,
                                         .normalize = true});
        assert_int_equal(acc__zopa_count(m, NULL, NULL, (uint64_t)1 << 20, &count, &visited), ACCORD_OK);
        accord_frontier *f = naive(m);
        assert_true(count == f->zopa_size);
        judged += visited > ((uint64_t)1 << 12);
        accord_frontier_free(f);
        accord_model_free(m);
    }
    assert_true(judged > 0); /* some counts ran past the first projection */
}

static void test_random_four_parties(void **state)
{
    (void)state;
    run_random(33, 150, (gen_opts){.parties = 4, .max_options = 4}, 6);
}

static void test_random_one_and_five_parties(void **state)
{
    (void)state;
    run_random(44, 60, (gen_opts){.parties = 1, .max_options = 5}, 5);
    run_random(55, 40, (gen_opts){.parties = 5, .max_options = 4}, 5);
}

/* ---- a model small enough to work out by hand ----
 *
 * u_A = (x + y) / 2 with x: a=1 b=0.5 c=0, y: p=1 q=0
 * u_B = (x + y) / 2 with x: a=0 b=0.6 c=1, y: p=0 q=1
 * outcomes (enumeration index): (a,p)0 (1, 0)    (a,q)1 (0.5, 0.5)
 *                               (b,p)2 (0.75,0.3) (b,q)3 (0.25, 0.8)
 *                               (c,p)4 (0.5, 0.5) (c,q)5 (0, 1)
 * reservations 0.3 each. */
static const char *HAND =
    "accord: 1\n"
    "parties: [A, B]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [a, b, c]}\n"
    "    - {id: y, options: [p, q]}\n"
    "  preferences:\n"
    "    A: {reservation: 0.3, weights: {x: 1, y: 1}, values: {x: {a: 1, b: 0.5, c: 0}, y: {p: 1, q: 0}}}\n"
    "    B: {reservation: 0.3, weights: {x: 1, y: 1}, values: {x: {a: 0, b: 0.6, c: 1}, y: {p: 0, q: 1}}%s}\n";

static accord_model *hand_model(const char *red_lines)
{
    char yaml[2048];
    snprintf(yaml, sizeof yaml, HAND, red_lines);
    return load_yaml_string(yaml);
}

static void assert_point(const accord_frontier *f, const accord_frontier_point *pt, double ua,
                         double ub, uint32_t x, uint32_t y)
{
    assert_non_null(pt);
    assert_true(fabs(pt->utility[0] - ua) < 1e-12);
    assert_true(fabs(pt->utility[1] - ub) < 1e-12);
    assert_int_equal(point_terms(f, pt)[0], x);
    assert_int_equal(point_terms(f, pt)[1], y);
}

static void test_hand_worked(void **state)
{
    (void)state;
    accord_model *m = hand_model("");
    accord_frontier *f = fast(m);
    assert_true(f->outcomes == 6);
    assert_int_equal(f->n_points, 5);
    assert_point(f, &f->points[0], 1, 0, 0, 0);
    assert_point(f, &f->points[1], 0.75, 0.3, 1, 0);
    assert_point(f, &f->points[2], 0.5, 0.5, 0, 1); /* (a,q) and (c,p) tie: the smaller index */
    assert_point(f, &f->points[3], 0.25, 0.8, 1, 1);
    assert_point(f, &f->points[4], 0, 1, 2, 1);
    assert_int_equal(f->n_rational, 2);
    assert_point(f, &f->rational[0], 0.75, 0.3, 1, 0);
    assert_point(f, &f->rational[1], 0.5, 0.5, 0, 1);
    assert_true(f->zopa_size == 3);
    assert_false(f->zopa_empty);
    assert_true(fabs(f->ideal[0] - 0.75) < 1e-12 && fabs(f->ideal[1] - 0.5) < 1e-12);
    assert_point(f, f->nash, 0.5, 0.5, 0, 1);              /* 0.04 against 0 */
    assert_point(f, f->kalai_smorodinsky, 0.5, 0.5, 0, 1); /* min(0.2/0.45, 1) against 0 */
    assert_point(f, f->egalitarian, 0.5, 0.5, 0, 1);
    assert_point(f, f->max_welfare, 0.75, 0.3, 1, 0); /* 1.05 twice: the smaller index */
    accord_frontier_free(f);
    accord_model_free(m);

    /* a red line on (a,q): the rational point (0.5, 0.5) is now (c,p) */
    m = hand_model(", red_lines: [\"x = a & y = q\"]");
    f = fast(m);
    assert_int_equal(f->n_points, 5);
    assert_point(f, &f->points[2], 0.5, 0.5, 0, 1); /* red lines do not touch the frontier */
    assert_point(f, &f->rational[1], 0.5, 0.5, 2, 0);
    assert_true(f->zopa_size == 2);
    accord_frontier_free(f);
    accord_model_free(m);

    /* red lines on both: only (b,p) is rational */
    m = hand_model(", red_lines: [\"x = a & y = q\", \"x = c & y = p\"]");
    f = fast(m);
    assert_int_equal(f->n_rational, 1);
    assert_point(f, f->nash, 0.75, 0.3, 1, 0);
    accord_frontier_free(f);
    accord_model_free(m);

    /* an impossible reservation: no solutions but max_welfare */
    m = hand_model(", red_lines: [\"y = p\", \"y = q\"]");
    f = fast(m);
    assert_true(f->zopa_empty);
    assert_int_equal(f->n_rational, 0);
    assert_null(f->nash);
    assert_null(f->kalai_smorodinsky);
    assert_null(f->egalitarian);
    assert_null(f->ideal);
    assert_non_null(f->max_welfare);
    assert_true(f->zopa_size == 0);
    accord_frontier_free(f);
    accord_model_free(m);
}

static void test_limit(void **state)
{
    (void)state;
    accord_model *m = hand_model("");
    accord_frontier *f = NULL;
    accord_diagnostics diag = {0};
    accord_frontier_options o = {.max_points = 2};
    assert_int_equal(accord_frontier_compute(m, &o, &f, &diag), ACCORD_E_LIMIT);
    assert_null(f);
    assert_true(diag_find(&diag, "accord_frontier_options.max_points") >= 0);
    assert_true(diag_find(&diag, "more than 2 points") >= 0);
    accord_diagnostics_clear(&diag);
    o.max_points = 5;
    assert_int_equal(accord_frontier_compute(m, &o, &f, &diag), ACCORD_OK);
    accord_frontier_free(f);
    accord_model_free(m);

    /* no agreement section */
    m = load_yaml_string("accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [go], B: [stop]}\n"
                         "  preferences:\n    A: {priorities: [A.go]}\n    B: {priorities: [B.stop]}\n");
    assert_int_equal(accord_frontier_compute(m, NULL, &f, NULL), ACCORD_E_NODATA);
    assert_null(f);
    accord_model_free(m);
}

/* More red-line conditions open at once than a key holds: the outcomes are
 * enumerated instead, with the same answer. */
static void test_red_line_fallback(void **state)
{
    (void)state;
    char yaml[16384];
    size_t len = 0;
    appendf(yaml, sizeof yaml, &len,
            "accord: 1\nparties: [A, B]\nagreement:\n  issues:\n"
            "    - {id: x0, options: [o0, o1, o2]}\n    - {id: x1, options: [o0, o1, o2]}\n"
            "    - {id: x2, options: [o0, o1, o2]}\n  preferences:\n"
            "    A: {reservation: 0.2, weights: {x0: 1, x1: 2, x2: 1}, values: {x0: {o0: 1, o1: 0.5, o2: 0},"
            " x1: {o0: 0, o1: 1, o2: 0.3}, x2: {o0: 0.2, o1: 0.9, o2: 0.4}}, red_lines: [");
    for (int r = 0; r < 40; r++) /* 40 red lines of 2 conditions from x0 to x2 */
        appendf(yaml, sizeof yaml, &len, "%s\"x0 = o%d & x2 != o%d\"", r ? ", " : "", r % 3, (r / 3) % 3);
    appendf(yaml, sizeof yaml, &len,
            "]}\n    B: {weights: {x0: 1, x1: 1, x2: 1}, values: {x0: {o0: 0, o1: 0.5, o2: 1},"
            " x1: {o0: 1, o1: 0, o2: 0.6}, x2: {o0: 0.8, o1: 0.1, o2: 0.5}}}\n");
    accord_model *m = load_yaml_string(yaml);
    compare_with_naive(m);
    accord_model_free(m);
}

/* ---- allocation failures: every one gives a clean ACCORD_E_NOMEM ---- */

static void test_allocation_failures(void **state)
{
    (void)state;
    accord_model *m = hand_model(", red_lines: [\"x = a & y = q\"]");
    for (long k = 0;; k++) {
        accord_frontier *f = NULL;
        char *text = NULL;
        accord_render_options ro = {.format = k % 2 ? ACCORD_FORMAT_JSON : ACCORD_FORMAT_TEXT};
        test_alloc_fail_from(k);
        accord_status rc = accord_frontier_compute(m, NULL, &f, NULL);
        if (!rc)
            rc = accord_frontier_render(m, f, &ro, &text);
        test_alloc_restore();
        bool done = !test_alloc_failed();
        accord_free(text);
        accord_frontier_free(f);
        if (done) {
            assert_int_equal(rc, ACCORD_OK);
            break;
        }
        assert_int_equal(rc, ACCORD_E_NOMEM);
        assert_true(k < 100000);
    }
    accord_model_free(m);
}

/* The frontier's JSON is written in pieces (frontier_render.c): it must be
 * exactly what jansson prints for the same document. */
static void assert_jansson_layout(const char *text)
{
    json_error_t err;
    json_t *doc = json_loads(text, 0, &err);
    assert_non_null(doc);
    char *again = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    assert_non_null(again);
    size_t n = strlen(again);
    assert_int_equal(strlen(text), n + 1);
    assert_memory_equal(text, again, n);
    assert_int_equal(text[n], '\n');
    free(again);
    json_decref(doc);
}

/* m's frontier as JSON, checked against jansson's layout; m is freed, the
 * text is the caller's. */
static char *checked_json(accord_model *m)
{
    accord_frontier *f = fast(m);
    char *text = NULL;
    accord_render_options jo = {.format = ACCORD_FORMAT_JSON};
    assert_int_equal(accord_frontier_render(m, f, &jo, &text), ACCORD_OK);
    assert_jansson_layout(text);
    accord_frontier_free(f);
    accord_model_free(m);
    return text;
}

static void test_render_layout(void **state)
{
    (void)state;
    accord_free(checked_json(hand_model("")));
    /* no rational point: empty lists and null solutions */
    char *text = checked_json(hand_model(", red_lines: [\"y = p\", \"y = q\"]"));
    assert_non_null(strstr(text, "\"rational_frontier\": [],"));
    assert_non_null(strstr(text, "\"nash\": null,"));
    accord_free(text);
    /* integer issues (numbers as terms), three parties */
    const char *fixtures[] = {"IntegerDomain", "ItexvsCypress", "Dinner3P"};
    for (size_t k = 0; k < 3; k++)
        accord_free(checked_json(load_fixture(fixtures[k])));
}

static void test_render(void **state)
{
    (void)state;
    accord_model *m = hand_model("");
    accord_frontier *f = fast(m);
    char *text = NULL;
    accord_render_options jo = {.format = ACCORD_FORMAT_JSON};
    assert_int_equal(accord_frontier_render(m, f, &jo, &text), ACCORD_OK);
    /* docs/contract.md §3: the fields and their shapes */
    assert_non_null(strstr(text, "\"parties\": [\n    \"A\",\n    \"B\"\n  ]"));
    assert_non_null(strstr(text, "\"outcomes\": 6"));
    assert_non_null(strstr(text, "\"frontier\": ["));
    assert_non_null(strstr(text, "\"rational_frontier\": ["));
    assert_non_null(strstr(text, "\"kalai_smorodinsky\": {"));
    assert_non_null(strstr(text, "\"terms\": {\n        \"x\": \"a\",\n        \"y\": \"q\""));
    accord_free(text);
    accord_render_options to = {.format = ACCORD_FORMAT_TEXT};
    assert_int_equal(accord_frontier_render(m, f, &to, &text), ACCORD_OK);
    assert_non_null(strstr(text, "Nash"));
    assert_non_null(strstr(text, "x=a, y=q"));
    assert_non_null(strstr(text, "ZOPA: 3 outcomes"));
    accord_free(text);
    accord_frontier_free(f);
    accord_model_free(m);
}

/* A writer collecting what it is handed; it fails from call `fail_at` on. */
typedef struct collect {
    acc__str text;
    size_t calls, fail_at; /* fail_at 0: never */
    size_t smallest_but_last, last;
} collect;

static int collect_write(void *ctx, const char *text, size_t len)
{
    collect *c = ctx;
    if (c->fail_at && ++c->calls >= c->fail_at)
        return 1;
    if (c->last && (c->smallest_but_last == 0 || c->last < c->smallest_but_last))
        c->smallest_but_last = c->last;
    c->last = len;
    acc__str_append(&c->text, text, len);
    return 0;
}

/* accord_frontier_render_write hands over the same bytes as
 * accord_frontier_render, in pieces of at least 1 MiB but the last, and
 * says ACCORD_E_IO when the writer fails. */
static void test_render_write(void **state)
{
    (void)state;
    accord_model *m = load_fixture("Energy");
    accord_frontier *f = fast(m);
    accord_render_options opts[2] = {{.format = ACCORD_FORMAT_JSON}, {.format = ACCORD_FORMAT_TEXT}};
    for (int k = 0; k < 2; k++) {
        char *whole = NULL;
        assert_int_equal(accord_frontier_render(m, f, &opts[k], &whole), ACCORD_OK);
        collect c = {0};
        assert_int_equal(accord_frontier_render_write(m, f, &opts[k], collect_write, &c), ACCORD_OK);
        assert_int_equal(c.text.len, strlen(whole));
        assert_memory_equal(c.text.data, whole, c.text.len);
        acc__str_free(&c.text);
        collect bad = {.fail_at = 1};
        assert_int_equal(accord_frontier_render_write(m, f, &opts[k], collect_write, &bad), ACCORD_E_IO);
        acc__str_free(&bad.text);
        accord_free(whole);
    }
    accord_frontier_free(f);
    accord_model_free(m);
    /* a string with a sink hands over pieces of at least ACC_STR_FLUSH
     * bytes but the last, in order, and keeps at most one piece */
    collect c = {0};
    acc__str s = {.sink = collect_write, .sink_ctx = &c};
    for (unsigned i = 0; i < 1000000; i++)
        acc__str_printf(&s, "%u,", i);
    assert_true(s.cap <= 2 * ACC_STR_FLUSH + 64);
    acc__str_flush(&s);
    assert_false(s.failed);
    assert_true(c.smallest_but_last >= ACC_STR_FLUSH);
    const char *p = c.text.data;
    for (unsigned i = 0; i < 1000000; i++) {
        char *end;
        assert_int_equal(strtoul(p, &end, 10), i);
        assert_int_equal(*end, ',');
        p = end + 1;
    }
    assert_int_equal((size_t)(p - c.text.data), c.text.len);
    acc__str_free(&c.text);
    acc__str_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_write),
        cmocka_unit_test(test_hand_worked),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_red_line_fallback),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_render_layout),
        cmocka_unit_test(test_genius_fixtures),
        cmocka_unit_test(test_random_two_parties),
        cmocka_unit_test(test_random_three_parties),
        cmocka_unit_test(test_random_four_parties),
        cmocka_unit_test(test_many_undominated_options),
        cmocka_unit_test(test_wide_issue),
        cmocka_unit_test(test_zopa_count_gives_up_early),
        cmocka_unit_test(test_random_one_and_five_parties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
