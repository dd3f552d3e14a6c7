/* test_relax.c - the smallest sets of red lines whose removal opens the zone
 * of agreement, checked against brute force on seeded random models. */
#include "random_model.h"

#include <string.h>

/* Is some outcome rational when the red lines in `dropped` (global numbers,
 * party by party) are ignored? */
static bool opens(const accord_model *m, const bool *dropped)
{
    uint32_t t[16] = {0};
    do {
        bool all = true;
        size_t g = 0;
        for (size_t p = 0; p < m->n_parties && all; p++) {
            const accord_preference *pr = &m->agreement->preferences[p];
            if (accord_utility(m, p, t) < m->agreement->table.reservation[p])
                all = false;
            for (size_t r = 0; r < pr->n_red_lines; r++, g++)
                if (all && !dropped[g] && accord_expr_eval_outcome(pr->red_lines[r].expr, t))
                    all = false;
        }
        if (all)
            return true;
    } while (next_outcome(m, t));
    return false;
}

static void test_relaxations_minimal(void **state)
{
    (void)state;
    test_rng rng = {99};
    int empty = 0, opened = 0;
    for (int trial = 0; trial < 400; trial++) {
        char yaml[16384];
        int np = 2 + (int)rng_below(&rng, 2), ni = 2 + (int)rng_below(&rng, 3);
        random_model_yaml_red(&rng, np, ni, 0.0, 0.4, 0, 3, yaml, sizeof yaml);
        accord_model *m = load_yaml_string(yaml);
        size_t R = 0;
        for (size_t p = 0; p < m->n_parties; p++)
            R += m->agreement->preferences[p].n_red_lines;
        accord_relaxations *r = NULL;
        assert_int_equal(accord_relaxations_compute(m, &(accord_relaxations_options){.max_size = 3, .max_sets = 50}, &r, NULL), ACCORD_OK);
        bool none[64] = {0};
        bool zopa = opens(m, none);
        assert_int_equal(r->zopa_empty, !zopa);
        if (!zopa) {
            empty++;
            /* brute force over subsets by size */
            size_t best = 0, count = 0;
            for (size_t k = 1; k <= 3 && k <= R && !best; k++)
                for (uint32_t mask = 0; mask < (1u << R); mask++) {
                    if ((size_t)__builtin_popcount(mask) != k)
                        continue;
                    bool d[64] = {0};
                    for (size_t g = 0; g < R; g++)
                        d[g] = (mask >> g) & 1;
                    if (opens(m, d)) {
                        best = k;
                        count++;
                    }
                }
            assert_int_equal(r->size, best);
            assert_int_equal(r->n_sets, count);
            if (best) {
                opened++;
                /* each witness is rational once its set is dropped */
                for (size_t s = 0; s < r->n_sets; s++)
                    for (size_t p = 0; p < m->n_parties; p++)
                        assert_true(accord_utility(m, p, r->sets[s].witness) >=
                                    m->agreement->table.reservation[p]);
            }
            bool all_dropped[64];
            for (size_t g = 0; g < 64; g++)
                all_dropped[g] = true;
            assert_int_equal(r->reservations_block, !opens(m, all_dropped));
        }
        accord_relaxations_free(r);
        accord_model_free(m);
    }
    assert_true(empty > 20);
    assert_true(opened > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_relaxations_minimal)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
