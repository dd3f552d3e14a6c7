/* test_genius.c - GENIUS folders load with GENIUS semantics, and import round-trips. */
#include "support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_laptop(void **state)
{
    (void)state;
    accord_model *m = load_fixture("Laptop");
    assert_true(m->from_genius);
    assert_int_equal(m->n_parties, 2);
    assert_string_equal(m->parties[0].id, "Laptop-C-prof1"); /* sorted file names, stems */
    assert_string_equal(m->parties[1].id, "Laptop-C-prof2");
    const accord_agreement *ag = m->agreement;
    assert_int_equal(ag->n_issues, 3);
    assert_string_equal(ag->issues[0].id, "Laptop");
    assert_string_equal(ag->issues[2].id, "External Monitor");
    assert_int_equal(ag->issues[1].n_options, 3);
    assert_string_equal(ag->issues[1].options[0].id, "60 Gb");
    assert_string_equal(ag->issues[2].options[0].id, "19'' LCD");
    assert_true(ag->outcomes == 27);
    assert_false(ag->preferences[0].normalize);
    /* (HP, 60 Gb, 19'') is every issue's best for prof1: the weights sum to
       1.0000518, so the utility is capped at 1 */
    uint32_t best[] = {2, 0, 0};
    assert_true(accord_utility(m, 0, best) == 1.0);
    /* (Dell, 120 Gb, 20''): 0.4452*12/30 + 0.3781*9/30 + 0.1768*10/30 */
    uint32_t t[] = {0, 2, 1};
    double want = 0.4452125771655631 * 0.4 + 0.37808251708013424 * 0.3 + 0.1767567099260568 * (10.0 / 30);
    assert_true(fabs(accord_utility(m, 0, t) - want) < 1e-12);
    /* prof2: Monitor evaluations 3,2,1 -> divided by 3 */
    want = 0.37808251708013424 * 0.4 + 0.1767567099260568 * 0.3 + 0.4452125771655631 * (2.0 / 3);
    assert_true(fabs(accord_utility(m, 1, t) - want) < 1e-12);
    accord_model_free(m);
}

static void test_integer_domain(void **state)
{
    (void)state;
    accord_model *m = load_fixture("IntegerDomain");
    const accord_agreement *ag = m->agreement;
    assert_int_equal(ag->issues[0].kind, ACCORD_ISSUE_INTEGER);
    assert_int_equal(ag->issues[0].min, -5);
    assert_int_equal(ag->issues[0].max, 5);
    assert_int_equal(ag->issues[0].n_options, 11);
    /* GENIUS's EvaluatorInteger: clamp(offset + slope * (x - lowerbound), 0, 1),
     * the line starting at the lower bound -5.
     * prof1: 0.75 * clamp(0.3 + 0.08 (x + 5)) + 0.25 * clamp(0.1 (y + 5)) */
    for (int x = -5; x <= 5; x++)
        for (int y = -5; y <= 5; y++) {
            uint32_t t[] = {(uint32_t)(x + 5), (uint32_t)(y + 5)};
            double a = 0.3 + 0.08 * (x + 5), b = 0.1 * (y + 5);
            a = a < 0 ? 0 : a > 1 ? 1 : a;
            b = b < 0 ? 0 : b > 1 ? 1 : b;
            assert_true(fabs(accord_utility(m, 0, t) - (0.75 * a + 0.25 * b)) < 1e-12);
        }
    /* worked by hand, exactly (the doubles of the fractions) */
    struct {
        int x, y;
        double u0, u1;
    } hand[] = {
        {-5, -5, 0.225, 0},         /* 0.75*0.3 + 0;  0 */
        {0, 0, 0.65, 0.5},          /* 0.75*0.7 + 0.25*0.5;  0.25*0.5 + 0.75*0.5 */
        {3, -4, 0.73, 0.275},       /* 0.75*0.94 + 0.25*0.1;  0.25*0.8 + 0.75*0.1 */
        {4, 5, 1, 0.975},           /* 0.75*min(1, 1.02) + 0.25;  0.25*0.9 + 0.75 */
        {5, 5, 1, 1},
    };
    for (size_t k = 0; k < sizeof hand / sizeof hand[0]; k++) {
        uint32_t t[] = {(uint32_t)(hand[k].x + 5), (uint32_t)(hand[k].y + 5)};
        assert_true(accord_utility(m, 0, t) == hand[k].u0);
        assert_true(accord_utility(m, 1, t) == hand[k].u1);
    }
    accord_model_free(m);
    /* SmartEnergyGrid3P, util1: Energy Price 10..50, slope 0.025, offset 0:
     * 0 at 10, 0.5 at 30, 1 at 50 (not 0.25 at 10 as a line from 0 gives) */
    m = load_fixture("SmartEnergyGrid3P");
    uint32_t lo[] = {0, 3, 0}, mid[] = {20, 0, 3}, hi[] = {40, 0, 3};
    /* (10, Night, Wind): 0 + 0.4483116001187363 * 2/5 + 0.08902488981317828 * 1/5
     * = 770037570352071/3906250000000000 = 0.19712961801013017... */
    assert_true(fabs(accord_utility(m, 0, lo) - 0.19712961801013018) < 1e-16);
    /* (30, Morning, Coal): 0.4626635100680855 / 2 + 0.4483116001187363 + 0.08902488981317828
     * = 0.76866824496595733 exactly */
    assert_true(fabs(accord_utility(m, 0, mid) - 0.76866824496595733) < 1e-16);
    /* (50, Morning, Coal): all three at their best, the weights' sum
     * 1.00000000000000008 capped to 1 */
    assert_true(accord_utility(m, 0, hi) == 1);
    accord_model_free(m);
}

