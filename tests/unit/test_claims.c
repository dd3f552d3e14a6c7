/* test_claims.c - the claims: loading, and every question's answer, verdict,
 * dependencies and flips on a small model worked out by hand (the values in
 * the comments), with an allocation-failure loop over the whole analysis. */
#include "support.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

/*
 * Agreement: A and B weigh x and y equally (normalised 0.5 each).
 *   A: x a 1, b 0.5, c 0; y p 1, q 0; no deal 0.4; red line x = c.
 *   B: x a 0, b 0.5, c 1; y p 0, q 1; no deal 0.3.
 *   P1 = (b, p): u_A = 0.25 + 0.5 = 0.75; u_B = 0.25 + 0 = 0.25 < 0.3.
 *   P2 = (c, q): A breaks its red line; u_B = 1.
 *   (a, q) gives A 0.5 and B 0.5: an agreement exists; P1 needs both issues
 *   changed ((b,q): u_A 0.25; (a,p): u_B 0; x = c: A's red line).
 * Conflict (bit 0 A.fight, bit 1 B.sanction), priorities:
 *   A: -B.sanction (2), A.fight (1): levels 00:2 10:3 01:0 11:1
 *   B: B.sanction IFF A.fight (2), -A.fight (1): levels 00:3 10:0 01:1 11:2
 *   At 00 A can improve (fight, 10), B answers with sanctions (11), where A
 *   is worse (1 < 2): 00 is stable for A under GMR, SMR and SEQ, not Nash.
 *   With B.sanction frozen A's move goes unanswered: 00 is unstable.
 */
static const char *MODEL =
    "accord: 1\n"
    "sources: {s1: {title: 'A statement'}}\n"
    "parties: [A, B]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [a, b, c]}\n"
    "    - {id: y, options: [p, q]}\n"
    "  proposals:\n"
    "    - {id: P1, terms: {x: b, y: p}}\n"
    "    - {id: P2, terms: {x: c, y: q}}\n"
    "  preferences:\n"
    "    A: {reservation: 0.4, weights: {x: 1, y: 1}, values: {x: {a: 1, b: 0.5, c: 0}, y: {p: 1, q: 0}},\n"
    "        red_lines: [\"x = c\"]}\n"
    "    B: {reservation: {value: [0.2, 0.4], assumption: 'a guess'}, weights: {x: 1, y: 1},\n"
    "        values: {x: {a: 0, b: 0.5, c: 1}, y: {p: 0, q: 1}}}\n"
    "conflict:\n"
    "  options: {A: [fight], B: [sanction]}\n"
    "  status_quo: \"N N\"\n"
    "  named_states: {peace: \"-A.fight & -B.sanction\"}\n"
    "  preferences:\n"
    "    A: {priorities: [\"-B.sanction\", A.fight]}\n"
    "    B: {priorities: [\"B.sanction IFF A.fight\", \"-A.fight\"]}\n"
    "objectives:\n"
    "  A: [{id: keep_a, name: Keep a, when: \"x = a\", source: s1}]\n"
    "  B: [{id: get_q, when: \"y = q\", assumption: 'read so'}]\n"
    "claims:\n"
    "  - {id: acc, asks: acceptability, proposal: P1, question: 'Who accepts?'}\n"
    "  - {id: nd, asks: no_deal, proposal: P1, baseline: P2}\n"
    "  - {id: st, asks: state, state: peace, sequences: {escalation: [A.fight, B.sanction]}}\n"
    "  - {id: sa, asks: sanctions, options: [B.sanction], against: [A], issue: y, proposal: P1}\n"
    "  - {id: ob, asks: objectives, proposal: P1, claim: 'P1 meets nobody'}\n";

static accord_analysis *analyse(accord_model *m)
{
    accord_analysis_options o;
    accord_analysis_options_init(&o);
    o.skip_robust = true;
    accord_analysis *a = NULL;
    assert_int_equal(accord_analysis_compute(m, &o, &a, NULL), ACCORD_OK);
    assert_int_equal(a->n_claims, 5);
    return a;
}

