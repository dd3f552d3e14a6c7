/* test_negotiation.c - the stacked alternating offers protocol and the
 * time-dependent agents against docs/contract.md §4, checked by brute force over the
 * outcomes of the GENIUS fixtures. */
#include "support.h"

#include "negotiation/negotiation.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a brute-force reference, written from the spec alone ---- */

static int64_t grid(double u) { return (int64_t)nearbyint(u * 1073741824.0); }

static uint64_t outcome_count(const accord_model *m)
{
    uint64_t n = 1;
    for (size_t i = 0; i < m->agreement->n_issues; i++)
        n *= m->agreement->issues[i].n_options;
    return n;
}

static void decode(const accord_model *m, uint64_t idx, uint32_t *terms)
{
    const accord_agreement *ag = m->agreement;
    for (size_t i = ag->n_issues; i-- > 0;) {
        terms[i] = (uint32_t)(idx % ag->issues[i].n_options);
        idx /= ag->issues[i].n_options;
    }
}

/* Pmax, min u over the outcomes breaking none of p's red lines. */
static void extremes(const accord_model *m, size_t p, double *umax, double *umin)
{
    uint32_t terms[64];
    bool any = false;
    for (uint64_t k = 0; k < outcome_count(m); k++) {
        decode(m, k, terms);
        if (accord_red_line_broken(m, p, terms) >= 0)
            continue;
        double u = accord_utility(m, p, terms);
        if (!any || u > *umax)
            *umax = u;
        if (!any || u < *umin)
            *umin = u;
        any = true;
    }
    assert_true(any);
}

/* The allowed outcome with the smallest grid utility >= T (T clamped to the
 * best), ties to the smallest index. */
static uint64_t brute_find(const accord_model *m, size_t p, int64_t T, int64_t *g_out)
{
    double umax, umin;
    extremes(m, p, &umax, &umin);
    if (T > grid(umax))
        T = grid(umax);
    uint32_t terms[64];
    uint64_t best = UINT64_MAX;
    int64_t best_g = INT64_MAX;
    for (uint64_t k = 0; k < outcome_count(m); k++) {
        decode(m, k, terms);
        if (accord_red_line_broken(m, p, terms) >= 0)
            continue;
        int64_t g = grid(accord_utility(m, p, terms));
        if (g >= T && g < best_g) {
            best_g = g;
            best = k;
        }
    }
    *g_out = best_g;
    return best;
}

/* docs/contract.md §4's target of a time-dependent agent of party p at time t. */
static int64_t timedep_target(const accord_model *m, size_t p, double e, double t)
{
    double umax, umin;
    extremes(m, p, &umax, &umin);
    double res = m->agreement->table.reservation[p];
    double pmin = umin > res ? umin : res;
    double target = e == 0 ? umax : pmin + (umax - pmin) * (1 - pow(t, 1 / e));
    return grid(target);
}

static uint64_t encode(const accord_model *m, const uint32_t *terms)
{
    uint64_t idx = 0;
    for (size_t i = 0; i < m->agreement->n_issues; i++)
        idx = idx * m->agreement->issues[i].n_options + terms[i];
    return idx;
}

/* Check every step of a negotiation between time-dependent agents against
 * the brute-force reference: each offer is the target's outcome, each
 * acceptance and each refusal follows the rule. */
static void check_timedep_trace(const accord_model *m, const accord_negotiation *n)
{
    size_t ni = m->agreement->n_issues, np = m->n_parties;
    uint32_t terms[64];
    long standing = -1;
    size_t accepts = 0;
    for (size_t k = 0; k < n->n_steps; k++) {
        const accord_negotiation_step *st = &n->steps[k];
        size_t p = st->party;
        assert_int_equal(n->agents[p].kind, ACCORD_AGENT_TIME_DEPENDENT);
        double t = (double)st->round / (double)(n->rounds - 1);
        int64_t g_star;
        uint64_t w_star = brute_find(m, p, timedep_target(m, p, n->agents[p].exponent, t), &g_star);
        if (standing >= 0) {
            memcpy(terms, n->offer_terms + (size_t)standing * ni, ni * sizeof *terms);
            int64_t g = grid(accord_utility(m, p, terms));
            bool ok = g >= g_star && accord_acceptable(m, p, terms);
            assert_int_equal(st->action == ACCORD_ACTION_ACCEPT, ok);
        } else {
            assert_int_equal(st->action, ACCORD_ACTION_OFFER);
        }
        if (st->action == ACCORD_ACTION_OFFER) {
            assert_int_equal(encode(m, n->offer_terms + (size_t)st->offer * ni), w_star);
            standing = (long)st->offer;
            accepts = 0;
        } else {
            assert_int_equal(st->offer, (uint32_t)standing);
            accepts++;
        }
    }
    /* the run ends exactly when n - 1 parties accepted in a row */
    assert_int_equal(n->agreement, accepts == np - 1);
    if (n->agreement) {
        assert_int_equal(encode(m, n->terms), encode(m, n->offer_terms + (size_t)standing * ni));
        for (size_t p = 0; p < np; p++)
            assert_true(n->utility[p] == accord_utility(m, p, n->terms));
    } else {
        assert_int_equal(n->steps[n->n_steps - 1].round, n->rounds - 1);
        for (size_t p = 0; p < np; p++)
            assert_true(n->utility[p] == m->agreement->table.reservation[p]);
    }
}

