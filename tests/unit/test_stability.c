/* test_stability.c - Nash, GMR, SMR and SEQ stability: published results,
 * a case only legal sequences with repeated movers decide, random conflicts
 * against the plain definitions, invariants, limits and errors. */
#include "conflict_brute.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static accord_stability *compute(const accord_model *m, int threads)
{
    accord_stability_options so = {.threads = threads};
    accord_diagnostics diag = {0};
    accord_stability *st = NULL;
    accord_status rc = accord_stability_compute(m, &so, &st, &diag);
    for (size_t i = 0; i < diag.count; i++)
        fprintf(stderr, "  %s\n", diag.items[i].message);
    accord_diagnostics_clear(&diag);
    assert_int_equal(rc, ACCORD_OK);
    assert_non_null(st);
    return st;
}

/* The 1-based ids of the states in a set, as "1 4 5". */
static const char *ids(const accord_stability *st, const uint64_t *set)
{
    static char buf[4096];
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < st->n_states && len < sizeof buf - 16; k++)
        if ((set[k / 64] >> (k % 64)) & 1)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%zu", len ? " " : "", k + 1);
    return buf;
}

static const char *equilibria(const accord_stability *st, accord_concept c)
{
    return ids(st, st->equilibria + (size_t)c * st->words);
}

static const char *stable_for(const accord_stability *st, accord_concept c, size_t p)
{
    return ids(st, st->stable + ((size_t)c * st->n_parties + p) * st->words);
}

/* Prisoner's dilemma: option "defect" per prisoner; each prefers defecting
 * alone > both cooperate > both defect > cooperating alone. */
static const char *PD = "accord: 1\n"
                        "parties: [A, B]\n"
                        "conflict:\n"
                        "  options: {A: [defect], B: [defect]}\n"
                        "  preferences:\n"
                        "    A: {ranking: [\"Y N\", \"N N\", \"Y Y\", \"N Y\"]}\n"
                        "    B: {ranking: [\"N Y\", \"N N\", \"Y Y\", \"Y N\"]}\n";

static void test_prisoners_dilemma(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(PD);
    accord_stability *st = compute(m, 0);
    /* states: 1 NN (both cooperate), 2 YN, 3 NY, 4 YY (both defect) */
    assert_string_equal(equilibria(st, ACCORD_NASH), "4");
    assert_string_equal(equilibria(st, ACCORD_GMR), "1 4");
    assert_string_equal(equilibria(st, ACCORD_SMR), "1 4");
    assert_string_equal(equilibria(st, ACCORD_SEQ), "1 4");
    assert_false(accord_stability_is_stable(st, ACCORD_NASH, 0, 0));
    assert_true(accord_stability_is_stable(st, ACCORD_SEQ, 0, 0));
    accord_stability_free(st);
    accord_model_free(m);
}

/* Chicken: "drive" on; each prefers winning > both swerve > losing > crash. */
static const char *CHICKEN = "accord: 1\n"
                             "parties: [A, B]\n"
                             "conflict:\n"
                             "  options: {A: [drive], B: [drive]}\n"
                             "  preferences:\n"
                             "    A: {ranking: [\"Y N\", \"N N\", \"N Y\", \"Y Y\"]}\n"
                             "    B: {ranking: [\"N Y\", \"N N\", \"Y N\", \"Y Y\"]}\n";

static void test_chicken(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(CHICKEN);
    accord_stability *st = compute(m, 0);
    /* 1 both swerve, 2 A drives, 3 B drives, 4 crash */
    assert_string_equal(equilibria(st, ACCORD_NASH), "2 3");
    /* both swerving: B's answer to A's driving is the crash, a sanction
     * (GMR), which A cannot escape to anything better than state 1 (SMR),
     * but the crash is no improvement for B (not SEQ) */
    assert_string_equal(equilibria(st, ACCORD_GMR), "1 2 3");
    assert_string_equal(equilibria(st, ACCORD_SMR), "1 2 3");
    assert_string_equal(equilibria(st, ACCORD_SEQ), "2 3");
    accord_stability_free(st);
    accord_model_free(m);
}

/* Elmira (Fang, Hipel & Kilgour 1993): the published equilibria are 5, 8, 9
 * (Nash and SEQ) and 1, 4, 5, 8, 9 (GMR and SMR) in the book's 9 states;
 * see the model file for the map to its 12 states. */
