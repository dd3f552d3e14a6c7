/* test_tournament.c - tournaments: the run list, the per-agent table,
 * independence from the thread count, parts and their merge. */
#include "support.h"

#include <jansson.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *FIXTURES[] = {"Laptop", "ItexvsCypress", "Dinner3P", "SmartEnergyGrid3P"};
#define N_FIXTURES 4

typedef struct world {
    accord_model *models[N_FIXTURES];
    accord_agent *agents;
    size_t n_agents;
} world;

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    for (size_t k = 0; k < N_FIXTURES; k++)
        w->models[k] = load_fixture(FIXTURES[k]);
    assert_int_equal(accord_agents_parse("boulware,conceder,titfortat,random", &w->agents, &w->n_agents, NULL),
                     ACCORD_OK);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    for (size_t k = 0; k < N_FIXTURES; k++)
        accord_model_free(w->models[k]);
    accord_free(w->agents);
    free(w);
    return 0;
}

static accord_tournament *play(world *w, uint32_t repeat, uint32_t part, uint32_t parts)
{
    accord_tournament_options o = {.rounds = 50, .seed = 5, .repeat = repeat, .part = part, .parts = parts};
    accord_tournament *t = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_tournament_play((const accord_model *const *)w->models, N_FIXTURES, w->agents,
                                              w->n_agents, &o, &t, &diag);
    for (size_t k = 0; k < diag.count; k++)
        fprintf(stderr, "  %s\n", diag.items[k].message);
    accord_diagnostics_clear(&diag);
    assert_int_equal(rc, ACCORD_OK);
    return t;
}