/* The flip whose change contains `needle`, or NULL. */
static const accord_claim_flip *flip_with(const accord_claim_answer *c, const char *needle)
{
    for (size_t k = 0; k < c->n_flips; k++)
        if (strstr(c->flips_if[k].change, needle))
            return &c->flips_if[k];
    return NULL;
}

static void test_load(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    assert_int_equal(m->n_objectives, 2);
    assert_string_equal(m->objectives[0].id, "keep_a");
    assert_int_equal(m->objectives[1].party, 1);
    assert_string_equal(m->objectives[1].name, "get_q");
    assert_int_equal(m->n_claims, 5);
    assert_int_equal(m->claims[0].kind, ACCORD_CLAIM_ACCEPTABILITY);
    assert_int_equal(m->claims[0].proposal, 0);
    assert_int_equal(m->claims[1].baseline, 1);
    assert_int_equal(m->claims[2].named_state, 0);
    assert_int_equal(m->claims[2].n_sequences, 1);
    assert_int_equal(m->claims[2].sequences[0].n_steps, 2);
    assert_int_equal(m->claims[3].n_options, 1);
    assert_int_equal(m->claims[3].against, 1);
    assert_int_equal(m->claims[3].issue, 1);
    accord_model_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *tail, *needle;
    } cases[] = {
        {"claims: [{id: c, asks: guess}]\n", "needs `asks:` one of acceptability"},
        {"claims: [{id: c, asks: state, state: war}]\n", "named_states (\"war\" is not one)"},
        {"claims: [{id: c, asks: acceptability, proposal: P9}]\n", "\"P9\" is not one"},
        {"claims: [{id: c, asks: sanctions, options: [B.sanctoin]}]\n", "did you mean \"B.sanction\""},
        {"objectives: {A: [{id: o, when: \"x = z\"}]}\n", "z"},
        {"objectives: {C: [{id: o, when: \"x = a\"}]}\n", "party \"C\" is not declared"},
        {"objectives: {A: [{id: o, when: \"x = a\", source: nope}]}\n", "source \"nope\" of an objective"},
    };
    const char *head = strstr(MODEL, "objectives:");
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t n = (size_t)(head - MODEL);
        char *text = malloc(n + strlen(cases[k].tail) + 1);
        memcpy(text, MODEL, n);
        strcpy(text + n, cases[k].tail);
        accord_diagnostics diag = {0};
        assert_int_not_equal(load_yaml_expect_error(text, &diag), ACCORD_OK);
        if (diag_find(&diag, cases[k].needle) < 0)
            fail_msg("case %zu: no diagnostic with \"%s\" (first: %s)", k, cases[k].needle,
                     diag.count ? diag.items[0].message : "none");
        assert_true(diag.items[0].line > 0);
        accord_diagnostics_clear(&diag);
        free(text);
    }
}

static void test_acceptability(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_analysis *a = analyse(m);
    const accord_claim_answer *c = &a->claims[0];
    assert_int_equal(c->status, ACCORD_OK);
    assert_string_equal(c->verdict, "P1: rejected by B; some outcome is acceptable to every party");
    assert_non_null(strstr(c->answer, "P1: accepted by A; rejected by B (0.25, below its no-deal value 0.30)"));
    assert_non_null(strstr(c->answer, "P2: accepted by B; rejected by A (red line \"x = c\")"));
    assert_non_null(strstr(c->answer, "The fewest changes to P1 that every party accepts: 2 changes (x = a, y = q)"));
    const accord_claim_flip *f = flip_with(c, "B's no-deal value at most 0.25");
    assert_non_null(f);
    assert_string_equal(f->kind, "reservation");
    assert_string_equal(f->effect, "B accepts P1");
    f = flip_with(c, "A's no-deal value above 0.75");
    assert_non_null(f);
    assert_string_equal(f->effect, "A rejects P1");
    assert_non_null(strstr(f->change, "now 0.40)"));
    /* the no-deal values it rests on, with their provenance */
    assert_int_equal(c->n_depends, 2);
    assert_string_equal(c->depends_on[1].what, "B no-deal value");
    assert_string_equal(c->depends_on[1].value, "0.30 (range 0.20 to 0.40)");
    assert_string_equal(c->depends_on[1].assumption, "a guess");
    accord_analysis_free(a);
    accord_model_free(m);
}

