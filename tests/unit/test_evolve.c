/* test_evolve.c - status quo analysis: Elmira, the prisoner's dilemma,
 * random conflicts against a search over explicit legal sequences. */
#include "conflict_brute.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* from: a state id (1-based), 0 for the status quo */
static accord_evolution *compute(const accord_model *m, size_t from, int threads)
{
    accord_evolve_options eo = {.stability = {.threads = threads}, .from = from};
    accord_evolution *e = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_evolve_compute(m, &eo, &e, &diag);
    for (size_t i = 0; i < diag.count; i++)
        fprintf(stderr, "  %s\n", diag.items[i].message);
    accord_diagnostics_clear(&diag);
    assert_int_equal(rc, ACCORD_OK);
    assert_non_null(e);
    return e;
}

static void test_elmira(void **state)
{
    (void)state;
    accord_model *m = NULL;
    assert_int_equal(accord_model_load(source_path("tests/models/conflict/elmira.yaml"), NULL, &m, NULL),
                     ACCORD_OK);
    accord_evolution *e = compute(m, 0, 0);
    assert_int_equal(e->start, 0);
    assert_int_equal(e->n_reachable, 2);
    assert_int_equal(e->moves[0], 0);
    assert_int_equal(e->moves[6], 1);
    assert_int_equal(e->n_targets, 2);
    /* the status quo is a GMR and SMR equilibrium ... */
    assert_int_equal(e->targets[0].state, 0);
    assert_int_equal(e->targets[0].concepts, (1u << ACCORD_GMR) | (1u << ACCORD_SMR));
    assert_int_equal(e->targets[0].n_moves, 0);
    /* ... and LG's insisting reaches the equilibrium of all four concepts */
    assert_int_equal(e->targets[1].state, 6);
    assert_int_equal(e->targets[1].concepts, 15);
    assert_int_equal(e->targets[1].n_moves, 1);
    char *text = accord_move_describe(m, &e->targets[1].path[0]);
    assert_string_equal(text, "LG takes insist");
    accord_free(text);
    accord_render_options ro = {.format = ACCORD_FORMAT_TEXT};
    char *out = NULL;
    assert_int_equal(accord_evolution_render(m, e, &ro, &out), ACCORD_OK);
    assert_non_null(strstr(out, "LG takes insist"));
    accord_free(out);
    accord_evolution_free(e);
    accord_model_free(m);
}

static void test_prisoners_dilemma(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\n"
                                       "parties: [A, B]\n"
                                       "conflict:\n"
                                       "  options: {A: [defect], B: [defect]}\n"
                                       "  status_quo: \"N N\"\n"
                                       "  preferences:\n"
                                       "    A: {ranking: [\"Y N\", \"N N\", \"Y Y\", \"N Y\"]}\n"
                                       "    B: {ranking: [\"N Y\", \"N N\", \"Y Y\", \"Y N\"]}\n");
    accord_evolution *e = compute(m, 0, 1);
    assert_int_equal(e->moves[0], 0);
    assert_int_equal(e->moves[1], 1);
    assert_int_equal(e->moves[2], 1);
    assert_int_equal(e->moves[3], 2);
    assert_int_equal(e->n_targets, 2);
    assert_int_equal(e->targets[1].state, 3);
    assert_int_equal(e->targets[1].n_moves, 2);
    assert_int_not_equal(e->targets[1].path[0].party, e->targets[1].path[1].party);
    accord_evolution_free(e);
    accord_model_free(m);
}

static void test_random_against_definition(void **state)
{
    (void)state;
    test_rng r = {99};
    int checked = 0;
    for (int round = 0; round < 300 && checked < 100; round++) {
        char *yaml = brute_random_yaml(&r, 4, 7);
        accord_model *m = brute_try_load(yaml);
        free(yaml);
        if (!m)
            continue;
        brute b;
        brute_init(&b, m);
        size_t from = rng_below(&r, (uint32_t)b.S);
        accord_evolution *e = compute(m, from + 1, 1 + round % 2);
        bool *in = malloc(b.S * sizeof *in);
        uint32_t *dist = malloc(b.S * sizeof *dist);
        brute_reach(&b, ~(uint64_t)0, true, from, in, dist);
        dist[from] = 0;
        size_t t = 0;
        for (size_t y = 0; y < b.S; y++) {
            assert_int_equal(e->moves[y], dist[y]);
            if (dist[y] == UINT32_MAX)
                continue;
            unsigned concepts = 0;
            for (int c = 0; c < 4; c++)
                if (accord_stability_is_equilibrium(e->stability, (accord_concept)c, y))
                    concepts |= 1u << c;
            if (!concepts)
                continue;
            assert_true(t < e->n_targets);
            const accord_evolve_target *tg = &e->targets[t++];
            assert_int_equal(tg->state, y);
            assert_int_equal(tg->concepts, concepts);
            assert_int_equal(tg->n_moves, dist[y]);
            assert_true(brute_path_ok(&b, tg->path, tg->n_moves, from, ~(uint64_t)0, true));
            if (tg->n_moves)
                assert_int_equal(tg->path[tg->n_moves - 1].to, y);
        }
        assert_int_equal(t, e->n_targets);
        /* the JSON parses and lists what was computed */
        accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
        char *text = NULL;
        assert_int_equal(accord_evolution_render(m, e, &ro, &text), ACCORD_OK);
        json_t *doc = json_loads(text, 0, NULL);
        assert_non_null(doc);
        assert_int_equal(json_array_size(json_object_get(doc, "reachable")), e->n_reachable);
        assert_int_equal(json_array_size(json_object_get(doc, "paths")), e->n_targets);
        json_decref(doc);
        accord_free(text);
        free(in);
        free(dist);
        brute_free(&b);
        accord_evolution_free(e);
        accord_model_free(m);
        checked++;
    }
    assert_true(checked >= 80);
}

static void test_errors(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\n"
                                       "parties: [A, B]\n"
                                       "conflict:\n"
                                       "  options: {A: [x], B: [y]}\n"
                                       "  preferences:\n"
                                       "    A: {priorities: [A.x]}\n"
                                       "    B: {priorities: [B.y]}\n");
    accord_diagnostics diag = {0};
    accord_evolution *e = NULL;
    assert_int_equal(accord_evolve_compute(m, NULL, &e, &diag), ACCORD_E_NODATA);
    assert_null(e);
    assert_true(diag_find(&diag, "no status_quo") >= 0);
    accord_diagnostics_clear(&diag);
    accord_evolve_options eo = {.from = 5};
    assert_int_equal(accord_evolve_compute(m, &eo, &e, &diag), ACCORD_E_ARG);
    accord_diagnostics_clear(&diag);
    e = compute(m, 1, 0);
    assert_int_equal(e->n_reachable, 4); /* both take their option */
    accord_evolution_free(e);
    accord_move bad = {.party = 9, .from = 0, .to = 1};
    assert_null(accord_move_describe(m, &bad));
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elmira),
        cmocka_unit_test(test_prisoners_dilemma),
        cmocka_unit_test(test_random_against_definition),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