static accord_negotiation *run(const accord_model *m, const char *agents, uint32_t rounds, uint64_t seed)
{
    accord_agent *a = NULL;
    size_t na = 0;
    assert_int_equal(accord_agents_parse(agents, &a, &na, NULL), ACCORD_OK);
    accord_negotiation_options o = {.rounds = rounds, .seed = seed};
    accord_negotiation *n = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_negotiate(m, a, na, &o, &n, &diag);
    for (size_t k = 0; k < diag.count; k++)
        fprintf(stderr, "  %s\n", diag.items[k].message);
    accord_diagnostics_clear(&diag);
    assert_int_equal(rc, ACCORD_OK);
    accord_free(a);
    return n;
}

/* ---- the hand-checked trace on Laptop ---- */

/*
 * Laptop (GENIUS, ANAC 2012 LaptopC).  Values are evaluations divided by the
 * issue's largest:
 *   prof1: w = (0.44521 Laptop, 0.37808 Harddisk, 0.17676 Monitor)
 *          Laptop Dell 12/30, Mac 20/30, HP 1; HD 60 1, 80 20/30, 120 9/30;
 *          Monitor 19'' 1, 20'' 10/30, 23'' 20/30.
 *   prof2: w = (0.37808, 0.17676, 0.44521)
 *          Laptop Dell 12/30, Mac 1, HP 20/30; HD 60 20/30, 80 1, 120 9/30;
 *          Monitor 19'' 1, 20'' 2/3, 23'' 1/3.
 * The weights sum to 1.0000518, so the best outcomes are capped at 1.
 * Pmax = 1 for both.  Pmin = min u (reservation 0):
 *   prof1 (Dell, 120, 20'') = .4*.44521 + .3*.37808 + (1/3)*.17676 = 0.35042
 *   prof2 (Dell, 120, 23'') = .4*.37808 + .3*.17676 + (1/3)*.44521 = 0.35266
 * boulware (p0, e = 0.2) vs conceder (p1, e = 2), 100 rounds, t = r/99:
 *   r0: both aim at Pmax = 1: p0 offers (HP, 60, 19'') [u = (1, 0.81511)],
 *       p1 refuses (0.815 < 1) and offers (Mac, 80, 19'') [u2 = 1].
 *   r1: p0's target 0.35042 + 0.64958 (1 - (1/99)^5) rounds to the grid's 1:
 *       it refuses (u1(Mac, 80, 19'') = 0.726) and repeats (HP, 60, 19'').
 *       p1's target 0.35266 + 0.64734 (1 - sqrt(1/99)) = 0.93494; the
 *       smallest u2 >= it is (Mac, 60, 19'') = .37808 + (2/3).17676 +
 *       .44521 = 0.94113 > 0.81511: p1 offers it.
 *   p0 keeps offering (HP, 60, 19''): its next best outcome is
 *   (HP, 60, 23'') = .44521 + .37808 + (2/3).17676 = 0.94113, and its target
 *   stays above that while t^5 < (1 - 0.94113) / 0.64958, i.e. t < 0.62.
 *   p1 accepts it once its own target drops to 0.81511 or below:
 *     r8: t = 8/99,  0.35266 + 0.64734 (1 - 0.28427) = 0.81598 > 0.81511
 *     r9: t = 9/99,  0.35266 + 0.64734 (1 - 0.30151) = 0.80482 <= 0.81511
 *   so p1 accepts in round 9: agreement on (HP, 60 Gb, 19'' LCD) with
 *   utilities (1, 0.81511), after 19 offers (2 per round in r0..r8, p0's
 *   in r9).
 */