/* GENIUS's EvaluatorReal on a real issue enumerated at 21 (or N) points,
 * values worked out by hand from tests/fixtures/genius-own/RealDomain. */
static void test_real_issue(void **state)
{
    (void)state;
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    const char *dir = source_path("tests/fixtures/genius-own/RealDomain");
    assert_int_equal(accord_model_load(dir, NULL, &m, &diag), ACCORD_OK);
    const accord_agreement *ag = m->agreement;
    assert_int_equal(ag->issues[0].n_options, 21); /* 10, 10.5, ..., 20 */
    assert_string_equal(ag->issues[0].options[0].id, "10");
    assert_string_equal(ag->issues[0].options[1].id, "10.5");
    assert_string_equal(ag->issues[0].options[20].id, "20");
    /* parties in file-name order: buyer, seller */
    assert_string_equal(m->parties[0].id, "buyer");
    struct {
        uint32_t price, colour; /* option indices: price = 10 + price / 2 */
        double buyer, seller;
    } hand[] = {
        /* buyer: 0.7 clamp(2 - 0.1 x) + 0.3 {red 3/3, blue 1/3};
         * seller: 0.6 tri(12, top 18, 20) + 0.4 {red 1/2, blue 2/2} */
        {10, 1, 0.45, 0.7}, /* x 15: 0.35 + 0.1; 0.6*3/6 + 0.4 */
        {0, 0, 1.0, 0.2},   /* x 10: 0.7 + 0.3; 0 (below 12) + 0.2 */
        {16, 0, 0.44, 0.8}, /* x 18: 0.7*0.2 + 0.3; 0.6*1 + 0.2 */
        {18, 0, 0.37, 0.5}, /* x 19: 0.7*0.1 + 0.3; 0.6*(1 - 1/2) + 0.2 */
        {20, 1, 0.1, 0.4},  /* x 20: 0 + 0.1; 0 (at high) + 0.4 */
    };
    for (size_t k = 0; k < sizeof hand / sizeof hand[0]; k++) {
        uint32_t t[] = {hand[k].price, hand[k].colour};
        assert_true(fabs(accord_utility(m, 0, t) - hand[k].buyer) < 1e-15);
        assert_true(fabs(accord_utility(m, 1, t) - hand[k].seller) < 1e-15);
    }
    /* reservation 0.25 of the buyer, exactly */
    assert_true(ag->table.reservation[0] == 0.25);
    accord_model_free(m);
    /* --real-steps 3: 10, 15, 20 */
    accord_load_options opts = {.real_steps = 3};
    assert_int_equal(accord_model_load(dir, &opts, &m, &diag), ACCORD_OK);
    assert_int_equal(m->agreement->issues[0].n_options, 3);
    assert_string_equal(m->agreement->issues[0].options[1].id, "15");
    uint32_t t[] = {1, 1};
    assert_true(fabs(accord_utility(m, 0, t) - 0.45) < 1e-15);
    accord_model_free(m);
    accord_diagnostics_clear(&diag);
}

