/* test_refusals.c - analyses that would not finish (or not fit) are refused
 * up front, with the estimate and the option field that raises the limit,
 * and counts beyond the doubles print sensibly.  Every input is generated
 * here; each refusal comes after little work, so a slow path shows as the
 * test's TIMEOUT (60 s, tests/CMakeLists.txt) rather than a timing assert. */
#include "support.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a growable text for the generated models ---- */

typedef struct text {
    char *s;
    size_t n, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(t->s ? t->s + t->n : NULL, t->s ? t->cap - t->n : 0, fmt, ap);
        va_end(ap);
        assert_true(k >= 0);
        if (t->s && t->n + (size_t)k < t->cap) {
            t->n += (size_t)k;
            return;
        }
        t->cap = t->cap ? 2 * t->cap : 1 << 16;
        while (t->cap < t->n + (size_t)k + 1)
            t->cap *= 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
}

/* The message of the first diagnostic containing `needle` (fails if none). */
static const char *message_with(const accord_diagnostics *d, const char *needle)
{
    long i = diag_find(d, needle);
    if (i < 0)
        for (size_t k = 0; k < d->count; k++)
            fprintf(stderr, "  %s\n", d->items[k].message);
    assert_true(i >= 0);
    return d->items[i].message;
}

/* ---- coalitions: 2^20 states, every state a Nash equilibrium ---- */

/* Four parties of five two-way options each: 2^20 states.  Each party cares
 * only about another party's first option, so no party can improve on its
 * own and all 2^20 states are Nash equilibria: E x 11 coalitions x searches
 * of up to 2^20 states.  Before the work bound this ran for hours. */
static accord_model *conflict_2e20(void)
{
    return load_yaml_string("accord: 1\n"
                            "parties: [A, B, C, D]\n"
                            "conflict:\n"
                            "  options:\n"
                            "    A: [a0, a1, a2, a3, a4]\n"
                            "    B: [b0, b1, b2, b3, b4]\n"
                            "    C: [c0, c1, c2, c3, c4]\n"
                            "    D: [d0, d1, d2, d3, d4]\n"
                            "  preferences:\n"
                            "    A: {priorities: [B.b0]}\n"
                            "    B: {priorities: [C.c0]}\n"
                            "    C: {priorities: [D.d0]}\n"
                            "    D: {priorities: [A.a0]}\n");
}

static void test_coalitions_refused_up_front(void **state)
{
    (void)state;
    accord_model *m = conflict_2e20();
    assert_int_equal(m->conflict->n_states, (size_t)1 << 20);
    accord_coalitions *c = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(accord_coalitions_compute(m, NULL, &c, &diag), ACCORD_E_LIMIT);
    assert_null(c);
    /* the estimate: 2^20 equilibria x (6 pairs x 2^10 x 2 + 4 triples x
     * 2^15 x 3 + 2^20 x 4) sub-block lookups = 4.82e12, and the field */
    const char *msg = message_with(&diag, "accord_stability_options.max_work");
    assert_non_null(strstr(msg, "1048576 Nash equilibria and 11 coalitions"));
    assert_non_null(strstr(msg, "about 4.82e+12 sub-block lookups"));
    assert_non_null(strstr(msg, "more than the limit of 4.29e+09"));
    accord_diagnostics_clear(&diag);

    /* a bound set lower still refuses; the stability analysis of the same
     * model is not concerned */
    accord_stability_options so = {.max_work = 1000};
    assert_int_equal(accord_coalitions_compute(m, &so, &c, &diag), ACCORD_E_LIMIT);
    assert_true(diag_find(&diag, "the limit of 1e+03") >= 0);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
}

/* The estimate is exact on a small conflict: the prisoner's dilemma has one
 * Nash equilibrium and one coalition of two one-option parties, whose
 * searches reach at most 2^2 states with 2 lookups each: 8. */
static void test_coalitions_work_estimate(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\n"
                                       "parties: [A, B]\n"
                                       "conflict:\n"
                                       "  options: {A: [defect], B: [defect]}\n"
                                       "  preferences:\n"
                                       "    A: {ranking: [\"Y N\", \"N N\", \"Y Y\", \"N Y\"]}\n"
                                       "    B: {ranking: [\"N Y\", \"N N\", \"Y Y\", \"Y N\"]}\n");
    accord_coalitions *c = NULL;
    accord_diagnostics diag = {0};
    accord_stability_options so = {.max_work = 8};
    assert_int_equal(accord_coalitions_compute(m, &so, &c, &diag), ACCORD_OK);
    assert_int_equal(c->n_equilibria, 1);
    assert_int_equal(c->n_coalitional, 0);
    accord_coalitions_free(c);
    so.max_work = 7;
    assert_int_equal(accord_coalitions_compute(m, &so, &c, &diag), ACCORD_E_LIMIT);
    assert_true(diag_find(&diag, "1 Nash equilibrium and 1 coalition could take about 8 ") >= 0);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
}