static void test_laptop_hand_trace(void **state)
{
    (void)state;
    accord_model *m = load_fixture("Laptop");
    accord_negotiation *n = run(m, "boulware,conceder", 100, 0);
    static const uint32_t expect[4][3] = {{2, 0, 0}, {1, 1, 0}, {2, 0, 0}, {1, 0, 0}};
    static const uint32_t expect_party[4] = {0, 1, 0, 1};
    assert_true(n->n_steps >= 4);
    for (int k = 0; k < 4; k++) {
        assert_int_equal(n->steps[k].round, k / 2);
        assert_int_equal(n->steps[k].party, expect_party[k]);
        assert_int_equal(n->steps[k].action, ACCORD_ACTION_OFFER);
        assert_memory_equal(n->offer_terms + (size_t)n->steps[k].offer * 3, expect[k], sizeof expect[k]);
    }
    assert_true(fabs(n->offer_utility[n->steps[3].offer * 2 + 1] - 0.94113) < 1e-5);
    assert_true(n->agreement);
    assert_int_equal(n->round, 9);
    assert_int_equal(n->n_offer_actions, 19);
    assert_int_equal(n->decisions, 20);
    static const uint32_t deal[3] = {2, 0, 0};
    assert_memory_equal(n->terms, deal, sizeof deal);
    assert_true(n->utility[0] == 1.0);
    assert_true(fabs(n->utility[1] - 0.81511) < 1e-5);
    /* the last step is p1 accepting p0's offer */
    const accord_negotiation_step *last = &n->steps[n->n_steps - 1];
    assert_int_equal(last->party, 1);
    assert_int_equal(last->action, ACCORD_ACTION_ACCEPT);
    /* the targets of the derivation, recomputed */
    assert_true(timedep_target(m, 1, 2, 8.0 / 99) > grid(n->utility[1]));
    assert_true(timedep_target(m, 1, 2, 9.0 / 99) <= grid(n->utility[1]));
    /* the deal is on the frontier and is the Nash point */
    assert_true(n->quality.computed);
    assert_true(n->quality.pareto_distance < 1e-12);
    check_timedep_trace(m, n);
    accord_negotiation_free(n);
    accord_model_free(m);
}

/* ---- every offer follows the target curve (brute force) ---- */

static void test_timedep_follow_targets(void **state)
{
    (void)state;
    static const char *fixtures[] = {"Laptop", "IntegerDomain", "ItexvsCypress", "EnglandZimbabwe",
                                     "EnglandvsZimbabweB", "Grocery"};
    static const char *pairs[] = {"boulware,conceder", "conceder,boulware", "linear,linear",
                                  "hardliner,timedep:0.5", "timedep:3,hardliner", "timedep:0,timedep:1.5"};
    for (size_t f = 0; f < sizeof fixtures / sizeof *fixtures; f++) {
        accord_model *m = load_fixture(fixtures[f]);
        for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
            accord_negotiation *n = run(m, pairs[k], k % 2 ? 30 : 100, 0);
            check_timedep_trace(m, n);
            accord_negotiation_free(n);
        }
        accord_model_free(m);
    }
}

/* Boulware against Conceder: the round of agreement follows from the
 * targets alone.  Boulware (p0) opens with its best outcome w0 and, while
 * its target keeps w0 as its offer, repeats it; it would accept only an
 * offer worth as much to it as w0.  Conceder (p1) accepts w0 in the first
 * round r whose offer w1(t_r) is worth no more to it than w0.  So, when
 * boulware still offers w0 in rounds 0..r and none of conceder's offers
 * w1(t_0..t_{r-1}) reaches w0's level for boulware (both checked here by
 * brute force), the agreement must be w0 in round r, accepted by p1. */
static void test_boulware_conceder_round(void **state)
{
    (void)state;
    static const char *fixtures[] = {"Laptop", "EnglandZimbabwe", "Grocery", "Camera"};
    const uint32_t R = 100;
    for (size_t f = 0; f < sizeof fixtures / sizeof *fixtures; f++) {
        accord_model *m = load_fixture(fixtures[f]);
        int64_t g0;
        uint64_t w0 = brute_find(m, 0, timedep_target(m, 0, 0.2, 0), &g0);
        uint32_t terms[64];
        decode(m, w0, terms);
        int64_t u1_w0 = grid(accord_utility(m, 1, terms));
        uint32_t expect = R;
        for (uint32_t r = 0; r < R && expect == R; r++) {
            double t = (double)r / (R - 1);
            int64_t g, g1;
            /* boulware still offers w0 */
            if (brute_find(m, 0, timedep_target(m, 0, 0.2, t), &g) != w0)
                fail_msg("%s: boulware leaves its best outcome in round %u", fixtures[f], r);
            uint64_t w1 = brute_find(m, 1, timedep_target(m, 1, 2, t), &g1);
            if (r > 0 && g1 <= u1_w0) {
                expect = r;
                break;
            }
            /* conceder's offer does not tempt boulware */
            decode(m, w1, terms);
            if (grid(accord_utility(m, 0, terms)) >= g0)
                fail_msg("%s: conceder's offer of round %u is worth w0 to boulware", fixtures[f], r);
        }
        assert_true(expect < R);
        accord_negotiation *n = run(m, "boulware,conceder", R, 0);
        assert_true(n->agreement);
        assert_int_equal(n->round, expect);
        assert_int_equal(encode(m, n->terms), w0);
        assert_int_equal(n->steps[n->n_steps - 1].party, 1);
        assert_int_equal(n->steps[n->n_steps - 1].action, ACCORD_ACTION_ACCEPT);
        check_timedep_trace(m, n);
        accord_negotiation_free(n);
        accord_model_free(m);
    }
}

