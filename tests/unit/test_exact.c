/* test_exact.c - the fractions of model numbers and exact ties (exact.h). */
#include "support.h"

#include "agreement/agreement.h"
#include "core/bignum.h"
#include "model/model.h"

#include <math.h>
#include <string.h>

static void check_q(const char *text, int64_t num, int64_t den)
{
    accord_rational q = acc__rational_parse(text);
    if (q.num != num || q.den != den)
        fail_msg("%s: got %lld/%lld, want %lld/%lld", text, (long long)q.num, (long long)q.den,
                 (long long)num, (long long)den);
}

static void test_parse(void **state)
{
    (void)state;
    check_q("0", 0, 1);
    check_q("-0.0", 0, 1);
    check_q("0.25", 1, 4);
    check_q("+1.50", 3, 2);
    check_q("-3", -3, 1);
    check_q("1e3", 1000, 1);
    check_q("2.5E-2", 1, 40);
    check_q(".5", 1, 2);
    check_q("5.", 5, 1);
    check_q("0.4626635100680855", 925327020136171, 2000000000000000);
    check_q("0.08902488981317828", 2225622245329457, 25000000000000000);
    check_q("2/3", 2, 3);
    check_q("10/4", 5, 2);
    check_q("-1/3", -1, 3);
    /* not numbers, or not representable: no fraction */
    check_q("", 0, 0);
    check_q("abc", 0, 0);
    check_q("1/0", 0, 0);
    check_q("1.5/2", 0, 0);
    check_q("1/-2", 0, 0);
    check_q("0.1234567890123456789", 0, 0); /* 19 significant digits */
    check_q("1e30", 0, 0);
    check_q("nan", 0, 0);
    /* shortest decimals of doubles */
    accord_rational q = acc__rational_from_double(0.1);
    assert_true(q.num == 1 && q.den == 10);
    q = acc__rational_from_double(1.0 / 3);
    assert_true(q.num == 3333333333333333 && q.den == 10000000000000000);
    /* arithmetic */
    q = acc__rational_mid(acc__rational_parse("0.1"), acc__rational_parse("0.2"));
    assert_true(q.num == 3 && q.den == 20);
    q = acc__rational_add(acc__rational_parse("0.1"), acc__rational_parse("0.2"));
    assert_int_equal(acc__rational_cmp(q, acc__rational_parse("0.3")), 0);
    assert_int_equal(acc__rational_floor((accord_rational){-7, 2}), -4);
    assert_int_equal(acc__rational_floor((accord_rational){7, 2}), 3);
}

static void test_bignum(void **state)
{
    (void)state;
    acc__big a, b;
    acc__big_set(&a, 1);
    acc__big_set(&b, 1);
    /* (2^100 + 1) * 3 against 3 * 2^100 + 3, built in two ways */
    acc__big_i128 x = ((acc__big_i128)1 << 100) + 1;
    assert_true(acc__big_mul(&a, x) && acc__big_mul(&a, 3) && acc__big_mul(&a, x));
    assert_true(acc__big_mul(&b, x) && acc__big_mul(&b, x) && acc__big_mul(&b, 3));
    assert_int_equal(acc__big_cmp(&a, &b), 0);
    acc__big one;
    acc__big_set(&one, 1);
    assert_true(acc__big_add(&b, &one));
    assert_int_equal(acc__big_cmp(&a, &b), -1);
    acc__big_set(&one, -2);
    assert_true(acc__big_add(&b, &one));
    assert_int_equal(acc__big_cmp(&a, &b), 1);
    acc__big_set(&a, -5);
    acc__big_set(&b, 4);
    assert_int_equal(acc__big_cmp(&a, &b), -1);
    assert_true(acc__big_add(&a, &b)); /* -1 */
    acc__big_set(&b, -1);
    assert_int_equal(acc__big_cmp(&a, &b), 0);
}

/*
 * 0.1 + 0.2 and 0.3 are the same fraction but not the same double sum: A
 * gets 3/10 from (x, y) = (p1, q1) and from (p2, q2); B prefers (p1, q1).  The
 * second outcome is dominated, and the tie for A is a tie.
 */
static const char *TIE =
    "accord: 1\n"
    "parties: [{id: A}, {id: B}]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [p1, p2]}\n"
    "    - {id: y, options: [q1, q2]}\n"
    "  preferences:\n"
    "    A:\n"
    "      normalize: false\n"
    "      reservation: 0.3\n"
    "      weights: {x: 1, y: 1}\n"
    "      values: {x: {p1: 0.1, p2: 0.3}, y: {q1: 0.2, q2: 0}}\n"
    "    B:\n"
    "      normalize: false\n"
    "      weights: {x: 1, y: 1}\n"
    "      values: {x: {p1: 0.5, p2: 0.4}, y: {q1: 0.5, q2: 0.4}}\n";

static void test_exact_tie(void **state)
{
    (void)state;
    assert_true(0.1 + 0.2 != 0.3); /* the premise */
    accord_model *m = load_yaml_string(TIE);
    uint32_t a[] = {0, 0}, b[] = {1, 1}, c[] = {1, 0};
    assert_true(accord_utility(m, 0, a) == 0.3);
    assert_true(accord_utility(m, 0, b) == accord_utility(m, 0, a));
    /* exactly at the reservation: acceptable */
    assert_true(accord_acceptable(m, 0, a));
    assert_true(accord_acceptable(m, 0, b));
    accord_frontier *f = NULL;
    assert_int_equal(accord_frontier_compute(m, NULL, &f, NULL), ACCORD_OK);
    /* (1, 0): A 0.5, B 0.9 and (0, 0): A 0.3, B 1; (1, 1) is dominated by (0, 0) */
    assert_int_equal(f->n_points, 2);
    assert_memory_equal(point_terms(f, &f->points[0]), c, sizeof c);
    assert_memory_equal(point_terms(f, &f->points[1]), a, sizeof a);
    /* rational: A at 0.3 exactly twice, 0.5 once; 0.1 is below */
    assert_true(f->zopa_size == 3);
    assert_int_equal(f->n_rational, 2);
    accord_frontier_free(f);
    /* the same with the brute force */
    assert_int_equal(acc__frontier_bruteforce(m, NULL, 1e6, &f), ACCORD_OK);
    assert_int_equal(f->n_points, 2);
    assert_true(f->zopa_size == 3);
    accord_frontier_free(f);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_bignum),
        cmocka_unit_test(test_exact_tie),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