/* ---- frontier: 100 issues x 50 options x 5 parties ---- */

/* An agreement of `ni` issues of `no` options for `np` parties, random
 * weights (1..9) and values (two decimals). */
static accord_model *random_agreement(size_t ni, size_t no, size_t np, uint64_t seed)
{
    test_rng r = {seed};
    text t = {0};
    put(&t, "accord: 1\nparties: [");
    for (size_t p = 0; p < np; p++)
        put(&t, "%sP%zu", p ? ", " : "", p);
    put(&t, "]\nagreement:\n  issues:\n");
    for (size_t i = 0; i < ni; i++) {
        put(&t, "    - {id: i%zu, options: [", i);
        for (size_t k = 0; k < no; k++)
            put(&t, "%so%zu", k ? ", " : "", k);
        put(&t, "]}\n");
    }
    put(&t, "  preferences:\n");
    for (size_t p = 0; p < np; p++) {
        put(&t, "    P%zu:\n      weights: {", p);
        for (size_t i = 0; i < ni; i++)
            put(&t, "%si%zu: %u", i ? ", " : "", i, 1 + rng_below(&r, 9));
        put(&t, "}\n      values:\n");
        for (size_t i = 0; i < ni; i++) {
            put(&t, "        i%zu: {", i);
            for (size_t k = 0; k < no; k++)
                put(&t, "%so%zu: %.2f", k ? ", " : "", k, rng_below(&r, 101) / 100.0);
            put(&t, "}\n");
        }
    }
    accord_model *m = load_yaml_string(t.s);
    free(t.s);
    return m;
}

typedef struct stages_seen {
    size_t stages, most;
} stages_seen;

static void count_stages(void *ctx, const char *what, size_t done, size_t total, size_t points)
{
    (void)what;
    (void)total;
    stages_seen *s = ctx;
    s->stages = done;
    if (points > s->most)
        s->most = points;
}

/* "each point takes about N bytes": N */
static double bytes_per_point(const char *msg)
{
    const char *at = strstr(msg, "each point takes about ");
    assert_non_null(at);
    return strtod(at + strlen("each point takes about "), NULL);
}

static void test_frontier_refused_at_once(void **state)
{
    (void)state;
    accord_model *m = random_agreement(100, 50, 5, 7);
    stages_seen seen = {0};
    accord_frontier_options fo = {.progress = count_stages, .progress_ctx = &seen};
    accord_frontier *f = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(accord_frontier_compute(m, &fo, &f, &diag), ACCORD_E_LIMIT);
    assert_null(f);
    /* refused from the growth of the first few issues, far below the limit
     * (before, it ran for hours towards 2^20 points) */
    assert_true(seen.stages >= 3 && seen.stages <= 6);
    assert_true(seen.most < 100000);
    const char *msg = message_with(&diag, "accord_frontier_options.max_points");
    assert_non_null(strstr(msg, "far more than the limit of 1048576 (the default with more than four "
                                "parties)"));
    /* the bytes a point takes come from the build's structures: at least
     * the point's own utilities and its history, an option byte for each of
     * its 100 issues at the least */
    double per = bytes_per_point(msg);
    assert_true(per >= 5 * 8 + 100 * 1);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
}

/* Frontiers that fit are not refused by the estimate: each computed again
 * with max_points exactly the largest stage it needed. */
static void test_frontier_that_fits_is_not_refused(void **state)
{
    (void)state;
    static const struct {
        size_t ni, no, np;
    } shapes[] = {{20, 6, 3}, {30, 4, 3}, {10, 4, 4}, {60, 8, 2}, {8, 4, 5}};
    for (size_t c = 0; c < sizeof shapes / sizeof *shapes; c++)
        for (uint64_t seed = 1; seed <= 2; seed++) {
            accord_model *m = random_agreement(shapes[c].ni, shapes[c].no, shapes[c].np, seed);
            stages_seen seen = {0};
            accord_frontier_options fo = {.max_points = (size_t)1 << 24, .progress = count_stages,
                                          .progress_ctx = &seen};
            accord_frontier *f = NULL;
            assert_int_equal(accord_frontier_compute(m, &fo, &f, NULL), ACCORD_OK);
            size_t n = f->n_points;
            accord_frontier_free(f);
            fo.max_points = seen.most;
            accord_diagnostics diag = {0};
            accord_status rc = accord_frontier_compute(m, &fo, &f, &diag);
            if (rc)
                fprintf(stderr, "%zu x %zu x %zu seed %llu: %s\n", shapes[c].np, shapes[c].ni,
                        shapes[c].no, (unsigned long long)seed,
                        diag.count ? diag.items[0].message : "?");
            assert_int_equal(rc, ACCORD_OK);
            assert_int_equal(f->n_points, n);
            accord_frontier_free(f);
            accord_diagnostics_clear(&diag);
            accord_model_free(m);
        }
}