/* ---- three parties ---- */

static void test_three_parties(void **state)
{
    (void)state;
    static const char *fixtures[] = {"Dinner3P", "SmartEnergyGrid3P"};
    static const char *triples[] = {"boulware,conceder,linear", "conceder,conceder,conceder",
                                    "hardliner,linear,conceder", "linear,boulware,timedep:4"};
    for (size_t f = 0; f < 2; f++) {
        accord_model *m = load_fixture(fixtures[f]);
        assert_int_equal(m->n_parties, 3);
        size_t agreements = 0;
        for (size_t k = 0; k < sizeof triples / sizeof *triples; k++) {
            accord_negotiation *a = run(m, triples[k], 100, 0);
            accord_negotiation *b = run(m, triples[k], 100, 0);
            check_timedep_trace(m, a);
            /* deterministic: the same trace twice */
            assert_int_equal(a->n_steps, b->n_steps);
            assert_memory_equal(a->steps, b->steps, a->n_steps * sizeof *a->steps);
            assert_memory_equal(a->offer_terms, b->offer_terms, a->n_offers * a->n_issues * sizeof(uint32_t));
            agreements += a->agreement;
            accord_negotiation_free(a);
            accord_negotiation_free(b);
        }
        assert_true(agreements >= 2); /* conceders reach a deal on both */
        accord_model_free(m);
    }
}

/* ---- the split index gives the same traces as the sorted one ---- */

static void compare_split_sorted(const accord_model *m, const char *agents, uint64_t seed)
{
    accord_agent *a = NULL;
    size_t na = 0;
    assert_int_equal(accord_agents_parse(agents, &a, &na, NULL), ACCORD_OK);
    accord_negotiation_options o = {.rounds = 60, .seed = seed, .no_quality = true};
    accord_negotiation_setup *sorted = NULL, *split = NULL;
    assert_int_equal(acc__negotiation_setup(m, &o, false, &sorted, NULL), ACCORD_OK);
    assert_int_equal(acc__negotiation_setup(m, &o, true, &split, NULL), ACCORD_OK);
    assert_true(sorted->selves[0].sorted);
    assert_false(split->selves[0].sorted);
    for (size_t p = 0; p < m->n_parties; p++) {
        assert_true(sorted->selves[p].umax == split->selves[p].umax);
        assert_true(sorted->selves[p].umin == split->selves[p].umin);
    }
    /* every target level gives the same outcome */
    acc__scratch sc = {calloc(m->agreement->n_issues, sizeof(uint32_t))};
    for (size_t p = 0; p < m->n_parties; p++) {
        const acc__self *x = &sorted->selves[p], *y = &split->selves[p];
        int64_t lo = grid(x->umin) - 3, hi = x->gmax;
        for (int k = 0; k <= 200; k++) {
            int64_t T = lo + (hi - lo) * k / 200;
            uint64_t ix, iy;
            int64_t gx, gy;
            acc__self_find(x, T, &sc, &ix, &gx);
            acc__self_find(y, T, &sc, &iy, &gy);
            if (ix != iy || gx != gy)
                fail_msg("party %zu target %lld: sorted %llu (%lld), split %llu (%lld)", p, (long long)T,
                         (unsigned long long)ix, (long long)gx, (unsigned long long)iy, (long long)gy);
        }
    }
    free(sc.terms);
    accord_negotiation *n1 = NULL, *n2 = NULL;
    assert_int_equal(accord_negotiation_run(sorted, a, na, &o, &n1, NULL), ACCORD_OK);
    assert_int_equal(accord_negotiation_run(split, a, na, &o, &n2, NULL), ACCORD_OK);
    assert_int_equal(n1->n_steps, n2->n_steps);
    assert_memory_equal(n1->steps, n2->steps, n1->n_steps * sizeof *n1->steps);
    assert_memory_equal(n1->offer_terms, n2->offer_terms, n1->n_offers * n1->n_issues * sizeof(uint32_t));
    assert_int_equal(n1->agreement, n2->agreement);
    accord_negotiation_free(n1);
    accord_negotiation_free(n2);
    accord_negotiation_setup_free(sorted);
    accord_negotiation_setup_free(split);
    accord_free(a);
}

