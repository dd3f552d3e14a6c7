/* test_robust_structural.c - structural uncertainty in `accord robust`:
 * soft red lines, alternative conflict orders and options that may be
 * irreversible, against figures worked by hand (the models' notes). */
#include "support.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static accord_model *load_model(const char *rel)
{
    accord_model *m = NULL;
    accord_diagnostics d = {0};
    accord_status rc = accord_model_load(source_path(rel), NULL, &m, &d);
    for (size_t k = 0; rc && k < d.count; k++)
        fprintf(stderr, "%s\n", d.items[k].message);
    accord_diagnostics_clear(&d);
    assert_int_equal(rc, ACCORD_OK);
    return m;
}

static accord_robust *run(const accord_model *m, uint64_t samples, uint64_t seed)
{
    accord_robust_options o = {.samples = samples, .seed = seed};
    accord_robust *r = NULL;
    assert_int_equal(accord_robust_compute(m, &o, &r, NULL), ACCORD_OK);
    return r;
}

/* A red line of firmness 1/2 and a reservation uniform on [0.4, 0.8]:
 * A accepts p with probability 1/2 x 1/2 = 1/4, and so does everyone;
 * the only rational outcome is p's, so some agreement exists with 1/4. */
static void test_red_line_firmness(void **state)
{
    (void)state;
    accord_model *m = load_model("tests/models/structural/redline.yaml");
    const accord_preference *pa = &m->agreement->preferences[0];
    assert_int_equal(pa->n_red_lines, 1);
    assert_non_null(pa->red_line_info);
    assert_true(pa->red_line_info[0].firmness.value == 0.5);
    assert_string_equal(pa->red_line_info[0].source, "memo");
    assert_non_null(pa->red_line_info[0].assumption);
    assert_int_equal(pa->red_line_info[0].firmness.loc.line, 23);
    /* point analyses: the red line holds */
    assert_false(accord_acceptable(m, 0, m->agreement->proposals[0].terms));
    accord_robust *r = run(m, 40000, 3);
    assert_int_equal(r->n_structural, 1);
    assert_int_equal(r->structural[0].kind, ACCORD_ASSUME_RED_LINE);
    assert_true(r->structural[0].probability == 0.5);
    assert_int_equal(r->n_subjects, 0);
    assert_true(fabs(r->acceptable[0] - 0.25) < 0.01);   /* A accepts p */
    assert_true(r->acceptable[1] == 1.0);                /* B always does */
    assert_true(fabs(r->all_acceptable[0] - 0.25) < 0.01);
    assert_true(fabs(r->zopa_nonempty - 0.25) < 0.01);
    /* the red line is in the ranking: held, A never accepts; dropped, 1/2 */
    bool found = false;
    for (size_t k = 0; k < r->n_sensitivity; k++) {
        const accord_sensitivity *s = &r->sensitivity[k];
        if (s->kind != ACCORD_ASSUME_RED_LINE)
            continue;
        found = true;
        assert_int_equal(s->number, SIZE_MAX);
        assert_int_equal(s->structural, 0);
        assert_false(s->conflict);
        assert_true(s->p_high == 0.0);
        assert_true(fabs(s->p_low - 0.5) < 0.02);
    }
    assert_true(found);
    accord_robust_free(r);
    accord_model_free(m);
}

static const char *SOFT =
    "accord: 1\n"
    "parties: [A, B]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [a, b, c]}\n"
    "  proposals:\n"
    "    - {id: p, terms: {x: b}}\n"
    "  preferences:\n"
    "    A:\n"
    "      reservation: [0.4, 0.8]\n"
    "      weights: {x: 1}\n"
    "      values: {x: {a: 1, b: 0.6, c: 0}}\n"
    "%s"
    "    B:\n"
    "      reservation: 0.3\n"
    "      weights: {x: [0.5, 1]}\n"
    "      values: {x: {a: 0, b: 0.4, c: 1}}\n";