static void test_no_deal(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_analysis *a = analyse(m);
    const accord_claim_answer *c = &a->claims[1];
    assert_string_equal(c->verdict, "P1: better than no deal for A; worse for B");
    /* P1 against no deal: A 0.75 - 0.4, B 0.25 - 0.3; against P2: A 0.75 - 0, B 0.25 - 1 */
    assert_non_null(strstr(c->answer, "P1 against no deal: A +0.35, B -0.05; against P2: A +0.75, B -0.75."));
    const accord_claim_flip *f = flip_with(c, "B's no-deal value at most 0.25");
    assert_non_null(f);
    assert_non_null(strstr(f->change, "inside its assumed range"));
    assert_string_equal(f->effect, "P1 is better for B than no deal");
    accord_analysis_free(a);
    accord_model_free(m);
}

static void test_state(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_analysis *a = analyse(m);
    const accord_claim_answer *c = &a->claims[2];
    assert_string_equal(c->verdict, "stable: some state matching \"peace\" is an equilibrium under GMR, SMR, SEQ");
    assert_non_null(strstr(c->answer, "matches 1 state; equilibria among them: Nash 0, GMR 1, SMR 1, SEQ 1."));
    assert_non_null(strstr(c->answer, "A can improve alone (+A.fight: its priority 2 \"A.fight\"), but the move is "
                                      "sanctioned"));
    /* escalation: A fights (better for A), B sanctions (better for B), and
     * 11 is an equilibrium under every concept */
    assert_non_null(strstr(c->answer, "1. A +A.fight (better for it: priority 2 \"A.fight\"); 2. B +B.sanction "
                                      "(better for it: priority 1 \"B.sanction IFF A.fight\"); it ends in state 4, an "
                                      "equilibrium under Nash, GMR, SMR, SEQ; 0 of 2 steps"));
    /* the six variants that change the verdict (worked out in the header) */
    assert_int_equal(c->n_flips, 6);
    const accord_claim_flip *f = flip_with(c, "B.sanction one-way: once dropped");
    assert_non_null(f);
    assert_string_equal(f->effect, "unstable: no state matching \"peace\" is an equilibrium under any concept");
    f = flip_with(c, "A.fight one-way: once dropped");
    assert_non_null(f);
    assert_non_null(strstr(f->effect, "under Nash, GMR, SMR, SEQ"));
    assert_null(flip_with(c, "A.fight one-way: once taken"));
    assert_null(flip_with(c, "B.sanction one-way: once taken"));
    assert_non_null(flip_with(c, "A drops its priority 1 \"-B.sanction\""));
    assert_non_null(flip_with(c, "A ranks its priority 1 \"-B.sanction\" below \"A.fight\""));
    f = flip_with(c, "A drops its priority 2 \"A.fight\"");
    assert_non_null(f);
    assert_non_null(strstr(f->effect, "under Nash, GMR, SMR, SEQ"));
    f = flip_with(c, "B drops its priority 1");
    assert_non_null(f);
    assert_non_null(strstr(f->effect, "under GMR, SMR"));
    assert_null(strstr(f->effect, "SEQ"));
    accord_analysis_free(a);
    accord_model_free(m);
}

