/* test_evaluate.c - evaluation of proposals: utilities, verdicts, red lines
 * and the provisions that cost each party most. */
#include "support.h"

#include <math.h>
#include <string.h>

static const char *MODEL =
    "accord: 1\n"
    "parties: [A, B]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [a, b, c]}\n"
    "    - {id: y, options: [d, e]}\n"
    "  proposals:\n"
    "    - {id: p, terms: {x: b, y: d}}\n"
    "    - {id: q, terms: {x: c, y: e}}\n"
    "  preferences:\n"
    "    A:\n"
    "      reservation: 0.5\n"
    "      weights: {x: 3, y: 1}\n"
    "      values: {x: {a: 1, b: 0.6, c: 0}, y: {d: 0, e: 1}}\n"
    "    B:\n"
    "      reservation: 0.1\n"
    "      weights: {x: 1, y: 1}\n"
    "      values: {x: {a: 0, b: 0.5, c: 1}, y: {d: 0.5, e: 1}}\n"
    "      red_lines: [\"x = a\", \"y = e & x = c\"]\n";

static void test_verdicts_and_costs(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_evaluation *e = NULL;
    assert_int_equal(accord_evaluation_compute(m, NULL, &e, NULL), ACCORD_OK);
    assert_int_equal(e->n_proposals, 2);
    /* p = (b, d): A = 0.75*0.6 + 0 = 0.45 < 0.5; B = 0.25 + 0.25 = 0.5 */
    const accord_proposal_evaluation *p = &e->proposals[0];
    assert_false(p->rational);
    assert_int_equal(p->n_accepting, 1);
    assert_true(fabs(p->parties[0].utility - 0.45) < 1e-12);
    assert_int_equal(p->parties[0].verdict, ACCORD_VERDICT_BELOW_RESERVATION);
    assert_true(p->parties[1].acceptable);
    /* A's costs: x (b instead of a): 0.75*0.4 = 0.3; y (d instead of e): 0.25 */
    assert_int_equal(p->parties[0].n_costs, 2);
    assert_int_equal(p->parties[0].costs[0].issue, 0);
    assert_true(fabs(p->parties[0].costs[0].loss - 0.3) < 1e-12);
    assert_int_equal(p->parties[0].costs[0].best, 0);
    assert_int_equal(p->parties[0].costs[1].issue, 1);
    assert_true(fabs(p->parties[0].costs[1].loss - 0.25) < 1e-12);
    assert_true(fabs(p->parties[0].contribution[0] - 0.45) < 1e-12);
    /* q = (c, e): B breaks its second red line although its utility is 1 */
    const accord_proposal_evaluation *q = &e->proposals[1];
    assert_true(fabs(q->parties[1].utility - 1.0) < 1e-12);
    assert_int_equal(q->parties[1].verdict, ACCORD_VERDICT_RED_LINE);
    assert_int_equal(q->parties[1].n_broken, 1);
    assert_int_equal(q->parties[1].broken[0], 1);
    assert_int_equal(q->parties[1].n_costs, 0); /* B's best everywhere */
    /* JSON carries the fixed fields */
    accord_render_options jo = {.format = ACCORD_FORMAT_JSON};
    char *text = NULL;
    assert_int_equal(accord_evaluation_render(m, e, &jo, &text), ACCORD_OK);
    assert_non_null(strstr(text, "\"red_lines\": [\n            \"y = e & x = c\"\n          ]"));
    assert_non_null(strstr(text, "\"acceptable\": false"));
    assert_non_null(strstr(text, "\"verdict\": \"below_reservation\""));
    accord_free(text);
    accord_evaluation_free(e);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_verdicts_and_costs)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