static void test_elmira(void **state)
{
    (void)state;
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    assert_int_equal(accord_model_load(source_path("tests/models/conflict/elmira.yaml"), NULL, &m, &diag),
                     ACCORD_OK);
    accord_diagnostics_clear(&diag);
    assert_int_equal(m->conflict->n_states, 12);
    accord_stability *st = compute(m, 0);
    assert_string_equal(equilibria(st, ACCORD_NASH), "5 6 7 10 11 12");
    assert_string_equal(equilibria(st, ACCORD_SEQ), "5 6 7 10 11 12");
    assert_string_equal(equilibria(st, ACCORD_GMR), "1 4 5 6 7 10 11 12");
    assert_string_equal(equilibria(st, ACCORD_SMR), "1 4 5 6 7 10 11 12");
    /* MoE never gains by modifying: Nash stable everywhere */
    assert_string_equal(stable_for(st, ACCORD_NASH, 0), "1 2 3 4 5 6 7 8 9 10 11 12");
    assert_string_equal(stable_for(st, ACCORD_NASH, 1), "1 4 5 6 7 10 11 12");
    assert_string_equal(stable_for(st, ACCORD_NASH, 2), "5 6 7 8 9 10 11 12");
    assert_string_equal(stable_for(st, ACCORD_SEQ, 2), "2 3 5 6 7 8 9 10 11 12");
    assert_string_equal(stable_for(st, ACCORD_GMR, 2), "1 2 3 4 5 6 7 8 9 10 11 12");
    accord_stability_free(st);
    accord_model_free(m);
}

/*
 * A sanction only a sequence B, C, B reaches: C can take c only after B took
 * b1, and B can take b2 only after c.  A's improvement from NNNN to YNNN is
 * sanctioned by YYYY only.  The definition (legal sequences, a party may
 * move again) makes NNNN GMR and SEQ stable for A; letting each opponent
 * move once (as gmcr-py does) would not.
 */
static const char *REPEAT = "accord: 1\n"
                            "parties: [A, B, C]\n"
                            "conflict:\n"
                            "  options:\n"
                            "    A: [a]\n"
                            "    B: [{b1: {moves: forward}}, {b2: {moves: forward}}]\n"
                            "    C: [{c: {moves: forward}}]\n"
                            "  infeasible: [\"C.c & -B.b1\", \"B.b2 & -C.c\"]\n"
                            "  preferences:\n"
                            "    A:\n"
                            "      ranking:\n"
                            "        - [\"Y NN N\", \"Y YN N\", \"Y YN Y\"]\n"
                            "        - [\"N NN N\", \"N YN N\", \"N YN Y\", \"N YY Y\"]\n"
                            "        - \"Y YY Y\"\n"
                            "    B: {priorities: [B.b1, B.b2]}\n"
                            "    C: {priorities: [C.c]}\n";

static void test_repeated_mover(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(REPEAT);
    accord_stability *st = compute(m, 0);
    assert_int_equal(accord_conflict_state_code(m->conflict, 0), 0); /* state 1 is NNNN */
    assert_false(accord_stability_is_stable(st, ACCORD_NASH, 0, 0));
    assert_true(accord_stability_is_stable(st, ACCORD_GMR, 0, 0));
    assert_true(accord_stability_is_stable(st, ACCORD_SMR, 0, 0));
    assert_true(accord_stability_is_stable(st, ACCORD_SEQ, 0, 0));
    accord_stability_free(st);
    accord_model_free(m);
}

static void check_against_brute(const accord_model *m, const accord_stability *st)
{
    brute b;
    brute_init(&b, m);
    bool *want = brute_stability(&b);
    for (int c = 0; c < 4; c++)
        for (size_t p = 0; p < b.P; p++)
            for (size_t s = 0; s < b.S; s++) {
                bool got = accord_stability_is_stable(st, (accord_concept)c, p, s);
                if (got != want[((size_t)c * b.P + p) * b.S + s])
                    fail_msg("%s, party %zu, state %zu: fast %d, definition %d",
                             accord_concept_name((accord_concept)c), p, s + 1, got, !got);
            }
    free(want);
    brute_free(&b);
}

static void check_inclusions(const accord_stability *st)
{
    for (size_t p = 0; p < st->n_parties; p++)
        for (size_t s = 0; s < st->n_states; s++) {
            bool nash = accord_stability_is_stable(st, ACCORD_NASH, p, s),
                 gmr = accord_stability_is_stable(st, ACCORD_GMR, p, s),
                 smr = accord_stability_is_stable(st, ACCORD_SMR, p, s),
                 seq = accord_stability_is_stable(st, ACCORD_SEQ, p, s);
            assert_true(!nash || seq);
            assert_true(!seq || gmr);
            assert_true(!nash || smr);
            assert_true(!smr || gmr);
        }
}