/* Firmness 0 is the model without the red line, sample for sample. */
static void test_firmness_zero(void **state)
{
    (void)state;
    char with[2048], without[2048];
    snprintf(with, sizeof with, SOFT, "      red_lines: [{when: \"x = b\", firmness: 0}]\n");
    snprintf(without, sizeof without, SOFT, "");
    accord_model *a = load_yaml_string(with), *b = load_yaml_string(without);
    accord_robust *ra = run(a, 5000, 11), *rb = run(b, 5000, 11);
    assert_int_equal(ra->n_uncertain, rb->n_uncertain);
    assert_int_equal(ra->n_structural, 1);
    assert_int_equal(rb->n_structural, 0);
    assert_memory_equal(ra->acceptable, rb->acceptable, 2 * sizeof(double));
    assert_true(ra->all_acceptable[0] == rb->all_acceptable[0]);
    assert_true(ra->zopa_nonempty == rb->zopa_nonempty);
    assert_true(rb->acceptable[0] > 0.4); /* the red line would matter */
    accord_robust_free(ra);
    accord_robust_free(rb);
    accord_model_free(a);
    accord_model_free(b);
    /* a range of firmness is drawn at its midpoint */
    snprintf(with, sizeof with, SOFT,
             "      red_lines: [{when: \"x = b\", firmness: {value: [0.2, 0.6], assumption: \"unsure\"}}]\n");
    a = load_yaml_string(with);
    assert_true(a->agreement->preferences[0].red_line_info[0].firmness.is_range);
    ra = run(a, 2000, 11);
    assert_int_equal(ra->n_structural, 1);
    assert_true(fabs(ra->structural[0].probability - 0.4) < 1e-12);
    accord_robust_free(ra);
    accord_model_free(a);
    /* firmness 1 written is a firm red line: nothing structural to draw */
    snprintf(with, sizeof with, SOFT, "      red_lines: [{when: \"x = b\", firmness: 1}]\n");
    a = load_yaml_string(with);
    ra = run(a, 2000, 11);
    assert_int_equal(ra->n_structural, 0);
    assert_true(ra->acceptable[0] == 0.0);
    accord_robust_free(ra);
    accord_model_free(a);
}

/* B's alternative order (0.3) flips the deal's Nash stability: 0.7, and it
 * ranks first; A's option irreversible (0.5) removes A's sanction under it:
 * GMR and SMR 1 - 0.3 x 0.5 = 0.85; the status quo is never stable. */
static void test_alternative_order(void **state)
{
    (void)state;
    accord_model *m = load_model("tests/models/structural/conflict.yaml");
    const accord_conflict *cf = m->conflict;
    assert_int_equal(cf->preferences[1].n_alternatives, 1);
    assert_string_equal(cf->preferences[1].alternatives[0].name, "hardline");
    assert_true(cf->preferences[1].alternatives[0].probability.value == 0.3);
    assert_int_equal(cf->preferences[1].alternatives[0].order.n_tiers, 4);
    assert_true(cf->options[0].irreversible.value == 0.5);
    assert_string_equal(cf->options[0].irreversible.source, "briefing");
    assert_int_equal(cf->options[0].moves, ACCORD_MOVES_BOTH);
    assert_int_equal(cf->options[1].irreversible.loc.line, 0);
    /* the model's levels are the base order's: B ranks Y Y (state 3) top */
    assert_int_equal(accord_conflict_level(cf, 1, 3), 3);
    accord_robust *r = run(m, 40000, 5);
    assert_int_equal(r->n_structural, 2);
    assert_int_equal(r->structural[0].kind, ACCORD_ASSUME_IRREVERSIBLE);
    assert_int_equal(r->structural[1].kind, ACCORD_ASSUME_ORDER);
    assert_int_equal(r->n_subjects, 2);
    assert_string_equal(r->subject[0], "status quo");
    assert_string_equal(r->subject[1], "deal");
    assert_int_equal(r->n_configurations, 4);
    const double *sq = r->stable, *deal = r->stable + ACCORD_N_CONCEPTS;
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
        assert_true(sq[c] == 0.0);
        assert_false(r->point_stable[c]);
        assert_true(r->point_stable[ACCORD_N_CONCEPTS + c]);
    }
    assert_true(fabs(deal[ACCORD_NASH] - 0.7) < 0.01);
    assert_true(fabs(deal[ACCORD_SEQ] - 0.7) < 0.01);
    assert_true(fabs(deal[ACCORD_GMR] - 0.85) < 0.01);
    assert_true(fabs(deal[ACCORD_SMR] - 0.85) < 0.01);
    assert_true(deal[ACCORD_NASH] == deal[ACCORD_SEQ]); /* the same samples */
    assert_true(r->n_sensitivity >= 2);
    const accord_sensitivity *s = &r->sensitivity[0];
    assert_int_equal(s->kind, ACCORD_ASSUME_ORDER);
    assert_int_equal(s->structural, 1);
    assert_true(s->conflict);
    assert_int_equal(s->subject, 1);
    assert_int_equal(s->concept, ACCORD_NASH);
    assert_true(s->p_low == 1.0 && s->p_high == 0.0 && s->swing == -1.0);
    s = &r->sensitivity[1];
    assert_int_equal(s->kind, ACCORD_ASSUME_IRREVERSIBLE);
    assert_int_equal(s->concept, ACCORD_GMR);
    assert_true(s->p_low == 1.0);
    assert_true(fabs(s->p_high - 0.7) < 0.02);
    char buf[128];
    assert_string_equal(accord_robust_verdict(m, r, &r->sensitivity[0], buf, sizeof buf),
                        "deal is a Nash equilibrium");
    accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
    char *json = NULL;
    assert_int_equal(accord_robust_render(m, r, &ro, &json), ACCORD_OK);
    assert_non_null(strstr(json, "\"kind\": \"order\""));
    assert_non_null(strstr(json, "\"order\": \"hardline\""));
    assert_non_null(strstr(json, "\"configurations\": 4"));
    accord_free(json);
    accord_robust_free(r);
    accord_model_free(m);
}