static void test_sanctions(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_analysis *a = analyse(m);
    const accord_claim_answer *c = &a->claims[3];
    /* only A is compared (B holds the option): 00 changes under GMR, SMR, SEQ */
    assert_string_equal(c->verdict, "the threat changes the stability of A in 1 state, the status quo among them "
                                    "(GMR, SMR, SEQ)");
    assert_non_null(strstr(c->answer, "A: 1 state (Nash 0, GMR 1, SMR 1, SEQ 1), including the status quo"));
    /* A's statement about the sanctions at rank 1 (now) and 2: 1 and 0 states */
    assert_non_null(strstr(c->answer, "moved to rank 1, 2, ... of 2: 1, 0 (they are at rank 1 now)"));
    const accord_claim_flip *f = flip_with(c, "A ranks its sanction statements at rank 2 of 2 (now 1)");
    assert_non_null(f);
    assert_string_equal(f->effect, "the threat no longer changes A's stability anywhere");
    /* the agreement: B's weight of y (now 1 of 2) at which B accepts P1:
     * (0.5 + w * 0) / (1 + w) = 0.3, w = 2/3 */
    f = flip_with(c, "B's weight of y");
    assert_null(f); /* B is not sanctioned */
    f = flip_with(c, "A's weight of y");
    assert_null(f); /* A accepts P1 at any weight: no flip */
    assert_non_null(strstr(c->answer, "A accepts P1 at any weight of y."));
    accord_analysis_free(a);
    accord_model_free(m);
}

static void test_sanctions_weight(void **state)
{
    (void)state;
    /* the same model with the sanctions claim against B: B rejects P1 at
     * weight 1 and accepts at most 2/3 */
    const char *from = "against: [A]";
    const char *at = strstr(MODEL, from);
    size_t n = (size_t)(at - MODEL);
    char *text = malloc(strlen(MODEL) + 1);
    memcpy(text, MODEL, n);
    strcpy(text + n, "against: [B]");
    strcat(text, at + strlen(from));
    accord_model *m = load_yaml_string(text);
    free(text);
    accord_analysis *a = analyse(m);
    const accord_claim_answer *c = &a->claims[3];
    const accord_claim_flip *f = flip_with(c, "B's weight of y at most 0.667 (now 1.00, of 2 in all)");
    assert_non_null(f);
    assert_string_equal(f->kind, "weight");
    assert_string_equal(f->effect, "B accepts P1");
    accord_analysis_free(a);
    accord_model_free(m);
}

static void test_objectives(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_analysis *a = analyse(m);
    const accord_claim_answer *c = &a->claims[4];
    assert_string_equal(c->verdict, "P1 meets A 0 of 1; B 0 of 1");
    assert_non_null(strstr(c->answer, "P2 meets A 0 of 1; B 1 of 1 (get_q)."));
    assert_int_equal(c->n_depends, 2);
    assert_string_equal(c->depends_on[0].value, "x = a");
    assert_string_equal(c->depends_on[0].source, "s1");
    assert_string_equal(c->depends_on[1].assumption, "read so");
    assert_int_equal(c->n_flips, 2);
    assert_string_equal(c->flips_if[0].change, "P1 with x = a");
    assert_string_equal(c->flips_if[0].effect, "meets A's objective \"Keep a\"");
    assert_string_equal(c->flips_if[1].change, "P1 with y = q");
    accord_analysis_free(a);
    accord_model_free(m);
}

/* Changing an assumption in the file changes the answer: B's no-deal value
 * at 0.25 makes B accept P1. */
static void test_answer_follows_the_model(void **state)
{
    (void)state;
    const char *from = "reservation: {value: [0.2, 0.4], assumption: 'a guess'}";
    const char *at = strstr(MODEL, from);
    size_t n = (size_t)(at - MODEL);
    char *text = malloc(strlen(MODEL) + 1);
    memcpy(text, MODEL, n);
    strcpy(text + n, "reservation: 0.25");
    strcat(text, at + strlen(from));
    accord_model *m = load_yaml_string(text);
    free(text);
    accord_analysis *a = analyse(m);
    assert_string_equal(a->claims[0].verdict, "P1: accepted by every party; some outcome is acceptable to every party");
    accord_analysis_free(a);
    accord_model_free(m);
}