/* Six issues with red lines inside each half and across both. */
static const char *RED_LINES_MODEL =
    "accord: 1\n"
    "parties: [{id: A}, {id: B}, {id: C}]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: i1, options: [a, b, c]}\n"
    "    - {id: i2, options: [a, b, c, d]}\n"
    "    - {id: i3, range: {min: 0, max: 40, step: 10}}\n"
    "    - {id: i4, options: [a, b, c]}\n"
    "    - {id: i5, options: [a, b]}\n"
    "    - {id: i6, range: {min: 1, max: 6, step: 1}}\n"
    "  preferences:\n"
    "    A:\n"
    "      reservation: 0.3\n"
    "      weights: {i1: 3, i2: 1, i3: 2, i4: 1, i5: 1, i6: 2}\n"
    "      values:\n"
    "        i1: {a: 1, b: 0.5, c: 0}\n"
    "        i2: {a: 0, b: 0.25, c: 0.75, d: 1}\n"
    "        i3: {linear: [[0, 1], [40, 0]]}\n"
    "        i4: {a: 0.2, b: 1, c: 0.6}\n"
    "        i5: {a: 1, b: 0}\n"
    "        i6: {linear: [[1, 0], [6, 1]]}\n"
    "      red_lines: [\"i1 = c\", \"i6 < 2\", \"i2 = a & i5 = b\"]\n"
    "    B:\n"
    "      weights: {i1: 1, i2: 2, i3: 1, i4: 3, i5: 1, i6: 1}\n"
    "      values:\n"
    "        i1: {a: 0, b: 0.5, c: 1}\n"
    "        i2: {a: 1, b: 0.5, c: 0.5, d: 0}\n"
    "        i3: {linear: [[0, 0], [40, 1]]}\n"
    "        i4: {a: 1, b: 0, c: 0.5}\n"
    "        i5: {a: 0, b: 1}\n"
    "        i6: {linear: [[1, 1], [6, 0]]}\n"
    "      red_lines: [\"i3 >= 30 | i4 = b\"]\n"
    "    C:\n"
    "      reservation: 0.2\n"
    "      weights: {i1: 1, i2: 1, i3: 1, i4: 1, i5: 1, i6: 1}\n"
    "      values:\n"
    "        i1: {a: 0.5, b: 1, c: 0}\n"
    "        i2: {a: 0.5, b: 0.5, c: 1, d: 0}\n"
    "        i3: {linear: [[0, 0.5], [40, 0.5]]}\n"
    "        i4: {a: 0.5, b: 0.5, c: 0.5}\n"
    "        i5: {a: 0.5, b: 0.5}\n"
    "        i6: {linear: [[1, 0.5], [6, 0.5]]}\n";

static void test_split_equals_sorted(void **state)
{
    (void)state;
    static const char *fixtures[] = {"Laptop", "IntegerDomain", "ItexvsCypress", "Dinner3P",
                                     "SmartEnergyGrid3P", "Amsterdam"};
    for (size_t f = 0; f < sizeof fixtures / sizeof *fixtures; f++) {
        accord_model *m = load_fixture(fixtures[f]);
        compare_split_sorted(m, m->n_parties == 3 ? "boulware,conceder,titfortat" : "linear,conceder", 1);
        compare_split_sorted(m, m->n_parties == 3 ? "random,random,conceder" : "random,titfortat", 7);
        accord_model_free(m);
    }
    accord_model *m = load_yaml_string(RED_LINES_MODEL);
    compare_split_sorted(m, "boulware,conceder,linear", 0);
    compare_split_sorted(m, "titfortat,random,conceder", 3);
    accord_model_free(m);
}

/* ---- red lines: an agent never offers nor accepts what breaks its own ---- */

static void test_red_lines_respected(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(RED_LINES_MODEL);
    static const char *triples[] = {"conceder,conceder,conceder", "linear,random,titfortat",
                                    "random,random,random", "boulware,conceder,linear"};
    size_t ni = m->agreement->n_issues;
    for (size_t k = 0; k < 4; k++) {
        accord_negotiation *n = run(m, triples[k], 100, 11);
        for (size_t s = 0; s < n->n_steps; s++) {
            const uint32_t *terms = n->offer_terms + (size_t)n->steps[s].offer * ni;
            assert_true(accord_red_line_broken(m, n->steps[s].party, terms) < 0);
            if (n->steps[s].action == ACCORD_ACTION_ACCEPT)
                assert_true(accord_acceptable(m, n->steps[s].party, terms));
        }
        if (n->agreement)
            for (size_t p = 0; p < 3; p++)
                assert_true(accord_acceptable(m, p, n->terms));
        if (strstr(triples[k], "random") == NULL)
            check_timedep_trace(m, n);
        accord_negotiation_free(n);
    }
    accord_model_free(m);
}