/* The bytes a point takes grow with the history each point keeps: ten
 * times the issues, at least an option byte more per added issue (it was a
 * constant, "about 52 bytes", whatever the model). */
static void test_frontier_bytes_per_point(void **state)
{
    (void)state;
    double per[2];
    size_t issues[2] = {10, 100};
    for (int k = 0; k < 2; k++) {
        accord_model *m = random_agreement(issues[k], 4, 3, 3);
        accord_frontier_options fo = {.max_points = 50};
        accord_frontier *f = NULL;
        accord_diagnostics diag = {0};
        assert_int_equal(accord_frontier_compute(m, &fo, &f, &diag), ACCORD_E_LIMIT);
        per[k] = bytes_per_point(message_with(&diag, "more than 50 points"));
        accord_diagnostics_clear(&diag);
        accord_model_free(m);
    }
    assert_true(per[1] >= per[0] + 90 * 1);
}

/* ---- robust: a model without ranges ---- */

static const char *no_ranges = "accord: 1\n"
                               "parties: [A, B]\n"
                               "agreement:\n"
                               "  issues:\n"
                               "    - {id: x, options: [p1, p2, p3]}\n"
                               "    - {id: y, options: [q1, q2]}\n"
                               "  proposals:\n"
                               "    - {id: d1, terms: {x: p1, y: q1}}\n"
                               "    - {id: d2, terms: {x: p2, y: q2}}\n"
                               "  preferences:\n"
                               "    A: {reservation: 0.3, weights: {x: 1, y: 1},\n"
                               "        values: {x: {p1: 0, p2: 0.5, p3: 1}, y: {q1: 0, q2: 1}}}\n"
                               "    B: {reservation: 0.3, weights: {x: 1, y: 1},\n"
                               "        values: {x: {p1: 1, p2: 0.5, p3: 0}, y: {q1: 1, q2: 0}}}\n";

static void test_robust_without_ranges(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(no_ranges);
    /* 10^12 samples in 1 MiB: nothing is sampled, so nothing is kept per
     * sample (before, 7 bytes a sample were estimated, 15 allocated) */
    accord_robust_options ro = {.samples = 1000000000000ULL, .max_memory = (uint64_t)1 << 20};
    accord_robust *r = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(accord_robust_compute(m, &ro, &r, &diag), ACCORD_OK);
    assert_int_equal(diag.count, 0);
    assert_int_equal(r->samples, 1000000000000ULL);
    assert_int_equal(r->n_uncertain, 0);
    assert_int_equal(r->n_sensitivity, 0);
    for (size_t q = 0; q < 2; q++) {
        bool all = true;
        for (size_t p = 0; p < 2; p++) {
            bool ok = r->point_acceptable[q * 2 + p];
            assert_true(r->acceptable[q * 2 + p] == (ok ? 1.0 : 0.0));
            all = all && ok;
        }
        assert_true(r->all_acceptable[q] == (all ? 1.0 : 0.0));
    }
    /* d1 suits B only, d2 (utility 0.75 and 0.25) A only; p2 + q1 gives
     * both 0.5 */
    assert_true(r->point_acceptable[1] && !r->point_acceptable[0]);
    assert_true(r->zopa_nonempty == 1.0);
    assert_int_equal(r->zopa_undecided, 0);
    accord_robust_free(r);
    accord_model_free(m);
}

/* With ranges nothing is kept per sample (the verdicts are tallied per
 * block of samples): the estimate says so, and names the fields. */