static const char *IRREVERSIBLE =
    "accord: 1\n"
    "parties: [A, B]\n"
    "agreement:\n"
    "  issues: [{id: z, options: [u, v]}]\n"
    "  proposals: [{id: p, terms: {z: u}}]\n"
    "  preferences:\n"
    "    A: {weights: {z: 1}, values: {z: {u: 1, v: 0}}}\n"
    "    B: {weights: {z: 1}, values: {z: {u: 0, v: 1}}}\n"
    "conflict:\n"
    "  options:\n"
    "    A: [{x: {%s}}]\n"
    "    B: [y]\n"
    "  status_quo: \"N N\"\n"
    "  named_states: {deal: \"Y Y\", other: \"N -\"}\n"
    "  preferences:\n"
    "    A: {ranking: [\"Y Y\", \"N Y\", \"Y N\", \"N N\"]}\n"
    "    B: {ranking: [\"Y N\", \"Y Y\", \"N N\", \"N Y\"]}\n";

/* irreversible: 1 is moves: forward, verdict for verdict; and it matters
 * (the deal is GMR stable only when A can withdraw x). */
static void test_irreversible_is_forward(void **state)
{
    (void)state;
    char a[2048], b[2048], c[2048];
    snprintf(a, sizeof a, IRREVERSIBLE, "irreversible: 1");
    snprintf(b, sizeof b, IRREVERSIBLE, "moves: forward");
    snprintf(c, sizeof c, IRREVERSIBLE, "irreversible: 0");
    accord_model *ma = load_yaml_string(a), *mb = load_yaml_string(b), *mc = load_yaml_string(c);
    accord_robust *ra = run(ma, 500, 1), *rc = run(mc, 500, 1);
    accord_stability *st = NULL;
    assert_int_equal(accord_stability_compute(mb, NULL, &st, NULL), ACCORD_OK);
    assert_int_equal(ra->n_subjects, 3);
    for (int k = 0; k < ACCORD_N_CONCEPTS; k++) {
        assert_true(ra->stable[k] == (accord_stability_is_equilibrium(st, (accord_concept)k, 0) ? 1.0 : 0.0));
        assert_true(ra->stable[ACCORD_N_CONCEPTS + k] ==
                    (accord_stability_is_equilibrium(st, (accord_concept)k, 3) ? 1.0 : 0.0));
        bool other = accord_stability_is_equilibrium(st, (accord_concept)k, 0) ||
                     accord_stability_is_equilibrium(st, (accord_concept)k, 2);
        assert_true(ra->stable[2 * ACCORD_N_CONCEPTS + k] == (other ? 1.0 : 0.0));
    }
    assert_true(ra->stable[ACCORD_N_CONCEPTS + ACCORD_GMR] == 0.0);
    assert_true(rc->stable[ACCORD_N_CONCEPTS + ACCORD_GMR] == 1.0);
    assert_true(ra->point_stable[ACCORD_N_CONCEPTS + ACCORD_GMR]); /* as written: both ways */
    assert_int_equal(ra->n_configurations, 1);
    accord_stability_free(st);
    accord_robust_free(ra);
    accord_robust_free(rc);
    accord_model_free(ma);
    accord_model_free(mb);
    accord_model_free(mc);
}