/* accord check --provenance covers the statements a claim rests on: an
 * objective with neither source nor assumption, a red line's firmness and
 * an option's irreversibility written as bare numbers. */
static void test_provenance(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(
        "accord: 1\n"
        "parties: [A, B]\n"
        "agreement:\n"
        "  issues: [{id: x, options: [a, b]}]\n"
        "  preferences:\n"
        "    A: {weights: {x: {value: 1, assumption: w}}, values: {x: {a: {value: 1, assumption: v}, b: {value: 0, assumption: v}}},\n"
        "        red_lines: [{when: \"x = b\", firmness: 0.5}]}\n"
        "    B: {weights: {x: {value: 1, assumption: w}}, values: {x: {a: {value: 0, assumption: v}, b: {value: 1, assumption: v}}}}\n"
        "conflict:\n"
        "  options: {A: [{go: {irreversible: 0.3}}], B: [stop]}\n"
        "  preferences: {A: {priorities: [A.go]}, B: {priorities: [B.stop]}}\n"
        "objectives: {B: [{id: wants_b, when: \"x = b\"}]}\n");
    accord_unsourced *u = NULL;
    assert_int_equal(accord_provenance_check(m, &u), ACCORD_OK);
    assert_int_equal(u->count, 3);
    assert_string_equal(u->items[0].what, "A firmness of \"x = b\"");
    assert_string_equal(u->items[1].what, "irreversibility of A.go");
    assert_string_equal(u->items[2].what, "B objective wants_b");
    assert_int_equal(u->items[2].loc.line, 12);
    accord_unsourced_free(u);
    accord_model_free(m);
}

/* Every allocation of the analysis and its rendering fails in turn: a clean
 * ACCORD_E_NOMEM or the very output of the run in which nothing fails. */
static void test_allocation_failure(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MODEL);
    accord_analysis_options o;
    accord_analysis_options_init(&o);
    o.skip_robust = true;
    accord_render_options jo = {.format = ACCORD_FORMAT_JSON};
    char *reference = NULL;
    long total = 0;
    for (long k = -1; k < total; k++) {
        test_alloc_fail_at(k);
        accord_analysis *a = NULL;
        char *text = NULL;
        accord_status rc = accord_analysis_compute(m, &o, &a, NULL);
        if (rc == ACCORD_OK)
            rc = accord_analysis_render(m, a, &jo, &text);
        accord_analysis_free(a);
        if (k < 0) {
            assert_int_equal(rc, ACCORD_OK);
            reference = text;
            total = test_alloc_count();
            continue;
        }
        if (rc == ACCORD_OK) {
            if (strcmp(text, reference)) {
                size_t d = 0;
                while (text[d] == reference[d])
                    d++;
                fail_msg("allocation %ld: the output differs at byte %zu: ...%.80s", k, d, text + (d > 40 ? d - 40 : 0));
            }
            accord_free(text);
        } else {
            assert_int_equal(rc, ACCORD_E_NOMEM);
            assert_null(text);
        }
    }
    test_alloc_restore();
    assert_non_null(strstr(reference, "\"claims\""));
    accord_free(reference);
    accord_model_free(m);
}

int main(void)
{
    /* the allocation count must not depend on threads (nor race between them) */
    omp_set_num_threads(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_acceptability),
        cmocka_unit_test(test_no_deal),
        cmocka_unit_test(test_state),
        cmocka_unit_test(test_sanctions),
        cmocka_unit_test(test_sanctions_weight),
        cmocka_unit_test(test_objectives),
        cmocka_unit_test(test_answer_follows_the_model),
        cmocka_unit_test(test_provenance),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