static void test_three_parties(void **state)
{
    (void)state;
    accord_model *m = load_fixture("SmartEnergyGrid3P");
    assert_int_equal(m->n_parties, 3);
    assert_int_equal(m->agreement->n_issues, 3);
    assert_true(m->agreement->outcomes == 41 * 4 * 6);
    accord_model_free(m);
    m = load_fixture("Dinner3P");
    assert_int_equal(m->n_parties, 3);
    assert_true(m->agreement->outcomes == 1200);
    accord_model_free(m);
}

static void test_every_fixture_loads(void **state)
{
    (void)state;
    const char *names[] = {"Amsterdam", "Camera", "Energy", "EnglandZimbabwe", "EnglandvsZimbabweB",
                           "Grocery", "ItexvsCypress", "Travel"};
    const double outcomes[] = {3024, 3600, 390625, 576, 576, 1600, 180, 188160};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        accord_model *m = load_fixture(names[i]);
        assert_int_equal(m->n_parties, 2);
        assert_true(m->agreement->outcomes == outcomes[i]);
        accord_model_free(m);
    }
    accord_model *m = load_fixture("EnglandvsZimbabweB");
    assert_true(fabs(m->agreement->preferences[0].reservation.value - 0.25) < 1e-12);
    accord_model_free(m);
}

/* GENIUS's NonlinearUtilitySpace: values worked out by hand from the
 * hyper-rectangles of the files (docs/genius.md). */
static void test_nonlinear(void **state)
{
    (void)state;
    accord_model *m = load_fixture("NonLinear10issues");
    /* issues in the domain's order (index 1..10), values 0..9 = option k */
    uint32_t zero[10] = {0}, nine[10] = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
    uint32_t best[10] = {5, 5, 8, 0, 0, 3, 0, 0, 5, 5}; /* pareto.xml's first point */
    /* all 0: profile-1 27+56+1+9+93 = 186 of 662; profile-2 530 of 885 */
    assert_true(accord_utility(m, 0, zero) == 186.0 / 662);
    assert_true(accord_utility(m, 1, zero) == 530.0 / 885);
    /* all 9: 13 of 662; 60+55+62+16 = 193 of 885 */
    assert_true(accord_utility(m, 0, nine) == 13.0 / 662);
    assert_true(accord_utility(m, 1, nine) == 193.0 / 885);
    assert_true(accord_utility(m, 0, best) == 449.0 / 662);
    assert_true(accord_utility(m, 1, best) == 1.0);
    /* 10^10 outcomes: the enumerating analyses refuse with the size */
    accord_diagnostics diag = {0};
    accord_frontier *f = NULL;
    assert_int_equal(accord_frontier_compute(m, NULL, &f, &diag), ACCORD_E_LIMIT);
    assert_true(diag_find(&diag, "non-linear") >= 0 && diag_find(&diag, "too many") >= 0);
    accord_diagnostics_clear(&diag);
    accord_repair_result *r = NULL;
    assert_int_equal(accord_repair_compute(m, &(accord_repair_options){.terms = zero}, &r, &diag), ACCORD_E_UNSUPPORTED);
    assert_true(diag_find(&diag, "needs utilities that are sums") >= 0);
    accord_diagnostics_clear(&diag);
    char *yaml = NULL;
    assert_int_equal(accord_model_to_yaml(m, &yaml, NULL), ACCORD_E_UNSUPPORTED);
    accord_model_free(m);

    /* a small space is enumerated */
    assert_int_equal(accord_model_load(source_path("tests/fixtures/genius-own/NonLinearSmall"), NULL, &m, &diag),
                     ACCORD_OK);
    uint32_t a[] = {3, 4, 4}, b[] = {3, 0, 1}, c[] = {0, 0, 0}; /* c is 1..5 */
    /* p1 (max 40): EXCLUDES c 2..4 gives 7.5 at c = 5, the bare rectangle
     * 2 * 1.5, the inner max ufun max(12 [a 3..4], 20 [b 4, c 5]) * 0.5 */
    assert_true(accord_utility(m, 0, a) == 20.5 / 40);
    /* (0, 0, 1): 0 (b not in 1..3) + 7.5 + 3 + max(0, 0) * 0.5 */
    assert_true(accord_utility(m, 0, c) == 10.5 / 40);
    /* p2 (max 30) at (3, 0, 2): 15 [a 3..4] + 9 [b outside 1..3] + 6 [c 2..4] */
    assert_true(accord_utility(m, 1, b) == 1.0);
    assert_int_equal(accord_frontier_compute(m, NULL, &f, &diag), ACCORD_OK);
    assert_int_equal(f->n_points, 2);
    assert_true(f->zopa_size == 62); /* as the exact-rational oracle enumerates */
    assert_memory_equal(point_terms(f, &f->points[0]), a, sizeof a);
    accord_frontier_free(f);
    accord_model_free(m);
    accord_diagnostics_clear(&diag);
}