/* Same seed: byte-identical JSON with 1 and 2 threads. */
static void test_threads(void **state)
{
    (void)state;
    const char *models[2] = {"tests/models/structural/redline.yaml", "tests/models/structural/conflict.yaml"};
    accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
    for (int k = 0; k < 2; k++) {
        accord_model *m = load_model(models[k]);
        char *text[2] = {0};
        for (int t = 0; t < 2; t++) {
            omp_set_num_threads(t + 1);
            accord_robust *r = run(m, 3001, 42);
            assert_int_equal(accord_robust_render(m, r, &ro, &text[t]), ACCORD_OK);
            accord_robust_free(r);
        }
        assert_string_equal(text[0], text[1]);
        accord_free(text[0]);
        accord_free(text[1]);
        accord_model_free(m);
    }
}

/* Probabilities out of [0, 1], irreversible with one-way moves, sums above
 * 1 and bad orders are reported at their places. */
static void test_loader_errors(void **state)
{
    (void)state;
    accord_model *m = NULL;
    accord_diagnostics d = {0};
    assert_int_equal(accord_model_load(source_path("tests/models/structural/bad-probability.yaml"), NULL,
                                       &m, &d),
                     ACCORD_E_INVALID);
    assert_null(m);
    struct {
        const char *needle;
        int line, col;
    } want[] = {{"firmness of a red line of A must lie in [0, 1], found 1.5", 11, 37},
                {"option x is irreversible must lie in [0, 1], found -0.1", 18, 27},
                {"option w has moves: forward and irreversible", 19, 43},
                {"unknown option \"C.q\"", 29, 56},
                {"alternative orders sum to 1.4, more than 1", 26, 7}};
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        long i = diag_find(&d, want[k].needle);
        assert_true(i >= 0);
        assert_int_equal(d.items[i].line, want[k].line);
        assert_int_equal(d.items[i].col, want[k].col);
    }
    accord_diagnostics_clear(&d);
    /* a map without when, an undeclared source */
    char yaml[2048];
    snprintf(yaml, sizeof yaml, SOFT, "      red_lines: [{firmness: 0.5}, {when: \"x = a\", source: nosuch}]\n");
    assert_int_equal(load_yaml_expect_error(yaml, &d), ACCORD_E_INVALID);
    assert_true(diag_find(&d, "needs when: CONDITION") >= 0);
    assert_true(diag_find(&d, "source \"nosuch\" of a red line is not declared") >= 0);
    accord_diagnostics_clear(&d);
    /* an alternative ranking that leaves out a state */
    const char *alt =
        "accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [x], B: [y]}\n  preferences:\n"
        "    A: {ranking: [\"Y -\", \"N -\"]}\n"
        "    B:\n      ranking: [\"- Y\", \"- N\"]\n"
        "      alternatives: [{name: odd, probability: 0.5, ranking: [\"Y Y\"]}]\n";
    assert_int_equal(load_yaml_expect_error(alt, &d), ACCORD_E_INVALID);
    long i = diag_find(&d, "party B (alternative \"odd\")'s ranking leaves out 3 feasible states");
    assert_true(i >= 0);
    assert_int_equal(d.items[i].line, 9);
    accord_diagnostics_clear(&d);
}

/* The bytes a sample of the memory estimate, from the refusal's message,
 * and the estimate in all (*total, bytes, when given in bytes; else -1). */
static long estimate(const accord_model *m, uint64_t samples, long *total)
{
    accord_robust_options o = {.samples = samples, .max_memory = 1, .threads = 1};
    accord_robust *r = NULL;
    accord_diagnostics d = {0};
    assert_int_equal(accord_robust_compute(m, &o, &r, &d), ACCORD_E_LIMIT);
    assert_null(r);
    long i = diag_find(&d, "bytes a sample");
    assert_true(i >= 0);
    const char *at = strstr(d.items[i].message, " of memory (");
    assert_non_null(at);
    long n = strtol(at + strlen(" of memory ("), NULL, 10);
    const char *about = strstr(d.items[i].message, "need about ");
    assert_non_null(about);
    char *end = NULL;
    long all = strtol(about + strlen("need about "), &end, 10);
    *total = strncmp(end, " bytes", 6) == 0 ? all : -1;
    accord_diagnostics_clear(&d);
    return n;
}