/* ---- tit-for-tat follows its definition ---- */

static void test_titfortat(void **state)
{
    (void)state;
    accord_model *m = load_fixture("ItexvsCypress");
    accord_negotiation *n = run(m, "titfortat,conceder", 100, 0);
    size_t ni = m->agreement->n_issues;
    long last[2] = {-1, -1}, prev[2] = {-1, -1};
    double umax, umin;
    extremes(m, 0, &umax, &umin);
    int64_t gmin = grid(umin > m->agreement->table.reservation[0] ? umin : m->agreement->table.reservation[0]);
    for (size_t s = 0; s < n->n_steps; s++) {
        const accord_negotiation_step *st = &n->steps[s];
        if (st->party == 0 && st->action == ACCORD_ACTION_OFFER) {
            int64_t T;
            if (last[0] < 0) {
                T = grid(umax);
            } else {
                int64_t mine = grid(accord_utility(m, 0, n->offer_terms + last[0] * ni));
                int64_t d = 0;
                if (last[1] >= 0 && prev[1] >= 0)
                    d = grid(accord_utility(m, 0, n->offer_terms + last[1] * ni)) -
                        grid(accord_utility(m, 0, n->offer_terms + prev[1] * ni));
                T = mine - d;
                if (T < gmin)
                    T = gmin;
            }
            int64_t g;
            uint64_t w = brute_find(m, 0, T, &g);
            assert_int_equal(encode(m, n->offer_terms + (size_t)st->offer * ni), w);
        }
        if (st->action == ACCORD_ACTION_OFFER) {
            prev[st->party] = last[st->party];
            last[st->party] = (long)st->offer;
        }
    }
    /* it conceded at least once against a conceder */
    assert_true(n->n_offers > 2);
    accord_negotiation_free(n);
    accord_model_free(m);
}

/* ---- random agents: seeded, reproducible, never below Pmin ---- */

static void test_random_reproducible(void **state)
{
    (void)state;
    accord_model *m = load_fixture("Grocery");
    accord_negotiation *a = run(m, "random,random", 100, 42);
    accord_negotiation *b = run(m, "random,random", 100, 42);
    accord_negotiation *c = run(m, "random,random", 100, 43);
    assert_int_equal(a->n_steps, b->n_steps);
    assert_memory_equal(a->steps, b->steps, a->n_steps * sizeof *a->steps);
    assert_memory_equal(a->offer_terms, b->offer_terms, a->n_offers * a->n_issues * sizeof(uint32_t));
    bool differ = a->n_steps != c->n_steps ||
                  memcmp(a->offer_terms, c->offer_terms, a->n_issues * sizeof(uint32_t) * 2) != 0;
    assert_true(differ);
    for (size_t k = 0; k < c->n_steps; k++)
        assert_true(accord_acceptable(m, c->steps[k].party, c->offer_terms + (size_t)c->steps[k].offer * c->n_issues));
    accord_negotiation_free(a);
    accord_negotiation_free(b);
    accord_negotiation_free(c);
    accord_model_free(m);
}

/* ---- bad input ---- */

