/* test_frontier_progress.c - the frontier reports its progress after every
 * issue, through the caller's callback (the library never prints). */
#include "support.h"

#include <stdio.h>
#include <string.h>

typedef struct calls {
    size_t n, last_done, total, bad;
    char what[64];
} calls;

static void record(void *ctx, const char *what, size_t done, size_t total, size_t points)
{
    calls *c = ctx;
    if (strcmp(what, c->what) != 0) { /* a new phase starts at issue 1 */
        snprintf(c->what, sizeof c->what, "%s", what);
        c->last_done = 0;
    }
    if (done != c->last_done + 1 || points == 0)
        c->bad++;
    c->last_done = done;
    c->total = total;
    c->n++;
}

/* Compute with the callback; check the calls; the same frontiers without it. */
static calls run(const accord_model *m)
{
    calls c = {0};
    accord_frontier_options fo = {.progress = record, .progress_ctx = &c};
    accord_frontier *f = NULL, *g = NULL;
    assert_int_equal(accord_frontier_compute(m, &fo, &f, NULL), ACCORD_OK);
    assert_int_equal(c.bad, 0);
    assert_int_equal(c.total, m->agreement->n_issues);
    assert_int_equal(accord_frontier_compute(m, NULL, &g, NULL), ACCORD_OK);
    assert_int_equal(g->n_points, f->n_points);
    assert_int_equal(g->n_rational, f->n_rational);
    accord_frontier_free(g);
    accord_frontier_free(f);
    return c;
}

static void test_progress_per_issue(void **state)
{
    (void)state;
    /* no red lines: the rational frontier is read off the frontier, one phase */
    accord_model *m = load_fixture("EnglandvsZimbabweB");
    calls c = run(m);
    assert_int_equal(c.n, m->agreement->n_issues);
    assert_string_equal(c.what, "frontier");
    accord_model_free(m);

    /* a red line across issues: the frontier of all outcomes, then the rational one */
    m = load_yaml_string("accord: 1\n"
                         "parties: [A, B]\n"
                         "agreement:\n"
                         "  issues:\n"
                         "    - {id: x, options: [a, b, c]}\n"
                         "    - {id: y, options: [p, q]}\n"
                         "    - {id: z, options: [r, s]}\n"
                         "  preferences:\n"
                         "    A: {weights: {x: 1, y: 1, z: 1}, values: {x: {a: 1, b: 0.5, c: 0}, y: {p: 1, q: 0}, z: {r: 1, s: 0}}}\n"
                         "    B: {weights: {x: 1, y: 1, z: 1}, values: {x: {a: 0, b: 0.6, c: 1}, y: {p: 0, q: 1}, z: {r: 0, s: 1}},\n"
                         "        red_lines: [\"x = a & y = p\"]}\n");
    c = run(m);
    assert_int_equal(c.n, 2 * m->agreement->n_issues);
    assert_string_equal(c.what, "rational frontier");
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_progress_per_issue)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
