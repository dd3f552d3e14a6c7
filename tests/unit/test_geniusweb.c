/* test_geniusweb.c - GeniusWeb folders and profiles load with GeniusWeb's
 * semantics (docs/geniusweb.md), bad ones are refused with their place, and
 * the import round-trips. */
#include "support.h"

#include "model/json_place.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static accord_model *load_path(const char *path)
{
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    accord_status rc = accord_model_load(path, NULL, &m, &diag);
    for (size_t i = 0; i < diag.count; i++) {
        char *s = accord_diagnostic_format(&diag.items[i]);
        fprintf(stderr, "%s\n", s);
        accord_free(s);
    }
    accord_diagnostics_clear(&diag);
    assert_int_equal(rc, ACCORD_OK);
    return m;
}

static const char *fixture(const char *rel)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", ACCORD_FIXTURES, rel);
    return path;
}

/* tests/fixtures/geniusweb/party: party.json (the domain), party1.json and
 * party2.json (profiles with the same domain embedded). */
static void test_party(void **state)
{
    (void)state;
    accord_model *m = load_path(fixture("geniusweb/party"));
    assert_false(m->from_genius);
    assert_int_equal(m->n_parties, 2);
    assert_string_equal(m->parties[0].id, "party1"); /* sorted file names, stems */
    assert_string_equal(m->parties[1].id, "party2");
    const accord_agreement *ag = m->agreement;
    assert_int_equal(ag->n_issues, 6);
    const char *issues[] = {"Food", "Drinks", "Location", "Invitations", "Music", "Cleanup"};
    for (size_t i = 0; i < 6; i++) { /* the domain's order */
        assert_string_equal(ag->issues[i].id, issues[i]);
        assert_int_equal(ag->issues[i].kind, ACCORD_ISSUE_DISCRETE);
    }
    assert_string_equal(ag->issues[3].options[2].id, "Custom, Handmade");
    assert_true(ag->outcomes == 3072); /* 4 * 4 * 4 * 4 * 3 * 4 */
    assert_false(ag->preferences[0].normalize);

    /* weights as written, exactly: party1 Drinks 0.28, party2 Food 0.095 */
    assert_true(ag->preferences[0].weights[1].value == 0.28);
    assert_int_equal(ag->preferences[0].weights[1].exact.num, 7);
    assert_int_equal(ag->preferences[0].weights[1].exact.den, 25);
    assert_int_equal(ag->preferences[1].weights[0].exact.num, 19);
    assert_int_equal(ag->preferences[1].weights[0].exact.den, 200);
    /* "Cleanup": 0.10 in the file is 1/10 */
    assert_int_equal(ag->preferences[0].weights[5].exact.num, 1);
    assert_int_equal(ag->preferences[0].weights[5].exact.den, 10);

    /* party1 weights Food .19, Drinks .28, Location .19, Invitations .05,
     * Music .19, Cleanup .10; party2 .095, .228, .109, .214, .108, .246.
     *
     * (Chips and Nuts, Beer Only, Party Room, Custom Handmade, DJ,
     *  Specialized Materials), every issue's best for party1:
     *   party1 .19*.75 + .28*.98 + .19*.99 + .05*1 + .19*.99 + .10*.96
     *        = .1425 + .2744 + .1881 + .05 + .1881 + .096 = .9391
     *   party2 .095*.24 + .228*.22 + .109*.99 + .214*.12 + .108*.32 + .246*.36
     *        = .0228 + .05016 + .10791 + .02568 + .03456 + .08856 = .32967 */
    uint32_t best1[] = {0, 1, 2, 2, 1, 1};
    assert_true(accord_utility(m, 0, best1) == 0.9391);
    assert_true(accord_utility(m, 1, best1) == 0.32967);
    /* every issue's first value (Chips and Nuts, Non-Alcoholic, Party Tent,
     * Plain, MP3, Water and Soap):
     *   party1 .19*.75 + .28*.263 + .19*.52 + .05*.24 + .19*.65 + .10*.65
     *        = .1425 + .07364 + .0988 + .012 + .1235 + .065 = .51544
     *   party2 .095*.24 + .228*.33 + .109*.3 + .214*.84 + .108*.94 + .246*1
     *        = .0228 + .07524 + .0327 + .17976 + .10152 + .246 = .65802 */
    uint32_t first[] = {0, 0, 0, 0, 0, 0};
    assert_true(accord_utility(m, 0, first) == 0.51544);
    assert_true(accord_utility(m, 1, first) == 0.65802);

    /* reservations: the utilities of the reservation bids.
     * party1 (Handmade Food, Handmade Cocktails, Party Tent, Custom Printed,
     * Band, Special Equiment):
     *   .19*.51 + .28*.672 + .19*.52 + .05*.48 + .19*.35 + .10*.32
     *   = .0969 + .18816 + .0988 + .024 + .0665 + .032 = .50636
     * party2 (Finger-Food, Non-Alcoholic, Party Tent, Photo, Band,
     * Specialized Materials):
     *   .095*.52 + .228*.33 + .109*.3 + .214*.24 + .108*.64 + .246*.36
     *   = .0494 + .07524 + .0327 + .05136 + .06912 + .08856 = .36638 */
    const accord_number *r0 = &ag->preferences[0].reservation, *r1 = &ag->preferences[1].reservation;
    assert_true(r0->value == 0.50636);
    assert_int_equal(r0->exact.num, 12659); /* 0.50636 = 12659/25000 */
    assert_int_equal(r0->exact.den, 25000);
    assert_true(r1->value == 0.36638);
    assert_int_equal(r1->exact.num, 18319); /* 0.36638 = 18319/50000 */
    assert_int_equal(r1->exact.den, 50000);
    assert_non_null(r0->note);
    assert_non_null(strstr(r0->note, "reservationBid"));
    assert_true(ag->table.reservation[0] == 0.50636);
    /* the reservation bid itself is acceptable (isPreferredOrEqual) */
    uint32_t rb1[] = {2, 2, 0, 3, 2, 2};
    assert_true(accord_utility(m, 0, rb1) == 0.50636);
    assert_true(accord_acceptable(m, 0, rb1));
    /* every number cites the GeniusWeb files */
    assert_int_equal(m->n_sources, 1);
    assert_string_equal(m->sources[0].id, "geniusweb");
    assert_string_equal(ag->preferences[1].weights[3].source, "geniusweb");
    accord_model_free(m);
}