static void test_bad_agents(void **state)
{
    (void)state;
    accord_diagnostics diag = {0};
    accord_agent a;
    assert_int_equal(accord_agent_parse("bolware", &a, &diag), ACCORD_E_ARG);
    assert_true(diag_find(&diag, "did you mean \"boulware\"") >= 0);
    assert_true(diag_find(&diag, "known: hardliner, boulware, linear, conceder, timedep:E, titfortat, random") >= 0);
    accord_diagnostics_clear(&diag);
    assert_int_equal(accord_agent_parse("zzzzzzzz", &a, &diag), ACCORD_E_ARG);
    assert_true(diag_find(&diag, "unknown agent \"zzzzzzzz\" (known:") >= 0);
    accord_diagnostics_clear(&diag);
    static const char *bad[] = {"timedep:", "timedep:-1", "timedep:x", "timedep:inf", "timedep:nan",
                                "timedep: 1", "Boulware", ""};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        assert_int_equal(accord_agent_parse(bad[k], &a, &diag), ACCORD_E_ARG);
        assert_true(diag.errors >= 1);
        accord_diagnostics_clear(&diag);
    }
    assert_int_equal(accord_agent_parse("timedep:0.5", &a, NULL), ACCORD_OK);
    assert_int_equal(a.kind, ACCORD_AGENT_TIME_DEPENDENT);
    assert_true(a.exponent == 0.5);
    assert_string_equal(a.name, "timedep:0.5");
    accord_agent *list = NULL;
    size_t n = 0;
    assert_int_equal(accord_agents_parse("boulware,,conceder", &list, &n, &diag), ACCORD_E_ARG);
    assert_null(list);
    assert_true(diag_find(&diag, "agent 2 of the list") >= 0);
    accord_diagnostics_clear(&diag);
    assert_int_equal(accord_agents_parse("foo,bar", &list, &n, &diag), ACCORD_E_ARG);
    assert_int_equal(diag.errors, 2); /* every bad item reported */
    accord_diagnostics_clear(&diag);
    assert_int_equal(accord_agents_parse(" boulware , random ", &list, &n, NULL), ACCORD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(list[1].name, "random");

    /* agent count and rounds */
    accord_model *m = load_fixture("Laptop");
    accord_negotiation *neg = NULL;
    assert_int_equal(accord_negotiate(m, list, 1, NULL, &neg, &diag), ACCORD_E_ARG);
    assert_true(diag_find(&diag, "1 agent given for 2 parties (Laptop-C-prof1, Laptop-C-prof2)") >= 0);
    accord_diagnostics_clear(&diag);
    accord_negotiation_options o = {.rounds = 1};
    assert_int_equal(accord_negotiate(m, list, 2, &o, &neg, &diag), ACCORD_E_ARG);
    assert_null(neg);
    accord_diagnostics_clear(&diag);
    accord_free(list);
    accord_model_free(m);

    /* no agreement section */
    m = load_yaml_string("accord: 1\nparties: [{id: A}]\nconflict:\n  options: {A: [x]}\n"
                         "  preferences:\n    A: {ranking: [[\"Y\"], [\"N\"]]}\n");
    accord_agent one = a;
    assert_int_equal(accord_negotiate(m, &one, 1, NULL, &neg, &diag), ACCORD_E_NODATA);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
}

/* A party whose red lines exclude everything cannot negotiate. */
static void test_everything_excluded(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\nparties: [{id: A}, {id: B}]\nagreement:\n"
                                       "  issues: [{id: x, options: [a, b]}]\n"
                                       "  preferences:\n"
                                       "    A: {weights: {x: 1}, values: {x: {a: 1, b: 0}}, red_lines: [\"x = a\", \"x = b\"]}\n"
                                       "    B: {weights: {x: 1}, values: {x: {a: 0, b: 1}}}\n");
    accord_agent a[2];
    accord_agent_parse("linear", &a[0], NULL);
    a[1] = a[0];
    accord_diagnostics diag = {0};
    accord_negotiation *n = NULL;
    assert_int_equal(accord_negotiate(m, a, 2, NULL, &n, &diag), ACCORD_E_INVALID);
    assert_true(diag_find(&diag, "every outcome breaks one of A's red lines") >= 0);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
}

/* ---- the JSON shape of docs/contract.md §3 ---- */

static void test_json_shape(void **state)
{
    (void)state;
    accord_model *m = load_fixture("Laptop");
    accord_negotiation *n = run(m, "boulware,conceder", 100, 0);
    accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
    char *text = NULL;
    assert_int_equal(accord_negotiation_render(m, n, &ro, &text), ACCORD_OK);
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    assert_non_null(j);
    assert_int_equal(json_array_size(json_object_get(j, "parties")), 2);
    assert_string_equal(json_string_value(json_array_get(json_object_get(j, "agents"), 1)), "conceder");
    assert_int_equal(json_integer_value(json_object_get(j, "rounds")), 100);
    assert_true(json_is_true(json_object_get(j, "agreement")));
    assert_int_equal(json_integer_value(json_object_get(j, "round")), 9);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "terms"), "Laptop")), "HP");
    assert_int_equal(json_array_size(json_object_get(j, "utility")), 2);
    assert_int_equal(json_integer_value(json_object_get(j, "offers")), 19);
    json_t *trace = json_object_get(j, "trace");
    assert_int_equal(json_array_size(trace), n->n_steps);
    json_t *first = json_array_get(trace, 0), *lastj = json_array_get(trace, n->n_steps - 1);
    assert_int_equal(json_integer_value(json_array_get(first, 0)), 0);
    assert_int_equal(json_integer_value(json_array_get(first, 1)), 0);
    assert_string_equal(json_string_value(json_array_get(first, 2)), "offer");
    assert_true(json_is_object(json_array_get(first, 3)));
    assert_string_equal(json_string_value(json_array_get(lastj, 2)), "accept");
    json_decref(j);
    accord_free(text);
    /* text: the trace and the outcome */
    ro.format = ACCORD_FORMAT_TEXT;
    assert_int_equal(accord_negotiation_render(m, n, &ro, &text), ACCORD_OK);
    assert_non_null(strstr(text, "Agreement in round 9 of 100"));
    assert_non_null(strstr(text, "Laptop-C-prof2 accepts"));
    accord_free(text);
    accord_negotiation_free(n);
    /* no agreement: nulls */
    n = run(m, "hardliner,hardliner", 10, 0);
    assert_false(n->agreement);
    ro.format = ACCORD_FORMAT_JSON;
    assert_int_equal(accord_negotiation_render(m, n, &ro, &text), ACCORD_OK);
    j = json_loads(text, 0, &err);
    assert_true(json_is_null(json_object_get(j, "round")));
    assert_true(json_is_null(json_object_get(j, "terms")));
    json_decref(j);
    accord_free(text);
    accord_negotiation_free(n);
    accord_model_free(m);
}

