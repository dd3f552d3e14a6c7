/* test_coalitions.c - coalition analysis of the Nash equilibria: Elmira, the
 * prisoner's dilemma, random conflicts against the plain definition. */
#include "conflict_brute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static accord_coalitions *compute(const accord_model *m, int threads)
{
    accord_stability_options so = {.threads = threads};
    accord_coalitions *c = NULL;
    assert_int_equal(accord_coalitions_compute(m, &so, &c, NULL), ACCORD_OK);
    assert_non_null(c);
    return c;
}

static void test_elmira(void **state)
{
    (void)state;
    accord_model *m = NULL;
    assert_int_equal(accord_model_load(source_path("tests/models/conflict/elmira.yaml"), NULL, &m, NULL),
                     ACCORD_OK);
    accord_coalitions *c = compute(m, 0);
    assert_int_equal(c->n_coalitions, 4);
    assert_int_equal(c->n_equilibria, 6);
    static const size_t nash[] = {4, 5, 6, 9, 10, 11}; /* 0-based: ids 5 6 7 10 11 12 */
    for (size_t e = 0; e < 6; e++)
        assert_int_equal(c->equilibria[e].state, nash[e]);
    /* book state 5 (here 7): MoE and UR together reach book state 8 (here
     * 10), better for both: MoE modifies the order, UR accepts it */
    const accord_coalition_entry *en = &c->equilibria[2];
    assert_int_equal(en->n_blocks, 1);
    assert_int_equal(en->blocks[0].members, 3); /* MoE + UR */
    assert_int_equal(en->blocks[0].target, 9);
    assert_int_equal(en->blocks[0].n_moves, 2);
    char *a = accord_move_describe(m, &en->blocks[0].path[0]);
    char *b = accord_move_describe(m, &en->blocks[0].path[1]);
    assert_string_equal(a, "MoE takes modify");
    assert_string_equal(b, "UR drops delay and takes accept");
    accord_free(a);
    accord_free(b);
    assert_int_equal(c->n_coalitional, 5);
    accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
    char *json = NULL;
    assert_int_equal(accord_coalitions_render(m, c, &ro, &json), ACCORD_OK);
    assert_non_null(strstr(json, "\"coalitional_nash\""));
    accord_free(json);
    accord_coalitions_free(c);
    accord_model_free(m);
}

static void test_prisoners_dilemma(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\n"
                                       "parties: [A, B]\n"
                                       "conflict:\n"
                                       "  options: {A: [defect], B: [defect]}\n"
                                       "  preferences:\n"
                                       "    A: {ranking: [\"Y N\", \"N N\", \"Y Y\", \"N Y\"]}\n"
                                       "    B: {ranking: [\"N Y\", \"N N\", \"Y Y\", \"Y N\"]}\n");
    accord_coalitions *c = compute(m, 1);
    /* mutual defection is the only Nash equilibrium; together the two
     * prisoners move to mutual cooperation */
    assert_int_equal(c->n_equilibria, 1);
    assert_int_equal(c->equilibria[0].state, 3);
    assert_int_equal(c->equilibria[0].n_blocks, 1);
    assert_int_equal(c->equilibria[0].blocks[0].target, 0);
    assert_int_equal(c->equilibria[0].blocks[0].n_moves, 2);
    assert_int_equal(c->n_coalitional, 0);
    accord_coalitions_free(c);
    accord_model_free(m);
}

static void check_against_brute(const accord_model *m, const accord_coalitions *c)
{
    brute b;
    brute_init(&b, m);
    bool *st = brute_stability(&b);
    bool *in = malloc(b.S * sizeof *in);
    uint32_t *dist = malloc(b.S * sizeof *dist);
    size_t e = 0;
    for (size_t s = 0; s < b.S; s++) {
        bool nash = true;
        for (size_t p = 0; p < b.P; p++)
            nash = nash && st[p * b.S + s];
        if (!nash)
            continue;
        assert_true(e < c->n_equilibria);
        const accord_coalition_entry *en = &c->equilibria[e++];
        assert_int_equal(en->state, s);
        size_t blk = 0;
        for (uint64_t H = 0; H < ((uint64_t)1 << b.P); H++) {
            if (__builtin_popcountll(H) < 2)
                continue;
            brute_reach(&b, H, false, s, in, dist);
            uint32_t best = UINT32_MAX;
            size_t target = SIZE_MAX;
            for (size_t t = 0; t < b.S; t++) {
                bool all = in[t];
                for (size_t k = 0; k < b.P && all; k++)
                    if ((H >> k) & 1 && brute_level(&b, k, t) <= brute_level(&b, k, s))
                        all = false;
                if (all && dist[t] < best) {
                    best = dist[t];
                    target = t;
                }
            }
            if (target == SIZE_MAX)
                continue; /* H does not block s */
            assert_true(blk < en->n_blocks);
            const accord_coalition_block *bl = &en->blocks[blk++];
            assert_int_equal(bl->members, H);
            assert_int_equal(bl->target, target);
            assert_int_equal(bl->n_moves, best);
            assert_true(brute_path_ok(&b, bl->path, bl->n_moves, s, H, false));
            assert_int_equal(bl->path[bl->n_moves - 1].to, target);
        }
        assert_int_equal(blk, en->n_blocks);
    }
    assert_int_equal(e, c->n_equilibria);
    free(in);
    free(dist);
    free(st);
    brute_free(&b);
}

static void test_random_against_definition(void **state)
{
    (void)state;
    test_rng r = {7};
    int checked = 0;
    for (int round = 0; round < 300 && checked < 100; round++) {
        char *yaml = brute_random_yaml(&r, 4, 7);
        accord_model *m = brute_try_load(yaml);
        free(yaml);
        if (!m)
            continue;
        accord_coalitions *c = compute(m, 1 + round % 2);
        check_against_brute(m, c);
        accord_coalitions_free(c);
        accord_model_free(m);
        checked++;
    }
    assert_true(checked >= 80);
}

static void test_limits(void **state)
{
    (void)state;
    char yaml[2048];
    size_t len = (size_t)snprintf(yaml, sizeof yaml, "accord: 1\nparties: [");
    for (int p = 0; p < 17; p++)
        len += (size_t)snprintf(yaml + len, sizeof yaml - len, "%sP%d", p ? ", " : "", p);
    snprintf(yaml + len, sizeof yaml - len,
             "]\nconflict:\n  options: {P0: [x]}\n  preferences:\n    P0: {priorities: [P0.x]}\n");
    accord_model *m = load_yaml_string(yaml);
    accord_diagnostics diag = {0};
    accord_coalitions *c = NULL;
    assert_int_equal(accord_coalitions_compute(m, NULL, &c, &diag), ACCORD_E_LIMIT);
    assert_null(c);
    assert_true(diag_find(&diag, "at most 16 parties") >= 0);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
    assert_int_equal(accord_coalitions_compute(NULL, NULL, &c, NULL), ACCORD_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elmira),
        cmocka_unit_test(test_prisoners_dilemma),
        cmocka_unit_test(test_random_against_definition),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