/* Broken non-linear profiles: a message at the line, never a crash. */
static void test_nonlinear_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/accord-nl-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/domain.xml", dir);
    FILE *fp = fopen(path, "w");
    fputs("<negotiation_template><utility_space><objective index=\"0\" name=\"root\">\n"
          "<issue index=\"1\" name=\"a\" type=\"integer\" lowerbound=\"0\" upperbound=\"3\"/>\n"
          "<issue index=\"2\" name=\"d\" type=\"discrete\"><item index=\"1\" value=\"x\"/></issue>\n"
          "</objective></utility_space></negotiation_template>\n",
          fp);
    fclose(fp);
    static const char *const bodies[][2] = {
        {"<ufun weight=\"1\"><hyperRectangle utility=\"1\"/></ufun>", "needs an aggregation"},
        {"<ufun aggregation=\"sum\"><hyperRectangle utility=\"1\"><INCLUDES index=\"7\" min=\"0\" "
         "max=\"1\"/></hyperRectangle></ufun>",
         "issue index 7"},
        {"<ufun aggregation=\"sum\"><hyperRectangle utility=\"1\"><INCLUDES index=\"2\" min=\"0\" "
         "max=\"1\"/></hyperRectangle></ufun>",
         "not an integer issue"},
        {"<ufun aggregation=\"sum\"><hyperRectangle utility=\"1\"><INCLUDES index=\"1\" min=\"a\" "
         "max=\"1\"/></hyperRectangle></ufun>",
         "must be a whole number"},
        {"<ufun aggregation=\"sum\"><hyperRectangle/></ufun>", "needs a utility"},
    };
    for (size_t k = 0; k < sizeof bodies / sizeof bodies[0]; k++) {
        snprintf(path, sizeof path, "%s/p.xml", dir);
        fp = fopen(path, "w");
        fprintf(fp,
                "<utility_space type=\"nonlinear\"><objective index=\"0\" name=\"root\">\n"
                "<issue index=\"1\" name=\"a\" type=\"integer\" lowerbound=\"0\" upperbound=\"3\"/>\n"
                "<issue index=\"2\" name=\"d\" type=\"discrete\"/>\n"
                "<utility maxutility=\"10\">\n%s\n</utility></objective></utility_space>\n",
                bodies[k][0]);
        fclose(fp);
        accord_diagnostics diag = {0};
        accord_model *m = NULL;
        assert_int_equal(accord_model_load(dir, NULL, &m, &diag), ACCORD_E_INVALID);
        if (diag_find(&diag, bodies[k][1]) < 0)
            fail_msg("case %zu: no \"%s\" in the diagnostics", k, bodies[k][1]);
        assert_true(diag.items[0].line > 0);
        accord_diagnostics_clear(&diag);
    }
    snprintf(path, sizeof path, "%s/p.xml", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/domain.xml", dir);
    remove(path);
    rmdir(dir);
    /* a folder with no domain */
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    assert_int_equal(accord_model_load("/tmp", NULL, &m, &diag) != ACCORD_OK, 1);
    accord_diagnostics_clear(&diag);
}