/* ---- the large-space path on the built-in scenario (403 million outcomes) ---- */

static void test_builtin_split(void **state)
{
    (void)state;
    size_t size;
    const char *data = accord_builtin_scenario(&size);
    accord_model *m = NULL;
    assert_int_equal(accord_model_load_buffer("plan28.yaml", data, size, NULL, &m, NULL), ACCORD_OK);
    accord_agent *a = NULL;
    size_t na = 0;
    assert_int_equal(accord_agents_parse("conceder,conceder,conceder,conceder", &a, &na, NULL), ACCORD_OK);
    accord_negotiation_options o = {.rounds = 40, .no_quality = true};
    accord_negotiation_setup *s = NULL;
    assert_int_equal(accord_negotiation_setup_new(m, &o, &s, NULL), ACCORD_OK);
    assert_false(s->selves[0].sorted); /* above the default 2^22 */
    accord_negotiation *n = NULL;
    assert_int_equal(accord_negotiation_run(s, a, na, &o, &n, NULL), ACCORD_OK);
    size_t ni = m->agreement->n_issues;
    /* every offer breaks none of its maker's red lines and reaches its reservation */
    for (size_t k = 0; k < n->n_steps; k++)
        if (n->steps[k].action == ACCORD_ACTION_OFFER) {
            const uint32_t *terms = n->offer_terms + (size_t)n->steps[k].offer * ni;
            assert_true(accord_acceptable(m, n->steps[k].party, terms));
        }
    /* the first offer of each party is its best outcome: check against the
     * per-issue maxima when nothing is excluded by red lines on its issues */
    accord_negotiation_free(n);
    accord_negotiation_setup_free(s);
    /* a tiny limit is refused with the option's name */
    accord_diagnostics diag = {0};
    o.max_sorted = 10;
    assert_int_equal(accord_negotiation_setup_new(m, &o, &s, &diag), ACCORD_E_LIMIT);
    assert_true(diag_find(&diag, "accord_negotiation_options.max_sorted") >= 0);
    accord_diagnostics_clear(&diag);
    accord_free(a);
    accord_model_free(m);
}

/* ---- out of memory: every allocation failing in turn gives ACCORD_E_NOMEM ---- */

static void test_out_of_memory(void **state)
{
    (void)state;
    accord_model *m = load_fixture("Laptop");
    accord_agent a[2];
    accord_agent_parse("titfortat", &a[0], NULL);
    accord_agent_parse("conceder", &a[1], NULL);
    /* without the quality metrics: the frontier has its own allocation test */
    accord_negotiation_options o = {.no_quality = true};
        bool succeeded = false;
    for (long k = 0; k < 5000 && !succeeded; k++) {
        test_alloc_fail_at(k);
        accord_negotiation *n = NULL;
        accord_status rc = accord_negotiate(m, a, 2, &o, &n, NULL);
        if (rc == ACCORD_OK) {
            char *text = NULL;
            accord_render_options ro = {.format = ACCORD_FORMAT_JSON};
            rc = accord_negotiation_render(m, n, &ro, &text);
            accord_free(text);
            accord_negotiation_free(n);
            succeeded = rc == ACCORD_OK && !test_alloc_failed();
            if (rc)
                assert_int_equal(rc, ACCORD_E_NOMEM);
        } else {
            assert_int_equal(rc, ACCORD_E_NOMEM);
            assert_null(n);
        }
    }
    test_alloc_restore();
    assert_true(succeeded);
    accord_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_laptop_hand_trace),
        cmocka_unit_test(test_timedep_follow_targets),
        cmocka_unit_test(test_boulware_conceder_round),
        cmocka_unit_test(test_three_parties),
        cmocka_unit_test(test_split_equals_sorted),
        cmocka_unit_test(test_red_lines_respected),
        cmocka_unit_test(test_titfortat),
        cmocka_unit_test(test_random_reproducible),
        cmocka_unit_test(test_bad_agents),
        cmocka_unit_test(test_everything_excluded),
        cmocka_unit_test(test_json_shape),
        cmocka_unit_test(test_builtin_split),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
