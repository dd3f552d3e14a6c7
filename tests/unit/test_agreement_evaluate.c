/* test_agreement_evaluate.c - accord_evaluate on a model worked out by hand:
 * utilities, verdicts, the red lines broken as written, contributions and
 * the costs of each provision, and both renderings. */
#include "support.h"

#include <math.h>
#include <string.h>

/* u_A = (x + y) / 2, x: a=1 b=0.5 c=0, y: p=1 q=0 (weights 1 and 1)
 * u_B = (3x + y) / 4, x: a=0 b=0.6 c=1, y: p=0 q=1 */
static const char *MODEL =
    "accord: 1\n"
    "parties: [{id: A, name: Alpha}, {id: B, name: Beta}]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, name: Border, options: [a, {id: b, label: Middle line}, c]}\n"
    "    - {id: y, options: [p, q]}\n"
    "  proposals:\n"
    "    - {id: one, name: First, terms: {x: b, y: p}}\n"
    "    - {id: two, terms: {x: a, y: q}}\n"
    "    - {id: three, terms: {x: c, y: q}}\n"
    "  preferences:\n"
    "    A:\n"
    "      reservation: 0.4\n"
    "      weights: {x: 1, y: 1}\n"
    "      values: {x: {a: 1, b: 0.5, c: 0}, y: {p: 1, q: 0}}\n"
    "      red_lines: [\"x = c\", \"x = c & y = q\", \"y = p & x = a\"]\n"
    "    B:\n"
    "      reservation: 0.4\n"
    "      weights: {x: 3, y: 1}\n"
    "      values: {x: {a: 0, b: 0.6, c: 1}, y: {p: 0, q: 1}}\n";

static void test_values(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_evaluation *e = NULL;
    assert_int_equal(accord_evaluation_compute(m, NULL, &e, NULL), ACCORD_OK);
    assert_int_equal(e->n_proposals, 3);
    assert_int_equal(e->n_parties, 2);

    /* one = (b, p): A 0.75 accepts; B 0.45 accepts */
    const accord_proposal_evaluation *pe = &e->proposals[0];
    assert_true(pe->rational);
    assert_int_equal(pe->n_accepting, 2);
    const accord_party_verdict *a = &pe->parties[0], *b = &pe->parties[1];
    assert_true(fabs(a->utility - 0.75) < 1e-12);
    assert_true(fabs(b->utility - 0.45) < 1e-12);
    assert_int_equal(a->verdict, ACCORD_VERDICT_ACCEPTABLE);
    assert_true(fabs(a->contribution[0] - 0.25) < 1e-12);
    assert_true(fabs(a->contribution[1] - 0.5) < 1e-12);
    /* A loses 0.25 on x (b instead of a), nothing on y */
    assert_int_equal(a->n_costs, 1);
    assert_int_equal(a->costs[0].issue, 0);
    assert_int_equal(a->costs[0].best, 0);
    assert_true(fabs(a->costs[0].loss - 0.25) < 1e-12);
    /* B loses 0.3 on x (b, not c) and 0.25 on y (p, not q): largest first */
    assert_int_equal(b->n_costs, 2);
    assert_int_equal(b->costs[0].issue, 0);
    assert_true(fabs(b->costs[0].loss - 0.3) < 1e-12);
    assert_int_equal(b->costs[1].issue, 1);
    assert_true(fabs(b->costs[1].loss - 0.25) < 1e-12);

    /* two = (a, q): A 0.5 accepts, B 0.25 below its reservation */
    pe = &e->proposals[1];
    assert_false(pe->rational);
    assert_int_equal(pe->n_accepting, 1);
    assert_int_equal(pe->parties[1].verdict, ACCORD_VERDICT_BELOW_RESERVATION);
    assert_true(fabs(pe->parties[1].utility - 0.25) < 1e-12);

    /* three = (c, q): A breaks two red lines (a red line wins over the
     * reservation), B 1.0 accepts */
    pe = &e->proposals[2];
    a = &pe->parties[0];
    assert_int_equal(a->verdict, ACCORD_VERDICT_RED_LINE);
    assert_false(a->acceptable);
    assert_int_equal(a->n_broken, 2);
    assert_int_equal(a->broken[0], 0);
    assert_int_equal(a->broken[1], 1);
    assert_true(fabs(pe->parties[1].utility - 1) < 1e-12);

    char *text = NULL;
    accord_render_options jo = {.format = ACCORD_FORMAT_JSON};
    assert_int_equal(accord_evaluation_render(m, e, &jo, &text), ACCORD_OK);
    assert_non_null(strstr(text, "\"proposals\""));
    assert_non_null(strstr(text, "\"id\": \"three\""));
    assert_non_null(strstr(text, "\"x = c & y = q\""));
    assert_non_null(strstr(text, "\"reservation\": 0.4"));
    assert_non_null(strstr(text, "\"acceptable\": false"));
    accord_free(text);
    accord_render_options to = {.format = ACCORD_FORMAT_TEXT};
    assert_int_equal(accord_evaluation_render(m, e, &to, &text), ACCORD_OK);
    assert_non_null(strstr(text, "Alpha"));
    assert_non_null(strstr(text, "Middle line")); /* labels, not only ids */
    assert_non_null(strstr(text, "x = c & y = q"));
    accord_free(text);
    accord_evaluation_free(e);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