static void test_random_against_definitions(void **state)
{
    (void)state;
    test_rng r = {20251129};
    int checked = 0;
    for (int round = 0; round < 400 && checked < 150; round++) {
        char *yaml = brute_random_yaml(&r, 4, round % 10 == 9 ? 8 : 6);
        accord_model *m = brute_try_load(yaml);
        if (!m) {
            free(yaml);
            continue;
        }
        accord_stability *st = compute(m, 1 + round % 2);
        check_against_brute(m, st);
        check_inclusions(st);
        /* the JSON parses: every state, every party under every concept */
        accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
        char *text = NULL;
        assert_int_equal(accord_stability_render(m, st, &ro, &text), ACCORD_OK);
        json_t *doc = json_loads(text, 0, NULL);
        assert_non_null(doc);
        assert_int_equal(json_array_size(json_object_get(doc, "states")), st->n_states);
        assert_int_equal(json_object_size(json_object_get(json_object_get(doc, "stable"), "seq")),
                         st->n_parties);
        json_decref(doc);
        accord_free(text);
        /* the same with another thread count, bit for bit */
        accord_stability *st2 = compute(m, 2 - round % 2);
        assert_memory_equal(st->stable, st2->stable,
                            st->words * ACCORD_N_CONCEPTS * st->n_parties * sizeof *st->stable);
        accord_stability_free(st2);
        accord_stability_free(st);
        accord_model_free(m);
        free(yaml);
        checked++;
    }
    assert_true(checked >= 100);
}

/* A larger random conflict (priorities): the invariants and thread
 * independence on thousands of states. */
static void test_larger_invariants(void **state)
{
    (void)state;
    char yaml[4096];
    snprintf(yaml, sizeof yaml,
             "accord: 1\n"
             "parties: [A, B, C, D]\n"
             "conflict:\n"
             "  options:\n"
             "    A: [a1, {a2: {moves: forward}}, a3]\n"
             "    B: [b1, b2, {b3: {moves: backward}}]\n"
             "    C: [c1, {c2: {moves: forward}}, c3]\n"
             "    D: [d1, d2, d3]\n"
             "  infeasible: [\"A.a1 & B.b1 & -C.c1\", \"D.d1 & D.d2 & D.d3\"]\n"
             "  preferences:\n"
             "    A: {priorities: [\"-B.b1\", \"A.a1 IF C.c2\", \"D.d1\", \"-A.a3\", \"C.c3 & B.b2\"]}\n"
             "    B: {priorities: [\"B.b1\", \"-A.a2\", \"B.b3 IFF D.d2\", \"C.c1\"]}\n"
             "    C: {priorities: [\"-C.c2 | A.a1\", \"D.d3\", \"C.c3\", \"-B.b2\", \"A.a3\"]}\n"
             "    D: {priorities: [\"D.d1 IF A.a2\", \"-D.d2\", \"B.b3\", \"C.c1 & D.d3\"]}\n");
    accord_model *m = load_yaml_string(yaml);
    assert_true(m->conflict->n_states > 3000);
    accord_stability *st1 = compute(m, 1), *st2 = compute(m, 2);
    check_inclusions(st1);
    assert_memory_equal(st1->stable, st2->stable,
                        st1->words * ACCORD_N_CONCEPTS * st1->n_parties * sizeof *st1->stable);
    assert_memory_equal(st1->equilibria, st2->equilibria,
                        st1->words * ACCORD_N_CONCEPTS * sizeof *st1->equilibria);
    accord_stability_free(st1);
    accord_stability_free(st2);
    accord_model_free(m);
}

static void test_no_conflict_section(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\n"
                                       "parties: [A, B]\n"
                                       "agreement:\n"
                                       "  issues: [{id: x, options: [a, b]}]\n"
                                       "  preferences:\n"
                                       "    A: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
                                       "    B: {weights: {x: 1}, values: {x: {a: 0, b: 1}}}\n");
    accord_diagnostics diag = {0};
    accord_stability *st = (accord_stability *)1;
    assert_int_equal(accord_stability_compute(m, NULL, &st, &diag), ACCORD_E_NODATA);
    assert_null(st);
    assert_true(diag_find(&diag, "no conflict section") >= 0);
    accord_diagnostics_clear(&diag);
    assert_int_equal(accord_stability_compute(NULL, NULL, &st, NULL), ACCORD_E_ARG);
    assert_int_equal(accord_stability_compute(m, NULL, NULL, NULL), ACCORD_E_ARG);
    accord_model_free(m);
}

static void test_memory_limit(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(PD);
    accord_stability_options so = {.max_memory = 100};
    accord_diagnostics diag = {0};
    accord_stability *st = NULL;
    assert_int_equal(accord_stability_compute(m, &so, &st, &diag), ACCORD_E_LIMIT);
    assert_null(st);
    assert_true(diag_find(&diag, "accord_load_options.max_states") >= 0);
    assert_true(diag_find(&diag, "accord_stability_options.max_memory") >= 0);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
}