/* One profile file with its embedded domain is a scenario of one party. */
static void test_single_profile(void **state)
{
    (void)state;
    accord_model *m = load_path(fixture("geniusweb/party/party2.json"));
    assert_int_equal(m->n_parties, 1);
    assert_string_equal(m->parties[0].id, "party2");
    assert_true(m->agreement->outcomes == 3072);
    uint32_t first[] = {0, 0, 0, 0, 0, 0};
    assert_true(accord_utility(m, 0, first) == 0.65802);
    assert_true(m->agreement->preferences[0].reservation.value == 0.36638);
    accord_model_free(m);
}

/* tests/models/geniusweb/numbers: number ranges.  Price 10..20 step 5 and
 * Days 1..8 step 3 (1, 4, 7: 8 is not reached) are integer issues; Rate
 * 0.5..1.5 step 0.25 has a fractional step, so its five values become the
 * options of a discrete issue. */
static void test_numbers(void **state)
{
    (void)state;
    accord_model *m = load_path(source_path("tests/models/geniusweb/numbers"));
    const accord_agreement *ag = m->agreement;
    assert_string_equal(m->parties[0].id, "buyer");
    assert_string_equal(m->parties[1].id, "seller");
    assert_int_equal(ag->n_issues, 4);
    assert_true(ag->outcomes == 90); /* 3 * 3 * 5 * 2 */
    const accord_issue *price = &ag->issues[0], *days = &ag->issues[1], *rate = &ag->issues[2];
    assert_int_equal(price->kind, ACCORD_ISSUE_INTEGER);
    assert_int_equal(price->min, 10);
    assert_int_equal(price->max, 20);
    assert_int_equal(price->step, 5);
    assert_int_equal(days->kind, ACCORD_ISSUE_INTEGER);
    assert_int_equal(days->min, 1);
    assert_int_equal(days->max, 7);
    assert_int_equal(days->n_options, 3);
    assert_int_equal(rate->kind, ACCORD_ISSUE_DISCRETE);
    assert_int_equal(rate->n_options, 5);
    const char *rates[] = {"0.5", "0.75", "1", "1.25", "1.5"};
    for (size_t k = 0; k < 5; k++)
        assert_string_equal(rate->options[k].id, rates[k]);
    /* the seller's Days line runs through (lowValue 1, 0) and (highValue 8,
     * 1), the range's ends, though 8 is not a value: the points are those */
    const accord_valuation *sd = &ag->preferences[1].valuations[1];
    assert_int_equal(sd->n_points, 2);
    assert_true(sd->points[1].x == 8 && sd->points[1].y == 1);

    /* (Price 15, Days 4, Rate 1.25, blue):
     * buyer: Price 1 -> 0 over 10..20 gives 0.5; Days 1 -> 0.3 over 1..8 gives
     *   1 - 0.7 * 3/7 = 0.7; Rate 0 -> 1 over 0.5..1.5 gives 0.75; blue 0.25:
     *   .4*.5 + .3*.7 + .2*.75 + .1*.25 = .2 + .21 + .15 + .025 = .585
     * seller: 0.5; 3/7; 1 - .5*.75 = .625; 1:
     *   .5*.5 + .25*3/7 + .125*.625 + .125*1 = 29/64 + 3/28 = 251/448
     *   (exact: GeniusWeb would round 3/7 to 0.42857143) */
    uint32_t t[] = {1, 1, 3, 1};
    assert_true(accord_utility(m, 0, t) == 0.585);
    assert_true(accord_utility(m, 1, t) == 251.0 / 448.0);
    /* (10, 7, 0.5, red): buyer .4*1 + .3*.4 + 0 + .1*1 = .62;
     * seller 0 + .25*6/7 + .125*1 + 0 = 3/14 + 1/8 = 19/56 */
    uint32_t u[] = {0, 2, 0, 0};
    assert_true(accord_utility(m, 0, u) == 0.62);
    assert_true(accord_utility(m, 1, u) == 19.0 / 56.0);

    /* the buyer's reservationBid names Price 15 and blue only; the issues
     * it leaves out add 0: .4*.5 + .1*.25 = .225 */
    const accord_number *r = &ag->preferences[0].reservation;
    assert_true(r->value == 0.225);
    assert_int_equal(r->exact.num, 9);
    assert_int_equal(r->exact.den, 40);
    /* the seller has no reservationBid: 0 */
    assert_true(ag->preferences[1].reservation.value == 0);
    assert_non_null(strstr(ag->preferences[1].reservation.note, "no reservationBid"));
    accord_model_free(m);
}

