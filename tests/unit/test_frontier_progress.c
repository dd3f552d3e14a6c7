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

static void test_progress_per_issue(void **state)
{
    (void)state;
    accord_model *m = load_fixture("EnglandvsZimbabweB"); /* reservation 0.25: two phases */
    calls c = {0};
    accord_frontier_options fo = {.progress = record, .progress_ctx = &c};
    accord_frontier *f = NULL;
    assert_int_equal(accord_frontier_compute(m, &fo, &f, NULL), ACCORD_OK);
    size_t ni = m->agreement->n_issues;
    assert_int_equal(c.bad, 0);
    assert_int_equal(c.total, ni);
    /* the frontier of all outcomes, then the rational one */
    assert_int_equal(c.n, 2 * ni);
    assert_string_equal(c.what, "rational frontier");
    /* no callback: the same frontiers */
    accord_frontier *g = NULL;
    assert_int_equal(accord_frontier_compute(m, NULL, &g, NULL), ACCORD_OK);
    assert_int_equal(g->n_points, f->n_points);
    assert_int_equal(g->n_rational, f->n_rational);
    accord_frontier_free(g);
    accord_frontier_free(f);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_progress_per_issue)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