/* An index beyond what GENIUS's Integer.parseInt reads (or not whole) is an
 * error at its place, not a conversion out of range (found by the fuzzer). */
static void test_index_out_of_range(void **state)
{
    (void)state;
    static const char *const indexes[] = {"16666666666666666666666666666", "1.5", "-3000000000"};
    for (size_t k = 0; k < sizeof indexes / sizeof indexes[0]; k++) {
        char dir[] = "/tmp/accord-ix-XXXXXX";
        assert_non_null(mkdtemp(dir));
        char path[256];
        snprintf(path, sizeof path, "%s/domain.xml", dir);
        FILE *fp = fopen(path, "w");
        fprintf(fp,
                "<negotiation_template><utility_space><objective index=\"0\" name=\"root\">\n"
                "<issue index=\"%s\" name=\"d\" type=\"discrete\"><item index=\"1\" value=\"x\"/></issue>\n"
                "</objective></utility_space></negotiation_template>\n",
                indexes[k]);
        fclose(fp);
        accord_diagnostics diag = {0};
        accord_model *m = NULL;
        assert_int_not_equal(accord_model_load(dir, NULL, &m, &diag), ACCORD_OK);
        assert_null(m);
        long at = diag_find(&diag, "must be a whole number below 2^31");
        if (at < 0)
            fail_msg("index %s: no message (first: %s)", indexes[k], diag.count ? diag.items[0].message : "none");
        assert_int_equal(diag.items[at].line, 2);
        accord_diagnostics_clear(&diag);
        remove(path);
        rmdir(dir);
    }
}

/* Enumerate every outcome, comparing the utilities of two models. */
static void assert_same_utilities(const accord_model *a, const accord_model *b)
{
    size_t ni = a->agreement->n_issues;
    assert_int_equal(ni, b->agreement->n_issues);
    assert_int_equal(a->n_parties, b->n_parties);
    uint32_t t[64] = {0};
    for (;;) {
        for (size_t p = 0; p < a->n_parties; p++)
            assert_true(accord_utility(a, p, t) == accord_utility(b, p, t));
        size_t i = ni;
        while (i > 0 && ++t[i - 1] == a->agreement->issues[i - 1].n_options)
            t[--i] = 0;
        if (i == 0)
            break;
    }
    for (size_t p = 0; p < a->n_parties; p++)
        assert_true(a->agreement->table.reservation[p] == b->agreement->table.reservation[p]);
}

static void roundtrip(const char *name)
{
    accord_model *m = load_fixture(name);
    char *yaml = NULL;
    size_t size = 0;
    assert_int_equal(accord_model_to_yaml(m, &yaml, &size), ACCORD_OK);
    assert_int_equal(strlen(yaml), size);
    accord_model *back = load_yaml_string(yaml);
    assert_same_utilities(m, back);
    /* every number carries the genius source: the provenance check passes */
    accord_unsourced *u = NULL;
    assert_int_equal(accord_provenance_check(back, &u), ACCORD_OK);
    assert_int_equal(u->count, 0);
    accord_unsourced_free(u);
    accord_free(yaml);
    accord_model_free(back);
    accord_model_free(m);
}

static void test_import_roundtrip(void **state)
{
    (void)state;
    roundtrip("Laptop");
    roundtrip("IntegerDomain");
    roundtrip("SmartEnergyGrid3P");
    roundtrip("ItexvsCypress");
    roundtrip("EnglandvsZimbabweB");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_laptop),           cmocka_unit_test(test_integer_domain),
        cmocka_unit_test(test_real_issue),
        cmocka_unit_test(test_three_parties),    cmocka_unit_test(test_every_fixture_loads),
        cmocka_unit_test(test_nonlinear), cmocka_unit_test(test_nonlinear_errors), cmocka_unit_test(test_import_roundtrip),
        cmocka_unit_test(test_index_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