/* ---- errors ---- */

static char dir[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_file(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

static const char *DOMAIN = "{\"name\": \"d\", \"issuesValues\": {\n"
                            "  \"A\": {\"values\": [\"x\", \"y\"]},\n"
                            "  \"B\": {\"range\": {\"low\": 0, \"high\": 4, \"step\": 2}}\n"
                            "}}\n";

/* Load the temporary folder expecting `rc`; diag is filled. */
static void load_dir_expect(accord_status rc, accord_diagnostics *diag)
{
    accord_model *m = NULL;
    accord_status got = accord_model_load(dir, NULL, &m, diag);
    for (size_t i = 0; got != rc && i < diag->count; i++)
        fprintf(stderr, "%d:%d: %s\n", diag->items[i].line, diag->items[i].col, diag->items[i].message);
    assert_int_equal(got, rc);
    assert_null(m);
}

static void test_malformed_json(void **state)
{
    (void)state;
    write_file("d.json", DOMAIN);
    /* a comma missing after "name" on line 3 */
    write_file("p.json", "{\"LinearAdditiveUtilitySpace\": {\n"
                         "  \"name\": \"p\"\n"
                         "  \"issueWeights\": {}\n"
                         "}}\n");
    accord_diagnostics diag = {0};
    load_dir_expect(ACCORD_E_PARSE, &diag);
    long k = diag_find(&diag, "not valid JSON");
    assert_true(k >= 0);
    assert_non_null(strstr(diag.items[k].file, "p.json"));
    assert_int_equal(diag.items[k].line, 3);
    accord_diagnostics_clear(&diag);
    /* a key twice */
    write_file("p.json", "{\"LinearAdditiveUtilitySpace\": {\"name\": \"p\", \"name\": \"q\"}}");
    load_dir_expect(ACCORD_E_PARSE, &diag);
    assert_true(diag_find(&diag, "a key may appear only once") >= 0);
    accord_diagnostics_clear(&diag);
    remove_file("p.json");
    remove_file("d.json");
}

static void test_profile_missing_issue(void **state)
{
    (void)state;
    write_file("d.json", DOMAIN);
    /* B is left out of the utilities and of the weights; A's weight is then
     * all there is, 1 */
    write_file("p.json", "{\"LinearAdditiveUtilitySpace\": {\n"
                         "  \"issueUtilities\": {\n"
                         "    \"A\": {\"discreteutils\": {\"valueUtilities\": {\"x\": 1, \"y\": 0}}}\n"
                         "  },\n"
                         "  \"issueWeights\": {\"A\": 1}\n"
                         "}}\n");
    accord_diagnostics diag = {0};
    load_dir_expect(ACCORD_E_INVALID, &diag);
    long k = diag_find(&diag, "no utilities for issue \"B\"; issueUtilities needs them for every issue");
    assert_true(k >= 0);
    assert_non_null(strstr(diag.items[k].file, "p.json"));
    assert_int_equal(diag.items[k].line, 2); /* at issueUtilities */
    assert_int_equal(diag.items[k].col, 21);
    k = diag_find(&diag, "no weight for issue \"B\"");
    assert_true(k >= 0);
    assert_int_equal(diag.items[k].line, 5);
    accord_diagnostics_clear(&diag);
    remove_file("p.json");
    remove_file("d.json");
}

static void test_bad_profiles(void **state)
{
    (void)state;
    write_file("d.json", DOMAIN);
    /* weights summing to 0.9, a utility above 1, a value not in the domain,
     * a number line that does not start at the range's low, a typo */
    write_file("p.json", "{\"LinearAdditiveUtilitySpace\": {\n"
                         "  \"issueUtilities\": {\n"
                         "    \"A\": {\"discreteutils\": {\"valueUtilities\": {\"x\": 1.5, \"y\": 0, \"z\": 1}}},\n"
                         "    \"B\": {\"numberutils\": {\"lowValue\": 1, \"lowUtility\": 0, \"highValue\": 4, "
                         "\"highUtility\": 1}}\n"
                         "  },\n"
                         "  \"issueWeights\": {\"A\": 0.5, \"B\": 0.4},\n"
                         "  \"reservationbid\": null\n"
                         "}}\n");
    accord_diagnostics diag = {0};
    load_dir_expect(ACCORD_E_INVALID, &diag);
    assert_true(diag_find(&diag, "the weights sum to 0.9; GeniusWeb requires them to sum to exactly 1") >= 0);
    long k = diag_find(&diag, "the utility of value \"x\" of issue \"A\" is 1.5");
    assert_true(k >= 0);
    assert_int_equal(diag.items[k].line, 3);
    assert_int_equal(diag.items[k].col, 53); /* at 1.5 */
    assert_true(diag_find(&diag, "\"z\" is not a value of issue \"A\" in the domain") >= 0);
    assert_true(diag_find(&diag, "lowValue is 1 but the range of issue \"B\" starts at 0") >= 0);
    assert_true(diag_find(&diag, "unknown key \"reservationbid\" in the profile; did you mean "
                                 "\"reservationBid\"?") >= 0);
    accord_diagnostics_clear(&diag);

    /* an embedded domain that is not the folder's */
    write_file("p.json", "{\"LinearAdditiveUtilitySpace\": {\n"
                         "  \"issueUtilities\": {\"A\": {\"discreteutils\": {\"valueUtilities\": {\"x\": 1, "
                         "\"y\": 0}}}, \"B\": {\"numberutils\": {\"lowValue\": 0, \"lowUtility\": 0, "
                         "\"highValue\": 4, \"highUtility\": 1}}},\n"
                         "  \"issueWeights\": {\"A\": 0.5, \"B\": 0.5},\n"
                         "  \"domain\": {\"name\": \"d\", \"issuesValues\": {\"A\": {\"values\": [\"x\", "
                         "\"z\"]}, \"B\": {\"range\": {\"low\": 0, \"high\": 4, \"step\": 2}}}},\n"
                         "  \"reservationBid\": {\"issuevalues\": {\"B\": 3}}\n"
                         "}}\n");
    load_dir_expect(ACCORD_E_INVALID, &diag);
    assert_true(diag_find(&diag, "the embedded domain differs from the domain in") >= 0);
    assert_true(diag_find(&diag, "issue \"A\" has other values") >= 0);
    accord_diagnostics_clear(&diag);

    /* a reservation bid with a value the issue does not have */
    write_file("p.json", "{\"LinearAdditiveUtilitySpace\": {\n"
                         "  \"issueUtilities\": {\"A\": {\"discreteutils\": {\"valueUtilities\": {\"x\": 1, "
                         "\"y\": 0}}}, \"B\": {\"numberutils\": {\"lowValue\": 0, \"lowUtility\": 0, "
                         "\"highValue\": 4, \"highUtility\": 1}}},\n"
                         "  \"issueWeights\": {\"A\": 0.5, \"B\": 0.5},\n"
                         "  \"reservationBid\": {\"issuevalues\": {\"B\": 3}}\n"
                         "}}\n");
    load_dir_expect(ACCORD_E_INVALID, &diag);
    assert_true(diag_find(&diag, "reservationBid gives issue \"B\" the value 3, which is not one of its "
                                 "values (0 to 4 in steps of 2)") >= 0);
    accord_diagnostics_clear(&diag);

    /* a profile type accord does not read */
    write_file("p.json", "{\"SumOfGroupsUtilitySpace\": {\"domain\": {}}}");
    load_dir_expect(ACCORD_E_INVALID, &diag);
    assert_true(diag_find(&diag, "a SumOfGroupsUtilitySpace profile; accord reads "
                                 "LinearAdditiveUtilitySpace profiles") >= 0);
    accord_diagnostics_clear(&diag);
    remove_file("p.json");

    /* no profile at all */
    load_dir_expect(ACCORD_E_INVALID, &diag);
    assert_true(diag_find(&diag, "no GeniusWeb profile found") >= 0);
    accord_diagnostics_clear(&diag);
    remove_file("d.json");
}

static void test_bad_domains(void **state)
{
    (void)state;
    const char *profile = "{\"LinearAdditiveUtilitySpace\": {\"issueUtilities\": {}, \"issueWeights\": {}}}";
    write_file("p.json", profile);
    struct {
        const char *domain, *message;
    } cases[] = {
        {"{\"issuesValues\": {\"A\": {\"values\": []}}}", "the values of issue \"A\" must be a list of at least "
                                                           "one text, found an empty list"},
        {"{\"issuesValues\": {\"A\": {\"values\": [\"x\", \"x\"]}}}", "issue \"A\" lists the value \"x\" twice"},
        {"{\"issuesValues\": {\"A\": {\"range\": {\"low\": 0, \"high\": 4, \"step\": 0}}}}",
         "the step of issue \"A\" must be positive"},
        {"{\"issuesValues\": {\"A\": {\"range\": {\"low\": 5, \"high\": 4, \"step\": 1}}}}",
         "the range of issue \"A\" is empty"},
        {"{\"issuesValues\": {\"A\": {\"range\": {\"low\": 0, \"high\": 1, \"step\": 1e-6}}}}",
         "the range of issue \"A\" has more than 65536 values"},
        {"{\"issuesValues\": {\"A\": {\"set\": [1]}}}", "issue \"A\" must be {\"values\": [...]} (discrete)"},
        {"{\"issuesValues\": {}}", "issuesValues must be an object with at least one issue"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file("d.json", cases[i].domain);
        accord_diagnostics diag = {0};
        load_dir_expect(ACCORD_E_INVALID, &diag);
        if (diag_find(&diag, cases[i].message) < 0)
            fprintf(stderr, "case %zu: %s\n", i, diag.count ? diag.items[0].message : "(none)");
        assert_true(diag_find(&diag, cases[i].message) >= 0);
        accord_diagnostics_clear(&diag);
    }
    /* two domains */
    write_file("d.json", DOMAIN);
    write_file("e.json", DOMAIN);
    accord_diagnostics diag = {0};
    load_dir_expect(ACCORD_E_INVALID, &diag);
    assert_true(diag_find(&diag, "a second domain") >= 0);
    accord_diagnostics_clear(&diag);
    remove_file("e.json");
    remove_file("d.json");
    remove_file("p.json");
}

/* ---- the place of a value ---- */

static void test_json_place(void **state)
{
    (void)state;
    const char *text = "{\"a\": [1, {\"b\": 2}],\n"
                       " \"c\\u0041\": {\"d\": \"}\\\"\", \"e\": {\"f\": 3}},\n"
                       " \"g\": \"\xc3\xa9\", \"h\": 4}";
    size_t n = strlen(text);
    accord_loc l = acc__json_place(text, n, (const char *[]){"cA", "e", "f", NULL}, false);
    assert_int_equal(l.line, 2);
    assert_int_equal(l.col, 37);
    l = acc__json_place(text, n, (const char *[]){"h", NULL}, false);
    assert_int_equal(l.line, 3); /* after a two-byte character: one column */
    assert_int_equal(l.col, 17);
    l = acc__json_place(text, n, (const char *[]){"cA", "missing", NULL}, false);
    assert_int_equal(l.line, 2); /* the deepest value found */
    assert_int_equal(l.col, 13);
    l = acc__json_place(text, n, (const char *[]){NULL}, false);
    assert_int_equal(l.line, 1);
    assert_int_equal(l.col, 1);
}

/* ---- import ---- */

static void assert_same_utilities(const accord_model *a, const accord_model *b)
{
    size_t ni = a->agreement->n_issues;
    assert_int_equal(ni, b->agreement->n_issues);
    assert_int_equal(a->n_parties, b->n_parties);
    for (size_t p = 0; p < a->n_parties; p++)
        assert_true(a->agreement->table.reservation[p] == b->agreement->table.reservation[p]);
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
}

/* The YAML that `accord import geniusweb` writes loads, passes the
 * provenance check and gives the same utilities for every outcome. */
static void roundtrip(const char *path)
{
    accord_model *m = load_path(path);
    char *yaml = NULL;
    size_t size = 0;
    assert_int_equal(accord_model_to_yaml(m, &yaml, &size), ACCORD_OK);
    accord_diagnostics diag = {0};
    accord_model *back = NULL;
    accord_status rc = accord_model_load_buffer("import.yaml", yaml, size, NULL, &back, &diag);
    if (rc)
        fprintf(stderr, "%s\n%s\n", yaml, diag.count ? diag.items[0].message : "");
    assert_int_equal(rc, ACCORD_OK);
    accord_unsourced *u = NULL;
    assert_int_equal(accord_provenance_check(back, &u), ACCORD_OK);
    assert_int_equal(u->count, 0);
    accord_unsourced_free(u);
    assert_same_utilities(m, back);
    accord_diagnostics_clear(&diag);
    accord_model_free(back);
    accord_model_free(m);
    accord_free(yaml);
}

static void test_import_roundtrip(void **state)
{
    (void)state;
    roundtrip(fixture("geniusweb/party"));
    roundtrip(source_path("tests/models/geniusweb/numbers"));
}

/* Every allocation of a load fails in turn: each run ends in a clean
 * ACCORD_E_NOMEM, or in the model the load gives when nothing fails. */
static void test_allocation_failure(void **state)
{
    (void)state;
    const char *path = source_path("tests/models/geniusweb/numbers");
    accord_model *ref = load_path(path);
    test_alloc_fail_at(-1);
    accord_model_free(load_path(path));
    long total = test_alloc_count();
    for (int sticky = 0; sticky < 2; sticky++)
        for (long k = 0; k <= total; k++) {
            if (sticky)
                test_alloc_fail_from(k);
            else
                test_alloc_fail_at(k);
            accord_diagnostics diag = {0};
            accord_model *m = NULL;
            accord_status rc = accord_model_load(path, NULL, &m, &diag);
            test_alloc_restore();
            if (rc != ACCORD_OK && rc != ACCORD_E_NOMEM)
                fprintf(stderr, "allocation %ld (%s) failed: status %d, %s\n", k, sticky ? "and later" : "alone",
                        rc, diag.count ? diag.items[0].message : "no message");
            accord_diagnostics_clear(&diag);
            if (rc == ACCORD_OK) {
                assert_same_utilities(ref, m);
                accord_model_free(m);
                continue;
            }
            assert_int_equal(rc, ACCORD_E_NOMEM);
            assert_null(m);
        }
    accord_model_free(ref);
    assert_true(total > 20);
}

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/accord-test-geniusweb-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_party),
        cmocka_unit_test(test_single_profile),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_malformed_json),
        cmocka_unit_test(test_profile_missing_issue),
        cmocka_unit_test(test_bad_profiles),
        cmocka_unit_test(test_bad_domains),
        cmocka_unit_test(test_json_place),
        cmocka_unit_test(test_import_roundtrip),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