static void test_robust_memory_estimate(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\n"
                                       "parties: [A, B]\n"
                                       "agreement:\n"
                                       "  issues:\n"
                                       "    - {id: x, options: [p1, p2]}\n"
                                       "  proposals:\n"
                                       "    - {id: d1, terms: {x: p1}}\n"
                                       "  preferences:\n"
                                       "    A: {reservation: [0.2, 0.6], weights: {x: 1},\n"
                                       "        values: {x: {p1: [0.3, 0.7], p2: 1}}}\n"
                                       "    B: {weights: {x: 1}, values: {x: {p1: 1, p2: 0}}}\n");
    /* 2 uncertain numbers, 1 x 2 + 1 + 1 = 4 verdicts, no conflict: 0
     * bytes a sample, a few KiB per thread and for the result */
    accord_robust_options ro = {.samples = 10000000, .max_memory = 2000};
    accord_robust *r = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(accord_robust_compute(m, &ro, &r, &diag), ACCORD_E_LIMIT);
    assert_null(r);
    const char *msg = message_with(&diag, "accord_robust_options.max_memory");
    assert_non_null(strstr(msg, "10000000 samples of 2 uncertain numbers"));
    assert_non_null(strstr(msg, "(0 bytes a sample"));
    assert_non_null(strstr(msg, "accord_robust_options.samples"));
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
}

/* ---- 10^400 outcomes: more than a double holds ---- */

static accord_model *outcomes_1e400(void)
{
    text t = {0};
    put(&t, "accord: 1\ntitle: 400 issues of 10 options\nparties: [A, B]\nagreement:\n  issues:\n");
    for (size_t i = 0; i < 400; i++)
        put(&t, "    - {id: i%zu, range: {min: 0, max: 9}}\n", i);
    put(&t, "  preferences:\n"
            "    A: {reservation: 0.25, weights: {i0: 1}, values: {i0: {linear: [[0, 0], [9, 1]]}}}\n"
            "    B: {reservation: 0.25, weights: {i0: 1}, values: {i0: {linear: [[0, 1], [9, 0]]}}}\n");
    accord_model *m = load_yaml_string(t.s);
    free(t.s);
    return m;
}

/* A JSON document that parses, with "outcomes": null somewhere. */
static void assert_json_outcomes_null(const char *doc)
{
    json_error_t err;
    json_t *j = json_loads(doc, 0, &err);
    assert_non_null(j);
    json_decref(j);
    assert_non_null(strstr(doc, "\"outcomes\": null"));
}

static void assert_text_count(const char *doc, const char *expect)
{
    assert_non_null(strstr(doc, expect));
    assert_null(strstr(doc, "10^-")); /* the exponent of a cast infinity */
    assert_null(strstr(doc, "inf ("));
}

static void test_outcomes_beyond_doubles(void **state)
{
    (void)state;
    accord_model *m = outcomes_1e400();
    assert_true(isinf(m->agreement->outcomes));
    accord_render_options text_opts = {0}, json_opts = {.format = ACCORD_FORMAT_JSON};
    char *out = NULL;

    /* check */
    assert_int_equal(accord_model_summary_render(m, &text_opts, &out), ACCORD_OK);
    assert_text_count(out, "outcomes  more than 10^308\n");
    accord_free(out);
    assert_int_equal(accord_model_summary_render(m, &json_opts, &out), ACCORD_OK);
    assert_json_outcomes_null(out);
    accord_free(out);

    /* frontier: ten points (i0 = 0..9), the rest of the issues at their
     * first option */
    accord_frontier *f = NULL;
    assert_int_equal(accord_frontier_compute(m, NULL, &f, NULL), ACCORD_OK);
    assert_int_equal(f->n_points, 10);
    assert_int_equal(accord_frontier_render(m, f, &text_opts, &out), ACCORD_OK);
    assert_text_count(out, "400 issues, more than 10^308 outcomes\n");
    accord_free(out);
    assert_int_equal(accord_frontier_render(m, f, &json_opts, &out), ACCORD_OK);
    assert_json_outcomes_null(out);
    accord_free(out);
    accord_frontier_free(f);

    /* analyze */
    accord_analysis *a = NULL;
    assert_int_equal(accord_analysis_compute(m, NULL, &a, NULL), ACCORD_OK);
    assert_int_equal(accord_analysis_render(m, a, &text_opts, &out), ACCORD_OK);
    assert_text_count(out, "400 issues, more than 10^308 possible agreements");
    accord_free(out);
    assert_int_equal(accord_analysis_render(m, a, &json_opts, &out), ACCORD_OK);
    assert_json_outcomes_null(out);
    accord_free(out);
    accord_analysis_free(a);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coalitions_refused_up_front),
        cmocka_unit_test(test_coalitions_work_estimate),
        cmocka_unit_test(test_frontier_refused_at_once),
        cmocka_unit_test(test_frontier_that_fits_is_not_refused),
        cmocka_unit_test(test_frontier_bytes_per_point),
        cmocka_unit_test(test_robust_without_ranges),
        cmocka_unit_test(test_robust_memory_estimate),
        cmocka_unit_test(test_outcomes_beyond_doubles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