static long per_sample(const accord_model *m)
{
    long total;
    return estimate(m, 1000000, &total);
}

/* The memory estimate: nothing is kept per sample for the numbers and the
 * red lines (their sides and the verdicts are tallied per block of 64
 * samples), a byte a sample per byte of the conflict's configuration; a
 * soft red line costs its tallies once per thread and once merged. */
static void test_memory_counts_structural(void **state)
{
    (void)state;
    char with[2048], without[2048];
    snprintf(with, sizeof with, SOFT,
             "      red_lines: [{when: \"x = b\", firmness: 0.5}, {when: \"x = c\", firmness: 0.5}, "
             "{when: \"x = a\", firmness: 0.9}]\n");
    snprintf(without, sizeof without, SOFT, "");
    accord_model *a = load_yaml_string(with), *b = load_yaml_string(without);
    long pa = per_sample(a), pb = per_sample(b);
    assert_int_equal(pb, 0);
    assert_int_equal(pa, 0);
    /* the same estimate for 64 and for a million samples */
    long ta, ta2, tb, tb2;
    estimate(a, 64, &ta);
    estimate(a, 1000000, &ta2);
    estimate(b, 64, &tb);
    estimate(b, 1000000, &tb2);
    assert_true(ta > 0 && tb > 0);
    assert_int_equal(ta, ta2);
    assert_int_equal(tb, tb2);
    /* 3 soft red lines more: 4 verdicts, each thread's and the merged
     * tallies (8 bytes a count: 3 x 4 pairs, 3 x 3 counts per factor),
     * the thread's red-line flags and the ranking's entries */
    assert_true(ta - tb >= 2 * 8 * (3 * 4 + 3 * 3));
    accord_model_free(a);
    accord_model_free(b);
    /* conflict.yaml: 2 configuration bytes a sample */
    accord_model *c = load_model("tests/models/structural/conflict.yaml");
    assert_int_equal(per_sample(c), 2);
    accord_model_free(c);
}

/* Load and sample; the JSON of the result, or NULL with the status. */
static char *load_and_sample(const char *path, accord_status *rc)
{
    accord_model *m = NULL;
    accord_robust *r = NULL;
    char *json = NULL;
    accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
    accord_robust_options o = {.samples = 64, .seed = 1};
    if (!(*rc = accord_model_load(path, NULL, &m, NULL)) && !(*rc = accord_robust_compute(m, &o, &r, NULL)))
        *rc = accord_robust_render(m, r, &ro, &json);
    if (*rc)
        assert_null(json); /* no output on failure */
    accord_robust_free(r);
    accord_model_free(m);
    return json;
}

/* Every allocation failing in turn, loading and sampling a model with
 * every kind of structural assumption: ACCORD_E_NOMEM, or the whole
 * result (an allocation whose failure the library works around). */
static void test_allocation_failure(void **state)
{
    (void)state;
    const char *path = source_path("tests/models/structural/conflict.yaml");
    omp_set_num_threads(1);
    accord_status rc;
    char *reference = load_and_sample(path, &rc);
    assert_int_equal(rc, ACCORD_OK);
    long k = 0;
    for (;; k++) {
        test_alloc_fail_at(k);
        char *json = load_and_sample(path, &rc);
        bool failed = test_alloc_failed();
        test_alloc_restore();
        if (!failed) {
            assert_int_equal(rc, ACCORD_OK);
            assert_string_equal(json, reference);
            accord_free(json);
            break;
        }
        if (rc == ACCORD_OK)
            assert_string_equal(json, reference);
        else
            assert_int_equal(rc, ACCORD_E_NOMEM);
        accord_free(json);
    }
    accord_free(reference);
    assert_true(k > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_red_line_firmness),
        cmocka_unit_test(test_firmness_zero),
        cmocka_unit_test(test_alternative_order),
        cmocka_unit_test(test_irreversible_is_forward),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_loader_errors),
        cmocka_unit_test(test_memory_counts_structural),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