static bool same_double(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

static void assert_same_runs(const accord_tournament *a, const accord_tournament *b)
{
    assert_int_equal(a->n_runs, b->n_runs);
    for (size_t k = 0; k < a->n_runs; k++) {
        const accord_tournament_run *x = &a->runs[k], *y = &b->runs[k];
        size_t np = a->scenarios[x->scenario].n_parties;
        assert_int_equal(x->index, y->index);
        assert_int_equal(x->scenario, y->scenario);
        assert_int_equal(x->assignment, y->assignment);
        assert_int_equal(x->repetition, y->repetition);
        assert_int_equal(x->weight, y->weight);
        assert_int_equal(x->agreement, y->agreement);
        assert_int_equal(x->rounds_played, y->rounds_played);
        assert_memory_equal(x->agents, y->agents, np * sizeof *x->agents);
        for (size_t p = 0; p < np; p++)
            assert_true(x->utility[p] == y->utility[p]);
        assert_true(same_double(x->pareto_distance, y->pareto_distance));
        assert_true(same_double(x->nash_distance, y->nash_distance));
        assert_true(same_double(x->welfare, y->welfare));
    }
}

static void assert_same_stats(const accord_tournament *a, const accord_tournament *b)
{
    assert_int_equal(a->n_agents, b->n_agents);
    for (size_t i = 0; i < a->n_agents; i++) {
        const accord_tournament_stats *x = &a->stats[i], *y = &b->stats[i];
        assert_int_equal(x->plays, y->plays);
        assert_int_equal(x->agreements, y->agreements);
        assert_true(same_double(x->agreement_rate, y->agreement_rate));
        assert_true(same_double(x->mean_utility, y->mean_utility));
        assert_true(same_double(x->mean_pareto_distance, y->mean_pareto_distance));
        assert_true(same_double(x->mean_nash_distance, y->mean_nash_distance));
        assert_true(same_double(x->mean_rounds, y->mean_rounds));
    }
}

/* The run list and a sensible table. */
static void test_tournament_table(void **state)
{
    world *w = *state;
    accord_tournament *t = play(w, 3, 0, 0);
    /* K = 4 agents, one random: per scenario (4^n - 3^n) * 3 + 3^n runs */
    uint64_t expect = 0, weighted_plays = 0;
    for (size_t s = 0; s < N_FIXTURES; s++) {
        size_t n = w->models[s]->n_parties;
        uint64_t all = (uint64_t)pow(4, (double)n), det = (uint64_t)pow(3, (double)n);
        expect += (all - det) * 3 + det;
        weighted_plays += all * 3 * n; /* every assignment weighs `repeat` */
    }
    assert_int_equal(t->total_runs, expect);
    assert_int_equal(t->n_runs, expect);
    uint64_t plays = 0;
    for (size_t i = 0; i < t->n_agents; i++) {
        const accord_tournament_stats *st = &t->stats[i];
        plays += st->plays;
        assert_true(st->agreement_rate >= 0 && st->agreement_rate <= 1);
        assert_true(st->mean_utility >= 0 && st->mean_utility <= 1);
        assert_true(st->mean_pareto_distance >= 0 && st->mean_pareto_distance < 1.8);
        assert_true(st->mean_nash_distance >= 0);
        assert_true(st->mean_rounds >= 1 && st->mean_rounds <= 50);
    }
    assert_int_equal(plays, weighted_plays);
    /* the runs are in order, with the descriptors of the run list */
    for (size_t k = 0; k < t->n_runs; k++) {
        const accord_tournament_run *r = &t->runs[k];
        assert_int_equal(r->index, k);
        size_t np = t->scenarios[r->scenario].n_parties;
        uint64_t a = 0;
        bool random = false;
        for (size_t p = 0; p < np; p++) {
            a = a * 4 + r->agents[p];
            random |= r->agents[p] == 3;
        }
        assert_int_equal(a, r->assignment);
        assert_int_equal(r->weight, random ? 1 : 3);
        if (r->agreement)
            assert_true(r->rounds_played >= 1 && r->rounds_played <= 50);
        else
            assert_int_equal(r->rounds_played, 50);
        /* utilities and distances sit on the 2^-30 grid */
        for (size_t p = 0; p < np; p++)
            assert_true(r->utility[p] * 1073741824.0 == nearbyint(r->utility[p] * 1073741824.0));
    }
    /* the rate is the agreements over the plays, weighted as the runs are */
    for (size_t i = 0; i < t->n_agents; i++)
        assert_true(t->stats[i].agreement_rate == (double)t->stats[i].agreements / (double)t->stats[i].plays);
    /* a boulware, slower to concede, gets more when it agrees than a conceder */
    assert_true(t->stats[0].mean_utility > t->stats[1].mean_utility);
    /* repetitions of random assignments differ (their seeds do) */
    size_t differ = 0;
    for (size_t k = 0; k + 1 < t->n_runs; k++) {
        const accord_tournament_run *x = &t->runs[k], *y = &t->runs[k + 1];
        if (x->assignment == y->assignment && x->scenario == y->scenario &&
            (x->agreement != y->agreement || x->utility[0] != y->utility[0]))
            differ++;
    }
    assert_true(differ > 0);

    /* text, CSV and JSON */
    char *text = NULL;
    accord_render_options ro = {0};
    assert_int_equal(accord_tournament_render(t, &ro, &text), ACCORD_OK);
    assert_non_null(strstr(text, "Tournament: 4 agents, 4 scenarios, 50 rounds"));
    assert_non_null(strstr(text, "titfortat"));
    accord_free(text);
    assert_int_equal(accord_tournament_csv(t, &text), ACCORD_OK);
    assert_true(strncmp(text, "agent,plays,agreements,agreement_rate,mean_utility,mean_pareto_distance,"
                              "mean_nash_distance,mean_rounds\r\nboulware,", 113) == 0);
    accord_free(text);
    accord_tournament_free(t);
}

/* Identical results for 1 and 2 threads. */
static void test_thread_count(void **state)
{
    world *w = *state;
    omp_set_num_threads(1);
    accord_tournament *one = play(w, 2, 0, 0);
    omp_set_num_threads(2);
    accord_tournament *two = play(w, 2, 0, 0);
    assert_same_runs(one, two);
    assert_same_stats(one, two);
    accord_tournament_free(one);
    accord_tournament_free(two);
}

/* Parts merged give the whole, also through their JSON. */
static void test_parts_merge(void **state)
{
    world *w = *state;
    accord_tournament *whole = play(w, 2, 0, 0);
    accord_tournament *parts[3], *read[3];
    size_t sum = 0;
    for (uint32_t k = 0; k < 3; k++) {
        parts[k] = play(w, 2, k + 1, 3);
        assert_int_equal(parts[k]->total_runs, whole->total_runs);
        sum += parts[k]->n_runs;
        accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
        char *text = NULL;
        assert_int_equal(accord_tournament_render(parts[k], &ro, &text), ACCORD_OK);
        accord_diagnostics diag = {0};
        assert_int_equal(accord_tournament_parse("part.json", text, strlen(text), &read[k], &diag), ACCORD_OK);
        accord_diagnostics_clear(&diag);
        accord_free(text);
        assert_same_runs(parts[k], read[k]);
        assert_same_stats(parts[k], read[k]);
    }
    assert_int_equal(sum, whole->n_runs);
    /* merge in another order */
    const accord_tournament *order[3] = {parts[2], parts[0], parts[1]};
    accord_tournament *merged = NULL;
    assert_int_equal(accord_tournament_merge(order, 3, &merged, NULL), ACCORD_OK);
    assert_same_runs(whole, merged);
    assert_same_stats(whole, merged);
    assert_int_equal(merged->parts, 0);
    accord_tournament_free(merged);
    const accord_tournament *from_json[3] = {read[1], read[2], read[0]};
    assert_int_equal(accord_tournament_merge(from_json, 3, &merged, NULL), ACCORD_OK);
    assert_same_stats(whole, merged);
    /* the merged JSON equals the whole's byte for byte */
    accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
    char *a = NULL, *b = NULL;
    assert_int_equal(accord_tournament_render(whole, &ro, &a), ACCORD_OK);
    assert_int_equal(accord_tournament_render(merged, &ro, &b), ACCORD_OK);
    assert_string_equal(a, b);
    accord_free(a);
    accord_free(b);
    accord_tournament_free(merged);

    /* errors: a missing part, a repeated part, another tournament */
    accord_diagnostics diag = {0};
    const accord_tournament *missing[2] = {parts[0], parts[2]};
    assert_int_equal(accord_tournament_merge(missing, 2, &merged, &diag), ACCORD_E_ARG);
    assert_true(diag_find(&diag, "part 2 of 3 is missing") >= 0);
    accord_diagnostics_clear(&diag);
    const accord_tournament *twice[3] = {parts[0], parts[1], parts[1]};
    assert_int_equal(accord_tournament_merge(twice, 3, &merged, &diag), ACCORD_E_ARG);
    assert_true(diag_find(&diag, "given twice") >= 0);
    accord_diagnostics_clear(&diag);
    accord_tournament *other = play(w, 1, 2, 3);
    const accord_tournament *mixed[3] = {parts[0], other, parts[2]};
    assert_int_equal(accord_tournament_merge(mixed, 3, &merged, &diag), ACCORD_E_ARG);
    assert_true(diag_find(&diag, "differs from the first") >= 0);
    accord_diagnostics_clear(&diag);
    accord_tournament_free(other);
    for (int k = 0; k < 3; k++) {
        accord_tournament_free(parts[k]);
        accord_tournament_free(read[k]);
    }
    accord_tournament_free(whole);
}

static void test_bad_input(void **state)
{
    world *w = *state;
    accord_diagnostics diag = {0};
    accord_tournament *t = NULL;
    accord_tournament_options o = {.part = 4, .parts = 3};
    assert_int_equal(accord_tournament_play((const accord_model *const *)w->models, 1, w->agents, 2, &o, &t, &diag),
                     ACCORD_E_ARG);
    assert_null(t);
    accord_diagnostics_clear(&diag);
    assert_int_equal(accord_tournament_play((const accord_model *const *)w->models, 1, w->agents, 0, NULL, &t, &diag),
                     ACCORD_E_ARG);
    accord_diagnostics_clear(&diag);
    /* a tournament too large is refused before it starts */
    accord_agent many[200];
    for (int k = 0; k < 200; k++)
        accord_agent_parse("random", &many[k], NULL);
    o = (accord_tournament_options){.repeat = 1000};
    assert_int_equal(accord_tournament_play((const accord_model *const *)w->models + 2, 1, many, 200, &o, &t, &diag),
                     ACCORD_E_LIMIT);
    assert_true(diag_find(&diag, "more than") >= 0);
    accord_diagnostics_clear(&diag);
    /* not a tournament */
    static const char *bad[] = {"{", "[]", "{\"tournament\": 1}", "{\"tournament\": 1, \"scenarios\": []}"};
    for (size_t k = 0; k < 4; k++) {
        accord_status rc = accord_tournament_parse("x.json", bad[k], strlen(bad[k]), &t, &diag);
        assert_true(rc == ACCORD_E_PARSE || rc == ACCORD_E_INVALID);
        assert_null(t);
        assert_true(diag.errors >= 1);
        accord_diagnostics_clear(&diag);
    }
}

/* ---- out of memory in rendering and reading ---- */

static void test_out_of_memory(void **state)
{
    world *w = *state;
    accord_tournament_options o = {.rounds = 20, .repeat = 2};
    accord_tournament *t = NULL;
    /* a small one: the loop below is quadratic in its allocations */
    assert_int_equal(accord_tournament_play((const accord_model *const *)w->models, 1, w->agents + 2, 2, &o, &t, NULL),
                     ACCORD_OK);
    accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
    char *json = NULL;
    assert_int_equal(accord_tournament_render(t, &ro, &json), ACCORD_OK);
    bool succeeded = false;
    for (long k = 0; k < 100000 && !succeeded; k++) {
        test_alloc_fail_at(k);
        char *text = NULL;
        accord_tournament *back = NULL;
        accord_status rc = accord_tournament_render(t, &ro, &text);
        if (!rc)
            rc = accord_tournament_parse("t.json", json, strlen(json), &back, NULL);
        if (!rc) {
            const accord_tournament *one[1] = {back};
            accord_tournament *merged = NULL;
            rc = accord_tournament_merge(one, 1, &merged, NULL);
            accord_tournament_free(merged);
        }
        if (!rc) {
            char *csv = NULL;
            rc = accord_tournament_csv(back, &csv);
            accord_free(csv);
        }
        accord_free(text);
        accord_tournament_free(back);
        if (rc)
            assert_int_equal(rc, ACCORD_E_NOMEM);
        else
            succeeded = !test_alloc_failed();
    }
    test_alloc_restore();
    assert_true(succeeded);
    accord_free(json);
    accord_tournament_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tournament_table),
        cmocka_unit_test(test_thread_count),
        cmocka_unit_test(test_parts_merge),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