/* 25 one-way options of one party: 2^25 groups of moves per state is
 * refused up front, not attempted. */
static void test_too_many_one_way_options(void **state)
{
    (void)state;
    char yaml[4096];
    size_t len = (size_t)snprintf(yaml, sizeof yaml,
                                  "accord: 1\nparties: [A, B]\nconflict:\n  options:\n    A: [");
    for (int k = 0; k < 25; k++)
        len += (size_t)snprintf(yaml + len, sizeof yaml - len, "%s{o%d: {moves: forward}}", k ? ", " : "", k);
    len += (size_t)snprintf(yaml + len, sizeof yaml - len, "]\n    B: [b]\n  exclusive: [[");
    for (int k = 0; k < 25; k++)
        len += (size_t)snprintf(yaml + len, sizeof yaml - len, "%sA.o%d", k ? ", " : "", k);
    snprintf(yaml + len, sizeof yaml - len,
             "]]\n  preferences:\n    A: {priorities: [A.o1]}\n    B: {priorities: [B.b]}\n");
    accord_model *m = load_yaml_string(yaml);
    assert_int_equal(m->conflict->n_states, 52);
    accord_diagnostics diag = {0};
    accord_stability *st = NULL;
    assert_int_equal(accord_stability_compute(m, NULL, &st, &diag), ACCORD_E_LIMIT);
    assert_true(diag_find(&diag, "25 one-way options") >= 0);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
}

/* A party without options and a party indifferent to everything. */
static void test_degenerate_parties(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\n"
                                       "parties: [A, B, Observer]\n"
                                       "conflict:\n"
                                       "  options: {A: [x, y], B: [z]}\n"
                                       "  preferences:\n"
                                       "    A: {priorities: []}\n"
                                       "    B: {priorities: [\"A.x\"]}\n");
    accord_stability *st = compute(m, 0);
    /* nobody has a UI but B, and B's options do not affect its preference */
    for (size_t s = 0; s < st->n_states; s++)
        for (int c = 0; c < 4; c++)
            assert_true(accord_stability_is_equilibrium(st, (accord_concept)c, s));
    assert_false(accord_stability_is_stable(st, ACCORD_NASH, 5, 0)); /* out of range */
    accord_stability_free(st);
    accord_model_free(m);
}

/* Allocator hook: fail the 1st, 2nd, ... allocation; every run must end in
 * ACCORD_E_NOMEM (or succeed), never crash or leak. */
static void test_allocation_failures(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(REPEAT);
    accord_stability_options so = {.threads = 1};
    bool done = false;
    for (long fail = 0; fail < 2000 && !done; fail++) {
        accord_stability *st = NULL;
        char *text = NULL;
        test_alloc_fail_from(fail);
        accord_status rc = accord_stability_compute(m, &so, &st, NULL);
        if (rc == ACCORD_OK) {
            accord_render_options ro = {.format = fail % 2 ? ACCORD_FORMAT_JSON : ACCORD_FORMAT_TEXT};
            rc = accord_stability_render(m, st, &ro, &text);
            done = rc == ACCORD_OK && !test_alloc_failed();
        }
        test_alloc_restore();
        assert_true(rc == ACCORD_OK || rc == ACCORD_E_NOMEM);
        if (rc)
            assert_null(text);
        accord_free(text);
        accord_stability_free(st);
    }
    assert_true(done);
    accord_model_free(m);
}

static void test_render(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(PD);
    accord_stability *st = compute(m, 0);
    accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
    char *json = NULL;
    assert_int_equal(accord_stability_render(m, st, &ro, &json), ACCORD_OK);
    assert_non_null(strstr(json, "\"parties\": [\"A\", \"B\"]"));
    assert_non_null(strstr(json, "{\"id\": 4, \"pattern\": \"YY\", \"decimal\": 3}"));
    assert_non_null(strstr(json, "\"nash\": [4]"));
    assert_non_null(strstr(json, "\"gmr\": [1, 4]"));
    accord_free(json);
    ro.format = ACCORD_FORMAT_TEXT;
    char *text = NULL;
    assert_int_equal(accord_stability_render(m, st, &ro, &text), ACCORD_OK);
    assert_non_null(strstr(text, "A.defect"));
    accord_free(text);
    accord_stability_free(st);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prisoners_dilemma),
        cmocka_unit_test(test_chicken),
        cmocka_unit_test(test_elmira),
        cmocka_unit_test(test_repeated_mover),
        cmocka_unit_test(test_random_against_definitions),
        cmocka_unit_test(test_larger_invariants),
        cmocka_unit_test(test_no_conflict_section),
        cmocka_unit_test(test_memory_limit),
        cmocka_unit_test(test_too_many_one_way_options),
        cmocka_unit_test(test_degenerate_parties),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
